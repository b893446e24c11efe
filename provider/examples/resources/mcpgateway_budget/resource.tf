# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_budget" "example" {
  name        = "example-budget"
  description = "Managed by Terraform"
  amount      = 1
  period      = "day"
  labels      = { team = "platform" }
}
