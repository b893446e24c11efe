# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_budget" "example" {
  name = mcpgateway_budget.example.name
}

output "budget_id" {
  value = data.mcpgateway_budget.example.id
}
