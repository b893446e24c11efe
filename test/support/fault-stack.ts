/**
 * The stack of the fault tests: the built gateway (config cache off, so management changes apply at once)
 * and one faulty upstream, registered once per fault as its own server, plus an API key.
 */
import { randomBytes } from 'node:crypto';
import { type Fault, type FaultyUpstream, startFaultyUpstream } from './faulty-upstream.js';
import { type Admin, admin } from './gateway-api.js';
import { GatewayProcess } from './processes.js';

/** The gateway's default bound on one upstream message (JSON body or SSE event): 16 MiB. */
export const MESSAGE_LIMIT = 16 * 1024 * 1024;
/** 20 MB: over the limit. */
export const OVER_LIMIT = 20_000_000;

/** Server name → [fault, size, paceMs, transport] of its upstream path. */
export const FAULT_SERVERS: Record<string, [Fault, number?, number?, 'sse'?]> = {
  ok: ['ok'],
  'long-sse': ['long-sse', OVER_LIMIT, 0],
  'long-sse-paced': ['long-sse', OVER_LIMIT, 20],
  'long-sse-slow': ['long-sse', OVER_LIMIT, 50],
  'long-json': ['long-json', OVER_LIMIT, 0],
  'long-json-slow': ['long-json', OVER_LIMIT, 50],
  'exact-json': ['long-json', MESSAGE_LIMIT, 0],
  'exact-json-plus-one': ['long-json', MESSAGE_LIMIT + 1, 0],
  'big-json': ['long-json', 12_000_000, 0],
  'many-sse': ['many-sse', 20 * 1024 * 1024, 0],
  'wide-sse': ['wide-sse', 18_000_000, 0],
  'wide-json': ['wide-json', 18_000_000, 0],
  unanswered: ['unanswered-sse'],
  'wrong-id': ['wrong-id-sse'],
  duplicate: ['duplicate-sse'],
  reset: ['reset-sse'],
  'deep-sse': ['deep-sse', 100_000],
  'deep-json': ['deep-json', 100_000],
  'empty-json': ['empty-json'],
  garbage: ['garbage'],
  'garbage-init': ['garbage-init'],
  'legacy-ok': ['ok', undefined, undefined, 'sse'],
  'legacy-long': ['long-sse', OVER_LIMIT, 0, 'sse'],
};

export interface FaultStack {
  upstream: FaultyUpstream;
  gateway: GatewayProcess;
  adminKey: string;
  api: Admin;
  apiKey: string;
  /** `<gateway>/mcp/<server>` */
  endpoint(server: string): string;
  close(): Promise<void>;
}

export async function startFaultStack(env: Record<string, string> = {}): Promise<FaultStack> {
  const adminKey = `admin-${randomBytes(16).toString('hex')}`;
  const [upstream, gateway] = await Promise.all([
    startFaultyUpstream(),
    GatewayProcess.start({ adminKey, memory: true, env: { MCP_GATEWAY_CONFIG_TTL_MS: '0', ...env } }),
  ]);
  const api = admin(() => gateway.url, adminKey);
  for (const [name, [fault, size, pace, transport]] of Object.entries(FAULT_SERVERS)) {
    const url = transport === 'sse' ? upstream.legacyUrl(fault, size, pace) : upstream.url(fault, size, pace);
    await api.registerServer(name, url, transport);
  }
  const apiKey = await api.createApiKey('fault-tester', 'tester');
  return {
    upstream,
    gateway,
    adminKey,
    api,
    apiKey,
    endpoint: (server) => `${gateway.url}/mcp/${server}`,
    async close() {
      await gateway.close();
      await upstream.close();
    },
  };
}
