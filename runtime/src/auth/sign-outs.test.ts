import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { predates, readSignOuts, signedOutAt, signOut } from './sign-outs.js';

describe('sign-outs', () => {
  it("that end an admin's tokens: an admin's, and any from before admins' were kept apart", async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const now = clock.now() / 1000;
    // a workspace-admin's ends the person's tokens of the workspace, not their admin ones
    await signOut(store, 'team', 'ada', clock.now(), false);
    expect(await signedOutAt(store, 'team', 'ada')).toBe(now);
    expect(await signedOutAt(store, 'team', 'ada', true)).toBeUndefined();
    // one written before (no `by`): whoever made it, an admin's tokens heed it, also once a
    // workspace-admin signed the person out again
    await store.put({ pk: 'signout#team', sk: 'old', at: now - 60, expiresAt: now + 3600 });
    expect(await signedOutAt(store, 'team', 'old', true)).toBe(now - 60);
    await signOut(store, 'team', 'old', clock.now(), false);
    expect(await signedOutAt(store, 'team', 'old', true)).toBe(now - 60);
    expect(await signedOutAt(store, 'team', 'old')).toBe(now);
    // an admin's, later
    clock.advance(5000);
    await signOut(store, 'team', 'ada', clock.now(), true);
    expect(await signedOutAt(store, 'team', 'ada', true)).toBe(now + 5);
    expect(await signedOutAt(store, 'team', 'ada')).toBe(now + 5);
  });

  it('are kept per workspace and user, read one by one or as a workspace’s list (every page)', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const at = await signOut(store, 'team', 'ada', clock.now() + 999);
    expect(at).toBe(clock.now() / 1000);
    expect(await signedOutAt(store, 'team', 'ada')).toBe(at);
    expect(await signedOutAt(store, 'other', 'ada')).toBeUndefined();
    for (let i = 0; i < 1200; i++) await signOut(store, 'big', `user-${i}`, clock.now());
    const all = await readSignOuts(store, 'big', clock.now());
    expect(all.users.size).toBe(1200);
    expect(all.complete).toBe(true);
    // read no further than so many pages, the list says it is not whole
    const part = await readSignOuts(store, 'big', clock.now(), undefined, 2);
    expect([part.users.size, part.complete]).toEqual([1000, false]);
    expect(all.users.get('user-1199')).toBe(at);
    expect((await readSignOuts(store, 'team', clock.now())).users).toEqual(new Map([['ada', at]]));
    // read again only once somebody else was signed out: one small read otherwise
    let queries = 0;
    const counted = Object.assign(Object.create(store) as MemoryStore, {
      query: (...args: Parameters<MemoryStore['query']>) => {
        queries++;
        return store.query(...args);
      },
    });
    expect(await readSignOuts(counted, 'big', clock.now(), all)).toBe(all);
    expect(queries).toBe(0);
    await signOut(store, 'big', 'late', clock.now());
    expect((await readSignOuts(counted, 'big', clock.now(), all)).users.get('late')).toBe(at);
    expect(queries).toBeGreaterThan(0);
    // a sign-out whose counter did not move (a store hiccup) is found within a minute all the same
    await store.put({ pk: 'signout#big', sk: 'quiet', at, expiresAt: at + 3600 });
    const before = { ...(await readSignOuts(store, 'big', clock.now())), users: new Map<string, number>() };
    expect((await readSignOuts(store, 'big', clock.now() + 30_000, before)).users.has('quiet')).toBe(false);
    expect((await readSignOuts(store, 'big', clock.now() + 61_000, before)).users.has('quiet')).toBe(true);
    // kept a little longer than a grant of the gateway's authorization server lasts (90 days)
    clock.advance(91 * 24 * 3600_000 - 1000);
    expect(await signedOutAt(store, 'team', 'ada')).toBe(at);
    clock.advance(2000);
    expect(await signedOutAt(store, 'team', 'ada')).toBeUndefined();
  });

  it('refuse tokens issued up to their second, by iat (else nbf); undated ones for a day', () => {
    const at = 1_800_000_000;
    expect(predates({ iat: at - 60 }, at, at * 1000)).toBe(true);
    expect(predates({ iat: at }, at, at * 1000)).toBe(true);
    expect(predates({ iat: at + 1 }, at, at * 1000)).toBe(false);
    expect(predates({ nbf: at - 1 }, at, at * 1000)).toBe(true);
    expect(predates({ nbf: at + 5 }, at, at * 1000)).toBe(false);
    // iat decides when both are there
    expect(predates({ iat: at + 5, nbf: at - 5 }, at, at * 1000)).toBe(false);
    expect(predates({ iat: 'yesterday' }, at, (at + 3600) * 1000)).toBe(true);
    expect(predates(undefined, at, (at + 86_399) * 1000)).toBe(true);
    expect(predates({}, at, (at + 86_400) * 1000)).toBe(false);
  });
});
