# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_oauth_client" "example" {
  name = mcpgateway_oauth_client.example.name
}

output "oauth_client_id" {
  value = data.mcpgateway_oauth_client.example.id
}
