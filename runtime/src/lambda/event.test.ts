import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseUrlOf as baseUrlOfRequest } from '../auth/protected-resource.js';
import {
  AFTER_WAIT_MS,
  fromApiGatewayEvent,
  MAX_RESULT_BYTES,
  settledFirst,
  toApiGatewayResult,
  toStreamingResult,
} from './event.js';
import { apiGatewayEvent } from './test-support.js';

const base = apiGatewayEvent;

describe('fromApiGatewayEvent', () => {
  it('lower-cases and joins headers, decodes base64 bodies, keeps the last query value', () => {
    const request = fromApiGatewayEvent(
      base({
        multiValueHeaders: { Accept: ['application/json', 'text/event-stream'], 'X-One': ['1'] },
        headers: { Accept: 'ignored when multi-value headers exist' },
        multiValueQueryStringParameters: { a: ['1', '2'] },
        queryStringParameters: { a: '2', b: '3' },
        body: Buffer.from('{"x":"é"}').toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(request.headers).toEqual({ accept: 'application/json, text/event-stream', 'x-one': '1' });
    expect(request.query).toEqual({ a: '2', b: '3' });
    expect(request.body).toBe('{"x":"é"}');
    expect(request.sourceIp).toBe('10.0.0.1');
  });

  it('takes an HTTP API’s or a function URL’s event (payload format 2.0) as well', () => {
    const v2 = (over: Record<string, unknown> = {}) =>
      ({
        version: '2.0',
        routeKey: '$default',
        rawPath: '/mcp/everything',
        rawQueryString: 'a=1&a=2&b=x%20y',
        cookies: ['s=1', 't=2'],
        headers: { 'Content-Type': 'application/json', accept: 'application/json, text/event-stream' },
        requestContext: {
          domainName: 'abc.lambda-url.eu-west-1.on.aws',
          stage: '$default',
          http: { method: 'POST', path: '/mcp/everything', sourceIp: '198.51.100.9' },
        },
        body: Buffer.from('{"x":"é"}').toString('base64'),
        isBase64Encoded: true,
        ...over,
      }) as unknown as APIGatewayProxyEvent;
    const request = fromApiGatewayEvent(v2());
    expect(request).toMatchObject({
      method: 'POST',
      path: '/mcp/everything',
      query: { a: '2', b: 'x y' },
      repeatedQuery: ['a'],
      body: '{"x":"é"}',
      sourceIp: '198.51.100.9',
      baseUrl: 'https://abc.lambda-url.eu-west-1.on.aws',
    });
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', cookie: 's=1; t=2' });
    // an HTTP API stage other than $default is in the path, and in the URL clients use
    const staged = fromApiGatewayEvent(
      v2({
        rawPath: '/prod/mcp/everything',
        requestContext: {
          domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
          stage: 'prod',
          http: { method: 'GET', path: '/prod/mcp/everything', sourceIp: '198.51.100.9' },
        },
      }),
    );
    expect([staged.method, staged.path, staged.baseUrl]).toEqual([
      'GET',
      '/mcp/everything',
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    ]);
    // a custom domain's base path, as for a REST API
    const mapped = fromApiGatewayEvent(
      v2({
        rawPath: '/gw/mcp/everything',
        requestContext: { domainName: 'gw.example.com', stage: '$default', http: { method: 'POST' } },
      }),
      undefined,
      '/gw',
    );
    expect([mapped.path, mapped.baseUrl]).toEqual(['/mcp/everything', 'https://gw.example.com/gw']);
  });

  it('strips a custom domain’s base path, which API Gateway leaves in the path, and only that', () => {
    const path = (p: string, basePath?: string) =>
      fromApiGatewayEvent(base({ path: p }), undefined, basePath).path;
    expect(path('/gw/mcp/x', '/gw')).toBe('/mcp/x');
    expect(path('/gw', '/gw/')).toBe('/');
    // the stage's own URL (no mapping), and a path that only begins like it
    expect(path('/mcp/x', '/gw')).toBe('/mcp/x');
    expect(path('/gwx/mcp/x', '/gw')).toBe('/gwx/mcp/x');
    expect(path('/gw/mcp/x', undefined)).toBe('/gw/mcp/x');
    expect(path('/gw/mcp/x', '')).toBe('/gw/mcp/x');
    // named as API Gateway's mapping names it, without its slash
    expect(path('/gw/mcp/x', 'gw')).toBe('/mcp/x');
    // through the stage's own URL nothing was mapped, whatever the first segment (a base path named mcp)
    const stage = { domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', stage: 'prod', identity: {} };
    expect(
      fromApiGatewayEvent(base({ path: '/mcp/srv', requestContext: stage as never }), undefined, '/mcp').path,
    ).toBe('/mcp/srv');
    const custom = { domainName: 'gw.example.com', stage: 'prod', identity: {} };
    expect(
      fromApiGatewayEvent(base({ path: '/mcp/mcp/srv', requestContext: custom as never }), undefined, '/mcp')
        .path,
    ).toBe('/mcp/srv');
  });

  it('knows the URL the client called: the stage URL with its stage, a custom domain with its base path', () => {
    const baseUrl = (domainName: string, path: string, basePath?: string) =>
      fromApiGatewayEvent(
        base({ path, requestContext: { domainName, stage: 'prod', identity: {} } as never }),
        undefined,
        basePath,
      ).baseUrl;
    expect(baseUrl('abc123.execute-api.eu-west-1.amazonaws.com', '/mcp/x')).toBe(
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    );
    expect(baseUrl('mcp.example.com', '/gw/mcp/x', '/gw')).toBe('https://mcp.example.com/gw');
    expect(baseUrl('mcp.example.com', '/gw/mcp/x', 'gw/')).toBe('https://mcp.example.com/gw');
    expect(baseUrl('mcp.example.com', '/mcp/x')).toBe('https://mcp.example.com');
    expect(baseUrl('bad host/x', '/mcp/x')).toBeUndefined();
    // what the OAuth metadata and token audiences are built from
    const request = fromApiGatewayEvent(
      base({
        requestContext: { domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', stage: 'prod' } as never,
      }),
    );
    expect(baseUrlOfRequest(request, undefined)).toBe(
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    );
    expect(baseUrlOfRequest(request, 'https://mcp.example.com/')).toBe('https://mcp.example.com');
  });

  it('maps any well-typed event without throwing (property)', () => {
    const headerMap = fc.dictionary(fc.string({ minLength: 1 }), fc.string());
    const event = fc.record({
      httpMethod: fc.constantFrom('GET', 'post', 'DELETE', 'PUT'),
      path: fc.string(),
      headers: headerMap,
      multiValueHeaders: fc.dictionary(fc.string({ minLength: 1 }), fc.array(fc.string())),
      queryStringParameters: fc.option(headerMap, { nil: null }),
      body: fc.option(fc.string(), { nil: null }),
      isBase64Encoded: fc.boolean(),
    });
    fc.assert(
      fc.property(event, (raw) => {
        const request = fromApiGatewayEvent(base(raw as Partial<APIGatewayProxyEvent>));
        expect(request.method).toBe(raw.httpMethod.toUpperCase());
        for (const name of Object.keys(request.headers)) expect(name).toBe(name.toLowerCase());
        if (raw.body === null) expect(request.body).toBeUndefined();
        else if (!raw.isBase64Encoded) expect(request.body).toBe(raw.body);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('responses', () => {
  it('buffers a streamed body for the management API', async () => {
    async function* body() {
      yield 'a';
      yield new TextEncoder().encode('b');
    }
    expect(await toApiGatewayResult({ status: 200, headers: { x: '1' }, body: body() })).toEqual({
      statusCode: 200,
      headers: { x: '1' },
      body: 'ab',
    });
  });

  it('answers HEAD without a body, saying how long the GET’s is', async () => {
    expect(
      await toApiGatewayResult(
        { status: 200, headers: { 'content-type': 'application/json' }, body: '{"é":1}' },
        'HEAD',
      ),
    ).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'content-length': '8' },
      body: '',
    });
  });

  it('streams no body for HEAD either', () => {
    expect(
      toStreamingResult({ status: 200, headers: {}, body: '{"status":"ok"}' }, undefined, undefined, 'HEAD'),
    ).toEqual({
      statusCode: 200,
      headers: { 'content-length': '15' },
      body: '',
    });
  });

  it('answers a problem, not a platform 502, for a body larger than Lambda returns', async () => {
    const answer = await toApiGatewayResult({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: ['x'.repeat(MAX_RESULT_BYTES)] }),
    });
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 500,
      detail: expect.stringContaining('larger than AWS Lambda returns'),
    });
    // a body within the bound whose quotes, escaped in the result's JSON, take it past
    const quoted = JSON.stringify({ items: Array.from({ length: 1_100_000 }, () => 'ab') });
    expect(Buffer.byteLength(quoted)).toBeLessThan(MAX_RESULT_BYTES);
    const escaped = await toApiGatewayResult({ status: 200, headers: {}, body: quoted });
    expect(escaped.statusCode).toBe(500);
    // HEAD says what the GET answers: that problem, its type and length
    const head = await toApiGatewayResult(
      { status: 200, headers: { 'content-type': 'application/json' }, body: quoted },
      'HEAD',
    );
    expect(head).toEqual({
      statusCode: 500,
      headers: {
        'content-type': 'application/problem+json',
        'content-length': String(Buffer.byteLength(escaped.body)),
      },
      body: '',
    });
    // and one that fits is answered as it is
    const fits = JSON.stringify({ items: Array.from({ length: 800_000 }, () => 'ab') });
    expect((await toApiGatewayResult({ status: 200, headers: {}, body: fits })).body).toBe(fits);
  });

  it('turns a streamed body into a readable stream for Lambda response streaming', async () => {
    async function* body() {
      yield 'event: message\n';
      yield 'data: {}\n\n';
    }
    const result = toStreamingResult({ status: 200, headers: {}, body: body() });
    const chunks: Buffer[] = [];
    for await (const chunk of result.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('event: message\ndata: {}\n\n');
    expect(toStreamingResult({ status: 204, headers: {} }).body).toBe('');
  });

  it('settles what the gateway owes before a buffered answer is returned or a streamed one ends', async () => {
    const steps: string[] = [];
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      steps.push('settled');
    };
    const buffered = await settledFirst({ status: 200, headers: {}, body: '{}' }, settle);
    expect(buffered.body).toBe('{}');
    expect(steps).toEqual(['settled']);
    steps.length = 0;
    // a buffered answer that still reads the rest of its upstream stream settles once that is done
    const after = new Promise<void>((resolve) =>
      setTimeout(() => {
        steps.push('upstream read');
        resolve();
      }, 20),
    );
    await settledFirst({ status: 200, headers: {}, body: '{}', after }, settle);
    expect(steps).toEqual(['upstream read', 'settled']);
    steps.length = 0;
    // an upstream that keeps its stream open after the answer: stopped (the request's signal) after a
    // bounded wait, the ready answer not held back until the upstream's timeout
    const abort = new AbortController();
    const held = new Promise<void>((resolve) =>
      abort.signal.addEventListener('abort', () => {
        steps.push('upstream read stopped');
        resolve();
      }),
    );
    const started = Date.now();
    await settledFirst({ status: 200, headers: {}, body: '{}', after: held }, settle, abort);
    expect(steps).toEqual(['upstream read stopped', 'settled']);
    expect(Date.now() - started).toBeLessThan(AFTER_WAIT_MS + 2000);
    steps.length = 0;
    steps.length = 0;
    async function* body() {
      yield 'data: first\n\n';
      steps.push('last byte');
    }
    const streamed = await settledFirst({ status: 200, headers: {}, body: body() }, settle);
    expect(steps).toEqual([]);
    const result = toStreamingResult(streamed);
    for await (const _ of result.body as AsyncIterable<Buffer>) steps.push('chunk');
    steps.push('ended');
    // the stream reads ahead, so its chunk may be counted after the generator's end: only the order of
    // the last byte, the settling and the stream's end matters
    expect(steps.filter((s) => s !== 'chunk')).toEqual(['last byte', 'settled', 'ended']);
    expect(steps).toContain('chunk');
  });

  it.each([
    ['a body', {}],
    ['an event stream', { 'content-type': 'text/event-stream' }],
  ])('aborts at once when the client goes away while %s waits for the upstream', async (_, headers) => {
    const abort = new AbortController();
    async function* body() {
      yield 'data: first\n\n';
      // waits for the next upstream event, which comes only when the call is aborted
      await new Promise((resolve) => abort.signal.addEventListener('abort', resolve, { once: true }));
    }
    const result = toStreamingResult({ status: 200, headers, body: body() }, abort);
    const client = new Writable({
      write(_chunk, _encoding, callback) {
        callback();
        client.destroy(); // the client disconnects after the first event
      },
    });
    await expect(pipeline(result.body as NodeJS.ReadableStream, client)).rejects.toThrow();
    expect(abort.signal.aborted).toBe(true);
  });

  it('keeps a quiet event stream alive with comments between events, never inside one', async () => {
    let release: () => void = () => undefined;
    const later = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* body() {
      yield 'event: message\ndata: {"a":1}\n\n';
      await new Promise((resolve) => setTimeout(resolve, 60));
      yield 'data: {"b"';
      await later;
      yield ':2}\n\n';
    }
    const sse = { 'content-type': 'text/event-stream' };
    const result = toStreamingResult({ status: 200, headers: sse, body: body() }, undefined, 20);
    const chunks: string[] = [];
    setTimeout(release, 80);
    for await (const chunk of result.body as AsyncIterable<Buffer>)
      chunks.push(Buffer.from(chunk).toString());
    const text = chunks.join('');
    expect(text.startsWith('event: message\ndata: {"a":1}\n\n: keep-alive\n\n')).toBe(true);
    // none while an event is half sent
    expect(text.endsWith('data: {"b":2}\n\n')).toBe(true);
    // a JSON answer gets none
    async function* slow() {
      await new Promise((resolve) => setTimeout(resolve, 50));
      yield '{}';
    }
    const json = toStreamingResult({ status: 200, headers: {}, body: slow() }, undefined, 10);
    const plain: string[] = [];
    for await (const chunk of json.body as AsyncIterable<Buffer>) plain.push(Buffer.from(chunk).toString());
    expect(plain.join('')).toBe('{}');
  });

  it('does not abort when the body ends normally', async () => {
    const abort = new AbortController();
    async function* body() {
      yield 'data: {}\n\n';
    }
    const result = toStreamingResult({ status: 200, headers: {}, body: body() }, abort);
    for await (const _ of result.body as AsyncIterable<Buffer>);
    expect(abort.signal.aborted).toBe(false);
  });
});
