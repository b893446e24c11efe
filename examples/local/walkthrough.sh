#!/usr/bin/env bash
# The 60-second walkthrough: register an upstream MCP server, issue an API key, call a tool through the
# gateway. Needs a running gateway (npm start) and an upstream MCP server, e.g.:
#   PORT=3001 npx mcp-server-everything streamableHttp
set -euo pipefail
GATEWAY=${GATEWAY:-http://127.0.0.1:8787}
UPSTREAM=${UPSTREAM:-http://127.0.0.1:3001/mcp}
ADMIN_KEY=${ADMIN_KEY:-$(cat .mcp-gateway/admin-key)}

# 1. Register the upstream server; clients will reach it at $GATEWAY/mcp/everything
ANSWER=$(curl -s -w '\n%{http_code}' "$GATEWAY/v1/servers" -H "Authorization: Bearer $ADMIN_KEY" \
  -H 'Content-Type: application/json' -d "{\"name\": \"everything\", \"url\": \"$UPSTREAM\"}")
case "${ANSWER##*$'\n'}" in
  201) echo "${ANSWER%$'\n'*}" ;;
  409) echo 'everything: registered by an earlier run' ;;
  *) echo "${ANSWER%$'\n'*}" >&2; exit 1 ;;
esac

# 2. Issue an API key for alice (a new one each run); the secret is in this response only
KEY=$(curl -s --fail-with-body "$GATEWAY/v1/api-keys" -H "Authorization: Bearer $ADMIN_KEY" \
  -H 'Content-Type: application/json' -d "{\"name\": \"alice-laptop-$(date +%s)\", \"user\": \"alice\"}" |
  node -e 'process.stdin.on("data", (d) => JSON.parse(d).key ? console.log(JSON.parse(d).key) : console.error(`${d}`))')

# 3. Speak MCP through the gateway: initialize, then call the echo tool in that session
MCP=(-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
  -H 'Accept: application/json, text/event-stream')
SESSION=$(curl -s --fail-with-body -D - -o /dev/null "$GATEWAY/mcp/everything" "${MCP[@]}" -d '{"jsonrpc": "2.0", "id": 1,
  "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {},
  "clientInfo": {"name": "curl", "version": "1"}}}' | tr -d '\r' | sed -n 's/^mcp-session-id: //Ip')
curl -s --fail-with-body "$GATEWAY/mcp/everything" "${MCP[@]}" -H "Mcp-Session-Id: $SESSION" \
  -H 'MCP-Protocol-Version: 2025-11-25' -d '{"jsonrpc": "2.0", "method": "notifications/initialized"}'
curl -s --fail-with-body "$GATEWAY/mcp/everything" "${MCP[@]}" -H "Mcp-Session-Id: $SESSION" \
  -H 'MCP-Protocol-Version: 2025-11-25' -d '{"jsonrpc": "2.0", "id": 2, "method": "tools/call",
  "params": {"name": "echo", "arguments": {"message": "hello through the gateway"}}}'
echo
echo "API key for your MCP client: $KEY"
