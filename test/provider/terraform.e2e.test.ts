/**
 * End to end with the real terraform and the real gateway on loopback: apply → no-op plan → in-place
 * update → replacement on an immutable change → terraform import and an import block → drift → destroy,
 * checking the API and the state after each step; then the same provider installed from the filesystem
 * mirror with terraform init, the generated doc examples and examples/terraform.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin, httpRequest } from '../support/gateway-api.js';
import { GatewayProcess, repoRoot, stopAll } from '../support/processes.js';
import { buildProvider } from './harness.js';
import {
  devOverridesConfig,
  mirrorConfig,
  removeWorkspaces,
  type TerraformWorkspace,
  terraformForTests,
  terraformWorkspace,
} from './terraform-cli.js';

const terraform = terraformForTests('the terraform end-to-end tests');

const ADMIN_KEY = 'provider-e2e-admin-key';
const PROVIDER_VERSION = JSON.parse(readFileSync(join(repoRoot, 'provider/package.json'), 'utf8'))
  .version as string;

let gateway: GatewayProcess;
let api: Admin;
let build: string;

type Obj = Record<string, unknown>;

async function list(plural: string, query = ''): Promise<Obj[]> {
  const result = await api.request('GET', `/v1/${plural}?limit=100${query}`);
  expect(result.status).toBe(200);
  return (result.body as { items: Obj[] }).items;
}

async function get(plural: string, id: string): Promise<{ status: number; body: Obj }> {
  const result = await api.request('GET', `/v1/${plural}/${id}`);
  return { status: result.status, body: result.body as Obj };
}

function state(ws: TerraformWorkspace): {
  resources: { type: string; name: string; instances: { attributes: Obj }[] }[];
} {
  return JSON.parse(readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8'));
}

/** API key secrets the tests supply through ephemeral variables (TF_VAR_...). */
const ALICE_SECRET = 'alice-secret-from-a-vault-0123456789abcdefXYZ';
const IMPORTED_SECRET = 'imported.key/secret+made~by_hand-0123456789=';

/** The state holds no api key secret: neither a supplied one nor any gateway-generated `mcpgw_` key. */
function expectNoSecretsInState(ws: TerraformWorkspace, ...secrets: string[]): void {
  const raw = readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8');
  for (const secret of secrets) expect(raw).not.toContain(secret);
  expect(raw).not.toContain('mcpgw_');
  expect(raw).not.toMatch(/"key":/);
}

/** What the data plane answers an MCP initialize presented with this bearer token. */
async function mcpInitializeStatus(token: string, server = 'no-such-server'): Promise<number> {
  const result = await httpRequest(`${gateway.url}/mcp/${server}`, {
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
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'terraform-e2e', version: '1' },
      },
    }),
  });
  return result.status;
}

/**
 * A deleted key is refused (401) once the data plane's short config cache lets go of it (5 s by default).
 */
async function expectRefusedSoon(secret: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let status = await mcpInitializeStatus(secret);
  while (status !== 401 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = await mcpInitializeStatus(secret);
  }
  expect(status).toBe(401);
}

/** The key authenticates: past 401, to the 404 of a server that is not registered. */
async function expectAuthenticates(secret: string): Promise<void> {
  expect(await mcpInitializeStatus(secret)).toBe(404);
}

function attributes(ws: TerraformWorkspace, address: string): Obj {
  const [type, name] = address.split('.');
  const resource = state(ws).resources.find((r) => r.type === type && r.name === name);
  if (!resource) throw new Error(`${address} not in state`);
  return resource.instances[0]!.attributes;
}

describe.skipIf(!terraform.available)('terraform provider end to end (real terraform, real gateway)', () => {
  beforeAll(async () => {
    build = buildProvider();
    gateway = await GatewayProcess.start({ adminKey: ADMIN_KEY, memory: true });
    api = admin(() => gateway.url, ADMIN_KEY);
  }, 90_000);

  afterAll(async () => {
    await gateway?.close();
    await stopAll();
    removeWorkspaces();
    if (build) rmSync(build, { recursive: true, force: true });
  });

  describe('lifecycle with dev_overrides', () => {
    let ws: TerraformWorkspace;
    let imports = '';
    const config = (options: {
      description: string;
      timeout: number;
      user: string;
      extra?: string;
      url?: string;
      header?: string;
    }) => `
terraform {
  required_providers {
    mcpgateway = { source = "mcp-gateway/mcpgateway" }
  }
}

provider "mcpgateway" {}

variable "alice_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "mcpgateway_workspace" "team" {
  name        = "team"
  description = "Team workspace"
}

resource "mcpgateway_server" "everything" {
  name              = "everything"
  url               = "${options.url ?? 'http://127.0.0.1:3001/mcp'}"
  workspace         = mcpgateway_workspace.team.name
  description       = "${options.description}"
  timeout_ms        = ${options.timeout}
  headers           = { "X-Upstream-Token" = "${options.header ?? 'very-secret-header-value'}" }
  headers_version   = "1"
  labels            = { env = "test" }
  tools             = { allow = ["echo", "get-*"], deny = ["get-env"] }
  trust_annotations = true
  # more precision than a double holds (Terraform's numbers have 512 bits): no change to plan after apply
  circuit_breaker   = { failure_rate = 1 / 3 }
}

resource "mcpgateway_api_key" "alice" {
  name   = "alice-laptop"
  user   = "${options.user}"
  secret = var.alice_secret
}

resource "mcpgateway_identity_provider" "corp" {
  name       = "corp"
  workspace  = mcpgateway_workspace.team.name
  issuer     = "https://login.example.com/corp"
  audiences  = ["api://mcp-gateway"]
  algorithms = ["RS256", "ES256"]
  claims     = { user = "preferred_username", teams = "roles" }
  login = {
    client_id             = "mcp-gateway"
    client_secret         = "corp-login-secret-value"
    client_secret_version = "1"
  }
}

data "mcpgateway_server" "by_name" {
  name = mcpgateway_server.everything.name
}

output "server_id_from_data_source" {
  value = data.mcpgateway_server.by_name.id
}

data "mcpgateway_server_tools" "everything" {
  server_id = mcpgateway_server.everything.id
}

output "tools_known" {
  value = length(data.mcpgateway_server_tools.everything.items)
}
${options.extra ?? ''}`;

    beforeAll(() => {
      ws = terraformWorkspace(devOverridesConfig(build), {
        MCPGATEWAY_ENDPOINT: gateway.url,
        MCPGATEWAY_API_KEY: ADMIN_KEY,
        TF_VAR_alice_secret: ALICE_SECRET,
        TF_VAR_imported_secret: IMPORTED_SECRET,
      });
    });

    it('applies: objects exist in the API, secrets sent but not in state', async () => {
      ws.write('main.tf', config({ description: 'first', timeout: 30000, user: 'alice' }));
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
      const provider = attributes(ws, 'mcpgateway_identity_provider.corp');
      expect((await get('identity-providers', String(provider['id']))).body).toMatchObject({
        name: 'corp',
        workspace: 'team',
        issuer: 'https://login.example.com/corp',
        audiences: ['api://mcp-gateway'],
        algorithms: ['RS256', 'ES256'],
        claims: { user: 'preferred_username', teams: 'roles', email: 'email' },
        clockSkewSeconds: 60,
        login: { clientId: 'mcp-gateway', tokenEndpointAuthMethod: 'client_secret_basic' },
      });
      // A write-only attribute inside a nested object: sent, never returned, never in state.
      expect((await get('identity-providers', String(provider['id']))).body['login']).not.toHaveProperty(
        'clientSecret',
      );
      expect(provider['login']).toMatchObject({ client_secret: null, client_secret_version: '1' });
      const server = attributes(ws, 'mcpgateway_server.everything');
      expect(server['headers']).toBeNull();
      const fromApi = await get('servers', String(server['id']));
      expect(fromApi.status).toBe(200);
      expect(fromApi.body).toMatchObject({
        name: 'everything',
        workspace: 'team',
        description: 'first',
        timeoutMs: 30000,
        tools: { allow: ['echo', 'get-*'], deny: ['get-env'], readOnly: false },
        trustAnnotations: true,
        circuitBreaker: { failureRate: 1 / 3 },
      });
      expect(fromApi.body).not.toHaveProperty('headers');
      // The nested object is in state with the API's default filled in, so the next plan is empty.
      expect(server['tools']).toEqual({ allow: ['echo', 'get-*'], deny: ['get-env'], read_only: false });
      expect(server['trust_annotations']).toBe(true);
      const raw = readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8');
      expect(raw).not.toContain('very-secret-header-value');
      expect(await ws.ok('output', '-raw', 'server_id_from_data_source')).toBe(server['id']);
      // the tool catalog view (nothing learned yet for this server)
      expect(await ws.ok('output', '-raw', 'tools_known')).toBe('0');
      const keys = await list('api-keys');
      expect(keys.map((k) => k['name'])).toContain('alice-laptop');

      // The api key's secret is the one the ephemeral variable gave: in no state, yet it authenticates.
      const key = attributes(ws, 'mcpgateway_api_key.alice');
      expect(key['secret']).toBeNull();
      expect(key).not.toHaveProperty('key');
      expect(key['prefix']).toBe(ALICE_SECRET.slice(0, 4));
      expectNoSecretsInState(ws, ALICE_SECRET, 'very-secret-header-value', 'corp-login-secret-value');
      await expectAuthenticates(ALICE_SECRET);
      expect(await mcpInitializeStatus(`${ALICE_SECRET}-wrong`)).toBe(401);
    });

    it('plans no changes right after apply (plan -detailed-exitcode exits 0)', async () => {
      const plan = await ws.tf('plan', '-detailed-exitcode', '-no-color');
      expect(plan.code, plan.output).toBe(0);
      expect(plan.output).toContain('No changes.');
    });

    it('updates in place, keeping the id', async () => {
      const before = attributes(ws, 'mcpgateway_server.everything');
      ws.write('main.tf', config({ description: 'second', timeout: 45000, user: 'alice' }));
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('Resources: 0 added, 1 changed, 0 destroyed.');
      const after = attributes(ws, 'mcpgateway_server.everything');
      expect(after['id']).toBe(before['id']);
      expect(Number(after['version'])).toBeGreaterThan(Number(before['version']));
      const fromApi = await get('servers', String(after['id']));
      expect(fromApi.body).toMatchObject({ description: 'second', timeoutMs: 45000 });
      expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
    });

    it('replaces the object when an immutable attribute changes', async () => {
      const before = attributes(ws, 'mcpgateway_api_key.alice');
      ws.write('main.tf', config({ description: 'second', timeout: 45000, user: 'alice2' }));
      const plan = await ws.tf('plan', '-no-color');
      expect(plan.output).toContain('forces replacement');
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('Resources: 1 added, 0 changed, 1 destroyed.');
      const after = attributes(ws, 'mcpgateway_api_key.alice');
      expect(after['id']).not.toBe(before['id']);
      expect((await get('api-keys', String(before['id']))).status).toBe(404);
      expect((await get('api-keys', String(after['id']))).body).toMatchObject({ user: 'alice2' });
      // The replacement took the same secret (the old key went first), and it authenticates as alice2.
      expectNoSecretsInState(ws, ALICE_SECRET);
      await expectAuthenticates(ALICE_SECRET);
    });

    it('replaces an api key when secret_version changes, and the old secret stops working', async () => {
      const before = attributes(ws, 'mcpgateway_api_key.alice');
      const rotated = 'alice-rotated-secret-0123456789abcdefghijkl';
      const rotation = `
resource "mcpgateway_api_key" "rotating" {
  name           = "rotating"
  user           = "alice2"
  secret         = "${rotated}"
  secret_version = "1"
}
`;
      ws.write('main.tf', config({ description: 'second', timeout: 45000, user: 'alice2', extra: rotation }));
      await ws.ok('apply', '-auto-approve', '-no-color');
      const first = attributes(ws, 'mcpgateway_api_key.rotating');
      await expectAuthenticates(rotated);
      const next = 'alice-rotated-again-0123456789abcdefghijkl';
      ws.write(
        'main.tf',
        config({
          description: 'second',
          timeout: 45000,
          user: 'alice2',
          extra: rotation.replace(rotated, next).replace('secret_version = "1"', 'secret_version = "2"'),
        }),
      );
      const plan = await ws.tf('plan', '-no-color');
      expect(plan.output).toContain('forces replacement');
      expect(plan.output).not.toContain(next);
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('Resources: 1 added, 0 changed, 1 destroyed.');
      expect(attributes(ws, 'mcpgateway_api_key.rotating')['id']).not.toBe(first['id']);
      expect(attributes(ws, 'mcpgateway_api_key.alice')['id']).toBe(before['id']);
      await expectAuthenticates(next);
      expectNoSecretsInState(ws, rotated, next);
      await expectRefusedSoon(rotated);
      ws.write('main.tf', config({ description: 'second', timeout: 45000, user: 'alice2' }));
      await ws.ok('apply', '-auto-approve', '-no-color');
      expect((await list('api-keys', '&name=rotating')).length).toBe(0);
    });

    it('imports with terraform import (by name) and with an import block (by id)', async () => {
      const cli = await api.request('POST', '/v1/servers', {
        name: 'cli-imported',
        url: 'http://127.0.0.1:3009/mcp',
      });
      expect(cli.status).toBe(201);
      const block = await api.request('POST', '/v1/servers', {
        name: 'block-imported',
        url: 'http://127.0.0.1:3010/mcp',
        description: 'made by hand',
      });
      expect(block.status).toBe(201);
      const blockId = (block.body as Obj)['id'] as string;
      const key = await api.request('POST', '/v1/api-keys', {
        name: 'made-by-hand',
        user: 'carol',
        secret: IMPORTED_SECRET,
      });
      expect(key.status).toBe(201);
      expect(key.body).not.toHaveProperty('key');
      imports = `
resource "mcpgateway_server" "cli" {
  name = "cli-imported"
  url  = "http://127.0.0.1:3009/mcp"
}

import {
  to = mcpgateway_server.block
  id = "${blockId}"
}

resource "mcpgateway_server" "block" {
  name        = "block-imported"
  url         = "http://127.0.0.1:3010/mcp"
  description = "made by hand"
}

variable "imported_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

import {
  to = mcpgateway_api_key.imported
  id = "name=made-by-hand"
}

resource "mcpgateway_api_key" "imported" {
  name   = "made-by-hand"
  user   = "carol"
  secret = var.imported_secret
}
`;
      ws.write('main.tf', config({ description: 'second', timeout: 45000, user: 'alice2', extra: imports }));
      const imported = await ws.ok('import', '-no-color', 'mcpgateway_server.cli', 'name=cli-imported');
      expect(imported).toContain('Import successful!');
      expect(attributes(ws, 'mcpgateway_server.cli')['id']).toBe((cli.body as Obj)['id']);
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('2 imported, 0 added, 0 changed, 0 destroyed');
      expect(attributes(ws, 'mcpgateway_server.block')['id']).toBe(blockId);
      // The imported key's write-only secret is null in state, and that forces no replacement.
      const importedKey = attributes(ws, 'mcpgateway_api_key.imported');
      expect(importedKey['id']).toBe((key.body as Obj)['id']);
      expect(importedKey['secret']).toBeNull();
      const plan = await ws.tf('plan', '-detailed-exitcode', '-no-color');
      expect(plan.code, plan.output).toBe(0);
      expectNoSecretsInState(ws, ALICE_SECRET, IMPORTED_SECRET);
      await expectAuthenticates(IMPORTED_SECRET);
    });

    it('after an import, a first secret_version updates in place: the gateway checks the secret, no new key', async () => {
      const before = attributes(ws, 'mcpgateway_api_key.imported');
      const withVersion = imports.replace(
        'secret = var.imported_secret\n',
        'secret = var.imported_secret\n  secret_version = "1"\n',
      );
      expect(withVersion).not.toBe(imports);
      // A wrong secret for the imported key is refused by the gateway, pointing at the attribute.
      const wrong = terraformWorkspace(devOverridesConfig(build), {
        ...ws.env,
        TF_VAR_imported_secret: 'not-the-secret-of-the-imported-key-0123',
      });
      wrong.write(
        'main.tf',
        config({ description: 'second', timeout: 45000, user: 'alice2', extra: withVersion }),
      );
      wrong.write('terraform.tfstate', readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8'));
      const refused = await wrong.tf('apply', '-auto-approve', '-no-color');
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toMatch(/secret/);
      expect(refused.output).toMatch(/immutable/);
      expect(refused.output).not.toContain('not-the-secret-of-the-imported-key-0123');

      ws.write(
        'main.tf',
        config({ description: 'second', timeout: 45000, user: 'alice2', extra: withVersion }),
      );
      const plan = await ws.tf('plan', '-no-color');
      expect(plan.output).not.toContain('forces replacement');
      expect(plan.output).toMatch(/mcpgateway_api_key\.imported will be updated in-place/);
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('0 added, 1 changed, 0 destroyed');
      expect(attributes(ws, 'mcpgateway_api_key.imported')['id']).toBe(before['id']);
      expect(attributes(ws, 'mcpgateway_api_key.imported')['secret_version']).toBe('1');
      expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
      imports = withVersion;
      expectNoSecretsInState(ws, IMPORTED_SECRET);
    });

    it('detects drift: an object deleted behind its back is planned for re-creation', async () => {
      const server = attributes(ws, 'mcpgateway_server.everything');
      const deleted = await api.request('DELETE', `/v1/servers/${String(server['id'])}`);
      expect(deleted.status).toBe(204);
      const plan = await ws.tf('plan', '-detailed-exitcode', '-no-color');
      expect(plan.code, plan.output).toBe(2);
      expect(plan.output).toMatch(/mcpgateway_server\.everything will be created/);
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toMatch(/Resources: 1 added/);
      const recreated = attributes(ws, 'mcpgateway_server.everything');
      expect(recreated['id']).not.toBe(server['id']);
      expect((await get('servers', String(recreated['id']))).status).toBe(200);
    });

    it('detects drift in a value changed behind its back and puts it back', async () => {
      const server = attributes(ws, 'mcpgateway_server.everything');
      const patched = await api.request('PATCH', `/v1/servers/${String(server['id'])}`, {
        description: 'changed by hand',
      });
      expect(patched.status).toBe(200);
      const plan = await ws.tf('plan', '-detailed-exitcode', '-no-color');
      expect(plan.code, plan.output).toBe(2);
      expect(plan.output).toContain('"changed by hand" -> "second"');
      await ws.ok('apply', '-auto-approve', '-no-color');
      expect((await get('servers', String(server['id']))).body['description']).toBe('second');
    });

    it('turns a lost update into an error: a saved plan applied after a concurrent change fails with 412', async () => {
      const server = attributes(ws, 'mcpgateway_server.everything');
      ws.write('main.tf', config({ description: 'third', timeout: 45000, user: 'alice2', extra: imports }));
      await ws.ok('plan', '-out=tfplan', '-no-color');
      const concurrent = await api.request('PATCH', `/v1/servers/${String(server['id'])}`, {
        description: 'concurrent edit',
      });
      expect(concurrent.status).toBe(200);
      const apply = await ws.tf('apply', '-no-color', 'tfplan');
      expect(apply.code).toBe(1);
      expect(apply.output).toMatch(/HTTP 412/);
      expect((await get('servers', String(server['id']))).body['description']).toBe('concurrent edit');
      const converge = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(converge).toContain('0 added, 1 changed, 0 destroyed');
      expect((await get('servers', String(server['id']))).body['description']).toBe('third');
    });

    it('sends a write-only value only when its version changes: other changes leave the stored one', async () => {
      const third = { description: 'third', timeout: 45000, user: 'alice2', extra: imports };
      // another value in the configuration, its version unchanged: not sent (an unrelated change only)
      ws.write('main.tf', config({ ...third, timeout: 50000, header: 'a-default-nobody-meant' }));
      expect(await ws.ok('apply', '-auto-approve', '-no-color')).toContain('0 added, 1 changed, 0 destroyed');
      // the gateway never takes stored headers to a new destination: the configuration's go with it
      ws.write('main.tf', config({ ...third, timeout: 50000, url: 'http://127.0.0.1:3002/mcp' }));
      expect(await ws.ok('apply', '-auto-approve', '-no-color')).toContain('0 added, 1 changed, 0 destroyed');
      const server = attributes(ws, 'mcpgateway_server.everything');
      expect((await get('servers', String(server['id']))).body).toMatchObject({
        url: 'http://127.0.0.1:3002/mcp',
        timeoutMs: 50000,
      });
      expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
    });

    it('destroys everything it created', async () => {
      const output = await ws.ok('destroy', '-auto-approve', '-no-color');
      expect(output).toContain('Destroy complete! Resources: 7 destroyed.');
      expect(await list('servers')).toEqual([]);
      expect((await list('api-keys')).map((k) => k['name'])).not.toContain('alice-laptop');
      expect((await list('api-keys')).map((k) => k['name'])).not.toContain('made-by-hand');
      await expectRefusedSoon(ALICE_SECRET);
      expect((await list('workspaces')).map((w) => w['name'])).toEqual(['default']);
      expect(state(ws).resources.filter((r) => (r as { mode?: string }).mode === 'managed')).toEqual([]);
    });

    it('reports API errors as diagnostics with the attribute and the problem detail', async () => {
      ws.write(
        'main.tf',
        `
terraform {
  required_providers {
    mcpgateway = { source = "mcp-gateway/mcpgateway" }
  }
}
provider "mcpgateway" {}
resource "mcpgateway_server" "bad" {
  name       = "Not A Valid Name"
  url        = "http://127.0.0.1:3001/mcp"
  timeout_ms = 5
}
`,
      );
      const plan = await ws.tf('plan', '-no-color');
      expect(plan.code).toBe(1);
      expect(plan.output).toContain('Invalid attribute value');
      expect(plan.output).toMatch(/name must match/);
      expect(plan.output).toMatch(/timeout_ms must be at least 100/);

      // Read-only provisioning on annotations nobody trusts: the gateway refuses it, pointing at the attribute.
      ws.write(
        'main.tf',
        `
terraform {
  required_providers {
    mcpgateway = { source = "mcp-gateway/mcpgateway" }
  }
}
provider "mcpgateway" {}
resource "mcpgateway_server" "untrusted" {
  name  = "untrusted"
  url   = "http://127.0.0.1:3001/mcp"
  tools = { read_only = true }
}
`,
      );
      const apply = await ws.tf('apply', '-auto-approve', '-no-color');
      expect(apply.code).toBe(1);
      expect(apply.output).toContain('/tools/readOnly: relies on readOnlyHint annotations');
      expect(apply.output).toContain('trustAnnotations: true');
      expect(await list('servers', '&name=untrusted')).toEqual([]);
    });
  });

  describe('installed from the filesystem mirror with terraform init', () => {
    it('inits from the mirror (h1 hash in the lock file), applies with provider-block settings and destroys', async () => {
      const mirror = join(build, 'mirror');
      expect(
        existsSync(
          join(
            mirror,
            'registry.terraform.io/mcp-gateway/mcpgateway',
            PROVIDER_VERSION,
            'linux_amd64',
            `terraform-provider-mcpgateway_v${PROVIDER_VERSION}`,
          ),
        ),
      ).toBe(true);
      const ws = terraformWorkspace(mirrorConfig(mirror), {
        TF_VAR_endpoint: gateway.url,
        TF_VAR_admin_key: ADMIN_KEY,
        MCPGATEWAY_ENDPOINT: '',
        MCPGATEWAY_API_KEY: '',
      });
      ws.write(
        'main.tf',
        `
terraform {
  required_providers {
    mcpgateway = {
      source  = "mcp-gateway/mcpgateway"
      version = "${PROVIDER_VERSION}"
    }
  }
}
variable "endpoint" { type = string }
variable "admin_key" {
  type      = string
  sensitive = true
}
provider "mcpgateway" {
  endpoint = var.endpoint
  api_key  = var.admin_key
}
resource "mcpgateway_server" "mirrored" {
  name = "mirrored"
  url  = "http://127.0.0.1:3001/mcp"
}
`,
      );
      const init = await ws.ok('init', '-no-color');
      expect(init).toContain(`Installing mcp-gateway/mcpgateway v${PROVIDER_VERSION}`);
      expect(readFileSync(join(ws.dir, '.terraform.lock.hcl'), 'utf8')).toMatch(/"h1:[A-Za-z0-9+/=]+"/);
      await ws.ok('apply', '-auto-approve', '-no-color');
      expect((await list('servers', '&name=mirrored')).length).toBe(1);
      expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
      await ws.ok('destroy', '-auto-approve', '-no-color');
      expect(await list('servers', '&name=mirrored')).toEqual([]);
    });
  });

  describe('servers without an upstream URL of their own', () => {
    it('declares a Lambda-hosted server and a virtual server with members, plans no changes, destroys', async () => {
      const ws = terraformWorkspace(devOverridesConfig(build), {
        MCPGATEWAY_ENDPOINT: gateway.url,
        MCPGATEWAY_API_KEY: ADMIN_KEY,
      });
      ws.write(
        'main.tf',
        `
terraform {
  required_providers {
    mcpgateway = { source = "mcp-gateway/mcpgateway" }
  }
}

provider "mcpgateway" {}

resource "mcpgateway_server" "github" {
  name = "tf-github"
  url  = "http://127.0.0.1:3001/mcp"
}

resource "mcpgateway_server" "reports" {
  name       = "tf-reports"
  transport  = "lambda"
  function   = "reports-mcp:live"
  timeout_ms = 20000
}

resource "mcpgateway_server" "suite" {
  name      = "tf-suite"
  transport = "virtual"
  members = [
    { server = mcpgateway_server.github.name, prefix = "gh_", rename = { search_code = "find_code" } },
    { server = mcpgateway_server.reports.name, prefix = "rep_" },
  ]
}
`,
      );
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('Apply complete! Resources: 3 added');
      const suite = attributes(ws, 'mcpgateway_server.suite');
      expect((await get('servers', String(suite['id']))).body).toMatchObject({
        name: 'tf-suite',
        transport: 'virtual',
        members: [
          { server: 'tf-github', prefix: 'gh_', rename: { search_code: 'find_code' } },
          { server: 'tf-reports', prefix: 'rep_' },
        ],
      });
      const reports = attributes(ws, 'mcpgateway_server.reports');
      expect((await get('servers', String(reports['id']))).body).toMatchObject({
        transport: 'lambda',
        function: 'reports-mcp:live',
      });
      expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
      await ws.ok('destroy', '-auto-approve', '-no-color');
      expect(await list('servers', '&name=tf-suite')).toEqual([]);
    });
  });

  describe('examples that the docs show', () => {
    it('applies every generated resource and data source example, plans no changes, destroys', async () => {
      const exampleSecret = 'doc-example-secret-0123456789abcdefghijklmn';
      const clientSecret = 'doc-example-client-secret-0123456789abcdefgh';
      const webhookSecret = 'doc-example-webhook-secret-0123456789abcdef';
      const ws = terraformWorkspace(devOverridesConfig(build), {
        MCPGATEWAY_ENDPOINT: gateway.url,
        MCPGATEWAY_API_KEY: ADMIN_KEY,
        TF_VAR_api_key_secret: exampleSecret,
        TF_VAR_oauth_client_secret: clientSecret,
        TF_VAR_webhook_secret: webhookSecret,
      });
      const examples = join(repoRoot, 'provider/examples');
      ws.write(
        'provider.tf',
        readFileSync(join(examples, 'provider/provider.tf'), 'utf8').replace(
          'http://127.0.0.1:8787',
          gateway.url,
        ),
      );
      // every one the docs show, as they show it
      const types = readdirSync(join(examples, 'resources'));
      expect(types).toHaveLength(13);
      for (const type of types)
        ws.write(`${type}.tf`, readFileSync(join(examples, 'resources', type, 'resource.tf'), 'utf8'));
      for (const type of readdirSync(join(examples, 'data-sources')))
        ws.write(
          `${type}-data.tf`,
          readFileSync(join(examples, 'data-sources', type, 'data-source.tf'), 'utf8'),
        );
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain(`Apply complete! Resources: ${types.length} added`);
      expectNoSecretsInState(ws, exampleSecret, clientSecret, webhookSecret, 'upstream-token');
      await expectAuthenticates(exampleSecret);
      expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
      await ws.ok('destroy', '-auto-approve', '-no-color');
    });

    it('applies examples/terraform against the gateway and destroys it', async () => {
      const aliceSecret = 'examples-alice-secret-0123456789abcdefghij';
      const ws = terraformWorkspace(
        devOverridesConfig(build),
        { TF_VAR_endpoint: gateway.url, TF_VAR_alice_api_key: aliceSecret, MCPGATEWAY_API_KEY: ADMIN_KEY },
        join(repoRoot, 'examples/terraform'),
      );
      const output = await ws.ok('apply', '-auto-approve', '-no-color');
      expect(output).toContain('Apply complete! Resources: 7 added, 0 changed, 0 destroyed.');
      expect(await ws.ok('output', '-raw', 'mcp_url')).toBe(`${gateway.url}/mcp/everything`);
      // the access rules as declared: the explainer applies them
      const explained = await api.request('POST', '/v1/access/evaluate', {
        principal: { user: 'ivan' },
        server: 'everything',
        tool: 'delete_repository',
      });
      expect(explained.body).toMatchObject({ decision: 'deny', policy: 'no-intern-deletes' });
      const written = await api.request('POST', '/v1/access/evaluate', {
        principal: { user: 'ada' },
        server: 'everything',
        tool: 'write_file',
        arguments: { path: '/tmp/notes' },
      });
      expect(written.body).toMatchObject({ decision: 'allow', policy: 'tmp-writes' });
      expect((await list('servers', '&workspace=platform')).map((s) => s['name']).sort()).toEqual([
        'everything',
        'everything-sse',
      ]);
      expectNoSecretsInState(ws, 'change-me', aliceSecret);
      expect(await ws.ok('output', '-raw', 'alice_api_key_prefix')).toBe(aliceSecret.slice(0, 4));
      // Alice's client authenticates with the secret the ephemeral variable gave (404: no such server).
      await expectAuthenticates(aliceSecret);
      expect((await ws.tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
      await ws.ok('destroy', '-auto-approve', '-no-color');
      expect(await list('servers', '&workspace=platform')).toEqual([]);
      await expectRefusedSoon(aliceSecret);
    });
  });
});
