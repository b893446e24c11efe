import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapAtMost } from './pool.js';

describe('mapAtMost', () => {
  it('answers every result in order, never more calls at once than its limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(3), { maxLength: 30 }),
        fc.integer({ min: 1, max: 10 }),
        async (delays, limit) => {
          let open = 0;
          let most = 0;
          const results = await mapAtMost(limit, delays, async (delay, index) => {
            most = Math.max(most, ++open);
            await new Promise((resolve) => setTimeout(resolve, delay));
            open--;
            return index * 2;
          });
          expect(results).toEqual(delays.map((_, i) => i * 2));
          expect(most).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects with the first failure and starts no call after it', async () => {
    const started: number[] = [];
    const failing = mapAtMost(2, [0, 1, 2, 3, 4, 5], async (item) => {
      started.push(item);
      if (item === 1) throw new Error('no');
      await new Promise((resolve) => setTimeout(resolve, 5));
      return item;
    });
    await expect(failing).rejects.toThrow('no');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual([0, 1]);
  });
});
