# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
# Set it with TF_VAR_oauth_client_secret (32–256 characters); ephemeral, so it is kept in no plan or state.
variable "oauth_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "mcpgateway_oauth_client" "example" {
  name        = "example-oauth-client"
  description = "Managed by Terraform"
  secret      = var.oauth_client_secret
  labels      = { team = "platform" }
}
