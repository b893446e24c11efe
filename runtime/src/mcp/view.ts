/**
 * The typed MCP view of one request, made once by the parse stage: era, batch, and per message its kind,
 * method and target. Stages decide on it; a stage refuses single messages of a batch here, and the proxy
 * forwards only the rest.
 */
import { MAX_TOOL_NAME_BYTES } from '../catalog/tools.js';
import type { Server } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import { acceptable, type HttpRequest, refuseContentCoding } from '../core/http.js';
import {
  detectEra,
  MODERN_VERSIONS,
  modernVersionOf,
  SESSION_VERSIONS,
  validateModernHeaders,
} from './era.js';
import {
  isNotification,
  isRequest,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcResponse,
  parseBody,
} from './jsonrpc.js';

/** `session`: 2025-03-26 … 2025-11-25 (initialize, Mcp-Session-Id); `stateless`: 2026-07-28. */
export type Era = 'session' | 'stateless';

export interface McpTarget {
  kind: 'tool' | 'prompt' | 'resource';
  /** The tool or prompt name, or the resource URI. */
  name: string;
}

export interface McpMessage {
  message: JsonRpcMessage;
  /** `invalid`: a batch member that is no JSON-RPC message; refused from the start, answered on its own. */
  kind: 'request' | 'notification' | 'response' | 'invalid';
  method: string | undefined;
  target: McpTarget | undefined;
}

export interface McpView {
  era: Era;
  /** POST carries messages; GET opens the server→client stream; DELETE ends a session. */
  operation: 'post' | 'listen' | 'terminate';
  batch: boolean;
  messages: McpMessage[];
  /** MCP-Protocol-Version (session era) or `_meta` version (stateless). */
  protocolVersion: string | undefined;
  sessionId: string | undefined;
  /** The body as the client sent it (forwarded untouched unless a message was refused). */
  body: string | undefined;
  /** The body as the client sent it, kept when `body` is dropped (a message refused or rewritten). */
  source: string | undefined;
  /** Messages the gateway answers itself, by index, with the error they get; never sent upstream. */
  refused: Map<number, GatewayError>;
  /**
   * Set by the proxy when a fallback server's upstream answers: what it lists is that server's (its
   * catalog, its pins), not the named server's.
   */
  servedBy?: Server;
}

const TARGETS: Record<string, { kind: McpTarget['kind']; field: 'name' | 'uri' }> = {
  'tools/call': { kind: 'tool', field: 'name' },
  'prompts/get': { kind: 'prompt', field: 'name' },
  'resources/read': { kind: 'resource', field: 'uri' },
  'resources/subscribe': { kind: 'resource', field: 'uri' },
  'resources/unsubscribe': { kind: 'resource', field: 'uri' },
};

/**
 * A name that is well-formed text: one with an unpaired surrogate (JSON can carry one, `"\ud800"`) is no
 * tool, prompt or URI, and would fail where it is encoded (rate-limit keys, logs), so it names nothing.
 */
const named = (value: unknown, maxBytes = MAX_TOOL_NAME_BYTES): value is string =>
  typeof value === 'string' &&
  (value.length * 3 <= maxBytes || Buffer.byteLength(value) <= maxBytes) &&
  !/\p{Cs}/u.test(value);

/**
 * The longest resource URI a request may name: names are bounded because they form keys (rate limits,
 * budgets, logs) held in memory and written to the store.
 */
export const MAX_URI_BYTES = 16 * 1024;
const boundOf = (kind: McpTarget['kind']) => (kind === 'resource' ? MAX_URI_BYTES : MAX_TOOL_NAME_BYTES);

/** `completion/complete` completes an argument of a prompt or a resource template: that is its target. */
function completionTarget(params: Record<string, unknown> | undefined): McpTarget | undefined {
  const ref = params?.['ref'] as { type?: unknown; name?: unknown; uri?: unknown } | undefined;
  if (ref?.type === 'ref/prompt' && named(ref.name)) return { kind: 'prompt', name: ref.name };
  if (ref?.type === 'ref/resource' && named(ref.uri, MAX_URI_BYTES))
    return { kind: 'resource', name: ref.uri };
  return undefined;
}

/** Methods about one tool, prompt or resource: without a readable target they are refused by policies. */
const TARGETED_METHODS: ReadonlySet<string> = new Set([...Object.keys(TARGETS), 'completion/complete']);

export function describe(message: JsonRpcMessage): McpMessage {
  if (!('method' in message)) return { message, kind: 'response', method: undefined, target: undefined };
  if (message.method === 'completion/complete')
    return {
      message,
      kind: isNotification(message) ? 'notification' : 'request',
      method: message.method,
      target: completionTarget(message.params),
    };
  // own entries only: `constructor` is no method with a target
  const spec = Object.hasOwn(TARGETS, message.method) ? TARGETS[message.method] : undefined;
  const value = spec === undefined ? undefined : message.params?.[spec.field];
  return {
    message,
    kind: isNotification(message) ? 'notification' : 'request',
    method: message.method,
    target:
      spec !== undefined && named(value, boundOf(spec.kind)) ? { kind: spec.kind, name: value } : undefined,
  };
}

function requireJsonPost(request: HttpRequest): void {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new GatewayError('unsupported_media_type', 'Content-Type must be application/json.');
  }
  refuseContentCoding(request);
  const accept = request.headers.accept;
  if (!acceptable(accept, 'application/json') && !acceptable(accept, 'text/event-stream')) {
    throw new GatewayError('not_acceptable', 'Accept must include application/json and text/event-stream.');
  }
}

/** The first revision without JSON-RPC batches. */
export const BATCHLESS_SINCE = '2025-06-18';

/** Whether the client takes no event stream: its Accept names JSON (or anything) but no `text/event-stream`. */
export function takesJsonOnly(request: HttpRequest): boolean {
  const accept = request.headers.accept;
  return accept !== undefined && !acceptable(accept, 'text/event-stream');
}

/**
 * Requests of the session era that the stateless revision removed: no liveness ping, no per-session log
 * level, no resource subscriptions. Answered 404 with -32601 before anything else sees them. (`initialize`
 * always opens a session-era session here.)
 */
const REMOVED_METHODS = new Set(['ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);

/**
 * What an `MCP-Protocol-Version` header may say: a revision's date. One the gateway does not know goes on
 * (client and server may both speak a revision newer than the gateway); anything else is no version.
 */
const VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A session-era POST whose header names a stateless revision: in a session, a version the session never
 * negotiated (that revision has no sessions); without one, a stateless request whose `_meta` lacks the
 * version its header names (-32020, not a demand for a session it cannot open). `initialize` goes on.
 */
function refuseStatelessHeader(
  named: string,
  sessionId: string | undefined,
  first: JsonRpcMessage | undefined,
) {
  if (sessionId !== undefined)
    throw new GatewayError(
      'unsupported_protocol_version',
      `Protocol revision ${named} has no sessions: a request in a session names the session's version.`,
      { data: { supported: [...SESSION_VERSIONS], requested: named } },
    );
  if (first !== undefined && 'method' in first && first.method === 'initialize') return;
  throw new GatewayError(
    'header_mismatch',
    `MCP-Protocol-Version header (${named}) does not match _meta (its protocolVersion is missing).`,
  );
}

/** The view of a request; a POST body is parsed and, in the stateless era, checked against its headers. */
export function viewOf(request: HttpRequest): McpView {
  const sessionId = request.headers['mcp-session-id'];
  const named = request.headers['mcp-protocol-version'];
  // 2025-06-18: an invalid version is answered 400 (before anything is judged or forwarded)
  if (named !== undefined && !VERSION_SHAPE.test(named))
    throw new GatewayError(
      'unsupported_protocol_version',
      `MCP-Protocol-Version ${JSON.stringify(named.slice(0, 64))} is no protocol version.`,
      { data: { supported: [...SESSION_VERSIONS, ...MODERN_VERSIONS], requested: named.slice(0, 64) } },
    );
  const base = {
    batch: false,
    messages: [],
    protocolVersion: request.headers['mcp-protocol-version'],
    sessionId,
    body: request.body,
    source: request.body,
    refused: new Map(),
  };
  // a session's GET or DELETE naming a stateless revision: refused as its POST would be
  if (
    (request.method === 'GET' || request.method === 'DELETE') &&
    sessionId !== undefined &&
    named !== undefined
  )
    if (MODERN_VERSIONS.includes(named)) refuseStatelessHeader(named, sessionId, undefined);
  if (request.method === 'GET') return { ...base, era: 'session', operation: 'listen' };
  if (request.method === 'DELETE') return { ...base, era: 'session', operation: 'terminate' };
  if (request.method !== 'POST') {
    throw new GatewayError('method_not_allowed', `Method ${request.method} is not allowed.`, {
      headers: { allow: 'GET, POST, DELETE' },
    });
  }
  requireJsonPost(request);
  if (request.malformedText === true)
    throw new GatewayError('invalid_json', 'Parse error: the body is not UTF-8 text.');
  const { messages, batch, invalid } = parseBody(request.body);
  const era = detectEra(request, messages) === 'modern' ? 'stateless' : 'session';
  if (era === 'session' && named !== undefined && MODERN_VERSIONS.includes(named))
    refuseStatelessHeader(named, sessionId, messages[0]);
  let protocolVersion = base.protocolVersion;
  if (era === 'stateless') {
    const first = messages[0]!;
    protocolVersion = modernVersionOf(first);
    // before any policy judges (or counts) it: a supported version (-32022 with the supported list), no batch
    if (protocolVersion === undefined || !MODERN_VERSIONS.includes(protocolVersion))
      throw new GatewayError(
        'unsupported_protocol_version',
        `Protocol version ${protocolVersion} is not supported.`,
        { data: { supported: [...MODERN_VERSIONS], requested: protocolVersion } },
      );
    if (batch)
      throw new GatewayError('invalid_request', 'Batches are not supported by this protocol revision.');
    validateModernHeaders(request, first, protocolVersion);
    const method = (first as { method?: unknown; id?: unknown }).method;
    if ('id' in first && typeof method === 'string' && REMOVED_METHODS.has(method))
      throw new GatewayError(
        'method_not_found',
        `${method} is not a method of protocol revision ${protocolVersion} (no session, no handshake).`,
      );
  }
  // only 2025-03-26 (also assumed when the header is missing) allows batches: refused here, before any
  // policy counts, scans or asks a webhook about their members
  if (batch && era === 'session' && protocolVersion !== undefined && protocolVersion >= BATCHLESS_SINCE)
    throw new GatewayError(
      'invalid_request',
      'JSON-RPC batches are not supported since protocol 2025-06-18.',
    );
  const described = messages.map((message, index): McpMessage => {
    const error = invalid.get(index);
    if (error === undefined) return describe(message);
    base.refused.set(index, error);
    return { message, kind: 'invalid', method: undefined, target: undefined };
  });
  described.forEach((m, index) => {
    // MCP's notifications are all notifications/…: a request method without an id would reach a server
    // that may act on it, past every policy that judges requests
    if (m.kind === 'notification' && !m.method?.startsWith('notifications/'))
      throw new GatewayError(
        'invalid_request',
        `"${m.method}" is a request, not a notification: it needs an id.`,
      );
    if (m.kind === 'request' && m.target === undefined && TARGETED_METHODS.has(m.method!))
      base.refused.set(
        index,
        new GatewayError(
          'validation_failed',
          `${m.method} must name its tool, prompt or resource in well-formed text (a name of at most ${MAX_TOOL_NAME_BYTES} bytes, a URI of at most ${MAX_URI_BYTES}).`,
        ),
      );
    // policies judge a call's arguments as an object: any other shape would pass them unseen
    else if (m.kind === 'request' && (m.method === 'tools/call' || m.method === 'prompts/get')) {
      const args = (m.message as { params?: Record<string, unknown> }).params?.['arguments'];
      // absent, or null as some clients send for a tool without arguments: none
      if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args)))
        base.refused.set(
          index,
          new GatewayError('validation_failed', `The arguments of ${m.method} must be an object.`),
        );
    }
  });
  return { ...base, era, operation: 'post', batch, messages: described, protocolVersion };
}

/**
 * The view's `initialize`, which must come alone: not even alone in a batch, where its answer would come
 * back in one, where no client looks for it.
 */
export function soleInitialize(view: McpView): McpMessage | undefined {
  const initialize = view.messages.find((m) => m.kind === 'request' && m.method === 'initialize');
  if (initialize !== undefined && view.batch)
    throw new GatewayError('invalid_request', 'initialize must be sent on its own, not in a batch.');
  return initialize;
}

/** The requests of a view that go upstream (not refused). */
export function forwardedMessages(view: McpView): JsonRpcMessage[] {
  const out: JsonRpcMessage[] = [];
  view.messages.forEach((m, i) => {
    if (!view.refused.has(i)) out.push(m.message);
  });
  return out;
}

/** The id a message's own answer carries: a request's, an invalid member's (perhaps null); else none. */
export function answeredId(m: McpMessage | undefined): JsonRpcId | null | undefined {
  if (m === undefined) return undefined;
  if (m.kind === 'invalid') return (m.message as JsonRpcResponse).id;
  return isRequest(m.message) ? m.message.id : undefined;
}

export const requestIds = (messages: readonly JsonRpcMessage[]) =>
  messages.filter(isRequest).map((m) => m.id);

/** Replaces one message of a view (a stage changed it): the body is then sent as the gateway encodes it. */
export function rewrite(view: McpView, index: number, message: JsonRpcMessage): void {
  view.messages[index] = describe(message);
  view.body = undefined;
}
