import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { McpGateway, type McpGatewayProps } from '@mcp-gateway/constructs/cdktf';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

export interface GatewayStackProps {
  region: string;
  /** Local state file; default examples/cdktf/gateway.tfstate (git-ignored), outliving cdktf.out/. */
  statePath?: string;
  gateway?: McpGatewayProps;
}

/** Deploys the MCP gateway: table, functions, REST API with streaming, admin key, schedule, logs. */
export class GatewayStack extends TerraformStack {
  readonly gateway: McpGateway;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id);
    new LocalBackend(this, {
      path: props.statePath ?? join(dirname(fileURLToPath(import.meta.url)), 'gateway.tfstate'),
    });
    new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [{ tags: { project: 'mcp-gateway-example' } }],
    });
    this.gateway = new McpGateway(this, 'mcp', props.gateway);
  }
}

/** Example settings from the environment: region, and a custom domain when both values are given. */
export function propsFromEnvironment(env: NodeJS.ProcessEnv = process.env): GatewayStackProps {
  const domainName = env.MCP_GATEWAY_DOMAIN;
  const certificateArn = env.MCP_GATEWAY_CERTIFICATE_ARN;
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    gateway: {
      name: env.MCP_GATEWAY_NAME ?? 'mcp-gateway',
      stageName: 'prod',
      logRetentionDays: 30,
      healthCheckSchedule: 'rate(1 minute)',
      // what a flood of requests (signed in or not) may take of the account before API Gateway answers 429
      throttling: { rateLimit: 50, burstLimit: 100 },
      ...(domainName ? { customDomain: { domainName, certificateArn: certificateArn ?? '' } } : {}),
    },
  };
}
