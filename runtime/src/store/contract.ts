import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { GatewayError } from '../core/errors.js';
import { ConditionFailedError, type StateStore, type StoredItem } from './port.js';

/** A clock tests move by hand, so expiry is tested without sleeping. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export function manualClock(start = Date.UTC(2030, 0, 1)): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

export interface StoreUnderTest {
  store: StateStore;
  clock: ManualClock;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every StateStore adapter must share. The factory runs once per suite; each test works in
 * partitions of its own and only moves the clock forward, so tests do not see each other's data.
 */
export function describeStoreContract(name: string, factory: () => Promise<StoreUnderTest>): void {
  describe(`StateStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    beforeAll(async () => {
      subject = await factory();
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    const store = () => subject.store;
    const nowSeconds = () => Math.floor(subject.clock.now() / 1000);
    const advanceSeconds = (seconds: number) => subject.clock.advance(seconds * 1000);
    const partition = (label = 'p') => `${label}#${randomUUID()}`;
    const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => {
          throw new Error('expected a rejection');
        },
        (error: unknown) => error,
      );
    const all = async (pk: string, options: { skPrefix?: string; limit: number; index?: 'gsi1' }) => {
      const pages: StoredItem[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store().query(pk, { ...options, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page.items);
        cursor = page.cursor;
      } while (cursor !== undefined && pages.length < 1000);
      return pages;
    };

    describe('get', () => {
      it('answers undefined for a missing item', async () => {
        expect(await store().get(partition(), 'nothing')).toBeUndefined();
      });

      it('finds nothing under a key no item can have, and refuses to write one (the caller’s error)', async () => {
        const pk = partition();
        const long = 'k'.repeat(1025);
        for (const [p, k] of [
          [pk, ''],
          [pk, long],
          ['', 'x'],
          ['p'.repeat(2049), 'x'],
        ] as const) {
          expect(await store().get(p, k)).toBeUndefined();
          expect(await store().delete(p, k)).toBe(false);
          await expect(store().delete(p, k, { version: 1 })).rejects.toBeInstanceOf(ConditionFailedError);
          const refused = await store()
            .put({ pk: p, sk: k })
            .catch((error: unknown) => error);
          expect((refused as GatewayError).code).toBe('validation_failed');
        }
        // the longest keys there may be still work
        await store().put({ pk, sk: 'é'.repeat(512) });
        expect(await store().get(pk, 'é'.repeat(512))).toMatchObject({ pk });
      });

      it('refuses an item past 400 KB, as DynamoDB does, and writes nothing', async () => {
        const pk = partition();
        // just under the limit with its names and keys: stored
        await store().put({ pk, sk: 'fits', blob: 'x'.repeat(400 * 1024 - 200) });
        expect((await store().get(pk, 'fits'))?.['blob']).toHaveLength(400 * 1024 - 200);
        const large = await rejection(store().put({ pk, sk: 'large', blob: 'x'.repeat(400 * 1024 + 1) }));
        expect((large as GatewayError).code).toBe('payload_too_large');
        expect(await store().get(pk, 'large')).toBeUndefined();
        // an update that would make an item too large leaves it as it was
        const grown = await rejection(store().update(pk, 'fits', { more: 'y'.repeat(1024) }));
        expect((grown as GatewayError).code).toBe('payload_too_large');
        expect(await store().get(pk, 'fits')).not.toHaveProperty('more');
      });

      it('reads back what was put', async () => {
        const pk = partition();
        const item = { pk, sk: 'a', version: 1, name: 'alpha' };
        await store().put(item);
        expect(await store().get(pk, 'a')).toEqual(item);
        expect(await store().get(pk, 'b')).toBeUndefined();
      });

      it('treats an item as absent from the second its expiresAt is reached', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', expiresAt: nowSeconds() + 10 });
        advanceSeconds(9);
        expect(await store().get(pk, 'a')).toBeDefined();
        advanceSeconds(1);
        expect(await store().get(pk, 'a')).toBeUndefined();
      });

      it('hands out copies: changing a returned item changes nothing stored', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', nested: { list: [1] } });
        const first = (await store().get(pk, 'a')) as StoredItem & { nested: { list: number[] } };
        first.nested.list.push(2);
        expect(await store().get(pk, 'a')).toEqual({ pk, sk: 'a', nested: { list: [1] } });
      });
    });

    describe('put', () => {
      it('replaces the whole item when unconditional', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', first: 1, shared: 'x' });
        await store().put({ pk, sk: 'a', second: 2 });
        expect(await store().get(pk, 'a')).toEqual({ pk, sk: 'a', second: 2 });
      });

      it('with absent: writes a new item, refuses an existing one', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', n: 1 }, { kind: 'absent' });
        const error = await rejection(store().put({ pk, sk: 'a', n: 2 }, { kind: 'absent' }));
        expect(error).toBeInstanceOf(ConditionFailedError);
        expect(await store().get(pk, 'a')).toEqual({ pk, sk: 'a', n: 1 });
      });

      it('with absent: replaces an expired item', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', stale: true, expiresAt: nowSeconds() + 5 });
        advanceSeconds(5);
        await store().put({ pk, sk: 'a', fresh: true }, { kind: 'absent' });
        expect(await store().get(pk, 'a')).toEqual({ pk, sk: 'a', fresh: true });
      });

      it('with absent: exactly one of many concurrent writers wins', async () => {
        const pk = partition();
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, writer) =>
            store().put({ pk, sk: 'unique', writer }, { kind: 'absent' }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const r of lost) expect(r.reason).toBeInstanceOf(ConditionFailedError);
      });

      it('with version: writes only over a live item of that version', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', version: 1, v: 'one' });
        await store().put({ pk, sk: 'a', version: 2, v: 'two' }, { kind: 'version', version: 1 });
        expect(await store().get(pk, 'a')).toEqual({ pk, sk: 'a', version: 2, v: 'two' });
        const stale = await rejection(
          store().put({ pk, sk: 'a', version: 2, v: 'lost' }, { kind: 'version', version: 1 }),
        );
        expect(stale).toBeInstanceOf(ConditionFailedError);
        expect(await store().get(pk, 'a')).toEqual({ pk, sk: 'a', version: 2, v: 'two' });
      });

      it('with version: fails on a missing, unversioned or expired item', async () => {
        const pk = partition();
        const missing = await rejection(
          store().put({ pk, sk: 'missing', version: 2 }, { kind: 'version', version: 1 }),
        );
        expect(missing).toBeInstanceOf(ConditionFailedError);
        expect(await store().get(pk, 'missing')).toBeUndefined();

        await store().put({ pk, sk: 'plain' });
        const unversioned = await rejection(
          store().put({ pk, sk: 'plain', version: 2 }, { kind: 'version', version: 1 }),
        );
        expect(unversioned).toBeInstanceOf(ConditionFailedError);

        await store().put({ pk, sk: 'old', version: 1, expiresAt: nowSeconds() + 1 });
        advanceSeconds(1);
        const expired = await rejection(
          store().put({ pk, sk: 'old', version: 2 }, { kind: 'version', version: 1 }),
        );
        expect(expired).toBeInstanceOf(ConditionFailedError);
        expect(await store().get(pk, 'old')).toBeUndefined();
      });

      it('lets only one of two concurrent updates of the same version through', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', version: 1 });
        const results = await Promise.allSettled([
          store().put({ pk, sk: 'a', version: 2, by: 'x' }, { kind: 'version', version: 1 }),
          store().put({ pk, sk: 'a', version: 2, by: 'y' }, { kind: 'version', version: 1 }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      });
    });

    describe('delete', () => {
      it('answers false for a missing item and true for a live one, which is then gone', async () => {
        const pk = partition();
        expect(await store().delete(pk, 'a')).toBe(false);
        await store().put({ pk, sk: 'a' });
        expect(await store().delete(pk, 'a')).toBe(true);
        expect(await store().get(pk, 'a')).toBeUndefined();
        expect(await store().delete(pk, 'a')).toBe(false);
      });

      it('answers false for an expired item', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', expiresAt: nowSeconds() + 1 });
        advanceSeconds(2);
        expect(await store().delete(pk, 'a')).toBe(false);
      });

      it('with version: deletes only the live item of that version', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', version: 3 });
        const wrong = await rejection(store().delete(pk, 'a', { version: 2 }));
        expect(wrong).toBeInstanceOf(ConditionFailedError);
        expect(await store().get(pk, 'a')).toBeDefined();
        expect(await store().delete(pk, 'a', { version: 3 })).toBe(true);
        expect(await store().get(pk, 'a')).toBeUndefined();
      });

      it('with version: fails on a missing or expired item', async () => {
        const pk = partition();
        expect(await rejection(store().delete(pk, 'missing', { version: 1 }))).toBeInstanceOf(
          ConditionFailedError,
        );
        await store().put({ pk, sk: 'old', version: 1, expiresAt: nowSeconds() + 1 });
        advanceSeconds(1);
        expect(await rejection(store().delete(pk, 'old', { version: 1 }))).toBeInstanceOf(
          ConditionFailedError,
        );
      });
    });

    describe('query', () => {
      it('answers the live items of one partition in sk order (UTF-8 byte order, as DynamoDB)', async () => {
        const pk = partition();
        const other = partition();
        const sks = ['b', 'a#2', 'B', 'a', 'a#10', '\uFFFD', '😀', 'c'];
        for (const sk of sks) await store().put({ pk, sk, n: sk.length });
        await store().put({ pk: other, sk: 'a' });
        const page = await store().query(pk);
        expect(page.items.map((i) => i.sk)).toEqual(['B', 'a', 'a#10', 'a#2', 'b', 'c', '\uFFFD', '😀']);
        expect(page.items[0]).toEqual({ pk, sk: 'B', n: 1 });
        expect(page.cursor).toBeUndefined();
      });

      it('answers an empty page for an empty partition', async () => {
        expect(await store().query(partition())).toEqual({ items: [] });
        expect(await store().query(partition(), { limit: 5 })).toEqual({ items: [] });
      });

      it('filters by sk prefix', async () => {
        const pk = partition();
        for (const sk of ['server#1', 'server#2', 'serverless', 'key#1', 'server'])
          await store().put({ pk, sk });
        const servers = await store().query(pk, { skPrefix: 'server#' });
        expect(servers.items.map((i) => i.sk)).toEqual(['server#1', 'server#2']);
        expect((await store().query(pk, { skPrefix: 'zzz' })).items).toEqual([]);
      });

      it('reads no further than a sort key bound, and takes no cursor from past it', async () => {
        const pk = partition();
        for (const sk of ['a#1', 'a#2', 'b#1', 'b#2', 'c#1', 'c#2']) await store().put({ pk, sk });
        // an expired item inside the bound is skipped (and leaves no cursor behind the last page)
        await store().put({ pk, sk: 'b#3', expiresAt: nowSeconds() + 1 });
        advanceSeconds(1);
        expect((await store().query(pk, { skBefore: 'b$' })).items.map((i) => i.sk)).toEqual([
          'a#1',
          'a#2',
          'b#1',
          'b#2',
        ]);
        const first = await store().query(pk, { skBefore: 'b$', limit: 3 });
        expect(first.items.map((i) => i.sk)).toEqual(['a#1', 'a#2', 'b#1']);
        const rest = await store().query(pk, { skBefore: 'b$', limit: 3, cursor: first.cursor as string });
        expect([rest.items.map((i) => i.sk), rest.cursor]).toEqual([['b#2'], undefined]);
        const past = (await store().query(pk, { limit: 5 })).cursor as string; // (at c#1)
        const refused = await rejection(store().query(pk, { skBefore: 'b$', cursor: past }));
        expect(refused).toMatchObject({ code: 'validation_failed' });
      });

      it('skips expired items', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a' });
        await store().put({ pk, sk: 'b', expiresAt: nowSeconds() + 1 });
        await store().put({ pk, sk: 'c', expiresAt: nowSeconds() + 100 });
        advanceSeconds(1);
        expect((await store().query(pk)).items.map((i) => i.sk)).toEqual(['a', 'c']);
      });

      it('pages through many items with a cursor, with no cursor on the last page', async () => {
        const pk = partition();
        const sks = Array.from({ length: 53 }, (_, i) => `item#${String(i).padStart(3, '0')}`);
        await Promise.all(sks.map((sk) => store().put({ pk, sk })));
        await store().put({ pk, sk: 'other#1' });
        const pages = await all(pk, { skPrefix: 'item#', limit: 10 });
        expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 10, 3]);
        expect(pages.flat().map((i) => i.sk)).toEqual(sks);
      });

      it('gives full pages around expired items and no cursor when only expired items follow', async () => {
        const pk = partition();
        const sks = Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(2, '0')}`);
        // Every third item and the whole tail expire.
        const expiring = (i: number) => i % 3 === 0 || i >= 24;
        await Promise.all(
          sks.map((sk, i) =>
            store().put({ pk, sk, ...(expiring(i) ? { expiresAt: nowSeconds() + 1 } : {}) }),
          ),
        );
        advanceSeconds(1);
        const live = sks.filter((_, i) => !expiring(i));
        const pages = await all(pk, { limit: 4 });
        expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4]);
        expect(pages.flat().map((i) => i.sk)).toEqual(live);
      });

      it('gives no cursor when the last page is exactly full', async () => {
        const pk = partition();
        for (const sk of ['a', 'b', 'c', 'd']) await store().put({ pk, sk });
        const first = await store().query(pk, { limit: 2 });
        expect(first.items.map((i) => i.sk)).toEqual(['a', 'b']);
        expect(first.cursor).toEqual(expect.any(String));
        const second = await store().query(pk, { limit: 2, cursor: first.cursor as string });
        expect(second.items.map((i) => i.sk)).toEqual(['c', 'd']);
        expect(second.cursor).toBeUndefined();
      });

      it('keeps its place when items are added or deleted between pages', async () => {
        const pk = partition();
        for (const sk of ['a', 'c', 'e']) await store().put({ pk, sk });
        const first = await store().query(pk, { limit: 1 });
        await store().delete(pk, 'a');
        await store().put({ pk, sk: 'd' });
        const rest = await store().query(pk, { limit: 10, cursor: first.cursor as string });
        expect(rest.items.map((i) => i.sk)).toEqual(['c', 'd', 'e']);
      });

      it('makes URL-safe cursors and rejects malformed or foreign ones', async () => {
        const pk = partition();
        for (const sk of ['a', 'b']) await store().put({ pk, sk });
        const { cursor } = await store().query(pk, { limit: 1 });
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        for (const bad of ['not a cursor', 'e30', Buffer.from('[1]').toString('base64url')]) {
          const error = await rejection(store().query(pk, { cursor: bad }));
          expect(error).toBeInstanceOf(GatewayError);
          expect((error as GatewayError).code).toBe('validation_failed');
        }
        const foreign = await rejection(store().query(partition(), { cursor: cursor as string }));
        expect((foreign as GatewayError).code).toBe('validation_failed');
        const invalidLimit = await rejection(store().query(pk, { limit: 0 }));
        expect((invalidLimit as GatewayError).code).toBe('validation_failed');
        // a cursor of the whole partition, reused with a prefix it lies outside of (another filter)
        const outside = await rejection(store().query(pk, { cursor: cursor as string, skPrefix: 'b' }));
        expect((outside as GatewayError).code).toBe('validation_failed');
      });

      it('queries the gsi1 index by gsi1pk, ordered and filtered by gsi1sk', async () => {
        const owner = partition('owner');
        const pkA = partition();
        const pkB = partition();
        await store().put({ pk: pkA, sk: 'x', gsi1pk: owner, gsi1sk: 'key#2', n: 1 });
        await store().put({ pk: pkB, sk: 'y', gsi1pk: owner, gsi1sk: 'key#1', n: 2 });
        await store().put({ pk: pkB, sk: 'z', gsi1pk: owner, gsi1sk: 'other', n: 3 });
        await store().put({ pk: pkA, sk: 'no-index-sk', gsi1pk: owner });
        await store().put({
          pk: pkA,
          sk: 'gone',
          gsi1pk: owner,
          gsi1sk: 'key#0',
          expiresAt: nowSeconds() + 1,
        });
        advanceSeconds(1);
        const found = await store().query(owner, { index: 'gsi1', skPrefix: 'key#' });
        expect(found.items).toEqual([
          { pk: pkB, sk: 'y', gsi1pk: owner, gsi1sk: 'key#1', n: 2 },
          { pk: pkA, sk: 'x', gsi1pk: owner, gsi1sk: 'key#2', n: 1 },
        ]);
        expect((await store().query(owner)).items).toEqual([]);
      });

      it('pages through the gsi1 index', async () => {
        const owner = partition('owner');
        const entries = Array.from({ length: 12 }, (_, i) => `e${String(i).padStart(2, '0')}`);
        await Promise.all(
          entries.map((e, i) => store().put({ pk: partition(), sk: 'item', gsi1pk: owner, gsi1sk: e, i })),
        );
        const pages = await all(owner, { index: 'gsi1', limit: 5 });
        expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
        expect(pages.flat().map((i) => i['gsi1sk'])).toEqual(entries);
      });
    });

    describe('increment', () => {
      it('starts a missing counter from zero and adds to it', async () => {
        const pk = partition();
        expect(await store().increment(pk, 'c', { hits: 1 })).toEqual({ hits: 1 });
        expect(await store().increment(pk, 'c', { hits: 2, cost: 0.5 })).toEqual({ hits: 3, cost: 0.5 });
        expect(await store().increment(pk, 'c', { hits: -4 })).toEqual({ hits: -1 });
        expect(await store().get(pk, 'c')).toEqual({ pk, sk: 'c', hits: -1, cost: 0.5 });
      });

      it('sets expiresAt when it creates the counter and keeps it while the counter lives', async () => {
        const pk = partition();
        const expiresAt = nowSeconds() + 60;
        await store().increment(pk, 'c', { hits: 1 }, { expiresAt });
        await store().increment(pk, 'c', { hits: 1 }, { expiresAt: expiresAt + 60 });
        expect(await store().get(pk, 'c')).toEqual({ pk, sk: 'c', hits: 2, expiresAt });
        await store().increment(pk, 'plain', { hits: 1 });
        expect(await store().get(pk, 'plain')).toEqual({ pk, sk: 'plain', hits: 1 });
      });

      it('restarts from zero with the new expiresAt once the counter expired', async () => {
        const pk = partition();
        const first = nowSeconds() + 10;
        await store().increment(pk, 'window', { hits: 5, tokens: 100 }, { expiresAt: first });
        advanceSeconds(10);
        const second = nowSeconds() + 10;
        expect(await store().increment(pk, 'window', { hits: 1 }, { expiresAt: second })).toEqual({
          hits: 1,
        });
        expect(await store().get(pk, 'window')).toEqual({ pk, sk: 'window', hits: 1, expiresAt: second });
      });

      it('adds to an item written by put and keeps its other attributes', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'a', version: 4, label: 'keep', count: 10 });
        expect(await store().increment(pk, 'a', { count: 5, fresh: 1 })).toEqual({ count: 15, fresh: 1 });
        expect(await store().get(pk, 'a')).toEqual({
          pk,
          sk: 'a',
          version: 4,
          label: 'keep',
          count: 15,
          fresh: 1,
        });
      });

      it('sets attributes in the same step, on a new, a live and an expired counter', async () => {
        const pk = partition();
        const first = nowSeconds() + 10;
        const label = { key: 'user=ada;', budgetName: 'spend' };
        expect(await store().increment(pk, 'l', { spent: 2 }, { expiresAt: first, set: label })).toEqual({
          spent: 2,
        });
        expect(await store().get(pk, 'l')).toEqual({ pk, sk: 'l', spent: 2, expiresAt: first, ...label });
        await store().increment(pk, 'l', { spent: 3 }, { set: { key: 'user=bo;' } });
        expect(await store().get(pk, 'l')).toEqual({
          pk,
          sk: 'l',
          spent: 5,
          expiresAt: first,
          ...label,
          key: 'user=bo;',
        });
        advanceSeconds(10);
        const second = nowSeconds() + 10;
        await store().increment(pk, 'l', { spent: 1 }, { expiresAt: second, set: label });
        expect(await store().get(pk, 'l')).toEqual({ pk, sk: 'l', spent: 1, expiresAt: second, ...label });
        // undefined values are left out, nested ones too, as update leaves them
        await store().increment(
          pk,
          'l',
          { spent: 1 },
          { set: { gone: undefined, nested: { a: 1, b: undefined } } },
        );
        expect(await store().get(pk, 'l')).toEqual({
          pk,
          sk: 'l',
          spent: 2,
          expiresAt: second,
          ...label,
          nested: { a: 1 },
        });
        // the key, the expiry and the counters are the increment's own
        for (const name of ['pk', 'sk', 'expiresAt', 'spent'])
          await expect(store().increment(pk, 'l', { spent: 1 }, { set: { [name]: 'x' } })).rejects.toThrow(
            `cannot set ${name}`,
          );
        expect((await store().get(pk, 'l'))?.['spent']).toBe(2);
      });

      it('loses no update under concurrency, on a new and on an expired counter', async () => {
        const pk = partition();
        const run = () =>
          Promise.all(
            Array.from({ length: 50 }, () =>
              store().increment(pk, 'busy', { n: 1, m: 2 }, { expiresAt: nowSeconds() + 30 }),
            ),
          );
        const firstRound = await run();
        expect(firstRound.map((r) => r['n']).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
        expect(await store().get(pk, 'busy')).toMatchObject({ n: 50, m: 100 });
        advanceSeconds(30);
        await run();
        expect(await store().get(pk, 'busy')).toMatchObject({ n: 50, m: 100 });
      });

      it('answers nothing and writes nothing for no deltas', async () => {
        const pk = partition();
        expect(await store().increment(pk, 'c', {})).toEqual({});
        expect(await store().get(pk, 'c')).toBeUndefined();
      });
    });

    describe('incrementWithin', () => {
      it('adds while the total stays within the limit, then refuses and says the total', async () => {
        const pk = partition();
        expect(await store().incrementWithin(pk, 'q', 'used', 4, 10)).toEqual({ applied: true, total: 4 });
        expect(await store().incrementWithin(pk, 'q', 'used', 6, 10)).toEqual({ applied: true, total: 10 });
        expect(await store().incrementWithin(pk, 'q', 'used', 1, 10)).toEqual({ applied: false, total: 10 });
        expect(await store().incrementWithin(pk, 'big', 'used', 11, 10)).toEqual({
          applied: false,
          total: 0,
        });
        expect(await store().get(pk, 'big')).toBeUndefined();
        // an item that holds other attributes but not this one: the same
        await store().increment(pk, 'other', { spent: 3 });
        expect(await store().incrementWithin(pk, 'other', 'used', 11, 10)).toEqual({
          applied: false,
          total: 0,
        });
        expect(await store().incrementWithin(pk, 'other', 'used', 10, 10)).toEqual({
          applied: true,
          total: 10,
        });
      });

      it('fits fractions as decimals do: three tenths within 0.3, not a fourth', async () => {
        const pk = partition();
        const applied = [];
        for (let i = 0; i < 4; i++)
          applied.push((await store().incrementWithin(pk, 'f', 'spent', 0.1, 0.3)).applied);
        expect(applied).toEqual([true, true, true, false]);
        // on nothing yet, the same bound: both stores agree
        expect((await store().incrementWithin(pk, 'g', 'spent', 1_000_000.0005, 1_000_000)).applied).toBe(
          true,
        );
        // whole numbers stay exact: no slack
        expect((await store().incrementWithin(pk, 'h', 'used', 1_000_000_001, 1_000_000_000)).applied).toBe(
          false,
        );
      });

      it('never lets concurrent adds pass the limit', async () => {
        const pk = partition();
        const results = await Promise.all(
          Array.from({ length: 25 }, () => store().incrementWithin(pk, 'hot', 'used', 1, 10)),
        );
        expect(results.filter((r) => r.applied)).toHaveLength(10);
        expect((await store().get(pk, 'hot'))?.['used']).toBe(10);
      });

      it('starts an expired counter from zero with the new expiresAt, keeping other attributes apart', async () => {
        const pk = partition();
        const first = nowSeconds() + 10;
        await store().incrementWithin(pk, 'w', 'used', 10, 10, { expiresAt: first });
        expect((await store().incrementWithin(pk, 'w', 'used', 1, 10, { expiresAt: first })).applied).toBe(
          false,
        );
        advanceSeconds(10);
        const second = nowSeconds() + 10;
        expect(await store().incrementWithin(pk, 'w', 'used', 3, 10, { expiresAt: second })).toEqual({
          applied: true,
          total: 3,
        });
        expect(await store().get(pk, 'w')).toEqual({ pk, sk: 'w', used: 3, expiresAt: second });
        await store().increment(pk, 'w', { other: 5 });
        expect(await store().incrementWithin(pk, 'w', 'used', 7, 10)).toEqual({ applied: true, total: 10 });
        expect((await store().get(pk, 'w'))?.['other']).toBe(5);
      });

      it('refuses amounts that are not positive and finite', async () => {
        await expect(store().incrementWithin(partition(), 'x', 'n', 0, 10)).rejects.toThrow(RangeError);
        await expect(store().incrementWithin(partition(), 'x', 'n', Number.NaN, 10)).rejects.toThrow(
          RangeError,
        );
      });
    });

    describe('update', () => {
      it('sets chosen attributes, leaving the others, and creates a missing item', async () => {
        const pk = partition();
        await store().update(pk, 'c', { state: 'closed', failures: 0 });
        expect(await store().get(pk, 'c')).toEqual({ pk, sk: 'c', state: 'closed', failures: 0 });
        await store().increment(pk, 'c', { failures: 3 });
        await store().update(pk, 'c', { state: 'open', openedAt: 1234, skipped: undefined });
        expect(await store().get(pk, 'c')).toEqual({
          pk,
          sk: 'c',
          state: 'open',
          failures: 3,
          openedAt: 1234,
        });
      });

      it('creates nothing when it sets nothing', async () => {
        const pk = partition();
        await store().update(pk, 'none', {});
        await store().update(pk, 'none', { skipped: undefined });
        expect(await store().get(pk, 'none')).toBeUndefined();
      });

      it('starts an expired item afresh, as a missing one', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'old', stale: true, expiresAt: nowSeconds() + 5 });
        advanceSeconds(5);
        await store().update(pk, 'old', { state: 'new' });
        expect(await store().get(pk, 'old')).toEqual({ pk, sk: 'old', state: 'new' });
      });

      it('loses no field when updates of an expired item race', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'old', stale: true, expiresAt: nowSeconds() + 5 });
        advanceSeconds(5);
        const fields = ['a', 'b', 'c', 'd'];
        await Promise.all(fields.map((field) => store().update(pk, 'old', { [field]: 1 })));
        expect(await store().get(pk, 'old')).toEqual({ pk, sk: 'old', a: 1, b: 1, c: 1, d: 1 });
      });
    });

    describe('eventually consistent reads', () => {
      it('read what was written (the adapters may serve them from a replica later)', async () => {
        const pk = partition();
        await store().put({ pk, sk: 'e', value: 1 });
        expect(await store().get(pk, 'e', { consistent: false })).toEqual({ pk, sk: 'e', value: 1 });
      });
    });

    describe('attributes', () => {
      it('round-trips every JSON type, dropping undefined as DynamoDB does', async () => {
        const pk = partition();
        const item = {
          pk,
          sk: 'json',
          string: 'text ✓ 😀',
          empty: '',
          zero: 0,
          negative: -12.5,
          big: 2 ** 53 - 1,
          yes: true,
          no: false,
          nothing: null,
          list: [1, 'two', false, null, { three: 3 }, [4, ''], []],
          map: { nested: { deeper: { value: 'x', empty: '', flags: [true] } }, emptyMap: {} },
          emptyList: [],
        };
        await store().put({
          ...item,
          dropped: undefined,
          sparse: [1, undefined, 2],
          inner: { gone: undefined },
        });
        expect(await store().get(pk, 'json')).toStrictEqual({ ...item, sparse: [1, 2], inner: {} });
        expect((await store().query(pk)).items).toStrictEqual([{ ...item, sparse: [1, 2], inner: {} }]);
      });

      it('stores large items (about 100 KB)', async () => {
        const pk = partition();
        const blob = 'x'.repeat(100_000);
        const list = Array.from({ length: 500 }, (_, i) => ({ i, text: 'y'.repeat(20) }));
        await store().put({ pk, sk: 'large', blob, list });
        expect(await store().get(pk, 'large')).toEqual({ pk, sk: 'large', blob, list });
        const page = await store().query(pk, { limit: 1 });
        expect(page.items[0]?.['blob']).toHaveLength(100_000);
      });
    });
  });
}
