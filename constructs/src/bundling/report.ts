/**
 * `npm run bench:bundles`: bundles the Lambda handlers and reports each bundle's size and cold module
 * load time (also available to other benchmarks as `measureBundles`). `--json` prints the raw report.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, measureBundles } from './measure.js';

const report = measureBundles({ outDir: mkdtempSync(join(tmpdir(), 'mcp-gateway-bundles-')) });
console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
