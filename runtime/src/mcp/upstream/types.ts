import type { Server } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { lruCache } from '../../core/lru.js';
import type { AnswerItem } from '../answer.js';
import type { JsonRpcMessage } from '../jsonrpc.js';

/** Where and how to reach one upstream server, resolved from its configuration. */
export interface UpstreamTarget {
  name: string;
  url: string;
  /** Upstream credentials from the server's configuration; never the client's token. */
  headers: Record<string, string>;
  /**
   * The caller-identity headers the server forwards (lower case), set or not for this caller: nothing
   * else (an OpenAPI header argument) may set them.
   */
  identityHeaders?: readonly string[];
  /**
   * The server's `credentials` (a token the gateway obtains for it or its users) go with each request: an
   * HTTP 401 refuses that token, which the gateway then renews or asks consent for again.
   */
  obtainsCredentials?: boolean;
  timeoutMs: number;
  /**
   * When the request this call serves must be answered (ms since the epoch): its steps one after another
   * (a failed-over `initialize`, a bridge's handshake and then the call) share it, none has the whole
   * `timeoutMs` again.
   */
  givesUpAt?: number;
  /** The timeout as configured, when `timeoutMs` is what is left of it: the one errors name. */
  statedTimeoutMs?: number;
  /**
   * The request's own deadline (a Lambda invocation's time) bounds the call to less than half its timeout:
   * running out of time then says little of the target (its circuit breaker does not count it).
   */
  cutShort?: boolean;
  /** Largest single message accepted from the upstream (JSON body or SSE event). */
  maxMessageBytes: number;
  /** The REST API an `openapi` server hosts (see openapi.ts). */
  openapi?: { url?: string; document?: Record<string, unknown>; baseUrl?: string; operations?: string[] };
  /** The Lambda function a `lambda` server invokes (name or ARN). */
  function?: string;
  /** Names the server's configuration version, for what a transport derives from it (parsed documents). */
  configKey?: string;
}

/** The upstream side of one gateway session. */
export interface UpstreamSession {
  /** The gateway's own session id (keys per-process connections of the legacy SSE transport). */
  gatewaySessionId: string;
  /** The session id the upstream assigned, if any. */
  upstreamSessionId?: string;
  protocolVersion?: string;
  /** The client's raw `initialize` request, replayed when a legacy SSE connection must be re-opened. */
  initialize?: string;
}

/** The reason a request the client cancelled is aborted with (see `RunningRequests`). */
const cancelled = () => new GatewayError('request_cancelled', 'The client cancelled the request.');

/**
 * A session's requests under way at a transport that stands for the server itself (stateless HTTP,
 * OpenAPI), to cancel when the client says so (`notifications/cancelled`, on the instance that runs them).
 * Bounded: a request nobody waits for any more leaves its entry to be pushed out.
 */
export class RunningRequests {
  private readonly running = lruCache<string, AbortController>(10_000);

  private static key(session: UpstreamSession, id: unknown): string {
    return `${session.gatewaySessionId}\n${JSON.stringify(id)}`;
  }

  /** Cancels the requests the messages' cancellations name. */
  cancel(session: UpstreamSession, messages: readonly JsonRpcMessage[]): void {
    for (const message of messages)
      if ('method' in message && !('id' in message) && message.method === 'notifications/cancelled')
        this.running.get(RunningRequests.key(session, message.params?.['requestId']))?.abort(cancelled());
  }

  /**
   * A request begins: a signal that aborts with `signal` or its cancellation (a `request_cancelled` error its
   * reason: what fails then is the client's choice, not the upstream's failure, nor worth a retry), and
   * its end (`done`).
   */
  start(
    session: UpstreamSession,
    id: unknown,
    signal: AbortSignal,
  ): { signal: AbortSignal; done: () => void } {
    const key = RunningRequests.key(session, id);
    const cancel = new AbortController();
    this.running.set(key, cancel);
    return {
      signal: AbortSignal.any([signal, cancel.signal]),
      done: () => {
        if (this.running.get(key) === cancel) this.running.delete(key);
      },
    };
  }
}

export interface UpstreamPost {
  /** The request body to send (as the client sent it unless messages were refused or renumbered). */
  body: string;
  messages: JsonRpcMessage[];
  session: UpstreamSession;
  signal: AbortSignal;
  /**
   * The message is a stateless (2026-07-28) client's own, for an upstream of that revision: sent as it
   * is, answered as the upstream answers (a request for more input included).
   */
  stateless?: boolean;
  /**
   * The client takes no event stream: the upstream's own requests (sampling, elicitation) cannot reach
   * it through this call. A connection that carries several calls' messages gives them to another.
   */
  jsonOnly?: boolean;
}

export interface UpstreamReply {
  status: number;
  /** `application/json`, `text/event-stream`, or undefined for an empty body. */
  contentType?: string;
  /** Set by the upstream on an `initialize` response. */
  sessionId?: string;
  /** The upstream's `Retry-After`, when it sent one (seconds). */
  retryAfter?: string;
  /** The upstream's `WWW-Authenticate`, when it refused the credentials (401, 403). */
  challenge?: string;
  /** The raw body (Streamable HTTP); decoded into messages by `decode.ts`. */
  body?: AsyncIterable<Uint8Array>;
  /** The whole body at once, when it has all arrived and none was read (see `OutboundResponse`). */
  takeWhole?: () => Uint8Array[] | undefined;
  /** Messages already decoded by the transport (legacy HTTP+SSE routes them off its one stream). */
  items?: AsyncIterable<AnswerItem>;
  /**
   * What stands behind the transport failed the call, though its answer is a message (an API's 5xx, a
   * tool error to the model): a failure of the target to its circuit breaker.
   */
  serverFailed?: boolean;
}

export interface UpstreamTransport {
  post(target: UpstreamTarget, call: UpstreamPost): Promise<UpstreamReply>;
  /** Opens the server→client stream (GET); `lastEventId` resumes a broken one. */
  listen(
    target: UpstreamTarget,
    session: UpstreamSession,
    options: { lastEventId?: string; signal: AbortSignal },
  ): Promise<UpstreamReply>;
  terminate(target: UpstreamTarget, session: UpstreamSession): Promise<void>;
}

/** A virtual server has no upstream of its own: its members are reached through the gateway itself. */
export type UpstreamKind = Exclude<NonNullable<Server['transport']>, 'virtual'>;

/** The transport of a server that has an upstream of its own (a virtual server has none). */
export function transportFor(
  transports: Record<UpstreamKind, UpstreamTransport>,
  server: Pick<Server, 'name' | 'transport'>,
): UpstreamTransport {
  const kind = server.transport ?? 'streamable-http';
  if (kind === 'virtual')
    throw new GatewayError('upstream_error', `Virtual server "${server.name}" has no upstream of its own.`);
  return transports[kind];
}
