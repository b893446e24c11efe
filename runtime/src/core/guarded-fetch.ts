import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, type RequestInit as UndiciRequestInit, fetch as undiciFetch } from 'undici';
import { GatewayError } from './errors.js';
import { forbiddenAddress, isAddressAllowed, systemLookup, type UrlGuardOptions } from './url-guard.js';

/** A `fetch` whose connections only reach addresses the URL guard allows; `close()` ends its pooled sockets. */
export type GuardedFetch = typeof fetch & { close(): Promise<void> };

/**
 * The address pinning behind the guarded fetch: resolves the host once per connection, refuses the
 * connection when any address is blocked, and hands the socket exactly the addresses it checked — so DNS
 * cannot answer a public address to the guard and a private one to the connection (rebinding).
 */
function pinnedLookup(options: UrlGuardOptions): LookupFunction {
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

/** The `GatewayError` a failed undici fetch carries (`TypeError('fetch failed', { cause })`), if any. */
function gatewayCause(error: unknown): GatewayError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    if (current instanceof GatewayError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * `fetch` for outbound calls to configured URLs (upstream MCP servers; later webhooks and JWKS). Every
 * connection is checked where it is made: a host name is resolved by a lookup that classifies each
 * address with the URL guard's rules and pins the connection to them; an IP literal is classified
 * directly. A refused connection rejects with the guard's `GatewayError('forbidden', …)` naming the
 * blocked address (undici's "fetch failed" wrapper is removed), which the upstream error mapping passes
 * through unchanged.
 *
 * Uses undici's own `fetch` with one keep-alive `Agent` per call of this function: create it once per
 * process (in a composition root) so connections are reused. A reused connection stays pinned to the
 * address that was checked when it was opened.
 */
export function createGuardedFetch(options: UrlGuardOptions): GuardedFetch {
  const connectPinned = buildConnector({ lookup: pinnedLookup(options) });
  const connect: buildConnector.connector = (target, callback) => {
    // Node resolves nothing for an IP literal, so the lookup above would not see it
    if (isIP(target.hostname) !== 0 && !isAddressAllowed(target.hostname, options)) {
      callback(forbiddenAddress(target.hostname, target.hostname), null);
      return;
    }
    connectPinned(target, callback);
  };
  const agent = new Agent({ connect });

  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL)) {
      throw new TypeError('The guarded fetch takes a URL string or URL object, not a Request.');
    }
    try {
      const response = await undiciFetch(input, {
        ...(init as UndiciRequestInit | undefined),
        dispatcher: agent,
      });
      // undici's Response is the same WHATWG Response the global fetch answers (Node bundles undici)
      return response as unknown as Response;
    } catch (error) {
      throw gatewayCause(error) ?? error;
    }
  };
  return Object.assign(guarded as typeof fetch, { close: () => agent.close() });
}
