/**
 * The toolkit as a user installs it, proven outside the repository: the runtime and the constructs are
 * packed with `npm pack` and installed into an empty folder from a lockfile (no network, nothing of the
 * repository on the module path, no esbuild), next to the frameworks a user's project has. There the
 * repository's own examples run as they are — the CDKTF app synthesizes, the Pulumi program runs under
 * mocks (both deploying the package's prebuilt Lambda bundles), the Terraform example is applied through
 * the provider mirror that `npm run release` builds — and type-check against the packages' declarations;
 * a CDK Terrain app synthesizes with the `cdktn` flavour; the gateway starts with `npx mcp-gateway` and
 * serves a Lambda function written with the package's own `mcpFunctionHandler`.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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
/** What a user's project depends on itself, beside our packages. */
const FRAMEWORKS = [
  'cdktf',
  '@cdktf/provider-aws',
  'cdktn',
  '@cdktn/provider-aws',
  'constructs',
  '@pulumi/pulumi',
  '@pulumi/aws',
  'typescript',
  '@types/node',
];

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

/** A CDK Terrain app: the same construct and configuration resources, from the package's cdktn flavour. */
const CDKTN_APP = `import { AwsProvider } from '@cdktn/provider-aws/lib/provider/index.js';
import { App, TerraformStack } from 'cdktn';
import { McpGateway } from '@mcp-gateway/constructs/cdktn';
import { McpgatewayProvider, McpgatewayServer } from '@mcp-gateway/constructs/cdktn/config';

const app = new App({ outdir: 'cdktn.out' });
const stack = new TerraformStack(app, 'gateway');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
const gateway = new McpGateway(stack, 'mcp', { lambdaFunctions: ['reports-mcp'] });
new McpgatewayProvider(stack, 'mcpgateway', { endpoint: gateway.stageUrl });
new McpgatewayServer(stack, 'reports', { name: 'reports', transport: 'lambda', function: 'reports-mcp' });
app.synth();

/** Never called: the declarations are real types, so a wrong prop does not compile. */
export function mistyped(scope: TerraformStack) {
  // @ts-expect-error logRetentionDays is a number of days
  return new McpGateway(scope, 'typed', { logRetentionDays: 'forever' });
}
`;

/** Runs a Pulumi program (argv[2]) under Pulumi's mocks (no engine, no cloud) and prints what it declared. */
const PULUMI_MOCKS = `import { pathToFileURL } from 'node:url';
import * as pulumi from '@pulumi/pulumi';

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
      if (args.token === 'aws:secretsmanager/getSecretVersion:getSecretVersion') return { secretString: 'a'.repeat(40) };
      return args.inputs;
    },
  },
  'mcp-gateway-example',
  'dev',
  false,
);
pulumi.runtime.setAllConfig(
  { 'mcp-gateway-example:name': 'acme-mcp', 'mcp-gateway-example:ciApiKey': 'c'.repeat(40) },
  ['mcp-gateway-example:ciApiKey'],
);
const program = await import(pathToFileURL(process.argv[2]).href);
const value = (output) => new Promise((resolve) => output.apply(resolve));
const outputs = {};
for (const name of ['gatewayUrl', 'managementUrl', 'tableName', 'upstreamServerId'])
  outputs[name] = await value(program[name]);
await new Promise((resolve) => setTimeout(resolve, 200));
// the configuration resources register once the outputs they take resolve (serialising each dynamic
// provider can be slow on a busy machine)
const dynamicNames = () => registered.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic')).map((r) => r.name);
for (const until = Date.now() + 20_000; dynamicNames().length < 3 && Date.now() < until; )
  await new Promise((resolve) => setTimeout(resolve, 50));
// an archive's path is a promise in the mocks' inputs
const code = await Promise.all(
  registered.filter((r) => r.type === 'aws:lambda/function:Function').map((r) => r.inputs.code.path),
);
console.log(JSON.stringify({ outputs, code, dynamic: dynamicNames() }));
`;

/** The project's TypeScript build: the examples and the CDK Terrain app, against the packages' types. */
const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    skipLibCheck: true,
    outDir: 'build',
    types: ['node'],
  },
  include: ['cdktf/*.ts', 'pulumi/*.ts', 'cdktn-app.ts'],
};

/** The bundle of one function kind as the installed constructs package ships it. */
const prebuilt = (kind: string) =>
  readFileSync(join(project, 'node_modules/@mcp-gateway/constructs/dist/lambda', kind, 'index.mjs'));

/** The `index.mjs` inside a synthesized stack's archive of the function whose name ends with `-<kind>`. */
function deployedBundle(stackDir: string, kind: string): Buffer | undefined {
  const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const fn = Object.values(stack.resource['aws_lambda_function']!).find((f) =>
    String(f['function_name']).endsWith(`-${kind}`),
  )!;
  return readZip(readFileSync(join(stackDir, String(fn['filename'])))).get('index.mjs')?.data;
}

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
    await installOffline(
      project,
      {
        runtime: join(release, `mcp-gateway-runtime-${RUNTIME_VERSION}.tgz`),
        constructs: join(release, `mcp-gateway-constructs-${RUNTIME_VERSION}.tgz`),
      },
      FRAMEWORKS,
    );
    // the repository's examples as they are, and the project's own files
    for (const example of ['cdktf', 'pulumi', 'terraform'])
      cpSync(join(repoRoot, 'examples', example), join(project, example), {
        recursive: true,
        filter: (path) => !/\.terraform|tfstate|cdktf\.out/.test(path),
      });
    writeFileSync(join(project, 'cdktn-app.ts'), CDKTN_APP);
    writeFileSync(join(project, 'pulumi-mocks.mjs'), PULUMI_MOCKS);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    const compiled = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
      cwd: project,
      timeoutMs: 180_000,
    });
    if (compiled.code !== 0)
      throw new Error(`tsc failed in the project:\n${compiled.stdout}${compiled.stderr}`);
    writeFileSync(join(project, 'hello-function.mjs'), FUNCTION_MODULE);
    // the gateway as a user starts it: npx, from the project folder
    const proc = spawn(
      'npx',
      ['--offline', 'mcp-gateway', '--memory', '--port', '0', '--lambda', 'hello=./hello-function.mjs'],
      {
        cwd: project,
        env: { ...process.env, MCP_GATEWAY_ADMIN_KEY: ADMIN_KEY },
        stdio: ['ignore', 'pipe', 'pipe'],
        // its own process group: stopping npx stops the gateway it started
        detached: true,
      },
    );
    gateway = new Child('npx mcp-gateway', proc, { group: true });
    const match = await gateway.waitFor(/mcp-gateway listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
    gatewayUrl = match[1]!;
  }, 900_000);

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

  it('compiled the examples against the packages, with no esbuild and no tsx installed', () => {
    for (const file of ['cdktf/main.js', 'cdktf/stack.js', 'pulumi/index.js', 'cdktn-app.js'])
      expect(existsSync(join(project, 'build', file)), file).toBe(true);
    const require = createRequire(join(project, 'index.js'));
    for (const name of ['esbuild', 'tsx']) expect(() => require.resolve(name)).toThrow();
    // the constructs resolve to the package; its CDK Terrain entry brings CDK Terrain's declarations
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/@mcp-gateway/constructs/package.json'), 'utf8'),
    ) as { exports: Record<string, { types: string }> };
    const terrainTypes = readFileSync(
      join(
        project,
        'node_modules/@mcp-gateway/constructs',
        manifest.exports['./cdktn']!.types.replace('index.d.ts', 'mcp-gateway.d.ts'),
      ),
      'utf8',
    );
    expect(terrainTypes).toMatch(/from '@cdktn\/provider-aws\//);
    expect(terrainTypes).not.toMatch(/from '(cdktf|@cdktf\/)/);
  });

  it('ships declarations that import only what the packages depend on', () => {
    for (const name of ['constructs', 'runtime']) {
      const home = join(project, 'node_modules/@mcp-gateway', name);
      const manifest = JSON.parse(readFileSync(join(home, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      const allowed = new Set([
        ...Object.keys(manifest['dependencies'] ?? {}),
        ...Object.keys(manifest['peerDependencies'] ?? {}),
      ]);
      const files = readdirSync(join(home, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('.d.ts'),
      );
      expect(files.length, name).toBeGreaterThan(0);
      for (const file of files) {
        const text = readFileSync(join(home, 'dist', file), 'utf8');
        for (const [, specifier] of text.matchAll(/(?:from\s+|import\()['"]([^'"]+)['"]/g)) {
          if (specifier!.startsWith('.') || specifier!.startsWith('node:')) continue;
          const pkg = specifier!
            .split('/')
            .slice(0, specifier!.startsWith('@') ? 2 : 1)
            .join('/');
          expect(allowed.has(pkg), `${name}/dist/${file} imports ${specifier}`).toBe(true);
        }
      }
    }
  });

  it('synthesizes the CDKTF example, deploying the prebuilt bundles', async () => {
    const outdir = join(project, 'cdktf.out');
    const synth = await run(process.execPath, ['build/cdktf/main.js'], {
      cwd: project,
      env: { ...process.env, CDKTF_OUTDIR: outdir, AWS_REGION: 'eu-central-1' },
      timeoutMs: 120_000,
    });
    expect(synth.code, synth.stderr).toBe(0);
    expect(synth.stderr).toContain(`synthesized mcp-gateway, mcp-gateway-config to ${outdir}/stacks`);
    for (const kind of ['gateway', 'management', 'health'])
      expect(deployedBundle(join(outdir, 'stacks/mcp-gateway'), kind)?.equals(prebuilt(kind)), kind).toBe(
        true,
      );
    const config = JSON.parse(
      readFileSync(join(outdir, 'stacks/mcp-gateway-config/cdk.tf.json'), 'utf8'),
    ) as { resource: Record<string, unknown> };
    expect(Object.keys(config.resource).sort()).toEqual([
      'mcpgateway_api_key',
      'mcpgateway_server',
      'mcpgateway_workspace',
    ]);
  });

  it('synthesizes a CDK Terrain app with the cdktn flavour, deploying the prebuilt bundles', async () => {
    const synth = await run(process.execPath, ['build/cdktn-app.js'], { cwd: project, timeoutMs: 120_000 });
    expect(synth.code, synth.stderr).toBe(0);
    const stackDir = join(project, 'cdktn.out/stacks/gateway');
    const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
      terraform: { required_providers: Record<string, { source: string }> };
      '//': { metadata: { version: string } };
    };
    // written by CDK Terrain itself, with its own AWS provider bindings
    expect(stack['//'].metadata.version).toBe(
      JSON.parse(readFileSync(join(project, 'node_modules/cdktn/package.json'), 'utf8')).version,
    );
    expect(stack.terraform.required_providers['aws']?.source).toBe('hashicorp/aws');
    expect(Object.keys(stack.resource['aws_lambda_function']!)).toHaveLength(3);
    expect(Object.keys(stack.resource['mcpgateway_server']!)).toHaveLength(1);
    expect(deployedBundle(stackDir, 'gateway')?.equals(prebuilt('gateway'))).toBe(true);
  });

  it('runs the Pulumi example under mocks, deploying the prebuilt bundles', async () => {
    const ran = await run(process.execPath, ['pulumi-mocks.mjs', join(project, 'build/pulumi/index.js')], {
      cwd: project,
      timeoutMs: 120_000,
    });
    expect(ran.code, ran.stderr).toBe(0);
    const result = JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as {
      outputs: Record<string, string>;
      code: string[];
      dynamic: string[];
    };
    expect(result.outputs).toMatchObject({
      gatewayUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/mcp',
      managementUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1',
      tableName: 'acme-mcp',
    });
    expect(result.code.sort()).toEqual(
      ['gateway', 'health', 'management'].map((kind) =>
        join(project, 'node_modules/@mcp-gateway/constructs/dist/lambda', kind),
      ),
    );
    // the configuration resources of the package's pulumi/config entry
    expect(result.dynamic.sort()).toEqual(['ci', 'platform', 'upstream']);
  });

  it('answers --help through npx', async () => {
    const help = await run('npx', ['--offline', 'mcp-gateway', '--help'], { cwd: project });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mcp-gateway [options]');
  });

  it('applies the Terraform example through the released provider mirror', async () => {
    const aliceSecret = 'packaged-alice-secret-0123456789abcdefghij';
    const ws = terraformWorkspace(
      mirrorConfig(join(work, 'release', 'mirror')),
      { TF_VAR_endpoint: gatewayUrl, TF_VAR_alice_api_key: aliceSecret, MCPGATEWAY_API_KEY: ADMIN_KEY },
      join(project, 'terraform'),
    );
    expect(await ws.ok('init', '-no-color')).toContain(
      `Installing mcp-gateway/mcpgateway v${PROVIDER_VERSION}`,
    );
    expect(await ws.ok('apply', '-auto-approve', '-no-color')).toContain(
      'Apply complete! Resources: 7 added',
    );
    expect(await ws.ok('output', '-raw', 'mcp_url')).toBe(`${gatewayUrl}/mcp/everything`);
    const explained = await admin(() => gatewayUrl, ADMIN_KEY).request('POST', '/v1/access/evaluate', {
      principal: { user: 'ivan' },
      server: 'everything',
      tool: 'delete_repository',
    });
    expect(explained.body).toMatchObject({ decision: 'deny', policy: 'no-intern-deletes' });
    expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
    await ws.ok('destroy', '-auto-approve', '-no-color');
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
