import { describe, expect, it } from 'vitest';
import type { Budget } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { FakeClock } from '../../management/test-support.js';
import { MemoryStore } from '../../store/memory.js';
import { priceOf } from './index.js';
import { type Alert, BudgetMeter, budgetPartition } from './meter.js';
import { budgetUsage } from './usage.js';

const budget = (over: Partial<Budget> = {}): Budget =>
  ({
    id: 'bud_1',
    name: 'daily',
    workspace: 'default',
    amount: 100,
    period: 'day',
    alertAt: [0.5, 0.9],
    ...over,
  }) as Budget;

describe('budget meter', () => {
  it('never lets two instances together pass the amount, and counts the spend exactly', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    const alerts: Alert[] = [];
    const meters = [
      new BudgetMeter(store, clock, (a) => alerts.push(a)),
      new BudgetMeter(store, clock, (a) => alerts.push(a)),
    ];
    const rule = budget();
    let admitted = 0;
    for (let i = 0; i < 80; i++) {
      const meter = meters[i % 2]!;
      if (await meter.admit(rule, 'user=ada;', 3)) {
        admitted++;
        meter.spend(rule, 'user=ada;', 3);
      }
    }
    await Promise.all(meters.map((m) => m.close()));
    expect(admitted * 3).toBeLessThanOrEqual(100);
    // leases of 2 units (a fiftieth) plus what a call needs: little is lost to leftovers
    expect(admitted).toBeGreaterThanOrEqual(31);
    const usage = await budgetUsage(store, rule, clock.now());
    expect(usage).toEqual({
      budget: 'daily',
      period: '2026-12-01',
      items: [{ key: { user: 'ada' }, spent: admitted * 3, remaining: 100 - admitted * 3 }],
    });
    // each threshold alerted once, whichever instance crossed it
    expect(alerts.map((a) => a.threshold).sort()).toEqual([0.5, 0.9]);
    expect(alerts[0]).toMatchObject({ key: 'user=ada;', period: '2026-12-01' });
  });

  it('reports a spend with its key from the moment it is written, and a key that only leased not at all', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    const rule = budget();
    const meter = new BudgetMeter(store, clock, () => {});
    expect(await meter.admit(rule, 'user=bo;', 3)).toBe(true);
    expect((await budgetUsage(store, rule, clock.now())).items).toEqual([]);
    // what a reader sees right when the spend lands, before anything else the meter writes
    const seen: unknown[] = [];
    const increment = store.increment.bind(store);
    store.increment = async (...args) => {
      const result = await increment(...args);
      seen.push(...(await budgetUsage(store, rule, clock.now())).items);
      return result;
    };
    meter.spend(rule, 'user=ada;', 3);
    meter.spend(rule, 'user=ada;', 3);
    await meter.flush();
    expect(seen).toEqual([{ key: { user: 'ada' }, spent: 6, remaining: 94 }]);
    await meter.close();
  });

  it('counts a spend whose label the store refuses (too large) without it, and drops one it refuses whole', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    const rule = budget({ action: 'alert' });
    const meter = new BudgetMeter(store, clock, () => {});
    const writes: (string | undefined)[] = [];
    const increment = store.increment.bind(store);
    let refuseAll = false;
    store.increment = async (pk, sk, deltas, options) => {
      writes.push(options?.set === undefined ? 'bare' : 'labelled');
      if (refuseAll || options?.set !== undefined)
        throw new GatewayError('payload_too_large', 'The item is too large to store.');
      return increment(pk, sk, deltas, options);
    };
    meter.spend(rule, 'user=ada;', 3);
    await meter.flush();
    await meter.flush();
    expect(writes).toEqual(['labelled', 'bare']);
    expect((await store.query(budgetPartition(rule))).items[0]?.['spent']).toBe(3);
    // never taken at all: written once more without its label, then given up (not every second for ever)
    refuseAll = true;
    writes.length = 0;
    meter.spend(rule, 'user=bo;', 3);
    for (let i = 0; i < 4; i++) await meter.flush();
    expect(writes).toEqual(['labelled', 'bare']);
    await meter.close();
  });

  it('says at its close what spend the store did not take (a stop while the store is down)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    const rule = budget({ action: 'alert' });
    const meter = new BudgetMeter(store, clock, () => {});
    const increment = store.increment.bind(store);
    store.increment = async () => {
      throw new GatewayError('store_unavailable', 'The state store is unavailable.');
    };
    meter.spend(rule, 'user=ada;', 3);
    meter.spend(rule, 'user=ada;', 2);
    await expect(meter.close()).rejects.toThrow(
      'the spend of 1 budget key (daily: 5) could not be written: the store did not take it',
    );
    // nothing kept to be told twice
    store.increment = increment;
    await meter.close();
  });

  it('asks the store again for a key it refused only after a moment: retries of a spent budget cost no writes', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    let asked = 0;
    const incrementWithin = store.incrementWithin.bind(store);
    store.incrementWithin = (...args) => {
      asked++;
      return incrementWithin(...args);
    };
    const meter = new BudgetMeter(store, clock, () => {}, 1000, false);
    const rule = budget({ amount: 5, alertAt: [] });
    expect(await meter.admit(rule, 'k', 5)).toBe(true);
    asked = 0;
    for (let i = 0; i < 20; i++) expect(await meter.admit(rule, 'k', 2)).toBe(false);
    expect(asked).toBe(1);
    // room given back (another instance's, here this one's record of it): found once the moment passed
    await store.increment(budgetPartition(rule), (await store.query(budgetPartition(rule))).items[0]!.sk, {
      reserved: -3,
    });
    expect(await meter.admit(rule, 'k', 2)).toBe(false);
    clock.advance(2_000);
    expect(await meter.admit(rule, 'k', 2)).toBe(true);
    expect(asked).toBe(2);
    await meter.close();
  });

  it('holds the amount under concurrent calls of mixed costs, and gives back room of refused calls', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const meter = new BudgetMeter(new MemoryStore(clock), clock, () => {});
    const rule = budget({ amount: 10 });
    const costs = Array.from({ length: 30 }, (_, i) => (i % 3) + 1);
    const admitted = await Promise.all(costs.map((cost) => meter.admit(rule, 'k', cost)));
    const spent = costs.filter((_, i) => admitted[i]).reduce((sum, c) => sum + c, 0);
    expect(spent).toBeLessThanOrEqual(10);
    expect(spent).toBeGreaterThanOrEqual(8);
    // room handed back is there for the next call
    const other = budget({ id: 'bud_2', name: 'other', amount: 4 });
    expect(await meter.admit(other, 'k', 4)).toBe(true);
    meter.release(other, 'k', 4);
    expect(await meter.admit(other, 'k', 4)).toBe(true);
    await meter.close();
  });

  it('gives back the room instances stop holding, so instances that come and go never lock a budget out', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    const rule = budget({ amount: 1000 });
    const reserved = async () =>
      (await store.query('budget#bud_1')).items.reduce((sum, item) => sum + Number(item['reserved'] ?? 0), 0);
    // a hundred short-lived instances (Lambda containers, replicas), each using one unit of a lease of 20
    for (let i = 0; i < 100; i++) {
      const meter = new BudgetMeter(store, clock, () => {});
      expect(await meter.admit(rule, 'user=ada;', 1), `instance ${i}`).toBe(true);
      meter.spend(rule, 'user=ada;', 1);
      await meter.close();
    }
    expect(await reserved()).toBe(100);
    expect((await budgetUsage(store, rule, clock.now())).items[0]).toMatchObject({
      spent: 100,
      remaining: 900,
    });
    // one that lives on: its idle lease goes back after a while
    const live = new BudgetMeter(store, clock, () => {}, 60_000);
    expect(await live.admit(rule, 'user=ada;', 1)).toBe(true);
    live.spend(rule, 'user=ada;', 1);
    expect(await reserved()).toBe(120);
    clock.advance(31_000);
    await live.flush();
    await expect.poll(reserved).toBe(101);
    await live.close();
  });

  it('room given back to an item gone meanwhile makes one that expires as the item would', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    const rule = budget({ amount: 1000 });
    const meter = new BudgetMeter(store, clock, () => {});
    expect(await meter.admit(rule, 'user=ada;', 1)).toBe(true);
    const [item] = (await store.query('budget#bud_1')).items;
    expect(item!['expiresAt']).toEqual(expect.any(Number));
    await store.delete(item!.pk, item!.sk);
    await meter.close();
    expect(await store.get(item!.pk, item!.sk)).toMatchObject({
      reserved: -19,
      expiresAt: item!['expiresAt'],
    });
  });

  it('pages through a period’s usage to its end, though the period ended meanwhile', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 23, 59, 50));
    const store = new MemoryStore(clock);
    const rule = budget({ amount: 1000 });
    const meter = new BudgetMeter(store, clock, () => {});
    for (const user of ['ada', 'bo', 'cy']) meter.spend(rule, `user=${user};`, 1);
    await meter.flush();
    const first = await budgetUsage(store, rule, clock.now(), { limit: 2 });
    expect([first.period, first.items.length, first.nextCursor !== undefined]).toEqual([
      '2026-12-01',
      2,
      true,
    ]);
    clock.advance(60_000); // the next day
    const next = await budgetUsage(store, rule, clock.now(), { limit: 2, cursor: first.nextCursor });
    expect(next.period).toBe('2026-12-01');
    expect([...first.items, ...next.items].map((i) => i.key['user']).sort()).toEqual(['ada', 'bo', 'cy']);
    // a new listing is of the new day
    expect((await budgetUsage(store, rule, clock.now())).period).toBe('2026-12-02');
    await meter.close();
  });

  it('without leases ahead (Lambda), containers that vanish holding nothing leave the budget whole', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const store = new MemoryStore(clock);
    const rule = budget({ amount: 100 });
    const item = async () => (await store.query('budget#bud_1')).items[0]!;
    // two hundred containers, each serving one call and then reclaimed (never closed)
    for (let i = 0; i < 200; i++) {
      const container = new BudgetMeter(store, clock, () => {}, 60_000, false);
      const admitted = await container.admit(rule, 'user=ada;', 1);
      expect(admitted, `container ${i}`).toBe(i < 100);
      if (admitted) container.spend(rule, 'user=ada;', 1);
      await container.flush(); // what Lambda awaits before the invocation ends
    }
    expect(await item()).toMatchObject({ reserved: 100, spent: 100 });
    // a call another budget refused gives its room back to the item with the next write
    const next = budget({ id: 'bud_2', name: 'next', amount: 10 });
    const container = new BudgetMeter(store, clock, () => {}, 60_000, false);
    expect(await container.admit(next, 'user=ada;', 3)).toBe(true);
    container.release(next, 'user=ada;', 3);
    await container.flush();
    expect((await store.query('budget#bud_2')).items[0]).toMatchObject({ reserved: 0 });
  });

  it('a call admitted before midnight and answered after it counts in the day it was admitted', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 23, 59, 50));
    const store = new MemoryStore(clock);
    const rule = budget({ amount: 10, period: 'day' });
    const meter = new BudgetMeter(store, clock, () => {}, 60_000, false);
    const at = meter.now();
    expect(await meter.admit(rule, 'user=ada;', 4, at)).toBe(true);
    clock.advance(30_000); // the answer comes on the next day
    meter.spend(rule, 'user=ada;', 4, at);
    await meter.flush();
    const items = (await store.query('budget#bud_1')).items.map((i) => [
      i.sk.split('#')[0],
      i['reserved'],
      i['spent'],
    ]);
    expect(items).toEqual([['2026-12-01', 4, 4]]);
    // the new day is whole
    expect(await meter.admit(rule, 'user=ada;', 10)).toBe(true);
  });

  it('starts afresh in the next period; an alerting budget never blocks', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 23, 59));
    const meter = new BudgetMeter(new MemoryStore(clock), clock, () => {});
    const rule = budget({ amount: 5 });
    expect(await meter.admit(rule, 'k', 5)).toBe(true);
    expect(await meter.admit(rule, 'k', 1)).toBe(false);
    clock.advance(60_000);
    expect(await meter.admit(rule, 'k', 5)).toBe(true);
    expect(await meter.admit(budget({ action: 'alert', amount: 1 }), 'k', 50)).toBe(true);
    await meter.close();
  });

  it('raises the alert at 1 of a blocking budget at its first refusal, once, when prices stop short of the amount', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 10));
    const store = new MemoryStore(clock);
    const alerts: Alert[] = [];
    const meters = [0, 1].map(() => new BudgetMeter(store, clock, (a) => alerts.push(a)));
    const rule = budget({ action: 'block', amount: 10, alertAt: [0.5, 1] });
    const admitted = [];
    for (let i = 0; i < 6; i++) {
      const meter = meters[i % 2]!;
      const ok = await meter.admit(rule, 'k', 3);
      if (ok) meter.spend(rule, 'k', 3);
      admitted.push(ok);
      await meter.flush();
    }
    await Promise.all(meters.map((m) => m.close()));
    expect(admitted).toEqual([true, true, true, false, false, false]);
    expect(alerts.map((a) => [a.threshold, a.spent])).toEqual([
      [0.5, 6],
      [1, 9],
    ]);
  });

  it('raises the alert at 1 for a refusal that comes before the spend leaving no room was written', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 10));
    const alerts: Alert[] = [];
    const meter = new BudgetMeter(new MemoryStore(clock), clock, (a) => alerts.push(a));
    const rule = budget({ action: 'block', amount: 12, alertAt: [1] });
    const admitted = [];
    // back to back, no flush between: the spend is this instance's, not yet in the store
    for (let i = 0; i < 3; i++) {
      const ok = await meter.admit(rule, 'k', 5);
      if (ok) meter.spend(rule, 'k', 5);
      admitted.push(ok);
    }
    await meter.close();
    expect(admitted).toEqual([true, true, false]);
    expect(alerts.map((a) => [a.threshold, a.spent])).toEqual([[1, 10]]);
  });

  it('raises no alert at 1 for a refused call larger than the whole amount', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 10));
    const alerts: Alert[] = [];
    const meter = new BudgetMeter(new MemoryStore(clock), clock, (a) => alerts.push(a));
    const rule = budget({ action: 'block', amount: 10, alertAt: [1] });
    expect(await meter.admit(rule, 'k', 25)).toBe(false);
    expect(await meter.admit(rule, 'k', 5)).toBe(true);
    meter.spend(rule, 'k', 5);
    await meter.close();
    expect(alerts).toEqual([]);
  });

  it('admits every call a fractional amount fits: three of 0.1 within 0.3, not a fourth', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 10));
    const meter = new BudgetMeter(new MemoryStore(clock), clock, () => {});
    const small = budget({ action: 'block', amount: 0.3 });
    const admitted = [];
    for (let i = 0; i < 4; i++) admitted.push(await meter.admit(small, 'k', 0.1));
    expect(admitted).toEqual([true, true, true, false]);
    await meter.close();
  });

  it('an alerting budget switched to block admits only what its spend left of the amount', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 10));
    const meter = new BudgetMeter(new MemoryStore(clock), clock, () => {});
    const alerting = budget({ action: 'alert', amount: 100 });
    for (let i = 0; i < 9; i++) {
      expect(await meter.admit(alerting, 'k', 10)).toBe(true);
      meter.spend(alerting, 'k', 10);
    }
    await meter.flush();
    const blocking = budget({ action: 'block', amount: 100 });
    expect(await meter.admit(blocking, 'k', 10)).toBe(true);
    expect(await meter.admit(blocking, 'k', 1)).toBe(false);
    await meter.close();
  });

  it('prices a call by the closest tool pattern, else per call (1 by default)', () => {
    expect(priceOf({}, 'x')).toBe(1);
    const tools = { '*': 1, 'gen_*': 10, gen_image: 25, 'gen_*_hd': 40 };
    const price = (tool: string) => priceOf({ pricing: { perCall: 0.5, tools } }, tool);
    expect([price('gen_image'), price('gen_text'), price('gen_video_hd'), price('search')]).toEqual([
      25, 10, 40, 1,
    ]);
    expect(priceOf({ pricing: { perCall: 0.5, tools: { 'gen_*': 10 } } }, 'search')).toBe(0.5);
  });
});
