# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_server" "example" {
  name = mcpgateway_server.example.name
}

output "server_id" {
  value = data.mcpgateway_server.example.id
}
