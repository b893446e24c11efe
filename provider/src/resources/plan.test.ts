import { describe, expect, it } from 'vitest';
import { isUnknown, type ObjectValue, unknown } from '../codec/value.js';
import { resourceModel } from '../generated/resource-model.js';
import { findResource, type ResourceModel } from '../model/index.js';
import { toApiObject, typedEqual } from './mapper.js';
import { applyResult, planResource, readResult } from './plan.js';

const server = findResource(resourceModel, 'mcpgateway_server')!;
const apiKey = findResource(resourceModel, 'mcpgateway_api_key')!;

function nulls(names: string[]): ObjectValue {
  return Object.fromEntries(names.map((n) => [n, null]));
}
const flags = {
  required: false,
  optional: false,
  computed: false,
  sensitive: false,
  writeOnly: false,
  immutable: false,
  volatile: false,
  createOnly: false,
  description: '',
};
const serverNulls = () => nulls(server.attributes.map((a) => a.name));

const config: ObjectValue = {
  ...serverNulls(),
  name: 'everything',
  url: 'http://127.0.0.1:3001/mcp',
  headers: { 'X-Token': 'secret' },
};

const prior: ObjectValue = {
  ...serverNulls(),
  id: 'srv_1',
  version: 3,
  created_at: '2030-01-01T00:00:00Z',
  updated_at: '2030-01-02T00:00:00Z',
  name: 'everything',
  url: 'http://127.0.0.1:3001/mcp',
  workspace: 'default',
  transport: 'streamable-http',
  enabled: true,
  timeout_ms: 60000,
  trust_annotations: false,
  tool_pinning: 'off',
};

describe('plan', () => {
  it('on create: config passes through, defaults are planned, read-only attributes are unknown, write-only is null', () => {
    const { planned, requiresReplace } = planResource(server, null, { ...config }, config);
    expect(planned!['name']).toBe('everything');
    expect(planned!['workspace']).toBe('default');
    expect(planned!['timeout_ms']).toBe(60000);
    expect(planned!['enabled']).toBe(true);
    expect(isUnknown(planned!['id'])).toBe(true);
    expect(isUnknown(planned!['version'])).toBe(true);
    expect(planned!['headers']).toBeNull();
    expect(planned!['description']).toBeNull();
    expect(requiresReplace).toEqual([]);
  });

  it('replaces an OAuth client whose credential kind changes (one with a secret, one without); in place within a kind', () => {
    const client = findResource(resourceModel, 'mcpgateway_oauth_client')!;
    const stored: ObjectValue = Object.fromEntries(client.attributes.map((a) => [a.name, null]));
    Object.assign(stored, {
      id: 'cli_1',
      name: 'ci',
      workspace: 'default',
      token_endpoint_auth_method: 'client_secret_basic',
    });
    const moved = (method: string) => {
      const next = { ...stored, token_endpoint_auth_method: method };
      return planResource(client, stored, next, next).requiresReplace;
    };
    expect(moved('client_secret_post')).toEqual([]);
    expect(moved('private_key_jwt')).toEqual([['token_endpoint_auth_method']]);
    expect(moved('none')).toEqual([['token_endpoint_auth_method']]);
    // known only at apply (another resource's value): it may move across, so a replacement is planned now
    // (Terraform refuses a plan whose update becomes a replacement at apply)
    const later = { ...stored, token_endpoint_auth_method: unknown };
    expect(planResource(client, stored, later, later).requiresReplace).toEqual([
      ['token_endpoint_auth_method'],
    ]);
  });

  it('without changes keeps every prior value (a no-op plan)', () => {
    const proposed = { ...prior };
    const { planned, requiresReplace } = planResource(server, prior, proposed, config);
    expect(planned).toEqual(prior);
    expect(requiresReplace).toEqual([]);
  });

  it('fills defaults inside nested objects, so a nested object with lists round-trips without a diff', () => {
    const tools = { allow: ['echo', 'get-*'], deny: null, read_only: null };
    const withTools = { ...config, tools, trust_annotations: true };
    const created = planResource(server, null, { ...withTools }, withTools).planned!;
    expect(created['tools']).toEqual({ allow: ['echo', 'get-*'], deny: null, read_only: false });
    const stored: ObjectValue = { ...prior, tools: created['tools'] ?? null, trust_annotations: true };
    const again = planResource(server, stored, { ...stored, tools }, withTools);
    expect(again.planned).toEqual(stored);
    expect(again.requiresReplace).toEqual([]);
  });

  it('on an in-place update keeps stable computed values and marks volatile ones unknown', () => {
    const changed = { ...config, description: 'new' };
    const { planned, requiresReplace } = planResource(
      server,
      prior,
      { ...prior, description: 'new' },
      changed,
    );
    expect(planned!['description']).toBe('new');
    expect(planned!['id']).toBe('srv_1');
    expect(planned!['created_at']).toBe('2030-01-01T00:00:00Z');
    expect(isUnknown(planned!['version'])).toBe(true);
    expect(isUnknown(planned!['updated_at'])).toBe(true);
    // set by the write that disables the server: known only after it
    expect(isUnknown(planned!['disabled_at'])).toBe(true);
    expect(requiresReplace).toEqual([]);
  });

  it('an immutable change requires replacement, also when the new value is unknown', () => {
    const changed = { ...config, name: 'renamed' };
    expect(planResource(server, prior, { ...prior, name: 'renamed' }, changed).requiresReplace).toEqual([
      ['name'],
    ]);
    const unknownName = { ...config, name: unknown };
    expect(planResource(server, prior, { ...prior, name: unknown }, unknownName).requiresReplace).toEqual([
      ['name'],
    ]);
  });

  it('a removed defaulted attribute returns to its default', () => {
    const withDisabled = { ...prior, enabled: false };
    const { planned } = planResource(server, withDisabled, { ...withDisabled }, config);
    expect(planned!['enabled']).toBe(true);
  });

  it('bumping a write-only version companion is an in-place change', () => {
    const bumped = { ...config, headers_version: '2' };
    const { planned, requiresReplace } = planResource(
      server,
      prior,
      { ...prior, headers_version: '2' },
      bumped,
    );
    expect(planned!['headers_version']).toBe('2');
    expect(isUnknown(planned!['version'])).toBe(true);
    expect(requiresReplace).toEqual([]);
  });

  describe('an api key with its write-only, immutable secret', () => {
    const keyNulls = () => nulls(apiKey.attributes.map((a) => a.name));
    const secret = 'a-secret-from-an-ephemeral-variable-0123';
    const keyConfig: ObjectValue = { ...keyNulls(), name: 'k', user: 'alice', secret };
    const keyPrior: ObjectValue = {
      ...keyNulls(),
      id: 'key_1',
      version: 1,
      created_at: '2030-01-01T00:00:00Z',
      updated_at: '2030-01-01T00:00:00Z',
      name: 'k',
      user: 'alice',
      workspace: 'default',
      enabled: true,
      prefix: 'a-se',
    };
    const proposed = (changes: ObjectValue = {}) => ({ ...keyPrior, secret, ...changes });

    it('plans the secret null (never in plan or state) and no change when nothing else changed', () => {
      const created = planResource(apiKey, null, { ...keyConfig }, keyConfig);
      expect(created.planned!['secret']).toBeNull();
      const again = planResource(apiKey, keyPrior, proposed(), keyConfig);
      expect(again.planned).toEqual(keyPrior);
      expect(again.requiresReplace).toEqual([]);
    });

    it('after an import (secret and secret_version null in state) plans no replacement', () => {
      const { planned, requiresReplace } = planResource(apiKey, keyPrior, proposed(), keyConfig, {
        imported: true,
      });
      expect(planned).toEqual(keyPrior);
      expect(requiresReplace).toEqual([]);
    });

    it('replaces the key when secret_version changes, also from unset on a created key', () => {
      const versioned = { ...keyPrior, secret_version: '1' };
      const bumped = planResource(apiKey, versioned, proposed({ secret_version: '2' }), {
        ...keyConfig,
        secret_version: '2',
      });
      expect(bumped.requiresReplace).toEqual([['secret_version']]);
      const first = planResource(apiKey, keyPrior, proposed({ secret_version: '1' }), {
        ...keyConfig,
        secret_version: '1',
      });
      expect(first.requiresReplace).toEqual([['secret_version']]);
    });

    it('records the first secret_version after an import in place (the gateway checks the secret)', () => {
      const { planned, requiresReplace } = planResource(
        apiKey,
        keyPrior,
        proposed({ secret_version: '1' }),
        { ...keyConfig, secret_version: '1' },
        { imported: true },
      );
      expect(requiresReplace).toEqual([]);
      expect(planned!['secret_version']).toBe('1');
      expect(isUnknown(planned!['version'])).toBe(true);
    });
  });

  it('destroy plans null', () => {
    expect(planResource(server, prior, null, null).planned).toBeNull();
  });
});

describe('nested attributes', () => {
  const nested: ResourceModel = {
    ...server,
    attributes: [
      ...server.attributes,
      {
        name: 'retry',
        apiName: 'retry',
        type: {
          kind: 'object',
          attributes: [
            {
              ...flags,
              name: 'attempts',
              apiName: 'attempts',
              required: true,
              type: { kind: 'number', integer: true },
            },
            {
              ...flags,
              name: 'backoff_ms',
              apiName: 'backoffMs',
              optional: true,
              computed: true,
              default: 100,
              type: { kind: 'number', integer: true },
            },
            { ...flags, name: 'state', apiName: 'state', computed: true, type: { kind: 'string' } },
          ],
        },
        ...flags,
        optional: true,
      },
    ],
  };

  it('plans nested defaults and leaves nested read-only values unknown on create', () => {
    const retry = { attempts: 3, backoff_ms: null, state: null };
    const withRetry = { ...config, retry };
    const { planned } = planResource(nested, null, { ...withRetry }, withRetry);
    const plannedRetry = planned!['retry'] as ObjectValue;
    expect(plannedRetry['attempts']).toBe(3);
    expect(plannedRetry['backoff_ms']).toBe(100);
    expect(isUnknown(plannedRetry['state'])).toBe(true);
  });
});

describe('apply result', () => {
  it('keeps every known planned value and fills unknowns from the API', () => {
    const { planned } = planResource(server, null, { ...config }, config);
    const fromApi: ObjectValue = { ...prior, url: 'http://normalised/', headers: null };
    const state = applyResult(server.attributes, planned!, fromApi, null);
    expect(state['url']).toBe('http://127.0.0.1:3001/mcp');
    expect(state['id']).toBe('srv_1');
    expect(state['version']).toBe(3);
    expect(state['headers']).toBeNull();
  });

  it('keeps a create-only secret the update response no longer carries', () => {
    // No resource of the spec has one any more (x-mcpgateway-iac: omit keeps generated secrets out).
    const withKey: ResourceModel = {
      ...apiKey,
      attributes: [
        ...apiKey.attributes,
        {
          ...flags,
          name: 'key',
          apiName: 'key',
          computed: true,
          sensitive: true,
          createOnly: true,
          type: { kind: 'string' },
        },
      ],
    };
    const priorKey: ObjectValue = {
      ...nulls(withKey.attributes.map((a) => a.name)),
      id: 'k1',
      key: 'mcpk_secret',
      name: 'a',
      user: 'u',
    };
    const planned = { ...priorKey, name: 'b', version: unknown, updated_at: unknown };
    const fromApi = { ...priorKey, key: null, name: 'b', version: 2, updated_at: 'x' };
    const state = applyResult(withKey.attributes, planned, fromApi, priorKey);
    expect(state['key']).toBe('mcpk_secret');
    expect(state['version']).toBe(2);
  });
});

describe('read result', () => {
  it('keeps write-only null, create-only secrets and Terraform-only attributes; normalises empty labels', () => {
    const current = { ...prior, headers_version: '1' };
    const fromApi: ObjectValue = {
      ...prior,
      labels: {},
      headers: null,
      headers_version: null,
      description: 'changed elsewhere',
    };
    const returned = new Set([
      'id',
      'version',
      'createdAt',
      'updatedAt',
      'name',
      'url',
      'labels',
      'description',
    ]);
    const state = readResult(server.attributes, fromApi, current, returned);
    expect(state['labels']).toBeNull();
    expect(state['headers']).toBeNull();
    expect(state['headers_version']).toBe('1');
    expect(state['description']).toBe('changed elsewhere');
  });

  it('treats an empty value and an absent one as the same, whichever the config used', () => {
    const withEmpty = { ...prior, labels: {}, description: '' };
    const fromApi: ObjectValue = { ...prior, labels: null, description: null };
    const state = readResult(server.attributes, fromApi, withEmpty, new Set(['id', 'name', 'url']));
    expect(state['labels']).toEqual({});
    expect(state['description']).toBe('');
  });

  it('never takes an empty list that means none for an unset one that means every one (access drift)', () => {
    const keyNulls = nulls(apiKey.attributes.map((a) => a.name));
    const locked: ObjectValue = { ...keyNulls, id: 'k1', name: 'ci', user: 'ci', servers: [] };
    const returned = new Set(['id', 'name', 'user', 'servers']);
    // widened out of band (servers unset: every server): that is drift, not the same value
    const widened = readResult(apiKey.attributes, { ...locked, servers: null }, locked, returned);
    expect(widened['servers']).toBeNull();
    // an imported key locked to none keeps its empty list
    const imported = readResult(apiKey.attributes, locked, { ...keyNulls, id: 'k1' }, returned);
    expect(imported['servers']).toEqual([]);
    // nested too: a server offering no tools (`allow = []`) is not one offering every tool
    const tools = server.attributes.find((a) => a.name === 'tools')!;
    if (tools.type.kind !== 'object') throw new Error('tools is an object');
    const toolNulls = nulls(tools.type.attributes.map((a) => a.name));
    const none: ObjectValue = {
      ...serverNulls(),
      id: 's1',
      name: 'up',
      url: 'https://u.test/mcp',
      tools: { ...toolNulls, allow: [] },
    };
    const every = readResult(
      server.attributes,
      { ...none, tools: { ...toolNulls, allow: null } },
      none,
      new Set(['id', 'name', 'url', 'tools']),
    );
    expect((every['tools'] as ObjectValue)['allow']).toBeNull();
  });

  it('keeps the configured text of an equal JSON document (jsonencode escapes, a file’s own spacing)', () => {
    const openapi = server.attributes.find((a) => a.name === 'openapi')!;
    if (openapi.type.kind !== 'object') throw new Error('openapi is an object');
    const inner = openapi.type.attributes.map((a) => a.name);
    const withDocument = (document: string): ObjectValue => ({
      ...serverNulls(),
      id: 's1',
      name: 'api',
      openapi: { ...nulls(inner), document },
    });
    const configured = '{"paths": {}, "info": {"title": "A \\u0026 B"}}';
    const returned = new Set(['id', 'name', 'openapi']);
    const same = readResult(
      server.attributes,
      withDocument('{"info":{"title":"A & B"},"paths":{}}'),
      withDocument(configured),
      returned,
    );
    expect((same['openapi'] as ObjectValue)['document']).toBe(configured);
    const changed = readResult(
      server.attributes,
      withDocument('{"info":{"title":"C"},"paths":{}}'),
      withDocument(configured),
      returned,
    );
    expect((changed['openapi'] as ObjectValue)['document']).toBe('{"info":{"title":"C"},"paths":{}}');
  });

  it('keeps the prior spelling of an equal instant', () => {
    const priorKey: ObjectValue = {
      ...nulls(apiKey.attributes.map((a) => a.name)),
      id: 'k1',
      expires_at: '2030-01-01T00:00:00Z',
    };
    const fromApi = { ...priorKey, expires_at: '2030-01-01T00:00:00.000Z' };
    const state = readResult(apiKey.attributes, fromApi, priorKey, new Set(['id', 'expiresAt']));
    expect(state['expires_at']).toBe('2030-01-01T00:00:00Z');
  });
});

describe('sets', () => {
  it('compare without order', () => {
    const set = { kind: 'set', element: { kind: 'string' } } as const;
    expect(typedEqual(set, ['a', 'b'], ['b', 'a'])).toBe(true);
    expect(typedEqual(set, ['a', 'b'], ['a', 'c'])).toBe(false);
    expect(typedEqual({ kind: 'list', element: { kind: 'string' } }, ['a', 'b'], ['b', 'a'])).toBe(false);
  });
});

describe('a write-only attribute inside a nested object (identity provider login.client_secret)', () => {
  const provider = findResource(resourceModel, 'mcpgateway_identity_provider')!;
  const base = (login: ObjectValue): ObjectValue => ({
    ...nulls(provider.attributes.map((a) => a.name)),
    name: 'corp',
    issuer: 'https://login.example.com',
    login,
  });
  const configLogin = {
    client_id: 'gw',
    client_secret: 'idp-secret',
    client_secret_version: '1',
    scopes: null,
    token_endpoint_auth_method: null,
    vault_link_sign_in: null,
    grant_lifetime_seconds: null,
  };

  it('is null in the plan, sent from the config in the body, and the body carries nothing Terraform-only', () => {
    const config = base(configLogin);
    const { planned } = planResource(provider, null, config, config);
    expect(planned!['login']).toMatchObject({ client_secret: null, client_secret_version: '1' });
    const body = toApiObject(provider.attributes, planned!, config);
    expect(body['login']).toEqual({
      clientId: 'gw',
      clientSecret: 'idp-secret',
      tokenEndpointAuthMethod: 'client_secret_basic',
      vaultLinkSignIn: true,
      grantLifetimeSeconds: 7776000,
    });
  });

  it('a read keeps the nested version companion and never the secret, so the next plan is empty', () => {
    const config = base(configLogin);
    const { planned } = planResource(provider, null, config, config);
    const stateBefore = { ...planned!, id: 'idp_1', version: 1 };
    const fromApi = {
      ...stateBefore,
      login: {
        client_id: 'gw',
        client_secret: 'leaked?',
        client_secret_version: null,
        scopes: null,
        token_endpoint_auth_method: 'client_secret_basic',
        vault_link_sign_in: true,
        grant_lifetime_seconds: 7776000,
      },
    };
    const read = readResult(provider.attributes, fromApi, stateBefore, new Set(['id', 'login']));
    expect(read['login']).toEqual(planned!['login']);
    const again = planResource(provider, read, config, config);
    expect(again.planned!['login']).toEqual(read['login']);
    expect(again.requiresReplace).toEqual([]);
  });

  it('bumping the nested version companion is an in-place change', () => {
    const config = base(configLogin);
    const { planned } = planResource(provider, null, config, config);
    const prior = { ...planned!, id: 'idp_1', version: 1, created_at: 'x', updated_at: 'y' };
    const bumped = base({ ...configLogin, client_secret: 'rotated', client_secret_version: '2' });
    const next = planResource(provider, prior, bumped, bumped);
    expect(next.requiresReplace).toEqual([]);
    expect(isUnknown(next.planned!['version'])).toBe(true);
    expect(toApiObject(provider.attributes, next.planned!, bumped)['login']).toMatchObject({
      clientSecret: 'rotated',
    });
  });
});
