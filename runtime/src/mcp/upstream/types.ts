import type { JsonRpcMessage } from '../jsonrpc.js';

/** Where and how to reach one upstream server, resolved from its configuration. */
export interface UpstreamTarget {
  name: string;
  url: string;
  /** Upstream credentials from the server's configuration; never the client's token. */
  headers: Record<string, string>;
  timeoutMs: number;
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

export interface UpstreamPost {
  /** The request body exactly as the client sent it. */
  body: string;
  messages: JsonRpcMessage[];
  session: UpstreamSession;
  signal: AbortSignal;
}

export interface UpstreamReply {
  status: number;
  /** `application/json`, `text/event-stream`, or undefined for an empty body. */
  contentType?: string;
  /** Set by the upstream on an `initialize` response. */
  sessionId?: string;
  body?: AsyncIterable<Uint8Array>;
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
