/**
 * A legacy HTTP+SSE (2024-11-05) upstream behind the gateway: clients still speak Streamable HTTP to the
 * gateway, which holds the upstream's SSE connection and re-opens it (replaying initialize) when needed.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from '../support/gateway-api.js';
import { type Connected, connect } from '../support/mcp-client.js';
import { type GatewayProcess, stopAll } from '../support/processes.js';
import { startStack } from '../support/stack.js';

let gateway: GatewayProcess;
let apiKey: string;
let endpoint: string;
let session: Connected;

beforeAll(async () => {
  let api: Admin;
  ({ gateway, api, apiKey, endpoint } = await startStack({
    transport: 'sse',
    server: 'legacy',
    user: 'bob',
  }));
  const server = await api.request('GET', '/v1/servers?name=legacy');
  expect(JSON.stringify(server.body)).toContain('"transport":"sse"');
  session = await connect(endpoint, apiKey);
});

afterAll(async () => {
  await session?.client.close().catch(() => undefined);
  await gateway?.close();
  await stopAll();
});

const echo = async (client: Client, message: string) =>
  ((await client.callTool({ name: 'echo', arguments: { message } })).content as Array<{ text: string }>)[0]
    ?.text;

describe('a legacy SSE upstream through the gateway', () => {
  it('initializes, lists and calls tools', async () => {
    expect(session.transport.sessionId).toMatch(/\S+/);
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'get-tiny-image']));
    expect(await echo(session.client, 'over sse')).toBe('Echo: over sse');
  });

  it('passes image content and resources through', async () => {
    const result = await session.client.callTool({ name: 'get-tiny-image', arguments: {} });
    const image = (result.content as Array<{ type: string; mimeType?: string }>).find(
      (b) => b.type === 'image',
    );
    expect(image?.mimeType).toBe('image/png');
    const { resources } = await session.client.listResources();
    const read = await session.client.readResource({ uri: resources[0]!.uri });
    expect(read.contents[0]?.uri).toBe(resources[0]!.uri);
  });

  it('streams progress notifications', async () => {
    const progress: number[] = [];
    await session.client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 0.4, steps: 4 } },
      undefined,
      { onprogress: (event) => progress.push(event.progress), timeout: 15_000 },
    );
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it("delivers the upstream's JSON-RPC errors with their code", async () => {
    const error = await session.client.getPrompt({ name: 'no-such-prompt' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32602);
  });

  it('answers concurrent calls of two sessions to the right callers', async () => {
    const other = await connect(endpoint, apiKey, 'second');
    const messages = ['a', 'b', 'c', 'd'];
    const answers = await Promise.all(
      messages.flatMap((m) => [echo(session.client, `one-${m}`), echo(other.client, `two-${m}`)]),
    );
    expect(answers).toEqual(messages.flatMap((m) => [`Echo: one-${m}`, `Echo: two-${m}`]));
    await other.client.close();
  });

  it('keeps the session across a gateway restart by re-opening the upstream connection', async () => {
    await gateway.restart();
    expect(await echo(session.client, 'after restart')).toBe('Echo: after restart');
  });
});
