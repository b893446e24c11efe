/**
 * Service mode: two gateway processes share one state. A runs the embedded store on a fixed loopback port
 * (`--store-port`); B joins it (`--dynamodb-endpoint`, `--table`). The admin key A generated, the servers and
 * API keys registered through A, and the sessions started on A are all B's too.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type HttpResult, httpRequest, replyTo } from '../support/gateway-api.js';
import { connect, gatewayTransport } from '../support/mcp-client.js';
import { freePort, GatewayProcess, startEverything, stopAll, type Upstream } from '../support/processes.js';

const CONFIG_TTL_MS = 500;
let upstream: Upstream;
let a: GatewayProcess;
let b: GatewayProcess;
let storeEndpoint: string;
let adminKey: string;
let apiKey: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  storeEndpoint = `http://127.0.0.1:${await freePort()}`;
  const storePort = new URL(storeEndpoint).port;
  // no MCP_GATEWAY_ADMIN_KEY: A generates the key, B must adopt it rather than make its own
  [upstream, a] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ memory: true, args: ['--store-port', storePort] }),
  ]);
  const generated = /Admin key \(shown once\): (\S+)/.exec(a.log)?.[1];
  if (generated === undefined) throw new Error(`A printed no admin key:\n${a.log}`);
  adminKey = generated;
  b = await GatewayProcess.start({
    externalStore: true,
    args: ['--dynamodb-endpoint', storeEndpoint, '--table', 'mcp-gateway'],
    env: { MCP_GATEWAY_CONFIG_TTL_MS: String(CONFIG_TTL_MS) },
  });
  apiKey = await admin(() => a.url, adminKey).createApiKey('carol-laptop', 'carol');
});

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await b?.close();
  await a?.close();
  await stopAll();
});

const mcpHeaders = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${apiKey}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...extra,
});

const initialize = (url: string): Promise<HttpResult> =>
  httpRequest(url, {
    method: 'POST',
    headers: mcpHeaders(),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });

const echo = async (client: Client, message: string) =>
  ((await client.callTool({ name: 'echo', arguments: { message } })).content as Array<{ text: string }>)[0]
    ?.text;

describe('two gateway processes on one store', () => {
  it('A says how to join its store; B joins it as it is, adopting the admin key A generated', async () => {
    expect(a.log).toContain(
      `Store:           ${storeEndpoint}   (other gateways join with --dynamodb-endpoint ${storeEndpoint} --table mcp-gateway)`,
    );
    expect(b.log).toContain(`Store:           table mcp-gateway at ${storeEndpoint}\n`);
    expect(b.log).not.toContain('created');
    expect(b.log).not.toMatch(/Admin key \(shown once/);
    expect(b.log).toContain('Admin key:       the one already in the store');

    const onB = await admin(() => b.url, adminKey).request('GET', '/v1/api-keys');
    expect(onB.status).toBe(200);
    expect(JSON.stringify(onB.body)).toContain('carol-laptop');
    expect((await admin(() => b.url, 'mcpgw_admin_wrong').request('GET', '/v1/servers')).status).toBe(401);
  });

  it('a server registered through A is served by B within the config TTL', async () => {
    const endpoint = `${b.url}/mcp/everything`;
    // B looks the server up before it exists, and caches the miss
    expect((await initialize(endpoint)).status).toBe(404);
    await admin(() => a.url, adminKey).registerServer('everything', upstream.url);
    const registeredAt = Date.now();
    const deadline = registeredAt + CONFIG_TTL_MS + 5_000;
    let status = 404;
    while (status === 404 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await initialize(endpoint)).status;
    }
    expect(status).toBe(200);
    // the miss expired with B's short TTL (slack for polling on a busy machine)
    expect(Date.now() - registeredAt).toBeLessThan(CONFIG_TTL_MS + 1_000);

    const onB = await connect(endpoint, apiKey, 'on-b');
    closers.push(() => onB.client.close());
    expect(await echo(onB.client, 'served by B')).toBe('Echo: served by B');
  });

  it('a session started on A continues on B (raw and SDK clients), and on A again', async () => {
    await admin(() => a.url, adminKey).registerServer('roaming', upstream.url);
    const onA = await connect(`${a.url}/mcp/roaming`, apiKey, 'roaming');
    closers.push(() => onA.client.close());
    expect(await echo(onA.client, 'on A')).toBe('Echo: on A');
    const sessionId = onA.transport.sessionId!;
    const inSession = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };

    const raw = await httpRequest(`${b.url}/mcp/roaming`, {
      method: 'POST',
      headers: mcpHeaders(inSession),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'echo', arguments: { message: 'raw on B' } },
      }),
    });
    expect(raw.status).toBe(200);
    expect(replyTo(raw, 7).result).toMatchObject({ content: [{ type: 'text', text: 'Echo: raw on B' }] });

    const client = new Client({ name: 'roaming-on-b', version: '1.0.0' });
    const transport = gatewayTransport(`${b.url}/mcp/roaming`, apiKey, sessionId);
    await client.connect(transport, { timeout: 15_000 });
    closers.push(() => client.close());
    expect(transport.sessionId).toBe(sessionId);
    expect(await echo(client, 'SDK on B')).toBe('Echo: SDK on B');
    expect(await echo(onA.client, 'A again')).toBe('Echo: A again');

    // B found the session in the store; one that is nowhere is refused
    const unknown = await httpRequest(`${b.url}/mcp/roaming`, {
      method: 'POST',
      headers: mcpHeaders({ ...inSession, 'mcp-session-id': 'no-such-session' }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/list', params: {} }),
    });
    expect(unknown.status).toBe(404);
  });

  it('a gateway pointed at a missing table on the endpoint creates it and says so', async () => {
    const c = await GatewayProcess.start({
      adminKey: 'admin-of-another-table',
      externalStore: true,
      args: ['--dynamodb-endpoint', storeEndpoint, '--table', 'another-table'],
    });
    try {
      expect(c.log).toContain(
        `Store:           table another-table at ${storeEndpoint} (it did not exist: created it)`,
      );
      expect((await admin(() => c.url, 'admin-of-another-table').request('GET', '/v1/servers')).body).toEqual(
        expect.objectContaining({ items: [] }),
      );
    } finally {
      await c.close();
    }
  });

  it('neither process lets a server name the store both use (its loopback port is no upstream)', async () => {
    await admin(() => a.url, adminKey).registerServer('store-probe', `${storeEndpoint}/`);
    for (const gateway of [a, b]) {
      const answer = await initialize(`${gateway.url}/mcp/store-probe`);
      const text = JSON.stringify(answer.body);
      expect(text, gateway.url).toContain("not allowed by the gateway's outbound policy");
      // the caller learns nothing of the network behind the gateway
      expect(text, gateway.url).not.toContain(new URL(storeEndpoint).port);
      expect(text, gateway.url).not.toContain('127.0.0.1');
    }
  });

  it('logged no failures meanwhile', () => {
    for (const gateway of [a, b]) expect(gateway.log).not.toMatch(/failed|internal error/i);
  });
});
