import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FunctionKind, functionKinds } from '../shared/props.js';
import { type BundleOptions, buildBundles, bundleFile } from './bundle.js';

/**
 * The environment a handler module sees on Lambda, as far as loading it needs: a default deployment's
 * (without `sourceMaps`, so without `NODE_OPTIONS=--enable-source-maps`).
 */
export const lambdaLoadEnvironment: Record<string, string> = {
  MCP_GATEWAY_TABLE: 'mcp-gateway',
  MCP_GATEWAY_ADMIN_KEY_SECRET_ARN:
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:mcp-gateway/admin-key',
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'mcp-gateway-bundle-check',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
};

/**
 * Loads one bundle in a fresh Node process (a cold start without the Lambda runtime): defines the
 * runtime's `awslambda` streaming global, imports the module, reports whether `handler` is a function.
 */
const loader = `
globalThis.awslambda = {
  streamifyResponse: (handler) => handler,
  HttpResponseStream: { from: (stream) => stream },
};
const started = performance.now();
const module = await import(process.argv[1]);
const loadMs = performance.now() - started;
process.stdout.write(JSON.stringify({ handler: typeof module.handler, loadMs }));
`;

export interface BundleMeasurement {
  kind: FunctionKind;
  /** What a cold start loads: `index.mjs` and the chunks it imports statically. */
  bytes: number;
  /** With the chunks loaded on first use. */
  totalBytes: number;
  /** Time to import the module in a fresh process, in milliseconds (the median of a few cold loads). */
  loadMs: number;
  handlerType: string;
}

export interface BundleReport {
  buildMs: number;
  bundles: BundleMeasurement[];
}

/** Builds the bundles and cold-loads each one; throws with the child's stderr when a module fails. */
export function measureBundles(options: BundleOptions & { loads?: number } = {}): BundleReport {
  const started = performance.now();
  const { code, sizes, totalSizes } = buildBundles(options);
  const buildMs = performance.now() - started;
  const bundles = functionKinds.map((kind): BundleMeasurement => {
    const url = pathToFileURL(join(code[kind], bundleFile)).href;
    const loads = Array.from({ length: options.loads ?? LOADS }, () => loadOnce(kind, url));
    const times = loads.map((load) => load.loadMs).sort((a, b) => a - b);
    return {
      kind,
      bytes: sizes[kind],
      totalBytes: totalSizes[kind],
      loadMs: times[Math.floor((times.length - 1) / 2)] ?? Number.NaN,
      handlerType: loads[0]?.handler ?? 'undefined',
    };
  });
  return { buildMs, bundles };
}

/**
 * Cold loads per bundle: one cold start on a shared machine varies by half its time, so the report gives
 * the median of a few.
 */
const LOADS = 5;

function loadOnce(kind: FunctionKind, url: string): { handler: string; loadMs: number } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', loader, url], {
    env: { PATH: process.env.PATH ?? '', ...lambdaLoadEnvironment },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) {
    throw new Error(`The ${kind} bundle failed to load:\n${child.stderr || child.error?.message || ''}`);
  }
  return JSON.parse(child.stdout) as { handler: string; loadMs: number };
}

/** The data plane's cold-start budget: what its cold start loads, minified, and the time to load it. */
export const GATEWAY_TARGETS = { bytes: 600_000, loadMs: 150 } as const;

/** One line per bundle, then the gateway's against its targets, for test output and the benchmark report. */
export function formatReport(report: BundleReport): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(8)} KiB`;
  const lines = report.bundles.map(
    (b) =>
      `${b.kind.padEnd(10)} ${kib(b.bytes)}  load ${b.loadMs.toFixed(0).padStart(3)} ms  (${kib(b.totalBytes).trim()} with the chunks loaded on first use)`,
  );
  const gateway = report.bundles.find((b) => b.kind === 'gateway');
  if (gateway !== undefined) {
    const verdict = (met: boolean) => (met ? 'met' : 'missed');
    lines.push(
      `gateway targets: cold start loads ${(gateway.bytes / 1000).toFixed(0)} KB (<= ${GATEWAY_TARGETS.bytes / 1000} KB ${verdict(gateway.bytes <= GATEWAY_TARGETS.bytes)}), module load ${gateway.loadMs.toFixed(0)} ms (<= ${GATEWAY_TARGETS.loadMs} ms ${verdict(gateway.loadMs <= GATEWAY_TARGETS.loadMs)})`,
    );
  }
  return [`bundles built in ${report.buildMs.toFixed(0)} ms`, ...lines].join('\n');
}
