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
      () => Response.json({ servers: [], metadata: { nextCursor: 'again' } }),
      'more than',
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
    expect((await call('GET', '/v1/servers')).body.items).toEqual([]);
  });
});
