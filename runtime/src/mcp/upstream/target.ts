import type { Server } from '../../core/config.js';
import { patternMatcher } from '../../core/patterns.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../sse.js';
import type { UpstreamTarget } from './types.js';

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
    url: server.url,
    headers: server.headers === undefined ? identity : { ...server.headers, ...identity },
    timeoutMs: server.timeoutMs ?? 60_000,
    maxMessageBytes,
    ...(server.openapi !== undefined
      ? { openapi: server.openapi, configKey: `${server.id ?? server.name}@${server.version ?? 0}` }
      : {}),
  };
}

/**
 * The timeout of a request: the longest its messages need, a tool call taking its tool's `toolTimeoutsMs`
 * (the first matching pattern in name order) and anything else the server's `timeoutMs`.
 */
export function timeoutFor(
  server: Pick<Server, 'timeoutMs' | 'toolTimeoutsMs'>,
  messages: readonly { method?: string | undefined; target?: { kind: string; name: string } | undefined }[],
): number {
  const fallback = server.timeoutMs ?? 60_000;
  const tools = server.toolTimeoutsMs;
  if (tools === undefined) return fallback;
  const patterns = Object.keys(tools).sort();
  let longest = 0;
  for (const message of messages) {
    let timeout = fallback;
    if (message.method === 'tools/call' && message.target?.kind === 'tool') {
      const name = message.target.name;
      const match = patterns.find((pattern) => patternMatcher([pattern])(name));
      if (match !== undefined) timeout = tools[match] ?? fallback;
    }
    longest = Math.max(longest, timeout);
  }
  return longest === 0 ? fallback : longest;
}
