import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../core/http.js';
import { bindBrowser, fromSameBrowser, unbindBrowser } from './browser.js';

const callback = (cookie?: string): HttpRequest => ({
  method: 'GET',
  path: '/oauth/callback',
  headers: cookie === undefined ? {} : { cookie },
  query: {},
  body: undefined,
});

describe('binding a flow to its browser', () => {
  it('sets a cookie only the callback sees, under the public URL’s own path; secure over https', () => {
    const staged = bindBrowser('state-1', '/oauth/callback', 'https://abc.execute-api.test/prod/', 600);
    expect(staged.setCookie).toMatch(
      /^mcpgw-flow-[\w-]{16}=[\w-]{43}; Path=\/prod\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
    );
    const local = bindBrowser('state-1', '/oauth/callback', 'http://127.0.0.1:8080', 600);
    expect(local.setCookie).toMatch(/; Path=\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax$/);
    const cleared = unbindBrowser(
      { status: 200, headers: {} },
      'state-1',
      '/oauth/callback',
      'https://gw.test/prod',
    );
    expect(cleared.headers['set-cookie']).toMatch(
      /^mcpgw-flow-[\w-]{16}=; Path=\/prod\/oauth\/callback; Max-Age=0/,
    );
  });

  it('knows the browser by its cookie among others, for this flow only', () => {
    const { setCookie, hash } = bindBrowser('state-1', '/oauth/callback', 'https://gw.test', 600);
    const pair = setCookie.split(';')[0]!;
    expect(fromSameBrowser(callback(`theme=dark; ${pair}`), 'state-1', hash)).toBe(true);
    // a proxy that joined two Cookie headers
    expect(fromSameBrowser(callback(`theme=dark, ${pair}`), 'state-1', hash)).toBe(true);
    expect(fromSameBrowser(callback(), 'state-1', hash)).toBe(false);
    expect(fromSameBrowser(callback(pair), 'state-2', hash)).toBe(false);
    expect(fromSameBrowser(callback(`${pair.slice(0, -1)}x`), 'state-1', hash)).toBe(false);
    // a flow stored without a binding is no one's
    expect(fromSameBrowser(callback(pair), 'state-1', undefined)).toBe(false);
  });
});
