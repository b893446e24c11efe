/**
 * Access policies end to end: a real OpenID provider (`oidc-provider`) issues tokens with a `groups` claim
 * to two agents; the real SDK client brings them to `server-everything` behind the gateway. The two see
 * different tool lists, forbidden calls are answered by the gateway and never reach the upstream (a
 * recording pass-through proves it), a CEL condition decides on the arguments actually sent, a closed
 * server looks unknown, and the explainer names the rule that decided.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin } from '../support/gateway-api.js';
import { type OpenIdProvider, startOpenIdProvider } from '../support/openid-provider.js';
import { GatewayProcess, startEverything, stopAll } from '../support/processes.js';
import { initializeBody, post } from '../support/raw-mcp.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
const secret = randomBytes(24).toString('hex');
/** The agents the company's provider knows, and the groups their tokens carry. */
const GROUPS: Record<string, string[]> = { 'intern-agent': ['interns'], 'platform-agent': ['eng'] };

let gateway: GatewayProcess;
let idp: OpenIdProvider;
let recorder: RecordingProxy;
let api: Admin;
const WEBHOOK_SECRET = randomBytes(24).toString('hex');
/** The authorization webhook's receiver: what it was asked, with each signature checked. */
const asked: { body: Record<string, unknown>; signed: boolean }[] = [];
let receiver: Server;

function startReceiver(): Promise<string> {
  receiver = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    request.on('end', () => {
      const timestamp = request.headers['x-mcp-gateway-timestamp'];
      const expected = `v1=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${raw}`).digest('hex')}`;
      const body = JSON.parse(raw) as Record<string, unknown>;
      asked.push({ body, signed: request.headers['x-mcp-gateway-signature'] === expected });
      const answer =
        body['tool'] === 'get-sum' ? { allow: false, reason: 'Sums are closed today.' } : { allow: true };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/authz`),
    ),
  );
}

const callsReaching = (name: string) =>
  recorder.messages.filter((m) => m.method === 'tools/call' && m.params?.name === name).length;

async function tokenOf(agent: string, server: string): Promise<string> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${agent}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'mcp',
      resource: `${gateway.url}/mcp/${server}`,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function connectAs(agent: string, server = 'tools'): Promise<Client> {
  const token = await tokenOf(agent, server);
  const client = new Client({ name: agent, version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/${server}`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

const created = async (path: string, body: unknown) => {
  const result = await api.request('POST', path, body);
  expect(result.status, result.text).toBe(201);
};

beforeAll(async () => {
  const [everything, started, openId] = await Promise.all([
    startEverything('streamableHttp'),
    // with a sealing key the webhook's secret is sealed at rest: signatures the receiver checks prove it opens
    GatewayProcess.start({
      adminKey,
      memory: true,
      env: { MCP_GATEWAY_CONFIG_TTL_MS: '0', MCP_GATEWAY_VAULT_KEY: randomBytes(32).toString('hex') },
    }),
    startOpenIdProvider(() => ({
      clients: Object.keys(GROUPS).map((client_id) => ({
        client_id,
        client_secret: secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: 'mcp',
      })),
      scopes: ['mcp'],
      extraTokenClaims: async (_ctx: unknown, token: { clientId?: string }) => ({
        groups: GROUPS[token.clientId ?? ''] ?? [],
      }),
      features: {
        clientCredentials: { enabled: true },
        devInteractions: { enabled: false },
        resourceIndicators: {
          enabled: true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: 'mcp',
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 300,
          }),
        },
      },
    })),
  ]);
  gateway = started;
  idp = openId;
  recorder = await startRecordingProxy(everything.url);
  api = admin(() => gateway.url, adminKey);
  await created('/v1/identity-providers', { name: 'corp', issuer: idp.issuer });
  await api.registerServer('tools', recorder.url);
  await api.registerServer('ops-console', everything.url);
  await created('/v1/teams', { name: 'eng', claim: 'groups', values: ['eng'] });
  await created('/v1/access-policies', {
    name: 'interns-no-env',
    effect: 'deny',
    tools: ['get-env'],
    subjects: { claims: [{ claim: 'groups', op: 'contains', values: ['interns'] }] },
  });
  await created('/v1/access-policies', {
    name: 'sums-for-eng',
    effect: 'allow',
    tools: ['get-sum'],
    subjects: { teams: ['eng'] },
  });
  await created('/v1/access-policies', {
    name: 'polite-echo',
    effect: 'allow',
    tools: ['echo'],
    condition: 'mcp.tool.arguments.message.startsWith("please")',
  });
  await created('/v1/webhooks', {
    name: 'opa',
    url: await startReceiver(),
    secret: WEBHOOK_SECRET,
    // a list asks about every tool within this one timeout: room for a busy machine
    timeoutMs: 5000,
  });
  const forwarding = await api.request('POST', '/v1/servers', {
    name: 'forwarding',
    url: recorder.url,
    identity: {
      forwardJwt: 'X-Gateway-Identity',
      headers: { 'X-User-Id': 'user', 'X-User-Teams': 'teams', 'X-Auth-Method': 'method' },
    },
  });
  expect(forwarding.status, forwarding.text).toBe(201);
  const guarded = await api.request('POST', '/v1/servers', {
    name: 'guarded',
    url: recorder.url,
    authzWebhook: 'opa',
  });
  expect(guarded.status, guarded.text).toBe(201);
  await created('/v1/access-policies', {
    name: 'ops-for-eng',
    effect: 'allow',
    servers: ['ops-*'],
    subjects: { teams: ['eng'] },
  });
});

afterAll(async () => {
  receiver?.close();
  await recorder?.close();
  await gateway?.close();
  await idp?.close();
  await stopAll();
});

describe('access policies over the claims of real tokens', () => {
  it('shows each principal only the tools it may call', async () => {
    const [intern, engineer] = await Promise.all([connectAs('intern-agent'), connectAs('platform-agent')]);
    try {
      const internTools = (await intern.listTools()).tools.map((t) => t.name);
      const engTools = (await engineer.listTools()).tools.map((t) => t.name);
      expect(engTools).toEqual(expect.arrayContaining(['get-env', 'get-sum', 'echo']));
      expect(internTools).not.toContain('get-env');
      expect(internTools).not.toContain('get-sum');
      // a conditional allow: a call could be allowed, so it is listed
      expect(internTools).toContain('echo');
      expect(internTools.sort()).toEqual(engTools.filter((t) => t !== 'get-env' && t !== 'get-sum').sort());
    } finally {
      await Promise.all([intern.close(), engineer.close()]);
    }
  });

  it('answers a forbidden call itself: it never reaches the upstream', async () => {
    const intern = await connectAs('intern-agent');
    try {
      const before = callsReaching('get-env') + callsReaching('get-sum');
      for (const name of ['get-env', 'get-sum']) {
        const refused = await intern.callTool({ name, arguments: { a: 1, b: 2 } }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(McpError);
        expect((refused as McpError).code).toBe(-32003);
      }
      const denied = await intern.callTool({ name: 'get-env', arguments: {} }).catch((e: unknown) => e);
      expect((denied as McpError).message).toContain('Denied by access policy "interns-no-env".');
      expect(callsReaching('get-env') + callsReaching('get-sum')).toBe(before);
    } finally {
      await intern.close();
    }
    // each denial is in the audit log (written in the background, within a second or so)
    let events: { actor: { kind: string; id: string }; server: string; reason: string; detail?: unknown }[] =
      [];
    for (let i = 0; i < 30 && events.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const listed = await api.request('GET', '/v1/audit-events?type=access.denied&tool=get-env');
      events = (listed.body as { items: typeof events }).items;
    }
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event).toMatchObject({
        actor: { kind: 'user', id: 'intern-agent' },
        server: 'tools',
        reason: 'Denied by access policy "interns-no-env".',
        detail: { policy: 'interns-no-env', target: { kind: 'tool', name: 'get-env' } },
      });
    }
    const engineer = await connectAs('platform-agent');
    try {
      const sum = await engineer.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } });
      expect(JSON.stringify(sum.content)).toContain('3');
      expect(callsReaching('get-sum')).toBe(1);
    } finally {
      await engineer.close();
    }
  });

  it('decides a CEL condition on the arguments actually sent', async () => {
    const intern = await connectAs('intern-agent');
    try {
      const polite = await intern.callTool({ name: 'echo', arguments: { message: 'please say hi' } });
      expect(polite.content).toEqual([{ type: 'text', text: 'Echo: please say hi' }]);
      const rude = await intern.callTool({ name: 'echo', arguments: { message: 'say hi' } }).catch((e) => e);
      expect((rude as McpError).code).toBe(-32003);
      const missing = await intern.callTool({ name: 'echo', arguments: {} }).catch((e) => e);
      expect((missing as McpError).code).toBe(-32003);
      expect(callsReaching('echo')).toBe(1);
    } finally {
      await intern.close();
    }
  });

  it('a server closed to a principal answers exactly like an unknown server', async () => {
    const answer = async (server: string, credential: string) => {
      const result = await post(`${gateway.url}/mcp/${server}`, credential, initializeBody());
      const challenge = result.headers.get('www-authenticate') ?? '';
      return {
        status: result.status,
        body: JSON.stringify(result.body).replaceAll(server, '<server>'),
        challenge: challenge.replaceAll(server, '<server>'),
      };
    };
    // a token: not valid there, with the same challenge
    const closed = await answer('ops-console', await tokenOf('intern-agent', 'ops-console'));
    const unknown = await answer('no-such-server', await tokenOf('intern-agent', 'no-such-server'));
    expect(closed.status).toBe(401);
    expect(closed).toEqual(unknown);
    expect(closed.challenge).toContain('error_description="The token is not valid for this server."');
    // an api key: the unknown-server answer
    const key = await api.createApiKey('ivan-laptop', 'ivan');
    const closedToKey = await answer('ops-console', key);
    expect(closedToKey.status).toBe(404);
    expect(closedToKey).toEqual(await answer('no-such-server', key));
    const engineer = await connectAs('platform-agent', 'ops-console');
    expect((await engineer.listTools()).tools.length).toBeGreaterThan(0);
    await engineer.close();
  });

  it('asks the authorization webhook after the policies allow, and fails closed without it', async () => {
    const engineer = await connectAs('platform-agent', 'guarded');
    try {
      const before = callsReaching('get-sum');
      // the list shows only what the webhook lets the principal use: it is asked once per listed tool
      const listed = (await engineer.listTools()).tools.map((t) => t.name);
      expect(listed).toContain('echo');
      expect(listed).not.toContain('get-sum');
      const listQuestions = asked.filter((a) => a.body['list'] === true);
      expect(listQuestions.map((a) => a.body['tool']).sort()).toEqual([...listed, 'get-sum'].sort());
      expect(listQuestions[0]!.body).toMatchObject({
        type: 'authz',
        server: 'guarded',
        method: 'tools/call',
      });
      expect(listQuestions[0]!.body['argumentsDigest']).toBeUndefined();
      const echoed = await engineer.callTool({ name: 'echo', arguments: { message: 'please, webhook' } });
      expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: please, webhook' }]);
      const question = asked.find((a) => a.body['tool'] === 'echo' && a.body['list'] === undefined)!;
      expect(question.signed).toBe(true);
      expect(question.body).toMatchObject({
        type: 'authz',
        server: 'guarded',
        method: 'tools/call',
        principal: { user: 'platform-agent', method: 'jwt', provider: 'corp', teams: ['eng'] },
      });
      expect(question.body['argumentsDigest']).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(question.body)).not.toContain('please, webhook');
      const refused = await engineer.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } }).catch((e) => e);
      expect((refused as McpError).code).toBe(-32003);
      expect((refused as McpError).message).toContain('Sums are closed today.');
      expect(callsReaching('get-sum')).toBe(before);
      // the explainer asks the webhook too, as the data plane would
      const explained = await api.request('POST', '/v1/access/evaluate', {
        principal: { user: 'platform-agent', claims: { groups: ['eng'] } },
        server: 'guarded',
        tool: 'get-sum',
      });
      expect(explained.body).toEqual({
        decision: 'deny',
        source: 'webhook',
        webhook: 'opa',
        reason: 'Sums are closed today.',
      });
      // and says it is the explainer asking; the data plane's calls do not
      expect(asked.at(-1)?.body['explain']).toBe(true);
      expect(question.body['explain']).toBeUndefined();
      // the webhook gone: a closed webhook refuses
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      const unreachable = await engineer
        .callTool({ name: 'echo', arguments: { message: 'please, anyone?' } })
        .catch((e) => e);
      expect((unreachable as McpError).message).toContain('The authorization webhook failed');
    } finally {
      await engineer.close();
    }
  });

  it('tells the upstream who calls with a JWT it can verify, and never passes the client token on', async () => {
    const token = await tokenOf('platform-agent', 'forwarding');
    const client = new Client({ name: 'platform-agent', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp/forwarding`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      await client.callTool({ name: 'echo', arguments: { message: 'please, who am I' } });
    } finally {
      await client.close();
    }
    const reached = recorder.messages.filter((m) => m.headers?.['x-gateway-identity'] !== undefined);
    expect(reached.map((m) => m.method)).toEqual(expect.arrayContaining(['initialize', 'tools/call']));
    for (const message of recorder.messages) {
      expect(JSON.stringify(message.headers)).not.toContain(token);
      expect(message.headers?.['authorization']).toBeUndefined();
    }
    const call = reached.find((m) => m.method === 'tools/call')!;
    expect(call.headers).toMatchObject({
      'x-user-id': 'platform-agent',
      'x-user-teams': 'eng',
      'x-auth-method': 'jwt',
    });
    const { jwtVerify, createRemoteJWKSet } = await import('jose');
    const { payload, protectedHeader } = await jwtVerify(
      call.headers!['x-gateway-identity']!,
      createRemoteJWKSet(new URL(`${gateway.url}/.well-known/jwks.json`)),
      { issuer: gateway.url, audience: `${gateway.url}/mcp/forwarding` },
    );
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'identity+jwt' });
    expect(payload).toMatchObject({ sub: 'platform-agent', ws: 'default', teams: ['eng'], amr: ['jwt'] });
    expect(payload.exp! - payload.iat!).toBe(300);
    // servers without an identity block get none of it
    expect(
      recorder.messages.filter((m) => m.method === 'initialize' && m.headers?.['x-user-id'] === undefined)
        .length,
    ).toBeGreaterThan(0);
  });

  it('the explainer names the deciding rule, and /v1/users lists who came', async () => {
    const ask = async (question: unknown) =>
      (await api.request('POST', '/v1/access/evaluate', question)).body;
    const intern = { user: 'intern-agent', claims: { groups: ['interns'] } };
    expect(await ask({ principal: intern, server: 'tools', tool: 'get-env' })).toMatchObject({
      decision: 'deny',
      policy: 'interns-no-env',
    });
    expect(
      await ask({ principal: intern, server: 'tools', tool: 'echo', arguments: { message: 'please' } }),
    ).toMatchObject({ decision: 'allow', policy: 'polite-echo' });
    expect(
      await ask({
        principal: { user: 'erin', claims: { groups: ['eng'] } },
        server: 'guarded',
        tool: 'echo',
        arguments: { message: 'please' },
      }),
    ).toMatchObject({
      // the policies allow; the webhook, gone since, has the last word (closed)
      decision: 'deny',
      source: 'webhook',
      webhook: 'opa',
      reason: expect.stringContaining('The authorization webhook failed'),
    });
    expect(await ask({ principal: intern, server: 'ops-console', method: 'initialize' })).toMatchObject({
      decision: 'deny',
      reason: 'No access policy admits user "intern-agent" to server "ops-console".',
    });
    const users = (await api.request('GET', '/v1/users')).body as { items: Record<string, unknown>[] };
    expect(users.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: 'platform-agent', method: 'jwt', provider: 'corp', teams: ['eng'] }),
        expect.objectContaining({ user: 'intern-agent', method: 'jwt', provider: 'corp' }),
      ]),
    );
  });
});
