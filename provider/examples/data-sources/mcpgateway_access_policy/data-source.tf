# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_access_policy" "example" {
  name = mcpgateway_access_policy.example.name
}

output "access_policy_id" {
  value = data.mcpgateway_access_policy.example.id
}
