import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signOut } from '../auth/sign-outs.js';
import { FakeClock, setup } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import type { StateStore } from '../store/port.js';
import { keySealer } from '../vault/sealer.js';
import { createConfigReader } from './reader.js';

/** A MemoryStore that counts reads. */
function countingStore(clock: FakeClock): { store: StateStore; reads: () => number } {
  const inner = new MemoryStore(clock);
  let reads = 0;
  const store: StateStore = {
    get: (pk, sk) => {
      reads++;
      return inner.get(pk, sk);
    },
    put: (item, condition) => inner.put(item, condition),
    delete: (pk, sk, condition) => inner.delete(pk, sk, condition),
    query: (pk, options) => {
      reads++;
      return inner.query(pk, options);
    },
    increment: (pk, sk, deltas, options) => inner.increment(pk, sk, deltas, options),
    incrementWithin: (pk, sk, attribute, delta, limit, options) =>
      inner.incrementWithin(pk, sk, attribute, delta, limit, options),
    update: (pk, sk, set) => inner.update(pk, sk, set),
    close: () => inner.close(),
  };
  return { store, reads: () => reads };
}

async function fixture() {
  const clock = new FakeClock();
  const counted = countingStore(clock);
  const management = setup({ store: counted.store, clock });
  const server = await management.call('POST', '/v1/servers', {
    name: 'everything',
    url: 'http://127.0.0.1:3001/mcp',
    headers: { authorization: 'Bearer upstream-secret' },
  });
  const apiKey = await management.call('POST', '/v1/api-keys', { name: 'laptop', user: 'alice' });
  return { ...management, ...counted, clock, server: server.body, key: apiKey.body.key as string };
}

describe('createConfigReader', () => {
  it('finds a signed-out user a workspace’s list too long to read whole leaves out (fails closed)', async () => {
    const clock = new FakeClock();
    const inner = new MemoryStore(clock);
    await signOut(inner, 'default', 'zed', clock.now());
    // the list as a store with more sign-outs than are read of it answers it: pages without end
    const store: StateStore = Object.assign(Object.create(inner) as MemoryStore, {
      query: async (pk: string, options: Parameters<MemoryStore['query']>[1]) =>
        pk === 'signout#default' ? { items: [], cursor: 'more' } : inner.query(pk, options),
    });
    const reader = createConfigReader({ store, clock });
    expect(await reader.signedOutAt('default', 'zed')).toBe(clock.now() / 1000);
    expect(await reader.signedOutAt('default', 'amy')).toBeUndefined();
  });

  it('answers servers with their write-only headers', async () => {
    const { store, clock, server } = await fixture();
    const reader = createConfigReader({ store, clock });
    expect(await reader.serverByName('everything')).toMatchObject({
      id: server.id,
      name: 'everything',
      url: 'http://127.0.0.1:3001/mcp',
      headers: { authorization: 'Bearer upstream-secret' },
      enabled: true,
    });
    expect(await reader.serverByName('nothing')).toBeUndefined();
  });

  it('serves repeated lookups from memory, re-reading ahead of the TTL in the background', async () => {
    const { store, clock, reads, key, call, server } = await fixture();
    const reader = createConfigReader({ store, clock, ttlMs: 5000 });
    await reader.serverByName('everything');
    await reader.authenticateApiKey(key);
    const afterFirst = reads();
    for (let index = 0; index < 10; index++) {
      expect(await reader.serverByName('everything')).toBeDefined();
      expect(await reader.authenticateApiKey(key)).toMatchObject({ user: 'alice' });
    }
    expect(reads()).toBe(afterFirst);

    await call('PATCH', `/v1/servers/${server.id}`, { timeoutMs: 1234 });
    clock.advance(3749);
    const beforeRefresh = reads();
    expect((await reader.serverByName('everything'))?.timeoutMs).toBe(60000);
    expect(reads()).toBe(beforeRefresh);
    clock.advance(1);
    // three quarters of the TTL: answered at once from memory while the store is read behind it
    expect((await reader.serverByName('everything'))?.timeoutMs).toBe(60000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reads()).toBeGreaterThan(beforeRefresh);
    expect((await reader.serverByName('everything'))?.timeoutMs).toBe(1234);
  });

  it("keeps a workspace's rules the same object until a rule or the default changes", async () => {
    const { store, clock, call } = await fixture();
    const reader = createConfigReader({ store, clock, ttlMs: 1000 });
    const workspace = await call('POST', '/v1/workspaces', { name: 'team' });
    expect(workspace.status).toBe(201);
    const policy = {
      name: 'p',
      workspace: 'team',
      effect: 'deny',
      subjects: { users: ['bob'] },
      servers: ['*'],
    };
    expect((await call('POST', '/v1/access-policies', policy)).status).toBe(201);
    const first = await reader.workspaceRules('team');
    expect(first.policies.map((p) => p.name)).toEqual(['p']);
    expect(await reader.workspaceRules('team')).toBe(first);
    // past the TTL the rules are read again behind the request that found them stale
    const reload = async () => {
      clock.advance(1000);
      await reader.workspaceRules('team');
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    // a reload that changed nothing: still the same rules (compiled conditions are reused)
    await reload();
    expect(await reader.workspaceRules('team')).toBe(first);
    // a changed rule, then a changed default, each give new rules
    expect((await call('POST', '/v1/access-policies', { ...policy, name: 'q' })).status).toBe(201);
    await reload();
    const second = await reader.workspaceRules('team');
    expect(second).not.toBe(first);
    expect(second.policies.map((p) => p.name).sort()).toEqual(['p', 'q']);
    const patched = await call('PATCH', `/v1/workspaces/${workspace.body.id}`, { defaultAccess: 'deny' });
    expect(patched.status).toBe(200);
    await reload();
    const third = await reader.workspaceRules('team');
    expect(third).not.toBe(second);
    expect(third.defaultAccess).toBe('deny');
    expect(third.authzWebhook).toBeUndefined();
    // the workspace's authorization webhook travels with its rules
    const hook = {
      name: 'authz',
      workspace: 'team',
      url: 'https://authz.example.com/hook',
      secret: 's'.repeat(32),
    };
    expect((await call('POST', '/v1/webhooks', hook)).status).toBe(201);
    const named = await call('PATCH', `/v1/workspaces/${workspace.body.id}`, { authzWebhook: 'authz' });
    expect(named.status).toBe(200);
    await reload();
    const fourth = await reader.workspaceRules('team');
    expect(fourth).not.toBe(third);
    expect(fourth.authzWebhook).toBe('authz');
  });

  it('caches misses briefly', async () => {
    const { store, clock, reads, call } = await fixture();
    const reader = createConfigReader({ store, clock, ttlMs: 5000, negativeTtlMs: 1000 });
    expect(await reader.serverByName('later')).toBeUndefined();
    const afterMiss = reads();
    expect(await reader.serverByName('later')).toBeUndefined();
    const unknownKey = `mcpgw_${'u'.repeat(43)}`;
    expect(await reader.authenticateApiKey(unknownKey)).toBeUndefined();
    const afterKeyMiss = reads();
    expect(await reader.authenticateApiKey(unknownKey)).toBeUndefined();
    expect(reads()).toBe(afterKeyMiss);
    expect(afterKeyMiss).toBeGreaterThan(afterMiss);
    // Tokens no api key can be (too short or too long) cost no store read at all.
    expect(await reader.authenticateApiKey('mcpgw_short')).toBeUndefined();
    expect(await reader.authenticateApiKey('x'.repeat(257))).toBeUndefined();
    expect(reads()).toBe(afterKeyMiss);

    await call('POST', '/v1/servers', { name: 'later', url: 'http://127.0.0.1:9/mcp' });
    expect(await reader.serverByName('later')).toBeUndefined();
    clock.advance(1000);
    expect(await reader.serverByName('later')).toBeDefined();
  });

  it('shares one store read among concurrent misses (single flight)', async () => {
    const { store, clock, reads, key } = await fixture();
    const reader = createConfigReader({ store, clock });
    const before = reads();
    const servers = await Promise.all(Array.from({ length: 20 }, () => reader.serverByName('everything')));
    const serverReads = reads() - before;
    // One lookup: the name claim, then the server item.
    expect(serverReads).toBe(2);
    expect(new Set(servers.map((s) => s?.id)).size).toBe(1);
    const principals = await Promise.all(Array.from({ length: 20 }, () => reader.authenticateApiKey(key)));
    expect(reads() - before - serverReads).toBe(2);
    expect(principals.every((p) => typeof p === 'object' && p.user === 'alice')).toBe(true);
  });

  it('does not cache a key past its expiry', async () => {
    const { store, clock, call } = await fixture();
    const expiring = await call('POST', '/v1/api-keys', {
      name: 'short',
      user: 'bob',
      expiresAt: new Date(clock.now() + 2000).toISOString(),
    });
    const reader = createConfigReader({ store, clock, ttlMs: 60_000 });
    expect(await reader.authenticateApiKey(expiring.body.key)).toMatchObject({ user: 'bob' });
    clock.advance(2000);
    // a key of this gateway all the same: never to be shown to anyone else (an authentication webhook)
    expect(await reader.authenticateApiKey(expiring.body.key)).toBe('unusable');
    expect(await reader.authenticateApiKey('k'.repeat(40))).toBeUndefined();
  });

  it('does not remember a failed store read', async () => {
    const clock = new FakeClock();
    const inner = new MemoryStore(clock);
    let fail = true;
    const store: StateStore = Object.assign(Object.create(inner) as StateStore, {
      get: async (pk: string, sk: string) => {
        if (fail) throw new Error('store down');
        return inner.get(pk, sk);
      },
    });
    const reader = createConfigReader({ store, clock });
    await expect(reader.serverByName('x')).rejects.toThrow('store down');
    fail = false;
    expect(await reader.serverByName('x')).toBeUndefined();
  });

  it('keeps found entries cached through a flood of unknown tokens and server names', async () => {
    const { store, clock, reads, key } = await fixture();
    const reader = createConfigReader({ store, clock, ttlMs: 60_000, negativeTtlMs: 60_000 });
    expect(await reader.authenticateApiKey(key)).toMatchObject({ user: 'alice' });
    expect(await reader.serverByName('everything')).toBeDefined();
    const before = reads();
    const unknown = 20_000;
    for (let index = 0; index < unknown; index++) {
      expect(await reader.authenticateApiKey(`mcpgw_${String(index).padStart(43, 'x')}`)).toBeUndefined();
      expect(await reader.serverByName(`missing-${index}`)).toBeUndefined();
    }
    // One lookup read per unknown token and one claim read per unknown name, nothing more.
    expect(reads() - before).toBe(2 * unknown);
    const afterFlood = reads();
    expect(await reader.authenticateApiKey(key)).toMatchObject({ user: 'alice' });
    expect(await reader.serverByName('everything')).toBeDefined();
    expect(reads()).toBe(afterFlood);
  });

  it('bounds the misses it remembers', async () => {
    const { store, clock, reads } = await fixture();
    const reader = createConfigReader({ store, clock, negativeTtlMs: 60_000, ttlMs: 60_000, maxMisses: 2 });
    for (const name of ['a', 'b', 'c']) await reader.serverByName(name);
    const before = reads();
    await reader.serverByName('c');
    await reader.serverByName('b');
    expect(reads()).toBe(before);
    await reader.serverByName('a');
    expect(reads()).toBe(before + 1);
  });

  it('serves no stored server that does not decode (as if absent, and remembered so), instead of casting it', async () => {
    const { store, clock, server, reads } = await fixture();
    const lines: string[] = [];
    const reader = createConfigReader({ store, clock, log: (line) => lines.push(line) });
    expect(await reader.serverByName('everything')).toBeDefined();
    const item = await store.get('cfg#server', server.id);
    await store.put({ ...item!, data: { ...(item!.data as object), url: 42 } });
    clock.advance(60_000);
    expect(await reader.serverByName('everything')).toBeUndefined();
    expect(lines).toEqual([expect.stringContaining(`server ${server.id} has an invalid "url"`)]);
    const before = reads();
    expect(await reader.serverByName('everything')).toBeUndefined();
    expect(reads()).toBe(before);
  });

  it('refuses a stored server whose traffic settings are of another shape (a string of patterns, NaN)', async () => {
    const { store, clock, server } = await fixture();
    const item = await store.get('cfg#server', server.id);
    const data = item!.data as Record<string, unknown>;
    const lines: string[] = [];
    // `"write_*"` read as a list would be its characters, `*` among them: every tool retried
    for (const [field, value] of Object.entries({
      retry: { idempotentTools: 'write_*' },
      toolTimeoutsMs: { '*': 'abc' },
      pricing: { perCall: '1' },
      circuitBreaker: { cooldownSeconds: -1 },
      healthCheck: { intervalSeconds: 'often' },
      logging: { payloads: 'everything' },
      toolPinning: true,
      targets: [{ url: 'http://127.0.0.1:3001/mcp', weight: 'heavy' }],
    })) {
      await store.put({ ...item!, data: { ...data, [field]: value } });
      const reader = createConfigReader({ store, clock, log: (line) => lines.push(line) });
      expect(await reader.serverByName('everything'), field).toBeUndefined();
      expect(lines.pop()).toContain(`server ${server.id} has an invalid "${field}"`);
    }
    await store.put(item!);
    expect(await createConfigReader({ store, clock }).serverByName('everything')).toBeDefined();
  });

  it('refuses a stored api key whose server list or switch is of another shape (never widened to all)', async () => {
    const { store, clock, call, key } = await fixture();
    const limited = await call('POST', '/v1/api-keys', { name: 'ci', user: 'bob', servers: ['everything'] });
    const item = await store.get('cfg#api_key', limited.body.id);
    const data = item!.data as Record<string, unknown>;
    const lines: string[] = [];
    for (const [field, value] of Object.entries({
      servers: 'everything', // read as "no list", the key would reach every server
      enabled: 'false',
    })) {
      await store.put({ ...item!, data: { ...data, [field]: value } });
      const reader = createConfigReader({ store, clock, log: (line) => lines.push(line) });
      expect(await reader.authenticateApiKey(limited.body.key), field).toBe('unusable');
      expect(lines.pop()).toContain(`api key ${limited.body.id} has an invalid "${field}"`);
      // other keys are not affected
      expect(await reader.authenticateApiKey(key)).toMatchObject({ user: 'alice' });
    }
    await store.put(item!);
    expect(await createConfigReader({ store, clock }).authenticateApiKey(limited.body.key)).toMatchObject({
      user: 'bob',
      servers: ['everything'],
    });
  });

  it('refuses everything in a workspace whose stored item does not decode (it might have said deny)', async () => {
    const { store, clock, call } = await fixture();
    const created = await call('POST', '/v1/workspaces', { name: 'team', defaultAccess: 'deny' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const item = await store.get('cfg#workspace', created.body.id);
    await store.put({ ...item!, data: { ...(item!.data as object), defaultAccess: 'nobody' } });
    const lines: string[] = [];
    const reader = createConfigReader({ store, clock, log: (line) => lines.push(line) });
    expect(await reader.workspaceRules('team')).toMatchObject({ defaultAccess: 'deny', unreadable: true });
    expect((await reader.workspaceRules('default')).unreadable).toBeUndefined();
    expect(lines).toEqual([
      expect.stringContaining(`workspace ${created.body.id} has an invalid "defaultAccess"`),
    ]);
    // fixed: the same reader serves the workspace again once its cached answer is renewed
    await store.put(item!);
    clock.advance(60_000);
    await reader.workspaceRules('team');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await reader.workspaceRules('team')).unreadable).toBeUndefined();
  });

  it('leaves every workspace unreadable while a stored rule whose workspace cannot be read does not decode', async () => {
    const { store, clock, call } = await fixture();
    const deny = await call('POST', '/v1/access-policies', { name: 'guard', effect: 'deny', tools: ['*'] });
    const item = await store.get('cfg#access_policy', deny.body.id);
    await store.put({ ...item!, data: { ...(item!.data as object), workspace: 7 } });
    const reader = createConfigReader({ store, clock, log: () => {} });
    for (const workspace of ['default', 'team', 'other'])
      expect((await reader.workspaceRules(workspace)).unreadable, workspace).toBe(true);
  });

  it('answers a stored webhook or OAuth client that does not decode as absent, logged, not as an error', async () => {
    const { store, clock, call } = await fixture();
    const hook = await call('POST', '/v1/webhooks', {
      name: 'authz',
      url: 'http://127.0.0.1:9/hook',
      secret: 'x'.repeat(32),
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const item = await store.get('cfg#webhook', hook.body.id);
    await store.put({ ...item!, data: { ...(item!.data as object), failMode: 'sometimes' } });
    const lines: string[] = [];
    const reader = createConfigReader({ store, clock, log: (line) => lines.push(line) });
    expect(await reader.webhookByName('authz')).toBeUndefined();
    expect(lines).toEqual([expect.stringContaining(`webhook ${hook.body.id} has an invalid "failMode"`)]);
    const client = await call('POST', '/v1/oauth-clients', {
      name: 'cli',
      redirectUris: ['http://127.0.0.1:8765/callback'],
      tokenEndpointAuthMethod: 'none',
    });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    const stored = await store.get('cfg#oauth_client', client.body.id);
    await store.put({ ...stored!, data: { ...(stored!.data as object), enabled: 'false' } });
    expect(await reader.oauthClientById(client.body.id)).toBeUndefined();
    expect(lines.pop()).toContain(`oauth client ${client.body.id} has an invalid "enabled"`);
  });

  it('keeps an identity provider whose sign-in secret it cannot open for its tokens, its sign-in marked unavailable', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const sealer = keySealer(randomBytes(32));
    const { call } = setup({ store, clock, sealer });
    const created = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test',
      jwksUri: 'https://idp.test/jwks',
      login: { clientId: 'gw', clientSecret: 'idp-client-secret' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const opened = await createConfigReader({ store, clock, sealer }).identityProviders();
    expect(opened).toEqual([
      expect.objectContaining({
        name: 'corp',
        login: expect.objectContaining({ clientId: 'gw', clientSecret: 'idp-client-secret' }),
      }),
    ]);
    expect(opened[0]).not.toHaveProperty('loginUnavailable');
    // read with another key (or none): the provider stays, without its secret and with its sign-in refused
    for (const other of [keySealer(randomBytes(32)), undefined]) {
      const lines: string[] = [];
      const reader = createConfigReader({ store, clock, sealer: other, log: (line) => lines.push(line) });
      const [provider] = await reader.identityProviders();
      expect(provider).toMatchObject({
        name: 'corp',
        issuer: 'https://idp.test',
        jwksUri: 'https://idp.test/jwks',
        login: { clientId: 'gw', tokenEndpointAuthMethod: 'client_secret_basic' },
        loginUnavailable: 'its client secret cannot be opened',
      });
      expect(provider?.login).not.toHaveProperty('clientSecret');
      expect(lines).toEqual([
        expect.stringMatching(/identity_provider .* cannot open .*; its sign-in is not served\.$/),
      ]);
    }
    // the key service out of reach for a moment (a cold start's first call throttled): its tokens still
    // verify, its sign-in waits for the next read
    const lines: string[] = [];
    const throttled = {
      seal: sealer.seal.bind(sealer),
      open: async () => {
        throw new Error('ThrottlingException: Rate exceeded');
      },
    };
    const reader = createConfigReader({ store, clock, sealer: throttled, log: (line) => lines.push(line) });
    expect(await reader.identityProviders()).toEqual([
      expect.objectContaining({
        name: 'corp',
        issuer: 'https://idp.test',
        loginUnavailable: 'its client secret could not be opened just now',
      }),
    ]);
    expect(lines).toEqual([expect.stringContaining('could not be opened just now: ThrottlingException')]);
  });

  it("still counts an unreadable identity provider's issuer as the gateway's own (its tokens go to no webhook)", async () => {
    const { store, clock, call } = await fixture();
    const created = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test',
      jwksUri: 'https://idp.test/jwks',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const item = await store.get('cfg#identity_provider', created.body.id);
    await store.put({ ...item!, data: { ...(item!.data as object), enabled: 'yes' } });
    const reader = createConfigReader({ store, clock, log: () => {} });
    expect(await reader.identityProviders()).toEqual([]);
    expect([...(await reader.providerIssuers())]).toContain('https://idp.test');
  });

  it('leaves the rules unreadable while a stored condition does not compile (it might have been a deny)', async () => {
    const { store, clock, call } = await fixture();
    const valid = { name: 'guard', effect: 'deny', tools: ['*'], condition: 'mcp.tool.name == "x"' };
    const created = await call('POST', '/v1/access-policies', valid);
    expect(created.status).toBe(201);
    const lines: string[] = [];
    const read = () =>
      createConfigReader({ store, clock, log: (line) => lines.push(line) }).workspaceRules('default');
    const fine = await read();
    expect(fine.unreadable).toBeUndefined();
    expect(fine.policies.map((p) => p.name)).toEqual(['guard']);
    const item = await store.get('cfg#access_policy', created.body.id);
    // a syntax error, and text that parses but names an unknown variable: both are refused
    for (const condition of ['mcp.tool.name ==', 'nope == 1']) {
      await store.put({ ...item!, data: { ...(item!.data as object), condition } });
      const rules = await read();
      expect(rules.unreadable).toBe(true);
      expect(rules.policies).toEqual([]);
      expect(lines.pop()).toContain(`access policy ${created.body.id} has an invalid "condition"`);
    }
  });

  it('leaves the rules unreadable while a stored team, limit, budget or guardrail does not decode', async () => {
    const { store, clock, call } = await fixture();
    const created = {
      team: await call('POST', '/v1/teams', { name: 'contractors', members: ['alice'] }),
      rate_limit: await call('POST', '/v1/rate-limits', { name: 'calls', limit: 10, window: 'minute' }),
      budget: await call('POST', '/v1/budgets', { name: 'spend', amount: 10, period: 'day' }),
      guardrail: await call('POST', '/v1/guardrails', { name: 'secrets', detectors: ['aws-access-key'] }),
    };
    const read = () => createConfigReader({ store, clock, log: () => {} }).workspaceRules('default');
    expect((await read()).unreadable).toBeUndefined();
    for (const [type, response] of Object.entries(created)) {
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const item = await store.get(`cfg#${type}`, response.body.id);
      // e.g. a deny naming team `contractors` no longer matches alice once the team is left out
      await store.put({ ...item!, data: { ...(item!.data as object), name: 42 } });
      expect((await read()).unreadable, type).toBe(true);
      await store.put(item!);
      expect((await read()).unreadable, type).toBeUndefined();
    }
  });

  it('refuses 0.1.0 rules that read wider than they say: an allow with an empty list, a claim team without values', async () => {
    const { store, clock, call } = await fixture();
    const allow = await call('POST', '/v1/access-policies', {
      name: 'db',
      effect: 'allow',
      servers: ['prod-db'],
      subjects: { users: ['ada'] },
    });
    const team = await call('POST', '/v1/teams', { name: 'ops', claim: 'groups', values: ['ops'] });
    const deny = await call('POST', '/v1/access-policies', {
      name: 'guard',
      effect: 'deny',
      tools: ['drop'],
      subjects: { teams: ['ops'] },
    });
    expect([team.status, deny.status]).toEqual([201, 201]);
    const lines: string[] = [];
    const read = () =>
      createConfigReader({ store, clock, log: (line) => lines.push(line) }).workspaceRules('default');
    expect((await read()).unreadable).toBeUndefined();
    const stored = async (type: string, id: string, data: object) => {
      const item = await store.get(`cfg#${type}`, id);
      await store.put({ ...item!, data: { ...(item!.data as object), ...data } });
      return item!;
    };
    // as 0.1.0 took them: an allow's empty list reads as "everyone" or "every tool"
    for (const data of [{ subjects: { users: [] } }, { servers: [] }, { tools: [] }, { methods: [] }]) {
      const before = await stored('access_policy', allow.body.id, data);
      const rules = await read();
      expect(rules.unreadable, JSON.stringify(data)).toBe(true);
      expect(lines.pop()).toContain(`access policy ${allow.body.id} has an invalid`);
      await store.put(before);
    }
    // a deny's empty list is as broad as it reads: it stays
    const denyBefore = await stored('access_policy', deny.body.id, { servers: [] });
    expect((await read()).unreadable).toBeUndefined();
    await store.put(denyBefore);
    // a team by a claim with no values makes no one a member: the deny naming it would deny no one
    const teamBefore = await stored('team', team.body.id, { values: [] });
    expect((await read()).unreadable).toBe(true);
    expect(lines.pop()).toContain(`team ${team.body.id} has an invalid "values"`);
    await store.put(teamBefore);
    expect((await read()).unreadable).toBeUndefined();
  });

  it('reads a rule of no workspace as the default workspace’s, and a switched-off rule it cannot read as off', async () => {
    const { store, clock, call } = await fixture();
    await call('POST', '/v1/workspaces', { name: 'team' });
    const deny = await call('POST', '/v1/access-policies', {
      name: 'guard',
      effect: 'deny',
      tools: ['drop'],
    });
    const read = (workspace: string) =>
      createConfigReader({ store, clock, log: () => {} }).workspaceRules(workspace);
    const item = await store.get('cfg#access_policy', deny.body.id);
    const { workspace: _, ...data } = item!.data as Record<string, unknown>;
    await store.put({ ...item!, data });
    const rules = await read('default');
    expect(rules.unreadable).toBeUndefined();
    expect(rules.policies).toMatchObject([{ name: 'guard', workspace: 'default' }]);
    expect((await read('team')).unreadable).toBeUndefined();
    // off, with a condition that no longer loads: it denied nothing, and locks no workspace now
    await store.put({
      ...item!,
      data: { ...(item!.data as object), enabled: false, condition: 'nope == 1' },
    });
    expect(await read('default')).toMatchObject({ policies: [] });
    expect((await read('default')).unreadable).toBeUndefined();
    // and one switched off whose other fields are damaged
    await store.put({ ...item!, data: { ...(item!.data as object), enabled: false, effect: 'maybe' } });
    expect((await read('default')).unreadable).toBeUndefined();
    // a team has no switch: a damaged one saying `enabled: false` still locks its workspace
    const team = await call('POST', '/v1/teams', { name: 'ops', members: ['ada'] });
    const teamItem = await store.get('cfg#team', team.body.id);
    await store.put({
      ...teamItem!,
      data: { ...(teamItem!.data as object), enabled: false, members: 'ada' },
    });
    expect((await read('default')).unreadable).toBe(true);
  });

  it('serves a 0.1.0 server whose circuit breaker asks for more calls than it counts', async () => {
    const { store, clock, call } = await fixture();
    const created = await call('POST', '/v1/servers', {
      name: 'busy',
      url: 'https://busy.test/mcp',
      circuitBreaker: { minimumCalls: 1000 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const item = await store.get('cfg#server', created.body.id);
    await store.put({
      ...item!,
      data: { ...(item!.data as object), circuitBreaker: { minimumCalls: 5000 } },
    });
    const server = await createConfigReader({ store, clock, log: () => {} }).serverByName('busy');
    expect(server?.circuitBreaker).toEqual({ minimumCalls: 5000 });
  });

  it('loads a stored condition naming a field the input lacks (written before fields were typed)', async () => {
    const { store, clock, call } = await fixture();
    const policy = { name: 'guard', effect: 'deny', tools: ['*'], condition: 'principal.email == "x"' };
    const created = await call('POST', '/v1/access-policies', policy);
    const item = await store.get('cfg#access_policy', created.body.id);
    await store.put({ ...item!, data: { ...(item!.data as object), condition: 'principal.emial == "x"' } });
    const rules = await createConfigReader({ store, clock }).workspaceRules('default');
    expect(rules.unreadable).toBeUndefined();
    expect(rules.policies.map((p) => p.condition)).toEqual(['principal.emial == "x"']);
    // such a policy can still be switched off or described; a new condition is checked
    const put = (over: object) =>
      call('PUT', `/v1/access-policies/${created.body.id}`, {
        ...policy,
        condition: 'principal.emial == "x"',
        ...over,
      });
    expect((await put({ enabled: false })).status).toBe(200);
    expect((await put({ condition: 'mcp.tool.nme == "x"' })).status).toBe(400);
  });
});
