# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
terraform {
  required_providers {
    mcpgateway = {
      source = "mcp-gateway/mcpgateway"
    }
  }
}

# endpoint and api_key may also come from MCPGATEWAY_ENDPOINT and MCPGATEWAY_API_KEY.
provider "mcpgateway" {
  endpoint = "http://127.0.0.1:8787"
}
