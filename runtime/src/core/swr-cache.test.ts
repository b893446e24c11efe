import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { SwrCache } from './swr-cache.js';

const limits = { ttlMs: 1000, negativeTtlMs: 1000, maxEntries: 10, maxMisses: 10 };

describe('SwrCache', () => {
  it('serves a stale value while one background read replaces it', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let reads = 0;
    const load = async () => ({ value: ++reads });
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    clock.advance(1000);
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('k', load)).toBe(2);
    expect(reads).toBe(2);
  });

  it('makes an entry staler than a TTL (an idle instance) wait for its re-read, stale only if it fails', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let reads = 0;
    let failing = false;
    const load = async () => {
      if (failing) throw new Error('store down');
      return { value: ++reads };
    };
    expect(await cache.get('k', load)).toBe(1);
    // idle for 5 TTLs: the change made meanwhile is what the next request gets
    clock.advance(5000);
    expect(await cache.get('k', load)).toBe(2);
    // the store unreachable: the stale value, up to 12 TTLs
    failing = true;
    clock.advance(5000);
    expect(await cache.get('k', load)).toBe(2);
    clock.advance(7000);
    await expect(cache.get('k', load)).rejects.toThrow('store down');
  });

  it('keeps a value put while a read was under way: the read found something older', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let answer: (value: { value: number }) => void = () => undefined;
    const slow = () => new Promise<{ value: number }>((resolve) => (answer = resolve));
    const reading = cache.get('circuit', slow);
    cache.set('circuit', 0); // this process just closed it
    answer({ value: 42 }); // what the store held when the read began
    expect(await reading).toBe(0);
    expect(await cache.get('circuit', slow)).toBe(0);
  });
});
