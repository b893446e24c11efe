/**
 * The local runner's edge adapter: node:http requests become the core's HttpRequest, its HttpResponse is
 * written back (streamed bodies chunk by chunk, with backpressure). `/v1…` goes to the management API,
 * everything else to the data plane. The Lambda entry points have their own adapter (`lambda/event.ts`);
 * `adapters.contract.test.ts` holds both to the same behaviour.
 */

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { isAuthorizationServerPath } from '../broker/well-known.js';
import { abortableWaits, aborted } from '../core/abort.js';
import { asGatewayError, errorAnswer, GatewayError, problemAnswer } from '../core/errors.js';
import {
  type BodyChunk,
  bodyText,
  type HttpRequest,
  type HttpResponse,
  headersFromRaw,
  isStreamingBody,
} from '../core/http.js';
import { keptAlive } from '../core/keep-alive.js';

export type CoreHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface ServerTimeouts {
  /** Time a client has to send the request headers. */
  headersMs: number;
  /** Time a client has to send the whole request, headers and body (408 after it). */
  requestMs: number;
  /**
   * How long an answer may make no progress while the client does not read it. Not applied while the
   * answer waits on the core or its upstream.
   */
  idleMs: number;
  /**
   * How long a connection may stay idle between requests. Longer than a load balancer's own idle timeout
   * (60 s on AWS's ALB, nginx's 60 s too), so that it closes first: a connection this server closed just
   * as the balancer reused it would fail that request (a 502 the client sees).
   */
  keepAliveMs: number;
}

export const defaultTimeouts: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 5_000,
  keepAliveMs: 65_000,
};

export interface LocalServerOptions {
  /** The data plane: `/mcp/{server}`, `/healthz`, and every path outside `/v1`. */
  gateway: CoreHandler;
  /** The management API: `/v1` and below. */
  management: CoreHandler;
  maxBodyBytes: number;
  timeouts?: ServerTimeouts;
  /** How often a quiet event stream gets a keep-alive comment (default {@link STREAM_KEEP_ALIVE_MS}). */
  streamKeepAliveMs?: number;
  /**
   * How many proxies in front of the gateway (load balancers) each append the address they were reached
   * from to `X-Forwarded-For`: the client's address is read there. 0 (the default): the connection's own.
   */
  trustedProxies?: number;
  log?: (line: string) => void;
}

/** `drained`: the rest of the body is read and dropped, so the connection can stay open after the 413. */
type Body =
  | { kind: 'complete'; bytes: Buffer }
  | { kind: 'too-large'; drained: boolean }
  | { kind: 'aborted' };

/**
 * How much of a body over the limit is still read, unbuffered, after it was refused. A client sends its
 * whole body before it reads the answer: a connection closed on the rest of it is reset, and the client
 * sees a broken connection instead of the 413 (and may well retry). Past this, the connection is cut.
 */
const DROPPED_BYTES_LIMIT = 64 * 1024 * 1024;

/** Whether a request says its body is longer than `limit` bytes (its `Content-Length`). */
const declaresMore = (request: IncomingMessage, limit: number) =>
  Number(request.headers['content-length'] ?? 0) > limit;

/**
 * Reads and drops the rest of a refused body, up to {@link DROPPED_BYTES_LIMIT} and until `until` (a
 * moment before the request's own timeout, whose 408 would follow the 413 on the connection); whether it
 * will be read to its end. One that says it is longer, or that waits to be asked for (`Expect:
 * 100-continue`), is not read: its answer closes the connection.
 */
function dropRest(request: IncomingMessage, read: number, until: number): boolean {
  const left = Number(request.headers['content-length'] ?? 0) - read;
  const drop = request.headers.expect === undefined && left <= DROPPED_BYTES_LIMIT && until > Date.now();
  let dropped = 0;
  if (drop) {
    const cut = () => request.socket.destroy();
    const timer = Number.isFinite(until) ? setTimeout(cut, Math.max(0, until - Date.now())) : undefined;
    request.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      // a chunked body says no length: the limit holds as it comes
      if (dropped > DROPPED_BYTES_LIMIT) cut();
    });
    request.once('close', () => clearTimeout(timer));
  }
  request.resume();
  return drop;
}

/**
 * Reads a body up to `limit` bytes; the rest of a larger one is dropped (see {@link dropRest}). One that
 * says it is larger is refused before a byte of it is kept.
 */
function readBody(request: IncomingMessage, limit: number, dropUntil: number): Promise<Body> {
  if (declaresMore(request, limit))
    return Promise.resolve({ kind: 'too-large', drained: dropRest(request, 0, dropUntil) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', collect);
        resolve({ kind: 'too-large', drained: dropRest(request, size, dropUntil) });
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', collect);
    request.once('end', () =>
      resolve({ kind: 'complete', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }),
    );
    // the client went away, or the request timeout destroyed the connection (after 'end' this is a no-op)
    request.once('close', () => resolve({ kind: 'aborted' }));
    request.once('error', () => resolve({ kind: 'aborted' }));
  });
}

/** The path of a request target, without its query. */
const pathOf = (target: string) => {
  const queryAt = target.indexOf('?');
  return queryAt >= 0 ? target.slice(0, queryAt) : target;
};

const isManagementPath = (path: string) => path === '/v1' || path.startsWith('/v1/');
/** An MCP endpoint, whose GET opens a server→client stream. */
const isMcpPath = (path: string) => path.startsWith('/mcp/');

/**
 * The client's address: the connection's, or, behind `trusted` proxies, the one the outermost of them was
 * reached from (X-Forwarded-For read from the right: what a client writes there itself is further left).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: number,
): string | undefined {
  if (trusted === 0 || forwardedFor === undefined) return peer;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  // the peer is the last proxy; each proxy before it added the address it was reached from
  const hop = hops[Math.max(hops.length - trusted, 0)] ?? '';
  // some add the port: 192.0.2.1:5678, [2001:db8::1]:443
  const client = /^\[([^\]]+)\](?::\d+)?$/.exec(hop)?.[1] ?? /^([\d.]+):\d+$/.exec(hop)?.[1] ?? hop;
  return isIP(client) !== 0 ? client : peer;
}

/** node:http → the core's request: lower-case names, repeated headers joined, the last query value wins. */
export function toHttpRequest(
  request: IncomingMessage,
  body: Buffer,
  signal: AbortSignal,
  trustedProxies = 0,
): HttpRequest {
  const target = request.url ?? '/';
  const path = pathOf(target);
  const query: Record<string, string> = {};
  const repeated = new Set<string>();
  if (path.length < target.length)
    for (const [name, value] of new URLSearchParams(target.slice(path.length + 1))) {
      if (Object.hasOwn(query, name)) repeated.add(name);
      query[name] = value;
    }
  const core: HttpRequest = {
    method: request.method ?? 'GET',
    path,
    headers: headersFromRaw(request.rawHeaders),
    query,
    ...(repeated.size > 0 ? { repeatedQuery: [...repeated] } : {}),
    ...(body.length > 0 ? bodyText(body) : { body: undefined }),
    signal,
  };
  const address = clientAddress(
    request.socket.remoteAddress,
    core.headers['x-forwarded-for'],
    trustedProxies,
  );
  if (address !== undefined) core.sourceIp = address;
  return core;
}

/** Text bodies from this length on are encoded to bytes before they are sent (see `send`). */
const ENCODE_ONCE_CHARS = 64 * 1024;

/** Waits until the client has read what is buffered; false when it went away or stalled for `idleMs`. */
async function drained(response: ServerResponse, signal: AbortSignal, idleMs: number): Promise<boolean> {
  // the socket timeout destroys a connection whose client stopped reading (Node's default handling)
  response.socket?.setTimeout(idleMs);
  try {
    await once(response, 'drain', { signal });
    return true;
  } catch {
    return false;
  } finally {
    response.socket?.setTimeout(0);
  }
}

/** Text batched beyond this many characters is written at once (see `writeStream`). */
const MAX_BATCH_CHARS = 64 * 1024;

/**
 * Writes a streamed body as it comes. Text chunks that arrive within one turn of the event loop (the SSE
 * events of one upstream read, relayed one by one) go out as one write, at the end of that turn: when
 * Node itself would send them (it corks a response until then), in one piece instead of one per event.
 * A batch past {@link MAX_BATCH_CHARS} is written at once, so a producer that never waits still meets
 * backpressure; a client that stops reading is dropped after `idleMs` even while the stream is quiet.
 */
async function writeStream(
  response: ServerResponse,
  body: AsyncIterable<BodyChunk>,
  signal: AbortSignal,
  idleMs: number,
): Promise<void> {
  const iterator = body[Symbol.asyncIterator]();
  const waits = abortableWaits(signal);
  let done = false;
  let batch: string[] = [];
  let batched = 0;
  let full = false;
  /** After a refused write, the socket's idle timeout drops a client that stopped reading (Node's handling). */
  const refused = () => {
    full = true;
    response.socket?.setTimeout(idleMs);
    response.once('drain', () => response.socket?.setTimeout(0));
  };
  const flush = () => {
    if (batch.length === 0) return;
    const text = batch.length === 1 ? batch[0]! : batch.join('');
    batch = [];
    batched = 0;
    if (response.destroyed || response.writableEnded) return;
    try {
      if (!response.write(text)) refused();
    } catch (error) {
      response.destroy(error as Error); // never thrown out of a tick callback
    }
  };
  try {
    for (;;) {
      const next = await waits.wait(iterator.next());
      if (next === aborted) return;
      if (next.done === true) break;
      const chunk = next.value;
      if (typeof chunk === 'string') {
        if (batch.push(chunk) === 1) process.nextTick(flush);
        batched += chunk.length;
        if (batched >= MAX_BATCH_CHARS) flush();
      } else {
        flush();
        if (!response.write(chunk)) refused();
      }
      if (full) {
        flush();
        full = false;
        // a batch refused at the end of an earlier turn may have drained since: wait only if it has not
        if (response.writableNeedDrain && !(await drained(response, signal, idleMs))) return;
      }
    }
    flush();
    done = true;
    response.end();
    // as for a whole body (see send): what is still buffered waits on a client that may have stopped
    // reading, for at most `idleMs`
    if (response.writableLength > 0) response.socket?.setTimeout(idleMs);
  } finally {
    waits.close();
    // the client went away or the body failed: end the producer so the upstream work behind it stops
    if (!done) void iterator.return?.()?.catch(() => undefined);
  }
}

/**
 * A quiet event stream gets a comment this often: below the idle timeouts of the load balancers and
 * proxies a service sits behind (60 s on AWS's ALB and in nginx), which would close it otherwise.
 */
export const STREAM_KEEP_ALIVE_MS = 25_000;

async function send(
  response: ServerResponse,
  answer: HttpResponse,
  signal: AbortSignal,
  idleMs: number,
  keepAliveMs = STREAM_KEEP_ALIVE_MS,
): Promise<void> {
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (!isStreamingBody(answer.body)) {
    // headers not yet sent: Node adds the Content-Length, for a text by measuring its UTF-8 length before
    // encoding it, so a large text is encoded once here instead
    const body = answer.body ?? '';
    // a HEAD answer carries no body but says how long the GET's is (RFC 9110 §9.3.2), which Node
    // leaves out when it drops the body
    if (response.req?.method === 'HEAD') response.setHeader('content-length', Buffer.byteLength(body));
    response.end(body.length >= ENCODE_ONCE_CHARS ? Buffer.from(body, 'utf8') : body);
    // what the socket could not take at once waits for the client: one that stops reading is dropped
    // after `idleMs` (Node's handling of a socket timeout), not held with the body in memory; once the
    // body is out, Node sets the connection's keep-alive timeout in its place
    if (response.writableLength > 0) response.socket?.setTimeout(idleMs);
    return;
  }
  response.flushHeaders(); // the client learns the status before the first event
  await writeStream(response, keptAlive(answer, keepAliveMs), signal, idleMs);
}

export interface LocalServer extends Server {
  /**
   * Announces a stop before it begins (a shutdown delay): `/healthz` answers 503 `shutting_down`, so that
   * load balancers stop sending new work, while everything else is still served as before.
   */
  leave(): void;
  /**
   * Begins a shutdown, after `close()`: the server→client streams (GET /mcp) open now end and no new one
   * opens (their clients reconnect elsewhere), and each answer from now on ends its connection, so that
   * the connections in use close once their requests are answered.
   */
  drain(): void;
  /**
   * Settles once every request handler under way has finished, its connection cut or not (a reseal, a
   * registry sync still writing): what must end before the store closes.
   */
  settled(): Promise<void>;
}

export function createLocalServer(options: LocalServerOptions): LocalServer {
  const log = options.log ?? ((line: string) => console.error(line));
  const timeouts = options.timeouts ?? defaultTimeouts;
  // Node checks the header and request deadlines on this interval (30 s by default)
  const checkEveryMs = Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 4)));
  const streams = new Set<ServerResponse>();
  /** Answers under way, so that a shutdown can end their connections after them. */
  const answering = new Set<ServerResponse>();
  /** Request handlers under way (they may go on after their connection was cut). */
  const handling = new Set<Promise<void>>();
  let draining = false;
  /** A stop is on its way (`leave`): health checks fail, everything else is still served. */
  let leaving = false;
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: checkEveryMs,
    },
    (request, response) => {
      const startedAt = Date.now();
      const path = pathOf(request.url ?? '/');
      const management = isManagementPath(path);
      // stopping: load balancers' health checks learn it first (during a shutdown delay, still served)
      if ((leaving || draining) && path === '/healthz') {
        if (draining) response.setHeader('connection', 'close');
        response
          .writeHead(503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end('{"status":"shutting_down"}');
        return;
      }
      if (draining) {
        // a request on a connection kept alive from before is answered, and the connection then ends
        response.setHeader('connection', 'close');
        if (request.method === 'GET' && isMcpPath(path)) {
          const error = new GatewayError('shutting_down', 'The gateway is shutting down; reconnect.');
          const answer = errorAnswer(error, false);
          answer.headers['retry-after'] = '1';
          void send(response, answer, new AbortController().signal, timeouts.idleMs);
          return;
        }
      }
      // only MCP streams are cut when a stop's grace ends; any other GET (a sign-in's callback) is answered
      if (request.method === 'GET' && isMcpPath(path)) {
        streams.add(response);
        response.once('close', () => streams.delete(response));
      }
      // aborted when the client goes away before the answer ended: the core cancels the upstream call
      const abort = new AbortController();
      answering.add(response);
      response.once('close', () => {
        answering.delete(response);
        if (!response.writableFinished) abort.abort();
        // shutting down: the connection, idle now, closes (one whose answer said so closes by itself)
        else if (draining) setImmediate(() => server.closeIdleConnections());
      });
      const serve = async () => {
        // Node's request timeout runs from the request's first byte, at most `headersMs` before this, and
        // is looked at every `checkEveryMs`: a body is dropped only while it surely has not struck
        const dropUntil =
          timeouts.requestMs > 0
            ? startedAt + timeouts.requestMs - timeouts.headersMs - checkEveryMs
            : Number.POSITIVE_INFINITY;
        const body = await readBody(request, options.maxBodyBytes, dropUntil);
        if (body.kind === 'aborted') return;
        if (body.kind === 'too-large') {
          const error = new GatewayError(
            'payload_too_large',
            `The request body exceeds ${options.maxBodyBytes} bytes.`,
          );
          // the authorization server's routes answer in OAuth's shape, as the core does behind API Gateway
          const answer = isAuthorizationServerPath(path)
            ? {
                status: 413,
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ error: 'invalid_request', error_description: error.message }),
              }
            : management
              ? problemAnswer(error, path)
              : errorAnswer(error, false);
          // a body not read to its end leaves the connection unable to carry another request
          if (!body.drained) answer.headers['connection'] = 'close';
          return send(response, answer, abort.signal, timeouts.idleMs, options.streamKeepAliveMs);
        }
        const handler = management ? options.management : options.gateway;
        const answer = await handler(
          toHttpRequest(request, body.bytes, abort.signal, options.trustedProxies),
        );
        await send(response, answer, abort.signal, timeouts.idleMs, options.streamKeepAliveMs);
      };
      const handled = serve().catch((error: unknown) => {
        // a client that went away mid-answer is normal; anything else is worth a log line
        if (!abort.signal.aborted) log(`mcp-gateway: ${request.method} ${path} failed: ${String(error)}`);
        if (response.headersSent) {
          response.destroy(); // the client sees a cut answer, not a complete-looking one
          return;
        }
        const internal = asGatewayError(error);
        const answer = management ? problemAnswer(internal, path) : errorAnswer(internal, false);
        void send(response, answer, abort.signal, timeouts.idleMs);
      });
      handling.add(handled);
      void handled.finally(() => handling.delete(handled));
    },
  );
  // `Expect: 100-continue`: a body said to be over the limit is not asked for at all (Node would invite it)
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (!declaresMore(request, options.maxBodyBytes)) response.writeContinue();
    server.emit('request', request, response);
  });
  return Object.assign(server, {
    leave() {
      leaving = true;
    },
    drain() {
      draining = true;
      for (const response of streams) response.destroy();
      for (const response of answering) if (!response.headersSent) response.setHeader('connection', 'close');
      server.closeIdleConnections();
    },
    async settled() {
      while (handling.size > 0) await Promise.allSettled([...handling]);
    },
  });
}
