# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_rate_limit" "example" {
  name = mcpgateway_rate_limit.example.name
}

output "rate_limit_id" {
  value = data.mcpgateway_rate_limit.example.id
}
