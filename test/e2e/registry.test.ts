/**
 * Registry import and sync end to end: a loopback MCP registry (the official Registry API, real server.json
 * documents, paginated) behind the built gateway. Entries with remotes become servers (one reachable
 * through the gateway), entries with only local packages are reported, servers whose entry leaves are
 * disabled (never deleted) and come back; `mcp-gateway import server.json` imports one document.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { type McpRegistry, serverJson, startMcpRegistry } from '../support/mcp-registry.js';
import { GatewayProcess, gatewayCli, startEverything, stopAll, type Upstream } from '../support/processes.js';

const run = promisify(execFile);
const adminKey = 'registry-admin-key-0123456789abcdef';
let upstream: Upstream;
let gateway: GatewayProcess;
let registry: McpRegistry;
let api: Admin;
let registryId: string;
let dir: string;

interface Report {
  created: { name: string; server?: string; reason?: string }[];
  updated: { name: string; server?: string }[];
  disabled: { name: string; server?: string; reason?: string }[];
  skipped: { name: string; reason?: string }[];
}

beforeAll(async () => {
  [upstream, gateway] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  registry = await startMcpRegistry([
    serverJson('io.github.acme/weather', '1.0.0', { type: 'streamable-http', url: upstream.url }),
    serverJson('io.github.acme/legacy', '2.0.0', { type: 'sse', url: 'http://127.0.0.1:9/sse' }),
    serverJson('io.github.acme/local-only', '0.3.0'),
    serverJson('io.github.acme/vault', '1.0.0', {
      type: 'streamable-http',
      url: 'http://127.0.0.1:9/mcp',
      headers: [{ name: 'Authorization', isRequired: true, isSecret: true, description: 'A token' }],
    }),
    serverJson('io.github.acme/clash', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
    serverJson('com.other/thing', '1.0.0', { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }),
  ]);
  api = admin(() => gateway.url, adminKey);
  await api.registerServer('io-github-acme-clash', 'http://127.0.0.1:9/mcp');
  const created = await api.request('POST', '/v1/registries', {
    name: 'corp',
    url: registry.url,
    include: ['io.github.acme/*'],
    headers: { Authorization: 'Bearer mirror-token-123' },
  });
  expect(created.status, created.text).toBe(201);
  registryId = (created.body as { id: string }).id;
  dir = await mkdtemp(join(tmpdir(), 'mcp-gateway-import-'));
});

afterAll(async () => {
  await registry?.close();
  await gateway?.close();
  await stopAll();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const sync = async () => {
  const answer = await api.request('POST', `/v1/registries/${registryId}/sync`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Report;
};
const server = async (name: string) =>
  ((await api.request('GET', `/v1/servers?name=${name}`)).body as { items: Record<string, unknown>[] })
    .items[0];

describe('registry sync', () => {
  it('imports entries with remotes, reports the rest, and sends the registry its headers', async () => {
    const report = await sync();
    expect(report.created.map((e) => e.server).sort()).toEqual([
      'io-github-acme-legacy',
      'io-github-acme-vault',
      'io-github-acme-weather',
    ]);
    expect(report.created.find((e) => e.server === 'io-github-acme-vault')?.reason).toContain(
      'needs header Authorization',
    );
    expect(report.skipped).toEqual([
      expect.objectContaining({
        name: 'io.github.acme/local-only',
        reason: expect.stringContaining('only local packages'),
      }),
      expect.objectContaining({ name: 'io.github.acme/clash', reason: expect.stringContaining('taken') }),
    ]);
    // filtered out by include: neither imported nor reported
    expect(JSON.stringify(report)).not.toContain('com.other');
    expect(registry.requests.every((r) => r.headers.authorization === 'Bearer mirror-token-123')).toBe(true);
    expect(registry.requests.length).toBeGreaterThanOrEqual(3); // three pages
    expect(await server('io-github-acme-weather')).toMatchObject({
      url: upstream.url,
      transport: 'streamable-http',
      enabled: true,
      origin: { registry: 'corp', name: 'io.github.acme/weather', version: '1.0.0', status: 'active' },
    });
    expect(await server('io-github-acme-legacy')).toMatchObject({ transport: 'sse' });
    expect(await server('io-github-acme-vault')).toMatchObject({ enabled: false });
    const registryNow = (await api.request('GET', `/v1/registries/${registryId}`)).body as Record<
      string,
      unknown
    >;
    expect(registryNow['lastSync']).toMatchObject({ created: 3, skipped: 2, disabled: 0 });
    expect(JSON.stringify(registryNow)).not.toContain('mirror-token');
  });

  it('an imported server works through the gateway', async () => {
    const key = await api.createApiKey('reg-laptop', 'rita');
    const { client } = await connect(`${gateway.url}/mcp/io-github-acme-weather`, key);
    try {
      const result = await client.callTool({ name: 'echo', arguments: { message: 'from the registry' } });
      expect(JSON.stringify(result.content)).toContain('from the registry');
    } finally {
      await client.close();
    }
  });

  it('updates a new version, disables what left (never deletes), and enables it when it returns', async () => {
    const legacy = registry.entries.find((e) => e['name'] === 'io.github.acme/legacy')!;
    registry.entries = [
      serverJson('io.github.acme/weather', '1.1.0', { type: 'streamable-http', url: upstream.url }),
      ...registry.entries.filter(
        (e) => !['io.github.acme/weather', 'io.github.acme/legacy'].includes(String(e['name'])),
      ),
    ];
    const changed = await sync();
    expect(changed.updated.map((e) => e.server)).toEqual(['io-github-acme-weather']);
    expect(changed.disabled).toEqual([
      expect.objectContaining({ server: 'io-github-acme-legacy', reason: 'no longer in the registry' }),
    ]);
    expect(changed.created).toEqual([]);
    expect(await server('io-github-acme-weather')).toMatchObject({ origin: { version: '1.1.0' } });
    expect(await server('io-github-acme-legacy')).toMatchObject({
      enabled: false,
      origin: { status: 'removed' },
    });
    // unchanged entries are not updated again
    expect((await sync()).updated).toEqual([]);
    registry.entries = [...registry.entries, legacy];
    const back = await sync();
    expect(back.updated.map((e) => e.server)).toEqual(['io-github-acme-legacy']);
    expect(await server('io-github-acme-legacy')).toMatchObject({
      enabled: true,
      origin: { status: 'active' },
    });
    // a deleted entry (the official status) counts as gone
    registry.deleted.add('io.github.acme/legacy');
    expect((await sync()).disabled.map((e) => e.server)).toEqual(['io-github-acme-legacy']);
  });

  it('records what the sync changed in the audit log', async () => {
    const events = (await api.request('GET', '/v1/audit-events?resourceType=server&type=resource.created'))
      .body as {
      items: { resource: { name: string } }[];
    };
    expect(events.items.map((e) => e.resource.name)).toEqual(
      expect.arrayContaining(['io-github-acme-weather', 'io-github-acme-legacy', 'io-github-acme-vault']),
    );
  });
});

describe('mcp-gateway import server.json', () => {
  it('imports a document into the running gateway, and again only when it changed', async () => {
    const file = join(dir, 'server.json');
    await writeFile(
      file,
      JSON.stringify(
        serverJson('io.github.solo/notes', '1.0.0', { type: 'streamable-http', url: upstream.url }),
      ),
    );
    const env = { ...process.env, MCP_GATEWAY_ADMIN_KEY: adminKey };
    const first = await run(process.execPath, [gatewayCli, 'import', file, '--gateway', gateway.url], {
      env,
    });
    expect(first.stdout).toContain(`[1/1] ${file}: created server io-github-solo-notes`);
    const again = await run(process.execPath, [gatewayCli, 'import', file, '--gateway', gateway.url], {
      env,
    });
    expect(again.stdout).toContain('unchanged server io-github-solo-notes');
    expect(await server('io-github-solo-notes')).toMatchObject({
      origin: { name: 'io.github.solo/notes', version: '1.0.0' },
    });
    const local = join(dir, 'local.json');
    await writeFile(local, JSON.stringify(serverJson('io.github.solo/cli-tool', '1.0.0')));
    const refused = await run(process.execPath, [gatewayCli, 'import', local, '--gateway', gateway.url], {
      env,
    }).catch((e: { code: number; stdout: string }) => e);
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stdout: string }).stdout).toContain('only local packages');
    const help = await run(process.execPath, [gatewayCli, 'import', '--help']);
    expect(help.stdout).toContain('Usage: mcp-gateway import');
  });
});
