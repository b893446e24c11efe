/**
 * The data plane's answer: a stream of JSON-RPC messages that flows back through the stages, which may
 * observe, rewrite, drop or add messages (asynchronously), whatever the upstream's transport or format.
 * It is encoded once, at the edge (`encodeAnswer`): as one JSON body or as an SSE stream. A message no
 * stage rewrote keeps the exact text the upstream sent (the fast path: no re-serialisation).
 */
import { GatewayError, toJsonRpcError } from '../core/errors.js';
import type { BodyChunk, HttpResponse } from '../core/http.js';
import { inspectJsonText } from '../core/json-depth.js';
import { errorResponse, type JsonRpcId, type JsonRpcMessage, type JsonRpcResponse } from './jsonrpc.js';
import { encodeSseMessage } from './sse.js';

export interface Envelope {
  kind: 'message';
  message: JsonRpcMessage;
  /** The message's text as received; undefined once a stage replaced the message. */
  text: string | undefined;
  /** The upstream's SSE event id (resumption), kept on the way to the client. */
  eventId?: string;
  /** A batch member's share of the characters of the event it came in (it has no text of its own). */
  share?: number;
}

/** SSE content that is not a JSON-RPC message (heartbeat comments, retry hints), relayed as encoded. */
export interface RawEvent {
  kind: 'raw';
  sse: string;
  /** The event's id, when it has one (a priming event of a resumable stream). */
  eventId?: string;
}

export type AnswerItem = Envelope | RawEvent;

export interface McpAnswer {
  status: number;
  headers: Record<string, string>;
  /** How the edge encodes the messages: one JSON body (or a batch array), an SSE stream, or no body. */
  format: 'json' | 'sse' | 'empty';
  items: AsyncIterable<AnswerItem>;
}

export const envelope = (message: JsonRpcMessage, text?: string): Envelope => ({
  kind: 'message',
  message,
  text,
});

/**
 * The members of a batch the upstream sent in one event or body of `chars` characters, each with its
 * share of them: what holds messages (held streams, queues) bounds them by what they took to receive.
 */
export const batchMembers = (messages: JsonRpcMessage[], chars: number): Envelope[] =>
  messages.map((message) => ({ ...envelope(message), share: Math.ceil(chars / messages.length) }));

/**
 * A message a stage judged (scanned, filtered) and left as it was. It goes on as its text, unless that
 * names a member twice in one object: the stage judged the last one (`JSON.parse`), a client decoder may
 * read the first, so it goes on as the message judged.
 */
export function asJudged(item: Envelope): AnswerItem[] | undefined {
  if (item.text === undefined || unambiguous.has(item)) return undefined;
  if (inspectJsonText(item.text, Number.POSITIVE_INFINITY).duplicate !== undefined)
    return [envelope(item.message)];
  unambiguous.add(item);
  return undefined;
}

/** Items whose text names no member twice: each stage judging one need not scan it again. */
const unambiguous = new WeakSet<Envelope>();

/** The characters an item took to receive (a message the gateway made itself: none). */
export const charsOf = (item: AnswerItem): number =>
  item.kind === 'raw' ? item.sse.length : (item.text?.length ?? item.share ?? 0);

async function* none(): AsyncGenerator<AnswerItem> {}

async function* fromList(items: readonly AnswerItem[], failure?: unknown): AsyncGenerator<AnswerItem> {
  yield* items;
  if (failure !== undefined) throw failure;
}

/**
 * Items that are all here already (a small upstream answer arrives whole with its headers): stages and
 * the edge take them as a list, without a round of asynchronous reads per stage. Read as an iterable they
 * are the same items; `failure` is thrown after them, as a reader of the upstream's stream would see it.
 * A stage that wraps the items in a generator of its own simply leaves this fast path.
 */
export class ListedItems implements AsyncIterable<AnswerItem> {
  constructor(
    readonly list: readonly AnswerItem[],
    readonly failure?: unknown,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<AnswerItem> {
    return fromList(this.list, this.failure);
  }
}

const listed = (items: AsyncIterable<AnswerItem>) => (items instanceof ListedItems ? items : undefined);

/** A run of items: what one chunk of an upstream stream carried. */
export type ItemRun = readonly AnswerItem[];

/**
 * Items that arrive in runs (the events one chunk of an upstream stream carried, often hundreds of
 * progress notifications): stages and the edge take a run at a time, one asynchronous hop per run
 * instead of one per item and stage, and the edge writes a run as one piece. Read as an iterable they are
 * the same items, one by one. A stage that wraps the items in a generator of its own leaves this path.
 */
export class ItemRuns implements AsyncIterable<AnswerItem> {
  constructor(readonly runs: AsyncIterable<ItemRun>) {}

  [Symbol.asyncIterator](): AsyncIterator<AnswerItem> {
    return itemsOf(this.runs);
  }
}

async function* itemsOf(runs: AsyncIterable<ItemRun>): AsyncGenerator<AnswerItem> {
  for await (const run of runs) yield* run;
}

export const inRuns = (items: AsyncIterable<AnswerItem>) =>
  items instanceof ItemRuns ? items.runs : undefined;

export function emptyAnswer(status = 202, headers: Record<string, string> = {}): McpAnswer {
  return { status, headers, format: 'empty', items: none() };
}

/** An answer the gateway gives itself (HTTP 200, JSON). */
export function messagesAnswer(messages: readonly JsonRpcMessage[]): McpAnswer {
  return {
    status: 200,
    headers: {},
    format: 'json',
    items: new ListedItems(messages.map((m) => envelope(m))),
  };
}

export const errorEnvelope = (id: JsonRpcId | null, error: GatewayError): Envelope =>
  envelope(errorResponse(id, toJsonRpcError(error)));

/**
 * What a stage does with one message of the answer: keep it (`undefined`), replace it with other items
 * (an empty list drops it).
 */
export type MessageStep = (item: Envelope) => undefined | AnswerItem[] | Promise<undefined | AnswerItem[]>;

/** The answer with `step` applied to every message (raw events pass); for stages that rewrite answers. */
export function eachMessage(answer: McpAnswer, step: MessageStep): McpAnswer {
  const whole = listed(answer.items);
  if (whole !== undefined) return { ...answer, items: mapList(whole, step) };
  const runs = inRuns(answer.items);
  return {
    ...answer,
    items: runs === undefined ? mapItems(answer.items, step) : new ItemRuns(mapRuns(runs, step)),
  };
}

/**
 * What replaces `item` keeps its SSE event id when it is one message for one: a client resuming the
 * stream names the last id it saw, and a replaced message without one would be replayed to it again.
 */
function inPlaceOf(item: Envelope, replaced: AnswerItem[]): AnswerItem[] {
  if (item.eventId === undefined || replaced.length !== 1) return replaced;
  const only = replaced[0]!;
  if (only.kind !== 'message' || only.eventId !== undefined) return replaced;
  return [{ ...only, eventId: item.eventId }];
}

/**
 * `step` over listed items: a list again while every step answers at once; the first step that answers
 * later (a promise) turns the rest into a stream, each step still run exactly once. A step that throws
 * fails the answer where it is read, as it would on a stream.
 */
function mapList(whole: ListedItems, step: MessageStep): AsyncIterable<AnswerItem> {
  const out: AnswerItem[] = [];
  const { list } = whole;
  for (let index = 0; index < list.length; index++) {
    const item = list[index]!;
    if (item.kind !== 'message') {
      out.push(item);
      continue;
    }
    let result: ReturnType<MessageStep>;
    try {
      result = step(item);
    } catch (error) {
      return new ListedItems(out, error);
    }
    if (result instanceof Promise) {
      // awaited where the answer is read; a reader that stops first must not leave it unhandled
      result.catch(() => undefined);
      const rest = new ListedItems(list.slice(index + 1), whole.failure);
      return (async function* () {
        yield* out;
        const replaced = await result;
        if (replaced === undefined) yield item;
        else yield* inPlaceOf(item, replaced);
        yield* mapItems(rest, step);
      })();
    }
    if (result === undefined) out.push(item);
    else out.push(...inPlaceOf(item, result));
  }
  return new ListedItems(out, whole.failure);
}

async function* mapItems(items: AsyncIterable<AnswerItem>, step: MessageStep): AsyncGenerator<AnswerItem> {
  for await (const item of items) {
    if (item.kind !== 'message') {
      yield item;
      continue;
    }
    const result = step(item);
    const replaced = result instanceof Promise ? await result : result;
    if (replaced === undefined) yield item;
    else yield* inPlaceOf(item, replaced);
  }
}

/**
 * `step` over runs. The items a run has ready go on before a step that answers later is awaited (it may
 * wait long: a detector, a store read), and before a step's failure: as they would one by one.
 */
async function* mapRuns(runs: AsyncIterable<ItemRun>, step: MessageStep): AsyncGenerator<ItemRun> {
  for await (const run of runs) {
    let out: AnswerItem[] = [];
    try {
      for (const item of run) {
        if (item.kind !== 'message') {
          out.push(item);
          continue;
        }
        let result = step(item);
        if (result instanceof Promise) {
          if (out.length > 0) {
            result.catch(() => undefined); // a reader that stops at this yield must not leave it unhandled
            yield out;
            out = [];
          }
          result = await result;
        }
        if (result === undefined) out.push(item);
        else out.push(...inPlaceOf(item, result));
      }
    } catch (error) {
      if (out.length > 0) yield out;
      throw error;
    }
    if (out.length > 0) yield out;
  }
}

/** How an answer ended for {@link watchItems}: `failed` with what it threw, or not (read to its end, returned). */
export type AnswerEnd = { failed: false } | { failed: true; error: unknown };
const ENDED_CLEANLY: AnswerEnd = { failed: false };

/**
 * `items` seen by `watch` as they pass, and `done` called once when the answer is over: read to its end,
 * failed (a stream breaking mid-read: the error it is answered with), or returned by its reader.
 */
export function watchItems(
  items: AsyncIterable<AnswerItem>,
  watch: (item: AnswerItem) => void,
  done: (end: AnswerEnd) => void,
): AsyncIterable<AnswerItem> {
  const whole = listed(items);
  if (whole === undefined) {
    const runs = inRuns(items);
    return runs === undefined ? watchStream(items, watch, done) : new ItemRuns(watchRuns(runs, watch, done));
  }
  const { list } = whole;
  for (let index = 0; index < list.length; index++) {
    try {
      watch(list[index]!);
    } catch (error) {
      done({ failed: true, error });
      return new ListedItems(list.slice(0, index), error); // fails where it is read, as a stream would
    }
  }
  done(whole.failure === undefined ? ENDED_CLEANLY : { failed: true, error: whole.failure });
  return whole;
}

async function* watchStream(
  items: AsyncIterable<AnswerItem>,
  watch: (item: AnswerItem) => void,
  done: (end: AnswerEnd) => void,
): AsyncGenerator<AnswerItem> {
  let end = ENDED_CLEANLY;
  try {
    for await (const item of items) {
      watch(item);
      yield item;
    }
  } catch (error) {
    end = { failed: true, error };
    throw error;
  } finally {
    done(end);
  }
}

async function* watchRuns(
  runs: AsyncIterable<ItemRun>,
  watch: (item: AnswerItem) => void,
  done: (end: AnswerEnd) => void,
): AsyncGenerator<ItemRun> {
  let end = ENDED_CLEANLY;
  try {
    for await (const run of runs) {
      for (let index = 0; index < run.length; index++) {
        try {
          watch(run[index]!);
        } catch (error) {
          if (index > 0) yield run.slice(0, index); // the items before it went on, as one by one
          throw error;
        }
      }
      yield run;
    }
  } catch (error) {
    end = { failed: true, error };
    throw error;
  } finally {
    done(end);
  }
}

/**
 * Prepends gateway-made messages (answers to refused batch members) to an answer. Answers to requests go
 * with a 200: the upstream's refusal of the batch's notifications (its 4xx) stays in the body, as an
 * error with a null id, so that a client that reads no body past an error status still gets them.
 */
export function withLeading(answer: McpAnswer, leading: readonly AnswerItem[]): McpAnswer {
  if (leading.length === 0) return answer;
  const format = answer.format === 'empty' ? 'json' : answer.format;
  return {
    ...answer,
    status: answer.format === 'empty' || answer.status >= 400 ? 200 : answer.status,
    format,
    items: (() => {
      const whole = listed(answer.items);
      if (whole !== undefined) return new ListedItems([...leading, ...whole.list], whole.failure);
      const runs = inRuns(answer.items);
      return runs === undefined ? concat(leading, answer.items) : new ItemRuns(concat([leading], runs));
    })(),
  };
}

async function* concat<T>(first: readonly T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* first;
  yield* rest;
}

/** How long the edge waits for an SSE answer's first message before it streams (see `encodeAnswer`). */
const JSON_WINDOW_MS = 5;

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/**
 * A message's text for the wire: as received, or serialised when a stage rewrote it. A rewritten
 * message nested too deeply for `JSON.stringify` (it recurses) would throw after the headers went out
 * and cut the stream, so a response becomes an error for its request instead and any other message is
 * dropped (undefined).
 */
function textOf(item: Envelope): string | undefined {
  if (item.text !== undefined) return item.text;
  try {
    return JSON.stringify(item.message);
  } catch {
    if ('method' in item.message) return undefined;
    const error = new GatewayError('upstream_error', 'The upstream answer is nested too deeply to relay.');
    return JSON.stringify(errorResponse(item.message.id, toJsonRpcError(error)));
  }
}

/** The wire text of `item` when it is the response to request `id` (then it can be the whole answer). */
function responseText(item: AnswerItem, id: JsonRpcId): string | undefined {
  if (item.kind !== 'message' || !('id' in item.message) || item.message.id !== id) return undefined;
  if ('method' in item.message) return undefined;
  return textOf(item);
}

/**
 * The edge: an answer → the HTTP response. A JSON answer is read whole before its status is sent, so a
 * failure while reading it still becomes well-formed JSON-RPC: `onError` answers the requests the
 * responses read so far (`answered`) leave open (a single answer is replaced by its error; a batch keeps
 * what it has). An SSE answer streams as its items come. A batch is answered with an array of the
 * responses. `jsonFor` is the id of the one request of a client that accepts JSON: an SSE answer that
 * starts with its response is sent as JSON. `jsonOnly`: the client takes no event stream (its Accept names
 * JSON alone): an SSE answer is read whole and answered as JSON, its notifications left out.
 */
export async function encodeAnswer(
  answer: McpAnswer,
  batch: boolean,
  onError: AnswerFailure,
  jsonFor?: JsonRpcId,
  jsonOnly = false,
): Promise<HttpResponse> {
  if (answer.format === 'empty') {
    void drainItems(answer.items);
    return { status: answer.status, headers: answer.headers };
  }
  if (answer.format === 'sse' && jsonFor !== undefined && !jsonOnly) {
    // an SSE answer whose first message is the response, there within moments, is the whole answer (the
    // upstream ends the stream after it): the client gets one JSON body, which it reads at a fraction of
    // an event stream's cost. Events that are no JSON-RPC message (a resumable stream's priming event, a
    // comment, an event of another type) may come first: a complete answer has nothing to resume, and a
    // client reading JSON could do nothing with them, so they are left out. Anything else
    // streams, and a slow first message does not hold the head back (a client may wait for it before it
    // opens the stream a server→client request waits on).
    const whole = listed(answer.items);
    if (whole !== undefined) {
      // all here already: no waiting, the first message decides
      const item = whole.list.find((i) => i.kind !== 'raw');
      if (item === undefined && whole.failure !== undefined) throw whole.failure;
      const text = item === undefined ? undefined : responseText(item, jsonFor);
      return text !== undefined ? jsonResponse(answer, text) : sseResponse(answer, whole, onError);
    }
    const runs = inRuns(answer.items);
    if (runs !== undefined) return await jsonOrRuns(answer, runs, jsonFor, onError);
    const iterator = answer.items[Symbol.asyncIterator]();
    const leading: AnswerItem[] = [];
    let pending = iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), JSON_WINDOW_MS);
    });
    let first: IteratorResult<AnswerItem> | undefined;
    try {
      for (;;) {
        first = await Promise.race([pending, expired]);
        if (first === undefined || first.done === true || first.value.kind !== 'raw') break;
        leading.push(first.value);
        pending = iterator.next();
      }
    } finally {
      clearTimeout(timer);
    }
    const item = first?.done === false ? first.value : undefined;
    const text = item === undefined ? undefined : responseText(item, jsonFor);
    if (text !== undefined)
      return {
        ...jsonResponse(answer, text),
        // the rest of the upstream stream is still read (its connection goes back to the pool, and the
        // stages that record the answer see it end)
        after: drainItems({ [Symbol.asyncIterator]: () => iterator }),
      };
    return sseResponse(answer, resumed(leading, pending, iterator), onError);
  }
  if (answer.format === 'sse' && !jsonOnly) return sseResponse(answer, answer.items, onError);
  const responses: string[] = [];
  const answered = new Set<JsonRpcId | null>();
  try {
    for await (const item of answer.items) {
      if (item.kind !== 'message' || 'method' in item.message) continue;
      const text = textOf(item);
      if (text === undefined) continue;
      responses.push(text);
      answered.add(item.message.id);
    }
  } catch (error) {
    if (!batch) {
      responses.length = 0;
      answered.clear();
    }
    for (const failed of onError(error, answered)) responses.push(JSON.stringify(failed));
  }
  if (responses.length === 0) return { status: 202, headers: answer.headers };
  return jsonResponse(answer, batch ? `[${responses.join(',')}]` : responses[0]!);
}

const jsonResponse = (answer: McpAnswer, body: string): HttpResponse => ({
  status: answer.status,
  headers: { 'content-type': 'application/json', ...answer.headers },
  body,
});

/**
 * `encodeAnswer`'s choice for an answer in runs: the runs read within the window up to the first message
 * decide, as items one by one would.
 */
async function jsonOrRuns(
  answer: McpAnswer,
  runs: AsyncIterable<ItemRun>,
  jsonFor: JsonRpcId,
  onError: AnswerFailure,
): Promise<HttpResponse> {
  const iterator = runs[Symbol.asyncIterator]();
  const leading: AnswerItem[] = [];
  let rest: ItemRun = [];
  let first: AnswerItem | undefined;
  let pending: Promise<IteratorResult<ItemRun>> | undefined = iterator.next();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), JSON_WINDOW_MS);
  });
  try {
    while (pending !== undefined) {
      const next = await Promise.race([pending, expired]);
      if (next === undefined) break; // the window is over, that run still to come
      pending = undefined;
      if (next.done === true) break;
      const index = next.value.findIndex((item) => item.kind !== 'raw');
      if (index === -1) {
        leading.push(...next.value);
        pending = iterator.next();
        continue;
      }
      leading.push(...next.value.slice(0, index));
      first = next.value[index];
      rest = next.value.slice(index + 1);
    }
  } finally {
    clearTimeout(timer);
  }
  const text = first === undefined ? undefined : responseText(first, jsonFor);
  if (text !== undefined)
    return {
      ...jsonResponse(answer, text),
      after: drainItems(new ItemRuns(concat([rest], { [Symbol.asyncIterator]: () => iterator }))),
    };
  const head = first === undefined ? leading : [...leading, first, ...rest];
  return sseResponse(answer, new ItemRuns(resumedRuns(head, pending, iterator)), onError);
}

/** A run read already (`head`), then the runs of an iterator whose next `next()` may be under way. */
async function* resumedRuns(
  head: ItemRun,
  pending: Promise<IteratorResult<ItemRun>> | undefined,
  rest: AsyncIterator<ItemRun>,
): AsyncGenerator<ItemRun> {
  // a reader that stops first must not leave its failure unhandled (`rest.return` still waits for it)
  pending?.catch(() => undefined);
  try {
    if (head.length > 0) yield head;
    for (let next = await (pending ?? rest.next()); next.done !== true; next = await rest.next())
      yield next.value;
  } finally {
    await rest.return?.();
  }
}

/** The error responses owed when an answer fails: for the requests the responses read so far leave open. */
type AnswerFailure = (error: unknown, answered: ReadonlySet<JsonRpcId | null>) => JsonRpcResponse[];

const sseResponse = (
  answer: McpAnswer,
  items: AsyncIterable<AnswerItem>,
  onError: AnswerFailure,
): HttpResponse => {
  const runs = inRuns(items);
  const answered = new Set<JsonRpcId | null>();
  const body = runs === undefined ? sseBody(items, answered) : sseRunsBody(runs, answered);
  return {
    status: answer.status,
    headers: { ...SSE_HEADERS, ...answer.headers },
    body: answerOwed(body, answered, onError),
  };
};

/**
 * A stream that fails once its head is sent (a stage's step failing mid-answer; the upstream's own
 * failures are answered before) still answers each open request: an error event each, then its end.
 */
async function* answerOwed(
  body: AsyncIterable<BodyChunk>,
  answered: ReadonlySet<JsonRpcId | null>,
  onError: AnswerFailure,
): AsyncGenerator<BodyChunk> {
  try {
    yield* body;
  } catch (error) {
    for (const failed of onError(error, answered))
      if (failed.id !== null && !answered.has(failed.id)) yield encodeSseMessage(JSON.stringify(failed));
  }
}

/** The SSE text of one item, or undefined when nothing of it goes on the wire; a response sent is `answered`. */
function sseText(item: AnswerItem, answered: Set<JsonRpcId | null>): string | undefined {
  if (item.kind === 'raw') return item.sse;
  const text = textOf(item);
  if (text === undefined) return undefined;
  if ('id' in item.message && !('method' in item.message)) answered.add(item.message.id);
  return encodeSseMessage(text, item.eventId);
}

async function* sseBody(
  items: AsyncIterable<AnswerItem>,
  answered: Set<JsonRpcId | null>,
): AsyncGenerator<BodyChunk> {
  for await (const item of items) {
    const text = sseText(item, answered);
    if (text !== undefined) yield text;
  }
}

/** One piece of the body per run. */
async function* sseRunsBody(
  runs: AsyncIterable<ItemRun>,
  answered: Set<JsonRpcId | null>,
): AsyncGenerator<BodyChunk> {
  for await (const run of runs) {
    let piece = '';
    for (const item of run) piece += sseText(item, answered) ?? '';
    if (piece !== '') yield piece;
  }
}

export async function drainItems(items: AsyncIterable<AnswerItem>): Promise<void> {
  try {
    for await (const _ of inRuns(items) ?? items);
  } catch {
    // nobody reads this answer; its failure changes nothing
  }
}

/** Thrown inside answer streams when an upstream message exceeds the configured size. */
export const messageTooLarge = (server: string, limit: number) =>
  new GatewayError(
    'upstream_error',
    `Upstream server "${server}" sent a message over the ${limit}-byte limit.`,
  );

/**
 * The items already read (`leading`), then those of an iterator whose next `next()` was already called
 * (`pending`); returning it returns the iterator. A plain iterator rather than a generator: each item is
 * handed on without a hop of its own.
 */
function resumed(
  leading: readonly AnswerItem[],
  pending: Promise<IteratorResult<AnswerItem>>,
  rest: AsyncIterator<AnswerItem>,
): AsyncIterable<AnswerItem> {
  let index = 0;
  let first: Promise<IteratorResult<AnswerItem>> | undefined = pending;
  const iterator: AsyncIterator<AnswerItem> = {
    next() {
      if (index < leading.length) return Promise.resolve({ done: false, value: leading[index++]! });
      if (first === undefined) return rest.next();
      const next = first;
      first = undefined;
      return next;
    },
    async return(value?: unknown) {
      index = leading.length;
      first = undefined;
      await rest.return?.();
      return { done: true, value };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
