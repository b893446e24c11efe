import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { type AnswerItem, envelope, type ItemRun, ItemRuns, ListedItems } from '../answer.js';
import { answerEvery, decodeReply } from './decode.js';
import type { UpstreamTarget } from './types.js';

const target = {
  name: 'up',
  url: 'http://127.0.0.1:9/mcp',
  headers: {},
  timeoutMs: 1000,
  maxMessageBytes: 1 << 20,
} as UpstreamTarget;
const result = (id: number, text = 'ok') => envelope({ jsonrpc: '2.0', id, result: { text } });
const progress = envelope({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } });

async function* upstream(items: AnswerItem[], failure?: Error): AsyncGenerator<AnswerItem> {
  yield* items;
  if (failure !== undefined) throw failure;
}

/** What a reply decodes to, and what it throws last (as text). */
async function read(items: AsyncIterable<AnswerItem>) {
  const out: unknown[] = [];
  try {
    for await (const item of items) out.push(item.kind === 'message' ? item.message : item.sse);
  } catch (error) {
    out.push(`thrown: ${(error as Error).message}`);
  }
  return out;
}

async function all(items: AsyncIterable<AnswerItem>) {
  const out: unknown[] = [];
  for await (const item of items) out.push(item.kind === 'message' ? item.message : item.sse);
  return out;
}

describe('answerEvery', () => {
  it('passes the answer on, the first response per request only', async () => {
    const out = await all(
      answerEvery(upstream([progress, result(1), result(1, 'again'), result(2)]), [1, 2], target),
    );
    expect(out).toEqual([progress.message, result(1).message, result(2).message]);
  });

  it('ties an error the upstream could not tie to a request (id null) to the one still open; drops answers to nothing asked', async () => {
    const unknownSession = envelope({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: 'Bad Request: No valid session ID provided' },
    });
    for (const items of [
      () => upstream([result(9), unknownSession]),
      () => new ListedItems([result(9), unknownSession]),
    ])
      expect(await all(answerEvery(items(), [7], target))).toEqual([
        {
          jsonrpc: '2.0',
          id: 7,
          error: { code: -32000, message: 'Bad Request: No valid session ID provided' },
        },
      ]);
    // in a batch it answers none in particular: each open request still gets its own error
    const batch = await all(answerEvery(upstream([unknownSession]), [1, 2], target));
    expect(batch.map((m) => (m as { id: unknown }).id)).toEqual([null, 1, 2]);
    // a listen stream asks nothing: what it replays goes on
    expect(await all(answerEvery(upstream([result(9)]), [], target))).toEqual([result(9).message]);
  });

  it('answers each request the upstream left unanswered with an error, when it ends or breaks', async () => {
    const ended = await all(answerEvery(upstream([result(1)]), [1, 2, 3], target));
    expect(ended.slice(1)).toEqual([
      expect.objectContaining({
        id: 2,
        error: expect.objectContaining({ message: expect.stringContaining('without responding') }),
      }),
      expect.objectContaining({
        id: 3,
        error: expect.objectContaining({ message: expect.stringContaining('without responding') }),
      }),
    ]);
    const broken = await all(answerEvery(upstream([], new Error('ECONNRESET')), [7], target));
    expect(broken).toEqual([
      expect.objectContaining({
        id: 7,
        error: expect.objectContaining({ message: 'Upstream server "up" broke the stream.' }),
      }),
    ]);
    const typed = new GatewayError(
      'upstream_timeout',
      'Upstream server "up" did not answer within its timeout of 5 ms.',
    );
    const late = await all(answerEvery(upstream([], typed), [8], target));
    expect(late).toEqual([
      expect.objectContaining({ id: 8, error: expect.objectContaining({ message: typed.message }) }),
    ]);
  });

  it('leaves a resumable stream that the upstream closed cleanly to its resumption', async () => {
    const primed: AnswerItem = { kind: 'raw', sse: 'id: e1\ndata: \n\n', eventId: 'e1' };
    expect(await all(answerEvery(upstream([primed]), [1], target, true))).toEqual([primed.sse]);
    // not resumable: the same stream still owes its answer
    expect(await all(answerEvery(upstream([primed]), [1], target))).toHaveLength(2);
    // a connection that broke is resumed as well; a stream the gateway gave up on is answered
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(await all(answerEvery(upstream([primed], reset), [1], target, true))).toEqual([primed.sse]);
    const timedOut = new GatewayError('upstream_timeout', 'Upstream server "up" did not answer in time.');
    expect(await all(answerEvery(upstream([primed], timedOut), [1], target, true))).toEqual([
      primed.sse,
      expect.objectContaining({ id: 1, error: expect.objectContaining({ message: timedOut.message }) }),
    ]);
    // without event ids there is nothing to resume from
    expect(await all(answerEvery(upstream([progress], reset), [1], target, true))).toHaveLength(2);
  });

  it('ends the upstream items when its reader returns early', async () => {
    let closed = false;
    async function* watched(): AsyncGenerator<AnswerItem> {
      try {
        yield progress;
        yield result(1);
      } finally {
        closed = true;
      }
    }
    for await (const _ of answerEvery(watched(), [1], target)) break;
    expect(closed).toBe(true);
  });
});

describe('a reply that arrived whole', () => {
  const sse = (events: string[]) => [Buffer.from(events.join(''))];
  async function* stream(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
    yield* chunks;
  }
  const both = async (chunks: Uint8Array[], contentType: string, limit = 1 << 20) => {
    const small = { ...target, maxMessageBytes: limit };
    const whole = decodeReply({ status: 200, contentType, body: stream([]), takeWhole: () => chunks }, small);
    const streamed = decodeReply({ status: 200, contentType, body: stream(chunks) }, small);
    expect(whole).toBeInstanceOf(ListedItems);
    expect(streamed).not.toBeInstanceOf(ListedItems);
    return { whole: await read(whole), streamed: await read(streamed) };
  };

  it('decodes to the same items as the stream would give, failures included', async () => {
    for (const [chunks, type, limit] of [
      [
        sse([
          ': hi\n\n',
          'id: e1\ndata: \n\n',
          'data: {"jsonrpc":"2.0","method":"n"}\n\n',
          'data: {"jsonrpc":"2.0","id":1,"result":{}}\n\n',
        ]),
        'text/event-stream',
      ],
      [sse(['data: not json\n\n', `data: ${'x'.repeat(200)}\n\n`]), 'text/event-stream', 100],
      // a later event over the limit, in a chunk of its own: the response before it still stands
      [
        [
          Buffer.from('data: {"jsonrpc":"2.0","id":1,"result":{}}\n\n'),
          Buffer.from(`data: ${'x'.repeat(200)}\n\n`),
        ],
        'text/event-stream',
        100,
      ],
      // ...and in the same chunk as the response before it
      [
        sse(['data: {"jsonrpc":"2.0","id":1,"result":{}}\n\n', `data: ${'x'.repeat(200)}\n\n`]),
        'text/event-stream',
        100,
      ],
      [[Buffer.from('\uFEFFdata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n')], 'text/event-stream'],
      [[Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"a":'), Buffer.from('1}}')], 'application/json'],
      [[Buffer.from('[{"jsonrpc":"2.0","id":1,"result":{}},{"nope":1}]')], 'application/json'],
      [[Buffer.from('\u0000\u00ff')], 'application/json'],
      [[Buffer.from(`{"jsonrpc":"2.0","id":1,"result":"${'y'.repeat(200)}"}`)], 'application/json', 100],
    ] as [Uint8Array[], string, number?][]) {
      const { whole, streamed } = await both(chunks, type, limit);
      expect(whole).toEqual(streamed);
      // the opening byte order mark is no content, and an event over the limit costs only itself
      if (type === 'text/event-stream' && !String(chunks[0]).includes('not json'))
        expect(whole).toContainEqual({ jsonrpc: '2.0', id: 1, result: {} });
    }
  });

  it('answers every request the same way whether the items are listed, streamed or in runs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc
            .tuple(
              fc.oneof(
                fc.integer({ min: 1, max: 4 }).map((id) => result(id)),
                fc.constant(progress),
              ),
              fc.boolean(),
            )
            .map(([item, withId]): AnswerItem => (withId ? { ...item, eventId: 'e' } : item)),
          { maxLength: 6 },
        ),
        fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
        fc.option(fc.constantFrom(new Error('reset'), new GatewayError('upstream_error', 'too large')), {
          nil: undefined,
        }),
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        async (items, pending, failure, resumable, runSize) => {
          const listed = await all(answerEvery(new ListedItems(items, failure), pending, target, resumable));
          const streamed = await all(answerEvery(upstream(items, failure), pending, target, resumable));
          expect(listed).toEqual(streamed);
          async function* runs(): AsyncGenerator<ItemRun> {
            for (let i = 0; i < items.length; i += runSize) yield items.slice(i, i + runSize);
            if (failure !== undefined) throw failure;
          }
          const inRuns = answerEvery(new ItemRuns(runs()), pending, target, resumable);
          expect(inRuns).toBeInstanceOf(ItemRuns);
          expect(await all(inRuns)).toEqual(streamed);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('decodeReply', () => {
  /** The items of an SSE reply that came as `text`. */
  const sseItems = (text: string) =>
    decodeReply(
      {
        status: 200,
        contentType: 'text/event-stream',
        body: (async function* () {
          yield new TextEncoder().encode(text);
        })(),
      },
      target,
    );

  it('keeps what a message event says besides its message: comments and the reconnection time', async () => {
    const out: AnswerItem[] = [];
    for await (const item of sseItems(
      ': working\nid: 9\nretry: 5000\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n',
    ))
      out.push(item);
    expect(out[0]).toEqual({ kind: 'raw', sse: ': working\nretry: 5000\n\n' });
    expect(out[1]).toMatchObject({ kind: 'message', eventId: '9', message: { id: 1, result: {} } });
  });

  it('reads an event holding a batch (2025-03-26): each member a message, the event id with the last', async () => {
    const batch = [
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: { tools: [] } },
    ];
    const text = `id: e1\ndata: ${JSON.stringify(batch)}\n\ndata: [{"jsonrpc":"2.0","id":3,"result":{}}]\n\n`;
    const items = sseItems(text);
    const out: AnswerItem[] = [];
    for await (const item of answerEvery(items, [1, 2, 3], target)) out.push(item);
    expect(out.map((item) => (item.kind === 'message' ? [item.message, item.eventId] : item))).toEqual([
      [batch[0], undefined],
      [batch[1], 'e1'],
      [{ jsonrpc: '2.0', id: 3, result: {} }, undefined],
    ]);
    // each member is written on its own (not as the event's whole text)
    expect(
      out.map((item) =>
        item.kind === 'message' ? JSON.parse(item.text ?? JSON.stringify(item.message)) : 0,
      ),
    ).toEqual([batch[0], batch[1], { jsonrpc: '2.0', id: 3, result: {} }]);
  });
});

describe('an upstream message naming a protocol member in two cases', () => {
  const reply = (contentType: string, text: string) =>
    decodeReply(
      {
        status: 200,
        contentType,
        body: (async function* () {
          yield new TextEncoder().encode(text);
        })(),
      },
      target,
    );
  // a guardrail judges `result`, a client decoding names regardless of case may read `Result`
  const twin =
    '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"ok"}]},"Result":{"content":[{"type":"text","text":"SSN 123-45-6789"}]}}';
  const tools =
    '{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"a","inputSchema":{"type":"object"}}],"Tools":[{"name":"b"}]}}';

  it('is no JSON-RPC: a JSON answer fails, an SSE event is answered by an error of its own', async () => {
    for (const text of [twin, tools])
      expect(await read(reply('application/json', text))).toEqual([
        'thrown: Upstream server "up" answered something that is not JSON-RPC.',
      ]);
    expect(await read(reply('text/event-stream', `data: ${twin}\n\n`))).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        error: {
          code: -32010,
          message: 'Upstream server "up" answered something that is not JSON-RPC.',
          data: { code: 'upstream_error' },
        },
      },
    ]);
  });

  it('leaves free-form objects alone: schemas, structured output, data', async () => {
    const free =
      '{"jsonrpc":"2.0","id":3,"result":{"content":[],"structuredContent":{"Name":"Ada","name":"ada"},"tools":[{"name":"t","inputSchema":{"type":"object","properties":{"ID":{},"id":{}}}}]}}';
    expect(await read(reply('application/json', free))).toEqual([JSON.parse(free)]);
    // a vendor's method names its own params; a sampling request's tool input is the model's
    const vendor = '{"jsonrpc":"2.0","method":"notifications/acme/x","params":{"ID":1,"id":2}}';
    const sampling =
      '{"jsonrpc":"2.0","id":"s1","method":"sampling/createMessage","params":{"maxTokens":9,"messages":[{"role":"assistant","content":{"type":"tool_use","id":"u","name":"q","input":{"Query":"a","query":"b"}}}]}}';
    expect(await read(reply('text/event-stream', `data: ${vendor}\n\ndata: ${sampling}\n\n`))).toEqual([
      JSON.parse(vendor),
      JSON.parse(sampling),
    ]);
    // a vendor method's result holds no member MCP results have: its own
    const own = '{"jsonrpc":"2.0","id":5,"result":{"Id":1,"id":2}}';
    expect(await read(reply('application/json', own))).toEqual([JSON.parse(own)]);
    // a content item of a result is the protocol's
    const item =
      '{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"ok","Text":"SSN 123-45-6789"}]}}';
    expect(await read(reply('application/json', item))).toEqual([
      'thrown: Upstream server "up" answered something that is not JSON-RPC.',
    ]);
  });
});
