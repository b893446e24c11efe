/**
 * vitest globalSetup: builds the gateway CLI (`runtime/dist/cli.mjs`) once, before any test file runs, so
 * end-to-end tests start the very artifact `npm start` runs. Every temporary file of the run (the tests',
 * the tools' they start, and cdktf's, whose test helpers make a folder per synthesis and never remove it)
 * goes into one folder that is removed when the run ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './processes.js';

export default function setup(): () => void {
  execFileSync(process.execPath, [join(repoRoot, 'runtime', 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: 120_000,
  });
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(join(tmpdir(), 'mcp-gateway-tests-'));
  // the test workers start after this and inherit it
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  };
}
