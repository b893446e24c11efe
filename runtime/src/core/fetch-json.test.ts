import { describe, expect, it } from 'vitest';
import { namedUrl } from './fetch-json.js';

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
