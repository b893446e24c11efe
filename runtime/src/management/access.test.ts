import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageRecorder } from '../analytics/usage.js';
import { AuditLog } from '../audit/log.js';
import { JwksCache } from '../auth/jwks.js';
import { TokenVerifier } from '../auth/jwt.js';
import { seenUserKey, seenUsersPartition } from '../auth/seen-users.js';
import { signedOutAt } from '../auth/sign-outs.js';
import { createConfigReader } from '../config/reader.js';
import { systemClock } from '../core/clock.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { resourcePartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import { setup } from './test-support.js';

const ISSUER = 'https://login.corp.test';
/** Test requests carry no Host: the management audience is then `http://localhost/v1`. */
const AUDIENCE = 'http://localhost/v1';

let sign: (claims: Record<string, unknown>, audience?: string) => Promise<string>;
let jwks: object;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'm1', alg: 'ES256' }] };
  sign = (claims, audience = AUDIENCE) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'm1' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt(typeof claims['iat'] === 'number' ? claims['iat'] : undefined)
      .setExpirationTime('5m')
      .sign(privateKey);
});

/** A management API accepting tokens of ISSUER, with workspaces `team` and `other` and a server in each. */
async function world() {
  const store = new MemoryStore();
  const fetchImpl = (async () => Response.json(jwks)) as unknown as typeof fetch;
  const guard = createUrlGuard({
    allowLoopback: false,
    allowPrivate: false,
    lookup: async () => [{ address: '93.184.216.34' }],
  });
  // the real clock, as the store's: audit events written now are still there when read
  const api = setup({ store, clock: systemClock });
  const reader = createConfigReader({ store, clock: api.clock, ttlMs: 0 });
  const tokensApi = setup({
    store,
    clock: systemClock,
    tokens: {
      verifier: new TokenVerifier({
        keys: new JwksCache({ http: fetchHttpClient(fetchImpl), guard, clock: api.clock }),
        clock: { now: () => Date.now() },
      }),
      providers: () => reader.identityProviders(),
      signedOutAt: (workspace, user, byAdmin) =>
        byAdmin ? signedOutAt(store, workspace, user, true) : reader.signedOutAt(workspace, user),
    },
  });
  const admin = api.call;
  for (const name of ['team', 'other'])
    expect((await admin('POST', '/v1/workspaces', { name })).status).toBe(201);
  const roles = { claim: 'groups', admin: ['mcp-admins'], workspaceAdmin: ['team-leads'], viewer: ['team'] };
  const provider = await admin('POST', '/v1/identity-providers', {
    name: 'corp',
    workspace: 'team',
    issuer: ISSUER,
    jwksUri: `${ISSUER}/jwks`,
    roles,
  });
  expect(provider.status).toBe(201);
  const mine = await admin('POST', '/v1/servers', {
    name: 'mine',
    workspace: 'team',
    url: 'https://a.test/mcp',
  });
  const theirs = await admin('POST', '/v1/servers', {
    name: 'theirs',
    workspace: 'other',
    url: 'https://b.test/mcp',
  });
  const as = async (groups: string[] | undefined, audience?: string, iat?: number) => {
    const token = await sign(
      { sub: 'ada', ...(groups !== undefined ? { groups } : {}), ...(iat !== undefined ? { iat } : {}) },
      audience,
    );
    return (method: string, path: string, body?: unknown, query: Record<string, string> = {}) =>
      tokensApi.call(method, path, body, { authorization: `Bearer ${token}` }, query);
  };
  return {
    admin,
    as,
    store,
    tokensApi,
    mine: mine.body.id as string,
    theirs: theirs.body.id as string,
    providerId: provider.body.id as string,
  };
}

const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name).sort();

describe('the management API for people (identity-provider tokens with roles)', () => {
  it('an admin token may do everything, across workspaces', async () => {
    const { as } = await world();
    const call = await as(['mcp-admins', 'team']);
    expect(names((await call('GET', '/v1/servers')).body)).toEqual(['mine', 'theirs']);
    expect((await call('POST', '/v1/workspaces', { name: 'new' })).status).toBe(201);
  });

  it('a workspace admin sees nothing a deleted workspace of the same name recorded (users, audit log)', async () => {
    const { as, store } = await world();
    // what the workspace "team" of before recorded: a user it saw, a refusal it logged
    const before = '2020-01-01T00:00:00.000Z';
    await store.put({
      pk: seenUsersPartition,
      sk: seenUserKey('team', 'mallory'),
      user: 'mallory',
      workspace: 'team',
      method: 'api-key',
      firstSeenAt: before,
      lastSeenAt: before,
    });
    const yesterday = Date.now() - 86_400_000;
    await new AuditLog(store, { now: () => yesterday }).record({
      type: 'access.denied',
      workspace: 'team',
      actor: { kind: 'user', id: 'mallory', method: 'api-key' },
      server: 'mine',
      reason: 'of the workspace before',
    });
    // and a call it served the hour before (its hour's, and its day's, buckets hold it)
    const usage = new UsageRecorder(store, { now: () => Date.now() - 3_600_000 });
    usage.record({ workspace: 'team', server: 'mine', target: 'echo', user: 'mallory', ms: 5, error: false });
    await usage.flush();
    const call = await as(['team-leads']);
    expect((await call('GET', '/v1/users')).body.items).toEqual([]);
    for (const bucket of ['hour', 'day']) {
      const report = (await call('GET', '/v1/analytics/usage', undefined, { bucket })).body as {
        buckets: { calls?: number }[];
      };
      expect(
        report.buckets.filter((b) => (b.calls ?? 0) > 0),
        bucket,
      ).toEqual([]);
    }
    const since = new Date(yesterday - 1000).toISOString();
    const events = (await call('GET', '/v1/audit-events', undefined, { from: since })).body.items as {
      reason?: string;
    }[];
    expect(events.filter((e) => e.reason === 'of the workspace before')).toEqual([]);
    // an admin sees all of it
    const admin = await as(['mcp-admins']);
    const all = (await admin('GET', '/v1/audit-events', undefined, { from: since })).body.items as {
      reason?: string;
    }[];
    expect(all.filter((e) => e.reason === 'of the workspace before')).toHaveLength(1);
  });

  it('a token naming a workspace that no longer exists sees nothing it recorded', async () => {
    const { admin, store, tokensApi, providerId } = await world();
    // the provider's tokens name their workspace; "gone" was deleted, its records kept for a while
    const patched = await admin('PATCH', `/v1/identity-providers/${providerId}`, {
      claims: { workspace: 'ws' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await store.put({
      pk: seenUsersPartition,
      sk: seenUserKey('gone', 'mallory'),
      user: 'mallory',
      workspace: 'gone',
      method: 'api-key',
      firstSeenAt: new Date().toISOString(),
      lastSeenAt: new Date().toISOString(),
    });
    await new AuditLog(store, { now: () => Date.now() - 60_000 }).record({
      type: 'access.denied',
      workspace: 'gone',
      actor: { kind: 'user', id: 'mallory', method: 'api-key' },
      server: 'old',
      reason: 'of the deleted workspace',
    });
    const usage = new UsageRecorder(store, { now: () => Date.now() - 3_600_000 });
    usage.record({ workspace: 'gone', server: 'old', target: 'echo', user: 'mallory', ms: 5, error: false });
    await usage.flush();
    const token = await sign({ sub: 'eve', groups: ['team-leads'], ws: 'gone' });
    const call = (path: string, query: Record<string, string> = {}) =>
      tokensApi.call('GET', path, undefined, { authorization: `Bearer ${token}` }, query);
    expect((await call('/v1/users')).body.items).toEqual([]);
    expect((await call('/v1/audit-events')).body.items).toEqual([]);
    const report = (await call('/v1/analytics/usage', { bucket: 'hour' })).body as {
      buckets: { calls?: number }[];
    };
    expect(report.buckets.filter((b) => (b.calls ?? 0) > 0)).toEqual([]);
  });

  it("a workspace admin may not point a server at a Lambda function (the gateway's role invokes it)", async () => {
    const { as, admin } = await world();
    const fn = 'arn:aws:lambda:eu-west-1:123456789012:function:other-tools';
    const call = await as(['team-leads']);
    const created = await call('POST', '/v1/servers', {
      name: 'fn',
      workspace: 'team',
      transport: 'lambda',
      function: fn,
    });
    expect([created.status, created.body.detail]).toEqual([
      403,
      "A workspace-admin may not set a server's function; an admin does.",
    ]);
    expect(names((await admin('GET', '/v1/servers')).body)).not.toContain('fn');
    // an admin's Lambda server: the workspace admin edits it all but its function
    const server = await admin('POST', '/v1/servers', {
      name: 'fn',
      workspace: 'team',
      transport: 'lambda',
      function: 'team-tools',
    });
    expect(server.status).toBe(201);
    const path = `/v1/servers/${server.body.id as string}`;
    expect((await call('PATCH', path, { description: 'ours', function: 'team-tools' })).status).toBe(200);
    for (const [method, body] of [
      ['PATCH', { function: fn }],
      ['PUT', { name: 'fn', workspace: 'team', transport: 'lambda', function: fn }],
    ] as const) {
      const changed = await call(method, path, body);
      expect(changed.status, method).toBe(403);
    }
    expect((await admin('GET', path)).body).toMatchObject({ function: 'team-tools', description: 'ours' });
    // a PUT that keeps it is the workspace admin's to make
    const kept = await call('PUT', path, {
      name: 'fn',
      workspace: 'team',
      transport: 'lambda',
      function: 'team-tools',
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
  });

  it("a workspace admin may not choose where a token exchange sends callers' own tokens", async () => {
    const { as, admin } = await world();
    const call = await as(['team-leads']);
    const exchange = (tokenUrl: string, subjectToken = 'user-token') => ({
      kind: 'token-exchange',
      tokenUrl,
      subjectToken,
    });
    const body = (credentials: object) => ({
      name: 'sts',
      workspace: 'team',
      url: 'https://tools.team.test/mcp',
      credentials,
    });
    const created = await call('POST', '/v1/servers', body(exchange('https://collector.test/token')));
    expect([created.status, created.body.detail]).toEqual([
      403,
      "A workspace-admin may not set a server's credentials.tokenUrl; an admin does.",
    ]);
    // a gateway assertion is made for the token URL alone: the workspace admin's to choose
    const own = await call(
      'POST',
      '/v1/servers',
      body(exchange('https://sts.team.test/token', 'gateway-assertion')),
    );
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const path = `/v1/servers/${own.body.id as string}`;
    for (const [method, change] of [
      ['PATCH', { credentials: { kind: 'token-exchange', subjectToken: 'user-token' } }],
      ['PUT', body(exchange('https://sts.team.test/token'))],
    ] as const)
      expect((await call(method, path, change)).status, method).toBe(403);
    // an admin's choice: kept by the workspace admin's edits, never moved by them
    const switched = await admin('PATCH', path, {
      credentials: { kind: 'token-exchange', subjectToken: 'user-token' },
    });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    expect(
      (
        await call('PATCH', path, {
          description: 'ours',
          credentials: { kind: 'token-exchange', scopes: ['tools'] },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('PATCH', path, {
          credentials: { kind: 'token-exchange', tokenUrl: 'https://collector.test/token' },
        })
      ).status,
    ).toBe(403);
    expect((await admin('GET', path)).body.credentials).toMatchObject({
      tokenUrl: 'https://sts.team.test/token',
      subjectToken: 'user-token',
      scopes: ['tools'],
    });
    // taking the callers' tokens out of it is anyone's
    expect((await call('PATCH', path, { credentials: null })).status).toBe(200);
  });

  it('a workspace admin reads, but does not change, an OAuth client that registered itself', async () => {
    const { as, admin, store } = await world();
    const created = await admin('POST', '/v1/oauth-clients', {
      name: 'editor',
      workspace: 'team',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/v1/oauth-clients/${created.body.id as string}`;
    const call = await as(['team-leads']);
    // the admin's own client is the workspace admin's to change
    expect((await call('PATCH', path, { description: 'ours' })).status).toBe(200);
    for (const registeredBy of ['dynamic-registration', 'metadata-document']) {
      const item = await store.get('cfg#oauth_client', created.body.id);
      await store.put({ ...item!, data: { ...(item!.data as object), registeredBy } });
      expect((await call('GET', path)).status).toBe(200);
      const changed = await call('PATCH', path, { enabled: false });
      expect([changed.status, changed.body.detail]).toEqual([
        403,
        'A workspace-admin may not update a client that registered itself: it serves every workspace.',
      ]);
      expect((await call('DELETE', path)).status).toBe(403);
      expect((await admin('GET', path)).body).toMatchObject({ enabled: true });
    }
    expect((await admin('PATCH', path, { description: 'checked' })).status).toBe(200);
  });

  it('a workspace admin sees and manages only its workspace', async () => {
    const { as, mine, theirs, providerId } = await world();
    const call = await as(['team-leads']);
    expect(names((await call('GET', '/v1/servers')).body)).toEqual(['mine']);
    // a filter naming another workspace still answers only its own
    expect(names((await call('GET', '/v1/servers', undefined, { workspace: 'other' })).body)).toEqual([]);
    expect(names((await call('GET', '/v1/workspaces')).body)).toEqual(['team']);
    expect((await call('GET', `/v1/servers/${theirs}`)).status).toBe(404);
    expect((await call('GET', `/v1/servers/${theirs}/tools`)).status).toBe(404);
    expect((await call('DELETE', `/v1/servers/${theirs}`)).status).toBe(404);
    expect((await call('PATCH', `/v1/servers/${mine}`, { description: 'ours' })).status).toBe(200);
    const created = await call('POST', '/v1/servers', {
      name: 'new',
      workspace: 'team',
      url: 'https://c.test/mcp',
    });
    expect(created.status).toBe(201);
    const elsewhere = await call('POST', '/v1/servers', { name: 'sneaky', url: 'https://c.test/mcp' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('"default"') });
    // a body naming no workspace it could be in is invalid (400), not a workspace it may not write in
    for (const body of [[], { name: 'x', url: 'https://c.test/mcp', workspace: 5 }]) {
      const invalid = await call('POST', '/v1/servers', body);
      expect(invalid.status, JSON.stringify(body)).toBe(400);
      expect(invalid.body.code).toBe('validation_failed');
    }
    expect((await call('POST', '/v1/api-keys', { name: 'k', user: 'bob', workspace: 'team' })).status).toBe(
      201,
    );
    expect((await call('POST', '/v1/workspaces', { name: 'mine-too' })).status).toBe(403);
    // a server.json imported into another workspace: refused, never imported into its own instead
    const serverJson = {
      name: 'io.github.acme/imported',
      version: '1',
      remotes: [{ type: 'streamable-http', url: 'https://d.test/mcp' }],
    };
    const importedElsewhere = await call('POST', '/v1/servers/import', serverJson, { workspace: 'other' });
    expect(importedElsewhere.status).toBe(404);
    expect(names((await call('GET', '/v1/servers')).body)).not.toContain('imported');
    // the secrets of every workspace are sealed anew by the admin alone
    const reseal = await call('POST', '/v1/sealing/reseal');
    expect([reseal.status, reseal.body.detail]).toEqual([
      403,
      "A workspace-admin may not seal the gateway's secrets anew.",
    ]);
    // signs out users of its own workspace only
    const out = await call('POST', '/v1/users/sign-out', { user: 'bob' });
    expect(out.body).toMatchObject({ user: 'bob', workspace: 'team' });
    expect((await call('POST', '/v1/users/sign-out', { user: 'bob', workspace: 'other' })).status).toBe(403);
    // identity providers are for admins: a workspace claim mapping would reach other workspaces
    expect((await call('PATCH', `/v1/identity-providers/${providerId}`, { description: 'x' })).status).toBe(
      403,
    );
    expect(
      (await call('POST', '/v1/identity-providers', { name: 'mine', workspace: 'team', issuer: ISSUER }))
        .status,
    ).toBe(403);
  });

  it("refuses a signed-out person's earlier tokens, and takes the ones issued after", async () => {
    const { admin, as } = await world();
    const before = await as(['mcp-admins'], undefined, Math.floor(Date.now() / 1000) - 5);
    expect((await before('GET', '/v1/servers')).status).toBe(200);
    // a workspace named by mistake is refused, not reported as signed out
    const ghost = await admin('POST', '/v1/users/sign-out', { user: 'ada', workspace: 'ghost' });
    expect([ghost.status, ghost.body.errors]).toEqual([
      400,
      [{ pointer: '/workspace', detail: 'no workspace is named "ghost"' }],
    ]);
    expect((await before('GET', '/v1/servers')).status).toBe(200);
    expect((await admin('POST', '/v1/users/sign-out', { user: 'ada', workspace: 'team' })).status).toBe(200);
    const refused = await before('GET', '/v1/servers');
    expect([refused.status, refused.body.detail]).toEqual([401, 'The user was signed out; sign in again.']);
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    const after = await as(['mcp-admins'], undefined, Math.floor(Date.now() / 1000) + 2);
    expect((await after('GET', '/v1/servers')).status).toBe(200);
  });

  it("a workspace-admin's sign-out ends a person's tokens of the workspace, not an admin's", async () => {
    const { admin, as } = await world();
    const earlier = Math.floor(Date.now() / 1000) - 5;
    const asAdmin = await as(['mcp-admins'], undefined, earlier);
    const asLead = await as(['team-leads'], undefined, earlier);
    const lead = await as(['team-leads'], undefined, earlier - 1);
    expect((await lead('POST', '/v1/users/sign-out', { user: 'ada' })).status).toBe(200);
    // the workspace-admin token of the person is refused; the admin token of the same person is not
    expect((await asLead('GET', '/v1/servers')).status).toBe(401);
    expect((await asAdmin('GET', '/v1/servers')).status).toBe(200);
    // an admin's sign-out ends it
    expect((await admin('POST', '/v1/users/sign-out', { user: 'ada', workspace: 'team' })).status).toBe(200);
    expect((await asAdmin('GET', '/v1/servers')).status).toBe(401);
  });

  it('a viewer reads its workspace and changes nothing', async () => {
    const { as, mine } = await world();
    const call = await as(['team']);
    expect(names((await call('GET', '/v1/servers')).body)).toEqual(['mine']);
    expect((await call('GET', `/v1/servers/${mine}`)).status).toBe(200);
    expect((await call('PATCH', `/v1/servers/${mine}`, { description: 'no' })).status).toBe(403);
    expect((await call('DELETE', `/v1/servers/${mine}`)).status).toBe(403);
    expect((await call('POST', '/v1/users/sign-out', { user: 'bob' })).status).toBe(403);
    expect(
      (await call('POST', '/v1/servers', { name: 'x', workspace: 'team', url: 'https://c.test/mcp' })).status,
    ).toBe(403);
  });

  it('identity providers, and their changes in the audit log, are for admins only, even of their workspace', async () => {
    const { admin, as, providerId } = await world();
    const sink = await admin('POST', '/v1/telemetry-sinks', { name: 'otel', endpoint: 'https://otel.test' });
    expect(sink.status, JSON.stringify(sink.body)).toBe(201);
    for (const groups of [['team'], ['team-leads']]) {
      const call = await as(groups);
      expect((await call('GET', '/v1/identity-providers')).status).toBe(403);
      // refused as the list is (a client reading 404 would take the provider for deleted)
      const one = await call('GET', `/v1/identity-providers/${providerId}`);
      expect([one.status, one.body.code]).toEqual([403, 'forbidden']);
      expect(JSON.stringify(one.body)).not.toContain('mcp-admins');
      expect((await call('GET', `/v1/telemetry-sinks/${sink.body.id}`)).status).toBe(403);
      const created = await call('POST', '/v1/telemetry-sinks', {
        name: 'own',
        endpoint: 'https://otel.test',
      });
      expect([created.status, created.body.detail]).toEqual([
        403,
        expect.stringMatching(/^A [\w-]+ may not create telemetry-sinks \(they belong to no workspace/),
      ]);
      const audit = await call('GET', '/v1/audit-events');
      expect(audit.status).toBe(200);
      expect(audit.body.items.length).toBeGreaterThan(0); // the workspace's own server is there
      expect(JSON.stringify(audit.body)).not.toContain('identity_provider');
      expect(JSON.stringify(audit.body)).not.toContain('mcp-admins');
    }
    const all = await admin('GET', '/v1/audit-events');
    expect(JSON.stringify(all.body)).toContain('identity_provider');
  });

  it("takes a token's role from the provider of its issuer that gives it one (a provider per workspace)", async () => {
    const { admin, as } = await world();
    const second = await admin('POST', '/v1/identity-providers', {
      name: 'corp-other',
      workspace: 'other',
      issuer: ISSUER,
      jwksUri: `${ISSUER}/jwks`,
      roles: { claim: 'groups', workspaceAdmin: ['other-leads'] },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    // a lead of `other` is its workspace admin, though `corp` (first, of `team`) verifies the token too
    const lead = await as(['other-leads']);
    expect(names((await lead('GET', '/v1/servers')).body)).toEqual(['theirs']);
    const team = await as(['team-leads']);
    expect(names((await team('GET', '/v1/servers')).body)).toEqual(['mine']);
    const none = await (await as(['nobody']))('GET', '/v1/servers');
    expect(none.status).toBe(403);
    expect(none.body.detail).toBe('The token grants no role at the management API.');
  });

  it('refuses a token without a role (403) and one for another audience (401, invalid_token)', async () => {
    const { as } = await world();
    const norole = await (await as(['someone-else']))('GET', '/v1/servers');
    expect(norole.status).toBe(403);
    expect(norole.body.detail).toBe('The token grants no role at the management API.');
    const mcpToken = await (await as(['mcp-admins'], 'http://localhost/mcp/mine'))('GET', '/v1/servers');
    expect(mcpToken.status).toBe(401);
    expect(mcpToken.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it("takes the management API's own audiences, never those the provider's tokens have for MCP servers", async () => {
    const { admin, as, providerId } = await world();
    await admin('PATCH', `/v1/identity-providers/${providerId}`, { audiences: ['api://mcp-servers'] });
    // a token an MCP client holds (for the servers' API identifier): no management credential
    const forServers = await (await as(['mcp-admins'], 'api://mcp-servers'))('GET', '/v1/servers');
    expect(forServers.status).toBe(401);
    const patched = await admin('PATCH', `/v1/identity-providers/${providerId}`, {
      roles: { audiences: ['api://mcp-admin'] },
    });
    expect(patched.body.roles).toMatchObject({ audiences: ['api://mcp-admin'], admin: ['mcp-admins'] });
    const forManagement = await (await as(['mcp-admins'], 'api://mcp-admin'))('GET', '/v1/servers');
    expect(forManagement.status).toBe(200);
    expect((await (await as(['mcp-admins']))('GET', '/v1/servers')).status).toBe(200);
  });

  it("never takes this gateway's MCP server audiences for management ones, even when a provider lists them", async () => {
    const { admin, as, providerId, store } = await world();
    // refused when written
    const refused = await admin('PATCH', `/v1/identity-providers/${providerId}`, {
      roles: { audiences: ['api://mcp-admin', 'https://custom.test/mcp/mine'] },
    });
    expect([refused.status, refused.body.errors?.[0]?.pointer]).toEqual([400, '/roles/audiences']);
    expect(refused.body.errors?.[0]?.detail).toContain("an MCP server's resource");
    // and never taken, even when stored so before
    const stored = (await store.get(resourcePartition('identity_provider'), providerId))!;
    const data = stored.data as { roles: object };
    await store.put({
      ...stored,
      data: {
        ...data,
        roles: {
          ...data.roles,
          audiences: ['http://localhost/mcp/mine', 'https://custom.test/mcp/mine/'],
        },
      },
    });
    // another name of the gateway (a custom domain) too
    for (const audience of ['http://localhost/mcp/mine', 'https://custom.test/mcp/mine/']) {
      const mcpToken = await (await as(['mcp-admins'], audience))('GET', '/v1/servers');
      expect([audience, mcpToken.status]).toEqual([audience, 401]);
    }
    expect((await (await as(['mcp-admins']))('GET', '/v1/servers')).status).toBe(200);
  });

  it('refuses management audiences that a provider of the same issuer accepts at MCP servers', async () => {
    const { admin, providerId } = await world();
    await admin('PATCH', `/v1/identity-providers/${providerId}`, { audiences: ['api://gw'] });
    // one app registration for both (Entra's `aud` is the app): every MCP token would be a management one
    const own = await admin('PATCH', `/v1/identity-providers/${providerId}`, {
      roles: { audiences: ['api://gw'] },
    });
    expect([own.status, own.body.errors]).toEqual([
      400,
      [
        expect.objectContaining({
          pointer: '/roles/audiences',
          detail: expect.stringContaining('"api://gw"'),
        }),
      ],
    ]);
    // nor through another provider of the issuer, either way round
    const other = {
      name: 'corp-other',
      workspace: 'other',
      issuer: ISSUER,
      jwksUri: `${ISSUER}/jwks`,
    };
    const managing = await admin('POST', '/v1/identity-providers', {
      ...other,
      roles: { claim: 'groups', audiences: ['api://gw'], admin: ['x'] },
    });
    expect([managing.status, managing.body.errors?.[0]?.pointer]).toEqual([400, '/roles/audiences']);
    expect(managing.body.errors[0].detail).toContain('the same issuer');
    const made = await admin('POST', '/v1/identity-providers', { ...other, audiences: ['api://other'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const serving = await admin('PATCH', `/v1/identity-providers/${providerId}`, {
      audiences: ['api://gw'],
      roles: { audiences: ['api://other'] },
    });
    expect([serving.status, serving.body.errors?.[0]?.pointer]).toEqual([400, '/roles/audiences']);
    const taken = await admin('PATCH', `/v1/identity-providers/${made.body.id}`, {
      audiences: ['api://other', 'api://admin'],
    });
    expect(taken.status).toBe(200);
    expect(
      (
        await admin('PATCH', `/v1/identity-providers/${providerId}`, {
          roles: { audiences: ['api://admin'] },
        })
      ).status,
    ).toBe(400);
    // apart, both stand
    expect(
      (await admin('PATCH', `/v1/identity-providers/${providerId}`, { roles: { audiences: ['api://mgmt'] } }))
        .status,
    ).toBe(200);
    const served = await admin('PATCH', `/v1/identity-providers/${made.body.id}`, {
      audiences: ['api://mgmt'],
    });
    expect([served.status, served.body.errors?.[0]?.pointer]).toEqual([400, '/audiences']);
  });

  it('the admin key still works, and a provider without roles grants nothing at /v1', async () => {
    const { admin, as, providerId } = await world();
    expect((await admin('PATCH', `/v1/identity-providers/${providerId}`, { roles: null })).status).toBe(200);
    const refused = await (await as(['mcp-admins']))('GET', '/v1/servers');
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('The token is not from an identity provider of the management API.');
  });
});
