/**
 * The stateless 2026-07-28 revision with raw HTTP: no initialize, no session; `_meta` protocol fields and
 * routing headers on every request, validated against the body. The gateway bridges to the session-era
 * upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpResult, httpRequest, jsonRpcMessages, replyTo } from '../support/gateway-api.js';
import { type GatewayProcess, stopAll } from '../support/processes.js';
import { startStack } from '../support/stack.js';

const VERSION = '2026-07-28';
let gateway: GatewayProcess;
let apiKey: string;
let endpoint: string;

beforeAll(async () => {
  ({ gateway, apiKey, endpoint } = await startStack({ user: 'carol', keyName: 'carol-agent' }));
});

afterAll(async () => {
  await gateway?.close();
  await stopAll();
});

let nextId = 1;

interface Call {
  method: string;
  params?: Record<string, unknown>;
  /** Header overrides; `null` removes a header. */
  headers?: Record<string, string | null>;
  version?: string;
  signal?: AbortSignal;
}

function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function statelessRequest(call: Call): { id: number; init: RequestInit } {
  const id = nextId++;
  const version = call.version ?? VERSION;
  const params = {
    ...call.params,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': version,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'raw-fetch', version: '1.0.0' },
      ...(call.params?._meta as Record<string, unknown> | undefined),
    },
  };
  const name = call.params?.name ?? call.params?.uri;
  const headers: Record<string, string | null> = {
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': version,
    'mcp-method': call.method,
    ...(typeof name === 'string' ? { 'mcp-name': encodeHeader(name) } : {}),
    ...call.headers,
  };
  const sent: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== null) sent[key] = value;
  return {
    id,
    init: {
      method: 'POST',
      headers: sent,
      body: JSON.stringify({ jsonrpc: '2.0', id, method: call.method, params }),
      ...(call.signal !== undefined ? { signal: call.signal } : {}),
    },
  };
}

async function send(call: Call): Promise<{ id: number; response: HttpResult }> {
  const { id, init } = statelessRequest(call);
  return { id, response: await httpRequest(endpoint, init) };
}

async function result(call: Call): Promise<Record<string, unknown>> {
  const { id, response } = await send(call);
  expect(response.status).toBe(200);
  const reply = replyTo(response, id);
  expect(reply.error).toBeUndefined();
  return reply.result!;
}

async function rejected(call: Call): Promise<{ status: number; code: number | undefined; data: unknown }> {
  const { id, response } = await send(call);
  const reply = jsonRpcMessages(response)[0];
  expect(reply?.id === id || reply?.id === null).toBe(true);
  return { status: response.status, code: reply?.error?.code, data: reply?.error?.data };
}

describe('the stateless 2026-07-28 revision', () => {
  it('answers server/discover with versions, capabilities and server info', async () => {
    const { id, response } = await send({ method: 'server/discover', params: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const discovered = replyTo(response, id).result!;
    expect(discovered.resultType).toBe('complete');
    expect(discovered.supportedVersions).toContain(VERSION);
    expect(discovered.capabilities).toHaveProperty('tools');
    expect(discovered.serverInfo).toMatchObject({ name: expect.any(String) });
  });

  it('lists tools and calls one, each result marked complete', async () => {
    const listed = await result({ method: 'tools/list', params: {} });
    expect(listed.resultType).toBe('complete');
    expect((listed.tools as Array<{ name: string }>).map((tool) => tool.name)).toContain('echo');

    const called = await result({
      method: 'tools/call',
      params: { name: 'echo', arguments: { message: 'stateless' } },
    });
    expect(called).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Echo: stateless' }],
    });
  });

  it('reads a resource and gets a prompt (Mcp-Name carries the uri / name)', async () => {
    const read = await result({
      method: 'resources/read',
      params: { uri: 'demo://resource/dynamic/text/3' },
    });
    expect(read.resultType).toBe('complete');
    expect(read.contents).toEqual([expect.objectContaining({ uri: 'demo://resource/dynamic/text/3' })]);
    const prompt = await result({ method: 'prompts/get', params: { name: 'simple-prompt' } });
    expect(prompt.messages).toEqual([expect.objectContaining({ role: 'user' })]);
  });

  it('decodes a non-ASCII Mcp-Name sent as =?base64?…?=', async () => {
    const called = await result({ method: 'tools/call', params: { name: 'outil-été', arguments: {} } });
    // the names matched (no -32020); the upstream has no such tool and says so in a tool result
    expect(called.isError).toBe(true);
  });

  it('streams progress notifications before the result', async () => {
    const { id, response } = await send({
      method: 'tools/call',
      params: {
        name: 'trigger-long-running-operation',
        arguments: { duration: 0.3, steps: 3 },
        _meta: { progressToken: 'p-1' },
      },
    });
    expect(response.status).toBe(200);
    const messages = jsonRpcMessages(response) as unknown as Array<{
      method?: string;
      params?: { progress?: number };
    }>;
    const progress = messages
      .filter((m) => m.method === 'notifications/progress')
      .map((m) => m.params?.progress);
    expect(progress).toEqual([1, 2, 3]);
    expect(replyTo(response, id).result?.resultType).toBe('complete');
  });

  it("returns the upstream's JSON-RPC errors", async () => {
    const error = await rejected({ method: 'prompts/get', params: { name: 'no-such-prompt' } });
    expect(error.status).toBe(200);
    expect(error.code).toBe(-32602);
  });

  it('a client closing the stream cancels its call; the next call is served', async () => {
    const abort = new AbortController();
    const { init } = statelessRequest({
      method: 'tools/call',
      params: {
        name: 'trigger-long-running-operation',
        arguments: { duration: 10, steps: 20 },
        _meta: { progressToken: 'p-cancel' },
      },
      signal: abort.signal,
    });
    const response = await fetch(endpoint, init);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    // read (bounded) until the first progress notification has arrived: the call is running upstream
    const deadline = Date.now() + 10_000;
    let seen = '';
    while (!seen.includes('notifications/progress')) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`no progress within 10 s: ${seen}`)),
            deadline - Date.now(),
          ).unref(),
        ),
      ]);
      if (chunk.done) throw new Error(`stream ended early: ${seen}`);
      seen += new TextDecoder().decode(chunk.value);
    }
    abort.abort();
    await reader.cancel().catch(() => undefined);

    const called = await result({
      method: 'tools/call',
      params: { name: 'echo', arguments: { message: 'next' } },
    });
    expect(called.content).toEqual([{ type: 'text', text: 'Echo: next' }]);
  });

  describe('routing headers must match the body (400, -32020)', () => {
    const echo = { name: 'echo', arguments: { message: 'x' } };
    const cases: Array<[string, Call]> = [
      [
        'MCP-Protocol-Version differs from _meta',
        { method: 'tools/call', params: echo, headers: { 'mcp-protocol-version': '2025-11-25' } },
      ],
      [
        'MCP-Protocol-Version missing',
        { method: 'tools/call', params: echo, headers: { 'mcp-protocol-version': null } },
      ],
      [
        'Mcp-Method differs from the method',
        { method: 'tools/call', params: echo, headers: { 'mcp-method': 'tools/list' } },
      ],
      ['Mcp-Method missing', { method: 'tools/list', params: {}, headers: { 'mcp-method': null } }],
      [
        'Mcp-Name differs from params.name',
        { method: 'tools/call', params: echo, headers: { 'mcp-name': 'get-sum' } },
      ],
      [
        'Mcp-Name missing on tools/call',
        { method: 'tools/call', params: echo, headers: { 'mcp-name': null } },
      ],
      [
        'Mcp-Name differs from params.uri',
        {
          method: 'resources/read',
          params: { uri: 'demo://resource/dynamic/text/1' },
          headers: { 'mcp-name': 'demo://other' },
        },
      ],
      [
        'Mcp-Name differs from the prompt name',
        { method: 'prompts/get', params: { name: 'simple-prompt' }, headers: { 'mcp-name': 'args-prompt' } },
      ],
    ];
    it.each(cases)('%s', async (_, call) => {
      expect(await rejected(call)).toMatchObject({ status: 400, code: -32020 });
    });
  });

  it('rejects an unsupported protocol version with 400, -32022 and the supported ones', async () => {
    const error = await rejected({ method: 'tools/list', params: {}, version: '2099-01-01' });
    expect(error).toMatchObject({ status: 400, code: -32022 });
    expect(error.data).toEqual({ supported: expect.arrayContaining([VERSION]), requested: '2099-01-01' });
  });
});
