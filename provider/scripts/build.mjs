#!/usr/bin/env node
// usage: node provider/scripts/build.mjs [--out <dir>] [--portable]
// Builds the Terraform provider: one bundled CommonJS file plus its .proto files, a `#!/bin/sh` launcher
// named like a Terraform plugin (usable with dev_overrides), and a filesystem-mirror layout for
// `terraform init`:
//   provider/dist/terraform-provider-mcpgateway            (dev_overrides points at provider/dist)
//   provider/dist/mirror/<host>/<namespace>/mcpgateway/<version>/<os>_<arch>/terraform-provider-mcpgateway_v<version>
import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const HOST = 'registry.terraform.io';
export const NAMESPACE = 'mcp-gateway';
export const TYPE = 'mcpgateway';

const providerDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out <dir>` builds elsewhere (tests build into their own folders).
const outIndex = process.argv.indexOf('--out');
const dist =
  outIndex > 0 && process.argv[outIndex + 1]
    ? resolve(process.argv[outIndex + 1])
    : join(providerDir, 'dist');

const { version } = JSON.parse(await readFile(join(providerDir, 'package.json'), 'utf8'));
const versionSource = await readFile(join(providerDir, 'src/version.ts'), 'utf8');
if (!versionSource.includes(`'${version}'`)) {
  console.error(`provider/src/version.ts does not match provider/package.json version ${version}`);
  process.exit(1);
}

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [join(providerDir, 'src/main.ts')],
  outfile: join(dist, 'provider.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  define: { 'import.meta.url': '__providerModuleUrl' },
  banner: { js: "const __providerModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
});
await cp(join(providerDir, 'proto'), join(dist, 'proto'), { recursive: true });

// `--portable` (release archives): Node.js from MCPGATEWAY_PROVIDER_NODE or the PATH only; a local build
// also falls back to the Node.js that built it.
const portable = process.argv.includes('--portable');
const fallback = portable
  ? `echo 'terraform-provider-mcpgateway needs Node.js 20 or later: put node on the PATH or set MCPGATEWAY_PROVIDER_NODE' >&2; exit 1`
  : `node_bin='${process.execPath}'`;
const launcher = `#!/bin/sh
# terraform-provider-mcpgateway ${version}: runs the bundled provider with Node.js 20 or later.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
node_bin=\${MCPGATEWAY_PROVIDER_NODE:-}
if [ -z "$node_bin" ]; then
  if command -v node >/dev/null 2>&1; then node_bin=node; else ${fallback}; fi
fi
exec "$node_bin" "$dir/provider.cjs" "$@"
`;
const executable = join(dist, `terraform-provider-${TYPE}`);
await writeFile(executable, launcher);
await chmod(executable, 0o755);

const platforms = new Set(['linux_amd64', currentPlatform()]);
for (const platform of platforms) {
  const target = join(dist, 'mirror', HOST, NAMESPACE, TYPE, version, platform);
  await mkdir(target, { recursive: true });
  await cp(join(dist, 'provider.cjs'), join(target, 'provider.cjs'));
  await cp(join(dist, 'proto'), join(target, 'proto'), { recursive: true });
  const file = join(target, `terraform-provider-${TYPE}_v${version}`);
  await writeFile(file, launcher);
  await chmod(file, 0o755);
}
console.log(`built terraform-provider-${TYPE} ${version}
  dev_overrides: "${HOST}/${NAMESPACE}/${TYPE}" = "${dist}"
  filesystem mirror: ${join(dist, 'mirror')} (${[...platforms].join(', ')})`);

function currentPlatform() {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] ?? process.arch;
  return `${os}_${arch}`;
}
