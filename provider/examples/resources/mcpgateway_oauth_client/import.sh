terraform import mcpgateway_oauth_client.example <id>
terraform import mcpgateway_oauth_client.example name=example-oauth-client
