/**
 * The CDKTF app (see cdktf.json). `npm run synth` writes two Terraform JSON stacks to cdktf.out/:
 *   mcp-gateway         the AWS deployment (apply it first);
 *   mcp-gateway-config  the gateway's configuration through our provider, against MCPGATEWAY_ENDPOINT
 *                       when set (e.g. a local gateway), else the deployed stage URL.
 * Apply each with `cd cdktf.out/stacks/<stack> && terraform init && terraform apply`.
 */
import { App } from 'cdktf';
import { ConfigStack } from './config-stack.js';
import { GatewayStack, propsFromEnvironment } from './stack.js';

const app = new App();
process.stderr.write('building the stacks…\n');
const deployment = new GatewayStack(app, 'mcp-gateway', propsFromEnvironment());
const localEndpoint = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(
  process.env.MCPGATEWAY_ENDPOINT ?? '',
);
if (process.env.MCP_UPSTREAM_URL === undefined && !localEndpoint)
  // the deployed functions never reach a loopback address: the example server is one of this machine's
  process.stderr.write(
    "note: MCP_UPSTREAM_URL is not set; the config stack registers http://127.0.0.1:3001/mcp, which a gateway on AWS cannot reach: set it to your MCP server's URL\n",
  );
new ConfigStack(app, 'mcp-gateway-config', {
  endpoint: process.env.MCPGATEWAY_ENDPOINT ?? deployment.gateway.stageUrl,
  upstreamUrl: process.env.MCP_UPSTREAM_URL ?? 'http://127.0.0.1:3001/mcp',
});
app.synth();
process.stderr.write(
  `synthesized ${app.node.children.map((stack) => stack.node.id).join(', ')} to ${app.outdir}/stacks\n`,
);
