import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, shortHash } from './digest.js';

describe('digests', () => {
  it('are the SHA-256 of the UTF-8 text, in the encoding asked for', () => {
    for (const text of ['', 'mgw_key', 'naïve — ünïcødé 🙂']) {
      const expected = createHash('sha256').update(text, 'utf8');
      expect(sha256(text, 'hex')).toBe(expected.copy().digest('hex'));
      expect(sha256(text)).toBe(expected.digest('base64url'));
    }
    expect(shortHash('user=alice;')).toHaveLength(24);
    expect(shortHash('user=alice;')).toBe(sha256('user=alice;').slice(0, 24));
  });
});
