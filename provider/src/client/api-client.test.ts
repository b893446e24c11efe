import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationModel } from '../model/types.js';
import { apiDiagnostics } from '../resources/api-diagnostics.js';
import { ApiClient, ApiError, retryAfterMs } from './api-client.js';

const read: OperationModel = { operationId: 'getThing', method: 'get', path: '/v1/things/{id}' };
const update: OperationModel = { operationId: 'updateThing', method: 'put', path: '/v1/things/{id}' };
const remove: OperationModel = { operationId: 'deleteThing', method: 'delete', path: '/v1/things/{id}' };

/**
 * A management API holding one object with optimistic concurrency. `failures` lists statuses answered
 * instead of the real answer, one per request; with `applyFirst` a failing write is applied anyway
 * (an upstream timeout after the change was made).
 */
function fakeApi(failures: number[], applyFirst: boolean) {
  const requests: { method: string; ifMatch: string | undefined }[] = [];
  let version = 1;
  let exists = true;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const ifMatch = request.headers['if-match'];
      requests.push({ method: request.method ?? '', ifMatch });
      const answer = (status: number, body?: unknown) => {
        response.writeHead(status, {
          'content-type': status < 300 ? 'application/json' : 'application/problem+json',
          etag: `"${version}"`,
        });
        response.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const failure = failures.shift();
      const write = request.method === 'PUT' || request.method === 'DELETE';
      if (failure !== undefined && !(write && applyFirst)) {
        answer(failure, { title: 'Bad Gateway', status: failure, code: `http_${failure}` });
        return;
      }
      if (!exists) return answer(404, { title: 'Not Found', status: 404, code: 'not_found' });
      if (write && ifMatch !== undefined && ifMatch !== `"${version}"`) {
        return answer(412, { title: 'Precondition Failed', status: 412, code: 'precondition_failed' });
      }
      if (request.method === 'PUT') version++;
      if (request.method === 'DELETE') exists = false;
      if (failure !== undefined) {
        answer(failure, { title: 'Bad Gateway', status: failure, code: `http_${failure}` });
        return;
      }
      if (request.method === 'DELETE') return answer(204);
      answer(200, { id: 'thing_1', version });
    });
  });
  return { server, requests };
}

let running: Server | undefined;

async function start(failures: number[], applyFirst = false) {
  const api = fakeApi(failures, applyFirst);
  running = api.server;
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
  const { port } = api.server.address() as AddressInfo;
  const client = new ApiClient({ endpoint: `http://127.0.0.1:${port}`, apiKey: 'test', retries: 2 });
  return { client, requests: api.requests, port };
}

async function stop(): Promise<void> {
  const server = running;
  running = undefined;
  if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
}

afterEach(stop);

const thing = { pathParameters: { id: 'thing_1' } };

describe('ApiClient retries', () => {
  it('does not retry a conditional PUT after a 502: the first attempt may have been applied', async () => {
    const { client, requests } = await start([502], true);
    const error = await client
      .request(update, { ...thing, body: { name: 'x' }, ifMatch: '"1"' })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, outcomeUnknown: true });
    expect(requests).toHaveLength(1);
    // The diagnostic says the change may have gone through, instead of blaming a concurrent change (412).
    const [diagnostic] = apiDiagnostics(error, 'update thing', []);
    expect(diagnostic?.summary).toContain('HTTP 502');
    expect(diagnostic?.detail).toContain('may have been applied');
  });

  it('ends a refusal’s detail with one full stop before what to check', () => {
    const problem = { status: 401, code: 'unauthorized', detail: 'The admin key is not valid.' };
    expect(apiDiagnostics(new ApiError('x', 401, problem, 'getThing'), 'read thing', [])[0]?.detail).toBe(
      "The admin key is not valid. Check the provider's api_key (or MCPGATEWAY_API_KEY).",
    );
    expect(apiDiagnostics(new ApiError('x', 403, undefined, 'getThing'), 'read thing', [])[0]?.detail).toBe(
      "x. Check the provider's api_key (or MCPGATEWAY_API_KEY).",
    );
  });

  it('says which field a 400 is about, and what it is about when the rule is over the whole object', () => {
    const problem = {
      status: 400,
      code: 'validation_failed',
      detail: 'The request is not valid.',
      errors: [
        { pointer: '', detail: 'scans for nothing: give it detectors' },
        { pointer: '/name', detail: 'is too long' },
      ],
    };
    const error = new ApiError('invalid', 400, problem, 'createGuardrail');
    expect(apiDiagnostics(error, 'create guardrail', []).map((d) => d.detail)).toEqual([
      'the object: scans for nothing: give it detectors (The request is not valid.)',
      '/name: is too long (The request is not valid.)',
    ]);
  });

  it('does not retry a conditional DELETE after a 504', async () => {
    const { client, requests } = await start([504], true);
    await expect(client.request(remove, { ...thing, ifMatch: '"1"' })).rejects.toMatchObject({
      status: 504,
      outcomeUnknown: true,
    });
    expect(requests).toHaveLength(1);
  });

  it('retries a conditional write refused with 429, which was not applied', async () => {
    const { client, requests } = await start([429]);
    const response = await client.request(update, { ...thing, body: { name: 'x' }, ifMatch: '"1"' });
    expect(response).toMatchObject({ status: 200, etag: '"2"' });
    expect(requests.map((r) => r.ifMatch)).toEqual(['"1"', '"1"']);
  });

  it('still retries unconditional writes and reads on 502-504', async () => {
    const writes = await start([502, 503]);
    expect((await writes.client.request(update, { ...thing, body: { name: 'x' } })).status).toBe(200);
    expect(writes.requests).toHaveLength(3);
    await stop();
    const reads = await start([504]);
    expect((await reads.client.request(read, { ...thing, ifMatch: '"1"' })).status).toBe(200);
    expect(reads.requests).toHaveLength(2);
  });

  it('retries a conditional write when the connection was refused (nothing was sent)', async () => {
    const { port } = await start([]);
    await stop();
    let calls = 0;
    const client = new ApiClient({
      endpoint: `http://127.0.0.1:${port}`,
      apiKey: 'test',
      retries: 1,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    await expect(client.request(update, { ...thing, body: {}, ifMatch: '"1"' })).rejects.toMatchObject({
      status: 0,
      outcomeUnknown: false,
    });
    expect(calls).toBe(2);
  });

  /** A client whose fetch answers from `answers` in turn (a status, or an answer whose body breaks off). */
  const scripted = (answers: (number | 'broken')[]) => {
    const calls: string[] = [];
    const client = new ApiClient({
      endpoint: 'http://127.0.0.1:9',
      apiKey: 'test',
      retries: 2,
      fetch: async (_input, init) => {
        calls.push(String(init?.method));
        const next = answers.shift() ?? 200;
        if (next === 'broken')
          return new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('{"id":'));
                controller.error(new TypeError('terminated'));
              },
            }),
            { status: 200 },
          );
        return Response.json(next < 300 ? { id: 'thing_1' } : { status: next, code: `http_${next}` }, {
          status: next,
        });
      },
    });
    return { client, calls };
  };
  const create: OperationModel = { operationId: 'createThing', method: 'post', path: '/v1/things' };

  it('retries a create refused with 429 (not processed), never one that may have been applied', async () => {
    const throttled = scripted([429, 201]);
    expect((await throttled.client.request(create, { body: { name: 'x' } })).status).toBe(201);
    expect(throttled.calls).toEqual(['POST', 'POST']);
    for (const answer of [502, 503, 504, 'broken'] as const) {
      const lost = scripted([answer, 201]);
      const error = await lost.client.request(create, { body: { name: 'x' } }).catch((e: unknown) => e);
      // it may have made the object: said so, with how to take it over, not blamed on the endpoint
      expect(error, String(answer)).toMatchObject({ outcomeUnknown: true });
      const [diagnostic] = apiDiagnostics(error, 'create thing', []);
      expect(diagnostic?.summary).not.toContain('unreachable');
      expect(diagnostic?.detail).toContain('terraform import');
      expect(lost.calls, String(answer)).toEqual(['POST']);
    }
  });

  it('waits what a 429 names in Retry-After before trying again; reads one in seconds or as a date', async () => {
    const sent: number[] = [];
    const client = new ApiClient({
      endpoint: 'http://127.0.0.1:9',
      apiKey: 'test',
      fetch: async () => {
        sent.push(performance.now());
        return sent.length === 1
          ? Response.json(
              { status: 429, code: 'rate_limited' },
              { status: 429, headers: { 'retry-after': '1' } },
            )
          : Response.json({ id: 'thing_1' });
      },
    });
    expect((await client.request(read, thing)).status).toBe(200);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(950);
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('3600', now)).toBe(30_000); // a wait past what a plan waits for: at most 30 s
    for (const none of [null, '', 'soon', '-1', 'Tue, 01 Dec 2026 09:00:00 GMT'])
      expect(retryAfterMs(none, now)).toBe(0);
  });

  it('ends a request under way when the provider is stopped, and begins none after', async () => {
    const stopping = new AbortController();
    let calls = 0;
    const client = new ApiClient({
      endpoint: 'http://127.0.0.1:9',
      apiKey: 'test',
      retries: 2,
      signal: stopping.signal,
      // a gateway that never answers: only the signal ends the wait
      fetch: (_input, init) => {
        calls++;
        return new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      },
    });
    const started = Date.now();
    const pending = client.request(read, thing).catch((thrown: unknown) => thrown);
    setTimeout(() => stopping.abort(new Error('stop')), 50);
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      'GET /v1/things/thing_1 was stopped: Terraform stopped the provider',
    );
    expect(calls).toBe(1);
    await expect(client.request(read, thing)).rejects.toThrow('was stopped');
    expect(calls).toBe(1);
  });

  it('retries a read whose answer broke off; a conditional write whose answer broke off may have been applied', async () => {
    const reads = scripted(['broken', 200]);
    expect((await reads.client.request(read, thing)).body).toEqual({ id: 'thing_1' });
    expect(reads.calls).toEqual(['GET', 'GET']);
    const writes = scripted(['broken', 200]);
    const error = await writes.client
      .request(update, { ...thing, body: {}, ifMatch: '"1"' })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect((error as ApiError).message).toContain("the gateway's answer broke off (HTTP 200)");
    expect(writes.calls).toEqual(['PUT']);
  });

  it('takes no 2xx that is not the gateway’s for an answer (a proxy’s page would read as empty or deleted)', async () => {
    const calls: string[] = [];
    const client = new ApiClient({
      endpoint: 'http://127.0.0.1:9',
      apiKey: 'test',
      retries: 2,
      fetch: async (_input, init) => {
        calls.push(String(init?.method));
        return new Response('<html>Sign in</html>', { headers: { 'content-type': 'text/html' } });
      },
    });
    for (const [operation, options] of [
      [read, thing],
      [update, { ...thing, body: {}, ifMatch: '"1"' }],
      [remove, thing],
    ] as const) {
      const error = await client.request(operation, options).catch((thrown: unknown) => thrown);
      expect(error, operation.operationId).toBeInstanceOf(ApiError);
      expect((error as ApiError).message).toContain(
        "answered HTTP 200 with text/html, not the gateway's JSON: is http://127.0.0.1:9 the MCP gateway?",
      );
    }
    // not tried again: it answered
    expect(calls).toEqual(['GET', 'PUT', 'DELETE']);
    const refused = await client.request(read, thing).catch((thrown: unknown) => thrown);
    expect(apiDiagnostics(refused as ApiError, 'read thing', [])).toMatchObject([
      { summary: 'Failed to read thing: the endpoint did not answer as the gateway does' },
    ]);
    // a JSON value that is no object, and a delete answered with anything but 204, neither
    const odd = new ApiClient({
      endpoint: 'http://127.0.0.1:9',
      apiKey: 'test',
      fetch: async () => Response.json(['not', 'an', 'object']),
    });
    await expect(odd.request(read, thing)).rejects.toThrow(/not the gateway's JSON/);
    await expect(odd.request(remove, thing)).rejects.toThrow(/not the gateway's JSON/);
  });
});
