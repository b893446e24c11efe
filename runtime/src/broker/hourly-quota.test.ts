import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { addressKey, networkKey, takeHourly } from './hourly-quota.js';

describe('hourly quotas of the authorization server', () => {
  it('counts per clock hour across instances; a refusal says when the next hour begins', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:59:00Z'));
    const store = new MemoryStore(clock);
    // two instances share the store: nothing is leased, nothing lost
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await takeHourly({ store, clock }, 'q', 'k', 3));
    expect(taken).toEqual([undefined, undefined, undefined, 60]);
    clock.advance(60_000);
    expect(await takeHourly({ store, clock }, 'q', 'k', 3)).toBeUndefined();
    expect(await takeHourly({ store, clock }, 'q', 'other', 3)).toBeUndefined();
  });

  it('keys an IPv6 host by its /64, and IPv4 (mapped or not) by its address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::7')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey(undefined)).toBe('unknown');
    // and its network, a /48 (IPv6 only)
    expect(networkKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1::/48');
    expect(networkKey('2001:db8::7')).toBe('2001:db8:0::/48');
    expect(networkKey('203.0.113.7')).toBeUndefined();
    expect(networkKey('::ffff:203.0.113.7')).toBeUndefined();
    expect(networkKey(undefined)).toBeUndefined();
  });
});
