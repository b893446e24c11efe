/**
 * The protocol harness: launches the built provider exactly as Terraform does and drives every RPC,
 * including the error paths (no cookie, no client certificate, invalid config, API down, 412 conflict).
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMsgpack } from '../../provider/src/codec/msgpack.js';
import { isUnknown, type ObjectValue, unknown, type Value } from '../../provider/src/codec/value.js';
import { resourceModel } from '../../provider/src/generated/resource-model.js';
import { pemFromHandshakeCert } from '../../provider/src/protocol/handshake.js';
import type { Diagnostic } from '../../provider/src/protocol/messages.js';
import { loadProtocol } from '../../provider/src/protocol/proto.js';
import { TerraformProvider } from '../../provider/src/server/provider.js';
import { PROVIDER_VERSION } from '../../provider/src/version.js';
import { type FakeGateway, startFakeGateway } from './fake-gateway.js';
import { buildProvider, dynamic, type LaunchedProvider, launchProvider } from './harness.js';

const local = new TerraformProvider({ model: resourceModel, version: 'test' });
const serverType = local.resources.get('mcpgateway_server')!.type;
const serverData = local.dataSources.get('mcpgateway_server')!;
const configType = ['object', { endpoint: 'string', api_key: 'string' }] as const;
const serverNames = resourceModel.resources.find((r) => r.type === 'server')!.attributes.map((a) => a.name);

function serverConfig(values: ObjectValue): ObjectValue {
  return { ...Object.fromEntries(serverNames.map((n) => [n, null])), ...values };
}

function decode(dv: unknown, type = serverType): ObjectValue | null {
  const bytes = (dv as { msgpack?: Buffer } | undefined)?.msgpack;
  return bytes && bytes.length > 0 ? (decodeMsgpack(bytes, type) as ObjectValue | null) : null;
}

function diagnostics(response: Record<string, unknown>): Diagnostic[] {
  return (response['diagnostics'] as Diagnostic[] | undefined) ?? [];
}

function attributeOf(diagnostic: Diagnostic | undefined): unknown[] {
  return (diagnostic?.attribute?.steps ?? []).map((s) =>
    Object.values(s).find((v) => v !== null && v !== undefined && v !== ''),
  );
}

let dist: string;
let executable: string;
let gateway: FakeGateway;
let plugin: LaunchedProvider;

beforeAll(async () => {
  dist = buildProvider();
  executable = join(dist, 'terraform-provider-mcpgateway');
  gateway = await startFakeGateway(resourceModel);
  plugin = await launchProvider(executable);
}, 60_000);

afterAll(async () => {
  plugin?.close();
  await gateway?.close();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe('launch and handshake', () => {
  it('refuses to run without the magic cookie, saying what it is, with nothing on stdout', () => {
    const result = spawnSync(executable, [], { env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/plugin/i);
  });

  it('prints one go-plugin handshake line: core 1, protocol 6, unix socket, grpc, unpadded DER certificate', () => {
    expect(plugin.handshake).toMatchObject({ core: 1, app: 6, network: 'unix', protocol: 'grpc' });
    expect(plugin.handshake.cert.length).toBeGreaterThan(50);
    expect(plugin.handshake.cert).not.toMatch(/=/);
    const cert = new X509Certificate(pemFromHandshakeCert(plugin.handshake.cert));
    expect(cert.subjectAltName).toContain('DNS:localhost');
  });

  it('requires a client certificate (mutual TLS)', async () => {
    const services = loadProtocol();
    const credentials = grpc.credentials.createSsl(Buffer.from(pemFromHandshakeCert(plugin.handshake.cert)));
    const client = new services.health(`unix://${plugin.handshake.address}`, credentials, {
      'grpc.ssl_target_name_override': 'localhost',
    });
    const error = await new Promise<Error | null>((resolve) => {
      (client as unknown as { Check: (r: unknown, o: unknown, cb: (e: Error | null) => void) => void }).Check(
        { service: 'plugin' },
        { deadline: Date.now() + 5000 },
        (e) => resolve(e),
      );
    });
    client.close();
    expect(error).not.toBeNull();
  });

  it('reports the plugin service as SERVING', async () => {
    expect(await plugin.health['Check']!({ service: 'plugin' })).toEqual({ status: 'SERVING' });
  });

  it('opens the stdio stream and keeps it open until cancelled', async () => {
    const call = (
      plugin.stdio as unknown as { StreamStdio: (r: unknown) => grpc.ClientReadableStream<unknown> }
    ).StreamStdio({});
    const ended = new Promise<string>((resolve) => {
      call.on('error', (error: { code?: number }) => resolve(`error ${error.code}`));
      call.on('end', () => resolve('end'));
    });
    const early = await Promise.race([
      ended,
      new Promise((resolve) => setTimeout(() => resolve('open'), 300)),
    ]);
    expect(early).toBe('open');
    call.cancel();
    expect(await ended).toBe(`error ${grpc.status.CANCELLED}`);
  });
});

describe('schema and configuration', () => {
  it('serves metadata and schemas for every resource and data source', async () => {
    const metadata = await plugin.provider['GetMetadata']!({});
    expect((metadata['resources'] as { type_name: string }[]).map((r) => r.type_name).sort()).toEqual([
      'mcpgateway_access_policy',
      'mcpgateway_api_key',
      'mcpgateway_budget',
      'mcpgateway_guardrail',
      'mcpgateway_identity_provider',
      'mcpgateway_oauth_client',
      'mcpgateway_rate_limit',
      'mcpgateway_registry',
      'mcpgateway_server',
      'mcpgateway_team',
      'mcpgateway_telemetry_sink',
      'mcpgateway_webhook',
      'mcpgateway_workspace',
    ]);
    const schema = await plugin.provider['GetProviderSchema']!({});
    const resources = schema['resource_schemas'] as Record<
      string,
      { block: { attributes: Record<string, unknown>[] } }
    >;
    const headers = resources['mcpgateway_server']!.block.attributes.find((a) => a['name'] === 'headers')!;
    expect(headers).toMatchObject({ write_only: true, sensitive: true, optional: true, computed: false });
    const keyAttributes = resources['mcpgateway_api_key']!.block.attributes;
    // The key's secret is the user's (required, write-only); no generated key can reach the state.
    expect(keyAttributes.map((a) => a['name'])).not.toContain('key');
    expect(keyAttributes.find((a) => a['name'] === 'secret')).toMatchObject({
      write_only: true,
      sensitive: true,
      required: true,
      computed: false,
    });
    const provider = schema['provider'] as { block: { attributes: Record<string, unknown>[] } };
    expect(provider.block.attributes.find((a) => a['name'] === 'api_key')).toMatchObject({ sensitive: true });
    expect(Object.keys(schema['data_source_schemas'] as object)).toContain('mcpgateway_server');
    // read-only views are data sources only
    expect(Object.keys(schema['data_source_schemas'] as object)).toContain('mcpgateway_server_tools');
    expect(Object.keys(schema['resource_schemas'] as object)).not.toContain('mcpgateway_server_tools');
  });

  it('rejects an invalid endpoint with a diagnostic on endpoint', async () => {
    const response = await plugin.provider['ValidateProviderConfig']!({
      config: dynamic({ endpoint: 'not a url', api_key: null }, configType as never),
    });
    expect(diagnostics(response)[0]).toMatchObject({ severity: 'ERROR', summary: 'Invalid endpoint' });
    expect(attributeOf(diagnostics(response)[0])).toEqual(['endpoint']);
  });

  it('asks for an api key when neither the config nor the environment has one', async () => {
    const response = await plugin.provider['ConfigureProvider']!({
      terraform_version: '1.11.4',
      config: dynamic({ endpoint: gateway.url, api_key: null }, configType as never),
    });
    expect(diagnostics(response)[0]).toMatchObject({ summary: 'Missing API key' });
    expect(attributeOf(diagnostics(response)[0])).toEqual(['api_key']);
  });

  it('reports lifecycle calls before a successful configure as diagnostics, not crashes', async () => {
    const response = await plugin.provider['ReadResource']!({
      type_name: 'mcpgateway_server',
      current_state: dynamic(serverConfig({ id: 'server_1', name: 'x', url: 'http://x' }), serverType),
    });
    expect(diagnostics(response)[0]?.summary).toBe('Provider not configured');
  });

  it('validates resource config against the spec, with attribute paths', async () => {
    const response = await plugin.provider['ValidateResourceConfig']!({
      type_name: 'mcpgateway_server',
      config: dynamic(
        serverConfig({ name: 'Bad Name', url: 'http://127.0.0.1/mcp', timeout_ms: 5, transport: 'ftp' }),
        serverType,
      ),
    });
    const paths = diagnostics(response).map((d) => attributeOf(d)[0]);
    expect(paths).toEqual(expect.arrayContaining(['name', 'timeout_ms', 'transport']));
    const ok = await plugin.provider['ValidateResourceConfig']!({
      type_name: 'mcpgateway_server',
      config: dynamic(
        serverConfig({ name: 'ok', url: 'http://127.0.0.1/mcp', timeout_ms: unknown }),
        serverType,
      ),
    });
    expect(diagnostics(ok)).toEqual([]);
  });

  it('validates an api key secret without echoing it', async () => {
    const keyType = local.resources.get('mcpgateway_api_key')!.type;
    const keyNames = resourceModel.resources.find((r) => r.type === 'api_key')!.attributes.map((a) => a.name);
    const keyConfig = (secret: string) => ({
      ...Object.fromEntries(keyNames.map((n) => [n, null])),
      name: 'k',
      user: 'u',
      secret,
    });
    const capable = { write_only_attributes_allowed: true };
    const short = await plugin.provider['ValidateResourceConfig']!({
      type_name: 'mcpgateway_api_key',
      config: dynamic(keyConfig('short secret!'), keyType),
      client_capabilities: capable,
    });
    const found = diagnostics(short);
    expect(found.map((d) => attributeOf(d)[0])).toEqual(['secret', 'secret']);
    expect(JSON.stringify(found)).not.toContain('short secret!');
    const ok = await plugin.provider['ValidateResourceConfig']!({
      type_name: 'mcpgateway_api_key',
      config: dynamic(keyConfig('s'.repeat(32)), keyType),
      client_capabilities: capable,
    });
    expect(diagnostics(ok)).toEqual([]);
    // a Terraform before 1.11 (no write-only attributes) would keep the secret in its state: refused
    const older = diagnostics(
      await plugin.provider['ValidateResourceConfig']!({
        type_name: 'mcpgateway_api_key',
        config: dynamic(keyConfig('s'.repeat(32)), keyType),
      }),
    );
    expect(older.map((d) => [d.summary, attributeOf(d)[0]])).toEqual([
      ['Write-only attribute needs Terraform 1.11 or later', 'secret'],
    ]);
    expect(JSON.stringify(older)).not.toContain('s'.repeat(32));
  });

  it('configures against the gateway', async () => {
    const response = await plugin.provider['ConfigureProvider']!({
      terraform_version: '1.11.4',
      config: dynamic({ endpoint: gateway.url, api_key: gateway.adminKey }, configType as never),
    });
    expect(diagnostics(response)).toEqual([]);
  });
});

describe('resource lifecycle over gRPC', () => {
  const config = serverConfig({
    name: 'everything',
    url: 'http://127.0.0.1:3001/mcp',
    headers: { 'X-Token': 'secret-token' },
    labels: { env: 'dev' },
  });
  let state: ObjectValue;
  let privateBytes: Buffer;

  it('plans a create: computed unknown, defaults planned, write-only null', async () => {
    const response = await plugin.provider['PlanResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(null, serverType),
      proposed_new_state: dynamic(config, serverType),
      config: dynamic(config, serverType),
    });
    expect(diagnostics(response)).toEqual([]);
    const planned = decode(response['planned_state'])!;
    expect(isUnknown(planned['id'])).toBe(true);
    expect(planned['workspace']).toBe('default');
    expect(planned['headers']).toBeNull();
  });

  it('applies a create, sending write-only values from config but never storing them', async () => {
    const planned = decode(
      (
        await plugin.provider['PlanResourceChange']!({
          type_name: 'mcpgateway_server',
          prior_state: dynamic(null, serverType),
          proposed_new_state: dynamic(config, serverType),
          config: dynamic(config, serverType),
        })
      )['planned_state'],
    )!;
    const response = await plugin.provider['ApplyResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(null, serverType),
      planned_state: dynamic(planned, serverType),
      config: dynamic(config, serverType),
    });
    expect(diagnostics(response)).toEqual([]);
    state = decode(response['new_state'])!;
    privateBytes = response['private'] as Buffer;
    expect(state['id']).toMatch(/^server_/);
    expect(state['headers']).toBeNull();
    expect(JSON.parse(privateBytes.toString())).toEqual({ etag: '"1"' });
    const stored = gateway.objects('servers')[0]!;
    expect(stored['headers']).toEqual({ 'X-Token': 'secret-token' });
    // the provider names its version and the Terraform that runs it
    expect(gateway.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/servers',
      userAgent: `terraform-provider-mcpgateway/${PROVIDER_VERSION} terraform/1.11.4`,
    });
  });

  it('reads it back unchanged, and a plan against it is a no-op', async () => {
    const read = await plugin.provider['ReadResource']!({
      type_name: 'mcpgateway_server',
      current_state: dynamic(state, serverType),
      private: privateBytes,
    });
    expect(decode(read['new_state'])).toEqual(state);
    const plan = await plugin.provider['PlanResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(state, serverType),
      proposed_new_state: dynamic(state, serverType),
      config: dynamic(config, serverType),
      prior_private: privateBytes,
    });
    expect(decode(plan['planned_state'])).toEqual(state);
    expect(plan['requires_replace']).toEqual([]);
  });

  it('plans RequiresReplace for an immutable change', async () => {
    const renamed = { ...state, name: 'renamed' };
    const plan = await plugin.provider['PlanResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(state, serverType),
      proposed_new_state: dynamic(renamed, serverType),
      config: dynamic({ ...config, name: 'renamed' }, serverType),
    });
    expect(plan['requires_replace']).toEqual([{ steps: [{ attribute_name: 'name' }] }]);
  });

  it('updates in place with If-Match, and a concurrent change becomes a 412 error', async () => {
    const changedConfig = { ...config, description: 'updated' };
    const plan = await plugin.provider['PlanResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(state, serverType),
      proposed_new_state: dynamic({ ...state, description: 'updated' }, serverType),
      config: dynamic(changedConfig, serverType),
      prior_private: privateBytes,
    });
    const planned = decode(plan['planned_state'])!;
    expect(isUnknown(planned['version'])).toBe(true);

    gateway.mutate('servers', String(state['id']), { description: 'changed by someone else' });
    const conflict = await plugin.provider['ApplyResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(state, serverType),
      planned_state: dynamic(planned, serverType),
      config: dynamic(changedConfig, serverType),
      planned_private: plan['planned_private'],
    });
    expect(diagnostics(conflict)[0]?.summary).toMatch(/412/);
    expect(gateway.objects('servers')[0]!['description']).toBe('changed by someone else');

    const read = await plugin.provider['ReadResource']!({
      type_name: 'mcpgateway_server',
      current_state: dynamic(state, serverType),
      private: privateBytes,
    });
    state = decode(read['new_state'])!;
    privateBytes = read['private'] as Buffer;
    expect(state['description']).toBe('changed by someone else');
    const replan = await plugin.provider['PlanResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(state, serverType),
      proposed_new_state: dynamic({ ...state, description: 'updated' }, serverType),
      config: dynamic(changedConfig, serverType),
      prior_private: privateBytes,
    });
    const applied = await plugin.provider['ApplyResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(state, serverType),
      planned_state: replan['planned_state'] as never,
      config: dynamic(changedConfig, serverType),
      planned_private: replan['planned_private'],
    });
    expect(diagnostics(applied)).toEqual([]);
    state = decode(applied['new_state'])!;
    privateBytes = applied['private'] as Buffer;
    expect(state['description']).toBe('updated');
    expect(state['version']).toBe(3);
    // a change of a description alone: a merge patch of it
    const patches = gateway.requests.filter((r) => r.method === 'PATCH');
    expect(patches.at(-1)?.ifMatch).toBe('"2"');
  });

  it('imports by id and by name', async () => {
    for (const id of [String(state['id']), 'name=everything']) {
      const response = await plugin.provider['ImportResourceState']!({ type_name: 'mcpgateway_server', id });
      expect(diagnostics(response)).toEqual([]);
      const imported = (response['imported_resources'] as { state: unknown; private: Buffer }[])[0]!;
      expect(decode(imported.state)!['id']).toBe(state['id']);
      // Marked until its first apply, so a write-only attribute's first _version is no replacement.
      expect(JSON.parse(Buffer.from(imported.private).toString())).toEqual({ imported: true });
    }
    const missing = await plugin.provider['ImportResourceState']!({
      type_name: 'mcpgateway_server',
      id: 'name=nope',
    });
    expect(diagnostics(missing)[0]?.summary).toMatch(/No mcpgateway_server found/);
  });

  it('reads the data source by name and by id, and reports a missing one', async () => {
    const config = Object.fromEntries(serverData.attributes.map((a) => [a.name, null])) as ObjectValue;
    const byName = await plugin.provider['ReadDataSource']!({
      type_name: 'mcpgateway_server',
      config: dynamic({ ...config, name: 'everything' }, serverData.type),
    });
    expect(decode(byName['state'], serverData.type)).toMatchObject({
      id: state['id'],
      url: 'http://127.0.0.1:3001/mcp',
    });
    const byId = await plugin.provider['ReadDataSource']!({
      type_name: 'mcpgateway_server',
      config: dynamic({ ...config, id: state['id'] as Value }, serverData.type),
    });
    expect(decode(byId['state'], serverData.type)).toMatchObject({ name: 'everything' });
    const missing = await plugin.provider['ReadDataSource']!({
      type_name: 'mcpgateway_server',
      config: dynamic({ ...config, name: 'nope' }, serverData.type),
    });
    expect(diagnostics(missing)[0]?.summary).toMatch(/No mcpgateway_server found/);
    const invalid = await plugin.provider['ValidateDataResourceConfig']!({
      type_name: 'mcpgateway_server',
      config: dynamic(config, serverData.type),
    });
    expect(diagnostics(invalid)[0]?.summary).toMatch(/Missing lookup/);
  });

  it('upgrades stored JSON state, dropping attributes the schema no longer has', async () => {
    const raw = Buffer.from(JSON.stringify({ ...state, retired_attribute: 'x' }));
    const response = await plugin.provider['UpgradeResourceState']!({
      type_name: 'mcpgateway_server',
      version: 0,
      raw_state: { json: raw },
    });
    expect(diagnostics(response)).toEqual([]);
    expect(decode(response['upgraded_state'])).toEqual(state);
  });

  it('maps API validation problems to attribute paths', async () => {
    const bad = serverConfig({ name: 'INVALID', url: 'http://x/mcp', workspace: 'default' });
    const response = await plugin.provider['ApplyResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(null, serverType),
      planned_state: dynamic(bad, serverType),
      config: dynamic(bad, serverType),
    });
    const diagnostic = diagnostics(response)[0];
    expect(diagnostic?.summary).toMatch(/HTTP 400, validation_failed/);
    expect(attributeOf(diagnostic)).toEqual(['name']);
  });

  it('suggests importing when a create conflicts with an existing object', async () => {
    const duplicate = serverConfig({ name: 'everything', url: 'http://x/mcp', workspace: 'default' });
    const response = await plugin.provider['ApplyResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(null, serverType),
      planned_state: dynamic(duplicate, serverType),
      config: dynamic(duplicate, serverType),
    });
    const diagnostic = diagnostics(response)[0];
    expect(diagnostic?.summary).toMatch(/HTTP 409, already_exists/);
    expect(diagnostic?.detail).toContain('terraform import <address> name=everything');
    // another conflict (a resource it names being deleted) has no object to import
    const racing = serverConfig({ name: 'races-a-delete', url: 'http://x/mcp', workspace: 'default' });
    const raced = await plugin.provider['ApplyResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(null, serverType),
      planned_state: dynamic(racing, serverType),
      config: dynamic(racing, serverType),
    });
    expect(diagnostics(raced)[0]?.summary).toMatch(/HTTP 409, conflict/);
    expect(diagnostics(raced)[0]?.detail).not.toContain('terraform import');
  });

  it('returns null state when the object is gone (drift), and deletes idempotently', async () => {
    gateway.remove('servers', String(state['id']));
    const read = await plugin.provider['ReadResource']!({
      type_name: 'mcpgateway_server',
      current_state: dynamic(state, serverType),
      private: privateBytes,
    });
    expect(decode(read['new_state'])).toBeNull();
    const destroyed = await plugin.provider['ApplyResourceChange']!({
      type_name: 'mcpgateway_server',
      prior_state: dynamic(state, serverType),
      planned_state: dynamic(null, serverType),
      config: dynamic(null, serverType),
    });
    expect(diagnostics(destroyed)).toEqual([]);
    expect(decode(destroyed['new_state'])).toBeNull();
  });
});

describe('gateway down', () => {
  it('reports an unreachable gateway as a diagnostic naming the endpoint', async () => {
    const down = await launchProvider(executable, {
      env: { MCPGATEWAY_ENDPOINT: 'http://127.0.0.1:9', MCPGATEWAY_API_KEY: 'k' },
    });
    try {
      const configured = await down.provider['ConfigureProvider']!({
        terraform_version: '1.11.4',
        config: dynamic({ endpoint: null, api_key: null }, configType as never),
      });
      expect(diagnostics(configured)).toEqual([]);
      const config = serverConfig({ name: 'x', url: 'http://x/mcp', workspace: 'default' });
      const response = await down.provider['ApplyResourceChange']!({
        type_name: 'mcpgateway_server',
        prior_state: dynamic(null, serverType),
        planned_state: dynamic(config, serverType),
        config: dynamic(config, serverType),
      });
      const diagnostic = diagnostics(response)[0];
      expect(diagnostic?.summary).toMatch(/gateway unreachable/);
      expect(diagnostic?.detail).toContain('http://127.0.0.1:9');
    } finally {
      down.close();
    }
  });
});

describe('wrong admin key', () => {
  it('reports 401 from the API as a diagnostic pointing at the provider api_key', async () => {
    const wrong = await launchProvider(executable, {
      env: { MCPGATEWAY_ENDPOINT: gateway.url, MCPGATEWAY_API_KEY: 'not-the-admin-key' },
    });
    try {
      await wrong.provider['ConfigureProvider']!({
        terraform_version: '1.11.4',
        config: dynamic({ endpoint: null, api_key: null }, configType as never),
      });
      const config = Object.fromEntries(serverData.attributes.map((a) => [a.name, null])) as ObjectValue;
      const response = await wrong.provider['ReadDataSource']!({
        type_name: 'mcpgateway_server',
        config: dynamic({ ...config, name: 'anything' }, serverData.type),
      });
      const diagnostic = diagnostics(response)[0];
      expect(diagnostic?.summary).toMatch(/HTTP 401, unauthorized/);
      expect(diagnostic?.detail).toMatch(/api_key \(or MCPGATEWAY_API_KEY\)/);
    } finally {
      wrong.close();
    }
  });
});

describe('shutdown', () => {
  it('StopProvider answers, and GRPCController.Shutdown makes the process exit cleanly', async () => {
    expect(await plugin.provider['StopProvider']!({})).toEqual({ Error: '' });
    await plugin.controller['Shutdown']!({});
    const code = await Promise.race([
      plugin.exited,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000)),
    ]);
    expect(code).toBe(0);
    expect(
      plugin
        .stdout()
        .split('\n')
        .filter((l) => l !== ''),
    ).toHaveLength(1);
  });
});
