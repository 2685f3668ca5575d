// Key Vault (RBAC) holding Trygg's secrets; the identity may read them (Key Vault Secrets User) and the
// web app reads them through Key Vault references, so no secret value is ever an app setting.
param resourceBaseName string
param location string
param principalId string
@description('Appended to the vault name when the default name is still held by a deleted, purge-protected vault.')
param nameSuffix string = ''
@secure()
@description('ICS_SIGNING_SECRET; empty = keep the secret already in the vault.')
param icsSigningSecret string
@secure()
@description('NOTIFY_SECRET; empty = keep (or do not create) the secret.')
param notifySecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // Key Vault names are global and a deleted vault keeps its name for 90 days (purge protection stays on,
  // so it cannot be purged): 10 + 2 + 8 + up to 4 characters of nameSuffix = at most 24.
  name: '${take(replace(resourceBaseName, '-', ''), 10)}kv${take(uniqueString(resourceGroup().id), 8)}${nameSuffix}'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, principalId, secretsUserRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource icsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(icsSigningSecret)) {
  parent: vault
  name: 'ics-signing-secret'
  properties: { value: icsSigningSecret, contentType: 'ICS_SIGNING_SECRET' }
}

resource notify 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(notifySecret)) {
  parent: vault
  name: 'notify-secret'
  properties: { value: notifySecret, contentType: 'NOTIFY_SECRET' }
}

// Versionless references: App Service picks up a rotated secret within 24 hours or on restart.
output icsSigningSecretReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=ics-signing-secret)'
output notifySecretReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=notify-secret)'
output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
