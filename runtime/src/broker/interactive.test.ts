import { describe, expect, it } from 'vitest';
import { registeredRedirect } from './interactive.js';

describe('registered redirect URIs', () => {
  it('match exactly, or on a loopback IP literal with any port (RFC 8252 §7.3), the rest as written', () => {
    const registered = ['https://app.test/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/done?x=1'];
    for (const asked of [
      'https://app.test/cb',
      'http://127.0.0.1/cb',
      'http://127.0.0.1:53121/cb',
      'http://[::1]/done?x=1',
      'http://[::1]:9/done?x=1',
    ])
      expect(registeredRedirect(registered, asked), asked).toBe(true);
    for (const asked of [
      'https://app.test:444/cb', // not loopback: the port is part of the address
      'http://localhost:53121/cb', // a name, not a loopback IP literal
      'http://127.0.0.1:53121/cb/',
      'http://127.0.0.1:53121/CB',
      'http://127.0.0.1:53121/x/../cb', // never normalised
      'http://127.0.0.1:53121@evil.test/cb',
      'http://127.0.0.1:53121',
      'https://127.0.0.1:53121/cb',
      'http://[::1]:9/done?x=2',
      'http://127.0.0.2:53121/cb',
      'http://127.0.0.1:99999/cb', // no port: no address to send anyone to
    ])
      expect(registeredRedirect(registered, asked), asked).toBe(false);
  });
});
