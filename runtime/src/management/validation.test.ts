import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceModel } from './model.js';
import { createSpecValidator, specValidator } from './validation.js';

const validator = specValidator();
const model = (type: string): ResourceModel => {
  const found = validator.models.find((candidate) => candidate.annotation.type === type);
  if (found === undefined) throw new Error(type);
  return found;
};
const server = model('server');
const workspace = model('workspace');
const apiKey = model('api_key');

describe('the resource model read from the spec', () => {
  it('finds every annotated resource with its property annotations and list filters', () => {
    expect(validator.models.map((m) => m.annotation.plural).sort()).toEqual([
      'access-policies',
      'api-keys',
      'budgets',
      'guardrails',
      'identity-providers',
      'oauth-clients',
      'rate-limits',
      'registries',
      'servers',
      'teams',
      'telemetry-sinks',
      'webhooks',
      'workspaces',
    ]);
    expect([...server.immutable].sort()).toEqual(['name', 'workspace']);
    expect([...server.writeOnly]).toEqual(['headers']);
    expect([...server.readOnly].sort()).toEqual([
      'createdAt',
      'disabledAt',
      'enabledAt',
      'id',
      'origin',
      'updatedAt',
      'version',
    ]);
    expect([...apiKey.readOnly]).toContain('key');
    expect([...apiKey.sensitive]).toEqual(['key']);
    expect(server.listFilters).toEqual(['name', 'workspace']);
    expect(apiKey.listFilters).toEqual(['name', 'user', 'workspace']);
    // a rate limit's `limit` is its number, not the page's
    expect(model('rate_limit').listFilters).not.toContain('limit');
    expect(server.patchSchemaName).toBe('ServerPatch');
  });
});

describe('validateBody', () => {
  it('applies defaults on create and accepts a valid body', () => {
    const result = validator.validateBody(server, 'create', {
      name: 'everything',
      url: 'http://127.0.0.1:3001/mcp',
    });
    expect(result).toEqual({
      ok: true,
      immutable: {},
      value: {
        name: 'everything',
        url: 'http://127.0.0.1:3001/mcp',
        workspace: 'default',
        transport: 'streamable-http',
        enabled: true,
        timeoutMs: 60000,
        trustAnnotations: false,
        toolPinning: 'off',
      },
    });
    const withTools = validator.validateBody(server, 'create', {
      name: 'everything',
      url: 'http://127.0.0.1:3001/mcp',
      tools: { allow: ['get-*'] },
    });
    expect(withTools.ok && withTools.value['tools']).toEqual({ allow: ['get-*'], readOnly: false });
  });

  it('does not modify the caller’s body', () => {
    const body = { name: 'a', url: 'https://x.example/mcp' };
    validator.validateBody(server, 'create', body);
    expect(body).toEqual({ name: 'a', url: 'https://x.example/mcp' });
  });

  it('points at a missing required property', () => {
    const result = validator.validateBody(server, 'create', { url: 'http://x.example/mcp' });
    expect(result).toEqual({ ok: false, errors: [{ pointer: '/name', detail: 'is required' }] });
  });

  it('points at unknown properties, escaping ~ and / (RFC 6901)', () => {
    const result = validator.validateBody(workspace, 'create', { name: 'a', 'a/b~c': 1, extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { pointer: '/a~1b~0c', detail: 'is not a known property' },
      { pointer: '/extra', detail: 'is not a known property' },
    ]);
  });

  it('points into nested objects and reports every bad field', () => {
    const result = validator.validateBody(server, 'create', {
      name: 'Not Valid',
      url: 'ftp://example.com/x',
      transport: 'carrier-pigeon',
      timeoutMs: 5,
      labels: { 'team/owner': 7 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const pointers = result.errors.map((error) => error.pointer).sort();
    expect(pointers).toEqual(['/labels/team~1owner', '/name', '/timeoutMs', '/transport', '/url']);
    expect(result.errors.find((error) => error.pointer === '/transport')?.detail).toBe(
      'must be one of: "streamable-http", "stateless-http", "sse", "openapi", "lambda", "virtual"',
    );
  });

  it('reports a body that is not an object at the root pointer', () => {
    expect(validator.validateBody(server, 'create', [1, 2])).toEqual({
      ok: false,
      errors: [{ pointer: '', detail: 'must be of type object' }],
    });
  });

  it('ignores read-only fields so a GET result can be sent back', () => {
    const result = validator.validateBody(workspace, 'replace', {
      id: 'ws_1',
      version: 3,
      createdAt: 'whenever',
      updatedAt: 'not a date',
      name: 'team-a',
    });
    expect(result).toEqual({ ok: true, immutable: {}, value: { name: 'team-a', defaultAccess: 'allow' } });
    const key = validator.validateBody(apiKey, 'patch', {
      prefix: 'mcpgw_abc',
      key: 'secret',
      enabled: false,
    });
    expect(key).toEqual({ ok: true, immutable: {}, value: { enabled: false } });
  });

  it('validates merge patches against the patch schema and sets immutable fields aside', () => {
    expect(validator.validateBody(server, 'patch', { name: 'x', enabled: false, description: null })).toEqual(
      {
        ok: true,
        immutable: { name: 'x' },
        value: { enabled: false, description: null },
      },
    );
    const bad = validator.validateBody(server, 'patch', { enabled: 'yes', url: 7, headers: { 'x-a': 1 } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((error) => error.pointer).sort()).toEqual(['/enabled', '/headers/x-a', '/url']);
  });

  it('tells what is wrong with an object an alternative of null takes, not that it is no null', () => {
    const bad = validator.validateBody(server, 'patch', { credentials: { clientId: 'c3' } });
    expect(bad).toEqual({ ok: false, errors: [{ pointer: '/credentials/kind', detail: 'is required' }] });
    // a value of no type an alternative takes still says which types those are
    const wrong = validator.validateBody(server, 'patch', { credentials: 7 });
    expect(wrong.ok || wrong.errors.map((error) => `${error.pointer} ${error.detail}`)).toEqual([
      '/credentials must be of type object',
      '/credentials must be of type null',
    ]);
  });

  it('points at a refused property name, once, with what is wrong with it', () => {
    const result = validator.validateBody(server, 'create', {
      name: 'a',
      url: 'http://x.example/mcp',
      headers: { 'Bad Name': 'v', 'a/b': 'v', 'X-Fine': 'v' },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          pointer: '/headers/Bad Name',
          detail: `is not an allowed name: it must match pattern "^[!#$%&'*+.^_\`|~0-9A-Za-z-]+$"`,
        },
        {
          pointer: '/headers/a~1b',
          detail: `is not an allowed name: it must match pattern "^[!#$%&'*+.^_\`|~0-9A-Za-z-]+$"`,
        },
      ],
    });
  });

  it('checks tool name patterns and the workspace reference like a name', () => {
    const result = validator.validateBody(server, 'create', {
      name: 'a',
      url: 'http://x.example/mcp',
      workspace: 'w'.repeat(2000),
      tools: { allow: ['ok-*', 'has space', ''], deny: ['x'.repeat(129)], extra: true },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.pointer)).toEqual([
      '/workspace',
      '/tools/extra',
      '/tools/allow/1',
      '/tools/allow/2',
      '/tools/allow/2',
      '/tools/deny/0',
    ]);
  });

  it('checks string query parameters of list operations against their schemas', () => {
    expect(validator.checkQueryParameter(server, 'name', 'everything')).toBeUndefined();
    expect(validator.checkQueryParameter(server, 'workspace', 'w'.repeat(65))).toBe(
      'must NOT have more than 64 characters',
    );
    expect(validator.checkQueryParameter(server, 'name', '')).toBe(
      'must NOT have fewer than 1 characters; must match pattern "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"',
    );
    expect(validator.checkQueryParameter(apiKey, 'user', 'u'.repeat(257))).toBe(
      'must NOT have more than 256 characters',
    );
    expect(validator.checkQueryParameter(server, 'cursor', 'c'.repeat(1025))).toBe(
      'must NOT have more than 1024 characters',
    );
    // `limit` is an integer the caller parses; undeclared parameters are not this check's business.
    expect(validator.checkQueryParameter(server, 'limit', 'ten')).toBeUndefined();
    expect(validator.checkQueryParameter(server, 'other', 'x')).toBeUndefined();
  });

  it('checks formats', () => {
    const result = validator.validateBody(apiKey, 'create', {
      name: 'k',
      user: 'alice',
      expiresAt: 'tomorrow',
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ pointer: '/expiresAt', detail: 'must be a valid date-time' }],
    });
  });

  it('can be compiled from another document', () => {
    const other = createSpecValidator({
      openapi: '3.1.0',
      components: {
        schemas: {
          Thing: {
            type: 'object',
            'x-mcpgateway-resource': {
              type: 'thing',
              plural: 'things',
              path: '/v1/things',
              operations: { create: 'c', read: 'r', update: 'u', delete: 'd', list: 'l' },
              id: 'id',
              lookup: ['name'],
            },
            required: ['name'],
            additionalProperties: false,
            properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } },
          },
        },
      },
    });
    expect(other.models.map((m) => m.annotation.type)).toEqual(['thing']);
    const thing = other.models[0]!;
    expect(other.validateBody(thing, 'create', {})).toEqual({
      ok: false,
      errors: [{ pointer: '/name', detail: 'is required' }],
    });
    expect(other.validateBody(thing, 'patch', {})).toEqual({
      ok: false,
      errors: [{ pointer: '', detail: 'this resource cannot be patched' }],
    });
  });
});

/** Whether `pointer` is a well-formed RFC 6901 pointer whose parent exists in `value`. */
function pointerParentExists(value: unknown, pointer: string): boolean {
  if (pointer === '') return true;
  if (!/^(\/([^~/]|~[01])*)+$/.test(pointer)) return false;
  const tokens = pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
  let current: unknown = value;
  for (const token of tokens.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) return false;
    if (!Object.hasOwn(current, token)) return false;
    current = (current as Record<string, unknown>)[token];
  }
  return typeof current === 'object' && current !== null;
}

describe('validateBody on arbitrary JSON', () => {
  const keys = fc.oneof(
    fc.constantFrom(
      'name',
      'url',
      'labels',
      'headers',
      'workspace',
      'enabled',
      'timeoutMs',
      'id',
      'user',
      'a/b',
      '~',
    ),
    fc.string(),
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(keys, fc.jsonValue()),
    fc.dictionary(keys, fc.dictionary(keys, fc.jsonValue())),
  );

  it('never throws, and answers success or errors with well-formed pointers', () => {
    fc.assert(
      fc.property(
        body,
        fc.constantFrom(...validator.models),
        fc.constantFrom('create', 'replace', 'patch'),
        (value, m, mode) => {
          const result = validator.validateBody(m, mode as 'create' | 'replace' | 'patch', value);
          if (result.ok) {
            expect(typeof result.value).toBe('object');
            return;
          }
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(typeof error.detail).toBe('string');
            expect(
              pointerParentExists(value, error.pointer),
              `${error.pointer} in ${JSON.stringify(value)}`,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
