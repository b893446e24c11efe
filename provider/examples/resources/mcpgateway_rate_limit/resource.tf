# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_rate_limit" "example" {
  name        = "example-rate-limit"
  description = "Managed by Terraform"
  limit       = 1
  window      = "second"
  labels      = { team = "platform" }
}
