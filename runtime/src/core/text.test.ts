import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut, foldCase } from './text.js';

describe('cut', () => {
  it('keeps at most max units, a prefix of the text, and never half a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(60), (text, max) => {
        const kept = cut(text, max);
        expect(kept.length).toBeLessThanOrEqual(max);
        expect(text.startsWith(kept)).toBe(true);
        expect(kept.length >= Math.min(text.length, max) - 1).toBe(true);
        expect(/[\uD800-\uDBFF]$/.test(kept)).toBe(false);
      }),
    );
    expect(cut('a😀b', 2)).toBe('a');
    expect(cut('a😀b', 3)).toBe('a😀');
  });
});

describe('foldCase', () => {
  it('folds names as a case-insensitive Go decoder matches them', () => {
    // encoding/json: the simple lower then upper case of each character
    expect(foldCase('uri')).toBe(foldCase('URI'));
    expect(foldCase('urİ')).toBe(foldCase('uri'));
    expect(foldCase('taskİd')).toBe(foldCase('taskId'));
    expect(foldCase('ſessionId')).toBe(foldCase('sessionId'));
    expect(foldCase('\u212Aind')).toBe(foldCase('kind'));
    expect(foldCase('Σελίδα')).toBe(foldCase('σελίδα'));
    expect(foldCase('straße')).not.toBe(foldCase('strasse'));
    expect(foldCase('name')).not.toBe(foldCase('names'));
  });

  it('is idempotent and ignores the case of what it folded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (name) => {
        const folded = foldCase(name);
        expect(foldCase(folded)).toBe(folded);
        expect(foldCase(folded.toLowerCase())).toBe(folded);
      }),
      { numRuns: 1000 },
    );
  });
});
