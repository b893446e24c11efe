/**
 * Tokens of the company's identity provider at the MCP endpoint: a real OpenID provider (`oidc-provider`
 * on loopback) issues JWT access tokens for a gateway resource (client credentials with an RFC 8707
 * resource indicator); the real SDK client brings one and calls a tool. The gateway answers as an OAuth
 * protected resource: RFC 9728 metadata naming the provider, 401 challenges pointing at it, and tokens
 * issued for another resource refused.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, httpRequest } from '../support/gateway-api.js';
import { type OpenIdProvider, startOpenIdProvider } from '../support/openid-provider.js';
import { GatewayProcess, startEverything, stopAll } from '../support/processes.js';
import { initializeBody, post } from '../support/raw-mcp.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
const clientSecret = randomBytes(24).toString('hex');
let gateway: GatewayProcess;
let idp: OpenIdProvider;
let issuer: string;

/** A real OpenID provider whose client-credentials tokens are JWTs for the resource the client names. */
const startCompanyProvider = () =>
  startOpenIdProvider(() => ({
    clients: [
      {
        client_id: 'platform-agent',
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: 'mcp',
      },
    ],
    scopes: ['mcp'],
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => ({
          scope: 'mcp',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
        }),
      },
    },
  }));

/** A client-credentials token for `resource`. */
async function tokenFor(resource: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`platform-agent:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mcp', resource }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

beforeAll(async () => {
  const [everything, started, openId] = await Promise.all([
    startEverything('streamableHttp'),
    // configuration read on every request, so that disabling a provider shows at once
    GatewayProcess.start({ adminKey, memory: true, env: { MCP_GATEWAY_CONFIG_TTL_MS: '0' } }),
    startCompanyProvider(),
  ]);
  gateway = started;
  idp = openId;
  issuer = idp.issuer;
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', everything.url);
  await api.registerServer('other', everything.url);
  const created = await httpRequest(`${gateway.url}/v1/identity-providers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'corp', issuer }),
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await gateway?.close();
  await idp?.close();
  await stopAll();
});

describe('the gateway as an OAuth protected resource', () => {
  it('publishes RFC 9728 metadata per server naming the identity provider', async () => {
    const response = await httpRequest(`${gateway.url}/.well-known/oauth-protected-resource/mcp/everything`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      resource: `${gateway.url}/mcp/everything`,
      resource_name: 'everything',
      // the company's provider first, then the gateway's own authorization server (for machines)
      authorization_servers: [issuer, gateway.url],
      bearer_methods_supported: ['header'],
    });
    const root = await httpRequest(`${gateway.url}/.well-known/oauth-protected-resource`);
    expect(root.body).toMatchObject({ resource: gateway.url, authorization_servers: [issuer, gateway.url] });
  });

  it('answers 401 without a token, pointing at the metadata', async () => {
    const response = await post(`${gateway.url}/mcp/everything`, '', initializeBody(), {
      headers: { authorization: '' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="mcp-gateway", resource_metadata="${gateway.url}/.well-known/oauth-protected-resource/mcp/everything"`,
    );
  });

  it('the SDK client calls a tool with a token the provider issued for the server', async () => {
    const token = await tokenFor(`${gateway.url}/mcp/everything`);
    const client = new Client({ name: 'jwt-client', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/everything`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      const result = await client.callTool({ name: 'echo', arguments: { message: 'from a JWT' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: from a JWT' }]);
    } finally {
      await client.close();
    }
  });

  it('refuses a token issued for another server of the same gateway, with an invalid_token challenge', async () => {
    const token = await tokenFor(`${gateway.url}/mcp/other`);
    const response = await post(`${gateway.url}/mcp/everything`, token, initializeBody());
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain('error_description="The token was not issued for this resource."');
    expect(challenge).toContain(
      `resource_metadata="${gateway.url}/.well-known/oauth-protected-resource/mcp/everything"`,
    );
    // the same token works where it belongs
    expect((await post(`${gateway.url}/mcp/other`, token, initializeBody())).status).toBe(200);
  });

  it('refuses every token of a provider once it is disabled', async () => {
    const token = await tokenFor(`${gateway.url}/mcp/everything`);
    const list = await httpRequest(`${gateway.url}/v1/identity-providers?name=corp`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    const id = (list.body as { items: { id: string }[] }).items[0]?.id;
    const patch = (enabled: boolean) =>
      httpRequest(`${gateway.url}/v1/identity-providers/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ enabled }),
      });
    expect((await patch(false)).status).toBe(200);
    try {
      const refused = await post(`${gateway.url}/mcp/everything`, token, initializeBody());
      expect(refused.status).toBe(401);
    } finally {
      await patch(true);
    }
  });
});
