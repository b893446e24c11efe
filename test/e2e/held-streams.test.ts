/**
 * A request the upstream sends on the session's GET stream before the client has opened it: SDK clients
 * open that stream without waiting and send their next request at once, so the upstream may ask (here:
 * sampling, from a tool) before the GET reaches it. The gateway opens the stream when the session is
 * initialized and holds what arrives until the client's GET takes it over, so nothing is lost.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/gateway-api.js';
import { GatewayProcess, stopAll } from '../support/processes.js';
import { type SdkUpstream, startSdkUpstream } from '../support/sdk-upstream.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let gateway: GatewayProcess;
let upstream: SdkUpstream;
let apiKey: string;

/** An SDK server whose `ask` tool asks the client for a sampling on the session's GET stream. */
const startAskingUpstream = () =>
  startSdkUpstream('asking-upstream', (mcp) => {
    mcp.registerTool('ask', { description: 'Asks the client for a sampling.' }, async () => {
      // not tied to the call: the request goes out on the session's GET stream
      const sampled = await mcp.server.createMessage(
        { messages: [{ role: 'user', content: { type: 'text', text: 'ping' } }], maxTokens: 5 },
        { timeout: 8000 },
      );
      const text = sampled.content.type === 'text' ? sampled.content.text : '?';
      return { content: [{ type: 'text', text: `the client said ${text}` }] };
    });
  });

beforeAll(async () => {
  [upstream, gateway] = await Promise.all([
    startAskingUpstream(),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('asking', upstream.url);
  apiKey = await api.createApiKey('erin-laptop', 'erin');
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await stopAll();
});

/** The JSON-RPC messages of an SSE body as they arrive. */
async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<Record<string, unknown>> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n');
      buffer = buffer.slice(end + 2);
      if (data !== '') yield JSON.parse(data) as Record<string, unknown>;
      end = buffer.indexOf('\n\n');
    }
  }
}

describe('a server→client request sent before the client opened its GET stream', () => {
  it('is held by the gateway and delivered when the GET arrives; the tool call completes', async () => {
    const endpoint = `${gateway.url}/mcp/asking`;
    const headers = {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const initialize = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: { sampling: {} },
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    });
    await initialize.text();
    const session = {
      ...headers,
      'mcp-session-id': initialize.headers.get('mcp-session-id') ?? '',
      'mcp-protocol-version': '2025-11-25',
    };
    const initialized = await fetch(endpoint, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);

    // the call first: the upstream asks while no GET of the client exists yet
    const call = await fetch(endpoint, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'ask', arguments: {} },
      }),
      signal: AbortSignal.timeout(15_000),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listen = await fetch(endpoint, {
      method: 'GET',
      headers: { ...session, accept: 'text/event-stream' },
      signal: AbortSignal.timeout(15_000),
    });
    expect(listen.status).toBe(200);
    const stream = sseMessages(listen.body!);
    const asked = (await stream.next()).value as { id: unknown; method: string };
    expect(asked.method).toBe('sampling/createMessage');
    const answered = await fetch(endpoint, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: asked.id,
        result: { model: 'test', role: 'assistant', content: { type: 'text', text: 'pong' } },
      }),
    });
    expect(answered.status).toBe(202);
    let result: unknown;
    for await (const message of sseMessages(call.body!)) {
      if (message.id === 1) {
        result = message.result;
        break;
      }
    }
    expect(result).toEqual({ content: [{ type: 'text', text: 'the client said pong' }] });
    await stream.return(undefined);
  });
});
