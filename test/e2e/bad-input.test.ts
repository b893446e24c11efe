/**
 * Bad input gets a clear, exact error and breaks nothing: malformed bodies, oversized bodies, unknown
 * servers and sessions, missing or wrong credentials, wrong media types, and an upstream that is down.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  type HttpResult,
  httpRequest,
  type JsonRpcReply,
  jsonRpcMessages,
} from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, startEverything, stopAll, type Upstream } from '../support/processes.js';

const MAX_BODY_BYTES = 64 * 1024;
const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let upstream: Upstream;
let gateway: GatewayProcess;
let apiKey: string;
let endpoint: string;

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  [upstream, gateway] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({
      adminKey,
      memory: true,
      env: { MCP_GATEWAY_MAX_BODY_BYTES: String(MAX_BODY_BYTES) },
    }),
  ]);
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', upstream.url);
  await api.registerServer('down', `http://127.0.0.1:${await closedPort()}/mcp`);
  apiKey = await api.createApiKey('dave-laptop', 'dave');
  endpoint = `${gateway.url}/mcp/everything`;
});

afterAll(async () => {
  await gateway?.close();
  await stopAll();
});

const initialize = (id: number | string = 1) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1.0.0' },
    },
  });

function post(
  body: string,
  headers: Record<string, string> = {},
  url = endpoint,
  method = 'POST',
): Promise<HttpResult> {
  return httpRequest(url, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    ...(method === 'POST' ? { body } : {}),
  });
}

const onlyReply = (result: HttpResult): JsonRpcReply => {
  const [reply] = jsonRpcMessages(result);
  if (reply === undefined) throw new Error(`no JSON-RPC message in ${result.status} ${result.text}`);
  return reply;
};

describe('the MCP endpoint rejects bad input', () => {
  it('invalid JSON → 400, -32700', async () => {
    const result = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(result.status).toBe(400);
    expect(onlyReply(result)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('a body over MCP_GATEWAY_MAX_BODY_BYTES → 413', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'echo', arguments: { message: 'x'.repeat(MAX_BODY_BYTES) } },
    });
    const result = await post(big);
    expect(result.status).toBe(413);
    expect(onlyReply(result).error?.message).toContain(String(MAX_BODY_BYTES));
  });

  it('a body just under the limit is served', async () => {
    const result = await post(initialize());
    expect(result.status).toBe(200);
    expect(result.headers.get('mcp-session-id')).toMatch(/\S+/);
  });

  it('unknown server → 404', async () => {
    const result = await post(initialize(), {}, `${gateway.url}/mcp/no-such-server`);
    expect(result.status).toBe(404);
    expect(onlyReply(result)).toMatchObject({ id: 1, error: { code: -32004 } });
    expect(onlyReply(result).error?.message).toContain('no-such-server');
  });

  it('no API key → 401 with a Bearer challenge', async () => {
    const result = await httpRequest(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: initialize(),
    });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(onlyReply(result).error?.code).toBe(-32001);
  });

  it('a wrong API key → 401 with error="invalid_token"', async () => {
    const result = await post(initialize(), { authorization: 'Bearer mcpgw_not-a-real-key' });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer\b.*error="invalid_token"/);
  });

  it('the admin key is not an API key', async () => {
    const result = await post(initialize(), { authorization: `Bearer ${adminKey}` });
    expect(result.status).toBe(401);
  });

  it('a request without Mcp-Session-Id (not initialize) → 400', async () => {
    const result = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }), {
      'mcp-protocol-version': '2025-11-25',
    });
    expect(result.status).toBe(400);
    expect(onlyReply(result)).toMatchObject({ id: 2, error: { code: -32000 } });
  });

  it('an unknown session → 404', async () => {
    const result = await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} }), {
      'mcp-session-id': 'no-such-session',
      'mcp-protocol-version': '2025-11-25',
    });
    expect(result.status).toBe(404);
    expect(onlyReply(result)).toMatchObject({ id: 3, error: { code: -32001 } });
  });

  it('a session is bound to its user: another key sees 404', async () => {
    const session = (await post(initialize())).headers.get('mcp-session-id')!;
    const otherKey = await admin(() => gateway.url, adminKey).createApiKey('eve-laptop', 'eve');
    const result = await post(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list', params: {} }), {
      authorization: `Bearer ${otherKey}`,
      'mcp-session-id': session,
      'mcp-protocol-version': '2025-11-25',
    });
    expect(result.status).toBe(404);
  });

  it('a wrong Content-Type → 415', async () => {
    const result = await post(initialize(), { 'content-type': 'text/plain' });
    expect(result.status).toBe(415);
  });

  it('an Accept without JSON or SSE → 406', async () => {
    const result = await post(initialize(), { accept: 'text/html' });
    expect(result.status).toBe(406);
  });

  it('GET without a session → 405 with Allow', async () => {
    const result = await post('', {}, endpoint, 'GET');
    expect(result.status).toBe(405);
    expect(result.headers.get('allow')).toBeTruthy();
  });

  it('DELETE of an unknown session → 404', async () => {
    const result = await post('', { 'mcp-session-id': 'no-such-session' }, endpoint, 'DELETE');
    expect(result.status).toBe(404);
  });

  it('a JSON-RPC batch on protocol 2025-06-18 or later → 400', async () => {
    const session = (await post(initialize())).headers.get('mcp-session-id')!;
    const batch = JSON.stringify([
      { jsonrpc: '2.0', id: 5, method: 'tools/list', params: {} },
      { jsonrpc: '2.0', id: 6, method: 'prompts/list', params: {} },
    ]);
    const result = await post(batch, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' });
    expect(result.status).toBe(400);
    expect(onlyReply(result).error?.code).toBe(-32600);
  });

  it('browser steps with an empty or overlong flow id → a page, never a 500 from the store', async () => {
    for (const path of [
      '/oauth/callback?state=&code=x',
      `/oauth/callback?state=${'a'.repeat(1100)}&code=x`,
      '/oauth/upstream/start?flow=',
      `/oauth/upstream/start?flow=${'a'.repeat(1100)}`,
      `/oauth/upstream/callback?state=${'a'.repeat(1100)}&code=x`,
    ]) {
      const result = await httpRequest(`${gateway.url}${path}`);
      expect(result.status, path).toBeGreaterThanOrEqual(400);
      expect(result.status, path).toBeLessThan(500);
    }
  });

  it('an unknown path → 404', async () => {
    const result = await httpRequest(`${gateway.url}/nowhere`);
    expect(result.status).toBe(404);
  });
});

describe('an upstream that is down', () => {
  const downEndpoint = () => `${gateway.url}/mcp/down`;

  it('initialize answers a JSON-RPC error naming the server (HTTP 200), promptly', async () => {
    const started = Date.now();
    const result = await post(initialize(7), {}, downEndpoint());
    expect(result.status).toBe(200);
    const reply = onlyReply(result);
    expect(reply).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32010 } });
    expect(reply.error?.message).toContain('"down"');
    expect(result.headers.get('mcp-session-id')).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('the SDK client gets an McpError naming the server', async () => {
    const error = await connect(downEndpoint(), apiKey).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32010);
    expect((error as McpError).message).toContain('down');
  });

  it('a notification to it is an HTTP error, not a hang', async () => {
    const result = await post(
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      {},
      downEndpoint(),
    );
    expect(result.status).toBeGreaterThanOrEqual(400);
  });

  it('other servers are unaffected', async () => {
    const { client } = await connect(endpoint, apiKey);
    const result = await client.callTool({ name: 'echo', arguments: { message: 'still here' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
    await client.close();
  });
});

describe('the management API rejects bad input', () => {
  it('no admin key → 401 problem+json', async () => {
    const result = await httpRequest(`${gateway.url}/v1/servers`);
    expect(result.status).toBe(401);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  it('an API key is not an admin key → 401', async () => {
    const result = await httpRequest(`${gateway.url}/v1/servers`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(result.status).toBe(401);
  });

  it('an invalid payload → 400 problem+json with the pointer of each bad field', async () => {
    const result = await admin(() => gateway.url, adminKey).request('POST', '/v1/servers', {
      name: 'Not A Valid Name!',
      url: 42,
      transport: 'carrier-pigeon',
    });
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = result.body as { code: string; errors: Array<{ pointer: string }> };
    const pointers = problem.errors.map((error) => error.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/url', '/transport']));
  });

  it('a body over the limit → 413 problem+json', async () => {
    const result = await admin(() => gateway.url, adminKey).request('POST', '/v1/servers', {
      name: 'big',
      url: upstream.url,
      description: 'x'.repeat(MAX_BODY_BYTES),
    });
    expect(result.status).toBe(413);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('serves its OpenAPI document', async () => {
    const result = await httpRequest(`${gateway.url}/v1/openapi.json`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(result.status).toBe(200);
    expect((result.body as { openapi: string }).openapi).toMatch(/^3\.1/);
  });
});
