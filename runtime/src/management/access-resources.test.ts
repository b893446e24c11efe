import { describe, expect, it } from 'vitest';
import { SeenUsers } from '../auth/seen-users.js';
import { pinsPartition } from '../catalog/pins.js';
import { saveCatalog } from '../catalog/store.js';
import { toCatalogTool } from '../catalog/tools.js';
import { systemClock } from '../core/clock.js';
import { resourcePartition } from '../store/config-items.js';
import { setup } from './test-support.js';

const pointers = (body: { errors?: { pointer: string }[] }) =>
  (body.errors ?? []).map((e) => e.pointer).sort();

async function world() {
  const context = setup();
  const { call } = context;
  expect((await call('POST', '/v1/workspaces', { name: 'other' })).status).toBe(201);
  await call('POST', '/v1/servers', {
    name: 'github',
    url: 'https://github-mcp.test/mcp',
    tools: { deny: ['admin_*'] },
  });
  await call('POST', '/v1/servers', { name: 'ops', url: 'https://ops.test/mcp' });
  await call('POST', '/v1/servers', { name: 'elsewhere', url: 'https://x.test/mcp', workspace: 'other' });
  expect((await call('POST', '/v1/teams', { name: 'eng', claim: 'groups', values: ['eng'] })).status).toBe(
    201,
  );
  await call('POST', '/v1/teams', { name: 'sre', members: ['sam'] });
  return context;
}

describe('teams and access policies as resources', () => {
  it('a team a policy names cannot be deleted (its deny would silently stop holding)', async () => {
    const { call } = await world();
    const team = (await call('GET', '/v1/teams', undefined, {}, { name: 'sre' })).body.items[0].id as string;
    const policy = await call('POST', '/v1/access-policies', {
      name: 'no-deploys',
      effect: 'deny',
      tools: ['deploy'],
      subjects: { teams: ['sre'] },
    });
    expect(policy.status).toBe(201);
    const refused = await call('DELETE', `/v1/teams/${team}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('access policy names this team');
    expect((await call('GET', `/v1/teams/${team}`)).status).toBe(200);
    expect((await call('DELETE', `/v1/access-policies/${policy.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/teams/${team}`)).status).toBe(204);
  });

  it('refuses bad CEL, bad regular expressions, unknown teams and claim conditions without values', async () => {
    const { call } = await world();
    const bad = await call('POST', '/v1/access-policies', {
      name: 'bad',
      effect: 'deny',
      condition: 'mcp.tool.arguments.path.startsWith(',
      subjects: {
        teams: ['eng', 'ghosts'],
        claims: [
          { claim: 'groups', op: 'matches', values: ['(unclosed'] },
          { claim: 'level', op: 'equals' },
          // one closing the anchoring group from inside (it would match every value), and one RE2 does not run
          { claim: 'name', op: 'matches', values: ['a)|(.*', '(?=eng)\\w+', 'eng-[a-z]+'] },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(pointers(bad.body)).toEqual([
      '/condition',
      '/subjects/claims/0/values/0',
      '/subjects/claims/1/values',
      '/subjects/claims/2/values/0',
      '/subjects/claims/2/values/1',
      '/subjects/teams/1',
    ]);
    expect(bad.body.errors.find((e: { pointer: string }) => e.pointer === '/condition').detail).toMatch(
      /^is not valid CEL: /,
    );
    // a misspelt field would make the condition fail on every request: refused when written
    const typo = await call('POST', '/v1/access-policies', {
      name: 'typo',
      effect: 'deny',
      condition: '!principal.emial.endsWith("@corp.test")',
    });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([{ pointer: '/condition', detail: expect.stringMatching(/emial/) }]);
    const shape = await call('POST', '/v1/access-policies', { name: 'x', effect: 'maybe', tools: ['a b'] });
    expect(pointers(shape.body)).toEqual(['/effect', '/tools/0']);
    // an empty list would not mean "none": a rule for every tool, or for every principal
    const empty = await call('POST', '/v1/access-policies', {
      name: 'z',
      effect: 'allow',
      servers: ['gh'],
      tools: [],
      subjects: { teams: [], users: [] },
    });
    expect(empty.status).toBe(400);
    expect(pointers(empty.body)).toEqual(['/subjects/teams', '/subjects/users', '/tools']);
    const userInfo = await call('POST', '/v1/access-policies', {
      name: 'u',
      effect: 'deny',
      resources: ['https://svc@internal*', 'https://*@internal/*', 'mailto:ada@example.com', 'file:///a@b/*'],
    });
    expect(pointers(userInfo.body)).toEqual(['/resources/0', '/resources/1']);
    // a team of another workspace is no team here
    await call('POST', '/v1/teams', { name: 'far', workspace: 'other', members: ['z'] });
    const far = await call('POST', '/v1/access-policies', {
      name: 'y',
      effect: 'allow',
      subjects: { teams: ['far'] },
    });
    expect(pointers(far.body)).toEqual(['/subjects/teams/0']);
    const team = await call('POST', '/v1/teams', { name: 'half', claim: 'groups' });
    expect(pointers(team.body)).toEqual(['/values']);
    // values read from no claim would make no one a member
    const unread = await call('POST', '/v1/teams', { name: 'unread', values: ['x'] });
    expect(pointers(unread.body)).toEqual(['/claim']);
    expect((await call('GET', '/v1/access-policies')).body.items).toEqual([]);
  });

  it('round-trips a policy with defaults; a workspace names its default access and authz webhook', async () => {
    const { call } = await world();
    const created = await call('POST', '/v1/access-policies', {
      name: 'no-interns-deleting',
      effect: 'deny',
      tools: ['delete_*'],
      subjects: { claims: [{ claim: 'groups', op: 'contains', values: ['interns'] }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ workspace: 'default', enabled: true, priority: 1000 });
    const read = await call('GET', `/v1/access-policies/${created.body.id}`);
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...writable } = read.body;
    expect((await call('PUT', `/v1/access-policies/${created.body.id}`, writable)).status).toBe(200);

    const ws = (await call('GET', '/v1/workspaces', undefined, {}, { name: 'default' })).body.items[0];
    const missing = await call('PATCH', `/v1/workspaces/${ws.id}`, { authzWebhook: 'nope' });
    expect(pointers(missing.body)).toEqual(['/authzWebhook']);
    const patched = await call('PATCH', `/v1/workspaces/${ws.id}`, { defaultAccess: 'deny' });
    expect(patched.body.defaultAccess).toBe('deny');
  });

  it('server identity forwarding: no reserved header, none set twice', async () => {
    const { call } = await world();
    const bad = await call('POST', '/v1/servers', {
      name: 'fwd',
      url: 'https://fwd.test/mcp',
      headers: { 'X-Api-Key': 'k' },
      identity: { forwardJwt: 'x-api-key', headers: { 'Mcp-Session-Id': 'user', 'X-Api-Key': 'email' } },
    });
    expect(pointers(bad.body)).toEqual([
      '/identity/forwardJwt',
      '/identity/headers/Mcp-Session-Id',
      '/identity/headers/X-Api-Key',
    ]);
    const field = await call('POST', '/v1/servers', {
      name: 'fwd',
      url: 'https://fwd.test/mcp',
      identity: { headers: { 'X-User': 'password' } },
    });
    expect(pointers(field.body)).toEqual(['/identity/headers/X-User']);
    const ok = await call('POST', '/v1/servers', {
      name: 'fwd',
      url: 'https://fwd.test/mcp',
      identity: {
        forwardJwt: 'X-Gateway-Identity',
        headers: { 'X-User-Id': 'user', 'X-User-Teams': 'teams' },
      },
    });
    expect(ok.status).toBe(201);
  });
});

describe('upstream credentials on a server', () => {
  it('need a usable token URL, a client for client credentials, a header of their own; the secret is never answered', async () => {
    const { call, store } = await world();
    const bad = await call('POST', '/v1/servers', {
      name: 'saas',
      url: 'https://saas.test/mcp',
      headers: { 'X-Token': 'static' },
      credentials: {
        kind: 'client-credentials',
        tokenUrl: 'https://user:pw@sts.test/token',
        header: 'x-token',
      },
    });
    expect(pointers(bad.body)).toEqual([
      '/credentials/clientId',
      '/credentials/header',
      '/credentials/tokenUrl',
    ]);
    const created = await call('POST', '/v1/servers', {
      name: 'saas',
      url: 'https://saas.test/mcp',
      credentials: {
        kind: 'client-credentials',
        tokenUrl: 'https://sts.test/token',
        clientId: 'gw',
        clientSecret: 'sts-secret',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.credentials).toEqual({
      kind: 'client-credentials',
      tokenUrl: 'https://sts.test/token',
      clientId: 'gw',
      authMethod: 'client_secret_basic',
      subjectToken: 'gateway-assertion',
    });
    const stored = await store.get(resourcePartition('server'), created.body.id);
    expect(
      (stored?.['data'] as { credentials?: { clientSecret?: string } } | undefined)?.credentials
        ?.clientSecret,
    ).toBe('sts-secret');
  });
});

describe('POST /v1/access/evaluate explains every kind of decision', () => {
  it('explains a workspace whose stored item does not decode as the gateway serves it: nothing allowed', async () => {
    const { call, store } = await world();
    const other = (await call('GET', '/v1/workspaces', undefined, {}, { name: 'other' })).body.items[0];
    const item = await store.get('cfg#workspace', other.id);
    await store.put({ ...item!, data: { ...(item!.data as object), defaultAccess: 'nobody' } });
    const answer = await call('POST', '/v1/access/evaluate', {
      principal: { user: 'ada' },
      server: 'elsewhere',
      tool: 'anything',
    });
    expect(answer.body).toMatchObject({
      decision: 'deny',
      reason: expect.stringContaining('or the workspace itself) cannot be read'),
    });
  });

  it('names the deciding policy, the default, or provisioning, and says why', async () => {
    const { call } = await world();
    const policy = async (body: Record<string, unknown>) =>
      expect((await call('POST', '/v1/access-policies', body)).status).toBe(201);
    await policy({ name: 'everyone-github', effect: 'allow', servers: ['github'] });
    await policy({
      name: 'no-interns-deleting',
      effect: 'deny',
      tools: ['delete_*'],
      subjects: { claims: [{ claim: 'groups', op: 'contains', values: ['interns'] }] },
    });
    await policy({
      name: 'ops-for-eng',
      effect: 'allow',
      servers: ['ops'],
      subjects: { teams: ['eng', 'sre'] },
    });
    await policy({
      name: 'tmp-writes',
      effect: 'allow',
      tools: ['write_file'],
      condition: 'mcp.tool.arguments.path.startsWith("/tmp/")',
    });
    await policy({ name: 'no-secrets', effect: 'deny', resources: ['file:///secrets/*'] });
    await policy({ name: 'no-log-levels', effect: 'deny', methods: ['logging/*'] });
    await policy({
      name: 'release-prompts',
      effect: 'allow',
      prompts: ['release_*'],
      subjects: { users: ['sam'] },
    });
    const intern = { user: 'ivan', claims: { groups: ['interns'] } };
    const engineer = { user: 'erin', claims: { groups: ['eng'] } };
    const ask = async (question: Record<string, unknown>) => {
      const answer = await call('POST', '/v1/access/evaluate', question);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    expect(await ask({ principal: intern, server: 'github', tool: 'delete_repository' })).toEqual({
      decision: 'deny',
      source: 'policy',
      policy: 'no-interns-deleting',
      reason: 'Denied by access policy "no-interns-deleting".',
    });
    expect(await ask({ principal: engineer, server: 'github', tool: 'delete_repository' })).toMatchObject({
      decision: 'allow',
      policy: 'everyone-github',
    });
    expect(await ask({ principal: intern, server: 'github', tool: 'admin_reset' })).toMatchObject({
      decision: 'deny',
      source: 'provisioning',
    });
    // as the data plane: a server switched off, a way of signing in it does not accept
    const servers = (await call('GET', '/v1/servers')).body.items as { id: string; name: string }[];
    const ops = servers.find((server) => server.name === 'ops')!;
    await call('PATCH', `/v1/servers/${ops.id}`, { enabled: false });
    expect(await ask({ principal: engineer, server: 'ops', method: 'initialize' })).toEqual({
      decision: 'deny',
      source: 'default',
      reason: 'Server "ops" is disabled: every call to it is refused.',
    });
    await call('PATCH', `/v1/servers/${ops.id}`, { enabled: true, authentication: { methods: ['jwt'] } });
    const byKey = { ...engineer, method: 'api-key' };
    expect(await ask({ principal: byKey, server: 'ops', method: 'initialize' })).toMatchObject({
      decision: 'deny',
      source: 'default',
      reason: expect.stringContaining('does not accept callers signed in by api-key'),
    });
    // teams: from a claim (eng) and from members (sre)
    expect(await ask({ principal: engineer, server: 'ops', method: 'initialize' })).toMatchObject({
      decision: 'allow',
      policy: 'ops-for-eng',
    });
    expect(await ask({ principal: { user: 'sam' }, server: 'ops', method: 'initialize' })).toMatchObject({
      decision: 'allow',
    });
    expect(await ask({ principal: intern, server: 'ops', method: 'initialize' })).toMatchObject({
      decision: 'deny',
      source: 'policy',
      reason: 'No access policy admits user "ivan" to server "ops".',
    });
    expect(
      await ask({ principal: intern, server: 'github', tool: 'write_file', arguments: { path: '/tmp/x' } }),
    ).toMatchObject({ decision: 'allow', policy: 'tmp-writes' });
    expect(
      await ask({ principal: intern, server: 'github', tool: 'write_file', arguments: { path: '/etc/x' } }),
    ).toMatchObject({ decision: 'deny', source: 'policy' });
    expect(
      await ask({
        principal: intern,
        server: 'github',
        method: 'resources/read',
        resource: 'file:///secrets/k',
      }),
    ).toMatchObject({ decision: 'deny', policy: 'no-secrets' });
    expect(await ask({ principal: intern, server: 'github', method: 'logging/setLevel' })).toMatchObject({
      decision: 'deny',
      policy: 'no-log-levels',
    });
    expect(
      await ask({
        principal: { user: 'sam' },
        server: 'github',
        method: 'prompts/get',
        prompt: 'release_notes',
      }),
    ).toMatchObject({ decision: 'allow', policy: 'release-prompts' });
    // a server no rule names: the workspace default
    await call('POST', '/v1/servers', { name: 'wiki', url: 'https://wiki.test/mcp' });
    expect(await ask({ principal: intern, server: 'wiki', tool: 'search' })).toMatchObject({
      decision: 'allow',
      source: 'default',
    });
    const ws = (await call('GET', '/v1/workspaces', undefined, {}, { name: 'default' })).body.items[0];
    await call('PATCH', `/v1/workspaces/${ws.id}`, { defaultAccess: 'deny' });
    expect(await ask({ principal: intern, server: 'wiki', tool: 'search' })).toMatchObject({
      decision: 'deny',
      source: 'default',
    });
  });

  it('on a virtual server, judges a tool the virtual server allows as the member that serves it does', async () => {
    const { call } = await world();
    const created = async (path: string, body: Record<string, unknown>) =>
      expect((await call('POST', path, body)).status, path).toBe(201);
    await created('/v1/servers', {
      name: 'dev',
      transport: 'virtual',
      members: [
        { server: 'github', prefix: 'gh_' },
        { server: 'ops', prefix: 'ops_' },
      ],
    });
    await created('/v1/access-policies', {
      name: 'no-repo-deletes',
      effect: 'deny',
      servers: ['github'],
      tools: ['delete_repo'],
    });
    const ask = async (tool: string) =>
      (await call('POST', '/v1/access/evaluate', { principal: { user: 'ivan' }, server: 'dev', tool })).body;
    // the member's own policy decides, named with the member and its own tool name
    expect(await ask('gh_delete_repo')).toMatchObject({ decision: 'deny', policy: 'no-repo-deletes' });
    expect((await ask('gh_delete_repo')).reason).toContain('member "github" serves it as tool "delete_repo"');
    // the member's provisioning too
    expect(await ask('gh_admin_users')).toMatchObject({ decision: 'deny', source: 'provisioning' });
    expect(await ask('ops_restart')).toMatchObject({ decision: 'allow', source: 'default' });
    // no member serves it, or the one that does is switched off: nothing is reached
    expect(await ask('nope')).toMatchObject({ decision: 'deny', source: 'default' });
    const ops = (await call('GET', '/v1/servers')).body.items.find((x: { name: string }) => x.name === 'ops');
    expect((await call('PATCH', `/v1/servers/${ops.id}`, { enabled: false })).status).toBe(200);
    expect(await ask('ops_restart')).toMatchObject({ decision: 'deny', source: 'default' });
  });

  it('evaluates conditions on the email a token would carry', async () => {
    const { call } = await world();
    await call('POST', '/v1/access-policies', {
      name: 'outsiders-send-nothing',
      effect: 'deny',
      tools: ['send_*'],
      condition: '!principal.email.endsWith("@corp.test")',
    });
    const ask = async (email: string) =>
      (
        await call('POST', '/v1/access/evaluate', {
          principal: { user: 'ivan', email },
          server: 'github',
          tool: 'send_mail',
        })
      ).body;
    expect(await ask('ivan@corp.test')).toMatchObject({ decision: 'allow', source: 'default' });
    expect(await ask('ivan@elsewhere.test')).toMatchObject({
      decision: 'deny',
      policy: 'outsiders-send-nothing',
    });
  });

  it('follows read-only provisioning by the catalog, and refuses like the gateway when the webhook is gone', async () => {
    const { call, store } = await world();
    const ask = async (question: Record<string, unknown>) =>
      (await call('POST', '/v1/access/evaluate', { principal: { user: 'ivan' }, ...question })).body;
    const docs = await call('POST', '/v1/servers', {
      name: 'docs',
      url: 'https://docs.test/mcp',
      trustAnnotations: true,
      tools: { readOnly: true },
    });
    expect(docs.status).toBe(201);
    // no catalog yet: the policies decide, and the answer says what is not known
    const unknown = await ask({ server: 'docs', tool: 'drop_table' });
    expect(unknown).toMatchObject({ decision: 'allow', source: 'default' });
    expect(unknown.reason).toContain('catalog is not known yet');
    const tool = (name: string, readOnlyHint: boolean) =>
      toCatalogTool({ name, inputSchema: { type: 'object' }, annotations: { readOnlyHint } })!;
    await saveCatalog(store, systemClock, docs.body.id, [tool('search', true), tool('drop_table', false)]);
    expect(await ask({ server: 'docs', tool: 'drop_table' })).toMatchObject({
      decision: 'deny',
      source: 'provisioning',
    });
    expect(await ask({ server: 'docs', tool: 'nothing_such' })).toMatchObject({ decision: 'deny' });
    expect(await ask({ server: 'docs', tool: 'search' })).toMatchObject({
      decision: 'allow',
      source: 'default',
    });
    // an authorization webhook whose name leads nowhere (written around the API's checks)
    const item = await store.get(resourcePartition('server'), docs.body.id);
    const data = item!['data'] as Record<string, unknown>;
    await store.put({ ...item!, data: { ...data, authzWebhook: 'vanished' } });
    expect(await ask({ server: 'docs', tool: 'search' })).toMatchObject({
      decision: 'deny',
      source: 'webhook',
      webhook: 'vanished',
    });
  });

  it('refuses as the gateway does a token without the server’s scopes, and a quarantined tool', async () => {
    const { call, store } = await world();
    const ask = async (question: Record<string, unknown>) =>
      (await call('POST', '/v1/access/evaluate', { server: 'pinned', tool: 'search', ...question })).body;
    const pinned = await call('POST', '/v1/servers', {
      name: 'pinned',
      url: 'https://pinned.test/mcp',
      scopes: ['mcp:tools'],
      toolPinning: 'quarantine',
    });
    expect(pinned.status).toBe(201);
    expect(
      await ask({ principal: { user: 'ivan', method: 'jwt', claims: { scope: 'openid' } } }),
    ).toMatchObject({
      decision: 'deny',
      source: 'default',
      reason: expect.stringContaining('"mcp:tools"'),
    });
    const scoped = { user: 'ivan', method: 'jwt', claims: { scope: 'openid mcp:tools' } };
    expect(await ask({ principal: scoped })).toMatchObject({ decision: 'allow' });
    // an api key has no scopes to check
    expect(await ask({ principal: { user: 'ivan', method: 'api-key' } })).toMatchObject({
      decision: 'allow',
    });
    // the tool's definition changed since its pin was approved: quarantined
    await store.put({
      pk: pinsPartition(pinned.body.id),
      sk: 'tool#search',
      name: 'search',
      hash: 'approved',
      pinnedAt: new Date().toISOString(),
      pendingHash: 'changed',
      pendingAt: new Date().toISOString(),
      scheme: 2,
    });
    expect(await ask({ principal: scoped })).toMatchObject({ decision: 'deny', source: 'pinning' });
    expect(await ask({ principal: scoped, tool: 'other' })).toMatchObject({ decision: 'allow' });
  });

  it('explains a tool or resource named as long as the gateway takes one', async () => {
    const { call } = await world();
    const ask = (question: Record<string, unknown>) =>
      call('POST', '/v1/access/evaluate', { principal: { user: 'ivan' }, server: 'github', ...question });
    expect((await ask({ tool: 't'.repeat(512) })).status).toBe(200);
    expect((await ask({ resource: `file:///${'r'.repeat(16_000)}` })).status).toBe(200);
    expect((await ask({ tool: 't'.repeat(513) })).status).toBe(400);
  });

  it('refuses a bad question, an unknown server, and a server of another workspace alike', async () => {
    const { call } = await world();
    const bad = await call('POST', '/v1/access/evaluate', { principal: {}, server: 'github', extra: 1 });
    expect(bad.status).toBe(400);
    expect(pointers(bad.body)).toEqual(['/extra', '/principal/user']);
    const unknown = await call('POST', '/v1/access/evaluate', { principal: { user: 'a' }, server: 'nope' });
    expect(unknown.status).toBe(404);
    expect((await call('GET', '/v1/access/evaluate')).status).toBe(405);
  });
});

describe('GET /v1/users', () => {
  it('lists the principals seen, with method and teams, written at most once a minute', async () => {
    const { call, store, clock } = setup();
    const seen = new SeenUsers(store, clock);
    const ada = { user: 'ada', workspace: 'default', method: 'jwt', credentialId: 'c', provider: 'corp' };
    seen.touch(ada, () => ['eng']);
    seen.touch({ ...ada, user: 'bob', workspace: 'other', method: 'api-key' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const listed = await call('GET', '/v1/users');
    expect(listed.body.items).toEqual([
      {
        user: 'ada',
        workspace: 'default',
        method: 'jwt',
        provider: 'corp',
        teams: ['eng'],
        firstSeenAt: '2026-01-01T00:00:00.000Z',
        lastSeenAt: '2026-01-01T00:00:00.000Z',
      },
      expect.objectContaining({ user: 'bob', workspace: 'other', method: 'api-key' }),
    ]);
    // within the minute: no write; after it, the last-seen time moves and the first stays
    clock.advance(30_000);
    seen.touch(ada, () => ['eng']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(
      (await call('GET', '/v1/users', undefined, {}, { workspace: 'default' })).body.items[0].lastSeenAt,
    ).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(40_000);
    seen.touch(ada, () => ['eng', 'sre']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const [again] = (await call('GET', '/v1/users', undefined, {}, { workspace: 'default' })).body.items;
    expect(again).toMatchObject({
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      lastSeenAt: '2026-01-01T00:01:10.000Z',
      teams: ['eng', 'sre'],
    });
    expect((await call('GET', '/v1/users', undefined, {}, { limit: '0' })).status).toBe(400);
    // no workspace has a longer name than 64 characters: asked for one, a clear refusal
    const long = await call('GET', '/v1/users', undefined, {}, { workspace: 'a'.repeat(65) });
    expect([long.status, long.body.detail]).toEqual([400, 'workspace must be a workspace name.']);
    expect((await call('GET', '/v1/users', undefined, {}, { workspace: 'a'.repeat(64) })).status).toBe(200);
  });
});
