/**
 * vitest globalSetup: builds the gateway CLI (`runtime/dist/cli.mjs`) once, before any test file runs, so
 * end-to-end tests start the very artifact `npm start` runs.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './processes.js';

export default function setup(): void {
  execFileSync(process.execPath, [join(repoRoot, 'runtime', 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: 120_000,
  });
}
