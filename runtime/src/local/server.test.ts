/**
 * What only the node:http adapter does (the rest is in `adapters.contract.test.ts`): the body size limit,
 * answers for a failing core, and the server's own timeouts — which must not cut a quiet streamed answer.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { createLocalServer, type LocalServerOptions } from './server.js';

function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

type Core = (request: HttpRequest) => Promise<HttpResponse>;

async function serve(core: Core, options: Partial<LocalServerOptions> = {}): Promise<number> {
  const server = createLocalServer({
    gateway: core,
    management: core,
    maxBodyBytes: 1024,
    log: () => undefined,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as AddressInfo).port;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

function send(port: number, path: string, init: { method?: string; body?: string } = {}): Promise<Reply> {
  return within(
    new Promise((resolve, reject) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'POST',
      });
      request.once('error', reject);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      request.end(init.body);
    }),
    `${path} to answer`,
  );
}

/** A raw connection: what it receives, and when the server closes it. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
  });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  closers.push(async () => {
    socket.destroy();
  });
  return { socket, closed, received: () => received };
}

const untouched: Core = () => Promise.reject(new Error('the core must not be called'));

describe('shutting down (drain)', () => {
  it('answers what is under way, ends each connection after it, refuses a new stream and lets close() finish', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reached: string[] = [];
    const server = createLocalServer({
      gateway: async (request) => {
        reached.push(`${request.method} ${request.path}`);
        if (request.path === '/healthz')
          return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'GET /healthz answered' };
        if (request.path === '/oauth/callback') {
          await released; // a sign-in's callback, its code spent at the identity provider already
          return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'signed in' };
        }
        if (request.method === 'GET')
          return {
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
            body: (async function* () {
              yield 'data: open\n\n';
              await new Promise(() => undefined); // a stream that never ends by itself
            })(),
          };
        if (request.path === '/mcp/streamed')
          return {
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
            body: (async function* () {
              yield 'data: 1\n\n';
              await released;
              yield 'data: 2\n\n';
            })(),
          };
        await released;
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
      },
      management: untouched,
      maxBodyBytes: 1024,
      log: () => undefined,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      server.closeAllConnections();
    });
    const port = (server.address() as AddressInfo).port;
    const post = (path: string) => `POST ${path} HTTP/1.1\r\nHost: local\r\nContent-Length: 2\r\n\r\n{}`;
    const stream = rawConnection(port); // a server→client stream, open before
    stream.socket.write('GET /mcp/up HTTP/1.1\r\nHost: local\r\n\r\n');
    const whole = rawConnection(port); // an answer not begun yet
    whole.socket.write(post('/mcp/whole'));
    const streamed = rawConnection(port); // an answer begun, then a stream asked for on the same connection
    streamed.socket.write(post('/mcp/streamed'));
    const health = rawConnection(port);
    health.socket.write(post('/mcp/streamed'));
    const callback = rawConnection(port); // a GET under way that is no MCP stream
    callback.socket.write('GET /oauth/callback?code=c HTTP/1.1\r\nHost: local\r\n\r\n');
    await within(
      (async () => {
        while (!(stream.received().includes('data: open') && streamed.received().includes('data: 1')))
          await sleep(10);
        while (!health.received().includes('data: 1') || reached.length < 5) await sleep(10);
      })(),
      'the requests under way',
    );
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.drain();
    await within(stream.closed, 'the open stream to end');
    streamed.socket.write('GET /mcp/up HTTP/1.1\r\nHost: local\r\n\r\n');
    // a health check is told at once (the balancer sends no more), by the adapter itself
    health.socket.write('GET /healthz HTTP/1.1\r\nHost: local\r\n\r\n');
    await sleep(50);
    release();
    await within(
      Promise.all([whole.closed, streamed.closed, health.closed, callback.closed]),
      'the connections to close',
    );
    expect(callback.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(callback.received()).toContain('signed in');
    await within(closed, 'close() to finish');
    expect(whole.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(whole.received().toLowerCase()).toContain('connection: close');
    expect(whole.received()).toContain('{"ok":true}');
    const [, checked] = health.received().split(/(?=HTTP\/1\.1 )/);
    expect(checked).toMatch(/^HTTP\/1\.1 503 /);
    expect(checked).toContain('{"status":"shutting_down"}');
    expect(reached).not.toContain('GET /healthz');
    const [first, second] = streamed.received().split(/(?=HTTP\/1\.1 )/);
    expect(first).toContain('data: 2');
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second?.toLowerCase()).toContain('connection: close');
    expect(second).toContain('"shutting_down"');
    // the stream asked for while shutting down never reached the core
    expect(reached.filter((r) => r === 'GET /mcp/up')).toHaveLength(1);
  });
});

describe('the body size limit', () => {
  it('sends a large text answer whole, its Content-Length (a HEAD answer too) counting UTF-8 bytes', async () => {
    // over the length from which the adapter encodes a text itself, with two- and four-byte characters
    const text = `{"text":"${'é𝄞a'.repeat(40_000)}"}`;
    const port = await serve(async () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: text,
    }));
    const reply = await send(port, '/mcp/x', { body: '{}' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(reply.text).toBe(text);
    // HEAD: no body, the length of the GET's
    const head = await send(port, '/v1/servers', { method: 'HEAD' });
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(head.text).toBe('');
  });

  it('takes the client address from X-Forwarded-For only behind as many proxies as it is told', async () => {
    const seen: (string | undefined)[] = [];
    const core: Core = async (request) => {
      seen.push(request.sourceIp);
      return { status: 204, headers: {} };
    };
    const ask = (port: number, forwardedFor?: string) =>
      within(
        new Promise<void>((resolve, reject) => {
          const request = httpRequest({
            host: '127.0.0.1',
            port,
            path: '/mcp/x',
            method: 'GET',
            headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
          });
          request.once('error', reject);
          request.once('response', (response) => response.resume().once('end', resolve));
          request.end();
        }),
        'an answer',
      );
    const direct = await serve(core);
    await ask(direct, '203.0.113.9');
    const behindOne = await serve(core, { trustedProxies: 1 });
    // what the client wrote itself is left of what the load balancer added
    await ask(behindOne, '198.51.100.66, 203.0.113.9');
    await ask(behindOne); // not through the proxy after all: the connection's own
    await ask(behindOne, 'not-an-address');
    const behindTwo = await serve(core, { trustedProxies: 2 });
    await ask(behindTwo, '198.51.100.66, 203.0.113.9, 10.0.0.7');
    // balancers that add the port
    await ask(behindOne, '203.0.113.9:5678');
    await ask(behindOne, '[2001:db8::1]:443');
    expect(seen).toEqual([
      '127.0.0.1',
      '203.0.113.9',
      '127.0.0.1',
      '127.0.0.1',
      '203.0.113.9',
      '203.0.113.9',
      '2001:db8::1',
    ]);
  });

  it('answers 413 with a JSON-RPC error on /mcp, without calling the core', async () => {
    const port = await serve(untouched);
    const reply = await send(port, '/mcp/everything', { body: 'x'.repeat(2048) });
    expect(reply.status).toBe(413);
    expect(reply.headers['content-type']).toBe('application/json');
    // the rest of the body was read and dropped: the connection may carry the next request
    expect(reply.headers.connection).toBe('keep-alive');
    expect(JSON.parse(reply.text)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: 'The request body exceeds 1024 bytes.',
        data: { code: 'payload_too_large' },
      },
    });
  });

  it('reads the rest of a body over the limit after its 413, so that its client is not reset mid-send', async () => {
    const port = await serve(untouched);
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
    });
    const ended = new Promise<string>((resolve) => socket.once('close', () => resolve('closed')));
    const answers = (count: number) =>
      within(
        (async () => {
          while ((received.match(/HTTP\/1\.1 413/g) ?? []).length < count || !received.endsWith('}'))
            await new Promise((resolve) => setTimeout(resolve, 5));
        })(),
        'the 413',
      );
    const body = 'x'.repeat(2_000_000);
    const head = `POST /mcp/everything HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    // a client that sends its whole body before it reads: the answer comes while it is still sending
    socket.write(head + body.slice(0, 10_000));
    await answers(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(body.slice(10_000));
    // the connection carried the whole body and goes on: the next request is answered on it
    socket.write(head + body);
    await answers(2);
    expect(received).not.toContain('connection: close');
    socket.end();
    expect(await ended).toBe('closed');
  });

  it('stops reading the rest of a refused body before the request times out: one answer, then the end', async () => {
    const port = await serve(untouched, {
      timeouts: { headersMs: 1_000, requestMs: 3_000, idleMs: 5_000, keepAliveMs: 5_000 },
    });
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    // a client that stalls after a little of its body: it is let go before the request's timeout
    socket.write(
      `POST /mcp/everything HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n${'x'.repeat(10_000)}`,
    );
    await within(closed, 'the connection’s end', 4_500);
    expect(received.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 413']);
  });

  it('answers 413 on /v1 as the management API answers its errors: a problem about the path, not cached', async () => {
    const port = await serve(untouched);
    const reply = await send(port, '/v1/servers', { body: 'x'.repeat(2048) });
    expect(reply.status).toBe(413);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(reply.text)).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      detail: 'The request body exceeds 1024 bytes.',
      instance: '/v1/servers',
    });
  });

  it('answers 413 in OAuth’s shape on the authorization server’s routes, as the core does', async () => {
    const port = await serve(untouched);
    const reply = await send(port, '/oauth/token', { body: 'x'.repeat(2048) });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toEqual({
      error: 'invalid_request',
      error_description: 'The request body exceeds 1024 bytes.',
    });
  });

  it('refuses a body said to be over the limit before it is sent (Expect: 100-continue), inviting none', async () => {
    const port = await serve(untouched);
    const answer = await new Promise<{ status: number; invited: boolean; text: string }>(
      (resolve, reject) => {
        let invited = false;
        const request = httpRequest({
          port,
          host: '127.0.0.1',
          path: '/mcp/everything',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(1024 ** 3),
            expect: '100-continue',
          },
        });
        request.once('continue', () => {
          invited = true;
        });
        request.once('response', (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => {
            text += chunk;
          });
          response.once('end', () => {
            resolve({ status: response.statusCode ?? 0, invited, text });
            request.destroy();
          });
        });
        request.once('error', reject);
        request.flushHeaders();
      },
    );
    expect(answer.invited).toBe(false);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.data).toEqual({ code: 'payload_too_large' });
  });

  it('answers 413 with problem+json on /v1', async () => {
    const port = await serve(untouched);
    const reply = await send(port, '/v1/servers?x=1', { body: 'x'.repeat(2048) });
    expect(reply.status).toBe(413);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(reply.text)).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      detail: 'The request body exceeds 1024 bytes.',
    });
  });
});

describe('shutting down', () => {
  it('settles once every handler has finished, one whose connection was cut too', async () => {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let handled = false;
    const core: Core = async () => {
      await finished;
      handled = true;
      return { status: 204, headers: {} };
    };
    const server = createLocalServer({
      gateway: core,
      management: core,
      maxBodyBytes: 1024,
      log: () => undefined,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const asked = httpRequest({ port, host: '127.0.0.1', path: '/v1/sealing/reseal', method: 'POST' });
    asked.on('error', () => undefined);
    asked.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.closeAllConnections(); // the grace is over: the client is cut off
    let settled = false;
    const settling = server.settled().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    finish();
    await settling;
    expect(handled).toBe(true);
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('a failing core', () => {
  it('answers 500 in the route’s error format and logs why', async () => {
    const lines: string[] = [];
    const port = await serve(() => Promise.reject(new Error('boom')), { log: (line) => lines.push(line) });
    const mcp = await send(port, '/mcp/everything', { body: '{}' });
    expect(mcp.status).toBe(500);
    expect(JSON.parse(mcp.text)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32603 } });
    const v1 = await send(port, '/v1/servers', { method: 'GET' });
    expect(v1.status).toBe(500);
    expect(v1.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(v1.text)).toMatchObject({ status: 500, code: 'internal' });
    expect(lines).toEqual([
      'mcp-gateway: POST /mcp/everything failed: Error: boom',
      'mcp-gateway: GET /v1/servers failed: Error: boom',
    ]);
    expect(v1.text).not.toContain('boom');
  });
});

describe('timeouts', () => {
  const timeouts = { headersMs: 300, requestMs: 500, idleMs: 300, keepAliveMs: 300 };

  it('keeps an idle connection open past the other timeouts, and closes it after the keep-alive timeout', async () => {
    const port = await serve(
      async () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }),
      { timeouts: { ...timeouts, keepAliveMs: 3_000 } },
    );
    const client = rawConnection(port);
    const answers = () => client.received().match(/HTTP\/1\.1 200 OK/g)?.length ?? 0;
    const answered = (count: number) =>
      within(
        (async () => {
          while (answers() < count) await sleep(20);
        })(),
        `answer ${count}`,
      );
    const started = Date.now();
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: local\r\n\r\n');
    await answered(1);
    // idle past the header, request and idle timeouts (and the second Node adds to a keep-alive timeout):
    // still the same connection, as a load balancer reusing it expects
    await sleep(1_600);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: local\r\n\r\n');
    await answered(2);
    const closedAt = await within(client.closed, 'the server to close the idle connection');
    expect(closedAt - started).toBeGreaterThanOrEqual(3_000);
  });

  it('closes a connection whose headers never finish (408)', async () => {
    const port = await serve(untouched, { timeouts });
    const client = rawConnection(port);
    const started = Date.now();
    client.socket.write('POST /mcp/everything HTTP/1.1\r\nHost: local\r\nContent-Type: app');
    const closedAt = await within(client.closed, 'the server to close the connection');
    expect(closedAt - started).toBeGreaterThanOrEqual(timeouts.headersMs - 50);
    expect(closedAt - started).toBeLessThan(timeouts.headersMs + 1_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('closes a connection whose body stalls (408), without calling the core', async () => {
    const port = await serve(untouched, { timeouts });
    const client = rawConnection(port);
    const started = Date.now();
    client.socket.write(
      'POST /mcp/everything HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":',
    );
    const closedAt = await within(client.closed, 'the server to close the connection');
    expect(closedAt - started).toBeGreaterThanOrEqual(timeouts.requestMs - 50);
    expect(closedAt - started).toBeLessThan(timeouts.requestMs + 1_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('does not cut a streamed answer that stays quiet longer than every timeout, on a kept-alive connection', async () => {
    const quietMs = 1_500;
    const port = await serve(
      async (request) => {
        if (request.path === '/healthz')
          return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
        return {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
          body: (async function* () {
            yield 'data: 1\n\n';
            await sleep(quietMs);
            yield 'data: 2\n\n';
          })(),
        };
      },
      { timeouts },
    );
    const client = rawConnection(port);
    const until = (pattern: RegExp, what: string) =>
      within(
        (async () => {
          while (!pattern.test(client.received())) await sleep(20);
        })(),
        what,
      );
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: local\r\n\r\n');
    await until(/\r\n\r\nok$/, 'the first answer');
    await sleep(timeouts.idleMs / 5); // idle, but well within the keep-alive timeout on a busy machine
    client.socket.write('POST /mcp/everything HTTP/1.1\r\nHost: local\r\nContent-Length: 2\r\n\r\n{}');
    await until(/data: 2\n\n\r\n0\r\n\r\n$/, 'the end of the streamed answer');
    const second = client.received().slice(client.received().indexOf('ok') + 2);
    expect(second).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(second).toContain('\r\n\r\n9\r\ndata: 1\n\n\r\n9\r\ndata: 2\n\n\r\n0\r\n\r\n');
  });

  it('gives a client that reads in bursts every event of a fast stream, in order', async () => {
    // events come many per turn (written together) and faster than the client reads: the server waits
    // for the client to drain each time, and never mistakes a drain it missed for a stalled client
    const events = 20_000;
    const event = (n: number) => `data: ${String(n).padStart(6, '0')} ${'x'.repeat(400)}\n\n`;
    const port = await serve(
      async () => ({
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: (async function* () {
          for (let n = 0; n < events; n++) {
            if (n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
            yield event(n);
          }
        })(),
      }),
      { timeouts },
    );
    const client = rawConnection(port);
    client.socket.write('GET /mcp/everything HTTP/1.1\r\nHost: local\r\n\r\n');
    // reads in bursts: paused for a while (shorter than the idle timeout), then for a moment not
    const bursts = setInterval(() => {
      client.socket.pause();
      setTimeout(() => client.socket.resume(), timeouts.idleMs / 3);
    }, timeouts.idleMs / 2);
    try {
      await within(
        (async () => {
          while (!client.received().endsWith('\r\n0\r\n\r\n')) await sleep(20);
        })(),
        'the end of the stream',
        20_000,
      );
    } finally {
      clearInterval(bursts);
    }
    const body = client.received().slice(client.received().indexOf('\r\n\r\n') + 4);
    const data = body.match(/data: \d{6}/g) ?? [];
    expect(data).toHaveLength(events);
    expect(data.every((line, n) => line === `data: ${String(n).padStart(6, '0')}`)).toBe(true);
  });

  it.each([
    ['binary chunks, without end', 'binary', Number.POSITIVE_INFINITY],
    ['text chunks, without end (written in batches)', 'text', Number.POSITIVE_INFINITY],
    ['text chunks, then quiet', 'text', 256],
  ] as const)(
    'drops a client that stops reading a streamed answer of %s, ending the stream behind it',
    async (_, kind, count) => {
      let produced = 0;
      let ended!: () => void;
      const streamEnded = new Promise<void>((resolve) => {
        ended = resolve;
      });
      let signal: AbortSignal | undefined;
      const binary = new Uint8Array(64 * 1024).fill(0x61);
      const text = 'a'.repeat(64 * 1024);
      const port = await serve(
        async (request) => {
          signal = request.signal;
          return {
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
            body: (async function* () {
              try {
                while (produced < count) {
                  produced += 1;
                  yield kind === 'binary' ? binary : text;
                }
                // an upstream that goes quiet: only the client's going away ends this
                await new Promise<void>((resolve) =>
                  request.signal?.addEventListener('abort', () => resolve()),
                );
              } finally {
                ended();
              }
            })(),
          };
        },
        { timeouts },
      );
      const client = rawConnection(port);
      client.socket.pause(); // reads nothing: the answer backs up to the server
      client.socket.write('GET /mcp/everything HTTP/1.1\r\nHost: local\r\n\r\n');
      await within(streamEnded, 'the stream to end after the idle timeout');
      expect(signal?.aborted).toBe(true);
      client.socket.resume(); // what was buffered, then the end of a connection the server closed
      await within(client.closed, 'the connection to close');
      // backpressure: production stopped at what the socket buffers hold (a few MB), not unbounded
      expect(produced).toBeLessThan(500);
    },
  );

  it('drops a client that stops reading a whole (not streamed) answer after the idle timeout', async () => {
    const body = 'a'.repeat(16 * 1024 * 1024);
    const port = await serve(
      async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body }),
      {
        timeouts,
      },
    );
    const client = rawConnection(port);
    client.socket.pause(); // reads nothing: most of the answer stays with the server
    client.socket.write('GET /mcp/everything HTTP/1.1\r\nHost: local\r\n\r\n');
    // well past the idle timeout, the client reads what reached it: the server gave up on the rest
    await new Promise((resolve) => setTimeout(resolve, 1500));
    client.socket.resume();
    await within(client.closed, 'the connection to close');
    expect(client.received().length).toBeLessThan(body.length);
  });
});
