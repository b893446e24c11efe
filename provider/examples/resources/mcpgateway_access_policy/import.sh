terraform import mcpgateway_access_policy.example <id>
terraform import mcpgateway_access_policy.example name=example-access-policy
