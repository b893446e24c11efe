# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_api_key" "example" {
  name = "example-api-key"
  user = "alice"
}

# Returned once, when the object is created.
output "api_key_key" {
  value     = mcpgateway_api_key.example.key
  sensitive = true
}
