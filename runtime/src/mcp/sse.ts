/**
 * Server-Sent Events: an incremental parser for upstream streams and an encoder for the client side.
 * The proxy re-emits what it parsed, so the parser keeps what a faithful copy needs: comments
 * (heartbeats), and events that carry only an id or a retry.
 */

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

/** Splits a byte stream into events as they arrive, per the WHATWG event-stream line rules. */
export async function* parseSse(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let current: SseEvent = {};
  let data: string[] = [];
  const flush = (): SseEvent | undefined => {
    const out = current;
    if (data.length > 0) out.data = data.join('\n');
    current = {};
    data = [];
    const empty =
      out.data === undefined && out.id === undefined && out.retry === undefined && out.comments === undefined;
    return empty ? undefined : out;
  };
  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffer.search(/\r\n|\r|\n/);
    while (newline !== -1) {
      // a lone '\r' at the end may be the first half of '\r\n': wait for more input
      if (buffer[newline] === '\r' && newline === buffer.length - 1) break;
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        const out = flush();
        if (out !== undefined) yield out;
      } else if (line.startsWith(':')) {
        current.comments = [...(current.comments ?? []), line.slice(1)];
      } else {
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') current.event = value;
        else if (field === 'id' && !value.includes('\0')) current.id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) current.retry = Number(value);
      }
      newline = buffer.search(/\r\n|\r|\n/);
    }
  }
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
