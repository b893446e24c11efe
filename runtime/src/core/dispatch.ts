/**
 * One outbound request on an undici dispatcher, with a handler of our own instead of undici's `request`
 * API: no Readable stream, no event emitter and no per-request redirect or abort wrappers between the
 * socket and the reader. The body is an async iterable fed straight from the parser, with backpressure
 * (the parser pauses while more than {@link HIGH_WATER_MARK} bytes wait to be read).
 */
import type { Dispatcher } from 'undici';
import { type OutboundResponse, OutboundTimeout } from './http-client.js';

const HIGH_WATER_MARK = 64 * 1024;

/** Lower-case names, repeated headers joined with `, ` (undici hands them over as raw name/value pairs). */
function headersOf(raw: Buffer[] | string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString().toLowerCase();
    const value = raw[i + 1]!.toString();
    const seen = headers[name];
    headers[name] = seen === undefined ? value : `${seen}, ${value}`;
  }
  return headers;
}

export interface DispatchOptions {
  origin: string;
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** See `OutboundRequest.timeoutMs`: one timer, cleared when the answer ends or fails. */
  timeoutMs?: number;
}

const abortReason = (signal: AbortSignal) =>
  signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');

/**
 * Sends a request and answers its status, headers and body once the headers arrive. The body must be
 * read to its end (or its iterator returned): a reader that stops early aborts the request, which
 * closes its connection. An abort of `signal`, or the end of `timeoutMs`, fails the request, or the
 * body's next read.
 */
export function dispatch(dispatcher: Dispatcher, options: DispatchOptions): Promise<OutboundResponse> {
  const { signal } = options;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let buffered = 0;
    let ended = false;
    let failure: Error | undefined;
    let answered = false;
    let abortRequest: ((reason: Error) => void) | undefined;
    let resumeParser: (() => void) | undefined;
    let paused = false;
    /** The reader returned the iterator: it reads nothing more. */
    let returned = false;
    /** The reader waiting for the next chunk, if any. */
    let waiting: { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: Error) => void } | undefined;

    const onAbort = () => {
      const reason = abortReason(signal);
      if (abortRequest !== undefined) abortRequest(reason);
      else fail(reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const { timeoutMs } = options;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            const reason = new OutboundTimeout(timeoutMs);
            if (abortRequest !== undefined) abortRequest(reason);
            else fail(reason);
          }, timeoutMs);
    timer?.unref();
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
    };

    function fail(error: Error) {
      if (ended || failure !== undefined) return;
      failure = error;
      chunks.length = 0; // an aborted answer relays nothing more, as undici's own body would not
      buffered = 0;
      settle();
      if (!answered) {
        answered = true;
        reject(error);
      } else if (waiting !== undefined) {
        const w = waiting;
        waiting = undefined;
        w.reject(error);
      }
    }

    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next(): Promise<IteratorResult<Uint8Array>> {
          untouched = false;
          if (returned) return Promise.resolve({ done: true, value: undefined });
          if (failure !== undefined) return Promise.reject(failure);
          if (waiting !== undefined) return Promise.reject(new Error('The body is already being read.'));
          const chunk = takeBuffered();
          if (chunk !== undefined) return Promise.resolve({ done: false, value: chunk });
          if (ended) return Promise.resolve({ done: true, value: undefined });
          return new Promise((res, rej) => {
            waiting = { resolve: res, reject: rej };
          });
        },
        return(): Promise<IteratorResult<Uint8Array>> {
          // a reader that stops early: the rest is not wanted, the connection cannot be reused
          returned = true;
          if (waiting !== undefined) {
            const w = waiting;
            waiting = undefined;
            w.resolve({ done: true, value: undefined });
          }
          if (!ended && failure === undefined) {
            const stop = new Error('The response body was not read to its end.');
            abortRequest?.(stop);
            fail(stop);
          }
          chunks.length = 0;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };

    /**
     * Everything buffered, as one chunk (at most about the high-water mark): an upstream that writes each
     * SSE event as an HTTP chunk of its own sends many in one socket read, and its reader takes them in
     * one step instead of one step each.
     */
    const takeBuffered = (): Uint8Array | undefined => {
      if (chunks.length === 0) return undefined;
      const chunk = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
      chunks.length = 0;
      buffered = 0;
      if (paused) {
        paused = false;
        resumeParser?.();
      }
      return chunk;
    };
    /** A waiting reader gets its chunk once the socket read at hand is parsed whole (see `takeBuffered`). */
    let delivery = false;
    const deliver = () => {
      delivery = false;
      if (waiting === undefined) return;
      const chunk = takeBuffered();
      if (chunk === undefined) return;
      const w = waiting;
      waiting = undefined;
      w.resolve({ done: false, value: chunk });
    };

    /** Nothing was read yet: the first read (or `takeWhole`) may take everything buffered. */
    let untouched = true;
    const takeWhole = (): Uint8Array[] | undefined => {
      if (!ended || failure !== undefined || returned || !untouched) return undefined;
      returned = true; // the body now reads as ended
      const whole = chunks.slice();
      chunks.length = 0;
      buffered = 0;
      return whole;
    };

    const handler: Dispatcher.DispatchHandlers = {
      onConnect(abort) {
        abortRequest = abort as (reason: Error) => void;
        // given up on before the connection was up (its timeout, the client): the request is never sent
        if (failure !== undefined) abort(failure);
        else if (signal.aborted) abort(abortReason(signal));
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (statusCode < 200) return true; // 1xx: informational, the answer follows
        resumeParser = resume;
        answered = true;
        resolve({ status: statusCode, headers: headersOf(rawHeaders as Buffer[]), body, takeWhole });
        return true;
      },
      onData(chunk) {
        if (failure !== undefined) return true; // nobody reads it: never pause a parser nobody resumes
        chunks.push(chunk);
        buffered += chunk.length;
        if (waiting !== undefined && !delivery) {
          delivery = true;
          queueMicrotask(deliver);
        }
        if (buffered >= HIGH_WATER_MARK) paused = true;
        return !paused;
      },
      onComplete() {
        if (failure !== undefined) return;
        ended = true;
        settle();
        if (waiting !== undefined && chunks.length === 0) {
          const w = waiting;
          waiting = undefined;
          w.resolve({ done: true, value: undefined });
        }
      },
      onError(error) {
        // what came before the error in the same socket read still reaches a waiting reader, as it would
        // have one chunk at a time; the error fails the read after it
        if (delivery) deliver();
        fail(error);
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin: options.origin,
          path: options.path,
          method: options.method,
          headers: options.headers,
          ...(options.body !== undefined ? { body: options.body } : {}),
        },
        handler,
      );
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
