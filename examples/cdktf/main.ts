/**
 * The CDKTF app (see cdktf.json): `npm run synth` writes the Terraform JSON stack to cdktf.out/,
 * then `cd cdktf.out/stacks/mcp-gateway && terraform init && terraform apply` deploys it.
 */
import { App } from 'cdktf';
import { GatewayStack, propsFromEnvironment } from './stack.js';

const app = new App();
new GatewayStack(app, 'mcp-gateway', propsFromEnvironment());
app.synth();
