import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** The spec as a plain object; YAML anchors and merge keys are not used, so JSON round-trips it. */
export async function loadSpec(path) {
  return parse(await readFile(path, 'utf8'));
}

export const header = (by) =>
  `// DO NOT EDIT. Generated from openapi/openapi.yaml by ${by}; run \`npm run generate\`.\n`;
