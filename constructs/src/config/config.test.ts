/**
 * Config as code from the resource model: the generated bindings are current, the CDKTF bindings
 * synthesize, and — for real, against a local gateway — the Pulumi dynamic provider's CRUD, and the CDKTF
 * example's config stack applied by the real terraform through our provider, then planned again (no-op).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { App, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStack } from '../../../examples/cdktf/config-stack.js';
import { mirrorConfig, terraformForTests, terraformWorkspace } from '../../../test/provider/terraform-cli.js';
import { admin } from '../../../test/support/gateway-api.js';
import { GatewayProcess, stopAll } from '../../../test/support/processes.js';
import { repoRoot } from '../bundling/bundle.js';
import {
  DataMcpgatewayServer,
  DataMcpgatewayServerTools,
  McpgatewayProvider,
  McpgatewayServer,
  McpgatewayWorkspace,
} from '../cdktf/generated/mcpgateway.js';
import { generatedFiles } from '../codegen/files.js';
import { findModelResource, resourceModel } from './model.js';
import { modelProvider, type Props } from './pulumi-provider.js';

type Block = Record<string, Record<string, Record<string, unknown>>>;

describe('generated bindings', () => {
  it('match the resource model (run npm run generate:constructs after changing the API)', () => {
    for (const file of generatedFiles()) {
      expect(readFileSync(join(repoRoot, file.path), 'utf8'), file.path).toBe(file.content);
    }
  });

  it('cover every resource of the model', async () => {
    const cdktf = await import('../cdktf/generated/mcpgateway.js');
    const pulumiResources = await import('../pulumi/generated/mcpgateway.js');
    for (const resource of resourceModel.resources) {
      const cdktfClass = Object.values(cdktf).find(
        (value) => (value as { tfResourceType?: string }).tfResourceType === resource.terraformType,
      );
      expect(cdktfClass, resource.terraformType).toBeDefined();
      const pulumiName = resource.type.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      expect(pulumiResources[pulumiName as keyof typeof pulumiResources], pulumiName).toBeDefined();
    }
    // and every view, as a data source
    for (const view of resourceModel.views)
      expect(
        Object.values(cdktf).some(
          (value) => (value as { tfResourceType?: string }).tfResourceType === view.terraformType,
        ),
        view.terraformType,
      ).toBe(true);
  });

  it('synthesize several aliased configurations of the provider, each resource with its own', () => {
    const stack = JSON.parse(
      Testing.synthScope((scope) => {
        const prod = new McpgatewayProvider(scope, 'prod', { endpoint: 'https://gw.example', alias: 'prod' });
        const staging = new McpgatewayProvider(scope, 'staging', {
          endpoint: 'https://staging.gw.example',
          alias: 'staging',
        });
        new McpgatewayWorkspace(scope, 'team-prod', { name: 'team', provider: prod });
        new McpgatewayWorkspace(scope, 'team-staging', { name: 'team', provider: staging });
      }),
    ) as { resource: Block; provider: Record<string, unknown[]> };
    expect(stack.provider.mcpgateway).toEqual([
      { endpoint: 'https://gw.example', alias: 'prod' },
      { endpoint: 'https://staging.gw.example', alias: 'staging' },
    ]);
    expect(Object.values(stack.resource.mcpgateway_workspace!).map((w) => w['provider'])).toEqual([
      'mcpgateway.prod',
      'mcpgateway.staging',
    ]);
  });

  it('synthesize the provider and resources with Terraform attribute names', () => {
    const stack = JSON.parse(
      Testing.synthScope((scope) => {
        new McpgatewayProvider(scope, 'mcpgateway', { endpoint: 'http://127.0.0.1:8787' });
        const team = new McpgatewayWorkspace(scope, 'team', { name: 'team' });
        new McpgatewayServer(scope, 'server', {
          name: 'everything',
          url: 'http://127.0.0.1:3001/mcp',
          workspace: team.name,
          timeoutMs: 5000,
          headers: { 'X-Token': 'secret' },
          headersVersion: '1',
          tools: { allow: ['echo', 'get-*'], readOnly: true },
          trustAnnotations: true,
        });
        new DataMcpgatewayServer(scope, 'lookup', { name: 'everything' });
        new DataMcpgatewayServerTools(scope, 'tools', { serverId: 'srv_1' });
      }),
    ) as { resource: Block; data: Block; provider: Record<string, unknown[]> };
    expect(stack.provider.mcpgateway).toEqual([{ endpoint: 'http://127.0.0.1:8787' }]);
    const server = Object.values(stack.resource.mcpgateway_server!)[0]!;
    expect(server).toMatchObject({
      name: 'everything',
      timeout_ms: 5000,
      headers: { 'X-Token': 'secret' },
      headers_version: '1',
      tools: { allow: ['echo', 'get-*'], read_only: true },
      trust_annotations: true,
    });
    expect(server.workspace).toMatch(/^\$\{mcpgateway_workspace\..+\.name\}$/);
    expect(Object.values(stack.data.mcpgateway_server!)[0]).toMatchObject({ name: 'everything' });
    expect(Object.values(stack.data.mcpgateway_server_tools!)[0]).toMatchObject({ server_id: 'srv_1' });
  });
});

const ADMIN_KEY = 'constructs-config-admin-key-0123456789';

/** What the data plane answers an MCP initialize with this bearer token (404 = authenticated, no such server). */
async function mcpStatus(endpoint: string, token: string): Promise<number> {
  const response = await fetch(`${endpoint}/mcp/no-such-server`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
    }),
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return response.status;
}
const terraform = terraformForTests('the CDKTF config stack test');

describe('against a local gateway', () => {
  let gateway: GatewayProcess;

  beforeAll(async () => {
    gateway = await GatewayProcess.start({ adminKey: ADMIN_KEY, memory: true });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await stopAll();
  });

  it('the Pulumi dynamic provider creates, reads, diffs, updates, imports and deletes', async () => {
    const api = admin(() => gateway.url, ADMIN_KEY);
    const connection = { endpoint: gateway.url, apiKey: ADMIN_KEY };
    const workspaces = modelProvider(findModelResource('workspace'));
    const servers = modelProvider(findModelResource('server'));
    const keys = modelProvider(findModelResource('api_key'));

    // an endpoint with /v1 already misses every route: an error, never an object gone from the state
    await expect(
      workspaces.read!('ws_x', { connection: { ...connection, endpoint: `${gateway.url}/v1` } }),
    ).rejects.toThrow(/404: No route for \/v1\/v1\/workspaces\/ws_x/);
    await expect(
      workspaces.delete!('ws_x', { connection: { ...connection, endpoint: `${gateway.url}/v1` } }),
    ).rejects.toThrow(/No route/);
    const checked = await servers.check!({}, { connection, url: 'http://127.0.0.1:9/mcp' });
    expect(checked.failures?.map((f) => f.property)).toEqual(['name']);
    // the spec's constraints, found at preview (nested ones by their path), not as a 400 during `up`
    const invalid = await servers.check!(
      {},
      {
        connection,
        name: 'Not A Name',
        url: 'http://127.0.0.1:9/mcp',
        timeoutMs: 1.5,
        transport: 'carrier-pigeon',
        retry: { attempts: 99 },
        targets: [],
        tools: { allow: ['echo', ''] },
        fallbacks: ['backup', 'backup'],
      },
    );
    const reasons = invalid.failures?.map((f) => f.reason);
    expect(reasons).toHaveLength(9);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name must match .* \(mcpgateway_server\)\.$/),
        expect.stringMatching(/^transport must be one of "streamable-http", /),
        'timeoutMs must be a whole number (mcpgateway_server).',
        'timeoutMs must be at least 100 (mcpgateway_server).',
        'tools.allow[1] must be at least 1 characters long (mcpgateway_server).',
        expect.stringMatching(/^tools\.allow\[1\] must match /),
        'targets must have at least 1 entries (mcpgateway_server).',
        'retry.attempts must be at most 5 (mcpgateway_server).',
        'fallbacks must not repeat an entry (mcpgateway_server).',
      ]),
    );
    // what preview does not know yet passes
    const pending = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
    expect((await servers.check!({}, { connection, name: pending, url: pending })).failures).toEqual([]);

    const team = await workspaces.create({ connection, name: 'pulumi-team', description: 'first' });
    expect(team.outs).toMatchObject({ name: 'pulumi-team', description: 'first', version: 1 });
    const server = await servers.create({
      connection,
      name: 'pulumi-srv',
      url: 'http://127.0.0.1:3001/mcp',
      workspace: 'pulumi-team',
      headers: { 'X-Token': 'secret' },
      tools: { allow: ['echo', 'get-*'] },
    });
    expect(server.outs).toMatchObject({
      name: 'pulumi-srv',
      workspace: 'pulumi-team',
      timeoutMs: 60000,
      tools: { allow: ['echo', 'get-*'], readOnly: false },
      trustAnnotations: false,
    });
    expect(server.outs.headers).toEqual({ 'X-Token': 'secret' });
    // An API key needs its secret (write-only, x-mcpgateway-iac: required); no generated key comes back.
    const keySecret = 'pulumi-key-secret-0123456789abcdefghijklm';
    const missingSecret = await keys.check!({}, { connection, name: 'pulumi-key', user: 'alice' });
    expect(missingSecret.failures?.map((f) => f.property)).toEqual(['secret']);
    const key = await keys.create({ connection, name: 'pulumi-key', user: 'alice', secret: keySecret });
    expect(key.outs).not.toHaveProperty('key');
    expect(key.outs).toMatchObject({ secret: keySecret, prefix: keySecret.slice(0, 4) });
    expect(await mcpStatus(gateway.url, keySecret)).toBe(404);
    // A new secret replaces the key; after an import (secret unknown to the state) it is checked in place.
    const keyOlds = key.outs as Props;
    expect(
      await keys.diff!(key.id, keyOlds, { ...keyOlds, secret: 'another-secret-0123456789abcdefghijkl' }),
    ).toMatchObject({ changes: true, replaces: ['secret'], deleteBeforeReplace: true });
    const { secret: _unknown, ...imported } = keyOlds;
    expect(await keys.diff!(key.id, imported, { ...imported, secret: keySecret })).toMatchObject({
      changes: true,
      replaces: [],
    });
    const verified = await keys.update!(key.id, imported, { ...imported, secret: keySecret, enabled: false });
    expect(verified.outs).toMatchObject({ enabled: false, version: 2 });
    await expect(
      keys.update!(key.id, verified.outs as Props, {
        ...(verified.outs as Props),
        secret: 'not-the-secret-0123456789abcdefghijklmn',
      }),
    ).rejects.toThrow(/\/secret is immutable/);

    // diff: in place vs. replacement, API defaults left unset are no change
    const olds = server.outs as Props;
    expect(await servers.diff!(server.id, olds, { ...olds, timeoutMs: undefined })).toMatchObject({
      changes: false,
    });
    // ... also inside objects: the program's `tools` never had the readOnly the API answers
    expect(
      await servers.diff!(server.id, olds, { ...olds, tools: { allow: ['echo', 'get-*'] } }),
    ).toMatchObject({ changes: false });
    expect(await servers.diff!(server.id, olds, { ...olds, tools: { allow: ['echo'] } })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await servers.diff!(server.id, olds, { ...olds, description: 'new' })).toMatchObject({
      changes: true,
      replaces: [],
    });
    // renamed: the new one is made first (what refers to the old one moves to it before it goes); a
    // secret kept (unique, as an api key's) or a name kept mean the old one must go first
    expect(await servers.diff!(server.id, olds, { ...olds, name: 'renamed' })).toMatchObject({
      changes: true,
      replaces: ['name'],
      deleteBeforeReplace: false,
    });
    expect(await servers.diff!(server.id, olds, { ...olds, workspace: 'default' })).toMatchObject({
      replaces: ['workspace'],
      deleteBeforeReplace: true,
    });

    // an OAuth client moving between a credential with a secret and one without is a new client
    const clients = modelProvider(findModelResource('oauth_client'));
    const client = { name: 'ci', connection } as Props;
    expect(
      await clients.diff!('cli_1', client, { ...client, tokenEndpointAuthMethod: 'client_secret_post' }),
    ).toMatchObject({ changes: true, replaces: [] });
    expect(
      await clients.diff!('cli_1', client, { ...client, tokenEndpointAuthMethod: 'private_key_jwt' }),
    ).toMatchObject({ changes: true, replaces: ['tokenEndpointAuthMethod'] });

    // a new connection (a rotated admin key) is a change that only the state takes: no API call
    const rotated = { ...olds, connection: { ...connection, apiKey: `${ADMIN_KEY}-next` } };
    expect(await servers.diff!(server.id, olds, rotated)).toMatchObject({ changes: true, replaces: [] });
    const moved = await servers.update!(server.id, olds, rotated);
    expect(moved.outs).toMatchObject({ connection: rotated.connection, version: olds.version });

    // update with If-Match
    const updated = await servers.update!(server.id, olds, {
      ...olds,
      description: 'updated',
      timeoutMs: 5000,
    });
    expect(updated.outs).toMatchObject({ description: 'updated', timeoutMs: 5000, version: 2 });
    const stored = await api.request('GET', `/v1/servers/${server.id}`);
    expect(stored.body).toMatchObject({ description: 'updated', timeoutMs: 5000 });
    // set away from the API's default, then removed: it goes back to the default, a change
    const { timeoutMs: _set, ...unset } = updated.outs as Props;
    expect(await servers.diff!(server.id, updated.outs as Props, unset)).toMatchObject({
      changes: true,
      replaces: [],
    });
    // a value not known yet (another resource's output, in a preview) is a change, whatever its kind
    const unknown = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
    expect(await servers.diff!(server.id, olds, { ...olds, openapi: { document: unknown } })).toMatchObject({
      changes: true,
    });
    // sets are the same in any order
    const teams = modelProvider(findModelResource('team'));
    const crew = { connection, name: 'crew', members: ['ada', 'bob'] } as Props;
    expect(await teams.diff!('team_1', crew, { ...crew, members: ['bob', 'ada'] })).toMatchObject({
      changes: false,
    });
    expect(await teams.diff!('team_1', crew, { ...crew, members: ['bob', 'bob'] })).toMatchObject({
      changes: true,
    });

    // drift: a change made outside shows up on read; write-only and create-only values survive
    const changed = await api.request('PUT', `/v1/servers/${server.id}`, {
      name: 'pulumi-srv',
      url: 'http://127.0.0.1:3002/mcp',
      workspace: 'pulumi-team',
    });
    expect(changed.status).toBe(200);
    const read = await servers.read!(server.id, updated.outs as Props);
    expect(read.props).toMatchObject({ url: 'http://127.0.0.1:3002/mcp', version: 3 });
    expect(read.props?.headers).toEqual({ 'X-Token': 'secret' });
    const keyRead = await keys.read!(key.id, verified.outs as Props);
    expect(keyRead.props?.secret).toBe(keySecret);

    // import by id or by name, with the connection from the environment
    process.env.MCPGATEWAY_ENDPOINT = gateway.url;
    process.env.MCPGATEWAY_API_KEY = ADMIN_KEY;
    try {
      expect((await servers.read!('name=pulumi-srv')).id).toBe(server.id);
      expect((await workspaces.read!(team.id)).props).toMatchObject({
        name: 'pulumi-team',
        description: 'first',
      });
    } finally {
      delete process.env.MCPGATEWAY_ENDPOINT;
      delete process.env.MCPGATEWAY_API_KEY;
    }

    // a stale version is refused (optimistic concurrency)
    await expect(
      servers.update!(server.id, updated.outs as Props, { ...(updated.outs as Props), description: 'stale' }),
    ).rejects.toThrow(/412: .* changed outside Pulumi .* run `pulumi refresh`, then `pulumi up`\.$/);

    // what the gateway itself keeps up to date (a registry's last sync) is no conflict: the update and the
    // delete go on against the version the sync left
    const registries = modelProvider(findModelResource('registry'));
    const registry = await registries.create({ connection, name: 'pulumi-reg', url: 'http://127.0.0.1:9/r' });
    // (nothing answers at its address: the sync fails, and is recorded on the registry all the same)
    expect((await api.request('POST', `/v1/registries/${registry.id}/sync`)).status).toBe(502);
    const afterSync = (await api.request('GET', `/v1/registries/${registry.id}`)).body as { version: number };
    expect(afterSync.version).toBeGreaterThan(registry.outs.version as number);
    const described = await registries.update!(registry.id, registry.outs as Props, {
      ...(registry.outs as Props),
      description: 'through a sync',
    });
    expect(described.outs).toMatchObject({ description: 'through a sync', version: afterSync.version + 1 });
    await api.request('POST', `/v1/registries/${registry.id}/sync`);
    await registries.delete!(registry.id, described.outs as Props);
    expect((await api.request('GET', `/v1/registries/${registry.id}`)).status).toBe(404);

    // a key rotated through the API still takes updates of everything else
    const rotating = await keys.create({
      connection,
      name: 'pulumi-rotating',
      user: 'bob',
      secret: 'pulumi-rotating-secret-0123456789abcdefg',
    });
    const rotation = await api.request('POST', `/v1/api-keys/${rotating.id}/rotate`, {});
    expect(rotation.status).toBe(200);
    const current = (await keys.read!(rotating.id, rotating.outs as Props)).props as Props;
    const disabled = await keys.update!(rotating.id, current, { ...current, enabled: false });
    expect(disabled.outs).toMatchObject({ enabled: false });
    await keys.delete!(rotating.id, disabled.outs as Props);

    // a 404 that is not the gateway's (a page in front of the wrong URL) says nothing of the object
    const foreign = createServer((_request, response) => {
      response.statusCode = 404;
      response.end('<html>Not Found</html>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const elsewhere = {
      ...connection,
      endpoint: `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`,
    };
    try {
      await expect(servers.read!(server.id, { ...olds, connection: elsewhere })).rejects.toThrow(/404/);
      await expect(servers.delete!(server.id, { ...olds, connection: elsewhere })).rejects.toThrow(/404/);
    } finally {
      foreign.close();
    }

    // delete; reading a deleted object reports it gone
    await servers.delete!(server.id, read.props as Props);
    await keys.delete!(key.id, keyRead.props as Props);
    await workspaces.delete!(team.id, team.outs as Props);
    expect(await servers.read!(server.id, read.props as Props)).toEqual({});
    expect((await api.request('GET', `/v1/workspaces/${team.id}`)).status).toBe(404);
  });

  it('the Pulumi dynamic provider sends nested values as the API names them and diffs them by content', async () => {
    const connection = { endpoint: gateway.url, apiKey: ADMIN_KEY };
    const providers = modelProvider(findModelResource('identity_provider'));
    const servers = modelProvider(findModelResource('server'));
    // a secret inside a block, with its config-side `_version`: only the secret reaches the API
    const login = { clientId: 'gateway', clientSecret: 'idp-client-secret', clientSecretVersion: '1' };
    const idp = await providers.create({
      connection,
      name: 'pulumi-idp',
      issuer: 'https://idp.pulumi.test',
      jwksUri: 'https://idp.pulumi.test/jwks',
      login,
    });
    expect(idp.outs.login).toMatchObject(login);
    const idpOlds = idp.outs as Props;
    expect(await providers.diff!(idp.id, idpOlds, { ...idpOlds, login: { ...login } })).toMatchObject({
      changes: false,
    });
    expect(
      await providers.diff!(idp.id, idpOlds, { ...idpOlds, login: { ...login, clientSecretVersion: '2' } }),
    ).toMatchObject({ changes: true });
    // JSON as text (the Terraform way) or as the value; targets the API completes with defaults
    const document = { openapi: '3.0.0', info: { title: 'notes', version: '1' }, paths: {} };
    const spec = await servers.create({
      connection,
      name: 'pulumi-openapi',
      transport: 'openapi',
      openapi: { document: JSON.stringify(document), baseUrl: 'http://127.0.0.1:9' },
    });
    expect(spec.outs.openapi).toMatchObject({ document: JSON.stringify(document) });
    const specOlds = spec.outs as Props;
    const reordered = { paths: {}, info: { version: '1', title: 'notes' }, openapi: '3.0.0' };
    for (const given of [JSON.stringify(reordered, null, 2), reordered])
      expect(
        await servers.diff!(spec.id, specOlds, {
          ...specOlds,
          openapi: { document: given, baseUrl: 'http://127.0.0.1:9' },
        }),
      ).toMatchObject({ changes: false });
    const asValue = await servers.create({
      connection,
      name: 'pulumi-openapi-value',
      transport: 'openapi',
      openapi: { document, baseUrl: 'http://127.0.0.1:9' },
    });
    expect(asValue.outs.openapi).toMatchObject({ document });
    const balanced = await servers.create({
      connection,
      name: 'pulumi-targets',
      targets: [{ url: 'http://127.0.0.1:9/mcp' }, { url: 'http://127.0.0.1:10/mcp' }],
    });
    const balancedOlds = balanced.outs as Props;
    expect(
      await servers.diff!(balanced.id, balancedOlds, {
        ...balancedOlds,
        targets: [{ url: 'http://127.0.0.1:9/mcp' }, { url: 'http://127.0.0.1:10/mcp' }],
      }),
    ).toMatchObject({ changes: false });
    expect(
      await servers.diff!(balanced.id, balancedOlds, {
        ...balancedOlds,
        targets: [{ url: 'http://127.0.0.1:9/mcp', weight: 5 }, { url: 'http://127.0.0.1:10/mcp' }],
      }),
    ).toMatchObject({ changes: true });
    for (const created of [spec, asValue, balanced]) await servers.delete!(created.id, created.outs as Props);
    await providers.delete!(idp.id, idpOlds);
  });

  it('the Pulumi dynamic provider tries a request again only where that cannot do it twice', async () => {
    // a stage in front of the gateway that answers the next statuses itself (a cold start, a throttle)
    const failing: number[] = [];
    const seen: string[] = [];
    let retryAfter: string | undefined;
    const front = createServer((request, response) => {
      seen.push(request.method!);
      const status = failing.shift();
      if (status !== undefined) {
        response.statusCode = status;
        if (retryAfter !== undefined) response.setHeader('retry-after', retryAfter);
        response.end('{"title":"Service Unavailable"}');
        return;
      }
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const answer = await fetch(`${gateway.url}${request.url}`, {
          method: request.method!,
          headers: request.headers as Record<string, string>,
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        response.statusCode = answer.status;
        response.setHeader('content-type', answer.headers.get('content-type') ?? 'application/json');
        response.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const connection = {
      endpoint: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
      apiKey: ADMIN_KEY,
    };
    const workspaces = modelProvider(findModelResource('workspace'));
    try {
      // a throttled create was not processed: made once, on the second try
      failing.push(429);
      const created = await workspaces.create({ connection, name: 'flaky-team' });
      expect(seen).toEqual(['POST', 'POST']);
      // a throttle that asks for a second: waited for, and on through five of them
      seen.length = 0;
      retryAfter = '1';
      failing.push(429);
      const asked = Date.now();
      await workspaces.read!(created.id, created.outs);
      expect(Date.now() - asked).toBeGreaterThanOrEqual(900);
      retryAfter = '0';
      failing.push(429, 429, 429, 429, 429);
      await workspaces.read!(created.id, created.outs);
      expect(seen).toEqual(['GET', 'GET', ...Array(6).fill('GET')]);
      retryAfter = undefined;
      // a read, on through gateway errors
      seen.length = 0;
      failing.push(502, 504);
      expect((await workspaces.read!(created.id, created.outs)).props).toMatchObject({ name: 'flaky-team' });
      expect(seen).toEqual(['GET', 'GET', 'GET']);
      // a create answered 503 may have been made: not sent again
      seen.length = 0;
      failing.push(503);
      await expect(workspaces.create({ connection, name: 'flaky-two' })).rejects.toThrow(/503/);
      expect(seen).toEqual(['POST']);
      // a delete, on through a gateway error (one done already would answer 404: gone)
      seen.length = 0;
      failing.push(504);
      await workspaces.delete!(created.id, created.outs);
      expect(seen).toEqual(['DELETE', 'DELETE']);
      expect(
        (await admin(() => gateway.url, ADMIN_KEY).request('GET', `/v1/workspaces/${created.id}`)).status,
      ).toBe(404);
    } finally {
      front.close();
    }
  });

  it('the dynamic provider still works after Pulumi serializes it into the stack', async () => {
    // What pulumi.dynamic.Resource stores: the provider object, serialized with everything it captures.
    const provider = modelProvider(findModelResource('workspace'));
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const module = { exports: {} as Record<string, () => pulumi.dynamic.ResourceProvider> };
    new Function('module', 'exports', 'require', serialized.text)(
      module,
      module.exports,
      createRequire(import.meta.url),
    );
    const revived = module.exports[serialized.exportName]!();
    const connection = { endpoint: gateway.url, apiKey: ADMIN_KEY };
    const created = await revived.create({ connection, name: 'serialized-team' });
    expect(created.outs).toMatchObject({ name: 'serialized-team', version: 1 });
    await revived.delete!(created.id, created.outs);
    expect(await revived.read!(created.id, created.outs)).toEqual({});
  });

  it('the CDKTF example config stack synthesizes as HCL too (cdktf synth --hcl), every attribute set', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdktf-hcl-'));
    // what `cdktf synth --hcl` sets (a stack reads it when it is made)
    process.env['SYNTH_HCL_OUTPUT'] = 'true';
    try {
      const app = new App({ outdir, hclOutput: true });
      new ConfigStack(app, 'config', {
        endpoint: 'http://127.0.0.1:8787',
        upstreamUrl: 'http://127.0.0.1:3001/mcp',
        statePath: 'terraform.tfstate',
      });
      app.synth();
      const hcl = readFileSync(join(outdir, 'stacks', 'config', 'cdk.tf'), 'utf8');
      expect(hcl).toMatch(/provider "mcpgateway" \{\s*endpoint = "http:\/\/127\.0\.0\.1:8787"/);
      expect(hcl).toContain(
        [
          'resource "mcpgateway_server" "everything" {',
          'name = "everything"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform's interpolation, as written
          'workspace = "${mcpgateway_workspace.platform.name}"',
          'url = "http://127.0.0.1:3001/mcp"',
          'description = "Reference MCP server"',
          'timeout_ms = 30000',
          'labels = {',
          'tier = "example"',
          '}',
          '}',
        ].join('\n'),
      );
      expect(hcl).toMatch(/resource "mcpgateway_api_key" "ci" \{[\s\S]*?secret = "\$\{var\.ci_api_key\}"/);
      expect(hcl).toMatch(
        /data "mcpgateway_workspace" "platform-lookup" \{\s*name = "\$\{mcpgateway_workspace\.platform\.name\}"/,
      );
      // well-formed HCL from the provider on (terraform itself formats it); the `terraform` block before
      // is CDKTF's own, which writes a stack override there as no HCL attribute
      if (terraform.available)
        execFileSync('terraform', ['fmt', '-'], {
          input: hcl.slice(hcl.indexOf('provider "mcpgateway"')),
          stdio: ['pipe', 'pipe', 'pipe'],
        });
    } finally {
      delete process.env['SYNTH_HCL_OUTPUT'];
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it.skipIf(!terraform.available)(
    'the CDKTF example config stack applies with the real terraform, then plans no changes',
    async () => {
      const providerBuild = mkdtempSync(join(tmpdir(), 'mcpgw-provider-build-'));
      const outdir = mkdtempSync(join(tmpdir(), 'cdktf-config-'));
      const cleanup: string[] = [providerBuild, outdir];
      try {
        execFileSync(
          process.execPath,
          [join(repoRoot, 'provider', 'scripts', 'build.mjs'), '--out', providerBuild],
          {
            stdio: 'pipe',
          },
        );
        const app = new App({ outdir });
        new ConfigStack(app, 'config', {
          endpoint: gateway.url,
          upstreamUrl: 'http://127.0.0.1:3001/mcp',
          statePath: 'terraform.tfstate',
        });
        app.synth();
        const ciSecret = 'cdktf-ci-agent-secret-0123456789abcdefghij';
        const ws = terraformWorkspace(
          mirrorConfig(join(providerBuild, 'mirror')),
          { MCPGATEWAY_API_KEY: ADMIN_KEY, TF_VAR_ci_api_key: ciSecret },
          join(outdir, 'stacks', 'config'),
        );
        cleanup.push(dirname(ws.dir));
        // write-only attributes fed by an ephemeral variable: Terraform 1.11 or later
        const synthesized = JSON.parse(readFileSync(join(ws.dir, 'cdk.tf.json'), 'utf8'));
        expect(synthesized.terraform.required_version).toBe('>= 1.11');
        await ws.ok('init', '-no-color', '-input=false');
        const applied = await ws.ok('apply', '-auto-approve', '-no-color', '-input=false');
        expect(applied).toMatch(/Apply complete! Resources: 3 added, 0 changed, 0 destroyed/);

        const api = admin(() => gateway.url, ADMIN_KEY);
        const servers = (await api.request('GET', '/v1/servers?name=everything')).body as { items: Props[] };
        expect(servers.items[0]).toMatchObject({
          workspace: 'platform',
          timeoutMs: 30000,
          labels: { tier: 'example' },
        });
        expect(await ws.ok('output', '-raw', 'server_id')).toBe(servers.items[0]?.id);
        const workspaces = (await api.request('GET', '/v1/workspaces?name=platform')).body as {
          items: Props[];
        };
        expect(await ws.ok('output', '-raw', 'platform_workspace_id')).toBe(workspaces.items[0]?.id);
        // the tool catalog view, read through the provider (nothing learned yet from this upstream)
        expect(await ws.ok('output', '-raw', 'everything_tool_count')).toBe('0');

        // The CI agent's key authenticates with the secret from the ephemeral variable, which is in
        // neither the synthesized stack nor the state (nor is any gateway-generated key).
        expect(await mcpStatus(gateway.url, ciSecret)).toBe(404);
        expect(await ws.ok('output', '-raw', 'ci_api_key_prefix')).toBe(ciSecret.slice(0, 4));
        for (const file of ['cdk.tf.json', 'terraform.tfstate']) {
          const text = readFileSync(join(ws.dir, file), 'utf8');
          expect(text, file).not.toContain(ciSecret);
          expect(text, file).not.toContain('mcpgw_');
        }

        const plan = await ws.tf('plan', '-detailed-exitcode', '-no-color', '-input=false');
        expect(plan.code, plan.output).toBe(0);

        const destroyed = await ws.ok('destroy', '-auto-approve', '-no-color', '-input=false');
        expect(destroyed).toMatch(/Resources: 3 destroyed/);
      } finally {
        for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
