terraform import mcpgateway_guardrail.example <id>
terraform import mcpgateway_guardrail.example name=example-guardrail
