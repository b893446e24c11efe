#!/usr/bin/env node
// usage: npm run release [-- --out <dir>] [--skip-npm]   (default dist/release; --skip-npm: the provider only)
//
// Builds the release artifacts of one version (every package.json, the provider's version and the
// CHANGELOG must agree on it):
//   mcp-gateway-runtime-<v>.tgz, mcp-gateway-constructs-<v>.tgz   the npm packages (`npm pack`)
//   terraform-provider-mcpgateway_<v>_<os>_<arch>.zip   the provider for each platform its Node.js build
//                                                        runs on (a launcher, the bundled provider, its
//                                                        .proto files and its registry docs)
//   terraform-provider-mcpgateway_<v>_SHA256SUMS        sha256 of each zip (the registry's format)
//   terraform-provider-mcpgateway_<v>_manifest.json     the plugin protocol it speaks (6.0)
//   SHA256SUMS                                          sha256 of every file above and below
//   mirror/registry.terraform.io/mcp-gateway/mcpgateway/
//       index.json, <v>.json, the zips               a provider network mirror (serve it over HTTPS) and,
//                                                      the same folder, a packed filesystem mirror
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zip } from './zip.mjs';

const HOST = 'registry.terraform.io';
const NAMESPACE = 'mcp-gateway';
const TYPE = 'mcpgateway';
/** A Node.js program behind a /bin/sh launcher: it runs wherever Node.js 20+ does. */
export const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outIndex = process.argv.indexOf('--out');
const out =
  outIndex > 0 && process.argv[outIndex + 1]
    ? resolve(process.argv[outIndex + 1])
    : join(root, 'dist', 'release');
const step = (text) => process.stdout.write(`release: ${text}\n`);

/** The one version of every artifact; refuses to build when the sources disagree. */
async function releaseVersion() {
  const versions = {};
  for (const file of [
    'package.json',
    'runtime/package.json',
    'constructs/package.json',
    'provider/package.json',
  ])
    versions[file] = JSON.parse(await readFile(join(root, file), 'utf8')).version;
  const source = await readFile(join(root, 'provider/src/version.ts'), 'utf8');
  versions['provider/src/version.ts'] = /PROVIDER_VERSION = '([^']+)'/.exec(source)?.[1];
  const distinct = [...new Set(Object.values(versions))];
  if (distinct.length !== 1)
    throw new Error(
      `the versions disagree: ${Object.entries(versions)
        .map(([f, v]) => `${f} ${v}`)
        .join(', ')}`,
    );
  const version = distinct[0];
  const changelog = await readFile(join(root, 'CHANGELOG.md'), 'utf8');
  if (!changelog.includes(`## ${version}`)) throw new Error(`CHANGELOG.md has no "## ${version}" section`);
  return version;
}

/** Every file under `dir`, as [path relative to `base`, contents], sorted (a stable archive). */
async function filesUnder(dir, base = dir) {
  const found = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path, base)));
    else found.push([relative(base, path).split('\\').join('/'), await readFile(path)]);
  }
  return found;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

async function main() {
  const version = await releaseVersion();
  step(`version ${version}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  step('building the provider (portable launcher)');
  const build = await mkdtemp(join(tmpdir(), 'mcpgw-release-'));
  try {
    execFileSync(process.execPath, [join(root, 'provider/scripts/build.mjs'), '--out', build, '--portable'], {
      stdio: 'ignore',
    });
    const entries = [
      {
        name: `terraform-provider-${TYPE}_v${version}`,
        data: await readFile(join(build, `terraform-provider-${TYPE}`)),
        mode: 0o755,
      },
      { name: 'provider.cjs', data: await readFile(join(build, 'provider.cjs')) },
      ...(await filesUnder(join(build, 'proto'))).map(([name, data]) => ({ name: `proto/${name}`, data })),
      ...(await filesUnder(join(root, 'provider/docs'))).map(([name, data]) => ({
        name: `docs/${name}`,
        data,
      })),
      { name: 'CHANGELOG.md', data: await readFile(join(root, 'CHANGELOG.md')) },
    ];
    const mirror = join(out, 'mirror', HOST, NAMESPACE, TYPE);
    await mkdir(mirror, { recursive: true });
    const sums = [];
    const archives = {};
    for (const platform of PLATFORMS) {
      const name = `terraform-provider-${TYPE}_${version}_${platform}.zip`;
      const archive = zip(entries);
      await writeFile(join(out, name), archive);
      await writeFile(join(mirror, name), archive);
      const hash = sha256(archive);
      sums.push(`${hash}  ${name}`);
      archives[platform] = { url: name, hashes: [`zh:${hash}`] };
      step(`${name} (${Math.round(archive.length / 1024)} KiB)`);
    }
    await writeFile(join(out, `terraform-provider-${TYPE}_${version}_SHA256SUMS`), `${sums.join('\n')}\n`);
    await writeFile(
      join(out, `terraform-provider-${TYPE}_${version}_manifest.json`),
      `${JSON.stringify({ version: 1, metadata: { protocol_versions: ['6.0'] } }, null, 2)}\n`,
    );
    // the provider network mirror protocol: the versions, then each version's archives
    await writeFile(
      join(mirror, 'index.json'),
      `${JSON.stringify({ versions: { [version]: {} } }, null, 2)}\n`,
    );
    await writeFile(join(mirror, `${version}.json`), `${JSON.stringify({ archives }, null, 2)}\n`);
    step(
      `mirror at ${relative(process.cwd(), join(out, 'mirror')) || '.'} (network mirror over HTTPS, or filesystem_mirror)`,
    );
  } finally {
    await rm(build, { recursive: true, force: true });
  }
  if (!process.argv.includes('--skip-npm')) {
    step('packing the npm packages (runtime, constructs)');
    execFileSync(
      'npm',
      ['pack', '-w', 'runtime', '-w', 'constructs', '--pack-destination', out, '--silent'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const all = [];
  for (const name of (await readdir(out)).sort()) {
    if ((await stat(join(out, name))).isFile() && name !== 'SHA256SUMS')
      all.push(`${sha256(await readFile(join(out, name)))}  ${name}`);
  }
  await writeFile(join(out, 'SHA256SUMS'), `${all.join('\n')}\n`);
  const listed = await readdir(out);
  step(`done: ${listed.length} entries in ${out}`);
  for (const name of listed.sort()) {
    const info = await stat(join(out, name));
    if (info.isFile()) step(`  ${name}`);
  }
}

main().catch((error) => {
  console.error(`release failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
