#!/usr/bin/env node
// Regenerates every file derived from openapi/openapi.yaml. `--check` writes nothing and fails when a
// committed file differs from what the spec produces (the CI drift check).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiTypes } from './generators/api-types.mjs';
import { loadSpec } from './generators/load.mjs';
import { openapiDocument } from './generators/openapi-document.mjs';
import { providerDocs } from './generators/provider-docs.mjs';
import { resourceModel } from './generators/resource-model.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
if (process.argv.includes('--help')) {
  console.log(
    'usage: node openapi/generate.mjs [--check]\n  regenerates the files derived from openapi/openapi.yaml; --check fails on drift',
  );
  process.exit(0);
}

const generators = [openapiDocument, apiTypes, resourceModel, providerDocs];
const spec = await loadSpec(join(root, 'openapi/openapi.yaml'));
const drift = [];
for (const generate of generators) {
  for (const { path, content } of await generate(spec, root)) {
    const file = join(root, path);
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current === content) continue;
    if (check) {
      drift.push(path);
      continue;
    }
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
    console.log(`wrote ${relative(root, file)}`);
  }
}
if (drift.length > 0) {
  console.error(`generated files are out of date (run npm run generate):\n  ${drift.join('\n  ')}`);
  process.exit(1);
}
if (check) console.log('generated files are up to date');
