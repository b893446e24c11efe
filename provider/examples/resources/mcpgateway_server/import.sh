terraform import mcpgateway_server.example <id>
terraform import mcpgateway_server.example name=example-server
