import type { Server } from '../../core/config.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../sse.js';
import type { UpstreamTarget } from './types.js';

/** How to reach a configured server: its URL, its own credentials (never the client's) and its timeout. */
export function targetOf(server: Server, maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): UpstreamTarget {
  return {
    name: server.name,
    url: server.url,
    headers: server.headers ?? {},
    timeoutMs: server.timeoutMs ?? 60_000,
    maxMessageBytes,
  };
}
