# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
# Set it with TF_VAR_api_key_secret (32–256 characters); ephemeral, so it is kept in no plan or state.
variable "api_key_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "mcpgateway_api_key" "example" {
  name   = "example-api-key"
  user   = "alice"
  secret = var.api_key_secret
}
