import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { BrokerKeys } from '../../broker/keys.js';
import type { Principal, Server } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import type { McpAnswer } from '../../mcp/answer.js';
import type { Authenticated, Parsed, RequestContext, Resolved, UpstreamIdentity } from '../../mcp/context.js';
import { UpstreamRefusedCredentials } from '../../mcp/upstream/errors.js';
import { MemoryStore } from '../../store/memory.js';
import { TOKEN_EXCHANGE, UpstreamCredentials, upstreamCredentials } from './index.js';

const NOW = Date.UTC(2026, 11, 1, 12);
const TOKEN_URL = 'https://sts.corp.test/token';
const ada: Principal = {
  user: 'ada',
  workspace: 'team',
  method: 'jwt',
  credentialId: 'idp:1',
  provider: 'corp',
  teams: ['sre'],
};

function world(
  answer: (form: URLSearchParams, headers: Headers) => Response = () =>
    Response.json({ access_token: 'up-1', expires_in: 600 }),
) {
  let now = NOW;
  const clock = { now: () => now };
  const requests: { form: URLSearchParams; headers: Headers }[] = [];
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body));
    const headers = new Headers(init?.headers);
    requests.push({ form, headers });
    return answer(form, headers);
  }) as typeof fetch;
  const keys = new BrokerKeys(new MemoryStore(clock), clock);
  const credentials = new UpstreamCredentials({
    http: fetchHttpClient(fetchImpl),
    guard: createUrlGuard({
      allowLoopback: false,
      allowPrivate: false,
      lookup: async (host) => [{ address: host === 'metadata.test' ? '169.254.169.254' : '93.184.216.34' }],
    }),
    clock,
    keys,
  });
  return { credentials, requests, keys, advance: (ms: number) => (now += ms) };
}

const server = (credentials: Partial<NonNullable<Server['credentials']>>): Server =>
  ({
    id: 'srv_1',
    version: 1,
    name: 'saas',
    url: 'https://saas.test/mcp',
    workspace: 'team',
    credentials,
  }) as Server;

const caller = (bearer?: string) => ({ principal: ada, bearer, issuer: 'https://gw.test' });

describe('upstream credentials', () => {
  it('client credentials: Basic auth, scope and resource; one request, reused until a minute before expiry', async () => {
    const { credentials, requests, advance } = world();
    const saas = server({
      kind: 'client-credentials',
      tokenUrl: TOKEN_URL,
      clientId: 'gw client',
      clientSecret: 's3cret:x',
      scopes: ['read', 'write'],
      resource: 'https://saas.test/mcp',
    });
    const all = await Promise.all([credentials.headersFor(saas), credentials.headersFor(saas)]);
    expect(all).toEqual([{ Authorization: 'Bearer up-1' }, { Authorization: 'Bearer up-1' }]);
    expect(requests).toHaveLength(1);
    const [{ form, headers }] = requests as [{ form: URLSearchParams; headers: Headers }];
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'read write',
      resource: 'https://saas.test/mcp',
    });
    expect(headers.get('authorization')).toBe(
      `Basic ${Buffer.from('gw+client:s3cret%3Ax').toString('base64')}`,
    );
    advance(530_000);
    await credentials.headersFor(saas);
    expect(requests).toHaveLength(1);
    advance(20_000); // 50 s left: renewed
    await credentials.headersFor(saas);
    expect(requests).toHaveLength(2);
  });

  it('a token living a minute or less is reused for three quarters of its life', async () => {
    const { credentials, requests, advance } = world(() =>
      Response.json({ access_token: 'short', expires_in: 40 }),
    );
    const saas = server({
      kind: 'client-credentials',
      tokenUrl: TOKEN_URL,
      clientId: 'gw',
      clientSecret: 's',
    });
    await credentials.headersFor(saas);
    advance(25_000); // within its first three quarters (30 s of 40)
    await credentials.headersFor(saas);
    expect(requests).toHaveLength(1);
    advance(6_000);
    await credentials.headersFor(saas);
    expect(requests).toHaveLength(2);
  });

  it("token exchange of the caller's own token, in a header of the server's choice, never beyond its expiry", async () => {
    const { credentials, requests, advance } = world((form) =>
      Response.json({ access_token: `for-${form.get('subject_token')!.slice(-6)}`, expires_in: 3600 }),
    );
    const saas = server({
      kind: 'token-exchange',
      tokenUrl: TOKEN_URL,
      clientId: 'gw',
      clientSecret: 'x',
      authMethod: 'client_secret_post',
      audience: 'saas',
      subjectToken: 'user-token',
      header: 'X-Saas-Token',
    });
    const userToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(NOW / 1000) + 120)
      .sign(new TextEncoder().encode('k'.repeat(32)));
    const headers = await credentials.headersFor(saas, caller(userToken));
    expect(headers).toEqual({ 'X-Saas-Token': `for-${userToken.slice(-6)}` });
    expect(Object.fromEntries(requests[0]!.form)).toEqual({
      grant_type: TOKEN_EXCHANGE,
      subject_token: userToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      audience: 'saas',
      client_id: 'gw',
      client_secret: 'x',
    });
    await credentials.headersFor(saas, caller(userToken));
    expect(requests).toHaveLength(1);
    // the exchanged token lives an hour, the user's two minutes: not reused past the user's
    advance(90_000);
    await credentials.headersFor(saas, caller(userToken));
    expect(requests).toHaveLength(2);
    // an api key caller has no token to exchange: refused
    await expect(
      credentials.headersFor(saas, {
        principal: { ...ada, method: 'api-key' },
        bearer: 'mcpgw_x',
        issuer: 'https://gw.test',
      }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('sign in') });
  });

  it("a token service refusing the caller's own token is the caller's to renew, not an outage", async () => {
    const { credentials } = world((form) =>
      form.get('subject_token') === 'revoked'
        ? Response.json({ error: 'invalid_grant' }, { status: 400 })
        : Response.json({ error: 'server_error' }, { status: 500 }),
    );
    const saas = server({ kind: 'token-exchange', tokenUrl: TOKEN_URL, subjectToken: 'user-token' });
    await expect(credentials.headersFor(saas, caller('revoked'))).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('refused the caller\u2019s token (invalid_grant)'),
    });
    await expect(credentials.headersFor(saas, caller('fine'))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    // the gateway's own assertion refused is the gateway's problem: an outage for the caller
    const asserted = server({
      kind: 'token-exchange',
      tokenUrl: TOKEN_URL,
      subjectToken: 'gateway-assertion',
    });
    const { credentials: other } = world(() => Response.json({ error: 'invalid_grant' }, { status: 400 }));
    await expect(other.headersFor(asserted, caller())).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
  });

  it('token exchange of an assertion the gateway signs for the caller, cached per caller', async () => {
    const { credentials, requests, keys } = world();
    const saas = server({ kind: 'token-exchange', tokenUrl: TOKEN_URL, subjectToken: 'gateway-assertion' });
    await credentials.headersFor(saas, caller());
    await credentials.headersFor(saas, caller());
    expect(requests).toHaveLength(1);
    const form = requests[0]!.form;
    expect(form.get('subject_token_type')).toBe('urn:ietf:params:oauth:token-type:jwt');
    const { payload } = await jwtVerify(
      form.get('subject_token')!,
      createLocalJWKSet(await keys.publicJwks()),
      {
        issuer: 'https://gw.test',
        audience: TOKEN_URL,
        currentDate: new Date(NOW),
      },
    );
    // how and where the caller signed in: one user name may be an api key's and a provider's
    expect(payload).toMatchObject({ sub: 'ada', ws: 'team', teams: ['sre'], amr: ['jwt'], idp: 'corp' });
    await credentials.headersFor(saas, { ...caller(), principal: { ...ada, user: 'bob' } });
    expect(requests).toHaveLength(2);
    // the same caller with other teams is described by another assertion: exchanged anew
    await credentials.headersFor(saas, { ...caller(), principal: { ...ada, teams: [] } });
    expect(requests).toHaveLength(3);
    const again = await jwtVerify(
      requests[2]!.form.get('subject_token')!,
      createLocalJWKSet(await keys.publicJwks()),
      {
        currentDate: new Date(NOW),
      },
    );
    expect(again.payload['teams']).toEqual([]);
  });

  it('fails closed: an error answer, a token endpoint at a refused address', async () => {
    const refusing = world(() => Response.json({ error: 'invalid_client' }, { status: 401 }));
    const saas = server({
      kind: 'client-credentials',
      tokenUrl: TOKEN_URL,
      clientId: 'gw',
      clientSecret: 'x',
    });
    const error = await refusing.credentials.headersFor(saas).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toBe(
      'No credentials for MCP server "saas": the token endpoint answered HTTP 401 (invalid_client).',
    );
    const guarded = world();
    const metadata = server({
      kind: 'client-credentials',
      tokenUrl: 'http://metadata.test/token',
      clientId: 'gw',
    });
    await expect(guarded.credentials.headersFor(metadata)).rejects.toThrow(/address is not allowed/);
    expect(guarded.requests).toHaveLength(0);
  });

  it('refuses a token no header can carry, and keeps none: the next call asks again', async () => {
    let token = 'up-1\r\nX-Injected: yes';
    const { credentials, requests } = world(() => Response.json({ access_token: token, expires_in: 3600 }));
    const saas = server({
      kind: 'client-credentials',
      tokenUrl: TOKEN_URL,
      clientId: 'gw',
      clientSecret: 'x',
    });
    const error = await credentials.headersFor(saas).catch((e: unknown) => e);
    expect((error as GatewayError).message).toBe(
      'No credentials for MCP server "saas": the token endpoint failed: it answered an access token with characters no token may have (RFC 6749: visible ASCII).',
    );
    token = 'up-2';
    expect(await credentials.headersFor(saas)).toEqual({ Authorization: 'Bearer up-2' });
    expect(requests).toHaveLength(2);
  });
});

describe('the upstream credentials stage', () => {
  /** A call of `/mcp/saas` by ada, at `saas` (the server given), as the stage sees it. */
  const contextAt = (at: Server, over: Record<string, unknown> = {}) =>
    ({
      request: { method: 'POST', path: '/mcp/saas', query: {}, headers: {}, body: undefined },
      serverName: 'saas',
      principal: ada,
      server: at,
      mcp: { messages: [] },
      upstreamHeaders: {},
      ...over,
    }) as unknown as RequestContext & Authenticated & Resolved & Parsed & UpstreamIdentity;

  it("exchanges a virtual server's caller's token for a member, though member requests carry it in no header", async () => {
    const { credentials, requests } = world();
    const stage = upstreamCredentials(
      credentials,
      () => Promise.reject(new Error('no vault here')),
      'https://gw.test',
    );
    const context = contextAt(
      server({ kind: 'token-exchange', tokenUrl: TOKEN_URL, subjectToken: 'user-token' }),
      { member: { principal: ada, bearer: 'ada-idp-token' } },
    );
    const sent = await stage.run(context, async (next) => next.upstreamHeaders as unknown as McpAnswer);
    expect(sent).toEqual({ Authorization: 'Bearer up-1' });
    expect(requests.map((r) => r.form.get('subject_token'))).toEqual(['ada-idp-token']);
  });

  it('ends a session (DELETE) without a credential it cannot get, and nothing else', async () => {
    const { credentials } = world(() => Response.json({ error: 'invalid_grant' }, { status: 400 }));
    // a vault holding no account of the user's
    const vault = async () =>
      ({
        tokenFor: async () => {
          throw new Error('no account connected');
        },
      }) as never;
    const stage = upstreamCredentials(credentials, vault, 'https://gw.test');
    const at = server({ kind: 'token-exchange', tokenUrl: TOKEN_URL, subjectToken: 'gateway-assertion' });
    const ending = contextAt(at, { mcp: { messages: [], operation: 'terminate' } });
    const sent = await stage.run(ending, async (next) => next.upstreamHeaders as unknown as McpAnswer);
    expect(sent).toEqual({});
    const listening = contextAt(at, { mcp: { messages: [], operation: 'listen' } });
    await expect(stage.run(listening, async () => ({}) as McpAnswer)).rejects.toBeInstanceOf(GatewayError);
    // a user's own upstream account not connected (or its vault unreadable): the session still ends
    const personal = server({ kind: 'user-oauth' });
    const ended = await stage.run(
      contextAt(personal, { mcp: { messages: [], operation: 'terminate' } }),
      async (next) => next.upstreamHeaders as unknown as McpAnswer,
    );
    expect(ended).toEqual({});
  });

  it('a user’s token lacking scopes the upstream wants (403 insufficient_scope): their consent to more, asked by the vault', async () => {
    const { credentials } = world(() => new Response('no', { status: 404 }));
    const asked: unknown[][] = [];
    const consent = new GatewayError('consent_required', 'needs more of your consent');
    const vault = async () =>
      ({
        tokenFor: async () => 'user-token',
        refused: async () => undefined,
        stepUp: async (...args: unknown[]) => {
          asked.push(args);
          return consent;
        },
      }) as never;
    const stage = upstreamCredentials(credentials, vault, 'https://gw.test');
    const personal = server({ kind: 'user-oauth' });
    const wants = (status: number, challenge: string) => async (): Promise<McpAnswer> => {
      throw new UpstreamRefusedCredentials('saas', status, false, challenge);
    };
    const challenge = 'Bearer error="insufficient_scope", scope="files:write"';
    await expect(stage.run(contextAt(personal), wants(403, challenge))).rejects.toBe(consent);
    expect(asked).toEqual([[personal, ada, 'https://gw.test', ['files:write'], 'user-token']]);
    // a 403 that says nothing of scopes, or a 401, is no step-up
    await expect(stage.run(contextAt(personal), wants(403, 'Bearer'))).rejects.toBeInstanceOf(
      UpstreamRefusedCredentials,
    );
    await expect(stage.run(contextAt(personal), wants(401, challenge))).rejects.toBeInstanceOf(
      UpstreamRefusedCredentials,
    );
    expect(asked).toHaveLength(1);
  });

  it('forgets a cached token the upstream refused: the next call gets a new one', async () => {
    let issued = 0;
    const { credentials } = world(() => Response.json({ access_token: `cc-${++issued}`, expires_in: 3600 }));
    const stage = upstreamCredentials(
      credentials,
      () => Promise.reject(new Error('no vault here')),
      'https://gw.test',
    );
    const context = contextAt(
      server({ kind: 'client-credentials', tokenUrl: TOKEN_URL, clientId: 'gw', clientSecret: 's' }),
    );
    const sent: string[] = [];
    const call = (refusal?: UpstreamRefusedCredentials) =>
      stage.run(context, async (next) => {
        const authorization = next.upstreamHeaders['Authorization']!;
        sent.push(authorization);
        if (refusal !== undefined) throw refusal;
        return {} as McpAnswer;
      });
    // a 403 wants more than this token (a scope), not another one; a fallback's 401 is of its own token
    for (const refusal of [
      new UpstreamRefusedCredentials('saas', 403),
      new UpstreamRefusedCredentials('saas-fallback', 401),
    ])
      await expect(call(refusal)).rejects.toBe(refusal);
    // the upstream revoked cc-1, an hour before it expires
    await expect(call(new UpstreamRefusedCredentials('saas', 401))).rejects.toBeInstanceOf(
      UpstreamRefusedCredentials,
    );
    await call();
    await call();
    expect(sent).toEqual(['Bearer cc-1', 'Bearer cc-1', 'Bearer cc-1', 'Bearer cc-2', 'Bearer cc-2']);
  });

  it('forgets a fallback’s own token its upstream refused, also behind a server without credentials', async () => {
    let issued = 0;
    const { credentials } = world(() => Response.json({ access_token: `fb-${++issued}`, expires_in: 3600 }));
    const fallback = {
      ...server({ kind: 'client-credentials', tokenUrl: TOKEN_URL, clientId: 'gw', clientSecret: 's' }),
      id: 'srv_fb',
      name: 'saas-fallback',
    } as Server;
    const stage = upstreamCredentials(
      credentials,
      () => Promise.reject(new Error('no vault here')),
      'https://gw.test',
      async (name) => (name === fallback.name ? fallback : undefined),
    );
    const primary = { ...server({}), credentials: undefined, fallbacks: ['saas-fallback'] } as Server;
    const context = contextAt(primary);
    const sent: string[] = [];
    // the primary is down: the proxy fails over to the fallback, with the fallback's own token
    const failover = (refused: boolean) =>
      stage.run(context, async () => {
        sent.push((await credentials.headersFor(fallback)).Authorization!);
        if (refused) throw new UpstreamRefusedCredentials('saas-fallback', 401);
        return {} as McpAnswer;
      });
    await expect(failover(true)).rejects.toBeInstanceOf(UpstreamRefusedCredentials);
    await failover(false);
    await failover(false);
    expect(sent).toEqual(['Bearer fb-1', 'Bearer fb-2', 'Bearer fb-2']);
  });
});
