import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { MemoryStore } from '../store/memory.js';
import { newSessionId, SessionStore, sessionHolder } from './sessions.js';

const clockAt = (start: number) => {
  const clock = { t: start, now: () => clock.t };
  return clock;
};

const owner = { serverId: 'srv_1', workspace: 'default', user: 'alice', holder: 'api-key:key_1' };
const [s1, s2, s3] = [newSessionId(), newSessionId(), newSessionId()];

describe('SessionStore', () => {
  it('serves a warm session without a store read, and notices a delete elsewhere soon after the recheck time', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const a = new SessionStore(store, clock, 3600, 30_000);
    const b = new SessionStore(store, clock, 3600, 30_000);
    await a.create({ id: s1, ...owner });
    expect(await b.get(s1)).toMatchObject({ id: s1, serverId: 'srv_1', workspace: 'default' });
    await a.delete(s1);
    clock.t += 31_000;
    // past the recheck time the cached entry is still served once while it is re-read in the background
    expect(await b.get(s1)).toMatchObject({ id: s1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await b.get(s1)).toBeUndefined();
  });

  it('serves a session ended elsewhere at most once past 5 s, and not at all once read long ago', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const a = new SessionStore(store, clock);
    const b = new SessionStore(store, clock);
    for (const [id, idle, servedOnce] of [
      [s1, 6_000, true],
      [s3, 31_000, false],
    ] as const) {
      await a.create({ id, ...owner });
      expect(await b.get(id)).toMatchObject({ id });
      await a.delete(id);
      clock.t += idle;
      if (servedOnce) expect(await b.get(id)).toMatchObject({ id });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await b.get(id)).toBeUndefined();
    }
    // a store that cannot be read ends no session: the copy here is served
    let down = false;
    const flaky = Object.assign(Object.create(store) as MemoryStore, {
      get: async (pk: string, sk: string) => {
        if (down) throw new Error('store unavailable');
        return store.get(pk, sk);
      },
    });
    await a.create({ id: s2, ...owner });
    const c = new SessionStore(flaky, clock);
    expect(await c.get(s2)).toMatchObject({ id: s2 });
    down = true;
    clock.t += 31_000;
    expect(await c.get(s2)).toMatchObject({ id: s2 });
  });

  it('takes a re-read that ends long after it began (a frozen instance resumed) for as old as its start', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const a = new SessionStore(store, clock);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let frozen = false;
    const freezing = Object.assign(Object.create(store) as MemoryStore, {
      get: async (pk: string, sk: string) => {
        const item = await store.get(pk, sk);
        if (frozen) await gate; // read, then the instance froze before the answer was taken
        return item;
      },
    });
    const b = new SessionStore(freezing, clock);
    await a.create({ id: s1, ...owner });
    expect(await b.get(s1)).toMatchObject({ id: s1 });
    clock.t += 6_000;
    frozen = true;
    expect(await b.get(s1)).toMatchObject({ id: s1 }); // served once while it is re-read
    frozen = false;
    await a.delete(s1); // ended elsewhere while this instance was frozen
    clock.t += 600_000;
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await b.get(s1)).toBeUndefined();
  });

  it('refreshes expiry after half the lifetime without resurrecting a session deleted meanwhile', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const a = new SessionStore(store, clock, 100, 1_000_000);
    const b = new SessionStore(store, clock, 100, 1_000_000);
    const created = await a.create({ id: s2, ...owner });
    await b.get(s2);
    clock.t += 60_000; // past half of 100 s
    const refreshed = await a.get(s2);
    expect(refreshed?.expiresAt).toBeGreaterThan(created.expiresAt);
    await a.delete(s2);
    // b still holds its cached copy, past half its lifetime: its refresh must fail, not write it back
    expect(await b.get(s2)).toBeUndefined();
    expect(await store.get(`mcp-session#${s2}`, 'session')).toBeUndefined();
  });

  it('serves a session whose renewal the store could not take, and renews it on the next request', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const sessions = new SessionStore(store, clock, 3600);
    await sessions.create({ id: s1, ...owner });
    clock.t += 2_000_000; // past half the lifetime: this request renews
    const put = store.put.bind(store);
    store.put = async () => {
      throw new GatewayError('store_unavailable', 'The state store is unavailable.');
    };
    const served = await sessions.get(s1);
    expect(served).toMatchObject({ id: s1, expiresAt: 1_000 + 3600 });
    store.put = put;
    expect(await sessions.get(s1)).toMatchObject({ id: s1, expiresAt: 1_000 + 2_000 + 3600 });
    expect((await store.get('mcp-session#' + s1, 'session'))?.['expiresAt']).toBe(1_000 + 2_000 + 3600);
  });

  it('keeps what a newer gateway stored with a session when it renews it (a rolling deploy)', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const older = new SessionStore(store, clock, 100, 1_000_000);
    const created = await older.create({ id: s3, ...owner });
    // a newer version wrote the session with a field this one does not know
    const item = (await store.get(`mcp-session#${s3}`, 'session'))!;
    await store.put({ ...item, version: 2, resumable: { events: 3 } }, { kind: 'version', version: 1 });
    const reader = new SessionStore(store, clock, 100, 1_000_000);
    expect(await reader.get(s3)).toMatchObject({ id: s3 });
    clock.t += 60_000; // past half of 100 s: renewed
    expect((await reader.get(s3))?.expiresAt).toBeGreaterThan(created.expiresAt);
    expect(await store.get(`mcp-session#${s3}`, 'session')).toMatchObject({
      version: 3,
      resumable: { events: 3 },
      holder: owner.holder,
    });
  });

  it('continues a session another instance extended, though its copy here says it expired', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const a = new SessionStore(store, clock, 100, 1_000_000);
    const b = new SessionStore(store, clock, 100, 1_000_000);
    const created = await a.create({ id: s3, ...owner });
    clock.t += 60_000; // the client's requests now land on b, which extends the session
    expect((await b.get(s3))?.expiresAt).toBeGreaterThan(created.expiresAt);
    clock.t += 50_000; // past the expiry a's copy holds, within b's
    expect(await a.get(s3)).toMatchObject({ id: s3 });
  });

  it('does not cache again a session it ended while a background re-read of it was under way', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    let release: (() => void) | undefined;
    let held = false;
    const slow = Object.assign(Object.create(store) as MemoryStore, {
      get: async (pk: string, sk: string) => {
        const item = await store.get(pk, sk);
        if (held) return item;
        held = true;
        // the first re-read: read before the delete, answered after it
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return item;
      },
    });
    const sessions = new SessionStore(slow, clock, 3600, 30_000);
    const id = newSessionId();
    await sessions.create({ id, ...owner });
    clock.t += 31_000;
    expect(await sessions.get(id)).toMatchObject({ id }); // served, and re-read in the background
    await sessions.delete(id);
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.get(`mcp-session#${id}`, 'session')).toBeUndefined();
    expect(await sessions.get(id)).toBeUndefined();
  });

  it('serves a session on whose DELETE the store failed, so that a retried DELETE ends it', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const sessions = new SessionStore(store, clock);
    await sessions.create({ id: s1, ...owner });
    const failing = Object.assign(Object.create(store) as MemoryStore, {
      delete: () => Promise.reject(new Error('throttled')),
    });
    const flaky = new SessionStore(failing, clock);
    expect(await flaky.get(s1)).toMatchObject({ id: s1 });
    await expect(flaky.delete(s1)).rejects.toThrow('throttled');
    expect(await flaky.get(s1)).toMatchObject({ id: s1 });
    await sessions.delete(s1);
    expect(await store.get(`mcp-session#${s1}`, 'session')).toBeUndefined();
    // a session this instance ended stays ended here, though a second DELETE of it fails
    let deletes = 0;
    const once = Object.assign(Object.create(store) as MemoryStore, {
      delete: (...args: Parameters<MemoryStore['delete']>) =>
        deletes++ === 0 ? store.delete(...args) : Promise.reject(new Error('throttled')),
    });
    const ending = new SessionStore(once, clock);
    await ending.create({ id: s2, ...owner });
    await ending.delete(s2);
    await expect(ending.delete(s2)).rejects.toThrow('throttled');
    await store.put({
      pk: `mcp-session#${s2}`,
      sk: 'session',
      version: 1,
      id: s2,
      ...owner,
      createdAt: 1,
      expiresAt: 9e9,
    });
    expect(await ending.get(s2)).toBeUndefined();
  });

  it('caches sessions by what they keep: one holding a large initialize takes the room of several', async () => {
    const clock = clockAt(1_000_000);
    const store = new MemoryStore(clock);
    const sessions = new SessionStore(store, clock, 3600, 30_000, 40);
    let storeReads = 0;
    const get = store.get.bind(store);
    store.get = async (...args: Parameters<typeof store.get>) => {
      storeReads++;
      return get(...args);
    };
    const padded = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { pad: 'x'.repeat(60_000) },
    });
    const ids = Array.from({ length: 5 }, () => newSessionId());
    for (const id of ids) await sessions.create({ id, ...owner, initialize: padded });
    // 16 entries' room each: two stay cached, the others are read from the store again
    for (const id of ids) expect((await sessions.get(id))?.initialize).toBe(padded);
    expect(storeReads).toBeGreaterThanOrEqual(3);
    // small ones take one each, as before
    const small = Array.from({ length: 30 }, () => newSessionId());
    for (const id of small) await sessions.create({ id, ...owner });
    storeReads = 0;
    for (const id of small) await sessions.get(id);
    expect(storeReads).toBe(0);
  });

  it('expires sessions', async () => {
    const clock = clockAt(1_000_000);
    const sessions = new SessionStore(new MemoryStore(clock), clock, 100);
    await sessions.create({ id: s3, ...owner });
    clock.t += 101_000;
    expect(await sessions.get(s3)).toBeUndefined();
  });

  it('never reads the store for ids the gateway cannot have issued (too long, other characters)', async () => {
    const store = new MemoryStore();
    let reads = 0;
    const counting = Object.assign(Object.create(store) as MemoryStore, {
      get: (pk: string, sk: string) => {
        reads++;
        return store.get(pk, sk);
      },
    });
    const sessions = new SessionStore(counting, clockAt(0));
    expect(await sessions.get('x'.repeat(3000))).toBeUndefined();
    expect(await sessions.get('not a session id!')).toBeUndefined();
    expect(reads).toBe(0);
  });
});

describe('sessionHolder', () => {
  it('tells apart callers one authentication webhook vouched for from another’s of the same user name', () => {
    const caller = (webhook: string) =>
      sessionHolder({ user: 'ada', workspace: 'default', method: 'webhook', credentialId: 'c', webhook });
    expect(caller('wh_1')).toBe('webhook:wh_1');
    expect(caller('wh_2')).not.toBe(caller('wh_1'));
    const token = { user: 'ada', workspace: 'default', method: 'jwt', credentialId: 'idp_1:j' };
    expect(sessionHolder({ ...token, provider: 'corp' })).toBe('jwt:corp');
    expect(sessionHolder({ ...token, method: 'api-key', credentialId: 'key_1' })).toBe('api-key:key_1');
  });
});
