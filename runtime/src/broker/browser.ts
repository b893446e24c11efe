/**
 * What the browser steps of the gateway's OAuth flows share: pages for the person at the browser (strict
 * headers, escaped text) and single-use, short-lived items in the store, so any instance may serve the
 * next step and none can serve it twice.
 */
import type { Clock } from '../core/clock.js';
import type { HttpResponse } from '../core/http.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';

export const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** A page for the person at the browser (never a redirect: the redirect URI is not trusted yet). */
export function page(status: number, title: string, body: string): HttpResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
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
