/**
 * The toolkit as a user installs it, proven outside the repository: the runtime and the constructs are
 * packed with `npm pack` and installed into an empty folder from a lockfile (no network, nothing of the
 * repository on the module path, no esbuild). There a CDKTF app synthesizes and a Pulumi program runs under
 * mocks, both deploying the package's prebuilt Lambda bundles; the gateway starts with `npx mcp-gateway`, is
 * configured with Terraform through the provider mirror that `npm run release` builds, and serves a Lambda
 * function written with the package's own `mcpFunctionHandler`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_VERSION } from '../../provider/src/version.js';
import {
  mirrorConfig,
  removeWorkspaces,
  terraformForTests,
  terraformWorkspace,
} from '../provider/terraform-cli.js';
import { admin, replyTo } from '../support/gateway-api.js';
import { installOffline } from '../support/offline-install.js';
import { Child, repoRoot, run, stopAll } from '../support/processes.js';
import { openSession, sessionPost, toolCallMessage } from '../support/raw-mcp.js';
import { readZip } from '../support/zip.js';

const terraform = terraformForTests('the packaging tests');
const ADMIN_KEY = 'packaged-admin-key-0123456789abcdefghij';
const RUNTIME_VERSION = JSON.parse(readFileSync(join(repoRoot, 'runtime/package.json'), 'utf8'))
  .version as string;

let work: string;
let project: string;
let gateway: Child;
let gatewayUrl: string;

/** A Lambda function of the user's own, written against the installed packages only. */
const FUNCTION_MODULE = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { mcpFunctionHandler } from '@mcp-gateway/runtime/mcp-function';

export const handler = mcpFunctionHandler(() => {
  const server = new McpServer({ name: 'packaged-function', version: '1.0.0' });
  server.registerTool('hello', { inputSchema: {} }, async (_args, extra) => ({
    content: [{ type: 'text', text: \`hello \${extra.requestInfo?.headers?.['x-user-id'] ?? 'nobody'}\` }],
  }));
  return server;
});
`;

/** A CDKTF app of the user's: the deployment and one configuration resource, from the packages. */
const CDKTF_APP = `import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { App, TerraformStack } from 'cdktf';
import { McpGateway } from '@mcp-gateway/constructs/cdktf';
import { McpgatewayProvider, McpgatewayServer } from '@mcp-gateway/constructs/cdktf/config';

const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'gateway');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
const gateway = new McpGateway(stack, 'mcp', { lambdaFunctions: ['reports-mcp'] });
new McpgatewayProvider(stack, 'mcpgateway', { endpoint: gateway.stageUrl });
new McpgatewayServer(stack, 'reports', { name: 'reports', transport: 'lambda', function: 'reports-mcp' });
app.synth();
`;

/** A Pulumi program of the user's, run under Pulumi's mocks (no engine, no cloud). */
const PULUMI_PROGRAM = `import * as pulumi from '@pulumi/pulumi';

const registered = [];
await pulumi.runtime.setMocks(
  {
    newResource(args) {
      const physical = args.inputs.name ?? args.name;
      const state = { ...args.inputs, arn: \`arn:aws:mock:\${args.type}:\${physical}\` };
      if (args.type === 'aws:dynamodb/table:Table')
        state.arn = \`arn:aws:dynamodb:eu-west-1:123456789012:table/\${physical}\`;
      if (args.type === 'aws:lambda/function:Function')
        state.arn = \`arn:aws:lambda:eu-west-1:123456789012:function:\${physical}\`;
      if (args.type === 'aws:apigateway/restApi:RestApi')
        state.executionArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123';
      if (args.type === 'aws:apigateway/stage:Stage')
        state.invokeUrl = \`https://abc123.execute-api.eu-west-1.amazonaws.com/\${args.inputs.stageName}\`;
      registered.push(args);
      return { id: \`\${args.name}-id\`, state };
    },
    call(args) {
      if (args.token === 'aws:secretsmanager/getRandomPassword:getRandomPassword') return { randomPassword: 'p'.repeat(48) };
      return args.inputs;
    },
  },
  'packaged',
  'test',
  false,
);
const { McpGateway } = await import('@mcp-gateway/constructs/pulumi');
const gateway = new McpGateway('gw', { lambdaFunctions: ['reports-mcp'] });
const url = await new Promise((resolve) => gateway.gatewayUrl.apply(resolve));
await new Promise((resolve) => setTimeout(resolve, 200));
// an archive's path is a promise in the mocks' inputs
const code = await Promise.all(
  registered.filter((r) => r.type === 'aws:lambda/function:Function').map((r) => r.inputs.code.path),
);
console.log(JSON.stringify({ url, code }));
`;

describe.skipIf(!terraform.available)('installed from the packed tarballs, outside the repository', () => {
  beforeAll(async () => {
    work = realpathSync(mkdtempSync(join(tmpdir(), 'mcpgw-packaging-')));
    project = join(work, 'project');
    await run('mkdir', ['-p', project]);
    // everything from the release: the npm tarballs and the provider mirror
    const release = join(work, 'release');
    const released = await run(
      process.execPath,
      [join(repoRoot, 'provider/scripts/release.mjs'), '--out', release],
      {
        timeoutMs: 300_000,
      },
    );
    if (released.code !== 0) throw new Error(`release failed:\n${released.stdout}${released.stderr}`);
    const sums = readFileSync(join(release, 'SHA256SUMS'), 'utf8');
    for (const name of ['runtime', 'constructs'])
      expect(sums).toContain(`  mcp-gateway-${name}-${RUNTIME_VERSION}.tgz`);
    await installOffline(project, {
      runtime: join(release, `mcp-gateway-runtime-${RUNTIME_VERSION}.tgz`),
      constructs: join(release, `mcp-gateway-constructs-${RUNTIME_VERSION}.tgz`),
    });
    writeFileSync(join(project, 'hello-function.mjs'), FUNCTION_MODULE);
    // the gateway as a user starts it: npx, from the project folder
    const proc = spawn(
      'npx',
      ['--offline', 'mcp-gateway', '--memory', '--port', '0', '--lambda', 'hello=./hello-function.mjs'],
      {
        cwd: project,
        env: { ...process.env, MCP_GATEWAY_ADMIN_KEY: ADMIN_KEY },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    gateway = new Child('npx mcp-gateway', proc);
    const match = await gateway.waitFor(/mcp-gateway listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
    gatewayUrl = match[1]!;
  }, 600_000);

  afterAll(async () => {
    await gateway?.stop();
    await stopAll();
    removeWorkspaces();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('resolves every package from the project, none from the repository', () => {
    const require = createRequire(join(project, 'index.js'));
    for (const name of ['@mcp-gateway/runtime/package.json', '@modelcontextprotocol/sdk/package.json']) {
      const resolved = require.resolve(name);
      expect(resolved.startsWith(join(project, 'node_modules'))).toBe(true);
      expect(resolved.startsWith(repoRoot)).toBe(false);
    }
    // the library entry points carry their declarations
    const manifest = JSON.parse(readFileSync(require.resolve('@mcp-gateway/runtime/package.json'), 'utf8'));
    expect(manifest.version).toBe(RUNTIME_VERSION);
    for (const entry of ['./mcp-function', './api-types'])
      expect(
        readFileSync(
          join(project, 'node_modules/@mcp-gateway/runtime', manifest.exports[entry].types),
          'utf8',
        ),
      ).toContain('export');
  });

  it('synthesizes a CDKTF app that deploys the prebuilt bundles, with no esbuild installed', async () => {
    writeFileSync(join(project, 'app.mjs'), CDKTF_APP);
    const synth = await run(process.execPath, ['app.mjs'], { cwd: project, timeoutMs: 120_000 });
    expect(synth.code, synth.stderr).toBe(0);
    const stack = JSON.parse(readFileSync(join(project, 'cdktf.out/stacks/gateway/cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    const functions = Object.values(stack.resource['aws_lambda_function']!);
    expect(functions).toHaveLength(3);
    // the configuration resources come from the package too
    expect(Object.keys(stack.resource['mcpgateway_server'] ?? {})).toHaveLength(1);
    // the archive deployed for the gateway function holds the package's own bundle, byte for byte
    const gatewayFn = functions.find((f) => String(f['function_name']).endsWith('-gateway'))!;
    const archive = readZip(
      readFileSync(join(project, 'cdktf.out/stacks/gateway', String(gatewayFn['filename']))),
    );
    const prebuilt = join(project, 'node_modules/@mcp-gateway/constructs/dist/lambda/gateway/index.mjs');
    expect(archive.get('index.mjs')?.data.equals(readFileSync(prebuilt))).toBe(true);
    expect(() => createRequire(join(project, 'index.js')).resolve('esbuild')).toThrow();
  });

  it('runs a Pulumi program under mocks that deploys the prebuilt bundles', async () => {
    writeFileSync(join(project, 'pulumi-program.mjs'), PULUMI_PROGRAM);
    const ran = await run(process.execPath, ['pulumi-program.mjs'], { cwd: project, timeoutMs: 120_000 });
    expect(ran.code, ran.stderr).toBe(0);
    const result = JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as { url: string; code: string[] };
    expect(result.url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/mcp');
    expect(result.code.sort()).toEqual(
      ['gateway', 'health', 'management'].map((kind) =>
        join(project, 'node_modules/@mcp-gateway/constructs/dist/lambda', kind),
      ),
    );
  });

  it('answers --help through npx', async () => {
    const help = await run('npx', ['--offline', 'mcp-gateway', '--help'], { cwd: project });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mcp-gateway [options]');
  });

  it('is configured by our own Terraform configuration through the released provider mirror', async () => {
    const ws = terraformWorkspace(mirrorConfig(join(work, 'release', 'mirror')), {
      MCPGATEWAY_ENDPOINT: gatewayUrl,
      MCPGATEWAY_API_KEY: ADMIN_KEY,
    });
    ws.write(
      'main.tf',
      `
terraform {
  required_providers {
    mcpgateway = {
      source  = "mcp-gateway/mcpgateway"
      version = "${PROVIDER_VERSION}"
    }
  }
}
provider "mcpgateway" {}

resource "mcpgateway_server" "hello" {
  name      = "hello"
  transport = "lambda"
  function  = "hello"
  identity  = { headers = { "X-User-Id" = "user" } }
}
`,
    );
    expect(await ws.ok('init', '-no-color')).toContain(
      `Installing mcp-gateway/mcpgateway v${PROVIDER_VERSION}`,
    );
    await ws.ok('apply', '-auto-approve', '-no-color');
    const api = admin(() => gatewayUrl, ADMIN_KEY);
    const key = await api.createApiKey('packaged', 'pat');
    // the function the project wrote with the package's helper answers through the gateway
    const endpoint = `${gatewayUrl}/mcp/hello`;
    const session = await openSession(endpoint, key);
    const called = await sessionPost(endpoint, key, session, toolCallMessage(2, 'hello'));
    expect(replyTo(called, 2).result).toMatchObject({ content: [{ type: 'text', text: 'hello pat' }] });
    await ws.ok('destroy', '-auto-approve', '-no-color');
  });
});
