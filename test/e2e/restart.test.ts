/**
 * The gateway restarts (same data folder, same port) while a client holds a session: the session, the
 * registered servers and the API keys all survive, because they live in the file-backed store.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin } from '../support/gateway-api.js';
import { type Connected, connect, gatewayTransport } from '../support/mcp-client.js';
import { GatewayProcess, stopAll, type Upstream } from '../support/processes.js';
import { openSession, sessionPost, toolCallMessage } from '../support/raw-mcp.js';
import { startStack } from '../support/stack.js';

let upstream: Upstream;
let gateway: GatewayProcess;
let api: Admin;
let adminKey: string;
let apiKey: string;
let endpoint: string;
let session: Connected;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  ({ upstream, gateway, adminKey, apiKey, endpoint, api } = await startStack());
  session = await connect(endpoint, apiKey);
  closers.push(() => session.client.close());
});

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await gateway?.close();
  await stopAll();
});

const echo = async (client: Client, message: string) =>
  ((await client.callTool({ name: 'echo', arguments: { message } })).content as Array<{ text: string }>)[0]
    ?.text;

describe('after the gateway restarts', () => {
  let sessionId: string;

  beforeAll(async () => {
    expect(await echo(session.client, 'before restart')).toBe('Echo: before restart');
    sessionId = session.transport.sessionId!;
    const port = gateway.port;
    await gateway.restart();
    expect(gateway.port).toBe(port);
  });

  it('the same client keeps using its session', async () => {
    expect(await echo(session.client, 'after restart')).toBe('Echo: after restart');
    expect(session.transport.sessionId).toBe(sessionId);
  });

  it('a new transport resuming the session id (no initialize) is served', async () => {
    const client = new Client({ name: 'resumed', version: '1.0.0' });
    const transport = gatewayTransport(endpoint, apiKey, sessionId);
    await client.connect(transport, { timeout: 15_000 });
    closers.push(() => client.close());
    expect(transport.sessionId).toBe(sessionId);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('echo');
    expect(await echo(client, 'resumed')).toBe('Echo: resumed');
    const progress: number[] = [];
    await client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (event) => progress.push(event.progress), timeout: 15_000 },
    );
    expect(progress).toEqual([1, 2, 3]);
  });

  it('registered servers are still there', async () => {
    const api = admin(() => gateway.url, adminKey);
    const list = await api.request('GET', '/v1/servers');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain(upstream.url);
  });

  it('API keys still authenticate new sessions', async () => {
    const fresh = await connect(endpoint, apiKey, 'after-restart');
    closers.push(() => fresh.client.close());
    expect(fresh.transport.sessionId).not.toBe(sessionId);
    expect(await echo(fresh.client, 'new session')).toBe('Echo: new session');
  });

  it('a second restart changes nothing either', async () => {
    await gateway.restart();
    expect(await echo(session.client, 'twice')).toBe('Echo: twice');
  });
});

/**
 * A long tool call of `duration` seconds on a session of its own, under way once this answers (300 ms in),
 * from a client that cannot resume a stream: what it reads is what the gateway sent.
 */
async function callUnderWay(mcpEndpoint: string, key: string, id: number, duration: number) {
  const sessionId = await openSession(mcpEndpoint, key);
  await sessionPost(mcpEndpoint, key, sessionId, { jsonrpc: '2.0', method: 'notifications/initialized' });
  const call = toolCallMessage(id, 'trigger-long-running-operation', { duration, steps: 3 });
  const answer = sessionPost(mcpEndpoint, key, sessionId, call);
  answer.catch(() => undefined); // read by the caller; not unhandled meanwhile
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { answer };
}

describe('when the gateway is stopped', () => {
  it('answers a call in flight before it goes, and records it', async () => {
    const key = await api.createApiKey('in-flight', 'in-flight-user');
    const slow = (await callUnderWay(endpoint, key, 7, 1.5)).answer;
    // SIGTERM while the tool runs; the session's client above reopens its stream meanwhile, refused
    const stopping = gateway.stop();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"id":7');
    expect(answer.text).toContain('completed');
    await stopping;
    expect(gateway.exitCode).toBe(0); // ended by itself once its connections closed, not killed
    await gateway.restart();
    // what the call left pending (its usage) was written before the process went
    const usage = await api.request(
      'GET',
      '/v1/analytics/usage?server=everything&tool=trigger-long-running-operation&user=in-flight-user',
    );
    expect(usage.status, usage.text).toBe(200);
    const calls = (usage.body as { buckets: { calls: number }[] }).buckets.reduce((n, b) => n + b.calls, 0);
    expect(calls).toBe(1);
  });
});

describe('when Ctrl-C reaches it twice at once (from the terminal, and passed on by npm start)', () => {
  it('stops once, as for one signal: the call in flight is answered and recorded', async () => {
    const key = await api.createApiKey('twice', 'twice-user');
    const slow = (await callUnderWay(endpoint, key, 8, 1.5)).answer;
    const exited = gateway.signal('SIGINT');
    // npm's comes a moment later (two at once would be one pending signal)
    await new Promise((resolve) => setTimeout(resolve, 100));
    gateway.signal('SIGINT');
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"id":8');
    expect(answer.text).toContain('completed');
    await exited;
    expect(gateway.exitCode).toBe(0);
    await gateway.restart();
    const usage = await api.request(
      'GET',
      '/v1/analytics/usage?server=everything&tool=trigger-long-running-operation&user=twice-user',
    );
    const calls = (usage.body as { buckets: { calls: number }[] }).buckets.reduce((n, b) => n + b.calls, 0);
    expect(calls).toBe(1);
  });
});

/** Another gateway in memory with `env`, serving the upstream as `everything`, and an api key for it. */
async function gatewayWith(env: Record<string, string>, user: string) {
  const started = await GatewayProcess.start({ adminKey, memory: true, env });
  closers.push(() => started.close());
  const startedApi = admin(() => started.url, adminKey);
  await startedApi.registerServer('everything', upstream.url);
  return { gateway: started, key: await startedApi.createApiKey(user, user) };
}

describe('with a shorter shutdown grace (MCP_GATEWAY_SHUTDOWN_GRACE_MS)', () => {
  it('cuts a call still running when the grace is over, and exits by itself', async () => {
    const { gateway: short, key } = await gatewayWith({ MCP_GATEWAY_SHUTDOWN_GRACE_MS: '300' }, 'grace-user');
    const shortEndpoint = `${short.url}/mcp/everything`;
    const slow = (await callUnderWay(shortEndpoint, key, 8, 30)).answer.catch((error: unknown) => error);
    // the default grace (10 s) would outlast this wait, and the process would be killed
    await short.stop(4000);
    expect(short.exitCode).toBe(0);
    const answer = await slow;
    expect(JSON.stringify(answer)).not.toContain('completed');
  });
});

describe('with a shutdown delay (MCP_GATEWAY_SHUTDOWN_DELAY_MS)', () => {
  it('goes on serving after SIGTERM while /healthz answers 503, then stops by itself', async () => {
    const { gateway: delayed, key } = await gatewayWith(
      { MCP_GATEWAY_SHUTDOWN_DELAY_MS: '2000' },
      'delay-user',
    );
    expect((await fetch(`${delayed.url}/healthz`)).status).toBe(200);
    const exited = delayed.signal('SIGTERM');
    await expect.poll(async () => (await fetch(`${delayed.url}/healthz`)).status).toBe(503);
    const health = await fetch(`${delayed.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'shutting_down' });
    // what the load balancer still sends meanwhile is served, on new connections too
    const sessionId = await openSession(`${delayed.url}/mcp/everything`, key);
    expect(sessionId).toMatch(/./);
    expect(await exited).toBe(0);
    expect(delayed.log).toContain('stopping in 2000 ms');
  });
});
