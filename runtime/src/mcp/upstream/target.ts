import type { Server } from '../../core/config.js';
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
  };
}
