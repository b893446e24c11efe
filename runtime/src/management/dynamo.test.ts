import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfigReader } from '../config/reader.js';
import { resourcePartition } from '../store/config-items.js';
import { openLocalStore } from '../store/embedded.js';
import { keySealer } from '../vault/sealer.js';
import { FakeClock, setup } from './test-support.js';

/** The management API on the real DynamoDB adapter and the embedded dynalite, not only the MemoryStore. */
describe('management API on the DynamoDB adapter', () => {
  const clock = new FakeClock();
  let local: Awaited<ReturnType<typeof openLocalStore>>;
  let management: ReturnType<typeof setup>;

  beforeAll(async () => {
    local = await openLocalStore({ memory: true, clock });
    management = setup({ store: local.store, clock });
  });
  afterAll(async () => {
    await local.close();
  });

  it('creates, reads, patches, lists and deletes servers with write-only headers kept', async () => {
    const { call } = management;
    const created = await call('POST', '/v1/servers', {
      name: 'everything',
      url: 'http://127.0.0.1:3001/mcp',
      headers: { authorization: 'Bearer upstream' },
      labels: { 'team/owner': 'a', '': 'empty key' },
    });
    expect(created.status).toBe(201);
    const path = `/v1/servers/${created.body.id}`;
    const read = await call('GET', path);
    expect(read.body).toEqual(created.body);
    expect(read.body).not.toHaveProperty('headers');

    const answers = await Promise.all(
      [1000, 2000, 3000].map((timeoutMs) => call('PATCH', path, { timeoutMs })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);

    const reader = createConfigReader({ store: local.store, clock });
    expect(await reader.serverByName('everything')).toMatchObject({
      headers: { authorization: 'Bearer upstream' },
    });

    expect((await call('POST', '/v1/servers', { name: 'everything', url: 'http://x/mcp' })).status).toBe(409);
    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('DELETE', path)).status).toBe(404);
  });

  it('seals write-only fields in the item and opens them for the data plane', async () => {
    const sealer = keySealer(randomBytes(32));
    const { call } = setup({ store: local.store, clock, sealer });
    const created = await call('POST', '/v1/servers', {
      name: 'sealed',
      url: 'http://127.0.0.1:3001/mcp',
      headers: { authorization: 'Bearer sealed-upstream' },
    });
    expect(created.status).toBe(201);
    const item = await local.store.get(resourcePartition('server'), created.body.id);
    expect(JSON.stringify(item)).not.toContain('sealed-upstream');
    expect(Object.keys(item?.['sealed'] as object)).toEqual(['headers']);
    expect((await call('PATCH', `/v1/servers/${created.body.id}`, { timeoutMs: 2000 })).status).toBe(200);
    const reader = createConfigReader({ store: local.store, clock, sealer });
    expect(await reader.serverByName('sealed')).toMatchObject({
      timeoutMs: 2000,
      headers: { authorization: 'Bearer sealed-upstream' },
    });
  });

  it('paginates and authenticates api keys', async () => {
    const { call } = management;
    const keys: string[] = [];
    for (let index = 0; index < 7; index++) {
      clock.advance(1);
      const created = await call('POST', '/v1/api-keys', { name: `k${index}`, user: 'alice' });
      expect(created.status).toBe(201);
      keys.push(created.body.key);
    }
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        'GET',
        '/v1/api-keys',
        undefined,
        {},
        { limit: '3', ...(cursor ? { cursor } : {}) },
      );
      expect(page.status).toBe(200);
      names.push(...page.body.items.map((key: { name: string }) => key.name));
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
    expect(names).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);

    const reader = createConfigReader({ store: local.store, clock, ttlMs: 0, negativeTtlMs: 0 });
    expect(await reader.authenticateApiKey(keys[0]!)).toMatchObject({ user: 'alice', workspace: 'default' });
    const bogus = await call('GET', '/v1/api-keys', undefined, {}, { cursor: 'bm90LWEtY3Vyc29y' });
    expect(bogus.status).toBe(400);
  });

  it('bounds every input that becomes a store key: 400 or 404, never the store refusing it', async () => {
    const { call } = management;
    // Over DynamoDB's 1,024-byte sort key (`é` takes two bytes), which the store would refuse with a 500.
    const long = 'é'.repeat(1025);
    const workspace = 'w'.repeat(1025);
    for (const [path, body] of [
      ['/v1/servers', { name: 'bounded', url: 'http://127.0.0.1:3001/mcp', workspace }],
      ['/v1/api-keys', { name: 'bounded', user: 'alice', workspace }],
    ] as const) {
      const answer = await call('POST', path, body);
      expect(answer.status, path).toBe(400);
      expect(answer.body.errors).toEqual([
        { pointer: '/workspace', detail: 'must NOT have more than 64 characters' },
      ]);
    }
    expect((await call('GET', '/v1/servers', undefined, {}, { name: 'bounded' })).body.items).toEqual([]);
    expect((await call('GET', '/v1/api-keys', undefined, {}, { name: 'bounded' })).body.items).toEqual([]);

    for (const [path, query] of [
      ['/v1/servers', { name: long }],
      ['/v1/servers', { name: '' }],
      ['/v1/servers', { workspace: long }],
      ['/v1/workspaces', { name: long }],
      ['/v1/api-keys', { name: long }],
      ['/v1/api-keys', { user: long }],
      ['/v1/api-keys', { cursor: 'c'.repeat(1025) }],
    ] as const) {
      const answer = await call('GET', path, undefined, {}, query);
      expect(answer.status, `${path} ${Object.keys(query)[0]}`).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.detail).toMatch(/^The query parameter (name|workspace|user|cursor) must /);
    }
    // At the bounds, a lookup finds nothing rather than failing.
    const longest = await call('GET', '/v1/api-keys', undefined, {}, { name: 'é'.repeat(128) });
    expect(longest).toMatchObject({ status: 200, body: { items: [] } });
    expect((await call('GET', `/v1/servers/${encodeURIComponent('𝄞'.repeat(64))}`)).status).toBe(404);
    expect((await call('GET', `/v1/servers/${'x'.repeat(129)}`)).status).toBe(404);
  });
});
