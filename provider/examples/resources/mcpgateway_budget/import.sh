terraform import mcpgateway_budget.example <id>
terraform import mcpgateway_budget.example name=example-budget
