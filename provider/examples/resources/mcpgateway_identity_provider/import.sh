terraform import mcpgateway_identity_provider.example <id>
terraform import mcpgateway_identity_provider.example name=example-identity-provider
