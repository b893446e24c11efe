import { describe, expect, it } from 'vitest';
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
});
