/**
 * The adapter contract: the local runner's node:http adapter and the Lambda entry points' API Gateway event
 * adapter hand the core the same request for the same HTTP request, and give the client the same answer
 * for the same core response (complete or streamed), including when the client goes away mid-stream.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { fromApiGatewayEvent, toStreamingResult } from '../lambda/event.js';
import { createLocalServer } from './server.js';

/** Bounds every wait of these tests. */
function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function append(map: Record<string, string[]>, name: string, value: string): void {
  map[name] = [...(Object.hasOwn(map, name) ? map[name]! : []), value];
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const untilAborted = (signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (signal === undefined || signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });

// ——— the fake core: records what it received, answers by path ———

let received: HttpRequest[] = [];
let release = deferred();
let streamEnded = deferred();

const bytes = (text: string) => new TextEncoder().encode(text);
const splitEmoji = bytes('data: é✓😀\n\n');

async function core(request: HttpRequest): Promise<HttpResponse> {
  received.push(request);
  if (request.path === '/mcp/stream') {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      body: (async function* () {
        yield 'data: one\n\n';
        await release.promise; // the client must have the first event before the next is produced
        yield splitEmoji.slice(0, 10); // ends inside the ✓
        yield splitEmoji.slice(10);
      })(),
    };
  }
  if (request.path === '/mcp/quiet') {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: (async function* () {
        yield 'data: one\n\n';
        await new Promise((resolve) => setTimeout(resolve, 5 * KEEP_ALIVE_MS));
        yield 'data: two\n\n';
      })(),
    };
  }
  if (request.path === '/mcp/hold') {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: (async function* () {
        try {
          yield 'data: first\n\n';
          await untilAborted(request.signal); // an upstream that has nothing more to say yet
          yield 'data: never read\n\n';
        } finally {
          streamEnded.resolve();
        }
      })(),
    };
  }
  return {
    status: 201,
    headers: { 'content-type': 'application/json', 'x-echo': 'yes' },
    body: JSON.stringify({ path: request.path, body: request.body ?? null }),
  };
}

// ——— the two adapters, driven the same way ———

interface RequestCase {
  name: string;
  method: string;
  /** Path and query as on the request line. */
  target: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  /** API Gateway delivers the body base64-encoded (a binary media type). */
  binary?: boolean;
  expected: Pick<
    HttpRequest,
    'method' | 'path' | 'query' | 'repeatedQuery' | 'body' | 'malformedText' | 'headers'
  >;
}

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The response body as the client receives it. */
  chunks: AsyncIterable<Buffer>;
  /** The client goes away. */
  close(): void;
}

interface Adapter {
  name: string;
  send(request: RequestCase): Promise<Exchange>;
}

let port = 0;
/** How often both adapters comment a quiet event stream here (short, to see it happen). */
const KEEP_ALIVE_MS = 100;
const server = createLocalServer({
  gateway: core,
  management: core,
  maxBodyBytes: 1024 * 1024,
  streamKeepAliveMs: KEEP_ALIVE_MS,
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const nodeHttp: Adapter = {
  name: 'node:http (local runner)',
  send(c) {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string[]> = {};
      for (const [name, value] of c.headers) append(headers, name, value);
      const request = httpRequest({ host: '127.0.0.1', port, method: c.method, path: c.target, headers });
      request.once('error', reject);
      request.once('response', (response) =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          chunks: response,
          close: () => request.destroy(),
        }),
      );
      if (c.body !== undefined) {
        // two writes that split the body inside a multi-byte character: decoding must wait for all of it
        request.write(c.body.subarray(0, c.body.length - 2));
        request.write(c.body.subarray(c.body.length - 2));
      }
      request.end();
    });
  },
};

/** The event API Gateway (REST API, Lambda proxy integration) sends for the request. */
function apiGatewayEvent(c: RequestCase): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of c.headers) {
    headers[name] = value; // the single-value map keeps the last one
    append(multiValueHeaders, name, value);
  }
  const queryAt = c.target.indexOf('?');
  const path = queryAt >= 0 ? c.target.slice(0, queryAt) : c.target;
  const params = new URLSearchParams(queryAt >= 0 ? c.target.slice(queryAt + 1) : '');
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of params) {
    query[name] = value;
    append(multiQuery, name, value);
  }
  const hasQuery = params.size > 0;
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: c.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    body: c.body === undefined ? null : c.body.toString(c.binary ? 'base64' : 'utf8'),
    isBase64Encoded: c.binary === true,
    requestContext: {
      httpMethod: c.method,
      path: `/prod${path}`,
      stage: 'prod',
      resourcePath: '/{proxy+}',
      requestId: 'contract-test',
      identity: { sourceIp: '127.0.0.1', userAgent: null },
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

const apiGateway: Adapter = {
  name: 'API Gateway event (Lambda)',
  async send(c) {
    // as in lambda/gateway.ts: the abort is fired when Lambda's response stream closes early
    const abort = new AbortController();
    const result = toStreamingResult(
      await core(fromApiGatewayEvent(apiGatewayEvent(c), abort.signal)),
      abort,
      KEEP_ALIVE_MS,
    );
    const { body } = result;
    return {
      status: result.statusCode,
      headers: result.headers,
      chunks:
        typeof body === 'string'
          ? (async function* () {
              yield Buffer.from(body);
            })()
          : (body as AsyncIterable<Buffer>),
      close: () => (body as Readable).destroy(),
    };
  },
};

const cases: RequestCase[] = [
  {
    name: 'a query with a repeated name (the last value wins) and encoded characters',
    method: 'GET',
    target: '/mcp/echo?a=1&a=2&b=x%20y%2Bz&empty=',
    headers: [['Accept', 'text/event-stream']],
    expected: {
      method: 'GET',
      path: '/mcp/echo',
      query: { a: '2', b: 'x y+z', empty: '' },
      repeatedQuery: ['a'],
      body: undefined,
      headers: { accept: 'text/event-stream' },
    },
  },
  {
    name: 'repeated headers joined with ", ", names lower-cased',
    method: 'POST',
    target: '/mcp/echo',
    headers: [
      ['Content-Type', 'application/json'],
      ['X-Trace', 'one'],
      ['X-Trace', 'two'],
      ['MCP-Protocol-Version', '2025-11-25'],
      // names an object's prototype has are headers like any other
      ['Constructor', 'c'],
      ['toString', 't1'],
      ['toString', 't2'],
    ],
    body: Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}'),
    expected: {
      method: 'POST',
      path: '/mcp/echo',
      query: {},
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      headers: {
        'content-type': 'application/json',
        'x-trace': 'one, two',
        'mcp-protocol-version': '2025-11-25',
        constructor: 'c',
        tostring: 't1, t2',
      },
    },
  },
  {
    name: 'a UTF-8 text body with multi-byte characters',
    method: 'POST',
    target: '/mcp/echo',
    headers: [['Content-Type', 'application/json; charset=utf-8']],
    body: Buffer.from('{"text":"héllo ✓ 😀"}'),
    expected: {
      method: 'POST',
      path: '/mcp/echo',
      query: {},
      body: '{"text":"héllo ✓ 😀"}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
  },
  {
    name: 'a body API Gateway base64-encodes (binary media type)',
    method: 'PUT',
    target: '/v1/things/1',
    headers: [['Content-Type', 'application/octet-stream']],
    body: Buffer.from('ünïcödé ✓ 😀'),
    binary: true,
    expected: {
      method: 'PUT',
      path: '/v1/things/1',
      query: {},
      body: 'ünïcödé ✓ 😀',
      headers: { 'content-type': 'application/octet-stream' },
    },
  },
  {
    name: 'a body of bytes that are no UTF-8, replaced and said to be',
    method: 'POST',
    target: '/v1/things',
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), // {"a":"\xe9"}
    binary: true,
    expected: {
      method: 'POST',
      path: '/v1/things',
      query: {},
      body: '{"a":"\ufffd"}',
      malformedText: true,
      headers: { 'content-type': 'application/json' },
    },
  },
  {
    name: 'no body',
    method: 'DELETE',
    target: '/v1/things/1',
    headers: [['Authorization', 'Bearer k']],
    expected: {
      method: 'DELETE',
      path: '/v1/things/1',
      query: {},
      body: undefined,
      headers: { authorization: 'Bearer k' },
    },
  },
];

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(Buffer.from(chunk));
  return Buffer.concat(all);
}

beforeEach(() => {
  received = [];
  release = deferred();
  streamEnded = deferred();
});

describe.each([nodeHttp, apiGateway])('$name', (adapter) => {
  it.each(cases)('delivers $name to the core', async (c) => {
    const exchange = await within(adapter.send(c), 'the response');
    const body = await within(readAll(exchange.chunks), 'the body');

    expect(received).toHaveLength(1);
    const [request] = received as [HttpRequest];
    expect(request.method).toBe(c.expected.method);
    expect(request.path).toBe(c.expected.path);
    expect(request.query).toEqual(c.expected.query);
    expect(request.repeatedQuery).toEqual(c.expected.repeatedQuery);
    expect(request.body).toBe(c.expected.body);
    expect(request.malformedText).toBe(c.expected.malformedText);
    expect(request.headers).toMatchObject(c.expected.headers);
    for (const name of Object.keys(request.headers)) expect(name).toBe(name.toLowerCase());
    expect(request.sourceIp).toBe('127.0.0.1');
    expect(request.signal?.aborted).toBe(false);

    expect(exchange.status).toBe(201);
    expect(exchange.headers).toMatchObject({ 'content-type': 'application/json', 'x-echo': 'yes' });
    expect(JSON.parse(body.toString('utf8'))).toEqual({
      path: c.expected.path,
      body: c.expected.body ?? null,
    });
  });

  it('streams a body chunk by chunk, multi-byte characters split across chunks intact', async () => {
    const exchange = await within(
      adapter.send({ ...cases[0]!, target: '/mcp/stream' }),
      'the response headers',
    );
    expect(exchange.status).toBe(200);
    expect(exchange.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
    });
    const iterator = exchange.chunks[Symbol.asyncIterator]();
    const first = await within(iterator.next(), 'the first event, before the rest is produced');
    expect(Buffer.from(first.value as Buffer).toString('utf8')).toBe('data: one\n\n');
    release.resolve();
    const rest: Buffer[] = [];
    for (;;) {
      const next = await within(iterator.next(), 'the rest of the stream');
      if (next.done === true) break;
      rest.push(Buffer.from(next.value));
    }
    // (a keep-alive comment may come between the events on a slow run, never inside one)
    expect(Buffer.concat(rest).toString('utf8').replaceAll(': keep-alive\n\n', '')).toBe('data: é✓😀\n\n');
  });

  it('keeps a quiet event stream alive with comments between its events', async () => {
    const exchange = await within(adapter.send({ ...cases[0]!, target: '/mcp/quiet' }), 'the response');
    const chunks: Buffer[] = [];
    for await (const chunk of exchange.chunks) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^data: one\n\n(: keep-alive\n\n)+data: two\n\n$/);
  });

  it('a client going away aborts the signal and ends the stream', async () => {
    const exchange = await within(adapter.send({ ...cases[0]!, target: '/mcp/hold' }), 'the response');
    const iterator = exchange.chunks[Symbol.asyncIterator]();
    const first = await within(iterator.next(), 'the first event');
    expect(Buffer.from(first.value as Buffer).toString('utf8')).toBe('data: first\n\n');
    exchange.close();
    await within(streamEnded.promise, 'the core stream to end');
    expect(received[0]?.signal?.aborted).toBe(true);
  });
});
