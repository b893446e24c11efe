/**
 * An upstream reply → the messages of the answer. JSON bodies are read whole (bounded) and must be
 * JSON-RPC; SSE streams are parsed as they arrive (linear, each event bounded), JSON-RPC events become
 * messages with their text kept, heartbeats and other events pass as raw SSE. `answerEvery` guarantees
 * that every forwarded request gets exactly one answer, whatever the upstream does.
 */
import { StringDecoder } from 'node:string_decoder';
import { GatewayError } from '../../core/errors.js';
import {
  type AnswerItem,
  batchMembers,
  envelope,
  errorEnvelope,
  type ItemRun,
  ItemRuns,
  ListedItems,
  messageTooLarge,
  type RawEvent,
} from '../answer.js';
import { isResponse, type JsonRpcId, type JsonRpcResponse, upstreamMessage } from '../jsonrpc.js';
import { encodeSse, type SseEvent, SseParser } from '../sse.js';
import { readText } from './body.js';
import type { UpstreamReply, UpstreamTarget } from './types.js';

const notJsonRpc = (name: string) =>
  new GatewayError('upstream_error', `Upstream server "${name}" answered something that is not JSON-RPC.`);

/** The reply's messages, in order; throws typed errors (the caller turns them into answers). */
export function decodeReply(reply: UpstreamReply, target: UpstreamTarget): AsyncIterable<AnswerItem> {
  if (reply.items !== undefined) return reply.items;
  if (reply.body === undefined) return none();
  const whole = reply.takeWhole?.();
  if (whole !== undefined) return decodeWhole(whole, reply.contentType, target);
  if (reply.contentType === 'text/event-stream') return new ItemRuns(decodeSse(reply.body, target));
  return decodeJson(reply.body, target);
}

async function* none(): AsyncGenerator<AnswerItem> {}

/** A body that arrived whole, decoded at once: the same items (and failure) as read as a stream. */
function decodeWhole(
  chunks: Uint8Array[],
  contentType: string | undefined,
  target: UpstreamTarget,
): ListedItems {
  const out: AnswerItem[] = [];
  try {
    if (contentType === 'text/event-stream') {
      const ready: SseEvent[] = [];
      const parser = sseParser(ready, target);
      const decoder = new StringDecoder('utf8');
      // the events of each chunk become items before the next is fed: a later event over the size limit
      // leaves those before it standing, as on a stream
      for (const chunk of chunks) feed(parser, decoder.write(chunk), ready, out, target.name);
      feed(parser, decoder.end(), ready, out, target.name);
    } else {
      let size = 0;
      for (const chunk of chunks) size += chunk.byteLength;
      if (size > target.maxMessageBytes) throw messageTooLarge(target.name, target.maxMessageBytes);
      const text = (chunks.length === 1 ? Buffer.from(chunks[0]!) : Buffer.concat(chunks)).toString('utf8');
      jsonItems(text, target, out);
    }
  } catch (error) {
    return new ListedItems(out, error);
  }
  return new ListedItems(out);
}

async function* decodeJson(
  body: AsyncIterable<Uint8Array>,
  target: UpstreamTarget,
): AsyncGenerator<AnswerItem> {
  let text: string;
  try {
    text = await readText(body, target.name, target.maxMessageBytes);
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'upstream_error')
      throw messageTooLarge(target.name, target.maxMessageBytes);
    throw error;
  }
  const out: AnswerItem[] = [];
  let failure: unknown;
  try {
    jsonItems(text, target, out);
  } catch (error) {
    failure = error;
  }
  yield* out; // what was decoded before a failure still goes on
  if (failure !== undefined) throw failure;
}

/** A JSON body's messages, appended to `out`; throws when it is not JSON-RPC. */
function jsonItems(text: string, target: UpstreamTarget, out: AnswerItem[]): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notJsonRpc(target.name);
  }
  const values = Array.isArray(value) ? value : [value];
  const texts = Array.isArray(value) ? undefined : text;
  for (const member of values) {
    let message: ReturnType<typeof upstreamMessage>;
    try {
      message = upstreamMessage(member);
    } catch {
      throw notJsonRpc(target.name);
    }
    // a batch answer's members are re-serialised one by one; a single answer keeps its text
    out.push(envelope(message, texts));
  }
}

const sseParser = (ready: SseEvent[], target: UpstreamTarget) =>
  new SseParser((event) => ready.push(event), {
    maxEventBytes: target.maxMessageBytes,
    tooLarge: (limit) => messageTooLarge(target.name, limit),
  });

/**
 * An SSE body's items, a run per body chunk (the events it completed), the parser fed straight from the
 * body's chunks.
 */
async function* decodeSse(body: AsyncIterable<Uint8Array>, target: UpstreamTarget): AsyncGenerator<ItemRun> {
  const ready: SseEvent[] = [];
  const parser = sseParser(ready, target);
  // a character split between chunks is joined (StringDecoder: a fraction of TextDecoder's cost per chunk)
  const decoder = new StringDecoder('utf8');
  const fed = (text: string) => {
    const run: AnswerItem[] = [];
    try {
      feed(parser, text, ready, run, target.name);
      return { run, failure: undefined };
    } catch (failure) {
      return { run, failure };
    }
  };
  for await (const chunk of body) {
    const { run, failure } = fed(decoder.write(chunk));
    if (run.length > 0) yield run;
    if (failure !== undefined) throw failure;
  }
  const { run, failure } = fed(decoder.end());
  if (run.length > 0) yield run;
  if (failure !== undefined) throw failure;
}

/**
 * Feeds `text` to the parser; the events it completed become items in `out`, those before an event over
 * the size limit too (the parser then throws), as they would had they come in chunks of their own.
 */
function feed(parser: SseParser, text: string, ready: SseEvent[], out: AnswerItem[], name: string): void {
  try {
    parser.feed(text);
  } finally {
    for (const event of ready) itemsOf(event, out, name);
    ready.length = 0;
  }
}

/** What one SSE event becomes in the answer, appended to `out` (`name`: the upstream server's). */
function itemsOf(event: SseEvent, out: AnswerItem[], name: string): void {
  if (event.data === undefined || (event.event !== undefined && event.event !== 'message')) {
    out.push(raw(event));
    return;
  }
  let messages: ReturnType<typeof upstreamMessage>[] | undefined;
  let batch = false;
  let value: unknown;
  // a priming event's empty data is no message (and a parse that throws costs a stack trace)
  if (event.data !== '') {
    try {
      value = JSON.parse(event.data);
      // an event may hold a batch (2024-11-05 and 2025-03-26): each member goes on as a message of its own
      batch = Array.isArray(value);
      if (!Array.isArray(value)) messages = [upstreamMessage(value)];
      else if (value.length > 0) messages = value.map(upstreamMessage);
    } catch {
      // not JSON-RPC: a client could do nothing with it, so it is dropped (its comments stay)
    }
  }
  if (messages !== undefined) {
    // a batch's members are serialised one by one; a single message keeps its text
    const items = batch ? batchMembers(messages, event.data.length) : [envelope(messages[0]!, event.data)];
    // a client resumes after the whole event: its id goes with its last message
    if (event.id !== undefined) items.at(-1)!.eventId = event.id;
    // what the event says besides its message goes on as an event of its own: its comments, and the
    // reconnection time (`retry`) the client's SSE parser keeps
    if (event.comments !== undefined || event.retry !== undefined)
      out.push({
        kind: 'raw',
        sse: encodeSse({
          ...(event.comments !== undefined ? { comments: event.comments } : {}),
          ...(event.retry !== undefined ? { retry: event.retry } : {}),
        }),
      });
    out.push(...items);
    return;
  }
  // an answer to a request that is not JSON-RPC (`result` and `error` both, say) answers it with an error
  // naming the server: dropped, its request would wait on, its event id passed (a resumption skips it)
  const id = (value as { id?: unknown } | null)?.id;
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !('method' in value) &&
    (typeof id === 'string' || typeof id === 'number')
  ) {
    const error = errorEnvelope(id, notJsonRpc(name));
    if (event.id !== undefined) error.eventId = event.id;
    out.push(error);
    return;
  }
  // data that is not JSON-RPC is dropped (a client could do nothing with it), except empty data: a
  // priming event (an id and empty data, SEP-1699) must stay an event for an SSE parser to report its id
  const { data, event: _event, ...others } = event;
  const rest: SseEvent = data === '' ? { ...others, data } : others;
  if (rest.comments === undefined && rest.id === undefined && rest.retry === undefined) return;
  out.push(raw(rest));
}

const raw = (event: SseEvent): RawEvent =>
  event.id === undefined
    ? { kind: 'raw', sse: encodeSse(event) }
    : { kind: 'raw', sse: encodeSse(event), eventId: event.id };

/**
 * Passes the items on and, when the upstream stops (cleanly or not) before answering every request in
 * `pending`, answers each unanswered one with a JSON-RPC error: no client request is left waiting.
 *
 * With `resumable` (the session era), a stream whose events carry ids and that the upstream closes
 * cleanly is one the client resumes (SEP-1699 polling: it reconnects with `Last-Event-ID` and gets the
 * answers there), so its open requests are left to that resumption; so is one whose connection broke (a
 * disconnection is no cancellation: the upstream replays on the client's resumption). A stream the
 * gateway itself gave up on (its timeout, a message over the limit) still answers with the error.
 */
export function answerEvery(
  items: AsyncIterable<AnswerItem>,
  pending: readonly JsonRpcId[],
  target: UpstreamTarget,
  resumable = false,
): AsyncIterable<AnswerItem> {
  if (items instanceof ItemRuns) return new ItemRuns(answerRuns(items.runs, pending, target, resumable));
  if (!(items instanceof ListedItems)) return answerStream(items, pending, target, resumable);
  const answers = new Answers(pending, target, resumable);
  const out = items.list.flatMap((item) => answers.pass(item));
  out.push(...answers.owed(items.failure, items.failure !== undefined));
  return new ListedItems(out);
}

async function* answerStream(
  items: AsyncIterable<AnswerItem>,
  pending: readonly JsonRpcId[],
  target: UpstreamTarget,
  resumable: boolean,
): AsyncGenerator<AnswerItem> {
  const answers = new Answers(pending, target, resumable);
  let failure: unknown;
  let failed = false;
  try {
    for await (const item of items) yield* answers.pass(item);
  } catch (error) {
    failure = error;
    failed = true;
  }
  yield* answers.owed(failure, failed);
}

async function* answerRuns(
  runs: AsyncIterable<ItemRun>,
  pending: readonly JsonRpcId[],
  target: UpstreamTarget,
  resumable: boolean,
): AsyncGenerator<ItemRun> {
  const answers = new Answers(pending, target, resumable);
  let failure: unknown;
  let failed = false;
  try {
    for await (const run of runs) {
      const kept = run.flatMap((item) => answers.pass(item));
      if (kept.length > 0) yield kept;
    }
  } catch (error) {
    failure = error;
    failed = true;
  }
  const owed = answers.owed(failure, failed);
  if (owed.length > 0) yield owed;
}

/** Which requests of a call are answered so far. */
class Answers {
  private readonly open: Set<JsonRpcId>;
  private readonly asked: ReadonlySet<JsonRpcId>;
  private withIds = false;
  /** The first error the upstream could not tie to a request, while one request was open. */
  private unattributed: JsonRpcResponse | undefined;

  constructor(
    pending: readonly JsonRpcId[],
    private readonly target: UpstreamTarget,
    private readonly resumable: boolean,
  ) {
    this.open = new Set(pending);
    this.asked = new Set(pending);
  }

  /**
   * What goes on of an item: none for a second response to the same request (it would confuse the
   * client), for one to a request not asked here or for a result without an id. An error the upstream
   * could not tie to a request (`id: null`, e.g. a 400 for an unknown session) while one request is open
   * becomes its answer at the end, if it has no other by then.
   */
  pass(item: AnswerItem): AnswerItem[] {
    if (item.eventId !== undefined) this.withIds = true;
    if (item.kind !== 'message' || !isResponse(item.message)) return [item];
    const { message } = item;
    if (message.id === null) {
      // a result answers a request by its id: one without is no answer (and must not stand in for one)
      if (message.error === undefined) return this.asked.size === 0 ? [item] : [];
      if (this.open.size !== 1) return [item];
      // held until the end: it may be about another message of the body (a client's response, a
      // notification), and the request's own answer may still come
      this.unattributed ??= message;
      return [];
    }
    // a response to nothing asked here cannot be this client's (replays of a listen stream ask nothing)
    if (!this.asked.has(message.id)) return this.asked.size === 0 ? [item] : [];
    return this.open.delete(message.id) ? [item] : [];
  }

  /** Once the upstream's items are over (`failed`: with `failure`): an error for each request still open. */
  owed(failure: unknown, failed: boolean): AnswerItem[] {
    if (this.open.size === 0) return [];
    // the one request left unanswered is the one the upstream could not tie its error to
    const [only] = this.open;
    if (this.unattributed !== undefined && this.open.size === 1 && only !== undefined)
      return [envelope({ ...this.unattributed, id: only })];
    if (this.resumable && this.withIds && (!failed || broken(failure))) return [];
    const { name } = this.target;
    const error = !failed
      ? new GatewayError(
          'upstream_error',
          `Upstream server "${name}" ended its answer without responding to the request.`,
        )
      : failure instanceof GatewayError
        ? failure
        : new GatewayError('upstream_unavailable', `Upstream server "${name}" broke the stream.`);
    return [...this.open].map((id) => errorEnvelope(id, error));
  }
}

/** A connection that broke, as opposed to an answer the gateway refused or stopped waiting for. */
const broken = (failure: unknown) =>
  !(failure instanceof GatewayError) || failure.code === 'upstream_unavailable';

/** The result of request `id` in an upstream reply (JSON or SSE); undefined when it failed or never came. */
export async function resultOfReply(
  reply: UpstreamReply,
  target: UpstreamTarget,
  id: JsonRpcId,
): Promise<Record<string, unknown> | undefined> {
  for await (const item of decodeReply(reply, target)) {
    if (item.kind !== 'message' || !isResponse(item.message) || item.message.id !== id) continue;
    const { result } = item.message;
    return typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : undefined;
  }
  return undefined;
}
