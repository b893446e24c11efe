import { type HttpClient, type OutboundRequest, OutboundTimeout } from '../../core/http-client.js';
import { drain } from './body.js';
import { upstreamFailure } from './errors.js';
import type {
  UpstreamPost,
  UpstreamReply,
  UpstreamSession,
  UpstreamTarget,
  UpstreamTransport,
} from './types.js';

/** A server→client stream stays open: no request timeout, only the client's signal ends it. */
const NO_TIMEOUT = 2 ** 31 - 1;

/** Streamable HTTP upstreams: each client request is one upstream request. */
export class StreamableHttpTransport implements UpstreamTransport {
  constructor(private readonly http: HttpClient) {}

  private headers(target: UpstreamTarget, session: UpstreamSession, extra: Record<string, string>) {
    const headers: Record<string, string> = { ...target.headers, ...extra };
    if (session.upstreamSessionId !== undefined) headers['mcp-session-id'] = session.upstreamSessionId;
    if (session.protocolVersion !== undefined) headers['mcp-protocol-version'] = session.protocolVersion;
    return headers;
  }

  private async send(
    target: UpstreamTarget,
    request: Omit<OutboundRequest, 'signal' | 'url'>,
    signal: AbortSignal,
  ): Promise<UpstreamReply> {
    let response: Awaited<ReturnType<HttpClient['request']>>;
    try {
      response = await this.http.request({
        ...request,
        url: target.url,
        signal,
        ...(target.timeoutMs < NO_TIMEOUT ? { timeoutMs: target.timeoutMs } : {}),
      });
    } catch (error) {
      throw typed(target, error);
    }
    const contentType = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    const reply: UpstreamReply = { status: response.status };
    const sessionId = response.headers['mcp-session-id'];
    if (sessionId !== undefined) reply.sessionId = sessionId;
    const retryAfter = response.headers['retry-after'];
    if (retryAfter !== undefined) reply.retryAfter = retryAfter;
    const challenge = response.headers['www-authenticate'];
    if (challenge !== undefined && (response.status === 401 || response.status === 403))
      reply.challenge = challenge;
    if (contentType !== undefined && contentType !== '') reply.contentType = contentType;
    reply.body = typedErrors(response.body, target);
    if (response.takeWhole !== undefined) reply.takeWhole = response.takeWhole;
    return reply;
  }

  post(target: UpstreamTarget, call: UpstreamPost): Promise<UpstreamReply> {
    const headers = this.headers(target, call.session, {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    });
    return this.send(target, { method: 'POST', headers, body: call.body }, call.signal);
  }

  listen(
    target: UpstreamTarget,
    session: UpstreamSession,
    options: { lastEventId?: string; signal: AbortSignal },
  ): Promise<UpstreamReply> {
    const headers = this.headers(target, session, { accept: 'text/event-stream' });
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    return this.send({ ...target, timeoutMs: NO_TIMEOUT }, { method: 'GET', headers }, options.signal);
  }

  async terminate(target: UpstreamTarget, session: UpstreamSession): Promise<void> {
    if (session.upstreamSessionId === undefined) return;
    const reply = await this.send(
      { ...target, timeoutMs: Math.min(target.timeoutMs, 5000) },
      { method: 'DELETE', headers: this.headers(target, session, {}) },
      new AbortController().signal,
    ).catch(() => undefined);
    await drain(reply?.body); // so the connection is reused
  }
}

/** A failure as a typed error; a timeout names the one configured (what was left of it ran out). */
const typed = (target: UpstreamTarget, error: unknown) =>
  upstreamFailure(
    target.name,
    error instanceof OutboundTimeout && target.statedTimeoutMs !== undefined
      ? new OutboundTimeout(target.statedTimeoutMs)
      : error,
    error instanceof OutboundTimeout,
  );

/** Re-throws a broken upstream body as a typed error. */
async function* typedErrors(
  body: AsyncIterable<Uint8Array>,
  target: UpstreamTarget,
): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    throw typed(target, error);
  }
}
