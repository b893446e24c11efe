/**
 * Upstream credentials end to end: a loopback token service issues the gateway's own token (client
 * credentials) and exchanges the gateway's signed assertion of the caller for a per-user token (RFC 8693).
 * A recording pass-through in front of `server-everything` shows what reached the upstream: the token the
 * service issued, never the client's API key; without the token service, calls are refused and never
 * forwarded.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, startEverything, stopAll } from '../support/processes.js';
import { initializeBody, post } from '../support/raw-mcp.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let gateway: GatewayProcess;
let recorder: RecordingProxy;
let sts: Server;
let stsUrl: string;
let apiKey: string;
const issued: { grant: string | null; subject: string | null; auth: string | undefined }[] = [];

function startTokenService(): Promise<void> {
  sts = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    request.on('end', () => {
      const form = new URLSearchParams(raw);
      const grant = form.get('grant_type');
      issued.push({ grant, subject: form.get('subject_token'), auth: request.headers.authorization });
      const token = grant === 'client_credentials' ? 'gateway-own-token' : `exchanged-${issued.length}`;
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 600 }));
    });
  });
  return new Promise((resolve) =>
    sts.listen(0, '127.0.0.1', () => {
      stsUrl = `http://127.0.0.1:${(sts.address() as AddressInfo).port}/token`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  const [everything, started] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true }),
    startTokenService(),
  ]);
  gateway = started;
  recorder = await startRecordingProxy(everything.url);
  const api = admin(() => gateway.url, adminKey);
  for (const [name, credentials] of [
    [
      'saas-own',
      { kind: 'client-credentials', tokenUrl: stsUrl, clientId: 'gateway', clientSecret: 'sts-secret' },
    ],
    ['saas-user', { kind: 'token-exchange', tokenUrl: stsUrl, subjectToken: 'gateway-assertion' }],
  ] as const) {
    const created = await api.request('POST', '/v1/servers', { name, url: recorder.url, credentials });
    expect(created.status, created.text).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('sts-secret');
  }
  apiKey = await api.createApiKey('ada-laptop', 'ada');
});

afterAll(async () => {
  sts?.close();
  await recorder?.close();
  await gateway?.close();
  await stopAll();
});

const authorizationOf = (tool: string) =>
  recorder.messages
    .filter((m) => m.method === 'tools/call' && m.params?.name === tool)
    .map((m) => m.headers?.['authorization']);

describe('credentials the gateway obtains for the upstream', () => {
  it("sends the gateway's own token (client credentials), never the client's key", async () => {
    const { client } = await connect(`${gateway.url}/mcp/saas-own`, apiKey);
    try {
      await client.callTool({ name: 'echo', arguments: { message: 'own' } });
      await client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } });
    } finally {
      await client.close();
    }
    expect(authorizationOf('echo')).toEqual(['Bearer gateway-own-token']);
    expect(authorizationOf('get-sum')).toEqual(['Bearer gateway-own-token']);
    for (const message of recorder.messages) expect(JSON.stringify(message.headers)).not.toContain(apiKey);
    const own = issued.filter((i) => i.grant === 'client_credentials');
    expect(own).toHaveLength(1);
    expect(own[0]!.auth).toBe(`Basic ${Buffer.from('gateway:sts-secret').toString('base64')}`);
  });

  it("exchanges the gateway's assertion of the caller for the caller's own upstream token", async () => {
    const { client } = await connect(`${gateway.url}/mcp/saas-user`, apiKey);
    try {
      await client.callTool({ name: 'get-tiny-image', arguments: {} });
    } finally {
      await client.close();
    }
    const exchange = issued.find((i) => i.grant === 'urn:ietf:params:oauth:grant-type:token-exchange')!;
    const { payload } = await jwtVerify(
      exchange.subject!,
      createRemoteJWKSet(new URL(`${gateway.url}/.well-known/jwks.json`)),
      {
        issuer: gateway.url,
        audience: stsUrl,
      },
    );
    expect(payload).toMatchObject({ sub: 'ada', ws: 'default' });
    expect(authorizationOf('get-tiny-image')[0]).toMatch(/^Bearer exchanged-\d+$/);
  });

  it('refuses calls it has no credential for, without forwarding them', async () => {
    await new Promise<void>((resolve) => {
      sts.close(() => resolve());
      sts.closeAllConnections();
    });
    const bobKey = await admin(() => gateway.url, adminKey).createApiKey('bob-laptop', 'bob');
    const before = recorder.messages.length;
    const refused = await post(`${gateway.url}/mcp/saas-user`, bobKey, initializeBody());
    expect(refused.body).toMatchObject({
      error: { code: -32010, message: expect.stringContaining('No credentials for MCP server "saas-user"') },
    });
    expect(recorder.messages.length).toBe(before);
    // the gateway's own token is still cached: those calls go on
    const own = await connect(`${gateway.url}/mcp/saas-own`, bobKey);
    try {
      await own.client.callTool({ name: 'echo', arguments: { message: 'still' } });
    } finally {
      await own.client.close();
    }
    expect(authorizationOf('echo')).toEqual(['Bearer gateway-own-token', 'Bearer gateway-own-token']);
  });
});
