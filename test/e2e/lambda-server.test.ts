/**
 * Lambda-hosted MCP servers end to end: the gateway process invokes functions through the real
 * `@aws-sdk/client-lambda`, pointed by `AWS_ENDPOINT_URL_LAMBDA` at a loopback endpoint speaking Lambda's
 * Invoke API that runs the handlers. `server-everything` itself runs as a function (through
 * `mcpFunctionHandler`), used by the real SDK client; function errors, timeouts and payload limits become
 * clear errors; the caller's identity reaches the function and its credential never does.
 */
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createServer as createEverything } from '@modelcontextprotocol/server-everything/dist/server/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { awsFunctionInvoker } from '../../runtime/src/lambda/invoker.js';
import { mcpFunctionHandler } from '../../runtime/src/lambda/mcp-function.js';
import { type InvokeEndpoint, startInvokeEndpoint } from '../../runtime/src/local/lambda-endpoint.js';
import { type Admin, admin } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, stopAll } from '../support/processes.js';
import { initializeBody, post } from '../support/raw-mcp.js';

let endpoint: InvokeEndpoint;
let gateway: GatewayProcess;
let adminApi: Admin;
let apiKey: string;
const clients: Client[] = [];
/** What reached the probe function: the headers of each invocation. */
const invocations: Record<string, string>[] = [];

/** A server of our own: shows the headers it got, reports progress, takes its time, answers a lot. */
function probeServer(): McpServer {
  const server = new McpServer({ name: 'probe-function', version: '1.0.0' });
  server.registerTool('whoami', { inputSchema: {} }, async (_args, extra) => ({
    content: [{ type: 'text', text: JSON.stringify(extra.requestInfo?.headers ?? {}) }],
  }));
  server.registerTool('count', { inputSchema: { to: z.number() } }, async ({ to }, extra) => {
    const token = extra._meta?.progressToken;
    for (let i = 1; i <= to; i++)
      if (token !== undefined)
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: i, total: to },
        });
    return { content: [{ type: 'text', text: `counted to ${to}` }] };
  });
  server.registerTool('slow', { inputSchema: {} }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 6000));
    return { content: [{ type: 'text', text: 'late' }] };
  });
  server.registerTool('big', { inputSchema: { bytes: z.number() } }, async ({ bytes }) => ({
    content: [{ type: 'text', text: 'x'.repeat(bytes) }],
  }));
  return server;
}

const connectTo = async (server: string) => {
  const { client } = await connect(`${gateway.url}/mcp/${server}`, apiKey);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  const probe = mcpFunctionHandler((event) => {
    invocations.push(event.headers ?? {});
    return probeServer();
  });
  endpoint = await startInvokeEndpoint({
    everything: {
      handler: mcpFunctionHandler(() => {
        const { server, cleanup } = createEverything();
        return {
          connect: (transport) => server.connect(transport),
          close: async () => {
            cleanup(undefined);
            await server.close();
          },
        };
      }),
    },
    probe: { handler: (event) => probe(event as Parameters<typeof probe>[0]) },
    crash: {
      handler: () => {
        throw new TypeError('the database password is hunter2');
      },
    },
  });
  const adminKey = 'lambda-admin-key-0123456789abcdef';
  gateway = await GatewayProcess.start({
    adminKey,
    memory: true,
    env: { AWS_ENDPOINT_URL_LAMBDA: endpoint.url, MCP_GATEWAY_MAX_MESSAGE_BYTES: '200000' },
  });
  adminApi = admin(() => gateway.url, adminKey);
  const servers = [
    { name: 'everything', transport: 'lambda', function: 'everything' },
    {
      name: 'probe',
      transport: 'lambda',
      function: 'probe:live',
      timeoutMs: 1500,
      headers: { 'X-Api-Version': '3' },
      identity: { headers: { 'X-User-Id': 'user' } },
    },
    { name: 'crash', transport: 'lambda', function: 'arn:aws:lambda:us-east-1:123456789012:function:crash' },
    { name: 'missing', transport: 'lambda', function: 'missing' },
  ];
  for (const server of servers) {
    const created = await adminApi.request('POST', '/v1/servers', server);
    expect(created.status, created.text).toBe(201);
  }
  apiKey = await adminApi.createApiKey('lambda-laptop', 'lena');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await gateway?.close();
  await endpoint?.close();
  await stopAll();
});

describe('a Lambda-hosted MCP server', () => {
  it('serves server-everything from a function to the SDK client', async () => {
    const client = await connectTo('everything');
    expect(client.getServerVersion()?.name).toBe('mcp-servers/everything');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    const echoed = await client.callTool({ name: 'echo', arguments: { message: 'from lambda' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: from lambda' }]);
    const sum = await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } });
    expect(JSON.stringify(sum.content)).toContain('42');
  });

  it("passes the server's headers and the caller's identity, never the caller's credential", async () => {
    const client = await connectTo('probe');
    invocations.length = 0;
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    const seen = JSON.parse((result.content as { text: string }[])[0]!.text) as Record<string, string>;
    expect(seen).toMatchObject({ 'x-user-id': 'lena', 'x-api-version': '3' });
    expect(JSON.stringify(invocations)).not.toContain(apiKey);
    expect(Object.keys(seen)).not.toContain('authorization');
  });

  it('streams the progress a function reports before its answer', async () => {
    const client = await connectTo('probe');
    const progress: number[] = [];
    const result = await client.callTool({ name: 'count', arguments: { to: 3 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(result.content).toEqual([{ type: 'text', text: 'counted to 3' }]);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('answers a function that fails with an error naming its type only', async () => {
    const client = await connectTo('everything');
    const crash = await adminApi.request('GET', '/v1/servers?name=crash');
    expect(crash.status).toBe(200);
    const failing = await connect(`${gateway.url}/mcp/crash`, apiKey).catch((error: Error) => error);
    expect(failing).toBeInstanceOf(Error);
    expect(String(failing)).toContain('failed (TypeError)');
    expect(String(failing)).not.toContain('hunter2');
    // the other servers are not affected
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });

  it('answers an unknown function with an upstream error naming it', async () => {
    const failing = await connect(`${gateway.url}/mcp/missing`, apiKey).catch((error: Error) => error);
    expect(String(failing)).toContain('Invoking function missing failed (ResourceNotFoundException)');
  });

  it("ends an invocation at the server's timeout", async () => {
    const client = await connectTo('probe');
    const started = Date.now();
    const error = await client.callTool({ name: 'slow', arguments: {} }).catch((e: Error) => e);
    expect(String(error)).toMatch(/did not answer in time/);
    // cut at the timeout (1.5 s), far from the tool's own 6 s
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('refuses answers over the message limit and over Lambda’s payload limit', async () => {
    const client = await connectTo('probe');
    const over = await client.callTool({ name: 'big', arguments: { bytes: 300_000 } }).catch((e: Error) => e);
    expect(String(over)).toContain('answered more than the message limit of 200000 bytes');
    // within the limit it passes
    const fits = await client.callTool({ name: 'big', arguments: { bytes: 1000 } });
    expect((fits.content as { text: string }[])[0]!.text).toHaveLength(1000);
  });

  it('speaks the Invoke API as the AWS SDK expects: 6 MB limits, function errors, unknown functions', async () => {
    const lambda = new LambdaClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const invoker = awsFunctionInvoker(() => lambda);
    const tooLarge = Buffer.from(
      JSON.stringify({ message: { jsonrpc: '2.0', id: 1, method: 'x' }, pad: 'x'.repeat(6_300_000) }),
    );
    await expect(invoker.invoke('probe', tooLarge, AbortSignal.timeout(10_000))).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    // answered as Lambda does, not cut while the request is still being sent
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'probe', Payload: tooLarge })),
    ).rejects.toMatchObject({ name: 'RequestTooLargeException' });
    const failed = await lambda.send(
      new InvokeCommand({ FunctionName: 'crash', Payload: Buffer.from('{}') }),
    );
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(failed.Payload!).toString())).toMatchObject({ errorType: 'TypeError' });
    await expect(
      invoker.invoke('nothing-here', Buffer.from('{}'), AbortSignal.timeout(10_000)),
    ).rejects.toMatchObject({
      code: 'upstream_error',
    });
    lambda.destroy();
    // nothing but a signed request to a loopback host is served (no browser form, no rebound name)
    const unsigned = await fetch(`${endpoint.url}/2015-03-31/functions/probe/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
  });

  it('serves handler modules given to the CLI with --lambda', async () => {
    const adminKey = 'lambda-cli-admin-key-0123456789abcdef';
    const local = await GatewayProcess.start({
      adminKey,
      memory: true,
      args: ['--lambda', `echo=${join(import.meta.dirname, '../support/echo-function.mjs')}`],
    });
    try {
      expect(local.log).toMatch(/Lambda functions: echo \(Invoke API at http:\/\/127\.0\.0\.1:\d+\)/);
      const api = admin(() => local.url, adminKey);
      const created = await api.request('POST', '/v1/servers', {
        name: 'echo',
        transport: 'lambda',
        function: 'echo',
        identity: { headers: { 'X-User-Id': 'user' } },
      });
      expect(created.status, created.text).toBe(201);
      const key = await api.createApiKey('cli-laptop', 'cleo');
      const { client } = await connect(`${local.url}/mcp/echo`, key);
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual({ 'x-user-id': 'cleo' });
      await client.close();
      // the functions' endpoint checks no signature: no server may name it by URL (only by `function`)
      const invokeUrl = /Invoke API at (http:\/\/127\.0\.0\.1:\d+)/.exec(local.log)![1]!;
      const direct = await api.request('POST', '/v1/servers', {
        name: 'direct',
        url: `${invokeUrl}/2015-03-31/functions/echo/invocations`,
        // what the endpoint looks for (it checks no signature)
        headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' },
      });
      expect(direct.status, direct.text).toBe(201);
      const refused = await post(`${local.url}/mcp/direct`, key, initializeBody());
      expect(refused.text).toMatch(/not allowed by the gateway's outbound policy/);
    } finally {
      await local.close();
    }
  });
});

describe('server validation for the lambda transport', () => {
  it('requires a function and refuses what a function has no use for', async () => {
    const missing = await adminApi.request('POST', '/v1/servers', { name: 'no-fn', transport: 'lambda' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errors: [{ pointer: '/function' }] });
    const withUrl = await adminApi.request('POST', '/v1/servers', {
      name: 'fn-url',
      transport: 'lambda',
      function: 'probe',
      url: 'http://127.0.0.1:9/mcp',
    });
    expect(withUrl.status).toBe(400);
    expect(withUrl.body).toMatchObject({ errors: [{ pointer: '/url' }] });
    const badName = await adminApi.request('POST', '/v1/servers', {
      name: 'fn-bad',
      transport: 'lambda',
      function: 'not a function name',
    });
    expect(badName.status).toBe(400);
    const noUrl = await adminApi.request('POST', '/v1/servers', { name: 'http-no-url' });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body).toMatchObject({ errors: [{ pointer: '/url' }] });
  });
});
