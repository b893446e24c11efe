terraform import mcpgateway_workspace.example <id>
terraform import mcpgateway_workspace.example name=example-workspace
