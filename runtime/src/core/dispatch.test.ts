import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from './dispatch.js';
import { OutboundTimeout } from './http-client.js';

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('dispatch', () => {
  let server: Server;
  let origin: string;
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  let connections = 0;
  /** Sockets closed by the far end, as the server sees them. */
  let closedByClient = 0;
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/hello': (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        res.writeHead(201, [
          ['Content-Type', 'text/plain'],
          ['X-Seen', 'a'],
          ['X-Seen', 'b'],
        ]);
        res.end(`${req.method} ${body} ${req.headers['x-test'] ?? ''}`);
      });
    },
    '/informational': (_req, res) => {
      res.writeProcessing(); // a 102 before the answer
      res.end('after 102');
    },
    /** 2 MiB in 1,024 writes, faster than a slow reader takes them. */
    '/large': (_req, res) => {
      const chunk = Buffer.alloc(2048, 'x');
      let sent = 0;
      const more = () => {
        while (sent < 1024) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    },
    /** 200 SSE events, an HTTP chunk each, in bursts of 50 (as an MCP server streams progress). */
    '/events': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const burst = () => {
        for (let i = 0; i < 50; i++) res.write(`data: ${sent++}\n\n`);
        if (sent < 200) setTimeout(burst, 2);
        else res.end();
      };
      burst();
    },
    /** A body chunk, then broken chunk framing, in one write (one socket read for the client). */
    '/broken-framing': (req) => {
      req.socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\nZZZ\r\n');
    },
    /** A stream that sends one chunk and then nothing. */
    '/stall': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('first');
      req.socket.once('close', () => closedByClient++);
    },
    /** 128 KiB at once, then nothing. */
    '/stall-after-burst': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(128 * 1024, 'y'));
    },
    /** Headers that never come. */
    '/silent': () => {},
  };

  beforeAll(async () => {
    server = createServer((req, res) => routes[req.url ?? '']?.(req, res));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await agent.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const never = new AbortController().signal;

  it('answers status, lower-case headers (repeats joined) and the body, and reuses the connection', async () => {
    const before = connections;
    for (const body of ['one', 'two']) {
      const response = await dispatch(agent, {
        origin,
        path: '/hello',
        method: 'POST',
        headers: { 'x-test': 'yes', 'content-type': 'text/plain' },
        body,
        signal: never,
      });
      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('text/plain');
      expect(response.headers['x-seen']).toBe('a, b');
      expect(await text(response.body)).toBe(`POST ${body} yes`);
      await new Promise((resolve) => setTimeout(resolve, 20)); // the pool takes the connection back
    }
    expect(connections - before).toBe(1);
  });

  it('hands over a body that arrived whole at once, and only one that nobody began to read', async () => {
    const whole = await dispatch(agent, {
      origin,
      path: '/hello',
      method: 'POST',
      headers: {},
      body: 'w',
      signal: never,
    });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the rest of the answer (here: all of it) comes in
    const chunks = whole.takeWhole?.();
    expect(Buffer.concat(chunks ?? []).toString()).toBe('POST w ');
    expect(whole.takeWhole?.()).toBeUndefined(); // taken once
    expect(await text(whole.body)).toBe(''); // the body reads as ended
    const begun = await dispatch(agent, {
      origin,
      path: '/hello',
      method: 'POST',
      headers: {},
      body: 'b',
      signal: never,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const first = await begun.body[Symbol.asyncIterator]().next();
    expect(Buffer.from(first.value as Uint8Array).toString()).toBe('POST b ');
    expect(begun.takeWhole?.()).toBeUndefined(); // reading began: the rest is the reader's
    const stalled = await dispatch(agent, {
      origin,
      path: '/stall',
      method: 'GET',
      headers: {},
      signal: never,
    });
    expect(stalled.takeWhole?.()).toBeUndefined(); // more is to come
    const reading = stalled.body[Symbol.asyncIterator]();
    await reading.next();
    await reading.return?.();
  });

  it('passes over informational answers', async () => {
    const response = await dispatch(agent, {
      origin,
      path: '/informational',
      method: 'GET',
      headers: {},
      signal: never,
    });
    expect(response.status).toBe(200);
    expect(await text(response.body)).toBe('after 102');
  });

  it('delivers a large body whole to a slow reader (the parser pauses and resumes)', async () => {
    const response = await dispatch(agent, {
      origin,
      path: '/large',
      method: 'GET',
      headers: {},
      signal: never,
    });
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size % (256 * 1024) < chunk.length) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(size).toBe(2 * 1024 * 1024);
  });

  it('hands a reader the chunks of one socket read in one step, in order', async () => {
    const response = await dispatch(agent, {
      origin,
      path: '/events',
      method: 'GET',
      headers: {},
      signal: never,
    });
    const reads: string[] = [];
    for await (const chunk of response.body) reads.push(Buffer.from(chunk).toString('utf8'));
    expect(reads.join('')).toBe(Array.from({ length: 200 }, (_, i) => `data: ${i}\n\n`).join(''));
    // 200 HTTP chunks in four bursts: a read per burst (or a few), not one per chunk
    expect(reads.length).toBeLessThan(40);
  });

  it('hands over what came before a broken frame in the same read, then fails', async () => {
    const response = await dispatch(agent, {
      origin,
      path: '/broken-framing',
      method: 'GET',
      headers: {},
      signal: never,
    });
    const iterator = response.body[Symbol.asyncIterator]();
    expect(Buffer.from((await iterator.next()).value as Uint8Array).toString()).toBe('hello');
    await expect(iterator.next()).rejects.toThrow();
  });

  it('rejects with the signal reason when aborted before the headers, or at once when already aborted', async () => {
    const controller = new AbortController();
    const pending = dispatch(agent, {
      origin,
      path: '/silent',
      method: 'GET',
      headers: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('deadline passed')), 20);
    await expect(pending).rejects.toThrow('deadline passed');
    const aborted = AbortSignal.abort(new Error('too late'));
    await expect(
      dispatch(agent, { origin, path: '/hello', method: 'GET', headers: {}, signal: aborted }),
    ).rejects.toThrow('too late');
  });

  it('fails with OutboundTimeout when the headers, or the rest of the body, take longer than timeoutMs', async () => {
    const started = performance.now();
    const silent = dispatch(agent, {
      origin,
      path: '/silent',
      method: 'GET',
      headers: {},
      signal: never,
      timeoutMs: 50,
    });
    const error = await silent.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundTimeout);
    expect((error as OutboundTimeout).timeoutMs).toBe(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    const response = await dispatch(agent, {
      origin,
      path: '/stall',
      method: 'GET',
      headers: {},
      signal: never,
      timeoutMs: 80,
    });
    const body = response.body[Symbol.asyncIterator]();
    expect(Buffer.from((await body.next()).value as Uint8Array).toString()).toBe('first');
    await expect(body.next()).rejects.toBeInstanceOf(OutboundTimeout);
  });

  it('never sends a request whose timeout ran out, or whose client left, before its connection was up', async () => {
    let received = 0;
    routes['/count'] = (_req, res) => {
      received++;
      res.end('ran');
    };
    // a connection that takes 150 ms to come up (a slow TLS handshake, a lost SYN)
    const { buildConnector } = await import('undici');
    const connect = buildConnector({});
    const slow = new Agent({
      connect: (options, done) => void setTimeout(() => connect(options, done), 150),
    });
    try {
      const timedOut = dispatch(slow, {
        origin,
        path: '/count',
        method: 'POST',
        headers: {},
        signal: never,
        timeoutMs: 30,
      });
      await expect(timedOut).rejects.toBeInstanceOf(OutboundTimeout);
      const controller = new AbortController();
      const left = dispatch(slow, {
        origin,
        path: '/count',
        method: 'POST',
        headers: {},
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error('client left')), 30);
      await expect(left).rejects.toThrow('client left');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toBe(0);
      // the agent still works
      const response = await dispatch(slow, {
        origin,
        path: '/count',
        method: 'POST',
        headers: {},
        signal: never,
      });
      expect(await text(response.body)).toBe('ran');
      expect(received).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('fails the waiting read when aborted mid-body', async () => {
    const controller = new AbortController();
    const response = await dispatch(agent, {
      origin,
      path: '/stall',
      method: 'GET',
      headers: {},
      signal: controller.signal,
    });
    const body = response.body[Symbol.asyncIterator]();
    expect(Buffer.from((await body.next()).value as Uint8Array).toString()).toBe('first');
    const waiting = body.next();
    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
  });

  it('relays nothing it buffered once aborted, and refuses a second read while one waits', async () => {
    const controller = new AbortController();
    const response = await dispatch(agent, {
      origin,
      path: '/stall-after-burst',
      method: 'GET',
      headers: {},
      signal: controller.signal,
    });
    const body = response.body[Symbol.asyncIterator]();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the burst is buffered, unread
    controller.abort(new Error('deadline passed'));
    await expect(body.next()).rejects.toThrow('deadline passed');
    const other = await dispatch(agent, {
      origin,
      path: '/stall',
      method: 'GET',
      headers: {},
      signal: never,
    });
    const reader = other.body[Symbol.asyncIterator]();
    await reader.next();
    const waiting = reader.next();
    await expect(reader.next()).rejects.toThrow('already being read');
    await reader.return?.();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });

  it('closes the connection when the reader stops early', async () => {
    const before = closedByClient;
    const response = await dispatch(agent, {
      origin,
      path: '/stall',
      method: 'GET',
      headers: {},
      signal: never,
    });
    const body = response.body[Symbol.asyncIterator]();
    await body.next();
    await body.return?.();
    await expect.poll(() => closedByClient - before).toBe(1);
    expect(await body.next()).toEqual({ done: true, value: undefined });
  });

  it('rejects what undici refuses to send', async () => {
    await expect(
      dispatch(agent, {
        origin,
        path: '/hello',
        method: 'GET',
        headers: { 'bad header': 'x' },
        signal: never,
      }),
    ).rejects.toThrow();
  });
});
