#!/usr/bin/env node
// `npm pack` / publish of @mcp-gateway/constructs (its `prepack`): JavaScript, declarations and the
// prebuilt Lambda bundles, so a user's `cdktf synth` or `pulumi up` needs neither esbuild nor the
// runtime's sources.
//   dist/cdktf.js, dist/pulumi.js                     the CDKTF construct and the Pulumi component
//   dist/cdktf-config.js, dist/pulumi-config.js       the generated configuration resources
//   dist/types/...                                     declarations (with those of the code they use)
//   dist/lambda/<gateway|management|health>/index.mjs the three handler bundles with source maps, and
//   dist/lambda/SHA256SUMS                             their content hashes
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');
const dist = join(root, 'dist');
const entries = {
  cdktf: 'src/cdktf/index.ts',
  pulumi: 'src/pulumi/index.ts',
  'cdktf-config': 'src/cdktf/generated/mcpgateway.ts',
  'pulumi-config': 'src/pulumi/generated/mcpgateway.ts',
};
const log = (line) => process.stdout.write(`constructs pack: ${line}\n`);

for (const dir of ['lambda', 'types', ...Object.keys(entries).map((e) => `${e}.js`)])
  await rm(join(dist, dir), { recursive: true, force: true });

log('bundling the Lambda handlers');
// the repository's own bundling, into the package
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
execFileSync(
  process.execPath,
  [
    tsx,
    '-e',
    `import('${join(root, 'src/bundling/bundle.ts')}').then((b) => b.buildBundles({ outDir: '${join(dist, 'lambda')}' }))`,
  ],
  { stdio: 'inherit' },
);
const sums = [];
for (const kind of ['gateway', 'management', 'health']) {
  const file = join(dist, 'lambda', kind, 'index.mjs');
  sums.push(
    `${createHash('sha256')
      .update(await readFile(file))
      .digest('hex')}  ${kind}/index.mjs`,
  );
}
await writeFile(join(dist, 'lambda', 'SHA256SUMS'), `${sums.join('\n')}\n`);

log('compiling the entry points');
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, join(root, path)])),
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // the toolkits' own packages (cdktf, @cdktf/provider-aws, @pulumi/*, constructs) are the user's
  packages: 'external',
  logLevel: 'warning',
});

log('writing declarations');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [
    tsc,
    ...['--declaration', '--emitDeclarationOnly', '--outDir', join(dist, 'types'), '--rootDir', repo],
    ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--strict'],
    ...['--skipLibCheck', '--resolveJsonModule', '--types', 'node'],
    ...Object.values(entries).map((path) => join(root, path)),
  ],
  { stdio: 'inherit' },
);
log(`done: ${dist}`);
