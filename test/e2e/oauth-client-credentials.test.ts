/**
 * Machines through the gateway's own authorization server: the real SDK client, given only a client id
 * and secret, discovers the protected resource metadata, then the authorization server metadata, obtains
 * a token with the client-credentials grant for the server's resource URI and calls a tool with it.
 */
import { randomBytes } from 'node:crypto';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/gateway-api.js';
import { GatewayProcess, startEverything, stopAll } from '../support/processes.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
const clientSecret = randomBytes(32).toString('hex');
let gateway: GatewayProcess;
let clientId: string;

beforeAll(async () => {
  const [everything, started] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  gateway = started;
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', everything.url);
  const created = await api.request('POST', '/v1/oauth-clients', {
    name: 'nightly-job',
    secret: clientSecret,
  });
  expect(created.status).toBe(201);
  clientId = (created.body as { id: string }).id;
});

afterAll(async () => {
  await gateway?.close();
  await stopAll();
});

describe('the client-credentials grant with the real SDK client', () => {
  it('discovers the authorization server, obtains a token and calls a tool', async () => {
    const provider = new ClientCredentialsProvider({ clientId, clientSecret, expectedIssuer: gateway.url });
    const client = new Client({ name: 'nightly-job', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/everything`), { authProvider: provider }),
    );
    try {
      const result = await client.callTool({ name: 'echo', arguments: { message: 'machine to machine' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: machine to machine' }]);
    } finally {
      await client.close();
    }
    expect(provider.tokens()?.access_token).toMatch(/^eyJ/);
  });

  it('a wrong secret gets no token, and so no tool', async () => {
    const provider = new ClientCredentialsProvider({
      clientId,
      clientSecret: `${clientSecret}-wrong`,
      expectedIssuer: gateway.url,
    });
    const client = new Client({ name: 'intruder', version: '1.0.0' });
    await expect(
      client.connect(
        new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/everything`), {
          authProvider: provider,
        }),
      ),
    ).rejects.toThrow();
    expect(provider.tokens()).toBeUndefined();
  });
});
