/**
 * What rate limits and budgets share: a rule's scope (server and tool patterns) compiled once per version
 * of a workspace's rules, whether it covers a message, and the keys it counts the message under.
 */
import type { Principal, WorkspaceRules } from '../core/config.js';
import { patternMatcher } from '../core/patterns.js';
import type { McpMessage } from '../mcp/view.js';

type Matcher = (name: string) => boolean;

/** A rule's scope compiled once per rules version. */
export interface Scoped<T> {
  rule: T;
  servers: Matcher | undefined;
  tools: Matcher | undefined;
}

function scoped<T extends { servers?: readonly string[]; tools?: readonly string[] }>(rule: T): Scoped<T> {
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
 * The team of a principal in none, as keys hold it; a team a token names `-` is held escaped (`%2D`, which
 * escaping never writes for a `-`), so it counts apart from those in none.
 */
const NO_TEAM = '-';
const DASH_TEAM = '%2D';
/** A method's `tool` value: `~<method>` (the stage's own, `~stream`, are so already). */
const methodTarget = (method: string) => (method.startsWith('~') ? method : `~${method}`);

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
          ? [...teams]
          : dimension === 'workspace'
            ? [principal.workspace]
            : dimension === 'server'
              ? [server]
              : // a method as `~<method>` (as analytics name them): a tool named `ping` is not the method
                [message.target?.kind === 'tool' ? message.target.name : methodTarget(message.method ?? '')];
    const encoded =
      dimension !== 'team'
        ? values.map(encodeURIComponent)
        : values.length === 0
          ? [NO_TEAM]
          : values.map((team) => (team === NO_TEAM ? DASH_TEAM : encodeURIComponent(team)));
    keys = keys.flatMap((key) => encoded.map((value) => `${key}${dimension}=${value};`));
  }
  return keys;
}

/** The scopes of some of a workspace's rules, compiled once per version of the rules. */
export function scopesPerVersion<T extends { servers?: readonly string[]; tools?: readonly string[] }>(
  select: (rules: WorkspaceRules) => readonly T[],
): (rules: WorkspaceRules) => Scoped<T>[] {
  const compiled = new WeakMap<WorkspaceRules, Scoped<T>[]>();
  return (rules) => {
    let scopes = compiled.get(rules);
    if (scopes === undefined) {
      scopes = select(rules).map(scoped);
      compiled.set(rules, scopes);
    }
    return scopes;
  };
}
