import { GatewayError } from '../../core/errors.js';
import type { HttpRequest, HttpResponse } from '../../core/http.js';
import type { McpStage, RequestContext } from '../../mcp/context.js';

export interface OriginConfig {
  /** Exact origins (`https://app.example.com`) browsers may call the MCP endpoint from. */
  allowedOrigins: readonly string[];
  /** Also allow `http://localhost:*` and `http://127.0.0.1:*` (local mode). */
  allowLoopback: boolean;
}

const loopback = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/** Whether a browser page of `origin` may call the gateway. */
export function originAllowed(config: OriginConfig): (origin: string) => boolean {
  const allowed = new Set(config.allowedOrigins.map((o) => o.toLowerCase()));
  return (value) => allowed.has(value.toLowerCase()) || (config.allowLoopback && loopback.test(value));
}

/**
 * DNS-rebinding protection the MCP transport requires: a browser request from an origin that is not
 * allowed (including `null`, unless listed) gets 403. Requests without `Origin` (non-browser clients) pass.
 */
export function origin(config: OriginConfig): McpStage<RequestContext> {
  const allows = originAllowed(config);
  return {
    name: 'origin',
    run(context, next) {
      const value = context.request.headers.origin;
      // only an absent Origin (non-browser clients) passes unasked; `null` (sandboxed frames, file: pages) does not
      if (value === undefined || allows(value)) return next(context);
      throw new GatewayError('forbidden', `Origin ${value} is not allowed.`);
    },
  };
}

/**
 * What a page's script may read of an answer: the session it opened, the version it speaks, why it was
 * refused (the `WWW-Authenticate` that starts its sign-in) and when to come back.
 */
const EXPOSED = [
  'Mcp-Session-Id',
  'Mcp-Protocol-Version',
  'WWW-Authenticate',
  'Retry-After',
  'RateLimit',
  'RateLimit-Policy',
].join(', ');

/** Request headers a preflight may ask for: those MCP clients send (anything else is refused). */
const ALLOWED_REQUEST_HEADERS = new Set([
  'authorization',
  'content-type',
  'accept',
  'mcp-session-id',
  'mcp-protocol-version',
  'mcp-method',
  'mcp-name',
  'last-event-id',
  'traceparent',
  'tracestate',
  'baggage',
]);

/**
 * CORS for pages of the allowed origins, so a browser-based MCP client can use what the origin check
 * lets through: a preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered before any
 * route (it carries no credentials), and every answer to an allowed origin says it may be read. Pages of
 * other origins get no CORS headers (and their preflight 403): the browser keeps them out.
 */
export function cors(config: OriginConfig) {
  const allows = originAllowed(config);
  return {
    /** The answer to a preflight; undefined for any other request. */
    preflight(request: HttpRequest): HttpResponse | undefined {
      const asked = request.headers['access-control-request-method'];
      if (request.method !== 'OPTIONS' || asked === undefined) return undefined;
      const from = request.headers.origin;
      const headers = (request.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter((name) => name !== '');
      if (
        from === undefined ||
        !allows(from) ||
        !['GET', 'POST', 'DELETE'].includes(asked.toUpperCase()) ||
        // (a tool's `Mcp-Param-*` headers too: the stateless revision asks for them)
        headers.some(
          (name) => !ALLOWED_REQUEST_HEADERS.has(name) && !/^mcp-param-[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name),
        )
      )
        return { status: 403, headers: { vary: 'Origin' } };
      return {
        status: 204,
        headers: {
          'access-control-allow-origin': from,
          'access-control-allow-methods': 'GET, POST, DELETE',
          ...(headers.length > 0 ? { 'access-control-allow-headers': headers.join(', ') } : {}),
          'access-control-max-age': '600',
          vary: 'Origin',
        },
      };
    },
    /** An answer as a page of the request's origin may read it (as it was for any other request). */
    answer(request: HttpRequest, response: HttpResponse): HttpResponse {
      const from = request.headers.origin;
      if (from === undefined || !allows(from)) return response;
      return {
        ...response,
        headers: {
          ...response.headers,
          'access-control-allow-origin': from,
          'access-control-expose-headers': EXPOSED,
          vary: response.headers['vary'] === undefined ? 'Origin' : `${response.headers['vary']}, Origin`,
        },
      };
    },
  };
}
