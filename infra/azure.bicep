// Trygg on Azure (Teams Toolkit layout: azure.bicep + modules/, parameters in azure.parameters.json).
//   az deployment group create -g <rg> -f infra/azure.bicep -p infra/azure.parameters.json
// Creates: a user-assigned managed identity (the bot's identity and its Cosmos credential), App Service
// (Linux, Node 22 LTS), Azure Bot with the Teams channel, Cosmos DB (serverless, Entra ID only) with the
// database and every container the code uses, data-plane role assignments, Application Insights.
// No credential anywhere: the bot authenticates as the managed identity (BOT_TYPE=UserAssignedMSI). The
// only secrets (the calendar-link signing key, the optional notify secret) live in Key Vault and reach
// the app as Key Vault references.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name, e.g. trygg-kungalv.')
param resourceBaseName string

@description('Azure region of every regional resource. Choose an EU region (e.g. swedencentral) to keep personal data in the EU.')
param location string = resourceGroup().location

@description('Entra tenants whose Teams activities are accepted (comma-separated). Default: this tenant.')
param allowedTenants string = tenant().tenantId

@description('Entra object ids with coordinator rights in every group (comma-separated, for recovery). Optional.')
param adminAadIds string = ''

@description('App Service plan SKU. B1 or larger (VNet integration for the private endpoint needs Basic or above).')
param webAppSku string = 'B1'

@description('Cosmos database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'trygg'

@description('Hardening: put Cosmos DB behind a private endpoint and disable its public network access.')
param enableCosmosPrivateEndpoint bool = false

// No IP restriction of the web app: App Service access restrictions apply to the whole site, so limiting
// it to the AzureBotService service tag would also block people's browsers from the .ics and CSV links the
// bot hands out, and the tag admits every Azure Bot anyway. /api/messages is protected where it can be:
// every request needs a valid Bot Framework token for BOT_ID (else 401) from an ALLOWED_TENANTS tenant.

@maxLength(4)
@description('Appended to the Key Vault\'s name (letters and digits, e.g. 2). Leave empty; set it only when the vault name is still held by a deleted, purge-protected vault (a resource group recreated within 90 days) and you do not recover that vault.')
param keyVaultNameSuffix string = ''

@description('Public https base of the bot (PUBLIC_BASE_URL: calendar and log-export links). Empty = https://<resourceBaseName>-web.azurewebsites.net; set it when you use a custom domain.')
param publicBaseUrl string = ''

@secure()
@description('ICS_SIGNING_SECRET (at least 32 characters), stored in Key Vault. Pass it on the first deployment, e.g. -p icsSigningSecret="$(openssl rand -base64 48)", and again only to rotate it (rotating invalidates calendar links already handed out). Empty keeps the value in the vault.')
param icsSigningSecret string = ''

@description('Turn on POST /api/notify/weekly (an external trigger of the weekly summary). Its NOTIFY_SECRET is read from Key Vault.')
param enableNotifyEndpoint bool = false

@secure()
@description('NOTIFY_SECRET (at least 16 characters) when enableNotifyEndpoint is true; stored in Key Vault. Empty keeps the value in the vault.')
param notifySecret string = ''

@description('Months audit entries are kept (AUDIT_RETENTION_MONTHS). The app may not delete audit entries, so the time-to-live of the append-only containers (case-audit, group-audit, security-log) removes them after this long.')
@minValue(1)
@maxValue(240)
param auditRetentionMonths int = 24

@description('Days of Cosmos continuous backup (point-in-time restore): 7 or 30.')
@allowed([7, 30])
param backupRetentionDays int = 7

// Every container the code uses (src/store/containers.ts): the working containers the app reads and
// writes, and the append-only logs the app may only create and read: `case-audit` (every reveal, refusal
// and change of a case), `group-audit` (registration, settings, membership, links, admin acts) and
// `security-log` (tenant-level: attempts to name a case one may not know of).
// test/packaging/infra.test.ts checks these lists against the code.
var workingContainers = [
  { name: 'groups', partitionKey: '/id' }
  { name: 'members', partitionKey: '/groupId' }
  { name: 'conversations', partitionKey: '/id' }
  { name: 'claims', partitionKey: '/id' }
  { name: 'updates', partitionKey: '/groupId' }
  { name: 'actions', partitionKey: '/groupId' }
  { name: 'promises', partitionKey: '/municipalityKey' }
  { name: 'summaries', partitionKey: '/groupId' }
  { name: 'cases', partitionKey: '/groupId' }
  { name: 'case-meta', partitionKey: '/id' }
  { name: 'meetings', partitionKey: '/groupId' }
  { name: 'group-links', partitionKey: '/steeringGroupId' }
  { name: 'read-models', partitionKey: '/id' }
]
var auditContainers = [
  { name: 'case-audit', partitionKey: '/groupId' }
  { name: 'group-audit', partitionKey: '/groupId' }
  { name: 'security-log', partitionKey: '/tenantId' }
]

var webHostName = '${resourceBaseName}-web.azurewebsites.net'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-id'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { resourceBaseName: resourceBaseName, location: location }
}

module network 'modules/network.bicep' = if (enableCosmosPrivateEndpoint) {
  name: 'network'
  params: { resourceBaseName: resourceBaseName, location: location }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    databaseName: cosmosDatabaseName
    workingContainers: workingContainers
    auditContainers: auditContainers
    auditTtlSeconds: auditRetentionMonths * 31 * 24 * 3600
    principalId: identity.properties.principalId
    backupRetentionDays: backupRetentionDays
    privateEndpointSubnetId: enableCosmosPrivateEndpoint ? network.outputs.privateEndpointSubnetId : ''
    privateDnsZoneId: enableCosmosPrivateEndpoint ? network.outputs.cosmosDnsZoneId : ''
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    principalId: identity.properties.principalId
    nameSuffix: keyVaultNameSuffix
    icsSigningSecret: icsSigningSecret
    notifySecret: notifySecret
  }
}

module web 'modules/web.bicep' = {
  name: 'web'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    sku: webAppSku
    identityId: identity.id
    identityClientId: identity.properties.clientId
    allowedTenants: allowedTenants
    adminAadIds: adminAadIds
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    appInsightsConnectionString: monitoring.outputs.connectionString
    workspaceId: monitoring.outputs.workspaceId
    auditRetentionMonths: auditRetentionMonths
    publicBaseUrl: empty(publicBaseUrl) ? 'https://${webHostName}' : publicBaseUrl
    icsSigningSecretReference: keyVault.outputs.icsSigningSecretReference
    notifySecretReference: enableNotifyEndpoint ? keyVault.outputs.notifySecretReference : ''
    vnetSubnetId: enableCosmosPrivateEndpoint ? network.outputs.webSubnetId : ''
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    resourceBaseName: resourceBaseName
    identityId: identity.id
    identityClientId: identity.properties.clientId
    endpoint: 'https://${web.outputs.hostName}/api/messages'
  }
}

// Outputs named after the env variables (and npm run package inputs) they fill.
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = tenant().tenantId
output BOT_TYPE string = 'UserAssignedMSI'
output BOT_DOMAIN string = web.outputs.hostName
output ALLOWED_TENANTS string = allowedTenants
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmosDatabaseName
output COSMOS_MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output PUBLIC_BASE_URL string = empty(publicBaseUrl) ? 'https://${webHostName}' : publicBaseUrl
output KEY_VAULT_NAME string = keyVault.outputs.vaultName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.resourceId
output APPLICATIONINSIGHTS_RESOURCE_ID string = monitoring.outputs.resourceId
