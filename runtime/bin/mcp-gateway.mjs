#!/usr/bin/env node
// The CLI runs from its bundle; a fresh checkout builds it on first use (esbuild, well under a second).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(bundle)) await import('../scripts/build.mjs');
await import(bundle);
