/**
 * Keep-alive comments on quiet event streams: whatever stands between the gateway and its client (API
 * Gateway, a load balancer, a proxy) may close a connection that carries nothing for a while, which a
 * long tool call without progress or an idle GET stream would otherwise do.
 */
import { type BodyChunk, type HttpResponse, isStreamingBody } from './http.js';

/**
 * A streamed answer's body: an event stream with a `: keep-alive` comment after every `everyMs` of
 * silence (only ever between two events), any other body as it is.
 */
export function keptAlive(response: HttpResponse, everyMs: number): AsyncIterable<BodyChunk> {
  const body = response.body;
  if (!isStreamingBody(body)) throw new TypeError('keptAlive takes a streamed answer');
  return /^text\/event-stream/i.test(response.headers['content-type'] ?? '')
    ? commented(body, everyMs)
    : body;
}

async function* commented(chunks: AsyncIterable<BodyChunk>, everyMs: number): AsyncGenerator<BodyChunk> {
  const iterator = chunks[Symbol.asyncIterator]();
  // what the next chunk came to, once it came; a wait wakes on it or on the timer. The body's promise is
  // listened to once (a quiet stream of days must not gather a listener per comment)
  let outcome: { next: IteratorResult<BodyChunk> } | { failed: unknown } | undefined;
  let wake: (() => void) | undefined;
  const pull = () => {
    outcome = undefined;
    iterator.next().then(
      (next) => {
        outcome = { next };
        wake?.();
      },
      (failed: unknown) => {
        outcome = { failed };
        wake?.();
      },
    );
  };
  // at an event's end (a chunk may, in principle, end inside one: no comment goes there)
  let between = true;
  let timer: NodeJS.Timeout | undefined;
  pull();
  try {
    for (;;) {
      if (outcome === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, everyMs);
        });
        wake = undefined;
        clearTimeout(timer);
      }
      if (outcome === undefined) {
        if (between) yield ': keep-alive\n\n';
        continue;
      }
      if ('failed' in outcome) throw outcome.failed;
      const { next } = outcome;
      if (next.done === true) return;
      const text = typeof next.value === 'string' ? next.value : Buffer.from(next.value).toString('latin1');
      if (text.length > 0) between = /(\r\n|\r|\n)(\r\n|\r|\n)$/.test(text.slice(-4));
      yield next.value;
      pull();
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
}
