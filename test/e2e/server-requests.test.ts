/**
 * Requests from the upstream to the client (sampling, elicitation, roots) through the gateway: the upstream
 * asks on the SSE stream of a tool call, the client answers with a separate POST in the same session, and
 * the gateway routes that answer back to the upstream session that asked — for both upstream transports.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/gateway-api.js';
import { gatewayTransport } from '../support/mcp-client.js';
import { GatewayProcess, startEverything, stopAll } from '../support/processes.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let gateway: GatewayProcess;
let apiKey: string;
const clients: Client[] = [];

beforeAll(async () => {
  const [streamable, legacy, started] = await Promise.all([
    startEverything('streamableHttp'),
    startEverything('sse'),
    GatewayProcess.start({ adminKey }),
  ]);
  gateway = started;
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('streamable', streamable.url);
  await api.registerServer('legacy', legacy.url, 'sse');
  apiKey = await api.createApiKey('carol-laptop', 'carol');
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await gateway?.close();
  await stopAll();
});

/** A client that can be asked for sampling, elicitation and its roots, and answers each in a known way. */
async function capableClient(server: string): Promise<{ client: Client; asked: string[] }> {
  const asked: string[] = [];
  const client = new Client(
    { name: 'capable-client', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} }, roots: { listChanged: false } } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    asked.push('sampling');
    const first = request.params.messages[0]?.content;
    const prompt = first !== undefined && 'text' in first ? String(first.text) : '';
    return { model: 'test-model', role: 'assistant', content: { type: 'text', text: `sampled: ${prompt}` } };
  });
  client.setRequestHandler(ElicitRequestSchema, async () => {
    asked.push('elicitation');
    return {
      action: 'accept',
      content: { name: 'Carol', check: true, email: 'carol@example.com', integer: 7 },
    };
  });
  client.setRequestHandler(ListRootsRequestSchema, async () => {
    asked.push('roots');
    return { roots: [{ uri: 'file:///home/carol/project', name: 'project' }] };
  });
  await client.connect(gatewayTransport(`${gateway.url}/mcp/${server}`, apiKey), { timeout: 15_000 });
  clients.push(client);
  return { client, asked };
}

const text = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');

describe.each(['streamable', 'legacy'])('server→client requests via a %s upstream', (server) => {
  it('relays sampling/createMessage and returns the sampled answer to the upstream', async () => {
    const { client, asked } = await capableClient(server);
    const result = await client.callTool({
      name: 'trigger-sampling-request',
      arguments: { prompt: 'ping', maxTokens: 10 },
    });
    // server-everything asks a client that has roots for them 350 ms after it initialized: a slow call
    // may see that request first
    expect(asked.filter((request) => request !== 'roots')).toEqual(['sampling']);
    expect(text(result)).toContain('sampled:');
    expect(text(result)).toContain('ping');
  });

  it('relays elicitation/create and roots/list', async () => {
    const { client, asked } = await capableClient(server);
    const elicited = await client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    expect(asked).toContain('elicitation');
    expect(text(elicited)).toContain('Carol');
    const roots = await client.callTool({ name: 'get-roots-list', arguments: {} });
    expect(asked).toContain('roots');
    expect(text(roots)).toContain('file:///home/carol/project');
  });
});
