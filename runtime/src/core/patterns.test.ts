import { describe, expect, it } from 'vitest';
import { patternMatcher } from './patterns.js';

describe('patternMatcher', () => {
  it('matches exact names and `*` runs; every other character is literal', () => {
    const match = patternMatcher(['echo', 'get-*', '*_admin', 'a.b', 'x+(y)']);
    expect(['echo', 'get-', 'get-sum', 'db_admin', 'a.b', 'x+(y)'].every(match)).toBe(true);
    expect(['echo2', 'get', 'admin', 'aXb', 'xx+(y)', 'x+y'].some(match)).toBe(false);
  });
});
