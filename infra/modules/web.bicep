// App Service plan and Linux web app on Node 22 LTS running the bot as the user-assigned identity.
// App settings carry every variable src/config.ts needs in production; secrets only as Key Vault references.
param resourceBaseName string
param location string
param sku string
param identityId string
param identityClientId string
param allowedTenants string
param adminAadIds string
param cosmosEndpoint string
param cosmosDatabaseName string
param appInsightsConnectionString string
@description('Log Analytics workspace receiving the app\'s console and HTTP logs.')
param workspaceId string
@description('AUDIT_RETENTION_MONTHS; the same value sets the audit container\'s time-to-live.')
param auditRetentionMonths int
@description('PUBLIC_BASE_URL: https base of calendar and log-export links.')
param publicBaseUrl string
@description('Key Vault reference of ICS_SIGNING_SECRET (never the value).')
param icsSigningSecretReference string
@description('Key Vault reference of NOTIFY_SECRET; empty = the notify endpoint stays off.')
param notifySecretReference string = ''
@description('Subnet for VNet integration (needed to reach a private Cosmos endpoint); empty = none.')
param vnetSubnetId string = ''

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: sku }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${resourceBaseName}-web'
  location: location
  kind: 'app,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(vnetSubnetId) ? null : vnetSubnetId
    vnetRouteAllEnabled: !empty(vnetSubnetId)
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // As `npm start` (see package.json's "//" note): silence only DEP0111, which restify's spdy
      // dependency triggers at load time, so the log stays free of noise. The bundle test runs exactly this line.
      appCommandLine: 'node --disable-warning=DEP0111 dist/src/index.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      http20Enabled: true
      minTlsVersion: '1.2'
      healthCheckPath: '/healthz'
      // Open to everyone on purpose (see azure.bicep): people fetch .ics and CSV links here; the bot
      // endpoint itself demands a Bot Framework token.
      ipSecurityRestrictionsDefaultAction: 'Allow'
      scmIpSecurityRestrictionsUseMain: false
      appSettings: concat([
        { name: 'NODE_ENV', value: 'production' }
        // App Service forwards to the container's PORT on every interface; the app's own default is loopback.
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'LOG_LEVEL', value: 'info' }
        { name: 'BOT_ID', value: identityClientId }
        { name: 'BOT_TENANT_ID', value: tenant().tenantId }
        { name: 'BOT_TYPE', value: 'UserAssignedMSI' }
        { name: 'ALLOWED_TENANTS', value: allowedTenants }
        { name: 'ADMIN_AAD_IDS', value: adminAadIds }
        { name: 'COSMOS_ENDPOINT', value: cosmosEndpoint }
        { name: 'COSMOS_DATABASE', value: cosmosDatabaseName }
        { name: 'COSMOS_MANAGED_IDENTITY_CLIENT_ID', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' }
        { name: 'AUDIT_RETENTION_MONTHS', value: string(auditRetentionMonths) }
        { name: 'PUBLIC_BASE_URL', value: publicBaseUrl }
        { name: 'ICS_SIGNING_SECRET', value: icsSigningSecretReference }
      ], empty(notifySecretReference) ? [] : [
        { name: 'NOTIFY_SECRET', value: notifySecretReference }
      ])
    }
  }
}

// stdout (pino JSON lines) and HTTP logs into Log Analytics, for queries and alerts.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: web
  name: 'logs'
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

output hostName string = web.properties.defaultHostName
output resourceId string = web.id
