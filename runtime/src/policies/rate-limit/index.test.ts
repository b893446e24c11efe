import { describe, expect, it } from 'vitest';
import type { RateLimit, WorkspaceRules } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import type { AccessChecked, Authenticated, Parsed, RequestContext, Resolved } from '../../mcp/context.js';
import { fakeRules, viewOf } from '../../mcp/test-support.js';
import type { McpView } from '../../mcp/view.js';
import { MoreConsentRequired } from '../../vault/consent-required.js';
import { rateLimit } from './index.js';
import type { RateLimiter } from './limiter.js';

const limit = (name: string): RateLimit =>
  ({
    id: `rl_${name}`,
    name,
    workspace: 'default',
    limit: 100,
    window: 'minute',
    per: ['tool'],
  }) as RateLimit;

/** A limiter that admits until it is told to fail, and records what is given back. */
function limiter(failAt: number, failure: 'refuse' | 'throw') {
  const given: string[] = [];
  let takes = 0;
  const fake = {
    async take() {
      if (++takes < failAt) return { allowed: true, retryAfterSeconds: 0 };
      if (failure === 'throw') throw new GatewayError('store_unavailable', 'The state store is unavailable.');
      return { allowed: false, retryAfterSeconds: 3 };
    },
    giveBack(rule: RateLimit, key: string) {
      given.push(`${rule.name} ${key}`);
    },
    leaseWindow: () => undefined,
  } as unknown as RateLimiter;
  return { fake, given };
}

/** ada's request `mcp` to server `up` under `rules`, as the rate-limit stage gets it. */
const contextOf = (rules: WorkspaceRules, mcp: McpView) =>
  ({
    principal: { user: 'ada', workspace: 'default' },
    server: { name: 'up', workspace: 'default' },
    teams: [],
    rules,
    mcp,
  }) as unknown as RequestContext & Authenticated & Resolved & Parsed & AccessChecked;

async function run(failure: 'refuse' | 'throw') {
  const { fake, given } = limiter(3, failure);
  const rules = await fakeRules({ rateLimits: [limit('a'), limit('b')] })('default');
  const mcp = viewOf([
    { id: 1, method: 'tools/call', params: { name: 'x' } },
    { id: 2, method: 'tools/call', params: { name: 'y' } },
  ]);
  const context = contextOf(rules, mcp);
  let forwarded = false;
  const outcome = await rateLimit({ limiter: fake })
    .run(context, async () => {
      forwarded = true;
      return { status: 202, headers: {}, format: 'empty', items: [] } as never;
    })
    .then(
      () => undefined,
      (error: unknown) => (error as GatewayError).code,
    );
  return { outcome, forwarded, given };
}

/** The keys each HTTP request (its view) counts under, with a limit per `method` of every server. */
async function countedKeys(views: McpView[]) {
  const keys: string[] = [];
  const fake = {
    async take(_rule: RateLimit, key: string) {
      keys.push(key);
      return { allowed: true, retryAfterSeconds: 0 };
    },
    leaseWindow: () => undefined,
  } as unknown as RateLimiter;
  const rules = await fakeRules({ rateLimits: [{ ...limit('m'), per: ['tool'] }] })('default');
  for (const mcp of views) {
    const context = contextOf(rules, mcp);
    await rateLimit({ limiter: fake }).run(context, async () => ({}) as never);
  }
  return keys;
}

describe('rate-limit stage', () => {
  it('counts a POST of notifications once, and a GET stream’s opening; never answers, a DELETE, initialized or cancelled', async () => {
    const notified = viewOf([
      { method: 'notifications/cancelled', params: { requestId: 1 } },
      { method: 'notifications/roots/list_changed' },
    ]);
    const answered = viewOf([{ id: 'srv-1', result: {} }]);
    const opening = viewOf([{ method: 'notifications/initialized' }]);
    const cancelled = viewOf([{ method: 'notifications/cancelled', params: { requestId: 2 } }]);
    const mixed = viewOf([{ method: 'notifications/initialized' }, { id: 3, method: 'tools/list' }]);
    const stream: McpView = { ...viewOf([]), operation: 'listen' };
    const ended: McpView = { ...viewOf([]), operation: 'terminate' };
    expect(await countedKeys([notified, answered, opening, cancelled, mixed, stream, ended])).toEqual([
      'tool=~notifications;',
      'tool=~tools%2Flist;',
      'tool=~stream;',
    ]);
  });

  it('counts a tool named like a method apart from the method (`per: [tool]`)', async () => {
    const views = [
      viewOf([{ id: 1, method: 'tools/call', params: { name: 'ping' } }]),
      viewOf([{ id: 2, method: 'ping' }]),
    ];
    expect(await countedKeys(views)).toEqual(['tool=ping;', 'tool=~ping;']);
  });

  it('gives back what a request took when a later limit refuses it, or cannot be read', async () => {
    for (const [failure, code] of [
      ['refuse', 'rate_limited'],
      ['throw', 'store_unavailable'],
    ] as const) {
      const { outcome, forwarded, given } = await run(failure);
      expect(outcome).toBe(code);
      expect(forwarded).toBe(false);
      expect(given.sort()).toEqual(['a tool=x;', 'b tool=x;']);
    }
  });

  it('answers the longest wait of the limits a request is over, and gives back what the others took', async () => {
    const waits: Record<string, number | undefined> = { second: 2, hour: 2836, minute: undefined };
    const given: string[] = [];
    const fake = {
      async take(rule: RateLimit) {
        const wait = waits[rule.name];
        return wait === undefined
          ? { allowed: true, retryAfterSeconds: 0 }
          : { allowed: false, retryAfterSeconds: wait };
      },
      giveBack(rule: RateLimit, key: string) {
        given.push(`${rule.name} ${key}`);
      },
      leaseWindow: () => undefined,
    } as unknown as RateLimiter;
    const rules = await fakeRules({ rateLimits: [limit('second'), limit('hour'), limit('minute')] })(
      'default',
    );
    const mcp = viewOf([{ id: 1, method: 'tools/call', params: { name: 'x' } }]);
    const refused = await rateLimit({ limiter: fake })
      .run(contextOf(rules, mcp), async () => expect.fail('forwarded'))
      .catch((error: unknown) => error as GatewayError);
    expect(refused).toMatchObject({
      code: 'rate_limited',
      message: 'Rate limit "hour" (100 per minute) is exhausted; retry in 2836 s.',
      headers: { 'retry-after': '2836' },
    });
    expect(given).toEqual(['minute tool=x;']);
  });

  it('answers a batch’s requests over a limit on their own, the others forwarded; a batch wholly over it is refused', async () => {
    const rules = await fakeRules({ rateLimits: [limit('a')] })('default');
    const batchOf = () => ({
      ...viewOf([
        { id: 1, method: 'tools/call', params: { name: 'x' } },
        { id: 2, method: 'tools/call', params: { name: 'y' } },
        { id: 3, method: 'tools/call', params: { name: 'z' } },
      ]),
      batch: true,
    });
    // room for two: the third is refused in band (-32029 with its Retry-After), the two go on
    const some = limiter(3, 'refuse');
    const partly = batchOf();
    let forwarded = false;
    await rateLimit({ limiter: some.fake }).run(contextOf(rules, partly), async () => {
      forwarded = true;
      return { status: 200, headers: {}, format: 'json', items: [] } as never;
    });
    expect(forwarded).toBe(true);
    expect([...partly.refused.entries()].map(([index, error]) => [index, error.code])).toEqual([
      [2, 'rate_limited'],
    ]);
    expect(some.given).toEqual([]);
    // no room at all: the whole request is refused, nothing forwarded
    const none = limiter(1, 'refuse');
    const whole = await rateLimit({ limiter: none.fake })
      .run(contextOf(rules, batchOf()), async () => {
        throw new Error('forwarded');
      })
      .then(
        () => undefined,
        (error: unknown) => (error as GatewayError).code,
      );
    expect(whole).toBe('rate_limited');
  });

  it('gives back what a message took that a later stage refused (a budget, a consent), not a guardrail', async () => {
    const { fake, given } = limiter(Number.POSITIVE_INFINITY, 'refuse');
    const rules = await fakeRules({ rateLimits: [limit('a')] })('default');
    const mcp = viewOf([
      { id: 1, method: 'tools/call', params: { name: 'x' } },
      { id: 2, method: 'tools/call', params: { name: 'y' } },
      { id: 3, method: 'tools/call', params: { name: 'z' } },
      { id: 4, method: 'tools/call', params: { name: 'w' } },
      { id: 5, method: 'tasks/get', params: { taskId: 'guessed' } },
    ]);
    const context = contextOf(rules, mcp);
    await rateLimit({ limiter: fake }).run(context, async () => {
      // guessing another caller's task ids is what a limit is for, as trying payloads against a guardrail
      mcp.refused.set(4, new GatewayError('task_not_found', 'Task not found.'));
      mcp.refused.set(1, new GatewayError('budget_exhausted', 'The budget is spent.'));
      // a scan cost something, and a caller trying payloads against a guardrail is what limits are for
      mcp.refused.set(2, new GatewayError('guardrail_blocked', 'Blocked.'));
      mcp.refused.set(3, new GatewayError('consent_required', 'Connect your account first.'));
      return { status: 200, headers: {}, format: 'json', items: [] } as never;
    });
    expect(given).toEqual(['a tool=y;', 'a tool=w;']);
  });

  it('gives back all a request took when a later stage refuses it whole before it is sent, and nothing for an upstream failure', async () => {
    const rules = await fakeRules({ rateLimits: [limit('a')] })('default');
    const outcomes: Record<string, string[]> = {};
    for (const code of [
      'consent_required',
      'access_denied',
      'forbidden',
      'upstream_error',
      'guardrail_blocked',
    ] as const)
      for (const mcp of [
        viewOf([{ id: 1, method: 'tools/call', params: { name: 'x' } }]),
        { ...viewOf([]), operation: 'listen' } as McpView,
      ]) {
        const { fake, given } = limiter(Number.POSITIVE_INFINITY, 'refuse');
        await rateLimit({ limiter: fake })
          .run(contextOf(rules, mcp), async () => {
            throw new GatewayError(code, 'refused');
          })
          .catch(() => undefined);
        outcomes[`${code} ${mcp.operation}`] = given;
      }
    expect(outcomes).toEqual({
      'consent_required post': ['a tool=x;'],
      'consent_required listen': ['a tool=~stream;'],
      'access_denied post': ['a tool=x;'],
      'access_denied listen': ['a tool=~stream;'],
      'forbidden post': ['a tool=x;'],
      'forbidden listen': ['a tool=~stream;'],
      'upstream_error post': [],
      'upstream_error listen': [],
      'guardrail_blocked post': [],
      'guardrail_blocked listen': [],
    });
    // a consent to more scopes comes from the upstream's own refusal: the request reached it
    const { fake, given } = limiter(Number.POSITIVE_INFINITY, 'refuse');
    await rateLimit({ limiter: fake })
      .run(contextOf(rules, viewOf([{ id: 1, method: 'tools/call', params: { name: 'x' } }])), async () => {
        throw new MoreConsentRequired('consent_required', 'needs your consent to more');
      })
      .catch(() => undefined);
    expect(given).toEqual([]);
  });
});
