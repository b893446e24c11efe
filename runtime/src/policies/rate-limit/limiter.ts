/**
 * Shared rate limits with amortized store traffic. Every instance takes quota from the store in leases
 * and spends them locally, so a hot key costs one store write per lease instead of one per request; the
 * next lease is fetched while a fifth of the running one is left (or, for a token bucket, whose leases
 * lapse after a window, a fifth of its time), so hot keys rarely wait on the store. A
 * lease starts at `limit`/100 (at least 1, at most 100 requests: many instances each holding a first
 * lease of a quiet key, as Lambda's do, hold little of its limit) and doubles while the key stays hot (a
 * lease taken within a second of the one before), up to `limit`/20 (at most 10,000): a key taking thousands of
 * requests a second costs a few writes a second. The store never hands out more than the limit, so the
 * limit holds across any number of instances; quota an instance leased but did not use before its window
 * ended is lost (at most a lease and a fifth per instance and key), unless the instance stops first or the
 * key goes idle on it: then it gives the store back what the lease has left (`release`, the idle sweep).
 * A client whose requests move between instances (a balancer's connections) would otherwise leave a lease
 * on each, and a long window's limit could all be leased out below it.
 *
 * - sliding window: one counter per fixed window; a window's room is the limit minus the previous
 *   window's count weighted by how much of it still overlaps (read once per window and key);
 * - token bucket: `limit` tokens refilled per window, bursting to `limit`; leases are taken from a shared
 *   bucket item by compare-and-set.
 */
import type { Clock } from '../../core/clock.js';
import type { RateLimit } from '../../core/config.js';
import { shortHash as hashed } from '../../core/digest.js';
import { lruCache } from '../../core/lru.js';
import { ConditionFailedError, type StateStore } from '../../store/port.js';

export const WINDOW_MS: Record<RateLimit['window'], number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export interface Taken {
  allowed: boolean;
  /** Whole seconds until a request may succeed again (when refused). */
  retryAfterSeconds: number;
  /** Requests left in this instance's view (its lease), for the RateLimit header. */
  remaining: number;
  /** Refused because other instances kept taking from the bucket first, not because it is empty. */
  contended?: true;
}

/** The first lease of a key. */
export const leaseSize = (limit: number) => Math.max(1, Math.min(100, Math.floor(limit / 100)));
/** The largest lease a hot key grows to. */
export const maxLeaseSize = (limit: number) => Math.max(1, Math.min(10_000, Math.floor(limit / 20)));
/** A lease taken within this time of the one before is for a hot key: it is twice as large. */
const HOT_MS = 1000;

interface Lease {
  /** What the lease is of (for giving it back). */
  limit: RateLimit;
  key: string;
  /** The window the lease belongs to (sliding window), or when it lapses (token bucket, ms). */
  window: number;
  left: number;
  /** The size of the lease taken last, and when (ms). */
  size: number;
  at: number;
  /** When a request last took from it (ms): idle a while, what it has left goes back to the store. */
  usedAt: number;
  /** The next lease was asked for (it is added to this one when it comes). */
  renewing?: boolean;
}

const partition = (limit: RateLimit) => `rate#${limit.id ?? limit.name}`;
/** Leases given back at once when the process stops. */
const RELEASE_BATCH = 32;
/**
 * A lease of an hour's or a day's window no request took from for a 48th of its window (75 s, 30 min)
 * gives back what it has left; a shorter window's lease lapses soon anyway. A key used now and then keeps
 * its lease (giving back and leasing again would cost two writes a request).
 */
const idleAfter = (limit: RateLimit) =>
  WINDOW_MS[limit.window] >= WINDOW_MS.hour ? WINDOW_MS[limit.window] / 48 : Number.POSITIVE_INFINITY;
/** How often leases are looked at for idle ones, and how many of them go back at most each time. */
const SWEEP_MS = 10_000;
const SWEEP_BATCH = 100;
/** Reads and compare-and-sets a token bucket takes at most before it answers {@link CONTENDED}. */
const BUCKET_ROUNDS = 8;
/** The answer when every round lost its compare-and-set to another instance. */
const CONTENDED: Taken = Object.freeze({
  allowed: false,
  retryAfterSeconds: 1,
  remaining: 0,
  contended: true,
});
/** The counter of a key's fixed window (sliding window), and a key's bucket (token bucket). */
const windowSk = (key: string, window: number) => `${hashed(key)}#${window}`;
/** A window's counter expires once the window after it (which weighs it) is over. */
const windowExpiry = (limit: RateLimit, window: number) =>
  Math.ceil(((window + 2) * WINDOW_MS[limit.window]) / 1000) + 1;
const bucketSk = (key: string) => `${hashed(key)}#bucket`;

const leaseId = (limit: RateLimit, key: string) =>
  `${limit.id ?? limit.name}@${limit.limit}/${limit.window}/${limit.algorithm ?? 'sliding-window'}|${key}`;

export class RateLimiter {
  private readonly leases = lruCache<string, Lease>(50_000);
  private readonly previous = lruCache<string, number>(50_000);
  /** Keys found exhausted, refused locally until then (ms): a flood past the limit costs no store traffic. */
  private readonly exhausted = lruCache<string, { until: number; retryAfterSeconds: number }>(50_000);
  private readonly queue = new Map<string, Promise<unknown>>();
  private lastSweep = 0;
  /** Store writes made (for the bench: writes per request on a hot key). */
  writes = 0;

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
  ) {}

  /** Takes one request of `limit` for `key` (the counted-apart values). */
  take(limit: RateLimit, key: string): Promise<Taken> {
    const id = leaseId(limit, key);
    const lease = this.leases.get(id);
    const now = this.clock.now();
    if (now - this.lastSweep >= SWEEP_MS) this.sweep(now, id);
    if (lease !== undefined && lease.left > 0 && this.current(limit, lease, now)) {
      lease.left--;
      lease.usedAt = now;
      // a fifth left, of the lease or of a bucket lease's time: the next lease is fetched now, so hot
      // keys rarely wait on the store (a bucket lease used slowly would otherwise lapse under them)
      if (lease.size >= 5 && lease.renewing !== true && this.lapsing(limit, lease, now)) {
        // one attempt per lease: a renewal that brings nothing is not tried again on every request
        lease.renewing = true;
        this.serially(id, () => this.prefetch(limit, id, key));
      }
      return Promise.resolve({ allowed: true, retryAfterSeconds: 0, remaining: lease.left });
    }
    const known = this.exhausted.get(id);
    if (known !== undefined && now < known.until)
      return Promise.resolve({ allowed: false, retryAfterSeconds: known.retryAfterSeconds, remaining: 0 });
    // one reservation at a time per key and instance: the callers behind it share what it brings
    return this.serially(id, () => this.reserve(limit, id, key));
  }

  /** The window of the lease a request of `key` was just taken from (to give it back there alone). */
  leaseWindow(limit: RateLimit, key: string): number | undefined {
    return this.leases.get(leaseId(limit, key))?.window;
  }

  /**
   * Gives back one request taken for `key` that did not happen (another limit refused it): to this
   * instance's lease, while it runs, and only to the lease of the window it was taken in (`window`, see
   * {@link leaseWindow}): a later window's store counter never counted it.
   */
  giveBack(limit: RateLimit, key: string, window?: number): void {
    const lease = this.leases.get(leaseId(limit, key));
    // a bucket's lease is one however often renewed (its `window` is when it lapses): no store counter
    // of a window to keep in step with
    const sliding = (limit.algorithm ?? 'sliding-window') === 'sliding-window';
    if (
      lease !== undefined &&
      (window === undefined || !sliding || lease.window === window) &&
      this.current(limit, lease, this.clock.now())
    )
      lease.left++;
  }

  /**
   * Gives the store back what the running leases have left (when the process stops), for other instances
   * to use within the window; a lease and a fifth per hot key is otherwise lost at every restart. The
   * leases are emptied first: a request still arriving takes from the store.
   */
  async release(): Promise<void> {
    // leases being taken or renewed land first, so what they bring goes back too
    await Promise.allSettled([...this.queue.values()]);
    const now = this.clock.now();
    const giving: (() => Promise<void>)[] = [];
    for (const lease of this.leases.values()) {
      const give = this.emptied(lease, now);
      if (give !== undefined) giving.push(give);
    }
    // a few at a time: thousands of keys must not flood the store as the process goes
    for (let i = 0; i < giving.length; i += RELEASE_BATCH)
      await Promise.allSettled(giving.slice(i, i + RELEASE_BATCH).map((give) => give()));
  }

  /**
   * Empties a running lease with requests left, answering how to give them back to the store (a request
   * still arriving then takes from the store).
   */
  private emptied(lease: Lease, now: number): (() => Promise<void>) | undefined {
    const left = lease.left;
    if (left <= 0 || !this.current(lease.limit, lease, now)) return undefined;
    lease.left = 0;
    return () =>
      (lease.limit.algorithm ?? 'sliding-window') === 'token-bucket'
        ? this.toBucket(lease.limit, lease.key, left)
        : this.toWindow(lease.limit, lease.key, lease.window, left);
  }

  /**
   * Gives back what leases idle a while have left (every few seconds, a bounded number each time, off
   * the request's path: never the lease of the key asking now).
   */
  private sweep(now: number, asking: string): void {
    this.lastSweep = now;
    let given = 0;
    for (const [id, lease] of this.leases.entries()) {
      if (given >= SWEEP_BATCH) return;
      if (id === asking || now - lease.usedAt < idleAfter(lease.limit) || this.queue.has(id)) continue;
      const give = this.emptied(lease, now);
      if (give === undefined) continue;
      given++;
      void this.serially(id, give).catch(() => undefined);
    }
  }

  private async toWindow(limit: RateLimit, key: string, window: number, left: number): Promise<void> {
    // the window's counter holds at least what this lease took: it cannot go below zero (unless it expired
    // meanwhile: then the one made anew expires as the window's would)
    await this.store.increment(
      partition(limit),
      windowSk(key, window),
      { used: -left },
      { expiresAt: windowExpiry(limit, window) },
    );
  }

  private async toBucket(limit: RateLimit, key: string, left: number): Promise<void> {
    const sk = bucketSk(key);
    for (let round = 0; round < 5; round++) {
      const item = await this.store.get(partition(limit), sk);
      const version = item?.version;
      if (item === undefined || typeof version !== 'number' || typeof item['tokens'] !== 'number') return;
      try {
        await this.store.put(
          { ...item, version: version + 1, tokens: Math.min(limit.limit, item['tokens'] + left) },
          { kind: 'version', version },
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    }
  }

  private serially<T>(id: string, work: () => Promise<T>): Promise<T> {
    const before = this.queue.get(id) ?? Promise.resolve();
    const run = before.then(work);
    const settled = run.catch(() => undefined);
    this.queue.set(id, settled);
    void settled.then(() => {
      if (this.queue.get(id) === settled) this.queue.delete(id);
    });
    return run;
  }

  /** Adds the next lease to a running one (nothing when the window moved on or the key is exhausted). */
  private async prefetch(limit: RateLimit, id: string, key: string): Promise<void> {
    const now = this.clock.now();
    const lease = this.leases.get(id);
    if (lease === undefined || !this.current(limit, lease, now)) return;
    if ((limit.algorithm ?? 'sliding-window') === 'token-bucket')
      await this.fromBucket(limit, id, key, now, false);
    else await this.fromWindow(limit, id, key, now, false);
  }

  /** The size of the next lease for `id`: twice the last one while the key is hot, else the first size. */
  private nextSize(id: string, limit: RateLimit, now: number): number {
    const first = leaseSize(limit.limit);
    const last = this.leases.get(id);
    if (last === undefined || now - last.at > HOT_MS) return first;
    return Math.min(maxLeaseSize(limit.limit), Math.max(first, last.size * 2));
  }

  /** Records a new lease: a taken request consumes one; a prefetched lease adds to the running one. */
  private grant(
    limit: RateLimit,
    key: string,
    id: string,
    window: number,
    amount: number,
    consume: boolean,
    now: number,
  ): number {
    const lease = this.leases.get(id);
    // a bucket's lease is one however often renewed (a lease taken meanwhile may lapse later than this
    // one: they add up all the same); a window's only within its window
    const bucket = (limit.algorithm ?? 'sliding-window') === 'token-bucket';
    if (!consume && lease !== undefined && (bucket || lease.window <= window)) {
      // a lease whose time is extended (a token bucket's) carries over at most the fifth it was renewed
      // at: leftovers of slowly used leases must not pile up past a lease and a fifth
      const carried = window > lease.window ? Math.min(lease.left, Math.floor(lease.size / 5)) : lease.left;
      lease.left = carried + amount;
      lease.window = Math.max(lease.window, window);
      lease.size = amount;
      lease.at = now;
      lease.renewing = false;
      return lease.left;
    }
    const left = consume ? amount - 1 : amount;
    this.leases.set(id, { limit, key, window, left, size: amount, at: now, usedAt: now });
    return left;
  }

  /** Whether the running lease is near its end: a fifth of it left, or of a bucket lease's time. */
  private lapsing(limit: RateLimit, lease: Lease, now: number): boolean {
    if (lease.left <= Math.floor(lease.size / 5)) return true;
    return (
      (limit.algorithm ?? 'sliding-window') === 'token-bucket' &&
      lease.window - now <= WINDOW_MS[limit.window] / 5
    );
  }

  private current(limit: RateLimit, lease: Lease, now: number): boolean {
    if ((limit.algorithm ?? 'sliding-window') === 'token-bucket') return now < lease.window;
    return lease.window === Math.floor(now / WINDOW_MS[limit.window]);
  }

  private async reserve(limit: RateLimit, id: string, key: string): Promise<Taken> {
    const now = this.clock.now();
    const lease = this.leases.get(id);
    if (lease !== undefined && lease.left > 0 && this.current(limit, lease, now)) {
      lease.left--;
      return { allowed: true, retryAfterSeconds: 0, remaining: lease.left };
    }
    // requests queued behind the reservation that found the key exhausted are refused without a read
    const known = this.exhausted.get(id);
    if (known !== undefined && now < known.until)
      return { allowed: false, retryAfterSeconds: known.retryAfterSeconds, remaining: 0 };
    const taken =
      (limit.algorithm ?? 'sliding-window') === 'token-bucket'
        ? await this.fromBucket(limit, id, key, now)
        : await this.fromWindow(limit, id, key, now);
    // room comes back gradually (the overlap shrinks, tokens refill): look again after a twentieth window
    // (a bucket too contended to take from is not empty: the next request tries again)
    if (!taken.allowed && taken.contended !== true)
      this.exhausted.set(id, {
        until: now + Math.min(1000, WINDOW_MS[limit.window] / 20),
        retryAfterSeconds: taken.retryAfterSeconds,
      });
    return taken;
  }

  private async fromWindow(
    limit: RateLimit,
    id: string,
    key: string,
    now: number,
    consume = true,
  ): Promise<Taken> {
    const size = WINDOW_MS[limit.window];
    const window = Math.floor(now / size);
    const sk = (w: number) => windowSk(key, w);
    const previousKey = `${id}#${window - 1}`;
    let previous = this.previous.get(previousKey);
    if (previous === undefined) {
      const item = await this.store.get(partition(limit), sk(window - 1));
      previous = typeof item?.['used'] === 'number' ? item['used'] : 0;
      this.previous.set(previousKey, previous);
    }
    const overlap = 1 - (now - window * size) / size;
    const room = limit.limit - Math.ceil(previous * overlap);
    const nextWindowSeconds = Math.max(1, Math.ceil(((window + 1) * size - now) / 1000));
    /**
     * When a call fits again, `used` calls made in this window: as the previous window's weight shrinks,
     * the first moment its share leaves a call's room (`ceil(previous × overlap) ≤ limit − used − 1`),
     * else the next window.
     */
    const refusedWith = (used: number) => {
      const spare = limit.limit - used - 1;
      let seconds = nextWindowSeconds;
      // room left, the previous window weighing nothing: only a race with other instances refused it
      if (spare >= 0 && previous === 0) seconds = 1;
      else if (spare >= 0) {
        const at = window * size + (1 - spare / previous) * size;
        seconds = Math.min(nextWindowSeconds, Math.max(1, Math.ceil((at - now) / 1000)));
      } else if (spare < 0) {
        // this window is full: in the next it weighs as `previous` does now, and leaves room for a call
        // once `ceil(used × overlap) ≤ limit − 1`
        const at = (window + 1) * size + (1 - (limit.limit - 1) / used) * size;
        seconds = Math.max(1, Math.ceil((at - now) / 1000));
      }
      return { allowed: false, retryAfterSeconds: seconds, remaining: 0 };
    };
    // (what this window used is not read: the earliest moment it could allow, should it be nothing)
    if (room < 1) return refusedWith(0);
    const expiresAt = windowExpiry(limit, window);
    let want = Math.min(this.nextSize(id, limit, now), room);
    this.writes++;
    let result = await this.store.incrementWithin(partition(limit), sk(window), 'used', want, room, {
      expiresAt,
    });
    if (!result.applied && room - result.total >= 1) {
      // not a whole lease left: take what is
      want = room - result.total;
      this.writes++;
      result = await this.store.incrementWithin(partition(limit), sk(window), 'used', want, room, {
        expiresAt,
      });
    }
    if (!result.applied) return refusedWith(result.total);
    const left = this.grant(limit, key, id, window, want, consume, now);
    return { allowed: true, retryAfterSeconds: 0, remaining: left };
  }

  private async fromBucket(
    limit: RateLimit,
    id: string,
    key: string,
    now: number,
    consume = true,
  ): Promise<Taken> {
    const size = WINDOW_MS[limit.window];
    const perMs = limit.limit / size;
    const sk = bucketSk(key);
    for (let round = 0; round < BUCKET_ROUNDS; round++) {
      // instances taking from one bucket at once: each loser waits a little, at random, before it reads again
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * round));
      const item = await this.store.get(partition(limit), sk);
      const at = typeof item?.['at'] === 'number' ? item['at'] : now;
      const stored = typeof item?.['tokens'] === 'number' ? item['tokens'] : limit.limit;
      const tokens = Math.min(limit.limit, stored + Math.max(0, now - at) * perMs);
      if (tokens < 1)
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
          remaining: 0,
        };
      const take = Math.min(this.nextSize(id, limit, now), Math.floor(tokens));
      const version = typeof item?.version === 'number' ? item.version : 0;
      try {
        this.writes++;
        await this.store.put(
          {
            pk: partition(limit),
            sk,
            version: version + 1,
            tokens: tokens - take,
            // never back in time (instances' clocks differ a little): a refill is never counted twice
            at: Math.max(at, now),
            // an idle bucket is full again after a window: nothing to keep
            expiresAt: Math.ceil((now + 2 * size) / 1000),
          },
          item === undefined ? { kind: 'absent' } : { kind: 'version', version },
        );
      } catch (error) {
        if (error instanceof ConditionFailedError) continue; // another instance took tokens: read again
        throw error;
      }
      // leased tokens are spent within a window, so an instance cannot hoard them (a lease lapsing sooner
      // would drain the bucket: what a lapsed lease has left is lost); while the bucket fills up again,
      // what instances still hold of their leases may pass the limit by that much (a lease and a fifth
      // per instance at most)
      const left = this.grant(limit, key, id, now + size, take, consume, now);
      return { allowed: true, retryAfterSeconds: 0, remaining: left };
    }
    return CONTENDED;
  }
}
