/**
 * Server-Sent Events: an incremental parser (for upstream streams the gateway must read) and an encoder.
 * Pass-through streams are forwarded as bytes; the parser is used where the gateway has to understand them.
 */

export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

/**
 * Splits a byte stream into events as they arrive, per the WHATWG event-stream rules, except that `id`
 * is the id field of that very event (not the sticky last-event-id): a proxy re-emits exactly what it got.
 */
export async function* parseSse(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  const flush = (): SseEvent | undefined => {
    if (data.length === 0) {
      event = undefined;
      id = undefined;
      retry = undefined;
      return undefined;
    }
    const out: SseEvent = { data: data.join('\n') };
    if (event !== undefined) out.event = event;
    if (id !== undefined) out.id = id;
    if (retry !== undefined) out.retry = retry;
    data = [];
    event = undefined;
    id = undefined;
    retry = undefined;
    return out;
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
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
        else if (field === 'id' && !value.includes('\0')) id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
      }
      newline = buffer.search(/\r\n|\r|\n/);
    }
  }
}

export function encodeSse(event: SseEvent): string {
  let out = '';
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  if (event.retry !== undefined) out += `retry: ${event.retry}\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}
