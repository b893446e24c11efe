import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
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
  /** Size of each `index.mjs` in bytes. */
  sizes: Record<FunctionKind, number>;
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
 * esbuild settings for one handler: a single minified ESM file for the nodejs22.x runtime with an
 * linked source map (loaded by `NODE_OPTIONS=--enable-source-maps`).
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
 * - undici's plain-WebAssembly HTTP parser stays out (see `external`): its SIMD twin is the one that runs.
 *
 * @internal not in the package's declarations, which must not need esbuild's types
 */
export function esbuildOptions(entry: string, outfile: string, minify = true): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
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
    alias: { '@aws-sdk/credential-provider-node': lambdaCredentialsModule },
    // undici carries its HTTP parser twice, as SIMD and as plain WebAssembly (63 KiB each); the plain
    // one is only a fallback for CPUs without WebAssembly SIMD, which Lambda's do not lack
    external: ['*/llhttp-wasm.js'],
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
 * Bundles every handler into its own folder and answers the folders (for TerraformAsset / FileArchive)
 * and the bundle sizes. Synchronous so constructs can call it while synthesizing. esbuild is loaded only
 * here: the installed package, with its prebuilt bundles, never needs it.
 */
export function buildBundles(options: BundleOptions = {}): BundleResult {
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const outDir = options.outDir ?? defaultBundleDir();
  const code = {} as FunctionCode;
  const sizes = {} as Record<FunctionKind, number>;
  for (const kind of functionKinds) {
    const entry = options.entries?.[kind] ?? entryPoints[kind];
    const dir = join(outDir, kind);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, bundleFile);
    try {
      buildSync(esbuildOptions(entry, outfile, options.minify ?? true));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`Bundling the ${kind} handler (${entry}) failed:\n${detail}`);
    }
    code[kind] = dir;
    sizes[kind] = statSync(outfile).size;
  }
  return { code, sizes };
}
