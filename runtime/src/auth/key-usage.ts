/**
 * When each api key was last used, recorded without a store write per request: an instance writes a
 * key's last use at most once per `intervalMs` (a minute by default), in the background, into an item of
 * its own (so the key's version, its ETag, does not move). The management API shows it as `lastUsedAt`.
 */

import type { Clock } from '../core/clock.js';
import { lruCache } from '../core/lru.js';
import type { StateStore } from '../store/port.js';

export const keyUsagePartition = 'usage#api_key';

export class KeyUsage {
  private readonly written = lruCache<string, number>(10_000);

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
  ) {}

  /** Notes a use of key `id`; writes when this instance has not written it for `intervalMs`. */
  touch(id: string): void {
    const now = this.clock.now();
    const last = this.written.get(id);
    if (last !== undefined && now - last < this.intervalMs) return;
    this.written.set(id, now);
    // a lost write only makes lastUsedAt older: never worth failing or delaying the request for
    void this.store
      .put({ pk: keyUsagePartition, sk: id, lastUsedAt: new Date(now).toISOString() })
      .catch(() => this.written.delete(id));
  }
}

/** The recorded last use of key `id` (ISO time), if any. */
export async function lastUseOf(store: StateStore, id: string): Promise<string | undefined> {
  const item = await store.get(keyUsagePartition, id);
  return typeof item?.['lastUsedAt'] === 'string' ? item['lastUsedAt'] : undefined;
}
