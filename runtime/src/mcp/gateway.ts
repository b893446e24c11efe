import { type Clock, systemClock } from '../core/clock.js';
import type { ConfigReader } from '../core/config.js';
import { asGatewayError, GatewayError, toJsonRpcError } from '../core/errors.js';
import { type HttpRequest, type HttpResponse, json } from '../core/http.js';
import { compose, type Stage } from '../core/pipeline.js';
import type { UrlGuard } from '../core/url-guard.js';
import { authenticate } from '../policies/authenticate/index.js';
import { authorizeWorkspace } from '../policies/authorize/index.js';
import { origin } from '../policies/origin/index.js';
import { resolveServer } from '../policies/resolve-server/index.js';
import type { StateStore } from '../store/port.js';
import { BridgeStore } from './bridge.js';
import { errorResponse, replyId } from './jsonrpc.js';
import { createMcpProxy } from './proxy.js';
import { SessionStore } from './sessions.js';
import { LegacySseTransport } from './upstream/legacy-sse.js';
import { StreamableHttpTransport } from './upstream/streamable-http.js';

export interface GatewayOptions {
  store: StateStore;
  config: ConfigReader;
  guard: UrlGuard;
  clock?: Clock;
  /** Largest accepted request body (bytes); larger → 413. */
  maxBodyBytes?: number;
  allowedOrigins?: readonly string[];
  /** Local mode: loopback browser origins are allowed. */
  allowLoopbackOrigins?: boolean;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

export interface Gateway {
  handle(request: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

const MCP_PATH = /^\/mcp\/([^/]+)\/?$/;
/** Failures of the upstream answer the JSON-RPC request itself (HTTP 200), as clients expect of a server. */
const ANSWERED_IN_BAND = new Set(['upstream_unavailable', 'upstream_timeout', 'upstream_error']);

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GatewayError('not_found', 'The server name in the path is not valid percent-encoding.');
  }
}

/** The data plane: `/mcp/{server}` through the policy pipeline, plus `/healthz`. */
export function createGateway(options: GatewayOptions): Gateway {
  const clock = options.clock ?? systemClock;
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const log = options.log ?? ((line: string) => console.error(line));
  const legacy = new LegacySseTransport(options.fetch);
  const stages: Stage[] = [
    origin({
      allowedOrigins: options.allowedOrigins ?? [],
      allowLoopback: options.allowLoopbackOrigins ?? false,
    }),
    authenticate({ config: options.config }),
    resolveServer({ config: options.config }),
    authorizeWorkspace(),
  ];
  const pipeline = compose(
    stages,
    createMcpProxy({
      sessions: new SessionStore(options.store, clock),
      bridges: new BridgeStore(options.store, clock),
      transports: { 'streamable-http': new StreamableHttpTransport(options.fetch), sse: legacy },
      guard: options.guard,
    }),
  );

  return {
    async handle(request) {
      if (request.path === '/healthz') return json(200, { status: 'ok' });
      const match = MCP_PATH.exec(request.path);
      if (match?.[1] === undefined)
        return json(404, { error: 'not_found', detail: `No route for ${request.path}.` });
      try {
        if (request.body !== undefined && Buffer.byteLength(request.body) > maxBodyBytes) {
          throw new GatewayError('payload_too_large', `The request body exceeds ${maxBodyBytes} bytes.`);
        }
        return await pipeline({ request, serverName: decodePathSegment(match[1]) });
      } catch (thrown) {
        const error = asGatewayError(thrown);
        if (error.code === 'internal')
          log(`mcp-gateway: internal error on ${request.method} ${request.path}: ${String(thrown)}`);
        const id = request.method === 'POST' ? replyId(request.body) : null;
        const status = id !== null && ANSWERED_IN_BAND.has(error.code) ? 200 : error.status;
        return json(status, errorResponse(id, toJsonRpcError(error)), error.headers ?? {});
      }
    },
    close() {
      legacy.closeAll();
    },
  };
}
