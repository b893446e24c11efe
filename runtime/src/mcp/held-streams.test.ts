import { describe, expect, it } from 'vitest';
import type { AnswerItem } from './answer.js';
import { HeldStreams } from './held-streams.js';
import type { UpstreamReply, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

const target: UpstreamTarget = {
  name: 'up',
  url: 'http://up.test/mcp',
  headers: {},
  timeoutMs: 1000,
  maxMessageBytes: 1 << 20,
};
const session = { gatewaySessionId: 'g1', upstreamSessionId: 'u1' };

/** An upstream GET stream the test writes events into; `closed` tells whether the gateway let it go. */
function stream(status = 200) {
  const events: string[] = [];
  let push: (() => void) | undefined;
  const state = { closed: false, listens: 0, ended: false };
  const transport = {
    async listen(_t: UpstreamTarget, _s: unknown, options: { signal: AbortSignal }): Promise<UpstreamReply> {
      state.listens++;
      options.signal.addEventListener('abort', () => {
        state.closed = true;
        push?.();
      });
      async function* body(): AsyncGenerator<Uint8Array> {
        for (;;) {
          while (events.length > 0) yield new TextEncoder().encode(events.shift());
          if (state.closed || state.ended) return;
          await new Promise<void>((resolve) => {
            push = resolve;
          });
        }
      }
      return { status, contentType: 'text/event-stream', body: body() };
    },
  } as unknown as UpstreamTransport;
  const send = (message: object) => {
    events.push(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    push?.();
  };
  /** The upstream ends its stream (after what was sent). */
  const end = () => {
    state.ended = true;
    push?.();
  };
  return { transport, send, end, state, pending: () => events.length };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('held server→client streams', () => {
  it('keep what arrives before the client GET and hand it over, then stream on', async () => {
    const held = new HeldStreams({ holdMs: 1000 });
    const { transport, send, state } = stream();
    await held.open('s1', target, session, transport);
    send({ jsonrpc: '2.0', id: 7, method: 'sampling/createMessage', params: {} });
    await tick();
    const client = new AbortController();
    const items = await held.take('s1', client.signal);
    expect(items).toBeDefined();
    const iterator = items![Symbol.asyncIterator]();
    const first = (await iterator.next()).value as AnswerItem;
    expect(first.kind === 'message' && first.message).toMatchObject({
      id: 7,
      method: 'sampling/createMessage',
    });
    send({ jsonrpc: '2.0', method: 'notifications/message', params: {} });
    const second = (await iterator.next()).value as AnswerItem;
    expect(second.kind === 'message' && second.message).toMatchObject({ method: 'notifications/message' });
    // taken once only; the client leaving closes the upstream stream
    expect(await held.take('s1', client.signal)).toBeUndefined();
    client.abort();
    await iterator.return?.(undefined);
    expect(state.closed).toBe(true);
  });

  it('hand over what the upstream sent before it ended its stream, for the rest of the hold', async () => {
    const held = new HeldStreams({ holdMs: 1000 });
    const { transport, send, end } = stream();
    await held.open('s1', target, session, transport);
    send({ jsonrpc: '2.0', id: 'ev-1', method: 'elicitation/create', params: {} });
    end();
    await tick();
    const items = await held.take('s1', new AbortController().signal);
    expect(items).toBeDefined();
    const got: AnswerItem[] = [];
    for await (const item of items!) got.push(item);
    expect(got.map((item) => item.kind === 'message' && item.message)).toEqual([
      expect.objectContaining({ id: 'ev-1', method: 'elicitation/create' }),
    ]);
  });

  it('stay held for the next client when the one asking left before it could take them', async () => {
    const held = new HeldStreams({ holdMs: 1000 });
    const { transport, send, state } = stream();
    await held.open('s1', target, session, transport);
    send({ jsonrpc: '2.0', method: 'notifications/message', params: {} });
    const gone = new AbortController();
    gone.abort();
    expect(await held.take('s1', gone.signal)).toBeUndefined();
    expect(state.closed).toBe(false);
    const items = await held.take('s1', new AbortController().signal);
    const first = (await items![Symbol.asyncIterator]().next()).value as AnswerItem;
    expect(first.kind === 'message' && first.message).toMatchObject({ method: 'notifications/message' });
    held.closeAll();
  });

  it('let go of a stream nobody came for after the hold, and of one holding too much at once', async () => {
    const held = new HeldStreams({ holdMs: 30, maxItems: 2 });
    const idle = stream();
    await held.open('s1', target, session, idle.transport);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(idle.state.closed).toBe(true);
    expect(await held.take('s1', new AbortController().signal)).toBeUndefined();

    const flooded = stream();
    await held.open('s2', target, session, flooded.transport);
    for (let i = 0; i < 3; i++)
      flooded.send({ jsonrpc: '2.0', method: 'notifications/message', params: { i } });
    await tick();
    expect(flooded.state.closed).toBe(true);
    expect(await held.take('s2', new AbortController().signal)).toBeUndefined();
  });

  it('let go of a stream nobody came for once it holds too many characters', async () => {
    const held = new HeldStreams({ holdMs: 1000, maxChars: 10_000 });
    const big = stream();
    await held.open('s1', target, session, big.transport);
    big.send({ jsonrpc: '2.0', method: 'notifications/message', params: { data: 'x'.repeat(20_000) } });
    await tick();
    expect(big.state.closed).toBe(true);
  });

  it('counts the characters of messages that came as a batch in one event (they have no text of their own)', async () => {
    const held = new HeldStreams({ holdMs: 1000, maxChars: 10_000 });
    const batched = stream();
    await held.open('s1', target, session, batched.transport);
    batched.send([{ jsonrpc: '2.0', method: 'notifications/message', params: { data: 'x'.repeat(20_000) } }]);
    await tick();
    expect(batched.state.closed).toBe(true);
  });

  it('a client that reads slowly slows the upstream stream down instead of filling memory', async () => {
    const held = new HeldStreams({ holdMs: 1000, maxItems: 4 });
    const busy = stream();
    await held.open('s1', target, session, busy.transport);
    const iterator = (await held.take('s1', new AbortController().signal))![Symbol.asyncIterator]();
    for (let i = 0; i < 50; i++)
      busy.send({ jsonrpc: '2.0', method: 'notifications/message', params: { i } });
    await tick();
    // the client read nothing yet: the gateway stopped reading the upstream after a few
    expect(busy.pending()).toBeGreaterThan(40);
    expect(busy.state.closed).toBe(false);
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) {
      const item = (await iterator.next()).value as AnswerItem;
      if (item.kind === 'message') seen.push((item.message as unknown as { params: { i: number } }).params.i);
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await iterator.return?.(undefined);
  });

  it('hold nothing when the upstream offers no stream (405), and drop a held one when the session ends', async () => {
    const held = new HeldStreams({ holdMs: 1000 });
    await held.open('s1', target, session, stream(405).transport);
    expect(await held.take('s1', new AbortController().signal)).toBeUndefined();
    const ended = stream();
    await held.open('s2', target, session, ended.transport);
    held.drop('s2');
    await tick();
    expect(ended.state.closed).toBe(true);
    expect(await held.take('s2', new AbortController().signal)).toBeUndefined();
  });
  it('hand no stream to a GET that came before the upstream answered, when it then opened none', async () => {
    const held = new HeldStreams({ holdMs: 1000 });
    let answer: (reply: UpstreamReply) => void = () => undefined;
    const transport = {
      listen: () => new Promise<UpstreamReply>((resolve) => (answer = resolve)),
    } as unknown as UpstreamTransport;
    const opened = held.open('s1', target, session, transport);
    // the client's GET arrives while the upstream is still answering the held one
    const taking = held.take('s1', new AbortController().signal);
    answer({ status: 404 }); // the upstream forgot the session: the client's own GET must learn it
    await opened;
    expect(await taking).toBeUndefined();
  });
  it('wait for an upstream that does not answer the held GET no longer than the hold, nor past the client', async () => {
    const held = new HeldStreams({ holdMs: 50 });
    const signals: AbortSignal[] = [];
    const transport = {
      listen: (_t: unknown, _s: unknown, options: { signal: AbortSignal }) => {
        signals.push(options.signal);
        return new Promise<UpstreamReply>(() => undefined); // never answers
      },
    } as unknown as UpstreamTransport;
    void held.open('s1', target, session, transport);
    const started = Date.now();
    expect(await held.take('s1', new AbortController().signal)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(signals[0]?.aborted).toBe(true); // the upstream GET is let go
    const patient = new HeldStreams({ holdMs: 60_000 });
    void patient.open('s3', target, session, transport);
    const client = new AbortController();
    const taking = patient.take('s3', client.signal);
    client.abort();
    expect(await taking).toBeUndefined();
    expect(signals.at(-1)?.aborted).toBe(true);
    held.closeAll();
  });
});
