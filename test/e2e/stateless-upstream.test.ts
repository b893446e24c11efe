/**
 * An upstream of the stateless revision only (2026-07-28, `transport: stateless-http`) behind the gateway:
 * the real SDK client, which speaks the session era, gets a session the gateway holds (its `initialize`
 * answered from the upstream's `server/discover`), and each of its requests reaches the upstream as a
 * well-formed stateless request, with the client's own `_meta` — which the strict test upstream checks.
 * A stateless client reaches it too, and tool provisioning holds as for any server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, replyTo } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, stopAll } from '../support/processes.js';
import { statelessPost } from '../support/raw-mcp.js';
import { type StatelessUpstream, startStatelessUpstream } from '../support/stateless-upstream.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let gateway: GatewayProcess;
let upstream: StatelessUpstream;
let apiKey: string;
let serverId: string;
let endpoint: string;

beforeAll(async () => {
  [gateway, upstream] = await Promise.all([GatewayProcess.start({ adminKey }), startStatelessUpstream()]);
  const api = admin(() => gateway.url, adminKey);
  const created = await api.request('POST', '/v1/servers', {
    name: 'modern',
    url: upstream.url,
    transport: 'stateless-http',
    tools: { deny: ['add'] },
    healthCheck: { intervalSeconds: 10, unhealthyAfter: 1 },
  });
  expect(created.status, created.text).toBe(201);
  serverId = (created.body as { id: string }).id;
  apiKey = await api.createApiKey('dana-laptop', 'dana');
  endpoint = `${gateway.url}/mcp/modern`;
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await stopAll();
});

const calls = (method: string) => upstream.requests.filter((r) => r.body?.['method'] === method);
const toolCalls = (name: string) =>
  calls('tools/call').filter((r) => (r.body?.['params'] as { name?: string } | undefined)?.name === name);

describe('a stateless-only upstream', () => {
  it('serves the SDK client a session of its own: discover for initialize, the client in every _meta', async () => {
    const { client } = await connect(endpoint, apiKey, 'session-client');
    try {
      expect(client.getServerVersion()).toEqual({ name: 'stateless-upstream', version: '1.0.0' });
      expect(client.getInstructions()).toBe('A server of the stateless revision.');
      // what a session offers of a stateless server: no change notices, no log levels
      expect(client.getServerCapabilities()).toEqual({ tools: {} });
      await client.ping();
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['ask', 'count', 'echo', 'grüßen', 'whoami']);
      const echoed = await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
      expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: hi' }]);
      // the upstream was told who the client is, and what it can do, as the client said in initialize
      const who = await client.callTool({ name: 'whoami', arguments: {} });
      expect(who.content).toEqual([{ type: 'text', text: 'session-client []' }]);
      // a name that is not ASCII travels base64-encoded in Mcp-Name (the upstream checks it)
      const greeted = await client.callTool({ name: 'grüßen', arguments: {} });
      expect(greeted.content).toEqual([{ type: 'text', text: 'Grüß Gott' }]);
      expect(toolCalls('grüßen')[0]?.headers['mcp-name']).toMatch(/^=\?base64\?.+\?=$/);
      // progress streams through
      const progress: number[] = [];
      const counted = await client.callTool({ name: 'count', arguments: { n: 3 } }, undefined, {
        onprogress: (p) => progress.push(p.progress),
      });
      expect(counted.content).toEqual([{ type: 'text', text: 'counted 3' }]);
      expect(progress).toEqual([1, 2, 3]);
      // a request for input cannot reach a session-era client: an error naming the server
      await expect(client.callTool({ name: 'ask', arguments: {} })).rejects.toThrow(/modern.*input/);
    } finally {
      await client.close();
    }
    // nothing of the session era reached the upstream, and every request it got was one it accepted
    expect(calls('initialize')).toEqual([]);
    expect(calls('ping')).toEqual([]);
    expect(upstream.requests.filter((r) => r.method !== 'POST')).toEqual([]);
    expect(upstream.requests.every((r) => r.headers['mcp-session-id'] === undefined)).toBe(true);
    expect(calls('server/discover').length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a call of a hidden tool without reaching the upstream', async () => {
    const { client } = await connect(endpoint, apiKey);
    try {
      const before = toolCalls('add').length;
      const refused = await client
        .callTool({ name: 'add', arguments: { a: 1, b: 2 } })
        .catch((e: Error) => e);
      expect(String(refused)).toMatch(/add/);
      expect(toolCalls('add').length).toBe(before);
    } finally {
      await client.close();
    }
  });

  it('serves a stateless client, and learns the catalog from the lists passing through', async () => {
    const listed = await statelessPost(endpoint, apiKey, 1, 'tools/list');
    expect(listed.status).toBe(200);
    const { result } = replyTo(listed, 1) as unknown as {
      result: { tools: { name: string }[]; cacheScope: string };
    };
    expect(result.tools.map((t) => t.name)).not.toContain('add');
    // filtered for this caller: never shared
    expect(result.cacheScope).toBe('private');
    const called = await statelessPost(endpoint, apiKey, 2, 'tools/call', {
      name: 'echo',
      arguments: { message: 'stateless' },
    });
    expect(replyTo(called, 2).result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Echo: stateless' }],
    });
    // its request goes as it is: its own client info, and a request for more input reaches it
    const who = await statelessPost(endpoint, apiKey, 3, 'tools/call', { name: 'whoami', arguments: {} });
    expect(replyTo(who, 3).result).toMatchObject({ content: [{ type: 'text', text: 'raw []' }] });
    const ask = await statelessPost(endpoint, apiKey, 4, 'tools/call', { name: 'ask', arguments: {} });
    expect(replyTo(ask, 4).result).toMatchObject({ resultType: 'input_required', requestState: 'opaque' });
    const catalog = await admin(() => gateway.url, adminKey).request('GET', `/v1/servers/${serverId}/tools`);
    expect(catalog.status).toBe(200);
    expect(JSON.stringify(catalog.body)).toContain('whoami');
  });

  it('is probed as any server: healthy, by server/discover and its tools', async () => {
    let health: { healthy?: boolean; checkedAt?: string } = {};
    const api = admin(() => gateway.url, adminKey);
    for (let i = 0; i < 60 && health.checkedAt === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      health = (await api.request('GET', `/v1/servers/${serverId}/health`)).body as typeof health;
    }
    expect(health).toMatchObject({ healthy: true, checkedAt: expect.any(String) });
    // probed without a handshake the upstream does not have
    expect(calls('initialize')).toEqual([]);
  });
});
