# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_server" "example" {
  name        = "example-server"
  url         = "http://127.0.0.1:3001/mcp"
  description = "Managed by Terraform"
  headers     = { Authorization = "Bearer upstream-token" }
  labels      = { team = "platform" }
}
