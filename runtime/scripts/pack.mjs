#!/usr/bin/env node
// `npm pack` / publish of @mcp-gateway/runtime (its `prepack`): the CLI bundle, and the library entry points
// users import — the Lambda handler helper and the management API's types — as JavaScript with declarations.
//   dist/cli.mjs                    the `mcp-gateway` CLI (dependencies stay in node_modules)
//   dist/lib/mcp-function.{js,d.ts} mcpFunctionHandler: any MCP SDK server as a Lambda function
//   dist/lib/api-types.d.ts         the management API's request and response types (generated)
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(root, 'dist/lib');
await import('./build.mjs');
await rm(lib, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src/lambda/mcp-function.ts')],
  outdir: lib,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [
    tsc,
    ...['--declaration', '--emitDeclarationOnly', '--outDir', lib, '--rootDir', join(root, 'src')],
    ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--strict'],
    ...['--skipLibCheck', '--types', 'node'],
    join(root, 'src/lambda/mcp-function.ts'),
    join(root, 'src/generated/api-types.ts'),
  ],
  { stdio: 'inherit' },
);
console.log(`packed the CLI and the library entry points into ${join(root, 'dist')}`);
