/**
 * The authentication webhook end to end: a workspace names a webhook of its own; a credential no other
 * method recognises goes to it, signed with HMAC-SHA256 over `<timestamp>.<body>`, and its answer makes
 * the principal — or refuses, with its reason in the challenge. A loopback receiver checks every signature
 * as a real one would.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, httpRequest } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, startEverything, stopAll } from '../support/processes.js';
import { initializeBody, post } from '../support/raw-mcp.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
const secret = randomBytes(32).toString('hex');
let gateway: GatewayProcess;
/** A token of a legacy token system, shaped like a JWT that no identity provider of the gateway issued. */
const LEGACY_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJpc3MiOiJsZWdhY3kifQ.c2lnbmF0dXJl';
let receiver: Server;
const calls: { credential: unknown; headers: unknown; signed: boolean }[] = [];

/** Knows two corporate session tokens: ada's is valid, eve's is revoked. */
function startReceiver(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers['x-mcp-gateway-timestamp']);
      const expected = Buffer.from(
        `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
      );
      const given = Buffer.from(String(request.headers['x-mcp-gateway-signature']));
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      const signed = given.length === expected.length && timingSafeEqual(given, expected) && fresh;
      const { credential, headers } = JSON.parse(body) as { credential: unknown; headers: unknown };
      calls.push({ credential, headers, signed });
      response.setHeader('content-type', 'application/json');
      if (!signed) {
        response.statusCode = 401;
        response.end('{}');
      } else if (credential === 'corp-session-ada-0001' || credential === LEGACY_JWT) {
        response.end(JSON.stringify({ allow: true, principal: { user: 'ada', teams: ['sre'] } }));
      } else {
        response.end(JSON.stringify({ allow: false, reason: 'This session was revoked.' }));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  const [everything, started, hooks] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true, env: { MCP_GATEWAY_CONFIG_TTL_MS: '0' } }),
    startReceiver(),
  ]);
  gateway = started;
  receiver = hooks;
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', everything.url);
  // a server that only the webhook authenticates for
  expect(
    (
      await api.request('POST', '/v1/servers', {
        name: 'legacy',
        url: everything.url,
        authentication: { methods: ['webhook'] },
      })
    ).status,
  ).toBe(201);
  const call = (method: string, path: string, body: unknown) =>
    httpRequest(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const { port } = receiver.address() as AddressInfo;
  const webhook = await call('POST', '/v1/webhooks', {
    name: 'corp-sso',
    url: `http://127.0.0.1:${port}/authn`,
    secret,
    headers: ['X-Corp-Device'],
  });
  expect(webhook.status).toBe(201);
  expect(webhook.body).not.toHaveProperty('secret');
  expect((await call('PATCH', '/v1/workspaces/default', { authnWebhook: 'corp-sso' })).status).toBe(200);
  expect((await call('PATCH', '/v1/workspaces/default', { authnWebhook: 'missing' })).status).toBe(400);
});

afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await stopAll();
});

describe('the authentication webhook', () => {
  it('lets the SDK client in with a credential only the webhook knows', async () => {
    const { client } = await connect(`${gateway.url}/mcp/everything`, 'corp-session-ada-0001');
    try {
      const result = await client.callTool({ name: 'echo', arguments: { message: 'via webhook' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: via webhook' }]);
    } finally {
      await client.close();
    }
    expect(calls.some((c) => c.credential === 'corp-session-ada-0001' && c.signed)).toBe(true);
    // the answer is reused: a whole session costs one webhook call
    expect(calls.filter((c) => c.credential === 'corp-session-ada-0001')).toHaveLength(1);
  });

  it('refuses what the webhook refuses, with its reason in the challenge', async () => {
    const response = await post(`${gateway.url}/mcp/everything`, 'corp-session-eve-0002', initializeBody(), {
      headers: { 'x-corp-device': 'laptop-7' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain(
      'error_description="This session was revoked."',
    );
    expect(calls.at(-1)).toEqual({
      credential: 'corp-session-eve-0002',
      headers: { 'x-corp-device': 'laptop-7' },
      signed: true,
    });
  });

  it('asks the webhook about a JWT-shaped token on a server only the webhook authenticates for', async () => {
    const response = await post(`${gateway.url}/mcp/legacy`, LEGACY_JWT, initializeBody());
    expect(response.status).toBe(200);
    expect(calls.some((c) => c.credential === LEGACY_JWT && c.signed)).toBe(true);
  });

  it('never asks the webhook about a valid api key', async () => {
    const key = await admin(() => gateway.url, adminKey).createApiKey('bob-laptop', 'bob');
    const before = calls.length;
    expect((await post(`${gateway.url}/mcp/everything`, key, initializeBody())).status).toBe(200);
    expect(calls.length).toBe(before);
  });

  it('never asks the webhook about a disabled or expired api key of the gateway (it may be enabled again)', async () => {
    const api = admin(() => gateway.url, adminKey);
    const created = await api.request('POST', '/v1/api-keys', { name: 'dora-laptop', user: 'dora' });
    const { id, key } = created.body as { id: string; key: string };
    expect((await api.request('PATCH', `/v1/api-keys/${id}`, { enabled: false })).status).toBe(200);
    const before = calls.length;
    const response = await post(`${gateway.url}/mcp/everything`, key, initializeBody());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(calls.slice(before)).toEqual([]);
  });

  it("never hands the webhook a credential in the gateway's own form that matches no key (a deleted key, an admin key), nor the admin key in any form", async () => {
    const api = admin(() => gateway.url, adminKey);
    const created = await api.request('POST', '/v1/api-keys', { name: 'erin-laptop', user: 'erin' });
    const { id, key } = created.body as { id: string; key: string };
    expect((await api.request('DELETE', `/v1/api-keys/${id}`)).status).toBe(204);
    const before = calls.length;
    // this gateway's admin key is not in the `mcpgw_` form (`admin-…`): known by its hash
    for (const credential of [key, `mcpgw_admin_${randomBytes(32).toString('base64url')}`, adminKey]) {
      const response = await post(`${gateway.url}/mcp/everything`, credential, initializeBody());
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    expect(calls.slice(before)).toEqual([]);
  });

  it("never hands the webhook a credential of the gateway's own, where that method is not accepted", async () => {
    const api = admin(() => gateway.url, adminKey);
    const key = await api.createApiKey('carol-laptop', 'carol');
    expect(
      (
        await api.request('POST', '/v1/identity-providers', {
          name: 'corp-idp',
          issuer: 'https://idp.corp.test',
        })
      ).status,
    ).toBe(201);
    // shaped as that provider's token (its signature is never looked at: the issuer alone tells)
    const providerToken = [
      Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url'),
      Buffer.from(JSON.stringify({ iss: 'https://idp.corp.test', sub: 'carol' })).toString('base64url'),
      'c2lnbmF0dXJl',
    ].join('.');
    const before = calls.length;
    for (const [credential, detail] of [
      [key, 'api key'],
      [providerToken, 'token'],
    ] as const) {
      const response = await post(`${gateway.url}/mcp/legacy`, credential, initializeBody());
      expect(response.status, detail).toBe(401);
      expect(response.headers.get('www-authenticate'), detail).toContain('error="invalid_token"');
    }
    // nor a token of a provider switched off (it may be switched on again), on a server taking JWTs too
    const providers = await api.request('GET', '/v1/identity-providers');
    const corp = (providers.body as { items: { id: string; name: string }[] }).items.find(
      (p) => p.name === 'corp-idp',
    )!;
    expect((await api.request('PATCH', `/v1/identity-providers/${corp.id}`, { enabled: false })).status).toBe(
      200,
    );
    const off = await post(`${gateway.url}/mcp/everything`, providerToken, initializeBody());
    expect(off.status).toBe(401);
    expect(calls.slice(before)).toEqual([]);
  });
});
