import { describe, expect, it } from 'vitest';
import type { RateLimit } from '../../core/config.js';
import { shortHash } from '../../core/digest.js';
import { FakeClock } from '../../management/test-support.js';
import { MemoryStore } from '../../store/memory.js';
import { ConditionFailedError } from '../../store/port.js';
import { leaseSize, maxLeaseSize, RateLimiter } from './limiter.js';

const limit = (over: Partial<RateLimit>): RateLimit =>
  ({ id: 'rl_1', name: 'calls', workspace: 'default', limit: 100, window: 'minute', ...over }) as RateLimit;

async function admitted(limiter: RateLimiter, rule: RateLimit, count: number, key = 'user=ada;') {
  let allowed = 0;
  for (let i = 0; i < count; i++) if ((await limiter.take(rule, key)).allowed) allowed++;
  return allowed;
}

describe('rate limiter (sliding window, leased)', () => {
  it('admits exactly the limit in a window on one instance, with one store write per lease', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 1000 });
    expect(await admitted(limiter, rule, 1200)).toBe(1000);
    expect([leaseSize(1000), maxLeaseSize(1000)]).toEqual([10, 50]);
    // leases of 10, 20, 40, then 50 (hot), a few refused reservation attempts: far under 0.1 writes a request
    expect(limiter.writes / 1200).toBeLessThan(0.1);
    const refused = await limiter.take(rule, 'user=ada;');
    // the next minute begins with this one weighing 100 %: a call fits once 0.1 % of it is past
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 61 });
  });

  it('says when a call fits again after a full window: in the next one, once the full one weighs less', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 0, 0, 0));
    const store = new MemoryStore(clock);
    const rule = limit({ limit: 10, window: 'day' });
    const limiter = new RateLimiter(store, clock);
    expect(await admitted(limiter, rule, 10)).toBe(10);
    const refused = await limiter.take(rule, 'user=ada;');
    // 10 used: tomorrow a call fits once ceil(10 × overlap) ≤ 9, a tenth of the day in (02:24)
    expect(refused.retryAfterSeconds).toBe(86_400 + 8_640);
    clock.advance((86_400 + 8_640) * 1000 - 1000);
    expect((await new RateLimiter(store, clock).take(rule, 'user=ada;')).allowed).toBe(false);
    clock.advance(1000);
    expect((await new RateLimiter(store, clock).take(rule, 'user=ada;')).allowed).toBe(true);
  });

  it('says when a call fits again as the previous window’s weight shrinks, not a whole window on', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const limiter = new RateLimiter(store, clock);
    const rule = limit({ limit: 100, window: 'hour' });
    clock.advance(10 * 60_000); // all 100 in the first ten minutes of the hour
    expect(await admitted(limiter, rule, 100)).toBe(100);
    clock.advance(50 * 60_000); // the next hour begins: the previous one weighs 100 %
    const refused = await limiter.take(rule, 'user=ada;');
    // a call fits once 1 % of the hour is past (ceil(100 × 0.99) = 99 ≤ 100 − 0 − 1)
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(36);
    clock.advance(36_000);
    // (another instance, which holds no refusal in memory)
    expect((await new RateLimiter(store, clock).take(rule, 'user=ada;')).allowed).toBe(true);
  });

  it('doubles the lease of a hot key up to a twentieth of the limit, and starts small again once it cools', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 1_200_000 });
    expect([leaseSize(rule.limit), maxLeaseSize(rule.limit)]).toEqual([100, 10_000]);
    // 30,000 requests within a second: leases of 100, 200, 400, … 10,000 (a dozen writes, not 300)
    expect(await admitted(limiter, rule, 30_000)).toBe(30_000);
    expect(limiter.writes).toBeLessThanOrEqual(12);
    // 50 requests a second spend a lease of 100 in two seconds: not hot, every lease is the first size
    const hourly = limit({ limit: 1_200_000, window: 'hour' });
    const cool = new RateLimiter(new MemoryStore(clock), clock);
    for (let i = 0; i < 1000; i++) {
      expect((await cool.take(hourly, 'user=bob;')).allowed).toBe(true);
      clock.advance(20);
    }
    expect(cool.writes).toBeGreaterThanOrEqual(10);
    const hot = new RateLimiter(new MemoryStore(clock), clock);
    expect(await admitted(hot, hourly, 1000, 'user=bob;')).toBe(1000);
    expect(hot.writes).toBeLessThanOrEqual(4); // 100 + 200 + 400 + 800
    // a hot key's leases never pass a twentieth of a smaller limit, and the limit still holds exactly
    const small = new RateLimiter(new MemoryStore(clock), clock);
    expect(await admitted(small, limit({ limit: 50_000 }), 60_000, 'user=eve;')).toBe(50_000);
  });

  it('never admits more than the limit across instances sharing the store, concurrently', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const instances = [
      new RateLimiter(store, clock),
      new RateLimiter(store, clock),
      new RateLimiter(store, clock),
    ];
    const rule = limit({ limit: 300 });
    const results = await Promise.all(
      Array.from({ length: 600 }, (_, i) => instances[i % 3]!.take(rule, 'user=ada;')),
    );
    const allowed = results.filter((r) => r.allowed).length;
    expect(allowed).toBeLessThanOrEqual(300);
    // leased but unused quota is lost at most once per instance (a lease and the fifth fetched ahead)
    expect(allowed).toBeGreaterThanOrEqual(300 - 3 * Math.ceil(maxLeaseSize(300) * 1.2));
  });

  it('a quiet key spread over many instances (Lambda containers) keeps nearly all of its limit', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const instances = Array.from({ length: 40 }, () => new RateLimiter(store, clock));
    const rule = limit({ limit: 100 });
    // one request every two seconds, each on another instance: a first lease each, of one request
    let allowed = 0;
    for (let i = 0; i < 29; i++) {
      if ((await instances[i % 40]!.take(rule, 'user=ada;')).allowed) allowed++;
      clock.advance(2000);
    }
    expect(allowed).toBe(29);
    expect((await store.query('rate#rl_1')).items.map((item) => item['used'])).toEqual([29]);
  });

  it('requests queued behind a reservation that found the key exhausted cost no store traffic', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    let reads = 0;
    const counted = Object.assign(Object.create(store) as MemoryStore, {
      incrementWithin: (...args: Parameters<MemoryStore['incrementWithin']>) => {
        reads++;
        return store.incrementWithin(...args);
      },
      get: (...args: Parameters<MemoryStore['get']>) => {
        reads++;
        return store.get(...args);
      },
    });
    const rule = limit({ limit: 10 });
    expect(await admitted(new RateLimiter(store, clock), rule, 10)).toBe(10);
    const limiter = new RateLimiter(counted, clock);
    const flood = await Promise.all(Array.from({ length: 200 }, () => limiter.take(rule, 'user=ada;')));
    expect(flood.filter((t) => t.allowed)).toEqual([]);
    // the first reservation's reads (the previous window, the counter) and nothing for the 199 behind it
    expect(reads).toBeLessThanOrEqual(3);
  });

  it('a refusal only a race with other instances caused says to retry at once, not in the next window', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    // every bounded increment loses its race: others took what this one asked for, room is left all the same
    const racing = Object.assign(Object.create(store) as MemoryStore, {
      incrementWithin: async () => ({ applied: false, total: 995 }),
    });
    const limiter = new RateLimiter(racing, clock);
    const refused = await limiter.take(limit({ limit: 1000, window: 'day' }), 'user=ada;');
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('counts keys apart, and weighs the previous window by its overlap', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 10 });
    expect(await admitted(limiter, rule, 12, 'user=ada;')).toBe(10);
    expect(await admitted(limiter, rule, 12, 'user=bob;')).toBe(10);
    // a quarter into the next window, three quarters of the previous one still count: 10 - 7.5 → 2
    clock.advance(75_000);
    expect(await admitted(limiter, rule, 10, 'user=ada;')).toBe(2);
    // a window later only those 2 weigh in (3/4 of them): 10 - 2 → 8
    clock.advance(60_000);
    expect(await admitted(limiter, rule, 12, 'user=ada;')).toBe(8);
  });
});

describe('rate limiter: giving back', () => {
  it('gives back a request another limit refused, to the running lease', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 10 });
    expect(await admitted(limiter, rule, 10)).toBe(10);
    expect((await limiter.take(rule, 'user=ada;')).allowed).toBe(false);
    limiter.giveBack(rule, 'user=ada;');
    expect(await admitted(limiter, rule, 3)).toBe(1);
  });

  it("gives a request back only to the window it was taken in: a later window's lease never counted it", async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 10, window: 'second' });
    expect((await limiter.take(rule, 'user=ada;')).allowed).toBe(true);
    const window = limiter.leaseWindow(rule, 'user=ada;');
    // the request it was taken for is refused only after the next window began (a slow call beside it)
    clock.advance(2_000);
    expect(await admitted(limiter, rule, 10)).toBe(10);
    limiter.giveBack(rule, 'user=ada;', window);
    expect(await admitted(limiter, rule, 1)).toBe(0);
    // in its own window it is given back: 9 taken, one of them back, room for 2
    clock.advance(2_000);
    expect(await admitted(limiter, rule, 9)).toBe(9);
    limiter.giveBack(rule, 'user=ada;', limiter.leaseWindow(rule, 'user=ada;'));
    expect(await admitted(limiter, rule, 3)).toBe(2);
  });

  it("gives a bucket's token back to its lease however often the lease was renewed since", async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 10, window: 'minute', algorithm: 'token-bucket' });
    expect(await admitted(limiter, rule, 10)).toBe(10);
    const window = limiter.leaseWindow(rule, 'user=ada;')!;
    expect((await limiter.take(rule, 'user=ada;')).allowed).toBe(false);
    // the lease renewed meanwhile (its lapse moved on): the token is still its own
    limiter.giveBack(rule, 'user=ada;', window - 1_000);
    expect(await admitted(limiter, rule, 2)).toBe(1);
  });

  it('an instance that stops gives the store back what its leases have left, for the others', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const [a, b] = [new RateLimiter(store, clock), new RateLimiter(store, clock)];
    const rule = limit({ limit: 1000 });
    expect(await admitted(a, rule, 1)).toBe(1); // a leases 10 and keeps 9
    expect(await admitted(b, rule, 1000)).toBe(990);
    await a.release();
    clock.advance(1000); // (b remembers its refusal for a second)
    // the 9 are b's now: exactly the limit admitted in the window, and nothing more
    expect(await admitted(b, rule, 100)).toBe(9);
    // a released instance holds nothing: what still reaches it takes from the store (nothing left)
    expect(await admitted(a, rule, 5)).toBe(0);
    // a lease whose window is over gives nothing back (its counter only weighs on the next window)
    const perSecond = limit({ id: 'rl_2', limit: 1000, window: 'second' });
    expect(await admitted(a, perSecond, 1)).toBe(1);
    const counter = `${shortHash('user=ada;')}#${Math.floor(clock.now() / 1000)}`;
    clock.advance(1000);
    await a.release();
    expect(await store.get('rate#rl_2', counter)).toMatchObject({ used: 10 });
  });

  it('gives back what a lease idle a while has left: requests moving between instances never lease a window out', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 0, 0, 0));
    const store = new MemoryStore(clock);
    const rule = limit({ limit: 200, window: 'day' });
    const counter = `${shortHash('user=ada;')}#${Math.floor(clock.now() / 86_400_000)}`;
    // ten instances each served one request of the key: each holds a lease of 2, 1 left
    const instances = Array.from({ length: 10 }, () => new RateLimiter(store, clock));
    for (const limiter of instances) expect(await admitted(limiter, rule, 1)).toBe(1);
    expect(await store.get('rate#rl_1', counter)).toMatchObject({ used: 20 });
    // a minute later the leases are kept (a key used now and then would cost two writes a request)
    clock.advance(60_000);
    for (const limiter of instances) expect(await admitted(limiter, rule, 1, 'user=bo;')).toBe(1);
    expect(await store.get('rate#rl_1', counter)).toMatchObject({ used: 20 });
    // idle a 48th of the day, each instance serving another key gives back what the lease left
    clock.advance(1_800_000);
    for (const limiter of instances) expect(await admitted(limiter, rule, 1, 'user=cy;')).toBe(1);
    await expect.poll(async () => (await store.get('rate#rl_1', counter))?.['used']).toBe(10);
    // the key's next request on an instance takes from the store again, and still counts
    expect(await admitted(instances[0]!, rule, 1)).toBe(1);
    expect(await store.get('rate#rl_1', counter)).toMatchObject({ used: 12 });
  });

  it('a counter gone by the time a lease goes back to it is made anew to expire as the window’s', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const limiter = new RateLimiter(store, clock);
    const rule = limit({ limit: 1000 });
    expect(await admitted(limiter, rule, 1)).toBe(1);
    const window = Math.floor(clock.now() / 60_000);
    const counter = `${shortHash('user=ada;')}#${window}`;
    // (expired and swept in the store between the lease's check and its write)
    await store.delete('rate#rl_1', counter);
    await limiter.release();
    expect(await store.get('rate#rl_1', counter)).toMatchObject({
      used: -9,
      expiresAt: ((window + 2) * 60_000) / 1000 + 1,
    });
  });

  it('gives back what a renewal still under way brings, too', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const limiter = new RateLimiter(store, clock);
    const rule = limit({ limit: 1000 });
    // a lease of 10: the eighth request leaves a fifth of it, and the next lease is asked for
    for (let i = 0; i < 8; i++) expect((await limiter.take(rule, 'user=ada;')).allowed).toBe(true);
    await limiter.release();
    expect((await store.query('rate#rl_1')).items.map((item) => item['used'])).toEqual([8]);
  });

  it('a token bucket gets its unused tokens back, up to its burst', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const [a, b] = [new RateLimiter(store, clock), new RateLimiter(store, clock)];
    const rule = limit({ limit: 600, algorithm: 'token-bucket' });
    expect(await admitted(a, rule, 1)).toBe(1); // a leases 6 and keeps 5
    expect(await admitted(b, rule, 600)).toBe(594);
    await a.release();
    // (an instance of its own: b remembers its refusal for a second, in which tokens come back too)
    expect(await admitted(new RateLimiter(store, clock), rule, 100)).toBe(5);
    expect(await admitted(a, rule, 5)).toBe(0);
    // a bucket refilled meanwhile stays within its burst
    clock.advance(120_000);
    const d = new RateLimiter(store, clock);
    expect(await admitted(d, rule, 1)).toBe(1);
    await d.release();
    expect(await store.get('rate#rl_1', `${shortHash('user=ada;')}#bucket`)).toMatchObject({ tokens: 599 });
  });
});

describe('rate limiter (token bucket)', () => {
  it('admits a slow key on several instances in full: leases they let lapse do not drain the bucket', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const instances = Array.from({ length: 3 }, () => new RateLimiter(store, clock));
    const rule = limit({ limit: 1000, algorithm: 'token-bucket' });
    // about 164 requests a minute in all, far below the limit, for ten minutes
    let refused = 0;
    for (let i = 0; i < 540; i++) {
      for (const instance of instances) if (!(await instance.take(rule, 'user=ada;')).allowed) refused++;
      clock.advance(1100);
    }
    expect(refused).toBe(0);
  });

  it('bursts past the limit after a pause by no more than what instances still hold of their leases', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const instances = Array.from({ length: 5 }, () => new RateLimiter(store, clock));
    const rule = limit({ limit: 6000, algorithm: 'token-bucket' });
    // hot on every instance: leases grow, each instance holds some it has not used
    for (let round = 0; round < 20; round++)
      for (const instance of instances) await admitted(instance, rule, 50);
    // the bucket refills while nobody calls; then everybody calls at once
    clock.advance(59_000);
    let burst = 0;
    for (const instance of instances) burst += await admitted(instance, rule, 3000);
    // a lease and a fifth per instance at most
    expect(burst).toBeLessThanOrEqual(6000 + instances.length * Math.ceil(maxLeaseSize(6000) * 1.2));
    expect(burst).toBeGreaterThanOrEqual(5900);
  });

  it('bursts to the limit, then refills at limit per window', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    const a = new RateLimiter(store, clock);
    const b = new RateLimiter(store, clock);
    const rule = limit({ limit: 60, window: 'minute', algorithm: 'token-bucket' });
    const first = (await admitted(a, rule, 40)) + (await admitted(b, rule, 40));
    expect(first).toBeLessThanOrEqual(60);
    expect(first).toBeGreaterThanOrEqual(60 - 2 * maxLeaseSize(60));
    // what a still holds of its lease, then refused with the time to the next token
    let refused = await a.take(rule, 'user=ada;');
    for (let i = 0; i < maxLeaseSize(60) && refused.allowed; i++) refused = await a.take(rule, 'user=ada;');
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(10_000); // 10 tokens back
    expect(await admitted(a, rule, 20)).toBe(10);
  });

  it('a bucket too contended to take from refuses that request only, not the key for a while', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const store = new MemoryStore(clock);
    let losing = 100;
    // every compare-and-set loses (other instances take first) until `losing` runs out
    const contended = Object.assign(Object.create(store) as MemoryStore, {
      put: (...args: Parameters<MemoryStore['put']>) => {
        if (losing-- > 0) return Promise.reject(new ConditionFailedError());
        return store.put(...args);
      },
    });
    const limiter = new RateLimiter(contended, clock);
    const rule = limit({ limit: 600, algorithm: 'token-bucket' });
    // (told apart from an empty bucket: the client hears it was too busy, not that the limit is spent)
    expect(await limiter.take(rule, 'user=ada;')).toMatchObject({ allowed: false, contended: true });
    losing = 0;
    expect((await limiter.take(rule, 'user=ada;')).allowed).toBe(true);
  });

  it('renews a hot lease a fifth of a window before it lapses: the key never waits for the store', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 2000, window: 'second', algorithm: 'token-bucket' });
    const settled = () => new Promise((resolve) => setTimeout(resolve, 10));
    expect(await admitted(limiter, rule, 10)).toBe(10);
    expect(limiter.writes).toBe(1);
    clock.advance(500);
    expect(await admitted(limiter, rule, 5)).toBe(5);
    await settled();
    expect(limiter.writes).toBe(1); // most of the lease's time is left
    clock.advance(350);
    // the last fifth of the lease's time: the first request asks for the next lease, the others do not
    expect(await admitted(limiter, rule, 5)).toBe(5);
    await settled();
    expect(limiter.writes).toBe(2);
    clock.advance(300); // the first lease has lapsed; the renewed one serves without a store round trip
    const taken = limiter.take(rule, 'user=ada;');
    expect(limiter.writes).toBe(2);
    expect(await taken).toMatchObject({ allowed: true });
    expect(limiter.writes).toBe(2);
  });

  it('never lets the leftovers of slowly used leases pile up past the burst', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    const limiter = new RateLimiter(new MemoryStore(clock), clock);
    const rule = limit({ limit: 100, window: 'minute', algorithm: 'token-bucket' });
    const settled = () => new Promise((resolve) => setTimeout(resolve, 5));
    // one request every 50 s for an hour: each in a lease's last fifth, each renewing it
    for (let i = 0; i < 72; i++) {
      expect((await limiter.take(rule, 'user=ada;')).allowed).toBe(true);
      await settled();
      clock.advance(50_000);
    }
    // then a burst: never more than the bucket holds, plus what this instance's lease carries
    const burst = await admitted(limiter, rule, 1000);
    expect(burst).toBeLessThanOrEqual(100 + leaseSize(100) + Math.floor(leaseSize(100) / 5) + 1);
  });
});
