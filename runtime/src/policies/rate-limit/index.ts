import type { ConfigReader, Principal, RateLimit, WorkspaceRules } from '../../core/config.js';
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
import type { McpMessage } from '../../mcp/view.js';
import { type RateLimiter, WINDOW_MS } from './limiter.js';

type Matcher = (name: string) => boolean;

/** A rule's scope compiled once per rules version. */
export interface Scoped<T> {
  rule: T;
  servers: Matcher | undefined;
  tools: Matcher | undefined;
}

export function scoped<T extends { servers?: readonly string[]; tools?: readonly string[] }>(
  rule: T,
): Scoped<T> {
  return {
    rule,
    servers: rule.servers !== undefined && rule.servers.length > 0 ? patternMatcher(rule.servers) : undefined,
    tools: rule.tools !== undefined && rule.tools.length > 0 ? patternMatcher(rule.tools) : undefined,
  };
}

/** Whether a scoped rule covers a message to `server`: a tools list covers calls of those tools only. */
export function covers<T>(scope: Scoped<T>, server: string, message: McpMessage): boolean {
  if (scope.servers !== undefined && !scope.servers(server)) return false;
  if (scope.tools === undefined) return true;
  return message.method === 'tools/call' && message.target !== undefined && scope.tools(message.target.name);
}

/**
 * The keys a rule counts a message under, one per combination of its `per` values (a principal in two
 * teams counts against both).
 */
export function keysOf(
  per: readonly string[] | undefined,
  principal: Principal,
  teams: readonly string[],
  server: string,
  message: McpMessage,
): string[] {
  let keys = [''];
  for (const dimension of per ?? ['user']) {
    const values =
      dimension === 'user'
        ? [principal.user]
        : dimension === 'team'
          ? teams.length > 0
            ? [...teams]
            : ['-']
          : dimension === 'workspace'
            ? [principal.workspace]
            : dimension === 'server'
              ? [server]
              : [message.target?.kind === 'tool' ? message.target.name : (message.method ?? '')];
    keys = keys.flatMap((key) => values.map((value) => `${key}${dimension}=${encodeURIComponent(value)};`));
  }
  return keys;
}

export interface RateLimitConfig {
  config: Pick<ConfigReader, 'workspaceRules'>;
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
  const compiled = new WeakMap<WorkspaceRules, Scoped<RateLimit>[]>();
  return {
    name: 'rate-limit',
    async run(context, next) {
      const { principal, server, mcp, teams } = context;
      const rules = await options.config.workspaceRules(principal.workspace);
      if (rules.rateLimits.length === 0) return next(context);
      let limits = compiled.get(rules);
      if (limits === undefined) {
        limits = rules.rateLimits.map(scoped);
        compiled.set(rules, limits);
      }
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
