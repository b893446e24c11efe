/**
 * `npm run bench`: the gateway's overhead on a trivial tool call. Starts a real `server-everything`
 * upstream and the built gateway CLI (`--memory`), then calls `echo` directly against the upstream and
 * through the gateway in the same run — sequentially and with 32 concurrent clients — and prints p50/p99
 * latency, throughput and the gateway/direct ratios (also written to bench-results/gateway.json).
 * Every loop is bounded by a call count and a time budget. Not a test: nothing here asserts on timing.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { admin } from '../support/gateway-api.js';
import { GatewayProcess, repoRoot, startEverything, stopAll } from '../support/processes.js';

const SEQUENTIAL = { warmup: 50, calls: 300 };
const CONCURRENT = { clients: 32, warmup: 100, calls: 1000 };
const PHASE_BUDGET_MS = 60_000;

interface Target {
  name: 'direct' | 'gateway';
  url: string;
  headers: Record<string, string>;
}

interface Stats {
  calls: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  throughput: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function connectClient(target: Target, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers: target.headers } }),
    { timeout: 15_000 },
  );
  return client;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * `total` echo calls spread over `clients` (each client one call at a time), stopping early when the time
 * budget is spent. Answers the latency of every successful call.
 */
async function drive(
  clients: Client[],
  total: number,
  label: string,
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + PHASE_BUDGET_MS;
  const reportEvery = Math.max(1, Math.floor(total / 4));
  const worker = async (client: Client) => {
    while (issued < total && performance.now() < deadline) {
      const n = issued++;
      const t0 = performance.now();
      try {
        const result = await client.callTool({ name: 'echo', arguments: { message: `m${n}` } }, undefined, {
          timeout: 10_000,
        });
        if (result.isError) errors++;
        else latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
      const done = latencies.length + errors;
      if (done % reportEvery === 0) log(`  ${label}: ${done}/${total}`);
    }
  };
  await Promise.all(clients.map(worker));
  const seconds = (performance.now() - started) / 1000;
  if (issued < total) log(`  ${label}: time budget spent after ${issued} of ${total} calls`);
  return { latencies, errors, seconds };
}

function summarize(run: { latencies: number[]; errors: number; seconds: number }): Stats {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    calls: sorted.length,
    errors: run.errors,
    seconds: run.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    throughput: sorted.length / run.seconds,
  };
}

async function phase(
  target: Target,
  mode: 'sequential' | 'concurrent',
): Promise<{ stats: Stats; clients: Client[] }> {
  const settings = mode === 'sequential' ? { clients: 1, ...SEQUENTIAL } : CONCURRENT;
  const label = `${target.name} ${mode}`;
  log(`${label}: connecting ${settings.clients} client(s)`);
  const clients = await Promise.all(
    Array.from({ length: settings.clients }, (_, i) => connectClient(target, `bench-${mode}-${i}`)),
  );
  log(`${label}: warm-up (${settings.warmup} calls)`);
  await drive(clients, settings.warmup, `${label} warm-up`);
  log(`${label}: measuring (${settings.calls} calls)`);
  const stats = summarize(await drive(clients, settings.calls, label));
  log(
    `${label}: p50 ${stats.p50Ms.toFixed(2)} ms, p99 ${stats.p99Ms.toFixed(2)} ms, ${stats.throughput.toFixed(0)} calls/s, ${stats.errors} errors`,
  );
  return { stats, clients };
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function table(results: Record<'sequential' | 'concurrent', Record<'direct' | 'gateway', Stats>>): string {
  const rows: string[][] = [['mode', 'path', 'calls', 'errors', 'p50 ms', 'p99 ms', 'mean ms', 'calls/s']];
  const ratios: string[][] = [
    ['mode', 'p50 gateway/direct', 'p99 gateway/direct', 'throughput gateway/direct'],
  ];
  for (const mode of ['sequential', 'concurrent'] as const) {
    for (const path of ['direct', 'gateway'] as const) {
      const s = results[mode][path];
      rows.push([
        mode,
        path,
        String(s.calls),
        String(s.errors),
        fmt(s.p50Ms),
        fmt(s.p99Ms),
        fmt(s.meanMs),
        fmt(s.throughput, 0),
      ]);
    }
    const { direct, gateway } = results[mode];
    ratios.push([
      mode,
      `${fmt(gateway.p50Ms / direct.p50Ms)}x`,
      `${fmt(gateway.p99Ms / direct.p99Ms)}x`,
      `${fmt(gateway.throughput / direct.throughput)}x`,
    ]);
  }
  const render = (grid: string[][]) => {
    const widths = grid[0]!.map((_, c) => Math.max(...grid.map((row) => (row[c] ?? '').length)));
    const line = (row: string[]) => `| ${row.map((cell, c) => cell.padStart(widths[c]!)).join(' | ')} |`;
    const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
    return [line(grid[0]!), rule, ...grid.slice(1).map(line)].join('\n');
  };
  return `${render(rows)}\n\n${render(ratios)}`;
}

async function main(): Promise<void> {
  log('building the gateway CLI');
  execFileSync(process.execPath, [join(repoRoot, 'runtime', 'scripts', 'build.mjs')], {
    stdio: 'inherit',
    timeout: 120_000,
  });
  const adminKey = randomBytes(24).toString('hex');
  log('starting server-everything (streamable HTTP) and the gateway (--memory)');
  const [upstream, gateway] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', upstream.url);
  const apiKey = await api.createApiKey('bench', 'bench');
  const targets: Target[] = [
    { name: 'direct', url: upstream.url, headers: {} },
    { name: 'gateway', url: `${gateway.url}/mcp/everything`, headers: { authorization: `Bearer ${apiKey}` } },
  ];

  const results = { sequential: {}, concurrent: {} } as Record<
    'sequential' | 'concurrent',
    Record<'direct' | 'gateway', Stats>
  >;
  for (const mode of ['sequential', 'concurrent'] as const) {
    for (const target of targets) {
      const { stats, clients } = await phase(target, mode);
      results[mode][target.name] = stats;
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    }
  }

  log('');
  log(table(results));
  const report = {
    benchmark: 'echo tool call, direct vs through the gateway',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    settings: { sequential: SEQUENTIAL, concurrent: CONCURRENT, phaseBudgetMs: PHASE_BUDGET_MS },
    results,
    ratios: Object.fromEntries(
      (['sequential', 'concurrent'] as const).map((mode) => {
        const { direct, gateway } = results[mode];
        return [
          mode,
          {
            p50: gateway.p50Ms / direct.p50Ms,
            p99: gateway.p99Ms / direct.p99Ms,
            throughput: gateway.throughput / direct.throughput,
          },
        ];
      }),
    ),
  };
  const dir = join(repoRoot, 'bench-results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'gateway.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwritten to ${join('bench-results', 'gateway.json')}`);
  await gateway.close();
  await upstream.stop();
}

const interrupted = () => {
  void stopAll().finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

main()
  .catch(async (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(stopAll);
