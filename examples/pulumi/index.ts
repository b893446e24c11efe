/**
 * `pulumi up` in this folder deploys the gateway and configures it in one stack. Settings (all optional):
 *   pulumi config set name acme-mcp
 *   pulumi config set logRetentionDays 90
 *   pulumi config set domainName mcp.example.com
 *   pulumi config set certificateArn arn:aws:acm:…   (required with domainName)
 *   pulumi config set --secret adminKey …            (otherwise one is generated in Secrets Manager)
 *   pulumi config set upstreamUrl https://…/mcp       (the MCP server to register)
 * and one required secret, the CI agent's API key (32–256 characters, kept encrypted in the stack):
 *   pulumi config set --secret ciApiKey "$(openssl rand -base64 32)"
 */

import { McpGateway } from '@mcp-gateway/constructs/pulumi';
import { ApiKey, Server, Workspace } from '@mcp-gateway/constructs/pulumi/config';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();
const domainName = config.get('domainName');
// a secret in the stack's config stays one: encrypted in the state, masked in the output
const adminKey = config.getSecret('adminKey');

// 1. The deployment: table, functions, REST API with streaming, admin key, schedule, logs.
const gateway = new McpGateway('mcp', {
  name: config.get('name') ?? 'mcp-gateway',
  stageName: config.get('stageName') ?? 'prod',
  logRetentionDays: config.getNumber('logRetentionDays') ?? 30,
  healthCheckSchedule: config.get('healthCheckSchedule') ?? 'rate(1 minute)',
  // what a flood of requests (signed in or not) may take of the account before API Gateway answers 429
  throttling: { rateLimit: 50, burstLimit: 100 },
  ...(adminKey ? { adminKey } : {}),
  ...(domainName ? { customDomain: { domainName, certificateArn: config.get('certificateArn') ?? '' } } : {}),
});

// 2. Its configuration, through the management API of the gateway just deployed.
const connection = {
  endpoint: gateway.stageUrl,
  apiKey: adminKey
    ? adminKey
    : // read once the gateway (its secret's value among it) exists, not as soon as the secret's ARN is known
      aws.secretsmanager.getSecretVersionOutput(
        { secretId: gateway.adminKeySecretArn },
        { dependsOn: [gateway] },
      ).secretString,
};
const after = { dependsOn: [gateway] };
const platform = new Workspace(
  'platform',
  { connection, name: 'platform', description: 'Platform team' },
  after,
);
const upstream = new Server(
  'upstream',
  {
    connection,
    name: 'upstream',
    url: config.get('upstreamUrl') ?? 'https://mcp.example.com/mcp',
    workspace: platform.name,
    timeoutMs: 30_000,
  },
  after,
);
// The key's secret is ours (the gateway stores only its hash); write-only, so a Pulumi secret in the state.
const ci = new ApiKey(
  'ci',
  {
    connection,
    name: 'ci-agent',
    user: 'ci',
    workspace: platform.name,
    secret: config.requireSecret('ciApiKey'),
  },
  after,
);

export const gatewayUrl = gateway.gatewayUrl;
export const managementUrl = gateway.managementUrl;
export const tableName = gateway.tableName;
export const adminKeySecretArn = gateway.adminKeySecretArn;
/** Gateway processes run on the table (service mode) seal with it: their MCP_GATEWAY_VAULT_KMS_KEY. */
export const vaultKmsKeyArn = gateway.vaultKmsKeyArn;
export const upstreamServerId = upstream.id;
export const ciApiKeyPrefix = ci.prefix;
