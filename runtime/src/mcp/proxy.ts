import { randomBytes } from 'node:crypto';
import type { Server } from '../core/config.js';
import { GatewayError, toJsonRpcError } from '../core/errors.js';
import { type BodyChunk, type HttpRequest, type HttpResponse, isStreamingBody } from '../core/http.js';
import type { GatewayContext, Next } from '../core/pipeline.js';
import type { UrlGuard } from '../core/url-guard.js';
import type { BridgeStore } from './bridge.js';
import { detectEra, MODERN_VERSIONS, modernVersionOf, validateModernHeaders } from './era.js';
import {
  errorResponse,
  isNotification,
  isRequest,
  isResponse,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  parseBody,
  toMessage,
} from './jsonrpc.js';
import { newSessionId, type SessionRecord, type SessionStore } from './sessions.js';
import { encodeSse, parseSse } from './sse.js';
import { drain, readText } from './upstream/body.js';
import { targetOf } from './upstream/target.js';
import type { UpstreamReply, UpstreamSession, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

export interface McpProxyDeps {
  sessions: SessionStore;
  bridges: BridgeStore;
  transports: Record<NonNullable<Server['transport']>, UpstreamTransport>;
  guard: UrlGuard;
}

type Transform = (message: JsonRpcMessage) => JsonRpcMessage;

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
const BATCHLESS_SINCE = '2025-06-18';
/** For calls the client cannot cancel (e.g. DELETE): the server's timeout still bounds them. */
const NEVER = new AbortController().signal;

/** The terminal stage: forwards an authorized MCP request to its upstream and streams the answer back. */
export function createMcpProxy(deps: McpProxyDeps): Next {
  return async (context) => {
    const server = context.server;
    if (server === undefined || context.principal === undefined) {
      throw new GatewayError('internal', 'The proxy runs after authentication and server resolution.');
    }
    // only now, after authorization, may the caller learn that the server is switched off
    if (server.enabled === false) {
      throw new GatewayError('server_disabled', `MCP server "${server.name}" is disabled.`);
    }
    await deps.guard.check(server.url);
    const target = targetOf(server);
    const transport = deps.transports[server.transport ?? 'streamable-http'];
    switch (context.request.method) {
      case 'POST':
        return post(deps, context, server, target, transport);
      case 'GET':
        return listen(deps, context, target, transport);
      case 'DELETE':
        return terminate(deps, context, target, transport);
      default:
        throw new GatewayError('method_not_allowed', `Method ${context.request.method} is not allowed.`, {
          headers: { allow: 'GET, POST, DELETE' },
        });
    }
  };
}

function requireJsonPost(request: HttpRequest): void {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new GatewayError('unsupported_media_type', 'Content-Type must be application/json.');
  }
  const accept = request.headers.accept;
  if (accept !== undefined && !/application\/json|text\/event-stream|\*\/\*/i.test(accept)) {
    throw new GatewayError('not_acceptable', 'Accept must include application/json and text/event-stream.');
  }
}

function upstreamSessionOf(session: SessionRecord, protocolVersion?: string): UpstreamSession {
  return {
    gatewaySessionId: session.id,
    ...(session.upstreamSessionId !== undefined ? { upstreamSessionId: session.upstreamSessionId } : {}),
    ...(protocolVersion !== undefined ? { protocolVersion } : {}),
    ...(session.initialize !== undefined ? { initialize: session.initialize } : {}),
  };
}

async function post(
  deps: McpProxyDeps,
  context: GatewayContext,
  server: Server,
  target: UpstreamTarget,
  transport: UpstreamTransport,
): Promise<HttpResponse> {
  const { request } = context;
  requireJsonPost(request);
  const body = request.body ?? '';
  const { messages, batch } = parseBody(body);
  const signal = request.signal ?? NEVER;
  const era = detectEra(request, messages);
  if (era === 'modern') {
    if (batch) {
      throw new GatewayError('invalid_request', 'Batches are not supported by this protocol revision.');
    }
    return modernPost(deps, context, target, transport, messages[0] as JsonRpcMessage, signal);
  }

  const initialize = messages.find((m) => isRequest(m) && m.method === 'initialize');
  if (initialize !== undefined) {
    if (messages.length > 1) throw new GatewayError('invalid_request', 'initialize must be sent on its own.');
    const id = newSessionId();
    // only a legacy SSE upstream needs the initialize again (to re-open its connection elsewhere)
    const replay = server.transport === 'sse' ? { initialize: body } : {};
    const reply = await forward(transport, target, {
      body,
      messages,
      session: { gatewaySessionId: id, ...replay },
      signal,
    });
    const created = reply.status >= 200 && reply.status < 300;
    if (created) {
      await deps.sessions.create({
        id,
        server: target.name,
        user: context.principal!.user,
        ...(reply.sessionId !== undefined ? { upstreamSessionId: reply.sessionId } : {}),
        ...replay,
      });
    }
    return relay(reply, messages, created ? { 'mcp-session-id': id } : {}, target);
  }

  const protocolVersion = request.headers['mcp-protocol-version'];
  // only 2025-03-26 (also assumed when the header is missing) allows batches; they are forwarded as they came
  if (batch && protocolVersion !== undefined && protocolVersion >= BATCHLESS_SINCE) {
    throw new GatewayError(
      'invalid_request',
      'JSON-RPC batches are not supported since protocol 2025-06-18.',
    );
  }
  const session = await sessionFor(deps, context);
  const reply = await forward(transport, target, {
    body,
    messages,
    session: upstreamSessionOf(session, protocolVersion),
    signal,
  });
  if (reply.status === 404 && session.upstreamSessionId !== undefined) {
    // the upstream forgot its session (restart): end ours so the client initializes again
    await deps.sessions.delete(session.id);
    await drain(reply.body);
    throw new GatewayError('session_not_found', 'The session has expired; initialize a new one.');
  }
  return relay(reply, messages, {}, target);
}

/**
 * The session a request names. Without a session id a POST is a bad request; a GET or DELETE (`method`
 * says which) is not allowed at all, since only POST works without a session.
 */
async function sessionFor(deps: McpProxyDeps, context: GatewayContext, method?: string) {
  const id = context.request.headers['mcp-session-id'];
  if (id === undefined) {
    if (method !== undefined) {
      throw new GatewayError('method_not_allowed', `${method}; send its Mcp-Session-Id.`, {
        headers: { allow: 'POST' },
      });
    }
    throw new GatewayError('session_required', 'Bad Request: Mcp-Session-Id header is required.');
  }
  const session = await deps.sessions.get(id);
  // a session is bound to the server and the user that created it; anything else looks like "not found"
  if (
    session === undefined ||
    session.server !== context.serverName ||
    session.user !== context.principal?.user
  ) {
    throw new GatewayError('session_not_found', 'Session not found; initialize a new one.');
  }
  return session;
}

/**
 * Sends a client body upstream and turns the upstream's HTTP failures into typed errors: its refusal of
 * the gateway's credentials, a missing endpoint, and any error page (5xx, or 4xx that is not JSON-RPC),
 * which must not reach the client as it came. A 404 for a known upstream session is left to the caller.
 */
async function forward(
  transport: UpstreamTransport,
  target: UpstreamTarget,
  call: Parameters<UpstreamTransport['post']>[1],
): Promise<UpstreamReply> {
  const reply = await transport.post(target, call);
  const fail = async (detail: string): Promise<never> => {
    await drain(reply.body);
    throw new GatewayError('upstream_error', `Upstream server "${target.name}" ${detail}.`);
  };
  if (reply.status === 401 || reply.status === 403) {
    // the upstream refused the gateway's own credentials; the client's token was never sent there
    return fail("refused the gateway's credentials");
  }
  if (reply.status === 404) {
    if (call.session.upstreamSessionId !== undefined) return reply;
    return fail('has no MCP endpoint at its URL');
  }
  const protocolBody = reply.contentType === 'application/json' || reply.contentType === 'text/event-stream';
  if (reply.status >= 500 || (reply.status >= 400 && !protocolBody)) {
    return fail(`answered HTTP ${reply.status}`);
  }
  return reply;
}

/** Turns an upstream reply into the client's response; SSE streams are re-emitted event by event. */
function relay(
  reply: UpstreamReply,
  messages: JsonRpcMessage[],
  headers: Record<string, string>,
  target: UpstreamTarget,
  transform?: Transform,
): HttpResponse {
  if (reply.status === 202 || reply.body === undefined) {
    void drain(reply.body);
    return { status: reply.status, headers };
  }
  if (reply.contentType === 'text/event-stream') {
    const pending = new Set(messages.filter(isRequest).map((m) => m.id));
    return {
      status: reply.status,
      headers: { ...SSE_HEADERS, ...headers },
      body: relaySse(reply.body, pending, target, transform),
    };
  }
  if (transform !== undefined && reply.contentType === 'application/json') {
    return {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...headers },
      body: transformJson(reply.body, target, transform),
    };
  }
  return {
    status: reply.status,
    headers: { 'content-type': reply.contentType ?? 'application/octet-stream', ...headers },
    body: reply.body,
  };
}

async function* transformJson(
  body: AsyncIterable<Uint8Array>,
  target: UpstreamTarget,
  transform: Transform,
): AsyncGenerator<BodyChunk> {
  const text = await readText(body, target.name);
  let message: JsonRpcMessage;
  try {
    message = toMessage(JSON.parse(text));
  } catch {
    yield text;
    return;
  }
  yield JSON.stringify(transform(message));
}

/**
 * Re-emits upstream events as they arrive (ids, retry and comments kept). If the upstream fails
 * mid-stream, every request still unanswered gets a JSON-RPC error event, so no client waits forever.
 */
async function* relaySse(
  body: AsyncIterable<Uint8Array>,
  pending: Set<JsonRpcId>,
  target: UpstreamTarget,
  transform: Transform = (message) => message,
): AsyncGenerator<BodyChunk> {
  try {
    for await (const event of parseSse(body)) {
      if (event.data !== undefined && (event.event === undefined || event.event === 'message')) {
        let message: JsonRpcMessage | undefined;
        try {
          message = toMessage(JSON.parse(event.data));
        } catch {
          // not JSON-RPC: pass it on untouched
        }
        if (message !== undefined) {
          if (isResponse(message) && message.id !== null) pending.delete(message.id);
          event.data = JSON.stringify(transform(message));
        }
      }
      yield encodeSse(event);
    }
  } catch (error) {
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError('upstream_unavailable', `Upstream server "${target.name}" broke the stream.`);
    for (const id of pending) {
      const message = transform(errorResponse(id, toJsonRpcError(failure)));
      yield encodeSse({ event: 'message', data: JSON.stringify(message) });
    }
  }
}

async function listen(
  deps: McpProxyDeps,
  context: GatewayContext,
  target: UpstreamTarget,
  transport: UpstreamTransport,
): Promise<HttpResponse> {
  const session = await sessionFor(deps, context, 'GET opens the stream of a session');
  const lastEventId = context.request.headers['last-event-id'];
  const reply = await transport.listen(
    target,
    upstreamSessionOf(session, context.request.headers['mcp-protocol-version']),
    {
      ...(lastEventId !== undefined ? { lastEventId } : {}),
      signal: context.request.signal ?? NEVER,
    },
  );
  if (reply.status === 405) {
    await drain(reply.body);
    throw new GatewayError('method_not_allowed', 'The upstream offers no server→client stream.', {
      headers: { allow: 'POST, DELETE' },
    });
  }
  if (reply.contentType !== 'text/event-stream' || reply.body === undefined) {
    await drain(reply.body);
    return { status: reply.status >= 400 ? reply.status : 502, headers: {} };
  }
  return { status: 200, headers: SSE_HEADERS, body: reply.body };
}

async function terminate(
  deps: McpProxyDeps,
  context: GatewayContext,
  target: UpstreamTarget,
  transport: UpstreamTransport,
): Promise<HttpResponse> {
  const session = await sessionFor(deps, context, 'DELETE ends a session');
  await transport.terminate(target, upstreamSessionOf(session));
  await deps.sessions.delete(session.id);
  return { status: 204, headers: {} };
}

/**
 * The stateless 2026-07-28 revision. Upstreams speak the session era today, so the gateway bridges:
 * one upstream session per (server, user), created on demand and kept in the store. Clients of one user
 * share that session, so each request gets a gateway-unique id (and progress token) upstream, mapped back
 * on the way out.
 */
async function modernPost(
  deps: McpProxyDeps,
  context: GatewayContext,
  target: UpstreamTarget,
  transport: UpstreamTransport,
  message: JsonRpcMessage,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const version = modernVersionOf(message);
  if (version === undefined || !MODERN_VERSIONS.includes(version)) {
    throw new GatewayError('unsupported_protocol_version', `Protocol version ${version} is not supported.`, {
      data: { supported: [...MODERN_VERSIONS], requested: version },
    });
  }
  validateModernHeaders(context.request, message, version);
  if (!isRequest(message)) return { status: 202, headers: {} };

  const user = context.principal!.user;
  let bridge = await deps.bridges.open(target, transport, user, message);
  if (message.method === 'server/discover') {
    const result = {
      resultType: 'complete',
      supportedVersions: [...MODERN_VERSIONS],
      capabilities: bridge.capabilities,
      serverInfo: bridge.serverInfo,
      ...(bridge.instructions !== undefined ? { instructions: bridge.instructions } : {}),
    };
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: message.id, result }),
    };
  }
  const { upstream, restore } = renumber(message);
  const body = JSON.stringify(upstream);
  const call = (b: typeof bridge) =>
    forward(transport, target, { body, messages: [upstream], session: b.session, signal });
  let reply = await call(bridge);
  if (reply.status === 404) {
    await drain(reply.body);
    bridge = await deps.bridges.reopen(target, transport, user, message, bridge);
    reply = await call(bridge);
  }
  const response = relay(reply, [upstream], {}, target, restore);
  if (isStreamingBody(response.body)) {
    // a stateless client cancels by closing its stream; a session-era upstream needs the explicit notice
    const cancel = {
      jsonrpc: '2.0' as const,
      method: 'notifications/cancelled',
      params: { requestId: upstream.id },
    };
    const notify = () =>
      transport
        .post(target, {
          body: JSON.stringify(cancel),
          messages: [cancel],
          session: bridge.session,
          signal: AbortSignal.timeout(5000),
        })
        .then((reply) => drain(reply.body))
        .catch(() => undefined);
    response.body = cancelUnlessFinished(response.body, notify);
  }
  return response;
}

/**
 * Gives a request a gateway-unique id and progress token for the shared upstream session, and answers
 * the transform that maps the upstream's messages back (and marks results complete).
 */
function renumber(request: JsonRpcRequest): { upstream: JsonRpcRequest; restore: Transform } {
  const id = `mcp-gateway-${randomBytes(12).toString('base64url')}`;
  const meta = request.params?._meta as Record<string, unknown> | undefined;
  const token = meta?.progressToken;
  const upstreamToken = `${id}-progress`;
  const upstream: JsonRpcRequest = {
    ...request,
    id,
    ...(token !== undefined
      ? { params: { ...request.params, _meta: { ...meta, progressToken: upstreamToken } } }
      : {}),
  };
  const restore: Transform = (message) => {
    if (isResponse(message) && message.id === id) {
      const result =
        typeof message.result === 'object' && message.result !== null
          ? { result: { resultType: 'complete', ...(message.result as Record<string, unknown>) } }
          : {};
      return { ...message, id: request.id, ...result };
    }
    if (isNotification(message) && token !== undefined && message.params?.progressToken === upstreamToken) {
      return { ...message, params: { ...message.params, progressToken: token } };
    }
    return message;
  };
  return { upstream, restore };
}

async function* cancelUnlessFinished(
  body: AsyncIterable<BodyChunk>,
  cancel: () => Promise<void>,
): AsyncGenerator<BodyChunk> {
  let finished = false;
  try {
    yield* body;
    finished = true;
  } finally {
    if (!finished) void cancel();
  }
}
