/**
 * Rate limits and budgets held across two gateway processes sharing one store (A's embedded store, B in
 * service mode on it), in front of `server-everything`: the limit answers 429 at its count with
 * `Retry-After` and `RateLimit` headers whichever process serves, and a budget blocks at its amount with
 * its spend readable through the API.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin } from '../support/gateway-api.js';
import { freePort, GatewayProcess, startEverything, stopAll, type Upstream } from '../support/processes.js';
import { openSession, sessionPost, statelessPost, toolCallMessage } from '../support/raw-mcp.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

let upstream: Upstream;
let recorder: RecordingProxy;
let crowd: RecordingProxy;
let stable: RecordingProxy;
let canary: RecordingProxy;
let faulty: HttpServer;
let faultyCalls = 0;
let sick: HttpServer;
let sickCalls = 0;
let a: GatewayProcess;
let b: GatewayProcess;
let api: Admin;
let apiKey: string;

beforeAll(async () => {
  const storePort = await freePort();
  const adminKey = 'traffic-admin-key-0123456789abcdef';
  [upstream, a] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true, args: ['--store-port', String(storePort)] }),
  ]);
  b = await GatewayProcess.start({
    adminKey,
    externalStore: true,
    args: ['--dynamodb-endpoint', `http://127.0.0.1:${storePort}`, '--table', 'mcp-gateway'],
    env: { MCP_GATEWAY_CONFIG_TTL_MS: '200' },
  });
  [recorder, stable, canary] = await Promise.all([
    startRecordingProxy(upstream.url),
    startRecordingProxy(upstream.url),
    startRecordingProxy(upstream.url),
  ]);
  faulty = createHttpServer((_request, response) => {
    faultyCalls++;
    response.writeHead(500).end('broken');
  });
  await new Promise<void>((resolve) => faulty.listen(0, '127.0.0.1', resolve));
  const faultyUrl = `http://127.0.0.1:${(faulty.address() as { port: number }).port}/mcp`;
  const deadUrl = `http://127.0.0.1:${await freePort()}/mcp`;
  sick = createHttpServer((_request, response) => {
    sickCalls++;
    response.writeHead(503).end('sick');
  });
  await new Promise<void>((resolve) => sick.listen(0, '127.0.0.1', resolve));
  const sickUrl = `http://127.0.0.1:${(sick.address() as { port: number }).port}/mcp`;
  api = admin(() => a.url, adminKey);
  for (const body of [
    {
      name: 'weighted',
      url: stable.url,
      targets: [
        { url: stable.url, weight: 90 },
        { url: canary.url, weight: 10 },
      ],
    },
    { name: 'failover', url: deadUrl, targets: [{ url: deadUrl }, { url: stable.url, priority: 1 }] },
    {
      name: 'probed',
      url: sickUrl,
      targets: [{ url: sickUrl }, { url: canary.url, priority: 1 }],
      healthCheck: { intervalSeconds: 10, unhealthyAfter: 1 },
    },
    {
      name: 'breaker',
      url: faultyUrl,
      targets: [{ url: faultyUrl }, { url: canary.url, priority: 1 }],
      circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 },
    },
  ]) {
    const created = await api.request('POST', '/v1/servers', body);
    expect(created.status, created.text).toBe(201);
  }
  // a server whose only target is down, falling back to another server (served by the canary proxy)
  const backup = await api.request('POST', '/v1/servers', { name: 'backup', url: canary.url });
  expect(backup.status, backup.text).toBe(201);
  const primary = await api.request('POST', '/v1/servers', {
    name: 'primary',
    url: deadUrl,
    fallbacks: ['backup'],
  });
  expect(primary.status, primary.text).toBe(201);
  await api.registerServer('limited', recorder.url);
  crowd = await startRecordingProxy(upstream.url);
  await api.registerServer('crowded', crowd.url);
  const timed = await api.request('POST', '/v1/servers', {
    name: 'timed',
    url: upstream.url,
    timeoutMs: 60_000,
    toolTimeoutsMs: { 'trigger-long-*': 700 },
  });
  expect(timed.status, timed.text).toBe(201);
  const budgeted = await api.request('POST', '/v1/servers', {
    name: 'budgeted',
    url: recorder.url,
    pricing: { perCall: 1, tools: { 'get-sum': 2 } },
  });
  expect(budgeted.status, budgeted.text).toBe(201);
  for (const [path, body] of [
    ['/v1/rate-limits', { name: 'per-user', servers: ['limited'], limit: 30, window: 'minute' }],
    [
      '/v1/rate-limits',
      {
        name: 'crowd',
        servers: ['crowded'],
        tools: ['get-sum'],
        per: ['server'],
        limit: 40,
        window: 'minute',
      },
    ],
    ['/v1/budgets', { name: 'daily', servers: ['budgeted'], amount: 10, period: 'day', alertAt: [0.5] }],
  ] as const) {
    const created = await api.request('POST', path, body);
    expect(created.status, created.text).toBe(201);
  }
  apiKey = await api.createApiKey('dana-laptop', 'dana');
  await new Promise((resolve) => setTimeout(resolve, 300)); // B's config cache
});

afterAll(async () => {
  faulty?.close();
  sick?.close();
  await Promise.all([stable?.close(), canary?.close()]);
  await recorder?.close();
  await crowd?.close();
  await b?.close();
  await a?.close();
  await stopAll();
});

const callsReaching = (tool: string) =>
  recorder.messages.filter((m) => m.method === 'tools/call' && m.params?.name === tool).length;

describe('traffic control across two processes sharing one store', () => {
  it('answers 429 at the limit, with Retry-After and RateLimit headers, whichever process serves', async () => {
    const sessions = await Promise.all([a, b].map((g) => openSession(`${g.url}/mcp/limited`, apiKey)));
    // the two initializes counted already: 28 calls left of 30
    let allowed = 2;
    let refused: Awaited<ReturnType<typeof sessionPost>> | undefined;
    for (let i = 0; i < 40; i++) {
      const g = i % 2 === 0 ? a : b;
      const response = await sessionPost(
        `${g.url}/mcp/limited`,
        apiKey,
        sessions[i % 2]!,
        toolCallMessage(i, 'echo', { message: `m${i}` }),
      );
      if (response.status === 429) refused ??= response;
      else allowed++;
    }
    expect(allowed).toBe(30);
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused!.headers.get('ratelimit-policy')).toBe('"per-user";q=30;w=60');
    expect(refused!.headers.get('ratelimit')).toMatch(/^"per-user";r=0;t=\d+$/);
    expect(refused!.body).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32029, data: { limit: 'per-user', retryAfterSeconds: expect.any(Number) } },
    });
    expect(callsReaching('echo')).toBe(28);
  });

  it('holds a shared limit under 120 concurrent calls of four users on both processes', async () => {
    const keys = await Promise.all(
      ['ann', 'ben', 'cat', 'dov'].map((u) => api.createApiKey(`${u}-crowd`, u)),
    );
    const sessions = await Promise.all(
      keys.flatMap((key) =>
        [a, b].map(async (g) => ({ g, key, id: await openSession(`${g.url}/mcp/crowded`, key) })),
      ),
    );
    const statuses = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const { g, key, id } = sessions[i % sessions.length]!;
        return sessionPost(
          `${g.url}/mcp/crowded`,
          key,
          id,
          toolCallMessage(i, 'get-sum', { a: i, b: 1 }),
        ).then((r) => r.status);
      }),
    );
    const allowed = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // never over the limit; under it by at most the leases the two instances still hold (documented)
    expect(allowed).toBeLessThanOrEqual(40);
    expect(allowed).toBeGreaterThanOrEqual(36);
    // what was refused never reached the upstream
    const reached = crowd.messages.filter((m) => m.method === 'tools/call');
    expect(reached).toHaveLength(allowed);
  });

  it("cuts a tool call at its tool's timeout, naming it, while other calls keep the server's", async () => {
    const session = await openSession(`${a.url}/mcp/timed`, apiKey);
    const started = Date.now();
    const slow = await sessionPost(
      `${a.url}/mcp/timed`,
      apiKey,
      session,
      toolCallMessage(1, 'trigger-long-running-operation', { duration: 5, steps: 5 }),
    );
    const elapsed = Date.now() - started;
    // cut at the tool's 700 ms, far from the operation's own 5 s
    expect(elapsed).toBeLessThan(4000);
    expect(JSON.stringify(slow.body)).toContain('within its timeout of 700 ms');
    const echo = await sessionPost(
      `${a.url}/mcp/timed`,
      apiKey,
      session,
      toolCallMessage(2, 'echo', { message: 'fine' }),
    );
    expect(JSON.stringify(echo.body)).toContain('Echo: fine');
  });

  it('splits new sessions 90/10 within a few percent, and a session never switches target', async () => {
    const initializes = (proxy: RecordingProxy) =>
      proxy.messages.filter((m) => m.method === 'initialize').length;
    const before = { stable: initializes(stable), canary: initializes(canary) };
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 1000) {
          next++;
          await openSession(`${(next % 2 === 0 ? a : b).url}/mcp/weighted`, apiKey);
        }
      }),
    );
    const toCanary = initializes(canary) - before.canary;
    const total = toCanary + initializes(stable) - before.stable;
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(toCanary / total).toBeGreaterThan(0.07);
    expect(toCanary / total).toBeLessThan(0.13);
    for (let i = 0; i < 20; i++) {
      const counts = () => [initializes(stable), initializes(canary)];
      const opened = counts();
      const session = await openSession(`${a.url}/mcp/weighted`, apiKey);
      const [on, other] = counts()[0]! > opened[0]! ? [stable, canary] : [canary, stable];
      // tool calls only: the gateway may read the tool list of the target on its own account
      const toolCalls = (proxy: RecordingProxy) =>
        proxy.messages.filter((m) => m.method === 'tools/call').length;
      const calls = toolCalls(on);
      const elsewhere = toolCalls(other);
      for (const g of [a, b]) {
        const r = await sessionPost(
          `${g.url}/mcp/weighted`,
          apiKey,
          session,
          toolCallMessage(i, 'echo', { message: 'x' }),
        );
        expect(JSON.stringify(r.body)).toContain('Echo: x');
      }
      expect(toolCalls(on) - calls).toBe(2);
      expect(toolCalls(other)).toBe(elsewhere);
    }
  });

  it('fails over to the next priority when a target is down, and stops calling a broken one', async () => {
    const session = await openSession(`${a.url}/mcp/failover`, apiKey);
    const echoed = await sessionPost(
      `${a.url}/mcp/failover`,
      apiKey,
      session,
      toolCallMessage(1, 'echo', { message: 'over' }),
    );
    expect(JSON.stringify(echoed.body)).toContain('Echo: over');
    // two 500s open the breaker's circuit; then new sessions go to the next target, and the broken one hears nothing
    for (let i = 0; i < 2; i++) await openSession(`${a.url}/mcp/breaker`, apiKey).catch(() => undefined);
    expect(faultyCalls).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // B reads the tripped record (cached 2 s)
    for (const g of [a, b, a, b]) await openSession(`${g.url}/mcp/breaker`, apiKey);
    expect(faultyCalls).toBe(2);
    // what live traffic found is visible beside the probes' verdict
    const { items } = (await api.request('GET', '/v1/servers?name=breaker')).body as {
      items: { id: string }[];
    };
    const health = (await api.request('GET', `/v1/servers/${items[0]!.id}/health`)).body as {
      targets: { circuit: string; circuitOpenUntil?: string }[];
    };
    expect(health.targets.map((t) => t.circuit)).toEqual(['open', 'closed']);
    expect(Date.parse(health.targets[0]!.circuitOpenUntil!)).toBeGreaterThan(Date.now());
  });

  it('falls back to another server when no target answers; the session stays there, stateless calls too', async () => {
    const before = canary.messages.length;
    const session = await openSession(`${a.url}/mcp/primary`, apiKey);
    for (const g of [a, b]) {
      const echoed = await sessionPost(
        `${g.url}/mcp/primary`,
        apiKey,
        session,
        toolCallMessage(1, 'echo', { message: 'caught' }),
      );
      expect(JSON.stringify(echoed.body)).toContain('Echo: caught');
    }
    const stateless = await statelessPost(`${b.url}/mcp/primary`, apiKey, 2, 'tools/call', {
      name: 'echo',
      arguments: { message: 'stateless' },
    });
    expect(JSON.stringify(stateless.body), stateless.text).toContain('Echo: stateless');
    const calls = canary.messages.slice(before).filter((m) => m.method === 'tools/call');
    expect(calls).toHaveLength(3);
    // a server named as a fallback cannot be deleted behind its back
    const { items } = (await api.request('GET', '/v1/servers?name=backup')).body as {
      items: { id: string }[];
    };
    const refused = await api.request('DELETE', `/v1/servers/${items[0]!.id}`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('fallbacks');
  });

  it('takes a target that fails its health checks out of rotation, and says so', async () => {
    const { items } = (await api.request('GET', '/v1/servers?name=probed')).body as {
      items: { id: string }[];
    };
    let health: {
      checkedAt?: string;
      targets?: { url: string; healthy: boolean; inRotation: boolean; circuit: string }[];
    } = {};
    for (let i = 0; i < 40 && health.checkedAt === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      health = (await api.request('GET', `/v1/servers/${items[0]!.id}/health`)).body as typeof health;
    }
    expect(health).toMatchObject({ healthy: true, checkedAt: expect.any(String) });
    expect(health.targets!.map((t) => [t.healthy, t.inRotation, t.circuit])).toEqual([
      [false, false, 'closed'],
      [true, true, 'closed'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the routers' cached view
    const probes = sickCalls;
    for (const g of [a, b, a, b]) await openSession(`${g.url}/mcp/probed`, apiKey);
    // none of the four sessions went there (a scheduled probe may have, meanwhile)
    expect(sickCalls - probes).toBeLessThanOrEqual(1);
  });

  it('blocks at the budget across both processes and reports the spend', async () => {
    const sessions = await Promise.all([a, b].map((g) => openSession(`${g.url}/mcp/budgeted`, apiKey)));
    let answered = 0;
    let blocked: Record<string, unknown> | undefined;
    for (let i = 0; i < 12; i++) {
      const g = i % 2 === 0 ? a : b;
      // get-sum costs 2: 5 of them spend the 10 units
      const response = await sessionPost(
        `${g.url}/mcp/budgeted`,
        apiKey,
        sessions[i % 2]!,
        toolCallMessage(i, 'get-sum', { a: 1, b: 2 }),
      );
      const body = response.body as { error?: Record<string, unknown> };
      if (body.error === undefined) answered++;
      else blocked ??= body.error;
    }
    expect(answered).toBe(5);
    expect(callsReaching('get-sum')).toBe(5);
    expect(blocked).toMatchObject({ code: -32030, message: expect.stringContaining('Budget "daily"') });
    const id = ((await api.request('GET', '/v1/budgets?name=daily')).body as { items: { id: string }[] })
      .items[0]!.id;
    let usage: { items: { key: Record<string, string>; spent: number; remaining: number }[] } = { items: [] };
    for (let i = 0; i < 30 && usage.items[0]?.spent !== 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      usage = (await api.request('GET', `/v1/budgets/${id}/usage`)).body as typeof usage;
    }
    expect(usage.items).toEqual([{ key: { user: 'dana' }, spent: 10, remaining: 0 }]);
    // the alert at half the amount is an audit event too, once across both processes
    let alerts: { resource: { name: string }; detail: Record<string, unknown> }[] = [];
    for (let i = 0; i < 30 && alerts.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      alerts = (
        (await api.request('GET', '/v1/audit-events?type=budget.alert')).body as { items: typeof alerts }
      ).items;
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      resource: { name: 'daily' },
      detail: { threshold: 0.5, amount: 10, period: expect.any(String) },
    });
  });
});
