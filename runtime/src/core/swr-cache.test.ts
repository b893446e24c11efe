import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { SwrCache } from './swr-cache.js';

const limits = { ttlMs: 1000, negativeTtlMs: 1000, maxEntries: 10, maxMisses: 10 };

describe('SwrCache', () => {
  it('refreshes a key in use ahead of its TTL with one background read, no request waiting', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let reads = 0;
    let answer: (() => void) | undefined;
    const load = () => {
      const value = ++reads;
      if (value === 1) return Promise.resolve({ value });
      return new Promise<{ value: number }>((resolve) => (answer = () => resolve({ value })));
    };
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    clock.advance(700);
    expect(await cache.get('k', load)).toBe(1);
    expect(reads).toBe(1);
    clock.advance(100); // three quarters of the TTL: served at once, re-read behind
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    expect(reads).toBe(2);
    answer!();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('k', load)).toBe(2);
  });

  it('never serves a value past its TTL while the store answers: a change holds within the TTL and one read', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<string>(clock, limits);
    let stored = 'key valid';
    const load = async () => ({ value: stored });
    expect(await cache.get('k', load)).toBe('key valid');
    stored = 'key revoked'; // right after the read
    clock.advance(1500); // past the TTL, no request in between: this one waits for the re-read
    expect(await cache.get('k', load)).toBe('key revoked');
  });

  it('makes an entry staler than a TTL (an idle instance) wait for its re-read, stale only if it fails', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let reads = 0;
    let failing = false;
    const load = async () => {
      if (failing) throw new Error('store down');
      return { value: ++reads };
    };
    expect(await cache.get('k', load)).toBe(1);
    // idle for 5 TTLs: the change made meanwhile is what the next request gets
    clock.advance(5000);
    expect(await cache.get('k', load)).toBe(2);
    // the store unreachable: the stale value, up to 12 TTLs
    failing = true;
    clock.advance(5000);
    expect(await cache.get('k', load)).toBe(2);
    clock.advance(7000);
    await expect(cache.get('k', load)).rejects.toThrow('store down');
  });

  it('serves a stale entry without another read for a moment after its re-read failed', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let attempts = 0;
    let failing = false;
    const load = async () => {
      attempts++;
      if (failing) throw new Error('store slow');
      return { value: attempts };
    };
    expect(await cache.get('k', load)).toBe(1);
    failing = true;
    clock.advance(2000);
    expect(await cache.get('k', load)).toBe(1); // waited for the read that failed
    expect(attempts).toBe(2);
    // requests right after it are served at once, asking the store nothing
    clock.advance(500);
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    expect(attempts).toBe(2);
    // a moment later, the store is asked again, behind the stale entry served at once
    failing = false;
    clock.advance(600);
    expect(await cache.get('k', load)).toBe(1);
    expect(attempts).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('k', load)).toBe(3);
  });

  it('remembers a read ahead that failed: no read per request after it, and the stale entry served at once', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let reads = 0;
    let failing = false;
    const load = () => {
      reads++;
      return failing ? Promise.reject(new Error('store down')) : Promise.resolve({ value: reads });
    };
    expect(await cache.get('k', load)).toBe(1);
    failing = true;
    clock.advance(800); // the read ahead starts, and fails
    expect(await cache.get('k', load)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(reads).toBe(2);
    // the requests after it: no read each, while fresh, nor a wait for one once stale
    for (let i = 0; i < 5; i++) expect(await cache.get('k', load)).toBe(1);
    clock.advance(300);
    expect(await cache.get('k', load)).toBe(1);
    expect(reads).toBe(2);
  });

  it('caches nothing a read under way at a clear found: the clear may have been for it', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let answer: (value: { value: number }) => void = () => undefined;
    const slow = () => new Promise<{ value: number }>((resolve) => (answer = resolve));
    const reading = cache.get('k', slow);
    cache.clear(); // e.g. this process just changed the configuration
    const fresh = cache.get('k', async () => ({ value: 2 }));
    answer({ value: 1 }); // what the store held before the change
    expect(await reading).toBe(1);
    expect(await fresh).toBe(2);
    expect(await cache.get('k', async () => ({ value: 3 }))).toBe(2);
  });

  it('keeps a value put while a read was under way: the read found something older', async () => {
    const clock = new FakeClock();
    const cache = new SwrCache<number>(clock, limits);
    let answer: (value: { value: number }) => void = () => undefined;
    const slow = () => new Promise<{ value: number }>((resolve) => (answer = resolve));
    const reading = cache.get('circuit', slow);
    cache.set('circuit', 0); // this process just closed it
    answer({ value: 42 }); // what the store held when the read began
    expect(await reading).toBe(0);
    expect(await cache.get('circuit', slow)).toBe(0);
  });
});
