/**
 * Access policies end to end: a real OpenID provider (`oidc-provider`) issues tokens with a `groups` claim
 * to two agents; the real SDK client brings them to `server-everything` behind the gateway. The two see
 * different tool lists, forbidden calls are answered by the gateway and never reach the upstream (a
 * recording pass-through proves it), a CEL condition decides on the arguments actually sent, a closed
 * server looks unknown, and the explainer names the rule that decided.
 */
import { randomBytes } from 'node:crypto';
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
    GatewayProcess.start({ adminKey, memory: true, env: { MCP_GATEWAY_CONFIG_TTL_MS: '0' } }),
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
  await created('/v1/access-policies', {
    name: 'ops-for-eng',
    effect: 'allow',
    servers: ['ops-*'],
    subjects: { teams: ['eng'] },
  });
});

afterAll(async () => {
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
