/**
 * People through the gateway's authorization server: the real SDK client's OAuth flow (protected
 * resource metadata → the gateway's authorization server → authorization code with PKCE), the sign-in
 * federated to the company's OpenID provider (`oidc-provider` on loopback, its login form filled in by a
 * scripted browser), consent given once, then a tool call with the token — and refresh-token rotation
 * with reuse detection.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse } from '../support/browser.js';
import { admin, httpRequest } from '../support/gateway-api.js';
import { type OpenIdProvider, startOpenIdProvider } from '../support/openid-provider.js';
import { GatewayProcess, startEverything, stopAll } from '../support/processes.js';
import { initializeBody, post } from '../support/raw-mcp.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
const APP_REDIRECT = 'http://127.0.0.1:1/callback';
let gateway: GatewayProcess;
let idp: OpenIdProvider;
let issuer: string;
let clientId: string;
let providerId: string;
const CONFIDENTIAL_SECRET = 'confidential-client-secret-at-the-idp';

/** The company's provider: the gateway is a public client there, signing people in for it. */
const startCompanyProvider = (gatewayUrl: string) =>
  startOpenIdProvider(() => ({
    clients: [
      {
        client_id: 'mcp-gateway',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${gatewayUrl}/oauth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      {
        // what providers without public clients (Entra ID web apps, Cognito, Okta) give the gateway
        client_id: 'mcp-gateway-confidential',
        client_secret: CONFIDENTIAL_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [`${gatewayUrl}/oauth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@corp.test` }),
    }),
    claims: { openid: ['sub'], email: ['email'] },
  }));

/** The person at the browser signs in and consents; the flow ends back at the application. */
async function signInAs(user: string, authorizationUrl: URL, consentPages: string[] = []): Promise<URL> {
  const ended = await browse(authorizationUrl, user, (url) => url.startsWith(APP_REDIRECT), consentPages);
  if (!ended.url.toString().startsWith(APP_REDIRECT))
    throw new Error(`stuck at ${ended.url}: ${ended.status} ${ended.html.slice(0, 300)}`);
  return ended.url;
}

/** The SDK's OAuth client side, in memory; the "browser" is `signInAs`. */
class AppProvider implements OAuthClientProvider {
  verifier = '';
  saved: OAuthTokens | undefined;
  landed: URL | undefined;
  constructor(private readonly user: string) {}
  get redirectUrl() {
    return APP_REDIRECT;
  }
  get clientMetadata() {
    return { client_name: 'desktop app', redirect_uris: [APP_REDIRECT], token_endpoint_auth_method: 'none' };
  }
  clientInformation(): OAuthClientInformationMixed | undefined {
    return { client_id: clientId };
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(url: URL) {
    this.landed = await signInAs(this.user, url);
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

beforeAll(async () => {
  const [everything, started] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true, env: { MCP_GATEWAY_CONFIG_TTL_MS: '0' } }),
  ]);
  gateway = started;
  idp = await startCompanyProvider(gateway.url);
  issuer = idp.issuer;
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', everything.url);
  const call = (path: string, body: unknown) =>
    httpRequest(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const corp = await call('/v1/identity-providers', {
    name: 'corp',
    issuer,
    login: { clientId: 'mcp-gateway' },
  });
  expect(corp.status).toBe(201);
  providerId = (corp.body as { id: string }).id;
  const app = await call('/v1/oauth-clients', {
    name: 'desktop-app',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [APP_REDIRECT],
  });
  expect(app.status).toBe(201);
  clientId = (app.body as { id: string }).id;
});

afterAll(async () => {
  await gateway?.close();
  await idp?.close();
  await stopAll();
});

describe('signing in through the gateway', () => {
  it('the SDK client completes the OAuth flow, federated to the OpenID provider, and calls a tool', async () => {
    const provider = new AppProvider('ada');
    const endpoint = new URL(`${gateway.url}/mcp/everything`);
    const first = new StreamableHTTPClientTransport(endpoint, { authProvider: provider });
    await expect(new Client({ name: 'app', version: '1' }).connect(first)).rejects.toThrow(UnauthorizedError);
    const landed = provider.landed!;
    expect(landed.searchParams.get('iss')).toBe(gateway.url);
    await first.finishAuth(landed.searchParams.get('code')!);
    expect(provider.saved?.refresh_token).toBeDefined();

    const client = new Client({ name: 'app', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(endpoint, { authProvider: provider }));
    try {
      const result = await client.callTool({ name: 'echo', arguments: { message: 'signed in' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: signed in' }]);
    } finally {
      await client.close();
    }
  });

  it('an SDK client without a client id registers itself (DCR) and shows up in /v1/oauth-clients', async () => {
    class Registering extends AppProvider {
      info: OAuthClientInformationMixed | undefined;
      override clientInformation() {
        return this.info;
      }
      saveClientInformation(info: OAuthClientInformationMixed) {
        this.info = info;
      }
    }
    const provider = new Registering('dave');
    const endpoint = new URL(`${gateway.url}/mcp/everything`);
    const first = new StreamableHTTPClientTransport(endpoint, { authProvider: provider });
    await expect(new Client({ name: 'app', version: '1' }).connect(first)).rejects.toThrow(UnauthorizedError);
    expect(provider.info?.client_id).toMatch(/^oc_/);
    await first.finishAuth(provider.landed!.searchParams.get('code')!);
    const client = new Client({ name: 'app', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(endpoint, { authProvider: provider }));
    await client.close();
    const listed = await httpRequest(`${gateway.url}/v1/oauth-clients/${provider.info!.client_id}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(listed.body).toMatchObject({
      description: 'desktop app',
      tokenEndpointAuthMethod: 'none',
      redirectUris: [APP_REDIRECT],
    });
    // only public clients with safe redirect URIs may register
    const refused = await httpRequest(`${gateway.url}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://evil.test/cb'] }),
    });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: string }).error).toBe('invalid_redirect_uri');
  });

  it('rotates refresh tokens and revokes the grant when one is used twice', async () => {
    const provider = new AppProvider('bob');
    const transport = new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/everything`), {
      authProvider: provider,
    });
    await expect(new Client({ name: 'app', version: '1' }).connect(transport)).rejects.toThrow(
      UnauthorizedError,
    );
    await transport.finishAuth(provider.landed!.searchParams.get('code')!);
    const refresh = (token: string) =>
      httpRequest(`${gateway.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: token,
          client_id: clientId,
        }).toString(),
      });
    const original = provider.saved!.refresh_token!;
    const rotated = await refresh(original);
    expect(rotated.status).toBe(200);
    const next = (rotated.body as { refresh_token: string }).refresh_token;
    expect(next).not.toBe(original);
    // the old one again: refused, and its whole family with it
    expect(((await refresh(original)).body as { error: string }).error).toBe('invalid_grant');
    expect(((await refresh(next)).body as { error: string }).error).toBe('invalid_grant');
  });

  it('a client signing out revokes its grant at the revocation endpoint the metadata names (RFC 7009)', async () => {
    const provider = new AppProvider('erin');
    const endpoint = new URL(`${gateway.url}/mcp/everything`);
    const transport = new StreamableHTTPClientTransport(endpoint, { authProvider: provider });
    await expect(new Client({ name: 'app', version: '1' }).connect(transport)).rejects.toThrow(
      UnauthorizedError,
    );
    await transport.finishAuth(provider.landed!.searchParams.get('code')!);
    const { access_token: access, refresh_token: refresh } = provider.saved!;
    const ping = () => post(endpoint.toString(), access, initializeBody(1));
    expect((await ping()).status).toBe(200);
    const metadata = (await httpRequest(`${gateway.url}/.well-known/oauth-authorization-server`)).body as {
      revocation_endpoint: string;
    };
    const revoked = await httpRequest(metadata.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refresh!,
        token_type_hint: 'refresh_token',
        client_id: clientId,
      }).toString(),
    });
    expect([revoked.status, revoked.text]).toEqual([200, '']);
    const refused = await ping();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('revoked');
    const refreshed = await httpRequest(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refresh!,
        client_id: clientId,
      }).toString(),
    });
    expect((refreshed.body as { error: string }).error).toBe('invalid_grant');
  });

  it('a code works once, only with its PKCE verifier', async () => {
    const provider = new AppProvider('carol');
    const transport = new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/everything`), {
      authProvider: provider,
    });
    await expect(new Client({ name: 'app', version: '1' }).connect(transport)).rejects.toThrow(
      UnauthorizedError,
    );
    const code = provider.landed!.searchParams.get('code')!;
    const exchange = (verifier: string) =>
      httpRequest(`${gateway.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: APP_REDIRECT,
          client_id: clientId,
        }).toString(),
      });
    expect(((await exchange('x'.repeat(43))).body as { error: string }).error).toBe('invalid_grant');
    // a wrong verifier (anyone who intercepted the code) does not use it up: its client's still works, once
    const redeemed = await exchange(provider.verifier);
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect(((await exchange(provider.verifier)).body as { error: string }).error).toBe('invalid_grant');
  });

  it('answers an OpenID Connect ID token for scope openid, with the nonce; it is no access token', async () => {
    const discovery = (await httpRequest(`${gateway.url}/.well-known/openid-configuration`)).body as {
      authorization_endpoint: string;
      token_endpoint: string;
      jwks_uri: string;
    };
    const verifier = randomBytes(32).toString('base64url');
    const authorization = new URL(discovery.authorization_endpoint);
    for (const [name, value] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: APP_REDIRECT,
      scope: 'openid email',
      nonce: 'n-0S6_WzA2Mj',
      state: 'app-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      resource: `${gateway.url}/mcp/everything`,
    }))
      authorization.searchParams.set(name, value);
    const consentPages: string[] = [];
    const landed = await signInAs('frank', authorization, consentPages);
    // the consent page says where the access goes and for which scopes, whatever the application calls itself
    expect(consentPages).toHaveLength(1);
    expect(consentPages[0]).toContain(
      `Access is handed to <strong>127.0.0.1:1</strong> (<code>${APP_REDIRECT}</code>)`,
    );
    expect(consentPages[0]).toContain('with the scopes <code>openid email</code>');
    expect(landed.searchParams.get('state')).toBe('app-state');
    const tokens = await httpRequest(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: landed.searchParams.get('code')!,
        code_verifier: verifier,
        redirect_uri: APP_REDIRECT,
        client_id: clientId,
      }).toString(),
    });
    expect(tokens.status).toBe(200);
    const { id_token: idToken, refresh_token: refreshToken } = tokens.body as Record<string, string>;
    const { payload, protectedHeader } = await jwtVerify(
      idToken!,
      createRemoteJWKSet(new URL(discovery.jwks_uri)),
      // OpenID Connect's default algorithm: what a client that names none expects
      { issuer: gateway.url, audience: clientId, algorithms: ['RS256'] },
    );
    expect(protectedHeader.typ).toBe('JWT');
    expect(payload).toMatchObject({ aud: clientId, nonce: 'n-0S6_WzA2Mj' });
    // the person as the gateway's issuer names them, unique across its workspaces' providers
    expect(payload.sub).toMatch(/^[\w-]{43}$/);
    expect(typeof payload.auth_time).toBe('number');
    // an ID token opens nothing: it is for the client, not for a server
    const refused = await httpRequest(`${gateway.url}/mcp/everything`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${idToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(refused.status).toBe(401);
    // a refresh answers access tokens only: a new ID token would lack the sign-in's nonce
    const refreshed = await httpRequest(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken!,
        client_id: clientId,
      }).toString(),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty('id_token');
  });

  it('signs in as a confidential client at the provider when login has a client secret (HTTP Basic)', async () => {
    const setLogin = async (login: unknown) => {
      const patched = await httpRequest(`${gateway.url}/v1/identity-providers/${providerId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ login }),
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(JSON.stringify(patched.body)).not.toContain(CONFIDENTIAL_SECRET);
    };
    const signIn = async (user: string) => {
      const provider = new AppProvider(user);
      const transport = new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/everything`), {
        authProvider: provider,
      });
      await expect(new Client({ name: 'app', version: '1' }).connect(transport)).rejects.toThrow(
        UnauthorizedError,
      );
      return { provider, transport, landed: provider.landed! };
    };
    try {
      // a wrong secret: the provider refuses the code exchange, and the app gets an error, no code
      await setLogin({ clientId: 'mcp-gateway-confidential', clientSecret: 'not-the-secret' });
      const refused = await signIn('dave');
      expect(refused.landed.searchParams.get('error')).toBe('access_denied');
      expect(refused.landed.searchParams.get('code')).toBeNull();

      await setLogin({ clientId: 'mcp-gateway-confidential', clientSecret: CONFIDENTIAL_SECRET });
      const { provider, transport, landed } = await signIn('erin');
      await transport.finishAuth(landed.searchParams.get('code')!);
      const client = new Client({ name: 'app', version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/everything`), {
          authProvider: provider,
        }),
      );
      try {
        const result = await client.callTool({ name: 'echo', arguments: { message: 'confidential' } });
        expect(result.content).toEqual([{ type: 'text', text: 'Echo: confidential' }]);
      } finally {
        await client.close();
      }
    } finally {
      await setLogin({ clientId: 'mcp-gateway' });
    }
  });
});
