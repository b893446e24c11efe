import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { providerDocs } from '../../../openapi/generators/provider-docs.mjs';
import {
  buildResourceModel,
  resourceModel as resourceModelFiles,
  snakeCase,
} from '../../../openapi/generators/resource-model.mjs';
import { resourceModel } from '../generated/resource-model.js';
import type { AttributeModel } from '../model/types.js';
import { TerraformProvider } from '../server/provider.js';
import { ctyTypeOf, dataSourceAttributes, schemaOf } from './terraform.js';

const specText = readFileSync(new URL('../../../openapi/openapi.yaml', import.meta.url), 'utf8');
const spec = parse(specText) as { components: { schemas: Record<string, Record<string, unknown>> } };

const synthetic = {
  openapi: '3.1.0',
  info: { version: '9.9.9' },
  paths: {
    '/v1/things': {
      get: {
        operationId: 'listThings',
        parameters: [{ name: 'label', in: 'query', schema: { type: 'string' } }],
      },
      post: { operationId: 'createThing' },
    },
    '/v1/things/{id}': {
      get: { operationId: 'getThing' },
      patch: { operationId: 'patchThing' },
      delete: { operationId: 'deleteThing' },
    },
  },
  components: {
    schemas: {
      Secret: { type: 'string', writeOnly: true },
      Thing: {
        type: 'object',
        'x-mcpgateway-resource': {
          type: 'thing',
          plural: 'things',
          path: '/v1/things',
          operations: {
            create: 'createThing',
            read: 'getThing',
            update: 'patchThing',
            delete: 'deleteThing',
            list: 'listThings',
          },
          id: 'id',
          lookup: ['label', 'kind'],
        },
        required: ['label', 'retry'],
        properties: {
          id: { type: 'string', readOnly: true },
          label: { type: 'string', 'x-mcpgateway-immutable': true, pattern: '^[a-z]+$' },
          kind: { type: 'string', enum: ['a', 'b'], default: 'a' },
          note: { type: ['string', 'null'] },
          maxRetries: { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
          tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
          chain: {
            type: 'array',
            uniqueItems: true,
            'x-mcpgateway-ordered': true,
            items: { type: 'string' },
          },
          retry: {
            type: 'object',
            required: ['attempts'],
            properties: { attempts: { type: 'integer' }, backoffMs: { type: 'number', default: 100 } },
          },
          routes: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' } } } },
          metadata: { type: 'object' },
          token: { $ref: '#/components/schemas/Secret', description: 'Upstream token.' },
          apiKEY: { type: 'string', readOnly: true, 'x-mcpgateway-sensitive': true },
          generated: { type: 'string', readOnly: true, 'x-mcpgateway-iac': 'omit' },
          passphrase: {
            $ref: '#/components/schemas/Secret',
            minLength: 32,
            'x-mcpgateway-immutable': true,
            'x-mcpgateway-iac': 'required',
          },
        },
      },
    },
  },
};

describe('OpenAPI → resource model', () => {
  const model = buildResourceModel(synthetic);
  const thing = model.resources[0]!;
  const attribute = (name: string) => thing.attributes.find((a) => a.name === name) as AttributeModel;

  it('maps names, operations, lookups and import ids', () => {
    expect(thing.terraformType).toBe('mcpgateway_thing');
    expect(thing.operations.update).toEqual({
      operationId: 'patchThing',
      method: 'patch',
      path: '/v1/things/{id}',
    });
    expect(thing.lookup).toEqual([
      { attribute: 'label', apiName: 'label', queryParameter: 'label' },
      { attribute: 'kind', apiName: 'kind', queryParameter: null },
    ]);
    expect(thing.importId.alternatives).toEqual(['label=<label>', 'kind=<kind>']);
    expect(attribute('max_retries').apiName).toBe('maxRetries');
    expect(snakeCase('apiKEYValue')).toBe('api_key_value');
  });

  it('maps flags: readOnly → computed, default → optional+computed, writeOnly → write-only + sensitive, immutable', () => {
    expect(attribute('id')).toMatchObject({ computed: true, optional: false, required: false });
    expect(attribute('kind')).toMatchObject({
      computed: true,
      optional: true,
      required: false,
      default: 'a',
    });
    expect(attribute('label')).toMatchObject({
      required: true,
      immutable: true,
      validation: { pattern: '^[a-z]+$' },
    });
    expect(attribute('token')).toMatchObject({
      writeOnly: true,
      sensitive: true,
      optional: true,
      description: 'Upstream token.',
    });
    expect(attribute('token_version')).toMatchObject({
      apiName: null,
      triggersWriteOnly: 'token',
      optional: true,
    });
    expect(attribute('api_key')).toMatchObject({ computed: true, sensitive: true, createOnly: true });
  });

  it('honours x-mcpgateway-iac: omit leaves the property out, required requires it in IaC only', () => {
    expect(thing.attributes.map((a) => a.name)).not.toContain('generated');
    expect(thing.attributes.find((a) => a.apiName === 'generated')).toBeUndefined();
    expect(attribute('passphrase')).toMatchObject({
      required: true,
      optional: false,
      computed: false,
      writeOnly: true,
      sensitive: true,
      immutable: true,
      validation: { minLength: 32 },
    });
    // A new value of an immutable write-only attribute is a new object: its trigger replaces too.
    expect(attribute('passphrase_version')).toMatchObject({
      triggersWriteOnly: 'passphrase',
      optional: true,
      immutable: true,
    });
    expect(attribute('token_version').immutable).toBe(false);
    const schema = schemaOf(thing.attributes, thing.description);
    expect(schema.block.attributes.find((a) => a.name === 'passphrase')).toMatchObject({
      required: true,
      write_only: true,
      sensitive: true,
    });
  });

  it('rejects unknown x-mcpgateway-iac values and a required read-only property', () => {
    const unknownValue = structuredClone(synthetic) as unknown as {
      components: { schemas: { Thing: { properties: Record<string, Record<string, unknown>> } } };
    };
    unknownValue.components.schemas.Thing.properties['note'] = {
      type: 'string',
      'x-mcpgateway-iac': 'hidden',
    };
    expect(() => buildResourceModel(unknownValue)).toThrow(
      /note\.x-mcpgateway-iac: "hidden" is not one of omit, required/,
    );
    const readOnlyRequired = structuredClone(unknownValue);
    readOnlyRequired.components.schemas.Thing.properties['note'] = {
      type: 'string',
      readOnly: true,
      'x-mcpgateway-iac': 'required',
    };
    expect(() => buildResourceModel(readOnlyRequired)).toThrow(/readOnly property cannot be required/);
  });

  it('maps types: nullable unions, sets, nested objects, lists of objects and free-form JSON', () => {
    expect(attribute('note').type).toEqual({ kind: 'string' });
    expect(attribute('max_retries').type).toEqual({ kind: 'number', integer: true });
    expect(attribute('max_retries').validation).toEqual({ minimum: 0 });
    expect(attribute('tags').type).toEqual({ kind: 'set', element: { kind: 'string' } });
    // unique items whose order matters (tried in order) stay a list
    expect(attribute('chain').type).toEqual({ kind: 'list', element: { kind: 'string' } });
    expect(ctyTypeOf(attribute('retry').type)).toEqual([
      'object',
      { attempts: 'number', backoff_ms: 'number' },
    ]);
    expect(ctyTypeOf(attribute('routes').type)).toEqual(['list', ['object', { path: 'string' }]]);
    expect(attribute('metadata').type).toEqual({ kind: 'json' });
  });

  it('produces protocol 6 schemas with nested attributes', () => {
    const schema = schemaOf(thing.attributes, thing.description);
    const retry = schema.block.attributes.find((a) => a.name === 'retry')!;
    expect(retry.nested_type?.nesting).toBe('SINGLE');
    expect(retry.type).toBeUndefined();
    const routes = schema.block.attributes.find((a) => a.name === 'routes')!;
    expect(routes.nested_type?.nesting).toBe('LIST');
    const token = schema.block.attributes.find((a) => a.name === 'token')!;
    expect(token).toMatchObject({ write_only: true, sensitive: true, optional: true });
    expect(JSON.parse(token.type!.toString())).toBe('string');
  });

  it('derives data sources: selectors optional, everything else computed, no secrets', () => {
    const attributes = dataSourceAttributes(thing);
    expect(attributes.map((a) => a.name)).not.toContain('token');
    expect(attributes.map((a) => a.name)).not.toContain('api_key');
    expect(attributes.find((a) => a.name === 'label')).toMatchObject({
      optional: true,
      computed: true,
      required: false,
    });
    expect(attributes.find((a) => a.name === 'note')).toMatchObject({ optional: false, computed: true });
  });

  it('rejects annotations that point nowhere', () => {
    const broken = structuredClone(synthetic);
    broken.components.schemas.Thing['x-mcpgateway-resource'].operations.read = 'nope';
    expect(() => buildResourceModel(broken)).toThrow(/no operation "nope"/);
  });
});

describe('coverage: every management API resource is a Terraform resource', () => {
  const annotated = Object.entries(spec.components.schemas)
    .filter(([, schema]) => schema['x-mcpgateway-resource'])
    .map(([name, schema]) => ({ name, type: (schema['x-mcpgateway-resource'] as { type: string }).type }));

  it('keeps the gateway-generated api key out of IaC and requires a supplied, write-only secret', () => {
    const apiKey = resourceModel.resources.find((r) => r.type === 'api_key')!;
    const names = apiKey.attributes.map((a) => a.name);
    expect(names).not.toContain('key');
    expect(apiKey.attributes.some((a) => a.createOnly)).toBe(false);
    expect(apiKey.attributes.find((a) => a.name === 'secret')).toMatchObject({
      required: true,
      writeOnly: true,
      sensitive: true,
      immutable: true,
    });
    expect(dataSourceAttributes(apiKey).map((a) => a.name)).not.toContain('secret');
    // nested ones too (a login's client secret, its version): a data source never reads them back
    const provider = resourceModel.resources.find((r) => r.type === 'identity_provider')!;
    const login = dataSourceAttributes(provider).find((a) => a.name === 'login')!;
    expect(login.type.kind === 'object' && login.type.attributes.map((a) => a.name)).toEqual(
      expect.not.arrayContaining(['client_secret', 'client_secret_version']),
    );
    expect(login.type.kind === 'object' && login.type.attributes.map((a) => a.name)).toContain('client_id');
  });

  it('the committed resource model, docs and examples match the spec (run npm run generate)', async () => {
    expect(resourceModel).toEqual(buildResourceModel(spec));
    const root = new URL('../../../', import.meta.url);
    for (const { path, content } of [...(await resourceModelFiles(spec)), ...(await providerDocs(spec))]) {
      expect(readFileSync(new URL(path, root), 'utf8'), `${path} is out of date`).toBe(content);
    }
  });

  it('makes the server tool rules a nested attribute with lists, documented in a nested schema section', async () => {
    const server = resourceModel.resources.find((r) => r.type === 'server')!;
    const tools = schemaOf(server.attributes, server.description).block.attributes.find(
      (a) => a.name === 'tools',
    )!;
    expect(tools).toMatchObject({ optional: true, computed: false, nested_type: { nesting: 'SINGLE' } });
    expect(
      tools.nested_type?.attributes.map((a) => [
        a.name,
        JSON.parse(a.type!.toString()),
        a.optional,
        a.computed,
      ]),
    ).toEqual([
      ['allow', ['list', 'string'], true, false],
      ['deny', ['list', 'string'], true, false],
      ['read_only', 'bool', true, true],
    ]);
    const page = (await providerDocs(spec)).find((f) => f.path === 'provider/docs/resources/server.md')!;
    expect(page.content).toContain('- `tools` (Attributes) ');
    expect(page.content).toContain('(see [below for nested schema](#nestedatt--tools))');
    expect(page.content).toContain(
      '<a id="nestedatt--tools"></a>\n### Nested Schema for `tools`\n\nOptional:\n',
    );
    expect(page.content).toMatch(/- `read_only` \(Boolean\) .* Defaults to `false`\./);
    // The tool catalog below a server is a view of the API, no resource of its own.
    expect(resourceModel.resources.map((r) => r.path)).toEqual([
      '/v1/access-policies',
      '/v1/api-keys',
      '/v1/budgets',
      '/v1/guardrails',
      '/v1/identity-providers',
      '/v1/oauth-clients',
      '/v1/rate-limits',
      '/v1/registries',
      '/v1/servers',
      '/v1/teams',
      '/v1/telemetry-sinks',
      '/v1/webhooks',
      '/v1/workspaces',
    ]);
  });

  it('documents every resource and data source in the registry layout', async () => {
    const paths = (await providerDocs(spec)).map((f) => f.path);
    for (const { type } of annotated) {
      expect(paths).toContain(`provider/docs/resources/${type}.md`);
      expect(paths).toContain(`provider/docs/data-sources/${type}.md`);
    }
    expect(paths).toContain('provider/docs/index.md');
  });

  it('the provider serves a resource and a data source for each annotated schema', () => {
    expect(annotated.length).toBeGreaterThanOrEqual(3);
    const provider = new TerraformProvider({ model: resourceModel, version: 'test' });
    const schema = provider.getProviderSchema() as {
      resource_schemas: Record<string, unknown>;
      data_source_schemas: Record<string, unknown>;
    };
    for (const { name, type } of annotated) {
      expect(schema.resource_schemas, `${name} has no Terraform resource`).toHaveProperty(
        `mcpgateway_${type}`,
      );
      expect(schema.data_source_schemas, `${name} has no data source`).toHaveProperty(`mcpgateway_${type}`);
    }
  });

  it('every schema with CRUD paths under /v1 is annotated', () => {
    const paths = Object.keys((parse(specText) as { paths: Record<string, unknown> }).paths);
    // read-only views (the users the gateway has seen, the audit log) are no resources to configure
    const views = ['/v1/openapi.json', '/v1/users', '/v1/audit-events', '/v1/analytics/usage'];
    const collections = paths.filter((p) => /^\/v1\/[a-z-]+$/.test(p) && !views.includes(p));
    const covered = new Set(resourceModel.resources.map((r) => r.path));
    for (const collection of collections)
      expect(covered, `${collection} has no annotated resource`).toContain(collection);
  });
});
