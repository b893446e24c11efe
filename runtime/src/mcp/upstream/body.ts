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
