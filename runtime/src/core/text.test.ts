import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut } from './text.js';

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
