import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fetchHttpClient } from '../../core/http-client.js';
import type { AnswerItem } from '../answer.js';
import { decodeHeaderValue, encodeHeaderValue } from '../era.js';
import type { JsonRpcMessage } from '../jsonrpc.js';
import { decodeReply } from './decode.js';
import { modernHeaders, StatelessHttpTransport } from './stateless-http.js';
import type { UpstreamSession, UpstreamTarget } from './types.js';

const target: UpstreamTarget = {
  name: 'modern',
  url: 'https://modern.test/mcp',
  headers: { authorization: 'Bearer upstream-own' },
  timeoutMs: 1000,
  maxMessageBytes: 100_000,
};

interface Sent {
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A stateless upstream answering each request with `answer` (a JSON-RPC result, or a Response). */
function upstream(answer: (body: Record<string, unknown>) => unknown) {
  const sent: Sent[] = [];
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    sent.push({ headers: Object.fromEntries(new Headers(init?.headers).entries()), body });
    const value = answer(body);
    return value instanceof Response
      ? value
      : Response.json({ jsonrpc: '2.0', id: body['id'], result: value });
  }) as typeof fetch;
  return { sent, transport: new StatelessHttpTransport(fetchHttpClient(fetchImpl)) };
}

const post = (
  transport: StatelessHttpTransport,
  messages: JsonRpcMessage[],
  session: UpstreamSession = { gatewaySessionId: 's' },
  batch = messages.length > 1,
) =>
  transport.post(target, {
    body: JSON.stringify(batch ? messages : messages[0]),
    messages,
    session,
    signal: new AbortController().signal,
  });

async function messagesOf(items: AsyncIterable<AnswerItem>): Promise<JsonRpcMessage[]> {
  const out: JsonRpcMessage[] = [];
  for await (const item of items) if (item.kind === 'message') out.push(item.message);
  return out;
}

const initialize = {
  jsonrpc: '2.0' as const,
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true }, experimental: { x: {} } },
    clientInfo: { name: 'ide', version: '7' },
  },
};

describe('StatelessHttpTransport', () => {
  it('answers initialize from server/discover, in the version the client asked', async () => {
    const { sent, transport } = upstream(() => ({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: { listChanged: true }, resources: { subscribe: true }, logging: {} },
      serverInfo: { name: 'modern', version: '2' },
      instructions: 'Be brief.',
    }));
    const reply = await post(transport, [initialize]);
    expect(reply.status).toBe(200);
    expect(reply.sessionId).toBeUndefined();
    expect(await messagesOf(decodeReply(reply, target))).toEqual([
      {
        jsonrpc: '2.0',
        id: 0,
        result: {
          protocolVersion: '2025-06-18',
          capabilities: { tools: {}, resources: {} },
          serverInfo: { name: 'modern', version: '2' },
          instructions: 'Be brief.',
        },
      },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({
      jsonrpc: '2.0',
      id: 0,
      method: 'server/discover',
      params: {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          // what it can be asked here: no input (it would come in results a session cannot carry)
          'io.modelcontextprotocol/clientCapabilities': { experimental: { x: {} } },
          'io.modelcontextprotocol/clientInfo': { name: 'ide', version: '7' },
        },
      },
    });
    expect(sent[0]!.headers).toMatchObject({
      authorization: 'Bearer upstream-own',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'server/discover',
    });
    expect(sent[0]!.headers['mcp-session-id']).toBeUndefined();
  });

  it("sends each request stateless with the session's client in _meta, keeping the request's own _meta", async () => {
    const { sent, transport } = upstream(() => ({ resultType: 'complete', content: [] }));
    const session = {
      gatewaySessionId: 's',
      initialize: JSON.stringify(initialize),
      protocolVersion: '2025-06-18',
    };
    const call = {
      jsonrpc: '2.0' as const,
      id: 7,
      method: 'tools/call',
      params: {
        name: 'naïve tool',
        arguments: {},
        _meta: { progressToken: 'p', 'io.modelcontextprotocol/protocolVersion': '1999-01-01' },
      },
    };
    const reply = await post(transport, [call], session);
    expect(await messagesOf(decodeReply(reply, target))).toEqual([
      { jsonrpc: '2.0', id: 7, result: { resultType: 'complete', content: [] } },
    ]);
    expect(sent[0]!.body['params']).toEqual({
      name: 'naïve tool',
      arguments: {},
      _meta: {
        progressToken: 'p',
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        // what it can be asked here: no input (it would come in results a session cannot carry)
        'io.modelcontextprotocol/clientCapabilities': { experimental: { x: {} } },
        'io.modelcontextprotocol/clientInfo': { name: 'ide', version: '7' },
      },
    });
    expect(sent[0]!.headers).toMatchObject({
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': `=?base64?${Buffer.from('naïve tool').toString('base64')}?=`,
    });
  });

  it('answers ping itself, sends nothing for notifications, and has no stream or session to end', async () => {
    const { sent, transport } = upstream(() => ({}));
    const pong = await post(transport, [{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect(await messagesOf(decodeReply(pong, target))).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
    const quiet = await post(transport, [{ jsonrpc: '2.0', method: 'notifications/initialized' }]);
    expect(quiet.status).toBe(202);
    expect((await transport.listen()).status).toBe(405);
    await transport.terminate();
    expect(sent).toEqual([]);
  });

  it('turns a request for input into an error naming the server; passes refusals of credentials on', async () => {
    const { transport } = upstream((body) =>
      (body['params'] as { name?: string }).name === 'ask'
        ? { resultType: 'input_required', inputRequests: {}, requestState: 'x' }
        : new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer' } }),
    );
    const ask = await post(transport, [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ask', arguments: {} } },
    ]);
    const [answer] = await messagesOf(decodeReply(ask, target));
    expect(answer).toMatchObject({ id: 1, error: { message: expect.stringContaining('"modern"') } });
    const refused = await post(transport, [
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'other', arguments: {} } },
    ]);
    expect(refused.status).toBe(401);
    // an initialize whose discover is refused is refused the same way (the gateway renews credentials)
    expect((await post(transport, [initialize])).status).toBe(401);
  });

  it('answers each member of a batch on its own; refused credentials first refuse the batch', async () => {
    let refuse = false;
    const { sent, transport } = upstream((body) =>
      refuse
        ? new Response('{}', { status: 401 })
        : body['method'] === 'prompts/list'
          ? new Response('down', { status: 502 })
          : { resultType: 'complete' },
    );
    const batch: JsonRpcMessage[] = [
      { jsonrpc: '2.0', id: 1, method: 'prompts/list' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ];
    const answers = await messagesOf(decodeReply(await post(transport, batch), target));
    expect(answers).toMatchObject([
      { id: 1, error: { message: expect.stringContaining('HTTP 502') } },
      { id: 2, result: { resultType: 'complete' } },
    ]);
    const partly = await post(transport, batch);
    // a member the upstream failed (a 5xx): the reply says so, for the target's circuit
    expect(partly.serverFailed).toBe(true);
    await messagesOf(decodeReply(partly, target));
    refuse = true;
    expect((await post(transport, batch)).status).toBe(401);
    expect(sent).toHaveLength(5); // the refused batch went no further than its first request
  });

  it('answers each request of a batch whose every request failed, the reply marked a failure of the target', async () => {
    const { transport } = upstream((body) =>
      body['method'] === 'tools/list'
        ? new Response('down', { status: 503 })
        : new Response('no', { status: 400 }),
    );
    const batch: JsonRpcMessage[] = [
      { jsonrpc: '2.0', id: 1, method: 'prompts/list' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ];
    const reply = await post(transport, batch);
    expect(reply.serverFailed).toBe(true);
    expect(await messagesOf(decodeReply(reply, target))).toMatchObject([
      { id: 1, error: { message: expect.stringContaining('HTTP 400') } },
      { id: 2, error: { message: expect.stringContaining('HTTP 503') } },
    ]);
    // a client error alone is no failure of the target
    const { transport: refusing } = upstream(() => new Response('no', { status: 400 }));
    expect((await post(refusing, batch)).serverFailed).toBeUndefined();
  });

  it("closes a session's request upstream when its client cancels it (the revision's cancel)", async () => {
    let aborted = 0;
    const fetchImpl = ((_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => {
          aborted++;
          reject(init.signal?.reason);
        }),
      )) as typeof fetch;
    const transport = new StatelessHttpTransport(fetchHttpClient(fetchImpl));
    const session = { gatewaySessionId: 'gw-1', initialize: JSON.stringify(initialize) };
    const slow = post(
      transport,
      [{ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'slow', arguments: {} } }],
      session,
    );
    slow.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // another session's request of the same id is not this one
    await post(transport, [{ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9 } }]);
    expect(aborted).toBe(0);
    const cancelled = await post(
      transport,
      [{ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9 } }],
      session,
    );
    expect(cancelled.status).toBe(202);
    await expect(slow).rejects.toBeDefined();
    expect(aborted).toBe(1);
  });

  it("sends a stateless client's own request as it is, and passes a request for input on", async () => {
    const { sent, transport } = upstream(() => ({ resultType: 'input_required', requestState: 'x' }));
    const own = {
      jsonrpc: '2.0' as const,
      id: 'c-1',
      method: 'tools/call',
      params: {
        name: 'ask',
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
          'io.modelcontextprotocol/clientInfo': { name: 'agent', version: '1' },
        },
      },
    };
    const reply = await transport.post(target, {
      body: JSON.stringify(own),
      messages: [own],
      session: { gatewaySessionId: 'bridge', initialize: JSON.stringify(initialize) },
      signal: new AbortController().signal,
      stateless: true,
    });
    expect(await messagesOf(decodeReply(reply, target))).toEqual([
      { jsonrpc: '2.0', id: 'c-1', result: { resultType: 'input_required', requestState: 'x' } },
    ]);
    expect(sent[0]!.body).toEqual(own);
  });

  it("mirrors a call's arguments into the Mcp-Param-* headers its tool's schema names", async () => {
    const sent: Sent[] = [];
    const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      sent.push({ headers: Object.fromEntries(new Headers(init?.headers).entries()), body });
      return Response.json({ jsonrpc: '2.0', id: body['id'], result: { content: [] } });
    }) as typeof fetch;
    const schema = {
      type: 'object',
      properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, query: { type: 'string' } },
    };
    const asked: string[] = [];
    const transport = new StatelessHttpTransport(fetchHttpClient(fetchImpl), async (server, tool) => {
      asked.push(`${server}/${tool}`);
      return tool === 'execute_sql' ? schema : undefined;
    });
    const call = (id: number, name: string) => ({
      jsonrpc: '2.0' as const,
      id,
      method: 'tools/call',
      params: { name, arguments: { region: 'us-west1', query: 'SELECT 1' } },
    });
    await post(transport, [call(1, 'execute_sql')], {
      gatewaySessionId: 'bridge',
      initialize: JSON.stringify(initialize),
    });
    expect(sent[0]!.headers).toMatchObject({ 'mcp-name': 'execute_sql', 'mcp-param-region': 'us-west1' });
    // a tool whose schema is not known (not listed yet) goes without
    await post(transport, [call(2, 'other')], {
      gatewaySessionId: 'bridge',
      initialize: JSON.stringify(initialize),
    });
    expect(Object.keys(sent[1]!.headers).filter((h) => h.startsWith('mcp-param-'))).toEqual([]);
    expect(asked).toEqual(['modern/execute_sql', 'modern/other']);
  });

  it('counts the tool list a call waits for against its one timeout', async () => {
    const sent: number[] = [];
    const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(Date.now());
      // the upstream takes 250 ms, within the 400 ms timeout on its own
      await new Promise((resolve) => setTimeout(resolve, 250));
      init?.signal?.throwIfAborted();
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      return Response.json({ jsonrpc: '2.0', id: body['id'], result: { content: [] } });
    }) as typeof fetch;
    const slowList = new StatelessHttpTransport(fetchHttpClient(fetchImpl), async (_server, tool) => {
      await new Promise((resolve) => setTimeout(resolve, tool === 'hangs' ? 10_000 : 250));
      return undefined;
    });
    const call = (name: string) =>
      slowList.post(
        { ...target, timeoutMs: 400 },
        {
          body: '{}',
          messages: [{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {} } }],
          session: { gatewaySessionId: 'g', initialize: JSON.stringify(initialize) },
          signal: new AbortController().signal,
        },
      );
    const started = Date.now();
    // a list that never ends: the call times out at its own timeout, and nothing is sent
    await expect(call('hangs')).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sent).toEqual([]);
    // 250 ms of listing leave 150 ms of the 400 for the call itself: too few for this upstream
    await expect(call('slow')).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(sent).toHaveLength(1);
  });

  it('answers initialize with an error when discover answers none; a batch request by request', async () => {
    const { sent, transport } = upstream((body) =>
      body['method'] === 'server/discover'
        ? Response.json({ jsonrpc: '2.0', id: body['id'], error: { code: -32601, message: 'nope' } })
        : { resultType: 'complete', method: body['method'] },
    );
    const failed = await messagesOf(decodeReply(await post(transport, [initialize]), target));
    expect(failed).toMatchObject([{ id: 0, error: { message: expect.stringContaining('server/discover') } }]);
    const batch = await post(transport, [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 0 } },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
      { jsonrpc: '2.0', id: 3, method: 'prompts/list' },
    ]);
    expect(await messagesOf(decodeReply(batch, target))).toEqual([
      { jsonrpc: '2.0', id: 1, result: { resultType: 'complete', method: 'tools/list' } },
      { jsonrpc: '2.0', id: 2, result: {} },
      { jsonrpc: '2.0', id: 3, result: { resultType: 'complete', method: 'prompts/list' } },
    ]);
    expect(sent.map((s) => s.body['method'])).toEqual(['server/discover', 'tools/list', 'prompts/list']);
  });
});

describe('the routing headers the gateway sends a stateless upstream', () => {
  it('encode any name so that it decodes to itself, plain when it is printable ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const encoded = encodeHeaderValue(value);
        expect(decodeHeaderValue(encoded)).toBe(value);
        // a header value is printable ASCII (no CR/LF, nothing a server reads another way)
        expect(encoded).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 2000 },
    );
    expect(encodeHeaderValue('get_weather')).toBe('get_weather');
    expect(encodeHeaderValue(' padded')).toMatch(/^=\?base64\?/);
    expect(encodeHeaderValue('=?base64?eA==?=')).not.toBe('=?base64?eA==?=');
  });

  it('name the method, and the target of a call', () => {
    expect(modernHeaders({ method: 'tools/list' })).toEqual({ 'mcp-method': 'tools/list' });
    expect(modernHeaders({ method: 'resources/read', params: { uri: 'file:///ä' } })).toEqual({
      'mcp-method': 'resources/read',
      'mcp-name': `=?base64?${Buffer.from('file:///ä').toString('base64')}?=`,
    });
  });
});
