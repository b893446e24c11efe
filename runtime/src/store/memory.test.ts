import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../core/errors.js';
import { describeStoreContract, manualClock } from './contract.js';
import { MemoryStore } from './memory.js';

describeStoreContract('MemoryStore', async () => {
  const clock = manualClock();
  return { store: new MemoryStore(clock), clock, cleanup: async () => {} };
});

describe('MemoryStore', () => {
  it('refuses a value nested deeper than DynamoDB nests (32 levels), as the DynamoDB adapter reports it', async () => {
    const store = new MemoryStore();
    let nested: unknown = 'leaf';
    for (let i = 0; i < 40; i++) nested = { n: nested };
    const error = await store.put({ pk: 'p', sk: 'deep', nested }).catch((e: unknown) => e);
    expect((error as GatewayError).code).toBe('validation_failed');
    expect(await store.get('p', 'deep')).toBeUndefined();
  });
});
