import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules, createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionKinds } from '../shared/props.js';
import {
  bundleFile,
  entryPoints,
  esbuildOptions,
  lambdaCredentialsModule,
  repoRoot,
  scripts,
} from './bundle.js';
import {
  type BundleReport,
  formatReport,
  GATEWAY_TARGETS,
  lambdaLoadEnvironment,
  measureBundles,
} from './measure.js';

const run = promisify(execFile);

/** Bundles above this size would hurt cold starts; today they are well below. */
const maxBundleBytes = 3 * 1024 * 1024;

describe('Lambda bundles', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'mcp-gateway-bundles-'));
  let report: BundleReport;

  beforeAll(() => {
    report = measureBundles({ outDir, loads: 1 }); // a check that each loads; `npm run bench:bundles` times them
    console.info(formatReport(report));
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('targets nodejs22.x as minified ESM with source maps', () => {
    expect(esbuildOptions('in.ts', 'out')).toMatchObject({
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      bundle: true,
      sourcemap: 'linked',
      outdir: 'out',
      entryNames: 'index',
      splitting: true,
    });
  });

  it('picks the ES modules of the AWS SDK and leaves its credential chain for non-Lambda hosts out', () => {
    const { metafile } = buildSync({
      ...esbuildOptions(entryPoints.gateway, join(outDir, 'gateway-sdk-meta')),
      sourcemap: false,
      metafile: true,
      write: false,
    });
    const packages = new Set(
      Object.keys(metafile?.inputs ?? {}).flatMap((path) => {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(dist-[a-z]+)?/.exec(path);
        return match ? [`${match[1]}${match[2] ? ` ${match[2]}` : ''}`] : [];
      }),
    );
    // CommonJS builds cannot be tree-shaken: the `module` condition must select the ES ones
    expect([...packages].filter((p) => /^@(aws-sdk|smithy)\/.* dist-cjs$/.test(p))).toEqual([]);
    expect(packages).toContain('@smithy/core dist-es');
    const chainOnly = [
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/credential-provider-process',
      '@aws-sdk/credential-provider-web-identity',
      '@aws-sdk/credential-provider-login',
      '@aws-sdk/nested-clients',
      '@aws-sdk/token-providers',
      '@smithy/credential-provider-imds',
      // the store marshals attribute values itself (runtime/src/store/attributes.ts)
      '@aws-sdk/lib-dynamodb',
      '@aws-sdk/util-dynamodb',
    ];
    expect([...packages].filter((p) => chainOnly.includes(p.split(' ')[0] as string))).toEqual([]);
    expect(packages).toContain('@aws-sdk/credential-provider-env dist-es');
  });

  it('builds the Lambda credential chain from the providers the SDK itself resolves', () => {
    // lambda-credentials.ts imports these through the workspace's node_modules; they must be the very
    // copies the SDK's own default chain would use, so the two never drift apart in version
    const fromSdk = createRequire(
      createRequire(import.meta.url).resolve('@aws-sdk/credential-provider-node'),
    );
    const fromShim = createRequire(lambdaCredentialsModule);
    for (const dependency of [
      '@aws-sdk/credential-provider-env',
      '@aws-sdk/credential-provider-http',
      '@smithy/core/config',
    ]) {
      expect(fromShim.resolve(dependency), dependency).toBe(fromSdk.resolve(dependency));
    }
  });

  it('builds an entry and its chunks with source maps per handler, inlining every package', () => {
    for (const kind of functionKinds) {
      const files = scripts(join(outDir, kind));
      expect(files, kind).toContain(bundleFile);
      for (const name of files) {
        const file = join(outDir, kind, name);
        expect(existsSync(`${file}.map`), name).toBe(true);
        const text = readFileSync(file, 'utf8');
        expect(
          text.trimEnd().endsWith(`//# sourceMappingURL=${basename(name)}.map`),
          `${kind}/${name} links its source map`,
        ).toBe(true);
        // import statements and dynamic imports (after `;`, `(`, `,` or a line start): string literals
        // inside the code may read like one
        const imports = [
          ...text.matchAll(/(?:^|[;(,])\s*import\s*(?:[\w$*{}\s,]*?\bfrom\s*|\(\s*)?["']([^"']+)["']/gm),
          ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
        ].map((m) => m[1]!);
        for (const specifier of imports) {
          const builtin = specifier.startsWith('node:') || builtinModules.includes(specifier);
          // a chunk of the same bundle, nothing outside it
          const chunk =
            specifier.startsWith('.') &&
            files.includes(relative(join(outDir, kind), resolve(dirname(file), specifier)));
          expect(builtin || chunk, `${kind}/${name} imports ${specifier}`).toBe(true);
        }
      }
    }
  });

  it('leaves what a deployment may never use to chunks loaded on first use', () => {
    const gateway = report.bundles.find((b) => b.kind === 'gateway')!;
    expect(gateway.totalBytes).toBeGreaterThan(gateway.bytes);
    // the size is a property of the build, not of the machine: a cold start of the data plane stays in budget
    expect(gateway.bytes).toBeLessThanOrEqual(GATEWAY_TARGETS.bytes);
    expect(formatReport(report)).toMatch(/gateway targets: cold start loads \d+ KB \(<= 600 KB met\)/);
    const { metafile } = buildSync({
      ...esbuildOptions(entryPoints.gateway, join(outDir, 'gateway-lazy-meta')),
      sourcemap: false,
      metafile: true,
      write: false,
    });
    const outputs = metafile?.outputs ?? {};
    const entry = Object.keys(outputs).find(
      (path) => resolve(path) === resolve(outDir, 'gateway-lazy-meta', bundleFile),
    )!;
    const atStart = new Set<string>();
    const visit = (path: string) => {
      if (atStart.has(path)) return;
      atStart.add(path);
      for (const imported of outputs[path]?.imports ?? [])
        if (imported.kind === 'import-statement') visit(imported.path);
    };
    visit(entry);
    const loaded = [...atStart].flatMap((path) => Object.keys(outputs[path]?.inputs ?? {}));
    for (const lazy of [
      /node_modules\/yaml\//,
      /node_modules\/@opentelemetry\/sdk-trace-base\//,
      /node_modules\/@opentelemetry\/sdk-metrics\//,
      /node_modules\/@aws-sdk\/client-lambda\//,
      /node_modules\/@aws-sdk\/client-kms\//,
      /node_modules\/@marcbachmann\/cel-js\//,
      /node_modules\/jose\/dist\/webapi\/jwt\/(verify|sign)\.js/,
      /node_modules\/undici\/lib\/web\/fetch\//,
      /runtime\/src\/broker\/(routes|server|interactive|register)\.ts/,
      /runtime\/src\/vault\/upstream-oauth\.ts/,
      /runtime\/src\/policies\/access\/(fallback|rules)\.ts/,
      /runtime\/src\/policies\/budget\/(index|meter)\.ts/,
      /runtime\/src\/mcp\/virtual\.ts/,
      /runtime\/src\/mcp\/upstream\/(legacy-sse|openapi|lambda)\.ts/,
      /runtime\/src\/policies\/guardrails\/(index|scan|detectors|webhook)\.ts/,
    ])
      expect(
        loaded.filter((path) => lazy.test(path)),
        String(lazy),
      ).toEqual([]);
  });

  it('evaluates every chunk, those loaded on first use included, in a fresh process', async () => {
    for (const kind of functionKinds) {
      const chunks = scripts(join(outDir, kind)).filter((name) => name !== bundleFile);
      expect(chunks.length, kind).toBeGreaterThan(0);
      const imports = chunks.map((name) => `await import(${JSON.stringify(`./${name}`)});`).join('\n');
      // a chunk that could not run in Node (no `require` for a CommonJS dependency, a missing module)
      // would fail only when a deployment first uses what it holds
      await run(process.execPath, ['--input-type=module', '-e', imports], {
        cwd: join(outDir, kind),
        env: { PATH: process.env.PATH ?? '', ...lambdaLoadEnvironment },
      });
    }
  });

  it('loads every handler module in a fresh process with the Lambda environment', () => {
    for (const bundle of report.bundles) {
      expect(bundle.handlerType, bundle.kind).toBe('function');
      expect(bundle.bytes, bundle.kind).toBeLessThan(maxBundleBytes);
    }
    expect(report.bundles.map((b) => b.kind)).toEqual([...functionKinds]);
  });

  it('bundled, undici still speaks HTTP without its plain-WebAssembly parser and its FormData code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-gateway-undici-'));
    try {
      const entry = join(dir, 'entry.ts');
      const guarded = join(repoRoot, 'runtime', 'src', 'core', 'guarded-http.ts');
      writeFileSync(
        entry,
        [
          `import { createGuardedHttpClient } from ${JSON.stringify(guarded)};`,
          'const client = createGuardedHttpClient({ allowLoopback: true, allowPrivate: false });',
          'const response = await client.request({ method: "POST", url: process.argv[2], headers: {}, body: "sent", signal: AbortSignal.timeout(5000) });',
          'let text = "";',
          'for await (const chunk of response.body) text += Buffer.from(chunk).toString();',
          'console.log(response.status, text);',
          'await client.close();',
        ].join('\n'),
      );
      buildSync(esbuildOptions(entry, join(dir, 'out')));
      const outfile = join(dir, 'out', bundleFile);
      // one WebAssembly module (`\0asm`, base64 `AGFzbQ`) inlined, not two
      const text = readFileSync(outfile, 'utf8');
      expect(text.split('AGFzbQ').length - 1).toBe(1);
      // the FormData body encoder stays out (no request of the gateway has such a body)
      expect(text).not.toContain('multipart/form-data; boundary=');
      const server = createServer(async (request, response) => {
        let sent = '';
        for await (const chunk of request) sent += chunk;
        response.end(`parsed ${sent}`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const { stdout } = await run(process.execPath, [outfile, `http://127.0.0.1:${port}/`]);
        expect(stdout.trim()).toBe('200 parsed sent');
      } finally {
        server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps request validation (ajv, the management service) out of the data-plane bundle', () => {
    // the scheduled function writes configuration (registry syncs import servers) and validates it like the
    // management API does; the data plane never writes configuration
    for (const kind of ['gateway'] as const) {
      const { metafile } = buildSync({
        ...esbuildOptions(entryPoints[kind], join(outDir, `${kind}-meta`)),
        sourcemap: false,
        metafile: true,
        write: false,
      });
      const inputs = Object.keys(metafile?.inputs ?? {});
      expect(inputs.length, kind).toBeGreaterThan(0);
      const validation = inputs.filter(
        (path) =>
          /node_modules\/(ajv|ajv-formats|fast-uri)\//.test(path) ||
          /runtime\/src\/management\/(service|validation|resources)\.ts$/.test(path),
      );
      expect(validation, `${kind} bundles request validation`).toEqual([]);
    }
  });
});
