import { describe, expect, it } from 'vitest';
import { getJson, JsonFetchError, namedUrl } from './fetch-json.js';
import type { HttpClient } from './http-client.js';
import type { UrlGuard } from './url-guard.js';

describe('addresses a document names', () => {
  it('keeps http(s) addresses, never an http one named by an https document', () => {
    expect(namedUrl('https://as.test', 'https://as.test/token')).toBe('https://as.test/token');
    expect(namedUrl('https://as.test', 'http://as.test/token')).toBeUndefined();
    // a plain-http document (a local provider) may name plain-http addresses
    expect(namedUrl('http://127.0.0.1:9000', 'http://127.0.0.1:9000/jwks')).toBe(
      'http://127.0.0.1:9000/jwks',
    );
    expect(namedUrl('https://as.test', 'javascript:alert(1)')).toBeUndefined();
    expect(namedUrl('https://as.test', 'not a url')).toBeUndefined();
    expect(namedUrl('https://as.test', 42)).toBeUndefined();
  });
});

describe('reading a JSON document', () => {
  it('holds no request past its bound while the address check hangs (a name whose servers never answer)', async () => {
    let requested = false;
    const http = {
      request: async () => {
        requested = true;
        throw new Error('not reached');
      },
    } as unknown as HttpClient;
    const guard = { check: () => new Promise<never>(() => {}) } as unknown as UrlGuard;
    const read = getJson({ http, guard }, 'https://never.test/doc', { timeoutMs: 50 });
    await expect(read).rejects.toEqual(new JsonFetchError('timed out'));
    expect(requested).toBe(false);
  });
});
