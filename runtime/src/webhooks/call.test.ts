import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from './call.js';

describe('webhookUrlProblem', () => {
  it('takes https anywhere, and plain http only to this machine', () => {
    for (const url of [
      'https://hooks.example.com/authz',
      'HTTPS://hooks.example.com:8443/x',
      'http://127.0.0.1:8181/v1/data',
      'http://127.8.9.10/x',
      'http://localhost/x',
      'http://LOCALHOST:9/x',
      'http://[::1]:8181/x',
    ])
      expect(webhookUrlProblem(url), url).toBeUndefined();
    for (const url of [
      'http://hooks.example.com/authz',
      'http://10.0.0.7/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://127.0.0.1.nip.io/x',
      'http://localhost.example.com/x',
      'ftp://127.0.0.1/x',
    ])
      expect(webhookUrlProblem(url), url).toMatch(/^must use https/);
    expect(webhookUrlProblem('not a url')).toBe('is not a valid URL');
  });
});
