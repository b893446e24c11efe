# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_identity_provider" "example" {
  name = mcpgateway_identity_provider.example.name
}

output "identity_provider_id" {
  value = data.mcpgateway_identity_provider.example.id
}
