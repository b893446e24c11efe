# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_api_key" "example" {
  name = mcpgateway_api_key.example.name
}

output "api_key_id" {
  value = data.mcpgateway_api_key.example.id
}
