import { describe, expect, it } from 'vitest';
import { hashSecret } from '../auth/secrets.js';
import { createConfigReader } from './config-reader.js';
import { apiKeyLookupKey, resourcePartition } from './storage.js';
import { setup } from './test-support.js';

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
    expect(await reader().authenticateApiKey(key)).toBeUndefined();
    await call('PATCH', `/v1/api-keys/${id}`, { enabled: true });
    expect(await reader().authenticateApiKey(key)).toBeDefined();

    const soon = new Date(clock.now() + 60_000).toISOString();
    await call('PATCH', `/v1/api-keys/${id}`, { expiresAt: soon });
    expect(await reader().authenticateApiKey(key)).toBeDefined();
    clock.advance(60_000);
    expect(await reader().authenticateApiKey(key)).toBeUndefined();
    await call('PATCH', `/v1/api-keys/${id}`, { expiresAt: null });
    expect(await reader().authenticateApiKey(key)).toBeDefined();

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
});
