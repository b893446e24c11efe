import { randomBytes } from 'node:crypto';
import type { ToolAnnotations } from '../catalog/tools.js';
import { abortableWaits, aborted, following, unlessAborted } from '../core/abort.js';
import type { Server } from '../core/config.js';
import { shortHash } from '../core/digest.js';
import { GatewayError } from '../core/errors.js';
import type { Terminal } from '../core/pipeline.js';
import { cut } from '../core/text.js';
import { finishesWithin } from '../core/time.js';
import type { UrlGuard } from '../core/url-guard.js';
import { callerTraceHeaders } from '../telemetry/headers.js';
import {
  type AnswerItem,
  charsOf,
  type Envelope,
  eachMessage,
  emptyAnswer,
  envelope,
  errorEnvelope,
  type ItemRun,
  ItemRuns,
  inRuns,
  ListedItems,
  type McpAnswer,
  watchItems,
  withLeading,
} from './answer.js';
import type { BridgeOwner, BridgeStore } from './bridge.js';
import type { Authenticated, Parsed, RequestContext, Resolved, UpstreamIdentity } from './context.js';
import {
  isEraMeta,
  MODERN_VERSIONS,
  refuseUnknownSessionVersion,
  statelessCapabilities,
  withCacheHints,
} from './era.js';
import type { HeldStreams } from './held-streams.js';
import {
  isNotification,
  isRequest,
  isResponse,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  numbersExact,
  reencodable,
} from './jsonrpc.js';
import {
  checkKeptInitialize,
  newSessionId,
  type SessionRecord,
  type SessionStore,
  sessionHolder,
} from './sessions.js';
import { drain, peek, readText } from './upstream/body.js';
import { answerEvery, decodeReply } from './upstream/decode.js';
import {
  deadline,
  HandshakeServerError,
  UpstreamRefused,
  UpstreamRefusedCredentials,
  UpstreamServerError,
  UpstreamUnreachable,
} from './upstream/errors.js';
import { backoffMs, type RetryBudgets, repeatable } from './upstream/retry.js';
import { type TargetRouter, targetsOf } from './upstream/router.js';
import { endpointOf, isHttpEndpoint, targetOf, timeoutFor, withinDeadline } from './upstream/target.js';
import {
  transportFor,
  type UpstreamKind,
  type UpstreamReply,
  type UpstreamSession,
  type UpstreamTarget,
  type UpstreamTransport,
} from './upstream/types.js';
import {
  answeredId,
  forwardedMessages,
  type McpView,
  requestIds,
  soleInitialize,
  takesJsonOnly,
} from './view.js';

export interface McpProxyDeps {
  sessions: SessionStore;
  bridges: BridgeStore;
  transports: Record<UpstreamKind, UpstreamTransport>;
  guard: UrlGuard;
  /** Largest single upstream message (JSON body or SSE event); over it the client gets an error. */
  maxMessageBytes: number;
  /** Long-lived processes: server→client streams opened as soon as a session is initialized. */
  held?: HeldStreams;
  /** Picks targets and keeps their circuit breakers. */
  router: TargetRouter;
  /** Keeps retries a bounded share of the calls, per server. */
  retries: RetryBudgets;
  /** A tool's annotations from the catalog (retries trust them on servers whose annotations are trusted). */
  annotationsOf?: (server: Server, tool: string) => Promise<ToolAnnotations | undefined>;
  /** Fallback servers by name (the configuration). Without it, `fallbacks` are not followed. */
  serverByName?: (name: string) => Promise<Server | undefined>;
  /** A fallback's own upstream credential headers (client credentials), never the caller's. */
  ownHeaders?: (server: Server) => Promise<Record<string, string>>;
  /** What a fallback's own policies say of the request (all fallbacks take anything, without it). */
  fallbackAdmits?: (fallback: Server, context: ProxyContext) => Promise<FallbackAdmission>;
  /**
   * How often an open server→client stream looks whether its server is still there and enabled (ms):
   * deleting or disabling a server ends its streams within it. Default 5 s.
   */
  streamRecheckMs?: number;
  /**
   * Whether the credential a long stream was opened with still holds (an api key not revoked, a token
   * not expired, its user not signed out): looked at with the server at each recheck.
   */
  credentialHolds?: (context: ProxyContext) => Promise<boolean>;
  /**
   * Takes the upstream calls begun off a request's path (a cancellation, a session's end): a Lambda
   * invocation finishes them before the instance freezes.
   */
  track?: (work: Promise<unknown>) => void;
}

/** Begins `work` off the request's path, where the deps' owner can finish it (see `track`). */
const aside = (deps: Pick<McpProxyDeps, 'track'>, work: Promise<unknown>): void => {
  const quiet = work.catch(() => undefined);
  deps.track?.(quiet);
};

/** What a fallback's own rules say of a request: whether they admit it at all, and the messages they refuse. */
export interface FallbackAdmission {
  admitted: boolean;
  /** Refused messages, by index, with the reason. */
  refused: Map<number, string>;
}

/** Where a call goes: the server whose upstream it is (this one or a fallback), how, and to which URL. */
interface Route {
  server: Server;
  transport: UpstreamTransport;
  target: UpstreamTarget;
  /** Set when the route is a fallback of the server the client named. */
  via?: Server;
  /** Messages the fallback's own policies refuse, by index, with the reason. */
  refused?: Map<number, string>;
}

export type ProxyContext = RequestContext & Authenticated & Resolved & Parsed & UpstreamIdentity;

/**
 * From this protocol on a server may close a POST's stream before its answer (polling: the client
 * resumes with GET and Last-Event-ID); earlier clients do not resume a stream that ended cleanly.
 */
const POLLING_SINCE = '2025-11-25';
/** How long an initialized session's 202 may wait for its server→client stream to open upstream. */
const HOLD_WAIT_MS = 1000;
/** How long a cancellation the gateway sends on its own (after its timeout) may take. */
const CANCEL_NOTICE_MS = 5000;
/** For calls the client cannot cancel (e.g. DELETE): the server's timeout still bounds them. */
const NEVER = new AbortController().signal;

/** The terminal step: forwards what the stages let through to the upstream and answers its messages. */
export function createMcpProxy(deps: McpProxyDeps): Terminal<ProxyContext, McpAnswer> {
  return async (context) => {
    const { server, mcp } = context;
    // only now, after authorization, may the caller learn that the server is switched off
    if (server.enabled === false) {
      if (mcp.sessionId !== undefined) await endSessionOf(deps, context, mcp.sessionId);
      throw new GatewayError('server_disabled', `MCP server "${server.name}" is disabled.`);
    }
    const configured = timeoutFor(
      server,
      mcp.messages.filter((_, index) => !mcp.refused.has(index)),
    );
    const timeoutMs = withinDeadline(configured, context.request.deadline);
    const target = {
      ...targetOf(server, deps.maxMessageBytes, context.upstreamHeaders),
      timeoutMs,
      givesUpAt: Date.now() + timeoutMs,
      // (a deadline a little short of the timeout, as a function's of the same time is, leaves the target
      // most of its time: not answering within it still counts)
      ...(timeoutMs < configured / 2 ? { cutShort: true } : {}),
    };
    const route: Route = { server, target, transport: transportOf(deps, server) };
    if (mcp.operation === 'listen') return listen(deps, context, route);
    if (mcp.operation === 'terminate') return terminate(deps, context, route);
    if (mcp.era === 'stateless') return statelessPost(deps, context, route);
    return sessionPost(deps, context, route);
  };
}

const transportOf = (deps: McpProxyDeps, server: Server) => transportFor(deps.transports, server);

/** Tells the stages that a fallback answers the request: what it lists is its own, not the named server's. */
const servedThrough = (mcp: McpView, route: Route) => {
  // (a retry may end on the named server after a fallback was tried)
  if (route.via !== undefined) mcp.servedBy = route.server;
  else delete mcp.servedBy;
};

/**
 * The fallback servers of `server` that can take the call now, in order: of its workspace, enabled,
 * reachable with their own credentials alone (per-user credentials and identity forwarding are bound to
 * the server the client named, so such fallbacks are skipped), and admitting the call by their own
 * access policies and tool provisioning.
 */
async function fallbacksOf(deps: McpProxyDeps, context: ProxyContext, admitting = true): Promise<Server[]> {
  const { server } = context;
  if (server.fallbacks === undefined || deps.serverByName === undefined) return [];
  const found: Server[] = [];
  for (const name of server.fallbacks) {
    const fallback = await deps.serverByName(name).catch(() => undefined);
    if (fallback === undefined || fallback.workspace !== server.workspace || fallback.enabled === false)
      continue;
    if (fallback.identity !== undefined) continue;
    if (fallback.credentials !== undefined && fallback.credentials.kind !== 'client-credentials') continue;
    if (admitting && deps.fallbackAdmits !== undefined) {
      const admission = await deps.fallbackAdmits(fallback, context);
      if (!admission.admitted || admission.refused.size > 0) continue;
    }
    found.push(fallback);
  }
  return found;
}

/** The route to one target URL of a fallback: its own headers and credentials, the call's timeout. */
async function fallbackRoute(
  deps: McpProxyDeps,
  primary: Route,
  fallback: Server,
  url: string,
): Promise<Route> {
  const own = fallback.credentials !== undefined ? ((await deps.ownHeaders?.(fallback)) ?? {}) : {};
  const { timeoutMs, givesUpAt, cutShort } = primary.target;
  const target = {
    ...targetOf(fallback, deps.maxMessageBytes, own),
    timeoutMs,
    ...(givesUpAt !== undefined ? { givesUpAt } : {}),
    ...(cutShort === true ? { cutShort } : {}),
  };
  return {
    server: fallback,
    transport: transportOf(deps, fallback),
    target: at(target, url),
    via: primary.server,
  };
}

/**
 * Every target a new session or stateless call may go to, best first: the server's own (by priority and
 * weight, open circuits left out), then — looked up only once those are used up — each fallback's the
 * same way. `sticky` keeps a user on one target.
 */
async function* candidates(
  deps: McpProxyDeps,
  context: ProxyContext,
  primary: Route,
  sticky?: string,
): AsyncGenerator<{ server: Server; url: string }> {
  for (const t of await deps.router.order(primary.server, sticky))
    yield { server: primary.server, url: t.url };
  for (const fallback of await fallbacksOf(deps, context))
    for (const t of await deps.router.order(fallback, sticky)) yield { server: fallback, url: t.url };
}

async function routeTo(deps: McpProxyDeps, primary: Route, candidate: { server: Server; url: string }) {
  if (candidate.server === primary.server) return { ...primary, target: at(primary.target, candidate.url) };
  return fallbackRoute(deps, primary, candidate.server, candidate.url);
}

/**
 * Failed handshakes already counted against a circuit: requests that shared one bridge's handshake
 * (single-flight) share its failure too, which counts once, not once per request waiting on it.
 */
const reported = new WeakSet<object>();
const firstReport = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return true;
  if (reported.has(error)) return false;
  reported.add(error);
  return true;
};

const serverIdOf = (server: Server) => server.id ?? server.name;

/** A disabled server ends the sessions it is asked for. */
export async function endSessionOf(
  deps: Pick<McpProxyDeps, 'sessions'>,
  context: ProxyContext,
  id: string,
): Promise<void> {
  const session = await deps.sessions.get(id).catch(() => undefined);
  if (session !== undefined && session.serverId === serverIdOf(context.server))
    await deps.sessions.delete(id).catch(() => undefined);
}

function upstreamSessionOf(session: SessionRecord, protocolVersion?: string): UpstreamSession {
  return {
    gatewaySessionId: session.id,
    ...(session.upstreamSessionId !== undefined ? { upstreamSessionId: session.upstreamSessionId } : {}),
    ...(protocolVersion !== undefined ? { protocolVersion } : {}),
    ...(session.initialize !== undefined ? { initialize: session.initialize } : {}),
  };
}

/** Answers for the messages a stage refused, in their order (refused notifications get none). */
export function refusedAnswers(view: McpView): Envelope[] {
  const answers: Envelope[] = [];
  for (const [index, error] of view.refused) {
    const id = answeredId(view.messages[index]);
    if (id !== undefined) answers.push(errorEnvelope(id, error));
  }
  return answers;
}

/**
 * The answer when nothing is forwarded: the refused requests' errors; with none (only notifications or
 * answers were refused), the refusal's own HTTP status, never a 202 that says the server took them.
 */
export function nothingForwarded(view: McpView, leading: Envelope[]): McpAnswer {
  const [first] = view.refused.values();
  if (leading.length > 0 || first === undefined) return withLeading(emptyAnswer(202), leading);
  return {
    status: first.status,
    headers: {},
    format: 'json',
    items: new ListedItems([errorEnvelope(null, first)]),
  };
}

/**
 * The transports whose sessions no upstream sees the client's `MCP-Protocol-Version` of: the gateway
 * negotiates them itself (OpenAPI, stateless HTTP), or bridges the client's requests to another form (a
 * Lambda function's event, legacy SSE's messages).
 */
const GATEWAY_NEGOTIATED: ReadonlySet<string> = new Set(['openapi', 'stateless-http', 'lambda', 'sse']);

/** The body to send upstream: the client's own unless messages were refused (or rewritten). */
function bodyFor(view: McpView, forwarded: JsonRpcMessage[]): string {
  if (view.refused.size === 0 && view.body !== undefined) return view.body;
  reencodable(view.source);
  return JSON.stringify(view.batch ? forwarded : forwarded[0]);
}

/**
 * The transports that send a request as the gateway encodes it, never as it came: ids renumbered (legacy
 * SSE, stateless), wrapped in an event (Lambda), arguments written into an API's request (OpenAPI).
 */
const REENCODING: ReadonlySet<string | undefined> = new Set(['sse', 'stateless-http', 'lambda', 'openapi']);

/** The upstream's reply as an answer: every forwarded request answered exactly once. */
function answerOf(
  reply: UpstreamReply,
  target: UpstreamTarget,
  forwarded: readonly JsonRpcMessage[],
  headers: Record<string, string> = {},
  resumable = false,
): McpAnswer {
  const ids = requestIds(forwarded);
  if (ids.length === 0) {
    void drain(reply.body);
    if (reply.status < 400) return emptyAnswer(202, headers);
    // notifications or answers the upstream did not take (a 404 of an ended session among them): the
    // client learns it from the status, as it would from the server itself, not from a 202
    const refused = new GatewayError(
      'upstream_error',
      `Upstream server "${target.name}" did not accept the message (HTTP ${reply.status}).`,
    );
    return {
      status: reply.status,
      headers,
      format: 'json',
      items: new ListedItems([errorEnvelope(null, refused)]),
    };
  }
  // requests are answered with 200 whatever success the upstream said (a 202 or 204 to a request would
  // leave it unanswered at the client); a reply without a body answers each of them with an error
  if (reply.body === undefined && reply.items === undefined)
    return { status: 200, headers, format: 'json', items: answerEvery(new ListedItems([]), ids, target) };
  const format = reply.items !== undefined || reply.contentType === 'text/event-stream' ? 'sse' : 'json';
  return {
    // a JSON error the upstream sent with a client-error status keeps it: a protocol version it does not
    // speak is a 400 (2025-06-18), as the server itself would answer. Not a 404: to a client in a session
    // that says its session is gone (the stateless revision's 404 for a method is passed on by its caller)
    status:
      format === 'json' && reply.status >= 400 && reply.status < 500 && reply.status !== 404
        ? reply.status
        : 200,
    headers,
    format,
    items: answerEvery(decodeReply(reply, target), ids, target, resumable),
  };
}

/** A handshake the target did not answer in time. */
const isTimeout = (error: unknown) => error instanceof GatewayError && error.code === 'upstream_timeout';

/**
 * The route a handshake is sent on: with half the request's time left when `half` (another candidate
 * could take it: see `anotherCandidate`), so that a target that never answers (hung, its packets dropped)
 * leaves the next the other half; else with all of it.
 */
function handshakeRoute(route: Route, half: boolean): Route {
  const { givesUpAt } = route.target;
  if (!half || givesUpAt === undefined) return route;
  return {
    ...route,
    target: {
      ...route.target,
      givesUpAt: Date.now() + Math.floor(Math.max(0, givesUpAt - Date.now()) / 2),
      statedTimeoutMs: route.target.statedTimeoutMs ?? route.target.timeoutMs,
    },
  };
}

const candidateKey = (candidate: { server: Server; url: string }) =>
  `${serverIdOf(candidate.server)} ${candidate.url}`;

/**
 * Whether a candidate not `tried` yet could take a handshake now: a target of the server, else of a
 * fallback (read only then), whose circuit is not open and which is in rotation.
 */
async function anotherCandidate(
  deps: McpProxyDeps,
  context: ProxyContext,
  primary: Route,
  tried: ReadonlySet<string>,
): Promise<boolean> {
  const usable = async (server: Server, url: string) =>
    !tried.has(candidateKey({ server, url })) && !(await deps.router.isOpen(server, url, false));
  for (const t of targetsOf(primary.server)) if (await usable(primary.server, t.url)) return true;
  if ((primary.server.fallbacks?.length ?? 0) === 0) return false;
  for (const fallback of await fallbacksOf(deps, context))
    for (const t of targetsOf(fallback)) if (await usable(fallback, t.url)) return true;
  return false;
}

async function sessionPost(deps: McpProxyDeps, context: ProxyContext, primary: Route): Promise<McpAnswer> {
  const { request, mcp, server, principal } = context;
  const signal = request.signal ?? NEVER;
  let forwarded = forwardedMessages(mcp);
  let leading = refusedAnswers(mcp);
  const initialize = soleInitialize(mcp);
  if (forwarded.length === 0) return nothingForwarded(mcp, leading);

  if (initialize !== undefined) {
    const id = newSessionId();
    const body = bodyFor(mcp, forwarded);
    // a new session goes to the best target, and on to the next (then the fallbacks') while one cannot be
    // reached
    let reply: UpstreamReply | undefined;
    let chosen = primary;
    let failure: unknown;
    /** A handshake timed out already (on half the time, see `handshakeRoute`): the time is spent by the next. */
    let timedOutBefore = false;
    /** The routes whose handshake failed: what one opened (a legacy SSE connection) is closed below. */
    const failed: Route[] = [];
    /** Closes what the failed handshakes opened; a transport that took the session on to another target closed its own. */
    const closeFailed = (kept?: Route) => {
      for (const route of failed)
        if (kept === undefined || transportOf(deps, route.server) !== transportOf(deps, kept.server))
          aside(deps, transportOf(deps, route.server).terminate(route.target, { gatewaySessionId: id }));
    };
    /** The candidates tried so far, this one included. */
    const triedKeys = new Set<string>();
    for await (const candidate of candidates(deps, context, primary)) {
      const claim = await deps.router.claim(candidate.server, candidate.url);
      if (claim === false) continue;
      triedKeys.add(candidateKey(candidate));
      let tried: Route | undefined;
      try {
        // a fallback's own credentials may fail to come: that fallback is then unreachable, not the call
        tried = await routeTo(deps, primary, candidate);
        chosen = tried;
        reply = await forward(
          deps,
          handshakeRoute(
            chosen,
            !timedOutBefore && (await anotherCandidate(deps, context, primary, triedKeys)),
          ),
          { body, messages: forwarded, session: { gatewaySessionId: id, ...replayOf(chosen, body) }, signal },
          context,
        );
        break;
      } catch (error) {
        deps.router.release(candidate.server, candidate.url, claim);
        if (tried !== undefined) failed.push(tried);
        // initialize opens nothing on a target that failed it (a 5xx: a balancer before a dead app, say):
        // safe to send to the next one; so is one a target never answered (hung, or its packets dropped),
        // once: whatever it opened is closed below or idles out, all within the request's timeout
        const unreachable =
          (error instanceof GatewayError && error.code === 'upstream_unavailable') ||
          error instanceof UpstreamServerError ||
          (isTimeout(error) && !timedOutBefore);
        if (isTimeout(error)) timedOutBefore = true;
        if (!unreachable || signal.aborted) {
          closeFailed();
          throw error;
        }
        failure = error;
      }
    }
    closeFailed(reply === undefined ? undefined : chosen);
    servedThrough(mcp, chosen);
    if (reply === undefined)
      throw (
        failure ??
        new GatewayError('upstream_unavailable', `Every target of "${server.name}" has its circuit open.`)
      );
    // not resumable: without its answer there is no session to resume on
    const answer = answerOf(reply, chosen.target, forwarded, {});
    const opened = reply;
    const route = chosen;
    /**
     * Ends the upstream's half of a session the gateway does not keep (a legacy SSE connection, a session
     * the upstream opened), as a failed handshake does: else it stays open until it idles out.
     */
    const abandon = () =>
      aside(
        deps,
        transportOf(deps, route.server).terminate(route.target, {
          gatewaySessionId: id,
          ...(opened.sessionId !== undefined ? { upstreamSessionId: opened.sessionId } : {}),
        }),
      );
    // a session exists only once the upstream really answered initialize with a result
    const { head, rest, accepted } = await readInitialize(
      answer.items,
      (initialize.message as JsonRpcRequest).id,
    ).catch((error: unknown) => {
      abandon();
      throw error;
    });
    if (!accepted || reply.status < 200 || reply.status >= 300) abandon();
    else {
      const url = chosen.target.url;
      await deps.sessions
        .create({
          id,
          serverId: serverIdOf(server),
          workspace: principal.workspace,
          user: principal.user,
          holder: sessionHolder(principal),
          // the session stays on the target (and the server) that created it: a server pointed elsewhere
          // since ends it (the session id and the client's initialize are the old upstream's)
          target: url,
          ...(chosen.via !== undefined
            ? { via: { id: serverIdOf(chosen.server), name: chosen.server.name } }
            : {}),
          ...(reply.sessionId !== undefined ? { upstreamSessionId: reply.sessionId } : {}),
          ...replayOf(chosen, body),
          transport: chosen.server.transport ?? 'streamable-http',
        })
        .catch(async (error: unknown) => {
          await rest.return?.();
          abandon();
          throw error;
        });
      answer.headers = { ...answer.headers, 'mcp-session-id': id };
    }
    return { ...answer, items: prepend(head, rest) };
  }

  const protocolVersion = mcp.protocolVersion;
  const session = await sessionFor(deps, context);
  // a session the gateway negotiated itself (no upstream session behind it) speaks a revision it knows:
  // another one named is answered 400, as the server would (2025-06-18); an upstream's own says for itself
  if (GATEWAY_NEGOTIATED.has(session.transport ?? '')) refuseUnknownSessionVersion(protocolVersion);
  const route = await sessionRoute(deps, context, primary, session);
  if (route.refused !== undefined) {
    // a session on a fallback: what the fallback's own policies refuse is answered here, the rest goes on
    for (const [index, reason] of route.refused)
      mcp.refused.set(index, new GatewayError('access_denied', reason));
    forwarded = forwardedMessages(mcp);
    leading = refusedAnswers(mcp);
    if (forwarded.length === 0) {
      // nothing is sent: a half-open probe the session's route claimed is free again
      deps.router.abandon(route.server, route.target.url, deps.router.now());
      return nothingForwarded(mcp, leading);
    }
  }
  /** Sends the upstream a message of the gateway's own in the session, aside (bounded, its answer drained). */
  const tell = (message: JsonRpcMessage) =>
    aside(
      deps,
      route.transport
        .post(route.target, {
          body: JSON.stringify(message),
          messages: [message],
          session: upstreamSessionOf(session, protocolVersion),
          signal: AbortSignal.timeout(CANCEL_NOTICE_MS),
        })
        .then((r) => drain(r.body)),
    );
  // A request the gateway's own timeout ended is told to stop upstream: its client, answered with a
  // timeout, sends no cancel of its own (a client that goes away is no cancel in this era: left alone).
  const cancelled = new Set<JsonRpcId>();
  const cancel = (id: JsonRpcId) => {
    if (cancelled.has(id)) return;
    cancelled.add(id);
    tell({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id } });
  };
  const requestIds = new Set(forwarded.filter(isRequest).map((m) => m.id));
  // the upstream's answer is read until the client leaves, or until its stream is stopped (see below)
  const stopped = following(request.signal);
  // a legacy HTTP+SSE upstream has no session id, but its connection is the session a notice goes to;
  // a function's invocation is stopped by no later one (a notice would be an invocation for nothing)
  const cancellable =
    (session.upstreamSessionId !== undefined && route.server.transport !== 'lambda') ||
    route.server.transport === 'sse';
  let reply: UpstreamReply;
  try {
    reply = await forward(
      deps,
      route,
      {
        body: bodyFor(mcp, forwarded),
        messages: forwarded,
        session: upstreamSessionOf(session, protocolVersion),
        signal: stopped.signal,
        ...(takesJsonOnly(context.request) ? { jsonOnly: true } : {}),
      },
      context,
    );
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'upstream_timeout' && cancellable)
      for (const id of requestIds) cancel(id);
    throw error;
  }
  if (session.upstreamSessionId !== undefined) reply = await sessionLossAs404(reply);
  if (reply.status === 404 && session.upstreamSessionId !== undefined) {
    // the upstream forgot its session (restart): end ours so the client initializes again
    await deps.sessions.delete(session.id);
    await drain(reply.body);
    throw new GatewayError('session_not_found', 'The session has expired; initialize a new one.');
  }
  const initialized =
    forwarded.length === 1 &&
    'method' in forwarded[0]! &&
    forwarded[0].method === 'notifications/initialized';
  if (
    initialized &&
    deps.held !== undefined &&
    route.server.transport !== 'sse' &&
    session.upstreamSessionId !== undefined &&
    reply.status < 300
  ) {
    // the client hears its 202 once the stream is in place upstream (a round trip, bounded)
    const held = deps.held.open(
      session.id,
      route.target,
      upstreamSessionOf(session, protocolVersion),
      route.transport,
    );
    await finishesWithin(held, HOLD_WAIT_MS);
  }
  // a virtual server's client cannot resume a member's stream (its event ids are not passed on), nor can a
  // client that takes no event stream, nor one of an upstream that keeps no sessions (it has no stream of
  // the session to resume on: GET answers 405)
  const resumable =
    context.member === undefined &&
    session.upstreamSessionId !== undefined &&
    protocolVersion !== undefined &&
    protocolVersion >= POLLING_SINCE &&
    !takesJsonOnly(context.request);
  let answer = answerOf(reply, route.target, forwarded, {}, resumable);
  // the upstream's own requests (sampling, elicitation, a ping) never reach a client that takes no event
  // stream: answered here, the upstream's work goes on instead of waiting out the timeout for them
  if (cancellable && answer.format === 'sse' && takesJsonOnly(context.request)) {
    let replies = 0;
    answer = eachMessage(answer, (item) => {
      const asked = item.message;
      if (!isRequest(asked)) return undefined;
      // a few per call: an upstream asking without end is not answered without end
      if (++replies <= MAX_UPSTREAM_REQUESTS_ANSWERED)
        tell(answerToUpstream(asked, 'A client that takes no event stream'));
      return [];
    });
  }
  // a stream of answers (a long call's progress) ends, its calls answered, once its caller or its server
  // no longer holds, as the session's own stream does
  if (answer.format === 'sse' && requestIds.size > 0 && !(answer.items instanceof ListedItems)) {
    const unanswered = new Set(requestIds);
    answer = {
      ...answer,
      items: whileServerServes(answer.items, deps, context, session, stopped, undefined, {
        seen: (item) => {
          if (item.kind === 'message' && isResponse(item.message) && item.message.id !== null)
            unanswered.delete(item.message.id);
        },
        stopped: (why) => {
          const error =
            why === 'credential'
              ? new GatewayError(
                  'unauthorized',
                  'The credential this call was made with no longer holds (revoked, expired or signed out).',
                )
              : new GatewayError(
                  'session_not_found',
                  why === 'server'
                    ? `The session ended: MCP server "${server.name}" was deleted, replaced or switched off.`
                    : 'The session ended while the call was under way; initialize a new one.',
                );
          // the session may have ended here only (the upstream not told): a cancel to an ended one is
          // refused there, harmlessly
          if (cancellable) for (const id of unanswered) cancel(id);
          return [...unanswered].map((id) => errorEnvelope(id, error));
        },
      }),
    };
  }
  if (answer.format === 'empty' || requestIds.size === 0 || !cancellable) return withLeading(answer, leading);
  // the timeout struck during the upstream's stream: the request is answered with an error made here
  const timedOut = (item: AnswerItem): JsonRpcId | undefined => {
    if (item.kind !== 'message' || item.text !== undefined || !isResponse(item.message)) return undefined;
    const { id, error } = item.message;
    const code = (error?.data as { code?: unknown } | undefined)?.code;
    return id !== null && requestIds.has(id) && code === 'upstream_timeout' ? id : undefined;
  };
  const items = watchItems(
    answer.items,
    (item) => {
      const id = timedOut(item);
      if (id !== undefined) cancel(id);
    },
    () => undefined,
  );
  return withLeading({ ...answer, items }, leading);
}

/**
 * The client's `initialize`, kept with the session where the transport needs it again: a legacy SSE
 * upstream's (to re-open its connection elsewhere), a stateless upstream's (its `_meta` on each request).
 */
const replayOf = (route: Route, body: string) => {
  if (route.server.transport !== 'sse' && route.server.transport !== 'stateless-http') return {};
  checkKeptInitialize(body);
  return { initialize: body };
};

/** Reads an answer up to the response to `id`; answers what was read, the rest, and whether it succeeded. */
/** Messages (and their characters) an upstream may send before its answer to `initialize`. */
const MAX_INITIALIZE_HEAD = 256;
const MAX_INITIALIZE_HEAD_CHARS = 8 * 1024 * 1024;

async function readInitialize(
  items: AsyncIterable<AnswerItem>,
  id: JsonRpcRequest['id'],
): Promise<{ head: AnswerItem[]; rest: AsyncIterator<AnswerItem>; accepted: boolean }> {
  const rest = items[Symbol.asyncIterator]();
  const head: AnswerItem[] = [];
  let chars = 0;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return { head, rest, accepted: false };
    head.push(next.value);
    const item = next.value;
    // what comes before the answer is held until it: bounded, as a held stream is
    chars += charsOf(item);
    if (head.length > MAX_INITIALIZE_HEAD || chars > MAX_INITIALIZE_HEAD_CHARS) {
      await rest.return?.();
      throw new GatewayError('upstream_error', 'The upstream sent too much before it answered initialize.');
    }
    if (item.kind === 'message' && isResponse(item.message) && item.message.id === id) {
      const { result } = item.message;
      return { head, rest, accepted: typeof result === 'object' && result !== null };
    }
  }
}

async function* prepend(head: AnswerItem[], rest: AsyncIterator<AnswerItem>): AsyncGenerator<AnswerItem> {
  yield* head;
  try {
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

/**
 * Whether `now`, the configuration's server of the session's server's name, still serves a session opened
 * on `server`: not deleted, not replaced by another of its name, not switched off since.
 */
export function stillServes(now: Server | undefined, server: Server, session: SessionRecord): boolean {
  return (
    now !== undefined &&
    serverIdOf(now) === serverIdOf(server) &&
    now.enabled !== false &&
    !openedBeforeDisable(session, now)
  );
}

/**
 * Disabling a server ends its sessions, even those nobody used while it was off, and those an instance
 * opened while it still thought the server enabled (before it was enabled again).
 */
function openedBeforeDisable(session: SessionRecord, server: Server): boolean {
  if (server.disabledAt === undefined) return false;
  const enabledAt = server.enabledAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(server.enabledAt);
  return session.createdAt <= Math.max(Date.parse(server.disabledAt), enabledAt);
}

/**
 * The session a request names, which must be bound to this server (by id), workspace and user. Without a
 * session id a POST is a bad request; a GET or DELETE (`method` says which) is not allowed at all.
 */
/**
 * The route a session lives on: a target of its server, or of the fallback that took it. A target or
 * fallback the server no longer has ends the session; an open circuit ends the call.
 */
async function sessionRoute(
  deps: McpProxyDeps,
  context: ProxyContext,
  primary: Route,
  session: SessionRecord,
  sends = true,
): Promise<Route> {
  const { server } = context;
  const url = session.target ?? endpointOf(server);
  let route: Route | undefined;
  if (session.via === undefined) {
    if (targetsOf(server).some((t) => t.url === url)) route = { ...primary, target: at(primary.target, url) };
  } else if (server.fallbacks?.includes(session.via.name)) {
    const fallback = (await fallbacksOf(deps, context, false)).find(
      (f) => f.name === session.via?.name && serverIdOf(f) === session.via.id,
    );
    if (fallback !== undefined && targetsOf(fallback).some((t) => t.url === url)) {
      // the session stays on its fallback; what that fallback's own policies refuse is refused
      const admission = await deps.fallbackAdmits?.(fallback, context);
      if (admission?.admitted === false)
        throw new GatewayError(
          'access_denied',
          `This session is served by fallback server "${fallback.name}", whose access policies refuse this request.`,
        );
      route = await fallbackRoute(deps, primary, fallback, url);
      if (admission !== undefined && admission.refused.size > 0) route.refused = admission.refused;
    }
  }
  if (route === undefined) {
    await deps.sessions.delete(session.id);
    throw new GatewayError(
      'session_not_found',
      'The session was on a target the server no longer has; initialize again.',
    );
  }
  servedThrough(context.mcp, route);
  // what the session holds (an upstream session id, the client's initialize) is of the transport it
  // opened over: another one cannot go on with it
  if (
    session.transport !== undefined &&
    session.transport !== (route.server.transport ?? 'streamable-http')
  ) {
    await deps.sessions.delete(session.id);
    throw new GatewayError(
      'session_not_found',
      "The server's transport changed since the session opened; initialize again.",
    );
  }
  // a target the health checker took out of rotation is down for longer than a circuit's cooldown: the
  // session ends, and its client initializes again on a target that serves
  if (sends && route.server.healthCheck !== undefined && !(await deps.router.inRotation(route.server, url))) {
    await deps.sessions.delete(session.id);
    throw new GatewayError(
      'session_not_found',
      "The session's target is out of rotation (failing its health checks); initialize again.",
    );
  }
  // a call that is sent (and reported) may be the half-open probe; GET and DELETE only look
  if (await deps.router.isOpen(route.server, url, sends)) {
    // down past a cooldown (its probe failed too) while another target or a fallback may serve: the
    // session ends, as for a target out of rotation, rather than fail every call until the target is back
    if (
      sends &&
      deps.router.downPastCooldown(route.server, url) &&
      ((server.fallbacks?.length ?? 0) > 0 || (await anotherInRotation(deps, server, url)))
    ) {
      await deps.sessions.delete(session.id);
      throw new GatewayError(
        'session_not_found',
        "The session's target has been down past its circuit's cooldown; initialize again.",
      );
    }
    throw new GatewayError(
      'upstream_unavailable',
      `The circuit of this session's target of "${route.server.name}" is open; try again later.`,
    );
  }
  return route;
}

/** Whether a target of the server other than `url` may be called now (its circuit not open, in rotation). */
async function anotherInRotation(deps: McpProxyDeps, server: Server, url: string): Promise<boolean> {
  for (const target of targetsOf(server))
    if (target.url !== url && !(await deps.router.isOpen(server, target.url, false))) return true;
  return false;
}

export async function sessionFor(
  deps: Pick<McpProxyDeps, 'sessions'>,
  context: ProxyContext,
  method?: string,
): Promise<SessionRecord> {
  const id = context.mcp.sessionId;
  if (id === undefined) {
    if (method !== undefined) {
      throw new GatewayError('method_not_allowed', `${method}; send its Mcp-Session-Id.`, {
        headers: { allow: 'POST' },
      });
    }
    throw new GatewayError('session_required', 'Bad Request: Mcp-Session-Id header is required.');
  }
  const session = await deps.sessions.get(id);
  const { server, principal } = context;
  if (
    session === undefined ||
    session.serverId !== serverIdOf(server) ||
    session.workspace !== principal.workspace ||
    session.user !== principal.user ||
    session.holder !== sessionHolder(principal) ||
    openedBeforeDisable(session, server)
  ) {
    throw new GatewayError('session_not_found', 'Session not found; initialize a new one.');
  }
  return session;
}

/**
 * Sends a body upstream and turns the upstream's HTTP failures into typed errors: its refusal of the
 * gateway's credentials, a missing endpoint, a redirect, and any error page (5xx, or 4xx that is not
 * JSON-RPC), which must not reach the client as it came. A 404 for a known upstream session is left to
 * the caller.
 */
/** The same target, sent to one of the server's target URLs. */
const at = (target: UpstreamTarget, url: string): UpstreamTarget =>
  url === target.url ? target : { ...target, url };

/** A stream of nothing. */
async function* noItems(): AsyncIterable<AnswerItem> {}

/** The target with what is left of its request's time as its timeout. */
const remaining = (target: UpstreamTarget): UpstreamTarget =>
  target.givesUpAt === undefined
    ? target
    : {
        ...target,
        timeoutMs: Math.max(1, Math.min(target.timeoutMs, target.givesUpAt - Date.now())),
        statedTimeoutMs: target.statedTimeoutMs ?? target.timeoutMs,
      };

/**
 * A failure that counts against the target: it could not be reached, did not answer in time (its own
 * timeout, not a request's deadline that cut it short), or failed.
 */
const failing = (error: unknown, target: UpstreamTarget) =>
  error instanceof UpstreamServerError ||
  (error instanceof GatewayError &&
    (error.code === 'upstream_unavailable' ||
      (error.code === 'upstream_timeout' && target.cutShort !== true)));

/**
 * The reply, telling `onEnd` once how its body ended: read whole (undefined), cut (the error: a timeout or a
 * broken connection while it streamed), or left unread by its reader (`'left'`: the client went away).
 */
function whenRead(reply: UpstreamReply, onEnd: (outcome: unknown) => void): UpstreamReply {
  const { body, items, takeWhole } = reply;
  if (body === undefined && items === undefined) {
    onEnd(undefined);
    return reply;
  }
  let ended = false;
  const once = (outcome: unknown) => {
    if (ended) return;
    ended = true;
    onEnd(outcome);
  };
  async function* observed<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
    let read = false;
    try {
      yield* source;
      read = true;
    } catch (error) {
      once(error);
      throw error;
    } finally {
      // returned early: its reader stopped (the client left), or read on past it (whole)
      once(read ? undefined : 'left');
    }
  }
  return {
    ...reply,
    // a legacy SSE answer's messages come decoded (`items`): they too end only once read
    ...(body !== undefined ? { body: observed(body) } : {}),
    ...(items !== undefined ? { items: observed(items) } : {}),
    ...(takeWhole !== undefined
      ? {
          takeWhole: () => {
            const whole = takeWhole();
            if (whole !== undefined) once(undefined);
            return whole;
          },
        }
      : {}),
  };
}

/**
 * Whether a reply below 500 is the MCP server's own answer: a success, or a client error carrying a
 * JSON-RPC body (the server judged the request).
 */
const mcpAnswer = (reply: UpstreamReply): boolean =>
  reply.status < 300 ||
  (reply.status >= 400 &&
    reply.status !== 401 &&
    reply.status !== 403 &&
    reply.status !== 429 &&
    (reply.items !== undefined ||
      reply.contentType === 'application/json' ||
      reply.contentType === 'text/event-stream'));

/** Sends a call and tells the router how it went (a transport failure or a 5xx counts against the target). */
async function forward(
  deps: Pick<McpProxyDeps, 'router' | 'guard' | 'retries' | 'annotationsOf'>,
  route: Route,
  call: Parameters<UpstreamTransport['post']>[1],
  { trace, request, member }: Pick<ProxyContext, 'trace' | 'request' | 'member'>,
): Promise<UpstreamReply> {
  if (REENCODING.has(route.server.transport))
    try {
      reencodable(call.body);
    } catch (error) {
      // never sent: a half-open probe this call was claimed is free again
      deps.router.abandon(route.server, route.target.url, deps.router.now());
      throw error;
    }
  if (trace === undefined) {
    // nothing traced here: the caller's trace context goes on as it came, in a header too when it came
    // in the message's _meta (an upstream that reads the header continues it)
    const first = call.messages[0] as { params?: { _meta?: unknown } } | undefined;
    const parent = callerTraceHeaders(request.headers, first?.params?._meta);
    if (Object.keys(parent).length === 0) return send(deps, route, call);
    return send(
      deps,
      { ...route, target: { ...route.target, headers: withTraceContext(route.target.headers, parent) } },
      call,
    );
  }
  // a CLIENT span around the upstream exchange; its trace context travels upstream
  const span = trace.upstream(route.server, route.target.url, member !== undefined);
  const traced = {
    ...route,
    target: { ...route.target, headers: withTraceContext(route.target.headers, span.headers) },
  };
  try {
    const reply = await send(deps, traced, withTraceMeta(call, span.headers));
    // the exchange lasts until its answer has been read (a tool streams after the headers)
    return whenRead(reply, (outcome) =>
      span.end(
        outcome === undefined || outcome === 'left'
          ? { status: reply.status }
          : { status: reply.status, error: outcome },
      ),
    );
  } catch (error) {
    span.end({ error });
    throw error;
  }
}

/**
 * A request that carries trace context in `params._meta` (the 2026-07-28 way) gets the gateway's there
 * too, so an upstream reading it continues the trace under the gateway's span, as one reading the header.
 */
/** A server's headers with the trace context added; `baggage` the server is configured with stays. */
function withTraceContext(
  configured: Readonly<Record<string, string>>,
  context: Readonly<Record<string, string>>,
): Record<string, string> {
  const { baggage, ...trace } = context;
  const own = Object.keys(configured).some((name) => name.toLowerCase() === 'baggage');
  return { ...configured, ...trace, ...(baggage !== undefined && !own ? { baggage } : {}) };
}

function withTraceMeta(
  call: Parameters<UpstreamTransport['post']>[1],
  context: Readonly<Record<string, string>>,
): Parameters<UpstreamTransport['post']>[1] {
  const carries = (m: JsonRpcMessage) =>
    'params' in m &&
    typeof (m.params?._meta as { traceparent?: unknown } | undefined)?.traceparent === 'string';
  if (!call.messages.some(carries) || context.traceparent === undefined) return call;
  // written anew, a number JSON.parse rounded would reach the upstream rounded: the body goes as it came
  // then (the `traceparent` header carries the span's context all the same)
  if (!numbersExact(call.body)) return call;
  // a message's own context is replaced by the span's; its baggage is its own
  const { baggage: _header, ...spanContext } = context;
  const messages = call.messages.map((m) => {
    if (!carries(m) || !('params' in m)) return m;
    const meta = m.params?._meta as Record<string, unknown>;
    return { ...m, params: { ...m.params, _meta: { ...meta, ...spanContext } } } as JsonRpcMessage;
  });
  const batch = call.body.trimStart().startsWith('[');
  return { ...call, messages, body: JSON.stringify(batch ? messages : messages[0]) };
}

async function send(
  deps: Pick<McpProxyDeps, 'router' | 'guard' | 'retries' | 'annotationsOf'>,
  { server, transport, target }: Route,
  call: Parameters<UpstreamTransport['post']>[1],
): Promise<UpstreamReply> {
  if (isHttpEndpoint(target.url)) {
    try {
      await deps.guard.check(target.url);
    } catch (error) {
      // never sent: a half-open probe this call was claimed is free again
      deps.router.abandon(server, target.url, deps.router.now());
      throw error;
    }
  }
  const policy = server.retry;
  const hinted =
    server.trustAnnotations === true && deps.annotationsOf !== undefined
      ? async (tool: string) => {
          const hints = await deps.annotationsOf!(server, tool).catch(() => undefined);
          return hints?.readOnlyHint === true || hints?.idempotentHint === true;
        }
      : undefined;
  const retries =
    policy !== undefined && (await repeatable(policy, call.messages, hinted)) ? (policy.attempts ?? 2) : 0;
  deps.retries.call(server);
  // retries and their waits stay within the call's own timeout, and within what its request has left
  const givesUpAt = Math.min(Date.now() + target.timeoutMs, target.givesUpAt ?? Number.POSITIVE_INFINITY);
  let reply: UpstreamReply | undefined;
  /** Whether an earlier try reached the upstream: then the call may have run, whatever the last try says. */
  let reachedBefore = false;
  /** Whether an earlier try may have run the call (a 5xx, a failure while it was out): a refusal after it undoes nothing. */
  let ranBefore = false;
  /** When the last try began, if its reply was no MCP answer (see `mcpAnswer`). */
  let neutralAt: number | undefined;
  const ranEarlier = (failure: unknown) => {
    if (ranBefore && failure instanceof UpstreamRefused) failure.ranBefore = true;
    return failure;
  };
  for (let attempt = 0; ; attempt++) {
    let failure: unknown;
    reply = undefined; // drained before this try: its Retry-After is no longer what the upstream says
    // each try gets what is left of the call's timeout, so retries cannot stretch it
    const attemptTarget = {
      ...target,
      timeoutMs: Math.max(1, givesUpAt - Date.now()),
      statedTimeoutMs: target.statedTimeoutMs ?? target.timeoutMs,
    };
    const startedAt = deps.router.now();
    neutralAt = undefined;
    try {
      reply = await transport.post(attemptTarget, call);
      if (reply.status >= 500 || reply.serverFailed === true)
        deps.router.report(server, target.url, false, startedAt);
      // no MCP answer (a redirect, too many requests, its credentials refused, a balancer's page while the
      // server is away): it says neither that the target fails nor that it serves, and a half-open probe
      // it was is free again once the call is over (a retry of it is still the probe)
      else if (!mcpAnswer(reply)) neutralAt = startedAt;
      // a streamed answer has not succeeded at its headers: the tool may hang or the stream break after
      else if (server.circuitBreaker !== undefined)
        reply = whenRead(reply, (outcome) => {
          if (outcome === undefined) deps.router.report(server, target.url, true, startedAt);
          else if (!call.signal.aborted && failing(outcome, target))
            deps.router.report(server, target.url, false, startedAt);
          // a client that left says nothing of the target, and holds its probe no longer
          else deps.router.abandon(server, target.url, startedAt);
        });
    } catch (error) {
      // only a target that cannot be reached or does not answer in time is failing; a request it (or the
      // transport, for the client) refused is not, nor is a client that went away
      if (failing(error, target) && !call.signal.aborted)
        deps.router.report(server, target.url, false, startedAt);
      // anything else says nothing of the target: a half-open probe this call was is free again
      else deps.router.abandon(server, target.url, startedAt);
      failure = error;
    }
    // as budgets read it: unavailable, and not said to have failed while the request was out
    const unsent =
      failure instanceof GatewayError &&
      failure.code === 'upstream_unavailable' &&
      !(failure instanceof UpstreamUnreachable && failure.mayHaveRun);
    if (reachedBefore && unsent && failure instanceof GatewayError)
      failure = new UpstreamUnreachable(failure.message, true, failure);
    reachedBefore ||= !unsent;
    // nothing of this answer went to the client yet: a failed try of a safe call may be made again
    const retryable =
      failure !== undefined
        ? failure instanceof GatewayError && failure.code === 'upstream_unavailable'
        : (policy?.statuses ?? [429, 502, 503, 504]).includes(reply!.status);
    if (!retryable || attempt >= retries || call.signal.aborted) {
      if (failure !== undefined) throw ranEarlier(failure);
      break;
    }
    ranBefore ||= failure !== undefined ? !unsent : reply!.status >= 500;
    // a circuit this try opened (or found open) says the target is failing: a retry only adds to its load
    if (server.circuitBreaker !== undefined && (await deps.router.isOpen(server, target.url, false))) {
      if (failure !== undefined) throw ranEarlier(failure);
      break;
    }
    const wait = backoffMs(policy!, attempt + 1, reply?.retryAfter);
    // the retry budget pays only for a retry that is made (one whose wait fits the timeout)
    if (Date.now() + wait >= givesUpAt || !deps.retries.retry(server)) {
      if (failure !== undefined) throw ranEarlier(failure);
      break;
    }
    if (reply !== undefined) await drain(reply.body);
    // a client that left while the circuit was read or the body drained waits no longer
    if (!call.signal.aborted)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        function done() {
          clearTimeout(timer);
          call.signal.removeEventListener('abort', done);
          resolve();
        }
        call.signal.addEventListener('abort', done, { once: true });
      });
    if (call.signal.aborted) {
      if (failure !== undefined) throw ranEarlier(failure);
      break;
    }
  }
  if (neutralAt !== undefined) deps.router.abandon(server, target.url, neutralAt);
  const answered = reply!;
  const fail = async (detail: string): Promise<never> => {
    await drain(answered.body);
    const message = `Upstream server "${target.name}" ${detail}.`;
    throw answered.status >= 500 ? new UpstreamServerError(message) : new UpstreamRefused(message, ranBefore);
  };
  if (answered.status === 401 || answered.status === 403) {
    // the upstream refused the gateway's own credentials; the client's token was never sent there
    await drain(answered.body);
    throw new UpstreamRefusedCredentials(target.name, answered.status, ranBefore, answered.challenge);
  }
  if (answered.status === 404) {
    // in a session, the upstream forgot it; a server of the stateless revision answers a method it lacks
    // 404 with a JSON-RPC error (-32601): the client hears that, not that the server is not there
    if (
      call.session.upstreamSessionId !== undefined ||
      (server.transport === 'stateless-http' && answered.contentType === 'application/json')
    )
      return answered;
    return fail('has no MCP endpoint at its URL');
  }
  const protocolBody =
    answered.contentType === 'application/json' || answered.contentType === 'text/event-stream';
  if (
    answered.status >= 500 ||
    (answered.status >= 300 && !protocolBody) ||
    (answered.status >= 300 && answered.status < 400)
  ) {
    return fail(`answered HTTP ${answered.status}`);
  }
  return answered;
}

async function listen(deps: McpProxyDeps, context: ProxyContext, primary: Route): Promise<McpAnswer> {
  const session = await sessionFor(deps, context, 'GET opens the stream of a session');
  // an upstream that keeps no sessions has one stream (and one history of event ids) for all its
  // clients: none of it is this session's alone
  if (session.upstreamSessionId === undefined)
    throw new GatewayError(
      'method_not_allowed',
      'The upstream keeps no sessions: it has no stream of this session.',
      {
        headers: { allow: 'POST, DELETE' },
      },
    );
  const routed = await sessionRoute(deps, context, primary, session, false);
  const { transport } = routed;
  // the caller's trace context goes on with the stream (no span of the gateway's lasts as long as it)
  const parent = callerTraceHeaders(context.request.headers);
  const target =
    Object.keys(parent).length === 0
      ? routed.target
      : { ...routed.target, headers: withTraceContext(routed.target.headers, parent) };
  const lastEventId = context.request.headers['last-event-id'];
  // the stream ends when the client leaves, or when its server is deleted, replaced or switched off
  const ended = new AbortController();
  const signal = AbortSignal.any([context.request.signal ?? NEVER, ended.signal]);
  const watched = (items: AsyncIterable<AnswerItem>): McpAnswer => ({
    status: 200,
    headers: {},
    format: 'sse',
    items: whileServerServes(items, deps, context, session, ended, context.request.deadline),
  });
  const held = lastEventId === undefined ? await deps.held?.take(session.id, signal) : undefined;
  if (held !== undefined) return watched(held);
  const open = () =>
    transport.listen(target, upstreamSessionOf(session, context.mcp.protocolVersion), {
      ...(lastEventId !== undefined ? { lastEventId } : {}),
      signal,
    });
  // the request's deadline (a Lambda invocation's time) holds while the upstream's headers are awaited
  // too: an upstream that sends them with its first event only would otherwise keep the function to its end
  const deadline = context.request.deadline;
  const unheard =
    deadline === undefined ? undefined : setTimeout(() => ended.abort(), Math.max(0, deadline - Date.now()));
  let reply: UpstreamReply;
  try {
    reply = await open();
    // another instance may hold the session's stream for a moment (see held-streams.ts): ask again
    // (a client that leaves meanwhile waits no longer)
    for (
      let waited = 0;
      reply.status === 409 && deps.held !== undefined && waited < deps.held.holdTime && !signal.aborted;
      waited += 250
    ) {
      await drain(reply.body);
      const pause = new Promise<void>((resolve) => setTimeout(resolve, 250).unref?.());
      if ((await unlessAborted(pause, signal)) === aborted) break;
      reply = await open();
    }
  } catch (error) {
    // out of time before the stream began: it ends as at the deadline, cleanly, the session kept
    if (ended.signal.aborted && context.request.signal?.aborted !== true) return watched(noItems());
    throw error;
  } finally {
    clearTimeout(unheard);
  }
  if (reply.status === 405) {
    await drain(reply.body);
    throw new GatewayError('method_not_allowed', 'The upstream offers no server→client stream.', {
      headers: { allow: 'POST, DELETE' },
    });
  }
  if (reply.contentType !== 'text/event-stream' || reply.body === undefined) {
    // its body is read for a reason for a moment at most (within the request's deadline): one that
    // stalls holds no one
    const reading = setTimeout(
      () => ended.abort(),
      Math.max(0, Math.min(REASON_READ_MS, (deadline ?? Number.POSITIVE_INFINITY) - Date.now())),
    );
    const said = await refusalReason(reply).finally(() => clearTimeout(reading));
    if (reply.status === 404 || (session.upstreamSessionId !== undefined && refusesSession(reply, said))) {
      // the upstream forgot its session: so does the gateway, and the client starts a new one
      if (session.upstreamSessionId !== undefined) {
        await deps.sessions.delete(session.id).catch(() => undefined);
        throw new GatewayError('session_not_found', 'Session not found; initialize a new one.');
      }
      // no session upstream (a server that only takes POSTs): it has no stream to offer
      throw new GatewayError('method_not_allowed', 'The upstream offers no server→client stream.', {
        headers: { allow: 'POST, DELETE' },
      });
    }
    // the upstream failing, or refusing the gateway's own credentials, is no failure of the client's
    if (reply.status < 400 || reply.status >= 500 || reply.status === 401 || reply.status === 403)
      throw new GatewayError(
        'upstream_error',
        `Upstream server "${context.server.name}" answered the stream request with HTTP ${reply.status}.`,
      );
    // the client's own request refused (another stream of the session open, a header it does not take):
    // the status stays, with a JSON-RPC error that says which server refused it, and why when it said
    const refused = new GatewayError(
      'upstream_error',
      `Upstream server "${context.server.name}" refused the stream request with HTTP ${reply.status}${said === undefined ? '' : `: ${said}`}.`,
    );
    return {
      status: reply.status,
      headers: {},
      format: 'json',
      items: new ListedItems([errorEnvelope(null, refused)]),
    };
  }
  return watched(decodeReply(reply, target));
}

/** The longest reason of an upstream's refusal passed on to the client, and the longest its body is read. */
const MAX_REASON_CHARS = 200;
const REASON_READ_MS = 2000;
const MAX_REASON_BYTES = 4096;

/**
 * Whether an upstream's 400 says it does not know the session: what servers built on the MCP SDK's
 * examples answer for a session they lost (a restart), instead of the 404 the transport specifies
 * ("Bad Request: No valid session ID provided", "Server not initialized"). Taken as the 404 it means,
 * the client initializes again rather than being refused for good.
 */
function refusesSession(reply: UpstreamReply, message: unknown): boolean {
  return (
    reply.status === 400 &&
    reply.contentType === 'application/json' &&
    typeof message === 'string' &&
    /\bsession\b|\bnot initiali[sz]ed\b/i.test(message)
  );
}

/** An upstream's 400 that says it lost the session (see `refusesSession`) as the 404 it means. */
async function sessionLossAs404(reply: UpstreamReply): Promise<UpstreamReply> {
  if (reply.status !== 400 || reply.contentType !== 'application/json' || reply.body === undefined)
    return reply;
  const peeked = await peek(reply.body, MAX_REASON_BYTES);
  const read = { ...reply, body: peeked.body };
  return refusesSession(read, errorMessageOf(peeked.head)) ? { ...read, status: 404 } : read;
}

/** The message of a JSON-RPC error in a JSON body; undefined for anything else. */
function errorMessageOf(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return (JSON.parse(text) as { error?: { message?: unknown } } | null)?.error?.message;
  } catch {
    return undefined;
  }
}

/**
 * Why the upstream refused a request, read from its body (which is consumed): a JSON-RPC error's message,
 * else a short plain-text body; undefined for anything else (HTML pages, binary, a body too long to be one).
 */
async function refusalReason(reply: UpstreamReply): Promise<string | undefined> {
  let text: string;
  try {
    text = (await readText(reply.body, '', MAX_REASON_BYTES)).trim();
  } catch {
    await drain(reply.body);
    return undefined;
  }
  let reason: unknown = text;
  if (reply.contentType === 'application/json') reason = errorMessageOf(text);
  else if (reply.contentType !== 'text/plain') return undefined;
  if (typeof reason !== 'string' || reason === '') return undefined;
  // one line of printable text, so that it reads as part of the gateway's message
  const line = reason.replace(/\p{Cc}+/gu, ' ').trim();
  return line.length > MAX_REASON_CHARS ? `${cut(line, MAX_REASON_CHARS)}…` : line;
}

/** Why a session's stream stopped before its end: its caller's credential, its server or the session ended. */
type StreamStop = 'credential' | 'server' | 'session';

/** What a stream does besides passing its items: sees each one, and adds items when it is stopped. */
interface StreamWatch {
  seen(item: AnswerItem): void;
  stopped(why: StreamStop): AnswerItem[];
}

/**
 * The items of a session's stream (its server→client stream, or a POST's answer) while its server serves
 * the session: looked at every `streamRecheckMs` (a cached configuration read and the session's); once the
 * session ended or the server is deleted, replaced by another of its name or switched off, the session
 * ends and so does the stream (`ended` stops its upstream read), and once the caller's credential no
 * longer holds (revoked, expired, signed out) the stream ends; `watch` adds what answers what was left
 * unanswered. At the request's `deadline` (a Lambda invocation's time) the stream ends too, cleanly, the
 * session kept: the client opens it again (resuming with `Last-Event-ID`) instead of having it cut off
 * when the invocation is stopped, with what the invocation recorded lost. Runs stay runs.
 */
function whileServerServes(
  items: AsyncIterable<AnswerItem>,
  deps: McpProxyDeps,
  context: ProxyContext,
  session: SessionRecord,
  ended: AbortController,
  deadline: number | undefined,
  watch?: StreamWatch,
): AsyncIterable<AnswerItem> {
  const { server } = context;
  const lookup = deps.serverByName;
  const holds = deps.credentialHolds;
  if (lookup === undefined && holds === undefined && deadline === undefined) return items;
  // read whole already: nothing left to stop
  if (items instanceof ListedItems) return items;
  // the session itself may have ended too (a DELETE here or on another instance, an upstream that keeps
  // its stream open after it), or the caller's credential (revoked, expired, signed out)
  const serves = async () => {
    const [now, alive] = await Promise.all([
      lookup?.(server.name),
      lookup === undefined ? session : deps.sessions.get(session.id),
    ]);
    // the server first: its end may have ended the session too (another stream's watch saw it first)
    if (lookup !== undefined && !stillServes(now, server, session)) return 'server';
    if (alive === undefined) return 'session';
    // the caller judged by the server as it is now (its sign-in rules changed since the stream opened)
    if (!((await holds?.(now !== undefined ? { ...context, server: now } : context)) ?? true))
      return 'credential';
    return true;
  };
  let stop: StreamStop | undefined;
  const until = async function* <T>(
    source: AsyncIterable<T>,
    each: (unit: T) => Iterable<AnswerItem>,
    made: (items: AnswerItem[]) => Iterable<T>,
  ): AsyncGenerator<T> {
    const iterator = source[Symbol.asyncIterator]();
    // not a race with one promise that lives as long as the stream: each race would leave it a reaction
    // holding the message relayed, for hours of a listen stream
    const waits = abortableWaits(ended.signal);
    const timer = setInterval(() => {
      serves().then(
        async (still) => {
          if (still === true || ended.signal.aborted) return;
          // a credential that no longer holds ends its stream, not the session: its next request says why
          if (still !== 'credential') {
            await deps.sessions.delete(session.id).catch(() => undefined);
            deps.held?.drop(session.id);
          }
          stop = still;
          ended.abort();
        },
        () => undefined, // the configuration could not be read: looked at again next time
      );
    }, deps.streamRecheckMs ?? 5000);
    timer.unref?.();
    const due =
      deadline === undefined
        ? undefined
        : setTimeout(() => ended.abort(), Math.max(0, deadline - Date.now()));
    due?.unref?.();
    try {
      for (;;) {
        const pending = iterator.next();
        // a read still under way when the stream is stopped fails once aborted: nobody waits for it
        pending.catch(() => undefined);
        const next = await waits.wait(pending);
        if (next === aborted || next.done === true) break;
        if (watch !== undefined) for (const item of each(next.value)) watch.seen(item);
        yield next.value;
      }
    } finally {
      waits.close();
      clearInterval(timer);
      clearTimeout(due);
      // its upstream read, aborted when the server ended it, settles soon: not waited for
      void iterator.return?.()?.catch(() => undefined);
    }
    const added = stop === undefined || watch === undefined ? [] : watch.stopped(stop);
    if (added.length > 0) yield* made(added);
  };
  const runs = inRuns(items);
  if (runs !== undefined)
    return new ItemRuns(
      until(
        runs,
        (run) => run,
        (added) => [added],
      ),
    );
  return {
    [Symbol.asyncIterator]: () =>
      until(
        items,
        (item) => [item],
        (added) => added,
      ),
  };
}

async function terminate(deps: McpProxyDeps, context: ProxyContext, primary: Route): Promise<McpAnswer> {
  // a client of the stateless revision has no session to end: DELETE is no method of its endpoint
  const stateless =
    context.mcp.protocolVersion !== undefined && MODERN_VERSIONS.includes(context.mcp.protocolVersion);
  const session = await sessionFor(deps, context, stateless ? 'DELETE ends a session' : undefined);
  deps.held?.drop(session.id);
  // ended at the gateway first: a request arriving meanwhile finds no session to reopen upstream
  await deps.sessions.delete(session.id);
  try {
    const { target, transport } = await sessionRoute(deps, context, primary, session, false);
    await transport.terminate(target, upstreamSessionOf(session, context.mcp.protocolVersion));
  } catch {
    // the client's session ends at the gateway whatever the upstream does (an open circuit, a failure):
    // the upstream's own session then ends when it expires there
  }
  return emptyAnswer(204);
}

/**
 * The stateless 2026-07-28 revision. Upstreams speak the session era today, so the gateway bridges:
 * one upstream session per (server, workspace, user), created on demand and kept in the store. Clients of
 * one user share that session, so each request gets a gateway-unique id (and progress token) upstream,
 * mapped back on the way out.
 */
async function statelessPost(
  deps: McpProxyDeps,
  context: ProxyContext,
  primary: Route,
  /** The bridge of an earlier try could not be reached: it is let go of, this try opens one anew. */
  again = false,
): Promise<McpAnswer> {
  const { mcp, server, principal } = context;
  const message = mcp.messages[0]!.message;
  if (!isRequest(message)) return emptyAnswer(202);
  const leading = refusedAnswers(mcp);
  if (leading.length > 0) return withLeading(emptyAnswer(202), leading);
  // bridged, a request goes on as the gateway encodes it
  reencodable(mcp.source);

  // a user's requests go to one target (their bridged session lives there) unless its circuit is open,
  // then to a fallback's
  let opened:
    | {
        route: Route;
        owner: BridgeOwner;
        bridge: Awaited<ReturnType<BridgeStore['open']>>;
        /** Frees the candidate's half-open probe when nothing is sent upstream to settle it. */
        release: () => void;
      }
    | undefined;
  let failure: unknown;
  /** A handshake timed out already (on half the time, see `handshakeRoute`): the time is spent by the next. */
  let timedOutBefore = false;
  /** The candidates tried so far, this one included. */
  const triedKeys = new Set<string>();
  for await (const candidate of candidates(
    deps,
    context,
    primary,
    `${principal.workspace}#${principal.user}`,
  )) {
    const claim = await deps.router.claim(candidate.server, candidate.url);
    if (claim === false) continue;
    triedKeys.add(candidateKey(candidate));
    let route: Route;
    try {
      route = await routeTo(deps, primary, candidate);
    } catch (error) {
      // a fallback's own credentials failed to come: that says nothing of the target (its circuit stays
      // as it is), but nothing can be sent there
      deps.router.release(candidate.server, candidate.url, claim);
      const unreachable = error instanceof GatewayError && error.code === 'upstream_unavailable';
      if (!unreachable || context.request.signal?.aborted === true) throw error;
      failure = error;
      continue;
    }
    const startedAt = deps.router.now();
    /** This call's own deadline passed while another call's handshake opened the shared session. */
    let waitedOut: GatewayError | undefined;
    try {
      const routed = serverIdOf(route.server);
      // a target's URL may be long: the store's key holds its hash; a stateless upstream's bridge holds
      // no upstream session, and is not one of another transport's
      const where =
        route.target.url === endpointOf(route.server) ? routed : `${routed}@${shortHash(route.target.url)}`;
      const owner: BridgeOwner = {
        serverId: `${where}~${route.server.transport}`,
        workspace: principal.workspace,
        user: principal.user,
        holder: sessionHolder(principal),
      };
      const target = remaining(route.target);
      const bridge = deps.bridges.ready(owner) ?? (await opening(target));
      async function opening(target: UpstreamTarget) {
        // the session may be another call's to open (its handshake shared, with the whole time): this
        // call waits no longer than its own timeout (half of it while another candidate could open one),
        // and not at all once its client left
        const half = !timedOutBefore && (await anotherCandidate(deps, context, primary, triedKeys));
        const wait = deadline(
          context.request.signal ?? NEVER,
          remaining(handshakeRoute(route, half).target).timeoutMs,
          target.name,
        );
        try {
          return await unlessAborted(deps.bridges.open(target, route.transport, owner, message), wait.signal);
        } finally {
          wait.end();
        }
      }
      if (bridge === aborted) {
        waitedOut = new GatewayError(
          'upstream_timeout',
          `Upstream server "${target.name}" did not open a session within ${target.statedTimeoutMs ?? target.timeoutMs} ms.`,
        );
        throw waitedOut;
      }
      opened = {
        route,
        owner,
        bridge,
        release: () => deps.router.release(candidate.server, candidate.url, claim),
      };
      break;
    } catch (error) {
      const aborted = context.request.signal?.aborted === true;
      // the handshake itself is judged by the call that opened it, not by each that waited for it; this
      // call goes on to the next target (once), as from any handshake not answered in time
      if (error === waitedOut) {
        deps.router.release(candidate.server, candidate.url, claim);
        if (timedOutBefore || aborted) throw error;
        timedOutBefore = true;
        failure = error;
        continue;
      }
      // opening the bridged session is a call of the target like any other: one that cannot be reached,
      // does not answer in time or answers a 5xx counts against its circuit
      if (
        !aborted &&
        (failing(error, route.target) || error instanceof HandshakeServerError) &&
        firstReport(error)
      )
        deps.router.report(candidate.server, candidate.url, false, startedAt);
      else deps.router.release(candidate.server, candidate.url, claim);
      // it opened nothing there (unreachable, or a 5xx to initialize), or never answered (once): on to the
      // next one
      const unreachable =
        (error instanceof GatewayError && error.code === 'upstream_unavailable') ||
        error instanceof HandshakeServerError ||
        error instanceof UpstreamServerError ||
        (isTimeout(error) && !timedOutBefore);
      if (isTimeout(error)) timedOutBefore = true;
      if (!unreachable || aborted) throw error;
      failure = error;
    }
  }
  if (opened === undefined)
    throw (
      failure ??
      new GatewayError('upstream_unavailable', `Every target of "${server.name}" has its circuit open.`)
    );
  const { route, owner } = opened;
  servedThrough(mcp, route);
  const { target, transport } = route;
  let bridge = opened.bridge;
  if (message.method === 'server/discover') {
    // answered from the bridge: no call settles the target's probe, so it is freed for the next call
    opened.release();
    const result = withCacheHints('server/discover', {
      resultType: 'complete',
      supportedVersions: [...MODERN_VERSIONS],
      capabilities: statelessCapabilities(bridge.capabilities),
      serverInfo: bridge.serverInfo,
      ...(bridge.instructions !== undefined ? { instructions: bridge.instructions } : {}),
    });
    return withLeading(emptyAnswer(202), [envelope({ jsonrpc: '2.0', id: message.id, result })]);
  }
  // an upstream of the stateless revision takes the client's request as it is: no session is shared
  const direct = route.server.transport === 'stateless-http';
  const { upstream, restore: mapBack } = renumber(message, direct);
  const body = JSON.stringify(upstream);
  /** Sends the upstream one message of the gateway's own on the bridge session, best effort. */
  const postAside = (message: JsonRpcMessage) => {
    const sent = transport
      .post(target, {
        body: JSON.stringify(message),
        messages: [message],
        session: bridge.session,
        signal: AbortSignal.timeout(5000),
      })
      .then((r) => drain(r.body))
      .catch(() => undefined);
    aside(deps, sent);
    return sent;
  };
  // The upstream's own requests (a ping, a sampling request) have no one to answer them: a stateless
  // client cannot. The gateway answers them on the bridge session (a ping as any peer does, others as
  // unknown methods), so that the upstream's work goes on, and they go no further.
  let replies = 0;
  const restore = (item: Envelope): Envelope | undefined => {
    if (!isRequest(item.message)) return mapBack(item);
    // a few per call: an upstream asking without end is not answered without end
    if (++replies > MAX_UPSTREAM_REQUESTS_ANSWERED) return undefined;
    void postAside(answerToUpstream(item.message, 'A stateless client'));
    return undefined;
  };
  const signal = context.request.signal ?? NEVER;
  // a stateless client cancels by closing its stream; a session-era upstream needs the explicit notice,
  // sent once, whenever the request ends unanswered: the client left or the gateway's timeout struck,
  // before the upstream's headers or during its stream
  let notified = false;
  const notify = async () => {
    if (notified) return;
    notified = true;
    await postAside({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: upstream.id },
    });
  };
  const call = (b: typeof bridge) =>
    forward(
      deps,
      route,
      { body, messages: [upstream], session: b.session, signal, ...(direct ? { stateless: true } : {}) },
      context,
    );
  let reply: UpstreamReply;
  try {
    reply = await call(bridge);
    // a session-era upstream forgot the bridge's session; a stateless one's 404 is its answer (-32601)
    if (!direct) reply = await sessionLossAs404(reply);
    if (reply.status === 404 && !direct) {
      await drain(reply.body);
      bridge = await deps.bridges.reopen(remaining(target), transport, owner, message, bridge);
      reply = await call(bridge);
    }
  } catch (error) {
    // the bridge's target is gone (nothing was sent): the bridge is let go of, and the request tried
    // once more on a bridge opened anew, there or on another target or fallback
    if (error instanceof UpstreamUnreachable && !error.mayHaveRun && !signal.aborted && !again) {
      await deps.bridges.forget(owner, bridge).catch(() => undefined);
      return statelessPost(deps, context, primary, true);
    }
    // the request may have reached the upstream: it is told to stop
    if (signal.aborted || (error instanceof GatewayError && error.code === 'upstream_timeout')) void notify();
    throw error;
  }
  let answer = answerOf(reply, target, [upstream]);
  // a stateless client hears a stateless upstream's 404 (a method it lacks, -32601) as the upstream said it
  if (direct && reply.status === 404 && context.mcp.era === 'stateless' && answer.format === 'json')
    answer = { ...answer, status: 404 };
  if (answer.format === 'empty') return answer;
  // an answer that arrived whole has nothing left upstream to cancel, unless it came without its response
  if (
    answer.items instanceof ListedItems &&
    !answer.items.list.some((item) => answeredUpstream(item, upstream.id))
  )
    void notify();
  const items =
    answer.items instanceof ListedItems
      ? new ListedItems(
          answer.items.list.flatMap((item) => (item.kind === 'message' ? (restore(item) ?? []) : item)),
          answer.items.failure,
        )
      : answer.items instanceof ItemRuns
        ? new ItemRuns(restoredRuns(answer.items.runs, restore, upstream.id, notify))
        : restored(answer.items, restore, upstream.id, notify);
  return { ...answer, items };
}

/**
 * Whether `item` is the upstream's own response to request `id`: an error the gateway made in its place
 * (a timeout, a message over the size limit) has no text as received.
 */
const answeredUpstream = (item: AnswerItem, id: JsonRpcId) =>
  item.kind === 'message' &&
  item.text !== undefined &&
  !('method' in item.message) &&
  'id' in item.message &&
  item.message.id === id;

async function* restoredRuns(
  runs: AsyncIterable<ItemRun>,
  restore: (item: Envelope) => Envelope | undefined,
  id: JsonRpcId,
  cancel: () => Promise<void>,
): AsyncGenerator<ItemRun> {
  let answered = false;
  try {
    for await (const run of runs) {
      if (!answered) answered = run.some((item) => answeredUpstream(item, id));
      const kept = run.flatMap((item) => (item.kind === 'message' ? (restore(item) ?? []) : item));
      if (kept.length > 0) yield kept;
    }
  } finally {
    if (!answered) void cancel();
  }
}

async function* restored(
  items: AsyncIterable<AnswerItem>,
  restore: (item: Envelope) => Envelope | undefined,
  id: JsonRpcId,
  cancel: () => Promise<void>,
): AsyncGenerator<AnswerItem> {
  let answered = false;
  try {
    for await (const item of items) {
      if (!answered) answered = answeredUpstream(item, id);
      const kept = item.kind === 'message' ? restore(item) : item;
      if (kept !== undefined) yield kept;
    }
  } finally {
    if (!answered) void cancel();
  }
}

/** How many of the upstream's own requests the gateway answers during one stateless call. */
const MAX_UPSTREAM_REQUESTS_ANSWERED = 32;

/**
 * The gateway's answer to an upstream's request that its client cannot answer (`who`): a ping as any peer
 * answers it, anything else as a method that client does not have.
 */
const answerToUpstream = (asked: JsonRpcRequest, who: string): JsonRpcMessage =>
  asked.method === 'ping'
    ? { jsonrpc: '2.0', id: asked.id, result: {} }
    : {
        jsonrpc: '2.0',
        id: asked.id,
        error: { code: -32601, message: `${who} cannot answer "${asked.method}".` },
      };

/**
 * Gives a request a gateway-unique id and progress token for the shared upstream session, and answers
 * the step that maps the upstream's messages back (results marked complete, lists with cache hints).
 * The stateless era's own `_meta` keys stay behind: the session speaks the bridge's version, and what
 * the client says it can do (elicitation, sampling) is not what the bridge answers for. `direct`: the
 * upstream is stateless too, and shares no session: the request goes as it is.
 */
function renumber(
  request: JsonRpcRequest,
  direct = false,
): {
  upstream: JsonRpcRequest;
  restore: (item: Envelope) => Envelope;
} {
  const id = direct ? request.id : `mcp-gateway-${randomBytes(12).toString('base64url')}`;
  const meta = request.params?._meta as Record<string, unknown> | undefined;
  const token = meta?.progressToken;
  const upstreamToken = direct ? token : `${id}-progress`;
  let params = request.params;
  if (meta !== undefined && !direct) {
    const { _meta: _, ...rest } = request.params!;
    const kept = Object.fromEntries(Object.entries(meta).filter(([key]) => !isEraMeta(key)));
    if (token !== undefined) kept['progressToken'] = upstreamToken;
    params = Object.keys(kept).length > 0 ? { ...rest, _meta: kept } : rest;
  }
  const upstream: JsonRpcRequest = { ...request, id, ...(params !== undefined ? { params } : {}) };
  const restore = (item: Envelope): Envelope => {
    const message = item.message;
    if (isResponse(message) && message.id === id) {
      if (typeof message.result !== 'object' || message.result === null)
        return envelope({ ...message, id: request.id });
      const result = withCacheHints(request.method, {
        resultType: 'complete',
        ...(message.result as Record<string, unknown>),
      });
      return envelope({ ...message, id: request.id, result });
    }
    if (isNotification(message) && token !== undefined && message.params?.progressToken === upstreamToken) {
      return envelope({ ...message, params: { ...message.params, progressToken: token } });
    }
    return item;
  };
  return { upstream, restore };
}
