import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { CatalogCache } from './cache.js';
import { readCatalog } from './store.js';
import { toCatalogTool } from './tools.js';

const tool = (description: string) => toCatalogTool({ name: 'search', description })!;

describe('CatalogCache', () => {
  it('writes only the newest of the lists learned while a write is under way', async () => {
    const store = new MemoryStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const heads: unknown[] = [];
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      if (item.sk === 'head') {
        heads.push(item['hash']);
        await gate;
      }
      return put(item, condition);
    };
    const catalogs = new CatalogCache({ store, clock: new FakeClock() });
    const lists = Array.from({ length: 50 }, (_, i) => [tool(`Searches, take ${i}.`)]);
    for (const list of lists) catalogs.learn('srv_1', list);
    release();
    await catalogs.settled();
    // the first list, then the last: not fifty writes queued behind each other
    expect(heads).toHaveLength(2);
    const stored = (await readCatalog(store, 'srv_1'))!;
    expect(stored.tools.map((t) => t.description)).toEqual(['Searches, take 49.']);
    expect((await catalogs.get('srv_1'))!.tools[0]!.description).toBe('Searches, take 49.');
  });

  it('a page learned behind a whole list still to write joins it, which stays a replacement', async () => {
    const store = new MemoryStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      if (item.sk === 'head') await gate;
      return put(item, condition);
    };
    const catalogs = new CatalogCache({ store, clock: new FakeClock() });
    const named = (name: string, description: string) => toCatalogTool({ name, description })!;
    catalogs.learn('srv_1', [named('a', 'one'), named('gone', 'soon')]);
    // while that is written: a whole list without "gone", then a page changing "a"
    catalogs.learn('srv_1', [named('a', 'one'), named('b', 'two')]);
    catalogs.learnPage('srv_1', [named('a', 'changed')]);
    release();
    await catalogs.settled();
    const stored = (await readCatalog(store, 'srv_1'))!;
    expect(stored.tools.map((t) => [t.name, t.description])).toEqual([
      ['a', 'changed'],
      ['b', 'two'],
    ]);
  });

  it('keeps one definition of a tool listed twice (overlapping pages): the store reads back what was learned', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    let writes = 0;
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      writes++;
      return put(item, condition);
    };
    const catalogs = new CatalogCache({ store, clock });
    const twice = [tool('Searches, first.'), toCatalogTool({ name: 'other' })!, tool('Searches, again.')];
    const learned = catalogs.learn('srv_1', twice);
    await catalogs.settled();
    expect(learned.tools.map((t) => t.description ?? t.name)).toEqual(['other', 'Searches, again.']);
    const stored = (await readCatalog(store, 'srv_1'))!;
    expect(stored.hash).toBe(learned.hash);
    // learned again as before: nothing to write
    const written = writes;
    catalogs.learn('srv_1', twice);
    await catalogs.settled();
    expect(writes).toBe(written);
  });

  it('writes a list learned again when the store holds another: a failed write, another instance’s older list', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const put = store.put.bind(store);
    let down = true;
    store.put = async (item, condition) => {
      if (down) throw new Error('throttled');
      return put(item, condition);
    };
    const a = new CatalogCache({ store, clock, ttlMs: 30_000 });
    const first = [tool('Searches.')];
    a.learn('srv_1', first);
    await a.settled();
    expect(await readCatalog(store, 'srv_1')).toBeUndefined();
    down = false;
    // the same list again: the store does not hold it, so it is written now
    const learned = a.learn('srv_1', first);
    await vi.waitFor(async () => expect((await readCatalog(store, 'srv_1'))?.hash).toBe(learned.hash));
    await a.settled();
    // another instance stores a newer list; the upstream goes back to the first, which this one knows
    const b = new CatalogCache({ store, clock, ttlMs: 30_000 });
    b.learn('srv_1', [tool('Searches, v2.')]);
    await b.settled();
    const reads = vi.spyOn(store, 'get');
    a.learn('srv_1', first);
    expect(reads).not.toHaveBeenCalled(); // checked once a TTL, not on every list
    clock.advance(30_001);
    a.learn('srv_1', first);
    await vi.waitFor(async () =>
      expect((await readCatalog(store, 'srv_1'))!.tools.map((t) => t.description)).toEqual(['Searches.']),
    );
  });

  it('a refresh does not replace a list learned while it was under way (a client re-listing on the same notice)', async () => {
    const catalogs = new CatalogCache({ store: new MemoryStore(), clock: new FakeClock() });
    catalogs.learn('srv_1', [tool('Searches.')]);
    let answer: (tools: ReturnType<typeof tool>[]) => void = () => undefined;
    const refreshed = catalogs.refresh(
      'srv_1',
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    // the client's own list, with the tool its session just enabled
    const enabled = toCatalogTool({ name: 'deploy', description: 'Deploys.' })!;
    catalogs.learn('srv_1', [tool('Searches.'), enabled]);
    answer([tool('Searches.')]); // the probe session's list, without it
    await refreshed;
    expect((await catalogs.get('srv_1'))!.tools.map((t) => t.name)).toEqual(['deploy', 'search']);
    // a list as it was, answered before the change, does not keep the refresh's news out
    let later: (tools: ReturnType<typeof tool>[]) => void = () => undefined;
    const refreshing = catalogs.refresh(
      'srv_1',
      () =>
        new Promise((resolve) => {
          later = resolve;
        }),
    );
    catalogs.learn('srv_1', [tool('Searches.'), enabled]);
    later([tool('Searches, v2.')]);
    await refreshing;
    expect((await catalogs.get('srv_1'))!.tools.map((t) => t.description)).toEqual(['Searches, v2.']);
    // with nothing learned meanwhile, a refresh is the news
    await catalogs.refresh('srv_1', async () => [tool('Searches, v2.')]);
    expect((await catalogs.get('srv_1'))!.tools.map((t) => t.description)).toEqual(['Searches, v2.']);
    await catalogs.settled();
  });

  it('does not list an upstream that just failed a listing on demand again at every call', async () => {
    const clock = new FakeClock();
    const catalogs = new CatalogCache({ store: new MemoryStore(), clock });
    let listed = 0;
    const failing = async () => {
      listed++;
      throw new Error('refused without a caller');
    };
    await expect(catalogs.require('srv_1', failing)).rejects.toThrow('refused without a caller');
    expect(await catalogs.require('srv_1', failing)).toBeUndefined();
    expect(listed).toBe(1);
    clock.advance(10_001);
    await expect(catalogs.require('srv_1', failing)).rejects.toThrow();
    expect(listed).toBe(2);
  });

  it('a server that lists per caller: each caller’s list joins the catalog, and alternating lists write nothing more', async () => {
    const store = new MemoryStore();
    let heads = 0;
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      if (item.sk === 'head') heads++;
      return put(item, condition);
    };
    const catalogs = new CatalogCache({ store, clock: new FakeClock() });
    const a = [toCatalogTool({ name: 'issues' })!, toCatalogTool({ name: 'repos' })!];
    const b = [toCatalogTool({ name: 'repos' })!, toCatalogTool({ name: 'admin' })!];
    for (let round = 0; round < 5; round++) {
      catalogs.learn('srv_1', a, true);
      catalogs.learn('srv_1', b, true);
      await catalogs.settled();
    }
    const names = (catalog: { tools: { name: string }[] } | undefined) =>
      catalog?.tools.map((t) => t.name).sort();
    expect(names(await catalogs.get('srv_1'))).toEqual(['admin', 'issues', 'repos']);
    expect(names(await readCatalog(store, 'srv_1'))).toEqual(['admin', 'issues', 'repos']);
    expect(heads).toBeLessThanOrEqual(2);
    // another instance, cold, learns one caller's list: the stored catalog keeps the others'
    const cold = new CatalogCache({ store, clock: new FakeClock() });
    cold.learn('srv_1', [toCatalogTool({ name: 'issues' })!], true);
    await cold.settled();
    expect(names(await readCatalog(store, 'srv_1'))).toEqual(['admin', 'issues', 'repos']);
  });

  it('a refresh of a server that lists per caller joins the catalog too, in name order', async () => {
    const catalogs = new CatalogCache({ store: new MemoryStore(), clock: new FakeClock() });
    catalogs.learn('srv_1', [toCatalogTool({ name: 'repos' })!, toCatalogTool({ name: 'admin' })!], true);
    await catalogs.refresh('srv_1', async () => [toCatalogTool({ name: 'issues' })!], true);
    expect((await catalogs.get('srv_1'))?.tools.map((t) => t.name)).toEqual(['admin', 'issues', 'repos']);
  });
});
