import { describe, expect, it } from 'vitest';
import { messageOf } from './errors.js';

describe('messageOf', () => {
  it('says what went wrong, whatever was thrown', () => {
    expect(messageOf(new Error('table not found'))).toBe('table not found');
    expect(messageOf('plain text')).toBe('plain text');
    // a connection refused on both addresses of `localhost`: no message of its own
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    const both = Object.assign(new AggregateError([refused('::1:8000'), refused('127.0.0.1:8000')]), {
      code: 'ECONNREFUSED',
    });
    expect(both.message).toBe('');
    expect(messageOf(both)).toBe('connect ECONNREFUSED ::1:8000; connect ECONNREFUSED 127.0.0.1:8000');
    expect(messageOf(Object.assign(new AggregateError([]), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
  });
});
