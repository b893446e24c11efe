/**
 * What the browser steps of the gateway's OAuth flows share: pages for the person at the browser (strict
 * headers, escaped text) and single-use, short-lived items in the store, so any instance may serve the
 * next step and none can serve it twice.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { sha256 } from '../core/digest.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';

export const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * A page for the person at the browser (never a redirect: the redirect URI is not trusted yet). `redirects`:
 * where its form's answer may redirect the browser (browsers hold a form's redirect to `form-action` too).
 */
export function page(status: number, title: string, body: string, redirects: string[] = []): HttpResponse {
  const targets = redirects.flatMap((url) => {
    if (!URL.canParse(url)) return [];
    const parsed = new URL(url);
    // a web origin, or a private-use scheme (a native application's redirect). An IPv6 address is no
    // host a CSP source can name (browsers drop `http://[::1]:port`, then block the redirect): its scheme
    const web = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    return [web && !parsed.hostname.startsWith('[') ? parsed.origin : parsed.protocol];
  });
  const formAction = ["'self'", ...new Set(targets)].join(' ');
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'`,
      'x-frame-options': 'DENY',
      ...noStore,
    },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32em;margin:3em auto">${body}</body></html>`,
  };
}

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Stores a single-use item that expires after `seconds`; fails when the key exists. */
export async function putOnce(
  store: StateStore,
  pk: string,
  sk: string,
  value: object,
  seconds: number,
  clock: Clock,
) {
  await store.put(
    { pk, sk, version: 1, expiresAt: Math.floor(clock.now() / 1000) + seconds, value },
    { kind: 'absent' },
  );
}

/** Reads and deletes a single-use item; undefined when it is gone, expired or taken by another request. */
export async function takeOnce<T>(store: StateStore, pk: string, sk: string): Promise<T | undefined> {
  const item: StoredItem | undefined = await store.get(pk, sk);
  if (item === undefined) return undefined;
  try {
    await store.delete(pk, sk, { version: item.version ?? 1 });
  } catch (error) {
    if (error instanceof ConditionFailedError) return undefined;
    throw error;
  }
  return item['value'] as T;
}

/** The cookie that ties one flow's state to a browser (one per flow, so flows side by side both work). */
const bindingCookie = (state: string) => `mcpgw-flow-${sha256(state).slice(0, 16)}`;

/**
 * Ties a flow's trip through another authorization server to the browser that starts it (RFC 9700
 * §4.7.1): a random value in a cookie only the callback path sees, its hash kept with the flow. A link
 * to that server handed to someone else's browser comes back without the cookie and is refused, so no
 * one can have another person's sign-in or account land in a flow they started.
 */
export function bindBrowser(
  state: string,
  callbackPath: string,
  base: string,
  seconds: number,
): { setCookie: string; hash: string } {
  const value = randomBytes(32).toString('base64url');
  const secure = base.startsWith('https:') ? '; Secure' : '';
  return {
    setCookie: `${bindingCookie(state)}=${value}; Path=${cookiePath(base, callbackPath)}; Max-Age=${seconds}; HttpOnly; SameSite=Lax${secure}`,
    hash: sha256(value),
  };
}

/** The callback's path as the browser sees it: under the public URL's own path (a stage, a base path). */
const cookiePath = (base: string, callbackPath: string) =>
  `${new URL(base).pathname.replace(/\/+$/, '')}${callbackPath}`;

/** Whether the callback of `state` comes from the browser {@link bindBrowser} gave `hash` to. */
export function fromSameBrowser(request: HttpRequest, state: string, hash: string | undefined): boolean {
  if (hash === undefined) return false;
  const name = `${bindingCookie(state)}=`;
  // one Cookie header, `; `-separated (a proxy joining several puts `, ` between them)
  for (const part of (request.headers['cookie'] ?? '').split(/[;,]/)) {
    const pair = part.trim();
    if (pair.startsWith(name) && sha256(pair.slice(name.length)) === hash) return true;
  }
  return false;
}

/** The answer with the flow's browser cookie removed (the flow is over either way). */
export const unbindBrowser = (
  response: HttpResponse,
  state: string,
  callbackPath: string,
  base: string,
): HttpResponse => ({
  ...response,
  headers: {
    ...response.headers,
    'set-cookie': `${bindingCookie(state)}=; Path=${cookiePath(base, callbackPath)}; Max-Age=0; HttpOnly; SameSite=Lax`,
  },
});
