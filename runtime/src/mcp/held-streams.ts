/**
 * Server→client streams opened ahead of the client. An SDK client opens its GET stream without waiting,
 * right after `notifications/initialized`, and sends its next request at once: when the request reaches
 * the upstream first, whatever the upstream asks on the GET stream meanwhile (sampling, elicitation) is
 * lost, because no stream was open yet. So, in a long-lived process, the gateway opens that stream
 * itself as soon as the session is initialized and holds what arrives (bounded in count, characters
 * and time) until the client's GET takes it over on this instance. A GET that reaches another instance while
 * the stream is held is answered 409 by the upstream; it is retried there until the hold has lapsed.
 */
import { unlessAborted } from '../core/abort.js';
import { type AnswerItem, charsOf } from './answer.js';
import { decodeReply } from './upstream/decode.js';
import type { UpstreamSession, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

export interface HeldStreamsOptions {
  /** How long a stream is held for a client that has not opened its GET. Default 3 s. */
  holdMs?: number;
  /**
   * Most messages held per stream: past it, a stream no client took yet is let go, and one a client took
   * waits for the client to read (backpressure up to the upstream). Default 256.
   */
  maxItems?: number;
  /**
   * Most characters of messages held: past it, a stream no client took yet is let go, and one a client
   * took waits for the client to read. Default 4 Mi.
   */
  maxChars?: number;
}

interface Held {
  abort: AbortController;
  items: AnswerItem[];
  /** Characters of the held items. */
  chars: number;
  /** Wakes the reader (once attached) when an item arrives or the stream ends. */
  wake?: () => void;
  /** Wakes the pump when the reader took an item. */
  space?: () => void;
  ended: boolean;
  failure?: unknown;
  attached: boolean;
  timer: NodeJS.Timeout;
  /** Whether the upstream answered the GET with a stream (false: none, an error, a failure). */
  streaming: Promise<boolean>;
  answer: (streaming: boolean) => void;
}

export class HeldStreams {
  private readonly held = new Map<string, Held>();
  private readonly holdMs: number;
  private readonly maxItems: number;
  private readonly maxChars: number;

  constructor(options: HeldStreamsOptions = {}) {
    this.holdMs = options.holdMs ?? 3000;
    this.maxItems = options.maxItems ?? 256;
    this.maxChars = options.maxChars ?? 4 * 1024 * 1024;
  }

  /** How long a GET elsewhere may find the upstream stream taken (the hold). */
  get holdTime(): number {
    return this.holdMs;
  }

  /**
   * Opens the session's server→client stream and holds it for the client's GET. Resolves once the
   * upstream has answered the GET (its stream is then in place), so the caller can hold back the
   * client's 202 until then: the client's next request cannot overtake the stream.
   */
  open(
    key: string,
    target: UpstreamTarget,
    session: UpstreamSession,
    transport: UpstreamTransport,
  ): Promise<void> {
    if (this.held.has(key)) return Promise.resolve();
    let opened!: () => void;
    const answered = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const abort = new AbortController();
    let answer!: (streaming: boolean) => void;
    const entry: Held = {
      abort,
      items: [],
      chars: 0,
      ended: false,
      attached: false,
      // nobody came for it: let it go, so the upstream is not holding a stream for nobody
      timer: setTimeout(() => this.release(key, entry), this.holdMs),
      streaming: new Promise<boolean>((resolve) => {
        answer = resolve;
      }),
      answer: (streaming) => answer(streaming),
    };
    entry.timer.unref?.();
    this.held.set(key, entry);
    void this.pump(key, entry, target, session, transport, opened);
    return answered;
  }

  /**
   * The held stream of a session, for the client's GET (which from then on owns it), if any. Answers once
   * the upstream answered the held GET: when it opened no stream (405, a session it forgot), there is
   * none, and the client's GET asks the upstream itself and learns why.
   */
  async take(key: string, signal: AbortSignal): Promise<AsyncIterable<AnswerItem> | undefined> {
    const entry = this.held.get(key);
    // a client gone already would never read (nor end) it: it stays held for the next one
    // (one the upstream ended is still taken for what it holds: the client resumes after its last event)
    if (entry === undefined || (entry.ended && entry.items.length === 0) || signal.aborted) return undefined;
    this.held.delete(key);
    clearTimeout(entry.timer);
    entry.attached = true;
    // no longer than the hold for an upstream that has not answered yet, nor past the client's leaving
    let timer: NodeJS.Timeout | undefined;
    const answered = await unlessAborted(
      Promise.race([
        entry.streaming,
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), this.holdMs);
        }),
      ]),
      signal,
    );
    clearTimeout(timer);
    if (answered !== true || signal.aborted) {
      entry.abort.abort();
      return undefined;
    }
    const onAbort = () => {
      entry.abort.abort();
      entry.space?.(); // a pump waiting for the reader stops
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return this.read(entry, () => signal.removeEventListener('abort', onAbort));
  }

  /** Lets a session's held stream go (the session ended). */
  drop(key: string): void {
    const entry = this.held.get(key);
    if (entry !== undefined) this.release(key, entry);
  }

  /** Ends every held stream (shutdown). */
  closeAll(): void {
    for (const [key, entry] of this.held) this.release(key, entry);
  }

  private release(key: string, entry: Held): void {
    if (this.held.get(key) === entry) this.held.delete(key);
    clearTimeout(entry.timer);
    if (!entry.attached) entry.abort.abort();
  }

  private async pump(
    key: string,
    entry: Held,
    target: UpstreamTarget,
    session: UpstreamSession,
    transport: UpstreamTransport,
    opened: () => void,
  ): Promise<void> {
    try {
      const reply = await transport.listen(target, session, { signal: entry.abort.signal });
      opened();
      if (reply.status !== 200 || reply.contentType !== 'text/event-stream' || reply.body === undefined) {
        // no stream to hold (405: the upstream offers none): the client's own GET learns it
        this.release(key, entry);
        entry.answer(false);
        for await (const _ of reply.body ?? []);
        return;
      }
      entry.answer(true);
      const signal = entry.abort.signal;
      for await (const item of decodeReply(reply, target)) {
        entry.items.push(item);
        entry.chars += charsOf(item);
        entry.wake?.();
        if (!entry.attached) {
          if (entry.items.length > this.maxItems || entry.chars > this.maxChars) this.release(key, entry);
          continue;
        }
        // a client that reads slowly slows the upstream stream down, rather than filling memory
        while ((entry.items.length >= this.maxItems || entry.chars > this.maxChars) && !signal.aborted)
          await new Promise<void>((resolve) => {
            entry.space = resolve;
          });
      }
    } catch (error) {
      entry.failure = error;
    } finally {
      entry.answer(false); // no effect once answered
      opened();
      entry.ended = true;
      entry.wake?.();
      // what it held waits for the client's GET until the hold ends (an upstream that closes its stream
      // right after a request, asking clients to poll, must not lose that request)
      if (!entry.attached && entry.items.length === 0) this.release(key, entry);
    }
  }

  private async *read(entry: Held, done: () => void): AsyncGenerator<AnswerItem> {
    try {
      for (;;) {
        const item = entry.items.shift();
        if (item !== undefined) {
          entry.chars -= charsOf(item);
          entry.space?.();
          entry.space = undefined;
          yield item;
          continue;
        }
        if (entry.ended) {
          if (entry.failure !== undefined && !entry.abort.signal.aborted) throw entry.failure;
          return;
        }
        await new Promise<void>((resolve) => {
          entry.wake = resolve;
        });
        entry.wake = undefined;
      }
    } finally {
      done();
      entry.abort.abort(); // the client left or the stream ended: the upstream stream closes with it
      entry.space?.();
    }
  }
}
