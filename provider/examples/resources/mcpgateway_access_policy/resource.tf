# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_access_policy" "example" {
  name        = "example-access-policy"
  description = "Managed by Terraform"
  effect      = "allow"
  labels      = { team = "platform" }
}
