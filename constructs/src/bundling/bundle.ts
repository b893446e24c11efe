import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';
import { type FunctionCode, type FunctionKind, functionKinds } from '../shared/props.js';

/** The repository root (this file lives in constructs/src/bundling/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The runtime's Lambda entry modules, each exporting `handler`. */
export const entryPoints: Record<FunctionKind, string> = {
  gateway: join(repoRoot, 'runtime', 'src', 'lambda', 'gateway.ts'),
  management: join(repoRoot, 'runtime', 'src', 'lambda', 'management.ts'),
  health: join(repoRoot, 'runtime', 'src', 'lambda', 'health.ts'),
};

/** Where bundles go unless told otherwise: `MCP_GATEWAY_BUNDLE_DIR`, else constructs/dist/bundles (git-ignored). */
export function defaultBundleDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MCP_GATEWAY_BUNDLE_DIR || join(repoRoot, 'constructs', 'dist', 'bundles');
}

/** Replaces the SDK's default credential chain in the Lambda bundles (see `esbuildOptions`). */
export const lambdaCredentialsModule = join(
  repoRoot,
  'constructs',
  'src',
  'bundling',
  'lambda-credentials.ts',
);

/** Replaces mnemonist's LRU cache with the runtime's own `lru-cache` (see `lru-cache-shim.ts`). */
export const lruCacheShimModule = join(repoRoot, 'constructs', 'src', 'bundling', 'lru-cache-shim.ts');

/** The file name of each bundle inside its folder; the Lambda handler is `index.handler`. */
export const bundleFile = 'index.mjs';
export const lambdaHandler = 'index.handler';

export interface BundleOptions {
  /** Parent folder; each function gets `<outDir>/<kind>/index.mjs` (+ `.map`). */
  outDir?: string;
  /** Override entry modules (tests). */
  entries?: Partial<Record<FunctionKind, string>>;
  /** Default true. */
  minify?: boolean;
}

export interface BundleResult {
  /** Folder per function, ready for a zip asset. */
  code: FunctionCode;
  /** What each cold start loads, in bytes: `index.mjs` and the chunks it imports statically. */
  sizes: Record<FunctionKind, number>;
  /** Size of each function's JavaScript in bytes, with the chunks loaded on first use. */
  totalSizes: Record<FunctionKind, number>;
}

/**
 * Node's ESM output has no `require`; CommonJS dependencies inlined into the bundle still call it for
 * Node built-ins (e.g. `require('node:stream')`), so the bundle defines it first.
 */
const esmShim = [
  "import { createRequire as __mcpCreateRequire } from 'node:module';",
  'const require = __mcpCreateRequire(import.meta.url);',
].join('\n');

/**
 * esbuild settings for one handler: minified ESM for the nodejs22.x runtime with linked source maps
 * (loaded by `NODE_OPTIONS=--enable-source-maps`), written into `outdir`: the entry `index.mjs`, and in
 * `chunks/` what the handler loads on first use only (the YAML parser, the OpenTelemetry SDK, the Lambda
 * and KMS clients: features a deployment may never use), so a cold start reads and compiles less.
 *
 * The AWS SDK v3 is bundled rather than left to the copy in the Lambda runtime: the runtime pins the
 * SDK version it is tested with, the runtime's copy changes under us without notice, and bundling only the
 * DynamoDB/Secrets Manager clients we import (tree-shaken, minified) loads faster than resolving the
 * runtime's full SDK from disk on a cold start.
 *
 * Three settings keep the bundles small (`npm run bench:bundles` measures them):
 * - the `module` condition: the SDK's packages export CommonJS under `node` and ES modules under `module`
 *   (listed first); only ES modules can be tree-shaken, so without it every SDK submodule is inlined whole.
 * - `@aws-sdk/credential-provider-node` is replaced by `lambda-credentials.ts`, the part of its default
 *   chain that can apply inside Lambda (environment, then container endpoint).
 * - `mnemonist/lru-cache` (the DynamoDB client's endpoint-discovery cache) is replaced by
 *   `lru-cache-shim.ts`, over the `lru-cache` the runtime carries anyway.
 * - undici's plain-WebAssembly HTTP parser and FormData body code, and the SDK's browser user-agent
 *   parser, stay out (see `external`).
 *
 * @internal not in the package's declarations, which must not need esbuild's types
 */
export function esbuildOptions(entry: string, outdir: string, minify = true): BuildOptions {
  return {
    entryPoints: [entry],
    outdir,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    mainFields: ['module', 'main'],
    conditions: ['module', 'node', 'import'],
    alias: {
      '@aws-sdk/credential-provider-node': lambdaCredentialsModule,
      'mnemonist/lru-cache': lruCacheShimModule,
    },
    // undici carries its HTTP parser twice, as SIMD and as plain WebAssembly (63 KiB each); the plain
    // one is only a fallback for CPUs without WebAssembly SIMD, which Lambda's do not lack. Its fetch
    // body code (40 KiB with the Fetch API it needs) is only required for a FormData request body,
    // which the gateway never sends. The SDK's browser user-agent parser (`bowser`, 33 KiB) is imported
    // only by code the bundler drops; without this, its chunk would still be written.
    external: ['*/llhttp-wasm.js', '*/web/fetch/body.js', 'bowser'],
    banner: { js: esmShim },
    metafile: false,
    logLevel: 'silent',
  };
}

/**
 * The Lambda bundles the installed package ships (`dist/lambda/<kind>/index.mjs`, built by `npm pack`),
 * when this code runs from the package; undefined in the repository, where they are built on demand.
 */
export function prebuiltCode(base: string = import.meta.url): FunctionCode | undefined {
  const root = fileURLToPath(new URL('./lambda/', base));
  const code = Object.fromEntries(functionKinds.map((kind) => [kind, join(root, kind)])) as FunctionCode;
  return functionKinds.every((kind) => existsSync(join(code[kind], bundleFile))) ? code : undefined;
}

/** The bundles a stack deploys unless its `code` prop names others: the package's own, else built now. */
export function defaultCode(): FunctionCode {
  return prebuiltCode() ?? buildBundles().code;
}

/**
 * The bytes a cold start loads: the entry's script and every chunk it imports statically (code the entry
 * shares with a lazily loaded chunk moves into a chunk of its own, which the entry then imports).
 */
function loadedAtStart(metafile: Metafile, dir: string): number {
  const outputs = metafile.outputs;
  // output paths are relative to the working directory; lazily loaded chunks are entry points too
  const entry = Object.keys(outputs).find((path) => resolve(path) === resolve(dir, bundleFile));
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || outputs[path] === undefined) return;
    seen.add(path);
    for (const imported of outputs[path].imports)
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  if (entry === undefined) throw new Error(`esbuild wrote no ${bundleFile} into ${dir}`);
  visit(entry);
  return [...seen].reduce((sum, path) => sum + outputs[path]!.bytes, 0);
}

/** The JavaScript files of a bundle folder (`index.mjs` and its chunks), relative to it, sorted. */
export function scripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => file.split(sep).join('/'))
    .sort();
}

/**
 * Bundles every handler into its own folder and answers the folders (for TerraformAsset / FileArchive)
 * and the bundle sizes. Synchronous so constructs can call it while synthesizing. esbuild is loaded only
 * here: the installed package, with its prebuilt bundles, never needs it.
 */
export function buildBundles(options: BundleOptions = {}): BundleResult {
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const outDir = options.outDir ?? defaultBundleDir();
  const code = {} as FunctionCode;
  const sizes = {} as Record<FunctionKind, number>;
  const totalSizes = {} as Record<FunctionKind, number>;
  for (const kind of functionKinds) {
    const entry = options.entries?.[kind] ?? entryPoints[kind];
    const dir = join(outDir, kind);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let metafile: Metafile | undefined;
    try {
      ({ metafile } = buildSync({ ...esbuildOptions(entry, dir, options.minify ?? true), metafile: true }));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`Bundling the ${kind} handler (${entry}) failed:\n${detail}`);
    }
    code[kind] = dir;
    sizes[kind] = loadedAtStart(metafile!, dir);
    totalSizes[kind] = scripts(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  }
  return { code, sizes, totalSizes };
}
