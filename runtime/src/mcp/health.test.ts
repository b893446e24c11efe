import { describe, expect, it } from 'vitest';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { resourcePartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import { checkAllServers, healthKey } from './health.js';
import { upstreamTransports } from './upstream/transports.js';

describe('checkAllServers', () => {
  it('probes enabled servers with initialize, records each result and skips disabled ones', async () => {
    const store = new MemoryStore();
    const servers = [
      { name: 'good', url: 'http://127.0.0.1:1001/mcp', enabled: true },
      { name: 'down', url: 'http://127.0.0.1:9/mcp', enabled: true },
      { name: 'off', url: 'http://127.0.0.1:1001/mcp', enabled: false },
      { name: 'meta', url: 'http://169.254.169.254/', enabled: true },
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
});
