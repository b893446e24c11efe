import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { buildConnector as Connectors } from 'undici';
import { dispatch } from './dispatch.js';
import { GatewayError } from './errors.js';
import type { HttpClient, OutboundResponse } from './http-client.js';
import { lruCache } from './lru.js';
import { Agent, buildConnector } from './undici.js';
import {
  forbiddenAddress,
  isAddressAllowed,
  portOf,
  rulesForPort,
  systemLookup,
  type UrlGuardOptions,
} from './url-guard.js';

/**
 * The address pinning behind the guarded HTTP client: resolves the host once per connection, refuses the
 * connection when any address is blocked, and hands the socket exactly the addresses it checked — so DNS
 * cannot answer a public address to the guard and a private one to the connection (rebinding).
 */
export function pinnedLookup(options: UrlGuardOptions): LookupFunction {
  const resolve = options.lookup ?? systemLookup;
  return (hostname, lookupOptions, callback) => {
    const wanted =
      lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
    resolve(hostname)
      .then((records): LookupAddress[] => {
        const addresses = records.map((r) => ({ address: r.address, family: isIP(r.address) }));
        if (addresses.length === 0) {
          throw new GatewayError('upstream_unavailable', `Host ${hostname} does not resolve.`);
        }
        const blocked = addresses.find((a) => a.family === 0 || !isAddressAllowed(a.address, options));
        if (blocked !== undefined) throw forbiddenAddress(hostname, blocked.address);
        const usable = addresses.filter((a) => !wanted || a.family === wanted);
        if (usable.length === 0) {
          throw new GatewayError('upstream_unavailable', `Host ${hostname} has no IPv${wanted} address.`);
        }
        return usable;
      })
      .then(
        (usable) => {
          const [first] = usable;
          if (lookupOptions.all === true || first === undefined) callback(null, usable);
          else callback(null, first.address, first.family);
        },
        (error: NodeJS.ErrnoException) => callback(error, []),
      );
  };
}

const partsOf = (url: URL) => ({ origin: url.origin, path: `${url.pathname}${url.search}` });

/** The `GatewayError` behind a failed connection (undici may wrap it), if any. */
function gatewayCause(error: unknown): GatewayError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    if (current instanceof GatewayError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The HTTP client for outbound calls to configured URLs (upstream MCP servers; later webhooks and JWKS).
 * Every connection is checked where it is made: a host name is resolved by a lookup that classifies each
 * address with the URL guard's rules and pins the connection to them; an IP literal is classified
 * directly. A refused connection rejects with the guard's `GatewayError('forbidden', …)` naming the
 * blocked address, which the upstream error mapping passes through unchanged.
 *
 * Requests use undici's dispatcher API (`Agent.dispatch` with the handler of `dispatch.ts`: no WHATWG
 * Request/Response/Headers objects, no Readable per call) on one keep-alive agent per call of this function: create it once per process (in a composition
 * root) so connections are reused. A reused connection stays pinned to the address checked when it opened.
 * Redirects are not followed.
 */
export function createGuardedHttpClient(options: UrlGuardOptions): HttpClient {
  const connectPinned = buildConnector({ lookup: pinnedLookup(options) });
  // a reserved port of the gateway's own services is reached on public addresses only (see `reservedPorts`)
  const publicOnly = { ...options, allowLoopback: false, allowPrivate: false };
  const connectReserved = buildConnector({ lookup: pinnedLookup(publicOnly) });
  const connect: Connectors.connector = (target, callback) => {
    const rules = rulesForPort(options, portOf(target));
    // Node resolves nothing for an IP literal, so the lookup above would not see it
    if (isIP(target.hostname) !== 0 && !isAddressAllowed(target.hostname, rules)) {
      callback(forbiddenAddress(target.hostname, target.hostname), null);
      return;
    }
    (rules === options ? connectPinned : connectReserved)(target, callback);
  };
  // no timeouts of undici's own (300 s for headers and between body chunks): each request carries the
  // gateway's (a server's timeoutMs, up to 15 minutes), and listen streams carry none
  const agent = new Agent({ connect, headersTimeout: 0, bodyTimeout: 0 });
  // the few upstream URLs are parsed once each, not per request
  const parsed = lruCache<string, { origin: string; path: string }>(1024);
  const parts = (url: string) => {
    let found = parsed.get(url);
    if (found === undefined) {
      found = partsOf(new URL(url));
      parsed.set(url, found);
    }
    return found;
  };

  return {
    async request({ method, url, headers, body, signal, timeoutMs }): Promise<OutboundResponse> {
      const { origin, path } = typeof url === 'string' ? parts(url) : partsOf(url);
      try {
        return await dispatch(agent, {
          origin,
          path,
          method,
          headers,
          signal,
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          ...(body !== undefined ? { body } : {}),
        });
      } catch (error) {
        throw gatewayCause(error) ?? error;
      }
    },
    close: () => agent.close(),
  };
}
