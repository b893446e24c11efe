/**
 * The telemetry of one MCP request, following OpenTelemetry's MCP semantic conventions: a SERVER span named
 * `{mcp.method.name} {target}` (parented to the caller's W3C trace context, from the `traceparent` header
 * or `params._meta`), an INTERNAL child span per policy stage and per guardrail verdict, a CLIENT span for
 * the upstream call (whose context travels upstream in `traceparent`), and the operation-duration
 * histograms. Payloads are recorded only as far as the server's `logging` allows, after redaction.
 */
import {
  type Attributes,
  type Context,
  type Counter,
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Histogram,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Principal, Server } from '../core/config.js';
import { auditedUri } from '../core/digest.js';
import { asGatewayError, errorCodes, gatewayCodeOf, toJsonRpcError } from '../core/errors.js';
import type { HttpRequest } from '../core/http.js';
import { cut } from '../core/text.js';
import { type AnswerItem, type McpAnswer, watchItems } from '../mcp/answer.js';
import { MODERN_VERSIONS, SESSION_VERSIONS } from '../mcp/era.js';
import { isResponse, type JsonRpcId } from '../mcp/jsonrpc.js';
import type { McpView } from '../mcp/view.js';
import { CATEGORY } from '../policies/guardrails/categories.js';
import type { DetectorName } from '../policies/guardrails/detectors.js';
import type { GuardrailVerdict, Subject } from '../policies/guardrails/index.js';
import { callerBaggage, callerTraceContext, tracedHeaders } from './headers.js';

export interface Instruments {
  tracer: Tracer | undefined;
  serverDuration: Histogram | undefined;
  clientDuration: Histogram | undefined;
  requests: Counter | undefined;
}

const propagator = new W3CTraceContextPropagator();

/** JSON-RPC errors that are the caller's fault (MCP's -32002: resource not found): not the server's. */
const CALLER_FAULTS = new Set([-32700, -32600, -32601, -32602, -32002]);
/** Longest payload attribute (characters); longer ones are cut and say so (see the span queue's bound). */
const MAX_PAYLOAD = 16 * 1024;

const VERDICTS: Record<GuardrailVerdict['action'], string> = { block: 'deny', redact: 'modify', log: 'warn' };
/** `gen_ai.guardrail.target.type` per subject and direction (what may be a tool's result counts as one). */
const TARGET_TYPES: Record<Subject['kind'], Record<GuardrailVerdict['direction'], string>> = {
  tool: { input: 'tool_call_arguments', output: 'tool_call_result' },
  prompt: { input: 'prompt_arguments', output: 'prompt_messages' },
  resource: { input: 'resource_contents', output: 'resource_contents' },
  'server-request': { input: 'server_request', output: 'server_request' },
  notification: { input: 'server_notification', output: 'server_notification' },
  'client-answer': { input: 'client_response', output: 'client_response' },
  method: { input: 'request_params', output: 'request_result' },
  unattributed: { input: 'tool_call_arguments', output: 'tool_call_result' },
  instructions: { input: 'server_instructions', output: 'server_instructions' },
};
/** What a listed definition's verdict targets (a guardrail's `definitions`), by what it defines. */
const DEFINITION_TARGETS: Partial<Record<Subject['kind'], string>> = {
  tool: 'tool_definition',
  prompt: 'prompt_definition',
  resource: 'resource_definition',
};

/**
 * Methods, tool and prompt names and URIs come from the caller, as long as a body allows: spans, span
 * names and metric series keep this much of each.
 */
export const MAX_TRACED_NAME = 256;
const clip = (name: string) => (name.length > MAX_TRACED_NAME ? `${cut(name, MAX_TRACED_NAME)}…` : name);

/** Revisions a metric names; any other a session's client says is counted as {@link OTHER_NAMES}. */
const KNOWN_VERSIONS = new Set([...SESSION_VERSIONS, ...MODERN_VERSIONS]);

/** What a CLIENT span carries of the request's own attributes (the conventions' names of its target). */
const CLIENT_ATTRIBUTES = [
  'mcp.method.name',
  'gen_ai.tool.name',
  'gen_ai.prompt.name',
  'mcp.resource.uri',
  'jsonrpc.request.id',
  'gen_ai.operation.name',
  'mcp.protocol.version',
] as const;

/** The `Host` header's name and port (an IPv6 literal without its brackets), if it is one. */
function hostOf(host: string | undefined): { address: string; port?: number } | undefined {
  if (host === undefined || !URL.canParse(`http://${host}`)) return undefined;
  const { hostname } = new URL(`http://${host}`);
  const address = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  // the port as sent (the URL drops a scheme's default one)
  const port = /^(?:\[[^\]]*\]|[^:[\]]*):(\d{1,5})$/.exec(host)?.[1];
  return { address, ...(port !== undefined ? { port: Number(port) } : {}) };
}

const payloadText = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_PAYLOAD ? `${cut(text, MAX_PAYLOAD)}…(truncated)` : text;
};

/** The caller's trace context: the `traceparent` header, else one in the body's `_meta` (2026-07-28). */
function callerContext(request: HttpRequest): Context {
  const body = request.body;
  // the first message's own `params._meta`, not any string of that name (a tool argument may hold one)
  let meta: unknown;
  if (body?.includes('traceparent'))
    try {
      const parsed = JSON.parse(body) as unknown;
      const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { params?: { _meta?: unknown } } | null;
      meta = first?.params?._meta;
    } catch {
      // no message to read it from: the header alone
    }
  const context = callerTraceContext(request.headers, meta);
  return context === undefined
    ? ROOT_CONTEXT
    : propagator.extract(ROOT_CONTEXT, context, defaultTextMapGetter);
}

export interface UpstreamCall {
  /** The trace context to send upstream. */
  headers: Record<string, string>;
  end(outcome: { status?: number; error?: unknown }): void;
}

/** What metrics name as the server of a request that never reached one (unknown, or unauthenticated). */
export const UNRESOLVED_SERVER = '(unresolved)';

/** How many names of one kind one server's metrics keep apart; later names are counted as {@link OTHER_NAMES}. */
export const MAX_SERIES_NAMES = 200;
export const OTHER_NAMES = '(other)';
/** JSON-RPC errors a server answers a target it does not have with (invalid params, method not found). */
const UNKNOWN_TARGET: ReadonlySet<string> = new Set(['-32602', '-32601']);
const seriesNames = new Map<string, Set<string>>();

/**
 * `name` as a metric attribute: itself while the server has room for names of this kind, else one for all.
 * Only a request that reached the server (`mayAdd`) makes a name a series: made-up names that policies
 * refuse must not use up the room of the server's real ones.
 */
function seriesName(kind: string, name: string, mayAdd: boolean, max = MAX_SERIES_NAMES): string {
  let names = seriesNames.get(kind);
  if (names === undefined) {
    names = new Set();
    seriesNames.set(kind, names);
  }
  if (names.has(name)) return name;
  if (!mayAdd || names.size >= max) return OTHER_NAMES;
  names.add(name);
  return name;
}

/** The methods MCP defines (every revision the gateway speaks): each always a series of its own. */
const MCP_METHODS: ReadonlySet<string> = new Set([
  'initialize',
  'ping',
  'server/discover',
  'tools/list',
  'tools/call',
  'prompts/list',
  'prompts/get',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'logging/setLevel',
  'completion/complete',
  'sampling/createMessage',
  'elicitation/create',
  'roots/list',
  'tasks/get',
  'tasks/list',
  'tasks/cancel',
  'tasks/result',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/message',
  'notifications/resources/updated',
  'notifications/resources/list_changed',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/roots/list_changed',
  'notifications/elicitation/complete',
  'notifications/tasks/status',
]);
/** How many other (vendor) method names one server's metrics keep apart. */
export const MAX_VENDOR_METHODS = 20;

/**
 * A method's name as a metric attribute: MCP's own always, a vendor's while the server has room for them:
 * any caller may send made-up methods (they are forwarded), which must not take the room of MCP's.
 */
function methodSeries(server: string, method: string): string {
  return MCP_METHODS.has(method)
    ? seriesName(`${server}#mcp.method.name`, method, true)
    : seriesName(`${server}#mcp.method.name#vendor`, method, true, MAX_VENDOR_METHODS);
}

/**
 * The JSON-RPC error codes of upstream answers that metrics keep apart: JSON-RPC's own and MCP's. Any other
 * number an upstream picks would be a series of its own (OpenTelemetry's `_OTHER` stands for them all).
 */
const RPC_ERROR_SERIES = new Set(['-32700', '-32600', '-32601', '-32602', '-32603', '-32002', '-32042']);
/** A metric's `error.type` for one a message carried: a JSON-RPC code of no known meaning is `_OTHER`. */
const errorSeries = (type: string) => (/^-?\d+$/.test(type) && !RPC_ERROR_SERIES.has(type) ? '_OTHER' : type);

export class RequestTrace {
  private readonly root: Span | undefined;
  private readonly context: Context;
  /** The caller's context: what goes upstream when the gateway's own spans are not recorded. */
  private readonly parent: Context;
  private readonly started = performance.now();
  private readonly attributes: Attributes = {};
  private described = false;
  private view: McpView | undefined;
  private server: Server | undefined;
  private firstId: JsonRpcId | undefined;
  /** The index of the message the span is named after (its first request, else its first message). */
  private firstIndex = -1;
  /** Whether the response to the first request went by. */
  private answered = false;
  private ended = false;
  /** The request went upstream: every stage (guardrails among them) had passed it. */
  private forwarded = false;
  private reachedMember = false;
  /** The span's name once the request is described: `{method} {tool or prompt}`. */
  private name: string | undefined;
  /** How the upstream answered the first request, when it failed it (an error or a tool's error). */
  private upstreamFailure: { type: string; rpcCode?: string; error: boolean } | undefined;
  /** Upstream calls read whole, to end once the request's answer is seen. */
  private readonly unsettled: (() => void)[] = [];

  constructor(
    private readonly instruments: Instruments,
    private readonly request: HttpRequest,
    serverName: string,
    /** Called once, when the request's span has ended. */
    private readonly onEnd: () => void = () => {},
  ) {
    const host = hostOf(request.headers['host']);
    this.attributes = {
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      'mcp.gateway.server': serverName,
      ...(host !== undefined ? { 'server.address': host.address } : {}),
      ...(host?.port !== undefined ? { 'server.port': host.port } : {}),
    };
    const parent = callerContext(request);
    this.parent = parent;
    this.root = instruments.tracer?.startSpan(
      request.method === 'POST' ? 'mcp' : `mcp ${request.method}`,
      { kind: SpanKind.SERVER, attributes: this.attributes },
      parent,
    );
    this.context = this.root === undefined ? parent : trace.setSpan(parent, this.root);
  }

  /** Names the span after the request's first message once the request is parsed and its server known. */
  describe(context: { mcp?: McpView; server?: Server; principal?: Principal }): void {
    if (this.described || context.mcp === undefined || context.server === undefined) return;
    this.described = true;
    this.view = context.mcp;
    this.server = context.server;
    const first = context.mcp.messages.find((m) => m.kind === 'request') ?? context.mcp.messages[0];
    this.firstIndex = first === undefined ? -1 : context.mcp.messages.indexOf(first);
    const attributes: Attributes = { 'jsonrpc.protocol.version': '2.0' };
    // an initialize has no version header yet: the version the client asks for is in its params
    const requested =
      first?.method === 'initialize'
        ? (first.message as { params?: { protocolVersion?: unknown } }).params?.protocolVersion
        : undefined;
    const version = context.mcp.protocolVersion ?? (typeof requested === 'string' ? requested : undefined);
    if (version !== undefined) attributes['mcp.protocol.version'] = clip(version);
    if (context.mcp.era === 'session' && context.mcp.sessionId !== undefined)
      attributes['mcp.session.id'] = clip(context.mcp.sessionId);
    if (context.principal !== undefined) {
      attributes['user.id'] = context.principal.user;
      attributes['mcp.gateway.workspace'] = context.principal.workspace;
    }
    if (context.mcp.batch) attributes['mcp.gateway.batch.size'] = context.mcp.messages.length;
    // a POST of client answers only (to a server's sampling or elicitation request) has no method
    const operations = { listen: 'GET stream', terminate: 'DELETE session', post: 'mcp' } as const;
    const method = first?.method === undefined ? undefined : clip(first.method);
    let name = method ?? operations[context.mcp.operation];
    if (first !== undefined && method !== undefined) {
      attributes['mcp.method.name'] = method;
      if (first.kind === 'request') {
        this.firstId = (first.message as { id: JsonRpcId }).id;
        attributes['jsonrpc.request.id'] = clip(String(this.firstId));
      }
      const target = first.target;
      if (target?.kind === 'tool') {
        attributes['gen_ai.tool.name'] = clip(target.name);
        name = `${method} ${clip(target.name)}`;
      } else if (target?.kind === 'prompt') {
        attributes['gen_ai.prompt.name'] = clip(target.name);
        name = `${method} ${clip(target.name)}`;
      } else if (target?.kind === 'resource') attributes['mcp.resource.uri'] = clip(auditedUri(target.name));
      if (method === 'tools/call') attributes['gen_ai.operation.name'] = 'execute_tool';
    }
    for (const [name, value] of Object.entries(tracedHeaders(context.server, this.request.headers) ?? {}))
      attributes[`http.request.header.${name}`] = [value];
    if ((context.server.logging?.payloads ?? 'off') === 'metadata' && this.request.body !== undefined)
      attributes['mcp.gateway.request.size'] = Buffer.byteLength(this.request.body);
    Object.assign(this.attributes, attributes);
    this.root?.setAttributes(attributes);
    this.root?.updateName(name);
    this.name = name;
  }

  /** A child span around one policy stage (and what follows it). */
  async stage<A>(name: string, context: unknown, run: () => Promise<A>): Promise<A> {
    this.describe(context as Parameters<RequestTrace['describe']>[0]);
    const span = this.instruments.tracer?.startSpan(
      name,
      { kind: SpanKind.INTERNAL, attributes: { 'mcp.gateway.stage': name } },
      this.context,
    );
    try {
      return await run();
    } catch (error) {
      const { code, status } = asGatewayError(error);
      span?.setAttribute('error.type', code);
      // a refusal of the caller's (401, 403, 429) is named, and no failure, as on the request's span
      if (status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw error;
    } finally {
      span?.end();
    }
  }

  /**
   * A virtual server's request carried to a member (whose own pipeline forwards it): its names are the
   * server's own, as a forwarded request's are (metric series); its payload stays untraced here.
   */
  memberCalled(): void {
    this.reachedMember = true;
  }

  /** A CLIENT span for one call to an upstream (`url`), whose context is sent along. */
  /**
   * A CLIENT span around an upstream exchange. `member`: a virtual server's member's (the member's own
   * stages, a guardrail among them, judged what it sent: its arguments are not this span's to trace).
   */
  upstream(server: Server, url: string, member = false): UpstreamCall {
    if (!member) this.forwarded = true;
    const started = performance.now();
    // an HTTP upstream's host and port; a Lambda function (`lambda:<name>`) is no network address
    const parsed = /^https?:\/\//i.test(url) && URL.canParse(url) ? new URL(url) : undefined;
    const method = this.attributes['mcp.method.name'];
    const attributes: Attributes = {};
    for (const key of CLIENT_ATTRIBUTES)
      if (this.attributes[key] !== undefined) attributes[key] = this.attributes[key];
    Object.assign(attributes, {
      ...(parsed !== undefined ? { 'network.transport': 'tcp', 'network.protocol.name': 'http' } : {}),
      'mcp.gateway.upstream': server.name,
      ...(parsed !== undefined
        ? {
            'server.address': parsed.hostname,
            'server.port': Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
          }
        : {}),
    });
    const span = this.instruments.tracer?.startSpan(
      this.root === undefined ? 'mcp' : (this.name ?? 'mcp'),
      { kind: SpanKind.CLIENT, attributes },
      this.context,
    );
    const headers: Record<string, string> = {};
    // a span outside every sink's share is not recorded: the upstream continues the caller's trace, under
    // the caller's span and with the caller's sampling decision, not under a span no one will see
    // (with no caller's trace, the unrecorded span's own context says `not sampled` to the upstream)
    const callerTraced = trace.getSpanContext(this.parent) !== undefined;
    propagator.inject(
      span === undefined || (!span.isRecording() && callerTraced)
        ? this.parent
        : trace.setSpan(this.context, span),
      headers,
      defaultTextMapSetter,
    );
    Object.assign(headers, callerBaggage(this.request.headers));
    return {
      headers,
      end: ({ status, error }) => {
        // on the performance clock, which the span corrects by its own offset (as its start): an epoch
        // time would count the drift between the clocks since the process began into the duration
        const endedAt = performance.now();
        const seconds = (performance.now() - started) / 1000;
        // a call read whole before its answer went by the stages (a JSON body) ends once the answer to
        // the request has been seen, or the request ended: only then is it known whether it failed
        const settles =
          error === undefined &&
          (status === undefined || status < 400) &&
          !this.answered &&
          !this.ended &&
          this.firstId !== undefined;
        const settle = () => this.settleUpstream(span, { status, error, endedAt, seconds, method, server });
        if (settles) this.unsettled.push(settle);
        else settle();
      },
    };
  }

  /** Ends an upstream call's span, with what the upstream answered, and records its duration. */
  private settleUpstream(
    span: Span | undefined,
    call: {
      status: number | undefined;
      error: unknown;
      endedAt: number;
      seconds: number;
      method: unknown;
      server: Server;
    },
  ): void {
    const { status, error, method, server } = call;
    const outcome: Attributes = {};
    let failed = false;
    if (status !== undefined) outcome['http.response.status_code'] = status;
    if (error !== undefined) outcome['error.type'] = asGatewayError(error).code;
    // to its client a 4xx is a failed call too (HTTP's client conventions)
    else if (status !== undefined && status >= 400) outcome['error.type'] = String(status);
    else if (this.upstreamFailure !== undefined) {
      // answered, with an error or a tool's error: what the upstream said, as the root records it
      outcome['error.type'] = this.upstreamFailure.type;
      if (this.upstreamFailure.rpcCode !== undefined)
        outcome['rpc.response.status_code'] = this.upstreamFailure.rpcCode;
      failed = this.upstreamFailure.error;
    }
    if (error !== undefined || (status !== undefined && status >= 400)) failed = true;
    span?.setAttributes(outcome);
    if (failed) span?.setStatus({ code: SpanStatusCode.ERROR });
    span?.end(call.endedAt);
    // the span keeps what the upstream said; the metric, a bounded set of series
    const errorType =
      outcome['error.type'] === undefined
        ? undefined
        : error === undefined && (status === undefined || status < 400)
          ? errorSeries(String(outcome['error.type']))
          : outcome['error.type'];
    this.instruments.clientDuration?.record(call.seconds, {
      ...(typeof method === 'string' ? { 'mcp.method.name': methodSeries(server.name, method) } : {}),
      'mcp.gateway.upstream': server.name,
      ...(errorType !== undefined ? { 'error.type': errorType } : {}),
    });
  }

  /** Ends the upstream calls waiting for the request's answer (see `upstream`). */
  private settleAll(): void {
    for (const settle of this.unsettled.splice(0)) settle();
  }

  /** A guardrail's verdict as a span with the GenAI security conventions' attributes. */
  guardrail(verdict: GuardrailVerdict): void {
    // a URI a guardrail found something in is traced as the guardrail shows it (redacted), never as sent
    if (verdict.subject.kind === 'resource' && this.attributes['mcp.resource.uri'] !== undefined) {
      const uri = clip(auditedUri(verdict.subject.name));
      this.attributes['mcp.resource.uri'] = uri;
      this.root?.setAttribute('mcp.resource.uri', uri);
    }
    const detectors = Object.keys(verdict.counts);
    const categories = [
      ...new Set(
        detectors.map((d) => CATEGORY[d as DetectorName] ?? (d === 'webhook' ? 'external' : 'custom')),
      ),
    ];
    const span = this.instruments.tracer?.startSpan(
      `guardrail ${verdict.guardrail.name}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'gen_ai.guardrail.verdict.type': VERDICTS[verdict.action],
          'gen_ai.guardrail.action.type': verdict.action,
          'gen_ai.guardrail.security.policy.id': verdict.guardrail.id ?? verdict.guardrail.name,
          'gen_ai.guardrail.security.risk.category': categories,
          'gen_ai.guardrail.target.type':
            (verdict.subject.method?.endsWith('/list') === true
              ? DEFINITION_TARGETS[verdict.subject.kind]
              : undefined) ?? TARGET_TYPES[verdict.subject.kind][verdict.direction],
          // a resource's URI without what may carry a credential (a signed URL's signature), as elsewhere
          'gen_ai.guardrail.target.subtype': clip(
            verdict.subject.kind === 'resource' ? auditedUri(verdict.subject.name) : verdict.subject.name,
          ),
          'mcp.gateway.guardrail.findings': detectors,
        },
      },
      this.context,
    );
    span?.end();
  }

  /** The answer with its messages observed (error codes, payloads) and the span ended when it is done. */
  follow(answer: McpAnswer): McpAnswer {
    if (answer.format === 'empty') {
      this.end();
      return answer;
    }
    return {
      ...answer,
      items: watchItems(
        answer.items,
        (item) => {
          this.observe(item);
          if (this.answered) this.settleAll();
        },
        // a break after the request was answered (the rest of a stream read after a JSON answer), or one
        // because the client went away, is no failure the client saw
        (end) =>
          this.end(
            end.failed && !this.answered && this.request.signal?.aborted !== true ? end.error : undefined,
          ),
      ),
    };
  }

  private observe(item: AnswerItem): void {
    if (item.kind !== 'message' || !isResponse(item.message)) return;
    if (this.firstId === undefined || item.message.id !== this.firstId) return;
    this.answered = true;
    const payloads = this.server?.logging?.payloads ?? 'off';
    if (item.message.error !== undefined) {
      const { code } = item.message.error;
      this.root?.setAttribute('rpc.response.status_code', String(code));
      // an error the gateway made names its code; an upstream's is not ours to name or to count
      const own = gatewayCodeOf(item.message.error);
      const gatewayOwn = own !== undefined;
      this.attributes['error.type'] = own ?? String(code);
      this.root?.setAttribute('error.type', this.attributes['error.type']);
      // a refusal answered in band (a policy's, a client error) is no error of the server's, as when thrown
      const refusal = own !== undefined ? errorCodes[own].status < 500 : CALLER_FAULTS.has(code);
      if (!refusal) this.root?.setStatus({ code: SpanStatusCode.ERROR });
      // an error the gateway made is no answer of the upstream's (its CLIENT span keeps its own outcome)
      if (!gatewayOwn)
        this.upstreamFailure = { type: String(code), rpcCode: String(code), error: !CALLER_FAULTS.has(code) };
      return;
    }
    const result = item.message.result as { isError?: unknown } | undefined;
    if (result?.isError === true) {
      this.upstreamFailure = { type: 'tool_error', error: true };
      this.attributes['error.type'] = 'tool_error';
      this.root?.setAttribute('error.type', 'tool_error');
      this.root?.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (payloads === 'full' && this.attributes['mcp.method.name'] === 'tools/call')
      this.root?.setAttribute('gen_ai.tool.call.result', payloadText(result));
    else if (payloads === 'metadata' && item.text !== undefined)
      this.root?.setAttribute('mcp.gateway.response.size', Buffer.byteLength(item.text));
  }

  /** Ends the request's span (with the error it failed with, if it did) and records its metrics. */
  end(thrown?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.finish(thrown);
    } finally {
      this.onEnd();
    }
  }

  private finish(thrown: unknown): void {
    this.settleAll();
    if (thrown !== undefined) {
      const error = asGatewayError(thrown);
      this.attributes['error.type'] = error.code;
      this.root?.setAttribute('error.type', error.code);
      // the JSON-RPC error the client is answered with (conditionally required)
      this.root?.setAttribute('rpc.response.status_code', String(toJsonRpcError(error).code));
      if (error.status >= 500) this.root?.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
    }
    // the arguments as forwarded, after any guardrail redaction; a request a stage stopped before the
    // guardrails (a rate limit, a denial) carries arguments no guardrail has seen: not traced
    if ((this.server?.logging?.payloads ?? 'off') === 'full' && this.view !== undefined && this.forwarded) {
      const view = this.view;
      // only the arguments of the call the span is named after (not another's of a batch); a refused call
      // never left the gateway: its arguments (perhaps what a guardrail blocked) are not traced
      const first = view.messages[this.firstIndex];
      const args =
        first?.method === 'tools/call' && !view.refused.has(this.firstIndex)
          ? (first.message as { params?: { arguments?: unknown } }).params?.arguments
          : undefined;
      if (args !== undefined) this.root?.setAttribute('gen_ai.tool.call.arguments', payloadText(args));
    }
    this.root?.end();
    const seconds = (performance.now() - this.started) / 1000;
    const metric: Attributes = {};
    for (const key of [
      'mcp.method.name',
      'gen_ai.tool.name',
      'gen_ai.prompt.name',
      'gen_ai.operation.name',
      'mcp.protocol.version',
      'network.transport',
      'error.type',
      'mcp.gateway.server',
    ])
      if (this.attributes[key] !== undefined) metric[key] = this.attributes[key];
    // the path names a server before anyone is authenticated: a metric names only a server the request
    // reached, so made-up paths cannot add a series each
    metric['mcp.gateway.server'] = this.server?.name ?? UNRESOLVED_SERVER;
    // a session's client says its revision in a header: only known ones are series of their own
    const version = metric['mcp.protocol.version'];
    if (typeof version === 'string' && !KNOWN_VERSIONS.has(version))
      metric['mcp.protocol.version'] = OTHER_NAMES;
    // nor can made-up methods and tool or prompt names (any caller may send them): a bounded number of
    // names per server, the rest counted as one. A name becomes a series of its own once the server ran
    // it: a call it answered as unknown (-32602 for a tool, -32601 for a method) adds none; one that
    // failed otherwise (a timeout, a server error) is a real tool's, whose failures a dashboard must show
    const method = metric['mcp.method.name'];
    if (typeof method === 'string')
      metric['mcp.method.name'] = methodSeries(String(metric['mcp.gateway.server']), method);
    const ran = (this.forwarded || this.reachedMember) && !UNKNOWN_TARGET.has(String(metric['error.type']));
    for (const key of ['gen_ai.tool.name', 'gen_ai.prompt.name'] as const) {
      const value = metric[key];
      if (typeof value === 'string')
        metric[key] = seriesName(`${metric['mcp.gateway.server']}#${key}`, value, ran);
    }
    const error = metric['error.type'];
    if (typeof error === 'string') metric['error.type'] = errorSeries(error);
    // an operation's duration is a method's (the conventions require its name): a GET stream's lifetime or
    // a POST of client answers would only skew every server's latency distribution
    if (metric['mcp.method.name'] !== undefined) this.instruments.serverDuration?.record(seconds, metric);
    this.instruments.requests?.add(1, metric);
  }
}
