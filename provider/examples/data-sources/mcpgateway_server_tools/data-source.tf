# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_server_tools" "example" {
  server_id = mcpgateway_server.example.id
}

output "server_tools" {
  value = data.mcpgateway_server_tools.example.items
}
