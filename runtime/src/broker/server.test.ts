import { randomBytes } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConfigReader } from '../config/reader.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { setup } from '../management/test-support.js';
import { createGateway, type Gateway } from '../mcp/gateway.js';
import { MemoryStore } from '../store/memory.js';
import { keySealer } from '../vault/sealer.js';
import { FLOWS_PER_ADDRESS } from './interactive.js';
import { BROKER_ALGORITHM, BrokerKeys, ID_TOKEN_ALGORITHM } from './keys.js';
import { REGISTRATIONS_PER_NETWORK } from './register.js';

const BASE = 'http://gateway.test';
const SECRET = 'client-secret-0123456789abcdefghijklmnopqrstuv';
let clientKeys: Awaited<ReturnType<typeof generateKeyPair>>;
let clientJwks: object;
let idpKeys: Awaited<ReturnType<typeof generateKeyPair>>;
let idpJwks: object;

beforeAll(async () => {
  clientKeys = await generateKeyPair('ES256', { extractable: true });
  clientJwks = { keys: [{ ...(await exportJWK(clientKeys.publicKey)), kid: 'c1', alg: 'ES256' }] };
  idpKeys = await generateKeyPair('RS256', { extractable: true });
  idpJwks = { keys: [{ ...(await exportJWK(idpKeys.publicKey)), kid: 'idp-1', alg: 'RS256' }] };
});

let gateway: Gateway | undefined;
afterEach(() => {
  vi.useRealTimers();
  return gateway?.close();
});
/** The nonce the identity provider's next ID token answers (the gateway's, from its redirect). */
let idpNonce = '';
/** Who signs in at the identity provider next (the subject of its ID token). */
let idpSubject = 'ada';
/** More claims the identity provider's next ID tokens carry. */
let idpExtraClaims: Record<string, unknown> = {};
/** The audience of the identity provider's next ID tokens (the gateway's client id there: `gw`). */
let idpAudience: string | string[] = 'gw';
/** Whether the sign-in provider's metadata says it names itself in its answers (RFC 9207). */
let idpNamesItself = false;
/** The codes the sign-in provider's token endpoint was asked to redeem. */
const idpRedeemed: string[] = [];

/**
 * The management API and a gateway on one store; an upstream that answers initialize; a client's JWKS.
 * `foreignSealing`: the management API seals write-only fields with a key the gateway does not hold.
 */
async function world(options: { negativeTtlMs?: number; vault?: boolean; foreignSealing?: boolean } = {}) {
  const store = new MemoryStore();
  // the management API on the gateway's clock (a sign-out is compared with the times of tokens)
  const management = setup({
    store,
    clock: { now: () => Date.now() },
    ...(options.foreignSealing === true ? { sealer: keySealer(randomBytes(32)) } : {}),
  });
  const upstreamCalls: string[] = [];
  const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
    if (String(url) === 'https://client.test/jwks') return Response.json(clientJwks);
    if (String(url) === 'https://idp.test/jwks') return Response.json(idpJwks);
    if (String(url) === 'https://idp.test/.well-known/openid-configuration')
      return Response.json({
        issuer: 'https://idp.test',
        authorization_endpoint: 'https://idp.test/auth',
        token_endpoint: 'https://idp.test/token',
        jwks_uri: 'https://idp.test/jwks',
        ...(idpNamesItself ? { authorization_response_iss_parameter_supported: true } : {}),
      });
    if (String(url) === 'https://idp.test/token') {
      idpRedeemed.push(new URLSearchParams(String(init?.body)).get('code')!);
      // what the provider knows of the person: claims policies and teams may read
      const idToken = await new SignJWT({
        nonce: idpNonce,
        // what marks an ID token (the access token's hash): the gateway's sign-in takes it all the same
        at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q',
        groups: ['staff', 'interns'],
        department: 'eng',
        scp: ['admin'],
        ...idpExtraClaims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
        .setIssuer('https://idp.test')
        .setAudience(idpAudience)
        .setSubject(idpSubject)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(idpKeys.privateKey);
      return Response.json({ id_token: idToken, access_token: 'at', token_type: 'Bearer' });
    }
    if (String(url) === 'https://app.test/client.json')
      return Response.json({
        client_id: 'https://app.test/client.json',
        client_name: 'App',
        redirect_uris: ['https://app.test/cb'],
      });
    if (String(url) === 'https://many.test/client.json')
      return Response.json({
        client_id: 'https://many.test/client.json',
        redirect_uris: Array.from({ length: 17 }, (_, i) => `https://many.test/cb${i}`),
      });
    if (String(url) === 'https://liar.test/client.json')
      return Response.json({
        client_id: 'https://app.test/client.json',
        redirect_uris: ['https://liar.test/cb'],
      });
    upstreamCalls.push(String(init?.body));
    return Response.json(
      {
        jsonrpc: '2.0',
        id: 0,
        result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'u', version: '1' } },
      },
      { headers: { 'mcp-session-id': 'up-1' } },
    );
  }) as typeof fetch;
  gateway = createGateway({
    store,
    config: createConfigReader({
      store,
      clock: { now: () => Date.now() },
      ttlMs: 0,
      negativeTtlMs: options.negativeTtlMs ?? 0,
    }),
    guard: createUrlGuard({
      allowLoopback: true,
      allowPrivate: false,
      lookup: async () => [{ address: '93.184.216.34' }],
    }),
    http: fetchHttpClient(fetchImpl),
    publicUrl: BASE,
    log: () => {},
    ...(options.vault === true ? { sealer: keySealer(randomBytes(32)) } : {}),
  });
  const admin = management.call;
  expect((await admin('POST', '/v1/workspaces', { name: 'other' })).status).toBe(201);
  for (const [name, workspace] of [
    ['up', 'default'],
    ['second', 'default'],
    ['theirs', 'other'],
  ] as const)
    expect(
      (await admin('POST', '/v1/servers', { name, workspace, url: 'http://127.0.0.1:9/mcp' })).status,
    ).toBe(201);
  const basic = await admin('POST', '/v1/oauth-clients', {
    name: 'ci-bot',
    secret: SECRET,
    subject: 'svc-ci',
  });
  expect(basic.status).toBe(201);
  expect(basic.body).not.toHaveProperty('secret');
  const post = await admin('POST', '/v1/oauth-clients', {
    name: 'poster',
    secret: SECRET,
    tokenEndpointAuthMethod: 'client_secret_post',
  });
  const keyed = await admin('POST', '/v1/oauth-clients', {
    name: 'keyed',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwksUri: 'https://client.test/jwks',
  });
  expect(keyed.status).toBe(201);
  const idp = await admin('POST', '/v1/identity-providers', {
    name: 'corp',
    issuer: 'https://idp.test',
    jwksUri: 'https://idp.test/jwks',
  });
  expect(idp.status).toBe(201);
  return {
    gw: gateway,
    admin,
    store,
    upstreamCalls,
    ids: { basic: basic.body.id as string, post: post.body.id as string, keyed: keyed.body.id as string },
  };
}

/** {@link world} with people signing in at its identity provider (its `login` block, no key set of its own). */
async function signInWorld(options: { negativeTtlMs?: number; vault?: boolean } = {}) {
  const made = await world(options);
  const idp = (await made.admin('GET', '/v1/identity-providers')).body.items[0].id as string;
  await made.admin('PATCH', `/v1/identity-providers/${idp}`, { jwksUri: null, login: { clientId: 'gw' } });
  return made;
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'POST',
  path: '/oauth/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  query: {},
  body: new URLSearchParams(fields).toString(),
});

const basicAuth = (id: string, secret = SECRET) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
});

const body = (response: HttpResponse) => JSON.parse(String(response.body)) as Record<string, unknown>;

const initialize = (token: string, server = 'up'): HttpRequest => ({
  method: 'POST',
  path: `/mcp/${server}`,
  headers: {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  },
  query: {},
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  }),
});

const get = (path: string): HttpRequest => ({ method: 'GET', path, headers: {}, query: {}, body: undefined });
/** A browser's answer on a consent page: its `flow` and decision, with the cookie it was given (if any). */
const postConsent = (gw: Gateway, body: string, cookie?: string) =>
  gw.handle({
    method: 'POST',
    path: '/oauth/consent',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie !== undefined ? { cookie } : {}),
    },
    query: {},
    body,
  });
/** The cookie a response sets, as a browser sends it back. */
const cookieOf = (response: { headers: Record<string, string> }) =>
  response.headers['set-cookie']!.split(';')[0]!;

/**
 * The identity provider's answer to a sign-in the gateway began (`begun`: its redirect there), then the
 * person's yes when a consent page asks: the page after the sign-in, where the browser went back to, and
 * whether it asked.
 */
async function answerSignIn(gw: Gateway, begun: HttpResponse) {
  const at = new URL(begun.headers.location!);
  idpNonce = at.searchParams.get('nonce')!;
  const page = await gw.handle({
    ...get('/oauth/callback'),
    headers: { cookie: cookieOf(begun) },
    query: { state: at.searchParams.get('state')!, code: 'idp-code' },
  });
  const flow = /name="flow" value="([^"]+)"/.exec(String(page.body))?.[1];
  const back =
    flow === undefined ? page : await postConsent(gw, `flow=${flow}&decision=allow`, cookieOf(page));
  return { page, back, asked: flow !== undefined };
}

const resource = (server = 'up') => `${BASE}/mcp/${server}`;

describe("the gateway's authorization server (client credentials)", () => {
  it('publishes RFC 8414 metadata and its keys; the protected resource metadata names it', async () => {
    const { gw } = await world();
    const metadata = body(await gw.handle(get('/.well-known/oauth-authorization-server')));
    // HEAD as GET (the edge leaves the body out), for the documents only
    for (const path of [
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
      '/.well-known/jwks.json',
      '/.well-known/oauth-protected-resource/mcp/up',
    ])
      expect([path, (await gw.handle({ ...get(path), method: 'HEAD' })).status]).toEqual([path, 200]);
    const headAuthorize = await gw.handle({ ...get('/oauth/authorize'), method: 'HEAD' });
    expect(headAuthorize.status, String(headAuthorize.body)).toBe(404);
    // what the authorization endpoint refuses, its OpenID metadata says it does not take
    expect(body(await gw.handle(get('/.well-known/openid-configuration')))).toMatchObject({
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    });
    expect(metadata).toMatchObject({
      issuer: BASE,
      token_endpoint: `${BASE}/oauth/token`,
      jwks_uri: `${BASE}/.well-known/jwks.json`,
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
      ],
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'private_key_jwt',
        'none',
      ],
    });
    // an unknown client is never redirected anywhere: a page for the person at the browser
    const authorize = await gw.handle(get('/oauth/authorize'));
    expect(authorize.status).toBe(400);
    expect(authorize.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(metadata).toMatchObject({
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    // OpenID Connect Discovery names the same endpoints, with what OIDC requires besides
    const oidc = body(await gw.handle(get('/.well-known/openid-configuration')));
    expect(oidc).toMatchObject({ ...metadata, subject_types_supported: ['public'] });
    expect(oidc.id_token_signing_alg_values_supported).toEqual(['RS256']);
    const prm = body(await gw.handle(get('/.well-known/oauth-protected-resource/mcp/up')));
    // the identity providers of the workspace first, then the gateway's own authorization server
    expect(prm.authorization_servers).toEqual(['https://idp.test', BASE]);
  });

  it("names in a server's resource metadata only the issuers whose tokens the server takes", async () => {
    const { gw, admin } = await world();
    const listed = (await admin('GET', '/v1/servers')).body as { items: { id: string; name: string }[] };
    const up = listed.items.find((s) => s.name === 'up')!.id;
    expect(
      (await admin('POST', '/v1/identity-providers', { name: 'partner', issuer: 'https://partner.test' }))
        .status,
    ).toBe(201);
    const issuersOf = async (authentication: unknown) => {
      expect((await admin('PATCH', `/v1/servers/${up}`, { authentication })).status).toBe(200);
      const prm = body(await gw.handle(get('/.well-known/oauth-protected-resource/mcp/up')));
      return prm.authorization_servers;
    };
    expect(await issuersOf(null)).toEqual(['https://idp.test', 'https://partner.test', BASE]);
    // a client signs in at the first issuer listed: never one whose tokens the server refuses
    expect(await issuersOf({ methods: ['jwt'] })).toEqual(['https://idp.test', 'https://partner.test']);
    expect(await issuersOf({ methods: ['oauth', 'api-key'] })).toEqual([BASE]);
    expect(await issuersOf({ methods: null, identityProviders: ['partner'] })).toEqual([
      'https://partner.test',
      BASE,
    ]);
    expect(await issuersOf({ methods: ['api-key'], identityProviders: null })).toEqual([]);
  });

  it('issues a short-lived token bound to one server, which opens a session there and nowhere else', async () => {
    const { gw, upstreamCalls, ids } = await world();
    const issued = await gw.handle(
      form({ grant_type: 'client_credentials', resource: resource() }, basicAuth(ids.basic)),
    );
    expect(issued.status).toBe(200);
    expect(issued.headers['cache-control']).toBe('no-store');
    const answer = body(issued);
    expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const token = String(answer.access_token);
    expect(decodeJwt(token)).toMatchObject({
      iss: BASE,
      aud: resource(),
      sub: 'svc-ci',
      // a client's own token: told apart from a person named svc-ci
      gty: 'client_credentials',
      ws: 'default',
      client_id: ids.basic,
    });
    const jwks = body(await gw.handle(get('/.well-known/jwks.json')));
    expect((jwks.keys as { kid: string }[]).map((k) => k.kid)).toContain(decodeProtectedHeader(token).kid);

    expect((await gw.handle(initialize(token))).status).toBe(200);
    expect(upstreamCalls).toHaveLength(1);
    const elsewhere = await gw.handle(initialize(token, 'second'));
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers['www-authenticate']).toContain(
      'error_description="The token was not issued for this resource."',
    );
    expect(upstreamCalls).toHaveLength(1);
  });

  it('authenticates clients by their registered method only', async () => {
    const { gw, ids } = await world();
    const target = { grant_type: 'client_credentials', resource: resource() };
    const wrong = await gw.handle(form(target, basicAuth(ids.basic, `${SECRET}x`)));
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="mcp-gateway"');
    expect(body(wrong).error).toBe('invalid_client');
    expect((await gw.handle(form({ ...target, client_id: ids.post, client_secret: SECRET }))).status).toBe(
      200,
    );
    // a client_secret_post client may not use Basic, nor a Basic client the body
    expect((await gw.handle(form(target, basicAuth(ids.post)))).status).toBe(401);
    expect((await gw.handle(form({ ...target, client_id: ids.basic, client_secret: SECRET }))).status).toBe(
      401,
    );
    expect(body(await gw.handle(form(target))).error).toBe('invalid_client');
  });

  it('accepts a private_key_jwt assertion once (whatever the length of its jti)', async () => {
    const { gw, ids } = await world();
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'c1' })
      .setIssuer(ids.keyed)
      .setSubject(ids.keyed)
      .setAudience(`${BASE}/oauth/token`)
      .setIssuedAt()
      .setExpirationTime('2m')
      .setJti(`assertion-${'x'.repeat(3000)}`)
      .sign(clientKeys.privateKey);
    const request = form({
      grant_type: 'client_credentials',
      resource: resource(),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect((await gw.handle(request)).status).toBe(200);
    const replay = await gw.handle(request);
    expect(replay.status).toBe(401);
    expect(body(replay).error_description).toBe('The client assertion was used before.');
  });

  it('refuses other grants, missing or foreign resources, and disabled clients (their tokens too)', async () => {
    const { gw, admin, ids } = await world();
    const auth = basicAuth(ids.basic);
    expect(body(await gw.handle(form({ grant_type: 'password', resource: resource() }, auth))).error).toBe(
      'unsupported_grant_type',
    );
    // RFC 6749 §5.2: no grant is a malformed request; a grant the server has not is unsupported, for a
    // public client too (not unauthorized: no client may use it)
    const missing = await gw.handle(form({ resource: resource() }, auth));
    expect([missing.status, body(missing).error]).toEqual([400, 'invalid_request']);
    const app = await admin('POST', '/v1/oauth-clients', {
      name: 'public-app',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['https://app.test/cb'],
    });
    expect(body(await gw.handle(form({ grant_type: 'password', client_id: app.body.id }))).error).toBe(
      'unsupported_grant_type',
    );
    expect(
      body(await gw.handle(form({ grant_type: 'client_credentials', client_id: app.body.id }))).error,
    ).toBe('unauthorized_client');
    const got = await gw.handle({ ...form({}), method: 'GET', body: undefined });
    expect([got.status, got.headers.allow]).toEqual([405, 'POST']);
    expect(body(await gw.handle(form({ grant_type: 'refresh_token', client_id: app.body.id })))).toEqual({
      error: 'invalid_request',
      error_description: 'refresh_token is required.',
    });
    // one way of authenticating: a wrong secret in the form is not hidden by a right one in Basic
    const both = form(
      { grant_type: 'client_credentials', resource: resource(), client_secret: 'wrong' },
      auth,
    );
    expect(body(await gw.handle(both))['error']).toBe('invalid_request');
    expect(body(await gw.handle(form({ grant_type: 'client_credentials' }, auth))).error).toBe(
      'invalid_target',
    );
    expect(
      body(await gw.handle(form({ grant_type: 'client_credentials', resource: resource('theirs') }, auth)))
        .error,
    ).toBe('invalid_target');
    expect(
      body(
        await gw.handle(
          form({ grant_type: 'client_credentials', resource: 'https://evil.test/mcp/up' }, auth),
        ),
      ).error,
    ).toBe('invalid_target');
    expect(
      body(await gw.handle(form({ grant_type: 'client_credentials', resource: `${BASE}/mcp/%75p` }, auth)))
        .error,
    ).toBe('invalid_target');
    const token = String(
      body(await gw.handle(form({ grant_type: 'client_credentials', resource: resource() }, auth)))
        .access_token,
    );
    await admin('PATCH', `/v1/oauth-clients/${ids.basic}`, { enabled: false });
    expect(
      (await gw.handle(form({ grant_type: 'client_credentials', resource: resource() }, auth))).status,
    ).toBe(401);
    const refused = await gw.handle(initialize(token));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('no longer allowed');
  });

  it("is refused where the workspace does not accept the gateway's own tokens", async () => {
    const { gw, admin, ids } = await world();
    const token = String(
      body(
        await gw.handle(
          form({ grant_type: 'client_credentials', resource: resource() }, basicAuth(ids.basic)),
        ),
      ).access_token,
    );
    await admin('PATCH', '/v1/workspaces/default', { authentication: { methods: ['api-key'] } });
    const refused = await gw.handle(initialize(token));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain("does not accept the gateway's own OAuth tokens");
  });
});

/** An identity assertion (ID-JAG) of the enterprise IdP for `clientId` and `resource`. */
function idJag(
  clientId: string,
  over: { typ?: string; aud?: string; jti?: string; claims?: Record<string, unknown> } = {},
) {
  return new SignJWT({ client_id: clientId, resource: resource(), ...over.claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-1', typ: over.typ ?? 'oauth-id-jag+jwt' })
    .setIssuer('https://idp.test')
    .setSubject('ada')
    .setAudience(over.aud ?? BASE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(over.jti ?? `jag-${Math.random()}`)
    .sign(idpKeys.privateKey);
}

describe('Enterprise-Managed Authorization (ID-JAG with the JWT-bearer grant)', () => {
  const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

  it("redeems the IdP's assertion for the user's own token, once", async () => {
    const { gw, ids } = await world();
    const assertion = await idJag(ids.basic, { jti: 'jag-1' });
    const request = form({ grant_type: grant, assertion }, basicAuth(ids.basic));
    const issued = await gw.handle(request);
    expect(issued.status).toBe(200);
    const token = String(body(issued).access_token);
    expect(decodeJwt(token)).toMatchObject({ sub: 'ada', aud: resource(), client_id: ids.basic });
    expect((await gw.handle(initialize(token))).status).toBe(200);
    const replay = await gw.handle(request);
    expect(body(replay)).toEqual({
      error: 'invalid_grant',
      error_description: 'The assertion was used before.',
    });
  });

  it("names the assertion's identity provider in the token: a server accepting only other providers refuses it", async () => {
    const { gw, ids, admin } = await world();
    const corp = (await admin('GET', '/v1/identity-providers')).body as {
      items: { id: string; name: string }[];
    };
    const partner = await admin('POST', '/v1/identity-providers', {
      name: 'partner',
      issuer: 'https://partner.test',
      jwksUri: 'https://partner.test/jwks',
    });
    expect(partner.status).toBe(201);
    const token = String(
      body(
        await gw.handle(form({ grant_type: grant, assertion: await idJag(ids.basic) }, basicAuth(ids.basic))),
      ).access_token,
    );
    expect(decodeJwt(token).idp).toBe(corp.items.find((p) => p.name === 'corp')!.id);
    const servers = (await admin('GET', '/v1/servers')).body as { items: { id: string; name: string }[] };
    const up = servers.items.find((server) => server.name === 'up')!;
    const onlyPartner = { authentication: { identityProviders: ['partner'] } };
    expect((await admin('PATCH', `/v1/servers/${up.id}`, onlyPartner)).status).toBe(200);
    const refused = await gw.handle(initialize(token));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('not from an identity provider of this server');
    const both = { authentication: { identityProviders: ['partner', 'corp'] } };
    expect((await admin('PATCH', `/v1/servers/${up.id}`, both)).status).toBe(200);
    expect((await gw.handle(initialize(token))).status).toBe(200);
  });

  it("carries the assertion's claims (groups, email) as the code flow does, and keeps to its scope", async () => {
    const { gw, ids, admin } = await world();
    const assertion = await idJag(ids.basic, {
      claims: { groups: ['contractors'], department: 'eng', email: 'ada@corp.test', email_verified: true },
    });
    const issued = body(await gw.handle(form({ grant_type: grant, assertion }, basicAuth(ids.basic))));
    const token = String(issued.access_token);
    const payload = decodeJwt(token);
    expect(payload['idc']).toMatchObject({ groups: ['contractors'], department: 'eng' });
    expect(payload['idc']).not.toHaveProperty('resource');
    expect(payload['email']).toBe('ada@corp.test');
    expect((await gw.handle(initialize(token))).status).toBe(200);
    // a deny over the provider's groups meets the token, as it meets one the code flow made
    const denied = await admin('POST', '/v1/access-policies', {
      name: 'no-contractors',
      effect: 'deny',
      servers: ['up'],
      subjects: { claims: [{ claim: 'groups', op: 'contains', values: ['contractors'] }] },
    });
    expect(denied.status, JSON.stringify(denied.body)).toBe(201);
    expect((await gw.handle(initialize(token))).status).toBe(401);
    // the scopes the identity provider granted bound the token's
    expect(
      (await admin('PATCH', `/v1/oauth-clients/${ids.basic}`, { scopes: ['mcp:read', 'mcp:call'] })).status,
    ).toBe(200);
    const scoped = async (scope?: string) =>
      body(
        await gw.handle(
          form(
            {
              grant_type: grant,
              assertion: await idJag(ids.basic, { claims: { scope: 'mcp:read' } }),
              ...(scope !== undefined ? { scope } : {}),
            },
            basicAuth(ids.basic),
          ),
        ),
      );
    expect((await scoped()).scope).toBe('mcp:read');
    expect(await scoped('mcp:call')).toMatchObject({ error: 'invalid_scope' });
    // a request refused for its scope spends no assertion: asked again within it, it is redeemed
    const once = await idJag(ids.basic, { claims: { scope: 'mcp:read' } });
    const redeem = async (scope: string) =>
      body(await gw.handle(form({ grant_type: grant, assertion: once, scope }, basicAuth(ids.basic))));
    expect(await redeem('mcp:call')).toMatchObject({ error: 'invalid_scope' });
    expect((await redeem('mcp:read')).scope).toBe('mcp:read');
  });

  it('refuses an assertion issued before its user was signed out', async () => {
    const { gw, ids, admin } = await world();
    const before = await idJag(ids.basic);
    expect((await admin('POST', '/v1/users/sign-out', { user: 'ada' })).status).toBe(200);
    const refused = await gw.handle(form({ grant_type: grant, assertion: before }, basicAuth(ids.basic)));
    expect(body(refused)).toMatchObject({ error: 'invalid_grant', error_description: /signed out/ });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // (assertions are dated in seconds)
    const after = await gw.handle(
      form({ grant_type: grant, assertion: await idJag(ids.basic) }, basicAuth(ids.basic)),
    );
    expect(after.status).toBe(200);
  });

  it('refuses assertions of the wrong type, for another client or another audience', async () => {
    const { gw, ids } = await world();
    const refusal = async (assertion: string) =>
      body(await gw.handle(form({ grant_type: grant, assertion }, basicAuth(ids.basic))));
    expect(await refusal(await idJag(ids.basic, { typ: 'JWT' }))).toEqual({
      error: 'invalid_grant',
      error_description: 'The token is not of the expected type.',
    });
    expect((await refusal(await idJag(ids.post))).error_description).toBe(
      'The assertion was issued to another client.',
    );
    expect((await refusal(await idJag(ids.basic, { aud: resource() }))).error_description).toBe(
      'The token was not issued for this resource.',
    );
  });
});

describe('scopes a server requires (step-up)', () => {
  it('names them in metadata and challenges; a token lacking one gets 403 insufficient_scope naming all', async () => {
    const { gw, admin, ids } = await world();
    const up = (await admin('GET', '/v1/servers', undefined, {}, { name: 'up' })).body.items[0].id as string;
    expect((await admin('PATCH', `/v1/servers/${up}`, { scopes: ['mcp:read', 'mcp:call'] })).status).toBe(
      200,
    );
    expect(
      (await admin('PATCH', `/v1/oauth-clients/${ids.basic}`, { scopes: ['mcp:read', 'mcp:call'] })).status,
    ).toBe(200);
    const prm = body(await gw.handle(get('/.well-known/oauth-protected-resource/mcp/up')));
    expect(prm.scopes_supported).toEqual(['mcp:read', 'mcp:call']);
    const anonymous = await gw.handle({
      ...initialize('x'),
      headers: { ...initialize('x').headers, authorization: '' },
    });
    expect(anonymous.headers['www-authenticate']).toContain('scope="mcp:read mcp:call"');

    const tokenWith = async (scope?: string) => {
      const fields: Record<string, string> = { grant_type: 'client_credentials', resource: resource() };
      if (scope !== undefined) fields.scope = scope;
      return body(await gw.handle(form(fields, basicAuth(ids.basic))));
    };
    const narrow = await tokenWith('mcp:read');
    expect(narrow.scope).toBe('mcp:read');
    const stepUp = await gw.handle(initialize(String(narrow.access_token)));
    expect(stepUp.status).toBe(403);
    expect(stepUp.headers['www-authenticate']).toBe(
      `Bearer realm="mcp-gateway", error="insufficient_scope", scope="mcp:read mcp:call", resource_metadata="${BASE}/.well-known/oauth-protected-resource/mcp/up"`,
    );
    // asking for none grants every scope the client may have
    const full = await tokenWith();
    expect(full.scope).toBe('mcp:read mcp:call');
    expect((await gw.handle(initialize(String(full.access_token)))).status).toBe(200);
    expect(await tokenWith('mcp:admin')).toEqual({
      error: 'invalid_scope',
      error_description: 'The client may not obtain: mcp:admin.',
    });
  });
});

describe('bad requests to the sign-in endpoints get clear answers, never a 5xx', () => {
  it('authorize without PKCE goes back to the client with invalid_request; unknown steps get a page', async () => {
    const { gw, admin } = await world();
    const app = await admin('POST', '/v1/oauth-clients', {
      name: 'app',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['https://app.test/cb'],
    });
    const noPkce = await gw.handle({
      ...get('/oauth/authorize'),
      query: {
        client_id: app.body.id,
        redirect_uri: 'https://app.test/cb',
        response_type: 'code',
        state: 'st',
      },
    });
    expect(noPkce.status).toBe(302);
    const back = new URL(noPkce.headers.location!);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({
      error: 'invalid_request',
      state: 'st',
      iss: BASE,
    });
    // a native application registered a loopback URI: it comes back on whatever port it listens now
    const native = await admin('POST', '/v1/oauth-clients', {
      name: 'native',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['http://127.0.0.1/cb'],
    });
    const onItsPort = await gw.handle({
      ...get('/oauth/authorize'),
      query: { client_id: native.body.id, redirect_uri: 'http://127.0.0.1:53121/cb', response_type: 'code' },
    });
    expect(onItsPort.status).toBe(302);
    expect(onItsPort.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:53121\/cb\?error=invalid_request/);
    /** The error an authorization request of `app` with PKCE and these parameters is sent back with. */
    const refusedWith = async (query: Record<string, string>) => {
      const answer = await gw.handle({
        ...get('/oauth/authorize'),
        query: {
          client_id: app.body.id,
          redirect_uri: 'https://app.test/cb',
          response_type: 'code',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
          resource: resource(),
          ...query,
        },
      });
      return new URL(answer.headers.location!).searchParams.get('error');
    };
    // a resource with a malformed escape names no server: invalid_target, not a failure of the gateway
    expect(await refusedWith({ resource: `${BASE}/mcp/%E0%A4%A` })).toBe('invalid_target');
    // nor does another spelling of a server's URI: its token would be for an audience no server checks
    expect(await refusedWith({ resource: `${BASE}/mcp/%75p` })).toBe('invalid_target');
    // what the gateway does not do is refused, not ignored
    expect(await refusedWith({ response_mode: 'form_post' })).toBe('invalid_request');
    expect(await refusedWith({ request: 'eyJhbGciOiJub25lIn0.e30.' })).toBe('request_not_supported');
    expect(await refusedWith({ request_uri: 'https://app.test/request.jwt' })).toBe(
      'request_uri_not_supported',
    );
    // a parameter given twice (RFC 6749 §3.1): a page, never a redirect to one of two addresses
    const twice = await gw.handle({
      ...get('/oauth/authorize'),
      query: { client_id: app.body.id, redirect_uri: 'https://app.test/cb', response_type: 'code' },
      repeatedQuery: ['redirect_uri'],
    });
    expect([twice.status, twice.headers.location]).toEqual([400, undefined]);
    expect(String(twice.body)).toContain('The request names redirect_uri more than once.');
    // an application that registered itself (anyone can) is told on a page: the gateway redirects no one
    // to an address only that application vouches for
    const registered = await gw.handle({
      method: 'POST',
      path: '/oauth/register',
      headers: { 'content-type': 'application/json' },
      query: {},
      body: JSON.stringify({ redirect_uris: ['https://phish.test/'] }),
    });
    const selfMade = await gw.handle({
      ...get('/oauth/authorize'),
      query: {
        client_id: body(registered)['client_id'] as string,
        redirect_uri: 'https://phish.test/',
        response_type: 'x',
      },
    });
    expect(selfMade.status).toBe(400);
    expect(selfMade.headers.location).toBeUndefined();
    const callback = await gw.handle({ ...get('/oauth/callback'), query: { state: 'made-up', code: 'x' } });
    expect(callback.status).toBe(400);
    expect(String(callback.body)).toContain('expired or was already used');
    const consent = await postConsent(gw, 'flow=made-up&decision=allow');
    expect(consent.status).toBe(400);
  });

  it('registration refuses what is not JSON client metadata or not a public client', async () => {
    const { gw } = await world();
    const register = (body: string, type = 'application/json') =>
      gw.handle({
        method: 'POST',
        path: '/oauth/register',
        headers: { 'content-type': type },
        query: {},
        body,
      });
    expect(body(await register('not json'))).toMatchObject({ error: 'invalid_client_metadata' });
    // what a web page sends without a preflight (a form, a `no-cors` fetch) registers nothing
    const good = JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'] });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'])
      expect(body(await register(good, type)), type).toMatchObject({ error: 'invalid_request' });
    expect((await register(good, 'application/json; charset=utf-8')).status).toBe(201);
    expect(
      body(
        await register(
          JSON.stringify({
            redirect_uris: ['https://a.test/cb'],
            token_endpoint_auth_method: 'client_secret_basic',
          }),
        ),
      ),
    ).toMatchObject({ error: 'invalid_client_metadata' });
    expect(body(await register(JSON.stringify({ redirect_uris: [] })))).toMatchObject({
      error: 'invalid_redirect_uri',
    });
    // a user name reads as the host it is not: `claude.ai@evil.example` sends the code to evil.example
    for (const uri of ['https://claude.ai@evil.example/cb', 'https://a:b@app.test/cb'])
      expect(body(await register(JSON.stringify({ redirect_uris: [uri] }))), uri).toMatchObject({
        error: 'invalid_redirect_uri',
        error_description: expect.stringContaining('must not carry a user name or password'),
      });
    // what the management API's schema would refuse later (so that an admin could not disable the client)
    for (const uri of [
      'https://app.test/cb?x[]=1',
      'https://app.test/c b',
      'https://app.test/ü',
      'https://app.test/%zz',
    ])
      expect(body(await register(JSON.stringify({ redirect_uris: [uri] }))), uri).toMatchObject({
        error: 'invalid_redirect_uri',
        error_description: expect.stringContaining('RFC 3986'),
      });
    for (const uri of ['http://[::1]:3000/cb', 'com.example.app:/callback', 'https://app.test/cb?x=%5B%5D'])
      expect((await register(JSON.stringify({ redirect_uris: [uri] }))).status, uri).toBe(201);
    // ID tokens are signed with RS256 (OpenID Connect's default): another algorithm cannot be had
    const es256 = { redirect_uris: ['https://a.test/cb'], id_token_signed_response_alg: 'ES256' };
    expect(body(await register(JSON.stringify(es256)))).toMatchObject({
      error: 'invalid_client_metadata',
      error_description: expect.stringContaining('RS256'),
    });
    const rs256 = await register(JSON.stringify({ ...es256, id_token_signed_response_alg: 'RS256' }));
    expect(rs256.status).toBe(201);
    expect(body(rs256)).toMatchObject({ id_token_signed_response_alg: 'RS256' });
  });
});

describe('dynamic client registration', () => {
  it('keeps a client name whole characters and well formed', async () => {
    const { gw } = await world();
    const named = async (client_name: string) => {
      const registered = await gw.handle({
        method: 'POST',
        path: '/oauth/register',
        headers: { 'content-type': 'application/json' },
        query: {},
        body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:7777/cb'], client_name }),
      });
      expect(registered.status).toBe(201);
      return body(registered).client_name;
    };
    // 127 letters and an emoji (two UTF-16 units): cut before the emoji, not through it
    expect(await named(`${'a'.repeat(127)}😀`)).toBe('a'.repeat(127));
    expect(await named('tool \ud800 x')).toBe('tool \ufffd x');
  });
});

describe('dynamic client registration is rate limited', () => {
  /** One well-formed registration from `sourceIp`. */
  const registration = (gw: Gateway, sourceIp: string) =>
    gw.handle({
      method: 'POST',
      path: '/oauth/register',
      headers: { 'content-type': 'application/json' },
      query: {},
      body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:7777/cb'], client_name: 'tool' }),
      sourceIp,
    });

  it('per source address: past the limit a 429 with Retry-After, and no client recorded', async () => {
    const { gw, admin } = await world();
    const register = (sourceIp: string) => registration(gw, sourceIp);
    // malformed requests take no share
    for (let i = 0; i < 70; i++)
      expect(
        (
          await gw.handle({
            method: 'POST',
            path: '/oauth/register',
            headers: { 'content-type': 'application/json' },
            query: {},
            body: '{"redirect_uris":[]}',
            sourceIp: '203.0.113.7',
          })
        ).status,
      ).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await register('203.0.113.7')).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(60);
    const refused = await register('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(body(refused)).toMatchObject({ error: 'too_many_requests' });
    // another address is counted apart
    expect((await register('198.51.100.9')).status).toBe(201);
    const registered: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin('GET', '/v1/oauth-clients', undefined, {}, cursor ? { cursor } : {});
      registered.push(
        ...page.body.items.filter(
          (c: { registeredBy?: string }) => c.registeredBy === 'dynamic-registration',
        ),
      );
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
    expect(registered).toHaveLength(61);
  });

  it('per IPv6 network (a /48) too: its many /64s share one count', async () => {
    const { gw } = await world();
    const register = (sourceIp: string) => registration(gw, sourceIp).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < REGISTRATIONS_PER_NETWORK + 1; i++)
      statuses.push(await register(`2001:db8:7:${(i % 8).toString(16)}::${(i + 1).toString(16)}`));
    expect(statuses.filter((s) => s === 201)).toHaveLength(REGISTRATIONS_PER_NETWORK);
    expect(statuses.at(-1)).toBe(429);
    // another network is counted apart
    expect(await register('2001:db8:8::1')).toBe(201);
  });
});

describe('dynamically registered clients lapse unless used', () => {
  it('a day after registration nobody signed in with; 92 days after the last sign-in with it', async () => {
    const { gw, admin, store } = await signInWorld();
    const register = async () =>
      body(
        await gw.handle({
          method: 'POST',
          path: '/oauth/register',
          headers: { 'content-type': 'application/json' },
          query: {},
          body: JSON.stringify({ redirect_uris: ['https://app.test/cb'] }),
          sourceIp: '203.0.113.7',
        }),
      )['client_id'] as string;
    const listed = async () =>
      ((await admin('GET', '/v1/oauth-clients')).body.items as { id: string }[]).map((c) => c.id);
    /** A sign-in with `clientId`, consenting when asked: whether the client was known. */
    const signsIn = async (clientId: string) => {
      const begun = await gw.handle({
        ...get('/oauth/authorize'),
        query: {
          client_id: clientId,
          redirect_uri: 'https://app.test/cb',
          response_type: 'code',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
          resource: resource(),
        },
      });
      if (begun.status !== 302) return false;
      const { back } = await answerSignIn(gw, begun);
      return new URL(back.headers.location!).searchParams.has('code');
    };
    const hour = 3600_000;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      const unused = await register();
      const used = await register();
      expect(await signsIn(used)).toBe(true);
      vi.setSystemTime(Date.now() + 25 * hour);
      expect(await listed()).toContain(used);
      expect(await listed()).not.toContain(unused);
      // its name is kept with it; the lapsed one's is free
      const claimOf = (id: string) => store.get('uniq#oauth_client#name', `dcr-${id.slice(-12)}`);
      expect(await claimOf(used)).toMatchObject({ id: used });
      expect(await claimOf(unused)).toBeUndefined();
      expect(await signsIn(unused)).toBe(false);
      // kept while used: 80 days on, a sign-in keeps it past the end of that sign-in's grant (90 days)
      vi.setSystemTime(Date.now() + 80 * 24 * hour);
      expect(await signsIn(used)).toBe(true);
      vi.setSystemTime(Date.now() + 91 * 24 * hour);
      expect(await listed()).toContain(used);
      vi.setSystemTime(Date.now() + 2 * 24 * hour);
      expect(await listed()).not.toContain(used);
      expect(await signsIn(used)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('clients known by their metadata document (CIMD)', () => {
  const authorizeWith = (clientId: string, redirectUri: string): HttpRequest => ({
    ...get('/oauth/authorize'),
    query: {
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      resource: resource(),
      state: 's1',
    },
  });

  it('signs people in only through a provider the server accepts, and not at all where it takes no OAuth tokens', async () => {
    const { gw, admin } = await signInWorld();
    const app = (
      await admin('POST', '/v1/oauth-clients', {
        name: 'app',
        tokenEndpointAuthMethod: 'none',
        redirectUris: ['https://app.test/cb'],
      })
    ).body.id as string;
    const listed = (await admin('GET', '/v1/servers')).body as { items: { id: string; name: string }[] };
    const up = listed.items.find((s) => s.name === 'up')!.id;
    const begin = async (authentication: unknown) => {
      expect((await admin('PATCH', `/v1/servers/${up}`, { authentication })).status).toBe(200);
      const begun = await gw.handle(authorizeWith(app, 'https://app.test/cb'));
      const prm = body(await gw.handle(get('/.well-known/oauth-protected-resource/mcp/up')));
      return { location: begun.headers.location!, servers: prm.authorization_servers };
    };
    // corp signs people in; a server taking only contractors' people (no sign-in of theirs here) sends
    // no one to corp, whose token it would refuse, and lists the gateway last
    expect(
      (
        await admin('POST', '/v1/identity-providers', {
          name: 'contractors',
          issuer: 'https://contractors.test',
          jwksUri: 'https://contractors.test/jwks',
        })
      ).status,
    ).toBe(201);
    const open = await begin(null);
    expect(open.location).toMatch(/^https:\/\/idp\.test\//);
    expect(open.servers).toEqual([BASE, 'https://idp.test', 'https://contractors.test']);
    const narrowed = await begin({ identityProviders: ['contractors'] });
    expect(Object.fromEntries(new URL(narrowed.location).searchParams)).toMatchObject({
      error: 'access_denied',
      error_description: 'No sign-in is configured for this server.',
    });
    expect(narrowed.servers).toEqual(['https://contractors.test', BASE]);
    const noOauth = await begin({ methods: ['api-key', 'jwt'] });
    expect(Object.fromEntries(new URL(noOauth.location).searchParams)).toMatchObject({
      error: 'access_denied',
      error_description: "This server does not accept the gateway's own OAuth tokens.",
    });
  });

  it('begins at most so many sign-ins an hour from one address, and keeps no state past its bound', async () => {
    const { gw, admin } = await world();
    const idp = (await admin('GET', '/v1/identity-providers')).body.items[0].id as string;
    await admin('PATCH', `/v1/identity-providers/${idp}`, { jwksUri: null, login: { clientId: 'gw' } });
    const app = (
      await admin('POST', '/v1/oauth-clients', {
        name: 'app',
        tokenEndpointAuthMethod: 'none',
        redirectUris: ['https://app.test/cb'],
      })
    ).body.id as string;
    const begin = (sourceIp: string, state = 's1') => {
      const request = authorizeWith(app, 'https://app.test/cb');
      return gw.handle({ ...request, sourceIp, query: { ...request.query, state } });
    };
    const long = await begin('203.0.113.9', 'x'.repeat(2049));
    expect(long.status).toBe(400);
    expect(String(long.body)).toContain('state must have at most 2048 characters.');
    for (let i = 0; i < FLOWS_PER_ADDRESS; i++) {
      const begun = await begin('203.0.113.7');
      expect(begun.headers.location).toMatch(/^https:\/\/idp\.test\//);
    }
    const refused = await begin('203.0.113.7');
    expect(Object.fromEntries(new URL(refused.headers.location!).searchParams)).toMatchObject({
      error: 'temporarily_unavailable',
      state: 's1',
    });
    expect((await begin('203.0.113.8')).headers.location).toMatch(/^https:\/\/idp\.test\//);
  });

  it('refuses a sign-in answer that names another provider, or none from one that names itself (RFC 9207)', async () => {
    let registered = '';
    const signInWorld = async () => {
      const { gw, admin } = await world({ negativeTtlMs: 60_000 });
      const idp = (await admin('GET', '/v1/identity-providers')).body.items[0].id as string;
      await admin('PATCH', `/v1/identity-providers/${idp}`, { jwksUri: null, login: { clientId: 'gw' } });
      registered = (
        await admin('POST', '/v1/oauth-clients', {
          name: 'app',
          tokenEndpointAuthMethod: 'none',
          redirectUris: ['https://app.test/cb'],
        })
      ).body.id as string;
      return gw;
    };
    idpRedeemed.length = 0;
    let gw = await signInWorld();
    const answer = async (query: Record<string, string>, clientId = registered) => {
      const started = await gw.handle(authorizeWith(clientId, 'https://app.test/cb'));
      const at = new URL(started.headers.location!);
      idpNonce = at.searchParams.get('nonce')!;
      const cookie = started.headers['set-cookie']!.split(';')[0]!;
      const state = at.searchParams.get('state')!;
      return gw.handle({ ...get('/oauth/callback'), headers: { cookie }, query: { state, ...query } });
    };
    const refusedWith = (response: { status: number; headers: Record<string, string> }) => {
      expect(response.status).toBe(302);
      const back = new URL(response.headers.location!);
      expect(back.origin + back.pathname).toBe('https://app.test/cb');
      return Object.fromEntries(back.searchParams);
    };
    try {
      // a mix-up: the answer comes back naming another provider; its code is never redeemed
      expect(refusedWith(await answer({ code: 'stolen', iss: 'https://evil.test' }))).toMatchObject({
        error: 'access_denied',
        error_description: 'The answer names another sign-in provider.',
      });
      // an application known by its metadata document vouches for its own redirect URI: told on a page
      const selfMade = await answer(
        { code: 'stolen', iss: 'https://evil.test' },
        'https://app.test/client.json',
      );
      expect([selfMade.status, selfMade.headers.location]).toEqual([400, undefined]);
      expect(String(selfMade.body)).toContain('The answer names another sign-in provider.');
      // the provider's own name (a trailing slash aside) passes
      expect((await answer({ code: 'named', iss: 'https://idp.test/' })).status).toBe(200);
      // a provider that says it always names itself: an answer without a name is refused
      idpNamesItself = true;
      gw = await signInWorld();
      expect(refusedWith(await answer({ code: 'unnamed' })).error).toBe('access_denied');
      expect(idpRedeemed).toEqual(['named']);
    } finally {
      idpNamesItself = false;
    }
  });

  it('reads the document, sends the person to the sign-in provider, and records the client once signed in', async () => {
    // misses are cached a while: the client looked up (and missed) when the flow starts is found after
    const { gw, admin } = await signInWorld({ negativeTtlMs: 60_000 });
    const recorded = async () =>
      (await admin('GET', '/v1/oauth-clients')).body.items.filter(
        (c: { registeredBy?: string }) => c.registeredBy === 'metadata-document',
      );
    const started = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
    expect(started.status).toBe(302);
    const location = new URL(started.headers.location!);
    expect(location.origin + location.pathname).toBe('https://idp.test/auth');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'gw',
      redirect_uri: `${BASE}/oauth/callback`,
      response_type: 'code',
      code_challenge_method: 'S256',
    });
    // starting flows records nothing: documents of one's own cannot fill the store
    for (let i = 0; i < 3; i++)
      await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
    expect(await recorded()).toEqual([]);
    // the flow is tied to the browser that started it: a cookie only the callback path sees
    const cookie = started.headers['set-cookie']!;
    expect(cookie).toMatch(
      /^mcpgw-flow-[\w-]{16}=[\w-]{43}; Path=\/oauth\/callback; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
    );
    // a flow's link passed on to someone else's browser gets nothing there: not without the cookie, nor
    // with the cookie of another flow; and the flow is spent, so its own browser cannot finish it after
    const stateOf = (response: { headers: Record<string, string> }) =>
      new URL(response.headers.location!).searchParams.get('state')!;
    const passedOn = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
    const another = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
    for (const [flow, cookie] of [
      [passedOn, 'theme=dark'],
      [another, `theme=dark; ${cookieOf(started)}`],
    ] as const) {
      const stolen = await gw.handle({
        ...get('/oauth/callback'),
        headers: { cookie },
        query: { state: stateOf(flow), code: 'idp-code' },
      });
      expect(stolen.status).toBe(400);
      expect(stolen.headers.location).toBeUndefined();
      expect(String(stolen.body)).toContain('started in another browser');
    }
    const late = await gw.handle({
      ...get('/oauth/callback'),
      headers: { cookie: cookieOf(passedOn) },
      query: { state: stateOf(passedOn), code: 'idp-code' },
    });
    expect(String(late.body)).toContain('expired or was already used');
    // the person signs in: the client is recorded, and the consent page says it registered itself
    idpNonce = location.searchParams.get('nonce')!;
    const signedIn = await gw.handle({
      ...get('/oauth/callback'),
      headers: { cookie: `theme=dark; ${cookieOf(started)}` },
      query: { state: location.searchParams.get('state')!, code: 'idp-code' },
    });
    // the sign-in's cookie lapses by itself; the consent step gets one of its own (below)
    expect(signedIn.status).toBe(200);
    expect(String(signedIn.body)).toContain('<strong>App</strong> asks to use');
    // the answer goes next to the callback, under whatever path the public URL has
    expect(String(signedIn.body)).toContain('<form method="post" action="consent">');
    expect(String(signedIn.body)).toContain(
      'registered itself from <code>https://app.test/client.json</code>',
    );
    // allowed: the code is redeemed by the client under its document's URL, at once
    const flow = /name="flow" value="([^"]+)"/.exec(String(signedIn.body))![1]!;
    // the answer is bound to this browser too: a cookie only the consent path sees
    expect(signedIn.headers['set-cookie']).toMatch(/^mcpgw-flow-[\w-]{16}=[\w-]{43}; Path=\/oauth\/consent;/);
    const allowed = await postConsent(gw, `flow=${flow}&decision=allow`, cookieOf(signedIn));
    const code = new URL(allowed.headers.location!).searchParams.get('code')!;
    const token = await gw.handle(
      form({
        grant_type: 'authorization_code',
        code,
        client_id: 'https://app.test/client.json',
        redirect_uri: 'https://app.test/cb',
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        resource: resource(),
      }),
    );
    expect(body(token)).toHaveProperty('access_token');
    expect(token.status).toBe(200);
    // by its record's id it signs in nowhere: the record's redirect URIs are the document's of then
    const [record] = await recorded();
    const byId = await gw.handle(authorizeWith(record.id, 'https://app.test/cb'));
    expect(byId.status).toBe(400);
    expect(byId.headers.location).toBeUndefined();
    expect(String(byId.body)).toContain('not known to this gateway');
    // the yes is remembered for what the page showed (client, redirect, server, scopes), nothing else
    const signInAgain = async (request: HttpRequest) => {
      const begun = await gw.handle(request);
      const at = new URL(begun.headers.location!);
      idpNonce = at.searchParams.get('nonce')!;
      return gw.handle({
        ...get('/oauth/callback'),
        headers: { cookie: cookieOf(begun) },
        query: { state: at.searchParams.get('state')!, code: 'idp-code' },
      });
    };
    const same = await signInAgain(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
    expect(same.status).toBe(302);
    expect(new URL(same.headers.location!).searchParams.get('code')).toBeTruthy();
    const wider = authorizeWith('https://app.test/client.json', 'https://app.test/cb');
    const asked = await signInAgain({ ...wider, query: { ...wider.query, scope: 'openid' } });
    expect(asked.status).toBe(200);
    expect(String(asked.body)).toContain('Allow access?');
    expect(String(asked.body)).toContain(
      'Access is handed to <strong>app.test</strong> (<code>https://app.test/cb</code>)',
    );
    // an answer posted from another site or browser (no cookie of this consent) lands nothing
    const forged = await postConsent(
      gw,
      `flow=${/name="flow" value="([^"]+)"/.exec(String(asked.body))![1]!}&decision=allow`,
    );
    expect(forged.status).toBe(400);
    expect(forged.headers.location).toBeUndefined();
    expect(String(forged.body)).toContain('another browser');
    const clients = await recorded();
    expect(clients).toEqual([
      expect.objectContaining({
        metadataDocument: 'https://app.test/client.json',
        description: 'App',
        redirectUris: ['https://app.test/cb'],
        tokenEndpointAuthMethod: 'none',
      }),
    ]);
    // a redirect URI the document does not list is refused without a redirect
    const elsewhere = await gw.handle(authorizeWith('https://app.test/client.json', 'https://evil.test/cb'));
    expect(elsewhere.status).toBe(400);
    // once disabled by an admin, the client is refused
    await admin('PATCH', `/v1/oauth-clients/${clients[0].id}`, { enabled: false });
    expect(
      (await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'))).status,
    ).toBe(400);
  });

  it("refuses sign-in while its provider's client secret cannot be opened; that provider's tokens still verify", async () => {
    const { gw, admin, ids } = await world({ foreignSealing: true });
    const idp = (await admin('GET', '/v1/identity-providers')).body.items[0].id as string;
    const patched = await admin('PATCH', `/v1/identity-providers/${idp}`, {
      login: { clientId: 'gw', clientSecret: 'idp-client-secret-value' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const redeemed = idpRedeemed.length;
    const refused = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
    // a client that registered itself by its document is not sent back to it: the person sees why
    expect(refused.status).toBe(400);
    expect(refused.headers.location).toBeUndefined();
    expect(String(refused.body)).toContain(
      '<p>Sign-in with corp is unavailable: its client secret cannot be opened.</p>',
    );
    expect(idpRedeemed).toHaveLength(redeemed);
    // the provider is not left out: its assertion is redeemed, and the token opens a session
    const assertion = await idJag(ids.basic);
    const issued = await gw.handle(
      form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }, basicAuth(ids.basic)),
    );
    expect(issued.status, String(issued.body)).toBe(200);
    expect((await gw.handle(initialize(String(body(issued).access_token)))).status).toBe(200);
  });

  it('asks every time for a public client whose code goes to a loopback port or a private-use scheme (RFC 8252 8.6)', async () => {
    const { gw, admin } = await signInWorld();
    /** One sign-in of `clientId` back to `redirectUri`: the page after the identity provider (consent or not). */
    const signInTo = async (clientId: string, redirectUri: string) => {
      const { back, asked } = await answerSignIn(gw, await gw.handle(authorizeWith(clientId, redirectUri)));
      expect(new URL(back.headers.location!).searchParams.get('code')).toBeTruthy();
      return asked ? 'asked' : 'back at once';
    };
    const client = async (name: string, redirectUri: string, secret?: string) =>
      (
        await admin('POST', '/v1/oauth-clients', {
          name,
          redirectUris: [redirectUri],
          ...(secret === undefined ? { tokenEndpointAuthMethod: 'none' } : { secret }),
        })
      ).body.id as string;
    for (const redirect of [
      'http://127.0.0.1:7777/callback',
      'http://localhost:7777/cb',
      'com.example.app:/cb',
    ]) {
      const id = await client(`native-${redirect.length}`, redirect);
      expect([await signInTo(id, redirect), await signInTo(id, redirect)], redirect).toEqual([
        'asked',
        'asked',
      ]);
    }
    // a web application's code reaches only its own origin, a confidential client's is worth nothing alone
    const web = await client('web', 'https://app.test/cb');
    expect([await signInTo(web, 'https://app.test/cb'), await signInTo(web, 'https://app.test/cb')]).toEqual([
      'asked',
      'back at once',
    ]);
    const confidential = await client('desktop-with-secret', 'http://127.0.0.1:7777/callback', SECRET);
    expect([
      await signInTo(confidential, 'http://127.0.0.1:7777/callback'),
      await signInTo(confidential, 'http://127.0.0.1:7777/callback'),
    ]).toEqual(['asked', 'back at once']);
  });

  it('grants a sign-in only the scopes the application may obtain, never the ones it names itself', async () => {
    const { gw, admin } = await signInWorld();
    const app = await admin('POST', '/v1/oauth-clients', {
      name: 'reader',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['https://app.test/cb'],
      scopes: ['mcp:read'],
    });
    const ask = (clientId: string, scope: string) =>
      gw.handle({
        ...authorizeWith(clientId, 'https://app.test/cb'),
        query: { ...authorizeWith(clientId, 'https://app.test/cb').query, scope },
      });
    const greedy = await ask(app.body.id, 'mcp:read payroll:admin');
    expect(greedy.status).toBe(302);
    const back = new URL(greedy.headers.location!);
    expect(back.origin).toBe('https://app.test');
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'invalid_scope', state: 's1' });
    expect(back.searchParams.get('error_description')).toContain('payroll:admin');
    // its own scopes and those of sign-in itself go on to the sign-in provider
    const fine = await ask(app.body.id, 'mcp:read openid');
    expect(new URL(fine.headers.location!).origin).toBe('https://idp.test');
    // nor sign in to a server of another workspace than its own
    const foreign = await gw.handle({
      ...authorizeWith(app.body.id, 'https://app.test/cb'),
      query: { ...authorizeWith(app.body.id, 'https://app.test/cb').query, resource: resource('theirs') },
    });
    expect(new URL(foreign.headers.location!).searchParams.get('error')).toBe('invalid_target');
    // an application known by its metadata document may ask for what the server asks for, nothing more;
    // refused on a page of the gateway: a redirect URI it names itself gets no redirect from the gateway
    const own = await ask('https://app.test/client.json', 'anything-at-all');
    expect(own.status).toBe(400);
    expect(own.headers.location).toBeUndefined();
    expect(String(own.body)).toContain('anything-at-all');
    const withoutPkce = authorizeWith('https://app.test/client.json', 'https://app.test/cb');
    delete withoutPkce.query.code_challenge;
    const refused = await gw.handle(withoutPkce);
    expect([refused.status, refused.headers.location]).toEqual([400, undefined]);
  });

  /** A person's sign-in through the gateway (the identity provider's login, consent): their tokens. */
  const signIn = async (gw: Gateway, clientId = 'https://app.test/client.json', scope?: string) => {
    const asked = authorizeWith(clientId, 'https://app.test/cb');
    const started = await gw.handle(
      scope === undefined ? asked : { ...asked, query: { ...asked.query, scope } },
    );
    // the consent page the first time; later sign-ins go back to the client at once
    const { back, asked: consentAsked } = await answerSignIn(gw, started);
    const code = new URL(back.headers.location!).searchParams.get('code')!;
    const redeem = () =>
      gw.handle(
        form({
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'https://app.test/cb',
          code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
          resource: resource(),
          client_id: clientId,
        }),
      );
    return { redeem, code, consentAsked };
  };
  const refreshWith = (gw: Gateway, refresh: string, clientId = 'https://app.test/client.json') =>
    gw.handle(
      form({
        grant_type: 'refresh_token',
        refresh_token: refresh,
        resource: resource(),
        client_id: clientId,
      }),
    );

  it('a deleted metadata-document client recorded again by a later sign-in gets back nothing the deleted one had', async () => {
    const { gw, admin } = await signInWorld();
    const first = body(await (await signIn(gw, undefined, 'openid offline_access')).redeem());
    const refreshed = await refreshWith(gw, String(first['refresh_token']));
    expect(refreshed.status).toBe(200);
    const refresh = String(body(refreshed)['refresh_token']);
    const listed = (await admin('GET', '/v1/oauth-clients')).body.items as {
      id: string;
      registeredBy?: string;
    }[];
    const recorded = listed.find((c) => c.registeredBy === 'metadata-document')!;
    // the yes is remembered (back at once)
    expect((await signIn(gw, undefined, 'openid offline_access')).consentAsked).toBe(false);
    expect((await admin('DELETE', `/v1/oauth-clients/${recorded.id}`)).status).toBe(204);
    // later than instances' clocks may be apart (what a record made right after a grant allows for)
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 120_000);
    // the next sign-in through its document records it again (the same id): its person is asked again,
    // and the refresh tokens given to the deleted one stay refused
    const again = await signIn(gw, undefined, 'openid offline_access');
    expect(again.consentAsked).toBe(true);
    expect(body(await refreshWith(gw, refresh))).toMatchObject({ error: 'invalid_grant' });
    expect((await gw.handle(initialize(String(body(refreshed)['access_token'])))).status).toBe(401);
    // what the new record is given works
    const redeemed = await again.redeem();
    expect(redeemed.status, String(redeemed.body)).toBe(200);
    expect((await gw.handle(initialize(String(body(redeemed)['access_token'])))).status).toBe(200);
  });

  it('refreshes for the grant’s server only, and narrows the access token (not the grant) to a scope asked', async () => {
    const { gw } = await signInWorld();
    const first = body(await (await signIn(gw, undefined, 'openid offline_access')).redeem());
    const refresh = (fields: Record<string, string>, token = String(first['refresh_token'])) =>
      gw.handle(
        form({
          grant_type: 'refresh_token',
          refresh_token: token,
          client_id: 'https://app.test/client.json',
          ...fields,
        }),
      );
    const other = await refresh({ resource: resource('second') });
    expect([other.status, body(other)['error']]).toEqual([400, 'invalid_target']);
    const beyond = await refresh({ scope: 'openid payroll:admin' });
    expect([beyond.status, body(beyond)['error']]).toEqual([400, 'invalid_scope']);
    // refused, the refresh token is not used up
    const narrowed = await refresh({ resource: resource(), scope: 'openid' });
    expect(narrowed.status, String(narrowed.body)).toBe(200);
    expect(body(narrowed)['scope']).toBe('openid');
    const claims = JSON.parse(
      Buffer.from(String(body(narrowed)['access_token']).split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims['scope']).toBe('openid');
    // the grant keeps its scope: the next refresh without one gets it whole
    const whole = await refresh({}, String(body(narrowed)['refresh_token']));
    expect(body(whole)['scope']).toBe('openid offline_access');
  });

  it('carries what sign-in learned of the person as claims, so policies over claims decide as for the provider’s tokens', async () => {
    const { gw, admin } = await signInWorld();
    const first = body(await (await signIn(gw)).redeem());
    const payload = JSON.parse(
      Buffer.from(String(first['access_token']).split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload['idc']).toEqual({ department: 'eng', groups: ['staff', 'interns'] });
    expect((await gw.handle(initialize(String(first['access_token'])))).status).toBe(200);
    // a deny over a claim of the identity provider: the token the gateway issued meets it too, and so does
    // the one a refresh makes
    const policy = await admin('POST', '/v1/access-policies', {
      name: 'no-interns',
      effect: 'deny',
      servers: ['up'],
      subjects: { claims: [{ claim: 'groups', op: 'contains', values: ['interns'] }] },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    // (refused as for a server it may not know: its token is then for nothing here)
    expect((await gw.handle(initialize(String(first['access_token'])))).status).toBe(401);
    const renewed = body(await refreshWith(gw, String(first['refresh_token'])));
    expect((await gw.handle(initialize(String(renewed['access_token'])))).status).toBe(401);
  });

  it('carries nested claims too, and refuses a sign-in whose claims it cannot carry whole (a rule could name one left out)', async () => {
    const { gw, admin } = await signInWorld();
    idpExtraClaims = { realm_access: { roles: ['contractor'] } };
    try {
      const first = body(await (await signIn(gw)).redeem());
      const payload = JSON.parse(
        Buffer.from(String(first['access_token']).split('.')[1]!, 'base64url').toString(),
      ) as { idc: Record<string, unknown> };
      expect(payload.idc['realm_access']).toEqual({ roles: ['contractor'] });
      const denied = await admin('POST', '/v1/access-policies', {
        name: 'no-contractors',
        effect: 'deny',
        servers: ['up'],
        subjects: { claims: [{ claim: 'realm_access.roles', op: 'contains', values: ['contractor'] }] },
      });
      expect(denied.status, JSON.stringify(denied.body)).toBe(201);
      expect((await gw.handle(initialize(String(first['access_token'])))).status).toBe(401);
      // more than a token carries: no sign-in, rather than one without some of the person's groups
      idpExtraClaims = { groups: Array.from({ length: 2000 }, (_, i) => `group-${i}`) };
      const started = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
      const { page } = await answerSignIn(gw, started);
      expect(page.status).toBe(400);
      expect(String(page.body)).toContain('more about this person than the gateway');
    } finally {
      idpExtraClaims = {};
    }
  });

  it('a code redeemed again revokes the grant its first redemption made (a leaked code)', async () => {
    const { gw } = await signInWorld();
    const { redeem } = await signIn(gw);
    const first = body(await redeem());
    expect(typeof first['refresh_token']).toBe('string');
    const again = await redeem();
    expect(again.status).toBe(400);
    expect(body(again)).toEqual({
      error: 'invalid_grant',
      error_description: 'The code was used before; the refresh tokens issued for it are revoked.',
    });
    expect(body(await refreshWith(gw, String(first['refresh_token'])))).toMatchObject({
      error: 'invalid_grant',
    });
    // and the access token it was redeemed for: refused, while another grant's token works
    const refused = await gw.handle(initialize(String(first['access_token'])));
    expect(refused.status).toBe(401);
    expect(String(refused.body)).toContain('The grant of this token was revoked; sign in again.');
    const other = body(await (await signIn(gw)).redeem());
    expect((await gw.handle(initialize(String(other['access_token'])))).status).toBe(200);
  });

  it("takes only ID tokens issued to the gateway's own client at sign-in, not those for the provider's other audiences", async () => {
    const { gw, admin } = await signInWorld();
    const idp = (await admin('GET', '/v1/identity-providers')).body.items[0].id as string;
    // tokens for another application of the company are accepted as access tokens; an ID token is not
    expect((await admin('PATCH', `/v1/identity-providers/${idp}`, { audiences: ['other-app'] })).status).toBe(
      200,
    );
    idpAudience = 'other-app';
    try {
      const started = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
      const { page } = await answerSignIn(gw, started);
      expect(page.status).toBe(400);
      expect(String(page.body)).toContain('The token was not issued for this resource.');
      // one for several audiences is the gateway's only when it names the gateway as its authorized party
      const signInWith = async (audience: string[], azp?: string) => {
        idpAudience = audience;
        idpExtraClaims = azp === undefined ? {} : { azp };
        const begun = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
        return (await answerSignIn(gw, begun)).page;
      };
      for (const azp of [undefined, 'other-app']) {
        const page = await signInWith(['gw', 'other-app'], azp);
        expect([page.status, String(page.body)], azp).toEqual([
          400,
          expect.stringContaining('The ID token was issued to another application.'),
        ]);
      }
      expect((await signInWith(['gw'], 'other-app')).status).toBe(400);
      expect((await signInWith(['gw', 'other-app'], 'gw')).status).toBe(200);
    } finally {
      idpAudience = 'gw';
      idpExtraClaims = {};
    }
  });

  it('puts the email in an ID token only for a client that asked for the email scope', async () => {
    const { gw } = await signInWorld();
    idpExtraClaims = { email: 'ada@corp.test', email_verified: true };
    try {
      const idTokenFor = async (scope: string) => {
        const answer = body(await (await signIn(gw, 'https://app.test/client.json', scope)).redeem());
        expect(typeof answer['id_token'], JSON.stringify(answer)).toBe('string');
        return decodeJwt(String(answer['id_token']));
      };
      expect(await idTokenFor('openid')).not.toHaveProperty('email');
      expect(await idTokenFor('openid email')).toMatchObject({ email: 'ada@corp.test' });
    } finally {
      idpExtraClaims = {};
    }
  });

  it("names the person in an ID token uniquely within the gateway's issuer: the same at every sign-in, apart from another provider's same user value", async () => {
    const { gw, admin } = await signInWorld();
    const subjectOf = async (server: string) => {
      const asked = authorizeWith('https://app.test/client.json', 'https://app.test/cb');
      const started = await gw.handle({
        ...asked,
        query: { ...asked.query, scope: 'openid', resource: resource(server) },
      });
      const { back } = await answerSignIn(gw, started);
      const code = new URL(back.headers.location!).searchParams.get('code')!;
      const answer = body(
        await gw.handle(
          form({
            grant_type: 'authorization_code',
            code,
            redirect_uri: 'https://app.test/cb',
            code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
            resource: resource(server),
            client_id: 'https://app.test/client.json',
          }),
        ),
      );
      expect(typeof answer['id_token'], JSON.stringify(answer)).toBe('string');
      return decodeJwt(String(answer['id_token'])).sub;
    };
    const ada = await subjectOf('up');
    expect(ada).toMatch(/^[\w-]{43}$/);
    expect(await subjectOf('up')).toBe(ada);
    // another workspace's admin sets up a provider whose user values meet this one's: another person
    const theirs = await admin('POST', '/v1/identity-providers', {
      name: 'their-idp',
      workspace: 'other',
      issuer: 'https://idp.test',
      login: { clientId: 'gw' },
    });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    const other = await subjectOf('theirs');
    expect(other).toMatch(/^[\w-]{43}$/);
    expect(other).not.toBe(ada);
  });

  it('carries many groups once, within what a request header holds, and refuses a sign-in with more than fits', async () => {
    const { gw, admin } = await signInWorld();
    const guid = (i: number) => `6f1c${String(i).padStart(4, '0')}-2b7e-4c1a-9d3f-8a2b5c6d7e8f`;
    idpExtraClaims = { groups: Array.from({ length: 110 }, (_, i) => guid(i)) };
    try {
      const first = body(await (await signIn(gw)).redeem());
      const token = String(first['access_token']);
      expect(token.length).toBeLessThanOrEqual(8192);
      const payload = decodeJwt(token);
      // the teams are the groups the token carries anyway: named, not copied
      expect(payload).not.toHaveProperty('teams');
      expect(payload['tcl']).toBe('groups');
      // and still the person's teams: a policy over one of them decides
      expect((await gw.handle(initialize(token))).status).toBe(200);
      const team = await admin('POST', '/v1/teams', { name: guid(109) });
      expect(team.status, JSON.stringify(team.body)).toBe(201);
      const denied = await admin('POST', '/v1/access-policies', {
        name: 'not-group-109',
        effect: 'deny',
        servers: ['up'],
        subjects: { teams: [guid(109)] },
      });
      expect(denied.status, JSON.stringify(denied.body)).toBe(201);
      expect((await gw.handle(initialize(token))).status).toBe(401);
      // 150 groups would make a token no header holds: the sign-in is refused, saying why
      idpExtraClaims = { groups: Array.from({ length: 150 }, (_, i) => guid(i)) };
      const started = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
      const { page } = await answerSignIn(gw, started);
      expect(page.status).toBe(400);
      expect(String(page.body)).toContain('more about this person than the gateway');
    } finally {
      idpExtraClaims = {};
    }
  });

  it('a code presented by a stranger, or without its verifier, is neither used up nor taken for a leak', async () => {
    const { gw } = await signInWorld();
    const { redeem, code } = await signIn(gw);
    // anyone may register an application, and then present an intercepted code as its own
    const stranger = body(
      await gw.handle({
        method: 'POST',
        path: '/oauth/register',
        headers: { 'content-type': 'application/json' },
        query: {},
        body: JSON.stringify({ redirect_uris: ['https://app.test/cb'], token_endpoint_auth_method: 'none' }),
      }),
    )['client_id'] as string;
    const presented = (fields: Record<string, string>) =>
      gw.handle(
        form({
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'https://app.test/cb',
          resource: resource(),
          code_verifier: 'y'.repeat(43),
          ...fields,
        }),
      );
    expect(body(await presented({ client_id: stranger }))).toEqual({
      error: 'invalid_grant',
      error_description: 'The code was issued to another client.',
    });
    // a parameter left out is a malformed request (RFC 6749 §5.2), which spends nothing either
    for (const left of ['code', 'redirect_uri', 'code_verifier']) {
      const request = form({
        grant_type: 'authorization_code',
        client_id: 'https://app.test/client.json',
        code,
        redirect_uri: 'https://app.test/cb',
        code_verifier: 'y'.repeat(43),
      });
      const fields = new URLSearchParams(String(request.body));
      fields.delete(left);
      expect(body(await gw.handle({ ...request, body: fields.toString() }))).toEqual({
        error: 'invalid_request',
        error_description: `${left} is required.`,
      });
    }
    expect(
      body(await presented({ client_id: 'https://app.test/client.json', code_verifier: 'x'.repeat(43) })),
    ).toEqual({
      error: 'invalid_grant',
      error_description: 'The code_verifier does not match the code_challenge.',
    });
    // the client it was issued to still redeems it, once
    const first = await redeem();
    expect(first.status, String(first.body)).toBe(200);
    // after that, a stranger's replay ends nothing: the grant's refresh token still works
    expect(body(await presented({ client_id: stranger }))['error']).toBe('invalid_grant');
    expect((await refreshWith(gw, String(body(first)['refresh_token']))).status).toBe(200);
  });

  it('a code redemption that fails before its answer is made leaves the code for the retry', async () => {
    const { gw, store } = await signInWorld();
    const { redeem } = await signIn(gw);
    const put = store.put.bind(store);
    let fail = true;
    store.put = async (item, condition) => {
      if (fail && item.pk === 'oauth-refresh') {
        fail = false;
        throw new Error('throttled');
      }
      return put(item, condition);
    };
    expect((await redeem()).status).toBe(500);
    const retried = await redeem();
    expect(retried.status, String(retried.body)).toBe(200);
    expect((await refreshWith(gw, String(body(retried)['refresh_token']))).status).toBe(200);
    // and it stays single-use
    expect(body(await redeem())['error_description']).toBe(
      'The code was used before; the refresh tokens issued for it are revoked.',
    );
  });

  it('two redemptions of one code at once: one is answered, and both grants end', async () => {
    const { gw } = await signInWorld();
    const { redeem } = await signIn(gw);
    const [one, two] = await Promise.all([redeem(), redeem()]);
    const answers = [one, two].map(body);
    const won = answers.filter((a) => typeof a['refresh_token'] === 'string');
    expect(won).toHaveLength(1);
    expect(answers.find((a) => a['error'] !== undefined)).toEqual({
      error: 'invalid_grant',
      error_description: 'The code was used before; the refresh tokens issued for it are revoked.',
    });
    expect(body(await refreshWith(gw, String(won[0]!['refresh_token'])))['error']).toBe('invalid_grant');
  });

  it('a refresh that fails before its answer is made leaves the refresh token for the retry', async () => {
    const { gw, store } = await signInWorld();
    const first = body(await (await signIn(gw)).redeem());
    // the store fails once while the new tokens are made
    const put = store.put.bind(store);
    let fail = true;
    store.put = async (item, condition) => {
      if (fail && item.pk === 'oauth-refresh' && item['used'] === false) {
        fail = false;
        throw new Error('throttled');
      }
      return put(item, condition);
    };
    expect((await refreshWith(gw, first['refresh_token'] as string)).status).toBe(500);
    // the client's retry with the same token: renewed, not taken for a reuse
    const retried = await refreshWith(gw, first['refresh_token'] as string);
    expect(retried.status).toBe(200);
    expect((await refreshWith(gw, body(retried)['refresh_token'] as string)).status).toBe(200);
  });

  it('two refreshes with one token at once both renew the grant; presenting it again after is a reuse', async () => {
    const { gw } = await signInWorld();
    const first = body(await (await signIn(gw)).redeem())['refresh_token'] as string;
    const [one, two] = await Promise.all([refreshWith(gw, first), refreshWith(gw, first)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    for (const answer of [one, two])
      expect((await refreshWith(gw, body(answer)['refresh_token'] as string)).status).toBe(200);
    // once used up, the token again is a leak: the grant ends
    const again = await refreshWith(gw, first);
    expect(body(again)).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('revoked'),
    });
    expect((await refreshWith(gw, body(one)['refresh_token'] as string)).status).toBe(400);
    // the access tokens of the grant end with it
    expect((await gw.handle(initialize(String(body(two)['access_token'])))).status).toBe(401);
  });

  it('a refresh grants only the scopes the application may still obtain', async () => {
    const { gw, admin } = await signInWorld();
    const app = await admin('POST', '/v1/oauth-clients', {
      name: 'editor',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['https://app.test/cb'],
      scopes: ['mcp:read', 'mcp:write'],
    });
    const first = body(await (await signIn(gw, app.body.id, 'mcp:read mcp:write')).redeem());
    expect(first['scope']).toBe('mcp:read mcp:write');
    await admin('PATCH', `/v1/oauth-clients/${app.body.id}`, { scopes: ['mcp:read'] });
    const narrowed = body(await refreshWith(gw, first['refresh_token'] as string, app.body.id));
    expect(narrowed['scope']).toBe('mcp:read');
    // and so on: the narrowed grant is what later refreshes start from
    await admin('PATCH', `/v1/oauth-clients/${app.body.id}`, { scopes: ['mcp:read', 'mcp:write'] });
    expect(body(await refreshWith(gw, narrowed['refresh_token'] as string, app.body.id))['scope']).toBe(
      'mcp:read',
    );
  });

  it('keeps a grant’s scopes through a refresh while its server is gone a moment (replaced by IaC)', async () => {
    const { gw, admin } = await signInWorld();
    const server = (await admin('GET', '/v1/servers', undefined, {}, { name: 'up' })).body.items[0];
    await admin('PATCH', `/v1/servers/${server.id}`, { scopes: ['mcp:read', 'mcp:write'] });
    // an application registered without scopes of its own may have the server's
    const app = await admin('POST', '/v1/oauth-clients', {
      name: 'editor',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['https://app.test/cb'],
    });
    const first = body(await (await signIn(gw, app.body.id, 'mcp:read mcp:write')).redeem());
    expect(first['scope']).toBe('mcp:read mcp:write');
    const {
      id: _id,
      version: _version,
      createdAt: _c,
      updatedAt: _u,
      ...config
    } = (await admin('GET', `/v1/servers/${server.id}`)).body;
    expect((await admin('DELETE', `/v1/servers/${server.id}`)).status).toBe(204);
    const during = body(await refreshWith(gw, first['refresh_token'] as string, app.body.id));
    expect(during['scope']).toBe('mcp:read mcp:write');
    expect((await admin('POST', '/v1/servers', config)).status).toBe(201);
    const after = body(await refreshWith(gw, during['refresh_token'] as string, app.body.id));
    expect(after['scope']).toBe('mcp:read mcp:write');
  });

  it('ends a person’s grant 90 days after the sign-in, however often it was refreshed', async () => {
    const { gw } = await signInWorld({ negativeTtlMs: 60_000 });
    let refresh = body(await (await signIn(gw)).redeem())['refresh_token'] as string;
    const day = 24 * 3600_000;
    const refreshed = () => refreshWith(gw, refresh);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      // used every four weeks: renewed, each time with a new refresh token
      for (let i = 0; i < 3; i++) {
        vi.setSystemTime(Date.now() + 29 * day);
        const answer = await refreshed();
        expect(answer.status, `refresh ${i + 1}`).toBe(200);
        refresh = body(answer)['refresh_token'] as string;
      }
      // past 90 days since the sign-in: over, whatever its last refresh
      vi.setSystemTime(Date.now() + 4 * day);
      const over = await refreshed();
      expect(over.status).toBe(400);
      expect(body(over)).toMatchObject({ error: 'invalid_grant' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends a grant after its provider’s grant lifetime, read at each refresh; and with its provider', async () => {
    const { gw, admin } = await signInWorld({ negativeTtlMs: 60_000 });
    const idp = (await admin('GET', '/v1/identity-providers')).body.items[0].id as string;
    const first = body(await (await signIn(gw)).redeem())['refresh_token'] as string;
    const second = body(await (await signIn(gw)).redeem())['refresh_token'] as string;
    const lifetime = await admin('PATCH', `/v1/identity-providers/${idp}`, {
      login: { grantLifetimeSeconds: 3600 },
    });
    expect(lifetime.status).toBe(200);
    expect(lifetime.body.login).toMatchObject({ clientId: 'gw', grantLifetimeSeconds: 3600 });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      vi.setSystemTime(Date.now() + 30 * 60_000);
      const renewed = await refreshWith(gw, first);
      expect(renewed.status).toBe(200);
      // an hour since the sign-in, whatever its last refresh: over
      vi.setSystemTime(Date.now() + 31 * 60_000);
      const over = await refreshWith(gw, body(renewed)['refresh_token'] as string);
      expect(over.status).toBe(400);
      expect(body(over)).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringMatching(/longest/),
      });
      // a provider switched off ends the grants of its sign-ins
      await admin('PATCH', `/v1/identity-providers/${idp}`, { login: { grantLifetimeSeconds: 7776000 } });
      const kept = await refreshWith(gw, second);
      expect(kept.status).toBe(200);
      await admin('PATCH', `/v1/identity-providers/${idp}`, { enabled: false });
      vi.setSystemTime(Date.now() + 5 * 60_000);
      const gone = await refreshWith(gw, body(kept)['refresh_token'] as string);
      expect(gone.status).toBe(400);
      expect(body(gone)).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringMatching(/gone/),
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('has a person sign in anew at the provider when its session there predates their sign-out', async () => {
    const { gw, admin } = await signInWorld();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const seconds = () => Math.floor(Date.now() / 1000);
    // the person signed in at the provider an hour ago, and its session is still open
    const signedInThere = seconds() - 3600;
    idpExtraClaims = { auth_time: signedInThere };
    try {
      await (await signIn(gw)).redeem();
      vi.setSystemTime(Date.now() + 1000);
      expect((await admin('POST', '/v1/users/sign-out', { user: 'ada' })).status).toBe(200);
      vi.setSystemTime(Date.now() + 1000);
      // the provider's session is still open: it signs the person in silently, as of before the sign-out
      const started = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
      const { page } = await answerSignIn(gw, started);
      expect(page.status).toBe(302);
      const again = new URL(page.headers.location!);
      expect(again.origin + again.pathname).toBe('https://idp.test/auth');
      expect(again.searchParams.get('prompt')).toBe('login');
      expect(again.searchParams.get('max_age')).toBe('0');
      // a provider that signs the person in again: on to the client, whose tokens work
      idpExtraClaims = { auth_time: seconds() };
      const { back } = await answerSignIn(gw, page);
      const code = new URL(back.headers.location!).searchParams.get('code');
      expect(code).not.toBeNull();
      // one that does not: no grant (a client that registered itself is no redirect target: a page)
      idpExtraClaims = { auth_time: signedInThere };
      const asked = await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb'));
      const retried = await answerSignIn(gw, (await answerSignIn(gw, asked)).page);
      expect(retried.page.status).toBe(400);
      expect(String(retried.page.body)).toContain('You were signed out');
      // a provider that never says when the person signed in: asked to have them sign in anew as well
      idpExtraClaims = {};
      const untimed = await answerSignIn(
        gw,
        await gw.handle(authorizeWith('https://app.test/client.json', 'https://app.test/cb')),
      );
      expect(new URL(untimed.page.headers.location!).searchParams.get('prompt')).toBe('login');
      const { back: untimedBack } = await answerSignIn(gw, untimed.page);
      expect(new URL(untimedBack.headers.location!).searchParams.get('code')).not.toBeNull();
    } finally {
      idpExtraClaims = {};
      vi.useRealTimers();
    }
  });

  it('honours the client’s prompt and max_age: none refused, login and max_age checked by auth_time, consent asked', async () => {
    const { gw } = await signInWorld();
    const client = 'https://app.test/client.json';
    const asking = (query: Record<string, string>) => {
      const request = authorizeWith(client, 'https://app.test/cb');
      return gw.handle({ ...request, query: { ...request.query, ...query } });
    };
    const seconds = () => Math.floor(Date.now() / 1000);
    try {
      // every sign-in here shows a page: prompt=none cannot be served (a self-registered client: a page)
      const none = await asking({ prompt: 'none' });
      expect(none.status).toBe(400);
      expect(String(none.body)).toContain('prompt=none');
      expect((await asking({ max_age: 'soon' })).status).toBe(400);
      // prompt=login: the provider is asked to sign the person in, and must say it did just now
      const login = await asking({ prompt: 'login' });
      const sent = new URL(login.headers.location!);
      expect([sent.searchParams.get('prompt'), sent.searchParams.get('max_age')]).toEqual(['login', '0']);
      idpExtraClaims = { auth_time: seconds() - 3600 };
      const stale = await answerSignIn(gw, login);
      expect(stale.page.status).toBe(400);
      expect(String(stale.page.body)).toContain('recent sign-in');
      idpExtraClaims = { auth_time: seconds() };
      const fresh = await answerSignIn(gw, await asking({ prompt: 'login' }));
      expect(new URL(fresh.back.headers.location!).searchParams.get('code')).not.toBeNull();
      // max_age: a sign-in within it does, one before it does not; a provider saying no time does not
      const maxAge = await asking({ max_age: '600' });
      expect(new URL(maxAge.headers.location!).searchParams.get('max_age')).toBe('600');
      idpExtraClaims = { auth_time: seconds() - 300 };
      expect((await answerSignIn(gw, maxAge)).back.headers.location).toContain('code=');
      idpExtraClaims = { auth_time: seconds() - 3600 };
      expect((await answerSignIn(gw, await asking({ max_age: '600' }))).page.status).toBe(400);
      idpExtraClaims = {};
      expect((await answerSignIn(gw, await asking({ max_age: '600' }))).page.status).toBe(400);
      // prompt=consent: asked again, though allowed before (above)
      idpExtraClaims = { auth_time: seconds() };
      expect((await answerSignIn(gw, await asking({}))).asked).toBe(false);
      expect((await answerSignIn(gw, await asking({ prompt: 'consent' }))).asked).toBe(true);
    } finally {
      idpExtraClaims = {};
    }
  });

  it('signing a person out everywhere ends their tokens and their grant; a new sign-in works', async () => {
    const { gw, admin, upstreamCalls } = await signInWorld({ negativeTtlMs: 60_000 });
    const tokensOf = async (response: HttpResponse) => {
      expect(response.status).toBe(200);
      const { access_token: access, refresh_token: refresh } = body(response);
      return { access: access as string, refresh: refresh as string };
    };
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      const before = await tokensOf(await (await signIn(gw)).redeem());
      // a code of a sign-in before the sign-out, redeemed after it
      const pending = await signIn(gw);
      expect((await gw.handle(initialize(before.access))).status).toBe(200);
      vi.setSystemTime(Date.now() + 1000);
      const out = await admin('POST', '/v1/users/sign-out', { user: 'ada' });
      expect(out.status).toBe(200);
      expect(out.body).toEqual({
        user: 'ada',
        workspace: 'default',
        signedOutAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
      });
      const calls = upstreamCalls.length;
      const refused = await gw.handle(initialize(before.access));
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toContain('signed out');
      expect(upstreamCalls).toHaveLength(calls);
      for (const answer of [await refreshWith(gw, before.refresh), await pending.redeem()]) {
        expect(answer.status).toBe(400);
        expect(body(answer)).toMatchObject({ error: 'invalid_grant', error_description: /signed out/ });
      }
      // signing in again (a second on, as the provider says) gives tokens that work, and a grant that renews
      vi.setSystemTime(Date.now() + 1000);
      idpExtraClaims = { auth_time: Math.floor(Date.now() / 1000) };
      const after = await tokensOf(await (await signIn(gw)).redeem());
      idpExtraClaims = {};
      expect((await gw.handle(initialize(after.access))).status).toBe(200);
      expect((await refreshWith(gw, after.refresh)).status).toBe(200);
      // another workspace's user of the same name is someone else: untouched
      const elsewhere = await admin('POST', '/v1/users/sign-out', { user: 'ada', workspace: 'other' });
      expect(elsewhere.status).toBe(200);
      expect((await gw.handle(initialize(after.access))).status).toBe(200);
      // (read while the clock is still the test's: the log lists nothing after now)
      const audit = await admin('GET', '/v1/audit-events', undefined, {}, { type: 'user.signed_out' });
      expect(
        audit.body.items.map((e: { workspace: string; detail: unknown }) => [e.workspace, e.detail]),
      ).toEqual([
        ['other', { user: 'ada' }],
        ['default', { user: 'ada' }],
      ]);
    } finally {
      vi.useRealTimers();
    }
    // bad requests: a clear field error, nothing signed out
    const bad = await admin('POST', '/v1/users/sign-out', { user: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/extra', '/user']);
    expect((await admin('GET', '/v1/users/sign-out')).status).toBe(405);
  });

  it("signing a person out ends their identity provider's tokens issued before (dated by iat)", async () => {
    const { gw, admin } = await world();
    const idpToken = (issuedAt: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
        .setIssuer('https://idp.test')
        .setAudience(resource())
        .setSubject('ada')
        .setIssuedAt(issuedAt)
        .setExpirationTime('5m')
        .sign(idpKeys.privateKey);
    const now = Math.floor(Date.now() / 1000);
    const earlier = await idpToken(now - 60);
    expect((await gw.handle(initialize(earlier))).status).toBe(200);
    expect((await admin('POST', '/v1/users/sign-out', { user: 'ada' })).status).toBe(200);
    // (a verified token is remembered: the sign-out still holds)
    const refused = await gw.handle(initialize(earlier));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('invalid_token');
    expect((await gw.handle(initialize(await idpToken(now + 2)))).status).toBe(200);
  });

  it('a token vault consent link of a person signed in through the gateway wants them signed in at the browser', async () => {
    const { gw, admin } = await signInWorld({ vault: true });
    const up = (await admin('GET', '/v1/servers')).body.items.find((s: { name: string }) => s.name === 'up');
    const credentials = { kind: 'user-oauth', authorizationServer: 'https://as.test', clientId: 'vault' };
    expect((await admin('PATCH', `/v1/servers/${up.id}`, { credentials })).status).toBe(200);
    const token = body(await (await signIn(gw)).redeem())['access_token'] as string;
    /** A consent link of ada's, opened: the browser is sent to sign in; what the sign-in answers. */
    const openedBy = async (person: string) => {
      const refused = body(await gw.handle(initialize(token)));
      expect(refused['error']).toMatchObject({ code: -32042 });
      const link = new URL(
        (refused['error'] as { data: { elicitations: { url: string }[] } }).data.elicitations[0]!.url,
      );
      const opened = await gw.handle({
        ...get(link.pathname),
        query: { flow: link.searchParams.get('flow')! },
      });
      const at = new URL(opened.headers.location!);
      expect(`${at.origin}${at.pathname}`).toBe('https://idp.test/auth');
      idpNonce = at.searchParams.get('nonce')!;
      idpSubject = person;
      try {
        const answered = await gw.handle({
          ...get('/oauth/callback'),
          headers: { cookie: cookieOf(opened) },
          query: { state: at.searchParams.get('state')!, code: 'idp-code' },
        });
        return { answered, flow: link.searchParams.get('flow')! };
      } finally {
        idpSubject = 'ada';
      }
    };
    const eve = await openedBy('eve');
    expect(eve.answered.status).toBe(400);
    expect(String(eve.answered.body)).toContain(
      'You signed in as eve, but this link connects the account of another',
    );
    // spent: ada's browser gets nothing from it either
    expect((await gw.handle({ ...get('/oauth/upstream/start'), query: { flow: eve.flow } })).status).toBe(
      400,
    );
    const ada = await openedBy('ada');
    expect(ada.answered.status).toBe(200);
    expect(String(ada.answered.body)).toContain('<form method="post" action="upstream/start">');
    expect(String(ada.answered.body)).toContain('to the MCP gateway user <strong>ada</strong>');
    expect(ada.answered.headers['set-cookie']).toMatch(/Path=\/oauth\/upstream\/start;/);
    // a sign-in that fails (cancelled at the provider) spends the link too
    const refused = body(await gw.handle(initialize(token)));
    const link = new URL(
      (refused['error'] as { data: { elicitations: { url: string }[] } }).data.elicitations[0]!.url,
    );
    const flow = link.searchParams.get('flow')!;
    const opened = await gw.handle({ ...get(link.pathname), query: { flow } });
    const cancelled = await gw.handle({
      ...get('/oauth/callback'),
      headers: { cookie: cookieOf(opened) },
      query: { state: new URL(opened.headers.location!).searchParams.get('state')!, error: 'access_denied' },
    });
    expect(String(cancelled.body)).toContain(
      'The sign-in was not completed. Nothing was connected, and the link',
    );
    expect(String((await gw.handle({ ...get(link.pathname), query: { flow } })).body)).toContain(
      'expired or was already used',
    );
    // a provider whose users cannot sign in at a browser (machines) is told not to ask: the page only names them
    const idp = (await admin('GET', '/v1/identity-providers')).body.items[0].id as string;
    expect(
      (
        await admin('PATCH', `/v1/identity-providers/${idp}`, {
          login: { clientId: 'gw', vaultLinkSignIn: false },
        })
      ).status,
    ).toBe(200);
    const again = body(await gw.handle(initialize(token)));
    const plain = new URL(
      (again['error'] as { data: { elicitations: { url: string }[] } }).data.elicitations[0]!.url,
    );
    const page = await gw.handle({
      ...get(plain.pathname),
      query: { flow: plain.searchParams.get('flow')! },
    });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<form method="post" action="start">');
  });

  it('refuses a document that names another client', async () => {
    const { gw } = await world();
    const refused = await gw.handle(authorizeWith('https://liar.test/client.json', 'https://liar.test/cb'));
    expect(refused.status).toBe(400);
    expect(String(refused.body)).toContain('names another client_id');
    // more redirect URIs than a client of the API may have: no client an admin could not change
    const many = await gw.handle(authorizeWith('https://many.test/client.json', 'https://many.test/cb0'));
    expect(many.status).toBe(400);
    expect(String(many.body)).toContain('1 to 16, each at most 2,048 characters');
  });

  describe('revocation (RFC 7009)', () => {
    const revoke = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
      ...form(fields, headers),
      path: '/oauth/revoke',
    });
    const CLIENT = 'https://app.test/client.json';

    it('a client ends its grant by its refresh token: refreshes refused, its access tokens here at once; other grants go on', async () => {
      const { gw, upstreamCalls } = await signInWorld();
      const metadata = body(await gw.handle(get('/.well-known/oauth-authorization-server')));
      expect(metadata).toMatchObject({
        revocation_endpoint: `${BASE}/oauth/revoke`,
        revocation_endpoint_auth_methods_supported: expect.arrayContaining(['none', 'private_key_jwt']),
      });
      const ended = body(await (await signIn(gw, CLIENT, 'openid offline_access')).redeem());
      const kept = body(await (await signIn(gw, CLIENT, 'openid offline_access')).redeem());
      const access = String(ended['access_token']);
      // in use (this instance now holds its grant as not revoked)
      expect((await gw.handle(initialize(access))).status).toBe(200);
      const calls = upstreamCalls.length;

      const answer = await gw.handle(
        revoke({
          token: String(ended['refresh_token']),
          token_type_hint: 'refresh_token',
          client_id: CLIENT,
        }),
      );
      expect([answer.status, answer.body]).toEqual([200, '']);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(body(await refreshWith(gw, String(ended['refresh_token'])))).toMatchObject({
        error: 'invalid_grant',
      });
      const refused = await gw.handle(initialize(access));
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toContain('The grant of this token was revoked');
      expect(upstreamCalls).toHaveLength(calls);
      // revoked again (now unknown): answered alike
      expect(
        (await gw.handle(revoke({ token: String(ended['refresh_token']), client_id: CLIENT }))).status,
      ).toBe(200);
      // the other sign-in's grant is untouched
      expect((await gw.handle(initialize(String(kept['access_token'])))).status).toBe(200);
      expect((await refreshWith(gw, String(kept['refresh_token']))).status).toBe(200);
    });

    it('by an access token too; refuses tokens of other clients, machine tokens and bad requests, and answers unknown ones 200', async () => {
      const { gw, ids } = await signInWorld();
      const person = body(await (await signIn(gw, CLIENT, 'openid offline_access')).redeem());
      const access = String(person['access_token']);
      const machine = String(
        body(
          await gw.handle(
            form({ grant_type: 'client_credentials', resource: resource() }, basicAuth(ids.basic)),
          ),
        )['access_token'],
      );
      const refusal = async (request: HttpRequest) => {
        const answer = await gw.handle(request);
        return [answer.status, body(answer)['error']];
      };
      // another client's token, whether access or refresh: refused, and left working
      expect(await refusal(revoke({ token: access }, basicAuth(ids.basic)))).toEqual([
        400,
        'unauthorized_client',
      ]);
      expect(await refusal(revoke({ token: String(person['refresh_token']) }, basicAuth(ids.basic)))).toEqual(
        [400, 'unauthorized_client'],
      );
      expect((await gw.handle(initialize(access))).status).toBe(200);
      // a client-credentials token belongs to no grant: it expires on its own
      expect(await refusal(revoke({ token: machine }, basicAuth(ids.basic)))).toEqual([
        400,
        'unsupported_token_type',
      ]);
      expect((await gw.handle(initialize(machine))).status).toBe(200);
      // the client must authenticate as at the token endpoint, and name a token
      expect(await refusal(revoke({ token: machine }, basicAuth(ids.basic, 'wrong')))).toEqual([
        401,
        'invalid_client',
      ]);
      expect(await refusal(revoke({ token: machine }))).toEqual([401, 'invalid_client']);
      expect(await refusal(revoke({ client_id: CLIENT }))).toEqual([400, 'invalid_request']);
      expect(await refusal({ ...revoke({ token: access, client_id: CLIENT }), method: 'GET' })).toEqual([
        405,
        'invalid_request',
      ]);
      // strings that are no token of the gateway's: nothing to revoke (RFC 7009 section 2.2)
      const foreign = await new SignJWT({ client_id: CLIENT, sid: 'x' })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-1', typ: 'at+jwt' })
        .setIssuer(BASE)
        .sign(idpKeys.privateKey);
      for (const token of ['not-a-token', 'a.b.c', foreign]) {
        const answer = await gw.handle(revoke({ token, client_id: CLIENT }));
        expect([answer.status, answer.body]).toEqual([200, '']);
      }
      expect((await gw.handle(initialize(access))).status).toBe(200);

      // its own access token ends the grant it belongs to
      const answer = await gw.handle(
        revoke({ token: access, token_type_hint: 'access_token', client_id: CLIENT }),
      );
      expect(answer.status).toBe(200);
      expect((await gw.handle(initialize(access))).status).toBe(401);
      expect(body(await refreshWith(gw, String(person['refresh_token'])))).toMatchObject({
        error: 'invalid_grant',
      });
    });

    it('takes every way a client authenticates; answers 200 for expired tokens and ID tokens, which end nothing', async () => {
      const { gw, ids } = await signInWorld();
      const machineToken = async (auth: Record<string, string>, headers: Record<string, string> = {}) =>
        String(
          body(
            await gw.handle(
              form({ grant_type: 'client_credentials', resource: resource(), ...auth }, headers),
            ),
          )['access_token'],
        );
      const status = async (request: HttpRequest) => {
        const answer = await gw.handle(request);
        return [answer.status, answer.status === 200 ? answer.body : body(answer)['error']];
      };
      // client_secret_post
      const posted = await machineToken({ client_id: ids.post, client_secret: SECRET });
      expect(await status(revoke({ token: posted, client_id: ids.post, client_secret: SECRET }))).toEqual([
        400,
        'unsupported_token_type',
      ]);
      // private_key_jwt, its assertion made for the token endpoint or for this one
      for (const audience of [`${BASE}/oauth/token`, `${BASE}/oauth/revoke`]) {
        const assertion = await new SignJWT({})
          .setProtectedHeader({ alg: 'ES256', kid: 'c1' })
          .setIssuer(ids.keyed)
          .setSubject(ids.keyed)
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime('2m')
          .setJti(randomBytes(8).toString('hex'))
          .sign(clientKeys.privateKey);
        expect(
          await status(
            revoke({
              token: 'unknown-token',
              client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
              client_assertion: assertion,
            }),
          ),
        ).toEqual([200, '']);
      }
      // a repeated parameter, a body of another type
      expect(
        await status({
          ...revoke({ client_id: CLIENT }),
          body: `token=a&token=b&client_id=${encodeURIComponent(CLIENT)}`,
        }),
      ).toEqual([400, 'invalid_request']);
      expect(
        await status({
          ...revoke({ token: 'a', client_id: CLIENT }),
          headers: { 'content-type': 'application/json' },
        }),
      ).toEqual([400, 'invalid_request']);

      const person = body(await (await signIn(gw, CLIENT, 'openid offline_access')).redeem());
      // an ID token is for the client, no token of a grant: nothing ends
      expect(await status(revoke({ token: String(person['id_token']), client_id: CLIENT }))).toEqual([
        200,
        '',
      ]);
      expect((await refreshWith(gw, String(person['refresh_token']))).status).toBe(200);
      // an access token past its expiry: nothing to revoke
      const later = body(await (await signIn(gw, CLIENT, 'openid offline_access')).redeem());
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 901_000);
      expect(await status(revoke({ token: String(later['access_token']), client_id: CLIENT }))).toEqual([
        200,
        '',
      ]);
      expect((await refreshWith(gw, String(later['refresh_token']))).status).toBe(200);
    });
  });
});

describe('broker signing keys', () => {
  it('rotate: a new key signs, the previous one stays published; every instance agrees', async () => {
    const store = new MemoryStore();
    let now = 1_000_000;
    const clock = { now: () => now };
    const one = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 0 });
    const two = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 0 });
    const first = await one.signing();
    expect((await two.signing()).kid).toBe(first.kid);
    now += 1000;
    const second = await two.signing();
    expect(second.kid).not.toBe(first.kid);
    expect((await one.publicJwks()).keys.map((k) => k.kid)).toEqual([second.kid, first.kid]);
    expect((await one.signing()).kid).toBe(second.kid);
  });
  it('keeps a key per algorithm (ES256 access tokens, RS256 ID tokens), each rotated on its own', async () => {
    const store = new MemoryStore();
    let now = 1_000_000;
    const clock = { now: () => now };
    const sealer = keySealer(randomBytes(32));
    const one = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 0, sealer });
    const two = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 0, sealer });
    const access = await one.signing();
    now += 500;
    const id = await two.signing(ID_TOKEN_ALGORITHM);
    expect(id.kid).not.toBe(access.kid);
    expect((await one.signing(ID_TOKEN_ALGORITHM)).kid).toBe(id.kid);
    expect((await two.signing()).kid).toBe(access.kid);
    const published = async () => (await one.publicJwks(true)).keys.map((k) => [k.kid, k.alg, k.kty]).sort();
    expect(await published()).toEqual(
      [
        [access.kid, 'ES256', 'EC'],
        [id.kid, 'RS256', 'RSA'],
      ].sort(),
    );
    const signed = await new SignJWT({})
      .setProtectedHeader({ alg: ID_TOKEN_ALGORITHM, kid: id.kid })
      .sign(id.key);
    await jwtVerify(signed, createLocalJWKSet(await two.publicJwks()), { algorithms: ['RS256'] });
    // the access-token key's rotation leaves the ID-token key signing (its private half kept, sealed)
    now += 600;
    const nextAccess = await one.signing();
    expect(nextAccess.kid).not.toBe(access.kid);
    expect((await two.signing(ID_TOKEN_ALGORITHM)).kid).toBe(id.kid);
    const item = (await store.get('broker', 'signing-keys')) as unknown as {
      keys: Record<string, unknown>[];
    };
    expect(item.keys.map((k) => [k['kid'], typeof k['sealedPrivateJwk']]).sort()).toEqual(
      [
        [nextAccess.kid, 'string'],
        [id.kid, 'string'],
        [access.kid, 'undefined'],
      ].sort(),
    );
    expect(JSON.stringify(item)).not.toContain('"d":');
    // and the other way round
    now += 500;
    const nextId = await two.signing(ID_TOKEN_ALGORITHM);
    expect(nextId.kid).not.toBe(id.kid);
    expect((await one.signing()).kid).toBe(nextAccess.kid);
    expect((await published()).length).toBe(4);
  });
  it("a key of one algorithm made while another instance rotates the other's is made again on theirs", async () => {
    const store = new MemoryStore();
    let now = 1_000_000;
    const clock = { now: () => now };
    const one = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 60_000 });
    const two = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 0 });
    await one.signing(); // `one` holds the set as it is now
    now += 1000;
    const access = await two.signing(); // `two` rotates the access-token key meanwhile
    // `one` writes its first ID-token key on the set it holds: the write loses, and is made on theirs
    const id = await one.signing(ID_TOKEN_ALGORITHM);
    const published = (await two.publicJwks(true)).keys.map((k) => k.kid);
    expect(published).toContain(id.kid);
    expect(published).toContain(access.kid);
    expect((await two.signing(ID_TOKEN_ALGORITHM)).kid).toBe(id.kid);
  });
  it('with a sealer, keeps the private keys sealed (the table alone signs nothing); clear ones are sealed on use, unopenable ones replaced', async () => {
    const store = new MemoryStore();
    let now = 1_000_000;
    const clock = { now: () => now };
    const sealer = keySealer(randomBytes(32));
    const stored = async () => JSON.stringify(await store.get('broker', 'signing-keys'));
    // a key made before a sealer was configured: sealed on first use, under the same id
    const clear = await new BrokerKeys(store, clock, { recheckMs: 0 }).signing();
    expect(await stored()).toContain('"d":');
    const one = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 0, sealer });
    const first = await one.signing();
    expect(first.kid).toBe(clear.kid);
    expect(await stored()).not.toContain('"d":');
    // every instance with the key signs with it, and the tokens verify against the published keys
    const two = new BrokerKeys(store, clock, { rotateAfterMs: 1000, recheckMs: 0, sealer });
    const { kid, key } = await two.signing();
    expect(kid).toBe(first.kid);
    const token = await new SignJWT({}).setProtectedHeader({ alg: BROKER_ALGORITHM, kid }).sign(key);
    await jwtVerify(token, createLocalJWKSet(await two.publicJwks()));
    // rotated: the new key sealed, the retired one keeps only its public half
    now += 1000;
    const second = await one.signing();
    expect(second.kid).not.toBe(first.kid);
    expect(await stored()).not.toContain('"d":');
    const item = (await store.get('broker', 'signing-keys')) as unknown as {
      keys: Record<string, unknown>[];
    };
    expect(item.keys.map((k) => [k['kid'], typeof k['sealedPrivateJwk']])).toEqual([
      [second.kid, 'string'],
      [first.kid, 'undefined'],
    ]);
    expect((await two.publicJwks(true)).keys.map((k) => k.kid)).toEqual([second.kid, first.kid]);
    // an instance that cannot open the signing key (another sealing key) signs with a new key of its
    // own instead; the key it replaced stays published, so the tokens it signed still verify
    const other = new BrokerKeys(store, clock, { recheckMs: 0, sealer: keySealer(randomBytes(32)) });
    const replaced = await other.signing();
    expect(replaced.kid).not.toBe(second.kid);
    expect((await other.publicJwks(true)).keys.map((k) => k.kid)).toEqual([
      replaced.kid,
      second.kid,
      first.kid,
    ]);
    const signed = await new SignJWT({})
      .setProtectedHeader({ alg: BROKER_ALGORITHM, kid: second.kid })
      .sign(second.key);
    await jwtVerify(signed, createLocalJWKSet(await other.publicJwks()));
    const published = await stored();
    // a sealer failing for the moment (KMS throttled) fails the signing, and replaces no key
    const flaky = {
      seal: sealer.seal,
      open: () => Promise.reject(new Error('ThrottlingException')),
    };
    await expect(new BrokerKeys(store, clock, { recheckMs: 0, sealer: flaky }).signing()).rejects.toThrow(
      'ThrottlingException',
    );
    // nor does an instance without the sealing key: it would keep a signing key in the clear
    await expect(new BrokerKeys(store, clock, { recheckMs: 0 }).signing()).rejects.toThrow(
      /signing key is sealed/,
    );
    expect(await stored()).not.toContain('"d":');
    expect(JSON.parse(await stored()).keys.length).toBe(JSON.parse(published).keys.length);
  });
});
