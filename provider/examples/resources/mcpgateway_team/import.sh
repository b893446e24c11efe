terraform import mcpgateway_team.example <id>
terraform import mcpgateway_team.example name=example-team
