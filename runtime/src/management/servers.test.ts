import { describe, expect, it } from 'vitest';
import { MALFORMED_HASH, PinCache, pinsPartition } from '../catalog/pins.js';
import { catalogPartition, saveCatalog } from '../catalog/store.js';
import { type CatalogTool, toCatalogTool } from '../catalog/tools.js';
import { healthKey } from '../mcp/health-record.js';
import { readResourceByUnique, resourcePartition } from '../store/config-items.js';
import { vaultPartition } from '../vault/upstream-oauth.js';
import { MAX_PAGE_BYTES } from './service.js';
import { setup } from './test-support.js';

const everything = { name: 'everything', url: 'http://127.0.0.1:3001/mcp' };

const readOnlyDetail =
  'relies on readOnlyHint annotations, which are hints from the upstream: it needs trustAnnotations: true on the server';

function tool(definition: Record<string, unknown>): CatalogTool {
  const parsed = toCatalogTool(definition);
  if (parsed === undefined) throw new Error('malformed tool');
  return parsed;
}

describe('virtual servers', () => {
  it('refuse what only a server with an upstream of its own uses: per-tool timeouts, retries, a circuit', async () => {
    const { call } = setup();
    expect((await call('POST', '/v1/servers', everything)).status).toBe(201);
    const virtual = {
      name: 'suite',
      transport: 'virtual',
      members: [{ server: 'everything', prefix: 'e_' }],
    };
    const refused = await call('POST', '/v1/servers', {
      ...virtual,
      toolTimeoutsMs: { e_slow: 5000 },
      retry: { attempts: 2 },
      circuitBreaker: { consecutiveFailures: 3 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/circuitBreaker',
      '/retry',
      '/toolTimeoutsMs',
    ]);
    expect(refused.body.errors[0].detail).toContain('its members call their own upstreams');
    expect((await call('POST', '/v1/servers', virtual)).status).toBe(201);
  });
});

describe('secrets and destinations', () => {
  it('a PATCH of part of an object keeps what it does not name (no schema default fills it in)', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', {
      ...everything,
      credentials: {
        kind: 'token-exchange',
        tokenUrl: 'https://sts.test/token',
        subjectToken: 'user-token',
        authMethod: 'client_secret_post',
        audience: 'a',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const patched = await call('PATCH', `/v1/servers/${created.body.id}`, {
      credentials: { kind: 'token-exchange', tokenUrl: 'https://sts.test/token', audience: 'b' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.credentials).toEqual({
      kind: 'token-exchange',
      tokenUrl: 'https://sts.test/token',
      subjectToken: 'user-token',
      authMethod: 'client_secret_post',
      audience: 'b',
    });
    // so with the resilience settings: fields left out keep their values, as the patch schema says
    await call('PATCH', `/v1/servers/${created.body.id}`, { retry: { attempts: 3, backoffMs: 500 } });
    const retried = await call('PATCH', `/v1/servers/${created.body.id}`, { retry: { attempts: 1 } });
    expect(retried.body.retry).toMatchObject({ attempts: 1, backoffMs: 500 });
    // what the merged resource leaves unset still gets its default
    const fresh = await call('POST', '/v1/servers', {
      ...everything,
      name: 'fresh',
      credentials: { kind: 'token-exchange', tokenUrl: 'https://sts.test/token' },
    });
    expect(fresh.body.credentials).toMatchObject({
      subjectToken: 'gateway-assertion',
      authMethod: 'client_secret_basic',
    });
  });

  it('a PATCH that points a server elsewhere must give its write-only values again', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', {
      ...everything,
      headers: { 'x-api-key': 'upstream-secret' },
      credentials: {
        kind: 'client-credentials',
        tokenUrl: 'https://idp.test/token',
        clientId: 'gw',
        clientSecret: 'cs',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/v1/servers/${created.body.id}`;
    const moved = await call('PATCH', path, { url: 'https://elsewhere.test/mcp' });
    expect(moved.status).toBe(400);
    const pointers = (moved.body.errors as { pointer: string; detail: string }[]).map((e) => e.pointer);
    expect(pointers.sort()).toEqual(['/credentials/clientSecret', '/headers']);
    expect(JSON.stringify(moved.body)).toContain('must be given again with a change of url');
    expect(JSON.stringify(moved.body)).not.toContain('upstream-secret');
    // the token URL moves the client secret the same way
    const token = await call('PATCH', path, {
      headers: { 'x-api-key': 'upstream-secret' },
      credentials: { kind: 'client-credentials', tokenUrl: 'https://other-idp.test/token', clientId: 'gw' },
    });
    expect(token.status).toBe(400);
    expect((token.body.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual([
      '/credentials/clientSecret',
    ]);
    expect(JSON.stringify(token.body)).toContain('with a change of credentials.tokenUrl');
    // unchanged destinations keep the stored values; given again, or removed, they may move
    expect((await call('PATCH', path, { description: 'same place' })).status).toBe(200);
    // a Lambda server's function is where its headers go as well
    const lambda = await call('POST', '/v1/servers', {
      name: 'in-lambda',
      transport: 'lambda',
      function: 'trusted-fn',
      headers: { authorization: 'Bearer upstream-secret' },
    });
    expect(lambda.status, JSON.stringify(lambda.body)).toBe(201);
    const elsewhere = await call('PATCH', `/v1/servers/${lambda.body.id}`, {
      function: 'arn:aws:lambda:eu-west-1:999999999999:function:other',
    });
    expect(elsewhere.status).toBe(400);
    expect(JSON.stringify(elsewhere.body)).toContain('must be given again with a change of function');
    // a patch of what else the credentials say (their scopes) sends the secret nowhere new
    const scoped = await call('PATCH', path, {
      credentials: { kind: 'client-credentials', scopes: ['read'] },
    });
    expect(scoped.status, JSON.stringify(scoped.body)).toBe(200);
    expect(scoped.body.credentials).toEqual({
      kind: 'client-credentials',
      tokenUrl: 'https://idp.test/token',
      clientId: 'gw',
      authMethod: 'client_secret_basic',
      subjectToken: 'gateway-assertion',
      scopes: ['read'],
    });
    const given = await call('PATCH', path, {
      url: 'https://elsewhere.test/mcp',
      headers: null,
      credentials: {
        kind: 'client-credentials',
        tokenUrl: 'https://idp.test/token',
        clientId: 'gw',
        clientSecret: 'cs2',
      },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    expect(given.body.url).toBe('https://elsewhere.test/mcp');
    // removing the whole block removes its secret: nothing to give again
    const removed = await call('PATCH', path, { credentials: null });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body).not.toHaveProperty('credentials');
  });

  it('write-only values given with a new destination replace the stored ones: none merge along', async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/servers', {
      ...everything,
      headers: { 'x-api-key': 'upstream-secret', 'x-tenant': 't1' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/v1/servers/${created.body.id}`;
    const storedHeaders = async () => {
      const item = await readResourceByUnique(store, 'server', 'name', 'everything');
      return (item?.['data'] as { headers?: unknown } | undefined)?.headers;
    };
    // an empty map, or one naming another header, is no licence to take the stored ones elsewhere
    const emptied = await call('PATCH', path, { url: 'https://elsewhere.test/mcp', headers: {} });
    expect(emptied.status, JSON.stringify(emptied.body)).toBe(200);
    expect(await storedHeaders()).toEqual({});
    const named = await call('PATCH', path, {
      url: 'https://third.test/mcp',
      headers: { 'x-tenant': 't2' },
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(await storedHeaders()).toEqual({ 'x-tenant': 't2' });
    // where the destination stays, a patch merges as ever
    expect((await call('PATCH', path, { headers: { 'x-more': 'm' } })).status).toBe(200);
    expect(await storedHeaders()).toEqual({ 'x-tenant': 't2', 'x-more': 'm' });
    // a header is named in any case: the patch's spelling replaces the stored one, or removes it
    const rotated = await call('PATCH', path, { headers: { 'X-Tenant': 't3', 'X-MORE': null } });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(await storedHeaders()).toEqual({ 'X-Tenant': 't3' });
  });

  it('a PATCH removes a member inside an object with null (RFC 7396), keeping the rest and the secrets', async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/servers', {
      ...everything,
      headers: { 'x-api-key': 'upstream-secret', 'x-tenant': 't1' },
      labels: { team: 'dev', tier: 'gold' },
      tools: { allow: ['echo'], deny: ['delete_*'] },
      identity: { forwardJwt: 'x-user-jwt', headers: { 'x-user': 'user', 'x-mail': 'email' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/v1/servers/${created.body.id}`;
    const patched = await call('PATCH', path, {
      labels: { tier: null, owner: 'platform' },
      tools: { deny: null },
      headers: { 'x-tenant': null },
      identity: { forwardJwt: null, headers: { 'x-mail': null } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.identity).toEqual({ headers: { 'x-user': 'user' } });
    expect(patched.body.labels).toEqual({ team: 'dev', owner: 'platform' });
    expect(patched.body.tools).toEqual({ allow: ['echo'], readOnly: false });
    const item = await readResourceByUnique(store, 'server', 'name', 'everything');
    expect((item?.['data'] as { headers?: unknown } | undefined)?.headers).toEqual({
      'x-api-key': 'upstream-secret',
    });
    // what the merge leaves must still be a whole server: a required member removed is refused
    const secured = await call('POST', '/v1/servers', {
      ...everything,
      name: 'secured',
      credentials: {
        kind: 'client-credentials',
        tokenUrl: 'https://sts.test/token',
        clientId: 'gw',
        clientSecret: 'sts-secret',
      },
    });
    expect(secured.status, JSON.stringify(secured.body)).toBe(201);
    const refused = await call('PATCH', `/v1/servers/${secured.body.id}`, {
      credentials: { clientId: null },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('/credentials');
  });

  it('deleting a server forgets its users’ sealed upstream tokens', async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const id = created.body.id as string;
    await store.put({ pk: vaultPartition(id), sk: 'default#api-key:#ada', user: 'ada', sealed: 'x' });
    await store.put({ pk: vaultPartition(id), sk: 'default#jwt:corp#ada', user: 'ada', sealed: 'y' });
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    expect((await store.query(vaultPartition(id))).items).toEqual([]);
    // what became of their grants at the authorization server (these never opened: forgotten only)
    const other = (await call('POST', '/v1/servers', { ...everything, name: 'other' })).body.id as string;
    expect((await call('DELETE', `/v1/servers/${other}`)).status).toBe(204);
    const deletions = (await call('GET', '/v1/audit-events', undefined, {}, { type: 'resource.deleted' }))
      .body.items as { resource: { id: string }; detail?: unknown }[];
    expect(deletions.find((e) => e.resource.id === id)?.detail).toEqual({ upstreamTokens: { unopened: 2 } });
    // a server without tokens: nothing to tell
    expect(deletions.find((e) => e.resource.id === other)).not.toHaveProperty('detail');
  });

  it('a webhook moved elsewhere needs its secret again', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/webhooks', {
      name: 'scanner',
      url: 'https://hooks.test/scan',
      secret: 'hook-secret-0123456789abcdef0123456789',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/v1/webhooks/${created.body.id}`;
    const moved = await call('PATCH', path, { url: 'https://elsewhere.test/scan' });
    expect(moved.status).toBe(400);
    expect((moved.body.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(['/secret']);
    expect((await call('PATCH', path, { timeoutMs: 2000 })).status).toBe(200);
  });

  it('takes stepUpScopes of scope tokens only, and at most 32 of them', async () => {
    const { call } = setup();
    const credentials = (stepUpScopes: unknown) => ({
      name: 'saas',
      url: 'https://saas.test/mcp',
      credentials: { kind: 'user-oauth', scopes: ['read'], stepUpScopes },
    });
    for (const bad of [
      ['has space'],
      ['quote"'],
      [''],
      'write',
      Array.from({ length: 33 }, (_, i) => `s${i}`),
    ]) {
      const refused = await call('POST', '/v1/servers', credentials(bad));
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('/credentials/stepUpScopes');
    }
    const taken = await call('POST', '/v1/servers', credentials(['write', 'files:admin']));
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.credentials).toMatchObject({ stepUpScopes: ['write', 'files:admin'] });
  });

  it('a user-oauth client secret needs the authorization server it is for: none the upstream names gets it', async () => {
    const { call } = setup();
    const unpinned = await call('POST', '/v1/servers', {
      name: 'saas',
      url: 'https://saas.test/mcp',
      credentials: { kind: 'user-oauth', clientId: 'gw', clientSecret: 'app-secret-0123456789' },
    });
    expect(unpinned.status).toBe(400);
    expect((unpinned.body.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual([
      '/credentials/authorizationServer',
    ]);
    const pinned = await call('POST', '/v1/servers', {
      name: 'saas',
      url: 'https://saas.test/mcp',
      credentials: {
        kind: 'user-oauth',
        clientId: 'gw',
        clientSecret: 'app-secret-0123456789',
        authorizationServer: 'https://as.saas.test',
      },
    });
    expect(pinned.status, JSON.stringify(pinned.body)).toBe(201);
    // a public client may find its authorization server through the upstream's metadata
    const publicClient = await call('POST', '/v1/servers', {
      name: 'saas-public',
      url: 'https://saas.test/mcp',
      credentials: { kind: 'user-oauth', clientId: 'gw' },
    });
    expect(publicClient.status, JSON.stringify(publicClient.body)).toBe(201);
  });
});

describe('disabling a server', () => {
  it('records when it was last disabled and enabled again (read-only), kept on later writes', async () => {
    const { call, clock } = setup();
    const created = await call('POST', '/v1/servers', everything);
    expect(created.body.disabledAt).toBeUndefined();
    const path = `/v1/servers/${created.body.id}`;
    clock.advance(1000);
    const off = await call('PATCH', path, { enabled: false });
    expect(off.body.disabledAt).toBe(off.body.updatedAt);
    clock.advance(1000);
    const stillOff = await call('PATCH', path, { description: 'maintenance' });
    expect(stillOff.body.disabledAt).toBe(off.body.disabledAt);
    expect(stillOff.body.enabledAt).toBeUndefined();
    clock.advance(1000);
    const on = await call('PATCH', path, { enabled: true });
    expect(on.body.disabledAt).toBe(off.body.disabledAt);
    expect(on.body.enabledAt).toBe(on.body.updatedAt);
    // read-only: a value a client sends is ignored
    const forged = await call('PATCH', path, {
      disabledAt: '2020-01-01T00:00:00.000Z',
      enabledAt: '2020-01-01T00:00:00.000Z',
    });
    expect(forged.body.disabledAt).toBe(off.body.disabledAt);
    expect(forged.body.enabledAt).toBe(on.body.enabledAt);
  });
});

describe('tool provisioning settings', () => {
  it('stores allow, deny and readOnly with their defaults, and trustAnnotations defaults to false', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', {
      ...everything,
      tools: { allow: ['get-*', 'echo'], deny: ['get-env'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tools: { allow: ['get-*', 'echo'], deny: ['get-env'], readOnly: false },
      trustAnnotations: false,
    });
    const read = await call('GET', `/v1/servers/${created.body.id}`);
    expect(read.body.tools).toEqual({ allow: ['get-*', 'echo'], deny: ['get-env'], readOnly: false });

    // A merge patch merges into the rules: `null` removes one of them.
    const patched = await call('PATCH', `/v1/servers/${created.body.id}`, {
      tools: { deny: null, allow: ['echo'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.tools).toEqual({ allow: ['echo'], readOnly: false });
  });

  it('refuses targets beside openapi.baseUrl (every call goes to the base URL), and stores nothing', async () => {
    const { call } = setup();
    const api = {
      name: 'orders',
      transport: 'openapi',
      openapi: { url: 'https://api.example.com/openapi.json', baseUrl: 'https://api.example.com/v2' },
    };
    const refused = await call('POST', '/v1/servers', {
      ...api,
      targets: [{ url: 'https://a.example.com/v2' }, { url: 'https://b.example.com/v2' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/targets' }] });
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
    expect((await call('POST', '/v1/servers', api)).status).toBe(201);
    // as the refusal says: the targets with their base URLs, without openapi.baseUrl
    const balanced = await call('POST', '/v1/servers', {
      ...api,
      name: 'orders-balanced',
      openapi: { url: 'https://api.example.com/openapi.json' },
      targets: [{ url: 'https://a.example.com/v2' }, { url: 'https://b.example.com/v2' }],
    });
    expect(balanced.status, JSON.stringify(balanced.body)).toBe(201);
  });

  it('ends a page of large servers early, with a cursor, within the page budget (Lambda answers 6 MB at most)', async () => {
    const { call } = setup();
    const document = (n: number) => ({
      openapi: '3.1.0',
      info: { title: `big-${n}`, version: '1', description: 'x'.repeat(300_000) },
      paths: { '/x': { get: { operationId: 'getX', responses: { '200': { description: 'ok' } } } } },
    });
    for (let n = 0; n < 7; n++) {
      const created = await call('POST', '/v1/servers', {
        name: `big-${n}`,
        transport: 'openapi',
        url: 'https://api.example.com',
        openapi: { document: document(n) },
      });
      expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call('GET', '/v1/servers', undefined, {}, cursor !== undefined ? { cursor } : {});
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.body).length).toBeLessThan(MAX_PAGE_BYTES + 400_000);
      seen.push(...page.body.items.map((s: { name: string }) => s.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(2); // four servers (1.2 MB, the fourth past the budget), then the other three
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => `big-${n}`));
  });

  it('an openapi server takes its url or its document; a patch replaces the document whole, or one by the other', async () => {
    const { call, store } = setup();
    const v1 = {
      openapi: '3.1.0',
      info: { title: 'users', version: '1' },
      paths: {
        '/users/{id}': {
          delete: { operationId: 'deleteUser', responses: { '204': { description: 'gone' } } },
        },
        '/a': { get: { operationId: 'getA', responses: { '200': { description: 'a', example: null } } } },
      },
    };
    const both = await call('POST', '/v1/servers', {
      name: 'users',
      transport: 'openapi',
      url: 'https://api.example.com',
      openapi: { url: 'https://api.example.com/openapi.json', document: v1 },
    });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({
      errors: [{ pointer: '/openapi', detail: expect.stringMatching(/not both/) }],
    });
    const created = await call('POST', '/v1/servers', {
      name: 'users',
      transport: 'openapi',
      url: 'https://api.example.com',
      openapi: { document: v1 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/v1/servers/${created.body.id}`;
    const v2 = {
      ...v1,
      paths: {
        '/b': { get: { operationId: 'getB', responses: { '200': { description: 'b', example: null } } } },
      },
    };
    // the new document whole: deleteUser and /a are gone, its own nulls kept
    const replaced = await call('PATCH', path, { openapi: { document: v2 } });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.openapi).toEqual({ document: v2 });
    // a url in place of the document
    const moved = await call('PATCH', path, { openapi: { url: 'https://api.example.com/openapi.json' } });
    expect(moved.body.openapi).toEqual({ url: 'https://api.example.com/openapi.json' });
    // and back
    const back = await call('PATCH', path, { openapi: { document: v1 } });
    expect(back.body.openapi).toEqual({ document: v1 });
    // one stored with both (before they were exclusive) stays patchable, and keeps the document it served
    const item = (await store.get(resourcePartition('server'), created.body.id))!;
    const data = item['data'] as { openapi: Record<string, unknown> };
    await store.put({
      ...item,
      data: { ...data, openapi: { ...data.openapi, url: 'https://api.example.com/o.json' } },
    });
    const disabled = await call('PATCH', path, { enabled: false });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body.openapi).toEqual({ document: v1 });
  });

  it('refuses readOnly without trusted annotations on create, and stores nothing', async () => {
    const { call } = setup();
    const refused = await call('POST', '/v1/servers', { ...everything, tools: { readOnly: true } });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '/tools/readOnly', detail: readOnlyDetail }],
    });
    const explicit = await call('POST', '/v1/servers', {
      ...everything,
      tools: { readOnly: true },
      trustAnnotations: false,
    });
    expect(explicit.body.errors).toEqual([{ pointer: '/tools/readOnly', detail: readOnlyDetail }]);
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);

    const trusted = await call('POST', '/v1/servers', {
      ...everything,
      tools: { readOnly: true },
      trustAnnotations: true,
    });
    expect(trusted.status).toBe(201);
    expect(trusted.body).toMatchObject({ tools: { readOnly: true }, trustAnnotations: true });
  });

  it('refuses readOnly without trusted annotations on PUT and on PATCH (checked after merging)', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const path = `/v1/servers/${created.body.id}`;
    const put = await call('PUT', path, { ...everything, tools: { readOnly: true } });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual([{ pointer: '/tools/readOnly', detail: readOnlyDetail }]);
    const patch = await call('PATCH', path, { tools: { readOnly: true } });
    expect(patch.status).toBe(400);
    expect(patch.body.errors).toEqual([{ pointer: '/tools/readOnly', detail: readOnlyDetail }]);
    expect((await call('GET', path)).body).toMatchObject({ version: 1, trustAnnotations: false });
    expect((await call('GET', path)).body).not.toHaveProperty('tools');

    const both = await call('PATCH', path, { tools: { readOnly: true }, trustAnnotations: true });
    expect(both.status).toBe(200);
    // Withdrawing the trust alone would leave readOnly relying on untrusted hints.
    const withdrawn = await call('PATCH', path, { trustAnnotations: false });
    expect(withdrawn.status).toBe(400);
    expect(withdrawn.body.errors).toEqual([{ pointer: '/tools/readOnly', detail: readOnlyDetail }]);
    expect((await call('GET', path)).body).toMatchObject({ version: 2, trustAnnotations: true });
  });
});

describe('server configuration that could never work', () => {
  const refusedHeaders: [string, Record<string, string>, string, string][] = [
    ['an empty name', { '': 'x' }, '/headers/', 'is not an allowed name: it must match pattern'],
    [
      'a space in the name',
      { 'Bad Name': 'x' },
      '/headers/Bad Name',
      'is not an allowed name: it must match',
    ],
    ['a CR/LF in the name', { 'X-A\r\nX-B': 'x' }, '/headers/X-A\r\nX-B', 'is not an allowed name'],
    ['a NUL in the name', { 'X-\u0000': 'x' }, '/headers/X-\u0000', 'is not an allowed name'],
    ['Content-Length', { 'Content-Length': '1' }, '/headers/Content-Length', 'is set by the gateway'],
    ['Transfer-Encoding', { 'transfer-encoding': 'chunked' }, '/headers/transfer-encoding', 'is set by'],
    ['Host', { HOST: 'example.com' }, '/headers/HOST', 'is set by the gateway'],
    ['Expect', { Expect: '100-continue' }, '/headers/Expect', 'is set by the gateway'],
    ['a Proxy-* header', { 'Proxy-Authorization': 'x' }, '/headers/Proxy-Authorization', 'is set by'],
    ['Mcp-Session-Id', { 'Mcp-Session-Id': 's' }, '/headers/Mcp-Session-Id', 'is set by the gateway'],
    ['Content-Type', { 'content-type': 'text/plain' }, '/headers/content-type', 'is set by the gateway'],
    ['Accept', { Accept: '*/*' }, '/headers/Accept', 'is set by the gateway'],
    ['a CR/LF in a value', { 'X-Token': 'a\r\nX-Evil: 1' }, '/headers/X-Token', 'control character U+000D'],
    ['a NUL in a value', { 'X-Token': 'a\u0000b' }, '/headers/X-Token', 'control character U+0000'],
    ['DEL in a value', { 'X-Token': 'a\u007fb' }, '/headers/X-Token', 'control character U+007F'],
    [
      'a character beyond Latin-1',
      { 'X-Token': 'price €' },
      '/headers/X-Token',
      'U+20AC, which is not Latin-1',
    ],
    ['a name twice, in two cases', { 'X-Token': 'a', 'x-token': 'b' }, '/headers/x-token', 'same header as'],
  ];

  it.each(refusedHeaders)(
    'refuses headers with %s, pointing at the header',
    async (_case, headers, pointer, detail) => {
      const { call } = setup();
      const answer = await call('POST', '/v1/servers', { ...everything, headers });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors[0].pointer).toBe(pointer);
      expect(answer.body.errors[0].detail).toContain(detail);
      expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
    },
  );

  it('accepts ordinary credentials headers, tabs and Latin-1 in values', async () => {
    const { call } = setup();
    const answer = await call('POST', '/v1/servers', {
      ...everything,
      headers: {
        Authorization: 'Bearer t0k3n',
        'X-Api-Key': 'a\tb',
        'X-Name': 'Zoë',
        "X-!#$%&'*+.^_`|~": '1',
      },
    });
    expect(answer.status).toBe(201);
  });

  const refusedUrls: [string, string][] = [
    ['http://', 'has no host'],
    ['http:///mcp', 'has no host'],
    ['http://:8080/mcp', 'has no host'],
    ['http://example.com:99999/mcp', 'has port 99999; a port is 1 to 65535'],
    ['http://example.com:0/mcp', 'has port 0; a port is 1 to 65535'],
    ['http://user:pass@example.com/mcp', 'must not contain user info'],
    ['http://@example.com/mcp', 'must not contain user info'],
    ['https://example.com/mcp#section', 'must not have a fragment'],
    ['https://example.com/mcp#', 'must not have a fragment'],
    ['http://1.2.3.256/mcp', 'is not a valid URL'],
    ['http://a%20b/mcp', 'is not a valid URL'],
  ];

  it.each(refusedUrls)('refuses the url %s with a pointer at /url', async (url, detail) => {
    const { call } = setup();
    const answer = await call('POST', '/v1/servers', { ...everything, url });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ pointer: '/url', detail: expect.stringContaining(detail) }]);
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
  });

  it('accepts ports, IPv6 literals, queries and upper-case schemes', async () => {
    const { call } = setup();
    for (const [index, url] of [
      'http://127.0.0.1:65535/mcp',
      'https://[::1]:8443/mcp?x=1',
      'HTTPS://Example.com/mcp',
    ].entries()) {
      const answer = await call('POST', '/v1/servers', { name: `s${index}`, url });
      expect(answer.status, url).toBe(201);
    }
  });

  it('applies the same checks on PUT and PATCH, leaving the server as it was', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', { ...everything, headers: { 'X-Token': 'ok' } });
    const path = `/v1/servers/${created.body.id}`;
    const put = await call('PUT', path, { ...everything, url: 'http://u:p@example.com/mcp' });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual([{ pointer: '/url', detail: expect.stringContaining('user info') }]);
    const patch = await call('PATCH', path, {
      headers: { 'Transfer-Encoding': 'chunked', 'X-Token': 'a\nb' },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/headers/X-Token',
      '/headers/Transfer-Encoding',
    ]);
    const badName = await call('PATCH', path, { headers: { 'Bad Name': 'x' } });
    expect(badName.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/headers/Bad Name']);
    // Removing a header with null is fine.
    expect((await call('PATCH', path, { headers: { 'X-Token': null } })).status).toBe(200);
    expect((await call('GET', path)).body).toMatchObject({ url: everything.url, version: 2 });
  });
});

describe('GET /v1/servers/{id}/tools', () => {
  const tools = [
    tool({
      name: 'echo',
      description: 'Echoes',
      inputSchema: { type: 'object' },
      annotations: { readOnlyHint: true },
    }),
    tool({ name: 'get-env', annotations: { readOnlyHint: true } }),
    tool({ name: 'write-file', title: 'Write', annotations: { readOnlyHint: false, destructiveHint: true } }),
  ];

  it('answers an empty list, without hash, until a catalog is learned', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const answer = await call('GET', `/v1/servers/${created.body.id}/tools`);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toEqual({ items: [] });
  });

  it('reports a tool as quarantined as the data plane refuses it: drifted, or last listed malformed', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/servers', { ...everything, toolPinning: 'quarantine' });
    const id: string = created.body.id;
    await saveCatalog(store, clock, id, tools);
    const pin = (name: string, hash: string, pendingHash?: string) =>
      store.put({
        pk: pinsPartition(id),
        sk: `tool#${name}`,
        name,
        hash,
        pinnedAt: '2026-01-01T00:00:00.000Z',
        ...(pendingHash !== undefined ? { pendingHash } : {}),
      });
    // the first as pinned, then listed twice (a malformed drift); the second pinned as first seen twice
    await pin(tools[0]!.name, tools[0]!.hash, 'malformed:x');
    await pin(tools[1]!.name, 'malformed:y');
    await pin(tools[2]!.name, tools[2]!.hash);
    const answer = await call('GET', `/v1/servers/${id}/tools`);
    expect(answer.body.items.map((t: { quarantined?: boolean }) => t.quarantined)).toEqual([
      true,
      true,
      false,
    ]);
    // a drift another instance recorded after the catalog was saved outweighs it, as on the data plane
    await store.put({
      ...(await store.get(pinsPartition(id), `tool#${tools[2]!.name}`))!,
      pendingHash: 'f'.repeat(64),
      pendingAt: '2099-01-01T00:00:00.000Z',
    });
    const later = await call('GET', `/v1/servers/${id}/tools`);
    expect(later.body.items.map((t: { quarantined?: boolean }) => t.quarantined)).toEqual([true, true, true]);
  });

  it('answers the learned catalog, each tool saying whether the server rules offer it', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/servers', {
      ...everything,
      tools: { allow: ['*'], deny: ['get-*'] },
    });
    const id: string = created.body.id;
    const saved = await saveCatalog(store, clock, id, tools);
    const answer = await call('GET', `/v1/servers/${id}/tools`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      hash: saved.hash,
      updatedAt: '2026-01-01T00:00:00.000Z',
      items: [
        { ...tools[0], provisioned: true },
        { ...tools[1], provisioned: false },
        { ...tools[2], provisioned: true },
      ],
    });

    // The flags follow the server's current rules: read-only now, with trusted annotations.
    await call('PATCH', `/v1/servers/${id}`, {
      tools: { deny: null, readOnly: true },
      trustAnnotations: true,
    });
    const readOnly = await call('GET', `/v1/servers/${id}/tools`);
    expect(
      readOnly.body.items.map((t: { name: string; provisioned: boolean }) => [t.name, t.provisioned]),
    ).toEqual([
      ['echo', true],
      ['get-env', true],
      ['write-file', false],
    ]);
  });

  it('answers 404 for an unknown server and 405 for another method', async () => {
    const { call } = setup();
    const unknown = await call('GET', '/v1/servers/srv_nope/tools');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', detail: 'No server has the id srv_nope.' });
    const created = await call('POST', '/v1/servers', everything);
    const post = await call('POST', `/v1/servers/${created.body.id}/tools`, {});
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    for (const path of [
      '/v1/workspaces/default/tools',
      `/v1/servers/${'x'.repeat(129)}/tools`,
      '/v1/servers//tools',
    ]) {
      expect((await call('GET', path)).status, path).toBe(404);
    }
  });

  it('approves a tool by any name the catalog can hold (up to 512 characters)', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const long = 'n'.repeat(300);
    await saveCatalog(store, clock, created.body.id, [tool({ name: long })]);
    const approved = await call('POST', `/v1/servers/${created.body.id}/tools/${long}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ name: long });
    // the server pins nothing (yet): the answer is still the pin made, which holds once it does
    expect(approved.body.pin).toEqual({
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      pinnedAt: expect.any(String),
      approvedBy: expect.any(String),
    });
    const past = await call('POST', `/v1/servers/${created.body.id}/tools/${'n'.repeat(513)}/approve`, {});
    expect(past.body).toMatchObject({ code: 'route_not_found' });
  });

  it('shows a tool kept without its schemas as abridged, and approves it only when told so', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/servers', { ...everything, toolPinning: 'quarantine' });
    const id: string = created.body.id;
    // a number no DynamoDB item holds: the tool is kept without its schemas
    const fetcher = toCatalogTool({
      name: 'fetch',
      description: 'Fetch a URL',
      inputSchema: { type: 'object', properties: { n: { type: 'number', maximum: 1e300 } } },
    })!;
    await saveCatalog(store, clock, id, [fetcher, tool({ name: 'echo' })]);
    const listed = (await call('GET', `/v1/servers/${id}/tools`)).body.items as Record<string, unknown>[];
    expect(listed.find((t) => t.name === 'fetch')).toMatchObject({ hash: fetcher.hash, abridged: true });
    expect(listed.find((t) => t.name === 'fetch')).not.toHaveProperty('inputSchema');
    expect(listed.find((t) => t.name === 'echo')).not.toHaveProperty('abridged');
    const unseen = await call('POST', `/v1/servers/${id}/tools/fetch/approve`, { hash: fetcher.hash });
    expect([unseen.status, unseen.body.detail]).toEqual([409, expect.stringContaining('abridged: true')]);
    const told = await call('POST', `/v1/servers/${id}/tools/fetch/approve`, {
      hash: fetcher.hash,
      abridged: true,
    });
    expect(told.status, JSON.stringify(told.body)).toBe(200);
    expect((await call('POST', `/v1/servers/${id}/tools/echo/approve`, { abridged: 'yes' })).status).toBe(
      400,
    );
  });

  it('approves no definition while a newer one seen is not in the catalog: that would release nothing', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/servers', { ...everything, toolPinning: 'quarantine' });
    const id: string = created.body.id;
    const pinned = await saveCatalog(store, clock, id, [tool({ name: 'echo', description: 'Echoes.' })]);
    const pins = new PinCache(store, clock);
    await pins.observe(id, 'echo', pinned.tools[0]!.hash);
    // a page listing a drifted echo was judged (its drift recorded) before the catalog took it in
    const drifted = toCatalogTool({ name: 'echo', description: 'Echoes, and mails it out.' })!;
    expect(await new PinCache(store, clock).observe(id, 'echo', drifted.hash)).toBe(true);
    const early = await call('POST', `/v1/servers/${id}/tools/echo/approve`, {});
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe(
      `The tool's newest definition (hash ${drifted.hash}) is not in the catalog yet; read the tools again and approve it then.`,
    );
    expect((await call('GET', `/v1/servers/${id}/tools`)).body.items[0]).toMatchObject({
      description: 'Echoes.',
      quarantined: true,
    });
    // once it is, the admin sees the drifted definition and approves it
    await saveCatalog(store, clock, id, [drifted]);
    const approved = await call('POST', `/v1/servers/${id}/tools/echo/approve`, { hash: drifted.hash });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ quarantined: false, pin: { hash: drifted.hash } });
    // a tool last listed malformed has no definition to approve
    clock.advance(1000);
    await new PinCache(store, clock).observe(id, 'echo', `${MALFORMED_HASH}x`);
    const malformed = await call('POST', `/v1/servers/${id}/tools/echo/approve`, {});
    expect([malformed.status, malformed.body.detail]).toEqual([
      409,
      'The tool was last listed malformed (or twice, with different definitions): no definition of it can be approved until the server lists it well.',
    ]);
    // nor once the catalog written from that listing is newer than the drift recorded (it holds one of
    // the two definitions listed)
    clock.advance(1000);
    const one = toCatalogTool({ name: 'echo', description: 'Echoes, one of two.' })!;
    await saveCatalog(store, clock, id, [one]);
    const listedTwice = await call('POST', `/v1/servers/${id}/tools/echo/approve`, { hash: one.hash });
    expect(listedTwice.status).toBe(409);
    // once the server lists it well (its drift recorded as that definition), it is approved
    clock.advance(1000);
    const since = toCatalogTool({ name: 'echo', description: 'Echoes, listed since.' })!;
    await new PinCache(store, clock).observe(id, 'echo', since.hash);
    await saveCatalog(store, clock, id, [since]);
    const listedWell = await call('POST', `/v1/servers/${id}/tools/echo/approve`, { hash: since.hash });
    expect(listedWell.status, JSON.stringify(listedWell.body)).toBe(200);
    // a drift the catalog outdates (listed since, as after a change notice) bars nothing
    clock.advance(1000);
    await new PinCache(store, clock).observe(id, 'echo', drifted.hash);
    clock.advance(1000);
    const later = toCatalogTool({ name: 'echo', description: 'Echoes, listed later.' })!;
    await saveCatalog(store, clock, id, [later]);
    const outdated = await call('POST', `/v1/servers/${id}/tools/echo/approve`, { hash: later.hash });
    expect(outdated.status, JSON.stringify(outdated.body)).toBe(200);
  });

  it('needs the admin key', async () => {
    const { api } = setup();
    const answer = await api({
      method: 'GET',
      path: '/v1/servers/srv_x/tools',
      headers: {},
      query: {},
      body: undefined,
    });
    expect(answer.status).toBe(401);
  });

  it('is forgotten when the server is deleted', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const id: string = created.body.id;
    await saveCatalog(store, clock, id, tools);
    expect((await store.query(catalogPartition(id))).items).toHaveLength(4);
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    expect((await store.query(catalogPartition(id))).items).toEqual([]);
    expect((await call('GET', `/v1/servers/${id}/tools`)).status).toBe(404);
  });

  it('takes its last health and the clients the vault registered for it along when deleted', async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const id: string = created.body.id;
    await store.put({ ...healthKey(everything.name), healthy: true, checkedAt: '2026-12-01T00:00:00.000Z' });
    await store.put({
      pk: 'vault-client',
      sk: `${id}#https://as.test#abc`,
      clientId: 'c',
      clientSecret: 's',
    });
    await store.put({ pk: 'vault-client', sk: `srv_other#https://as.test#abc`, clientId: 'd' });
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    expect(await store.get(healthKey(everything.name).pk, healthKey(everything.name).sk)).toBeUndefined();
    expect((await store.query('vault-client')).items.map((i) => i.sk)).toEqual([
      'srv_other#https://as.test#abc',
    ]);
    // a server created again with the name starts without a health of its own
    const again = await call('POST', '/v1/servers', everything);
    expect((await call('GET', `/v1/servers/${again.body.id}/health`)).body).not.toMatchObject({
      healthy: true,
    });
  });

  it('deletes the server even when forgetting its catalog fails', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const id: string = created.body.id;
    await saveCatalog(store, clock, id, tools);
    const query = store.query.bind(store);
    store.query = async (pk, options) => {
      if (pk === catalogPartition(id)) throw new Error('store hiccup');
      return query(pk, options);
    };
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    expect((await call('GET', `/v1/servers/${id}`)).status).toBe(404);
  });
});

describe('fallbacks', () => {
  it('name other servers of the same workspace, and such a server cannot be deleted while named', async () => {
    const { call } = setup();
    await call('POST', '/v1/workspaces', { name: 'other' });
    const backup = await call('POST', '/v1/servers', { name: 'backup', url: 'http://127.0.0.1:3002/mcp' });
    await call('POST', '/v1/servers', {
      name: 'elsewhere',
      url: 'http://127.0.0.1:3003/mcp',
      workspace: 'other',
    });
    const refused = await call('POST', '/v1/servers', {
      ...everything,
      fallbacks: ['everything', 'nope', 'elsewhere'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { pointer: '/fallbacks/0', detail: 'is this server itself' },
      { pointer: '/fallbacks/1', detail: 'no other server of workspace "default" is named "nope"' },
      { pointer: '/fallbacks/2', detail: 'no other server of workspace "default" is named "elsewhere"' },
    ]);
    const created = await call('POST', '/v1/servers', { ...everything, fallbacks: ['backup'] });
    expect(created.status).toBe(201);
    expect(created.body.fallbacks).toEqual(['backup']);
    const named = await call('DELETE', `/v1/servers/${backup.body.id}`);
    expect(named.status).toBe(409);
    expect(named.body.detail).toContain('fallbacks');
    await call('PATCH', `/v1/servers/${created.body.id}`, { fallbacks: null });
    expect((await call('DELETE', `/v1/servers/${backup.body.id}`)).status).toBe(204);
  });

  it('are never servers that send upstream what is the user’s own (identity, per-user tokens)', async () => {
    const { call } = setup();
    await call('POST', '/v1/servers', {
      name: 'asserting',
      url: 'http://127.0.0.1:3002/mcp',
      identity: { forwardJwt: 'X-User' },
    });
    await call('POST', '/v1/servers', {
      name: 'exchanging',
      url: 'http://127.0.0.1:3003/mcp',
      credentials: { kind: 'token-exchange', tokenUrl: 'https://sts.test/token' },
    });
    const plain = await call('POST', '/v1/servers', { name: 'plain', url: 'http://127.0.0.1:3004/mcp' });
    const refused = await call('POST', '/v1/servers', {
      ...everything,
      fallbacks: ['asserting', 'exchanging', 'plain'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { pointer: '/fallbacks/0', detail: expect.stringContaining("forwards its users' identity") },
      { pointer: '/fallbacks/1', detail: expect.stringContaining("each user's own tokens") },
    ]);
    expect((await call('POST', '/v1/servers', { ...everything, fallbacks: ['plain'] })).status).toBe(201);
    // nor does a fallback become one
    const changed = await call('PATCH', `/v1/servers/${plain.body.id}`, {
      identity: { forwardJwt: 'X-User' },
    });
    expect(changed.status).toBe(400);
    expect(changed.body.errors).toEqual([
      { pointer: '/identity', detail: expect.stringContaining('another server falls back to this one') },
    ]);
  });
});
