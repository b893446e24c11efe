# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_webhook" "example" {
  name = mcpgateway_webhook.example.name
}

output "webhook_id" {
  value = data.mcpgateway_webhook.example.id
}
