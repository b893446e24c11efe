import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { entryPoints, esbuildOptions } from './constructs/src/bundling/bundle.js';

const dir = '/tmp/gw-bundle';
const { metafile } = buildSync({ ...esbuildOptions(entryPoints.gateway, dir), metafile: true });
const outputs = metafile!.outputs;
const entry = Object.keys(outputs).find((p) => resolve(p) === resolve(dir, 'index.mjs'))!;
const seen = new Set<string>();
const visit = (p: string) => {
  if (seen.has(p) || !outputs[p]) return;
  seen.add(p);
  for (const i of outputs[p].imports) if (i.kind === 'import-statement') visit(i.path);
};
visit(entry);
const rows: [string, number][] = [];
for (const p of seen)
  for (const [inp, v] of Object.entries(outputs[p].inputs))
    if (inp.includes('runtime/src')) rows.push([inp.replace(/.*runtime\/src\//, ''), v.bytesInOutput]);
console.log(
  rows
    .sort((a, b) => b[1] - a[1])
    .slice(30, 110)
    .map(([k, v]) => `${v}\t${k}`)
    .join('\n'),
);
