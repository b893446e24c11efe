import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { readCatalog, saveCatalog } from './store.js';
import { toCatalogTool } from './tools.js';

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
});
