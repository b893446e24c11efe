import { afterEach, describe, expect, it } from 'vitest';
import type { Principal, Server } from '../../core/config.js';
import type { HttpRequest, HttpResponse } from '../../core/http.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import { createGateway, type Gateway } from '../../mcp/gateway.js';
import { fakeConfig, testServer } from '../../mcp/test-support.js';
import { MemoryStore } from '../../store/memory.js';

const alice: Principal = { user: 'alice', workspace: 'default', method: 'api-key', credentialId: 'key_1' };
const tools = [
  { name: 'echo', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
  { name: 'get-sum', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
  { name: 'get-secret', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
  { name: 'delete-all', inputSchema: { type: 'object' }, annotations: { destructiveHint: true } },
];
const server = (over: Partial<Server>): Server => testServer({ id: 'srv_1', ...over });

interface Call {
  method?: string;
  id?: unknown;
  params?: { name?: string };
}

/** A scripted upstream that records every JSON-RPC message reaching it; `indent` formats its answers. */
function upstream(indent?: number) {
  const calls: Call[] = [];
  /** `raw`: the text a tools/list is answered with, as written. */
  const listing: { fails: boolean; raw?: string } = { fails: false };
  const answer = (message: Call) => {
    if (message.method === 'initialize')
      return {
        protocolVersion: '2025-11-25',
        capabilities: { tools: {} },
        serverInfo: { name: 'u', version: '1' },
      };
    if (message.method === 'tools/list') return { tools };
    if (message.method === 'tools/call')
      return { content: [{ type: 'text', text: `ran ${message.params?.name}` }] };
    return {};
  };
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    // a resumption: the GET replays an earlier stream's tools/list answer
    if (init?.method === 'GET' && new Headers(init.headers).get('last-event-id') === 'ev-1')
      return new Response(
        `id: ev-2\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 7, result: { tools } })}\n\n`,
        {
          headers: { 'content-type': 'text/event-stream' },
        },
      );
    if (init?.method !== 'POST') return new Response(null, { status: 200 });
    const parsed = JSON.parse(init.body as string) as Call | Call[];
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    calls.push(...messages);
    if (listing.fails && messages.some((m) => m.method === 'tools/list'))
      return new Response('down', { status: 503 });
    if (listing.raw !== undefined && messages.some((m) => m.method === 'tools/list'))
      return new Response(listing.raw, { headers: { 'content-type': 'application/json' } });
    const answers = messages
      .filter((m) => m.id !== undefined)
      .map((m) => ({ jsonrpc: '2.0', id: m.id, result: answer(m) }));
    if (answers.length === 0) return new Response(null, { status: 202 });
    return new Response(JSON.stringify(Array.isArray(parsed) ? answers : answers[0], null, indent), {
      headers: { 'content-type': 'application/json', 'mcp-session-id': 'up-1' },
    });
  }) as typeof fetch;
  return { calls, listing, fetchImpl };
}

let gateway: Gateway | undefined;
afterEach(() => gateway?.close());

function make(config: Server, indent?: number) {
  const up = upstream(indent);
  const reader = fakeConfig({
    serverByName: async (name) => (name === config.name ? config : undefined),
    authenticateApiKey: async (key) => (key === 'good' ? alice : undefined),
  });
  gateway = createGateway({
    store: new MemoryStore(),
    config: reader,
    guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
    http: fetchHttpClient(up.fetchImpl),
    log: () => {},
  });
  return { gw: gateway, up };
}

const post = (body: unknown, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'POST',
  path: '/mcp/up',
  headers: {
    authorization: 'Bearer good',
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...headers,
  },
  query: {},
  body: JSON.stringify(body),
});

async function read(response: HttpResponse): Promise<unknown> {
  let text = '';
  if (typeof response.body === 'string') text = response.body;
  else if (response.body !== undefined)
    for await (const chunk of response.body)
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return JSON.parse(text);
}

async function session(gw: Gateway, version = '2025-11-25'): Promise<Record<string, string>> {
  const init = await gw.handle(
    post({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  );
  await read(init);
  return { 'mcp-session-id': init.headers['mcp-session-id']!, 'mcp-protocol-version': version };
}

const names = (body: unknown) =>
  ((body as { result: { tools: { name: string }[] } }).result.tools ?? []).map((t) => t.name);

describe('tool provisioning', () => {
  it('lists only allowed tools (deny wins) and refuses any other call without reaching the upstream', async () => {
    const { gw, up } = make(
      server({ tools: { allow: ['echo', 'get-*'], deny: ['get-secret'], readOnly: false } }),
    );
    const headers = await session(gw);
    const list = await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers));
    expect(names(await read(list))).toEqual(['echo', 'get-sum']);

    const refused = await gw.handle(
      post(
        { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get-secret', arguments: {} } },
        headers,
      ),
    );
    expect(refused.status).toBe(200);
    expect(await read(refused)).toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: {
        code: -32602,
        message: 'Tool "get-secret" is not available on MCP server "up".',
        data: { code: 'tool_not_provisioned' },
      },
    });
    const allowed = await gw.handle(
      post({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: {} } }, headers),
    );
    expect(await read(allowed)).toMatchObject({ id: 3, result: { content: [{ text: 'ran echo' }] } });
    expect(up.calls.filter((c) => c.method === 'tools/call').map((c) => c.params?.name)).toEqual(['echo']);
  });

  it('filters a list that a resumed GET stream replays', async () => {
    const { gw } = make(
      server({ tools: { allow: ['echo', 'get-*'], deny: ['get-secret'], readOnly: false } }),
    );
    const headers = await session(gw);
    const replay = await gw.handle({
      method: 'GET',
      path: '/mcp/up',
      headers: {
        authorization: 'Bearer good',
        accept: 'text/event-stream',
        'last-event-id': 'ev-1',
        ...headers,
      },
      query: {},
      body: undefined,
    });
    let text = '';
    for await (const chunk of replay.body as AsyncIterable<string | Uint8Array>)
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const data = text.split('\n').find((line) => line.startsWith('data: '));
    expect(names(JSON.parse(data!.slice(6)))).toEqual(['echo', 'get-sum']);
  });

  it('refuses a call that names no tool, and a call sent as a notification, without reaching the upstream', async () => {
    const { gw, up } = make(server({ tools: { deny: ['delete-*'], readOnly: false } }));
    const headers = await session(gw);
    const unnamed = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { arguments: {} } }, headers),
    );
    expect(await read(unnamed)).toMatchObject({
      id: 1,
      error: { code: -32602, data: { code: 'validation_failed' } },
    });
    const notification = await gw.handle(
      post({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'delete-all' } }, headers),
    );
    expect(notification.status).toBe(400);
    expect(await read(notification)).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/needs an id/) },
    });
    expect(up.calls.filter((c) => c.method === 'tools/call')).toEqual([]);
  });

  it('relays a list that hides nothing exactly as the upstream wrote it (no re-serialisation)', async () => {
    const { gw } = make(server({ tools: { deny: ['missing-*'], readOnly: false } }), 2);
    const headers = await session(gw);
    const list = await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers));
    expect(list.body).toBe(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools } }, null, 2));
  });

  it('relays a list whose text names a member twice as the list it judged (a client may read the other)', async () => {
    const { gw, up } = make(server({ tools: { deny: ['delete-*'], readOnly: false } }));
    const headers = await session(gw);
    // judged as "search" (JSON.parse keeps the last); a decoder keeping the first reads "delete-all"
    up.listing.raw =
      '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"delete-all","name":"search","inputSchema":{"type":"object"}}]}}';
    const list = await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers));
    expect(list.body).toBe(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        result: { tools: [{ name: 'search', inputSchema: { type: 'object' } }] },
      }),
    );
  });

  it('decides per message in a batch: the refused call gets its own error, the others go on', async () => {
    const { gw, up } = make(server({ tools: { deny: ['delete-*'], readOnly: false } }));
    const headers = await session(gw, '2025-03-26');
    const batch = await gw.handle(
      post(
        [
          { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'delete-all' } },
          { jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'echo' } },
          { jsonrpc: '2.0', id: 'c', method: 'tools/list' },
        ],
        headers,
      ),
    );
    const answers = (await read(batch)) as { id: string; error?: { code: number }; result?: unknown }[];
    expect(answers.map((a) => a.id).sort()).toEqual(['a', 'b', 'c']);
    expect(answers.find((a) => a.id === 'a')?.error?.code).toBe(-32602);
    expect(answers.find((a) => a.id === 'b')?.result).toMatchObject({ content: [{ text: 'ran echo' }] });
    expect(names(answers.find((a) => a.id === 'c'))).toEqual(['echo', 'get-sum', 'get-secret']);
    const forwarded = up.calls.filter((c) => c.method?.startsWith('tools/'));
    expect(forwarded.map((c) => c.id)).toEqual(['b', 'c']);
  });

  it('offers read-only tools by trusted annotations, listing the upstream first when no catalog is known', async () => {
    const { gw, up } = make(server({ tools: { readOnly: true }, trustAnnotations: true }));
    const headers = await session(gw);
    // no tools/list went by yet: the gateway asks the upstream itself before deciding
    const call = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'delete-all' } }, headers),
    );
    expect(await read(call)).toMatchObject({ id: 1, error: { data: { code: 'tool_not_provisioned' } } });
    expect(up.calls.some((c) => c.method === 'tools/list' && c.id === 'mcp-gateway-catalog-0')).toBe(true);
    const ok = await gw.handle(
      post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get-sum' } }, headers),
    );
    expect(await read(ok)).toMatchObject({ id: 2, result: { content: [{ text: 'ran get-sum' }] } });
    const list = await gw.handle(post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, headers));
    expect(names(await read(list))).toEqual(['echo', 'get-sum', 'get-secret']);
    expect(up.calls.filter((c) => c.method === 'tools/call').map((c) => c.params?.name)).toEqual(['get-sum']);
  });

  it('says the upstream is unavailable, not that a tool is not provisioned, when no catalog can be had', async () => {
    const { gw, up } = make(server({ tools: { readOnly: true }, trustAnnotations: true }));
    const headers = await session(gw);
    up.listing.fails = true;
    const call = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get-sum' } }, headers),
    );
    expect(await read(call)).toMatchObject({
      id: 1,
      error: {
        data: { code: 'upstream_unavailable' },
        message: 'Tool "get-sum" of MCP server "up" cannot be checked now: its tools could not be listed.',
      },
    });
    expect(up.calls.filter((c) => c.method === 'tools/call')).toEqual([]);
  });

  it('filters stateless (2026-07-28) lists too, marked private with a cache lifetime', async () => {
    const { gw, up } = make(server({ tools: { allow: ['echo'], readOnly: false } }));
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' };
    const headers = { 'mcp-protocol-version': '2026-07-28' };
    const list = await gw.handle(
      post(
        { jsonrpc: '2.0', id: 7, method: 'tools/list', params: { _meta: meta } },
        { ...headers, 'mcp-method': 'tools/list' },
      ),
    );
    const body = (await read(list)) as { id: number; result: Record<string, unknown> };
    expect(body.id).toBe(7);
    expect(names(body)).toEqual(['echo']);
    expect(body.result).toMatchObject({ resultType: 'complete', cacheScope: 'private', ttlMs: 60_000 });
    const hidden = await gw.handle(
      post(
        { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'get-sum', _meta: meta } },
        { ...headers, 'mcp-method': 'tools/call', 'mcp-name': 'get-sum' },
      ),
    );
    expect(await read(hidden)).toMatchObject({ id: 8, error: { code: -32602 } });
    expect(up.calls.some((c) => c.method === 'tools/call')).toBe(false);
  });
});
