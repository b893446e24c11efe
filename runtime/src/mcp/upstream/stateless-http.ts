/**
 * Upstreams of the stateless revision (2026-07-28, `transport: stateless-http`): no `initialize`, no
 * sessions; each request carries the revision, the client's capabilities and its info in `_meta`, and
 * `Mcp-Method`/`Mcp-Name` headers. Clients of the session era are served by the gateway holding their
 * session itself:
 *
 * - `initialize` is answered from the upstream's `server/discover` (its capabilities without change
 *   notices, subscriptions and log levels, which the revision does not serve), in the version the client
 *   asked when the gateway speaks it;
 * - every later request goes out stateless, with the `_meta` of the session's `initialize` (kept in the
 *   session record, so any instance sends the same), and is answered as the upstream answers it;
 * - `ping` is answered here; notifications and responses have nothing to go to (202), but
 *   `notifications/cancelled` closes its request's stream upstream (the revision's cancel; when the
 *   request runs on the same instance); there is no server→client stream (405) and nothing to end
 *   upstream.
 *
 * A result that asks the client for more input (`resultType: input_required`) cannot be carried in a
 * session: it becomes a JSON-RPC error naming the server. A stateless client's requests go as they are,
 * and get such results as they come.
 */
import { aborted, unlessAborted } from '../../core/abort.js';
import { GatewayError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http-client.js';
import { isObject } from '../../core/json-object.js';
import { type AnswerItem, envelope, errorEnvelope, ListedItems } from '../answer.js';
import { answerableCapabilities } from '../bridge.js';
import {
  BRIDGE_VERSION,
  encodeHeaderValue,
  isEraMeta,
  META,
  MODERN_VERSIONS,
  NAMED,
  SESSION_VERSIONS,
  statelessCapabilities,
} from '../era.js';
import { isRequest, isResponse, type JsonRpcMessage, type JsonRpcRequest } from '../jsonrpc.js';
import { paramHeaders } from '../param-headers.js';
import { drain } from './body.js';
import { decodeReply, resultOfReply } from './decode.js';
import { deadline, UpstreamServerError, UpstreamUnreachable, upstreamFailure } from './errors.js';
import { StreamableHttpTransport } from './streamable-http.js';
import {
  RunningRequests,
  type UpstreamPost,
  type UpstreamReply,
  type UpstreamSession,
  type UpstreamTarget,
  type UpstreamTransport,
} from './types.js';

/** The routing headers of a stateless request: `Mcp-Method`, and `Mcp-Name` for a method naming a target. */
export function modernHeaders(message: {
  method: string;
  params?: Record<string, unknown>;
}): Record<string, string> {
  const headers: Record<string, string> = { 'mcp-method': encodeHeaderValue(message.method) };
  const field = Object.hasOwn(NAMED, message.method) ? NAMED[message.method] : undefined;
  const name = field === undefined ? undefined : message.params?.[field];
  if (typeof name === 'string') headers['mcp-name'] = encodeHeaderValue(name);
  return headers;
}

/** The `_meta` a stateless request carries: its revision, and who the client is and what it can do. */
export function eraMetaOf(
  version: string,
  capabilities: unknown,
  clientInfo: unknown,
): Record<string, unknown> {
  return {
    [`${META}protocolVersion`]: version,
    [`${META}clientCapabilities`]: capabilities ?? {},
    [`${META}clientInfo`]: clientInfo,
  };
}

/** The revision spoken upstream. */
const REVISION = MODERN_VERSIONS[0]!;
/** Who the gateway is when no client said (its own probes and bridges). */
const GATEWAY_CLIENT = { name: 'mcp-gateway', version: '0.1.0' };

/**
 * What the session's client said of itself in its `initialize` (kept with the session), less what it
 * cannot be asked here: the revision asks for input (elicitation, sampling, roots) in results a session
 * cannot carry, so an upstream told the client could answer would ask where it can do without.
 */
function clientOf(initialize: string | undefined): { capabilities: unknown; clientInfo: unknown } {
  try {
    const params = (JSON.parse(initialize ?? '{}') as { params?: unknown }).params;
    if (isObject(params))
      return {
        capabilities: answerableCapabilities(params['capabilities']),
        clientInfo: params['clientInfo'] ?? GATEWAY_CLIENT,
      };
  } catch {
    // a session opened without one (a probe, a bridge): the gateway speaks for itself
  }
  return { capabilities: {}, clientInfo: GATEWAY_CLIENT };
}

/** `message` as the revision sends it: its `_meta` the session's client's, whatever else it had kept. */
function stateless(message: JsonRpcRequest, session: UpstreamSession): JsonRpcRequest {
  const { capabilities, clientInfo } = clientOf(session.initialize);
  const own = isObject(message.params?._meta) ? (message.params._meta as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(own).filter(([key]) => !isEraMeta(key)));
  return {
    ...message,
    params: { ...message.params, _meta: { ...kept, ...eraMetaOf(REVISION, capabilities, clientInfo) } },
  };
}

/** A failure of the target itself: it failed the request (5xx), could not be reached, or did not answer in time. */
const targetFailed = (failure: GatewayError) =>
  failure instanceof UpstreamServerError ||
  failure instanceof UpstreamUnreachable ||
  failure.code === 'upstream_timeout';

/** An answer of the gateway's own, in place of the upstream's. */
const jsonReply = (messages: readonly JsonRpcMessage[]): UpstreamReply => ({
  status: 200,
  items: new ListedItems(messages.map((message) => envelope(message))),
});

export class StatelessHttpTransport implements UpstreamTransport {
  private readonly http: StreamableHttpTransport;
  /** Requests under way here, to cancel. */
  private readonly running = new RunningRequests();

  constructor(
    http: HttpClient,
    /** A tool's input schema as the catalog of the server `target` names knows it (its `x-mcp-header`s). */
    private readonly inputSchemaOf?: (server: string, tool: string) => Promise<unknown>,
  ) {
    this.http = new StreamableHttpTransport(http);
  }

  /**
   * One request of the revision: its routing headers (a call's `Mcp-Param-*` from the arguments sent, as
   * its tool's schema names them: unknown until a list of the server went by), no session.
   */
  private async send(
    target: UpstreamTarget,
    request: JsonRpcRequest,
    signal: AbortSignal,
  ): Promise<UpstreamReply> {
    const tool = request.method === 'tools/call' ? request.params?.['name'] : undefined;
    let schema: unknown;
    let timeoutMs = target.timeoutMs;
    if (typeof tool === 'string' && this.inputSchemaOf !== undefined) {
      // the tool list this may take first (none known yet) is part of the call, within its one timeout
      const started = Date.now();
      const limit = deadline(signal, target.timeoutMs, target.name);
      try {
        const found = await unlessAborted(
          this.inputSchemaOf(target.name, tool).catch(() => undefined),
          limit.signal,
        );
        if (found === aborted && limit.timedOut()) throw upstreamFailure(target.name, undefined, true);
        if (found !== aborted) schema = found;
      } finally {
        limit.end();
      }
      timeoutMs = Math.max(1, target.timeoutMs - (Date.now() - started));
    }
    const params = schema === undefined ? {} : paramHeaders(schema, request.params?.['arguments']);
    return this.http.post(
      { ...target, timeoutMs, headers: { ...target.headers, ...modernHeaders(request), ...params } },
      {
        body: JSON.stringify(request),
        messages: [request],
        session: { gatewaySessionId: '', protocolVersion: REVISION },
        signal,
      },
    );
  }

  async post(target: UpstreamTarget, call: UpstreamPost): Promise<UpstreamReply> {
    const requests = call.messages.filter(isRequest);
    this.running.cancel(call.session, call.messages);
    // notifications and responses: the revision has no session for them to go to (a cancellation is
    // the end of the request's stream, above)
    if (requests.length === 0) return { status: 202 };
    if (requests.length === 1 && !call.body.trimStart().startsWith('['))
      return this.one(target, requests[0]!, call);
    return this.batch(target, requests, call);
  }

  /**
   * A batch (2025-03-26): its requests go out one by one within one timeout, each answered on its own
   * (one that fails takes nothing from those that ran); refused credentials before anything ran refuse
   * the whole request, so that the gateway renews them.
   */
  private async batch(
    target: UpstreamTarget,
    requests: JsonRpcRequest[],
    call: UpstreamPost,
  ): Promise<UpstreamReply> {
    const givesUpAt = Date.now() + target.timeoutMs;
    const items: AnswerItem[] = [];
    const failures: GatewayError[] = [];
    for (const [index, request] of requests.entries()) {
      let answered = false;
      try {
        // past the batch's timeout, a request is not sent at all
        const left = givesUpAt - Date.now();
        if (left <= 0) throw upstreamFailure(target.name, undefined, true);
        const reply = await this.one({ ...target, timeoutMs: left }, request, call);
        if ((reply.status === 401 || reply.status === 403) && index === 0) return reply;
        if (reply.status !== 200) {
          await drain(reply.body);
          const message = `Upstream server "${target.name}" answered HTTP ${reply.status}.`;
          throw reply.status >= 500
            ? new UpstreamServerError(message)
            : new GatewayError('upstream_error', message);
        }
        for await (const item of decodeReply(reply, target)) {
          items.push(item);
          if (item.kind === 'message' && isResponse(item.message) && item.message.id === request.id)
            answered = true;
        }
      } catch (error) {
        if (answered) continue;
        const failure = upstreamFailure(target.name, error, false);
        failures.push(failure);
        items.push(errorEnvelope(request.id, failure));
      }
    }
    // each request keeps its own answer; one the target failed (a 5xx, unreachable, no answer in time)
    // marks the reply a failure of the target, for its circuit
    return {
      status: 200,
      items: new ListedItems(items),
      ...(failures.some(targetFailed) ? { serverFailed: true } : {}),
    };
  }

  private async one(
    target: UpstreamTarget,
    request: JsonRpcRequest,
    call: UpstreamPost,
  ): Promise<UpstreamReply> {
    if (request.method === 'ping') return jsonReply([{ jsonrpc: '2.0', id: request.id, result: {} }]);
    if (request.method === 'initialize') return this.initialize(target, request, call);
    // a stateless client's own request needs nothing of a session, and may be asked for more input
    if (call.stateless === true) return this.send(target, request, call.signal);
    // a session's client cancels with a notice: its request's stream is then closed (the revision's
    // cancel), on this instance
    const { signal, done } = this.running.start(call.session, request.id, call.signal);
    let reply: UpstreamReply;
    try {
      reply = await this.send(target, stateless(request, call.session), signal);
    } catch (error) {
      done();
      throw error;
    }
    if (reply.status !== 200) {
      done();
      return reply;
    }
    return { ...reply, items: withoutInputRequests(decodeReply(reply, target), target.name, done) };
  }

  /** `initialize`, answered from `server/discover`: the session is the gateway's to hold. */
  private async initialize(
    target: UpstreamTarget,
    request: JsonRpcRequest,
    call: UpstreamPost,
  ): Promise<UpstreamReply> {
    const params = request.params ?? {};
    const client = clientOf(JSON.stringify(request));
    const discover: JsonRpcRequest = {
      jsonrpc: '2.0',
      id: request.id,
      method: 'server/discover',
      params: { _meta: eraMetaOf(REVISION, client.capabilities, client.clientInfo) },
    };
    const reply = await this.send(target, discover, call.signal);
    // refused credentials, an upstream down: the gateway's usual answers to a failed initialize
    if (reply.status !== 200) return reply;
    const found = await resultOfReply(reply, target, request.id);
    if (found === undefined)
      return jsonReply([
        {
          jsonrpc: '2.0',
          id: request.id,
          error: {
            code: -32603,
            message: `Upstream server "${target.name}" did not describe itself (server/discover).`,
          },
        },
      ]);
    const asked = params['protocolVersion'];
    const result: Record<string, unknown> = {
      protocolVersion: typeof asked === 'string' && SESSION_VERSIONS.includes(asked) ? asked : BRIDGE_VERSION,
      capabilities: statelessCapabilities(found['capabilities']),
      serverInfo: isObject(found['serverInfo']) ? found['serverInfo'] : { name: target.name, version: '' },
      ...(typeof found['instructions'] === 'string' ? { instructions: found['instructions'] } : {}),
    };
    return jsonReply([{ jsonrpc: '2.0', id: request.id, result }]);
  }

  async listen(): Promise<UpstreamReply> {
    return { status: 405 };
  }

  async terminate(): Promise<void> {}
}

/** The upstream's answer, with a result that asks for more input turned into an error (see above). */
async function* withoutInputRequests(
  items: AsyncIterable<AnswerItem>,
  server: string,
  done: () => void,
): AsyncGenerator<AnswerItem> {
  try {
    yield* mapped(items, server);
  } finally {
    done();
  }
}

async function* mapped(items: AsyncIterable<AnswerItem>, server: string): AsyncGenerator<AnswerItem> {
  for await (const item of items) {
    if (
      item.kind === 'message' &&
      isResponse(item.message) &&
      isObject(item.message.result) &&
      item.message.result['resultType'] === 'input_required'
    ) {
      yield errorEnvelope(
        item.message.id,
        new GatewayError(
          'upstream_error',
          `Upstream server "${server}" asks for more input (2026-07-28 input_required), which a session cannot carry.`,
        ),
      );
      continue;
    }
    yield item;
  }
}
