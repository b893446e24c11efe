/**
 * Which target of a server a request goes to, and circuit breakers per target.
 *
 * - Targets (`targets`, else the server's `url`) are tried by priority (lowest first); within a priority,
 *   weighted at random for a new session, or by a hash of the user for stateless requests (so a user's
 *   bridged session stays put, even as other targets leave or join). A session keeps the target that
 *   created it.
 * - A target's circuit opens after `consecutiveFailures` failures in a row, or when at least
 *   `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; it stays open for
 *   `cooldownSeconds`, then lets one probe through (half-open): a success closes it, a failure opens it
 *   again. Opening writes a "tripped" record to the store that every instance reads (cached 2 s), so all
 *   of them stop sending; while open, calls fail fast or fail over to the next target.
 */
import { hash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Server } from '../../core/config.js';
import { shortHash as hashed } from '../../core/digest.js';
import { lruCache } from '../../core/lru.js';
import { SwrCache } from '../../core/swr-cache.js';
import type { StateStore } from '../../store/port.js';
import { readHealth } from '../health-record.js';
import { endpointOf } from './target.js';

export interface Target {
  url: string;
  weight: number;
  priority: number;
}

/**
 * The outcomes of the calls within a time window, oldest first, at most {@link MAX_OUTCOMES}: adding one
 * drops the expired ones from the front, so each call costs O(1) amortized however busy the target.
 */
export class Outcomes {
  #at: number[] = [];
  #ok: boolean[] = [];
  #head = 0;
  #failures = 0;

  get size(): number {
    return this.#at.length - this.#head;
  }

  get failures(): number {
    return this.#failures;
  }

  add(now: number, ok: boolean, windowMs: number): void {
    while (this.size > 0 && now - this.#at[this.#head]! >= windowMs) this.#dropOldest();
    this.#at.push(now);
    this.#ok.push(ok);
    if (!ok) this.#failures++;
    if (this.size > MAX_OUTCOMES) this.#dropOldest();
    if (this.#head >= MAX_OUTCOMES) {
      this.#at = this.#at.slice(this.#head);
      this.#ok = this.#ok.slice(this.#head);
      this.#head = 0;
    }
  }

  clear(): void {
    this.#at = [];
    this.#ok = [];
    this.#head = 0;
    this.#failures = 0;
  }

  #dropOldest(): void {
    if (!this.#ok[this.#head]) this.#failures--;
    this.#head++;
  }
}

const MAX_OUTCOMES = 1000;

interface Breaker {
  consecutive: number;
  recent: Outcomes;
  openUntil: number;
  /** When the half-open probe in flight started (0: none); a probe that never reports lapses. */
  probingSince: number;
  /**
   * When the first probe since the circuit opened went out (0: not half-open): every call sent since is
   * a probe whose outcome decides, a lapsed one too (calls longer than the lapse would else never close it).
   */
  halfOpenSince: number;
  /**
   * When the circuit last opened, as far as this instance knows (its own trip, or another's it was kept
   * from calling by): a failure of a call sent before it is no news, and trips nothing again.
   */
  openedAt: number;
  /** When this instance's half-open probe failed, opening the circuit again (0: none since it closed). */
  probeFailedAt: number;
}

const newBreaker = (): Breaker => ({
  consecutive: 0,
  recent: new Outcomes(),
  openUntil: 0,
  probingSince: 0,
  halfOpenSince: 0,
  openedAt: 0,
  probeFailedAt: 0,
});

/** A half-open probe that has not reported within this long no longer holds the circuit. */
const PROBE_LAPSE_MS = 60_000;

/** A call's claim on a target: `probe` is when it took the half-open probe (0 when it took none). */
export interface Claim {
  probe: number;
}

const SHARED_CACHE_MS = 2000;

export const targetsOf = (
  server: Pick<Server, 'url' | 'targets' | 'transport' | 'function' | 'name' | 'openapi'>,
): Target[] =>
  server.targets !== undefined && server.targets.length > 0
    ? server.targets.map((t) => ({ url: t.url, weight: t.weight ?? 1, priority: t.priority ?? 0 }))
    : [{ url: endpointOf(server), weight: 1, priority: 0 }];

const circuitPartition = (server: Pick<Server, 'id' | 'name'>) => `circuit#${server.id ?? server.name}`;

/**
 * What live traffic says of each target (passive outlier detection): whether its circuit is open now, as
 * recorded in the shared "tripped" records, and until when.
 */
export async function circuitStates(
  store: StateStore,
  server: Pick<Server, 'id' | 'name' | 'url' | 'targets' | 'transport' | 'function' | 'openapi'>,
  now: number,
): Promise<{ url: string; circuit: 'open' | 'closed'; circuitOpenUntil?: string }[]> {
  return Promise.all(
    targetsOf(server).map(async ({ url }) => {
      const item = await store.get(circuitPartition(server), hashed(url)).catch(() => undefined);
      const until = typeof item?.['openUntil'] === 'number' ? item['openUntil'] : 0;
      return until > now
        ? { url, circuit: 'open' as const, circuitOpenUntil: new Date(until).toISOString() }
        : { url, circuit: 'closed' as const };
    }),
  );
}

const NONE_OUT: ReadonlySet<string> = new Set();
/** How long a verdict that does not say (`holdsUntil`) holds at least: three runs five minutes apart. */
const VERDICT_FLOOR_MS = 15 * 60_000;

export class TargetRouter {
  private readonly breakers = lruCache<string, Breaker>(10_000);
  /** Circuits other instances opened, and what the health checker said: read in the background. */
  private readonly shared: SwrCache<number>;
  private readonly health: SwrCache<ReadonlySet<string>>;

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
    /** Takes the shared circuit writes begun off a call's path, for a Lambda invocation to finish. */
    private readonly track: (work: Promise<unknown>) => void = () => {},
  ) {
    const limits = {
      ttlMs: SHARED_CACHE_MS,
      negativeTtlMs: SHARED_CACHE_MS,
      maxEntries: 10_000,
      maxMisses: 1,
    };
    this.shared = new SwrCache(clock, limits);
    this.health = new SwrCache(clock, limits);
  }

  /**
   * The targets in the order to try them: the best priority first, within it the chosen one first (weighted
   * at random, or by `sticky`); targets whose circuit is open come last, so they are tried only when
   * nothing else is left.
   */
  async order(server: Server, sticky?: string): Promise<Target[]> {
    const targets = targetsOf(server);
    const open = new Set<string>();
    await Promise.all(
      targets.map(async (t) => {
        if (await this.isOpen(server, t.url, false)) open.add(t.url);
      }),
    );
    const priorities = [...new Set(targets.map((t) => t.priority))].sort((a, b) => a - b);
    const ordered: Target[] = [];
    // a target of weight 0 is drained: tried only after every weighted one, of any priority
    for (const drained of [false, true])
      for (const priority of priorities) {
        const group = targets.filter(
          (t) => t.priority === priority && !open.has(t.url) && t.weight <= 0 === drained,
        );
        ordered.push(...this.weighted(group, sticky));
      }
    // open circuits are not tried at all: with every target open, the call fails fast
    return ordered;
  }

  /**
   * The group in the order to try: one drawn by weight first, or for a sticky key by weighted rendezvous
   * hashing (each target scores the key's hash with it, weighted; the best score wins): a user's target
   * stays theirs when another target leaves the group or joins it, which a draw over the group's weights
   * would shift for the users of every target.
   */
  private weighted(group: Target[], sticky: string | undefined): Target[] {
    if (group.length <= 1) return group;
    if (sticky !== undefined) {
      // -ln(u)/w is exponential with rate w: the lowest wins with probability w / Σw
      const score = (t: Target) => {
        const u = (hash('sha256', `${sticky}\n${t.url}`, 'buffer').readUInt32BE(0) + 1) / (2 ** 32 + 1);
        return -Math.log(u) / (t.weight > 0 ? t.weight : 1); // drained ones alike
      };
      return group
        .map((t) => ({ t, s: score(t) }))
        .sort((a, b) => a.s - b.s)
        .map(({ t }) => t);
    }
    const rest = [...group];
    const out: Target[] = [];
    while (rest.length > 0) {
      const draw = this.random();
      const total = rest.reduce((sum, t) => sum + Math.max(0, t.weight), 0);
      let at = draw * total;
      let index =
        total === 0
          ? Math.floor(draw * rest.length) // drained ones alike
          : rest.findIndex((t) => {
              at -= Math.max(0, t.weight);
              return at < 0;
            });
      if (index < 0 || index >= rest.length) index = rest.length - 1;
      out.push(rest.splice(index, 1)[0]!);
    }
    return out;
  }

  /**
   * Whether calls to the target should not be made now: active health checks took it out of rotation, or
   * its circuit is open and not due a probe.
   */
  async isOpen(server: Server, url: string, claim = true): Promise<boolean> {
    return (await this.check(server, url, claim)) === 'open';
  }

  /** `isOpen`, telling a probe this call claimed (its time) from a plain pass. */
  private async check(server: Server, url: string, claim: boolean): Promise<'open' | 'pass' | number> {
    if (server.healthCheck !== undefined && !(await this.inRotation(server, url))) return 'open';
    if (server.circuitBreaker === undefined) return 'pass';
    const shared = await this.sharedOpenUntil(server, url);
    const now = this.clock.now();
    const key = this.key(server, url);
    // read after the wait: a concurrent call may have made the breaker (and claimed its probe) meanwhile
    let breaker = this.breakers.get(key);
    // a circuit this instance opened stays half-open here until a probe of its own closes it: a shared
    // record of 0 may be a read or a write that failed, not another instance's probe
    const until = Math.max(breaker?.openUntil ?? 0, shared);
    if (now < until) {
      // open since (another instance's trip too): what calls sent before then report is no news
      const openedAt = until - (server.circuitBreaker.cooldownSeconds ?? 30) * 1000;
      if (breaker === undefined) this.breakers.set(key, { ...newBreaker(), openedAt });
      else breaker.openedAt = Math.max(breaker.openedAt, openedAt);
      return 'open';
    }
    if (until === 0) {
      // closed (here, or by another instance's probe): a half-open time this instance kept is over, and
      // so is a probe of its own still out (it reports as an ordinary call, which can trip the circuit)
      if (breaker !== undefined) {
        breaker.halfOpenSince = 0;
        breaker.probingSince = 0;
        breaker.probeFailedAt = 0;
      }
      return 'pass';
    }
    // opened by another instance and not closed since: half-open here too, not all calls at once
    if (breaker === undefined) {
      breaker = newBreaker();
      this.breakers.set(key, breaker);
    }
    // half-open: one probe at a time (a probe that never reported lapses)
    if (breaker.probingSince > 0 && now - breaker.probingSince < PROBE_LAPSE_MS) return 'open';
    if (!claim) return 'pass';
    breaker.probingSince = now;
    if (breaker.halfOpenSince === 0) breaker.halfOpenSince = now;
    return now;
  }

  /**
   * Whether the target is down past a cooldown: this instance's half-open probe failed, and the circuit
   * it opened again is open still (a probe under way, or one of another instance, says nothing yet).
   */
  downPastCooldown(server: Server, url: string): boolean {
    const breaker = this.breakers.get(this.key(server, url));
    return breaker !== undefined && breaker.probeFailedAt > 0 && this.clock.now() < breaker.openUntil;
  }

  /**
   * Claims the half-open probe for a call about to be sent (after `order()`, which only looks): the
   * claim (to `release` when the call ends without an outcome), or false when the target may not be
   * called after all (another call took the probe meanwhile).
   */
  async claim(server: Server, url: string): Promise<Claim | false> {
    const checked = await this.check(server, url, true);
    if (checked === 'open') return false;
    return { probe: checked === 'pass' ? 0 : checked };
  }

  /**
   * Ends a claim whose call reported nothing (the client left, the call never went out): its probe, if it
   * was one and still stands, is free again, rather than holding the circuit shut until it lapses.
   */
  release(server: Server, url: string, claim: Claim): void {
    const breaker = this.breakers.get(this.key(server, url));
    if (breaker !== undefined && claim.probe > 0 && breaker.probingSince === claim.probe)
      breaker.probingSince = 0;
  }

  /**
   * A call sent at `startedAt` ended without an outcome (its client left mid-answer): if it was the
   * half-open probe, the probe is free again rather than holding the circuit shut until it lapses.
   */
  abandon(server: Server, url: string, startedAt: number): void {
    const breaker = this.breakers.get(this.key(server, url));
    if (breaker !== undefined && breaker.probingSince > 0 && startedAt >= breaker.probingSince)
      breaker.probingSince = 0;
  }

  /** The router's time: when a call starts, for `report`. */
  now(): number {
    return this.clock.now();
  }

  /**
   * Records how a call to a target went; `startedAt` (the router's `now()` when it was sent) tells the
   * half-open probe's outcome from that of a call sent before the probe, which settles nothing.
   */
  report(server: Server, url: string, ok: boolean, startedAt?: number): void {
    const settings = server.circuitBreaker;
    if (settings === undefined) return;
    const key = this.key(server, url);
    const now = this.clock.now();
    const breaker = this.breakers.get(key) ?? newBreaker();
    const probing = breaker.probingSince > 0;
    const probe =
      startedAt === undefined ? probing : breaker.halfOpenSince > 0 && startedAt >= breaker.halfOpenSince;
    // calls sent before the circuit opened, failing as they end (a hung upstream's long calls time out
    // one by one after the trip), would open it again and again, pushing its reopening back everywhere
    if (!ok && !probe && startedAt !== undefined && startedAt < breaker.openedAt) return;
    breaker.recent.add(now, ok, (settings.windowSeconds ?? 60) * 1000);
    // a call sent before the probe: counted, but the probe still stands and decides
    const keep = probing && !probe ? breaker.probingSince : 0;
    if (ok) {
      breaker.consecutive = 0;
      // only the probe closes an open circuit: calls that started before it tripped say nothing new
      if (probe) {
        // the probe succeeded: closed again, everywhere
        breaker.openUntil = 0;
        breaker.halfOpenSince = 0;
        breaker.probeFailedAt = 0;
        breaker.recent.clear();
        this.track(
          this.store
            .update(circuitPartition(server), hashed(url), { openUntil: 0, url })
            .catch(() => undefined),
        );
        this.shared.set(key, 0);
      }
      breaker.probingSince = keep;
      this.breakers.set(key, breaker);
      return;
    }
    breaker.consecutive++;
    const { size, failures } = breaker.recent;
    const tripped =
      probe ||
      (keep === 0 &&
        (breaker.consecutive >= (settings.consecutiveFailures ?? 5) ||
          // the window keeps MAX_OUTCOMES at most: a larger minimum is reached when it is full
          (size >= Math.min(settings.minimumCalls ?? 20, MAX_OUTCOMES) &&
            failures / size >= (settings.failureRate ?? 0.5))));
    breaker.probingSince = keep;
    if (tripped) {
      breaker.openUntil = now + (settings.cooldownSeconds ?? 30) * 1000;
      breaker.openedAt = now;
      // the probe failed: down past a cooldown already (a trip of a closed circuit is news, no more)
      breaker.probeFailedAt = probe ? now : 0;
      breaker.halfOpenSince = 0;
      breaker.consecutive = 0;
      breaker.recent.clear();
      this.track(
        this.store
          .update(circuitPartition(server), hashed(url), { openUntil: breaker.openUntil, url })
          .catch(() => undefined),
      );
      this.shared.set(key, breaker.openUntil);
    }
    this.breakers.set(key, breaker);
  }

  /**
   * Whether the health checker leaves the target in rotation (its last verdict read from the store at most
   * every 2 s, in the background). A verdict holds until its `holdsUntil` (three times the longer of the
   * interval and the checker's own cadence): a checker that stopped takes no target out for good. When it
   * has taken out every target, none is: traffic that might still get through beats refusing all of it.
   */
  async inRotation(server: Server, url: string): Promise<boolean> {
    const out = await this.health.get(server.name, async () => {
      const result = await readHealth(this.store, server.name, false).catch(() => undefined);
      // a verdict says how long it holds; one written before verdicts did, three intervals or the floor
      const checkedAt = Date.parse(result?.checkedAt ?? '');
      const interval = (server.healthCheck?.intervalSeconds ?? 30) * 1000;
      const holdsUntil =
        result?.holdsUntil !== undefined
          ? Date.parse(result.holdsUntil)
          : checkedAt + Math.max(3 * interval, VERDICT_FLOOR_MS);
      if (!(this.clock.now() <= holdsUntil)) return { value: NONE_OUT };
      const outUrls = (result?.targets ?? []).filter((t) => t.inRotation === false).map((t) => t.url);
      const all = targetsOf(server).map((t) => t.url);
      return { value: all.every((u) => outUrls.includes(u)) ? NONE_OUT : new Set(outUrls) };
    });
    return out?.has(url) !== true;
  }

  /** Until when another instance opened the target's circuit (0: closed), read as `inRotation`. */
  private async sharedOpenUntil(server: Server, url: string): Promise<number> {
    const openUntil = await this.shared.get(this.key(server, url), async () => {
      const item = await this.store
        .get(circuitPartition(server), hashed(url), { consistent: false })
        .catch(() => undefined);
      return { value: typeof item?.['openUntil'] === 'number' ? item['openUntil'] : 0 };
    });
    return openUntil ?? 0;
  }

  private key(server: Server, url: string): string {
    return `${server.id ?? server.name}|${url}`;
  }
}
