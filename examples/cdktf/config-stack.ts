import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DataMcpgatewayServerTools,
  DataMcpgatewayWorkspace,
  McpgatewayApiKey,
  McpgatewayProvider,
  McpgatewayServer,
  McpgatewayWorkspace,
} from '@mcp-gateway/constructs/cdktf/config';
import { Fn, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

export interface ConfigStackProps {
  /** The gateway's base URL (the stage URL on AWS, http://127.0.0.1:8787 locally); else MCPGATEWAY_ENDPOINT. */
  endpoint?: string;
  /** The upstream MCP server to register. */
  upstreamUrl: string;
  /** Local state file; default examples/cdktf/config.tfstate (git-ignored). */
  statePath?: string;
}

/**
 * The gateway's configuration as code, through our Terraform provider: a workspace, an upstream server
 * and an API key for a CI agent. The admin key comes from MCPGATEWAY_API_KEY and the CI agent's key
 * secret from TF_VAR_ci_api_key (an ephemeral variable): neither is in the stack or the Terraform state.
 */
export class ConfigStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ConfigStackProps) {
    super(scope, id);
    // the API key's write-only `secret` fed by an ephemeral variable needs Terraform 1.11: an older one
    // fails at plan, not with this line's plain message at init
    this.addOverride('terraform.required_version', '>= 1.11');
    new LocalBackend(this, {
      path: props.statePath ?? join(dirname(fileURLToPath(import.meta.url)), 'config.tfstate'),
    });
    new McpgatewayProvider(
      this,
      'mcpgateway',
      props.endpoint !== undefined ? { endpoint: props.endpoint } : {},
    );

    const platform = new McpgatewayWorkspace(this, 'platform', {
      name: 'platform',
      description: 'Servers and keys of the platform team',
      labels: { team: 'platform' },
    });
    const everything = new McpgatewayServer(this, 'everything', {
      name: 'everything',
      url: props.upstreamUrl,
      workspace: platform.name,
      description: 'Reference MCP server',
      timeoutMs: 30_000,
      labels: { tier: 'example' },
    });
    // The key's secret is supplied (32–256 characters, e.g. from a secrets manager) and write-only.
    const ciSecret = new TerraformVariable(this, 'ci_api_key', {
      type: 'string',
      sensitive: true,
      description: "Secret of the CI agent's API key; set TF_VAR_ci_api_key.",
    });
    // Ephemeral (CDKTF has no option for it yet): in no plan or state file. Write-only attributes take
    // ephemeral values from Terraform 1.11 on (required above).
    ciSecret.addOverride('ephemeral', true);
    const ci = new McpgatewayApiKey(this, 'ci', {
      name: 'ci-agent',
      user: 'ci',
      workspace: platform.name,
      secret: ciSecret.stringValue,
    });

    // Data sources read objects by id or name (typically ones another stack or team manages).
    const lookedUp = new DataMcpgatewayWorkspace(this, 'platform-lookup', { name: platform.name });
    // A view: the tools the gateway learned from the server (none until it answered a tools/list).
    const tools = new DataMcpgatewayServerTools(this, 'everything-tools', { serverId: everything.id });

    new TerraformOutput(this, 'server_id', { value: everything.id });
    new TerraformOutput(this, 'platform_workspace_id', { value: lookedUp.id });
    new TerraformOutput(this, 'ci_api_key_prefix', { value: ci.prefix });
    new TerraformOutput(this, 'everything_tool_count', { value: Fn.lengthOf(tools.items) });
  }
}
