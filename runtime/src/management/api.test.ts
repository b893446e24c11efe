import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import type { Budget } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import { openapiDocument } from '../generated/openapi-document.js';
import { BudgetMeter } from '../policies/budget/meter.js';
import { resourcePartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import type { StateStore } from '../store/port.js';
import { keySealer } from '../vault/sealer.js';
import { vaultPartition } from '../vault/upstream-oauth.js';
import { adminSecret, setup } from './test-support.js';

const everything = { name: 'everything', url: 'http://127.0.0.1:3001/mcp' };

describe('routing and protocol errors', () => {
  it('refuses a body over the limit it is given (behind API Gateway, where no server before it does)', async () => {
    const { call } = setup({ maxBodyBytes: 2048 });
    const large = await call('POST', '/v1/servers', { ...everything, description: 'x'.repeat(3000) });
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({
      code: 'payload_too_large',
      detail: 'The request body exceeds 2048 bytes.',
    });
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
    expect((await call('POST', '/v1/servers', everything)).status).toBe(201);
  });

  it('analytics refuse a server or tool they could never count apart (no key past the store limits)', async () => {
    const { call } = setup();
    const usage = (query: Record<string, string>) => call('GET', '/v1/analytics/usage', undefined, {}, query);
    expect((await usage({ server: 'github', tool: 'search' })).status).toBe(200);
    expect((await usage({ server: '#'.repeat(250), tool: 'x' })).status).toBe(400);
    expect((await usage({ server: 'github', tool: '#'.repeat(200) })).status).toBe(400);
    // a long name the analytics do count apart (past the 128 characters tool names should keep to), up to
    // the length the OpenAPI document gives clients
    const spec = openapiDocument as {
      paths: Record<string, { get: { parameters: { name: string; schema: { maxLength?: number } }[] } }>;
    };
    const tool = spec.paths['/v1/analytics/usage']!.get.parameters.find((p) => p.name === 'tool')!;
    const longest = tool.schema.maxLength!;
    expect((await usage({ server: 'github', tool: 't'.repeat(longest) })).status).toBe(200);
    expect((await usage({ server: 'github', tool: 't'.repeat(longest + 1) })).status).toBe(400);
  });

  it('answers a budget’s usage a page of keys at a time; a bad limit or cursor is a 400', async () => {
    const { call, store, clock } = setup();
    const created = await call('POST', '/v1/budgets', {
      name: 'per-user',
      amount: 100,
      period: 'day',
      per: ['user'],
    });
    expect(created.status).toBe(201);
    const meter = new BudgetMeter(store, clock, () => {});
    const users = ['ada', 'bob', 'cy', 'dee', 'eve'];
    for (const user of users) meter.spend(created.body as Budget, `user=${user};`, 3);
    await meter.close();
    const path = `/v1/budgets/${created.body.id}/usage`;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call('GET', path, undefined, {}, { limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { key: { user: string } }) => item.key.user));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(seen.sort()).toEqual(users);
    expect((await call('GET', path, undefined, {}, { limit: '0' })).status).toBe(400);
    expect((await call('GET', path, undefined, {}, { cursor: 'not-a-cursor' })).status).toBe(400);
  });

  it('serves the OpenAPI document without credentials', async () => {
    const { api } = setup();
    const response = await api({
      method: 'GET',
      path: '/v1/openapi.json',
      headers: {},
      query: {},
      body: undefined,
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const document = JSON.parse(response.body as string);
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.schemas.Server['x-mcpgateway-resource'].plural).toBe('servers');
    // either credential the API takes: the admin key, or a person's token whose role says what it may do
    expect(document.security).toEqual([{ adminKey: [] }, { managementToken: [] }]);
    expect(document.components.securitySchemes.managementToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('answers unknown routes with a 404 problem: a path it has no route for, or an object it has not', async () => {
    const { call } = setup();
    for (const [path, code] of [
      ['/v1/nothing', 'route_not_found'],
      ['/v2/servers', 'route_not_found'],
      ['/v1/servers/a/b', 'route_not_found'],
      ['/', 'route_not_found'],
      // a client whose base URL has /v1 already: told apart from an object that is gone
      ['/v1/v1/servers/srv_1', 'route_not_found'],
      // no id the API could have given: no such object, not a wrong base URL
      [`/v1/servers/${'x'.repeat(129)}`, 'not_found'],
      ['/v1/servers/%E0%A4%A', 'not_found'],
      ['/v1/servers/srv_1', 'not_found'],
    ]) {
      const answer = await call('GET', path!);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body, path).toMatchObject({ status: 404, code, instance: path });
    }
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const { call } = setup();
    const collection = await call('DELETE', '/v1/servers');
    expect(collection.status).toBe(405);
    expect(collection.headers['allow']).toBe('GET, HEAD, POST');
    expect(collection.body.code).toBe('method_not_allowed');
    const item = await call('POST', '/v1/servers/x', {});
    expect(item.status).toBe(405);
    expect(item.headers['allow']).toBe('GET, HEAD, PUT, PATCH, DELETE');
    // every resource takes a merge patch, conditional like a replacement
    const team = await call('POST', '/v1/teams', { name: 'ops', members: ['ada'] });
    expect(team.status).toBe(201);
    expect((await call('POST', `/v1/teams/${team.body.id}`, {})).headers['allow']).toBe(
      'GET, HEAD, PUT, PATCH, DELETE',
    );
    const stale = await call(
      'PATCH',
      `/v1/teams/${team.body.id}`,
      { description: 'x' },
      { 'if-match': '"99"' },
    );
    expect(stale.status).toBe(412);
    const patched = await call(
      'PATCH',
      `/v1/teams/${team.body.id}`,
      { description: 'x' },
      { 'if-match': '"1"' },
    );
    expect(patched.body).toMatchObject({ name: 'ops', members: ['ada'], description: 'x', version: 2 });
    for (const [path, created, patch, expected] of [
      [
        '/v1/rate-limits',
        { name: 'rl', limit: 10, window: 'minute', servers: ['a'] },
        { limit: 20, servers: null },
        { limit: 20, window: 'minute' },
      ],
      [
        '/v1/budgets',
        { name: 'b', amount: 10, period: 'day' },
        { amount: 30 },
        { amount: 30, period: 'day' },
      ],
      [
        '/v1/access-policies',
        { name: 'p', effect: 'deny', tools: ['x'], condition: 'true' },
        { condition: null },
        { effect: 'deny', tools: ['x'] },
      ],
      [
        '/v1/guardrails',
        { name: 'g', detectors: ['email'] },
        { action: 'redact', labels: { team: 'sec' } },
        { detectors: ['email'], action: 'redact', labels: { team: 'sec' } },
      ],
    ] as const) {
      const made = await call('POST', path, created);
      expect(made.status, path).toBe(201);
      const answer = await call('PATCH', `${path}/${made.body.id}`, patch);
      expect(answer.status, path).toBe(200);
      expect(answer.body, path).toMatchObject(expected);
      for (const [name, value] of Object.entries(patch))
        if (value === null) expect(answer.body, `${path} ${name}`).not.toHaveProperty(name);
    }
    // what the whole object must be, a patch must leave it: a budget's amount removed is refused
    const budget = (await call('GET', '/v1/budgets')).body.items[0];
    expect((await call('PATCH', `/v1/budgets/${budget.id}`, { amount: null })).status).toBe(400);
    const spec = await call('POST', '/v1/openapi.json', {});
    expect(spec.headers['allow']).toBe('GET, HEAD');
  });

  it('refuses a body naming one member twice (which one counts depends on who reads it)', async () => {
    const { call } = setup();
    const twice = await call('POST', '/v1/api-keys', '{"name":"k","user":"alice","user":"root"}');
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '', detail: 'names the member "user" twice in one object' }],
    });
    expect((await call('GET', '/v1/api-keys')).body.items).toEqual([]);
  });

  it('refuses a team whose claim has no values (membership by it would be nobody)', async () => {
    const { call } = setup();
    const empty = await call('POST', '/v1/teams', { name: 'contractors', claim: 'groups', values: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      expect.objectContaining({ pointer: '/values', detail: expect.stringContaining('at least one value') }),
    ]);
    expect((await call('POST', '/v1/teams', { name: 'c', claim: 'groups', values: ['x'] })).status).toBe(201);
  });

  it('rejects bodies that are not JSON, or not declared as JSON', async () => {
    const { api, call } = setup();
    const broken = await call('POST', '/v1/servers', '{"name": ');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('invalid_json');
    const empty = await call('POST', '/v1/servers', '');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('invalid_json');
    const form = await call('POST', '/v1/servers', 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('unsupported_media_type');
    // JSON is UTF-8 (RFC 8259 §8.1): another charset, or bytes that were no UTF-8 (which the adapter
    // replaced), would be kept as U+FFFD
    const latin = await call(
      'POST',
      '/v1/teams',
      { name: 'caf\u00e9' },
      {
        'content-type': 'application/json; charset=ISO-8859-1',
      },
    );
    expect([latin.status, latin.body.code]).toEqual([415, 'unsupported_media_type']);
    const gzipped = await call('POST', '/v1/teams', { name: 'z' }, { 'content-encoding': 'gzip' });
    expect([gzipped.status, gzipped.headers['accept-encoding']]).toEqual([415, 'identity']);
    const replaced = await api({
      method: 'POST',
      path: '/v1/teams',
      query: {},
      headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
      body: '{"name":"caf\ufffd"}',
      malformedText: true,
    });
    expect([replaced.status, JSON.parse(String(replaced.body)).code]).toEqual([400, 'invalid_json']);
    expect((await call('GET', '/v1/teams')).body.items).toEqual([]);
    const charset = await call('POST', '/v1/servers', everything, {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(charset.status).toBe(201);
    const mergePatch = await call(
      'PATCH',
      `/v1/servers/${charset.body.id}`,
      { enabled: false },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(mergePatch.status).toBe(200);
    const wrongPatch = await call('PATCH', `/v1/servers/${charset.body.id}`, '{}', {
      'content-type': 'text/plain',
    });
    expect(wrongPatch.status).toBe(415);
    expect(wrongPatch.headers['accept-patch']).toContain('application/merge-patch+json');
  });

  it('honours a base path and a trailing slash', async () => {
    const { call } = setup({ basePath: '/prod/' });
    const created = await call('POST', '/prod/v1/servers/', everything);
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe(`/prod/v1/servers/${created.body.id}`);
    expect((await call('GET', '/v1/servers')).status).toBe(404);
  });

  it('names a new resource by the URL the client called, when the adapter knows it (an API Gateway stage)', async () => {
    const { api } = setup();
    const base = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';
    const created = await api({
      method: 'POST',
      path: '/v1/workspaces',
      query: {},
      headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'staged' }),
      baseUrl: base,
    });
    expect(created.status).toBe(201);
    expect(created.headers['location']).toMatch(new RegExp(`^${base}/v1/workspaces/ws_`));
  });

  it('turns unexpected exceptions into a 500 problem without internals, and store outages into 503', async () => {
    const failing = (error: Error): StateStore => {
      const store = new MemoryStore();
      return new Proxy(store, {
        get(target, property, receiver) {
          if (property === 'get' || property === 'query' || property === 'put') {
            return async () => {
              throw error;
            };
          }
          return Reflect.get(target, property, receiver);
        },
      });
    };
    const errors: unknown[] = [];
    const broken = setup({
      store: failing(new Error('secret internal detail at /var/x')),
      onError: (e) => errors.push(e),
    });
    const answer = await broken.call('GET', '/v1/servers');
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ code: 'internal', detail: 'An internal error occurred.' });
    expect(JSON.stringify(answer.body)).not.toContain('secret internal detail');
    expect(JSON.stringify(answer.body)).not.toContain('at ');
    expect(errors).toHaveLength(1);

    const down = setup({
      store: failing(new GatewayError('store_unavailable', 'The state store is unavailable.')),
    });
    const unavailable = await down.call('GET', '/v1/servers');
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.code).toBe('store_unavailable');
  });

  it('refuses bodies nested too deeply, before anything recursive sees them, on every write', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const path = `/v1/servers/${created.body.id}`;
    const deep = (levels: number) => `{"labels":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    for (const [method, target] of [
      ['POST', '/v1/servers'],
      ['PUT', path],
      ['PATCH', path],
    ] as const) {
      const answer = await call(method, target, deep(5000));
      expect(answer.status, method).toBe(400);
      expect(answer.body).toMatchObject({
        code: 'validation_failed',
        detail: 'The request body nests arrays and objects more than 24 levels deep.',
        errors: [{ pointer: '', detail: 'nests arrays and objects more than 24 levels deep' }],
      });
    }
    // Within the bound it is an ordinary schema error.
    const shallow = await call('PATCH', path, deep(23));
    expect(shallow.body.errors[0].pointer).toBe('/labels');
    // a free-form value (an inline OpenAPI document) as deep as DynamoDB could not store, with its audit
    // event a level further in: refused before any write
    let document = '{}';
    for (let level = 0; level < 28; level++) document = `{"x":${document}}`;
    const openapi = `{"name":"deep","transport":"openapi","openapi":{"document":${document}}}`;
    expect((await call('POST', '/v1/servers', openapi)).status).toBe(400);
    expect((await call('GET', '/v1/servers')).body.items).toEqual([created.body]);
  });

  it('rejects an overlong or malformed filter and follows cursors', async () => {
    const { call } = setup();
    const long = await call('GET', '/v1/servers', undefined, {}, { workspace: 'w'.repeat(1025) });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({
      code: 'validation_failed',
      detail: 'The query parameter workspace must NOT have more than 64 characters.',
    });
    const malformed = await call('GET', '/v1/servers', undefined, {}, { name: 'Not A Name' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toMatch(/^The query parameter name must match pattern/);
    for (let index = 0; index < 3; index++) await call('POST', '/v1/workspaces', { name: `w${index}` });
    const page = await call('GET', '/v1/workspaces', undefined, {}, { limit: '1' });
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await call(
      'GET',
      '/v1/workspaces',
      undefined,
      {},
      { limit: '1', cursor: page.body.nextCursor },
    );
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    // a unique filter answers one page: this listing's cursor is of no harm there, a garbage one refused
    const named = { name: 'w1' };
    expect(
      (await call('GET', '/v1/workspaces', undefined, {}, { ...named, cursor: page.body.nextCursor })).status,
    ).toBe(200);
    const garbage = await call('GET', '/v1/workspaces', undefined, {}, { ...named, cursor: 'garbage' });
    expect(garbage.body).toMatchObject({
      code: 'validation_failed',
      detail: 'The pagination cursor is not valid.',
    });
    // a resource with a property named as the page's parameter (a rate limit's `limit`) pages too
    for (let index = 0; index < 3; index++)
      await call('POST', '/v1/rate-limits', { name: `rl${index}`, limit: 10, window: 'minute' });
    const limits = await call('GET', '/v1/rate-limits', undefined, {}, { limit: '2' });
    expect(limits.body.items).toHaveLength(2);
    expect(limits.body.nextCursor).toEqual(expect.any(String));
  });

  it('rejects a bad limit', async () => {
    const { call } = setup();
    for (const limit of ['0', '101', 'ten', '-1', '1.5']) {
      const answer = await call('GET', '/v1/servers', undefined, {}, { limit });
      expect(answer.status, limit).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
  });
});

describe('workspaces', () => {
  it('has a default workspace that cannot be deleted', async () => {
    const { call } = setup();
    const list = await call('GET', '/v1/workspaces');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: 'default', name: 'default', version: 1 });
    const remove = await call('DELETE', '/v1/workspaces/default');
    expect(remove.status).toBe(409);
    expect(remove.body.code).toBe('conflict');
  });

  it('creates the default workspace once even when many instances start together', async () => {
    const store = new MemoryStore();
    const instances = Array.from({ length: 5 }, () => setup({ store }));
    const answers = await Promise.all(instances.map(({ call }) => call('GET', '/v1/workspaces')));
    for (const answer of answers) expect(answer.status).toBe(200);
    const final = await instances[0]!.call('GET', '/v1/workspaces');
    expect(final.body.items.map((w: { name: string }) => w.name)).toEqual(['default']);
  });

  it('goes through create, read, replace, patch, list and delete', async () => {
    const { call, clock } = setup();
    const created = await call('POST', '/v1/workspaces', { name: 'team-a', labels: { cost: 'a1' } });
    expect(created.status).toBe(201);
    expect(created.headers['etag']).toBe('"1"');
    expect(created.headers['location']).toBe(`/v1/workspaces/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'team-a',
      labels: { cost: 'a1' },
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(created.body.id).toMatch(/^ws_/);
    const id: string = created.body.id;

    const read = await call('GET', `/v1/workspaces/${id}`);
    expect(read.status).toBe(200);
    expect(read.headers['etag']).toBe('"1"');
    expect(read.body).toEqual(created.body);

    clock.advance(1000);
    const replaced = await call('PUT', `/v1/workspaces/${id}`, { ...read.body, description: 'Team A' });
    expect(replaced.status).toBe(200);
    expect(replaced.headers['etag']).toBe('"2"');
    expect(replaced.body).toMatchObject({
      description: 'Team A',
      version: 2,
      createdAt: created.body.createdAt,
    });
    expect(replaced.body.updatedAt).toBe('2026-01-01T00:00:01.000Z');

    const patched = await call('PATCH', `/v1/workspaces/${id}`, {
      labels: { cost: null, tier: 'gold' },
      description: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.labels).toEqual({ tier: 'gold' });
    expect(patched.body).not.toHaveProperty('description');
    expect(patched.body.version).toBe(3);

    const list = await call('GET', '/v1/workspaces', undefined, {}, { name: 'team-a' });
    expect(list.body).toEqual({ items: [patched.body] });

    const removed = await call('DELETE', `/v1/workspaces/${id}`);
    expect(removed.status).toBe(204);
    expect((await call('DELETE', `/v1/workspaces/${id}`)).status).toBe(404);
    expect((await call('GET', `/v1/workspaces/${id}`)).status).toBe(404);
    // The name is free again.
    expect((await call('POST', '/v1/workspaces', { name: 'team-a' })).status).toBe(201);
  });

  it('refuses to delete a workspace that still has servers', async () => {
    const { call } = setup();
    const ws = await call('POST', '/v1/workspaces', { name: 'team-b' });
    const server = await call('POST', '/v1/servers', { ...everything, workspace: 'team-b' });
    expect(server.status).toBe(201);
    const refused = await call('DELETE', `/v1/workspaces/${ws.body.id}`);
    expect(refused.status).toBe(409);
    await call('DELETE', `/v1/servers/${server.body.id}`);
    expect((await call('DELETE', `/v1/workspaces/${ws.body.id}`)).status).toBe(204);
  });

  it('rejects a renaming, because the name is immutable', async () => {
    const { call } = setup();
    const ws = await call('POST', '/v1/workspaces', { name: 'team-c' });
    const put = await call('PUT', `/v1/workspaces/${ws.body.id}`, { name: 'team-d' });
    expect(put.status).toBe(400);
    expect(put.body.code).toBe('validation_failed');
    expect(put.body.errors).toEqual([
      { pointer: '/name', detail: 'is immutable: changing it requires replacing the resource' },
    ]);
    const patch = await call('PATCH', `/v1/workspaces/${ws.body.id}`, { name: 'team-d' });
    expect(patch.status).toBe(400);
    expect(patch.body.errors[0].pointer).toBe('/name');
    // Sending the current value is fine.
    const same = await call('PATCH', `/v1/workspaces/${ws.body.id}`, { name: 'team-c', description: 'c' });
    expect(same.status).toBe(200);
  });
});

describe('servers', () => {
  it('goes through every CRUD path with defaults applied and headers never returned', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', {
      ...everything,
      headers: { authorization: 'Bearer upstream' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'everything',
      url: everything.url,
      workspace: 'default',
      transport: 'streamable-http',
      enabled: true,
      timeoutMs: 60000,
      version: 1,
    });
    expect(created.body.id).toMatch(/^srv_/);
    expect(created.body).not.toHaveProperty('headers');
    const id: string = created.body.id;

    const read = await call('GET', `/v1/servers/${id}`);
    expect(read.body).not.toHaveProperty('headers');

    const patched = await call('PATCH', `/v1/servers/${id}`, {
      timeoutMs: 1000,
      headers: { 'x-extra': '1' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.timeoutMs).toBe(1000);
    expect(patched.body).not.toHaveProperty('headers');

    const replaced = await call('PUT', `/v1/servers/${id}`, {
      name: 'everything',
      url: 'https://example.com/mcp',
      transport: 'sse',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      url: 'https://example.com/mcp',
      transport: 'sse',
      timeoutMs: 60000,
      workspace: 'default',
    });
    expect(replaced.body).not.toHaveProperty('headers');

    const list = await call('GET', '/v1/servers');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).not.toHaveProperty('headers');
    expect(list.body).not.toHaveProperty('nextCursor');

    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(404);
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
  });

  it("revokes a user's upstream tokens for any user id a principal can have (up to 256 characters)", async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const long = 'u'.repeat(200);
    for (const user of [long, 'u'.repeat(257)])
      await store.put({
        pk: vaultPartition(created.body.id),
        sk: `api-key#${user}`,
        workspace: 'default',
        user,
        method: 'api-key',
        connectedAt: '2026-01-01T00:00:00.000Z',
      });
    const tokens = `/v1/servers/${created.body.id}/tokens`;
    expect((await call('GET', tokens)).body.items.map((i: { user: string }) => i.user.length)).toEqual([
      200, 257,
    ]);
    expect((await call('DELETE', `${tokens}/${long}`)).status).toBe(204);
    expect((await call('DELETE', `${tokens}/${long}`)).status).toBe(404);
    expect((await call('DELETE', `${tokens}/${'u'.repeat(257)}`)).status).toBe(404); // no such principal
    // the revocation is found among the server's events, by its name
    const events = (await call('GET', '/v1/audit-events', undefined, {}, { server: 'everything' })).body
      .items;
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'token.revoked',
        server: 'everything',
        resource: { type: 'server', id: created.body.id, name: 'everything' },
        // tokens it could not open (none kept here) are forgotten, not revoked at their issuer
        detail: { user: long, upstream: 'unopened' },
      }),
    );
  });

  it("forgets a user's upstream tokens though the server's own sealed values cannot be opened now", async () => {
    const store = new MemoryStore();
    const made = setup({ store, sealer: keySealer(randomBytes(32)) });
    const created = await made.call('POST', '/v1/servers', { ...everything, headers: { 'x-key': 'k' } });
    await store.put({
      pk: vaultPartition(created.body.id),
      sk: 'default#api-key:#ada',
      workspace: 'default',
      user: 'ada',
      method: 'api-key',
      connectedAt: '2026-01-01T00:00:00.000Z',
    });
    // the sealing key changed: the server's headers no longer open, its users' tokens still go
    const { call } = setup({ store, sealer: keySealer(randomBytes(32)) });
    expect((await call('DELETE', `/v1/servers/${created.body.id}/tokens/ada`)).status).toBe(204);
    expect(await store.query(vaultPartition(created.body.id))).toMatchObject({ items: [] });
  });

  it('deletes a server whose configuration does not open: its users’ tokens forgotten, said unopened or unrevoked', async () => {
    const store = new MemoryStore();
    const key = keySealer(randomBytes(32));
    let throttled = false;
    const sealer = {
      ...key,
      open: (sealed: string, context: string) =>
        throttled ? Promise.reject(new Error('KMS throttled')) : key.open(sealed, context),
    };
    const { call } = setup({ store, sealer, clock: systemClock });
    const created = await call('POST', '/v1/servers', { ...everything, headers: { 'x-key': 'k' } });
    const id = created.body.id as string;
    const token = {
      pk: vaultPartition(id),
      sk: 'default#api-key:#ada',
      workspace: 'default',
      user: 'ada',
      method: 'api-key',
      sealed: 'k2.sealed-elsewhere',
    };
    await store.put(token);
    // under a key this gateway no longer has: deleted, its users' tokens forgotten (not revocable)
    const other = setup({ store, sealer: keySealer(randomBytes(32)), clock: systemClock });
    expect((await other.call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    expect((await store.query(vaultPartition(id))).items).toEqual([]);
    const deletions = async (made: { call: typeof call }) =>
      (await made.call('GET', '/v1/audit-events', undefined, {}, { type: 'resource.deleted' })).body
        .items as { resource: { id: string }; detail?: unknown }[];
    expect((await deletions(other)).find((e) => e.resource.id === id)?.detail).toEqual({
      upstreamTokens: { unopened: 1 },
    });
    // the sealing key's service failing for the moment: deleted, the tokens forgotten, and said unrevoked
    const again = await call('POST', '/v1/servers', { ...everything, headers: { 'x-key': 'k' } });
    await store.put({ ...token, pk: vaultPartition(again.body.id) });
    throttled = true;
    expect((await call('DELETE', `/v1/servers/${again.body.id}`)).status).toBe(204);
    throttled = false;
    expect((await store.query(vaultPartition(again.body.id))).items).toEqual([]);
    expect((await deletions({ call })).find((e) => e.resource.id === again.body.id)?.detail).toEqual({
      upstreamTokens: 'unrevoked',
    });
  });

  it("lists a server's connected users a page at a time", async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/servers', everything);
    for (const user of ['ada', 'bo', 'cy'])
      await store.put({
        pk: vaultPartition(created.body.id),
        sk: `api-key#${user}`,
        workspace: 'default',
        user,
        method: 'api-key',
        connectedAt: '2026-01-01T00:00:00.000Z',
      });
    const tokens = `/v1/servers/${created.body.id}/tokens`;
    const first = await call('GET', tokens, undefined, {}, { limit: '2' });
    expect(first.body.items.map((i: { user: string }) => i.user)).toEqual(['ada', 'bo']);
    const rest = await call('GET', tokens, undefined, {}, { limit: '2', cursor: first.body.nextCursor });
    expect(rest.body).toEqual({ items: [expect.objectContaining({ user: 'cy', method: 'api-key' })] });
    expect((await call('GET', tokens, undefined, {}, { limit: '0' })).body.code).toBe('validation_failed');
    expect((await call('GET', tokens, undefined, {}, { cursor: 'bogus' })).body.code).toBe(
      'validation_failed',
    );
  });

  it('answers 400 with pointers for invalid payloads', async () => {
    const { call } = setup();
    const answer = await call('POST', '/v1/servers', { name: 'Bad Name', url: 'ftp://x/y', bogus: 1 });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.body.code).toBe('validation_failed');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/bogus',
      '/name',
      '/url',
    ]);
  });

  it('requires an existing workspace', async () => {
    const { call } = setup();
    const answer = await call('POST', '/v1/servers', { ...everything, workspace: 'nowhere' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { pointer: '/workspace', detail: 'no workspace is named "nowhere"' },
    ]);
  });

  it('answers 409 for a duplicate name, also when two creates race', async () => {
    const { call } = setup();
    expect((await call('POST', '/v1/servers', everything)).status).toBe(201);
    const duplicate = await call('POST', '/v1/servers', { ...everything, url: 'http://other/mcp' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('already_exists');

    const racers = await Promise.all(
      [1, 2, 3].map(() => call('POST', '/v1/servers', { ...everything, name: 'racy' })),
    );
    expect(racers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
  });

  it('rejects changes of immutable fields with their pointer', async () => {
    const { call } = setup();
    await call('POST', '/v1/workspaces', { name: 'other' });
    const created = await call('POST', '/v1/servers', everything);
    const put = await call('PUT', `/v1/servers/${created.body.id}`, { ...everything, workspace: 'other' });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual([
      { pointer: '/workspace', detail: 'is immutable: changing it requires replacing the resource' },
    ]);
    const patch = await call('PATCH', `/v1/servers/${created.body.id}`, {
      name: 'renamed',
      workspace: 'other',
    });
    expect(patch.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/name',
      '/workspace',
    ]);
    // A PUT that omits an immutable field with a default keeps the current value.
    const ws = await call('POST', '/v1/servers', {
      name: 'in-other',
      url: everything.url,
      workspace: 'other',
    });
    const keep = await call('PUT', `/v1/servers/${ws.body.id}`, { name: 'in-other', url: everything.url });
    expect(keep.status).toBe(200);
    expect(keep.body.workspace).toBe('other');
  });

  it('filters lists by name and by workspace', async () => {
    const { call, clock } = setup();
    await call('POST', '/v1/workspaces', { name: 'w2' });
    for (const [name, workspace] of [
      ['a', 'default'],
      ['b', 'w2'],
      ['c', 'w2'],
    ] as const) {
      clock.advance(1);
      await call('POST', '/v1/servers', { name, url: everything.url, workspace });
    }
    const byName = await call('GET', '/v1/servers', undefined, {}, { name: 'b' });
    expect(byName.body.items.map((s: { name: string }) => s.name)).toEqual(['b']);
    const none = await call('GET', '/v1/servers', undefined, {}, { name: 'zzz' });
    expect(none.body).toEqual({ items: [] });
    const byWorkspace = await call('GET', '/v1/servers', undefined, {}, { workspace: 'w2' });
    expect(byWorkspace.body.items.map((s: { name: string }) => s.name)).toEqual(['b', 'c']);
    const both = await call('GET', '/v1/servers', undefined, {}, { workspace: 'default', name: 'b' });
    expect(both.body.items).toEqual([]);
  });
});

describe('optimistic concurrency', () => {
  it('honours If-Match on PUT, PATCH and DELETE', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const path = `/v1/servers/${created.body.id}`;
    const stale = await call('PATCH', path, { enabled: false }, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');
    // tags compare as strings: "01" is not "1"
    expect((await call('PATCH', path, { enabled: false }, { 'if-match': '"01"' })).status).toBe(412);
    const fresh = await call('PATCH', path, { enabled: false }, { 'if-match': '"1"' });
    expect(fresh.status).toBe(200);
    expect(fresh.headers['etag']).toBe('"2"');
    expect((await call('PUT', path, everything, { 'if-match': '"1"' })).status).toBe(412);
    expect((await call('PUT', path, everything, { 'if-match': '"1", "2"' })).status).toBe(200);
    expect((await call('PATCH', path, {}, { 'if-match': 'W/"3"' })).status).toBe(412);
    // an empty If-Match (an unset ETag variable) lists no tag: refused, and nothing written
    const empty = await call('PATCH', path, { enabled: false }, { 'if-match': '' });
    expect([empty.status, empty.body.detail]).toEqual([
      412,
      `If-Match names no ETag (the resource's is "3").`,
    ]);
    expect((await call('DELETE', path, undefined, { 'if-match': '' })).status).toBe(412);
    expect((await call('GET', path)).headers['etag']).toBe('"3"');
    const noChange = await call('PATCH', path, {}, { 'if-match': '*' });
    // nothing changed: no new version
    expect([noChange.status, noChange.headers['etag']]).toEqual([200, '"3"']);
    expect((await call('DELETE', path, undefined, { 'if-match': '"1"' })).status).toBe(412);
    expect((await call('DELETE', path, undefined, { 'if-match': '"3"' })).status).toBe(204);
  });

  it.each([
    ['in the clear', undefined],
    ['sealed', keySealer(randomBytes(32))],
  ])('writes nothing for an update that changes nothing (write-only values %s)', async (_, sealer) => {
    const { call } = setup(sealer === undefined ? {} : { sealer });
    const server = { ...everything, headers: { authorization: 'Bearer one' } };
    const created = await call('POST', '/v1/servers', server);
    const path = `/v1/servers/${created.body.id}`;
    const webhook = { name: 'w', url: 'https://hooks.test/authn', secret: 's'.repeat(32) };
    const hook = await call('POST', '/v1/webhooks', webhook);
    const hookPath = `/v1/webhooks/${hook.body.id}`;
    // a reconciler applying what is there, again and again: the same version, no audit event
    for (const again of [
      await call('PUT', path, server),
      await call('PUT', path, server, { 'if-match': '"1"' }),
      await call('PATCH', path, {}),
      await call('PATCH', path, { url: everything.url, headers: { authorization: 'Bearer one' } }),
      await call('PUT', hookPath, webhook),
    ])
      expect([again.status, again.headers['etag']]).toEqual([200, '"1"']);
    const updates = await call('GET', '/v1/audit-events', undefined, {}, { type: 'resource.updated' });
    expect(updates.body.items).toEqual([]);
    // a write-only value given anew is a change, unseen as it is
    const rotated = await call('PUT', path, { ...server, headers: { authorization: 'Bearer two' } });
    expect(rotated.headers['etag']).toBe('"2"');
    expect((await call('PUT', hookPath, { ...webhook, secret: 't'.repeat(32) })).headers['etag']).toBe('"2"');
    expect((await call('PATCH', path, { description: 'd' })).headers['etag']).toBe('"3"');
    // and so is one left out (a leaked token removed)
    expect((await call('PUT', path, { ...everything, description: 'd' })).headers['etag']).toBe('"4"');
    const audited = await call('GET', '/v1/audit-events', undefined, {}, { type: 'resource.updated' });
    // (newest first) which write-only values changed: what the records before and after cannot show
    expect(audited.body.items.map((e: { detail?: unknown }) => e.detail)).toEqual([
      { writeOnlyChanged: ['/headers'] },
      undefined,
      { writeOnlyChanged: ['/secret'] },
      { writeOnlyChanged: ['/headers'] },
    ]);
  });

  it('writes a PUT that gives again a write-only value this gateway can no longer open', async () => {
    const store = new MemoryStore();
    const server = { ...everything, headers: { authorization: 'Bearer one' } };
    const before = setup({ store, sealer: keySealer(randomBytes(32)) });
    const created = await before.call('POST', '/v1/servers', server);
    // the sealing key changed without a rotation: the stored value is lost, and given again
    const { call } = setup({ store, sealer: keySealer(randomBytes(32)) });
    const mended = await call('PUT', `/v1/servers/${created.body.id}`, server);
    expect([mended.status, mended.headers['etag']]).toEqual([200, '"2"']);
  });

  it('answers a write or delete that lost to a concurrent delete as 404, as it would be a moment later', async () => {
    const { call } = setup();
    for (const loser of [
      { method: 'DELETE' as const },
      { method: 'DELETE' as const, headers: { 'if-match': '"1"' } },
      { method: 'PATCH' as const, body: { timeoutMs: 100 } },
      { method: 'PUT' as const, body: { ...everything, description: 'new' }, headers: { 'if-match': '"1"' } },
    ]) {
      const created = await call('POST', '/v1/servers', everything);
      const path = `/v1/servers/${created.body.id}`;
      const answers = await Promise.all([
        call('DELETE', path),
        call(loser.method, path, loser.body, loser.headers ?? {}),
      ]);
      // a client deleting it (Terraform's destroy) takes a 404 as done, a conflict as a failure
      expect(answers.map((answer) => answer.status)).toEqual([204, 404]);
      expect(answers[1]!.body.code).toBe('not_found');
    }
  });

  it('lets exactly one of concurrent PATCHes win, even without If-Match', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const path = `/v1/servers/${created.body.id}`;
    const answers = await Promise.all(
      [100, 200, 300, 400].map((timeoutMs) => call('PATCH', path, { timeoutMs })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    // the losers made no precondition of their own: a conflict (409), not a failed If-Match (412)
    expect(statuses).toEqual([200, 409, 409, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.code).toBe('conflict');
    // with If-Match, a loser's precondition failed
    const versioned = await Promise.all(
      [500, 600].map((timeoutMs) => call('PATCH', path, { timeoutMs }, { 'if-match': '"2"' })),
    );
    expect(versioned.map((answer) => answer.status).sort()).toEqual([200, 412]);
    // `If-Match: *` asks only that it exist, which it does: a loser's is a conflict
    const anyVersion = await Promise.all(
      [700, 800].map((timeoutMs) => call('PATCH', path, { timeoutMs }, { 'if-match': '*' })),
    );
    expect(anyVersion.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!;
    const final = await call('GET', path);
    expect(final.body.timeoutMs).toBe(anyVersion.find((answer) => answer.status === 200)!.body.timeoutMs);
    expect(final.body.version).toBe(4);
    expect(winner.body.version).toBe(2);
  });

  it('answers HEAD as GET: status and ETag', async () => {
    const { call } = setup();
    const created = await call('POST', '/v1/servers', everything);
    const head = await call('HEAD', `/v1/servers/${created.body.id}`);
    expect(head.status).toBe(200);
    expect(head.headers['etag']).toBe('"1"');
    expect((await call('HEAD', '/v1/servers/srv_missing')).status).toBe(404);
    expect((await call('HEAD', '/v1/openapi.json')).status).toBe(200);
  });
});

describe('pagination', () => {
  it('walks every item exactly once across pages', async () => {
    const { call, clock } = setup();
    const names: string[] = [];
    for (let index = 0; index < 23; index++) {
      const name = `server-${String(index).padStart(2, '0')}`;
      names.push(name);
      clock.advance(1);
      expect((await call('POST', '/v1/servers', { name, url: everything.url })).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call(
        'GET',
        '/v1/servers',
        undefined,
        {},
        { limit: '5', ...(cursor ? { cursor } : {}) },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.items.map((s: { name: string }) => s.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(5);
    // Ids are time-ordered, so lists come in creation order.
    expect(seen).toEqual(names);
  });

  it('fills filtered pages across store pages', async () => {
    const { call, clock } = setup();
    await call('POST', '/v1/workspaces', { name: 'sparse' });
    for (let index = 0; index < 12; index++) {
      clock.advance(1);
      await call('POST', '/v1/servers', {
        name: `s${index}`,
        url: everything.url,
        workspace: index % 4 === 0 ? 'sparse' : 'default',
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        'GET',
        '/v1/servers',
        undefined,
        {},
        { limit: '2', workspace: 'sparse', ...(cursor ? { cursor } : {}) },
      );
      seen.push(...page.body.items.map((s: { name: string }) => s.name));
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(['s0', 's4', 's8']);
  });
});

describe('property names', () => {
  it('refuses "__proto__" anywhere in a body, which some stores take for a prototype', async () => {
    const { call } = setup();
    const refused = await call(
      'POST',
      '/v1/workspaces',
      '{"name":"team","labels":{"__proto__":"x","ok":"y"}}',
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { pointer: '', detail: 'uses "__proto__" as a property name, which is not allowed' },
    ]);
    expect((await call('GET', '/v1/workspaces', undefined, {}, { name: 'team' })).body.items).toEqual([]);
  });
});

describe('text', () => {
  it('refuses half of a character (a lone surrogate) in a value or a name, with its pointer', async () => {
    const { call } = setup();
    for (const [body, pointer] of [
      ['{"name":"k","user":"u","description":"a\\ud800"}', '/description'],
      ['{"name":"k","user":"u","labels":{"x\\udc00":"y"}}', '/labels/x\udc00'],
      ['{"name":"k\\udfff","user":"u"}', '/name'],
    ] as const) {
      const refused = await call('POST', '/v1/api-keys', body);
      expect([refused.status, refused.body.errors]).toEqual([
        400,
        [{ pointer, detail: 'holds half of a character (a lone surrogate)' }],
      ]);
    }
    // a pair is a character
    const paired = await call('POST', '/v1/api-keys', '{"name":"k \\ud83d\\ude00","user":"u"}');
    expect([paired.status, paired.body.name]).toEqual([201, 'k 😀']);
  });

  it('refuses control characters in an api key’s name and user, which only look like another', async () => {
    const { call, store } = setup();
    for (const name of ['\u0000', 'laptop\n', 'a\u009b'])
      expect((await call('POST', '/v1/api-keys', { name, user: 'u' })).body.errors).toEqual([
        { pointer: '/name', detail: 'holds a control character' },
      ]);
    for (const user of ['a\u0000b', 'bob\r\n', '\u001b[31mroot'])
      expect((await call('POST', '/v1/api-keys', { name: 'k', user })).body.errors).toEqual([
        { pointer: '/user', detail: 'holds a control character' },
      ]);
    const key = await call('POST', '/v1/api-keys', { name: 'Ada’s laptop', user: 'u' });
    expect(key.status).toBe(201);
    expect((await call('PATCH', `/v1/api-keys/${key.body.id}`, { name: 'lap\u0007top' })).status).toBe(400);
    // a key named so before keeps its name through other changes: it can still be disabled
    await store.put({
      ...(await store.get(resourcePartition('api_key'), key.body.id))!,
      data: { ...(await call('GET', `/v1/api-keys/${key.body.id}`)).body, name: 'lap\u0007top' },
    });
    const disabled = await call('PATCH', `/v1/api-keys/${key.body.id}`, { enabled: false });
    expect([disabled.status, disabled.body.enabled]).toEqual([200, false]);
  });
});

describe('numbers', () => {
  it('refuses a number no store can hold, with its pointer, and takes every other (an int64 bound too)', async () => {
    const { call } = setup();
    const document = (maximum: string) =>
      `{"name":"pets","transport":"openapi","url":"https://api.example.com","openapi":{"document":{"openapi":"3.1.0","paths":{},"components":{"schemas":{"Id":{"type":"integer","maximum":${maximum}}}}}}}`;
    for (const far of ['1e400', '-1e200', '1e-200']) {
      const refused = await call('POST', '/v1/servers', document(far));
      expect(refused.status, far).toBe(400);
      expect(refused.body.errors).toEqual([
        {
          pointer: '/openapi/document/components/schemas/Id/maximum',
          detail:
            'is a number the gateway cannot store (its magnitude must be 0, or from 1e-130 to below 1e126)',
        },
      ]);
    }
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
    const created = await call('POST', '/v1/servers', document('9223372036854775807'));
    expect(created.status).toBe(201);
    expect(created.body.openapi.document.components.schemas.Id.maximum).toBe(2 ** 63);
  });
});
