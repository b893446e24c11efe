# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_guardrail" "example" {
  name = mcpgateway_guardrail.example.name
}

output "guardrail_id" {
  value = data.mcpgateway_guardrail.example.id
}
