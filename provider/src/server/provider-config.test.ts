import { describe, expect, it } from 'vitest';
import { validateProviderConfig } from './provider-config.js';

const problems = (endpoint: string) =>
  validateProviderConfig({ endpoint }).map((d) => (d as { detail?: string }).detail);

describe('the provider configuration', () => {
  it('takes an http(s) endpoint, and refuses one carrying credentials (it is logged and shown)', () => {
    expect(problems('https://gateway.example.com')).toEqual([]);
    expect(problems('http://127.0.0.1:8787/base')).toEqual([]);
    // empty is unset (a variable defaulting to ""): MCPGATEWAY_ENDPOINT then
    expect(problems('')).toEqual([]);
    for (const endpoint of [
      'https://admin:key@gateway.example.com',
      'https://gateway.example.com/?token=secret',
    ]) {
      const [detail] = problems(endpoint);
      expect(detail).toMatch(/must not carry credentials/);
      expect(detail).not.toContain('secret');
      expect(detail).not.toContain('key@');
    }
    expect(problems('ftp://gateway.example.com')).toEqual([expect.stringContaining('ftp: is not http')]);
    expect(problems('not a url')).toEqual([expect.stringContaining('is not a URL')]);
  });
});
