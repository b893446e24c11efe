# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.
data "mcpgateway_telemetry_sink" "example" {
  name = mcpgateway_telemetry_sink.example.name
}

output "telemetry_sink_id" {
  value = data.mcpgateway_telemetry_sink.example.id
}
