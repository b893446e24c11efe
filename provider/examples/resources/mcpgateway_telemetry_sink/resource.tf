# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
resource "mcpgateway_telemetry_sink" "example" {
  name        = "example-telemetry-sink"
  description = "Managed by Terraform"
  endpoint    = "http://127.0.0.1:3001/mcp"
  headers     = { Authorization = "Bearer upstream-token" }
  labels      = { team = "platform" }
}
