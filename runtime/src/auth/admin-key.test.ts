import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { HttpRequest } from '../core/http.js';
import { createManagementApi } from '../management/api.js';
import { MemoryStore } from '../store/memory.js';
import { adminKeyFromSecret, adminKeyItemKey, bootstrapAdminKey, refreshedKey } from './admin-key.js';
import { hashSecret } from './secrets.js';

const request = (authorization?: string, path = '/v1/servers'): HttpRequest => ({
  method: 'GET',
  path,
  query: {},
  headers: authorization === undefined ? {} : { authorization },
  body: undefined,
});

function rejection(run: () => void): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('bootstrapAdminKey', () => {
  it('uses the key from the environment; a deployment’s table (no key generated there) is not written', async () => {
    const store = new MemoryStore();
    const admin = await bootstrapAdminKey({ store, envKey: 'from-env', generate: false });
    expect(admin.generatedKey).toBeUndefined();
    expect(admin.source).toBe('env');
    expect(() => admin.verifyAdmin(request('Bearer from-env'))).not.toThrow();
    expect(await store.get(adminKeyItemKey.pk, adminKeyItemKey.sk)).toBeUndefined();
  });

  it('stores the environment’s key for processes started without it, in place of one generated before', async () => {
    const store = new MemoryStore();
    const generated = await bootstrapAdminKey({ store });
    const withEnv = await bootstrapAdminKey({ store, envKey: 'from-env' });
    expect(withEnv).toMatchObject({ source: 'env', replacedStored: true });
    // a process without the variable: the environment's key, and the generated one no longer
    const without = await bootstrapAdminKey({ store });
    expect(without.source).toBe('store');
    expect(() => without.verifyAdmin(request('Bearer from-env'))).not.toThrow();
    expect(() => without.verifyAdmin(request(`Bearer ${generated.generatedKey}`))).toThrow();
    // started again with the same key: nothing to replace
    expect((await bootstrapAdminKey({ store, envKey: 'from-env' })).replacedStored).toBeUndefined();
  });

  it('follows the key the store holds: one another process set replaces this one’s within the TTL', async () => {
    const store = new MemoryStore();
    let now = 1_000_000;
    const clock = { ttlMs: 60_000, now: () => now };
    const running = await bootstrapAdminKey({ store, ...clock });
    const leaked = `Bearer ${running.generatedKey}`;
    // a process started later without the variable, from the store
    const alsoRunning = await bootstrapAdminKey({ store, ...clock });
    const fromEnv = await bootstrapAdminKey({ store, envKey: 'rotated', ...clock });
    /** A check as `callerOf` makes it: awaited (one past the TTL waits on the store read). */
    const verdict = (admin: { verifyAdmin: (r: HttpRequest) => unknown }, header: string) =>
      (async () => admin.verifyAdmin(request(header)))().then(
        () => 'ok',
        (error: Error) => error.message,
      );
    for (const admin of [running, alsoRunning]) expect(await verdict(admin, leaked)).toBe('ok'); // until the TTL is over
    now += 60_000;
    for (const admin of [running, alsoRunning]) {
      // the first check past it waits on the read: an idle process takes the old key not once more
      expect(await verdict(admin, leaked)).toBe('The admin key is not valid.');
      expect(await verdict(admin, 'Bearer rotated')).toBe('ok');
    }
    // a read the store fails keeps the key known
    vi.spyOn(store, 'get').mockRejectedValue(new Error('throttled'));
    now += 60_000;
    expect(await verdict(running, 'Bearer rotated')).toBe('ok');
    expect(await verdict(running, leaked)).toBe('The admin key is not valid.');
    vi.restoreAllMocks();
    // a process's own key from the environment is its key: a stale process writing an old key back
    // changes nothing for it
    await bootstrapAdminKey({ store, envKey: running.generatedKey!, ...clock });
    now += 60_000;
    expect(await verdict(fromEnv, 'Bearer rotated')).toBe('ok');
    expect(await verdict(fromEnv, leaked)).toBe('The admin key is not valid.');
  });

  it('generates a key once, stores only its hash and reuses it later', async () => {
    const store = new MemoryStore();
    const first = await bootstrapAdminKey({ store });
    expect(first.source).toBe('generated');
    const key = first.generatedKey!;
    expect(key).toMatch(/^mcpgw_admin_[A-Za-z0-9_-]{43}$/);
    const item = await store.get(adminKeyItemKey.pk, adminKeyItemKey.sk);
    expect(item?.['hash']).toBe(hashSecret(key));
    expect(JSON.stringify(item)).not.toContain(key);

    const second = await bootstrapAdminKey({ store, envKey: '' });
    expect(second.generatedKey).toBeUndefined();
    expect(second.source).toBe('store');
    expect(() => second.verifyAdmin(request(`Bearer ${key}`))).not.toThrow();
    expect(() => second.verifyAdmin(request(`bearer ${key}`))).not.toThrow();
  });

  it('settles on one key when instances bootstrap concurrently', async () => {
    const store = new MemoryStore();
    const results = await Promise.all([1, 2, 3].map(() => bootstrapAdminKey({ store })));
    const generated = results.filter((result) => result.generatedKey !== undefined);
    expect(generated).toHaveLength(1);
    for (const result of results) {
      expect(() => result.verifyAdmin(request(`Bearer ${generated[0]!.generatedKey}`))).not.toThrow();
    }
  });
});

describe('refreshedKey', () => {
  it('holds a check at most 5 s on a re-read that hangs, then answers with the key known', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      let reads = 0;
      let answer: ((key: ReturnType<typeof adminKeyFromSecret>) => void) | undefined;
      const key = refreshedKey(
        adminKeyFromSecret('old'),
        () => {
          reads++;
          return new Promise((resolve) => {
            answer = resolve;
          });
        },
        60_000,
        () => now,
      );
      // within the TTL: answered at once, nothing read
      expect(key.verifyAdmin(request('Bearer old'))).toBeUndefined();
      now = 61_000;
      let settled: unknown;
      const check = Promise.resolve(key.verifyAdmin(request('Bearer old'))).then(
        () => (settled = 'admitted'),
        (error: unknown) => (settled = error),
      );
      await vi.advanceTimersByTimeAsync(4_900);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(200);
      await check;
      expect(settled).toBe('admitted');
      // a check meanwhile joins the read under way, none starts another
      const second = Promise.resolve(key.verifyAdmin(request('Bearer new'))).catch((error: unknown) => error);
      expect(reads).toBe(1);
      // the read answers at last: the new key holds from then on, the old one no longer
      answer?.(adminKeyFromSecret('new'));
      expect(await second).toBeUndefined();
      expect(await Promise.resolve(key.verifyAdmin(request('Bearer new')))).toBeUndefined();
      expect(reads).toBe(1);
      expect(() => key.verifyAdmin(request('Bearer old'))).toThrow(GatewayError);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('holds', () => {
  it('knows the admin key by its hash, and follows a new one read in the background once it is old', async () => {
    let now = 0;
    let stored = adminKeyFromSecret('old');
    let reads = 0;
    const key = refreshedKey(
      adminKeyFromSecret('old'),
      async () => {
        reads++;
        return stored;
      },
      60_000,
      () => now,
    );
    expect(key.holds('old')).toBe(true);
    expect(key.holds('olde')).toBe(false);
    expect(reads).toBe(0);
    // a process serving only the data plane still learns of a key another process was started with
    stored = adminKeyFromSecret('new');
    now = 61_000;
    expect(key.holds('new')).toBe(false); // not waited for: the key known answers
    await vi.waitFor(() => expect(key.holds('new')).toBe(true));
    expect(key.holds('old')).toBe(false);
    expect(reads).toBe(1);
  });
});

describe('verifyAdmin', () => {
  const admin = adminKeyFromSecret('right');

  it.each([
    ['missing', undefined],
    ['wrong', 'Bearer wrong'],
    ['another scheme', 'Basic cmlnaHQ='],
    ['empty', 'Bearer '],
  ])('rejects a %s credential with 401 and WWW-Authenticate', (_name, authorization) => {
    const error = rejection(() => admin.verifyAdmin(request(authorization)));
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.headers).toEqual({ 'www-authenticate': 'Bearer realm="mcp-gateway-admin"' });
  });

  it('guards every /v1 route except the OpenAPI document', async () => {
    const api = createManagementApi({ store: new MemoryStore(), adminKey: admin });
    for (const path of ['/v1/servers', '/v1/workspaces/default', '/v1/api-keys', '/v1/unknown']) {
      const response = await api(request('Bearer wrong', path));
      expect(response.status, path).toBe(401);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="mcp-gateway-admin"');
      expect(JSON.parse(response.body as string)).toMatchObject({ status: 401, code: 'unauthorized' });
    }
    expect((await api(request(undefined, '/v1/openapi.json'))).status).toBe(200);
    expect((await api(request('Bearer right'))).status).toBe(200);
  });
});
