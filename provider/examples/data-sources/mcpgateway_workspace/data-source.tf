# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_workspace" "example" {
  name = mcpgateway_workspace.example.name
}

output "workspace_id" {
  value = data.mcpgateway_workspace.example.id
}
