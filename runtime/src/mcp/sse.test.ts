import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSse, parseSse, type SseEvent } from './sse.js';

async function collect(chunks: (string | Uint8Array)[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const event of parseSse(source())) events.push(event);
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
});
