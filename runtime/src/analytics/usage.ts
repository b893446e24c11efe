/**
 * MCP analytics: calls, errors and latency distributions per workspace, server, target (a tool, or
 * `~<method>` for other requests) and user, in hourly rollups; and exact distinct users per hour and day
 * for the workspace, each server and each tool.
 *
 * Rollups are counted in process and added to the store in batches (one atomic increment per rollup item
 * and flush, never a write per request); latency goes into fixed histogram buckets, so percentiles are
 * read from the merged buckets. Distinct users are exact because membership is a set: one item per
 * (period, scope, user), written only where absent (once per instance thanks to a local memory of what
 * was written), and the write that creates it adds one to its scope's count, so a report reads one count
 * per bucket, never the members (periods written before counts existed are counted from their members).
 *
 * | item       | pk                              | sk                                  |
 * |------------|---------------------------------|-------------------------------------|
 * | rollup     | `usage#<workspace>#<YYYY-MM-DD>`| `<HH>#<server>#<target>#<user>[#v]` |
 * | membership | `users#<workspace>#<period>`    | `*#<user>`, `s:<server>#<user>`, `t:<server>#<tool>#<user>`, `T:<tool>#<user>` |
 * | count      | `users#<workspace>#<period>`    | `#n#<scope>` (`*`, `s:<server>`, `t:<server>#<tool>`, `T:<tool>`): `users` |
 * | claim      | `users#<workspace>#<period>`    | `#c#<member's sk>`: a member written before counts began, counted |
 *
 * A call a virtual server routed to a member counts at both; the member's rollup of it is kept apart
 * (`#v`), and its user is no member of the tool over every server (`T:`), so that totals over servers (the
 * workspace's, a tool's on every server) count it once.
 */

import type { Clock } from '../core/clock.js';
import { lruCache } from '../core/lru.js';
import { ConditionFailedError, itemsOf, queryAll, type StateStore, type StoredItem } from '../store/port.js';

/** Upper bounds (ms) of the latency buckets; the last bucket is everything above. */
export const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];

export interface UsageEvent {
  workspace: string;
  server: string;
  /** The tool of a tools/call; `~<method>` for any other request. */
  target: string;
  user: string;
  ms: number;
  error: boolean;
  /** A call a virtual server routed to this member (counted at the virtual server as well). */
  routed?: boolean;
}

interface Rollup {
  pk: string;
  sk: string;
  /** Failed writes so far; a rollup the store keeps refusing is given up after a few. */
  attempts: number;
  calls: number;
  errors: number;
  sumMs: number;
  buckets: number[];
}

const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Keys are joined by `#`; a `#` inside a name is escaped so it cannot split another's key. */
const part = (text: string) => text.replaceAll('%', '%25').replaceAll('#', '%23');
/**
 * Whether a name fits its share of a sort key (DynamoDB: at most 1,024 bytes) once escaped: a character
 * takes at most 3 bytes there, so most names are known to fit by their length alone.
 */
const fits = (text: string, bytes: number) =>
  text.length * 3 <= bytes || Buffer.byteLength(part(text)) <= bytes;
const MAX_USER_BYTES = 512;
const MAX_TARGET_BYTES = 256;
/** Whether analytics count a tool (or other target) of this name apart, not as `~other`. */
export const countedApart = (target: string) => fits(target, MAX_TARGET_BYTES);
const unpart = (text: string) => text.replaceAll('%23', '#').replaceAll('%25', '%');

/** Distinct rollup items one batch holds at most (one per server, target and user of an hour). */
const MAX_PENDING = 10_000;
/**
 * Distinct targets of one server counted apart in an hour (per instance): tool names are the client's, and
 * refused calls of made-up tools must not fill the store; more count as `~other`.
 */
const MAX_TARGETS_PER_SERVER = 500;
/**
 * Targets one user may add to a server's in an hour (per instance): one client inventing names would
 * otherwise use up the server's and put everyone's calls of tools not seen yet that hour into `~other`.
 */
const MAX_NEW_TARGETS_PER_USER = 50;
/** Writes of one rollup (or membership) tried before it is given up (the store keeps refusing it). */
const MAX_ATTEMPTS = 5;
/** Refused memberships kept to write again: beyond, they are written when their users are seen next. */
const MAX_FAILED_MEMBERS = 10_000;

export const rollupPartition = (workspace: string, day: string) => `usage#${part(workspace)}#${day}`;
export const usersPartition = (workspace: string, period: string) => `users#${part(workspace)}#${period}`;
/** The membership scopes of a call: the workspace's, its server's, its target's there, its target's anywhere. */
const membershipScopes = (server: string, target: string) => [
  '*',
  `s:${part(server)}`,
  `t:${part(server)}#${part(target)}`,
  `T:${part(target)}`,
];
/** The count of a scope's members (its own sort key, which no member's starts with). */
const countKey = (scope: string) => `#n#${scope}`;
/** Whether a period's memberships are counted (every call counts its user in the whole workspace's). */
const countedPeriod = async (store: StateStore, workspace: string, period: string) =>
  typeof (await store.get(usersPartition(workspace, period), countKey('*')))?.['users'] === 'number';

function bucketOf(ms: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return index < 0 ? LATENCY_BOUNDS_MS.length : index;
}

export class UsageRecorder {
  private pending = new Map<string, Rollup>();
  private readonly members = lruCache<string, true>(100_000);
  /** Who (by hour, workspace, server, target and user) has every membership written: one check per call. */
  private readonly remembered = lruCache<string, true>(100_000);
  /** The hour now, and its names (an ISO date per call costs more than the rest of `record`). */
  private period = { start: -1, hour: '', day: '' };
  /** The targets counted apart this hour, per workspace and server. */
  private targets = new Map<string, Set<string>>();
  /** How many targets each user (per workspace and server) added this hour. */
  private added = new Map<string, number>();
  private memberWrites: Promise<unknown>[] = [];
  /** Memberships the store refused, written again before the next counts (a few times at most). */
  private failedMembers: {
    item: StoredItem;
    count: string;
    attempts: number;
    step: 'put' | 'count';
    forget: () => void;
  }[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** When counts were last written (ms): none yet, so a function's first invocation writes its own. */
  private flushedAt = Number.NEGATIVE_INFINITY;
  /** Store writes made (for tests and the bench). */
  writes = 0;

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly retentionDays = 90,
    private readonly flushMs = 10_000,
  ) {}

  record(event: UsageEvent): void {
    const now = this.clock.now();
    if (now - this.period.start >= 3_600_000 || now < this.period.start) {
      this.period = { start: now - (now % 3_600_000), hour: hourOf(now), day: dayOf(now) };
      this.targets.clear();
      this.added.clear();
    }
    const { hour, day } = this.period;
    const pk = rollupPartition(event.workspace, day);
    // names are the client's: long ones, more distinct ones than a server keeps apart in an hour, and
    // more than a batch holds, count as `~other`
    const user = fits(event.user, MAX_USER_BYTES) ? event.user : '~other';
    const skOf = (target: string) =>
      `${hour.slice(11, 13)}#${part(event.server)}#${part(target)}#${part(user)}${event.routed === true ? '#v' : ''}`;
    let target = this.targetOf(event);
    let sk = skOf(target);
    // a batch full: counts of rollups it already holds still go to them
    if (this.pending.size >= MAX_PENDING && !this.pending.has(`${pk}|${sk}`)) {
      target = '~other';
      sk = skOf(target);
    }
    const key = `${pk}|${sk}`;
    let rollup = this.pending.get(key);
    if (rollup === undefined) {
      rollup = { pk, sk, attempts: 0, calls: 0, errors: 0, sumMs: 0, buckets: [] };
      this.pending.set(key, rollup);
    }
    rollup.calls++;
    if (event.error) rollup.errors++;
    rollup.sumMs += event.ms;
    const bucket = bucketOf(event.ms);
    rollup.buckets[bucket] = (rollup.buckets[bucket] ?? 0) + 1;
    this.remember(target === event.target ? event : { ...event, target }, hour, day);
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref?.();
  }

  private targetOf(event: UsageEvent): string {
    if (!countedApart(event.target)) return '~other';
    const server = `${event.workspace}\u0000${event.server}`;
    let seen = this.targets.get(server);
    if (seen === undefined) {
      seen = new Set();
      this.targets.set(server, seen);
    }
    if (seen.has(event.target)) return event.target;
    if (seen.size >= MAX_TARGETS_PER_SERVER) return '~other';
    const adder = `${server}\u0000${event.user}`;
    const added = this.added.get(adder) ?? 0;
    if (added >= MAX_NEW_TARGETS_PER_USER) return '~other';
    this.added.set(adder, added + 1);
    seen.add(event.target);
    return event.target;
  }

  /** Adds the user to the distinct sets of the hour and the day (only what this instance has not written). */
  private remember(event: UsageEvent, hour: string, day: string): void {
    if (!fits(event.user, MAX_USER_BYTES) || !fits(event.target, MAX_TARGET_BYTES)) return;
    const routed = event.routed === true ? '#v' : '';
    const whole = `${hour}\u0000${event.workspace}\u0000${event.server}\u0000${event.target}\u0000${event.user}${routed}`;
    if (this.remembered.has(whole)) return;
    this.remembered.set(whole, true);
    const user = part(event.user);
    // a method (`~tools/list`) and the overflow bucket (`~other`) are targets to query like tools; a routed
    // call's user is no user of the tool over every server (the virtual server's call counts there)
    const scopes = membershipScopes(event.server, event.target);
    if (routed !== '') scopes.pop();
    for (const period of [hour, day]) {
      const pk = usersPartition(event.workspace, period);
      for (const scope of scopes) {
        const sk = `${scope}#${user}`;
        const key = `${pk}|${sk}`;
        if (this.members.has(key)) continue;
        this.members.set(key, true);
        const expiresAt = Math.ceil(this.clock.now() / 1000) + this.retentionDays * 86_400;
        this.memberWrites.push(
          this.putMember({ pk, sk, user: event.user, expiresAt }, countKey(scope), 1, 'put', () => {
            // given up: written next time the user is seen
            this.members.delete(key);
            this.remembered.delete(whole);
          }),
        );
      }
    }
  }

  /**
   * Writes a membership; one the store refuses is written again before the next counts are (the calls
   * of this hour are counted: their user must be too, even if they never call again this hour).
   */
  private async putMember(
    item: StoredItem,
    count: string,
    attempts: number,
    step: 'put' | 'count',
    forget: () => void,
  ): Promise<void> {
    try {
      if (step === 'put') {
        this.writes++;
        try {
          // (`counted`: a member written since memberships are counted, its count added with it)
          await this.store.put({ ...item, counted: true }, { kind: 'absent' });
        } catch (error) {
          if (!(error instanceof ConditionFailedError)) throw error;
          // a member already: another instance wrote (and counted) it; or one written before memberships
          // were counted (the hour a deployment of counts began in), counted now, once
          const found = await this.store.get(item.pk, item.sk);
          if (found === undefined || found['counted'] === true) return;
          // (one instance of those that find it so counts it: the one that claims it first)
          this.writes++;
          try {
            await this.store.put(
              { pk: item.pk, sk: `#c#${item.sk}`, expiresAt: item['expiresAt'] },
              { kind: 'absent' },
            );
          } catch (claimed) {
            if (claimed instanceof ConditionFailedError) return;
            throw claimed;
          }
        }
        step = 'count';
      }
      this.writes++;
      await this.store.increment(item.pk, count, { users: 1 }, { expiresAt: Number(item['expiresAt']) });
    } catch {
      if (attempts < MAX_ATTEMPTS && this.failedMembers.length < MAX_FAILED_MEMBERS)
        this.failedMembers.push({ item, count, attempts, step, forget });
      else if (step === 'put') forget();
    }
  }

  /** Adds what is pending to the store: one increment per rollup item. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch(() => undefined);
    return this.flushing;
  }

  /**
   * At the end of a Lambda invocation: waits for the membership writes on their way, and adds the counts
   * when none were written for a flush interval — so a busy function still writes each rollup once per
   * interval, an invocation after a quiet while writes its own at once, and an instance Lambda reclaims
   * loses at most the counts of one interval's busy invocations.
   */
  async settle(): Promise<void> {
    const members = this.memberWrites;
    this.memberWrites = [];
    // a flush the interval began during this invocation is waited for too: Lambda freezes what is left
    await Promise.all([...members, this.flushing]);
    if (this.pending.size > 0 && this.clock.now() - this.flushedAt >= this.flushMs) await this.flush();
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    const members = this.memberWrites;
    this.memberWrites = [];
    for (const { item, count, attempts, step, forget } of this.failedMembers.splice(0))
      members.push(this.putMember(item, count, attempts + 1, step, forget));
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushedAt = this.clock.now();
    const expiresAt = Math.ceil(this.clock.now() / 1000) + this.retentionDays * 86_400;
    // the users first: a report never counts calls whose users it cannot see yet
    await Promise.all(members);
    await Promise.all([
      ...batch.map(async (rollup) => {
        const deltas: Record<string, number> = {
          calls: rollup.calls,
          errors: rollup.errors,
          sumMs: rollup.sumMs,
        };
        rollup.buckets.forEach((count, index) => {
          if (count !== undefined && count > 0) deltas[`b${index}`] = count;
        });
        this.writes++;
        try {
          await this.store.increment(rollup.pk, rollup.sk, deltas, { expiresAt });
        } catch {
          // not written: added again with the next batch, a few times
          if (++rollup.attempts >= MAX_ATTEMPTS) return;
          const key = `${rollup.pk}|${rollup.sk}`;
          const again = this.pending.get(key);
          if (again === undefined) this.pending.set(key, rollup);
          else {
            again.attempts = Math.max(again.attempts, rollup.attempts);
            again.calls += rollup.calls;
            again.errors += rollup.errors;
            again.sumMs += rollup.sumMs;
            rollup.buckets.forEach((count, index) => {
              again.buckets[index] = (again.buckets[index] ?? 0) + (count ?? 0);
            });
          }
        }
      }),
    ]);
  }
}

export interface UsageQuery {
  workspace: string;
  server?: string;
  tool?: string;
  user?: string;
  /** ms */
  from: number;
  to: number;
  bucket: 'hour' | 'day';
}

export interface UsageBucket {
  start: string;
  calls: number;
  errors: number;
  uniqueUsers: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  /** Calls per latency bucket: `le` is the bucket's upper bound in ms (null: above the last). */
  histogram: { le: number | null; count: number }[];
}

/**
 * The latency below which a share `q` of the calls fell, read from the bucket counts (upper bounds); null
 * without calls, and when it falls above the last bound (no bound to name: the histogram says how many).
 */
export function percentile(buckets: number[], q: number): number | null {
  const total = buckets.reduce((sum, c) => sum + c, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i] ?? 0;
    if (seen >= rank) return LATENCY_BOUNDS_MS[i] ?? null;
  }
  return null;
}

/** The longest range one query may cover, per bucket size (reads grow with it). */
export const MAX_RANGE_MS = { hour: 7 * 86_400_000, day: 92 * 86_400_000 };

/** What one hour's rollups the query selects add up to. */
interface Tally {
  calls: number;
  errors: number;
  counts: number[];
}

/**
 * One day's rollups the query selects, added up per hour (`HH`), read a page at a time and never held
 * whole. A server narrows the read to its keys (and a tool to its), hour by hour; an hour's buckets read
 * only their hours; only a query of every server by day reads the day whole.
 */
async function tallyDay(store: StateStore, query: UsageQuery, day: string, hours: string[]) {
  const tallies = new Map<string, Tally>();
  const narrowed =
    query.server === undefined
      ? undefined
      : `${part(query.server)}#${query.tool !== undefined ? `${part(query.tool)}#` : ''}`;
  const prefixes =
    narrowed !== undefined || hours.length < 24 ? hours.map((hh) => `${hh}#${narrowed ?? ''}`) : [undefined];
  for (const skPrefix of prefixes)
    for await (const item of itemsOf(store, rollupPartition(query.workspace, day), {
      pageSize: 1000,
      ...(skPrefix !== undefined ? { skPrefix } : {}),
    })) {
      const [hh, server, target, user, routed] = item.sk.split('#').map(unpart);
      if (hh === undefined || !hours.includes(hh)) continue;
      // over all servers, a routed call is the virtual server's (counted there)
      if (routed !== undefined && query.server === undefined) continue;
      if (query.server !== undefined && server !== query.server) continue;
      if (query.tool !== undefined && target !== query.tool) continue;
      if (query.user !== undefined && user !== query.user) continue;
      let tally = tallies.get(hh);
      if (tally === undefined) {
        tally = { calls: 0, errors: 0, counts: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0) };
        tallies.set(hh, tally);
      }
      tally.calls += Number(item['calls'] ?? 0);
      tally.errors += Number(item['errors'] ?? 0);
      for (let i = 0; i < tally.counts.length; i++) tally.counts[i]! += Number(item[`b${i}`] ?? 0);
    }
  return tallies;
}

const ALL_HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

export async function queryUsage(store: StateStore, query: UsageQuery): Promise<{ buckets: UsageBucket[] }> {
  const size = query.bucket === 'hour' ? 3_600_000 : 86_400_000;
  const first = Math.floor(query.from / size) * size;
  const buckets: UsageBucket[] = [];
  // the buckets go in time order: one day's tallies at a time (a 92-day range is read a day at a time)
  let tallied: { day: string; tallies: Map<string, Tally> } | undefined;
  for (let start = first; start <= query.to; start += size) {
    const day = dayOf(start);
    if (tallied?.day !== day) {
      // the hours of this day the query's buckets cover
      const hours: string[] = [];
      if (query.bucket === 'day') hours.push(...ALL_HOURS);
      else
        for (let at = start; at <= query.to && dayOf(at) === day; at += size)
          hours.push(hourOf(at).slice(11, 13));
      tallied = { day, tallies: await tallyDay(store, query, day, hours) };
    }
    const counts = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
    let calls = 0;
    let errors = 0;
    const hourly =
      query.bucket === 'hour'
        ? [tallied.tallies.get(hourOf(start).slice(11, 13))]
        : [...tallied.tallies.values()];
    for (const tally of hourly) {
      if (tally === undefined) continue;
      calls += tally.calls;
      errors += tally.errors;
      for (let i = 0; i < counts.length; i++) counts[i]! += tally.counts[i]!;
    }
    const period = query.bucket === 'hour' ? hourOf(start) : day;
    let uniqueUsers: number;
    const scope =
      query.tool !== undefined && query.server !== undefined
        ? `t:${part(query.server)}#${part(query.tool)}`
        : query.tool !== undefined
          ? `T:${part(query.tool)}`
          : query.server !== undefined
            ? `s:${part(query.server)}`
            : '*';
    const counted =
      query.user === undefined
        ? await store.get(usersPartition(query.workspace, period), countKey(scope))
        : undefined;
    if (query.user !== undefined) uniqueUsers = calls > 0 ? 1 : 0;
    else if (typeof counted?.['users'] === 'number') uniqueUsers = counted['users'];
    else {
      // a period whose memberships are counted, without a count of this scope (none written yet, or its
      // write failed; a tool called only through a virtual server has no users of its own): the scope's
      // own members are counted. A period written before memberships were counted: its members are.
      const counting = scope !== '*' && (await countedPeriod(store, query.workspace, period));
      const prefix = counting
        ? `${scope}#`
        : query.tool !== undefined && query.server !== undefined
          ? `t:${part(query.server)}#${part(query.tool)}#`
          : query.tool !== undefined
            ? 't:'
            : query.server !== undefined
              ? `s:${part(query.server)}#`
              : '*#';
      const members = await queryAll(store, usersPartition(query.workspace, period), {
        skPrefix: prefix,
        pageSize: 1000,
      });
      const users = new Set<string>();
      for (const member of members) {
        // a tool without a server: the tool's users on every server, each counted once
        if (!counting && query.tool !== undefined && query.server === undefined) {
          const [, tool, , routed] = String(member['sk']).split('#');
          if (routed !== undefined || unpart(tool ?? '') !== query.tool) continue;
        }
        users.add(String(member['user']));
      }
      uniqueUsers = users.size;
    }
    buckets.push({
      start: new Date(start).toISOString(),
      calls,
      errors,
      uniqueUsers,
      latencyMs: {
        p50: percentile(counts, 0.5),
        p95: percentile(counts, 0.95),
        p99: percentile(counts, 0.99),
      },
      histogram: counts.map((count, i) => ({ le: LATENCY_BOUNDS_MS[i] ?? null, count })),
    });
  }
  return { buckets };
}
