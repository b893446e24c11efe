/**
 * Stands in for `mnemonist/lru-cache` in the Lambda bundles (see `esbuildOptions`): the DynamoDB client's
 * endpoint-discovery cache (`@aws-sdk/endpoint-cache`) is its only user there, and the runtime already
 * carries `lru-cache`, whose cache has the same methods (`get`, `set`, `has`, `peek`, `clear`); only the
 * constructor differs (a capacity instead of options). Saves mnemonist's 7 KiB of the cold start.
 */
import { LRUCache } from 'lru-cache';

export default class CapacityLruCache<K extends {}, V extends {}> extends LRUCache<K, V> {
  constructor(capacity: number) {
    super({ max: capacity });
  }
}
