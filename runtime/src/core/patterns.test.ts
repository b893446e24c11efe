import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch, patternMatcher } from './patterns.js';

/** The meaning of a pattern, as a regular expression (too slow for the data plane on long names). */
const asRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[\\^$.|?+()[\]{}*]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );

describe('patternMatcher', () => {
  it('matches exact names and `*` runs; every other character is literal', () => {
    const match = patternMatcher(['echo', 'get-*', '*_admin', 'a.b', 'x+(y)', 'ab*ba']);
    expect(['echo', 'get-', 'get-sum', 'db_admin', 'a.b', 'x+(y)', 'abba', 'ab-ba'].every(match)).toBe(true);
    expect(['echo2', 'get', 'admin', 'aXb', 'xx+(y)', 'x+y', 'aba'].some(match)).toBe(false);
  });

  it('matches exactly what the pattern as a regular expression matches (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', '.', '\n'), maxLength: 12 });
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '.'), maxLength: 8 });
    fc.assert(
      fc.property(pattern, text, (p, name) => {
        expect(patternMatcher([p])(name)).toBe(asRegExp(p).test(name));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes linear time on a long name that almost matches', () => {
    const match = patternMatcher(['*a*a*a*b', 'file:///*/docs/*.md']);
    // a backtracking regular expression takes minutes on these
    expect(match('a'.repeat(1_000_000))).toBe(false);
    expect(match(`file:///${'/docs/'.repeat(200_000)}x`)).toBe(false);
  });
});

describe('closestMatch', () => {
  it('takes the name itself, else the pattern with the most characters besides `*`, else the first by name', () => {
    const table = {
      '*': 'any',
      'github_*': 'family',
      github_delete: 'one',
      '*_delete': 'deletes',
      'a*': 'a',
      'b*': 'b',
    };
    expect(closestMatch(table, 'github_delete')).toBe('one');
    expect(closestMatch(table, 'github_create')).toBe('family');
    expect(closestMatch(table, 'gitlab_delete')).toBe('deletes');
    expect(closestMatch(table, 'other')).toBe('any');
    expect(closestMatch({ 'a*': 'a', '*b': 'b' }, 'ab')).toBe('b'); // alike: the first by name
    expect(closestMatch({ 'gen_*': 1 }, 'search')).toBeUndefined();
    expect(closestMatch({}, 'toString')).toBeUndefined(); // own entries only
  });
});
