# Registers upstream MCP servers and client API keys with a local gateway (npm start).
# Run: see README.md. The gateway's admin key comes from MCPGATEWAY_API_KEY.
terraform {
  required_version = ">= 1.11"
  required_providers {
    mcpgateway = {
      source  = "mcp-gateway/mcpgateway"
      version = "~> 0.1"
    }
  }
}

variable "endpoint" {
  description = "The gateway's base URL."
  type        = string
  default     = "http://127.0.0.1:8787"
}

variable "everything_url" {
  description = "Streamable HTTP endpoint of the upstream MCP server to register."
  type        = string
  default     = "http://127.0.0.1:3001/mcp"
}

variable "upstream_token" {
  description = "Credential the gateway sends upstream; ephemeral, so it never lands in plan or state."
  type        = string
  default     = "change-me"
  sensitive   = true
  ephemeral   = true
}

variable "alice_api_key" {
  description = "Secret of Alice's API key (32 to 256 characters, e.g. openssl rand -base64 32). Ephemeral: it never lands in plan or state; the gateway keeps only its hash."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# api_key: from MCPGATEWAY_API_KEY.
provider "mcpgateway" {
  endpoint = var.endpoint
}

resource "mcpgateway_workspace" "platform" {
  name        = "platform"
  description = "Servers and keys of the platform team"
  labels      = { owner = "platform-team" }
}

resource "mcpgateway_server" "everything" {
  name        = "everything"
  url         = var.everything_url
  workspace   = mcpgateway_workspace.platform.name
  description = "The MCP reference server"
  timeout_ms  = 30000

  # Write-only: sent to the gateway, never stored in state. Bump headers_version to send a new value,
  # and with any change of url (stored headers never follow to a new address).
  headers         = { Authorization = "Bearer ${var.upstream_token}" }
  headers_version = "1"

  labels = { team = "platform" }
}

resource "mcpgateway_server" "legacy" {
  name      = "everything-sse"
  url       = "http://127.0.0.1:3002/sse"
  transport = "sse"
  workspace = mcpgateway_workspace.platform.name
  enabled   = false
}

resource "mcpgateway_api_key" "alice" {
  name      = "alice-laptop"
  user      = "alice"
  workspace = mcpgateway_workspace.platform.name

  # Write-only: Alice's MCP client sends it as "Authorization: Bearer <secret>". A new secret is a new
  # key: change secret_version along with it, and Terraform replaces the key.
  secret         = var.alice_api_key
  secret_version = "1"
}

resource "mcpgateway_team" "interns" {
  name      = "interns"
  workspace = mcpgateway_workspace.platform.name
  members   = ["ivan"]
  # Also everyone whose identity provider puts "interns" in their groups claim.
  claim  = "groups"
  values = ["interns"]
}

# Can the intern's agent call delete_repository? No: a matching deny always wins.
resource "mcpgateway_access_policy" "no_intern_deletes" {
  name      = "no-intern-deletes"
  workspace = mcpgateway_workspace.platform.name
  effect    = "deny"
  servers   = [mcpgateway_server.everything.name]
  tools     = ["delete_*", "get-env"]
  subjects  = { teams = [mcpgateway_team.interns.name] }
}

# Writes only below /tmp/, decided on the arguments each call actually sends.
resource "mcpgateway_access_policy" "tmp_writes" {
  name      = "tmp-writes"
  workspace = mcpgateway_workspace.platform.name
  effect    = "allow"
  tools     = ["write_file"]
  condition = "mcp.tool.arguments.path.startsWith(\"/tmp/\")"
}

data "mcpgateway_workspace" "default" {
  name = "default"
}

output "mcp_url" {
  value = "${var.endpoint}/mcp/${mcpgateway_server.everything.name}"
}

output "default_workspace_id" {
  value = data.mcpgateway_workspace.default.id
}

output "alice_api_key_prefix" {
  description = "The first characters of Alice's key, to recognise it in the gateway's lists."
  value       = mcpgateway_api_key.alice.prefix
}
