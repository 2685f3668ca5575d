// Cosmos DB for NoSQL: serverless, Entra ID only (disableLocalAuth: no keys), continuous backup with
// point-in-time restore. The database and containers are created here because an Entra ID data-plane
// client cannot create them. Role assignments: the identity reads and writes the working containers
// (built-in Data Contributor, scoped per container) and may only create and read the audit containers
// (custom role, one assignment per audit container), so the app cannot alter its own audit trails.
param resourceBaseName string
param location string
param databaseName string
param workingContainers array
@description('The append-only containers (case-audit, group-audit, security-log): create and read only, expired by time-to-live.')
param auditContainers array
@description('Time-to-live of audit entries: the app may not delete them, Cosmos expires them.')
param auditTtlSeconds int
param principalId string
param backupRetentionDays int
@description('Subnet for a private endpoint; empty = public endpoint (Entra ID still required).')
param privateEndpointSubnetId string = ''
param privateDnsZoneId string = ''

var privateOnly = !empty(privateEndpointSubnetId)
var auditNames = [for c in auditContainers: c.name]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${resourceBaseName}-cosmos'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: false }]
    capabilities: [{ name: 'EnableServerless' }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: backupRetentionDays == 30 ? 'Continuous30Days' : 'Continuous7Days' }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: { resource: { id: databaseName } }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for c in concat(workingContainers, auditContainers): {
  parent: database
  name: c.name
  properties: {
    resource: {
      id: c.name
      partitionKey: { paths: [c.partitionKey], kind: 'Hash', version: 2 }
      defaultTtl: contains(auditNames, c.name) ? auditTtlSeconds : null
    }
  }
}]

// Built-in "Cosmos DB Built-in Data Contributor": read and write items.
var dataContributor = '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'

resource workingAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [for (c, i) in workingContainers: {
  parent: account
  name: guid(account.id, principalId, c.name, 'contributor')
  properties: {
    roleDefinitionId: dataContributor
    principalId: principalId
    scope: '${account.id}/dbs/${databaseName}/colls/${c.name}'
  }
  dependsOn: [containers]
}]

// Account metadata (needed by the SDK to find containers and partitions), nothing else.
resource metadataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-05-15' = {
  parent: account
  name: guid(account.id, 'trygg-metadata-reader')
  properties: {
    roleName: 'Trygg metadata reader'
    type: 'CustomRole'
    assignableScopes: [account.id]
    permissions: [{ dataActions: ['Microsoft.DocumentDB/databaseAccounts/readMetadata'] }]
  }
}

resource metadataAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: account
  name: guid(account.id, principalId, 'metadata')
  properties: { roleDefinitionId: metadataReader.id, principalId: principalId, scope: account.id }
}

// Audit: create and read only. No replace, upsert or delete: the app cannot rewrite its audit trail.
resource auditWriter 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-05-15' = {
  parent: account
  name: guid(account.id, 'trygg-audit-create-read')
  properties: {
    roleName: 'Trygg audit create and read'
    type: 'CustomRole'
    assignableScopes: [for c in auditContainers: '${account.id}/dbs/${databaseName}/colls/${c.name}']
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery'
        ]
      }
    ]
  }
  dependsOn: [containers]
}

resource auditAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [for c in auditContainers: {
  parent: account
  name: guid(account.id, principalId, c.name, 'audit')
  properties: {
    roleDefinitionId: auditWriter.id
    principalId: principalId
    scope: '${account.id}/dbs/${databaseName}/colls/${c.name}'
  }
}]

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = if (privateOnly) {
  name: '${resourceBaseName}-cosmos-pe'
  location: location
  properties: {
    subnet: { id: privateEndpointSubnetId }
    privateLinkServiceConnections: [{ name: 'cosmos', properties: { privateLinkServiceId: account.id, groupIds: ['Sql'] } }]
  }
}

resource privateDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = if (privateOnly) {
  parent: privateEndpoint
  name: 'default'
  properties: { privateDnsZoneConfigs: [{ name: 'cosmos', properties: { privateDnsZoneId: privateDnsZoneId } }] }
}

output endpoint string = account.properties.documentEndpoint
output accountName string = account.name
