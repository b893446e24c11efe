import { describe, expect, it } from 'vitest';
import type { Server } from '../core/config.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { resourcePartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import { checkAllServers, ownCredentials, probe } from './health.js';
import { healthKey } from './health-record.js';
import { upstreamTransports } from './upstream/transports.js';

describe('checkAllServers', () => {
  it('probes enabled servers with initialize, records each result and skips disabled ones', async () => {
    const store = new MemoryStore();
    const servers = [
      { name: 'good', url: 'http://127.0.0.1:1001/mcp', enabled: true },
      { name: 'down', url: 'http://127.0.0.1:9/mcp', enabled: true },
      { name: 'off', url: 'http://127.0.0.1:1001/mcp', enabled: false },
      { name: 'meta', url: 'http://169.254.169.254/', enabled: true },
      // no server the gateway could serve (stored by hand): left out, stopping no other probe
      {
        name: 'broken',
        url: 'http://127.0.0.1:1001/mcp',
        enabled: true,
        targets: 'http://127.0.0.1:1001/mcp',
      },
    ];
    for (const [i, data] of servers.entries())
      await store.put({ pk: resourcePartition('server'), sk: `srv_${i}`, version: 1, data });
    const seen: string[] = [];
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      seen.push(`${init?.method ?? 'GET'} ${String(url)}`);
      if (String(url).includes(':9/'))
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      if (init?.method === 'DELETE') return new Response(null, { status: 200 });
      return new Response('{"jsonrpc":"2.0","id":"mcp-gateway-catalog","result":{}}', {
        headers: { 'content-type': 'application/json', 'mcp-session-id': 'probe' },
      });
    }) as typeof fetch;
    let now = 1_000;
    const results = await checkAllServers({
      store,
      clock: { now: () => (now += 5) },
      guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      transports: upstreamTransports({
        http: fetchHttpClient(fetchImpl),
        guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      }),
    });
    expect(results.map((r) => [r.server, r.healthy, r.error])).toEqual([
      ['down', false, 'upstream_unavailable'],
      ['good', true, undefined],
      ['meta', false, 'forbidden'],
    ]);
    expect(seen).toContain('DELETE http://127.0.0.1:1001/mcp');
    expect(await store.get(healthKey('good').pk, healthKey('good').sk)).toMatchObject({ healthy: true });
    expect(await store.get(healthKey('off').pk, healthKey('off').sk)).toBeUndefined();
  });

  it('goes on with every other server when the store refuses one verdict', async () => {
    const store = new MemoryStore();
    for (const [i, name] of ['a', 'b', 'c'].entries())
      await store.put({
        pk: resourcePartition('server'),
        sk: `srv_${i}`,
        version: 1,
        data: { name, url: 'http://127.0.0.1:1001/mcp', enabled: true },
      });
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      // throttled: b's verdict
      if (item.pk === healthKey('b').pk && item.sk === healthKey('b').sk) throw new Error('throttled');
      return put(item, condition);
    };
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      if (init?.method === 'DELETE') return new Response(null, { status: 200 });
      return new Response('{"jsonrpc":"2.0","id":"mcp-gateway-catalog","result":{}}', {
        headers: { 'content-type': 'application/json', 'mcp-session-id': 'probe' },
      });
    }) as typeof fetch;
    const logged: string[] = [];
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const results = await checkAllServers(
      {
        store,
        clock: { now: () => Date.now() },
        guard,
        transports: upstreamTransports({ http: fetchHttpClient(fetchImpl), guard }),
        log: (line) => logged.push(line),
      },
      1,
    );
    expect(results.map((r) => [r.server, r.healthy])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
    ]);
    for (const name of ['a', 'c'])
      expect(await store.get(healthKey(name).pk, healthKey(name).sk)).toMatchObject({ healthy: true });
    expect(logged).toEqual([expect.stringContaining('the verdict on b was not recorded: throttled')]);
  });

  it('begins no probe it could not end by the deadline, and probes the servers checked longest ago first', async () => {
    const store = new MemoryStore();
    for (const i of [0, 1, 2, 3])
      await store.put({
        pk: resourcePartition('server'),
        sk: `srv_${i}`,
        version: 1,
        data: { name: `s${i}`, url: `http://127.0.0.1:100${i}/mcp`, enabled: true },
      });
    // s0 and s1 were checked lately, s2 long ago, s3 never
    for (const [name, at] of [
      ['s0', '2026-12-01T12:00:00Z'],
      ['s1', '2026-12-01T11:00:00Z'],
      ['s2', '2026-11-01T00:00:00Z'],
    ] as const)
      await store.put({ ...healthKey(name), server: name, healthy: true, checkedAt: at });
    const probed: string[] = [];
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      if (init?.method !== 'DELETE') probed.push(String(url));
      await new Promise((resolve) => setTimeout(resolve, 150));
      return new Response('{"jsonrpc":"2.0","id":"mcp-gateway-catalog","result":{}}', {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const lines: string[] = [];
    // one worker, probes of at most 2 × 1 s (+1 s) each: a deadline 3.1 s away leaves time to begin one
    const results = await checkAllServers(
      {
        store,
        clock: { now: () => Date.now() },
        guard,
        transports: upstreamTransports({ http: fetchHttpClient(fetchImpl), guard }),
        timeoutMs: 1000,
        deadline: Date.now() + 3100,
        log: (line) => lines.push(line),
      },
      1,
    );
    expect([...new Set(probed)]).toEqual(['http://127.0.0.1:1003/mcp']);
    expect(results.map((r) => r.server)).toEqual(['s3']);
    expect(lines).toEqual([
      "mcp-gateway health: 3 servers not probed within this run's time; they go first next run",
    ]);
    // a run with less time than a probe may take (a short function timeout) still probes one, the
    // oldest, within the time left; with no time to speak of, none
    const run = async (timeoutMs: number, deadline: number) => {
      probed.length = 0;
      await checkAllServers(
        {
          store,
          clock: { now: () => Date.now() },
          guard,
          transports: upstreamTransports({ http: fetchHttpClient(fetchImpl), guard }),
          timeoutMs,
          deadline,
          log: () => {},
        },
        1,
      );
      return [...new Set(probed)];
    };
    expect(await run(10_000, Date.now() + 4000)).toEqual(['http://127.0.0.1:1002/mcp']);
    expect(await run(10_000, Date.now() + 1000)).toEqual([]);
  });

  it('lets one of the processes sharing a table probe a due server, not each of them', async () => {
    const clock = { now: () => Date.UTC(2026, 11, 1, 12) };
    const store = new MemoryStore(clock);
    await store.put({
      pk: resourcePartition('server'),
      sk: 'srv_1',
      version: 1,
      data: { name: 'checked', url: 'http://127.0.0.1:9/mcp', healthCheck: { intervalSeconds: 30 } },
    });
    let probes = 0;
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const deps = {
      store,
      clock,
      guard,
      transports: upstreamTransports({
        http: fetchHttpClient((async () => {
          probes++;
          throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        }) as typeof fetch),
        guard,
      }),
    };
    // three processes' timers at once: one probes, and one failure is counted
    const runs = await Promise.all([1, 2, 3].map(() => checkAllServers(deps, 4, true)));
    expect(runs.map((r) => r.length).sort()).toEqual([0, 0, 1]);
    expect(probes).toBe(1);
    expect(await store.get(healthKey('checked').pk, healthKey('checked').sk)).toMatchObject({
      targets: [expect.objectContaining({ failures: 1 })],
    });
  });

  it('says how long each verdict holds: three runs of its schedule, or three intervals when longer', async () => {
    const store = new MemoryStore();
    await store.put({
      pk: resourcePartition('server'),
      sk: 'srv_1',
      version: 1,
      data: { name: 'slow', url: 'http://127.0.0.1:9/mcp', healthCheck: { intervalSeconds: 3600 } },
    });
    await store.put({
      pk: resourcePartition('server'),
      sk: 'srv_2',
      version: 1,
      data: { name: 'often', url: 'http://127.0.0.1:9/mcp', healthCheck: { intervalSeconds: 10 } },
    });
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const deps = (runsEverySeconds?: number) => ({
      store,
      clock: { now: () => 0 },
      guard,
      transports: upstreamTransports({
        http: fetchHttpClient((async () => {
          throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        }) as typeof fetch),
        guard,
      }),
      ...(runsEverySeconds !== undefined ? { runsEverySeconds } : {}),
    });
    const holds = async (every: number | undefined, onlyDue = false) =>
      Object.fromEntries(
        (await checkAllServers(deps(every), 8, onlyDue)).map((r) => [
          r.server,
          Date.parse(r.holdsUntil!) / 1000,
        ]),
      );
    // scheduled every ten minutes: thirty, or three of the server's own longer interval
    expect(await holds(600)).toEqual({ often: 3 * 600, slow: 3 * 3600 });
    // a schedule of unknown rate (cron): fifteen minutes at least
    expect(await holds(undefined)).toEqual({ often: 900, slow: 3 * 3600 });
    // the local timer probes each server when due, give or take its tick and a slow run (30 s)
    await store.delete('health', 'often');
    await store.delete('health', 'slow');
    expect(await holds(undefined, true)).toEqual({ often: 3 * 40, slow: 3 * 3630 });
    expect(await store.get(healthKey('often').pk, healthKey('often').sk)).toMatchObject({
      holdsUntil: new Date(120_000).toISOString(),
    });
  });

  it('a store failing to save the catalog does not make a healthy target unhealthy', async () => {
    const store = new MemoryStore();
    const failing = Object.assign(Object.create(store) as MemoryStore, {
      get: (...args: Parameters<MemoryStore['get']>) =>
        args[0].startsWith('catalog') ? Promise.reject(new Error('throttled')) : store.get(...args),
    });
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      if (init?.method === 'DELETE') return new Response(null, { status: 200 });
      const id = (JSON.parse(String(init?.body)) as { id?: unknown }).id;
      const result = String(init?.body).includes('tools/list')
        ? { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }
        : { protocolVersion: '2025-11-25', capabilities: { tools: {} } };
      return Response.json({ jsonrpc: '2.0', id, result }, { headers: { 'mcp-session-id': 'probe' } });
    }) as typeof fetch;
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const result = await probe(
      {
        name: 'up',
        url: 'http://127.0.0.1:1001/mcp',
        healthCheck: { intervalSeconds: 30, unhealthyAfter: 1 },
      } as Server,
      {
        store: failing,
        clock: { now: () => Date.now() },
        guard,
        transports: upstreamTransports({ http: fetchHttpClient(fetchImpl), guard }),
      },
    );
    expect(result.targets).toMatchObject([{ healthy: true, inRotation: true }]);
  });

  it('probes with the gateway’s own upstream credential; a server that wants each caller’s identity is there when it refuses the probe', async () => {
    const store = new MemoryStore();
    const servers = [
      {
        name: 'machine',
        url: 'http://127.0.0.1:1001/mcp',
        credentials: {
          kind: 'client-credentials',
          tokenUrl: 'http://127.0.0.1:1002/token',
          clientId: 'gw',
          clientSecret: 's3cret',
        },
      },
      { name: 'per-user', url: 'http://127.0.0.1:1003/mcp', identity: { forwardJwt: 'X-Identity' } },
      { name: 'plain', url: 'http://127.0.0.1:1003/mcp' },
    ];
    for (const [i, data] of servers.entries())
      await store.put({ pk: resourcePartition('server'), sk: `srv_${i}`, version: 1, data });
    const authorizations: (string | null)[] = [];
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      if (String(url).endsWith('/token'))
        return Response.json({ access_token: 'machine-token', token_type: 'Bearer', expires_in: 3600 });
      if (init?.method === 'DELETE') return new Response(null, { status: 200 });
      const authorization = new Headers(init?.headers).get('authorization');
      authorizations.push(authorization);
      // both upstreams admit the machine's token only
      if (authorization !== 'Bearer machine-token') return new Response(null, { status: 401 });
      return new Response('{"jsonrpc":"2.0","id":"mcp-gateway-catalog","result":{}}', {
        headers: { 'content-type': 'application/json', 'mcp-session-id': 'probe' },
      });
    }) as typeof fetch;
    const http = fetchHttpClient(fetchImpl);
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const clock = { now: () => 1_000 };
    const results = await checkAllServers({
      store,
      clock,
      guard,
      transports: upstreamTransports({ http, guard }),
      ownCredentials: ownCredentials(http, guard, clock),
    });
    expect(results.map((r) => [r.server, r.healthy, r.error])).toEqual([
      ['machine', true, undefined],
      ['per-user', true, undefined],
      ['plain', false, 'upstream_error'],
    ]);
    expect(authorizations).toContain('Bearer machine-token');
    expect(results.find((r) => r.server === 'per-user')!.targets[0]).toMatchObject({
      healthy: true,
      inRotation: true,
    });
  });

  it('forgets its own token when the upstream revoked it: the next probe gets a new one', async () => {
    const store = new MemoryStore();
    await store.put({
      pk: resourcePartition('server'),
      sk: 'srv_0',
      version: 1,
      data: {
        name: 'machine',
        url: 'http://127.0.0.1:1001/mcp',
        credentials: { kind: 'client-credentials', tokenUrl: 'http://127.0.0.1:1002/token', clientId: 'gw' },
      },
    });
    let issued = 0;
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      if (String(url).endsWith('/token'))
        return Response.json({ access_token: `cc-${++issued}`, expires_in: 3600 });
      if (init?.method === 'DELETE') return new Response(null, { status: 200 });
      // cc-1 was revoked upstream, an hour before it expires
      if (new Headers(init?.headers).get('authorization') !== 'Bearer cc-2')
        return new Response(null, { status: 401 });
      return new Response('{"jsonrpc":"2.0","id":"mcp-gateway-catalog","result":{}}', {
        headers: { 'content-type': 'application/json', 'mcp-session-id': 'probe' },
      });
    }) as typeof fetch;
    const http = fetchHttpClient(fetchImpl);
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const clock = { now: () => 1_000 };
    const deps = {
      store,
      clock,
      guard,
      transports: upstreamTransports({ http, guard }),
      ownCredentials: ownCredentials(http, guard, clock),
    };
    expect((await checkAllServers(deps)).map((r) => r.healthy)).toEqual([false]);
    expect((await checkAllServers(deps)).map((r) => r.healthy)).toEqual([true]);
    expect(issued).toBe(2);
  });
});
