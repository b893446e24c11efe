import { describe, expect, it } from 'vitest';
import { FakeClock, setup } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { createConfigReader } from './reader.js';

/**
 * What the management API accepts, the data plane reads: a shape decode.ts refused would be a server
 * answering "Unknown MCP server", a provider refusing its tokens, a policy left out — each with nothing
 * but a log line to show for it.
 */
async function world() {
  const clock = new FakeClock();
  const store = new MemoryStore(clock);
  const { call } = setup({ store, clock });
  const lines: string[] = [];
  const reader = () => createConfigReader({ store, clock, log: (line) => lines.push(line) });
  const created = async (path: string, body: object) => {
    const answer = await call('POST', path, body);
    expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
    return answer.body as Record<string, unknown>;
  };
  return { call, reader, created, lines };
}

const document = {
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1' },
  servers: [{ url: 'https://pets.test' }],
  paths: { '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'ok' } } } } },
};

describe('decoding what the management API stored', () => {
  it('reads a server of every transport and its traffic settings', async () => {
    const { reader, created, lines } = await world();
    const servers = {
      stateless: { url: 'https://c.test/mcp', transport: 'stateless-http' },
      http: {
        url: 'https://a.test/mcp',
        targets: [
          { url: 'https://a.test/mcp', weight: 3, priority: 0 },
          { url: 'https://b.test/mcp', weight: 1, priority: 1 },
        ],
        retry: { attempts: 2, backoffMs: 100, idempotentTools: ['search'] },
        circuitBreaker: { consecutiveFailures: 3, failureRate: 0.5, minimumCalls: 10, cooldownSeconds: 30 },
        healthCheck: { intervalSeconds: 30, unhealthyAfter: 2 },
        logging: { payloads: 'metadata', headers: ['x-tenant'] },
        toolPinning: 'quarantine',
        fallbacks: ['stateless'],
      },
      legacy: { url: 'https://d.test/sse', transport: 'sse' },
      fn: { transport: 'lambda', function: 'arn:aws:lambda:eu-west-1:123456789012:function:tools:live' },
      pets: { transport: 'openapi', openapi: { document, baseUrl: 'https://pets.test' } },
      both: {
        transport: 'virtual',
        members: [
          { server: 'http', prefix: 'a_' },
          { server: 'fn', rename: { echo: 'fn_echo' } },
        ],
      },
    };
    for (const [name, body] of Object.entries(servers)) await created('/v1/servers', { name, ...body });
    const read = reader();
    for (const [name, body] of Object.entries(servers))
      expect(await read.serverByName(name), name).toMatchObject({ name, ...body });
    expect(lines).toEqual([]);
  });

  it('reads an identity provider with roles, sign-in and claims, and a telemetry sink', async () => {
    const { reader, created, lines } = await world();
    const provider = {
      name: 'corp',
      issuer: 'https://idp.test',
      jwksUri: 'https://idp.test/jwks',
      audiences: ['mcp'],
      algorithms: ['RS256', 'ES256'],
      clockSkewSeconds: 30,
      requiredClaims: ['email'],
      claims: { user: 'email', workspace: 'tenant', teams: 'groups' },
      roles: { claim: 'groups', admin: ['mcp-admins'], workspaceAdmin: ['leads'], viewer: ['staff'] },
      login: {
        clientId: 'gateway',
        clientSecret: 's'.repeat(32),
        tokenEndpointAuthMethod: 'client_secret_post',
        scopes: ['openid', 'email'],
      },
    };
    await created('/v1/identity-providers', provider);
    const sink = {
      name: 'otel',
      endpoint: 'https://otel.test:4318/?tenant=a',
      protocol: 'http/json',
      headers: { 'x-api-key': 'k'.repeat(20) },
      sampling: 0.25,
      signals: ['traces', 'metrics'],
    };
    await created('/v1/telemetry-sinks', sink);
    const read = reader();
    const { clientSecret: _, ...login } = provider.login;
    expect(await read.identityProviders()).toMatchObject([{ ...provider, login }]);
    expect(await read.telemetrySinks()).toMatchObject([sink]);
    expect(lines).toEqual([]);
  });

  it('reads every kind of rule of a workspace: policies over claims, teams, limits, budgets, guardrails', async () => {
    const { reader, created, lines } = await world();
    await created('/v1/teams', { name: 'ops', members: ['ada'], claim: 'groups', values: ['ops'] });
    await created('/v1/webhooks', {
      name: 'approve',
      url: 'https://hooks.test/approve',
      secret: 'w'.repeat(32),
    });
    const policies = [
      {
        name: 'staff',
        effect: 'allow',
        priority: 10,
        servers: ['*'],
        tools: ['search*'],
        subjects: {
          teams: ['ops'],
          claims: [
            { claim: 'email', op: 'matches', values: ['^[^@]+@corp\\.test$'] },
            { claim: 'groups', op: 'in', values: ['staff'] },
            { claim: 'mfa', op: 'exists' },
          ],
        },
        condition: 'mcp.tool.name != "drop"',
      },
      {
        name: 'no-writes',
        effect: 'deny',
        methods: ['resources/subscribe'],
        prompts: ['*'],
        resources: ['file:*'],
      },
    ];
    for (const policy of policies) await created('/v1/access-policies', policy);
    await created('/v1/rate-limits', {
      name: 'calls',
      limit: 10,
      window: 'minute',
      algorithm: 'token-bucket',
      per: ['user', 'tool'],
    });
    await created('/v1/budgets', {
      name: 'spend',
      amount: 5,
      period: 'month',
      alertAt: [0.5, 0.8],
      action: 'block',
    });
    await created('/v1/guardrails', {
      name: 'secrets',
      direction: 'both',
      detectors: ['aws-access-key', 'email'],
      patterns: ['(?i)internal-only'],
      keywords: ['codename'],
      action: 'redact',
    });
    const rules = await reader().workspaceRules('default');
    expect(rules.unreadable).toBeUndefined();
    expect(rules.policies).toMatchObject(policies);
    expect(rules.teams).toMatchObject([{ name: 'ops', values: ['ops'] }]);
    expect(rules.rateLimits).toMatchObject([{ name: 'calls', algorithm: 'token-bucket' }]);
    expect(rules.budgets).toMatchObject([{ name: 'spend', action: 'block' }]);
    expect(rules.guardrails).toMatchObject([{ name: 'secrets', action: 'redact' }]);
    expect(lines).toEqual([]);
  });
});
