import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { readCatalog, saveCatalog, unionOf } from './store.js';
import { catalogHash, MAX_CATALOG_TOOLS, toCatalogTool } from './tools.js';

describe('the stored catalog', () => {
  it('keeps a tool too large for one item without its schemas and icons, under the hash of its whole definition', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const big = 'x'.repeat(200_000);
    const tool = toCatalogTool({
      name: 'render',
      description: 'Renders.',
      inputSchema: { type: 'object', description: big },
      icons: [{ src: `data:image/png;base64,${big}` }],
    })!;
    await saveCatalog(store, clock, 'srv_1', [tool]);
    const [stored] = (await readCatalog(store, 'srv_1'))!.tools;
    expect(stored).toMatchObject({ name: 'render', description: 'Renders.', hash: tool.hash });
    expect(stored).not.toHaveProperty('inputSchema');
    expect(stored).not.toHaveProperty('icons');
    expect(stored!.priorHash).toBe(tool.priorHash);
  });

  it('keeps a tool nested deeper than the store holds, or described past one item, and the tools after it', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20; i++) deep = { type: 'object', properties: { next: deep } };
    const nested = toCatalogTool({ name: 'a-nested', inputSchema: deep })!;
    const wordy = toCatalogTool({
      name: 'b-wordy',
      description: 'w'.repeat(500_000),
      inputSchema: { type: 'object' },
    })!;
    const plain = toCatalogTool({ name: 'c-plain', inputSchema: { type: 'object' } })!;
    // a float64 range as schema generators write it: DynamoDB holds no number that large
    const huge = toCatalogTool({
      name: 'd-huge',
      inputSchema: { type: 'object', properties: { x: { type: 'number', maximum: Number.MAX_VALUE } } },
    })!;
    expect(nested).toBeDefined();
    // the store refuses what DynamoDB would (nesting past 32 levels, numbers past its range)
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      if (JSON.stringify(item).split('{').length > 32) throw new Error('nested too deeply');
      if (JSON.stringify(item).length > 400_000) throw new Error('item too large');
      if (JSON.stringify(item).includes('e+308')) throw new Error('number out of range');
      return put(item, condition);
    };
    await saveCatalog(store, clock, 'srv_1', [nested, wordy, plain, huge]);
    const tools = (await readCatalog(store, 'srv_1'))!.tools;
    expect(tools.map((t) => [t.name, t.hash])).toEqual([
      ['a-nested', nested.hash],
      ['b-wordy', wordy.hash],
      ['c-plain', plain.hash],
      ['d-huge', huge.hash],
    ]);
    expect(tools[3]).not.toHaveProperty('inputSchema');
    expect(tools[0]).not.toHaveProperty('inputSchema');
    expect(tools[1]!.description!.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('answers the hash of the tools it read, so two saves at once that mixed their tools get written again', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const v1 = toCatalogTool({ name: 'search', description: 'Searches.' })!;
    const v2 = toCatalogTool({ name: 'search', description: 'Searches the web.' })!;
    const other = toCatalogTool({ name: 'fetch', description: 'Fetches.' })!;
    // instance A saved [v2, other] (tools, then head); instance B's put of v1 landed between them
    await saveCatalog(store, clock, 'srv_1', [v2, other]);
    await store.put({ pk: 'catalog#srv_1', sk: 'tool#search', tool: v1 });
    const read = (await readCatalog(store, 'srv_1'))!;
    expect(read.tools.find((t) => t.name === 'search')!.hash).toBe(v1.hash);
    expect(read.hash).toBe(catalogHash(read.tools));
    expect(read.hash).not.toBe(catalogHash([v2, other]));
  });

  it('joins lists into a union of at most a catalog’s tools: past it, the list just seen and what fits', () => {
    const tool = (name: string) => toCatalogTool({ name, inputSchema: { type: 'object' } })!;
    const base = Array.from({ length: MAX_CATALOG_TOOLS - 1 }, (_, i) => tool(`t${i}`));
    expect(unionOf(base, [tool('a')])).toHaveLength(MAX_CATALOG_TOOLS);
    const past = unionOf([...base, tool('a')], [tool('b'), tool('b'), tool('c')]).map((t) => t.name);
    expect(past).toHaveLength(MAX_CATALOG_TOOLS);
    expect(past.slice(0, 3)).toEqual(['b', 'c', 't0']);
    expect(past).not.toContain('a');
  });
});
