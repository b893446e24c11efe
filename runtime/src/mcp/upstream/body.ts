import { GatewayError } from '../../core/errors.js';

/** Upstream bodies the gateway must read whole (JSON it rewrites, probe and bridge answers) stop here. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Reads a whole upstream body as UTF-8, refusing more than `limit` bytes. */
export async function readText(
  body: AsyncIterable<Uint8Array> | undefined,
  name: string,
  limit = MAX_BUFFERED_BYTES,
): Promise<string> {
  if (body === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      throw new GatewayError(
        'upstream_error',
        `Upstream server "${name}" answered more than ${limit} bytes.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Consumes a body nobody reads, so its connection goes back to the pool. */
export async function drain(body: AsyncIterable<Uint8Array> | undefined): Promise<void> {
  if (body === undefined) return;
  try {
    for await (const _ of body);
  } catch {
    // a body that breaks while being discarded changes nothing
  }
}

/**
 * The first `limit` bytes of a body as UTF-8, read ahead without consuming it: `body` yields the whole
 * body still. `head` is undefined when the body is longer.
 */
export async function peek(
  body: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<{ head: string | undefined; body: AsyncIterable<Uint8Array> }> {
  const iterator = body[Symbol.asyncIterator]();
  const read: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size <= limit) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    read.push(next.value);
    size += next.value.byteLength;
  }
  const whole = async function* () {
    yield* read;
    if (!done) yield* { [Symbol.asyncIterator]: () => iterator };
  };
  return { head: done ? Buffer.concat(read).toString('utf8') : undefined, body: whole() };
}
