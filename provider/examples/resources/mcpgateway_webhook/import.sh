terraform import mcpgateway_webhook.example <id>
terraform import mcpgateway_webhook.example name=example-webhook
