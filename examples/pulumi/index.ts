/**
 * `pulumi up` in this folder deploys the gateway. Settings (all optional):
 *   pulumi config set name acme-mcp
 *   pulumi config set logRetentionDays 90
 *   pulumi config set domainName mcp.example.com
 *   pulumi config set certificateArn arn:aws:acm:…   (required with domainName)
 *   pulumi config set --secret adminKey …            (otherwise one is generated)
 */
import * as pulumi from '@pulumi/pulumi';
import { McpGateway } from '../../constructs/src/pulumi/index.js';

const config = new pulumi.Config();
const domainName = config.get('domainName');
const adminKey = config.get('adminKey');

const gateway = new McpGateway('mcp', {
  name: config.get('name') ?? 'mcp-gateway',
  stageName: config.get('stageName') ?? 'prod',
  logRetentionDays: config.getNumber('logRetentionDays') ?? 30,
  healthCheckSchedule: config.get('healthCheckSchedule') ?? 'rate(1 minute)',
  ...(adminKey ? { adminKey } : {}),
  ...(domainName ? { customDomain: { domainName, certificateArn: config.get('certificateArn') ?? '' } } : {}),
});

export const gatewayUrl = gateway.gatewayUrl;
export const managementUrl = gateway.managementUrl;
export const tableName = gateway.tableName;
export const adminKeySecretArn = gateway.adminKeySecretArn;
