/**
 * A cache of values read from the store, served without waiting on the store once known: an entry is served
 * for `ttlMs` after it was read, and from three quarters of that on, a request starts one background read
 * that replaces it (refresh ahead), so a key in use never waits on a re-read and concurrent requests never
 * read the same key at once. An entry past its TTL (a key not used for a while) waits for its re-read, so
 * a change holds within the TTL plus one read; only when that read fails is the stale entry served (see
 * STALE_TTLS), without another read for a moment (a failing store is not asked by every request).
 * Absent keys are remembered for `negativeTtlMs`.
 */
import type { LRUCache } from 'lru-cache';
import type { Clock } from './clock.js';
import { lruCache } from './lru.js';

interface Found<T> {
  value: T;
  /** Clock time from which a request re-reads the entry in the background. */
  refreshFrom: number;
  /** Clock time after which a request waits for the entry's re-read. */
  freshUntil: number;
  /** Clock time after which it is not served at all (a key's expiry; a store that stays unreachable). */
  servableUntil: number;
  /** Clock time until which a stale entry is served without a re-read: its last one failed. */
  retryFrom?: number;
}

export interface CacheLimits {
  ttlMs: number;
  negativeTtlMs: number;
  maxEntries: number;
  maxMisses: number;
}

/** A stale entry is served this many TTLs at most while its re-reads keep failing. */
const STALE_TTLS = 12;
/** After a failed re-read, the stale entry is served this long (at most a TTL) before the next try. */
const RETRY_AFTER_FAILURE_MS = 1000;

export class SwrCache<T> {
  private readonly found: LRUCache<string, Found<T>>;
  /** Clock time until which a key is known to be absent. */
  private readonly missing: LRUCache<string, number>;
  private readonly inflight = new Map<string, Promise<T | undefined>>();
  /** Keys `set` while their read was under way (at most one per read in flight). */
  private readonly overridden = new Set<string>();
  /** Counts `clear` calls: a read started before one must not fill the cache after it. */
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: CacheLimits,
  ) {
    this.found = lruCache(limits.maxEntries);
    this.missing = lruCache(limits.maxMisses);
  }

  /** `validUntil` caps a found entry's lifetime (e.g. an api key's expiry), stale or not. */
  get(
    key: string,
    load: () => Promise<{ value: T; validUntil?: number } | undefined>,
  ): Promise<T | undefined> {
    const now = this.clock.now();
    const hit = this.found.get(key);
    if (hit !== undefined && now < hit.servableUntil) {
      const failed = () => {
        hit.retryFrom = this.clock.now() + Math.min(this.limits.ttlMs, RETRY_AFTER_FAILURE_MS);
        return hit.value;
      };
      if (now < hit.freshUntil) {
        // a read ahead that failed is remembered as any failed re-read: the next waits its retry time
        if (now >= hit.refreshFrom && (hit.retryFrom === undefined || now >= hit.retryFrom))
          this.load(key, load).catch(failed);
        return Promise.resolve(hit.value);
      }
      // once a re-read failed, the stale entry is served at once and read again behind (not by every
      // request, nor waited for: a slow or failing store would have each wait up to its retries' time)
      if (hit.retryFrom !== undefined) {
        if (now >= hit.retryFrom && !this.inflight.has(key)) this.load(key, load).catch(failed);
        return Promise.resolve(hit.value);
      }
      return this.load(key, load).catch(failed);
    }
    const absentUntil = this.missing.get(key);
    if (absentUntil !== undefined && now < absentUntil) return Promise.resolve(undefined);
    return this.load(key, load);
  }

  private load(key: string, load: () => Promise<{ value: T; validUntil?: number } | undefined>) {
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending;
    const generation = this.generation;
    const promise = load()
      .then((loaded) => {
        // read before a `clear`: what it found may be what the clear was for
        if (generation !== this.generation) return loaded?.value;
        // a value put while this read was under way is newer than what the read found
        if (this.overridden.delete(key)) return this.found.get(key)?.value;
        const at = this.clock.now();
        if (loaded === undefined) {
          this.found.delete(key);
          this.missing.set(key, at + this.limits.negativeTtlMs);
          return undefined;
        }
        this.missing.delete(key);
        this.found.set(key, this.entry(loaded.value, at, loaded.validUntil));
        return loaded.value;
      })
      .finally(() => {
        if (generation !== this.generation) return;
        this.inflight.delete(key);
        this.overridden.delete(key);
      });
    this.inflight.set(key, promise);
    return promise;
  }

  /** Puts a value this process knows to be current (e.g. one it just wrote). */
  set(key: string, value: T): void {
    if (this.inflight.has(key)) this.overridden.add(key);
    const at = this.clock.now();
    this.missing.delete(key);
    this.found.set(key, this.entry(value, at));
  }

  private entry(value: T, at: number, validUntil = Number.POSITIVE_INFINITY): Found<T> {
    const { ttlMs } = this.limits;
    const freshUntil = Math.min(at + ttlMs, validUntil);
    return {
      value,
      refreshFrom: Math.min(at + ttlMs * 0.75, freshUntil),
      freshUntil,
      servableUntil: Math.min(at + ttlMs * STALE_TTLS, validUntil),
    };
  }

  /** Forgets every entry; reads under way when it is called are not cached when they end. */
  clear(): void {
    this.found.clear();
    this.missing.clear();
    this.generation++;
    this.inflight.clear();
    this.overridden.clear();
  }
}
