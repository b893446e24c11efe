/**
 * The bounded caches of the gateway: LRU caches of lru-cache, bounded by their number of entries.
 */
import { LRUCache } from 'lru-cache';

export type LruOptions<K extends {}, V extends {}> = Omit<
  LRUCache.Options<K, V, unknown>,
  'max' | 'maxSize' | 'sizeCalculation' | 'maxEntrySize'
>;

/**
 * An LRU cache of at most `entries` entries. The bound is set as a size of one per entry, not as `max`:
 * for `max`, lru-cache allocates the storage of every entry up front (6 ms and over 1 MB for 50,000),
 * which the gateway's few dozen caches would pay at every start of a process (a Lambda cold start
 * included) for entries most deployments never fill. This way the storage grows as entries come.
 */
export function lruCache<K extends {}, V extends {}>(
  entries: number,
  options: LruOptions<K, V> = {},
  /** How many entries' room a value takes (1 by default): a cache of values of very different sizes. */
  weigh: (value: V) => number = () => 1,
): LRUCache<K, V> {
  return new LRUCache<K, V>({
    ...options,
    maxSize: Math.max(1, entries),
    sizeCalculation: (value) => Math.min(Math.max(1, Math.ceil(weigh(value))), Math.max(1, entries)),
  });
}
