import { describe, expect, it } from 'vitest';
import { apiKeySecretLength } from '../auth/api-keys.js';
import { KeyUsage, keyUsagePartition } from '../auth/key-usage.js';
import { hashSecret } from '../auth/secrets.js';
import { createConfigReader } from '../config/reader.js';
import { openapiDocument } from '../generated/openapi-document.js';
import { apiKeyLookupKey, resourcePartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';
import { suppliedSecretDisplayLength } from './resources.js';
import { setup } from './test-support.js';

/** A caller-supplied secret, e.g. from a secrets manager (43 characters, base64url-like). */
const supplied = 'byo.Secret-from_the~vault+0123456789/abcdef=';

describe('api keys', () => {
  it('answers the secret once, stores only its hash and never returns it again', async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/api-keys', { name: 'alice-laptop', user: 'alice' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^mcpgw_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      name: 'alice-laptop',
      user: 'alice',
      workspace: 'default',
      enabled: true,
      prefix: key.slice(0, 12),
      version: 1,
    });
    expect(created.body.id).toMatch(/^key_/);

    const read = await call('GET', `/v1/api-keys/${created.body.id}`);
    expect(read.body).not.toHaveProperty('key');
    expect(read.body.prefix).toBe(key.slice(0, 12));
    const list = await call('GET', '/v1/api-keys', undefined, {}, { user: 'alice' });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).not.toHaveProperty('key');

    const stored = await store.get(resourcePartition('api_key'), created.body.id);
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored?.['secretHash']).toBe(hashSecret(key));
    const lookup = apiKeyLookupKey(hashSecret(key));
    expect(await store.get(lookup.pk, lookup.sk)).toMatchObject({ id: created.body.id });
  });

  it('keeps the prefix and the secret across a PUT of the GET result', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/api-keys', { name: 'ci', user: 'bot' });
    const read = await call('GET', `/v1/api-keys/${created.body.id}`);
    const put = await call('PUT', `/v1/api-keys/${created.body.id}`, { ...read.body, name: 'ci-renamed' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'ci-renamed', prefix: created.body.prefix, version: 2 });
    const reader = createConfigReader({ store, clock });
    expect(await reader.authenticateApiKey(created.body.key)).toEqual({
      user: 'bot',
      workspace: 'default',
      method: 'api-key',
      credentialId: created.body.id,
    });
    // The old name is free, the new one taken.
    expect((await call('POST', '/v1/api-keys', { name: 'ci', user: 'x' })).status).toBe(201);
    expect((await call('POST', '/v1/api-keys', { name: 'ci-renamed', user: 'x' })).status).toBe(409);
  });

  it('rejects a change of user (immutable) and filters by user', async () => {
    const { call } = setup();
    const a = await call('POST', '/v1/api-keys', { name: 'a', user: 'alice' });
    await call('POST', '/v1/api-keys', { name: 'b', user: 'bob' });
    const patch = await call('PATCH', `/v1/api-keys/${a.body.id}`, { user: 'bob' });
    expect(patch.status).toBe(400);
    expect(patch.body.errors[0].pointer).toBe('/user');
    const bobs = await call('GET', '/v1/api-keys', undefined, {}, { user: 'bob' });
    expect(bobs.body.items.map((k: { name: string }) => k.name)).toEqual(['b']);
  });

  it('stops authenticating when disabled, expired or deleted', async () => {
    const { call, store, clock } = setup();
    const reader = () => createConfigReader({ store, clock, ttlMs: 0, negativeTtlMs: 0 });
    const created = await call('POST', '/v1/api-keys', { name: 'k', user: 'carol' });
    const { id, key } = created.body as { id: string; key: string };
    expect(await reader().authenticateApiKey(key)).toMatchObject({ user: 'carol', credentialId: id });
    expect(await reader().authenticateApiKey(`${key}x`)).toBeUndefined();
    expect(await reader().authenticateApiKey('not-even-a-key')).toBeUndefined();

    await call('PATCH', `/v1/api-keys/${id}`, { enabled: false });
    expect(await reader().authenticateApiKey(key)).toBe('unusable');
    await call('PATCH', `/v1/api-keys/${id}`, { enabled: true });
    expect(await reader().authenticateApiKey(key)).toMatchObject({ user: 'carol' });

    const soon = new Date(clock.now() + 60_000).toISOString();
    await call('PATCH', `/v1/api-keys/${id}`, { expiresAt: soon });
    expect(await reader().authenticateApiKey(key)).toMatchObject({ user: 'carol' });
    clock.advance(60_000);
    expect(await reader().authenticateApiKey(key)).toBe('unusable');
    await call('PATCH', `/v1/api-keys/${id}`, { expiresAt: null });
    expect(await reader().authenticateApiKey(key)).toMatchObject({ user: 'carol' });

    expect((await call('DELETE', `/v1/api-keys/${id}`)).status).toBe(204);
    expect(await reader().authenticateApiKey(key)).toBeUndefined();
    const lookup = apiKeyLookupKey(hashSecret(key));
    expect(await store.get(lookup.pk, lookup.sk)).toBeUndefined();
    expect((await call('DELETE', `/v1/api-keys/${id}`)).status).toBe(404);
  });

  it('creates keys in other workspaces only when they exist', async () => {
    const { call } = setup();
    const missing = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', workspace: 'team' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ pointer: '/workspace', detail: 'no workspace is named "team"' }]);
    await call('POST', '/v1/workspaces', { name: 'team' });
    const created = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', workspace: 'team' });
    expect(created.status).toBe(201);
    expect(created.body.workspace).toBe('team');
  });

  it('leaves nothing behind when a create fails on a duplicate name', async () => {
    const { call, store } = setup();
    await call('POST', '/v1/api-keys', { name: 'dup', user: 'u' });
    const before = (await store.query('cfg#api_key')).items.length;
    expect((await call('POST', '/v1/api-keys', { name: 'dup', user: 'u' })).status).toBe(409);
    expect((await store.query('cfg#api_key')).items).toHaveLength(before);
  });

  describe('with a secret supplied by the caller', () => {
    it('authenticates with it, stores only its hash, and never answers it or a generated key', async () => {
      const { call, store, clock } = setup();
      const created = await call('POST', '/v1/api-keys', { name: 'ci', user: 'bot', secret: supplied });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('key');
      expect(created.body).not.toHaveProperty('secret');
      expect(created.body.prefix).toBe(supplied.slice(0, suppliedSecretDisplayLength));
      expect(created.body.prefix).toHaveLength(4);
      const id: string = created.body.id;

      const reader = createConfigReader({ store, clock });
      expect(await reader.authenticateApiKey(supplied)).toEqual({
        user: 'bot',
        workspace: 'default',
        method: 'api-key',
        credentialId: id,
      });
      expect(await reader.authenticateApiKey(`${supplied}x`)).toBeUndefined();

      const read = await call('GET', `/v1/api-keys/${id}`);
      const list = await call('GET', '/v1/api-keys');
      for (const body of [read.body, ...list.body.items]) {
        expect(body).not.toHaveProperty('secret');
        expect(body).not.toHaveProperty('key');
      }
      const everything = JSON.stringify([created.body, read.body, list.body]);
      expect(everything).not.toContain(supplied);
      const items = [
        ...(await store.query('cfg#api_key')).items,
        ...(await store.query('uniq#api_key#name')).items,
      ];
      expect(JSON.stringify(items)).not.toContain(supplied.slice(4));
      const stored = await store.get(resourcePartition('api_key'), id);
      expect(stored?.['secretHash']).toBe(hashSecret(supplied));
      expect(stored?.['data']).not.toHaveProperty('secret');
    });

    it('rejects a short or malformed secret with the pointer /secret', async () => {
      const { call } = setup();
      for (const secret of [
        'too-short',
        'x'.repeat(31),
        'x'.repeat(257),
        `${'x'.repeat(40)} space`,
        `${'x'.repeat(40)}\n`,
        `${'é'.repeat(40)}`,
        42,
      ]) {
        const answer = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret });
        expect(answer.status, JSON.stringify(secret)).toBe(400);
        expect(answer.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/secret']);
      }
      expect((await call('GET', '/v1/api-keys')).body.items).toEqual([]);
      const exact = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret: 'a'.repeat(32) });
      expect(exact.status).toBe(201);
    });

    it('refuses a secret in a JWT’s shape (read as an identity provider’s token, it could never work), at create and rotate', async () => {
      const { call } = setup();
      const jwtShaped = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXBhcnQtb2YtdGhlLWtleQ';
      const created = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret: jwtShaped });
      expect(created.status).toBe(400);
      expect(created.body.errors).toEqual([{ pointer: '/secret', detail: expect.stringContaining('JWT') }]);
      expect(JSON.stringify(created.body)).not.toContain(jwtShaped);
      expect((await call('GET', '/v1/api-keys')).body.items).toEqual([]);
      const key = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret: supplied });
      const rotated = await call(
        'POST',
        `/v1/api-keys/${key.body.id}/rotate`,
        { secret: jwtShaped },
        { 'if-match': '"1"' },
      );
      expect(rotated.status).toBe(400);
      expect(rotated.body.errors).toEqual([{ pointer: '/secret', detail: expect.stringContaining('JWT') }]);
      expect((await call('GET', `/v1/api-keys/${key.body.id}`)).body.version).toBe(1);
    });

    it('refuses a secret another key uses (409) and leaves nothing behind', async () => {
      const { call, store } = setup();
      const first = await call('POST', '/v1/api-keys', { name: 'one', user: 'u', secret: supplied });
      expect(first.status).toBe(201);
      const second = await call('POST', '/v1/api-keys', { name: 'two', user: 'v', secret: supplied });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('conflict');
      expect(JSON.stringify(second.body)).not.toContain(supplied);
      expect((await store.query('cfg#api_key')).items).toHaveLength(1);
      const lookup = apiKeyLookupKey(hashSecret(supplied));
      expect(await store.get(lookup.pk, lookup.sk)).toMatchObject({ id: first.body.id });
      // The name of the refused key was released.
      expect((await call('POST', '/v1/api-keys', { name: 'two', user: 'v' })).status).toBe(201);

      // Once the first key is deleted, its secret is free again.
      expect((await call('DELETE', `/v1/api-keys/${first.body.id}`)).status).toBe(204);
      expect(await store.get(lookup.pk, lookup.sk)).toBeUndefined();
      expect(
        (await call('POST', '/v1/api-keys', { name: 'three', user: 'w', secret: supplied })).status,
      ).toBe(201);
    });

    it('takes over a lookup left by a crashed create once it is stale', async () => {
      const { call, store, clock } = setup();
      const lookup = apiKeyLookupKey(hashSecret(supplied));
      await store.put({ ...lookup, id: 'key_never_written', claimedAt: clock.now(), version: 1 });
      expect((await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret: supplied })).status).toBe(
        409,
      );
      clock.advance(30_000);
      const created = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret: supplied });
      expect(created.status).toBe(201);
      const reader = createConfigReader({ store, clock });
      expect(await reader.authenticateApiKey(supplied)).toMatchObject({ credentialId: created.body.id });
    });

    it('accepts the same secret on PUT and PATCH, refuses another one (immutable)', async () => {
      const { call, store, clock } = setup();
      const created = await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret: supplied });
      const id: string = created.body.id;
      const put = await call('PUT', `/v1/api-keys/${id}`, { name: 'renamed', user: 'u', secret: supplied });
      expect(put.status).toBe(200);
      expect(put.body).not.toHaveProperty('secret');
      expect(put.body).toMatchObject({ name: 'renamed', prefix: created.body.prefix, version: 2 });
      const other = 'another-secret-of-enough-length-0123456789';
      const changed = await call('PUT', `/v1/api-keys/${id}`, { name: 'renamed', user: 'u', secret: other });
      expect(changed.status).toBe(400);
      expect(changed.body.errors).toEqual([
        { pointer: '/secret', detail: 'is immutable: a new secret requires a new key' },
      ]);
      expect((await call('PATCH', `/v1/api-keys/${id}`, { secret: other })).status).toBe(400);
      const patched = await call('PATCH', `/v1/api-keys/${id}`, { secret: supplied, enabled: false });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ enabled: false, version: 3 });
      const stored = await store.get(resourcePartition('api_key'), id);
      expect(JSON.stringify(stored)).not.toContain(supplied);
      await call('PATCH', `/v1/api-keys/${id}`, { enabled: true });
      const reader = createConfigReader({ store, clock });
      expect(await reader.authenticateApiKey(supplied)).toMatchObject({ credentialId: id });
      expect(await reader.authenticateApiKey(other)).toBeUndefined();
    });

    it('keeps the bounds the data plane checks in line with the spec', () => {
      const document = openapiDocument as {
        components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
      };
      const secret = document.components.schemas['ApiKey']?.properties['secret'];
      expect({ min: secret?.['minLength'], max: secret?.['maxLength'] }).toEqual(apiKeySecretLength);
    });
  });
});

describe('api key lifecycle', () => {
  const reader = (context: ReturnType<typeof setup>) =>
    createConfigReader({ store: context.store, clock: context.clock, ttlMs: 0, negativeTtlMs: 0 });

  it('answers a rotation or an update made, even when reading the key’s last use fails after it', async () => {
    // the usage item turns unreadable once the key reaches a version: the change is made by then
    const store = new MemoryStore();
    const get = store.get.bind(store);
    let id = '';
    let failFrom = Number.POSITIVE_INFINITY;
    store.get = async (pk: string, sk: string) => {
      if (
        pk === keyUsagePartition &&
        ((await get(resourcePartition('api_key'), id))?.version ?? 0) >= failFrom
      )
        throw new Error('usage read failed');
      return get(pk, sk);
    };
    const context = setup({ store });
    const { call } = context;
    id = (await call('POST', '/v1/api-keys', { name: 'ci', user: 'ci-bot' })).body.id;
    failFrom = 2;
    const rotated = await call('POST', `/v1/api-keys/${id}/rotate`, {}, { 'if-match': '"1"' });
    expect(rotated.status).toBe(200);
    expect(await reader(context).authenticateApiKey(rotated.body.key)).toMatchObject({ credentialId: id });
    failFrom = 3;
    const updated = await call('PATCH', `/v1/api-keys/${id}`, { name: 'ci-2' }, { 'if-match': '"2"' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, name: 'ci-2', version: 3 });
    // a read fails as it did
    expect((await call('GET', `/v1/api-keys/${id}`)).status).toBe(500);
  });

  it('rotates: a new secret answered once, the previous one working until the overlap ends', async () => {
    const context = setup();
    const { call, clock } = context;
    const created = await call('POST', '/v1/api-keys', { name: 'ci', user: 'ci-bot', servers: ['github'] });
    const { id, key: first } = created.body as { id: string; key: string };
    const rotated = await call(
      'POST',
      `/v1/api-keys/${id}/rotate`,
      { overlapSeconds: 600 },
      { 'if-match': '"1"' },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.headers.etag).toBe('"2"');
    const second: string = rotated.body.key;
    expect(second).toMatch(/^mcpgw_/);
    expect(second).not.toBe(first);
    expect(rotated.body).toMatchObject({
      id,
      name: 'ci',
      servers: ['github'],
      prefix: second.slice(0, 12),
      previousSecretExpiresAt: new Date(clock.now() + 600_000).toISOString(),
    });
    expect((await call('GET', `/v1/api-keys/${id}`)).body).not.toHaveProperty('key');
    // both work during the overlap, with the key's restrictions; only the new one after it
    expect(await reader(context).authenticateApiKey(first)).toMatchObject({
      credentialId: id,
      servers: ['github'],
    });
    expect(await reader(context).authenticateApiKey(second)).toMatchObject({ credentialId: id });
    clock.advance(600_000);
    expect(await reader(context).authenticateApiKey(first)).toBe('unusable');
    expect(await reader(context).authenticateApiKey(second)).toMatchObject({ credentialId: id });
  });

  it('a second rotation ends the first secret at once; a supplied secret is never answered', async () => {
    const context = setup();
    const { call, store } = context;
    const { id, key: first } = (await call('POST', '/v1/api-keys', { name: 'k', user: 'u' })).body;
    const second = (await call('POST', `/v1/api-keys/${id}/rotate`)).body.key as string;
    const third = await call('POST', `/v1/api-keys/${id}/rotate`, { secret: supplied, overlapSeconds: 0 });
    expect(third.status).toBe(200);
    expect(third.body).not.toHaveProperty('key');
    expect(third.body.prefix).toBe(supplied.slice(0, suppliedSecretDisplayLength));
    expect(await reader(context).authenticateApiKey(first)).toBeUndefined();
    expect(await reader(context).authenticateApiKey(second)).toBe('unusable'); // overlap 0
    expect(await reader(context).authenticateApiKey(supplied)).toMatchObject({ credentialId: id });
    const stale = apiKeyLookupKey(hashSecret(first));
    expect(await store.get(stale.pk, stale.sk)).toBeUndefined();
    // deleting the key removes every lookup it held
    await call('DELETE', `/v1/api-keys/${id}`);
    for (const secret of [second, supplied]) {
      const lookup = apiKeyLookupKey(hashSecret(secret));
      expect(await store.get(lookup.pk, lookup.sk)).toBeUndefined();
    }
  });

  it('a rotated key keeps its previous secret to itself until the overlap ends', async () => {
    const context = setup();
    const { call, clock } = context;
    const { id } = (await call('POST', '/v1/api-keys', { name: 'a', user: 'alice', secret: supplied })).body;
    expect((await call('POST', `/v1/api-keys/${id}/rotate`, { overlapSeconds: 3600 })).status).toBe(200);
    // during the overlap the old secret is still alice's: no other key may take it
    const taken = await call('POST', '/v1/api-keys', { name: 'b', user: 'bob', secret: supplied });
    expect(taken.status, JSON.stringify(taken.body)).toBe(409);
    expect(await reader(context).authenticateApiKey(supplied)).toMatchObject({
      user: 'alice',
      credentialId: id,
    });
    // once it stopped working, it is free again
    clock.advance(3600_000);
    const later = await call('POST', '/v1/api-keys', { name: 'b', user: 'bob', secret: supplied });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect(await reader(context).authenticateApiKey(supplied)).toMatchObject({ user: 'bob' });
  });

  it('a rotation back to the previous secret that fails leaves that secret working', async () => {
    const store = new MemoryStore();
    let refuseKeyWrites = false;
    const racing: StateStore = Object.create(store);
    // someone else changes the key between the rotation's read and its write
    racing.put = async (item, condition) => {
      if (refuseKeyWrites && item.pk === resourcePartition('api_key')) throw new ConditionFailedError();
      return store.put(item, condition);
    };
    const context = setup({ store: racing });
    const { call } = context;
    const { id } = (await call('POST', '/v1/api-keys', { name: 'a', user: 'alice', secret: supplied })).body;
    expect((await call('POST', `/v1/api-keys/${id}/rotate`, { overlapSeconds: 3600 })).status).toBe(200);
    refuseKeyWrites = true;
    const back = await call('POST', `/v1/api-keys/${id}/rotate`, { secret: supplied });
    expect(back.status).toBe(409);
    expect(await reader(context).authenticateApiKey(supplied)).toMatchObject({ credentialId: id });
  });

  it('refuses bad rotations: invalid body, stale ETag, the same or another key secret, unknown key', async () => {
    const { call } = setup();
    const { id } = (await call('POST', '/v1/api-keys', { name: 'k', user: 'u', secret: supplied })).body;
    await call('POST', '/v1/api-keys', { name: 'other', user: 'u', secret: `${supplied}2` });
    const invalid = await call('POST', `/v1/api-keys/${id}/rotate`, { overlapSeconds: -1, color: 'red' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/color',
      '/overlapSeconds',
    ]);
    // what the rotation's schema does not allow: a null body, a null overlap
    for (const [body, pointer] of [
      ['null', ''],
      [{ overlapSeconds: null }, '/overlapSeconds'],
    ] as const) {
      const refused = await call('POST', `/v1/api-keys/${id}/rotate`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
    }
    expect((await call('POST', `/v1/api-keys/${id}/rotate`, {}, { 'if-match': '"7"' })).status).toBe(412);
    expect((await call('POST', `/v1/api-keys/${id}/rotate`, { secret: supplied })).status).toBe(409);
    expect((await call('POST', `/v1/api-keys/${id}/rotate`, { secret: `${supplied}2` })).status).toBe(409);
    expect((await call('POST', '/v1/api-keys/key_missing/rotate')).status).toBe(404);
    expect((await call('GET', `/v1/api-keys/${id}/rotate`)).status).toBe(405);
    // nothing changed: the key still has its one secret
    expect((await call('GET', `/v1/api-keys/${id}`)).body.version).toBe(1);
  });

  it('shows when a key was last used, recorded at most once a minute per instance', async () => {
    const context = setup();
    const { call, store, clock } = context;
    const { id } = (await call('POST', '/v1/api-keys', { name: 'k', user: 'u' })).body;
    expect((await call('GET', `/v1/api-keys/${id}`)).body).not.toHaveProperty('lastUsedAt');
    let writes = 0;
    const counting = Object.create(store, {
      put: {
        value: (...args: Parameters<typeof store.put>) => {
          writes++;
          return store.put(...args);
        },
      },
    }) as typeof store;
    const usage = new KeyUsage(counting, clock);
    for (let i = 0; i < 100; i++) usage.touch(id);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(writes).toBe(1);
    const first = new Date(clock.now()).toISOString();
    expect((await call('GET', `/v1/api-keys/${id}`)).body.lastUsedAt).toBe(first);
    clock.advance(30_000);
    usage.touch(id);
    expect(writes).toBe(1);
    clock.advance(30_000);
    usage.touch(id);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(writes).toBe(2);
    const listed = await call('GET', '/v1/api-keys');
    expect(listed.body.items[0].lastUsedAt).toBe(new Date(clock.now()).toISOString());
    // recording a use never moves the key's version (its ETag)
    expect(listed.body.items[0].version).toBe(1);
    // a change answers the key as a read does
    const patched = await call('PATCH', `/v1/api-keys/${id}`, { enabled: false });
    expect(patched.body).toMatchObject({ enabled: false, lastUsedAt: new Date(clock.now()).toISOString() });
  });

  it('refuses an expiry no date can hold (a leap second), rather than a key that never authenticates', async () => {
    const { call } = setup();
    const refused = await call('POST', '/v1/api-keys', {
      name: 'k',
      user: 'u',
      expiresAt: '2016-12-31T23:59:60Z',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/expiresAt' })]);
    const fine = await call('POST', '/v1/api-keys', {
      name: 'k',
      user: 'u',
      expiresAt: '2030-06-30T23:59:59Z',
    });
    expect(fine.status).toBe(201);
  });
});
