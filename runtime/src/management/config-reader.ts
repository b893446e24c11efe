/**
 * The data plane's view of the configuration, cached in process: a short TTL (misses too, briefly, in a
 * small cache of their own so they never evict found entries) and single-flight, so concurrent requests
 * for the same cold entry share one store read and a request on the MCP hot path usually costs no store
 * round trip for configuration.
 */

import { isPossibleApiKey, resolveApiKey } from '../auth/api-keys.js';
import { hashSecret } from '../auth/secrets.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { ConfigReader, Principal, Server } from '../core/config.js';
import type { StateStore } from '../store/port.js';
import { readResourceByUnique, resourceFromItem } from './storage.js';

export interface ConfigReaderOptions {
  store: StateStore;
  clock?: Clock;
  /** How long a found entry is served from memory. Default 5000 ms. */
  ttlMs?: number;
  /** How long a miss is remembered. Default: the smaller of 1000 ms and `ttlMs`. */
  negativeTtlMs?: number;
  /** Found entries kept per cache before the oldest are dropped. Default 10 000. */
  maxEntries?: number;
  /**
   * Misses kept per cache before the oldest are dropped. Default 1000. Misses live apart from found
   * entries, so a flood of unknown tokens or server names never pushes a valid entry out.
   */
  maxMisses?: number;
}

export interface CachingConfigReader extends ConfigReader {
  /** Forgets every cached entry (e.g. after this process changed the configuration). */
  invalidate(): void;
}

/** A map that drops its oldest entry when full. */
class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

interface Found<T> {
  value: T;
  /** Clock time after which the entry is stale. */
  until: number;
}

interface CacheLimits {
  ttlMs: number;
  negativeTtlMs: number;
  maxEntries: number;
  maxMisses: number;
}

class TtlCache<T> {
  private readonly found: BoundedMap<Found<T>>;
  /** Clock time until which a key is known to be absent. */
  private readonly missing: BoundedMap<number>;
  private readonly inflight = new Map<string, Promise<T | undefined>>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: CacheLimits,
  ) {
    this.found = new BoundedMap(Math.max(1, limits.maxEntries));
    this.missing = new BoundedMap(Math.max(1, limits.maxMisses));
  }

  /** `validUntil` caps a found entry's lifetime (e.g. an api key's expiry). */
  async get(
    key: string,
    load: () => Promise<{ value: T; validUntil?: number } | undefined>,
  ): Promise<T | undefined> {
    const now = this.clock.now();
    const hit = this.found.get(key);
    if (hit !== undefined && now < hit.until) return hit.value;
    const absentUntil = this.missing.get(key);
    if (absentUntil !== undefined && now < absentUntil) return undefined;
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending;
    const promise = load()
      .then((loaded) => {
        const at = this.clock.now();
        this.found.delete(key);
        this.missing.delete(key);
        if (loaded === undefined) {
          this.missing.set(key, at + this.limits.negativeTtlMs);
          return undefined;
        }
        const until = Math.min(at + this.limits.ttlMs, loaded.validUntil ?? Number.POSITIVE_INFINITY);
        this.found.set(key, { value: loaded.value, until });
        return loaded.value;
      })
      .finally(() => {
        this.inflight.delete(key);
      });
    this.inflight.set(key, promise);
    return promise;
  }

  clear(): void {
    this.found.clear();
    this.missing.clear();
  }
}

export function createConfigReader(options: ConfigReaderOptions): CachingConfigReader {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 5000;
  const negativeTtlMs = options.negativeTtlMs ?? Math.min(1000, ttlMs);
  const limits: CacheLimits = {
    ttlMs,
    negativeTtlMs,
    maxEntries: options.maxEntries ?? 10_000,
    maxMisses: options.maxMisses ?? 1000,
  };
  const servers = new TtlCache<Server>(clock, limits);
  const keys = new TtlCache<Principal>(clock, limits);

  return {
    serverByName(name) {
      return servers.get(name, async () => {
        const item = await readResourceByUnique(store, 'server', 'name', name);
        return item === undefined ? undefined : { value: resourceFromItem(item) as unknown as Server };
      });
    },
    authenticateApiKey(key) {
      // A token no api key can be costs neither a store read nor a cache entry.
      if (!isPossibleApiKey(key)) return Promise.resolve(undefined);
      // Cached by hash, so plaintext keys are not kept in memory longer than the request.
      return keys.get(hashSecret(key), async () => {
        const resolved = await resolveApiKey(store, clock, key);
        if (resolved === undefined) return undefined;
        return {
          value: resolved.principal,
          ...(resolved.validUntil !== undefined ? { validUntil: resolved.validUntil } : {}),
        };
      });
    },
    invalidate() {
      servers.clear();
      keys.clear();
    },
  };
}
