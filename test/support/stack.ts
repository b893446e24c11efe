/**
 * The usual end-to-end stack: a real `server-everything` upstream and the built gateway, the upstream
 * registered under `server`, and an API key for `user`.
 */
import { randomBytes } from 'node:crypto';
import { type Admin, admin } from './gateway-api.js';
import { type EverythingTransport, GatewayProcess, startEverything, type Upstream } from './processes.js';

export interface Stack {
  upstream: Upstream;
  gateway: GatewayProcess;
  adminKey: string;
  api: Admin;
  apiKey: string;
  /** `<gateway>/mcp/<server>` */
  endpoint: string;
}

export async function startStack(
  options: { transport?: EverythingTransport; server?: string; user?: string; keyName?: string } = {},
): Promise<Stack> {
  const {
    transport = 'streamableHttp',
    server = 'everything',
    user = 'alice',
    keyName = `${user}-laptop`,
  } = options;
  const adminKey = `admin-${randomBytes(16).toString('hex')}`;
  const [upstream, gateway] = await Promise.all([
    startEverything(transport),
    GatewayProcess.start({ adminKey }),
  ]);
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer(server, upstream.url, transport === 'sse' ? 'sse' : undefined);
  const apiKey = await api.createApiKey(keyName, user);
  return { upstream, gateway, adminKey, api, apiKey, endpoint: `${gateway.url}/mcp/${server}` };
}
