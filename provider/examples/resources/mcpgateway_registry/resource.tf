# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_registry" "example" {
  name        = "example-registry"
  description = "Managed by Terraform"
  url         = "http://127.0.0.1:3001/mcp"
  headers     = { Authorization = "Bearer upstream-token" }
  labels      = { team = "platform" }
}
