import type { Server } from '../../core/config.js';
import { closestMatch } from '../../core/patterns.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../sse.js';
import type { UpstreamTarget } from './types.js';

/**
 * Where a server's traffic goes: its URL, or for the transports that have none a stable name
 * (`lambda:<function>`, `virtual:<server>`) that keys its circuit breaker and sessions as a URL would.
 */
export function endpointOf(
  server: Pick<Server, 'url' | 'transport' | 'function' | 'name' | 'openapi' | 'targets'>,
): string {
  if (server.url !== undefined) return server.url;
  if (server.transport === 'lambda') return `lambda:${server.function ?? ''}`;
  if (server.transport === 'virtual') return `virtual:${server.name}`;
  if (server.transport === 'openapi' && server.openapi?.baseUrl !== undefined) return server.openapi.baseUrl;
  // an HTTP server given only by its targets: the first one names it
  return server.targets?.[0]?.url ?? `virtual:${server.name}`;
}

/** Whether an endpoint is reached over HTTP (and so passes the outbound guard), not a function or a composition. */
export const isHttpEndpoint = (endpoint: string) => /^https?:\/\//i.test(endpoint);

/**
 * How to reach a configured server: its URL, its own credentials (never the client's), the caller's
 * identity headers when the server asks for them, and its timeout.
 */
export function targetOf(
  server: Server,
  maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  identity: Readonly<Record<string, string>> = {},
): UpstreamTarget {
  return {
    name: server.name,
    url: endpointOf(server),
    headers: server.headers === undefined ? identity : { ...server.headers, ...identity },
    ...(server.identity !== undefined ? { identityHeaders: identityHeaderNames(server.identity) } : {}),
    ...(server.credentials !== undefined ? { obtainsCredentials: true } : {}),
    timeoutMs: server.timeoutMs ?? 60_000,
    maxMessageBytes,
    ...(server.openapi !== undefined
      ? { openapi: server.openapi, configKey: `${server.id ?? server.name}@${server.version ?? 0}` }
      : {}),
    ...(server.function !== undefined ? { function: server.function } : {}),
  };
}

/** The headers `identity` forwards, in lower case (the forward-identity stage leaves out those it has no value for). */
function identityHeaderNames(identity: NonNullable<Server['identity']>): string[] {
  const names = Object.keys(identity.headers ?? {});
  if (identity.forwardJwt !== undefined) names.push(identity.forwardJwt);
  return names.map((name) => name.toLowerCase());
}

/** `timeoutMs` shortened to end by `deadline` (ms since the epoch; see `HttpRequest.deadline`), 1 ms at least. */
export function withinDeadline(timeoutMs: number, deadline: number | undefined, now = Date.now()): number {
  return deadline === undefined ? timeoutMs : Math.max(1, Math.min(timeoutMs, deadline - now));
}

/**
 * The timeout of a request: the longest its messages need, a tool call taking its tool's `toolTimeoutsMs`
 * (the closest matching pattern, see `closestMatch`) and anything else the server's `timeoutMs`.
 */
export function timeoutFor(
  server: Pick<Server, 'timeoutMs' | 'toolTimeoutsMs'>,
  messages: readonly { method?: string | undefined; target?: { kind: string; name: string } | undefined }[],
): number {
  const fallback = server.timeoutMs ?? 60_000;
  const tools = server.toolTimeoutsMs;
  if (tools === undefined) return fallback;
  let longest = 0;
  for (const message of messages) {
    let timeout = fallback;
    if (message.method === 'tools/call' && message.target?.kind === 'tool')
      timeout = closestMatch(tools, message.target.name) ?? fallback;
    longest = Math.max(longest, timeout);
  }
  return longest === 0 ? fallback : longest;
}
