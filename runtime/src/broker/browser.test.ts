import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../core/http.js';
import { bindBrowser, fromSameBrowser, page, unbindBrowser } from './browser.js';

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

describe('the pages of a flow', () => {
  it('let their form redirect only to where the flow goes on (browsers hold redirects to form-action)', () => {
    const csp = (redirects?: string[]) => page(200, 't', 'b', redirects).headers['content-security-policy'];
    expect(csp()).toContain("form-action 'self';");
    expect(csp(['http://127.0.0.1:3000/callback?x=1', 'cursor://anysphere/cb', 'not a url'])).toContain(
      "form-action 'self' http://127.0.0.1:3000 cursor:;",
    );
    // no CSP source names an IPv6 address: the scheme does
    expect(csp(['http://[::1]:53123/cb'])).toContain("form-action 'self' http:;");
    expect(csp(['http://localhost:8080/cb'])).toContain("form-action 'self' http://localhost:8080;");
  });
});
