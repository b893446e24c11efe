import { describe, expect, it } from 'vitest';
import { finishesWithin, parseDateTime } from './time.js';

describe('parseDateTime', () => {
  it('reads RFC 3339 date-times with their offset', () => {
    expect(parseDateTime('2026-12-01T10:00:00Z')).toBe(Date.UTC(2026, 11, 1, 10));
    expect(parseDateTime('2026-12-01T10:00:00.250Z')).toBe(Date.UTC(2026, 11, 1, 10, 0, 0, 250));
    expect(parseDateTime('2026-12-01T11:00:00+01:00')).toBe(Date.UTC(2026, 11, 1, 10));
  });

  it('refuses what is no date-time with an offset (read in the host’s time zone, or not a time at all)', () => {
    for (const text of ['2026-12-01T10:00:00', '2026-12-01', '1', '12/01/2026', 'yesterday', ''])
      expect(parseDateTime(text), text).toBeNaN();
  });

  it('refuses impossible fields instead of rolling them over; takes a leap second', () => {
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-00T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T10:60:00Z',
      '2026-12-01T10:00:00+24:00',
    ])
      expect(parseDateTime(text), text).toBeNaN();
    expect(parseDateTime('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(parseDateTime('2016-12-31T23:59:60Z')).toBe(Date.UTC(2017, 0, 1) - 1);
  });
});

describe('finishesWithin', () => {
  it('says whether work settled in time, a rejection included, and never rejects itself', async () => {
    expect(await finishesWithin(Promise.resolve(1), 50)).toBe(true);
    expect(await finishesWithin(Promise.reject(new Error('failed')), 50)).toBe(true);
    expect(await finishesWithin(new Promise(() => {}), 20)).toBe(false);
  });
});
