import { afterEach, describe, expect, it, vi } from 'vitest';
import { type McpRegistry, serverJson, startMcpRegistry } from '../../../test/support/mcp-registry.js';
import { GatewayError } from '../core/errors.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { createResourceService } from '../management/resources.js';
import { setup } from '../management/test-support.js';
import { parseServerJson, serverNameOf, syncDueRegistries, syncRegistry } from './registry.js';

const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
let registry: McpRegistry | undefined;
afterEach(() => registry?.close());

/** A management API whose registry `corp` lists what the test puts in `registry.entries`. */
async function withRegistry(entries: Record<string, unknown>[], fetchImpl: typeof fetch = fetch) {
  registry = await startMcpRegistry(entries);
  const api = setup({ outbound: { http: fetchHttpClient(fetchImpl), guard } });
  const created = await api.call('POST', '/v1/registries', { name: 'corp', url: registry.url });
  expect(created.status).toBe(201);
  const sync = () => api.call('POST', `/v1/registries/${created.body.id}/sync`);
  const server = async (name: string) =>
    (await api.call('GET', '/v1/servers')).body.items.find((s: { name: string }) => s.name === name);
  return { ...api, registry, sync, server, registryId: created.body.id as string };
}

describe('registry sync', () => {
  it('disables a server whose entry lost its remotes (only local packages now), saying why', async () => {
    const { registry, sync, server } = await withRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    expect((await sync()).body.created).toHaveLength(1);
    expect((await server('io-acme-tool')).enabled).toBe(true);
    registry.entries = [serverJson('io.acme/tool', '2.0.0')];
    const report = (await sync()).body;
    expect(report.disabled).toEqual([
      expect.objectContaining({
        name: 'io.acme/tool',
        reason: expect.stringContaining('only local packages'),
      }),
    ]);
    expect((await server('io-acme-tool')).enabled).toBe(false);
  });

  it('disables a server whose entry now requires a secret header it lacks, as a new one would be', async () => {
    const { registry, sync, server, call } = await withRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    expect((await sync()).body.created).toHaveLength(1);
    expect((await server('io-acme-tool')).enabled).toBe(true);
    registry.entries = [
      serverJson('io.acme/tool', '2.0.0', {
        type: 'streamable-http',
        url: 'http://127.0.0.1:9/mcp',
        headers: [{ name: 'X-Api-Key', isRequired: true, isSecret: true }],
      }),
    ];
    const report = (await sync()).body;
    expect(JSON.stringify(report)).toContain('needs header X-Api-Key');
    expect((await server('io-acme-tool')).enabled).toBe(false);
    // an admin gives it through the server's credentials and enables it: later versions leave it so
    const { id } = await server('io-acme-tool');
    const given = await call('PATCH', `/v1/servers/${id}`, {
      enabled: true,
      credentials: {
        kind: 'client-credentials',
        tokenUrl: 'https://sts.test/token',
        clientId: 'gw',
        clientSecret: 'sts-secret',
        header: 'X-Api-Key',
      },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    registry.entries = [
      serverJson('io.acme/tool', '3.0.0', {
        type: 'streamable-http',
        url: 'http://127.0.0.1:9/mcp',
        headers: [{ name: 'X-Api-Key', isRequired: true, isSecret: true }],
      }),
    ];
    await sync();
    expect((await server('io-acme-tool')).enabled).toBe(true);
  });

  it('makes no server again that an admin deleted, however often the registry lists its entry', async () => {
    const { sync, server, call } = await withRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
      serverJson('io.acme/other', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    expect((await sync()).body.created).toHaveLength(2);
    const unwanted = await server('io-acme-tool');
    expect((await call('DELETE', `/v1/servers/${unwanted.id}`)).status).toBe(204);
    const report = (await sync()).body;
    expect(report.created).toEqual([]);
    expect(report.skipped).toEqual([
      expect.objectContaining({ name: 'io.acme/tool', reason: expect.stringContaining('an admin deleted') }),
    ]);
    expect(await server('io-acme-tool')).toBeUndefined();
    expect(await server('io-acme-other')).toBeDefined();
  });

  it('deletes no server it cannot record as dismissed: the delete fails whole, and works once tried again', async () => {
    registry = await startMcpRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    const { call, store } = setup({ outbound: { http: fetchHttpClient(fetch), guard } });
    const put = store.put.bind(store);
    let failing = true;
    store.put = async (item, condition) => {
      if (failing && item.pk.startsWith('registry-dismissed#'))
        throw new GatewayError('store_unavailable', 'The state store is unavailable.');
      return put(item, condition);
    };
    const created = await call('POST', '/v1/registries', { name: 'corp', url: registry.url });
    expect((await call('POST', `/v1/registries/${created.body.id}/sync`)).body.created).toHaveLength(1);
    const { id } = (await call('GET', '/v1/servers')).body.items[0];
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(503);
    expect((await call('GET', `/v1/servers/${id}`)).status).toBe(200);
    failing = false;
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    const deleted = (await call('GET', '/v1/audit-events')).body.items.filter(
      (e: { type: string }) => e.type === 'resource.deleted',
    );
    expect(deleted).toHaveLength(1);
    expect((await call('POST', `/v1/registries/${created.body.id}/sync`)).body.created).toEqual([]);
  });

  it('records each sync an admin starts in the audit log, a failed one too, with what it did', async () => {
    registry = await startMcpRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    const { call } = setup({ outbound: { http: fetchHttpClient(fetch), guard } });
    const created = await call('POST', '/v1/registries', { name: 'corp', url: registry.url });
    const synced = async () =>
      (await call('GET', '/v1/audit-events')).body.items.filter(
        (e: { type: string }) => e.type === 'registry.synced',
      ) as Record<string, unknown>[];
    expect((await call('POST', `/v1/registries/${created.body.id}/sync`)).status).toBe(200);
    expect(await synced()).toEqual([
      expect.objectContaining({
        workspace: 'default',
        actor: expect.objectContaining({ kind: 'admin' }),
        resource: { type: 'registry', id: created.body.id, name: 'corp' },
        detail: expect.objectContaining({ created: 1, updated: 0, disabled: 0, skipped: 0 }),
      }),
    ]);
    await registry.close();
    expect((await call('POST', `/v1/registries/${created.body.id}/sync`)).status).toBe(502);
    const [failed] = await synced();
    expect(failed?.['detail']).toMatchObject({
      created: 0,
      error: 'The registry could not be read: no connection.',
    });
    expect(await synced()).toHaveLength(2);
  });

  it('moves a server with the headers its entry gives (not secrets) when the entry moves', async () => {
    const remote = (url: string, value: string) => ({
      type: 'streamable-http' as const,
      url,
      headers: [{ name: 'X-Tenant', value, isRequired: true, isSecret: false }],
    });
    const { registry, sync, server, store } = await withRegistry([
      serverJson('io.acme/tool', '1.0.0', remote('http://127.0.0.1:9/mcp', 'acme')),
    ]);
    expect((await sync()).body.created).toHaveLength(1);
    registry.entries = [serverJson('io.acme/tool', '1.1.0', remote('http://127.0.0.1:10/mcp', 'acme-2'))];
    const report = (await sync()).body;
    expect(report.skipped).toEqual([]);
    expect(report.updated).toEqual([expect.objectContaining({ name: 'io.acme/tool' })]);
    const moved = await server('io-acme-tool');
    expect(moved.url).toBe('http://127.0.0.1:10/mcp');
    const item = await store.get('cfg#server', moved.id);
    expect((item!['data'] as { headers?: unknown }).headers).toEqual({ 'X-Tenant': 'acme-2' });
    // a server's headers are write-only: what the import recorded of them shows no value
    expect(JSON.stringify(moved)).not.toContain('acme-2');
    expect(moved.origin.headers).toEqual({ 'X-Tenant': expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    // and when it moves again giving none, the headers it gave go with the old address
    registry.entries = [
      serverJson('io.acme/tool', '1.2.0', { type: 'streamable-http', url: 'http://127.0.0.1:11/mcp' }),
    ];
    const again = (await sync()).body;
    expect(again.skipped).toEqual([]);
    const bare = await server('io-acme-tool');
    expect(bare.url).toBe('http://127.0.0.1:11/mcp');
    expect((await store.get('cfg#server', bare.id))!['data']).not.toHaveProperty('headers');
  });
});

describe('registry sync of descriptions', () => {
  it("follows the entry's description, except one an admin wrote", async () => {
    const remote = { type: 'streamable-http' as const, url: 'http://127.0.0.1:9/mcp' };
    const entry = (version: string, description: string) => ({
      ...serverJson('io.acme/tool', version, remote),
      description,
    });
    const { registry, sync, server, call, store } = await withRegistry([entry('1.0.0', 'Tickets.')]);
    expect((await sync()).body.created).toHaveLength(1);
    const made = await server('io-acme-tool');
    expect([made.description, made.origin.description]).toEqual(['Tickets.', 'Tickets.']);
    // (an origin recorded before descriptions were follows its entry as it did)
    const item = (await store.get('cfg#server', made.id))!;
    const { description: _recorded, ...legacy } = (item['data'] as { origin: object }).origin as {
      description?: string;
    };
    await store.put({ ...item, data: { ...(item['data'] as object), origin: legacy } });
    registry.entries = [entry('1.1.0', 'Tickets and boards.')];
    await sync();
    expect((await server('io-acme-tool')).description).toBe('Tickets and boards.');
    // an admin's own words stay through later versions, and the report says so
    const edited = await call('PATCH', `/v1/servers/${made.id}`, { description: 'The support desk.' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    registry.entries = [entry('1.2.0', 'Tickets, boards and alerts.')];
    const report = (await sync()).body;
    expect(JSON.stringify(report)).toContain('keeps the description an admin gave it');
    const kept = await server('io-acme-tool');
    expect([kept.description, kept.origin.version, kept.origin.description]).toEqual([
      'The support desk.',
      '1.2.0',
      'Tickets, boards and alerts.',
    ]);
    // once the admin's is gone, the entry's comes back with its next version
    expect((await call('PATCH', `/v1/servers/${made.id}`, { description: null })).status).toBe(200);
    registry.entries = [entry('1.3.0', 'Everything support.')];
    await sync();
    expect((await server('io-acme-tool')).description).toBe('Everything support.');
  });
});

describe('registry sync, a registry deleted and made again', () => {
  it('adopts none of the servers a deleted registry of the same name imported', async () => {
    const { registry, sync, server, call, registryId } = await withRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    expect((await sync()).body.created).toHaveLength(1);
    expect((await server('io-acme-tool')).origin).toMatchObject({ registry: 'corp', registryId });
    expect((await call('DELETE', `/v1/registries/${registryId}`)).status).toBe(204);
    // another listing under the same name: the old import is not its own to disable or move
    registry.entries = [
      serverJson('io.acme/tool', '9.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:10/mcp' }),
    ];
    const again = await call('POST', '/v1/registries', { name: 'corp', url: registry.url });
    const report = (await call('POST', `/v1/registries/${again.body.id}/sync`)).body;
    expect(report.disabled).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.skipped).toEqual([
      expect.objectContaining({ name: 'io.acme/tool', reason: expect.stringContaining('is taken') }),
    ]);
    expect(await server('io-acme-tool')).toMatchObject({ enabled: true, url: 'http://127.0.0.1:9/mcp' });
  });

  it('says which entry holds a name two entries make, in one sync and in the next', async () => {
    const { sync } = await withRegistry([
      serverJson('io.github.a/weather', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
      serverJson('io.github.a-weather', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:10/mcp' }),
    ]);
    for (const report of [(await sync()).body, (await sync()).body])
      expect(report.skipped).toEqual([
        expect.objectContaining({
          name: 'io.github.a-weather',
          reason:
            'entry io.github.a/weather of this registry makes a server of the same name, io-github-a-weather',
        }),
      ]);
  });
});

describe('registry sync within a deadline', () => {
  it('sends a registry’s headers only to the url they were given for, when it moves as its sync begins', async () => {
    registry = await startMcpRegistry([]);
    const old = await startMcpRegistry([]);
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/registries', {
      name: 'corp',
      url: old.url,
      headers: { authorization: 'Bearer old' },
    });
    const service = createResourceService({ store, clock });
    const asked: { url: string; authorization: string | null }[] = [];
    const recording = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      asked.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      return fetch(input, init);
    }) as typeof fetch;
    // the registry moves (its new token given for its new url) just after the sync read it
    const getOpened = service.getOpened.bind(service);
    vi.spyOn(service, 'getOpened').mockImplementationOnce(async (...args) => {
      const read = await getOpened(...args);
      const moved = await call('PATCH', `/v1/registries/${created.body.id}`, {
        url: registry!.url,
        headers: { authorization: 'Bearer new' },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      return read;
    });
    try {
      await syncRegistry(service, { http: fetchHttpClient(recording), guard }, created.body.id);
    } finally {
      old.close();
    }
    expect(asked.length).toBeGreaterThan(0);
    // the old url with its own token, never with the new one
    for (const { url, authorization } of asked) {
      expect(url.startsWith(old.url)).toBe(true);
      expect(authorization).toBe('Bearer old');
    }
  });

  it('stops in time to say how far it got, and disables nothing it did not reach', async () => {
    registry = await startMcpRegistry([
      serverJson('io.acme/one', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/registries', { name: 'corp', url: registry.url });
    const service = createResourceService({ store, clock });
    // the listing is read at once; then the function's time is as good as gone
    let late = false;
    const slow = (async (...args: Parameters<typeof fetch>) => {
      const answer = await fetch(...args);
      late = true;
      return answer;
    }) as typeof fetch;
    const realNow = Date.now;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + (late ? 60_000 : 0));
    try {
      const deps = { http: fetchHttpClient(slow), guard };
      expect((await syncRegistry(service, deps, created.body.id)).created).toHaveLength(1);
      late = false;
      registry.entries = [
        serverJson('io.acme/two', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:10/mcp' }),
      ];
      const report = await syncRegistry(service, deps, created.body.id, undefined, realNow() + 30_000);
      expect(report.incomplete).toBe('ran out of time after 0 of 1 entries; the next sync goes on');
      expect([report.created, report.disabled]).toEqual([[], []]);
    } finally {
      now.mockRestore();
    }
    const servers = (await call('GET', '/v1/servers')).body.items;
    expect(servers.map((s: { name: string; enabled: boolean }) => [s.name, s.enabled])).toEqual([
      ['io-acme-one', true],
    ]);
    expect((await call('GET', `/v1/registries/${created.body.id}`)).body.lastSync).toMatchObject({
      error: 'ran out of time after 0 of 1 entries; the next sync goes on',
    });
  });
  it('disables a server gone from the registry as it is then: one an admin disabled meanwhile stays so', async () => {
    registry = await startMcpRegistry([
      serverJson('io.acme/one', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
      serverJson('io.acme/two', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:10/mcp' }),
    ]);
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/registries', { name: 'corp', url: registry.url });
    const deps = { http: fetchHttpClient(fetch), guard };
    const service = createResourceService({ store, clock });
    expect((await syncRegistry(service, deps, created.body.id)).created).toHaveLength(2);
    const two = async () =>
      (await call('GET', '/v1/servers')).body.items.find((s: { name: string }) => s.name === 'io-acme-two');
    // an admin disables "two" once the sync has listed the workspace's servers
    let disabling: Promise<unknown> | undefined;
    const racing = new Proxy(service, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== 'list' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const page = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          disabling ??= two().then(({ id }) => call('PATCH', `/v1/servers/${id}`, { enabled: false }));
          await disabling;
          return page;
        };
      },
    });
    registry.entries = [
      serverJson('io.acme/one', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ];
    const changes: { before?: Record<string, unknown> }[] = [];
    const sync = await syncRegistry(racing, deps, created.body.id, {
      server: async (_type, change) => {
        changes.push(change as { before?: Record<string, unknown> });
      },
      synced: async () => undefined,
    });
    expect(sync.disabled).toHaveLength(1);
    expect((await two()).origin).toMatchObject({ status: 'removed', enabledBeforeRemoval: false });
    // its change is told from what it changed: the server as the admin left it
    expect(changes.map((c) => c.before?.['enabled'])).toEqual([false]);
    // back in the registry: still as the admin left it
    registry.entries = [
      serverJson('io.acme/one', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
      serverJson('io.acme/two', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:10/mcp' }),
    ];
    await syncRegistry(service, deps, created.body.id);
    expect((await two()).enabled).toBe(false);
  });
});

describe('registry sync bounds', () => {
  it('keeps a server that forwards its users’ identity at its address when its entry moves', async () => {
    const { registry, sync, server, call } = await withRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    expect((await sync()).body.created).toHaveLength(1);
    const imported = await server('io-acme-tool');
    const patched = await call('PATCH', `/v1/servers/${imported.id}`, { identity: { forwardJwt: 'X-User' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    registry.entries = [
      serverJson('io.acme/tool', '1.1.0', { type: 'streamable-http', url: 'http://127.0.0.1:10/mcp' }),
    ];
    const report = (await sync()).body;
    expect(report.skipped).toEqual([
      expect.objectContaining({
        name: 'io.acme/tool',
        reason: expect.stringContaining('identity forwarding'),
      }),
    ]);
    expect((await server('io-acme-tool')).url).toBe('http://127.0.0.1:9/mcp');
  });

  it('refuses to import more than a thousand servers unless include or namespaces narrow them', async () => {
    const entries = Array.from({ length: 1001 }, (_, i) =>
      serverJson(`io.acme/tool-${i}`, '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    );
    const { registry, sync, call, registryId } = await withRegistry(entries);
    registry.pageSize = 100;
    const refused = await sync();
    expect(refused.status).toBe(502);
    expect(JSON.stringify(refused.body)).toContain('1001 servers to import, more than 1000');
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
    const narrowed = await call('PATCH', `/v1/registries/${registryId}`, { include: ['io.acme/tool-1*'] });
    expect(narrowed.status).toBe(200);
    expect((await sync()).body.created).toHaveLength(112);
  });
});

describe('scheduled registry sync', () => {
  it('syncs a registry when due and records each server it changed as the gateway’s own change', async () => {
    registry = await startMcpRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    const { call, store, clock, audit } = setup();
    const created = await call('POST', '/v1/registries', { name: 'corp', url: registry.url, schedule: '1h' });
    expect(created.status).toBe(201);
    const service = createResourceService({ store, clock });
    const deps = { http: fetchHttpClient(fetch), guard };
    const due = () => syncDueRegistries(service, deps, audit, (line) => expect.fail(line));
    const events = async () =>
      (await call('GET', '/v1/audit-events')).body.items.filter(
        (e: { resource?: { type: string } }) => e.resource?.type === 'server',
      );

    expect((await due()).map((r) => r.created.length)).toEqual([1]);
    const [added] = await events();
    expect(added).toMatchObject({
      type: 'resource.created',
      workspace: 'default',
      actor: { kind: 'gateway', id: 'mcp-gateway' },
      resource: { type: 'server', name: 'io-acme-tool' },
      after: { name: 'io-acme-tool', enabled: true },
      reason: 'scheduled sync of registry corp',
    });
    const syncs = async () =>
      (await call('GET', '/v1/audit-events')).body.items.filter(
        (e: { type: string }) => e.type === 'registry.synced',
      ) as Record<string, unknown>[];
    expect(await syncs()).toEqual([
      expect.objectContaining({
        actor: { kind: 'gateway', id: 'mcp-gateway' },
        resource: { type: 'registry', id: created.body.id, name: 'corp' },
        detail: expect.objectContaining({ created: 1 }),
        reason: 'scheduled sync of registry corp',
      }),
    ]);
    // not due again within the hour: nothing read, nothing recorded
    registry.entries = [];
    expect(await due()).toEqual([]);
    expect(await events()).toHaveLength(1);
    expect(await syncs()).toHaveLength(1);
    // due: the entry is gone, the server disabled, and that recorded with what it was before
    clock.advance(3_600_000);
    expect((await due()).map((r) => r.disabled.length)).toEqual([1]);
    const [disabled] = await events();
    expect(disabled).toMatchObject({
      type: 'resource.updated',
      actor: { kind: 'gateway' },
      resource: { id: added.resource.id },
      before: { enabled: true },
      after: { enabled: false },
    });
  });
});

describe('scheduled registry sync, many processes on one table', () => {
  it('is made by one of them per period, a failed one too', async () => {
    registry = await startMcpRegistry([
      serverJson('io.acme/tool', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    ]);
    const { call, store, clock, audit } = setup();
    expect(
      (await call('POST', '/v1/registries', { name: 'corp', url: registry.url, schedule: '1d' })).status,
    ).toBe(201);
    const deps = { http: fetchHttpClient(fetch), guard };
    // three processes, each with its own service, at once
    const processes = () =>
      Promise.all(
        [0, 1, 2].map(() =>
          syncDueRegistries(createResourceService({ store, clock }), deps, audit, (line) =>
            expect.fail(line),
          ),
        ),
      );
    const reports = (await processes()).flat();
    expect(reports.map((r) => r.created.length)).toEqual([1]);
    expect(registry.requests.filter((r) => r.url.startsWith('/v0'))).toHaveLength(1);
    // a sync that failed (the registry down) is not tried by every process on every tick
    clock.advance(86_400_000);
    registry.close();
    const failures: string[] = [];
    const failing = () =>
      Promise.all(
        [0, 1].map(() =>
          syncDueRegistries(createResourceService({ store, clock }), deps, audit, (line) =>
            failures.push(line),
          ),
        ),
      );
    await failing();
    await failing();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain(`registry "corp" could not be synced`);
  });
});

describe('serverNameOf', () => {
  it('names every entry validly, also one without a letter or digit', () => {
    expect(serverNameOf('io.github.acme/weather')).toBe('io-github-acme-weather');
    expect(serverNameOf('…/…')).toMatch(/^server-[0-9a-z]{7,8}$/);
    expect(serverNameOf('…/…')).not.toBe(serverNameOf('…/…/…'));
  });
});

describe('parseServerJson', () => {
  it('looks at a bounded number of remotes and headers of an entry', () => {
    const remote = {
      type: 'streamable-http',
      url: 'https://mcp.example/mcp',
      headers: Array.from({ length: 100 }, (_, i) => ({ name: `X-${i}`, value: 'v' })),
    };
    const entry = parseServerJson({ name: 'io.github.acme/many', remotes: Array(100).fill(remote) })!;
    expect(entry.remotes).toHaveLength(16);
    expect(entry.remotes[0]!.headers).toHaveLength(32);
  });

  it('takes no entry whose name is longer than server.json allows (what is kept of it is keyed by it)', () => {
    const remotes = [{ type: 'streamable-http', url: 'https://mcp.example/mcp' }];
    expect(parseServerJson({ name: `io.github.acme/${'x'.repeat(185)}`, remotes })?.name).toHaveLength(200);
    expect(parseServerJson({ name: `io.github.acme/${'x'.repeat(186)}`, remotes })).toBeUndefined();
  });
});
