/**
 * `npm run bench`: the gateway's overhead, measured in one run against two floors: the upstream called
 * directly, and the same upstream behind a bare pass-through proxy (`bare-proxy.ts`: the least any proxy
 * pays). Every scenario runs on three paths (direct, bare, gateway). The workspace holds 100 access
 * policies (10 with CEL conditions), read on every call. The gateway serves one server-everything twice:
 * as `everything` with tool provisioning (an allow list), the condition the overhead targets are set for,
 * and as `everything-full` with every other policy on as well: two rate limits, a budget, a guardrail with
 * every detector (arguments, results and listed definitions), retries, a circuit breaker and per-tool
 * timeouts.
 *
 * - `echo` on `everything` through the MCP SDK client, sequentially and with 32 concurrent clients: p50/p99
 *   latency and throughput, the rows with targets;
 * - the same on `everything-full`, once more with a 4 KB argument (what the guardrail's detectors cost),
 *   then with telemetry on (every span exported to a loopback OTLP receiver, which stays on for the
 *   scenarios after it): sequentially, with an identity provider's JWT (keys cached) instead of an api key,
 *   and 32 concurrent;
 * - `tools/list` of a 500-tool upstream (`synthetic-upstream.ts`, ~1.5 MB of tool definitions), 450 of
 *   them offered through wildcard allow patterns: p50/p99;
 * - a `tools/call` answered by an SSE stream of 1,000 `notifications/progress` events and the result:
 *   total time, and the extra cost per relayed message;
 * - where servers come from: a virtual server of five members (each server-everything under a prefix),
 *   one session's `initialize` + `tools/list` against a client doing the same with the five upstreams in
 *   parallel; and one tool call of an API-to-MCP (`openapi`) server against the REST GET behind it.
 *
 * The two synthetic scenarios use raw `fetch` (a session opened by hand): the SDK client's per-message
 * validation would cost the same on every path and only dilute the difference. Calls of a scenario are
 * split into rounds that alternate the paths, so load from elsewhere on a shared machine falls on all
 * three alike. Prints one table of results and one of ratios (also written to bench-results/gateway.json).
 * Every loop is bounded by a call count and a time budget. Not a test: nothing here asserts on timing.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RateLimit } from '../../runtime/src/core/config.js';
import { DETECTORS } from '../../runtime/src/policies/guardrails/detectors.js';
import { RateLimiter } from '../../runtime/src/policies/rate-limit/limiter.js';
import { MemoryStore } from '../../runtime/src/store/memory.js';
import { admin, registerServerWithTools } from '../support/gateway-api.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { GatewayProcess, repoRoot, startEverything, stopAll } from '../support/processes.js';
import { startBareProxy, viaProxy } from './bare-proxy.js';
import { startJwtIssuer } from './jwt-issuer.js';
import {
  PROGRESS_EVENTS,
  STREAM_TOOL,
  SYNTHETIC_ALLOW,
  startSyntheticUpstream,
  syntheticTools,
  TOOL_COUNT,
} from './synthetic-upstream.js';

/**
 * Measured calls are split into rounds; each round runs every path once, the rounds going through every
 * order of the paths alike (each path first, second and last equally often: what one path leaves behind,
 * a collection or a timer's work, lands on each other path alike). Short rounds put the drift of a shared
 * machine's speed (it swings by tens of percent over seconds) on all paths alike; a concurrent round stays
 * long enough for its clients' ramp-up and tail not to dominate. Both are multiples of the six orders.
 */
const ROUNDS = 12;
const CONCURRENT_ROUNDS = 6;
/**
 * The gateway's span export interval in the traced scenarios: ten times more often than by default, so that
 * their rounds pay for exports as a long-running gateway does (a round lasts seconds).
 */
const TELEMETRY_INTERVAL_MS = 1000;
/**
 * Budgets are per path (all its rounds); every one spent would still end the run in about five minutes.
 * The echo scenarios warm each path up for about a thousand calls (bounded by {@link WARMUP_BUDGET_MS}):
 * V8 optimizes a process's hot code only after thousands of calls, so a short warm-up measures the
 * gateway's JIT, not its steady state, while the upstream called directly has long been warm.
 */
const SEQUENTIAL = { clients: 1, warmup: 1000, calls: 900, budgetMs: 24_000 };
const CONCURRENT = { clients: 32, warmup: 2000, calls: 3000, budgetMs: 24_000, rounds: CONCURRENT_ROUNDS };
const LARGE_ECHO = { clients: 1, warmup: 30, calls: 450, budgetMs: 15_000 };
/** A 4 KB argument of ordinary prose (nothing a detector finds), scanned by every detector both ways. */
const PROSE =
  'The quarterly report lists seven projects, their owners and the milestones due before spring. ';
const LARGE_MESSAGE = PROSE.repeat(Math.ceil(4096 / PROSE.length)).slice(0, 4096);
const TOOLS_LIST = { clients: 1, warmup: 15, calls: 150, budgetMs: 15_000 };
const PROGRESS = { clients: 1, warmup: 15, calls: 150, budgetMs: 15_000 };
const VIRTUAL = { clients: 1, warmup: 10, calls: 120, budgetMs: 20_000 };
const VIRTUAL_MEMBERS = 5;
const OPENAPI = { clients: 1, warmup: 30, calls: 600, budgetMs: 15_000 };
const WARMUP_BUDGET_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** The same server-everything with every other policy on as well. */
const FULL_SERVER = 'everything-full';
/** The tools of server-everything the gateway offers: `echo` (the measured call) among others. */
const EVERYTHING_ALLOW = ['echo', 'get-*', 'toggle-*', 'trigger-long-running-operation'];
const PROTOCOL_VERSION = '2025-11-25';

const PATHS = ['direct', 'bare', 'gateway'] as const;
type PathName = (typeof PATHS)[number];
/**
 * Every order of the paths, one per round in turn, in a cycle where each path also follows each other
 * path once across a round's boundary.
 */
const ORDERS: readonly (readonly PathName[])[] = [
  ['direct', 'bare', 'gateway'],
  ['direct', 'gateway', 'bare'],
  ['gateway', 'bare', 'direct'],
  ['bare', 'direct', 'gateway'],
  ['bare', 'gateway', 'direct'],
  ['gateway', 'direct', 'bare'],
];
const SCENARIOS = [
  'echo-sequential',
  'echo-concurrent',
  'echo-sequential-full',
  'echo-4k-guardrails',
  'echo-concurrent-full',
  'echo-sequential-traced',
  'echo-sequential-jwt',
  'echo-concurrent-traced',
  'tools-list-500',
  'sse-progress-1000',
  'virtual-5-members',
  'openapi-call',
] as const;
type ScenarioName = (typeof SCENARIOS)[number];
const SCENARIO_LABEL: Record<ScenarioName, string> = {
  'echo-sequential': 'echo, sequential',
  'echo-concurrent': `echo, ${CONCURRENT.clients} concurrent`,
  'echo-sequential-full': 'echo, sequential, every policy',
  'echo-4k-guardrails': 'echo 4 KB, every policy',
  'echo-concurrent-full': `echo, ${CONCURRENT.clients} concurrent, every policy`,
  'echo-sequential-traced': 'echo, every policy, telemetry 1.0',
  'echo-sequential-jwt': 'echo, every policy, telemetry, JWT',
  'echo-concurrent-traced': `echo, ${CONCURRENT.clients} concurrent, every policy, telemetry`,
  // (these run on servers with every policy on, telemetry too: the scenarios after the traced ones)
  'tools-list-500': `tools/list, ${TOOL_COUNT} tools, every policy, telemetry`,
  'sse-progress-1000': `SSE, ${PROGRESS_EVENTS} progress, every policy, telemetry`,
  'virtual-5-members': `initialize + tools/list, virtual server of ${VIRTUAL_MEMBERS}, every policy, telemetry`,
  'openapi-call': 'API-to-MCP call (REST GET), every policy, telemetry',
};

interface Target {
  name: PathName;
  url: string;
  headers: Record<string, string>;
}

interface Settings {
  clients: number;
  /** Rounds the measured calls are split into (default {@link ROUNDS}). */
  rounds?: number;
  warmup: number;
  calls: number;
  budgetMs: number;
}

interface Run {
  latencies: number[];
  errors: number;
  seconds: number;
  firstError?: string;
}

interface Stats {
  calls: number;
  /** Calls the path was to make: fewer made (its time budget spent) leaves its figures uncertain. */
  planned: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  throughput: number;
  /** p50 of each round, in round order (how much the path drifted during the run). */
  roundP50Ms: number[];
}

type Results = Record<ScenarioName, Record<PathName, Stats>>;

const log = (line: string) => process.stdout.write(`${line}\n`);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const medianOf = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/**
 * `total` calls spread over `workers` concurrent loops (each one call at a time), stopping early when the
 * budget is spent. `call` answers the latency of a successful call (ms) and throws on a failed one.
 */
async function drive(
  workers: number,
  total: number,
  budgetMs: number,
  call: (worker: number, n: number) => Promise<number>,
): Promise<Run> {
  const run: Run = { latencies: [], errors: 0, seconds: 0 };
  let issued = 0;
  const started = performance.now();
  const deadline = started + budgetMs;
  const loop = async (worker: number) => {
    while (issued < total && performance.now() < deadline) {
      const n = issued++;
      try {
        run.latencies.push(await call(worker, n));
      } catch (error) {
        run.errors++;
        run.firstError ??= errorText(error);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, worker) => loop(worker)));
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

function summarize(runs: Run[], planned: number): Stats {
  const sorted = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  const seconds = runs.reduce((a, run) => a + run.seconds, 0);
  return {
    calls: sorted.length,
    planned,
    errors: runs.reduce((a, run) => a + run.errors, 0),
    seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    throughput: sorted.length / seconds,
    roundP50Ms: runs.map((run) => medianOf(run.latencies)),
  };
}

/** A path's calls for a scenario: `call(worker, n)` answers a latency in ms or throws. */
type Caller = (worker: number, n: number) => Promise<number>;

/**
 * Warms every path up, then measures `settings.calls` calls per path in `settings.rounds` rounds, each round
 * running the paths in a rotated order.
 */
async function measure(
  scenario: ScenarioName,
  settings: Settings,
  callers: Record<PathName, Caller>,
): Promise<Record<PathName, Stats>> {
  const label = SCENARIO_LABEL[scenario];
  for (const path of PATHS) {
    const warm = await drive(settings.clients, settings.warmup, WARMUP_BUDGET_MS, callers[path]);
    if (warm.errors > 0) log(`  ${label} ${path} warm-up: ${warm.errors} errors (first: ${warm.firstError})`);
  }
  const runs: Record<PathName, Run[]> = { direct: [], bare: [], gateway: [] };
  const rounds = settings.rounds ?? ROUNDS;
  const perRound = Math.ceil(settings.calls / rounds);
  for (let round = 0; round < rounds; round++) {
    const order = ORDERS[round % ORDERS.length]!;
    const parts: string[] = [];
    for (const path of order) {
      const run = await drive(settings.clients, perRound, settings.budgetMs / rounds, callers[path]);
      runs[path].push(run);
      parts.push(
        `${path} p50 ${fmt(medianOf(run.latencies))} ms${run.errors > 0 ? ` (${run.errors} errors: ${run.firstError})` : ''}`,
      );
      if (run.latencies.length + run.errors < perRound)
        log(`  ${label}: ${path} spent its time budget after ${run.latencies.length + run.errors} calls`);
    }
    log(`  ${label}, round ${round + 1}/${rounds}: ${parts.join(', ')}`);
  }
  const planned = perRound * rounds;
  return {
    direct: summarize(runs.direct, planned),
    bare: summarize(runs.bare, planned),
    gateway: summarize(runs.gateway, planned),
  };
}

// --- echo on server-everything, through the MCP SDK client ---

/**
 * The SDK client hands its transport's one AbortSignal to every fetch, and Node's fetch lets go of its
 * listener on that signal only when the request is garbage-collected: a few thousand calls in a row pass
 * Node's listener warning threshold. Each request gets a signal of its own that follows the transport's.
 */
const fetchWithOwnSignal: typeof fetch = (input, init) =>
  fetch(input, init?.signal ? { ...init, signal: AbortSignal.any([init.signal]) } : init);

async function connectClient(target: Target, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(target.url), {
      requestInit: { headers: target.headers },
      fetch: fetchWithOwnSignal,
    }),
    { timeout: REQUEST_TIMEOUT_MS },
  );
  return client;
}

async function echoScenario(
  scenario: ScenarioName,
  settings: Settings,
  targets: Record<PathName, Target>,
  message: (n: number) => string = (n) => `m${n}`,
): Promise<Record<PathName, Stats>> {
  log(`${SCENARIO_LABEL[scenario]}: connecting ${settings.clients} client(s) per path`);
  const clients = {} as Record<PathName, Client[]>;
  for (const path of PATHS) {
    clients[path] = await Promise.all(
      Array.from({ length: settings.clients }, (_, i) => connectClient(targets[path], `bench-${path}-${i}`)),
    );
  }
  const caller =
    (path: PathName): Caller =>
    async (worker, n) => {
      const t0 = performance.now();
      const result = await clients[path][worker]!.callTool(
        { name: 'echo', arguments: { message: message(n) } },
        undefined,
        { timeout: 10_000 },
      );
      const ms = performance.now() - t0;
      if (result.isError) throw new Error(`echo answered an error: ${JSON.stringify(result.content)}`);
      return ms;
    };
  try {
    return await measure(scenario, settings, {
      direct: caller('direct'),
      bare: caller('bare'),
      gateway: caller('gateway'),
    });
  } finally {
    await Promise.all(
      PATHS.flatMap((path) => clients[path].map((client) => client.close().catch(() => undefined))),
    );
  }
}

/** Shows that provisioning is on for the measured server: tools/list filtered, another tool refused. */
async function checkEverythingProvisioning(direct: Target, gateway: Target): Promise<string> {
  const [upstream, through] = await Promise.all([
    connectClient(direct, 'bench-check-direct'),
    connectClient(gateway, 'bench-check-gateway'),
  ]);
  try {
    const all = (await upstream.listTools()).tools.map((t) => t.name);
    const offered = (await through.listTools()).tools.map((t) => t.name);
    const allowed = all.filter(globMatcher(EVERYTHING_ALLOW));
    if (!offered.includes('echo') || offered.length !== allowed.length)
      throw new Error(`the gateway offers [${offered.join(', ')}], expected [${allowed.join(', ')}]`);
    const hidden = all.find((name) => !allowed.includes(name));
    if (hidden === undefined) return `${offered.length} of ${all.length} tools offered`;
    const refused = await through
      .callTool({ name: hidden, arguments: {} }, undefined, { timeout: 10_000 })
      .then((result) => result.isError === true)
      .catch(() => true);
    if (!refused) throw new Error(`the gateway let a call of "${hidden}" through`);
    return `${offered.length} of ${all.length} tools offered, a call of "${hidden}" refused`;
  } finally {
    await Promise.all([upstream.close().catch(() => undefined), through.close().catch(() => undefined)]);
  }
}

/** `*` patterns as the provisioning rules define them (for checking what the gateway answers). */
function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split('*')
          .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
          .join('.*')}$`,
        's',
      ),
  );
  return (name) => res.some((re) => re.test(name));
}

// --- the synthetic upstream, through raw fetch ---

/** The JSON-RPC answer in a reply: its JSON body, or the last message of its SSE stream. */
function answerOf(reply: { contentType: string; text: string }): unknown {
  if (!reply.contentType.startsWith('text/event-stream')) return JSON.parse(reply.text);
  const data = reply.text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim());
  return JSON.parse(data.at(-1) ?? 'null');
}

/** A session-era MCP session opened by hand: initialize, notifications/initialized, then requests. */
class RawSession {
  private constructor(
    readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  static async open(target: Target): Promise<RawSession> {
    const base = {
      ...target.headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const initialize = {
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'bench-raw', version: '1' },
      },
    };
    const reply = await fetch(target.url, {
      method: 'POST',
      headers: base,
      body: JSON.stringify(initialize),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await reply.text();
    const sessionId = reply.headers.get('mcp-session-id');
    if (reply.status !== 200 || sessionId === null)
      throw new Error(`${target.name}: initialize answered ${reply.status} ${text.slice(0, 200)}`);
    const session = new RawSession(target.url, {
      ...base,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': PROTOCOL_VERSION,
    });
    const ack = await session.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    if (ack.status !== 202)
      throw new Error(`${target.name}: notifications/initialized answered ${ack.status}`);
    return session;
  }

  async post(message: unknown): Promise<{ status: number; contentType: string; text: string }> {
    const reply = await fetch(this.url, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await reply.text();
    return { status: reply.status, contentType: reply.headers.get('content-type') ?? '', text };
  }

  async close(): Promise<void> {
    await fetch(this.url, { method: 'DELETE', headers: this.headers, signal: AbortSignal.timeout(5_000) })
      .then((reply) => reply.arrayBuffer())
      .catch(() => undefined);
  }
}

async function syntheticScenarios(
  targets: Record<PathName, Target>,
): Promise<Pick<Results, 'tools-list-500' | 'sse-progress-1000'>> {
  const sessions = {} as Record<PathName, RawSession>;
  for (const path of PATHS) sessions[path] = await RawSession.open(targets[path]);
  const names = syntheticTools().map((tool) => tool.name as string);
  const expected: Record<PathName, number> = {
    direct: names.length,
    bare: names.length,
    gateway: names.filter(globMatcher(SYNTHETIC_ALLOW)).length,
  };
  try {
    const list =
      (path: PathName): Caller =>
      async (_worker, n) => {
        const t0 = performance.now();
        const reply = await sessions[path].post({ jsonrpc: '2.0', id: n, method: 'tools/list' });
        const ms = performance.now() - t0;
        const tools = (JSON.parse(reply.text) as { result?: { tools?: unknown[] } }).result?.tools;
        if (reply.status !== 200 || tools?.length !== expected[path])
          throw new Error(`tools/list answered ${reply.status} with ${tools?.length} tools`);
        return ms;
      };
    log(`${SCENARIO_LABEL['tools-list-500']}: gateway offers ${expected.gateway} of ${names.length}`);
    const listed = await measure('tools-list-500', TOOLS_LIST, {
      direct: list('direct'),
      bare: list('bare'),
      gateway: list('gateway'),
    });

    const stream =
      (path: PathName): Caller =>
      async (_worker, n) => {
        const call = {
          jsonrpc: '2.0',
          id: n,
          method: 'tools/call',
          params: { name: STREAM_TOOL, arguments: {}, _meta: { progressToken: `p${n}` } },
        };
        const t0 = performance.now();
        const reply = await sessions[path].post(call);
        const ms = performance.now() - t0;
        const progress = reply.text.split('"notifications/progress"').length - 1;
        if (
          reply.status !== 200 ||
          !reply.contentType.startsWith('text/event-stream') ||
          progress !== PROGRESS_EVENTS ||
          !reply.text.includes(`"id":${n},"result"`)
        )
          throw new Error(
            `the stream answered ${reply.status} ${reply.contentType}, ${progress} progress events`,
          );
        return ms;
      };
    log(`${SCENARIO_LABEL['sse-progress-1000']}: ${PROGRESS_EVENTS} events and the result per call`);
    const streamed = await measure('sse-progress-1000', PROGRESS, {
      direct: stream('direct'),
      bare: stream('bare'),
      gateway: stream('gateway'),
    });
    return { 'tools-list-500': listed, 'sse-progress-1000': streamed };
  } finally {
    await Promise.all(PATHS.map((path) => sessions[path].close()));
  }
}

// --- where servers come from: a virtual server over 5 members, an API-to-MCP tool ---

/**
 * A virtual server of {@link VIRTUAL_MEMBERS} members (each server-everything, under its own prefix): one
 * client session's `initialize` + `initialized` + `tools/list`, against a client doing the same with every
 * upstream itself (in parallel). Sessions are ended after each measured call, outside the time.
 */
async function virtualScenario(targets: Record<PathName, Target[]>): Promise<Record<PathName, Stats>> {
  const count = async (target: Target) => {
    const session = await RawSession.open(target);
    const reply = await session.post({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const tools = (answerOf(reply) as { result?: { tools?: { execution?: { taskSupport?: string } }[] } })
      .result?.tools;
    if (reply.status !== 200 || tools === undefined) throw new Error(`tools/list answered ${reply.status}`);
    // a virtual server runs no tasks: it does not list the tools that run only as one
    return { session, tools: tools.filter((t) => t.execution?.taskSupport !== 'required').length };
  };
  const expected = (await Promise.all(targets.direct.map(count))).reduce((sum, r) => {
    void r.session.close();
    return sum + r.tools;
  }, 0);
  log(`${SCENARIO_LABEL['virtual-5-members']}: ${expected} tools in all`);
  const caller =
    (path: PathName): Caller =>
    async () => {
      const t0 = performance.now();
      const listed = await Promise.all(targets[path].map(count));
      const ms = performance.now() - t0;
      await Promise.all(listed.map((l) => l.session.close()));
      const tools = listed.reduce((sum, l) => sum + l.tools, 0);
      if (tools !== expected) throw new Error(`${path} listed ${tools} tools, not ${expected}`);
      return ms;
    };
  return measure('virtual-5-members', VIRTUAL, {
    direct: caller('direct'),
    bare: caller('bare'),
    gateway: caller('gateway'),
  });
}

/** A REST API of one operation, described by its own OpenAPI document (served in this process). */
async function startRestApi(): Promise<{ url: string; close(): Promise<void> }> {
  const document = {
    openapi: '3.1.0',
    info: { title: 'Items', version: '1.0.0' },
    paths: {
      '/items/{id}': {
        get: {
          operationId: 'getItem',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The item',
              content: {
                'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
  };
  const server = createServer((request, response) => {
    const id = /^\/items\/([^/?]+)/.exec(request.url ?? '')?.[1];
    const body =
      request.url === '/openapi.json'
        ? document
        : id !== undefined
          ? { id, name: `item ${id}`, price: 42 }
          : undefined;
    response
      .writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' })
      .end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One tool call of an `openapi` server (one REST GET behind it), against the GET itself. */
async function openApiScenario(
  rest: string,
  bare: string,
  gateway: Target,
): Promise<Record<PathName, Stats>> {
  const get =
    (base: string): Caller =>
    async (_worker, n) => {
      const t0 = performance.now();
      const reply = await fetch(`${base}/items/${n}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const item = (await reply.json()) as { id?: string };
      const ms = performance.now() - t0;
      if (reply.status !== 200 || item.id !== String(n)) throw new Error(`GET answered ${reply.status}`);
      return ms;
    };
  const session = await RawSession.open(gateway);
  try {
    const call: Caller = async (_worker, n) => {
      const t0 = performance.now();
      const reply = await session.post({
        jsonrpc: '2.0',
        id: n,
        method: 'tools/call',
        params: { name: 'getItem', arguments: { id: String(n) } },
      });
      const ms = performance.now() - t0;
      const result = (answerOf(reply) as { result?: { structuredContent?: { id?: string } } }).result;
      if (reply.status !== 200 || result?.structuredContent?.id !== String(n))
        throw new Error(`tools/call answered ${reply.status} ${reply.text.slice(0, 200)}`);
      return ms;
    };
    return await measure('openapi-call', OPENAPI, { direct: get(rest), bare: get(bare), gateway: call });
  } finally {
    await session.close();
  }
}

// --- report ---

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

interface RatioRow {
  scenario: ScenarioName;
  metric: 'p50' | 'p99' | 'throughput';
  gatewayDirect: number;
  bareDirect: number;
  gatewayBare: number;
  /** The issue's target for gateway/direct, if it sets one. */
  target?: { max?: number; min?: number };
  /**
   * Why the ratio cannot be judged against a target: a path's failed calls (their time is in no
   * percentile) or calls it did not make.
   */
  unjudged?: string;
}

const TARGETS: Partial<
  Record<ScenarioName, Partial<Record<RatioRow['metric'], { max?: number; min?: number }>>>
> = {
  'echo-sequential': { p50: { max: 1.25 }, p99: { max: 1.5 } },
  'echo-concurrent': { p50: { max: 1.3 }, p99: { max: 1.5 }, throughput: { min: 0.8 } },
};

function ratioRows(results: Results): RatioRow[] {
  const rows: RatioRow[] = [];
  for (const scenario of SCENARIOS) {
    const { direct, bare, gateway } = results[scenario];
    const metrics: RatioRow['metric'][] = scenario.startsWith('echo')
      ? ['p50', 'p99', 'throughput']
      : ['p50', 'p99'];
    for (const metric of metrics) {
      const value = (s: Stats) => (metric === 'p50' ? s.p50Ms : metric === 'p99' ? s.p99Ms : s.throughput);
      const target = TARGETS[scenario]?.[metric];
      const paths = { direct, bare, gateway };
      const errors = PATHS.filter((p) => paths[p].errors > 0);
      const short = PATHS.filter((p) => paths[p].calls + paths[p].errors < paths[p].planned);
      const unjudged =
        errors.length > 0
          ? `errors on ${errors.join(', ')}`
          : short.length > 0
            ? `${short.join(', ')} short of calls`
            : undefined;
      rows.push({
        scenario,
        metric,
        ...(unjudged !== undefined ? { unjudged } : {}),
        gatewayDirect: value(gateway) / value(direct),
        bareDirect: value(bare) / value(direct),
        gatewayBare: value(gateway) / value(bare),
        ...(target !== undefined ? { target } : {}),
      });
    }
  }
  return rows;
}

/** The extra time per relayed message of the SSE scenario (p50 total minus the other path's, µs). */
function perMessageUs(results: Results) {
  const { direct, bare, gateway } = results['sse-progress-1000'];
  const messages = PROGRESS_EVENTS + 1;
  return {
    messages,
    gatewayVsDirect: ((gateway.p50Ms - direct.p50Ms) * 1000) / messages,
    bareVsDirect: ((bare.p50Ms - direct.p50Ms) * 1000) / messages,
    gatewayVsBare: ((gateway.p50Ms - bare.p50Ms) * 1000) / messages,
  };
}

function render(grid: string[][]): string {
  const widths = grid[0]!.map((_, c) => Math.max(...grid.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(grid[0]!), rule, ...grid.slice(1).map(line)].join('\n');
}

function tables(results: Results): string {
  const rows: string[][] = [
    ['scenario', 'path', 'calls', 'errors', 'p50 ms', 'p99 ms', 'mean ms', 'calls/s'],
  ];
  for (const scenario of SCENARIOS) {
    for (const path of PATHS) {
      const s = results[scenario][path];
      rows.push([
        SCENARIO_LABEL[scenario],
        path,
        String(s.calls),
        String(s.errors),
        fmt(s.p50Ms),
        fmt(s.p99Ms),
        fmt(s.meanMs),
        fmt(s.throughput, 0),
      ]);
    }
  }
  const ratios: string[][] = [
    ['scenario', 'metric', 'gateway/direct', 'bare/direct', 'gateway/bare', 'target (gateway/direct)'],
  ];
  for (const row of ratioRows(results)) {
    const { target } = row;
    const met =
      target === undefined
        ? ''
        : row.unjudged !== undefined
          ? ` not judged (${row.unjudged})`
          : (target.max === undefined || row.gatewayDirect <= target.max) &&
              (target.min === undefined || row.gatewayDirect >= target.min)
            ? ' met'
            : ' missed';
    ratios.push([
      SCENARIO_LABEL[row.scenario],
      row.metric,
      `${fmt(row.gatewayDirect)}x`,
      `${fmt(row.bareDirect)}x`,
      `${fmt(row.gatewayBare)}x`,
      target === undefined
        ? '-'
        : `${target.max !== undefined ? `<= ${target.max}` : `>= ${target.min}`}${met}`,
    ]);
  }
  const perMessage = perMessageUs(results);
  const signed = (us: number) => `${us >= 0 ? '+' : ''}${fmt(us, 1)} µs`;
  ratios.push([
    SCENARIO_LABEL['sse-progress-1000'],
    `per message (p50, ${perMessage.messages})`,
    signed(perMessage.gatewayVsDirect),
    signed(perMessage.bareVsDirect),
    signed(perMessage.gatewayVsBare),
    '-',
  ]);
  return `${render(rows)}\n\n${render(ratios)}`;
}

/**
 * 100 access policies in the bench's workspace, all read on every call: 90 about other servers and tools
 * (they must be matched and passed over), 10 deny rules about the benched tools whose CEL conditions are
 * evaluated on every call's arguments (and hold for none of them), and one team.
 */
async function createAccessPolicies(api: ReturnType<typeof admin>): Promise<string> {
  const create = async (path: string, body: unknown) => {
    const result = await api.request('POST', path, body);
    if (result.status !== 201) throw new Error(`creating ${path} failed: ${result.text}`);
  };
  await create('/v1/teams', { name: 'bench-team', members: ['bench'] });
  for (let i = 0; i < 90; i++) {
    await create('/v1/access-policies', {
      name: `other-${i}`,
      effect: i % 3 === 0 ? 'deny' : 'allow',
      priority: i,
      servers: [`svc-${i}-*`],
      tools: [`internal_${i}_*`],
      subjects: { teams: ['bench-team'], claims: [{ claim: 'groups', op: 'contains', values: [`g${i}`] }] },
    });
  }
  for (let i = 0; i < 10; i++) {
    await create('/v1/access-policies', {
      name: `guard-${i}`,
      effect: 'deny',
      priority: 100 + i,
      tools: ['echo', 'tool-*', STREAM_TOOL],
      condition: `has(mcp.tool.arguments.path) && mcp.tool.arguments.path.startsWith("/forbidden/${i}/")`,
    });
  }
  return '100 access policies (10 with CEL conditions on the arguments) and a team';
}

/**
 * Every other policy, on every benched server but `everything` (the target condition): two rate limits (one
 * per algorithm) and a budget, never reached, and a guardrail with every built-in detector on the arguments
 * and results of every call and on listed definitions (nothing benched trips one).
 */
async function createPolicyChain(api: ReturnType<typeof admin>): Promise<string> {
  const create = async (path: string, body: unknown) => {
    const result = await api.request('POST', path, body);
    if (result.status !== 201) throw new Error(`creating ${path} failed: ${result.text}`);
  };
  const servers = [FULL_SERVER, 'synthetic', 'items', 'suite', 'member-*'];
  await create('/v1/rate-limits', { name: 'bench-window', servers, limit: 1_000_000_000, window: 'minute' });
  await create('/v1/rate-limits', {
    name: 'bench-bucket',
    servers,
    limit: 1_000_000_000,
    window: 'second',
    algorithm: 'token-bucket',
    per: ['user', 'tool'],
  });
  await create('/v1/budgets', { name: 'bench-budget', servers, amount: 1_000_000_000, period: 'day' });
  await create('/v1/guardrails', {
    name: 'bench-guardrail',
    servers,
    direction: 'both',
    detectors: [...DETECTORS],
    definitions: true,
  });
  return 'two rate limits, a budget, a guardrail with every detector (definitions too), and (on the benched servers) retries, a circuit breaker, per-tool timeouts and prices';
}

/**
 * A hot rate-limit key, measured in process: two limiters sharing one store take 30,000 requests of a
 * 10,000-per-minute limit. Reports store writes per request and how far admissions stray from the limit.
 */
async function hotRateLimitKey(): Promise<{ writesPerRequest: number; admitted: number; limit: number }> {
  const clock = { now: () => Date.UTC(2026, 11, 1, 12, 0, 30) };
  const store = new MemoryStore(clock);
  const limiters = [new RateLimiter(store, clock), new RateLimiter(store, clock)];
  const rule = { id: 'hot', name: 'hot', workspace: 'default', limit: 10_000, window: 'minute' } as RateLimit;
  let admitted = 0;
  for (let i = 0; i < 30_000; i++) if ((await limiters[i % 2]!.take(rule, 'user=bench;')).allowed) admitted++;
  const writes = limiters.reduce((sum, l) => sum + l.writes, 0);
  return { writesPerRequest: writes / 30_000, admitted, limit: rule.limit };
}

async function main(): Promise<void> {
  const started = performance.now();
  log('building the gateway CLI');
  execFileSync(process.execPath, [join(repoRoot, 'runtime', 'scripts', 'build.mjs')], {
    stdio: 'inherit',
    timeout: 120_000,
  });
  const adminKey = randomBytes(24).toString('hex');
  log(
    'starting server-everything (streamable HTTP), the synthetic upstream, the gateway (--memory), bare proxies',
  );
  const [everything, synthetic, gateway] = await Promise.all([
    startEverything('streamableHttp'),
    startSyntheticUpstream(),
    // with a sealing key: write-only configuration (the servers' upstream headers) is sealed at rest,
    // opened once per config load, never per request
    GatewayProcess.start({
      adminKey,
      memory: true,
      env: {
        MCP_GATEWAY_TELEMETRY_INTERVAL_MS: String(TELEMETRY_INTERVAL_MS),
        MCP_GATEWAY_VAULT_KEY: randomBytes(32).toString('hex'),
      },
    }),
  ]);
  const [bareEverything, bareSynthetic] = await Promise.all([
    startBareProxy(everything.url),
    startBareProxy(synthetic.url),
  ]);
  const api = admin(() => gateway.url, adminKey);
  // the issues' target condition: provisioning (an allow list) and the workspace's access policies
  await registerServerWithTools(api, 'everything', everything.url, { allow: EVERYTHING_ALLOW });
  // the same upstream with every other policy on as well
  await registerServerWithTools(api, FULL_SERVER, everything.url, { allow: EVERYTHING_ALLOW });
  await registerServerWithTools(api, 'synthetic', synthetic.url, { allow: SYNTHETIC_ALLOW });
  log(`access control: ${await createAccessPolicies(api)}`);
  log(`on every server but "everything": ${await createPolicyChain(api)}`);
  // the resilience chain: retries, a circuit breaker, per-tool timeouts, prices
  for (const name of [FULL_SERVER, 'synthetic']) {
    const { items } = (await api.request('GET', `/v1/servers?name=${name}`)).body as {
      items: { id: string }[];
    };
    const patched = await api.request('PATCH', `/v1/servers/${items[0]!.id}`, {
      retry: { attempts: 2 },
      circuitBreaker: { consecutiveFailures: 5 },
      toolTimeoutsMs: { echo: 30_000 },
      pricing: { perCall: 1 },
      // an upstream credential, sealed at rest
      headers: { 'X-Upstream-Key': 'bench-upstream-key' },
    });
    if (patched.status !== 200) throw new Error(`patching ${name} failed: ${patched.text}`);
  }
  const apiKey = await api.createApiKey('bench', 'bench');
  const auth = { authorization: `Bearer ${apiKey}` };
  const everythingTargets: Record<PathName, Target> = {
    direct: { name: 'direct', url: everything.url, headers: {} },
    bare: { name: 'bare', url: viaProxy(bareEverything, everything.url), headers: {} },
    gateway: { name: 'gateway', url: `${gateway.url}/mcp/everything`, headers: auth },
  };
  const fullTargets: Record<PathName, Target> = {
    ...everythingTargets,
    gateway: { name: 'gateway', url: `${gateway.url}/mcp/${FULL_SERVER}`, headers: auth },
  };
  const syntheticTargets: Record<PathName, Target> = {
    direct: { name: 'direct', url: synthetic.url, headers: {} },
    bare: { name: 'bare', url: viaProxy(bareSynthetic, synthetic.url), headers: {} },
    gateway: { name: 'gateway', url: `${gateway.url}/mcp/synthetic`, headers: auth },
  };
  for (const targets of [everythingTargets, fullTargets])
    log(
      `provisioning on "${targets.gateway.url.split('/').at(-1)}" (allow ${EVERYTHING_ALLOW.join(', ')}): ${await checkEverythingProvisioning(targets.direct, targets.gateway)}`,
    );

  // the JWT path: the same calls with an identity provider's token (keys cached) instead of an api key
  const issuer = await startJwtIssuer();
  const created = await api.request('POST', '/v1/identity-providers', {
    name: 'bench-idp',
    issuer: issuer.issuer,
    jwksUri: issuer.jwksUri,
    algorithms: ['ES256'],
  });
  if (created.status !== 201) throw new Error(`creating the identity provider failed: ${created.text}`);
  const jwt = await issuer.token(fullTargets.gateway.url, 'bench');
  const jwtTargets: Record<PathName, Target> = {
    ...fullTargets,
    gateway: { ...fullTargets.gateway, headers: { authorization: `Bearer ${jwt}` } },
  };

  const results = {} as Results;
  // the target condition (provisioning and access policies), without telemetry
  results['echo-sequential'] = await echoScenario('echo-sequential', SEQUENTIAL, everythingTargets);
  results['echo-concurrent'] = await echoScenario('echo-concurrent', CONCURRENT, everythingTargets);
  // every policy on, still without telemetry
  results['echo-sequential-full'] = await echoScenario('echo-sequential-full', SEQUENTIAL, fullTargets);
  results['echo-4k-guardrails'] = await echoScenario('echo-4k-guardrails', LARGE_ECHO, fullTargets, (n) =>
    `${n} ${LARGE_MESSAGE}`.slice(0, 4096),
  );
  results['echo-concurrent-full'] = await echoScenario('echo-concurrent-full', CONCURRENT, fullTargets);
  // telemetry from here on: every span exported (sampling 1.0) to a loopback OTLP receiver
  const collector = await startOtlpReceiver({ decode: false });
  const sink = await api.request('POST', '/v1/telemetry-sinks', {
    name: 'bench-collector',
    endpoint: collector.url,
  });
  if (sink.status !== 201) throw new Error(`creating the telemetry sink failed: ${sink.text}`);
  await new Promise((resolve) => setTimeout(resolve, 5_500)); // the sinks are read with the config TTL
  results['echo-sequential-traced'] = await echoScenario('echo-sequential-traced', SEQUENTIAL, fullTargets);
  results['echo-sequential-jwt'] = await echoScenario('echo-sequential-jwt', SEQUENTIAL, jwtTargets);
  results['echo-concurrent-traced'] = await echoScenario('echo-concurrent-traced', CONCURRENT, fullTargets);
  Object.assign(results, await syntheticScenarios(syntheticTargets));

  // a virtual server of five members (server-everything under five prefixes), and an API-to-MCP tool
  const members = Array.from({ length: VIRTUAL_MEMBERS }, (_, i) => `member-${i + 1}`);
  for (const member of members) {
    const made = await api.request('POST', '/v1/servers', { name: member, url: everything.url });
    if (made.status !== 201) throw new Error(`creating ${member} failed: ${made.text}`);
  }
  const virtual = await api.request('POST', '/v1/servers', {
    name: 'suite',
    transport: 'virtual',
    members: members.map((server, i) => ({ server, prefix: `m${i + 1}_` })),
  });
  if (virtual.status !== 201) throw new Error(`creating the virtual server failed: ${virtual.text}`);
  const fiveOf = (target: Target) => Array.from({ length: VIRTUAL_MEMBERS }, () => target);
  results['virtual-5-members'] = await virtualScenario({
    direct: fiveOf(everythingTargets.direct),
    bare: fiveOf(everythingTargets.bare),
    gateway: [{ name: 'gateway', url: `${gateway.url}/mcp/suite`, headers: auth }],
  });
  const rest = await startRestApi();
  const bareRest = await startBareProxy(rest.url);
  const items = await api.request('POST', '/v1/servers', {
    name: 'items',
    url: rest.url,
    transport: 'openapi',
    openapi: { url: `${rest.url}/openapi.json` },
  });
  if (items.status !== 201) throw new Error(`creating the openapi server failed: ${items.text}`);
  results['openapi-call'] = await openApiScenario(rest.url, bareRest.origin, {
    name: 'gateway',
    url: `${gateway.url}/mcp/items`,
    headers: auth,
  });
  await Promise.all([rest.close(), bareRest.stop()]);

  const hot = await hotRateLimitKey();
  const traceExports = collector.exports.filter((e) => e.path === '/v1/traces').length;
  log(`telemetry: ${traceExports} trace exports received by the OTLP receiver`);
  await collector.close();
  log('');
  log(tables(results));
  log(
    `\nhot rate-limit key (10,000/min, 30,000 requests over two instances): ${hot.writesPerRequest.toFixed(4)} store writes per request; ${hot.admitted} admitted (${hot.admitted - hot.limit >= 0 ? '+' : ''}${hot.admitted - hot.limit} against the limit)`,
  );
  const report = {
    benchmark:
      'gateway overhead against direct calls and a bare pass-through proxy: provisioning and 100 access policies on, then every policy, then telemetry',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    wallSeconds: (performance.now() - started) / 1000,
    settings: {
      rounds: ROUNDS,
      concurrentRounds: CONCURRENT_ROUNDS,
      warmupBudgetMs: WARMUP_BUDGET_MS,
      telemetryIntervalMs: TELEMETRY_INTERVAL_MS,
      nodeOptions: process.env['NODE_OPTIONS'] ?? null,
      'echo-sequential': SEQUENTIAL,
      'echo-concurrent': CONCURRENT,
      'echo-sequential-full': SEQUENTIAL,
      'echo-4k-guardrails': { ...LARGE_ECHO, argumentBytes: 4096 },
      'echo-concurrent-full': CONCURRENT,
      'echo-sequential-traced': { ...SEQUENTIAL, telemetrySampling: 1 },
      'echo-sequential-jwt': { ...SEQUENTIAL, telemetrySampling: 1 },
      'echo-concurrent-traced': { ...CONCURRENT, telemetrySampling: 1 },
      'tools-list-500': { ...TOOLS_LIST, tools: TOOL_COUNT, allow: SYNTHETIC_ALLOW, telemetrySampling: 1 },
      'sse-progress-1000': { ...PROGRESS, progressEvents: PROGRESS_EVENTS, telemetrySampling: 1 },
      'virtual-5-members': { ...VIRTUAL, members: VIRTUAL_MEMBERS, telemetrySampling: 1 },
      'openapi-call': { ...OPENAPI, telemetrySampling: 1 },
      everythingAllow: EVERYTHING_ALLOW,
    },
    results,
    ratios: ratioRows(results),
    hotRateLimitKey: hot,
    sseExtraMicrosecondsPerMessage: perMessageUs(results),
  };
  const dir = join(repoRoot, 'bench-results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'gateway.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwritten to ${join('bench-results', 'gateway.json')} (${fmt(report.wallSeconds, 0)} s)`);
  await gateway.close();
  await Promise.all([
    everything.stop(),
    synthetic.stop(),
    bareEverything.stop(),
    bareSynthetic.stop(),
    issuer.stop(),
  ]);
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
