terraform import mcpgateway_api_key.example <id>
terraform import mcpgateway_api_key.example name=example-api-key
