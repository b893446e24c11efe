/**
 * Budgets metered exactly and cheaply. Each key (user, team, … per budget and period) has one store item:
 * `reserved` (room instances took in leases: never more than the amount) and `spent` (what allowed calls
 * cost, added in batches at most a second late). A blocking budget admits a call only from a lease with
 * room for its cost; the spend is exact because each allowed call's cost is counted once, and the amount
 * is never exceeded because leases come from a bounded increment. Crossing an `alertAt` fraction alerts
 * once per key and period across all instances (a bounded flag in the same item).
 *
 * A long-lived process leases room ahead (a fiftieth of the amount) and gives back what it stops using.
 * A Lambda container may be frozen or reclaimed holding room, which would then be missing from the budget
 * for the rest of its period: there (`leaseAhead` off) a call reserves exactly its cost, and room given
 * back by a refused call returns to the item with the next write.
 */
import type { Clock } from '../../core/clock.js';
import type { Budget } from '../../core/config.js';
import { shortHash as hashed } from '../../core/digest.js';
import { GatewayError } from '../../core/errors.js';
import { lruCache } from '../../core/lru.js';
import type { StateStore } from '../../store/port.js';

export const budgetPartition = (budget: Pick<Budget, 'id' | 'name'>) => `budget#${budget.id ?? budget.name}`;

/** `2026-12-01` or `2026-12` (UTC). */
export function periodOf(period: Budget['period'], now: number): string {
  const iso = new Date(now).toISOString();
  return period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

function periodEnd(period: Budget['period'], now: number): number {
  const date = new Date(now);
  return period === 'day'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
    : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

export interface Alert {
  budget: Budget;
  key: string;
  period: string;
  threshold: number;
  spent: number;
}

/** The attribute that says a threshold's alert was raised for an item (its period and key). */
const alertFlag = (threshold: number) => `alerted${Math.round(threshold * 1000)}`;

/** Store errors a write meets again however often it is retried. */
const PERMANENT: ReadonlySet<string> = new Set(['payload_too_large', 'validation_failed']);

/** An item's id in the meter's maps. */
const itemId = (item: { pk: string; sk: string }) => `${item.pk}|${item.sk}`;

interface Pending {
  budget: Budget;
  key: string;
  pk: string;
  sk: string;
  amount: number;
  expiresAt: number;
}

/** Room of a lease unused this long goes back to the budget's item (another instance may need it). */
const ROOM_IDLE_MS = 30_000;
/**
 * A key the store just refused room is refused this long without asking again (unless it needs less): a
 * client retrying in a loop once its budget is spent costs no store writes per call.
 */
const REFUSED_MS = 2_000;

interface Room {
  held: number;
  pk: string;
  sk: string;
  /** The item's expiry: room given back after the item expired must not make one that never does. */
  expiresAt: number;
  /** When the room was last taken from or added to. */
  at: number;
}

export class BudgetMeter {
  /**
   * Room this instance holds per item (blocking budgets). Room it stops holding (evicted, idle, closed)
   * is given back to the item's `reserved`: otherwise instances that come and go (Lambda containers,
   * replicas) would reserve the whole amount between them and refuse calls far below it.
   */
  private readonly room = lruCache<string, Room>(50_000, {
    dispose: (room, _id, reason) => {
      if (reason === 'evict') void this.giveBack(room);
    },
  });
  private lastSweep = 0;
  /** Per item, the least room the store last refused, and when. */
  private readonly refused = lruCache<string, { need: number; at: number }>(50_000);
  private readonly pending = new Map<string, Pending>();
  /** Spend of this instance being written now, per item: neither pending nor in the store yet. */
  private readonly writing = new Map<string, number>();
  private readonly queue = new Map<string, Promise<unknown>>();
  private readonly labelled = lruCache<string, true>(50_000);
  private readonly items = lruCache<string, { pk: string; sk: string; period: string; expiresAt: number }>(
    50_000,
  );
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly alert: (alert: Alert) => void,
    private readonly flushMs = 1000,
    private readonly leaseAhead = true,
  ) {}

  /** Where a key's spend of the current period lives (worked out once an hour per key, not per call). */
  private item(budget: Budget, key: string, now: number) {
    const id = `${budget.id ?? budget.name}|${budget.period}|${key}|${Math.floor(now / 3_600_000)}`;
    let found = this.items.get(id);
    if (found === undefined) {
      const period = periodOf(budget.period, now);
      found = {
        pk: budgetPartition(budget),
        sk: `${period}#${hashed(key)}`,
        period,
        // kept a while past its period, for the usage history
        expiresAt: Math.ceil(periodEnd(budget.period, now) / 1000) + 35 * 86_400,
      };
      this.items.set(id, found);
    }
    return found;
  }

  /** The meter's time: when a call is admitted, the period its spend (or its room given back) counts in. */
  now(): number {
    return this.clock.now();
  }

  /** Whether a call of `cost` fits `budget` for `key`; a blocking budget takes the room from a lease. */
  admit(budget: Budget, key: string, cost: number, at = this.clock.now()): Promise<boolean> {
    if ((budget.action ?? 'block') !== 'block' || cost <= 0) return Promise.resolve(true);
    const { pk, sk, expiresAt } = this.item(budget, key, at);
    const id = `${pk}|${sk}|${budget.amount}`;
    if (this.takeRoom(id, cost)) return Promise.resolve(true);
    // one lease at a time per key: a call that waits must not spend room another is counting on
    const before = this.queue.get(id) ?? Promise.resolve();
    const run = before.then(() => this.lease(budget, id, pk, sk, expiresAt, cost));
    // a blocking budget's spend may stop short of its amount (prices that do not divide it): its first
    // refusal is when it is spent, for an alert at 1
    if ((budget.alertAt ?? []).includes(1))
      void run.then(
        (admitted) => {
          if (!admitted) this.track(this.exhausted(budget, key, { pk, sk, expiresAt }, cost));
        },
        () => undefined,
      );
    const settled = run.catch(() => undefined);
    this.queue.set(id, settled);
    void settled.then(() => {
      if (this.queue.get(id) === settled) this.queue.delete(id);
    });
    return run;
  }

  /**
   * Gives back the room a call admitted `at` took when it did not happen (another budget refused it), to
   * the period it was taken from.
   */
  release(budget: Budget, key: string, cost: number, at = this.clock.now()): void {
    if ((budget.action ?? 'block') !== 'block' || cost <= 0) return;
    const { pk, sk, expiresAt } = this.item(budget, key, at);
    this.addRoom(`${pk}|${sk}|${budget.amount}`, pk, sk, expiresAt, cost);
  }

  /** Takes `cost` from the room held for `id`, when there is enough. */
  private takeRoom(id: string, cost: number): boolean {
    const room = this.room.get(id);
    if (room === undefined || room.held < cost) return false;
    room.held -= cost;
    room.at = this.clock.now();
    return true;
  }

  private addRoom(id: string, pk: string, sk: string, expiresAt: number, amount: number): void {
    const room = this.room.get(id);
    if (room !== undefined) {
      room.held += amount;
      room.at = this.clock.now();
    } else this.room.set(id, { held: amount, pk, sk, expiresAt, at: this.clock.now() });
  }

  /** Returns room no longer held to its item's `reserved` (best effort: lost to a store hiccup, it stays). */
  private async giveBack(room: Room): Promise<void> {
    if (room.held <= 0) return;
    const held = room.held;
    room.held = 0;
    await this.store
      .increment(room.pk, room.sk, { reserved: -held }, { expiresAt: room.expiresAt })
      .catch(() => undefined);
  }

  /** Gives back the room of leases left unused a while (at most every few seconds). */
  private sweep(now: number): void {
    if (now - this.lastSweep < ROOM_IDLE_MS / 3) return;
    this.lastSweep = now;
    for (const [id, room] of this.room.entries())
      if (now - room.at >= ROOM_IDLE_MS) {
        this.room.delete(id);
        void this.giveBack(room);
      }
  }

  private async lease(
    budget: Budget,
    id: string,
    pk: string,
    sk: string,
    expiresAt: number,
    cost: number,
  ): Promise<boolean> {
    if (this.takeRoom(id, cost)) return true;
    // what is held goes into this call now: a sweep or an eviction during the lease must not give it back
    const room = this.room.get(id);
    const held = room?.held ?? 0;
    if (room !== undefined) room.held = 0;
    // a lease: a fiftieth of the amount, or what the call needs if more (never past the amount)
    const need = cost - held;
    const now = this.clock.now();
    const refused = this.refused.get(id);
    if (refused !== undefined && now - refused.at < REFUSED_MS && need >= refused.need) {
      if (held > 0) this.addRoom(id, pk, sk, expiresAt, held);
      return false;
    }
    let added = this.leaseAhead ? Math.max(need, budget.amount / 50) : need;
    let applied = false;
    try {
      applied = (await this.store.incrementWithin(pk, sk, 'reserved', added, budget.amount, { expiresAt }))
        .applied;
      if (!applied && added > need) {
        added = need;
        applied = (await this.store.incrementWithin(pk, sk, 'reserved', added, budget.amount, { expiresAt }))
          .applied;
      }
    } finally {
      // refused (or failed): what was held is held still
      if (!applied && held > 0) this.addRoom(id, pk, sk, expiresAt, held);
    }
    if (!applied) {
      this.refused.set(id, { need, at: now });
      return false;
    }
    this.refused.delete(id);
    this.addRoom(id, pk, sk, expiresAt, held + added - cost);
    return true;
  }

  /**
   * Counts what an allowed call cost, in the period it was admitted `at` (a call admitted just before
   * midnight and answered after it spends the room it reserved); written in batches.
   */
  spend(budget: Budget, key: string, cost: number, at = this.clock.now()): void {
    if (cost <= 0) return;
    const { pk, sk, expiresAt } = this.item(budget, key, at);
    const id = itemId({ pk, sk });
    const entry = this.pending.get(id);
    if (entry !== undefined) entry.amount += cost;
    else this.pending.set(id, { budget, key, pk, sk, amount: cost, expiresAt });
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref?.();
  }

  /** Writes what is pending (one increment per item) and raises the alerts it crosses. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.write())
      .then(() => Promise.all(this.raising))
      .then(() => undefined)
      .catch(() => undefined);
    return this.flushing;
  }

  /** Alerts being raised off a call's path: a flush waits for them (Lambda ends with it). */
  private readonly raising = new Set<Promise<void>>();
  private track(raised: Promise<void>): void {
    const settled = raised.catch(() => undefined);
    this.raising.add(settled);
    void settled.then(() => this.raising.delete(settled));
  }

  /** Items whose alert at 1 this instance raised or saw raised: a refusal of them costs no store request. */
  private readonly exhaustedSeen = lruCache<string, true>(10_000);

  /**
   * The alert at 1 of a blocking budget that refused a call of `cost` because its spend leaves less than
   * that (not a call larger than the whole amount, nor room other instances hold), once per key and period.
   */
  private async exhausted(
    budget: Budget,
    key: string,
    item: { pk: string; sk: string; expiresAt: number },
    cost: number,
  ): Promise<void> {
    const id = itemId(item);
    if (cost > budget.amount || this.exhaustedSeen.has(id)) return;
    const spent = (await this.store.get(item.pk, item.sk))?.['spent'];
    // with what this instance spent and has not written yet (spend is written in batches, a second late):
    // a refusal right after the last admitted call sees the spend that left no room
    const unwritten = (this.pending.get(id)?.amount ?? 0) + (this.writing.get(id) ?? 0);
    const total = (typeof spent === 'number' ? spent : 0) + unwritten;
    if (total + cost <= budget.amount) return;
    this.exhaustedSeen.set(id, true);
    const first = await this.store.incrementWithin(item.pk, item.sk, alertFlag(1), 1, 1, {
      expiresAt: item.expiresAt,
    });
    if (first.applied)
      this.alert({ budget, key, period: item.sk.split('#')[0] ?? '', threshold: 1, spent: total });
  }

  private async write(): Promise<void> {
    if (this.leaseAhead) this.sweep(this.clock.now());
    else await Promise.all([...this.room.values()].map((room) => this.giveBack(room)));
    const batch = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(
      batch.map(async (entry) => {
        let spent: number | undefined;
        try {
          // an alerting budget's spend holds its room too: switched to block, it admits only what is left;
          // the item's first spend from this instance labels it (the usage report never shows it unlabelled)
          const label = this.labelled.has(itemId(entry))
            ? {}
            : { set: { key: entry.key, budgetName: entry.budget.name } };
          const id = itemId(entry);
          this.writing.set(id, (this.writing.get(id) ?? 0) + entry.amount);
          try {
            ({ spent } = await this.store.increment(
              entry.pk,
              entry.sk,
              entry.budget.action === 'alert'
                ? { spent: entry.amount, reserved: entry.amount }
                : { spent: entry.amount },
              { expiresAt: entry.expiresAt, ...label },
            ));
          } finally {
            const left = (this.writing.get(id) ?? 0) - entry.amount;
            if (left > 0) this.writing.set(id, left);
            else this.writing.delete(id);
          }
          this.labelled.set(id, true);
        } catch (error) {
          // an item the store will never take with its label (too large) is counted without it; one it
          // will not take at all is not retried every second for ever
          if (error instanceof GatewayError && PERMANENT.has(error.code)) {
            if (this.labelled.has(itemId(entry))) return;
            this.labelled.set(itemId(entry), true);
          }
          // not written: counted again next time
          const again = this.pending.get(itemId(entry));
          if (again !== undefined) again.amount += entry.amount;
          else this.pending.set(itemId(entry), entry);
          return;
        }
        // the spend is written: an alert may fail without it being counted twice
        await this.alerts(entry, spent ?? entry.amount).catch(() => undefined);
      }),
    );
  }

  private async alerts(entry: Pending, spent: number): Promise<void> {
    const before = spent - entry.amount;
    for (const threshold of entry.budget.alertAt ?? [0.8]) {
      const at = threshold * entry.budget.amount;
      if (!(before < at && spent >= at)) continue;
      // once per key, period and threshold, whichever instance crossed it
      const first = await this.store.incrementWithin(entry.pk, entry.sk, alertFlag(threshold), 1, 1);
      if (first.applied)
        this.alert({
          budget: entry.budget,
          key: entry.key,
          period: entry.sk.split('#')[0] ?? '',
          threshold,
          spent,
        });
    }
  }

  /** Writes what is pending and gives held room back; rejects saying what the store did not take. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    // what this instance holds and will not use: back to the budgets, for the instances that go on
    const held = [...this.room.values()];
    this.room.clear();
    await Promise.all(
      held
        .filter((room) => room.held > 0)
        .map((room) =>
          this.store
            .increment(room.pk, room.sk, { reserved: -room.held }, { expiresAt: room.expiresAt })
            .catch(() => undefined),
        ),
    );
    // a stop that loses spend says so (its operator may account for it): nothing retries it now
    const lost = [...this.pending.values()];
    this.pending.clear();
    if (lost.length > 0)
      throw new Error(
        `the spend of ${lost.length} budget key${lost.length === 1 ? '' : 's'} (${lost
          .map((entry) => `${entry.budget.name}: ${entry.amount}`)
          .join(', ')}) could not be written: the store did not take it`,
      );
  }
}
