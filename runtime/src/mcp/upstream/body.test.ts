import { describe, expect, it } from 'vitest';
import { peek } from './body.js';

async function* chunks(...parts: string[]) {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function textOf(body: AsyncIterable<Uint8Array>) {
  const read: Uint8Array[] = [];
  for await (const chunk of body) read.push(chunk);
  return Buffer.concat(read).toString('utf8');
}

describe('peek', () => {
  it('reads a short body ahead and still yields all of it', async () => {
    const { head, body } = await peek(chunks('{"a":', '1}'), 16);
    expect(head).toBe('{"a":1}');
    expect(await textOf(body)).toBe('{"a":1}');
  });

  it('gives no head for a longer body, and yields it whole, what was read ahead first', async () => {
    const { head, body } = await peek(chunks('0123', '4567', '89'), 5);
    expect(head).toBeUndefined();
    expect(await textOf(body)).toBe('0123456789');
  });

  it('counts bytes, not characters, and yields an empty body as empty', async () => {
    expect((await peek(chunks('ééé'), 5)).head).toBeUndefined();
    const empty = await peek(chunks(), 5);
    expect([empty.head, await textOf(empty.body)]).toEqual(['', '']);
  });
});
