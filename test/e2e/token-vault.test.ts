/**
 * The token vault against an OAuth-protected upstream: an SDK MCP server that accepts only JWT access
 * tokens a real OpenID provider (`oidc-provider`) issued for it, and names that provider in its protected
 * resource metadata. A user without a token gets the consent link as a URL elicitation (-32042); after the
 * scripted browser consents, the gateway calls the upstream with that user's own token, refreshes it as it
 * expires, lists the connection and forgets it when revoked.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse } from '../support/browser.js';
import { type Admin, admin } from '../support/gateway-api.js';
import { gatewayTransport } from '../support/mcp-client.js';
import { type OpenIdProvider, startOpenIdProvider } from '../support/openid-provider.js';
import { GatewayProcess, stopAll } from '../support/processes.js';
import { type SdkUpstream, startSdkUpstream } from '../support/sdk-upstream.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
/**
 * The company's identity provider also signs machines in: clients `grace` and `hank` get tokens whose
 * subject is their name.
 */
const secrets = { grace: randomBytes(24).toString('hex'), hank: randomBytes(24).toString('hex') };
let gateway: GatewayProcess;
let idp: OpenIdProvider;
let upstream: SdkUpstream;
let api: Admin;
let serverId: string;
/** Each token the upstream accepted: its subject and id. */
const accepted: { sub: string; jti: string }[] = [];

beforeAll(async () => {
  gateway = await GatewayProcess.start({
    adminKey,
    memory: true,
    env: { MCP_GATEWAY_CONFIG_TTL_MS: '0', MCP_GATEWAY_VAULT_KEY: randomBytes(32).toString('hex') },
  });
  let upstreamUrl = '';
  idp = await startOpenIdProvider(() => ({
    clients: [
      {
        client_id: 'gateway-vault',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${gateway.url}/oauth/upstream/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      // the gateway signs people in here too (the provider's `login`)
      {
        client_id: 'gateway-login',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${gateway.url}/oauth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      ...Object.entries(secrets).map(([name, secret]) => ({
        client_id: name,
        client_secret: secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: 'saas',
      })),
    ],
    scopes: ['openid', 'offline_access', 'saas', 'saas:admin'],
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      // the gateway revokes the grants of users an admin revokes (RFC 7009)
      revocation: { enabled: true },
      // the gateway registers itself when a server names no client id
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => upstreamUrl,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => ({
          scope: 'saas offline_access saas:admin',
          audience: resource,
          accessTokenFormat: 'jwt',
          // short: a call a few seconds later renews it (the vault renews a quarter of its life early)
          accessTokenTTL: 4,
        }),
      },
    },
    issueRefreshToken: async () => true,
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
  }));
  const keys = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
  upstream = await startSdkUpstream(
    'saas',
    (mcp) => {
      mcp.registerTool('whoami', { description: 'Who the upstream thinks calls' }, async () => ({
        content: [{ type: 'text', text: 'someone the upstream verified' }],
      }));
    },
    {},
    async (req, res) => {
      const path = req.url ?? '/';
      if (path.startsWith('/.well-known/oauth-protected-resource')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ resource: upstreamUrl, authorization_servers: [idp.issuer] }));
        return true;
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      try {
        const { payload } = await jwtVerify(token ?? '', keys, { issuer: idp.issuer, audience: upstreamUrl });
        // zoe is an admin: she uses the server only with a token that may administer it (step-up)
        if (payload.sub === 'zoe' && !String(payload['scope']).split(' ').includes('saas:admin')) {
          res.writeHead(403, {
            'www-authenticate': 'Bearer error="insufficient_scope", scope="saas saas:admin"',
          });
          res.end();
          return true;
        }
        accepted.push({ sub: String(payload.sub), jti: String(payload.jti) });
        return false;
      } catch {
        res.writeHead(401, {
          'www-authenticate': `Bearer resource_metadata="${new URL(upstreamUrl).origin}/.well-known/oauth-protected-resource/mcp"`,
        });
        res.end();
        return true;
      }
    },
  );
  upstreamUrl = upstream.url;
  api = admin(() => gateway.url, adminKey);
  const created = await api.request('POST', '/v1/servers', {
    name: 'saas',
    url: upstream.url,
    credentials: {
      kind: 'user-oauth',
      clientId: 'gateway-vault',
      scopes: ['saas', 'offline_access'],
      stepUpScopes: ['saas:admin'],
    },
  });
  expect(created.status, created.text).toBe(201);
  serverId = (created.body as { id: string }).id;
  const registered = await api.request('POST', '/v1/servers', {
    name: 'saas-dcr',
    url: upstream.url,
    credentials: { kind: 'user-oauth', scopes: ['saas', 'offline_access'] },
  });
  expect(registered.status, registered.text).toBe(201);
  // the gateway accepts the provider's tokens too: a user id may now name two people
  const provider = await api.request('POST', '/v1/identity-providers', {
    name: 'corp',
    issuer: idp.issuer,
    login: { clientId: 'gateway-login' },
  });
  expect(provider.status, provider.text).toBe(201);
});

/** A token of the company's provider for the gateway's `saas` server, whose subject is `client`. */
async function corpToken(client: keyof typeof secrets = 'grace'): Promise<string> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client}:${secrets[client]}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'saas',
      resource: `${gateway.url}/mcp/saas`,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await idp?.close();
  await stopAll();
});

/** Connects as the key's user; answers the client, or the consent error the gateway gave instead. */
async function connectAs(key: string): Promise<{ client?: Client; consent?: McpError }> {
  const client = new Client({ name: 'vault-test', version: '1' });
  try {
    await client.connect(gatewayTransport(`${gateway.url}/mcp/saas`, key), { timeout: 15_000 });
    return { client };
  } catch (error) {
    if (error instanceof McpError) return { consent: error };
    throw error;
  }
}

const consentUrl = (error: McpError | undefined) =>
  (error!.data as { elicitations: { mode: string; url: string }[] }).elicitations[0]!.url;

describe('per-user upstream OAuth (the token vault)', () => {
  it('asks a user without a token to consent, then calls the upstream with that user’s own token', async () => {
    const key = await api.createApiKey('grace-laptop', 'grace');
    const first = await connectAs(key);
    expect(first.client).toBeUndefined();
    expect(first.consent!.code).toBe(-32042);
    expect(first.consent!.message).toContain('needs your consent: open');
    const elicitation = (first.consent!.data as { elicitations: Record<string, string>[] }).elicitations[0]!;
    expect(elicitation).toMatchObject({
      mode: 'url',
      url: expect.stringContaining('/oauth/upstream/start?flow='),
    });
    expect(accepted).toEqual([]); // nothing reached the upstream without a token

    // the link says whom it connects before anything happens
    const confirm = await fetch(consentUrl(first.consent));
    const confirmed = await confirm.text();
    expect(confirmed).toContain('to the MCP gateway user <strong>grace</strong>');
    expect(confirmed).toContain('<form method="post" action="start">');
    const page = await browse(consentUrl(first.consent), 'grace');
    expect(page.status).toBe(200);
    expect(page.html).toContain('is connected to the MCP gateway');
    // the link is single-use
    expect((await browse(consentUrl(first.consent), 'grace')).html).toContain('expired or was already used');

    const { client } = await connectAs(key);
    try {
      const result = await client!.callTool({ name: 'whoami', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'someone the upstream verified' }]);
      await new Promise((resolve) => setTimeout(resolve, 3200));
      await client!.callTool({ name: 'whoami', arguments: {} });
    } finally {
      await client!.close();
    }
    expect(new Set(accepted.map((a) => a.sub))).toEqual(new Set(['grace']));
    // tokens live 4 s, the vault renews them in their last second: the later call went with a refreshed one
    expect(new Set(accepted.map((a) => a.jti)).size).toBeGreaterThan(1);
  });

  it('registers itself at the authorization server when the server names no client id (RFC 7591)', async () => {
    const key = await api.createApiKey('ida-laptop', 'ida');
    const client = new Client({ name: 'vault-test', version: '1' });
    const refused = await client
      .connect(gatewayTransport(`${gateway.url}/mcp/saas-dcr`, key), { timeout: 15_000 })
      .catch((e: unknown) => e as McpError);
    expect((refused as McpError).code).toBe(-32042);
    const page = await browse(consentUrl(refused as McpError), 'ida');
    expect(page.html).toContain('is connected to the MCP gateway');
    const connected = new Client({ name: 'vault-test', version: '1' });
    await connected.connect(gatewayTransport(`${gateway.url}/mcp/saas-dcr`, key), { timeout: 15_000 });
    try {
      await connected.callTool({ name: 'whoami', arguments: {} });
    } finally {
      await connected.close();
    }
    expect(accepted.some((a) => a.sub === 'ida')).toBe(true);
  });

  /** The confirmation page of a consent link, then its button: one browser (its cookie), no redirect followed. */
  async function confirmedStart(link: string | URL, headers: Record<string, string> = {}) {
    const shown = await fetch(link);
    const cookie = shown.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const flow = new URL(link).searchParams.get('flow')!;
    return fetch(`${gateway.url}/oauth/upstream/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
      body: new URLSearchParams({ 'vault-flow': flow }),
      redirect: 'manual',
    });
  }

  it('starts no connection another site posts, nor one whose page this browser was never shown', async () => {
    const before = accepted.length;
    const key = await api.createApiKey('victor-laptop', 'victor');
    // the victim's browser, sent to post mallory's link from another site: refused, nothing redeemed
    const forged = await confirmedStart(consentUrl((await connectAs(key)).consent), {
      'sec-fetch-site': 'cross-site',
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('not confirmed on its own page');
    const { consent } = await connectAs(key);
    const flow = new URL(consentUrl(consent)).searchParams.get('flow')!;
    const blind = await fetch(`${gateway.url}/oauth/upstream/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'vault-flow': flow }),
      redirect: 'manual',
    });
    expect(blind.status).toBe(400);
    expect(accepted.length).toBe(before);
  });

  it('connects nobody through a link to the authorization server that another browser started', async () => {
    // mallory starts her own consent and hands the authorization server's address on to victor
    const key = await api.createApiKey('mallory-laptop', 'mallory');
    const { consent } = await connectAs(key);
    const started = await confirmedStart(consentUrl(consent));
    expect(started.status).toBe(302);
    expect(started.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const before = accepted.length;
    // victor signs in at the authorization server and is sent back to the gateway: without mallory's
    // cookie, the code in his answer is never redeemed, and no token lands under mallory's name
    const victor = await browse(started.headers.get('location')!, 'victor');
    expect(victor.html).toContain('started in another browser');
    expect((await connectAs(key)).consent!.code).toBe(-32042);
    expect(accepted.length).toBe(before);
  });

  it('keeps each user apart: another user is asked for their own consent', async () => {
    const key = await api.createApiKey('henry-laptop', 'henry');
    const { consent } = await connectAs(key);
    expect(consent!.code).toBe(-32042);
  });

  it('keeps a token to the way its user signed in: the same user id from an identity provider is someone else', async () => {
    const token = await corpToken();
    const { consent } = await connectAs(token);
    expect(consent!.code).toBe(-32042);
    // corp signs people in at a browser too: the person at the link signs in as its user first
    const link = await fetch(consentUrl(consent), { redirect: 'manual' });
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toMatch(
      new RegExp(`^${idp.issuer}/auth\\?.*client_id=gateway-login`),
    );
    const connected = await browse(consentUrl(consent), 'grace');
    expect(connected.html).toContain('is connected to the MCP gateway');
    const { client } = await connectAs(token);
    await client!.close();
  });

  it('connects no one else’s account through a link whose user signs in at a browser', async () => {
    const before = accepted.length;
    const token = await corpToken('hank');
    // no page to press a button on without signing in: a POST of the link alone connects nothing
    const unsigned = await confirmedStart(consentUrl((await connectAs(token)).consent), {
      'sec-fetch-site': 'same-origin',
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.text()).toContain('not confirmed on its own page');
    const link = consentUrl((await connectAs(token)).consent);
    // hank's link, opened by mallory: she signs in as herself and is stopped; the link is spent
    const mallory = await browse(link, 'mallory');
    expect(mallory.status).toBe(400);
    expect(mallory.html).toContain('You signed in as mallory, but this link connects the account of another');
    expect(mallory.html).not.toContain('hank');
    expect((await browse(link, 'hank')).html).toContain('expired or was already used');
    expect(accepted.length).toBe(before);
    expect((await connectAs(token)).consent!.code).toBe(-32042);
    // a new link, opened by hank himself, connects him
    const fresh = consentUrl((await connectAs(token)).consent);
    expect((await browse(fresh, 'hank')).html).toContain('is connected to the MCP gateway');
    const { client } = await connectAs(token);
    await client!.callTool({ name: 'whoami', arguments: {} });
    await client!.close();
    expect(accepted.slice(before).map((a) => a.sub)).toContain('hank');
    expect(accepted.some((a) => a.sub === 'mallory')).toBe(false);
  });

  it('lists connected users (never their tokens) and forgets a user’s tokens when revoked', async () => {
    const listed = await api.request('GET', `/v1/servers/${serverId}/tokens`);
    expect(listed.status).toBe(200);
    const items = (listed.body as { items: Record<string, unknown>[] }).items;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          user: 'grace',
          workspace: 'default',
          method: 'api-key',
          refreshable: true,
        }),
        expect.objectContaining({ user: 'grace', workspace: 'default', method: 'jwt', provider: 'corp' }),
        expect.objectContaining({ user: 'hank', workspace: 'default', method: 'jwt', provider: 'corp' }),
      ]),
    );
    expect(items).toHaveLength(3);
    expect(listed.text).not.toMatch(/eyJ/);
    const revokedGrants: string[] = [];
    const onRevoked = (ctx: { oidc: { client?: { clientId: string } } }) =>
      revokedGrants.push(ctx.oidc.client?.clientId ?? '');
    idp.provider.on('grant.revoked', onRevoked);
    try {
      expect((await api.request('DELETE', `/v1/servers/${serverId}/tokens/grace`)).status).toBe(204);
    } finally {
      idp.provider.off('grant.revoked', onRevoked);
    }
    // both of grace's grants (as an api key's user, as the provider's) end at the authorization server
    expect(revokedGrants).toEqual(['gateway-vault', 'gateway-vault']);
    const events = await api.request('GET', `/v1/audit-events?type=token.revoked`);
    expect((events.body as { items: { detail: unknown }[] }).items[0]?.detail).toEqual({
      user: 'grace',
      upstream: 'revoked',
    });
    expect((await api.request('DELETE', `/v1/servers/${serverId}/tokens/grace`)).status).toBe(404);
    const key = await api.createApiKey('grace-desktop', 'grace');
    const again = await connectAs(key);
    expect(again.consent!.code).toBe(-32042);
    expect((await connectAs(await corpToken())).consent!.code).toBe(-32042);
  });

  it('does not tell the browser why registering at an authorization server failed (a refused address)', async () => {
    // an authorization server whose registration endpoint is an internal address
    const stub: HttpServer = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
      res.writeHead(req.url === '/.well-known/oauth-authorization-server' ? 200 : 404, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify({
          issuer: origin,
          authorization_endpoint: `${origin}/authorize`,
          token_endpoint: `${origin}/token`,
          code_challenge_methods_supported: ['S256'],
          registration_endpoint: 'http://10.1.2.3/register',
        }),
      );
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
      const created = await api.request('POST', '/v1/servers', {
        name: 'saas-internal',
        url: upstream.url,
        credentials: { kind: 'user-oauth', authorizationServer: origin },
      });
      expect(created.status, created.text).toBe(201);
      const key = await api.createApiKey('ida-phone', 'ida');
      const client = new Client({ name: 'vault-test', version: '1' });
      const refused = await client
        .connect(gatewayTransport(`${gateway.url}/mcp/saas-internal`, key), { timeout: 15_000 })
        .catch((e: unknown) => e as McpError);
      const started = await confirmedStart(consentUrl(refused as McpError));
      const html = await started.text();
      expect(started.status).toBe(400);
      expect(html).toContain('could not register at the authorization server');
      expect(html).not.toContain('10.1.2.3');
    } finally {
      await new Promise<void>((resolve) => stub.close(() => resolve()));
    }
  });

  it('asks consent anew when the server is pointed at another upstream (a target added)', async () => {
    const key = await api.createApiKey('grace-tablet', 'grace');
    const { consent } = await connectAs(key);
    expect((await browse(consentUrl(consent), 'grace')).html).toContain('is connected to the MCP gateway');
    const { client } = await connectAs(key);
    await client!.close();
    const patched = await api.request('PATCH', `/v1/servers/${serverId}`, {
      targets: [{ url: upstream.url }, { url: `${upstream.url}?elsewhere=1` }],
    });
    expect(patched.status, patched.text).toBe(200);
    // the token was kept for where the server sent calls; anywhere else needs the user's word first
    expect((await connectAs(key)).consent!.code).toBe(-32042);
  });

  it('asks a user’s consent to more scopes when the upstream wants them (step-up), then connects', async () => {
    const key = await api.createApiKey('zoe-laptop', 'zoe');
    const first = await connectAs(key);
    expect((await browse(consentUrl(first.consent), 'zoe')).html).toContain(
      'is connected to the MCP gateway',
    );
    // her token has the server's scopes; the upstream wants saas:admin as well
    const wanting = await connectAs(key);
    expect(wanting.consent!.code).toBe(-32042);
    expect(wanting.consent!.message).toContain('needs your consent to more (saas saas:admin)');
    expect((await browse(consentUrl(wanting.consent), 'zoe')).html).toContain(
      'is connected to the MCP gateway',
    );
    const { client } = await connectAs(key);
    try {
      const result = await client!.callTool({ name: 'whoami', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'someone the upstream verified' }]);
    } finally {
      await client!.close();
    }
    expect(accepted.some((a) => a.sub === 'zoe')).toBe(true);
  });
});
