import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { claimPartition, insertResource, newId, readResource } from './config-items.js';
import { MemoryStore } from './memory.js';
import { ConditionFailedError } from './port.js';

describe('resource ids', () => {
  it('sort in creation order, within one millisecond and when the clock steps back', () => {
    const clock = new FakeClock(1_700_000_000_000);
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) {
      ids.push(newId('idp', clock));
      if (i === 250) clock.advance(-5_000);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^idp_[0-9a-z]{9}[0-9a-f]{12}$/);
  });
});

describe('resources the data plane writes itself', () => {
  it('takes over a name claim of its own id that a stopped write left behind; never another’s', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    // a write stopped between the claim and the item
    await store.put({ pk: claimPartition('oauth_client', 'name'), sk: 'md-1', id: 'oc_1', version: 1 });
    await insertResource(store, clock, 'oauth_client', 'oc_1', { name: 'md-1', enabled: true });
    expect((await readResource(store, 'oauth_client', 'oc_1'))?.['data']).toMatchObject({ name: 'md-1' });
    // the name is another resource's
    await expect(
      insertResource(store, clock, 'oauth_client', 'oc_2', { name: 'md-1', enabled: true }),
    ).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await readResource(store, 'oauth_client', 'oc_2')).toBeUndefined();
  });
});
