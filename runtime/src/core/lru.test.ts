import { describe, expect, it } from 'vitest';
import { lruCache } from './lru.js';

describe('lruCache', () => {
  it('holds at most its number of entries, dropping the least recently used', () => {
    const cache = lruCache<string, number>(3);
    for (const [key, value] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      cache.set(key, value);
    expect(cache.get('a')).toBe(1); // now the most recently used
    cache.set('d', 4);
    expect([...cache.keys()].sort()).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBe(3);
  });

  it('passes its other options on (a time to live)', () => {
    let now = 1_000_000;
    const cache = lruCache<string, number>(10, { ttl: 1000, ttlResolution: 0, perf: { now: () => now } });
    cache.set('a', 1);
    now += 999;
    expect(cache.get('a')).toBe(1);
    now += 2;
    expect(cache.get('a')).toBeUndefined();
  });
});
