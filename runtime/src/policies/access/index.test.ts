/**
 * The data plane against the explainer, as properties: for random policies, defaults and principals, a
 * call reaches the upstream exactly when `POST /v1/access/evaluate` says allow, and `tools/list` shows a
 * tool exactly when calling it is allowed. One store serves the management API and the gateway, as in a
 * real deployment; a scripted upstream records what reaches it.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createConfigReader } from '../../config/reader.js';
import type { HttpRequest, HttpResponse } from '../../core/http.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import { setup } from '../../management/test-support.js';
import { createGateway } from '../../mcp/gateway.js';

const TOOLS = ['get_file', 'delete_repo', 'deploy', 'search'];
const USERS = ['alice', 'bob', 'ivan'];

const reached: string[] = [];
const upstream = (async (_url: string | URL, init?: RequestInit) => {
  // a resumption: the GET replays an earlier stream's tools/list answer
  if (init?.method === 'GET' && new Headers(init.headers).get('last-event-id') === 'ev-1') {
    const list = { tools: TOOLS.map((name) => ({ name, inputSchema: { type: 'object' } })) };
    return new Response(`id: ev-2\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 2, result: list })}\n\n`, {
      headers: { 'content-type': 'text/event-stream' },
    });
  }
  // a resumption replaying a completion of a resource template's argument
  if (init?.method === 'GET' && new Headers(init.headers).get('last-event-id') === 'ev-c') {
    const completion = { completion: { values: ['public.txt', 'secret/keys.txt'], total: 2 } };
    return new Response(
      `id: ev-d\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 3, result: completion })}\n\n`,
      { headers: { 'content-type': 'text/event-stream' } },
    );
  }
  if (init?.method !== 'POST') return new Response(null, { status: 200 });
  const message = JSON.parse(String(init.body)) as {
    id?: number;
    method?: string;
    params?: { name?: string };
  };
  if (message.id === undefined) return new Response(null, { status: 202 });
  if (message.method === 'tools/call') reached.push(message.params?.name ?? '');
  const result =
    message.method === 'initialize'
      ? {
          protocolVersion: '2025-11-25',
          capabilities: { tools: {} },
          serverInfo: { name: 'u', version: '1' },
        }
      : message.method === 'tools/list'
        ? { tools: TOOLS.map((name) => ({ name, inputSchema: { type: 'object' } })) }
        : { content: [{ type: 'text', text: 'ok' }] };
  return Response.json({ jsonrpc: '2.0', id: message.id, result }, { headers: { 'mcp-session-id': 'up-1' } });
}) as typeof fetch;

const world = setup();
const gateway = createGateway({
  store: world.store,
  clock: world.clock,
  config: createConfigReader({ store: world.store, clock: world.clock, ttlMs: 0 }),
  guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
  http: fetchHttpClient(upstream),
  log: () => {},
});
afterAll(() => gateway.close());

async function read(response: HttpResponse): Promise<Record<string, unknown>> {
  let text = '';
  if (typeof response.body === 'string') text = response.body;
  else if (response.body !== undefined)
    for await (const chunk of response.body)
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

const mcp = (key: string, body: unknown, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'POST',
  path: '/mcp/up',
  query: {},
  headers: {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...headers,
  },
  body: JSON.stringify(body),
});

/** Starts a test over: no access policies, servers open by default. */
async function withoutPolicies() {
  const { call } = world;
  for (const existing of (await call('GET', '/v1/access-policies')).body.items)
    await call('DELETE', `/v1/access-policies/${existing.id}`);
  const workspace = (await call('GET', '/v1/workspaces', undefined, {}, { name: 'default' })).body.items[0]
    .id;
  await call('PATCH', `/v1/workspaces/${workspace}`, { defaultAccess: 'allow' });
}

const pattern = fc.constantFrom('get_*', 'delete_*', 'deploy', '*', 'search');
const policy = fc.record(
  {
    effect: fc.constantFrom('allow', 'deny'),
    priority: fc.integer({ min: 0, max: 5 }),
    servers: fc.constantFrom(['up'], ['other'], ['u*']),
    tools: fc.array(pattern, { minLength: 1, maxLength: 2 }),
    subjects: fc.record(
      {
        users: fc.array(fc.constantFrom(...USERS), { minLength: 1, maxLength: 2 }),
        teams: fc.constant(['interns']),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['effect', 'servers'] },
);

describe('the data plane agrees with the explainer', () => {
  it('forwards a call exactly when evaluate allows it, and lists a tool exactly when a call is allowed', async () => {
    const { call } = world;
    expect((await call('POST', '/v1/servers', { name: 'up', url: 'http://127.0.0.1:9/mcp' })).status).toBe(
      201,
    );
    expect((await call('POST', '/v1/teams', { name: 'interns', members: ['ivan'] })).status).toBe(201);
    const keys: Record<string, string> = {};
    for (const user of USERS)
      keys[user] = (await call('POST', '/v1/api-keys', { name: `${user}-key`, user })).body.key as string;
    const workspace = (await call('GET', '/v1/workspaces', undefined, {}, { name: 'default' })).body.items[0]
      .id;
    let id = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.array(policy, { maxLength: 5 }),
        fc.constantFrom('allow', 'deny'),
        fc.constantFrom(...USERS),
        fc.constantFrom(...TOOLS),
        async (policies, defaultAccess, user, tool) => {
          for (const existing of (await call('GET', '/v1/access-policies')).body.items)
            await call('DELETE', `/v1/access-policies/${existing.id}`);
          for (const body of policies)
            expect((await call('POST', '/v1/access-policies', { name: `p${id++}`, ...body })).status).toBe(
              201,
            );
          await call('PATCH', `/v1/workspaces/${workspace}`, { defaultAccess });

          const explained = async (name: string) =>
            (
              await call('POST', '/v1/access/evaluate', {
                principal: { user, method: 'api-key' },
                server: 'up',
                tool: name,
              })
            ).body.decision as string;
          const init = await gateway.handle(
            mcp(keys[user]!, {
              jsonrpc: '2.0',
              id: 0,
              method: 'initialize',
              params: {
                protocolVersion: '2025-11-25',
                capabilities: {},
                clientInfo: { name: 't', version: '1' },
              },
            }),
          );
          await read(init);
          const session = init.headers['mcp-session-id'];
          if (session === undefined) {
            // refused at the door: the explainer refuses every tool there too
            expect(init.status).toBe(404);
            for (const name of TOOLS) expect(await explained(name)).toBe('deny');
            return;
          }
          const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
          const before = reached.length;
          await read(
            await gateway.handle(
              mcp(
                keys[user]!,
                { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: {} } },
                headers,
              ),
            ),
          );
          const forwarded = reached.length > before;
          expect(forwarded ? 'allow' : 'deny').toBe(await explained(tool));
          const listed = await read(
            await gateway.handle(mcp(keys[user]!, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers)),
          );
          const names = ((listed['result'] as { tools: { name: string }[] }).tools ?? []).map((t) => t.name);
          for (const name of TOOLS)
            expect(names.includes(name) ? 'allow' : 'deny', name).toBe(await explained(name));
          // a list replayed on a resumed GET stream is filtered the same way
          const replay = await gateway.handle({
            ...mcp(keys[user]!, undefined, {
              ...headers,
              accept: 'text/event-stream',
              'last-event-id': 'ev-1',
            }),
            method: 'GET',
            body: undefined,
          });
          let text = '';
          for await (const chunk of replay.body as AsyncIterable<string | Uint8Array>)
            text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
          const data = text.split('\n').find((line) => line.startsWith('data: '));
          const replayed = (JSON.parse(data!.slice(6)) as { result: { tools: { name: string }[] } }).result
            .tools;
          expect(replayed.map((t) => t.name)).toEqual(names);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('a closed server answers like a missing one, even a request an earlier stage refuses anyway', async () => {
    const { call } = world;
    await withoutPolicies();
    await call('POST', '/v1/access-policies', {
      name: 'no-bob',
      effect: 'deny',
      servers: ['up'],
      subjects: { users: ['bob'] },
    });
    const key = (await call('POST', '/v1/api-keys', { name: 'bob-closed', user: 'bob' })).body.key as string;
    const nameless = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: {} };
    const answer = async (path: string, body: unknown) => {
      const response = await gateway.handle({ ...mcp(key, body), path });
      return { status: response.status, body: await read(response) };
    };
    const missing = await answer('/mcp/nope', nameless);
    expect(missing.status).toBe(404);
    const closed = await answer('/mcp/up', nameless);
    expect(closed.status).toBe(404);
    expect(JSON.stringify(closed.body)).toBe(JSON.stringify(missing.body).replaceAll('nope', 'up'));
    // a POST of the client's answers only meets the gate too
    expect((await answer('/mcp/up', { jsonrpc: '2.0', id: 'srv-1', result: {} })).status).toBe(404);
  });

  it('a server closed to a principal answers like a missing one whatever it sends: a malformed body, a tool another policy denies', async () => {
    const { call } = world;
    await withoutPolicies();
    // the server admits alice alone; deletes are denied to everyone
    await call('POST', '/v1/access-policies', {
      name: 'up-for-alice',
      effect: 'allow',
      servers: ['up'],
      subjects: { users: ['alice'] },
    });
    await call('POST', '/v1/access-policies', { name: 'no-deletes', effect: 'deny', tools: ['delete_*'] });
    const key = (await call('POST', '/v1/api-keys', { name: 'ivan-closed', user: 'ivan' })).body
      .key as string;
    const answer = async (path: string, request: Partial<HttpRequest>) => {
      const response = await gateway.handle({ ...mcp(key, {}), path, ...request });
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(await read(response));
      return { status: response.status, text: text.replaceAll('nope', 'up') };
    };
    const before = reached.length;
    const deleting = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'delete_repo', arguments: {} },
    });
    for (const request of [
      { body: deleting },
      { body: '{"jsonrpc": "2.0", "id": 1, "method": ' },
      { headers: { ...mcp(key, {}).headers, 'content-type': 'text/plain' }, body: deleting },
      { method: 'PUT', body: deleting },
      { method: 'GET', body: undefined, headers: { ...mcp(key, {}).headers, accept: 'text/event-stream' } },
    ] as Partial<HttpRequest>[]) {
      const missing = await answer('/mcp/nope', request);
      expect(missing.status).toBe(404);
      expect(await answer('/mcp/up', request)).toEqual(missing);
    }
    expect(reached.length).toBe(before);
    // the one the server admits still meets the deny of deletes, as a refused call
    const alice = (await call('POST', '/v1/api-keys', { name: 'alice-open', user: 'alice' })).body
      .key as string;
    const refused = await gateway.handle({ ...mcp(alice, {}), body: deleting });
    expect(refused.status).toBe(200);
    expect(JSON.stringify(await read(refused))).toContain('Denied by access policy \\"no-deletes\\"');
  });

  it('a completion replayed on a resumed stream is not shown: what it completed cannot be judged', async () => {
    const { call } = world;
    await withoutPolicies();
    await call('POST', '/v1/access-policies', {
      name: 'no-secrets',
      effect: 'deny',
      servers: ['up'],
      resources: ['file:///secret/*'],
    });
    const key = (await call('POST', '/v1/api-keys', { name: 'ada-resume', user: 'alice' })).body
      .key as string;
    const init = await gateway.handle(
      mcp(key, {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }),
    );
    await read(init);
    const replay = await gateway.handle({
      ...mcp(key, undefined, {
        'mcp-session-id': init.headers['mcp-session-id']!,
        'mcp-protocol-version': '2025-11-25',
        accept: 'text/event-stream',
        'last-event-id': 'ev-c',
      }),
      method: 'GET',
      body: undefined,
    });
    let text = '';
    for await (const chunk of replay.body as AsyncIterable<string | Uint8Array>)
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const data = text.split('\n').find((line) => line.startsWith('data: '));
    expect(JSON.parse(data!.slice(6))).toEqual({
      jsonrpc: '2.0',
      id: 3,
      result: { completion: { values: [], hasMore: false } },
    });
    expect(text).not.toContain('secret/keys.txt');
  });
});
