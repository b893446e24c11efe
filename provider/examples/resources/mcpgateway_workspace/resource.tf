# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_workspace" "example" {
  name        = "example-workspace"
  description = "Managed by Terraform"
  labels      = { team = "platform" }
}
