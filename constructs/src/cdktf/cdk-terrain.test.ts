/**
 * CDK Terrain (`cdktn`): the package's `./cdktn` and `./cdktn/config` entries, compiled as the package
 * ships them, synthesize under cdktn exactly what the CDKTF flavour synthesizes under cdktf.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../bundling/bundle.js';
import { buildEntries, cdkTerrainDeclaration } from '../bundling/entries.js';
import type { McpGatewayProps } from '../shared/props.js';
import { fakeCode } from '../testing/fake-code.js';
import { McpgatewayProvider, McpgatewayServer } from './generated/mcpgateway.js';
import { McpGateway } from './mcp-gateway.js';

type Stack = Record<string, unknown>;
// built where node resolves the frameworks (the repository's node_modules), as in a user's project
const outDir = join(repoRoot, 'node_modules/.cache/mcp-gateway-constructs', `cdktn-${process.pid}`);
const code = fakeCode();
const props: McpGatewayProps = {
  code,
  lambdaFunctions: ['reports-mcp'],
  customDomain: {
    domainName: 'mcp.example.com',
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
  },
};

/**
 * The parts of a synthesized stack that describe infrastructure (not the framework's own metadata), with
 * asset hashes masked: each framework hashes an asset folder its own way.
 */
function infrastructure(json: string): Stack {
  const masked = json.replace(/\b[0-9A-F]{32}\b/g, '<asset hash>');
  const { resource, data, output, provider } = JSON.parse(masked) as Stack;
  return { resource, data, output, provider };
}

let terrain: {
  McpGateway: typeof McpGateway;
  Testing: typeof Testing;
  AwsProvider: typeof AwsProvider;
  McpgatewayProvider: typeof McpgatewayProvider;
  McpgatewayServer: typeof McpgatewayServer;
};

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await buildEntries(join(repoRoot, 'constructs'), outDir);
  const load = (file: string) => import(pathToFileURL(join(outDir, file)).href);
  const [entry, config, cdktn, aws] = await Promise.all([
    load('cdktn.js'),
    load('cdktn-config.js'),
    import('cdktn'),
    import('@cdktn/provider-aws/lib/provider/index.js'),
  ]);
  terrain = {
    McpGateway: entry.McpGateway,
    McpgatewayProvider: config.McpgatewayProvider,
    McpgatewayServer: config.McpgatewayServer,
    Testing: cdktn.Testing as unknown as typeof Testing,
    AwsProvider: aws.AwsProvider as unknown as typeof AwsProvider,
  };
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built entry points', () => {
  it('import only the packages the constructs package names as its peers (and Node’s own)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'constructs', 'package.json'), 'utf8')) as {
      peerDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    const declared = new Set([
      ...Object.keys(manifest.peerDependencies ?? {}),
      ...Object.keys(manifest.dependencies ?? {}),
    ]);
    for (const file of [
      'cdktf.js',
      'cdktn.js',
      'pulumi.js',
      'cdktf-config.js',
      'cdktn-config.js',
      'pulumi-config.js',
    ]) {
      const text = readFileSync(join(outDir, file), 'utf8');
      const imported = [
        ...text.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']/gm),
        ...text.matchAll(/^import\s*["']([^"']+)["']/gm),
        ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
      ]
        .map((m) => m[1]!)
        .filter((name) => !name.startsWith('.'));
      const packages = imported
        .filter((name) => !name.startsWith('node:'))
        .map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!));
      expect(
        packages.filter((name) => !declared.has(name)),
        file,
      ).toEqual([]);
    }
  });
});

describe('the CDK Terrain flavour', () => {
  it('imports cdktn and @cdktn/provider-aws, never the CDKTF packages', () => {
    for (const file of ['cdktn.js', 'cdktn-config.js']) {
      const imports = [...readFileSync(join(outDir, file), 'utf8').matchAll(/from\s+"([^"]+)"/g)].map(
        (m) => m[1]!,
      );
      expect(imports.some((i) => i === 'cdktn')).toBe(true);
      expect(imports.filter((i) => i === 'cdktf' || i.startsWith('@cdktf/'))).toEqual([]);
    }
  });

  it('synthesizes the gateway exactly as the CDKTF flavour does', () => {
    const withCdktf = Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
      new McpGateway(scope, 'mcp', props);
    });
    const withCdktn = terrain.Testing.synthScope((scope) => {
      new terrain.AwsProvider(scope, 'aws', { region: 'eu-west-1' });
      new terrain.McpGateway(scope, 'mcp', props);
    });
    const synthesized = infrastructure(withCdktn);
    expect(Object.keys(synthesized.resource as Stack)).toContain('aws_lambda_function');
    expect(synthesized).toEqual(infrastructure(withCdktf));
  });

  it('synthesizes the configuration resources exactly as the CDKTF flavour does', () => {
    const declare =
      (classes: {
        McpgatewayProvider: typeof McpgatewayProvider;
        McpgatewayServer: typeof McpgatewayServer;
      }) =>
      (scope: Parameters<Parameters<typeof Testing.synthScope>[0]>[0]) => {
        new classes.McpgatewayProvider(scope, 'mcpgateway', { endpoint: 'http://127.0.0.1:8787' });
        new classes.McpgatewayServer(scope, 'reports', {
          name: 'reports',
          transport: 'lambda',
          function: 'reports-mcp',
          tools: { deny: ['delete_*'] },
        });
      };
    const withCdktn = infrastructure(terrain.Testing.synthScope(declare(terrain)));
    expect(withCdktn).toEqual(
      infrastructure(Testing.synthScope(declare({ McpgatewayProvider, McpgatewayServer }))),
    );
    expect(Object.values((withCdktn.resource as Record<string, Stack>).mcpgateway_server!)).toEqual([
      expect.objectContaining({ name: 'reports', transport: 'lambda', tools: { deny: ['delete_*'] } }),
    ]);
  });
});

describe('cdkTerrainDeclaration', () => {
  it('renames the framework imports of a declaration file and nothing else', () => {
    const text = [
      "import { TerraformStack } from 'cdktf';",
      'import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";',
      "export declare const x: import('cdktf').TerraformOutput;",
      "import { Construct } from 'constructs';",
      "import { props } from '../shared/props.js';",
      '/** cdktf and @cdktf/provider-aws in prose stay */',
    ].join('\n');
    expect(cdkTerrainDeclaration(text)).toBe(
      [
        "import { TerraformStack } from 'cdktn';",
        'import type { LambdaFunction } from "@cdktn/provider-aws/lib/lambda-function/index.js";',
        "export declare const x: import('cdktn').TerraformOutput;",
        "import { Construct } from 'constructs';",
        "import { props } from '../shared/props.js';",
        '/** cdktf and @cdktf/provider-aws in prose stay */',
      ].join('\n'),
    );
  });
});
