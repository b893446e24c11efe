# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_team" "example" {
  name        = "example-team"
  description = "Managed by Terraform"
  labels      = { team = "platform" }
}
