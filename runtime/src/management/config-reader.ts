/**
 * The data plane's view of the configuration, cached in process: a short TTL (misses too, briefly) and
 * single-flight, so concurrent requests for the same cold entry share one store read and a request on
 * the MCP hot path usually costs no store round trip for configuration.
 */

import { resolveApiKey } from '../auth/api-keys.js';
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
  /** Entries kept per cache before the oldest are dropped. Default 10 000. */
  maxEntries?: number;
}

export interface CachingConfigReader extends ConfigReader {
  /** Forgets every cached entry (e.g. after this process changed the configuration). */
  invalidate(): void;
}

interface Entry<T> {
  value: T | undefined;
  /** Clock time after which the entry is stale. */
  until: number;
}

class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inflight = new Map<string, Promise<T | undefined>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly negativeTtlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** `validUntil` caps a found entry's lifetime (e.g. an api key's expiry). */
  async get(
    key: string,
    load: () => Promise<{ value: T; validUntil?: number } | undefined>,
  ): Promise<T | undefined> {
    const now = this.clock.now();
    const cached = this.entries.get(key);
    if (cached !== undefined && now < cached.until) return cached.value;
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending;
    const promise = load()
      .then((loaded) => {
        const at = this.clock.now();
        const until =
          loaded === undefined
            ? at + this.negativeTtlMs
            : Math.min(at + this.ttlMs, loaded.validUntil ?? Number.POSITIVE_INFINITY);
        this.entries.delete(key);
        if (this.entries.size >= this.maxEntries) {
          const oldest = this.entries.keys().next();
          if (oldest.done !== true) this.entries.delete(oldest.value);
        }
        this.entries.set(key, { value: loaded?.value, until });
        return loaded?.value;
      })
      .finally(() => {
        this.inflight.delete(key);
      });
    this.inflight.set(key, promise);
    return promise;
  }

  clear(): void {
    this.entries.clear();
  }
}

export function createConfigReader(options: ConfigReaderOptions): CachingConfigReader {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 5000;
  const negativeTtlMs = options.negativeTtlMs ?? Math.min(1000, ttlMs);
  const maxEntries = options.maxEntries ?? 10_000;
  const servers = new TtlCache<Server>(clock, ttlMs, negativeTtlMs, maxEntries);
  const keys = new TtlCache<Principal>(clock, ttlMs, negativeTtlMs, maxEntries);

  return {
    serverByName(name) {
      return servers.get(name, async () => {
        const item = await readResourceByUnique(store, 'server', 'name', name);
        return item === undefined ? undefined : { value: resourceFromItem(item) as unknown as Server };
      });
    },
    authenticateApiKey(key) {
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
