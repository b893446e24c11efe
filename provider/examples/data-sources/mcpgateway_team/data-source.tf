# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_team" "example" {
  name = mcpgateway_team.example.name
}

output "team_id" {
  value = data.mcpgateway_team.example.id
}
