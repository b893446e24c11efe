import { GatewayError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http-client.js';
import { lruCache } from '../../core/lru.js';
import {
  type AnswerItem,
  batchMembers,
  charsOf,
  type Envelope,
  envelope,
  messageTooLarge,
} from '../answer.js';
import {
  errorResponse,
  isRequest,
  isResponse,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  toMessage,
  upstreamMessage,
} from '../jsonrpc.js';
import { parseSse } from '../sse.js';
import { drain } from './body.js';
import {
  deadline,
  UpstreamRefused,
  UpstreamRefusedCredentials,
  UpstreamServerError,
  upstreamFailure,
} from './errors.js';
import type {
  UpstreamPost,
  UpstreamReply,
  UpstreamSession,
  UpstreamTarget,
  UpstreamTransport,
} from './types.js';

const clientKey = (id: JsonRpcId) => `${typeof id}:${id}`;
/** Requests given up on that a connection still knows by the client's id (for a late cancellation). */
const MAX_ABANDONED = 256;
/**
 * What one request's messages may pile up to while its client does not read them (the connection's one
 * stream serves every request, so it is never paused for one): past it, that request fails.
 */
const MAX_QUEUED_MESSAGES = 1024;
const MAX_QUEUED_CHARS = 32 * 1024 * 1024;

/**
 * Messages routed to one client request, read as a stream until every request is answered. Its requests
 * go upstream under ids of the connection's own (`sent`), so an answer is routed by an id no other
 * request ever had: a late answer to a request the gateway gave up on finds no owner, instead of
 * passing for the answer of a later request the client gave the same id.
 */
class PendingCall {
  private readonly queue: Envelope[] = [];
  /** Characters of the texts queued (what the queue holds in memory, roughly). */
  private queued = 0;
  private wake: (() => void) | undefined;
  /** The client's id of each request still unanswered, by the id it was sent upstream under. */
  private readonly open = new Map<string, JsonRpcId>();
  readonly progressTokens = new Set<unknown>();
  failure: GatewayError | undefined;
  /** The client did not read: the call failed whatever it was answered (see `push`). */
  private overflowed = false;

  constructor(
    sent: { request: JsonRpcRequest; upstreamId: string }[],
    /** Whether its client takes the upstream's own requests (it reads an event stream). */
    readonly carriesRequests = true,
  ) {
    for (const { request, upstreamId } of sent) {
      this.open.set(upstreamId, request.id);
      const token = (request.params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
      if (token !== undefined) this.progressTokens.add(token);
    }
  }

  get done(): boolean {
    return this.open.size === 0 || this.failure !== undefined;
  }

  /** Whether `upstreamId` is one of this call's unanswered requests. */
  awaits(upstreamId: JsonRpcId): boolean {
    return typeof upstreamId === 'string' && this.open.has(upstreamId);
  }

  /** This call's unanswered requests: the client's id and the upstream's. */
  *unanswered(): Iterable<[JsonRpcId, string]> {
    for (const [upstream, client] of this.open) yield [client, upstream];
  }

  /** The upstream id of this call's unanswered request the client calls `clientId`. */
  upstreamIdOf(clientId: JsonRpcId): string | undefined {
    for (const [upstream, client] of this.open) if (client === clientId) return upstream;
    return undefined;
  }

  push(item: Envelope): void {
    const { message } = item;
    if (isResponse(message) && typeof message.id === 'string') {
      const clientId = this.open.get(message.id);
      if (clientId !== undefined) {
        this.open.delete(message.id);
        // the client's own id back in place (a new text: the upstream's named another id); with a text,
        // as every message the upstream sent has (the gateway's own errors in its place have none)
        const restored = { ...message, id: clientId };
        item = envelope(restored, JSON.stringify(restored));
      }
    }
    if (this.failure !== undefined) return;
    this.queue.push(item);
    this.queued += charsOf(item);
    if (this.queue.length > MAX_QUEUED_MESSAGES || this.queued > MAX_QUEUED_CHARS) {
      this.queue.length = 0;
      this.queued = 0;
      this.overflowed = true;
      this.fail(
        new GatewayError(
          'upstream_error',
          'The client did not read the answer while the upstream went on sending: it was dropped.',
        ),
      );
      return;
    }
    this.wake?.();
  }

  fail(error: GatewayError): void {
    this.failure = error;
    this.wake?.();
  }

  async *messages(signal: AbortSignal): AsyncGenerator<Envelope> {
    const onAbort = () => this.wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next !== undefined) {
          this.queued -= charsOf(next);
          yield next;
          continue;
        }
        if (this.done) break;
        if (signal.aborted) throw signal.reason;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
      }
      if (this.failure !== undefined && (this.open.size > 0 || this.overflowed)) throw this.failure;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

/** One open HTTP+SSE (2024-11-05) connection: a GET event stream in, POSTs to its `endpoint` out. */
class SseConnection {
  private endpoint: URL | undefined;
  private readonly calls = new Set<PendingCall>();

  /** Whether calls are waiting on the connection for their answers. */
  get busy(): boolean {
    return this.calls.size > 0;
  }
  private readonly abort = new AbortController();
  private closed: GatewayError | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Ids the connection's requests go upstream under: never one twice. */
  private sentCounter = 0;
  /**
   * Requests the gateway stopped waiting for (the client left, a timeout), by the client's id: a
   * cancellation that follows names them as the client knows them. The latest few only.
   */
  private readonly abandoned = new Map<string, string>();

  constructor(
    private readonly target: UpstreamTarget,
    private readonly http: HttpClient,
    private readonly onClose: () => void,
    private readonly idleMs: number,
  ) {}

  /**
   * Opens the event stream and waits for its `endpoint`. Both share the server's timeout; any failure
   * closes the connection so nothing is left half-open.
   */
  async open(): Promise<void> {
    const timer = setTimeout(
      () =>
        this.close(
          new GatewayError(
            'upstream_timeout',
            `Upstream server "${this.target.name}" did not open its SSE stream in time.`,
          ),
        ),
      this.target.timeoutMs,
    );
    try {
      const response = await this.http.request({
        method: 'GET',
        url: this.target.url,
        headers: { ...this.target.headers, accept: 'text/event-stream' },
        signal: this.abort.signal,
      });
      if (response.status === 401 || response.status === 403) {
        void drain(response.body);
        throw new UpstreamRefusedCredentials(
          this.target.name,
          response.status,
          false,
          response.headers['www-authenticate'],
        );
      }
      if (response.status !== 200) {
        void drain(response.body);
        throw new GatewayError(
          'upstream_unavailable',
          `Upstream server "${this.target.name}" refused the SSE connection (HTTP ${response.status}).`,
        );
      }
      const body = response.body;
      await new Promise<void>((resolve, reject) => {
        void this.read(body, resolve).catch(reject);
      });
    } catch (error) {
      const failure = this.closed ?? upstreamFailure(this.target.name, error, false);
      this.close(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
    this.touch();
  }

  private async read(body: AsyncIterable<Uint8Array>, onEndpoint: () => void): Promise<void> {
    try {
      const events = parseSse(body, {
        maxEventBytes: this.target.maxMessageBytes,
        tooLarge: (limit) => messageTooLarge(this.target.name, limit),
      });
      for await (const event of events) {
        if (event.data === undefined) continue; // heartbeats and id-only events carry no message
        if (event.event === 'endpoint') {
          const endpoint = new URL(event.data, this.target.url);
          // the upstream's credentials go wherever the endpoint points: only its own origin is acceptable
          if (endpoint.origin !== new URL(this.target.url).origin) {
            throw new GatewayError(
              'upstream_error',
              `Upstream server "${this.target.name}" named an endpoint on another origin.`,
            );
          }
          this.endpoint = endpoint;
          onEndpoint();
        } else if (event.event === undefined || event.event === 'message') {
          let value: unknown;
          let messages: JsonRpcMessage[];
          try {
            value = JSON.parse(event.data);
            // a 2024-11-05 server may send a batch in one event
            messages = Array.isArray(value) ? value.map(upstreamMessage) : [upstreamMessage(value)];
          } catch {
            continue; // an upstream's malformed event must not end the session
          }
          const items = Array.isArray(value)
            ? batchMembers(messages, event.data.length)
            : [envelope(messages[0]!, event.data)];
          for (const item of items) this.route(item);
        }
      }
      const ended = new GatewayError(
        'upstream_unavailable',
        `Upstream server "${this.target.name}" closed the stream${this.endpoint === undefined ? ' before naming its endpoint' : ''}.`,
      );
      this.close(ended);
      // still opening: the wait for the endpoint ends with it
      if (this.endpoint === undefined) throw ended;
    } catch (error) {
      const failure = error instanceof GatewayError ? error : upstreamFailure(this.target.name, error, false);
      this.close(failure);
      throw failure;
    }
  }

  private route(item: Envelope): void {
    const { message } = item;
    const calls = [...this.calls];
    let owner: PendingCall | undefined;
    if (isResponse(message) && message.id === null) {
      // an error the upstream could not tie to a request (it could not read it): the one request open
      // on the connection is the one it failed; with several, no one can tell which
      const open = calls.flatMap((c) => (c.done ? [] : [...c.unanswered()].map(([, id]) => ({ c, id }))));
      if (open.length === 1 && 'error' in message) {
        const answer = { ...message, id: open[0]!.id };
        open[0]!.c.push(envelope(answer, JSON.stringify(answer)));
      }
      return;
    }
    if (isResponse(message)) {
      owner = calls.find((c) => c.awaits(message.id as JsonRpcId));
    } else {
      const token = (message.params as { progressToken?: unknown } | undefined)?.progressToken;
      owner = token === undefined ? undefined : calls.find((c) => c.progressTokens.has(token));
      // other notifications and server→client requests go to the oldest request still awaiting its answer,
      // a request to one whose client can answer it (it reads an event stream) when there is one
      if (isRequest(message)) owner ??= calls.find((c) => !c.done && c.carriesRequests);
      owner ??= calls.find((c) => !c.done);
    }
    if (owner !== undefined) owner.push(item);
    else if (isRequest(message)) this.refuse(message);
  }

  /**
   * Answers a server→client request no client stream can carry (no request of the connection is open):
   * the server learns it at once instead of waiting for an answer that cannot come.
   */
  private refuse(message: JsonRpcRequest): void {
    // a ping is answered as a client would: the session is alive
    const answer =
      message.method === 'ping'
        ? { jsonrpc: '2.0' as const, id: message.id, result: {} }
        : errorResponse(message.id, {
            code: -32603,
            message: 'No client request of this session is open to carry the request.',
          });
    void this.send(JSON.stringify(answer), this.target.headers, AbortSignal.timeout(5000)).catch(
      () => undefined,
    );
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.calls.size === 0) this.close(undefined);
      else this.touch();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  close(reason: GatewayError | undefined): void {
    if (this.closed !== undefined) return;
    this.closed = reason ?? new GatewayError('upstream_unavailable', 'The upstream connection was closed.');
    clearTimeout(this.idleTimer);
    for (const call of this.calls) call.fail(this.closed);
    this.calls.clear();
    this.abort.abort();
    this.onClose();
  }

  /** Posts `body` to the session's endpoint within `timeoutMs` (the call's own; the connection's by default). */
  private async send(
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    timeoutMs = this.target.timeoutMs,
  ): Promise<void> {
    if (this.closed !== undefined) throw this.closed;
    if (this.endpoint === undefined) throw new GatewayError('upstream_unavailable', 'No upstream endpoint.');
    const limit = deadline(signal, timeoutMs, this.target.name);
    let response: Awaited<ReturnType<HttpClient['request']>>;
    try {
      response = await this.http.request({
        method: 'POST',
        url: this.endpoint,
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        signal: limit.signal,
      });
    } catch (error) {
      limit.end();
      throw upstreamFailure(this.target.name, error, limit.timedOut());
    }
    // the answer's body is discarded within the same deadline: an endpoint that keeps it open (or never
    // ends it) would otherwise hold the request, and the connection, forever. A message it accepted is
    // on its way: its body is left to drain behind, the call goes on
    if (response.status >= 200 && response.status <= 299) {
      void drain(response.body).finally(() => limit.end());
      return;
    }
    try {
      await drain(response.body);
    } finally {
      limit.end();
    }
    if (response.status === 401 || response.status === 403)
      throw new UpstreamRefusedCredentials(
        this.target.name,
        response.status,
        false,
        response.headers['www-authenticate'],
      );
    // the upstream no longer knows this connection's session (restarted, or the stream reached another
    // replica): the connection goes, and the session's next request opens one anew, replaying its
    // initialize (an idle timer kept alive by every refused request would never let it go)
    if (response.status === 404)
      this.close(
        new GatewayError('upstream_unavailable', `Upstream server "${this.target.name}" forgot the session.`),
      );
    if (response.status < 200 || response.status > 299) {
      const message = `Upstream server "${this.target.name}" rejected the message (HTTP ${response.status}).`;
      // below 500 it did not take the message; a 5xx may have been a fault while it handled it
      throw response.status < 500 ? new UpstreamRefused(message) : new UpstreamServerError(message);
    }
  }

  /**
   * Posts a client body (its messages, `batch` or not) with the caller's current `headers` (a forwarded
   * identity expires: the connection's first ones would not do); answers a stream of the messages routed
   * to its requests.
   */
  async post(
    messages: JsonRpcMessage[],
    batch: boolean,
    headers: Record<string, string>,
    signal: AbortSignal,
    timeoutMs: number,
    /** Its client takes no event stream (see `UpstreamPost.jsonOnly`). */
    jsonOnly = false,
  ): Promise<AsyncGenerator<Envelope>> {
    this.touch();
    const requests = messages.filter(isRequest);
    const pendingOf = (id: JsonRpcId) => {
      for (const pending of this.calls) {
        const upstreamId = pending.upstreamIdOf(id);
        if (upstreamId !== undefined) return upstreamId;
      }
      return undefined;
    };
    // a client's cancellation names its request as the client knows it, maybe one given up on just now
    const cancelledOf = (id: JsonRpcId) => {
      const upstreamId = pendingOf(id) ?? this.abandoned.get(clientKey(id));
      this.abandoned.delete(clientKey(id));
      return upstreamId;
    };
    for (const request of requests)
      if (pendingOf(request.id) !== undefined)
        throw new GatewayError(
          'invalid_request',
          `Request id ${JSON.stringify(request.id)} is still in use by a pending request of this session; each request in flight needs its own id.`,
        );
    const sent = requests.map((request) => ({ request, upstreamId: `mcp-gateway-${++this.sentCounter}` }));
    const upstreamIds = new Map(sent.map(({ request, upstreamId }) => [request, upstreamId]));
    const outgoing = messages.map((message): JsonRpcMessage => {
      const renamed = isRequest(message) ? upstreamIds.get(message) : undefined;
      if (renamed !== undefined) return { ...message, id: renamed };
      if (!isRequest(message) && 'method' in message && message.method === 'notifications/cancelled') {
        const cancelled = message.params?.['requestId'];
        const upstreamId =
          typeof cancelled === 'string' || typeof cancelled === 'number' ? cancelledOf(cancelled) : undefined;
        if (upstreamId !== undefined)
          return { ...message, params: { ...message.params, requestId: upstreamId } };
      }
      return message;
    });
    const body = JSON.stringify(batch ? outgoing : outgoing[0]);
    const call = new PendingCall(sent, !jsonOnly);
    if (requests.length > 0) this.calls.add(call);
    const abandoned = this.abandoned;
    /** A request given up on: a cancellation of it still reaches it by the id it was sent with. */
    const abandon = (clientId: JsonRpcId, upstreamId: string) => {
      abandoned.delete(clientKey(clientId));
      abandoned.set(clientKey(clientId), upstreamId);
      if (abandoned.size > MAX_ABANDONED) abandoned.delete(abandoned.keys().next().value!);
    };
    try {
      await this.send(body, headers, signal, timeoutMs);
    } catch (error) {
      this.calls.delete(call);
      // the POST may have reached the upstream before it failed (its time ran out): the requests may run
      for (const { request, upstreamId } of sent) abandon(request.id, upstreamId);
      throw error;
    }
    const calls = this.calls;
    // the call's own timeout (its tool's, its deadline's), not the one of the call that opened the connection
    const target = { ...this.target, timeoutMs };
    let over = false;
    const end = () => {
      if (over) return;
      over = true;
      calls.delete(call);
      for (const [clientId, upstreamId] of call.unanswered()) abandon(clientId, upstreamId);
    };
    // a stream nobody ever reads (its answer given up before its first read) is over once its time is:
    // its ids are free again, and messages are no longer routed to it
    const unread = setTimeout(end, timeoutMs);
    unread.unref?.();
    return (async function* () {
      clearTimeout(unread);
      const limit = deadline(signal, target.timeoutMs, target.name);
      try {
        yield* call.messages(limit.signal);
      } catch (error) {
        if (limit.timedOut()) throw upstreamFailure(target.name, error, true);
        throw error;
      } finally {
        limit.end();
        end();
      }
    })();
  }

  /** Re-creates the upstream session of a connection opened after a restart or on another instance. */
  async replayInitialize(initialize: string, signal: AbortSignal): Promise<void> {
    const original = toMessage(JSON.parse(initialize));
    if (!isRequest(original)) return;
    const stream = await this.post([original], false, this.target.headers, signal, this.target.timeoutMs);
    for await (const { message } of stream) {
      if (isResponse(message) && message.error !== undefined) {
        throw new GatewayError(
          'upstream_error',
          `Upstream server "${this.target.name}" refused to re-initialize.`,
        );
      }
    }
    const initialized = { jsonrpc: '2.0' as const, method: 'notifications/initialized' };
    await this.send(JSON.stringify(initialized), this.target.headers, signal);
  }
}

/**
 * The legacy HTTP+SSE transport (2024-11-05), kept for backward compatibility. Its session is bound to a
 * long-lived connection, which lives in this process; a request for a session this process has no
 * connection for (restart, another instance) opens one and replays the client's `initialize`.
 */
export class LegacySseTransport implements UpstreamTransport {
  /** Each session's connection, with the URL it was opened to (its endpoint is on that URL's origin). */
  private readonly connections = new Map<
    string,
    { url: string; connection: Promise<SseConnection>; opened: SseConnection }
  >();
  /**
   * Sessions ended here lately: a request that passed the session check before the DELETE must not
   * open the upstream session again (replaying `initialize`) after it ended.
   */
  private readonly ended = lruCache<string, true>(10_000, { ttl: 10 * 60_000 });

  constructor(
    private readonly http: HttpClient,
    private readonly idleMs = 10 * 60_000,
    /**
     * Connections kept open at most (each a socket): past it the least recently used one is closed, its
     * session replayed on a connection of its own when its client comes back. A process has a bounded
     * number of file descriptors (a Lambda function 1,024), which its other calls need too.
     */
    private readonly maxConnections = 500,
  ) {}

  private connection(
    target: UpstreamTarget,
    session: UpstreamSession,
    signal: AbortSignal,
    replay: boolean,
  ): Promise<SseConnection> {
    const id = session.gatewaySessionId;
    if (this.ended.has(id))
      return Promise.reject(new GatewayError('session_not_found', 'The session has ended.'));
    const existing = this.connections.get(id);
    if (existing !== undefined) {
      if (existing.url === target.url) {
        // the most recently used last: the first in the map is the one to close when there are too many
        this.connections.delete(id);
        this.connections.set(id, existing);
        return existing.connection;
      }
      // the server moved, or the session failed over to another target: the old endpoint is on another
      // origin, which must never see this target's credentials (a session not initializing is replayed there)
      this.connections.delete(id);
      void existing.connection.then(
        (old) => old.close(undefined),
        () => {},
      );
    }
    // a connection removes only its own map entry: a newer one for the same session may have replaced it
    const forget = () => {
      if (this.connections.get(id)?.connection === connection) this.connections.delete(id);
    };
    const created = new SseConnection(target, this.http, forget, this.idleMs);
    const connection = created.open().then(async () => {
      if (replay && session.initialize !== undefined)
        await created.replayInitialize(session.initialize, signal);
      return created;
    });
    this.connections.set(id, { url: target.url, connection, opened: created });
    for (const [oldest, kept] of this.connections) {
      if (this.connections.size <= this.maxConnections) break;
      // one carrying calls is in use, however long ago it was asked for: closing it would fail them
      if (kept.opened.busy) continue;
      this.connections.delete(oldest);
      void kept.connection.then(
        (old) => old.close(undefined),
        () => {},
      );
    }
    connection.catch((error: unknown) => {
      forget();
      created.close(error instanceof GatewayError ? error : undefined);
    });
    return connection;
  }

  async post(target: UpstreamTarget, call: UpstreamPost): Promise<UpstreamReply> {
    // the client's answer to a server request: that request came over a connection of one process, and
    // a connection opened here (initialize replayed) would be another upstream session that never asked
    if (
      !this.connections.has(call.session.gatewaySessionId) &&
      call.messages.some(isResponse) &&
      !call.messages.some(isRequest)
    )
      // (no fault of the server's: its circuit is not charged with it)
      throw new GatewayError(
        'conflict',
        `The request this answers came from "${target.name}" through another gateway instance; an HTTP+SSE server's requests are answered only there (route its sessions to one instance).`,
      );
    const initializing = call.messages.some((m) => isRequest(m) && m.method === 'initialize');
    const connection = await this.connection(target, call.session, call.signal, !initializing);
    const batch = call.body.trimStart().startsWith('[');
    const stream = await connection.post(
      call.messages,
      batch,
      target.headers,
      call.signal,
      target.timeoutMs,
      call.jsonOnly === true,
    );
    if (!call.messages.some(isRequest)) {
      void stream.return(undefined);
      return { status: 202 };
    }
    return { status: 200, contentType: 'text/event-stream', items: stream as AsyncIterable<AnswerItem> };
  }

  async listen(): Promise<UpstreamReply> {
    // server→client messages arrive on the POST streams of open requests; there is no standalone stream
    return { status: 405 };
  }

  async terminate(_target: UpstreamTarget, session: UpstreamSession): Promise<void> {
    this.ended.set(session.gatewaySessionId, true);
    const entry = this.connections.get(session.gatewaySessionId);
    this.connections.delete(session.gatewaySessionId);
    (await entry?.connection.catch(() => undefined))?.close(undefined);
  }

  /** Closes every connection (shutdown). */
  closeAll(): void {
    for (const { connection } of this.connections.values())
      void connection.then(
        (c) => c.close(undefined),
        () => {},
      );
    this.connections.clear();
  }
}
