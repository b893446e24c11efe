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
import { describe, type McpMessage } from '../../mcp/view.js';
import { MoreConsentRequired } from '../../vault/consent-required.js';
import { covers, keysOf, scopesPerVersion } from '../scope.js';
import { type RateLimiter, type Taken, WINDOW_MS } from './limiter.js';

export interface RateLimitConfig {
  limiter: RateLimiter;
}

const tooMany = (limit: RateLimit, { retryAfterSeconds, contended }: Taken) => {
  const windowSeconds = WINDOW_MS[limit.window] / 1000;
  return new GatewayError(
    'rate_limited',
    contended === true
      ? `Rate limit "${limit.name}" (${limit.limit} per ${limit.window}) is too busy to take from now (other instances took first); retry in ${retryAfterSeconds} s.`
      : `Rate limit "${limit.name}" (${limit.limit} per ${limit.window}) is exhausted; retry in ${retryAfterSeconds} s.`,
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
 * What an HTTP request that carries no JSON-RPC request counts as: a POST of notifications
 * (`~notifications`), the opening of the server's stream (`~stream`, GET). Unlimited, a client could
 * flood the upstream with them. Never counted: a DELETE (it ends a session), the client's answers to the
 * server's own requests (an elicitation's, which a tool call waits for), and the notifications that
 * finish opening a session or cancel a request (refused, they would leave work half done).
 */
const NOTIFICATIONS = describe({ jsonrpc: '2.0', method: '~notifications' });
const STREAM = describe({ jsonrpc: '2.0', method: '~stream' });
const NEVER_COUNTED: ReadonlySet<string | undefined> = new Set([
  'notifications/initialized',
  'notifications/cancelled',
]);

/**
 * Rate limits (`/v1/rate-limits`) on every request the access policies let through: each limit that
 * covers the message counts it under its keys; one that is exhausted answers the whole request 429. An
 * HTTP request without JSON-RPC requests counts once, as {@link NOTIFICATIONS} or {@link STREAM}.
 *
 * A client's message through a virtual server counts once per limit: at the virtual server (by the names
 * it has there), and at its member only against the limits that do not cover it at the virtual server.
 * The virtual server's own requests to its members (opening their sessions, reading their lists) count
 * against nothing.
 */
/** The refusals of later stages that keep what a message took of each limit: all others give it back. */
const COUNTED: ReadonlySet<string> = new Set(['guardrail_blocked', 'task_not_found']);
/** Refusals of a whole request a later stage throws before anything is sent upstream. */
const NEVER_SENT: ReadonlySet<string> = new Set([
  'access_denied',
  'forbidden',
  'consent_required',
  'tool_not_provisioned',
  'budget_exhausted',
]);

export function rateLimit(
  options: RateLimitConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed & AccessChecked> {
  const scopesOf = scopesPerVersion((rules) => rules.rateLimits);
  return {
    name: 'rate-limit',
    async run(context, next) {
      const { principal, server, mcp, teams, rules, member } = context;
      if (rules.rateLimits.length === 0 || (member !== undefined && member.on === undefined))
        return next(context);
      const limits = scopesOf(rules);
      const on = member?.on;
      /**
       * What the request took so far: given back when a limit refuses it or cannot be read, and what a
       * message a later stage refuses took (a spent budget, a quarantined tool, a missing consent): none
       * of it happens. A guardrail's refusal still counts: each costs a scan (maybe a scanner webhook's),
       * and a caller trying variants of a blocked payload is what a limit is for; so does asking for a
       * task that is not the caller's (a store read each, and guessing ids is what a limit is for).
       */
      const taken: {
        limit: RateLimit;
        key: string;
        index: number | undefined;
        window: number | undefined;
      }[] = [];
      const counted: McpMessage[] = [];
      const indexes: (number | undefined)[] = [];
      for (let index = 0; index < mcp.messages.length; index++) {
        const message = mcp.messages[index]!;
        if (message.kind === 'request' && !mcp.refused.has(index)) {
          counted.push(message);
          indexes.push(index);
        }
      }
      if (mcp.operation === 'listen') counted.push(STREAM);
      else if (
        mcp.operation === 'post' &&
        counted.length === 0 &&
        mcp.messages.some(
          (m, index) => m.kind === 'notification' && !NEVER_COUNTED.has(m.method) && !mcp.refused.has(index),
        )
      )
        counted.push(NOTIFICATIONS);
      /** A batch's first request over a limit: the whole batch is refused so when none of it is left. */
      let overLimit: GatewayError | undefined;
      try {
        for (const [n, message] of counted.entries()) {
          const mine: typeof taken = [];
          /** The refusal with the longest wait: a client that waits what it says is not refused by another. */
          let refusal: { rule: RateLimit; answer: Taken } | undefined;
          try {
            for (const limit of limits) {
              if (!covers(limit, server.name, message)) continue;
              if (on !== undefined && covers(limit, on.server, on.message)) continue; // counted there
              for (const key of keysOf(limit.rule.per, principal, teams, server.name, message)) {
                const answer = await options.limiter.take(limit.rule, key);
                if (!answer.allowed) {
                  if (refusal === undefined || answer.retryAfterSeconds > refusal.answer.retryAfterSeconds)
                    refusal = { rule: limit.rule, answer };
                  continue;
                }
                mine.push({
                  limit: limit.rule,
                  key,
                  index: indexes[n],
                  window: options.limiter.leaseWindow(limit.rule, key),
                });
              }
            }
            if (refusal !== undefined) throw tooMany(refusal.rule, refusal.answer);
          } catch (error) {
            for (const t of mine) options.limiter.giveBack(t.limit, t.key, t.window);
            // a batch's request over a limit is answered so on its own; the batch's others go on (a batch
            // larger than what is left of a limit would otherwise never get through)
            const index = indexes[n];
            if (!mcp.batch || index === undefined || !(error instanceof GatewayError)) throw error;
            if (error.code !== 'rate_limited') throw error;
            mcp.refused.set(index, error);
            overLimit ??= error;
            continue;
          }
          taken.push(...mine);
        }
        // nothing of the batch left to send: refused as a whole (429, Retry-After), as a single request is
        if (
          overLimit !== undefined &&
          indexes.every((index) => index === undefined || mcp.refused.has(index))
        )
          throw overLimit;
      } catch (error) {
        for (const earlier of taken) options.limiter.giveBack(earlier.limit, earlier.key, earlier.window);
        throw error;
      }
      if (taken.length === 0) return next(context);
      let refusedWhole = false;
      try {
        return await next(context);
      } catch (error) {
        // the whole request refused by a later stage before it went anywhere (a fallback's own policies,
        // credentials the server cannot take, a missing consent): none of it happened
        // (a step-up's consent came from the upstream's own refusal: the request reached it)
        refusedWhole =
          error instanceof GatewayError &&
          NEVER_SENT.has(error.code) &&
          !(error instanceof MoreConsentRequired);
        if (refusedWhole)
          for (const { limit, key, window } of taken) options.limiter.giveBack(limit, key, window);
        throw error;
      } finally {
        // refusals are decided before anything reaches the upstream: by now they are all known
        if (!refusedWhole)
          for (const { limit, key, index, window } of taken)
            if (index !== undefined && mcp.refused.has(index) && !COUNTED.has(mcp.refused.get(index)!.code))
              options.limiter.giveBack(limit, key, window);
      }
    },
  };
}
