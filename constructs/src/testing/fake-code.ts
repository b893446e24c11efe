import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FunctionCode, functionKinds } from '../shared/props.js';

/** Tiny stand-in bundles, so construct tests do not depend on bundling the runtime. */
export function fakeCode(): FunctionCode {
  const root = mkdtempSync(join(tmpdir(), 'mcp-gateway-code-'));
  const code = {} as FunctionCode;
  for (const kind of functionKinds) {
    const dir = join(root, kind);
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.mjs'), `export const handler = async () => ({ kind: '${kind}' });\n`);
    code[kind] = dir;
  }
  return code;
}
