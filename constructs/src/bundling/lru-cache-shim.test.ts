import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import CapacityLruCache from './lru-cache-shim.js';

/** mnemonist's LRU cache, the very copy the SDK's endpoint cache imports. */
const MnemonistLru = createRequire(createRequire(import.meta.url).resolve('@aws-sdk/endpoint-cache'))(
  'mnemonist/lru-cache',
) as new (
  capacity: number,
) => CapacityLruCache<string, string[]>;

describe('the LRU cache standing in for mnemonist’s in the Lambda bundles', () => {
  it('keeps a capacity of entries, the least recently used going first, as mnemonist’s does', () => {
    const run = (cache: {
      set(k: string, v: string[]): unknown;
      get(k: string): string[] | undefined;
      has(k: string): boolean;
      peek(k: string): string[] | undefined;
      clear(): void;
    }) => {
      const seen: unknown[] = [];
      cache.set('a', ['1']);
      cache.set('b', ['2']);
      seen.push(cache.get('a'));
      cache.set('c', ['3']); // b is the least recently used
      seen.push(cache.has('b'), cache.peek('a'), cache.get('c'));
      cache.clear();
      seen.push(cache.has('a'));
      return seen;
    };
    expect(run(new CapacityLruCache<string, string[]>(2))).toEqual(run(new MnemonistLru(2)));
  });
});
