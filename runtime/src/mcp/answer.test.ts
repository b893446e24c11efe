import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BodyChunk } from '../core/http.js';
import {
  type AnswerEnd,
  type AnswerItem,
  eachMessage,
  encodeAnswer,
  envelope,
  type ItemRun,
  ItemRuns,
  ListedItems,
  type McpAnswer,
  type MessageStep,
  watchItems,
} from './answer.js';
import type { JsonRpcResponse } from './jsonrpc.js';

const response = { jsonrpc: '2.0' as const, id: 1, result: { content: [] } };
const progress = {
  jsonrpc: '2.0' as const,
  method: 'notifications/progress',
  params: { progressToken: 1, progress: 1 },
};
const RESPONSE_TEXT = '{"jsonrpc":"2.0","id":1,"result":{"content":[]}}';

/**
 * An SSE answer of `items`, one by one or (`runSize`) in runs of that many; `state` tells whether the
 * upstream's items were read to the end or returned.
 */
function sseAnswer(items: AnswerItem[], runSize?: number) {
  const state = { finished: false, closed: false };
  async function* upstream(): AsyncGenerator<AnswerItem> {
    try {
      yield* items;
      state.finished = true;
    } finally {
      state.closed = true;
    }
  }
  async function* upstreamRuns(size: number): AsyncGenerator<ItemRun> {
    try {
      for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
      state.finished = true;
    } finally {
      state.closed = true;
    }
  }
  const answer: McpAnswer = {
    status: 200,
    headers: { 'mcp-session-id': 's1' },
    format: 'sse',
    items: runSize === undefined ? upstream() : new ItemRuns(upstreamRuns(runSize)),
  };
  return { answer, state };
}

/** The stream shapes the stage helpers and the edge are tested with: items one by one, and in runs. */
const SHAPES = [
  { shape: 'one by one', runSize: undefined },
  { shape: 'in runs of two', runSize: 2 },
];

const onError = (): JsonRpcResponse[] => [
  { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'x' } },
];

async function textOf(body: string | AsyncIterable<BodyChunk> | undefined): Promise<string> {
  if (body === undefined || typeof body === 'string') return body ?? '';
  let text = '';
  for await (const chunk of body) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return text;
}

describe.each(SHAPES)('encodeAnswer, items $shape', ({ runSize }) => {
  it('sends an SSE answer that starts with its response as one JSON body, exactly as the upstream wrote it', async () => {
    const { answer, state } = sseAnswer([envelope(response, RESPONSE_TEXT)], runSize);
    const http = await encodeAnswer(answer, false, onError, 1);
    expect(http.status).toBe(200);
    expect(http.headers).toEqual({ 'content-type': 'application/json', 'mcp-session-id': 's1' });
    expect(http.body).toBe(RESPONSE_TEXT);
    // the rest of the upstream stream is still read (its connection goes back to the pool)
    await expect.poll(() => state.finished).toBe(true);
  });

  it('streams SSE when a notification comes first, every message in order', async () => {
    const { answer } = sseAnswer([envelope(progress), envelope(response, RESPONSE_TEXT)], runSize);
    const http = await encodeAnswer(answer, false, onError, 1);
    expect(http.headers['content-type']).toBe('text/event-stream');
    const text = await textOf(http.body);
    expect(text.indexOf('notifications/progress')).toBeGreaterThan(-1);
    expect(text.indexOf('notifications/progress')).toBeLessThan(text.indexOf('"result"'));
    expect(text).toContain(`event: message\ndata: ${RESPONSE_TEXT}\n\n`);
  });

  it('leaves out events that are no message before the response (a priming event, a comment)', async () => {
    const { answer, state } = sseAnswer(
      [
        { kind: 'raw', sse: 'id: p1\ndata: \n\n', eventId: 'p1' },
        { kind: 'raw', sse: ': keep-alive\n\n' },
        envelope(response, RESPONSE_TEXT),
      ],
      runSize,
    );
    const http = await encodeAnswer(answer, false, onError, 1);
    expect(http.headers['content-type']).toBe('application/json');
    expect(http.body).toBe(RESPONSE_TEXT);
    await expect.poll(() => state.finished).toBe(true);
  });

  it('streams SSE from the priming event on when a notification follows it', async () => {
    const { answer } = sseAnswer(
      [
        { kind: 'raw', sse: 'id: p1\ndata: \n\n', eventId: 'p1' },
        envelope(progress, JSON.stringify(progress)),
        envelope(response, RESPONSE_TEXT),
      ],
      runSize,
    );
    const http = await encodeAnswer(answer, false, onError, 1);
    expect(http.headers['content-type']).toBe('text/event-stream');
    expect(await textOf(http.body)).toBe(
      `id: p1\ndata: \n\nevent: message\ndata: ${JSON.stringify(progress)}\n\nevent: message\ndata: ${RESPONSE_TEXT}\n\n`,
    );
  });

  it('answers each open request with an error event when the stream fails after its head', async () => {
    const failing = (items: AnswerItem[]): McpAnswer => {
      async function* one(): AsyncGenerator<AnswerItem> {
        yield* items;
        throw new Error('a stage failed');
      }
      async function* runs(): AsyncGenerator<ItemRun> {
        yield items;
        throw new Error('a stage failed');
      }
      return {
        status: 200,
        headers: {},
        format: 'sse',
        items: runSize === undefined ? one() : new ItemRuns(runs()),
      };
    };
    const owed = (error: unknown): JsonRpcResponse[] =>
      [1, 2].map((id) => ({
        jsonrpc: '2.0',
        id,
        error: { code: -32603, message: (error as Error).message },
      }));
    const failed = (id: number) =>
      `event: message\ndata: {"jsonrpc":"2.0","id":${id},"error":{"code":-32603,"message":"a stage failed"}}\n\n`;
    // after a notification: both requests are owed their answer
    const before = await encodeAnswer(failing([envelope(progress)]), true, owed);
    expect(await textOf(before.body)).toBe(
      `event: message\ndata: ${JSON.stringify(progress)}\n\n${failed(1)}${failed(2)}`,
    );
    // after the first one's response: only the second
    const after = await encodeAnswer(
      failing([envelope(progress), envelope(response, RESPONSE_TEXT)]),
      true,
      owed,
    );
    expect(await textOf(after.body)).toBe(
      `event: message\ndata: ${JSON.stringify(progress)}\n\nevent: message\ndata: ${RESPONSE_TEXT}\n\n${failed(2)}`,
    );
  });

  it('streams SSE when the first message answers another id', async () => {
    const other = { ...response, id: 7 };
    const { answer } = sseAnswer([envelope(other), envelope(response, RESPONSE_TEXT)], runSize);
    const http = await encodeAnswer(answer, false, onError, 1);
    expect(http.headers['content-type']).toBe('text/event-stream');
    expect(await textOf(http.body)).toContain(RESPONSE_TEXT);
  });

  it.each([
    ['nothing', []],
    ['a priming event', [{ kind: 'raw', sse: 'id: p1\ndata: \n\n', eventId: 'p1' }]],
  ] as [string, AnswerItem[]][])(
    'does not hold the head back for a first message that takes its time (after %s)',
    async (_, leading) => {
      let produced = false;
      async function* slow(): AsyncGenerator<AnswerItem> {
        yield* leading;
        await new Promise((resolve) => setTimeout(resolve, 200));
        produced = true;
        yield envelope(response, RESPONSE_TEXT);
      }
      const answer: McpAnswer = { status: 200, headers: {}, format: 'sse', items: slow() };
      const http = await encodeAnswer(answer, false, onError, 1);
      expect(produced).toBe(false);
      expect(http.headers['content-type']).toBe('text/event-stream');
      const head = leading.map((item) => (item.kind === 'raw' ? item.sse : '')).join('');
      expect(await textOf(http.body)).toBe(`${head}event: message\ndata: ${RESPONSE_TEXT}\n\n`);
    },
  );

  it('keeps SSE for a client that does not accept JSON', async () => {
    const { answer } = sseAnswer([envelope(response, RESPONSE_TEXT)], runSize);
    const http = await encodeAnswer(answer, false, onError);
    expect(http.headers['content-type']).toBe('text/event-stream');
    expect(await textOf(http.body)).toBe(`event: message\ndata: ${RESPONSE_TEXT}\n\n`);
  });

  it('ends the upstream items when the client stops reading the stream', async () => {
    const { answer, state } = sseAnswer(
      [envelope(progress), envelope(progress), envelope(response)],
      runSize,
    );
    const http = await encodeAnswer(answer, false, onError, 1);
    const body = (http.body as AsyncIterable<BodyChunk>)[Symbol.asyncIterator]();
    await body.next();
    await body.return?.(undefined);
    expect(state).toEqual({ finished: false, closed: true });
  });
});

describe.each(SHAPES)('eachMessage, items $shape', ({ runSize }) => {
  const raw: AnswerItem = { kind: 'raw', sse: ': keep-alive\n\n' };
  const second = { ...progress, params: { progressToken: 1, progress: 2 } };
  const read = async (items: AsyncIterable<AnswerItem>) => {
    const seen: unknown[] = [];
    for await (const item of items) seen.push(item.kind === 'raw' ? item.sse : item.message);
    return seen;
  };

  it('keeps, replaces, drops (sync or async) and passes raw events, in order', async () => {
    const { answer, state } = sseAnswer(
      [envelope(progress), raw, envelope(second), envelope(response)],
      runSize,
    );
    const mapped = eachMessage(answer, async (item) => {
      if (item.message === progress)
        return [envelope({ ...progress, params: { progressToken: 1, progress: 0 } }), item];
      if (item.message === second) return []; // dropped
      return undefined;
    });
    expect(await read(mapped.items)).toEqual([
      { ...progress, params: { progressToken: 1, progress: 0 } },
      progress,
      raw.sse,
      response,
    ]);
    expect(state).toEqual({ finished: true, closed: true });
  });

  it('gives a message put in place of one its SSE event id (sync or async), so a resumed stream skips it', async () => {
    const withId = (message: AnswerItem & { kind: 'message' }, eventId: string) => ({ ...message, eventId });
    for (const later of [false, true]) {
      const { answer } = sseAnswer(
        [
          withId(envelope(progress), 'ev-1'),
          withId(envelope(second), 'ev-2'),
          withId(envelope(response), 'ev-3'),
        ],
        runSize,
      );
      const redacted = envelope({ ...progress, params: { progressToken: 1, progress: 9 } });
      const mapped = eachMessage(answer, (item) => {
        const replaced =
          item.message === progress
            ? [redacted]
            : item.message === second
              ? [envelope(second), envelope(second)] // two for one: neither takes the id
              : undefined;
        return later ? Promise.resolve(replaced) : replaced;
      });
      const ids: (string | undefined)[] = [];
      for await (const item of mapped.items) ids.push(item.eventId);
      expect(ids, `later: ${later}`).toEqual(['ev-1', undefined, undefined, 'ev-3']);
    }
  });

  it('fails the answer when a step fails, and ends the upstream items (sync and async steps)', async () => {
    for (const step of [
      () => {
        throw new Error('step broke');
      },
      async () => {
        throw new Error('step broke');
      },
    ]) {
      const { answer, state } = sseAnswer([envelope(progress), envelope(response)], runSize);
      await expect(read(eachMessage(answer, step).items)).rejects.toThrow('step broke');
      expect(state).toEqual({ finished: false, closed: true });
    }
  });

  it('ends the upstream items when its reader returns early', async () => {
    const { answer, state } = sseAnswer([envelope(progress), envelope(second), envelope(response)], runSize);
    for await (const _ of eachMessage(answer, () => undefined).items) break;
    expect(state).toEqual({ finished: false, closed: true });
  });
});

describe.each(SHAPES)('watchItems, items $shape', ({ runSize }) => {
  it('shows every item and ends once: at the end, on a failure (with its error), or when its reader returns', async () => {
    const items = [envelope(progress), envelope(response)];
    const ends: AnswerEnd[] = [];
    const seen: AnswerItem[] = [];
    const { answer } = sseAnswer(items, runSize);
    for await (const _ of watchItems(
      answer.items,
      (item) => seen.push(item),
      (end) => ends.push(end),
    ));
    expect(seen).toEqual(items);
    expect(ends).toEqual([{ failed: false }]);

    const broke = new Error('upstream broke');
    async function* broken(): AsyncGenerator<AnswerItem> {
      yield envelope(progress);
      throw broke;
    }
    async function* brokenRuns(): AsyncGenerator<ItemRun> {
      yield [envelope(progress)];
      throw broke;
    }
    const failedEnds: AnswerEnd[] = [];
    const failing = (async () => {
      for await (const _ of watchItems(
        runSize === undefined ? broken() : new ItemRuns(brokenRuns()),
        () => undefined,
        (end) => failedEnds.push(end),
      ));
    })();
    await expect(failing).rejects.toThrow('upstream broke');
    expect(failedEnds).toEqual([{ failed: true, error: broke }]);

    const early = sseAnswer(items, runSize);
    const returnedEnds: AnswerEnd[] = [];
    for await (const _ of watchItems(
      early.answer.items,
      () => undefined,
      (end) => returnedEnds.push(end),
    ))
      break;
    expect(returnedEnds).toEqual([{ failed: false }]);
    expect(early.state).toEqual({ finished: false, closed: true });
  });
});

describe('watchItems, items listed', () => {
  it('ends at once, failed when the list carries a failure or `watch` throws', () => {
    const ends: AnswerEnd[] = [];
    watchItems(
      new ListedItems([envelope(response)]),
      () => undefined,
      (end) => ends.push(end),
    );
    const broke = new Error('upstream broke');
    watchItems(
      new ListedItems([envelope(progress)], broke),
      () => undefined,
      (end) => ends.push(end),
    );
    const refused = new Error('refused');
    watchItems(
      new ListedItems([envelope(response)]),
      () => {
        throw refused;
      },
      (end) => ends.push(end),
    );
    expect(ends).toEqual([
      { failed: false },
      { failed: true, error: broke },
      { failed: true, error: refused },
    ]);
  });
});

describe('listed items (an answer that arrived whole)', () => {
  const second = { ...progress, params: { progressToken: 1, progress: 2 } };

  it('stays a list through steps that answer at once, and through watching', async () => {
    const items = new ListedItems([envelope(progress), envelope(second), envelope(response, RESPONSE_TEXT)]);
    const answer: McpAnswer = { status: 200, headers: {}, format: 'sse', items };
    const mapped = eachMessage(answer, (item) => (item.message === second ? [] : undefined));
    expect(mapped.items).toBeInstanceOf(ListedItems);
    const seen: AnswerItem[] = [];
    let ends = 0;
    const watched = watchItems(
      mapped.items,
      (item) => seen.push(item),
      () => ends++,
    );
    expect(watched).toBeInstanceOf(ListedItems);
    expect(seen.map((i) => (i.kind === 'message' ? i.message : undefined))).toEqual([progress, response]);
    expect(ends).toBe(1);
  });

  it('turns into a stream at the first step that answers later, each step run once, in order', async () => {
    const runs: unknown[] = [];
    const answer: McpAnswer = {
      status: 200,
      headers: {},
      format: 'sse',
      items: new ListedItems([envelope(progress), envelope(second), envelope(response)]),
    };
    const mapped = eachMessage(answer, (item) => {
      runs.push(item.message);
      return item.message === second
        ? Promise.resolve([envelope({ ...second, params: { progress: 9 } })])
        : undefined;
    });
    expect(mapped.items).not.toBeInstanceOf(ListedItems);
    const out: unknown[] = [];
    for await (const item of mapped.items) if (item.kind === 'message') out.push(item.message);
    expect(out).toEqual([progress, { ...second, params: { progress: 9 } }, response]);
    expect(runs).toEqual([progress, second, response]);
  });

  it('fails where it is read when a step throws', async () => {
    const answer: McpAnswer = {
      status: 200,
      headers: {},
      format: 'sse',
      items: new ListedItems([envelope(response)]),
    };
    const mapped = eachMessage(answer, () => {
      throw new Error('step broke');
    });
    await expect(
      (async () => {
        for await (const _ of mapped.items);
      })(),
    ).rejects.toThrow('step broke');
  });

  it('leaves no failure of a later step unhandled when nobody reads the answer', async () => {
    const answer: McpAnswer = {
      status: 200,
      headers: {},
      format: 'sse',
      items: new ListedItems([envelope(response)]),
    };
    const mapped = eachMessage(answer, async () => {
      throw new Error('scanner down');
    });
    const reader = mapped.items[Symbol.asyncIterator]();
    await reader.return?.(); // the client left before the edge read anything
    await new Promise((resolve) => setTimeout(resolve, 10)); // an unhandled rejection would fail the run here
  });

  it('fails where it is read when a watcher throws, the items before it kept, and ends once', async () => {
    let ends = 0;
    const watched = watchItems(
      new ListedItems([envelope(progress), envelope(response)]),
      (item) => {
        if (item.kind === 'message' && item.message === response) throw new Error('watch broke');
      },
      () => ends++,
    );
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const item of watched) if (item.kind === 'message') seen.push(item.message);
      })(),
    ).rejects.toThrow('watch broke');
    expect(seen).toEqual([progress]);
    expect(ends).toBe(1);
  });

  it('keeps the responses of a batch read before a failure, and answers only the other requests with it', async () => {
    const broken = new Error('a stage failed');
    const failing = (batch: boolean) =>
      encodeAnswer(
        {
          status: 200,
          headers: {},
          format: 'json',
          items: new ListedItems([envelope(response, RESPONSE_TEXT)], broken),
        },
        batch,
        (error, answered) =>
          [1, 2]
            .filter((id) => !answered.has(id))
            .map((id) => ({ jsonrpc: '2.0' as const, id, error: { code: -32603, message: String(error) } })),
      );
    expect(JSON.parse(String((await failing(true)).body))).toEqual([
      response,
      { jsonrpc: '2.0', id: 2, error: { code: -32603, message: 'Error: a stage failed' } },
    ]);
    // a single answer is its error: what was read before may be incomplete
    expect(JSON.parse(String((await failing(false)).body))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'Error: a stage failed' },
    });
  });

  it('is encoded without waiting: JSON when the response comes first, else the events', async () => {
    const json = await encodeAnswer(
      {
        status: 200,
        headers: {},
        format: 'sse',
        items: new ListedItems([{ kind: 'raw', sse: ': hi\n\n' }, envelope(response, RESPONSE_TEXT)]),
      },
      false,
      onError,
      1,
    );
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.body).toBe(RESPONSE_TEXT);
    const sse = await encodeAnswer(
      {
        status: 200,
        headers: {},
        format: 'sse',
        items: new ListedItems([envelope(progress), envelope(response, RESPONSE_TEXT)]),
      },
      false,
      onError,
      1,
    );
    expect(sse.headers['content-type']).toBe('text/event-stream');
    expect(await textOf(sse.body)).toContain(`data: ${RESPONSE_TEXT}\n\n`);
    await expect(
      encodeAnswer(
        { status: 200, headers: {}, format: 'sse', items: new ListedItems([], new Error('cut')) },
        false,
        onError,
        1,
      ),
    ).rejects.toThrow('cut');
  });
});

describe('items in runs', () => {
  /** What a reader sees: the items' wire text in order, then the failure if any. */
  async function readAll(items: AsyncIterable<AnswerItem>): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const item of items) out.push(item.kind === 'raw' ? item.sse : JSON.stringify(item.message));
    } catch (error) {
      out.push(`failed: ${(error as Error).message}`);
    }
    return out;
  }

  const item = fc.oneof(
    fc.nat(20).map((n): AnswerItem => envelope({ ...progress, params: { progressToken: 1, progress: n } })),
    fc.constant<AnswerItem>({ kind: 'raw', sse: ': keep-alive\n\n' }),
  );
  /** A step per progress value: keep, drop, double, at once or later, or fail. */
  const behaviour = fc.constantFrom('keep', 'drop', 'double', 'later', 'later-drop', 'throw', 'reject');
  const stepOf =
    (plan: Record<number, string>): MessageStep =>
    (env) => {
      const n = (env.message as unknown as { params: { progress: number } }).params.progress;
      switch (plan[n] ?? 'keep') {
        case 'drop':
          return [];
        case 'double':
          return [env, env];
        case 'later':
          return Promise.resolve(undefined);
        case 'later-drop':
          return Promise.resolve([]);
        case 'throw':
          throw new Error(`step ${n} broke`);
        case 'reject':
          return Promise.reject(new Error(`step ${n} rejected`));
        default:
          return undefined;
      }
    };

  it('give every stage and the edge the same items, failures and SSE text as one by one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.dictionary(fc.nat(20).map(String), behaviour),
        fc.option(fc.nat(12), { nil: undefined }),
        async (items, runSize, plan, watchFailsAt) => {
          const step = stepOf(plan as unknown as Record<number, string>);
          const through = (answer: McpAnswer) => {
            let seen = 0;
            let ends = 0;
            const mapped = eachMessage(answer, step);
            const watched = watchItems(
              mapped.items,
              () => {
                if (seen++ === watchFailsAt) throw new Error('watch broke');
              },
              () => ends++,
            );
            return { items: watched, ends: () => ends };
          };
          const single = through(sseAnswer(items).answer);
          const runs = through(sseAnswer(items, runSize).answer);
          expect(runs.items).toBeInstanceOf(ItemRuns);
          expect(await readAll(runs.items)).toEqual(await readAll(single.items));
          expect([single.ends(), runs.ends()]).toEqual([1, 1]);
          // and the edge writes the same event stream
          const encoded = async (answer: McpAnswer) => {
            try {
              return await textOf((await encodeAnswer(eachMessage(answer, step), false, onError)).body);
            } catch (error) {
              return `failed: ${(error as Error).message}`;
            }
          };
          expect(await encoded(sseAnswer(items, runSize).answer)).toEqual(
            await encoded(sseAnswer(items).answer),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decide JSON or SSE as items one by one would, and end the upstream when the client leaves', async () => {
    for (const runSize of [1, 2, 3]) {
      const { answer, state } = sseAnswer(
        [{ kind: 'raw', sse: ': hi\n\n' }, envelope(response, RESPONSE_TEXT), envelope(progress)],
        runSize,
      );
      const json = await encodeAnswer(answer, false, onError, 1);
      expect(json.body).toBe(RESPONSE_TEXT);
      await expect.poll(() => state.finished).toBe(true); // the rest is still read

      const streamed = sseAnswer([envelope(progress), envelope(progress), envelope(response)], runSize);
      const sse = await encodeAnswer(streamed.answer, false, onError, 1);
      expect(sse.headers['content-type']).toBe('text/event-stream');
      const body = (sse.body as AsyncIterable<BodyChunk>)[Symbol.asyncIterator]();
      expect(String((await body.next()).value)).toContain('notifications/progress');
      await body.return?.(undefined);
      expect(streamed.state).toEqual({ finished: false, closed: true });
    }
  });
});
