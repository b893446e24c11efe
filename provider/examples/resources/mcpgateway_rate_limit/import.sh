terraform import mcpgateway_rate_limit.example <id>
terraform import mcpgateway_rate_limit.example name=example-rate-limit
