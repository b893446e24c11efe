import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { BridgeStore } from './bridge.js';
import { isRequest, type JsonRpcMessage } from './jsonrpc.js';
import type { UpstreamSession, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

const target: UpstreamTarget = {
  name: 'up',
  url: 'http://127.0.0.1:9/mcp',
  headers: {},
  timeoutMs: 50,
  maxMessageBytes: 10_000,
};
const owner = { serverId: 'srv_1', workspace: 'default', user: 'ada', holder: 'key:ada' };
const call = { jsonrpc: '2.0' as const, id: 1, method: 'tools/list' };

/** An upstream opening sessions `u-1`, `u-2`, … and recording the ones it is told to end. */
function upstream() {
  let opened = 0;
  const ended: (string | undefined)[] = [];
  const transport = {
    post: async (_target: UpstreamTarget, { messages }: { messages: JsonRpcMessage[] }) => {
      const [message] = messages;
      if (message !== undefined && isRequest(message) && message.method === 'initialize') {
        const body = JSON.stringify({
          jsonrpc: '2.0',
          id: message.id,
          result: { protocolVersion: '2025-03-26' },
        });
        return {
          status: 200,
          contentType: 'application/json',
          sessionId: `u-${++opened}`,
          body: (async function* () {
            yield Buffer.from(body);
          })(),
        };
      }
      return { status: 202 };
    },
    listen: async () => ({ status: 405 }),
    terminate: async (_target: UpstreamTarget, session: UpstreamSession) => {
      ended.push(session.upstreamSessionId);
    },
  } as unknown as UpstreamTransport;
  return { transport, ended, opened: () => opened };
}

describe('bridges', () => {
  it('ends the upstream session of a bridge past its lifetime once another replaced it', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const bridges = new BridgeStore(store, clock, 60);
    const { transport, ended, opened } = upstream();
    const first = await bridges.open(target, transport, owner, call);
    expect(first.session.upstreamSessionId).toBe('u-1');
    expect(await bridges.open(target, transport, owner, call)).toBe(first);
    clock.advance(61_000);
    const second = await bridges.open(target, transport, owner, call);
    expect(second.session.upstreamSessionId).toBe('u-2');
    // not at once: a call begun on it just before has its timeout to end
    expect(ended).toEqual([]);
    await expect.poll(() => ended).toEqual(['u-1']);
    expect(opened()).toBe(2);
  });

  it('tells the bridge open here now (nothing to wait for), and none while it opens or past its lifetime', async () => {
    const clock = new FakeClock();
    const bridges = new BridgeStore(new MemoryStore(clock), clock, 60);
    const { transport } = upstream();
    expect(bridges.ready(owner)).toBeUndefined();
    const opening = bridges.open(target, transport, owner, call);
    expect(bridges.ready(owner)).toBeUndefined();
    const bridge = await opening;
    expect(bridges.ready(owner)).toBe(bridge);
    expect(bridges.ready({ ...owner, user: 'grace' })).toBeUndefined();
    clock.advance(61_000);
    expect(bridges.ready(owner)).toBeUndefined();
  });

  it('keeps a bridge another instance made no longer than its item lives', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const { transport } = upstream();
    const a = new BridgeStore(store, clock, 60);
    const b = new BridgeStore(store, clock, 60);
    const made = await a.open(target, transport, owner, call);
    clock.advance(50_000);
    // b reads a's bridge ten seconds before its item ends: it takes it, until then only
    expect((await b.open(target, transport, owner, call)).session.upstreamSessionId).toBe(
      made.session.upstreamSessionId,
    );
    clock.advance(11_000);
    const replaced = await a.open(target, transport, owner, call);
    expect(replaced.session.upstreamSessionId).not.toBe(made.session.upstreamSessionId);
    // b does not go on with the bridge a replaced (and is about to end): it takes a's new one
    expect((await b.open(target, transport, owner, call)).session.upstreamSessionId).toBe(
      replaced.session.upstreamSessionId,
    );
  });
});
