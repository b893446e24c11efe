import { describe, expect, it } from 'vitest';
import { resourcePartition } from '../store/config-items.js';
import { setup } from './test-support.js';

const pointers = (body: { errors?: { pointer: string }[] }) =>
  (body.errors ?? []).map((e) => e.pointer).sort();

describe('identity resources refuse configuration that can never work, with a field pointer', () => {
  it('identity providers: HMAC or none algorithms, an issuer with credentials or a query, an unknown workspace', async () => {
    const { call } = setup();
    const bad = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://user:pass@idp.test',
      jwksUri: 'http://',
      algorithms: ['HS256', 'none'],
      workspace: 'nowhere',
    });
    expect(bad.status).toBe(400);
    expect(pointers(bad.body)).toEqual(['/algorithms/0', '/algorithms/1']);
    const shapes = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://user:pass@idp.test',
      jwksUri: 'http://',
      workspace: 'nowhere',
    });
    expect(pointers(shapes.body)).toEqual(['/issuer', '/jwksUri', '/workspace']);
    const query = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test/?tenant=1',
    });
    expect(query.body.errors).toEqual([
      { pointer: '/issuer', detail: 'must not have a query: an issuer is a plain URL' },
    ]);
    expect((await call('GET', '/v1/identity-providers')).body.items).toEqual([]);
  });

  it('webhooks: a short secret, a bad URL, an unknown failMode; the secret is never answered', async () => {
    const { call, store } = setup();
    const bad = await call('POST', '/v1/webhooks', {
      name: 'w',
      url: 'https://a:b@hooks.test',
      secret: 'short',
      failMode: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(pointers(bad.body)).toEqual(['/failMode', '/secret']);
    const url = await call('POST', '/v1/webhooks', {
      name: 'w',
      url: 'https://a:b@hooks.test',
      secret: 's'.repeat(32),
    });
    expect(pointers(url.body)).toEqual(['/url']);
    const ok = await call('POST', '/v1/webhooks', {
      name: 'w',
      url: 'https://hooks.test/authn',
      secret: 's'.repeat(32),
    });
    expect(ok.status).toBe(201);
    expect(ok.body).not.toHaveProperty('secret');
    expect((await call('GET', `/v1/webhooks/${ok.body.id}`)).body).not.toHaveProperty('secret');
    // stored for signing, never shown
    const stored = await store.get(resourcePartition('webhook'), ok.body.id);
    expect((stored?.['data'] as { secret?: string } | undefined)?.secret).toBe('s'.repeat(32));
  });

  it('webhooks: https, or plain http to this machine only (credentials and decisions cross no network in the clear)', async () => {
    const { call } = setup();
    for (const url of [
      'http://hooks.test/authz',
      'http://10.0.0.7:8181/v1/data',
      'http://127.0.0.1.nip.io/x',
    ]) {
      const refused = await call('POST', '/v1/webhooks', { name: 'w', url, secret: 's'.repeat(32) });
      expect(refused.status, url).toBe(400);
      expect(refused.body.errors).toEqual([
        {
          pointer: '/url',
          detail: 'must use https (plain http only to this machine: localhost, 127.0.0.0/8, [::1])',
        },
      ]);
    }
    expect((await call('GET', '/v1/webhooks')).body.items).toEqual([]);
    const made: string[] = [];
    for (const [i, url] of [
      'https://hooks.test/authz',
      'http://127.0.0.1:8181/v1/data',
      'http://localhost:8181/v1/data',
      'http://[::1]:8181/v1/data',
    ].entries()) {
      const created = await call('POST', '/v1/webhooks', { name: `w${i}`, url, secret: 's'.repeat(32) });
      expect(created.status, url).toBe(201);
      made.push(created.body.id);
    }
    // nor by a change
    const secure = made[0];
    const patched = await call('PATCH', `/v1/webhooks/${secure}`, {
      url: 'http://hooks.test/authz',
      secret: 's'.repeat(32),
    });
    expect(patched.status).toBe(400);
    expect((await call('GET', `/v1/webhooks/${secure}`)).body.url).toBe('https://hooks.test/authz');
  });

  it('identity providers: login.vaultLinkSignIn is a boolean, anything else a 400 naming it', async () => {
    const { call } = setup();
    const refused = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test',
      login: { clientId: 'gw', vaultLinkSignIn: 'no' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('/login/vaultLinkSignIn');
    const made = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test',
      login: { clientId: 'gw', vaultLinkSignIn: false },
    });
    expect(made.status).toBe(201);
    expect(made.body.login).toMatchObject({ vaultLinkSignIn: false });
  });

  it("identity providers: the login's client secret is stored, kept by a patch, and never answered", async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test',
      login: { clientId: 'gw', clientSecret: 'idp-client-secret', scopes: ['profile'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.login).toEqual({
      clientId: 'gw',
      scopes: ['profile'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      vaultLinkSignIn: true,
      grantLifetimeSeconds: 7776000,
    });
    const id = created.body.id as string;
    const patched = await call('PATCH', `/v1/identity-providers/${id}`, { description: 'corp sign-in' });
    expect(patched.body.login).not.toHaveProperty('clientSecret');
    const listed = await call('GET', '/v1/identity-providers');
    expect(JSON.stringify(listed.body)).not.toContain('idp-client-secret');
    expect(JSON.stringify((await call('GET', `/v1/identity-providers/${id}`)).body)).not.toContain(
      'idp-client-secret',
    );
    const stored = await store.get(resourcePartition('identity_provider'), id);
    expect((stored?.['data'] as { login?: { clientSecret?: string } } | undefined)?.login?.clientSecret).toBe(
      'idp-client-secret',
    );
    // the secret is presented at the issuer's token endpoint: it never follows the issuer elsewhere
    const moved = await call('PATCH', `/v1/identity-providers/${id}`, { issuer: 'https://elsewhere.test' });
    expect(moved.status).toBe(400);
    expect(pointers(moved.body)).toEqual(['/login/clientSecret']);
    expect((await call('GET', `/v1/identity-providers/${id}`)).body.issuer).toBe('https://idp.test');
    const given = await call('PATCH', `/v1/identity-providers/${id}`, {
      issuer: 'https://elsewhere.test',
      login: { clientSecret: 'second-client-secret' },
    });
    expect(given.status).toBe(200);
    expect(given.body.issuer).toBe('https://elsewhere.test');
  });

  it('a webhook a workspace or server still names cannot be deleted', async () => {
    const { call } = setup();
    const hook = await call('POST', '/v1/webhooks', {
      name: 'opa',
      url: 'https://opa.test/authz',
      secret: 's'.repeat(32),
    });
    const server = await call('POST', '/v1/servers', {
      name: 'gh',
      url: 'https://gh.test/mcp',
      authzWebhook: 'opa',
    });
    const refused = await call('DELETE', `/v1/webhooks/${hook.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('A server still names this webhook in authzWebhook; change it first.');
    await call('PATCH', `/v1/servers/${server.body.id}`, { authzWebhook: null });
    expect((await call('DELETE', `/v1/webhooks/${hook.body.id}`)).status).toBe(204);
  });

  it('authentication names identity providers that exist, and a named one cannot be deleted', async () => {
    const { call } = setup();
    const unknown = await call('POST', '/v1/servers', {
      name: 'gh',
      url: 'https://gh.test/mcp',
      authentication: { identityProviders: ['corp'] },
    });
    expect(unknown.status).toBe(400);
    expect(pointers(unknown.body)).toEqual(['/authentication/identityProviders/0']);
    const provider = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test',
      jwksUri: 'https://idp.test/jwks',
    });
    expect(provider.status).toBe(201);
    const server = await call('POST', '/v1/servers', {
      name: 'gh',
      url: 'https://gh.test/mcp',
      authentication: { identityProviders: ['corp'] },
    });
    expect(server.status, JSON.stringify(server.body)).toBe(201);
    // a provider of another workspace, mapping no workspaces from a claim, serves none of this one's tokens
    expect((await call('POST', '/v1/workspaces', { name: 'team' })).status).toBe(201);
    const elsewhere = await call('POST', '/v1/servers', {
      name: 'team-gh',
      workspace: 'team',
      url: 'https://gh.test/mcp',
      authentication: { identityProviders: ['corp'] },
    });
    expect(elsewhere.status).toBe(400);
    expect(pointers(elsewhere.body)).toEqual(['/authentication/identityProviders/0']);
    const workspaces = await call('GET', '/v1/workspaces');
    const fallback = (workspaces.body.items as { id: string; name: string }[]).find(
      (w) => w.name === 'default',
    )!;
    const patched = await call('PATCH', `/v1/workspaces/${fallback.id}`, {
      authentication: { identityProviders: ['corp', 'partner'] },
    });
    expect(patched.status).toBe(400);
    expect(pointers(patched.body)).toEqual(['/authentication/identityProviders/1']);
    const refused = await call('DELETE', `/v1/identity-providers/${provider.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('A server still names this identity provider');
    await call('PATCH', `/v1/servers/${server.body.id}`, { authentication: null });
    expect((await call('DELETE', `/v1/identity-providers/${provider.body.id}`)).status).toBe(204);
  });

  it("a provider another workspace's server names keeps mapping workspaces from its claim", async () => {
    const { call } = setup();
    expect((await call('POST', '/v1/workspaces', { name: 'team' })).status).toBe(201);
    const provider = await call('POST', '/v1/identity-providers', {
      name: 'corp',
      issuer: 'https://idp.test',
      jwksUri: 'https://idp.test/jwks',
      claims: { workspace: 'tenant' },
    });
    expect(provider.status, JSON.stringify(provider.body)).toBe(201);
    const server = await call('POST', '/v1/servers', {
      name: 'team-gh',
      workspace: 'team',
      url: 'https://gh.test/mcp',
      authentication: { identityProviders: ['corp'] },
    });
    expect(server.status, JSON.stringify(server.body)).toBe(201);
    // without the mapping it would serve `default` alone: every token at team-gh refused from then on
    const unmapped = await call('PATCH', `/v1/identity-providers/${provider.body.id}`, { claims: null });
    expect(unmapped.status).toBe(400);
    expect(unmapped.body.errors).toEqual([
      {
        pointer: '/claims/workspace',
        detail: `lets a server of another workspace name this provider in authentication.identityProviders: change that server first ("team-gh" in workspace "team", ${server.body.id})`,
      },
    ]);
    // other changes go through; and once the server names it no more, so does this one
    expect(
      (await call('PATCH', `/v1/identity-providers/${provider.body.id}`, { description: 'SSO' })).status,
    ).toBe(200);
    await call('PATCH', `/v1/servers/${server.body.id}`, { authentication: null });
    expect((await call('PATCH', `/v1/identity-providers/${provider.body.id}`, { claims: null })).status).toBe(
      200,
    );
  });

  it('an authnWebhook must name a webhook of the same workspace', async () => {
    const { call } = setup();
    await call('POST', '/v1/workspaces', { name: 'team' });
    await call('POST', '/v1/webhooks', {
      name: 'team-sso',
      workspace: 'team',
      url: 'https://h.test',
      secret: 's'.repeat(32),
    });
    const elsewhere = await call('POST', '/v1/servers', {
      name: 'up',
      url: 'https://up.test/mcp',
      authnWebhook: 'team-sso',
    });
    expect(elsewhere.body.errors).toEqual([
      { pointer: '/authnWebhook', detail: 'no webhook of workspace "default" is named "team-sso"' },
    ]);
    const same = await call('POST', '/v1/servers', {
      name: 'up',
      workspace: 'team',
      url: 'https://up.test/mcp',
      authnWebhook: 'team-sso',
    });
    expect(same.status).toBe(201);
  });

  it('public oauth clients: redirect URIs required and safe, no secret', async () => {
    const { call } = setup();
    const none = await call('POST', '/v1/oauth-clients', {
      name: 'app',
      tokenEndpointAuthMethod: 'none',
      secret: 's'.repeat(40),
    });
    expect(pointers(none.body)).toEqual(['/redirectUris', '/secret']);
    // the prefixes of the clients the gateway records itself are its own
    for (const name of ['md-0123456789ab', 'dcr-0123456789ab']) {
      const taken = await call('POST', '/v1/oauth-clients', {
        name,
        tokenEndpointAuthMethod: 'none',
        redirectUris: ['https://x.test/cb'],
      });
      expect(pointers(taken.body), name).toEqual(['/name']);
    }
    const unsafe = await call('POST', '/v1/oauth-clients', {
      name: 'app',
      tokenEndpointAuthMethod: 'none',
      redirectUris: [
        'http://evil.test/cb',
        'https://ok.test/cb#frag',
        'javascript:alert(1)',
        'http://127.0.0.1:9/cb',
        // the operating system's handlers, the browser's own pages
        'ms-msdt:/id%20PCWDiagnostic',
        'search-ms:query=x',
        'view-source:https://ok.test/',
        'blob:https://ok.test/1',
        // an application's own scheme is its own
        'cursor://anysphere.cursor-retrieval/oauth/callback',
        'com.example.app:/cb',
      ],
    });
    expect(unsafe.body.errors).toEqual([
      { pointer: '/redirectUris/0', detail: 'http is only for loopback addresses; use https' },
      { pointer: '/redirectUris/1', detail: 'must not have a fragment' },
      { pointer: '/redirectUris/2', detail: 'may not use javascript:' },
      { pointer: '/redirectUris/4', detail: 'may not use ms-msdt:' },
      { pointer: '/redirectUris/5', detail: 'may not use search-ms:' },
      { pointer: '/redirectUris/6', detail: 'may not use view-source:' },
      { pointer: '/redirectUris/7', detail: 'may not use blob:' },
    ]);
  });

  it('oauth clients: a secret method without a secret, private_key_jwt without keys; secrets immutable', async () => {
    const { call } = setup();
    expect(pointers((await call('POST', '/v1/oauth-clients', { name: 'a' })).body)).toEqual(['/secret']);
    const keyless = await call('POST', '/v1/oauth-clients', {
      name: 'a',
      tokenEndpointAuthMethod: 'private_key_jwt',
    });
    expect(pointers(keyless.body)).toEqual(['/jwksUri']);
    const created = await call('POST', '/v1/oauth-clients', { name: 'a', secret: 'c'.repeat(40) });
    expect(created.status).toBe(201);
    const changed = await call('PATCH', `/v1/oauth-clients/${created.body.id}`, { secret: 'd'.repeat(40) });
    expect(changed.body.errors).toEqual([
      { pointer: '/secret', detail: 'is immutable: a new secret requires a new client' },
    ]);
    expect(
      (await call('PATCH', `/v1/oauth-clients/${created.body.id}`, { secret: 'c'.repeat(40) })).status,
    ).toBe(200);
    // a client keeps its kind of credential: a public one never turns confidential without a secret
    const app = await call('POST', '/v1/oauth-clients', {
      name: 'app',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['https://app.test/cb'],
    });
    expect(app.status).toBe(201);
    for (const [id, method] of [
      [app.body.id, 'client_secret_basic'],
      [created.body.id, 'none'],
    ] as const) {
      const switched = await call('PATCH', `/v1/oauth-clients/${id}`, {
        tokenEndpointAuthMethod: method,
        redirectUris: ['https://app.test/cb'],
      });
      expect(pointers(switched.body), method).toEqual(['/tokenEndpointAuthMethod']);
    }
    const post = await call('PATCH', `/v1/oauth-clients/${created.body.id}`, {
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    expect(post.status).toBe(200);
  });
});
