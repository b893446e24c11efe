/**
 * Analytics from two gateway processes sharing one store (A's embedded store, B in service mode on it):
 * known traffic of three users, sent concurrently through both, is counted exactly — calls, errors and
 * distinct users per server, per tool and per user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin } from '../support/gateway-api.js';
import { freePort, GatewayProcess, startEverything, stopAll, type Upstream } from '../support/processes.js';
import { openSession, sessionPost, toolCallMessage } from '../support/raw-mcp.js';

let upstream: Upstream;
let a: GatewayProcess;
let b: GatewayProcess;
let api: Admin;
const keys: Record<string, string> = {};

beforeAll(async () => {
  const storePort = await freePort();
  const adminKey = 'analytics-admin-key-0123456789abcdef';
  const env = { MCP_GATEWAY_ANALYTICS_FLUSH_MS: '200' };
  [upstream, a] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true, args: ['--store-port', String(storePort)], env }),
  ]);
  b = await GatewayProcess.start({
    adminKey,
    externalStore: true,
    args: ['--dynamodb-endpoint', `http://127.0.0.1:${storePort}`, '--table', 'mcp-gateway'],
    env: { ...env, MCP_GATEWAY_CONFIG_TTL_MS: '200' },
  });
  api = admin(() => a.url, adminKey);
  await api.registerServer('everything', upstream.url);
  for (const user of ['ann', 'ben', 'cy']) keys[user] = await api.createApiKey(`${user}-key`, user);
  await new Promise((resolve) => setTimeout(resolve, 300)); // B's config cache
});

afterAll(async () => {
  await b?.close();
  await a?.close();
  await stopAll();
});

interface Bucket {
  calls: number;
  errors: number;
  uniqueUsers: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

async function usage(query: string, until: (b: Bucket) => boolean): Promise<Bucket> {
  let bucket: Bucket = {
    calls: 0,
    errors: 0,
    uniqueUsers: 0,
    latencyMs: { p50: null, p95: null, p99: null },
  };
  for (let i = 0; i < 50; i++) {
    const answer = await api.request('GET', `/v1/analytics/usage?server=everything${query}`);
    expect(answer.status, answer.text).toBe(200);
    const buckets = (answer.body as { buckets: Bucket[] }).buckets;
    bucket = buckets.reduce(
      (sum, x) => ({
        calls: sum.calls + x.calls,
        errors: sum.errors + x.errors,
        uniqueUsers: Math.max(sum.uniqueUsers, x.uniqueUsers),
        latencyMs: x.calls > 0 ? x.latencyMs : sum.latencyMs,
      }),
      bucket,
    );
    if (until(bucket)) return bucket;
    bucket = { calls: 0, errors: 0, uniqueUsers: 0, latencyMs: { p50: null, p95: null, p99: null } };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return bucket;
}

describe('analytics across two processes', () => {
  it('counts calls and exact distinct users per tool and per user, whichever process served', async () => {
    // [user, process, tool, calls]
    const plan: [string, GatewayProcess, string, number][] = [
      ['ann', a, 'echo', 3],
      ['ann', b, 'echo', 2],
      ['ben', b, 'echo', 4],
      ['ben', a, 'no-such-tool', 1],
      ['cy', a, 'echo', 1],
      ['cy', b, 'get-sum', 1],
    ];
    await Promise.all(
      plan.map(async ([user, gateway, tool, calls]) => {
        const endpoint = `${gateway.url}/mcp/everything`;
        const session = await openSession(endpoint, keys[user]!);
        await Promise.all(
          Array.from({ length: calls }, (_, i) =>
            sessionPost(
              endpoint,
              keys[user]!,
              session,
              toolCallMessage(i + 1, tool, { message: 'hi', a: 1, b: 2 }),
            ),
          ),
        );
      }),
    );
    const echo = await usage('&tool=echo', (x) => x.calls >= 10);
    expect(echo).toMatchObject({ calls: 10, errors: 0, uniqueUsers: 3 });
    expect(echo.latencyMs.p50).toEqual(expect.any(Number));
    expect(await usage('&tool=get-sum', (x) => x.calls >= 1)).toMatchObject({ calls: 1, uniqueUsers: 1 });
    // an unknown tool is an error of the upstream's, counted as such
    expect(await usage('&tool=no-such-tool', (x) => x.calls >= 1)).toMatchObject({
      calls: 1,
      errors: 1,
      uniqueUsers: 1,
    });
    expect(await usage('&user=ann&tool=echo', (x) => x.calls >= 5)).toMatchObject({
      calls: 5,
      uniqueUsers: 1,
    });
    // the server as a whole: every request (initialize included), three users
    const all = await usage('', (x) => x.uniqueUsers >= 3 && x.calls >= 18);
    expect(all.uniqueUsers).toBe(3);
    expect(all.calls).toBe(12 + 6); // 12 tool calls and 6 initialize requests
  });

  it('refuses a range too long for its buckets, and bad times', async () => {
    const long = await api.request(
      'GET',
      '/v1/analytics/usage?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z',
    );
    expect(long.status).toBe(400);
    expect(long.text).toContain('at most 7 days');
    expect((await api.request('GET', '/v1/analytics/usage?from=yesterday')).status).toBe(400);
    expect((await api.request('GET', '/v1/analytics/usage?bucket=week')).status).toBe(400);
  });
});
