/**
 * Retries of upstream calls that are safe to repeat (a server's `retry` block): which calls qualify, how
 * long to wait before the next try, and a budget per server so retries stay a bounded share of the calls.
 */

import type { Server } from '../../core/config.js';
import { patternMatcher } from '../../core/patterns.js';
import type { JsonRpcMessage } from '../jsonrpc.js';

/** Methods that change nothing upstream: repeating them is harmless. */
const SAFE_METHODS = new Set([
  'ping',
  'tools/list',
  'prompts/list',
  'prompts/get',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'completion/complete',
]);

export type RetryPolicy = NonNullable<Server['retry']>;

/**
 * Whether every message of a call may be sent twice. A tool call qualifies when the admin lists the tool
 * in `idempotentTools`, or when `hinted` says the upstream marks it read-only or idempotent (asked only for
 * servers whose annotations the admin trusts).
 */
export async function repeatable(
  policy: RetryPolicy,
  messages: readonly JsonRpcMessage[],
  hinted?: (tool: string) => Promise<boolean>,
): Promise<boolean> {
  const idempotent =
    policy.idempotentTools !== undefined && policy.idempotentTools.length > 0
      ? patternMatcher(policy.idempotentTools)
      : undefined;
  for (const message of messages) {
    if (!('method' in message)) return false;
    if (SAFE_METHODS.has(message.method)) continue;
    if (message.method !== 'tools/call') return false;
    const name = (message.params as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') return false;
    if (idempotent?.(name) === true) continue;
    if (hinted === undefined || !(await hinted(name))) return false;
  }
  return true;
}

/** What a `Retry-After` asks, in ms: delay-seconds, or an HTTP date (RFC 9110 §10.2.3); else nothing. */
function askedWaitMs(retryAfter: string | undefined, now: number): number {
  if (retryAfter === undefined) return 0;
  const value = retryAfter.trim();
  if (/^\d{1,6}$/.test(value)) return Number(value) * 1000;
  const at = /[A-Za-z]/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/**
 * The wait before try `attempt` (1 = the first retry): full jitter over an exponential cap, or longer
 * when the upstream's `Retry-After` asks (the caller gives up on a wait past its timeout).
 */
export function backoffMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfter: string | undefined,
  random = Math.random,
  now = Date.now(),
) {
  const cap = Math.min(policy.maxBackoffMs ?? 2000, (policy.backoffMs ?? 100) * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * cap);
  return Math.max(jittered, askedWaitMs(retryAfter, now));
}

/**
 * A retry budget per server: each call adds `budget` tokens (at most 10 banked, and 10 to start), each
 * retry spends one, so past the first ten at most about that share of the calls are retries. A budget of
 * 0 says no retries: nothing banked either.
 */
export class RetryBudgets {
  private readonly tokens = new Map<string, number>();

  call(server: Server): void {
    const key = server.id ?? server.name;
    const share = server.retry?.budget ?? 0.2;
    this.tokens.set(key, Math.min(10, (this.tokens.get(key) ?? 10) + share));
  }

  /** Takes a retry from the budget; false when there is none left. */
  retry(server: Server): boolean {
    if (server.retry?.budget === 0) return false;
    const key = server.id ?? server.name;
    const left = this.tokens.get(key) ?? 10;
    if (left < 1) return false;
    this.tokens.set(key, left - 1);
    return true;
  }
}
