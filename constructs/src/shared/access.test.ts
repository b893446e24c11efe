import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../runtime/src/audit/log.js';
import { bootstrapAdminKey } from '../../../runtime/src/auth/admin-key.js';
import { syncDueRegistries } from '../../../runtime/src/catalog/registry.js';
import { createConfigReader } from '../../../runtime/src/config/reader.js';
import { fetchHttpClient } from '../../../runtime/src/core/http-client.js';
import { createUrlGuard } from '../../../runtime/src/core/url-guard.js';
import { createResourceService } from '../../../runtime/src/management/resources.js';
import { FakeClock, setup } from '../../../runtime/src/management/test-support.js';
import { createGateway } from '../../../runtime/src/mcp/gateway.js';
import { checkAllServers } from '../../../runtime/src/mcp/health.js';
import type { UpstreamTransport } from '../../../runtime/src/mcp/upstream/types.js';
import { DynamoStore } from '../../../runtime/src/store/dynamodb.js';
import { MemoryStore } from '../../../runtime/src/store/memory.js';
import type { StateStore } from '../../../runtime/src/store/port.js';
import { functionAccess, type StoreMethod, storeActions, storeCalls } from './access.js';

/** A MemoryStore that records which methods are called. */
function recordingStore(clock: FakeClock): { store: StateStore; inner: MemoryStore; called: Set<string> } {
  const inner = new MemoryStore(clock);
  const called = new Set<string>();
  const record =
    <A extends unknown[], R>(name: StoreMethod, method: (...args: A) => R) =>
    (...args: A): R => {
      called.add(name);
      return method(...args);
    };
  const store: StateStore = {
    get: record('get', (pk, sk) => inner.get(pk, sk)),
    put: record('put', (item, condition) => inner.put(item, condition)),
    delete: record('delete', (pk, sk, condition) => inner.delete(pk, sk, condition)),
    query: record('query', (pk, options) => inner.query(pk, options)),
    increment: record('increment', (pk, sk, deltas, options) => inner.increment(pk, sk, deltas, options)),
    incrementWithin: record('incrementWithin', (pk, sk, attribute, delta, limit, options) =>
      inner.incrementWithin(pk, sk, attribute, delta, limit, options),
    ),
    update: record('update', (pk, sk, set) => inner.update(pk, sk, set)),
    close: () => inner.close(),
  };
  return { store, inner, called };
}

describe('function access', () => {
  it('maps each store method to the DynamoDB actions the adapter sends', async () => {
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    let sent: string[] = [];
    let failUpdates = true;
    client.middlewareStack.add(
      (_next, context) => async () => {
        const action = `dynamodb:${String(context.commandName).replace(/Command$/, '')}`;
        sent.push(action);
        // The counter does not exist yet: the update's condition fails and the adapter creates it.
        if (action === 'dynamodb:UpdateItem' && failUpdates) {
          throw Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException' });
        }
        return { output: { $metadata: {} }, response: {} };
      },
      { step: 'initialize', name: 'recordAction' },
    );
    const store = new DynamoStore({ client, tableName: 'mcp-gateway' });
    const calls: Record<StoreMethod, () => Promise<unknown>> = {
      get: () => store.get('p', 's'),
      put: () => store.put({ pk: 'p', sk: 's' }, { kind: 'absent' }),
      // the item is there: marked gone under the condition, then removed
      delete: async () => {
        failUpdates = false;
        await store.delete('p', 's', { version: 1 });
        failUpdates = true;
      },
      query: () => store.query('p', { limit: 10 }),
      increment: () => store.increment('p', 's', { n: 1 }),
      // the item is missing: the bounded update fails, a read says why, and it is created
      incrementWithin: () => store.incrementWithin('p', 's', 'n', 1, 10),
      // (the recorder fails every update; the action is what counts)
      update: () => store.update('p', 's', { state: 'open' }).catch(() => undefined),
    };
    for (const [method, call] of Object.entries(calls)) {
      sent = [];
      await call();
      expect([...new Set(sent)].sort(), method).toEqual([...storeActions[method as StoreMethod]].sort());
    }
    await store.close();
  });

  it('grants the management function exactly the store methods its API calls', async () => {
    const clock = new FakeClock();
    const { store, called } = recordingStore(clock);
    await bootstrapAdminKey({ store, envKey: 'an-admin-key-of-sufficient-length-000000' });
    const { call } = setup({ store, clock });
    const ws = await call('POST', '/v1/workspaces', { name: 'team' });
    const server = await call('POST', '/v1/servers', {
      name: 's',
      url: 'http://127.0.0.1:9/mcp',
      workspace: 'team',
    });
    const key = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', workspace: 'team' });
    expect([ws.status, server.status, key.status]).toEqual([201, 201, 201]);
    await call('GET', '/v1/servers');
    await call('GET', `/v1/servers/${server.body.id}`);
    await call('PATCH', `/v1/servers/${server.body.id}`, { name: 'renamed' });
    await call('PUT', `/v1/api-keys/${key.body.id}`, { name: 'k2', user: 'u', workspace: 'team' });
    expect((await call('POST', '/v1/users/sign-out', { user: 'u', workspace: 'team' })).status).toBe(200);
    for (const [plural, id] of [
      ['api-keys', key.body.id],
      ['servers', server.body.id],
      ['workspaces', ws.body.id],
    ]) {
      expect((await call('DELETE', `/v1/${plural}/${id}`)).status).toBe(204);
    }
    expect([...called].sort()).toEqual([...storeCalls.management].sort());
  });

  it('grants the health function exactly the store methods its check calls', async () => {
    const clock = new FakeClock();
    const { store, inner, called } = recordingStore(clock);
    await inner.put({
      pk: 'cfg#server',
      sk: 'srv_1',
      version: 1,
      data: { name: 'down', url: 'http://127.0.0.1:9/mcp', enabled: true },
    });
    const unreachable = {
      post: () => Promise.reject(new Error('connection refused')),
      listen: () => Promise.reject(new Error('connection refused')),
      terminate: () => Promise.resolve(),
    } as UpstreamTransport;
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const results = await checkAllServers({
      store,
      clock,
      guard,
      transports: {
        'streamable-http': unreachable,
        'stateless-http': unreachable,
        sse: unreachable,
        openapi: unreachable,
        lambda: unreachable,
      },
    });
    expect(results).toMatchObject([{ server: 'down', healthy: false }]);
    // and the registries due: one imports a server (config writes through the resource service)
    await inner.put({
      pk: 'cfg#registry',
      sk: 'reg_1',
      version: 1,
      data: { id: 'reg_1', name: 'corp', workspace: 'default', url: 'http://127.0.0.1:9', schedule: '1h' },
    });
    const listing = {
      servers: [
        {
          server: {
            name: 'io.github.acme/tool',
            version: '1',
            remotes: [{ type: 'sse', url: 'http://127.0.0.1:9/sse' }],
          },
        },
      ],
      metadata: {},
    };
    const reports = await syncDueRegistries(
      createResourceService({ store, clock }),
      { http: fetchHttpClient((async () => Response.json(listing)) as typeof fetch), guard },
      new AuditLog(store, clock),
      () => {},
    );
    expect(reports[0]?.created.map((c) => c.server)).toEqual(['io-github-acme-tool']);
    // delete only releases claims of writes that fail
    for (const method of called) expect(storeCalls.health, method).toContain(method);
    expect(storeCalls.health.filter((m) => !called.has(m))).toEqual(['delete']);
  });

  it('grants the gateway function every store method its requests call', async () => {
    const clock = new FakeClock();
    const { store, inner, called } = recordingStore(clock);
    const { call } = setup({ store, clock });
    const server = await call('POST', '/v1/servers', { name: 's', url: 'http://127.0.0.1:9/mcp' });
    await call('POST', '/v1/identity-providers', { name: 'corp', issuer: 'https://idp.test' });
    await call('POST', '/v1/access-policies', { name: 'p', effect: 'allow', tools: ['x'] });
    // the traffic chain: a rate limit (leases), a budget (reservations, spend, labels), a circuit breaker
    await call('PATCH', `/v1/servers/${server.body.id}`, { circuitBreaker: { consecutiveFailures: 1 } });
    await call('POST', '/v1/rate-limits', { name: 'rl', limit: 100, window: 'minute' });
    await call('POST', '/v1/budgets', { name: 'b', amount: 100, period: 'day' });
    const created = await call('POST', '/v1/api-keys', { name: 'k', user: 'u' });
    const key = created.body.key as string;
    called.clear();
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const gateway = createGateway({
      store,
      clock,
      config: createConfigReader({ store, clock, ttlMs: 0 }),
      guard,
      http: fetchHttpClient(fetch),
    });
    const mcp = (method: string, body?: unknown, headers: Record<string, string> = {}) =>
      gateway.handle({
        method,
        path: '/mcp/s',
        query: {},
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const init = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } };
    await mcp('POST', { jsonrpc: '2.0', id: 1, method: 'initialize', params: init });
    await mcp('POST', { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'unknown' });
    // a stateless tool call: admitted by the limit and the budget, then the unreachable upstream trips the
    // circuit
    const call2026 = {
      jsonrpc: '2.0',
      id: 4,
      method: 'tools/call',
      params: {
        name: 'x',
        arguments: {},
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
        },
      },
    };
    await mcp('POST', call2026, {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'x',
    });
    await mcp('DELETE', undefined, { 'mcp-session-id': 'unknown' });
    // a session on a target its server no longer has is ended (deleted)
    await inner.put({
      pk: 'mcp-session#session-on-a-gone-target',
      sk: 'session',
      version: 1,
      id: 'session-on-a-gone-target',
      serverId: String(server.body.id),
      workspace: 'default',
      user: 'u',
      holder: `api-key:${created.body.id}`,
      createdAt: clock.now(),
      expiresAt: Math.floor(clock.now() / 1000) + 3600,
      target: 'http://127.0.0.1:9/gone',
    });
    await mcp(
      'POST',
      { jsonrpc: '2.0', id: 5, method: 'ping' },
      { 'mcp-session-id': 'session-on-a-gone-target' },
    );
    // a token: the identity providers are read as a list
    await gateway.handle({
      method: 'POST',
      path: '/mcp/s',
      query: {},
      headers: {
        authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }),
    });
    // what is counted in batches (spend, analytics) is written when the gateway closes
    await gateway.close();
    expect([...called].sort()).toEqual([...storeCalls.gateway].sort());
  });

  it('never grants batch, scan or table administration', () => {
    for (const statements of Object.values(functionAccess)) {
      for (const action of statements.flatMap((s) => s.actions)) {
        expect(action).not.toMatch(/\*|Batch|Scan|Table$|Transact/);
      }
    }
  });
});
