import type { RateLimit } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import type {
  AccessChecked,
  Authenticated,
  McpStage,
  Parsed,
  RequestContext,
  Resolved,
} from '../../mcp/context.js';
import { covers, keysOf, scopesPerVersion } from '../scope.js';
import { type RateLimiter, WINDOW_MS } from './limiter.js';

export interface RateLimitConfig {
  limiter: RateLimiter;
}

const tooMany = (limit: RateLimit, retryAfterSeconds: number) => {
  const windowSeconds = WINDOW_MS[limit.window] / 1000;
  return new GatewayError(
    'rate_limited',
    `Rate limit "${limit.name}" (${limit.limit} per ${limit.window}) is exhausted; retry in ${retryAfterSeconds} s.`,
    {
      headers: {
        'retry-after': String(retryAfterSeconds),
        'ratelimit-policy': `"${limit.name}";q=${limit.limit};w=${windowSeconds}`,
        ratelimit: `"${limit.name}";r=0;t=${retryAfterSeconds}`,
      },
      data: { code: 'rate_limited', limit: limit.name, retryAfterSeconds },
    },
  );
};

/**
 * Rate limits (`/v1/rate-limits`) on every request the access policies let through: each limit that
 * covers the message counts it under its keys; one that is exhausted answers the whole request 429.
 */
export function rateLimit(
  options: RateLimitConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed & AccessChecked> {
  const scopesOf = scopesPerVersion((rules) => rules.rateLimits);
  return {
    name: 'rate-limit',
    async run(context, next) {
      const { principal, server, mcp, teams, rules } = context;
      if (rules.rateLimits.length === 0) return next(context);
      const limits = scopesOf(rules);
      for (let index = 0; index < mcp.messages.length; index++) {
        const message = mcp.messages[index]!;
        if (message.kind !== 'request' || mcp.refused.has(index)) continue;
        for (const limit of limits) {
          if (!covers(limit, server.name, message)) continue;
          for (const key of keysOf(limit.rule.per, principal, teams, server.name, message)) {
            const taken = await options.limiter.take(limit.rule, key);
            if (!taken.allowed) throw tooMany(limit.rule, taken.retryAfterSeconds);
          }
        }
      }
      return next(context);
    },
  };
}
