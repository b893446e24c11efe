import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Server } from '../../core/config.js';
import { FakeClock } from '../../management/test-support.js';
import { MemoryStore } from '../../store/memory.js';
import { Outcomes, TargetRouter } from './router.js';

const server = (over: Partial<Server>): Server =>
  ({ id: 'srv_1', name: 'up', url: 'http://a.test/mcp', workspace: 'default', ...over }) as Server;

/** Two targets, health-checked every 10 s. */
const checked = server({
  healthCheck: { intervalSeconds: 10, unhealthyAfter: 2 },
  targets: [
    { url: 'http://east.test/mcp', weight: 1, priority: 0 },
    { url: 'http://west.test/mcp', weight: 1, priority: 0 },
  ],
});

describe('target router', () => {
  it('splits new sessions by weight within a few percent', async () => {
    const router = new TargetRouter(new MemoryStore(), new FakeClock());
    const canary = server({
      targets: [
        { url: 'http://stable.test/mcp', weight: 90, priority: 0 },
        { url: 'http://canary.test/mcp', weight: 10, priority: 0 },
      ],
    });
    let toCanary = 0;
    for (let i = 0; i < 2000; i++) if ((await router.order(canary))[0]!.url.includes('canary')) toCanary++;
    expect(toCanary / 2000).toBeGreaterThan(0.07);
    expect(toCanary / 2000).toBeLessThan(0.13);
  });

  it('drains a target of weight 0: tried after every weighted one of any priority, drained ones alike', async () => {
    const router = new TargetRouter(new MemoryStore(), new FakeClock());
    const draining = server({
      targets: [
        { url: 'http://a.test/mcp', weight: 0, priority: 0 },
        { url: 'http://b.test/mcp', weight: 0, priority: 0 },
        { url: 'http://c.test/mcp', weight: 1, priority: 1 },
      ],
    });
    const firsts = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const order = (await router.order(draining)).map((t) => t.url);
      expect(order[0]).toBe('http://c.test/mcp');
      expect(order).toHaveLength(3);
      firsts.set(order[1]!, (firsts.get(order[1]!) ?? 0) + 1);
    }
    // the drained ones share what reaches them
    expect(firsts.get('http://a.test/mcp')).toBeGreaterThan(120);
    expect(firsts.get('http://b.test/mcp')).toBeGreaterThan(120);
  });

  it('follows the health checker while its verdict is fresh, and never takes every target out', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const record = (out: string[]) =>
      store.put({
        pk: 'health',
        sk: 'up',
        server: 'up',
        checkedAt: new Date(clock.now()).toISOString(),
        targets: checked.targets!.map((t) => ({ url: t.url, inRotation: !out.includes(t.url) })),
      });
    const urls = async () => (await new TargetRouter(store, clock).order(checked)).map((t) => t.url).sort();
    await record(['http://east.test/mcp']);
    expect(await urls()).toEqual(['http://west.test/mcp']);
    // still out a few minutes on (the checker on AWS runs on its own schedule, every minute by default)
    clock.advance(5 * 60_000);
    expect(await urls()).toEqual(['http://west.test/mcp']);
    // a checker that stopped: after fifteen minutes (or three intervals, if longer) its verdict no longer counts
    clock.advance(10 * 60_000 + 1000);
    expect(await urls()).toEqual(['http://east.test/mcp', 'http://west.test/mcp']);
    // every target out: routed to all the same (what may get through beats refusing everything)
    await record(['http://east.test/mcp', 'http://west.test/mcp']);
    expect(await urls()).toEqual(['http://east.test/mcp', 'http://west.test/mcp']);
  });

  it('holds a verdict until the time it names (a checker scheduled hourly): then it no longer counts', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    await store.put({
      pk: 'health',
      sk: 'up',
      server: 'up',
      checkedAt: new Date(clock.now()).toISOString(),
      holdsUntil: new Date(clock.now() + 3 * 3600_000).toISOString(),
      targets: [
        { url: 'http://east.test/mcp', inRotation: false },
        { url: 'http://west.test/mcp', inRotation: true },
      ],
    });
    const urls = async () => (await new TargetRouter(store, clock).order(checked)).map((t) => t.url).sort();
    clock.advance(2 * 3600_000);
    expect(await urls()).toEqual(['http://west.test/mcp']);
    clock.advance(3600_000 + 1000);
    expect(await urls()).toEqual(['http://east.test/mcp', 'http://west.test/mcp']);
  });

  it('keeps the best priority first and a user on one target', async () => {
    const router = new TargetRouter(new MemoryStore(), new FakeClock());
    const failover = server({
      targets: [
        { url: 'http://backup.test/mcp', weight: 1, priority: 1 },
        { url: 'http://east.test/mcp', weight: 1, priority: 0 },
        { url: 'http://west.test/mcp', weight: 1, priority: 0 },
      ],
    });
    const order = (await router.order(failover)).map((t) => t.url);
    expect(order.at(-1)).toBe('http://backup.test/mcp');
    const first = (await router.order(failover, 'default#ada'))[0]!.url;
    for (let i = 0; i < 20; i++) expect((await router.order(failover, 'default#ada'))[0]!.url).toBe(first);
  });

  it("moves only a leaving target's users, and splits users by weight", async () => {
    const router = new TargetRouter(new MemoryStore(), new FakeClock());
    const targets = ['a', 'b', 'c'].map((n) => ({ url: `http://${n}.test/mcp`, weight: 1, priority: 0 }));
    const three = server({ targets });
    const two = server({ targets: targets.slice(1) });
    const users = Array.from({ length: 600 }, (_, i) => `default#user-${i}`);
    let moved = 0;
    for (const user of users) {
      const before = (await router.order(three, user))[0]!.url;
      const after = (await router.order(two, user))[0]!.url;
      if (before !== 'http://a.test/mcp') expect(after, user).toBe(before);
      else moved++;
    }
    // about a third were a's
    expect(moved).toBeGreaterThan(150);
    expect(moved).toBeLessThan(250);
    const weighted = server({
      targets: [
        { url: 'http://big.test/mcp', weight: 3, priority: 0 },
        { url: 'http://small.test/mcp', weight: 1, priority: 0 },
      ],
    });
    let big = 0;
    for (const user of users) if ((await router.order(weighted, user))[0]!.url.includes('big')) big++;
    expect(big / users.length).toBeGreaterThan(0.68);
    expect(big / users.length).toBeLessThan(0.82);
  });

  it('opens a circuit after consecutive failures, everywhere; fails over; one probe closes it', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const [a, b] = [new TargetRouter(store, clock), new TargetRouter(store, clock)];
    const guarded = server({
      circuitBreaker: {
        consecutiveFailures: 3,
        cooldownSeconds: 10,
        failureRate: 0.5,
        minimumCalls: 20,
        windowSeconds: 60,
      },
      targets: [
        { url: 'http://primary.test/mcp', weight: 1, priority: 0 },
        { url: 'http://secondary.test/mcp', weight: 1, priority: 1 },
      ],
    });
    for (let i = 0; i < 3; i++) a.report(guarded, 'http://primary.test/mcp', false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await a.isOpen(guarded, 'http://primary.test/mcp')).toBe(true);
    // the other instance learns it from the store
    expect(await b.isOpen(guarded, 'http://primary.test/mcp')).toBe(true);
    expect((await b.order(guarded))[0]!.url).toBe('http://secondary.test/mcp');
    clock.advance(10_000);
    // half-open: one probe, the next call waits for its outcome
    expect(await a.isOpen(guarded, 'http://primary.test/mcp')).toBe(false);
    expect(await a.isOpen(guarded, 'http://primary.test/mcp')).toBe(true);
    a.report(guarded, 'http://primary.test/mcp', true);
    expect(await a.isOpen(guarded, 'http://primary.test/mcp')).toBe(false);
    expect((await a.order(guarded))[0]!.url).toBe('http://primary.test/mcp');
  });

  it('half-opens on an instance that only learnt of the circuit from the store: one probe there too', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const [a, fresh, later] = [0, 1, 2].map(() => new TargetRouter(store, clock));
    const guarded = server({
      circuitBreaker: {
        consecutiveFailures: 2,
        cooldownSeconds: 10,
        failureRate: 0.5,
        minimumCalls: 20,
        windowSeconds: 60,
      },
    });
    const url = 'http://a.test/mcp';
    for (let i = 0; i < 2; i++) a!.report(guarded, url, false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await fresh!.isOpen(guarded, url)).toBe(true);
    clock.advance(10_000);
    // cooled down: the instance that never saw a failure lets one probe through, not all of its calls
    const probe = await fresh!.claim(guarded, url);
    expect(probe).toEqual({ probe: clock.now() });
    expect(await fresh!.claim(guarded, url)).toBe(false);
    // concurrent calls on another such instance, all before any breaker of its own exists: one probe too
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => [] as TargetRouter[]).map(() => later!.claim(guarded, url)),
    );
    expect(concurrent.filter((claim) => claim !== false)).toEqual([{ probe: clock.now() }]);
    later!.release(guarded, url, concurrent.find((claim) => claim !== false)!);
    // the probe fails: open again, everywhere
    fresh!.report(guarded, url, false, clock.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(2500);
    expect(await later!.isOpen(guarded, url)).toBe(true);
    clock.advance(10_000);
    // the next one succeeds: closed, everywhere
    const next = await later!.claim(guarded, url);
    expect(next).toEqual({ probe: clock.now() });
    later!.report(guarded, url, true, clock.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(2500);
    await later!.isOpen(guarded, url, false); // the shared record read again (in the background)
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await later!.claim(guarded, url)).toEqual({ probe: 0 });
    // instances that opened it themselves each close it by a probe of their own
    for (const router of [a!, fresh!]) {
      const own = await router.claim(guarded, url);
      expect(own).toEqual({ probe: clock.now() });
      router.report(guarded, url, true, clock.now());
      expect(await router.claim(guarded, url)).toEqual({ probe: 0 });
    }
  });

  it('reads what other instances decided in the background: concurrent calls never wait on, or repeat, one read', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    let reads = 0;
    const get = store.get.bind(store);
    store.get = (...args: Parameters<MemoryStore['get']>) => {
      reads++;
      return get(...args);
    };
    const [a, b] = [new TargetRouter(store, clock), new TargetRouter(store, clock)];
    const guarded = server({
      circuitBreaker: {
        consecutiveFailures: 1,
        cooldownSeconds: 60,
        failureRate: 0.5,
        minimumCalls: 20,
        windowSeconds: 60,
      },
    });
    const url = 'http://a.test/mcp';
    expect(await Promise.all(Array.from({ length: 32 }, () => b.isOpen(guarded, url, false)))).not.toContain(
      true,
    );
    expect(reads).toBe(1); // the first read is shared by every call that waits on it
    a.report(guarded, url, false); // another instance opens the circuit
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(1_800); // nine tenths of the router's 2 s cache: what b knows is due a re-read now
    reads = 0;
    // served at once (still closed for b), while one background read learns of the open circuit
    expect(await Promise.all(Array.from({ length: 32 }, () => b.isOpen(guarded, url, false)))).not.toContain(
      true,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(reads).toBe(1);
    expect(await b.isOpen(guarded, url, false)).toBe(true);
  });

  it('fails fast with every target open, and only the probe closes a circuit', async () => {
    const clock = new FakeClock();
    const router = new TargetRouter(new MemoryStore(clock), clock);
    const single = server({
      circuitBreaker: {
        consecutiveFailures: 1,
        cooldownSeconds: 10,
        failureRate: 0.5,
        minimumCalls: 20,
        windowSeconds: 60,
      },
    });
    router.report(single, 'http://a.test/mcp', false);
    expect(await router.order(single)).toEqual([]);
    // a call that started before the trip and succeeds now changes nothing
    router.report(single, 'http://a.test/mcp', true);
    expect(await router.isOpen(single, 'http://a.test/mcp')).toBe(true);
    clock.advance(10_000);
    expect((await router.order(single)).map((t) => t.url)).toEqual(['http://a.test/mcp']);
    await router.claim(single, 'http://a.test/mcp');
    expect(await router.isOpen(single, 'http://a.test/mcp')).toBe(true); // the probe is out
    clock.advance(60_000); // a probe that never reports lapses
    expect(await router.isOpen(single, 'http://a.test/mcp')).toBe(false);
    // a probe whose call ended without an outcome (the client left) is released at once
    clock.advance(60_000); // (the look above took the probe: it lapses)
    const probe = await router.claim(single, 'http://a.test/mcp');
    expect(probe).not.toBe(false);
    expect(await router.claim(single, 'http://a.test/mcp')).toBe(false);
    router.release(single, 'http://a.test/mcp', probe as Exclude<typeof probe, false>);
    expect(await router.claim(single, 'http://a.test/mcp')).not.toBe(false);
  });

  it('frees the probe of a call whose client left mid-answer, and only that one', async () => {
    const clock = new FakeClock();
    const router = new TargetRouter(new MemoryStore(clock), clock);
    const url = 'http://a.test/mcp';
    const single = server({ circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 10 } as never });
    router.report(single, url, false, router.now());
    const before = router.now();
    clock.advance(10_000);
    expect(await router.claim(single, url)).not.toBe(false);
    const probeSent = router.now();
    router.abandon(single, url, before); // an older call's client left: the probe still stands
    expect(await router.claim(single, url)).toBe(false);
    router.abandon(single, url, probeSent); // the probe's own client left: free for the next call
    expect(await router.claim(single, url)).not.toBe(false);
  });

  it('lets only the probe settle a half-open circuit, not a call sent before it', async () => {
    const clock = new FakeClock();
    const router = new TargetRouter(new MemoryStore(clock), clock);
    const url = 'http://a.test/mcp';
    const single = server({ circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 10 } as never });
    router.report(single, url, false, router.now());
    const before = router.now(); // a call sent while the circuit was open... (e.g. a long one)
    clock.advance(10_000);
    expect(await router.claim(single, url)).not.toBe(false); // the probe
    const probeSent = router.now();
    clock.advance(100);
    // ...fails now: the probe still stands, the circuit stays half-open (not opened for another cooldown)
    router.report(single, url, false, before);
    expect(await router.claim(single, url)).toBe(false);
    // a success of a call sent before the probe does not close it either
    router.report(single, url, true, before);
    expect(await router.claim(single, url)).toBe(false);
    // the probe's success closes it
    router.report(single, url, true, probeSent);
    expect(await router.isOpen(single, url, false)).toBe(false);
    expect(await router.claim(single, url)).toEqual({ probe: 0 });
  });

  it('closes a half-open circuit on the success of a probe that lapsed: calls longer than the lapse', async () => {
    const clock = new FakeClock();
    const router = new TargetRouter(new MemoryStore(clock), clock);
    const url = 'http://a.test/mcp';
    const single = server({ circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 10 } as never });
    router.report(single, url, false, router.now());
    clock.advance(10_000);
    expect(await router.claim(single, url)).not.toBe(false);
    const first = router.now(); // a tool call running 90 s
    clock.advance(60_000);
    expect(await router.claim(single, url)).not.toBe(false); // the first lapsed: another probe
    clock.advance(30_000);
    router.report(single, url, true, first);
    expect(await router.isOpen(single, url, false)).toBe(false);
    expect(await router.claim(single, url)).toEqual({ probe: 0 });
    // and a lapsed probe's failure opens it again, as the probe's would
    router.report(single, url, false, router.now());
    clock.advance(10_000);
    expect(await router.claim(single, url)).not.toBe(false);
    const slow = router.now();
    clock.advance(60_000);
    expect(await router.claim(single, url)).not.toBe(false);
    router.report(single, url, false, slow);
    expect(await router.isOpen(single, url, false)).toBe(true);
  });

  /** Two instances on one store whose circuit `a` opened (two failures), its cooldown over: half-open. */
  const cooledDown = async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const [a, b] = [0, 1].map(() => new TargetRouter(store, clock)) as [TargetRouter, TargetRouter];
    const url = 'http://a.test/mcp';
    const guarded = server({ circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 10 } as never });
    for (let i = 0; i < 2; i++) a.report(guarded, url, false, a.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(10_000);
    return { clock, a, b, url, guarded };
  };

  it('forgets its half-open time once another instance’s probe closed the circuit', async () => {
    const { clock, a, b, url, guarded } = await cooledDown();
    // b's probe: its client left, the probe freed
    const probed = b!.now();
    expect(await b!.claim(guarded, url)).not.toBe(false);
    b!.abandon(guarded, url, probed);
    // a's probe closes the circuit for everyone
    const sent = a!.now();
    expect(await a!.claim(guarded, url)).not.toBe(false);
    a!.report(guarded, url, true, sent);
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(3_000); // b reads the shared state again
    expect(await b!.claim(guarded, url)).toEqual({ probe: 0 });
    // an ordinary failure on b is one of two, not a probe's: the circuit stays closed
    b!.report(guarded, url, false, b!.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await a!.isOpen(guarded, url, false)).toBe(false);
    expect(await b!.isOpen(guarded, url, false)).toBe(false);
  });

  it('still trips on an instance whose own probe reports after another instance closed the circuit', async () => {
    const { clock, a, b, url, guarded } = await cooledDown();
    // b learnt of the open circuit from the store, and sends its probe
    const probed = b!.now();
    expect(await b!.claim(guarded, url)).not.toBe(false);
    // a's probe closes the circuit first; b reads that, and passes a call
    const sent = a!.now();
    expect(await a!.claim(guarded, url)).not.toBe(false);
    a!.report(guarded, url, true, sent);
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(3_000);
    expect(await b!.claim(guarded, url)).toEqual({ probe: 0 });
    b!.report(guarded, url, true, probed); // b's probe comes back: an ordinary success now
    // the next outage trips b by itself
    for (let i = 0; i < 2; i++) b!.report(guarded, url, false, b!.now());
    expect(await b!.isOpen(guarded, url, false)).toBe(true);
  });

  it('is not opened again by calls sent before it opened, failing one by one after it', async () => {
    const clock = new FakeClock();
    const router = new TargetRouter(new MemoryStore(clock), clock);
    const url = 'http://a.test/mcp';
    const guarded = server({ circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 30 } as never });
    // ten long calls to an upstream that hangs, sent a second apart
    const sent: number[] = [];
    for (let i = 0; i < 10; i++) {
      sent.push(router.now());
      clock.advance(1_000);
    }
    // they time out in turn: the first two trip the circuit, the others end while it is open
    router.report(guarded, url, false, sent[0]);
    router.report(guarded, url, false, sent[1]);
    expect(await router.isOpen(guarded, url, false)).toBe(true);
    for (let i = 2; i < 10; i++) {
      clock.advance(2_000);
      router.report(guarded, url, false, sent[i]);
    }
    // reopened (half-open) when its cooldown from the trip is over, not after the last of them
    clock.advance(30_000 - 16_000);
    expect(await router.claim(guarded, url)).not.toBe(false);
  });

  it('hands the shared writes of a trip and a close to its owner, to be finished before a function freezes', async () => {
    const clock = new FakeClock();
    const tracked: Promise<unknown>[] = [];
    const router = new TargetRouter(new MemoryStore(clock), clock, Math.random, (work) => tracked.push(work));
    const url = 'http://a.test/mcp';
    const guarded = server({ circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 10 } as never });
    router.report(guarded, url, false, router.now());
    expect(tracked).toHaveLength(1);
    clock.advance(10_000);
    const sent = router.now();
    expect(await router.claim(guarded, url)).not.toBe(false);
    router.report(guarded, url, true, sent);
    expect(tracked).toHaveLength(2);
    await Promise.all(tracked);
  });

  it('opens on a failure rate over the window too', async () => {
    const router = new TargetRouter(new MemoryStore(), new FakeClock());
    const guarded = server({
      circuitBreaker: {
        consecutiveFailures: 100,
        failureRate: 0.5,
        minimumCalls: 10,
        windowSeconds: 60,
        cooldownSeconds: 30,
      },
    });
    for (let i = 0; i < 10; i++) router.report(guarded, 'http://a.test/mcp', i % 2 === 0);
    expect(await router.isOpen(guarded, 'http://a.test/mcp')).toBe(true);
  });

  it('opens on a failure rate with a minimum of calls larger than the window keeps, once it is full', async () => {
    const router = new TargetRouter(new MemoryStore(), new FakeClock());
    const guarded = server({
      circuitBreaker: {
        consecutiveFailures: 100,
        failureRate: 0.5,
        minimumCalls: 5000,
        windowSeconds: 60,
        cooldownSeconds: 30,
      },
    });
    for (let i = 0; i < 999; i++) router.report(guarded, 'http://a.test/mcp', i % 2 === 0);
    expect(await router.isOpen(guarded, 'http://a.test/mcp')).toBe(false);
    router.report(guarded, 'http://a.test/mcp', false);
    expect(await router.isOpen(guarded, 'http://a.test/mcp')).toBe(true);
  });
});

describe('the outcomes of a circuit breaker window', () => {
  /** The rule the window keeps: the calls younger than the window, the last 1000 at most. */
  const model = (calls: [number, boolean][], now: number, windowMs: number) =>
    calls.filter(([at]) => now - at < windowMs).slice(-1000);

  it('count what a plain filter over every call would', () => {
    fc.assert(
      fc.property(
        // long enough to pass the cap of 1000 and the compaction behind it, in windows that hold them
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), {
          minLength: 1500,
          maxLength: 2500,
        }),
        fc.integer({ min: 1, max: 5000 }),
        (calls, windowMs) => {
          const outcomes = new Outcomes();
          let kept: [number, boolean][] = [];
          let now = 0;
          for (const [step, ok] of calls) {
            now += step;
            outcomes.add(now, ok, windowMs);
            kept = model([...kept, [now, ok]], now, windowMs);
            expect(outcomes.size).toBe(kept.length);
            expect(outcomes.failures).toBe(kept.filter(([, good]) => !good).length);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('keeps the last 1000 of a burst and forgets them once the window has passed', () => {
    const outcomes = new Outcomes();
    for (let n = 0; n < 2500; n++) outcomes.add(0, n % 4 !== 0, 60_000);
    expect([outcomes.size, outcomes.failures]).toEqual([1000, 250]);
    outcomes.add(60_000, false, 60_000);
    expect([outcomes.size, outcomes.failures]).toEqual([1, 1]);
    outcomes.clear();
    expect([outcomes.size, outcomes.failures]).toEqual([0, 0]);
  });
});
