// Optional hardening: a VNet with a subnet for the web app's VNet integration and one for the Cosmos
// private endpoint, and the private DNS zone that resolves the account to its private address.
param resourceBaseName string
param location string

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: '${resourceBaseName}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: ['10.40.0.0/24'] }
    subnets: [
      {
        name: 'web'
        properties: {
          addressPrefix: '10.40.0.0/26'
          delegations: [{ name: 'web', properties: { serviceName: 'Microsoft.Web/serverFarms' } }]
        }
      }
      { name: 'private-endpoints', properties: { addressPrefix: '10.40.0.64/26', privateEndpointNetworkPolicies: 'Disabled' } }
    ]
  }
}

resource cosmosDns 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.documents.azure.com'
  location: 'global'
}

resource dnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: cosmosDns
  name: '${resourceBaseName}-link'
  location: 'global'
  properties: { registrationEnabled: false, virtualNetwork: { id: vnet.id } }
}

output webSubnetId string = vnet.properties.subnets[0].id
output privateEndpointSubnetId string = vnet.properties.subnets[1].id
output cosmosDnsZoneId string = cosmosDns.id
