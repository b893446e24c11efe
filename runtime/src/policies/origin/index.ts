import { GatewayError } from '../../core/errors.js';
import type { McpStage, RequestContext } from '../../mcp/context.js';

export interface OriginConfig {
  /** Exact origins (`https://app.example.com`) browsers may call the MCP endpoint from. */
  allowedOrigins: readonly string[];
  /** Also allow `http://localhost:*` and `http://127.0.0.1:*` (local mode). */
  allowLoopback: boolean;
}

const loopback = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * DNS-rebinding protection the MCP transport requires: a browser request from an origin that is not
 * allowed (including `null`, unless listed) gets 403. Requests without `Origin` (non-browser clients) pass.
 */
export function origin(config: OriginConfig): McpStage<RequestContext> {
  const allowed = new Set(config.allowedOrigins.map((o) => o.toLowerCase()));
  return {
    name: 'origin',
    run(context, next) {
      const value = context.request.headers.origin;
      // only an absent Origin (non-browser clients) passes unasked; `null` (sandboxed frames, file: pages) does not
      if (value === undefined) return next(context);
      if (allowed.has(value.toLowerCase()) || (config.allowLoopback && loopback.test(value)))
        return next(context);
      throw new GatewayError('forbidden', `Origin ${value} is not allowed.`);
    },
  };
}
