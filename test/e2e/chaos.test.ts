/**
 * Retries, timeouts and circuit breakers against upstreams that fail on purpose: MCP SDK servers behind a
 * fault injector (test/support/chaos-upstream.ts) — injected errors, dropped connections, malformed
 * answers, latency, and SSE answers that are paced, stalled or cut mid-stream — driven by the real SDK
 * client through the built gateway.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ChaosCall, type ChaosUpstream, startChaosUpstream } from '../support/chaos-upstream.js';
import { type Admin, admin } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, stopAll } from '../support/processes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) for the gateway's close of an upstream response to be seen upstream. */
async function closed(call: ChaosCall | undefined): Promise<void> {
  for (let waited = 0; call?.closedAt === undefined && waited < 2000; waited += 20) await sleep(20);
}

/** `echo` and `write` answer at once; `progress` sends three progress notifications first. */
function tools(mcp: McpServer) {
  mcp.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  mcp.registerTool('write', { inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text: `wrote ${text}` }],
  }));
  mcp.registerTool('progress', {}, async (extra) => {
    const token = extra._meta?.progressToken;
    for (let step = 1; step <= 3; step++) {
      if (token !== undefined)
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: step, total: 3 },
        });
      await sleep(20);
    }
    return { content: [{ type: 'text', text: 'done' }] };
  });
}

let gateway: GatewayProcess;
let api: Admin;
let apiKey: string;
const upstreams: Record<'retrying' | 'streaming' | 'breaker', ChaosUpstream> = {} as never;
const clients: Client[] = [];

beforeAll(async () => {
  const adminKey = 'chaos-admin-key-0123456789abcdef';
  let started: ChaosUpstream[];
  [gateway, ...started] = await Promise.all([
    GatewayProcess.start({ adminKey, memory: true }),
    startChaosUpstream('retrying', tools, 7),
    startChaosUpstream('streaming', tools, 8),
    startChaosUpstream('breaker', tools, 9),
  ]);
  [upstreams.retrying, upstreams.streaming, upstreams.breaker] = started as [
    ChaosUpstream,
    ChaosUpstream,
    ChaosUpstream,
  ];
  api = admin(() => gateway.url, adminKey);
  for (const body of [
    {
      name: 'retrying',
      url: upstreams.retrying.url,
      timeoutMs: 5000,
      retry: { attempts: 3, backoffMs: 10, maxBackoffMs: 50, idempotentTools: ['echo'] },
    },
    {
      name: 'streaming',
      url: upstreams.streaming.url,
      timeoutMs: 1500,
      retry: { attempts: 3, backoffMs: 10, idempotentTools: ['*'] },
    },
    {
      name: 'breaker',
      url: upstreams.breaker.url,
      circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 1 },
    },
  ]) {
    const created = await api.request('POST', '/v1/servers', body);
    expect(created.status, created.text).toBe(201);
  }
  apiKey = await api.createApiKey('chaos-laptop', 'casey');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await Promise.all(Object.values(upstreams).map((u) => u?.close()));
  await gateway?.close();
  await stopAll();
});

async function client(server: string): Promise<Client> {
  const { client } = await connect(`${gateway.url}/mcp/${server}`, apiKey);
  clients.push(client);
  return client;
}

/** The text of a tool's answer, or the error the client got. */
async function call(c: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  try {
    const result = await c.callTool({ name, arguments: args }, CallToolResultSchema, { timeout: 10_000 });
    return (result.content as { text: string }[])[0]?.text ?? '';
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('retries against injected faults', () => {
  it('a safe call is retried past errors and dropped connections; the client never sees them', async () => {
    const c = await client('retrying');
    const upstream = upstreams.retrying;
    upstream.failNext(2, 'error');
    expect(await call(c, 'echo', { text: 'one' })).toBe('one');
    expect(upstream.callsOf('echo').map((x) => x.fault)).toEqual(['error', 'error', 'none']);
    upstream.failNext(1, 'drop');
    expect(await call(c, 'echo', { text: 'two' })).toBe('two');
    expect(upstream.callsOf('echo').map((x) => x.fault)).toEqual(['error', 'error', 'none', 'drop', 'none']);
  });

  it('a call that is not safe to repeat is sent once, and its failure reaches the client', async () => {
    const c = await client('retrying');
    const upstream = upstreams.retrying;
    upstream.failNext(1, 'error');
    expect(await call(c, 'write', { text: 'x' })).toMatch(/^error: .*"retrying".*503/);
    expect(upstream.callsOf('write')).toHaveLength(1);
    // the session is intact: the next call goes through
    expect(await call(c, 'write', { text: 'y' })).toBe('wrote y');
  });

  it('a malformed answer is an error naming the server, never passed on; the session goes on', async () => {
    const c = await client('retrying');
    upstreams.retrying.failNext(1, 'malformed');
    expect(await call(c, 'write', { text: 'z' })).toMatch(/^error: .*"retrying"/);
    expect(await call(c, 'echo', { text: 'after' })).toBe('after');
  });

  it('under a 20% error rate the client sees almost none of the upstream failures', async () => {
    const c = await client('retrying');
    const upstream = upstreams.retrying;
    const before = upstream.calls.length;
    upstream.set({ errorRate: 0.2, methods: ['tools/call'] });
    const answers: string[] = [];
    for (let i = 0; i < 40; i++) answers.push(await call(c, 'echo', { text: `n${i}` }));
    upstream.set({});
    const injected = upstream.calls.slice(before).filter((x) => x.fault === 'error').length;
    const seen = answers.filter((a) => a.startsWith('error')).length;
    expect(injected).toBeGreaterThanOrEqual(4);
    expect(seen).toBeLessThanOrEqual(1);
    expect(answers.filter((a, i) => a === `n${i}`).length).toBe(40 - seen);
  });
});

describe('timeouts and streams', () => {
  it('paced SSE events arrive whole within the timeout', async () => {
    const c = await client('streaming');
    upstreams.streaming.set({ paceMs: 150, methods: ['tools/call'] });
    const steps: number[] = [];
    const result = await c.callTool({ name: 'progress', arguments: {} }, CallToolResultSchema, {
      onprogress: (p) => steps.push(p.progress),
      timeout: 10_000,
    });
    upstreams.streaming.set({});
    expect(steps).toEqual([1, 2, 3]);
    expect((result.content as { text: string }[])[0]?.text).toBe('done');
  });

  it('a stream stalled after its first event ends at the timeout, is closed upstream, and is not retried', async () => {
    const c = await client('streaming');
    const upstream = upstreams.streaming;
    upstream.set({ stallAfterEvents: 1, methods: ['tools/call'] });
    const before = upstream.callsOf('progress').length;
    const steps: number[] = [];
    const started = Date.now();
    let message = '';
    try {
      await c.callTool({ name: 'progress', arguments: {} }, CallToolResultSchema, {
        onprogress: (p) => steps.push(p.progress),
        timeout: 10_000,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    const took = Date.now() - started;
    upstream.set({});
    expect(steps).toEqual([1]);
    expect(message).toMatch(/timed out|timeout/i);
    expect(took).toBeLessThan(4000);
    const made = upstream.callsOf('progress').slice(before);
    // part of the answer was streamed: the call is never made again, though the tool counts as safe
    expect(made).toHaveLength(1);
    await closed(made[0]);
    expect(made[0]).toMatchObject({ fault: 'stalled', events: 1, closedByPeer: true });
    expect(made[0]!.closedAt! - made[0]!.startedAt).toBeLessThan(3000);
  });

  it('a stream cut after its first event is an error for the call, never retried', async () => {
    const c = await client('streaming');
    const upstream = upstreams.streaming;
    upstream.set({ dropAfterEvents: 1, methods: ['tools/call'] });
    const before = upstream.callsOf('progress').length;
    const steps: number[] = [];
    let message = '';
    try {
      await c.callTool({ name: 'progress', arguments: {} }, CallToolResultSchema, {
        onprogress: (p) => steps.push(p.progress),
        timeout: 10_000,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    upstream.set({});
    expect(steps).toEqual([1]);
    expect(message).toMatch(/"streaming"/);
    expect(
      upstream
        .callsOf('progress')
        .slice(before)
        .map((x) => x.fault),
    ).toEqual(['dropped-mid-stream']);
  });

  it('an upstream slower than the timeout: the client hears the timeout, the upstream request is closed', async () => {
    const c = await client('streaming');
    const upstream = upstreams.streaming;
    upstream.set({ latencyMs: 6000, methods: ['tools/call'] });
    const before = upstream.callsOf('echo').length;
    const started = Date.now();
    const answer = await call(c, 'echo', { text: 'late' });
    const took = Date.now() - started;
    upstream.set({});
    expect(answer).toMatch(/^error: .*(timed out|timeout)/i);
    // cut at the timeout, far from the upstream's own 6 s
    expect(took).toBeLessThan(4500);
    const made = upstream.callsOf('echo').slice(before);
    expect(made).toHaveLength(1);
    await closed(made[0]);
    expect(made[0]!.closedByPeer).toBe(true);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast without calling, and recovers after its cooldown', async () => {
    const c = await client('breaker');
    const upstream = upstreams.breaker;
    upstream.failNext(2, 'error');
    expect(await call(c, 'echo', { text: 'a' })).toMatch(/^error: .*"breaker".*503/);
    expect(await call(c, 'echo', { text: 'b' })).toMatch(/^error: .*"breaker".*503/);
    const started = Date.now();
    expect(await call(c, 'echo', { text: 'c' })).toMatch(/^error: .*circuit.*open/i);
    expect(Date.now() - started).toBeLessThan(500);
    expect(upstream.callsOf('echo')).toHaveLength(2);
    await sleep(1100);
    // the first call after the cooldown is the probe; it succeeds and closes the circuit
    expect(await call(c, 'echo', { text: 'd' })).toBe('d');
    expect(await call(c, 'echo', { text: 'e' })).toBe('e');
    expect(upstream.callsOf('echo').map((x) => x.fault)).toEqual(['error', 'error', 'none', 'none']);
  });
});
