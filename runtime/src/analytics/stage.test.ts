import { expect, it, describe as suite } from 'vitest';
import { type AnswerItem, envelope, type ItemRun, ItemRuns, type McpAnswer } from '../mcp/answer.js';
import type { Authenticated, Parsed, RequestContext, Resolved } from '../mcp/context.js';
import { describe, type McpView } from '../mcp/view.js';
import { usage } from './stage.js';
import type { UsageEvent, UsageRecorder } from './usage.js';

const call = (id: number, name: string) => ({
  jsonrpc: '2.0' as const,
  id,
  method: 'tools/call',
  params: { name },
});
const result = (id: number) => envelope({ jsonrpc: '2.0', id, result: { content: [] } });

/**
 * Runs the stage over a batch of calls of tools `a` and `b` answered with `items` (or failing with the
 * error before any answer); what it records.
 */
async function recorded(
  items: AsyncIterable<AnswerItem> | Error,
  signal?: AbortSignal,
  member?: unknown,
  names: [string, string] = ['a', 'b'],
) {
  const events: UsageEvent[] = [];
  const recorder = { record: (event: UsageEvent) => events.push(event) } as unknown as UsageRecorder;
  const view = {
    messages: [call(1, names[0]), call(2, names[1])].map(describe),
  } as Partial<McpView> as McpView;
  const context = {
    request: { signal },
    principal: { user: 'alice', workspace: 'default' },
    server: { name: 'up' },
    mcp: view,
    ...(member !== undefined ? { member } : {}),
  } as unknown as RequestContext & Authenticated & Resolved & Parsed;
  let failure: unknown;
  try {
    const out = await usage(recorder).run(context, async () => {
      if (items instanceof Error) throw items;
      return { status: 200, headers: {}, format: 'sse', items } satisfies McpAnswer;
    });
    for await (const _ of out.items);
  } catch (error) {
    failure = error;
  }
  return { failure, errors: Object.fromEntries(events.map((e) => [e.target, e.error])), events };
}

suite('usage stage', () => {
  it('counts a tool named like a method (`~…`) in the overflow bucket, never as the method', async () => {
    async function* both(): AsyncGenerator<AnswerItem> {
      yield result(1);
      yield result(2);
    }
    const { events } = await recorded(both(), undefined, undefined, ['~tools/list', 'plain']);
    expect(events.map((e) => e.target)).toEqual(['~other', 'plain']);
  });

  it('counts the calls an answer broke off before as failed, and those it answered by their answer', async () => {
    async function* broken(): AsyncGenerator<AnswerItem> {
      yield result(1);
      throw new Error('broke');
    }
    async function* brokenRuns(): AsyncGenerator<ItemRun> {
      yield [result(1)];
      throw new Error('broke');
    }
    for (const items of [broken(), new ItemRuns(brokenRuns())]) {
      const { failure, errors } = await recorded(items);
      expect((failure as Error).message).toBe('broke');
      expect(errors).toEqual({ a: false, b: true });
    }
    async function* whole(): AsyncGenerator<AnswerItem> {
      yield result(1);
      yield envelope({ jsonrpc: '2.0', id: 2, result: { content: [], isError: true } });
    }
    expect(await recorded(whole())).toMatchObject({ failure: undefined, errors: { a: false, b: true } });
    // broken off because the client went away: no failure of the server's
    const gone = new AbortController();
    gone.abort();
    expect((await recorded(broken(), gone.signal)).errors).toEqual({ a: false, b: false });
    // failed before any answer: the server's failure, unless the client went away (its own cancel)
    const unreachable = new Error('upstream unreachable');
    expect(await recorded(unreachable)).toMatchObject({ failure: unreachable, errors: { a: true, b: true } });
    expect(await recorded(unreachable, gone.signal)).toMatchObject({ errors: { a: false, b: false } });
  });

  it('gives each request of a batch the latency of its own response', async () => {
    async function* slowSecond(): AsyncGenerator<AnswerItem> {
      yield result(1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      yield result(2);
    }
    const { events } = await recorded(slowSecond());
    const ms = Object.fromEntries(events.map((e) => [e.target, e.ms]));
    expect(ms['b']! - ms['a']!).toBeGreaterThanOrEqual(50);
  });

  it('marks a call a virtual server routed to its member as routed; skips its own member requests', async () => {
    async function* answered(): AsyncGenerator<AnswerItem> {
      yield result(1);
      yield result(2);
    }
    const direct = await recorded(answered());
    expect(direct.events.map((e) => e.routed)).toEqual([undefined, undefined]);
    const on = { server: 'suite', message: call(1, 'a') };
    const routed = await recorded(answered(), undefined, { principal: {}, on });
    expect(routed.events.map((e) => e.routed)).toEqual([true, true]);
    expect((await recorded(answered(), undefined, { principal: {} })).events).toEqual([]);
  });
});
