import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSse, encodeSseMessage, parseSse, type SseEvent } from './sse.js';

async function* source(...chunks: (string | Uint8Array)[]) {
  yield* chunks;
}

async function collect(chunks: (string | Uint8Array)[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(source(...chunks))) events.push(event);
  return events;
}

describe('parseSse', () => {
  it('reads fields, multi-line data, comments and every line ending', async () => {
    const events = await collect([
      ': comment\r\nevent: message\r\nid: 7\r\nretry: 1500\r\ndata: a\r\ndata: b\r\n\r\n',
      'data: c\r\rdata:d\n\n',
    ]);
    expect(events).toEqual([
      { comments: [' comment'], event: 'message', id: '7', retry: 1500, data: 'a\nb' },
      { data: 'c' },
      { data: 'd' },
    ]);
  });

  it('drops events with nothing to carry and ignores unknown fields', async () => {
    expect(await collect(['event: ping\n\nfoo: bar\ndata: x\n\n'])).toEqual([{ data: 'x' }]);
    // a reconnection time past what anyone waits (and an integer holds) is no field either
    expect(await collect(['retry: 1000000000000000000000\ndata: x\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('keeps the first 16 comments of an event: a stream of bare comments holds no object per line', async () => {
    const events: SseEvent[] = [];
    for await (const event of parseSse(source(':\n'.repeat(100_000), 'data: x\n\n'))) events.push(event);
    expect(events).toEqual([{ comments: Array.from({ length: 16 }, () => ''), data: 'x' }]);
  });

  it('keeps heartbeats (comments) and id-only events so a proxy can re-emit them', async () => {
    const events = await collect([':keep-alive\n\nid: 42\n\n']);
    expect(events).toEqual([{ comments: ['keep-alive'] }, { id: '42' }]);
    expect(events.map(encodeSse).join('')).toBe(':keep-alive\n\nid: 42\n\n');
  });

  it('parses the same events however the bytes are split (property)', async () => {
    const event = fc.record(
      {
        event: fc.constantFrom('message', 'endpoint'),
        id: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
        retry: fc.nat(100000),
        data: fc.string({ unit: 'grapheme' }),
      },
      { requiredKeys: ['data'] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (events, cuts) => {
          const bytes = new TextEncoder().encode(events.map(encodeSse).join(''));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let last = 0;
          for (const point of [...points, bytes.length]) {
            chunks.push(bytes.slice(last, point));
            last = point;
          }
          const expected = events.map((e) => ({ ...e, data: e.data.replace(/\r\n|\r/g, '\n') }));
          expect(await collect(chunks)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('joins a CR LF split across chunks into one line ending, an empty chunk between them too', async () => {
    expect(await collect(['data: a\r', '\n\r', '\ndata: b\n\n'])).toEqual([{ data: 'a' }, { data: 'b' }]);
    expect(await collect(['id: 1\r', '', '\ndata: a\n\n'])).toEqual([{ id: '1', data: 'a' }]);
  });

  it('reads an empty event type as the default one (a message)', async () => {
    expect(await collect(['event:\ndata: x\n\n', 'event: \ndata: y\n\n'])).toEqual([
      { data: 'x' },
      { data: 'y' },
    ]);
  });

  it("bounds one event: an endless data line fails with the caller's error, whatever the chunking", async () => {
    const chunk = 'x'.repeat(64 * 1024);
    async function* endless() {
      yield 'data: ';
      for (let i = 0; i < 400; i++) yield chunk; // 25 MiB, never a newline
    }
    const tooLarge = (limit: number) => new Error(`over ${limit}`);
    const read = async () => {
      for await (const _ of parseSse(endless(), { maxEventBytes: 16 * 1024 * 1024, tooLarge }));
    };
    await expect(read()).rejects.toThrow(`over ${16 * 1024 * 1024}`);
    // the limit counts the event, not the stream: many events under it pass
    async function* many() {
      for (let i = 0; i < 100; i++) yield `data: ${'y'.repeat(1000)}\n\n`;
    }
    let count = 0;
    for await (const _ of parseSse(many(), { maxEventBytes: 2000, tooLarge })) count++;
    expect(count).toBe(100);
  });

  it('counts the bound in UTF-8 bytes, not characters (property: exactly at the byte length passes)', async () => {
    const tooLarge = (limit: number) => new Error(`over ${limit}`);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), async (text) => {
        const data = text.replace(/[\r\n]/g, '');
        const line = `data: ${data}`;
        const bytes = new TextEncoder().encode(line).length;
        const read = async (max: number) => {
          const events: SseEvent[] = [];
          for await (const event of parseSse(source(`${line}\n\n`), { maxEventBytes: max, tooLarge }))
            events.push(event);
          return events;
        };
        expect(await read(bytes)).toEqual([{ data }]);
        await expect(read(bytes - 1)).rejects.toThrow(`over ${bytes - 1}`);
      }),
      { numRuns: 200 },
    );
    // 3-byte characters: 1,000 of them are 3,000 bytes, over a 2,000-byte bound
    const wide = async () => {
      for await (const _ of parseSse(source('data: ', '€'.repeat(1000), '\n\n'), {
        maxEventBytes: 2000,
        tooLarge,
      }));
    };
    await expect(wide()).rejects.toThrow('over 2000');
    // the events before one over the bound still come out, also from the same chunk
    const seen: SseEvent[] = [];
    const before = async () => {
      for await (const event of parseSse(source(`data: one\n\ndata: ${'x'.repeat(100)}\n\n`), {
        maxEventBytes: 50,
        tooLarge,
      }))
        seen.push(event);
    };
    await expect(before()).rejects.toThrow('over 50');
    expect(seen).toEqual([{ data: 'one' }]);
  });

  it('reads a long line arriving in many small chunks (linear: every chunk is scanned once)', async () => {
    const piece = 'z'.repeat(4096);
    async function* long() {
      yield 'data: ';
      for (let i = 0; i < 2048; i++) yield piece; // 8 MiB in 4 KiB chunks
      yield '\n\n';
    }
    const events: SseEvent[] = [];
    for await (const event of parseSse(long())) events.push(event);
    expect(events).toHaveLength(1);
    expect(events[0]?.data?.length).toBe(8 * 1024 * 1024);
  });
});

describe('encodeSseMessage', () => {
  it('writes one message event, its id kept, and splits text with line breaks into data lines', () => {
    expect(encodeSseMessage('{"a":1}', '7')).toBe('event: message\nid: 7\ndata: {"a":1}\n\n');
    expect(encodeSseMessage('{\n"a":1}')).toBe('event: message\ndata: {\ndata: "a":1}\n\n');
  });
});
