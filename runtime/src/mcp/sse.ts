/**
 * Server-Sent Events: an incremental parser for upstream streams and an encoder for the client side.
 *
 * Linear in the input: each chunk is scanned once, and a line that spans chunks is kept as a list of
 * pieces until its end arrives (no re-scan of a growing buffer). One event may not exceed `maxEventBytes`
 * (the UTF-8 bytes of its lines, counted in the same scan); past it the parser throws the caller's error, so one endless
 * `data:` line costs bounded memory and time. Written here rather than taken from `eventsource-parser`,
 * which joins the unfinished line with every new chunk and splits it again (quadratic on one long line),
 * and because the relay needs comments and id-only events too.
 */

/** The comment lines kept of one event (more are dropped, as a browser's parser drops them all). */
const MAX_COMMENTS = 16;

export interface SseEvent {
  event?: string;
  /** The data lines joined with `\n`; undefined when the event had no data field. */
  data?: string;
  /** The id field of this very event (not the sticky last-event-id). */
  id?: string;
  retry?: number;
  /** Comment lines (`: …`) seen since the previous event, without the colon. */
  comments?: string[];
}

export interface SseParserOptions {
  /** Largest event (sum of its lines' UTF-8 lengths, in bytes). Default 16 MiB. */
  maxEventBytes?: number;
  /** The error thrown when an event exceeds the limit. */
  tooLarge?: (limit: number) => Error;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Feeds text in, calls `onEvent` for each complete event; `end()` drops an unterminated last event. */
export class SseParser {
  private pieces: string[] = [];
  private lineLength = 0;
  private eventLength = 0;
  /** The previous chunk ended in '\r': a '\n' starting the next one belongs to it. */
  private skipLf = false;
  /** Some text was fed already (a byte order mark can only open the stream). */
  private begun = false;
  private current: SseEvent = {};
  private data: string[] | undefined;
  private readonly max: number;

  constructor(
    private readonly onEvent: (event: SseEvent) => void,
    private readonly options: SseParserOptions = {},
  ) {
    this.max = options.maxEventBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  feed(chunk: string): void {
    let start = 0;
    const length = chunk.length;
    // nothing to read, and a CR pending from the chunk before still waits for its LF
    if (length === 0) return;
    if (!this.begun && length > 0) {
      this.begun = true;
      if (chunk.charCodeAt(0) === 0xfeff) start = 1; // a byte order mark opening the stream is no content
    }
    if (this.skipLf) {
      this.skipLf = false;
      if (length > 0 && chunk.charCodeAt(0) === 10) start = 1;
    }
    let i = start;
    // UTF-8 bytes beyond one per character since `start`: 1 for U+0080–U+07FF, 2 up to U+FFFF, and
    // 1 per surrogate (a pair is 4 bytes)
    let extra = 0;
    while (i < length) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) {
        if (c >= 0x80) extra += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
        i++;
        continue;
      }
      this.grow(i - start + extra);
      extra = 0;
      this.pieces.push(chunk.slice(start, i));
      this.line();
      if (c === 13) {
        if (i + 1 < length) {
          if (chunk.charCodeAt(i + 1) === 10) i++;
        } else this.skipLf = true;
      }
      i++;
      start = i;
    }
    if (start < length) {
      this.grow(length - start + extra);
      this.pieces.push(chunk.slice(start));
    }
  }

  private grow(n: number): void {
    this.lineLength += n;
    if (this.eventLength + this.lineLength > this.max) {
      const error = this.options.tooLarge?.(this.max) ?? new Error(`An SSE event exceeds ${this.max} bytes.`);
      this.pieces = [];
      throw error;
    }
  }

  private line(): void {
    const line = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    this.pieces = [];
    this.eventLength += this.lineLength;
    this.lineLength = 0;
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) {
      // comments are keep-alives and priming: the first few of an event are kept, not thousands (each
      // an object of its own, tens of times the bytes it took to send)
      if (this.current.comments === undefined) this.current.comments = [];
      if (this.current.comments.length < MAX_COMMENTS) this.current.comments.push(line.slice(1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') {
      if (this.data === undefined) this.data = [];
      this.data.push(value);
    } else if (field === 'event') {
      // an empty type is the default one, `message` (as browsers and the MCP SDKs read it)
      if (value === '') delete this.current.event;
      else this.current.event = value;
    } else if (field === 'id' && !value.includes('\0')) this.current.id = value;
    // (a reconnection time no integer holds exactly, nor anyone would wait, is dropped: passed on, it
    // would reach the client as `1e+21`, no field at all)
    else if (field === 'retry' && /^\d{1,10}$/.test(value)) this.current.retry = Number(value);
  }

  private dispatch(): void {
    const event = this.current;
    if (this.data !== undefined) event.data = this.data.length === 1 ? this.data[0]! : this.data.join('\n');
    this.current = {};
    this.data = undefined;
    this.eventLength = 0;
    if (
      event.data !== undefined ||
      event.id !== undefined ||
      event.retry !== undefined ||
      event.comments !== undefined
    ) {
      this.onEvent(event);
    }
  }
}

/** Parses a byte stream into events as they arrive. */
export async function* parseSse(
  chunks: AsyncIterable<Uint8Array | string>,
  options: SseParserOptions = {},
): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const ready: SseEvent[] = [];
  const parser = new SseParser((event) => ready.push(event), options);
  // the events completed before one over the size limit still go out, then the parser's error
  const fed = (text: string) => {
    try {
      parser.feed(text);
      return undefined;
    } catch (failure) {
      return { failure };
    }
  };
  for await (const chunk of chunks) {
    const failed = fed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) yield ready.shift()!;
    if (failed !== undefined) throw failed.failure;
  }
  const failed = fed(decoder.decode());
  while (ready.length > 0) yield ready.shift()!;
  if (failed !== undefined) throw failed.failure;
}

/** One JSON-RPC message as an SSE event (`event: message`), the id kept for resumption. */
export function encodeSseMessage(text: string, id?: string): string {
  const head = id === undefined ? 'event: message\n' : `event: message\nid: ${id}\n`;
  if (!text.includes('\n') && !text.includes('\r')) return `${head}data: ${text}\n\n`;
  return `${head}${text
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

export function encodeSse(event: SseEvent): string {
  let out = '';
  for (const comment of event.comments ?? []) out += `:${comment}\n`;
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  if (event.retry !== undefined) out += `retry: ${event.retry}\n`;
  if (event.data !== undefined) for (const line of event.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}
