/**
 * An MCP upstream that misbehaves on purpose, for the end-to-end fault tests. It answers `initialize`
 * normally (with an `Mcp-Session-Id`), notifications with 202, and every other request per a scripted
 * fault, chosen by the path (`/mcp/<fault>/<size>/<paceMs>`, so one registered server is one fault) or,
 * on the plain `/mcp` path, by the tool name of a `tools/call` (`arguments.size`, `arguments.paceMs`).
 * `/sse/<fault>/<size>/<paceMs>` serves the legacy HTTP+SSE transport (2024-11-05) instead: a GET event
 * stream naming a `/messages/<id>` endpoint, answers on that stream (faults `ok` and `long-sse` only).
 * Every answered call is recorded, including whether the gateway closed the response before it ended.
 *
 * Faults (`size` in bytes of the body or event, chunks of 64 KiB `paceMs` apart):
 * - `ok`: an immediate JSON result (the control).
 * - `long-sse`: an SSE stream whose one `data:` line is `size` bytes long and never ends; the stream is
 *   then held open until the gateway closes it or `holdMs` passes.
 * - `long-json`: an `application/json` response of `size` bytes (a valid JSON-RPC result with one huge
 *   string of `x`).
 * - `wide-sse` / `wide-json`: like a complete `long-*` answer, its string of `€` (3 bytes in UTF-8, one
 *   character): `size` bytes but a third as many characters.
 * - `many-sse`: an SSE stream of 1 MiB progress notifications adding up to `size` bytes, then the result.
 * - `unanswered-sse`: an SSE stream with a progress notification, then a clean end without the response.
 * - `wrong-id-sse`: an SSE stream answering another id, then a clean end.
 * - `duplicate-sse`: an SSE stream answering the request twice.
 * - `reset-sse`: an SSE stream with a progress notification, then the connection is destroyed.
 * - `deep-sse` / `deep-json`: a valid result holding arrays nested `size` levels deep.
 * - `empty-json`: `application/json` with an empty body.
 * - `garbage`: an `application/json` body of NUL and 0xFF bytes (for `initialize` too on the path
 *   `/mcp/garbage-init`).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULTS = [
  'ok',
  'long-sse',
  'long-json',
  'wide-sse',
  'wide-json',
  'many-sse',
  'unanswered-sse',
  'wrong-id-sse',
  'duplicate-sse',
  'reset-sse',
  'deep-sse',
  'deep-json',
  'empty-json',
  'garbage',
  'garbage-init',
] as const;
export type Fault = (typeof FAULTS)[number];

export const CHUNK_BYTES = 64 * 1024;
/** Bytes of NUL, 0xFF and friends: not UTF-8, not JSON. */
export const GARBAGE = Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x7b, 0xff, 0x22, 0x00, 0x0a, 0xc3, 0x28, 0xff]);
/** The size of each notification of `many-sse`. */
export const MANY_EVENT_BYTES = 1024 * 1024;

export interface FaultCall {
  /** The JSON-RPC id the gateway sent upstream (renumbered for stateless clients). */
  id: string | number;
  method: string;
  fault: Fault;
  transport: 'streamable-http' | 'sse';
  /** Body bytes written so far. */
  written: number;
  /** The upstream wrote everything it meant to (and, for held streams, started holding). */
  complete: boolean;
  /** The response was closed by the other side (the gateway) before this upstream ended it. */
  closedByPeer: boolean;
  /** The upstream ended the response itself. */
  ended: boolean;
  startedAt: number;
  closedAt?: number;
}

export interface FaultyUpstream {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The Streamable HTTP endpoint of one fault: `<origin>/mcp/<fault>[/<size>[/<paceMs>]]`. */
  url(fault?: Fault, size?: number, paceMs?: number): string;
  /** The legacy HTTP+SSE endpoint of one fault: `<origin>/sse/<fault>[/<size>[/<paceMs>]]`. */
  legacyUrl(fault: Fault, size?: number, paceMs?: number): string;
  calls: FaultCall[];
  /** How many `initialize` requests were answered (each with a new session id). */
  readonly initializes: number;
  /** Resolves with the first call the predicate accepts once it holds; rejects after `timeoutMs`. */
  waitFor(predicate: (call: FaultCall) => boolean, timeoutMs: number, what?: string): Promise<FaultCall>;
  close(): Promise<void>;
}

export interface FaultyUpstreamOptions {
  /** How long a `long-sse` stream is held open after its last byte before this upstream ends it. */
  holdMs?: number;
  /** No response lives longer than this (bounds every loop of this server). */
  maxResponseMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Message {
  jsonrpc?: string;
  id?: string | number;
  method?: string;
  params?: { name?: unknown; arguments?: { size?: unknown; paceMs?: unknown } };
}
type Request = Message & { id: string | number; method: string };

const isFault = (value: unknown): value is Fault => FAULTS.includes(value as Fault);

const INITIALIZE_RESULT = {
  protocolVersion: '2025-11-25',
  capabilities: { tools: {} },
  serverInfo: { name: 'faulty', version: '1.0.0' },
};

function readBody(request: IncomingMessage, limit = 8 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

/** `/<kind>/<fault>/<size>/<paceMs>` → its parts (undefined fault when the path names none). */
function faultOfPath(url: string | undefined) {
  const segments = (url ?? '/')
    .split('?')[0]!
    .split('/')
    .filter((s) => s !== '');
  return {
    kind: segments[0],
    fault: isFault(segments[1]) ? segments[1] : undefined,
    second: segments[1],
    size: Number(segments[2] ?? 0) || 0,
    pace: Number(segments[3] ?? 0) || 0,
  };
}

export async function startFaultyUpstream(options: FaultyUpstreamOptions = {}): Promise<FaultyUpstream> {
  const holdMs = options.holdMs ?? 30_000;
  const maxResponseMs = options.maxResponseMs ?? 120_000;
  const calls: FaultCall[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  let initializes = 0;
  /** Legacy event streams by connection id, with the fault of their path. */
  const legacyStreams = new Map<
    string,
    { response: ServerResponse; fault: Fault; size: number; pace: number }
  >();

  const newCall = (request: Request, fault: Fault, transport: FaultCall['transport']): FaultCall => {
    const call: FaultCall = {
      id: request.id,
      method: request.method,
      fault,
      transport,
      written: 0,
      complete: false,
      closedByPeer: false,
      ended: false,
      startedAt: Date.now(),
    };
    calls.push(call);
    return call;
  };

  const watchClose = (response: ServerResponse, call: FaultCall) => {
    const onClose = () => {
      call.closedAt = Date.now();
      call.closedByPeer = !call.ended;
      wake();
    };
    if (response.destroyed) onClose();
    else response.once('close', onClose);
  };

  /** Writes `chunk`, waiting for the socket to drain; false when the response is gone or too old. */
  async function write(response: ServerResponse, call: FaultCall, chunk: string | Buffer): Promise<boolean> {
    if (response.destroyed || response.writableEnded) return false;
    const ok = response.write(chunk);
    call.written += Buffer.byteLength(chunk);
    wake();
    if (ok) return true;
    const remaining = call.startedAt + maxResponseMs - Date.now();
    if (remaining <= 0) return false;
    return new Promise<boolean>((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        response.off('drain', onDrain);
        response.off('close', onClose);
        resolve(value);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), remaining);
      response.on('drain', onDrain);
      response.on('close', onClose);
    });
  }

  /** Waits until the response is closed by the peer, or `ms` pass. */
  function hold(response: ServerResponse, ms: number): Promise<void> {
    if (response.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        response.off('close', done);
        resolve();
      }
      response.on('close', done);
    });
  }

  function end(response: ServerResponse, call: FaultCall, body?: string | Buffer): void {
    if (response.destroyed || response.writableEnded) return;
    call.ended = true;
    if (body !== undefined) call.written += Buffer.byteLength(body);
    response.end(body);
  }

  /**
   * `head` + a filler of `unit` + `tail`, `size` bytes in all, in chunks `paceMs` apart. Bounded by
   * size / CHUNK_BYTES iterations and by maxResponseMs.
   */
  async function stream(
    response: ServerResponse,
    call: FaultCall,
    parts: { head: string; size: number; tail: string; paceMs: number; unit?: string },
  ): Promise<boolean> {
    if (!(await write(response, call, parts.head))) return false;
    const unit = parts.unit ?? 'x';
    const unitBytes = Buffer.byteLength(unit);
    const filler = Buffer.from(unit.repeat(Math.floor(CHUNK_BYTES / unitBytes)));
    let remaining = parts.size - Buffer.byteLength(parts.head) - Buffer.byteLength(parts.tail);
    remaining -= remaining % unitBytes;
    while (remaining > 0) {
      if (Date.now() - call.startedAt > maxResponseMs) return false;
      const piece = remaining >= filler.length ? filler : filler.subarray(0, remaining);
      if (!(await write(response, call, piece))) return false;
      remaining -= piece.length;
      if (parts.paceMs > 0) await sleep(parts.paceMs);
    }
    if (parts.tail !== '' && !(await write(response, call, parts.tail))) return false;
    return true;
  }

  const sseEvent = (message: unknown) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;
  const resultHead = (id: string | number) =>
    `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"`;
  const RESULT_TAIL = '"}]}}';

  async function answer(
    response: ServerResponse,
    request: Request,
    fault: Fault,
    size: number,
    paceMs: number,
  ) {
    const call = newCall(request, fault, 'streamable-http');
    watchClose(response, call);
    const id = request.id;
    const sse = () => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.flushHeaders();
    };
    const progress = (n: number, message?: string) => ({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: id, progress: n, ...(message !== undefined ? { message } : {}) },
    });
    switch (fault) {
      case 'ok': {
        response.writeHead(200, { 'content-type': 'application/json' });
        const result = request.method === 'tools/list' ? { tools: toolList() } : okResult(request);
        call.complete = true;
        end(response, call, JSON.stringify({ jsonrpc: '2.0', id, result }));
        break;
      }
      case 'long-sse': {
        sse();
        if (await stream(response, call, { head: `data: ${resultHead(id)}`, size, tail: '', paceMs })) {
          call.complete = true;
          wake();
          await hold(response, holdMs);
        }
        end(response, call);
        break;
      }
      case 'wide-sse': {
        sse();
        const parts = { head: `event: message\ndata: ${resultHead(id)}`, size, tail: `${RESULT_TAIL}\n\n` };
        if (await stream(response, call, { ...parts, paceMs, unit: '€' })) call.complete = true;
        end(response, call);
        break;
      }
      case 'long-json':
      case 'wide-json': {
        response.writeHead(200, { 'content-type': 'application/json' });
        const unit = fault === 'wide-json' ? '€' : 'x';
        if (await stream(response, call, { head: resultHead(id), size, tail: RESULT_TAIL, paceMs, unit }))
          call.complete = true;
        end(response, call);
        break;
      }
      case 'many-sse': {
        sse();
        const event = sseEvent(progress(0, ''));
        const padding = 'x'.repeat(MANY_EVENT_BYTES - event.length);
        // bounded: size / MANY_EVENT_BYTES events
        for (let n = 1, sent = 0; sent < size; n++) {
          const chunk = sseEvent(progress(n, padding));
          if (!(await write(response, call, chunk))) return;
          sent += chunk.length;
          if (paceMs > 0) await sleep(paceMs);
        }
        call.complete = true;
        end(response, call, sseEvent({ jsonrpc: '2.0', id, result: okResult(request) }));
        break;
      }
      case 'unanswered-sse': {
        sse();
        await write(response, call, sseEvent(progress(1)));
        call.complete = true;
        end(response, call);
        break;
      }
      case 'wrong-id-sse': {
        sse();
        await write(response, call, sseEvent({ jsonrpc: '2.0', id: `not-${String(id)}`, result: {} }));
        call.complete = true;
        end(response, call);
        break;
      }
      case 'duplicate-sse': {
        sse();
        await write(response, call, sseEvent({ jsonrpc: '2.0', id, result: okResult(request) }));
        call.complete = true;
        end(
          response,
          call,
          sseEvent({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'again' }] } }),
        );
        break;
      }
      case 'reset-sse': {
        sse();
        await write(response, call, sseEvent(progress(1)));
        await sleep(50);
        call.complete = true;
        call.ended = true; // this upstream cut it, not the gateway
        response.socket?.destroy();
        break;
      }
      case 'deep-sse':
      case 'deep-json': {
        const deep = `${'['.repeat(size)}${']'.repeat(size)}`;
        const text = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"deep"}],"deep":${deep}}}`;
        if (fault === 'deep-sse') sse();
        else response.writeHead(200, { 'content-type': 'application/json' });
        call.complete = true;
        end(response, call, fault === 'deep-sse' ? `event: message\ndata: ${text}\n\n` : text);
        break;
      }
      case 'empty-json': {
        response.writeHead(200, { 'content-type': 'application/json' });
        call.complete = true;
        end(response, call);
        break;
      }
      case 'garbage':
      case 'garbage-init': {
        response.writeHead(200, { 'content-type': 'application/json' });
        call.complete = true;
        end(response, call, GARBAGE);
        break;
      }
    }
    wake();
  }

  /** Streamable HTTP: POST /mcp[/<fault>…]. */
  function streamable(request: IncomingMessage, response: ServerResponse) {
    const path = faultOfPath(request.url);
    if (request.method === 'DELETE') {
      response.writeHead(200).end();
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST, DELETE' }).end();
      return;
    }
    readBody(request).then(
      (text) => {
        let message: Message;
        try {
          message = JSON.parse(text) as Message;
        } catch {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }),
          );
          return;
        }
        if (Array.isArray(message) || message.id === undefined || typeof message.method !== 'string') {
          response.writeHead(202).end();
          return;
        }
        const call = message as Request;
        if (call.method === 'initialize') {
          if (path.fault === 'garbage-init') {
            void answer(response, call, 'garbage-init', 0, 0);
            return;
          }
          initializes++;
          response.writeHead(200, {
            'content-type': 'application/json',
            'mcp-session-id': `faulty-${randomBytes(8).toString('hex')}`,
          });
          response.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: INITIALIZE_RESULT }));
          return;
        }
        let fault: Fault = path.fault ?? 'ok';
        let { size, pace } = path;
        if (path.fault === undefined && call.method === 'tools/call' && isFault(call.params?.name)) {
          fault = call.params.name;
          size = Number(call.params.arguments?.size ?? 0) || 0;
          pace = Number(call.params.arguments?.paceMs ?? 0) || 0;
        }
        void answer(response, call, fault, size, pace).catch(() => response.destroy());
      },
      () => response.destroy(),
    );
  }

  /** Legacy HTTP+SSE: GET /sse/<fault>… opens the event stream, POST /messages/<id> sends to it. */
  function legacy(request: IncomingMessage, response: ServerResponse) {
    const path = faultOfPath(request.url);
    if (path.kind === 'sse' && request.method === 'GET') {
      const id = randomBytes(8).toString('hex');
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write(`event: endpoint\ndata: /messages/${id}\n\n`);
      legacyStreams.set(id, { response, fault: path.fault ?? 'ok', size: path.size, pace: path.pace });
      response.once('close', () => legacyStreams.delete(id));
      return;
    }
    const connection = path.kind === 'messages' ? legacyStreams.get(path.second ?? '') : undefined;
    if (request.method !== 'POST' || connection === undefined) {
      response.writeHead(404).end();
      return;
    }
    readBody(request).then(
      (text) => {
        response.writeHead(202).end();
        let message: Message;
        try {
          message = JSON.parse(text) as Message;
        } catch {
          return;
        }
        if (message.id === undefined || typeof message.method !== 'string') return;
        const call = newCall(
          message as Request,
          message.method === 'initialize' ? 'ok' : connection.fault,
          'sse',
        );
        const events = connection.response;
        watchClose(events, call);
        if (message.method === 'initialize' || connection.fault !== 'long-sse') {
          const result = message.method === 'initialize' ? INITIALIZE_RESULT : okResult(message);
          void write(events, call, sseEvent({ jsonrpc: '2.0', id: message.id, result })).then(() => {
            call.complete = true;
            wake();
          });
          return;
        }
        const parts = {
          head: `event: message\ndata: ${resultHead(message.id)}`,
          size: connection.size,
          tail: '',
        };
        void stream(events, call, { ...parts, paceMs: connection.pace }).then((done) => {
          call.complete = done;
          wake();
        });
      },
      () => response.destroy(),
    );
  }

  const server: Server = createServer((request, response) => {
    const { kind } = faultOfPath(request.url);
    if (kind === 'sse' || kind === 'messages') legacy(request, response);
    else streamable(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const pathOf = (fault: Fault, size?: number, paceMs?: number) =>
    [
      fault,
      ...(size !== undefined ? [String(size)] : []),
      ...(paceMs !== undefined ? [String(paceMs)] : []),
    ].join('/');

  return {
    origin,
    url: (fault, size, paceMs) =>
      fault === undefined ? `${origin}/mcp` : `${origin}/mcp/${pathOf(fault, size, paceMs)}`,
    legacyUrl: (fault, size, paceMs) => `${origin}/sse/${pathOf(fault, size, paceMs)}`,
    calls,
    get initializes() {
      return initializes;
    },
    waitFor(predicate, timeoutMs, what = 'an upstream call') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.find(predicate);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = calls.map(
            (c) =>
              `${c.transport} ${c.fault} ${c.method} ${String(c.id)} written=${c.written} complete=${c.complete} closedByPeer=${c.closedByPeer}`,
          );
          reject(new Error(`no ${what} within ${timeoutMs} ms; calls: ${JSON.stringify(seen)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toolList() {
  return FAULTS.map((name) => ({
    name,
    description: `answers with the "${name}" fault`,
    inputSchema: { type: 'object', properties: { size: { type: 'number' }, paceMs: { type: 'number' } } },
  }));
}

function okResult(message: Message) {
  if (message.method === 'tools/call') return { content: [{ type: 'text', text: 'ok' }] };
  return {};
}
