# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
# Set it with TF_VAR_webhook_secret (32–256 characters); ephemeral, so it is kept in no plan or state.
variable "webhook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "mcpgateway_webhook" "example" {
  name        = "example-webhook"
  description = "Managed by Terraform"
  url         = "http://127.0.0.1:3001/mcp"
  secret      = var.webhook_secret
  labels      = { team = "platform" }
}
