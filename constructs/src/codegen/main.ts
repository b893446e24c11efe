/**
 * `npm run generate:constructs` writes the CDKTF and Pulumi bindings from the resource model;
 * `--check` fails when the committed files differ (CI).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './files.js';

const check = process.argv.includes('--check');
const root = fileURLToPath(new URL('../../..', import.meta.url));
let stale = 0;
for (const file of generatedFiles()) {
  const path = join(root, file.path);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === file.content) continue;
  if (check) {
    console.error(`${file.path} is out of date; run npm run generate:constructs`);
    stale += 1;
  } else {
    writeFileSync(path, file.content);
    console.log(`wrote ${file.path}`);
  }
}
if (stale > 0) process.exit(1);
