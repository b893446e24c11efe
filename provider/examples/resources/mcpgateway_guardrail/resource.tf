# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_guardrail" "example" {
  name        = "example-guardrail"
  description = "Managed by Terraform"
  detectors   = ["email", "aws-access-key"]
  action      = "redact"
  labels      = { team = "platform" }
}
