/**
 * The real MCP SDK client through the gateway to the real `server-everything` upstream (Streamable HTTP):
 * tools, content types, resources, prompts, progress, upstream errors, cancellation and session end.
 */
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connected, connect, deferred } from '../support/mcp-client.js';
import { type GatewayProcess, stopAll } from '../support/processes.js';
import { startStack } from '../support/stack.js';

let gateway: GatewayProcess;
let apiKey: string;
let endpoint: string;
let session: Connected;

beforeAll(async () => {
  ({ gateway, apiKey, endpoint } = await startStack());
  session = await connect(endpoint, apiKey);
});

afterAll(async () => {
  await session?.client.close();
  await gateway?.close();
  await stopAll();
});

describe('through the gateway, the SDK client', () => {
  it('initializes a session and sees the upstream server', () => {
    expect(session.transport.sessionId).toMatch(/\S+/);
    expect(session.client.getServerVersion()?.name).toBeTruthy();
    expect(session.client.getServerCapabilities()?.tools).toBeDefined();
  });

  it('lists tools with their schemas and annotations', async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'echo',
        'get-sum',
        'get-tiny-image',
        'get-structured-content',
        'trigger-long-running-operation',
      ]),
    );
    const long = tools.find((tool) => tool.name === 'trigger-long-running-operation');
    expect(long?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(long?.inputSchema.properties).toHaveProperty('duration');
    const structured = tools.find((tool) => tool.name === 'get-structured-content');
    expect(structured?.outputSchema?.properties).toHaveProperty('temperature');
  });

  it('calls a tool with text content', async () => {
    const result = await session.client.callTool({ name: 'echo', arguments: { message: 'héllo ✓' } });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: héllo ✓' }]);
  });

  it('calls a tool with arguments', async () => {
    const result = await session.client.callTool({ name: 'get-sum', arguments: { a: 19, b: 23 } });
    expect(JSON.stringify(result.content)).toContain('42');
  });

  it('passes image content through with its exact mimeType and data', async () => {
    const result = await session.client.callTool({ name: 'get-tiny-image', arguments: {} });
    const content = result.content as Array<{ type: string; mimeType?: string; data?: string }>;
    const image = content.find((block) => block.type === 'image');
    expect(image?.mimeType).toBe('image/png');
    const png = Buffer.from(image?.data ?? '', 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('passes structuredContent through', async () => {
    const result = await session.client.callTool({
      name: 'get-structured-content',
      arguments: { location: 'Chicago' },
    });
    expect(result.structuredContent).toMatchObject({
      temperature: expect.any(Number),
      conditions: expect.any(String),
      humidity: expect.any(Number),
    });
  });

  it('returns isError tool results as results, not JSON-RPC errors', async () => {
    const invalid = await session.client.callTool({ name: 'get-sum', arguments: { a: 'one', b: 2 } });
    expect(invalid.isError).toBe(true);
    const unknown = await session.client.callTool({ name: 'no-such-tool', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toContain('no-such-tool');
  });

  it('lists and reads resources', async () => {
    const { resources } = await session.client.listResources();
    expect(resources.length).toBeGreaterThan(0);
    const first = resources[0]!;
    const read = await session.client.readResource({ uri: first.uri });
    expect(read.contents[0]?.uri).toBe(first.uri);
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates.length).toBeGreaterThan(0);
    const dynamic = await session.client.readResource({ uri: 'demo://resource/dynamic/text/7' });
    expect(dynamic.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/7' });
  });

  it('lists and gets prompts', async () => {
    const { prompts } = await session.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(
      expect.arrayContaining(['simple-prompt', 'args-prompt']),
    );
    const simple = await session.client.getPrompt({ name: 'simple-prompt' });
    expect(simple.messages[0]?.content).toMatchObject({ type: 'text' });
    const withArgs = await session.client.getPrompt({ name: 'args-prompt', arguments: { city: 'Lyon' } });
    expect(JSON.stringify(withArgs.messages)).toContain('Lyon');
  });

  it('streams progress notifications while a long tool runs', async () => {
    const progress: Array<{ progress: number; total?: number }> = [];
    const result = await session.client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
      undefined,
      { onprogress: (event) => progress.push(event), timeout: 20_000 },
    );
    expect(progress.map((event) => event.progress)).toEqual([1, 2, 3, 4]);
    expect(progress.every((event) => event.total === 4)).toBe(true);
    expect(JSON.stringify(result.content)).toContain('Long running operation completed');
  });

  it("delivers the upstream's JSON-RPC errors as McpError with the upstream's code", async () => {
    const unknownPrompt = await session.client
      .getPrompt({ name: 'no-such-prompt' })
      .catch((error: unknown) => error);
    expect(unknownPrompt).toBeInstanceOf(McpError);
    expect((unknownPrompt as McpError).code).toBe(-32602);
    expect((unknownPrompt as McpError).message).toContain('no-such-prompt');

    const { ResultSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const unknownMethod = await session.client
      .request({ method: 'no/such-method', params: {} }, ResultSchema)
      .catch((error: unknown) => error);
    expect(unknownMethod).toBeInstanceOf(McpError);
    expect((unknownMethod as McpError).code).toBe(-32601);
  });

  it('cancels a long call on the client and stays healthy', async () => {
    const abort = new AbortController();
    const firstProgress = deferred(15_000, 'the first progress notification');
    const call = session.client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 10, steps: 20 } },
      undefined,
      { signal: abort.signal, onprogress: () => firstProgress.resolve(), timeout: 30_000 },
    );
    const outcome = call.then(
      () => 'completed',
      (error: unknown) => error,
    );
    await firstProgress.promise;
    abort.abort('user cancelled');
    expect(await outcome).not.toBe('completed');

    // the same session and a fresh one both keep working while the cancelled call winds down upstream
    const echo = await session.client.callTool({ name: 'echo', arguments: { message: 'after cancel' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: after cancel' }]);
    const other = await connect(endpoint, apiKey, 'second-client');
    const again = await other.client.callTool({ name: 'echo', arguments: { message: 'fresh' } });
    expect(again.content).toEqual([{ type: 'text', text: 'Echo: fresh' }]);
    await other.client.close();
  });

  it('serves several clients concurrently', async () => {
    const clients = await Promise.all([1, 2, 3].map((n) => connect(endpoint, apiKey, `client-${n}`)));
    const results = await Promise.all(
      clients.flatMap(({ client }, n) =>
        [1, 2, 3].map((i) => client.callTool({ name: 'echo', arguments: { message: `${n}-${i}` } })),
      ),
    );
    expect(results.map((result) => (result.content as Array<{ text: string }>)[0]?.text)).toEqual(
      [0, 1, 2].flatMap((n) => [1, 2, 3].map((i) => `Echo: ${n}-${i}`)),
    );
    await Promise.all(clients.map(({ client }) => client.close()));
  });

  it('ends the session on DELETE; the session id is then unknown (404)', async () => {
    const { client, transport } = await connect(endpoint, apiKey, 'short-lived');
    const sessionId = transport.sessionId!;
    await client.callTool({ name: 'echo', arguments: { message: 'before' } });
    await transport.terminateSession();
    expect(transport.sessionId).toBeUndefined();
    await client.close();

    const response = await fetch(endpoint, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error?: { code: number } };
    expect(body.error?.code).toBeTypeOf('number');
  });

  it('logged no internal errors meanwhile', () => {
    expect(gateway.log).not.toMatch(/internal error|mcp-gateway: (?!listening)/);
  });
});
