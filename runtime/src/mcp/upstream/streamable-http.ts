import { GatewayError } from '../../core/errors.js';
import type { HttpClient, OutboundRequest } from '../../core/http-client.js';
import { drain } from './body.js';
import { type Deadline, deadline, upstreamFailure } from './errors.js';
import type {
  UpstreamPost,
  UpstreamReply,
  UpstreamSession,
  UpstreamTarget,
  UpstreamTransport,
} from './types.js';

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
    const limit = deadline(signal, target.timeoutMs);
    let response: Awaited<ReturnType<HttpClient['request']>>;
    try {
      response = await this.http.request({ ...request, url: target.url, signal: limit.signal });
    } catch (error) {
      limit.end();
      throw upstreamFailure(target.name, error, limit.timedOut());
    }
    const contentType = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    const reply: UpstreamReply = { status: response.status };
    const sessionId = response.headers['mcp-session-id'];
    if (sessionId !== undefined) reply.sessionId = sessionId;
    const retryAfter = response.headers['retry-after'];
    if (retryAfter !== undefined) reply.retryAfter = retryAfter;
    if (contentType !== undefined && contentType !== '') reply.contentType = contentType;
    reply.body = guard(response.body, target.name, limit);
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
    // a server→client stream stays open: no request timeout, only the client's signal ends it
    return this.send({ ...target, timeoutMs: 2 ** 31 - 1 }, { method: 'GET', headers }, options.signal);
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

/**
 * Re-throws a broken upstream body as a typed error, and ends the call's deadline when the body is done
 * or abandoned (a reader that stops early closes the upstream response with it).
 */
async function* guard(
  body: AsyncIterable<Uint8Array>,
  name: string,
  limit: Deadline,
): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw upstreamFailure(name, error, limit.timedOut());
  } finally {
    limit.end();
  }
}
