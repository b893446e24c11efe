terraform import mcpgateway_registry.example <id>
terraform import mcpgateway_registry.example name=example-registry
