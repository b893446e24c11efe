# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_registry" "example" {
  name = mcpgateway_registry.example.name
}

output "registry_id" {
  value = data.mcpgateway_registry.example.id
}
