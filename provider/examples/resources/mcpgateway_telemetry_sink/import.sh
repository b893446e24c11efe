terraform import mcpgateway_telemetry_sink.example <id>
terraform import mcpgateway_telemetry_sink.example name=example-telemetry-sink
