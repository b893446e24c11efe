import { GatewayError } from '../core/errors.js';
import { inspectJsonText, maxJsonDepth } from '../core/json-depth.js';
import { foldCase } from '../core/text.js';

/** The longest method name a message may carry (MCP's are a few dozen characters). */
export const MAX_METHOD_LENGTH = 256;

/** JSON-RPC 2.0 wire types as MCP uses them (ids are strings or numbers, never null on requests). */
export type JsonRpcId = string | number;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

export const isRequest = (m: JsonRpcMessage): m is JsonRpcRequest => 'method' in m && 'id' in m;
export const isNotification = (m: JsonRpcMessage): m is JsonRpcNotification => 'method' in m && !('id' in m);
export const isResponse = (m: JsonRpcMessage): m is JsonRpcResponse => !('method' in m);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one decoded value against JSON-RPC 2.0; throws `invalid_request` naming what is wrong. */
export function toMessage(value: unknown): JsonRpcMessage {
  if (!isObject(value)) throw new GatewayError('invalid_request', 'A JSON-RPC message must be an object.');
  if (value.jsonrpc !== '2.0')
    throw new GatewayError('invalid_request', 'The "jsonrpc" member must be "2.0".');
  const hasId = 'id' in value;
  if (
    hasId &&
    !(
      typeof value.id === 'string' ||
      // an integer JavaScript holds exactly: another one would come back from the gateway changed
      // (2^53 + 1 as 2^53), and its answer would match no request of the client's
      Number.isSafeInteger(value.id) ||
      value.id === null
    )
  ) {
    throw new GatewayError(
      'invalid_request',
      'The "id" member must be a string or an integer (of at most 2^53 - 1 in magnitude).',
    );
  }
  if ('method' in value) {
    if (typeof value.method !== 'string' || value.method.length === 0) {
      throw new GatewayError('invalid_request', 'The "method" member must be a non-empty string.');
    }
    // a method forms keys (rate limits, logs) like a tool's name: bounded, and well-formed text
    if (value.method.length > MAX_METHOD_LENGTH || /\p{Cs}/u.test(value.method))
      throw new GatewayError(
        'invalid_request',
        `The "method" member must be well-formed text of at most ${MAX_METHOD_LENGTH} characters.`,
      );
    if (hasId && value.id === null)
      throw new GatewayError('invalid_request', 'A request id must not be null.');
    if ('params' in value && !isObject(value.params)) {
      throw new GatewayError('invalid_request', 'The "params" member must be an object.');
    }
    return value as unknown as JsonRpcMessage;
  }
  if (!hasId) throw new GatewayError('invalid_request', 'A message needs a "method" or an "id".');
  const hasResult = 'result' in value;
  const hasError = 'error' in value;
  if (hasResult === hasError) {
    throw new GatewayError('invalid_request', 'A response carries exactly one of "result" and "error".');
  }
  if (hasError) {
    const error = value.error;
    if (!isObject(error) || typeof error.code !== 'number' || typeof error.message !== 'string') {
      throw new GatewayError('invalid_request', 'The "error" member must have a numeric code and a message.');
    }
  }
  return value as unknown as JsonRpcMessage;
}

export interface ParsedBody {
  messages: JsonRpcMessage[];
  /** True when the body was a JSON array (batch, allowed by 2025-03-26 only). */
  batch: boolean;
  /**
   * Members of a batch that are no JSON-RPC message, by index, with why: each is answered on its own
   * (JSON-RPC 2.0 §6) while the others go on. In `messages` each stands as an error response naming it.
   */
  invalid: Map<number, GatewayError>;
}

/**
 * The id to answer an invalid batch member with: its own when readable (a string, or an integer held
 * exactly) and not a valid request's.
 */
function invalidMemberId(member: unknown, taken: ReadonlySet<string>): JsonRpcId | null {
  const id = isObject(member) ? member.id : undefined;
  if (typeof id === 'string' || Number.isSafeInteger(id))
    return taken.has(`${typeof id}:${String(id)}`) ? null : (id as JsonRpcId);
  return null;
}

/**
 * The most messages one batch may hold: what a client sends at once is a handful; each message of a batch
 * costs the gateway (and the upstream) work of its own, so one request must not carry thousands.
 */
export const MAX_BATCH_MESSAGES = 100;

/**
 * The most object members a request body may hold. Parsing and judging a body costs per member (a
 * 3.5 MB body of 300,000 one-character members held the event loop for over a second, every other
 * request waiting); arguments of real tools hold far fewer.
 */
export const MAX_BODY_MEMBERS = 50_000;

/** Parses a POST body: invalid JSON → `invalid_json` (-32700), bad shape → `invalid_request` (-32600). */
export function parseBody(text: string | undefined): ParsedBody {
  if (text === undefined || text.trim() === '')
    throw new GatewayError('invalid_request', 'The request body is empty.');
  // bounded before parsing: later recursive work (cloning, re-serialising) must not overflow the stack
  const inspected = inspectJsonText(text, maxJsonDepth, MAX_BODY_MEMBERS);
  if (inspected.tooDeep) {
    throw new GatewayError('invalid_request', `The body nests deeper than ${maxJsonDepth} levels.`);
  }
  if (inspected.tooMany === true)
    throw new GatewayError(
      'invalid_request',
      `The body holds more than ${MAX_BODY_MEMBERS} object members (arguments included).`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GatewayError('invalid_json', 'Parse error: the body is not valid JSON.');
  }
  const ambiguous = ambiguousMember(value, 0);
  if (ambiguous !== undefined) throw new GatewayError('invalid_request', ambiguous);
  // JSON.parse keeps a twice-named member's last value, other decoders the first: each would judge
  // another message than the one forwarded
  const twice = inspected.duplicate;
  if (twice !== undefined)
    throw new GatewayError(
      'invalid_request',
      `The member "${twice}" appears twice in one object; a server may read either one.`,
    );
  if (Array.isArray(value)) {
    if (value.length === 0)
      throw new GatewayError('invalid_request', 'An empty batch is not a valid request.');
    if (value.length > MAX_BATCH_MESSAGES)
      throw new GatewayError(
        'invalid_request',
        `A batch holds at most ${MAX_BATCH_MESSAGES} messages; this one has ${value.length}.`,
      );
    const invalid = new Map<number, GatewayError>();
    const messages = value.map((member: unknown, index): JsonRpcMessage => {
      try {
        return toMessage(member);
      } catch (thrown) {
        if (!(thrown instanceof GatewayError)) throw thrown;
        invalid.set(index, thrown);
        return { jsonrpc: '2.0', id: null, error: { code: -32600, message: thrown.message } };
      }
    });
    // each answer is matched to its request by id: two requests with one id could swap answers
    const ids = new Set<string>();
    for (const [index, message] of messages.entries()) {
      if (!isRequest(message) || invalid.has(index)) continue;
      const key = `${typeof message.id}:${String(message.id)}`;
      if (ids.has(key))
        throw new GatewayError(
          'invalid_request',
          `The batch has two requests with the id ${JSON.stringify(message.id)}.`,
        );
      ids.add(key);
    }
    for (const index of invalid.keys())
      (messages[index] as JsonRpcResponse).id = invalidMemberId(value[index], ids);
    return { messages, batch: true, invalid };
  }
  return { messages: [toMessage(value)], batch: false, invalid: new Map() };
}

/**
 * The members the gateway decides on, in a message, its `params` and the objects in those (`_meta`, a
 * completion's `ref`): one spelled in another case ("Name", "paramſ") is one the gateway does not see
 * while a server whose JSON decoding ignores case (Go's `encoding/json` folds case, `ſ` to `s`, `İ` to `i`) takes
 * it for the member itself.
 */
const DECIDED = new Map(
  [
    'jsonrpc',
    'id',
    'method',
    'params',
    'result',
    'error',
    'name',
    'uri',
    'arguments',
    'ref',
    '_meta',
    'type',
    'cursor',
    'progressToken',
    // task ownership and the renumbered ids of cancellations
    'taskId',
    'requestId',
  ].map((name) => [foldCase(name), name]),
);

const OPAQUE = new Set(['arguments', 'result', 'error']);

/**
 * Why `value` is ambiguous to a server that reads member names regardless of case, or undefined: one
 * object with two members that differ only in case (a decider reads one, such a server the other), or,
 * in a message and the objects of its `params` above the arguments, a decided member in another case.
 * `level`: 0 the body (a message or a batch), 1 a message, 2 its params, 3 below.
 */
function ambiguousMember(value: unknown, level: number): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = ambiguousMember(item, level === 0 ? 1 : level);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const here = level === 0 ? 1 : level;
  const seen = new Map<string, string>();
  for (const [name, member] of Object.entries(value)) {
    const folded = foldCase(name);
    const twin = seen.get(folded);
    if (twin !== undefined)
      return `The members "${twin}" and "${name}" differ only in case; a server may read either one.`;
    seen.set(folded, name);
    const decided = here <= 3 ? DECIDED.get(folded) : undefined;
    if (decided !== undefined && decided !== name)
      return `The member "${name}" is not spelled "${decided}", yet a server may read it as that member.`;
    // a tool's arguments and a response's payload (an elicitation's content follows the server's own
    // schema) are named by others: there only twins are refused
    const found = ambiguousMember(member, OPAQUE.has(name) ? 4 : here + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Two members of one object whose names differ only in case, or undefined (one level, not below). */
function twinsIn(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const names = Object.keys(value);
  if (names.length < 2) return undefined;
  const seen = new Map<string, string>();
  for (const name of names) {
    const folded = foldCase(name);
    const twin = seen.get(folded);
    if (twin !== undefined) return `"${twin}" and "${name}"`;
    seen.set(folded, name);
  }
  return undefined;
}

/** The lists of a result (or a request's params) whose items are objects the protocol names. */
const PROTOCOL_LISTS = [
  'content',
  'tools',
  'prompts',
  'resources',
  'resourceTemplates',
  'contents',
  'messages',
];

/** Members of the results MCP defines (one of them makes a result the protocol's). */
const RESULT_MEMBERS = new Set([
  ...PROTOCOL_LISTS,
  'structuredContent',
  'isError',
  'nextCursor',
  'completion',
  'description',
  'protocolVersion',
  'capabilities',
  'serverInfo',
  'task',
  'tasks',
  'roots',
  'action',
  'model',
  'role',
]);

/** The methods MCP defines that a server sends: their params are the protocol's (a vendor's are its own). */
const SERVER_METHODS = new Set([
  'ping',
  'roots/list',
  'sampling/createMessage',
  'elicitation/create',
  'notifications/message',
  'notifications/progress',
  'notifications/cancelled',
  'notifications/resources/updated',
  'notifications/resources/list_changed',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/tasks/status',
  'notifications/elicitation/complete',
]);

/**
 * The first two members of a protocol object of an upstream's message that differ only in case: the
 * message itself, its result, error or (for a method MCP defines) params, and the items of their lists.
 * Below those (schemas, structured output, data, tool definitions, which the catalog checks itself) it
 * looks no further: there such names may both be meant, and the walk stays as short as the message's top.
 */
function caseTwins(message: unknown): string | undefined {
  if (!isObject(message)) return undefined;
  // a vendor method's params, and the result of a vendor method (one holding no member MCP results have),
  // are the vendor's own
  const result = message['result'];
  const payload =
    isObject(result) && Object.keys(result).some((name) => RESULT_MEMBERS.has(name))
      ? result
      : typeof message['method'] === 'string' && SERVER_METHODS.has(message['method'])
        ? message['params']
        : undefined;
  const found = twinsIn(message) ?? twinsIn(message['error']) ?? twinsIn(payload);
  if (found !== undefined || !isObject(payload)) return found;
  for (const list of PROTOCOL_LISTS) {
    const items = payload[list];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const twins = twinsIn(item);
      if (twins !== undefined) return twins;
    }
  }
  return undefined;
}

/**
 * An upstream's message, checked like {@link toMessage}, and refused when a protocol object of it names a
 * member twice in two cases (`result` and `Result`, `tools` and `Tools`): the gateway judges one, a
 * client decoding names regardless of case (Go) may read the other.
 */
export function upstreamMessage(value: unknown): JsonRpcMessage {
  const twins = caseTwins(value);
  if (twins !== undefined)
    throw new GatewayError(
      'invalid_request',
      `The members ${twins} differ only in case; a client may read either one.`,
    );
  return toMessage(value);
}

export function errorResponse(id: JsonRpcId | null, error: JsonRpcResponse['error']): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
}

/**
 * The id a reply to this body should carry when the gateway answers instead of the upstream: a single
 * request's. A response (the client's answer to a server's request) has an id that is the server's, not
 * one the client waits on: its failure is told by the HTTP status, with no id.
 */
export function replyId(text: string | undefined): JsonRpcId | null {
  try {
    const value: unknown = JSON.parse(text ?? '');
    // a number only as an integer JavaScript holds exactly: another (2^53 + 1, 1.5) is no id the gateway
    // can echo as sent, and an id that cannot be echoed is answered as undetected (JSON-RPC 2.0 §5)
    if (
      isObject(value) &&
      typeof value.method === 'string' &&
      (typeof value.id === 'string' || Number.isSafeInteger(value.id))
    )
      return value.id as JsonRpcId;
  } catch {
    // an unparseable body has no id to echo
  }
  return null;
}

/** A JSON text's strings (skipped) and numbers, in order. */
const STRINGS_AND_NUMBERS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Whether every number of a JSON text keeps its value through `JSON.parse` and `JSON.stringify`: an
 * integer beyond 2^53 that a double does not hold (12345678901234567891 comes back 12345678901234567000),
 * or a number beyond a double's range (1e400 comes back `null`), does not. A decimal comes back as the
 * double a reader of it takes it for, perhaps written otherwise.
 */
export function integersExact(text: string): boolean {
  if (numbersExact(text)) return true;
  for (const [token] of text.matchAll(STRINGS_AND_NUMBERS)) {
    if (token.startsWith('"')) continue;
    const value = Number(token);
    if (!Number.isFinite(value)) return false;
    // a number too small for a double (1e-400) comes back 0
    if (value === 0) {
      if (/[1-9]/.test(token.split(/[eE]/)[0]!)) return false;
      continue;
    }
    // a whole number beyond 2^53 however written (12345678901234567891, 1.2345678901234567891e19), in the
    // range of the 64-bit integers a reader may hold it in: what goes on is the shortest text of the double
    // (12345678901234567000 stays as it is). Beyond, only a double reads it, and reads the same one
    const magnitude = Math.abs(value);
    if (
      magnitude > Number.MAX_SAFE_INTEGER &&
      magnitude < 2 ** 64 &&
      decimal(token) !== decimal(String(value))
    )
      return false;
  }
  return true;
}

/**
 * Refuses a request whose numbers the gateway's encoding would change (an integer beyond 2^53, as 64-bit
 * ids are) where it sends the request as it encodes it: the server would act on another value than the
 * client sent, and than every decision made.
 */
export function reencodable(text: string | undefined): void {
  if (text !== undefined && !integersExact(text))
    throw new GatewayError(
      'invalid_request',
      'The request holds an integer beyond 2^53 (or a number beyond a double), which the gateway cannot send on to this server unchanged; send it as a string.',
    );
}

/** A JSON number's value as a key: its sign, significant digits and where its point goes. */
function decimal(text: string): string {
  const [, sign = '', whole = '', fraction = '', exponent = '0'] =
    /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text) ?? [];
  const digits = whole + fraction;
  const significant = digits.replace(/^0+/, '');
  if (significant === '') return '0';
  const point = whole.length - (digits.length - significant.length) + Number(exponent);
  return `${sign}${significant.replace(/0+$/, '')}e${point}`;
}

/**
 * Whether every number of a JSON text survives `JSON.parse` and `JSON.stringify` as written: at most 15
 * significant digits and no exponent (strings are skipped: their digits are text).
 */
export function numbersExact(text: string): boolean {
  let digits = 0; // significant digits of the number being read
  let inNumber = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: to its closing quote, past escaped characters
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      inNumber = false;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 || c !== 0x30) digits++; // leading zeros are not significant
      if (digits > 15) return false;
      inNumber = true;
    } else if (inNumber && (c === 0x65 || c === 0x45)) return false;
    else if (!(inNumber && c === 0x2e)) {
      inNumber = false;
      digits = 0;
    }
  }
  return true;
}
