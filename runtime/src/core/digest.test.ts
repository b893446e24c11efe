import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditedUri, sha256, shortHash } from './digest.js';

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

describe('a resource URI as audit events and traces keep it', () => {
  it('drops what may carry a credential, a URL or not, and tells two apart by a digest', () => {
    expect(auditedUri('file:///staff/list')).toBe('file:///staff/list');
    const signed = auditedUri('https://u:p@bucket.test/a.txt?X-Amz-Signature=abc#top');
    expect(signed).toMatch(/^https:\/\/bucket\.test\/a\.txt…#[\w-]{24}$/);
    expect(auditedUri('https://bucket.test/a.txt?X-Amz-Signature=abd')).not.toBe(signed);
    // no URL as WHATWG reads it (a host a guardrail redacted): the same parts cut by text
    expect(auditedUri('users://[REDACTED:email]/card?sig=5eca1ab1e')).toMatch(
      /^users:\/\/\[REDACTED:email\]\/card…#[\w-]{24}$/,
    );
    expect(auditedUri('x://user:secret@[bad/path')).toMatch(/^x:\/\/\[bad\/path…#/);
    expect(auditedUri('x://u:p@ss@[bad/path')).toMatch(/^x:\/\/\[bad\/path…#/);
    expect(auditedUri('not a uri')).toBe('not a uri');
  });
});
