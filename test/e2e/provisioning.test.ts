/**
 * Tool provisioning end to end: the real SDK client and raw stateless requests against `server-everything`
 * behind the gateway, with allow, deny and read-only rules. A recording pass-through in front of the
 * upstream proves that refused calls never reach it.
 */
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, replyTo } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { startEverything, stopAll, type Upstream } from '../support/processes.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';
import { type Stack, startStack } from '../support/stack.js';

let stack: Stack;
let recorder: RecordingProxy;
let legacy: Upstream;
const allowList = {
  allow: ['echo', 'get-*', 'trigger-long-running-operation'],
  deny: ['get-env'],
  readOnly: false,
};

const callsReaching = (name: string) =>
  recorder.messages.filter((m) => m.method === 'tools/call' && m.params?.name === name).length;

beforeAll(async () => {
  stack = await startStack({ server: 'plain', user: 'dana' });
  [recorder, legacy] = await Promise.all([startRecordingProxy(stack.upstream.url), startEverything('sse')]);
  const register = async (body: Record<string, unknown>) => {
    const created = await stack.api.request('POST', '/v1/servers', body);
    expect(created.status, created.text).toBe(201);
    return created.body as { id: string };
  };
  await register({ name: 'curated', url: recorder.url, tools: allowList });
  await register({
    name: 'readonly',
    url: stack.upstream.url,
    tools: { readOnly: true },
    trustAnnotations: true,
  });
  await register({ name: 'old-sse', url: legacy.url, transport: 'sse', tools: { allow: ['echo'] } });
});

afterAll(async () => {
  await recorder?.close();
  await stack?.gateway.close();
  await stopAll();
});

const endpoint = (server: string) => `${stack.gateway.url}/mcp/${server}`;

describe('session era (real SDK client)', () => {
  it('lists only provisioned tools, and a hidden tool is refused without reaching the upstream', async () => {
    const { client } = await connect(endpoint('curated'), stack.apiKey);
    const everything = await connect(endpoint('plain'), stack.apiKey);
    const all = (await everything.client.listTools()).tools.map((t) => t.name);
    const listed = (await client.listTools()).tools.map((t) => t.name);
    const expected = all.filter(
      (n) =>
        (n === 'echo' || n.startsWith('get-') || n === 'trigger-long-running-operation') && n !== 'get-env',
    );
    expect(listed.sort()).toEqual(expected.sort());
    expect(listed).toContain('get-sum');

    const refused = await client.callTool({ name: 'get-env', arguments: {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(-32602);
    expect((refused as McpError).message).toContain(
      'Tool "get-env" is not available on MCP server "curated"',
    );
    const hidden = await client
      .callTool({ name: 'toggle-simulated-logging', arguments: {} })
      .catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(McpError);
    expect(callsReaching('get-env') + callsReaching('toggle-simulated-logging')).toBe(0);

    const echoed = await client.callTool({ name: 'echo', arguments: { message: 'allowed' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: allowed' }]);
    expect(callsReaching('echo')).toBe(1);
    await Promise.all([client.close(), everything.client.close()]);
  });

  it('still streams progress notifications with provisioning on', async () => {
    const { client } = await connect(endpoint('curated'), stack.apiKey);
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress), timeout: 15_000 },
    );
    expect(result.isError).not.toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    await client.close();
  });

  it('offers only tools annotated read-only on a server whose annotations are trusted', async () => {
    const direct = await connect(endpoint('plain'), stack.apiKey);
    const readOnly = (await direct.client.listTools()).tools
      .filter((t) => t.annotations?.readOnlyHint === true)
      .map((t) => t.name)
      .sort();
    expect(readOnly.length).toBeGreaterThan(0);
    const { client } = await connect(endpoint('readonly'), stack.apiKey);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(readOnly);
    const writer = await client
      .callTool({ name: 'toggle-simulated-logging', arguments: {} })
      .catch((e: unknown) => e);
    expect(writer).toBeInstanceOf(McpError);
    expect((await client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })).isError).not.toBe(true);
    await Promise.all([client.close(), direct.client.close()]);
  });

  it('refuses readOnly without trustAnnotations at configuration time', async () => {
    const result = await stack.api.request('POST', '/v1/servers', {
      name: 'untrusted',
      url: stack.upstream.url,
      tools: { readOnly: true },
    });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toContain('/tools/readOnly');
    expect((await stack.api.request('GET', '/v1/servers?name=untrusted')).body).toMatchObject({ items: [] });
  });

  it('filters a legacy HTTP+SSE upstream the same way', async () => {
    const { client } = await connect(endpoint('old-sse'), stack.apiKey);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(
      await client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } }).catch((e: unknown) => e),
    ).toBeInstanceOf(McpError);
    await client.close();
  });

  it('shows the learned catalog with what each tool offers at GET /v1/servers/{id}/tools', async () => {
    const servers = (await stack.api.request('GET', '/v1/servers?name=curated')).body as {
      items: { id: string }[];
    };
    const catalog = await stack.api.request('GET', `/v1/servers/${servers.items[0]!.id}/tools`);
    expect(catalog.status).toBe(200);
    const body = catalog.body as {
      hash: string;
      items: { name: string; provisioned: boolean; hash: string }[];
    };
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.items.find((t) => t.name === 'echo')).toMatchObject({ provisioned: true });
    expect(body.items.find((t) => t.name === 'get-env')).toMatchObject({ provisioned: false });
  });
});

describe('batches (2025-03-26)', () => {
  it('answers a refused member with its own error and forwards the others', async () => {
    const headers = {
      authorization: `Bearer ${stack.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const init = await httpRequest(endpoint('curated'), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-03-26',
          capabilities: {},
          clientInfo: { name: 'batch', version: '1' },
        },
      }),
    });
    const session = init.headers.get('mcp-session-id')!;
    const inSession = { ...headers, 'mcp-session-id': session, 'mcp-protocol-version': '2025-03-26' };
    await httpRequest(endpoint('curated'), {
      method: 'POST',
      headers: inSession,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    const before = callsReaching('echo');
    const batch = await httpRequest(endpoint('curated'), {
      method: 'POST',
      headers: inSession,
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 'hidden', method: 'tools/call', params: { name: 'get-env', arguments: {} } },
        {
          jsonrpc: '2.0',
          id: 'ok',
          method: 'tools/call',
          params: { name: 'echo', arguments: { message: 'b' } },
        },
      ]),
    });
    expect(replyTo(batch, 'hidden').error).toMatchObject({
      code: -32602,
      data: { code: 'tool_not_provisioned' },
    });
    expect(replyTo(batch, 'ok').result).toMatchObject({ content: [{ type: 'text', text: 'Echo: b' }] });
    expect(callsReaching('echo')).toBe(before + 1);
    expect(callsReaching('get-env')).toBe(0);
  });
});

describe('stateless era (2026-07-28)', () => {
  const call = (method: string, params: Record<string, unknown> = {}, server = 'curated') =>
    httpRequest(endpoint(server), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': method,
        ...(typeof params.name === 'string' ? { 'mcp-name': params.name } : {}),
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 42,
        method,
        params: { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
      }),
    });

  it('lists only provisioned tools and refuses a hidden one before the upstream', async () => {
    const list = replyTo(await call('tools/list'), 42);
    const names = ((list.result?.tools ?? []) as { name: string }[]).map((t) => t.name);
    expect(names).toContain('echo');
    expect(names).not.toContain('get-env');
    expect(list.result).toMatchObject({ resultType: 'complete', cacheScope: 'private' });
    const refused = replyTo(await call('tools/call', { name: 'get-env', arguments: {} }), 42);
    expect(refused.error).toMatchObject({ code: -32602 });
    expect(callsReaching('get-env')).toBe(0);
    const echoed = replyTo(await call('tools/call', { name: 'echo', arguments: { message: 's' } }), 42);
    expect(echoed.result).toMatchObject({ content: [{ type: 'text', text: 'Echo: s' }] });
  });

  it('offers only read-only tools of a server whose annotations are trusted, and refuses the others', async () => {
    const list = replyTo(await call('tools/list', {}, 'readonly'), 42);
    const tools = (list.result?.tools ?? []) as { name: string; annotations?: { readOnlyHint?: boolean } }[];
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(tools.map((t) => t.name)).not.toContain('toggle-simulated-logging');
    const refused = replyTo(
      await call('tools/call', { name: 'toggle-simulated-logging', arguments: {} }, 'readonly'),
      42,
    );
    expect(refused.error).toMatchObject({ code: -32602 });
    const summed = replyTo(
      await call('tools/call', { name: 'get-sum', arguments: { a: 1, b: 2 } }, 'readonly'),
      42,
    );
    expect(summed.result).toMatchObject({ resultType: 'complete' });
  });
});
