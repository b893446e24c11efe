/**
 * SHA-256 digests of texts (UTF-8), one-shot: `crypto.hash` makes no Hash object per call, a third of the
 * cost of `createHash` for the short texts hashed on every request (API keys, rate-limit keys).
 */
import { hash } from 'node:crypto';

export const sha256 = (text: string, encoding: 'hex' | 'base64url' = 'base64url'): string =>
  hash('sha256', text, encoding);

/** 144 bits of a text's SHA-256, base64url: a short store key for a text that may be long or sensitive. */
export const shortHash = (text: string): string => sha256(text).slice(0, 24);

/**
 * A resource URI as audit events and traces keep it: without what may carry a credential (its
 * user info, query and fragment: a signed URL's signature, an `api_key`), then with a digest of the whole
 * that still tells two apart. Viewers of the workspace read the audit log, and a trace sink's readers are others still.
 */
export function auditedUri(uri: string): string {
  if (!URL.canParse(uri)) {
    // not a URL as WHATWG parses it (a redacted host, a custom scheme's form): cut the same parts by text
    // the authority's last `@` ends its user info, as WHATWG reads it
    const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i.exec(uri);
    const cut = uri.search(/[?#]/);
    if (userinfo === null && cut === -1) return uri;
    const kept = cut === -1 ? uri : uri.slice(0, cut);
    return `${userinfo === null ? kept : userinfo[1] + kept.slice(userinfo[0].length)}…#${shortHash(uri)}`;
  }
  const url = new URL(uri);
  if (url.search === '' && url.hash === '' && url.username === '' && url.password === '') return uri;
  const origin = uri.startsWith(`${url.protocol}//`) ? `${url.protocol}//${url.host}` : url.protocol;
  return `${origin}${url.pathname}…#${shortHash(uri)}`;
}
