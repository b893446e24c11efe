import type { Budget, Server } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { closestMatch } from '../../core/patterns.js';
import type {
  AccessChecked,
  Authenticated,
  McpStage,
  Parsed,
  RequestContext,
  Resolved,
} from '../../mcp/context.js';
import { UpstreamRefused, UpstreamUnreachable } from '../../mcp/upstream/errors.js';
import { covers, keysOf, scopesPerVersion } from '../scope.js';
import type { BudgetMeter } from './meter.js';

/**
 * Failures that leave the call unsent: refused before it went out (a disabled server, every circuit
 * open, no session, an upstream that could not be connected to), or by the upstream before it ran
 * ({@link UpstreamRefused}: a 401, 403, 404, 429 without an MCP answer). After any other (a connection
 * that failed while the request was out among them, a 5xx), or when the client left (its abort reads as
 * an unreachable upstream), the upstream may have run the call: it is charged.
 */
const NEVER_SENT = new Set<string>([
  'server_disabled',
  'upstream_unavailable',
  'session_required',
  'session_not_found',
  'invalid_request',
  'validation_failed',
  'unsupported_protocol_version',
  'method_not_found',
  // the outbound guard refusing the upstream's address
  'forbidden',
  // the user's consent at the upstream wanted first (the token vault)
  'consent_required',
  // a session's fallback refusing the request (its own access policies)
  'access_denied',
]);

export interface BudgetConfig {
  meter: BudgetMeter;
}

/** What a call of `tool` costs on `server`: its tool price (the closest pattern), else per call. */
export function priceOf(server: Pick<Server, 'pricing'>, tool: string): number {
  const tools = server.pricing?.tools;
  return (tools === undefined ? undefined : closestMatch(tools, tool)) ?? server.pricing?.perCall ?? 1;
}

/**
 * Budgets (`/v1/budgets`) on tool calls: each budget that covers a call admits its cost under each of its
 * keys; a blocking budget without room answers the call itself (never forwarded). Allowed calls are counted.
 *
 * A call through a virtual server is charged once, at its member and at the member's price, by every budget
 * that covers it at either server (by its name there). The virtual server's own requests are never calls.
 */
export function budgets(
  options: BudgetConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed & AccessChecked> {
  const scopesOf = scopesPerVersion((rules) => rules.budgets);
  return {
    name: 'budget',
    async run(context, next) {
      const { principal, server, mcp, teams, rules, member } = context;
      if (
        rules.budgets.length === 0 ||
        server.transport === 'virtual' ||
        (member?.on === undefined && member !== undefined)
      )
        return next(context);
      const scopes = scopesOf(rules);
      const on = member?.on;
      /** The calls admitted: charged once the proxy sent them, their room given back when it could not. */
      const charges: { budget: Budget; key: string; cost: number; index: number }[] = [];
      // every charge counts in the period of its admission, however late the answer comes
      const at = options.meter.now();
      for (let index = 0; index < mcp.messages.length; index++) {
        const message = mcp.messages[index]!;
        if (message.kind !== 'request' || message.method !== 'tools/call' || mcp.refused.has(index)) continue;
        const tool = message.target?.name ?? '';
        const cost = priceOf(server, tool);
        const counted: { budget: Budget; key: string }[] = [];
        let refused: Budget | undefined;
        for (const scope of scopes) {
          // the server (and message) the budget covers the call by: the member's, else the virtual server's
          const [by, as] = covers(scope, server.name, message)
            ? [server.name, message]
            : on !== undefined && covers(scope, on.server, on.message)
              ? [on.server, on.message]
              : [];
          if (by === undefined || as === undefined) continue;
          for (const key of keysOf(scope.rule.per, principal, teams, by, as)) {
            let admitted: boolean;
            try {
              admitted = await options.meter.admit(scope.rule, key, cost, at);
            } catch (error) {
              // the store failing: what this call took so far goes back (and what earlier calls took)
              for (const taken of counted) options.meter.release(taken.budget, taken.key, cost, at);
              for (const taken of charges) options.meter.release(taken.budget, taken.key, taken.cost, at);
              throw error;
            }
            if (!admitted) refused = scope.rule;
            else counted.push({ budget: scope.rule, key });
          }
        }
        if (refused !== undefined) {
          // the call does not happen: the budgets that admitted it get their room back
          for (const { budget, key } of counted) options.meter.release(budget, key, cost, at);
          mcp.refused.set(
            index,
            new GatewayError(
              'budget_exhausted',
              `Budget "${refused.name}" (${refused.amount} per ${refused.period}) has no room for this call (cost ${cost}).`,
            ),
          );
          continue;
        }
        for (const { budget, key } of counted) charges.push({ budget, key, cost, index });
      }
      if (charges.length === 0) return next(context);
      let answer: Awaited<ReturnType<typeof next>>;
      try {
        answer = await next(context);
      } catch (error) {
        // refused before it ran (a disabled server, every circuit open, no session): no call happened
        if (
          error instanceof GatewayError &&
          (NEVER_SENT.has(error.code) || (error instanceof UpstreamRefused && !error.ranBefore)) &&
          !(error instanceof UpstreamUnreachable && error.mayHaveRun) &&
          context.request.signal?.aborted !== true
        ) {
          for (const { budget, key, cost } of charges) options.meter.release(budget, key, cost, at);
          throw error;
        }
        // a call refused after it was admitted (by a fallback's own policies) was not sent, whatever came after
        for (const { budget, key, cost, index } of charges)
          if (mcp.refused.has(index)) options.meter.release(budget, key, cost, at);
          else options.meter.spend(budget, key, cost, at);
        throw error;
      }
      // a call refused after it was admitted (by a fallback's own policies) was not sent: its room goes back
      for (const { budget, key, cost, index } of charges)
        if (mcp.refused.has(index)) options.meter.release(budget, key, cost, at);
        else options.meter.spend(budget, key, cost, at);
      return answer;
    },
  };
}
