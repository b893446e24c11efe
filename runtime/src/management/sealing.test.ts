import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BrokerKeys } from '../broker/keys.js';
import { createConfigReader } from '../config/reader.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { checkAllServers } from '../mcp/health.js';
import { upstreamTransports } from '../mcp/upstream/transports.js';
import { resourcePartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import { keySealer, type Sealer } from '../vault/sealer.js';
import { createResourceService } from './resources.js';
import { resealAll } from './sealing.js';
import { adminSecret, FakeClock, setup } from './test-support.js';

const SECRETS = ['Bearer upstream-secret', 'sts-secret-value', 'w'.repeat(40), 'idp-client-secret'];

async function world() {
  const store = new MemoryStore();
  const sealer = keySealer(randomBytes(32));
  const { call } = setup({ store, sealer });
  const server = await call('POST', '/v1/servers', {
    name: 'crm',
    url: 'https://crm.test/mcp',
    headers: { Authorization: 'Bearer upstream-secret', 'X-Tenant': 't1' },
    credentials: {
      kind: 'client-credentials',
      tokenUrl: 'https://sts.test/token',
      clientId: 'gw',
      clientSecret: 'sts-secret-value',
      header: 'X-Upstream-Token',
    },
  });
  expect(server.status).toBe(201);
  const webhook = await call('POST', '/v1/webhooks', {
    name: 'hook',
    url: 'https://hooks.test/authz',
    secret: 'w'.repeat(40),
  });
  expect(webhook.status).toBe(201);
  const provider = await call('POST', '/v1/identity-providers', {
    name: 'corp',
    issuer: 'https://idp.test',
    login: { clientId: 'gw', clientSecret: 'idp-client-secret' },
  });
  expect(provider.status).toBe(201);
  return { store, sealer, call, serverId: server.body.id as string };
}

/** Every item of the store as one text, to look for secrets in. */
async function everything(store: MemoryStore): Promise<string> {
  const types = ['server', 'webhook', 'identity_provider'];
  const pages = await Promise.all(types.map((type) => store.query(resourcePartition(type), {})));
  return JSON.stringify(pages.flatMap((page) => page.items));
}

describe('write-only configuration sealed at rest', () => {
  it('stores no secret in the clear, and the data plane reads them opened', async () => {
    const { store, sealer, call, serverId } = await world();
    const stored = await everything(store);
    for (const secret of SECRETS) expect(stored).not.toContain(secret);
    expect((await call('GET', `/v1/servers/${serverId}`)).body).not.toHaveProperty('headers');

    const reader = createConfigReader({ store, sealer });
    const server = await reader.serverByName('crm');
    expect(server?.headers).toEqual({ Authorization: 'Bearer upstream-secret', 'X-Tenant': 't1' });
    expect(server?.credentials).toMatchObject({ clientId: 'gw', clientSecret: 'sts-secret-value' });
    expect((await reader.webhookByName('hook'))?.secret).toBe('w'.repeat(40));
    expect((await reader.identityProviders())[0]?.login?.clientSecret).toBe('idp-client-secret');
  });

  it('merges a patch of a sealed header map, and keeps sealed fields a patch leaves alone', async () => {
    const { store, sealer, call, serverId } = await world();
    const patched = await call('PATCH', `/v1/servers/${serverId}`, {
      headers: { 'X-Tenant': null, 'X-Region': 'eu' },
    });
    expect(patched.status).toBe(200);
    const described = await call('PATCH', `/v1/servers/${serverId}`, { description: 'CRM' });
    expect(described.status).toBe(200);
    expect(await everything(store)).not.toContain('upstream-secret');
    const server = await createConfigReader({ store, sealer }).serverByName('crm');
    expect(server?.description).toBe('CRM');
    expect(server?.headers).toEqual({ Authorization: 'Bearer upstream-secret', 'X-Region': 'eu' });
    expect(server?.credentials?.clientSecret).toBe('sts-secret-value');
  });

  it('without the key: the data plane does not serve the server, a patch says why, a replacement mends it', async () => {
    const { store, serverId } = await world();
    const lines: string[] = [];
    const reader = createConfigReader({ store, log: (line) => lines.push(line) });
    expect(await reader.serverByName('crm')).toBeUndefined();
    expect(lines.join('\n')).toContain(
      `The stored server ${serverId} has a sealed "headers" this gateway cannot open (no sealing key is configured); it is not served.`,
    );
    expect(await reader.webhookByName('hook')).toBeUndefined();
    // an identity provider is served for its tokens: only its sign-in is refused
    expect(await reader.identityProviders()).toEqual([
      expect.objectContaining({ loginUnavailable: 'its client secret cannot be opened' }),
    ]);

    const keyless = setup({ store });
    expect((await keyless.call('GET', `/v1/servers/${serverId}`)).status).toBe(200);
    // a lookup by name (a data source's read) and a resource naming one it cannot open need no opening
    const byName = await keyless.call('GET', '/v1/servers', undefined, {}, { name: 'crm' });
    expect(byName.body.items.map((s: { id: string }) => s.id)).toEqual([serverId]);
    const naming = await keyless.call('POST', '/v1/servers', {
      name: 'backup',
      url: 'https://backup.test/mcp',
      authzWebhook: 'hook',
    });
    expect(naming.status, JSON.stringify(naming.body)).toBe(201);
    expect((await keyless.call('DELETE', `/v1/servers/${naming.body.id}`)).status).toBe(204);
    const patch = await keyless.call('PATCH', `/v1/servers/${serverId}`, { description: 'x' });
    expect(patch.status).toBe(500);
    expect(patch.body.detail).toContain(
      'cannot open (no sealing key is configured). Configure the sealing key',
    );
    // a replacement gives its write-only fields anew: nothing sealed needs opening
    const replaced = await keyless.call('PUT', `/v1/servers/${serverId}`, {
      name: 'crm',
      url: 'https://crm.test/mcp',
      headers: { Authorization: 'Bearer replaced' },
    });
    expect(replaced.status).toBe(200);
    const server = await createConfigReader({ store }).serverByName('crm');
    expect(server?.headers).toEqual({ Authorization: 'Bearer replaced' });
    expect(server?.credentials).toBeUndefined();
    // and one it cannot open can still be deleted
    const hook = (await keyless.call('GET', '/v1/webhooks')).body.items[0].id;
    expect((await keyless.call('DELETE', `/v1/webhooks/${hook}`)).status).toBe(204);
  });

  it('seals values stored in the clear before a key was configured at their next write', async () => {
    const store = new MemoryStore();
    const plain = setup({ store });
    const created = await plain.call('POST', '/v1/servers', {
      name: 'crm',
      url: 'https://crm.test/mcp',
      headers: { Authorization: 'Bearer upstream-secret' },
    });
    expect(await everything(store)).toContain('upstream-secret');
    const sealer = keySealer(randomBytes(32));
    const sealing = setup({ store, sealer });
    expect((await sealing.call('PATCH', `/v1/servers/${created.body.id}`, { description: 'x' })).status).toBe(
      200,
    );
    expect(await everything(store)).not.toContain('upstream-secret');
    expect((await createConfigReader({ store, sealer }).serverByName('crm'))?.headers).toEqual({
      Authorization: 'Bearer upstream-secret',
    });
  });

  it('opens an unchanged item once however often the data plane reloads it; a key out of reach for a moment fails no warm read', async () => {
    const { store, sealer, call, serverId } = await world();
    let opens = 0;
    let reachable = true;
    const counting: Sealer = {
      seal: sealer.seal,
      open: (sealed, context) => {
        opens++;
        return reachable ? sealer.open(sealed, context) : Promise.reject(new Error('KMS is unreachable'));
      },
    };
    const lines: string[] = [];
    const reader = createConfigReader({ store, sealer: counting, log: (line) => lines.push(line) });
    await reader.serverByName('crm');
    const first = opens;
    expect(first).toBe(2); // headers and the client secret
    reader.invalidate();
    expect((await reader.serverByName('crm'))?.headers).toMatchObject({ 'X-Tenant': 't1' });
    expect(opens).toBe(first);
    await call('PATCH', `/v1/servers/${serverId}`, { description: 'changed' });
    reader.invalidate();
    expect((await reader.serverByName('crm'))?.description).toBe('changed');
    expect(opens).toBe(first + 2);

    // a failure of the moment fails a read with nothing to fall back on (and nothing is cached)...
    reachable = false;
    const cold = createConfigReader({ store, sealer: counting, log: () => {} });
    await expect(cold.serverByName('crm')).rejects.toThrow('KMS is unreachable');
    // (an identity provider, whose tokens never need its sealed sign-in secret, is served without it)
    expect(await cold.identityProviders()).toEqual([
      expect.objectContaining({ loginUnavailable: 'its client secret could not be opened just now' }),
    ]);
    // ...while a warm reader goes on with what it read before (stale-while-revalidate)
    reachable = true;
    const warm = createConfigReader({ store, sealer: counting, ttlMs: 100 });
    expect((await warm.serverByName('crm'))?.description).toBe('changed');
    await call('PATCH', `/v1/servers/${serverId}`, { description: 'changed again' });
    reachable = false;
    for (let read = 0; read < 3; read++) {
      await new Promise((resolve) => setTimeout(resolve, 110));
      expect((await warm.serverByName('crm'))?.description).toBe('changed');
    }
    reachable = true;
    await new Promise((resolve) => setTimeout(resolve, 110));
    await warm.serverByName('crm');
    await new Promise((resolve) => setTimeout(resolve, 110));
    expect((await warm.serverByName('crm'))?.description).toBe('changed again');
  });

  it('rotates the key: the previous one opens until POST /v1/sealing/reseal seals everything anew', async () => {
    // one clock for the store and the audit log, whose records lapse by it
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const before = setup({ store, clock, sealer: keySealer(oldKey) });
    const server = await before.call('POST', '/v1/servers', {
      name: 'crm',
      url: 'https://crm.test/mcp',
      headers: { Authorization: 'Bearer upstream-secret' },
    });
    // and a secret stored in the clear before there was a key
    const hook = await setup({ store, clock }).call('POST', '/v1/webhooks', {
      name: 'hook',
      url: 'https://hooks.test/authz',
      secret: 'w'.repeat(40),
    });
    expect(await everything(store)).toContain('w'.repeat(40));
    const etag = (await before.call('GET', `/v1/servers/${server.body.id}`)).headers.etag;

    const rotated = keySealer(newKey, [oldKey]);
    const after = setup({ store, clock, sealer: rotated });
    expect((await createConfigReader({ store, sealer: rotated }).serverByName('crm'))?.headers).toEqual({
      Authorization: 'Bearer upstream-secret',
    });
    // a call out of time stops where it is, and says so; the next one goes on (what is done is skipped)
    const late = await resealAll(createResourceService({ store, clock, sealer: rotated }), rotated, 0);
    expect(late).toMatchObject({ sealed: 0, complete: false });
    // the time the function serving it has left bounds a call too
    const hurried = await after.api({
      method: 'POST',
      path: '/v1/sealing/reseal',
      query: {},
      headers: { authorization: `Bearer ${adminSecret}` },
      body: undefined,
      deadline: clock.now() + 2000,
    });
    expect(JSON.parse(String(hurried.body))).toMatchObject({ sealed: 0, complete: false });
    const resealed = await after.call('POST', '/v1/sealing/reseal');
    expect([resealed.status, resealed.body]).toEqual([
      200,
      { sealed: 2, current: 0, unopenable: [], pending: [], complete: true },
    ]);
    expect(await everything(store)).not.toContain('w'.repeat(40));
    // the new key alone opens everything; nothing a client reads changed
    const newOnly = createConfigReader({ store, sealer: keySealer(newKey) });
    expect((await newOnly.serverByName('crm'))?.headers).toEqual({ Authorization: 'Bearer upstream-secret' });
    expect((await newOnly.webhookByName('hook'))?.secret).toBe('w'.repeat(40));
    expect((await after.call('GET', `/v1/servers/${server.body.id}`)).headers.etag).toBe(etag);
    expect((await after.call('POST', '/v1/sealing/reseal')).body).toEqual({
      sealed: 0,
      current: 2,
      unopenable: [],
      pending: [],
      complete: true,
    });
    const audited = await after.call('GET', '/v1/audit-events', undefined, {}, { type: 'sealing.resealed' });
    expect(audited.body.items.map((e: { detail: unknown }) => e.detail)).toEqual([
      { sealed: 0, current: 2, unopenable: 0, complete: true },
      { sealed: 2, current: 0, unopenable: 0, complete: true },
      { sealed: 0, current: 0, unopenable: 0, complete: false },
    ]);

    // the signing keys of the gateway's authorization server too: the same keys, sealed under the new key
    const signer = new BrokerKeys(store, clock, { sealer: keySealer(oldKey) });
    const { kid } = await signer.signing();
    const withKeys = await after.call('POST', '/v1/sealing/reseal');
    expect(withKeys.body).toEqual({ sealed: 1, current: 2, unopenable: [], pending: [], complete: true });
    expect((await new BrokerKeys(store, clock, { sealer: keySealer(newKey) }).signing()).kid).toBe(kid);

    // a server whose configuration does not decode: its vault tokens cannot be reached, and it is said
    await store.put({ pk: 'cfg#server', sk: 'srv_broken', version: 1, data: { name: 'broken' } });
    expect((await after.call('POST', '/v1/sealing/reseal')).body.unopenable).toEqual([
      'vault tokens of server srv_broken (its configuration does not decode)',
    ]);
    await store.delete('cfg#server', 'srv_broken');

    // what no key of a gateway opens is named, and left as it is
    const stranger = await setup({ store, clock, sealer: keySealer(randomBytes(32)) }).call(
      'POST',
      '/v1/sealing/reseal',
    );
    expect(stranger.body.unopenable.sort()).toEqual(
      [`server ${server.body.id}`, `webhook ${hook.body.id}`, `signing key ${kid}`].sort(),
    );
    // without a key there is nothing to seal with
    const keyless = await setup({ store, clock }).call('POST', '/v1/sealing/reseal');
    expect([keyless.status, keyless.body.code]).toEqual([409, 'conflict']);
  });

  it('health probes send the opened headers, and leave out a server they cannot open', async () => {
    const store = new MemoryStore();
    const sealer = keySealer(randomBytes(32));
    const created = await setup({ store, sealer }).call('POST', '/v1/servers', {
      name: 'probed',
      url: 'http://127.0.0.1:1001/mcp',
      headers: { Authorization: 'Bearer upstream-secret' },
      healthCheck: { intervalSeconds: 30 },
    });
    expect(created.status).toBe(201);
    const sent: (string | null)[] = [];
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      sent.push(new Headers(init?.headers).get('authorization'));
      return new Response('{"jsonrpc":"2.0","id":"mcp-gateway-catalog","result":{}}', {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    const deps = {
      store,
      clock: { now: () => Date.now() },
      guard,
      transports: upstreamTransports({ http: fetchHttpClient(fetchImpl), guard }),
    };
    const lines: string[] = [];
    expect(await checkAllServers({ ...deps, log: (line) => lines.push(line) })).toEqual([]);
    expect(sent).toEqual([]);
    expect(lines.join('\n')).toContain('has a sealed "headers" this gateway cannot open');
    // nor does a key out of reach for a moment stop the run
    const down: Sealer = { seal: sealer.seal, open: () => Promise.reject(new Error('KMS is unreachable')) };
    expect(await checkAllServers({ ...deps, sealer: down, log: (line) => lines.push(line) })).toEqual([]);
    expect(lines.at(-1)).toMatch(/server srv_\w+ is not probed: KMS is unreachable/);
    // a process sharing the table that cannot open it claims no turn: one that can probes it
    expect(await checkAllServers({ ...deps, log: (line) => lines.push(line) }, 4, true)).toEqual([]);
    expect(await store.get('health-claim', 'probed')).toBeUndefined();
    const [result] = await checkAllServers({ ...deps, sealer }, 4, true);
    expect(result).toMatchObject({ server: 'probed', healthy: true });
    expect(sent[0]).toBe('Bearer upstream-secret');
  });
});
