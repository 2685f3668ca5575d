// Log Analytics workspace and workspace-based Application Insights for the web app's logs and metrics.
param resourceBaseName string
param location string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-ai'
  location: location
  kind: 'web'
  properties: { Application_Type: 'Node.JS', WorkspaceResourceId: workspace.id, DisableLocalAuth: false }
}

output connectionString string = appInsights.properties.ConnectionString
output resourceId string = appInsights.id
output workspaceId string = workspace.id
