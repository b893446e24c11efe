// `npm pack` / publish of @mcp-gateway/constructs (its `prepack`): JavaScript, declarations and the
// prebuilt Lambda bundles, so a user's `cdktf synth` or `pulumi up` needs neither esbuild nor the
// runtime's sources.
//   dist/cdktf.js, dist/cdktn.js, dist/pulumi.js       the CDKTF construct (for cdktf and for CDK Terrain)
//                                                      and the Pulumi component
//   dist/{cdktf,cdktn,pulumi}-config.js                the generated configuration resources
//   dist/types/...                                     declarations (with those of the code they use)
//   dist/types-cdktn/...                               the same, importing cdktn and @cdktn/provider-aws
//   dist/lambda/<gateway|management|health>/index.mjs the three handler bundles with source maps (and
//                                                      their chunks/, loaded on first use), and
//   dist/lambda/SHA256SUMS                             the content hashes of their scripts
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles, scripts } from '../src/bundling/bundle.js';
import { buildEntries, cdkTerrainDeclaration, entrySources } from '../src/bundling/entries.js';
import { functionKinds } from '../src/shared/props.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');
const dist = join(root, 'dist');
const log = (line: string) => process.stdout.write(`constructs pack: ${line}\n`);
const sources = entrySources(root);

for (const dir of ['lambda', 'types', 'types-cdktn', ...Object.keys(sources).map((e) => `${e}.js`)])
  await rm(join(dist, dir), { recursive: true, force: true });

log('bundling the Lambda handlers');
// the repository's own bundling, into the package
buildBundles({ outDir: join(dist, 'lambda') });
const sums: string[] = [];
for (const kind of functionKinds) {
  for (const file of scripts(join(dist, 'lambda', kind))) {
    const digest = createHash('sha256')
      .update(await readFile(join(dist, 'lambda', kind, file)))
      .digest('hex');
    sums.push(`${digest}  ${kind}/${file}`);
  }
}
await writeFile(join(dist, 'lambda', 'SHA256SUMS'), `${sums.join('\n')}\n`);

log('compiling the entry points (CDKTF, CDK Terrain, Pulumi)');
await buildEntries(root, dist);

log('writing declarations');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [
    tsc,
    ...['--declaration', '--emitDeclarationOnly', '--outDir', join(dist, 'types'), '--rootDir', repo],
    ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--strict'],
    ...['--skipLibCheck', '--resolveJsonModule', '--types', 'node', '--stripInternal'],
    ...new Set(Object.values(sources)),
  ],
  { stdio: 'inherit' },
);
// tsc writes a declaration for every file it read; the package keeps those the entry points reach
const types = join(dist, 'types');
const reached = new Set<string>();
const queue = Object.values(sources).map((source) =>
  join(types, relative(repo, source)).replace(/\.ts$/, '.d.ts'),
);
while (queue.length > 0) {
  const file = queue.pop()!;
  if (reached.has(file)) continue;
  reached.add(file);
  const text = await readFile(file, 'utf8');
  for (const [, specifier] of text.matchAll(/(?:from\s+|import\()['"](\.{1,2}\/[^'"]+)['"]/g))
    queue.push(resolve(dirname(file), specifier!).replace(/\.js$/, '.d.ts'));
}
for (const file of await readdir(types, { recursive: true }))
  if (file.endsWith('.d.ts') && !reached.has(join(types, file))) await unlink(join(types, file));
// CDK Terrain's declarations: the same files with the framework imports renamed, as its entries are
for (const file of await readdir(join(dist, 'types'), { recursive: true })) {
  if (!file.endsWith('.d.ts') || file.startsWith(join('constructs', 'src', 'pulumi'))) continue;
  const target = join(dist, 'types-cdktn', file);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, cdkTerrainDeclaration(await readFile(join(dist, 'types', file), 'utf8')));
}
log(`done: ${dist}`);
