import { describe, expect, it } from 'vitest';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { setup } from './test-support.js';

const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });

/** The management API with a registry at http://127.0.0.1:9 answering `answer`. */
function withRegistry(answer: () => Response) {
  return setup({ outbound: { http: fetchHttpClient((async () => answer()) as typeof fetch), guard } });
}

describe('registry sync against a broken registry', () => {
  for (const [what, answer, detail] of [
    ['an error status', () => new Response('down', { status: 500 }), 'answered HTTP 500'],
    ['no JSON', () => new Response('<html>', { headers: { 'content-type': 'text/html' } }), 'not JSON'],
    ['no listing', () => Response.json({ items: [] }), 'no server listing'],
    [
      'an endless listing',
      (() => {
        let page = 0;
        return () => Response.json({ servers: [], metadata: { nextCursor: `p${++page}` } });
      })(),
      'more than',
    ],
    [
      'more servers than a listing may keep',
      (() => {
        let page = 0;
        const big = 'v'.repeat(70_000);
        return () =>
          Response.json({
            servers: Array.from({ length: 100 }, (_, i) => ({
              server: {
                name: `io.github.acme/s${page}-${i}`,
                version: '1',
                remotes: [
                  { type: 'sse', url: 'http://127.0.0.1:9/sse', headers: [{ name: 'X-Big', value: big }] },
                ],
              },
            })),
            metadata: { nextCursor: `p${++page}` },
          });
      })(),
      'MiB of servers',
    ],
    [
      'a listing that names a page it gave before',
      () => Response.json({ servers: [], metadata: { nextCursor: 'again' } }),
      'a loop',
    ],
  ] as const) {
    it(`answers 502 naming what went wrong when it answers ${what}, and records it`, async () => {
      const { call } = withRegistry(answer);
      const registry = await call('POST', '/v1/registries', { name: 'corp', url: 'http://127.0.0.1:9' });
      expect(registry.status).toBe(201);
      const sync = await call('POST', `/v1/registries/${registry.body.id}/sync`);
      expect(sync.status).toBe(502);
      expect(String(sync.body.detail)).toContain(detail);
      const after = await call('GET', `/v1/registries/${registry.body.id}`);
      expect((after.body.lastSync as { error: string }).error).toContain(detail);
      expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
    });
  }

  it('skips malformed entries and imports the rest', async () => {
    const { call } = withRegistry(() =>
      Response.json({
        servers: [
          { server: { description: 'no name' } },
          'not an object',
          {
            server: {
              name: 'io.github.acme/bad-url',
              version: '1',
              remotes: [{ type: 'sse', url: 'ftp://x' }],
            },
          },
          {
            server: {
              name: 'io.github.acme/ok',
              version: '1',
              remotes: [{ type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }],
            },
          },
        ],
        metadata: {},
      }),
    );
    const registry = await call('POST', '/v1/registries', { name: 'corp', url: 'http://127.0.0.1:9' });
    const sync = await call('POST', `/v1/registries/${registry.body.id}/sync`);
    expect(sync.status).toBe(200);
    expect(sync.body.created).toEqual([
      { name: 'io.github.acme/ok', server: 'io-github-acme-ok', version: '1' },
    ]);
    expect(sync.body.skipped).toEqual([
      expect.objectContaining({ name: 'io.github.acme/bad-url', reason: expect.stringContaining('/url') }),
    ]);
  });
});

describe('server.json import of bad documents', () => {
  it('refuses what is no server.json, and an entry with nothing to reach, with 400', async () => {
    const { call } = setup();
    for (const body of [
      { description: 'no name' },
      { name: 'io.github.acme/cli', packages: [{ registryType: 'npm' }] },
    ]) {
      const refused = await call('POST', '/v1/servers/import', body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('validation_failed');
    }
    expect((await call('POST', '/v1/servers/import', '[')).status).toBe(400);
    expect((await call('GET', '/v1/servers/import')).status).toBe(405);
    // what is wrong is named where the document says it: the remote chosen, its header
    const remotes = (url: string) => [
      { type: 'sse', url: 'https://sse.example.com/sse' },
      {
        type: 'streamable-http',
        url,
        headers: [
          { name: 'X-Team', value: 'a' },
          { name: 'Host', value: 'evil.example.com' },
        ],
      },
    ];
    for (const [url, pointer] of [
      ['ftp://mcp.example.com/mcp', '/remotes/1/url'],
      ['https://mcp.example.com/mcp', '/remotes/1/headers/1'],
    ]) {
      const bad = await call('POST', '/v1/servers/import', {
        name: 'io.github.acme/bad',
        remotes: remotes(url!),
      });
      expect([bad.status, bad.body.errors?.map((e: { pointer: string }) => e.pointer)]).toEqual([
        400,
        [pointer],
      ]);
    }
    // a workspace that does not exist is the query's, not the document's
    const ghost = await call(
      'POST',
      '/v1/servers/import',
      {
        name: 'io.github.acme/ok',
        remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp' }],
      },
      {},
      { workspace: 'ghost' },
    );
    expect([ghost.status, ghost.body.errors]).toEqual([
      400,
      [{ pointer: '', detail: 'the workspace query parameter: no workspace is named "ghost"' }],
    ]);
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
  });
});

describe('registry sync of servers an admin changed', () => {
  /** A registry whose listing is `entries` at the time of each sync. */
  async function registryOf(entries: () => unknown[]) {
    const { call, store } = withRegistry(() => Response.json({ servers: entries(), metadata: {} }));
    const registry = await call('POST', '/v1/registries', { name: 'corp', url: 'http://127.0.0.1:9' });
    const sync = async () => {
      const answer = await call('POST', `/v1/registries/${registry.body.id}/sync`);
      expect(answer.status).toBe(200);
      return answer.body as Record<
        'created' | 'updated' | 'disabled' | 'skipped',
        { name: string; reason?: string }[]
      >;
    };
    const server = async () => {
      const listed = await call('GET', '/v1/servers', undefined, {}, { name: 'io-github-acme-vault' });
      return listed.body.items[0] as Record<string, unknown> & { id: string };
    };
    /** The headers a server has as stored (they are write-only in the API). */
    const headersOf = async (name: string) => {
      const { items } = await store.query('cfg#server');
      const item = items.find((i) => (i['data'] as { name?: string }).name === name);
      return (item?.['data'] as { headers?: Record<string, string> } | undefined)?.headers;
    };
    return { call, sync, server, headersOf };
  }
  const vault = (url: string, version = '1') => ({
    server: {
      name: 'io.github.acme/vault',
      version,
      remotes: [
        {
          type: 'streamable-http',
          url,
          headers: [{ name: 'Authorization', isRequired: true, isSecret: true }],
        },
      ],
    },
  });

  it('does not move a server holding admin secrets; an admin moves it with them', async () => {
    let entries = [vault('http://127.0.0.1:9/mcp')];
    const { call, sync, server } = await registryOf(() => entries);
    expect((await sync()).created[0]?.reason).toContain('needs header Authorization');
    const { id } = await server();
    const set = await call('PATCH', `/v1/servers/${id}`, {
      headers: { Authorization: 'Bearer s3cr3t' },
      enabled: true,
    });
    expect(set.status).toBe(200);
    // a new version at the same address: applied, still enabled, nothing missing any more
    entries = [vault('http://127.0.0.1:9/mcp', '2')];
    const same = await sync();
    expect(same.updated).toEqual([
      { name: 'io.github.acme/vault', server: 'io-github-acme-vault', version: '2' },
    ]);
    expect(await server()).toMatchObject({
      enabled: true,
      origin: expect.objectContaining({ version: '2' }),
    });
    // another address: the token given for this one is not sent there; each sync says so
    entries = [vault('http://127.0.0.1:10/mcp', '3')];
    for (let round = 0; round < 2; round++) {
      const moved = await sync();
      expect(moved.updated).toEqual([]);
      expect(moved.skipped).toEqual([
        expect.objectContaining({
          server: 'io-github-acme-vault',
          reason: expect.stringContaining('moved to http://127.0.0.1:10/mcp'),
        }),
      ]);
      expect(await server()).toMatchObject({ url: 'http://127.0.0.1:9/mcp', enabled: true });
    }
    // the admin moves it, giving the header again: the next sync records the entry as applied
    await call('PATCH', `/v1/servers/${id}`, {
      url: 'http://127.0.0.1:10/mcp',
      headers: { Authorization: 'Bearer new' },
    });
    const followed = await sync();
    expect(followed.skipped).toEqual([]);
    expect(followed.updated).toEqual([
      { name: 'io.github.acme/vault', server: 'io-github-acme-vault', version: '3' },
    ]);
    expect((await sync()).updated).toEqual([]);
    // a server without secrets simply follows its entry
    await call('PATCH', `/v1/servers/${id}`, { url: 'http://127.0.0.1:10/mcp', headers: null });
    entries = [vault('http://127.0.0.1:12/mcp', '4')];
    expect((await sync()).updated).toHaveLength(1);
    expect(await server()).toMatchObject({ url: 'http://127.0.0.1:12/mcp' });
  });

  it('lets the headers the entry gives follow its changes, at its address and to a new one, unless an admin changed them', async () => {
    const tenant = (url: string, version: string, headers: Record<string, string>) => ({
      server: {
        name: 'io.github.acme/tenant',
        version,
        remotes: [
          {
            type: 'streamable-http',
            url,
            headers: Object.entries(headers).map(([name, value]) => ({
              name,
              value,
              isRequired: true,
              isSecret: false,
            })),
          },
        ],
      },
    });
    let entries = [tenant('http://127.0.0.1:9/mcp', '1', { 'X-Tenant': 'acme' })];
    const { call, sync, headersOf } = await registryOf(() => entries);
    await sync();
    expect(await headersOf('io-github-acme-tenant')).toEqual({ 'X-Tenant': 'acme' });
    // changed at the same address: applied
    entries = [tenant('http://127.0.0.1:9/mcp', '2', { 'X-Tenant': 'acme-2' })];
    expect((await sync()).updated).toHaveLength(1);
    expect(await headersOf('io-github-acme-tenant')).toEqual({ 'X-Tenant': 'acme-2' });
    // one dropped, another given: the dropped one goes
    entries = [tenant('http://127.0.0.1:9/mcp', '3', { 'X-Region': 'eu' })];
    await sync();
    expect(await headersOf('io-github-acme-tenant')).toEqual({ 'X-Region': 'eu' });
    // moved with them: the server follows (its headers are still the entry's)
    entries = [tenant('http://127.0.0.1:10/mcp', '4', { 'X-Region': 'eu' })];
    const moved = await sync();
    expect(moved.skipped).toEqual([]);
    expect(await headersOf('io-github-acme-tenant')).toEqual({ 'X-Region': 'eu' });
    // an admin's own value stays, and the sync says so
    const { items } = (await call('GET', '/v1/servers', undefined, {}, { name: 'io-github-acme-tenant' }))
      .body;
    await call('PATCH', `/v1/servers/${items[0].id}`, { headers: { 'X-Region': 'mine' } });
    entries = [tenant('http://127.0.0.1:10/mcp', '5', { 'X-Region': 'us' })];
    expect((await sync()).updated[0]?.reason).toContain('keeps the headers an admin gave it');
    expect(await headersOf('io-github-acme-tenant')).toEqual({ 'X-Region': 'mine' });
  });

  it('lets the entry’s headers follow it beside a secret an admin gave as asked, and a respelled name replace the old', async () => {
    const entry = (version: string, fixed: Record<string, string>) => ({
      server: {
        name: 'io.github.acme/keyed',
        version,
        remotes: [
          {
            type: 'streamable-http',
            url: 'http://127.0.0.1:9/mcp',
            headers: [
              { name: 'Authorization', isRequired: true, isSecret: true },
              ...Object.entries(fixed).map(([name, value]) => ({
                name,
                value,
                isRequired: true,
                isSecret: false,
              })),
            ],
          },
        ],
      },
    });
    let entries = [entry('1', { 'X-Tenant': 'acme' })];
    const { call, sync, headersOf } = await registryOf(() => entries);
    await sync();
    const { items } = (await call('GET', '/v1/servers', undefined, {}, { name: 'io-github-acme-keyed' }))
      .body;
    await call('PATCH', `/v1/servers/${items[0].id}`, {
      headers: { Authorization: 'Bearer s3cr3t' },
      enabled: true,
    });
    entries = [entry('2', { 'x-tenant': 'acme-2' })];
    const applied = await sync();
    expect(applied.skipped).toEqual([]);
    expect(await headersOf('io-github-acme-keyed')).toEqual({
      Authorization: 'Bearer s3cr3t',
      'x-tenant': 'acme-2',
    });
    // a header an admin added of a name the entry now gives too stays the admin's, and the sync says so
    await call('PATCH', `/v1/servers/${items[0].id}`, { headers: { 'X-Region': 'mine' } });
    entries = [entry('3', { 'x-tenant': 'acme-3', 'X-Region': 'us' })];
    const kept = await sync();
    expect(kept.updated[0]?.reason).toContain('keeps the value an admin gave X-Region');
    expect(await headersOf('io-github-acme-keyed')).toEqual({
      Authorization: 'Bearer s3cr3t',
      'x-tenant': 'acme-3',
      'X-Region': 'mine',
    });
    // and the entry's next change still follows
    entries = [entry('4', { 'x-tenant': 'acme-4', 'X-Region': 'us' })];
    await sync();
    expect((await headersOf('io-github-acme-keyed'))?.['x-tenant']).toBe('acme-4');
  });

  it('keeps an address an admin gave the server, and reports the registry’s new one', async () => {
    let entries = [vault('http://127.0.0.1:9/mcp')];
    const { call, sync, server } = await registryOf(() => entries);
    await sync();
    const { id } = await server();
    await call('PATCH', `/v1/servers/${id}`, { url: 'http://127.0.0.1:11/egress/mcp' });
    const quiet = await sync();
    expect(quiet.updated).toEqual([]);
    entries = [vault('http://127.0.0.1:10/mcp', '2')];
    const moved = await sync();
    expect(moved.updated[0]?.reason).toContain('keeps the address an admin gave it');
    expect(await server()).toMatchObject({
      url: 'http://127.0.0.1:11/egress/mcp',
      origin: expect.objectContaining({ url: 'http://127.0.0.1:10/mcp', version: '2' }),
    });
  });

  it('restores on return what the server was when its entry left: disabled by an admin stays disabled', async () => {
    let entries: unknown[] = [vault('http://127.0.0.1:9/mcp')];
    const { call, sync, server } = await registryOf(() => entries);
    await sync();
    const { id } = await server();
    await call('PATCH', `/v1/servers/${id}`, { headers: { authorization: 'Bearer s3cr3t' }, enabled: true });
    entries = [];
    expect((await sync()).disabled).toHaveLength(1);
    expect(await server()).toMatchObject({
      enabled: false,
      origin: expect.objectContaining({ status: 'removed' }),
    });
    entries = [vault('http://127.0.0.1:9/mcp')];
    const back = await sync();
    // its header was set meanwhile (in any case): nothing missing, enabled as it was
    expect(back.updated).toEqual([
      { name: 'io.github.acme/vault', server: 'io-github-acme-vault', version: '1' },
    ]);
    expect(await server()).toMatchObject({
      enabled: true,
      origin: expect.objectContaining({ status: 'active' }),
    });
    // an admin disables it; the entry leaves and returns: it stays disabled
    await call('PATCH', `/v1/servers/${id}`, { enabled: false });
    entries = [];
    await sync();
    entries = [vault('http://127.0.0.1:9/mcp')];
    await sync();
    expect(await server()).toMatchObject({
      enabled: false,
      origin: expect.objectContaining({ status: 'active' }),
    });
  });

  it('the server.json import keeps the same rules', async () => {
    const { call } = setup();
    const document = (url: string, version: string) => vault(url, version).server;
    const created = await call('POST', '/v1/servers/import', document('http://127.0.0.1:9/mcp', '1'));
    expect(created.body.action).toBe('created');
    const id = (created.body.server as { id: string }).id;
    await call('PATCH', `/v1/servers/${id}`, { headers: { Authorization: 'Bearer s3cr3t' }, enabled: true });
    const moved = await call('POST', '/v1/servers/import', document('http://127.0.0.1:10/mcp', '2'));
    expect(moved.status).toBe(400);
    expect(String(moved.body.detail)).toContain('moved to http://127.0.0.1:10/mcp');
    expect((await call('GET', `/v1/servers/${id}`)).body).toMatchObject({
      url: 'http://127.0.0.1:9/mcp',
      enabled: true,
    });
    await call('PATCH', `/v1/servers/${id}`, {
      url: 'http://127.0.0.1:11/mcp',
      headers: { Authorization: 'Bearer s3cr3t' },
    });
    const kept = await call('POST', '/v1/servers/import', document('http://127.0.0.1:10/mcp', '3'));
    expect(kept.body).toMatchObject({
      action: 'updated',
      reason: expect.stringContaining('keeps the address an admin gave it'),
      server: { url: 'http://127.0.0.1:11/mcp' },
    });
  });
});
