# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_identity_provider" "example" {
  name        = "example-identity-provider"
  description = "Managed by Terraform"
  issuer      = "http://127.0.0.1:3001/mcp"
  labels      = { team = "platform" }
}
