import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiError } from '../client/api-client.js';
import { resourceModel } from '../generated/resource-model.js';
import { findResource } from '../model/index.js';
import { DiagnosticsError } from '../protocol/diagnostics.js';
import { ManagedResource } from './resource.js';

/**
 * A management API holding one object with optimistic concurrency (412 for a stale If-Match): `current`
 * is the object as stored (a test changes it to play another writer), `sent` the writes it was sent.
 */
/** RFC 7396, as the gateway merges a patch. */
function merged(target: unknown, patch: unknown): unknown {
  const object = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!object(patch)) return patch;
  const result: Record<string, unknown> = object(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch))
    if (value === null) delete result[key];
    else result[key] = merged(result[key], value);
  return result;
}

/** A server `github` as the gateway stores it, version 1. */
const githubServer = {
  id: 'srv_1',
  version: 1,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  name: 'github',
  workspace: 'default',
  url: 'https://mcp.github.test/',
  timeoutMs: 30_000,
};

function versionedApi(stored: Record<string, unknown>) {
  const gateway = {
    current: stored,
    sent: [] as { method: string; ifMatch: string | undefined; body?: unknown }[],
    api: {
      request: async (operation: { method: string }, options: { ifMatch?: string; body?: unknown }) => {
        const current = gateway.current;
        if (operation.method === 'get') return { status: 200, body: current, etag: `"${current.version}"` };
        gateway.sent.push({ method: operation.method, ifMatch: options.ifMatch, body: options.body });
        if (options.ifMatch !== `"${current.version}"`)
          throw new ApiError(
            'stale',
            412,
            { status: 412, code: 'precondition_failed', detail: 'stale' },
            'x',
          );
        if (operation.method === 'delete') return { status: 204, body: undefined, etag: undefined };
        gateway.current = {
          ...((operation.method === 'patch'
            ? merged(gateway.current, options.body)
            : options.body) as object),
          id: current.id,
          version: Number(current.version) + 1,
        } as Record<string, unknown>;
        return { status: 200, body: gateway.current, etag: `"${gateway.current.version}"` };
      },
    } as unknown as ApiClient,
  };
  return gateway;
}

describe('ManagedResource', () => {
  it('replaces with PUT only: every modelled update is PUT, a PATCH beside it a merge patch', () => {
    for (const model of resourceModel.resources) {
      expect(model.operations.update?.method).toBe('put');
      if (model.operations.patch !== undefined)
        expect(model.operations.patch.path).toBe(model.operations.update?.path);
    }
    const server = findResource(resourceModel, 'mcpgateway_server')!;
    const update = { ...server.operations.update!, method: 'patch' as const };
    expect(() => new ManagedResource({ ...server, operations: { ...server.operations, update } })).toThrow(
      /replaces with PUT/,
    );
  });

  it('sends a changed JSON document whole, and one with null members by a replacement', async () => {
    const model = findResource(resourceModel, 'mcpgateway_server')!;
    const resource = new ManagedResource(model);
    const document = { openapi: '3.1.0', info: { title: 'A', version: '1' }, paths: {} };
    const stored = {
      id: 'srv_1',
      version: 1,
      createdAt: '2026-12-01T00:00:00Z',
      updatedAt: '2026-12-01T00:00:00Z',
      name: 'api',
      workspace: 'default',
      transport: 'openapi',
      url: 'https://api.test/',
      openapi: { document },
    };
    const gateway = versionedApi(stored);
    const read = await resource.read(gateway.api, { id: 'srv_1' }, undefined);
    const prior = read.state!;
    const withDocument = (doc: object) => ({
      ...prior,
      openapi: { ...(prior['openapi'] as object), document: JSON.stringify(doc) },
    });
    // a member changed: the document whole (the gateway takes a document given as the new one)
    const renamed = withDocument({ ...document, info: { title: 'B', version: '1' } });
    const applied = await resource.apply(gateway.api, prior, renamed, renamed, read.private);
    expect(gateway.sent.at(-1)).toMatchObject({ method: 'patch' });
    expect((gateway.sent.at(-1)!.body as { openapi: unknown }).openapi).toEqual({
      document: { ...document, info: { title: 'B', version: '1' } },
    });
    // a member that is null in the document: sent whole, by a replacement
    const nulled = withDocument({ ...document, info: { title: 'B', version: '1', summary: null } });
    await resource.apply(gateway.api, applied.state!, nulled, nulled, applied.private);
    expect(gateway.sent.at(-1)).toMatchObject({
      method: 'put',
      body: { openapi: { document: { info: { title: 'B', version: '1', summary: null } } } },
    });
    expect((gateway.current['openapi'] as { document: { info: object } }).document.info).toEqual({
      title: 'B',
      version: '1',
      summary: null,
    });
  });

  it('refuses a replacement that would drop a write-only value the configuration no longer gives', async () => {
    const model = findResource(resourceModel, 'mcpgateway_server')!;
    const resource = new ManagedResource(model);
    const stored = githubServer;
    const gateway = versionedApi(stored);
    const read = await resource.read(gateway.api, { id: 'srv_1' }, undefined);
    const credentialNames = (
      model.attributes.find((a) => a.name === 'credentials')!.type as {
        attributes: { name: string }[];
      }
    ).attributes.map((a) => a.name);
    const credentials = {
      ...Object.fromEntries(credentialNames.map((n) => [n, null])),
      kind: 'client-credentials',
      token_url: 'https://idp.test/token',
      client_id: 'gw',
      client_secret_version: '1',
    };
    // the headers were set once (version 1) and the configuration gives them no more; the client secret's
    // version changes: a replacement would send no headers, and the gateway would keep none
    const prior = { ...read.state!, headers_version: '1', credentials };
    const planned = { ...prior, credentials: { ...credentials, client_secret_version: '2' } };
    const config = { ...planned, credentials: { ...planned.credentials, client_secret: 'cs-2' } };
    const sent = gateway.sent.length;
    await expect(resource.apply(gateway.api, prior, planned, config, read.private)).rejects.toThrow(
      /would lose headers/,
    );
    expect(gateway.sent).toHaveLength(sent);
    // given again with the change: sent whole
    await resource.apply(
      gateway.api,
      prior,
      planned,
      { ...config, headers: { 'x-team': 'dev' } },
      read.private,
    );
    expect(gateway.sent.at(-1)).toMatchObject({
      method: 'put',
      body: { headers: { 'x-team': 'dev' }, credentials: { clientSecret: 'cs-2' } },
    });
  });

  it('sends the write-only values the configuration gives again when their destination moves', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_server')!);
    const gateway = versionedApi(githubServer);
    const read = await resource.read(gateway.api, { id: 'srv_1' }, undefined);
    const prior = { ...read.state!, headers_version: '1' };
    const moved = { ...prior, url: 'https://mcp.github.example/' };
    // the headers given: they go to the new url with it (the gateway never takes stored ones there)
    await resource.apply(gateway.api, prior, moved, { ...moved, headers: { 'x-team': 'dev' } }, read.private);
    expect(gateway.sent.at(-1)).toMatchObject({
      method: 'put',
      body: { url: 'https://mcp.github.example/', headers: { 'x-team': 'dev' } },
    });
    // none given: a merge patch, the gateway's to judge
    const back = { ...moved, url: 'https://mcp.github.test/' };
    const state = { ...moved };
    await resource.apply(gateway.api, state, back, back, undefined);
    expect(gateway.sent.at(-1)).toMatchObject({ method: 'patch', body: { url: 'https://mcp.github.test/' } });
  });

  it('leaves write-only values as the gateway holds them unless their version changes (then sends them whole)', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_server')!);
    const stored = {
      ...githubServer,
      labels: { team: 'dev', tier: 'gold' },
      tools: { allow: ['search_*'], deny: ['delete_*'] },
    };
    const gateway = versionedApi(stored);
    const read = await resource.read(gateway.api, { id: 'srv_1' }, undefined);
    const prior = { ...read.state!, headers_version: '1' };
    const config = { ...prior, headers: { Authorization: 'Bearer change-me' } };
    // unrelated changes: a merge patch of them alone; the upstream's headers are not sent again
    const planned = {
      ...prior,
      timeout_ms: 45_000,
      description: 'GitHub',
      labels: { team: 'dev', tier: 'gold', owner: 'platform' },
      tools: { ...(read.state as Record<string, object>)['tools'], allow: ['search_*', 'get_*'] },
    };
    const withHeaders = (state: object) => ({ ...state, headers: config.headers });
    const applied = await resource.apply(gateway.api, prior, planned, withHeaders(planned), read.private);
    expect(gateway.sent.at(-1)).toEqual({
      method: 'patch',
      ifMatch: '"1"',
      body: {
        timeoutMs: 45_000,
        description: 'GitHub',
        labels: { owner: 'platform' },
        tools: { allow: ['search_*', 'get_*'] },
      },
    });
    expect(gateway.current).toMatchObject({ version: 2, timeoutMs: 45_000 });
    // removals, inside objects too: null members of the patch; the headers the gateway holds stay
    const fewer = {
      ...applied.state!,
      labels: { team: 'dev' },
      description: null,
      tools: { ...(applied.state!['tools'] as object), deny: null },
    };
    const replaced = await resource.apply(
      gateway.api,
      applied.state!,
      fewer,
      withHeaders(fewer),
      applied.private,
    );
    expect(gateway.sent.at(-1)).toEqual({
      method: 'patch',
      ifMatch: '"2"',
      body: { description: null, labels: { tier: null, owner: null }, tools: { deny: null } },
    });
    expect(gateway.current).toMatchObject({
      labels: { team: 'dev' },
      tools: { allow: ['search_*', 'get_*'] },
    });
    expect(gateway.current).not.toHaveProperty('description');
    expect(replaced.state).toMatchObject({ labels: { team: 'dev' }, description: null });
    // credentials added (a secret inside, no version given): sent whole, as a create would send them
    const secured = {
      ...replaced.state!,
      credentials: {
        ...Object.fromEntries(
          (
            findResource(resourceModel, 'mcpgateway_server')!.attributes.find(
              (a) => a.name === 'credentials',
            )!.type as { attributes: { name: string }[] }
          ).attributes.map((a) => [a.name, null]),
        ),
        kind: 'client-credentials',
        token_url: 'https://idp.test/token',
        client_id: 'gw',
      },
    };
    const withSecret = {
      ...secured,
      headers: config.headers,
      credentials: { ...secured.credentials, client_secret: 'cs-1' },
    };
    const added = await resource.apply(gateway.api, replaced.state!, secured, withSecret, replaced.private);
    expect(gateway.sent.at(-1)).toMatchObject({
      method: 'put',
      body: { credentials: { kind: 'client-credentials', clientSecret: 'cs-1' } },
    });
    // a change inside the credentials: a merge patch of it, with the `kind` the API reads it by
    const reissued = {
      ...added.state!,
      credentials: { ...(added.state!['credentials'] as object), client_id: 'gw-2' },
    };
    const patchedCredentials = await resource.apply(
      gateway.api,
      added.state!,
      reissued,
      { ...reissued, headers: config.headers },
      added.private,
    );
    expect(gateway.sent.at(-1)).toMatchObject({
      method: 'patch',
      body: { credentials: { clientId: 'gw-2', kind: 'client-credentials' } },
    });
    expect(Object.keys((gateway.sent.at(-1)!.body as { credentials: object }).credentials)).toHaveLength(2);
    // a new version: replaced too, the headers the configuration holds sent
    const bumped = { ...patchedCredentials.state!, headers_version: '2', timeout_ms: 50_000 };
    await resource.apply(
      gateway.api,
      patchedCredentials.state!,
      bumped,
      withHeaders(bumped),
      patchedCredentials.private,
    );
    expect(gateway.sent.at(-1)).toMatchObject({
      method: 'put',
      body: { headers: config.headers, timeoutMs: 50_000 },
    });
  });

  it('goes on with a write the API refused with 412 when only what the gateway keeps changed since (a last sync)', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_registry')!);
    const stored = {
      id: 'reg_1',
      version: 1,
      createdAt: '2026-12-01T00:00:00Z',
      updatedAt: '2026-12-01T00:00:00Z',
      name: 'official',
      workspace: 'default',
      enabled: true,
      url: 'https://registry.test',
    };
    const gateway = versionedApi(stored);
    const { api, sent } = gateway;
    const read = await resource.read(api, { id: 'reg_1' }, undefined);
    // with mirror headers, whose `headers_version` only the configuration knows
    const prior = { ...read.state!, headers_version: '1' };
    const planned = { ...prior, description: 'the official one' };
    // a scheduled sync meanwhile: a new last sync, a new version
    gateway.current = { ...stored, version: 2, lastSync: { at: '2026-12-01T01:00:00Z', created: 3 } };
    const applied = await resource.apply(api, prior, planned, planned, read.private);
    expect(applied.state?.description).toBe('the official one');
    expect(sent.map(({ method, ifMatch }) => ({ method, ifMatch }))).toEqual([
      { method: 'patch', ifMatch: '"1"' },
      { method: 'patch', ifMatch: '"2"' },
    ]);
    // someone changed its configuration: the 412 stands, nothing is overwritten
    gateway.current = { ...gateway.current, version: 9, url: 'https://elsewhere.test' };
    sent.length = 0;
    const refused = await resource
      .apply(api, applied.state!, { ...applied.state!, description: 'again' }, null, applied.private)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiagnosticsError);
    expect(sent.map(({ method, ifMatch }) => ({ method, ifMatch }))).toEqual([
      { method: 'patch', ifMatch: '"3"' },
    ]);
    expect(gateway.current.url).toBe('https://elsewhere.test');
    // a delete after a sync alone goes through
    gateway.current = {
      ...gateway.current,
      url: 'https://registry.test',
      description: 'again',
      version: 10,
      lastSync: null,
    };
    sent.length = 0;
    const back = { ...applied.state!, description: 'again' };
    await resource.apply(api, back, null, null, applied.private);
    expect(sent.map((s) => s.ifMatch)).toEqual(['"3"', '"10"']);
  });

  it('names the version of a nested write-only value a moved destination needs again', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_server')!);
    const refused = {
      status: 400,
      code: 'validation_failed',
      detail: 'The request is not valid.',
      errors: [
        {
          pointer: '/credentials/clientSecret',
          detail:
            'must be given again with a change of credentials.tokenUrl: stored secrets do not follow to a new destination',
        },
      ],
    };
    const api = {
      request: async (operation: { method: string }) => {
        if (operation.method === 'get') return { status: 200, body: githubServer, etag: '"1"' };
        throw new ApiError('invalid', 400, refused, 'updateServer');
      },
    } as unknown as ApiClient;
    const prior = (await resource.read(api, { id: 'srv_1' }, undefined)).state!;
    const planned = { ...prior, description: 'moved' };
    const error = await resource
      .apply(api, prior, planned, planned, Buffer.alloc(0))
      .catch((e: unknown) => e);
    expect((error as DiagnosticsError).diagnostics.map((d) => d.detail).join('\n')).toContain(
      'change credentials.client_secret_version as well',
    );
  });

  it('says how to replace an imported api key when its first apply sends a secret it does not hold', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_api_key')!);
    const refused = {
      status: 400,
      code: 'validation_failed',
      detail: 'The request is not valid.',
      errors: [{ pointer: '/secret', detail: 'is immutable: a new secret requires a new key' }],
    };
    const api = {
      request: async (operation: { method: string }) => {
        if (operation.method === 'get')
          return { status: 200, body: { id: 'key_1', version: 1, name: 'k', user: 'alice' }, etag: '"1"' };
        throw new ApiError('invalid', 400, refused, 'updateApiKey');
      },
    } as unknown as ApiClient;
    const prior = (await resource.read(api, { id: 'key_1' }, undefined)).state!;
    const planned = { ...prior, secret_version: '2' };
    const config = { ...planned, secret: 'a-new-secret-0123456789abcdefghijklmnop' };
    const hinted = async (privateState: Buffer) => {
      const error = await resource.apply(api, prior, planned, config, privateState).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiagnosticsError);
      return (error as DiagnosticsError).diagnostics[0]?.detail ?? '';
    };
    expect(await hinted(ManagedResource.importedPrivate)).toContain('terraform apply -replace=<address>');
    // not imported: the plan would have replaced it; the refusal says what it says
    expect(await hinted(Buffer.alloc(0))).not.toContain('-replace');
  });

  it('tells a last sync from a change of configuration with a nested secret version in the state', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_server')!);
    const stored = {
      id: 'srv_1',
      version: 1,
      createdAt: '2026-12-01T00:00:00Z',
      updatedAt: '2026-12-01T00:00:00Z',
      name: 'crm',
      workspace: 'default',
      enabled: true,
      url: 'https://crm.test/mcp',
      credentials: { kind: 'client-credentials', tokenUrl: 'https://auth.test/token', clientId: 'gw' },
    };
    const gateway = versionedApi(stored);
    const { api } = gateway;
    const read = await resource.read(api, { id: 'srv_1' }, undefined);
    // the configuration's secret version lives in the state only (the API never answers it)
    const credentials = read.state!.credentials as Record<string, unknown>;
    const prior = { ...read.state!, credentials: { ...credentials, client_secret_version: 'v1' } };
    const planned = { ...prior, description: 'CRM' };
    // a registry sync meanwhile: the server's origin and version change, nothing of its configuration
    gateway.current = {
      ...stored,
      version: 2,
      origin: { registry: 'corp', name: 'io.acme/crm', syncedAt: 'x' },
    };
    const applied = await resource.apply(api, prior, planned, planned, read.private);
    expect(applied.state?.description).toBe('CRM');
    expect(gateway.sent.map((s) => s.ifMatch)).toEqual(['"1"', '"2"']);
  });

  it('drops an object from the state on its own 404 only, never on a route the API does not have', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_server')!);
    const failing = (code: string, detail: string) =>
      ({
        request: async () => {
          throw new ApiError(detail, 404, { status: 404, code, detail }, 'getServer');
        },
      }) as unknown as ApiClient;
    const current = { id: 'srv_1', name: 'x' };
    const gone = await resource.read(failing('not_found', 'No server has the id srv_1.'), current, undefined);
    expect(gone.state).toBeNull();
    const misrouted = await resource
      .read(failing('route_not_found', 'No route for /v1/v1/servers/srv_1.'), current, undefined)
      .catch((error: unknown) => error);
    expect(misrouted).toBeInstanceOf(DiagnosticsError);
    expect((misrouted as DiagnosticsError).diagnostics[0]?.detail).toContain(
      "Check the provider's endpoint (or MCPGATEWAY_ENDPOINT): it is the gateway's base URL, without /v1.",
    );
    // a 404 of something else in front of the endpoint (a proxy's page, no problem body): an error, on
    // a read and on a destroy alike, never an object dropped from the state
    const proxied = {
      request: async () => {
        throw new ApiError('Not Found', 404, undefined, 'getServer');
      },
    } as unknown as ApiClient;
    await expect(resource.read(proxied, current, undefined)).rejects.toBeInstanceOf(DiagnosticsError);
    const destroyed = await resource
      .apply(proxied, current, null, null, Buffer.alloc(0))
      .catch((error: unknown) => error);
    expect(destroyed).toBeInstanceOf(DiagnosticsError);
  });
});
