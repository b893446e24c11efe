import type { Budget, Server } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { patternMatcher } from '../../core/patterns.js';
import type {
  AccessChecked,
  Authenticated,
  McpStage,
  Parsed,
  RequestContext,
  Resolved,
} from '../../mcp/context.js';
import { covers, keysOf, scopesPerVersion } from '../scope.js';
import type { BudgetMeter } from './meter.js';

export interface BudgetConfig {
  meter: BudgetMeter;
}

/** What a call of `tool` costs on `server`: its tool price (first pattern in name order), else per call. */
export function priceOf(server: Pick<Server, 'pricing'>, tool: string): number {
  const tools = server.pricing?.tools ?? {};
  for (const pattern of Object.keys(tools).sort())
    if (patternMatcher([pattern])(tool)) return tools[pattern] ?? 0;
  return server.pricing?.perCall ?? 1;
}

/**
 * Budgets (`/v1/budgets`) on tool calls: each budget that covers a call admits its cost under each of its
 * keys; a blocking budget without room answers the call itself (never forwarded). Allowed calls are counted.
 */
export function budgets(
  options: BudgetConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed & AccessChecked> {
  const scopesOf = scopesPerVersion((rules) => rules.budgets);
  return {
    name: 'budget',
    async run(context, next) {
      const { principal, server, mcp, teams, rules } = context;
      if (rules.budgets.length === 0) return next(context);
      const scopes = scopesOf(rules);
      for (let index = 0; index < mcp.messages.length; index++) {
        const message = mcp.messages[index]!;
        if (message.kind !== 'request' || message.method !== 'tools/call' || mcp.refused.has(index)) continue;
        const tool = message.target?.name ?? '';
        const cost = priceOf(server, tool);
        const counted: { budget: Budget; key: string }[] = [];
        let refused: Budget | undefined;
        for (const scope of scopes) {
          if (!covers(scope, server.name, message)) continue;
          for (const key of keysOf(scope.rule.per, principal, teams, server.name, message)) {
            if (!(await options.meter.admit(scope.rule, key, cost))) refused = scope.rule;
            else counted.push({ budget: scope.rule, key });
          }
        }
        if (refused !== undefined) {
          // the call does not happen: the budgets that admitted it get their room back
          for (const { budget, key } of counted) options.meter.release(budget, key, cost);
          mcp.refused.set(
            index,
            new GatewayError(
              'budget_exhausted',
              `Budget "${refused.name}" (${refused.amount} per ${refused.period}) has no room for this call (cost ${cost}).`,
            ),
          );
          continue;
        }
        for (const { budget, key } of counted) options.meter.spend(budget, key, cost);
      }
      return next(context);
    },
  };
}
