import { decodeJwt, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryUsage } from '../analytics/usage.js';
import { queryAudit } from '../audit/log.js';
import { BROKER_ALGORITHM, BrokerKeys } from '../broker/keys.js';
import { pinsPartition } from '../catalog/pins.js';
import { readCatalog } from '../catalog/store.js';
import { MAX_CATALOG_TOOLS } from '../catalog/tools.js';
import type {
  AccessPolicy,
  Budget,
  Guardrail,
  IdentityProvider,
  Principal,
  RateLimit,
  Server,
  StoredOAuthClient,
  Webhook,
  Workspace,
} from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import { bodyText, type HttpRequest, type HttpResponse } from '../core/http.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard, type UrlGuard } from '../core/url-guard.js';
import { budgetUsage } from '../policies/budget/usage.js';
import { MemoryStore } from '../store/memory.js';
import { createGateway, type Gateway } from './gateway.js';
import { HeldStreams } from './held-streams.js';
import { MAX_BATCH_MESSAGES } from './jsonrpc.js';
import { fakeConfig, fakeRules, testServer } from './test-support.js';
import type { FunctionInvoker } from './upstream/lambda.js';
import type { VirtualMember } from './virtual-names.js';

const alice: Principal = { user: 'alice', workspace: 'default', method: 'api-key', credentialId: 'key_1' };
const server = (over: Partial<Server> = {}): Server =>
  testServer({ headers: { 'x-upstream-token': 'upstream-secret' }, ...over });

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A scripted upstream: answers by JSON-RPC method and records what reached it. */
function upstream(script: (seen: Seen, init?: RequestInit) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
    const entry: Seen = {
      url: String(url),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: init?.body as string | undefined,
    };
    seen.push(entry);
    return script(entry, init);
  }) as typeof fetch;
  return { seen, fetchImpl };
}

const rpc = (id: unknown, result: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ jsonrpc: '2.0', id, result }), {
    headers: { 'content-type': 'application/json', ...headers },
  });
/** What an upstream that never answers gives: its request ends only when the gateway aborts it. */
const untilAborted = (init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) =>
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
  );
type CallMessage = { id?: unknown; method?: string; params?: { name?: string } };
/**
 * An upstream opening session `u-1`, taking notifications (202), and answering each `tools/call` with
 * `answer` (what reached it recorded in `seen`).
 */
const toolCalls = (answer: (message: CallMessage, init?: RequestInit) => Response | Promise<Response>) =>
  upstream((s, init) => {
    const message = methodOf(s) as CallMessage | undefined;
    if (message?.method === 'initialize')
      return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'u-1' });
    if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
    return answer(message, init);
  });
const methodOf = (seen: Seen) =>
  seen.body === undefined ? undefined : (JSON.parse(seen.body) as { method?: string; id?: unknown });

let gateway: Gateway | undefined;
afterEach(() => gateway?.close());

/** The calls of `tool` at server `up` the usage analytics hold this hour, and how many failed. */
async function usageOf(store: MemoryStore, tool: string) {
  const now = Date.now();
  const query = {
    workspace: 'default',
    server: 'up',
    tool,
    from: now - 3_600_000,
    to: now,
    bucket: 'hour',
  } as const;
  const { buckets } = await queryUsage(store, query);
  return buckets.reduce((sum, b) => ({ calls: sum.calls + b.calls, errors: sum.errors + b.errors }), {
    calls: 0,
    errors: 0,
  });
}

/** An authorization webhook at port 7 of loopback (the test's upstream answers it at `/opa`). */
const opaWebhook = {
  id: 'whk_opa',
  name: 'opa',
  workspace: 'default',
  url: 'http://127.0.0.1:7/opa',
  secret: 'opa-secret-0123456789abcdefghijklmnop',
} as Webhook;

/** An api key's secret in a JWT's shape, as one could be supplied before such secrets were refused. */
const JWT_SHAPED_KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXBhcnQtb2YtdGhlLWtleQ';

function make(
  servers: Record<string, Server>,
  fetchImpl?: typeof fetch,
  options: {
    maxBodyBytes?: number;
    maxMessageBytes?: number;
    store?: MemoryStore;
    budgets?: Budget[];
    guardrails?: Guardrail[];
    rateLimits?: RateLimit[];
    policies?: AccessPolicy[];
    clock?: { now(): number };
    streamRecheckMs?: number;
    guard?: UrlGuard;
    log?: (line: string) => void;
    webhooks?: Webhook[];
    functions?: FunctionInvoker;
    allowedOrigins?: readonly string[];
    heldStreams?: HeldStreams;
  } = {},
) {
  const { store, budgets, guardrails, rateLimits, policies, webhooks, ...rest } = options;
  const config = fakeConfig({
    workspaceRules: fakeRules({
      budgets: budgets ?? [],
      guardrails: guardrails ?? [],
      rateLimits: rateLimits ?? [],
      policies: policies ?? [],
    }),
    serverByName: async (name) => servers[name],
    webhookByName: async (name) => webhooks?.find((w) => w.name === name),
    authenticateApiKey: async (key) =>
      key === 'good'
        ? alice
        : key === 'bob'
          ? { ...alice, user: 'bob', workspace: 'other' }
          : key === 'ci'
            ? { ...alice, user: 'ci', servers: ['other-server'] }
            : key === 'ci-up'
              ? { ...alice, user: 'ci', servers: ['up'] }
              : key === JWT_SHAPED_KEY
                ? alice
                : key === 'locked'
                  ? { ...alice, workspace: 'locked' }
                  : key === 'good-2'
                    ? { ...alice, credentialId: 'key_2' } // another key of the same user
                    : undefined,
    workspaceByName: async (name) =>
      name === 'locked' ? ({ name, authentication: { methods: ['jwt'] } } as Workspace) : undefined,
  });
  gateway = createGateway({
    store: store ?? new MemoryStore(),
    config,
    guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
    allowLoopbackOrigins: true,
    log: () => {},
    http: fetchHttpClient(fetchImpl ?? fetch),
    ...rest,
  });
  return gateway;
}

/** An upstream that opens session `id` and answers every other request with an empty result. */
const sessionUpstream = (id = 'upstream-1') =>
  upstream((s) => {
    const message = methodOf(s);
    if (message?.method === 'initialize')
      return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': id });
    return rpc(message?.id, { content: [] });
  });

/**
 * An upstream keeping sessions (2025-03-26) whose GET stream sends one message, then stays quiet until the
 * gateway lets go (`stopped`, from the upstream request's signal, as a network client honours it); any
 * other request gets `other`. `session` opens a session through a gateway and answers its headers.
 */
function quietStream(other: () => Response) {
  let stopped = false;
  const scripted = upstream((seen) => {
    if (methodOf(seen)?.method === 'initialize')
      return rpc(0, { protocolVersion: '2025-03-26', capabilities: {} }, { 'mcp-session-id': 'up-1' });
    if (seen.method !== 'GET') return other();
    const hello = { jsonrpc: '2.0', method: 'notifications/message', params: { data: 'hello' } };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`id: e1\ndata: ${JSON.stringify(hello)}\n\n`));
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
    if (init?.method === 'GET')
      init.signal?.addEventListener('abort', () => {
        stopped = true;
      });
    return scripted.fetchImpl(url, init);
  }) as typeof fetch;
  const session = async (gw: Gateway) => {
    const opened = await gw.handle(
      post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }),
    );
    await text(opened);
    return { 'mcp-session-id': opened.headers['mcp-session-id']!, 'mcp-protocol-version': '2025-03-26' };
  };
  return { fetchImpl, session, stopped: () => stopped };
}

/**
 * {@link quietStream} as the member of a virtual server: the member's handshake and calls answered by
 * their own ids, its GET stream quiet after a first event.
 */
function quietMember() {
  const quiet = quietStream(() => new Response(null, { status: 202 }));
  const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
    const message = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    if (message?.method === 'initialize')
      return rpc(
        message.id,
        { protocolVersion: '2025-11-25', capabilities: {} },
        { 'mcp-session-id': 'up-1' },
      );
    if (message?.id !== undefined) return rpc(message.id, { tools: [] });
    return quiet.fetchImpl(url, init);
  }) as typeof fetch;
  return { ...quiet, fetchImpl };
}

/** A gateway on `servers` that rechecks open streams every 20 ms, with these configuration reads. */
const recheckingGateway = (
  servers: Record<string, Server>,
  fetchImpl: typeof fetch,
  config: Parameters<typeof fakeConfig>[0],
) =>
  createGateway({
    store: new MemoryStore(),
    config: fakeConfig({
      workspaceRules: fakeRules({}),
      serverByName: async (name) => servers[name],
      ...config,
    }),
    guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
    log: () => {},
    http: fetchHttpClient(fetchImpl),
    streamRecheckMs: 20,
  });

/** Reads a stream until `text` came (failing if it ends first). */
async function readUntil(iterator: AsyncIterator<string | Uint8Array>, text: string) {
  let received = '';
  while (!received.includes(text)) {
    const next = await iterator.next();
    expect(next.done).toBe(false);
    received += typeof next.value === 'string' ? next.value : new TextDecoder().decode(next.value);
  }
}

/** A virtual server `v` of these members. */
const virtualOf = (members: VirtualMember[]): Server =>
  server({ id: 'srv_v', name: 'v', transport: 'virtual', members } as Partial<Server>);

/** A session opened at the virtual server `v`: the headers its requests carry. */
async function openAtV(gw: Gateway): Promise<Record<string, string>> {
  const opened = await gw.handle({ ...post(initialize), path: '/mcp/v' });
  await text(opened);
  return { 'mcp-session-id': opened.headers['mcp-session-id']!, 'mcp-protocol-version': '2025-11-25' };
}

/**
 * A Lambda client of an MCP server in a function: `initialize` answered, every other request with
 * `result` (or failing, the function throwing, while `fails` says so); the methods it was invoked with.
 */
function lambdaServer(result: object, fails: (method: string) => boolean = () => false) {
  const invoked: string[] = [];
  const functions: FunctionInvoker = {
    invoke: async (_fn, payload) => {
      const { message } = JSON.parse(Buffer.from(payload).toString('utf8')) as {
        message: { id: number; method: string };
      };
      invoked.push(message.method);
      if (fails(message.method))
        return { functionError: 'Unhandled', payload: Buffer.from('{"errorType":"TypeError"}') };
      const answer = message.method === 'initialize' ? { protocolVersion: '2025-11-25' } : result;
      return { payload: Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: answer })) };
    },
  };
  return { functions, invoked };
}

/** A Lambda client whose every invocation fails (the function throws), counting them. */
function failingFunction() {
  let invoked = 0;
  const functions: FunctionInvoker = {
    invoke: async () => {
      invoked++;
      return { functionError: 'Unhandled', payload: Buffer.from('{"errorType":"TypeError"}') };
    },
  };
  return { functions, invocations: () => invoked };
}

/** A gateway whose server `up` opens its circuit at the first failure for 5 s, on a clock the test moves. */
function withBreaker(fetchImpl: typeof fetch, guard?: UrlGuard) {
  const clock = { ms: 1_000_000 };
  const gw = make(
    {
      up: server({
        circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 5 } as Server['circuitBreaker'],
      }),
    },
    fetchImpl,
    { clock: { now: () => clock.ms }, ...(guard !== undefined ? { guard } : {}) },
  );
  return { gw, clock };
}

/** A blocking daily budget of 5 calls per user on server `up`. */
const blocking = (id: string) =>
  ({
    id,
    name: 'calls',
    workspace: 'default',
    servers: ['up'],
    per: ['user'],
    amount: 5,
    period: 'day',
    action: 'block',
  }) as Budget;

const post = (body: unknown, headers: Record<string, string> = {}, path = '/mcp/up'): HttpRequest => ({
  method: 'POST',
  path,
  headers: {
    authorization: 'Bearer good',
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...headers,
  },
  query: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
/** A session's GET (its server→client stream), with the session's headers. */
const listen = (headers: Record<string, string>): HttpRequest => ({
  ...post(undefined, { ...headers, accept: 'text/event-stream' }),
  method: 'GET',
  body: undefined,
});
const initialize = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

async function text(response: HttpResponse): Promise<string> {
  if (response.body === undefined) return '';
  if (typeof response.body === 'string') return response.body;
  let out = '';
  for await (const chunk of response.body)
    out += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
  return out;
}
/** A `tools/call` of `name` in `session`: the gateway's answer. */
const callTool = (gw: ReturnType<typeof make>, session: string, id: number, name = 'echo') =>
  gw.handle(
    post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name } }, { 'mcp-session-id': session }),
  );
/** The messages of an answer, JSON (one, or a batch) or SSE (each event's data). */
const messagesIn = async (response: HttpResponse): Promise<unknown[]> => {
  const body = await text(response);
  if (body.startsWith('{') || body.startsWith('[')) return [JSON.parse(body)].flat();
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as unknown);
};
const bodyOf = async (response: HttpResponse) =>
  JSON.parse(await text(response)) as {
    id?: unknown;
    result?: Record<string, unknown>;
    error?: { code: number; message: string; data?: unknown };
  };

describe('authentication and routing', () => {
  it('logs a fault of the authorization server, which its answer does not explain', async () => {
    const store = new MemoryStore();
    store.get = () => Promise.reject(new Error('the table is gone'));
    const lines: string[] = [];
    const gw = make({}, undefined, { store, log: (line) => lines.push(line) });
    const answer = await gw.handle({
      method: 'GET',
      path: '/.well-known/jwks.json',
      query: {},
      headers: { host: 'localhost' },
      body: undefined,
    });
    expect(answer.status).toBe(500);
    expect(String(answer.body)).not.toContain('the table is gone');
    expect(lines).toEqual([
      expect.stringMatching(/internal error on GET \/.well-known\/jwks.json: .*the table is gone/),
    ]);
  });

  it('bounds the bodies of the authorization server’s routes as the MCP endpoint’s', async () => {
    const gw = make({}, undefined, { maxBodyBytes: 1024 });
    const answer = await gw.handle({
      method: 'POST',
      path: '/oauth/register',
      query: {},
      headers: { host: 'localhost', 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'], client_name: 'x'.repeat(2000) }),
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(String(answer.body))).toEqual({
      error: 'invalid_request',
      error_description: 'The request body exceeds 1024 bytes.',
    });
  });

  it('answers 401 with a Bearer challenge without a key, and invalid_token with a bad one', async () => {
    const gw = make({ up: server() });
    const none = await gw.handle({ ...post(initialize), headers: { 'content-type': 'application/json' } });
    expect(none.status).toBe(401);
    // no host configured or sent: the metadata link falls back to localhost
    expect(none.headers['www-authenticate']).toBe(
      'Bearer realm="mcp-gateway", resource_metadata="http://localhost/.well-known/oauth-protected-resource/mcp/up"',
    );
    const bad = await gw.handle(post(initialize, { authorization: 'Bearer nope' }));
    expect(bad.status).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await bodyOf(bad)).error?.code).toBe(-32001);
  });

  it("never hands the authentication webhook a token of the gateway's own, issued under another host", async () => {
    const store = new MemoryStore();
    const { kid, key } = await new BrokerKeys(store, { now: () => Date.now() }).signing();
    const token = await new SignJWT({ client_id: 'app', ws: 'default' })
      .setProtectedHeader({ alg: BROKER_ALGORITHM, kid, typ: 'at+jwt' })
      .setIssuer('https://other-name.example')
      .setSubject('ada')
      .setAudience('https://other-name.example/mcp/up')
      .setExpirationTime('5m')
      .sign(key);
    const { seen, fetchImpl } = upstream(() => Response.json({ allow: true, principal: { user: 'ada' } }));
    const gw = make(
      {
        up: server({ authentication: { methods: ['webhook'] }, authnWebhook: 'sso' } as Partial<Server>),
        // where JWTs are accepted too, the token is of no identity provider: not the webhook's either
        both: server({
          name: 'both',
          authentication: { methods: ['jwt', 'webhook'] },
          authnWebhook: 'sso',
        } as Partial<Server>),
      },
      fetchImpl,
      {
        store,
        webhooks: [
          {
            id: 'whk_s',
            name: 'sso',
            workspace: 'default',
            url: 'http://127.0.0.1:7/sso',
            secret: 'sso-secret-0123456789abcdefghijklmn',
          } as Webhook,
        ],
      },
    );
    const refused = await gw.handle(post(initialize, { authorization: `Bearer ${token}` }));
    expect(refused.status).toBe(401);
    const alsoRefused = await gw.handle({
      ...post(initialize, { authorization: `Bearer ${token}` }),
      path: '/mcp/both',
    });
    expect(alsoRefused.status).toBe(401);
    expect(seen).toEqual([]);
    // a token no part of the gateway issued still goes to the webhook
    const legacy = await gw.handle(post(initialize, { authorization: 'Bearer corp-session-1' }));
    await text(legacy);
    expect(seen.map((s) => s.url)).toContain('http://127.0.0.1:7/sso');
  });

  it('refuses an initialize too large to keep with its session before opening anything upstream', async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up', transport: 'sse' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const gw = make(servers, fetchImpl);
    const padded = {
      ...initialize,
      params: { ...initialize.params, clientInfo: { name: 't', version: '1', note: 'x'.repeat(70_000) } },
    };
    for (const path of ['/mcp/up', '/mcp/v']) {
      const refused = await gw.handle(post(padded, {}, path));
      expect(refused.status, path).toBe(413);
      expect((await bodyOf(refused)).error?.message).toContain('64 KiB');
      expect(refused.headers['mcp-session-id']).toBeUndefined();
    }
    expect(seen).toEqual([]);
  });

  it('ends a session when its server is pointed at another URL: the new host never sees the old session', async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const servers = { up: server() };
    const gw = make(servers, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    expect((await gw.handle(post(list, { 'mcp-session-id': session }))).status).toBe(200);
    servers.up = server({ url: 'http://127.0.0.1:10/mcp' });
    const ended = await gw.handle(post(list, { 'mcp-session-id': session }));
    expect(ended.status).toBe(404);
    expect(seen.filter((s) => s.url === 'http://127.0.0.1:10/mcp')).toEqual([]);
  });

  it("ends a session when its server's transport changes (what it holds is of the other transport)", async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const servers = { up: server() };
    const gw = make(servers, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    expect((await gw.handle(post(list, { 'mcp-session-id': session }))).status).toBe(200);
    servers.up = server({ transport: 'stateless-http' });
    const sent = seen.length;
    const ended = await gw.handle(post(list, { 'mcp-session-id': session }));
    expect(ended.status).toBe(404);
    expect((await bodyOf(ended)).error?.message).toContain('transport changed');
    expect(seen).toHaveLength(sent);
  });

  it.each([
    ['a virtual server', '/mcp/v'],
    ['a Lambda function', '/mcp/fn'],
  ])('answers 400 to a protocol version no upstream sees: a session of %s', async (_, path) => {
    const { seen, fetchImpl } = sessionUpstream();
    const { functions, invoked } = lambdaServer({ tools: [] });
    const gw = make(
      {
        up: server({ id: 'srv_up' }),
        v: virtualOf([{ server: 'up', prefix: 'u_' }]),
        fn: server({
          id: 'srv_fn',
          name: 'fn',
          transport: 'lambda',
          function: 'mcp-tools',
        } as Partial<Server>),
      },
      fetchImpl,
      { functions },
    );
    const opened = await gw.handle(post(initialize, {}, path));
    await text(opened);
    const session = opened.headers['mcp-session-id']!;
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const before = [seen.length, invoked.length];
    const unknown = await gw.handle(
      post(list, { 'mcp-session-id': session, 'mcp-protocol-version': '2099-01-01' }, path),
    );
    expect(unknown.status).toBe(400);
    expect((await bodyOf(unknown)).error?.data).toMatchObject({ requested: '2099-01-01' });
    expect([seen.length, invoked.length]).toEqual(before);
    const known = await gw.handle(
      post(list, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }, path),
    );
    expect(known.status).toBe(200);
  });

  it('answers 400 to a protocol version a session the gateway negotiated itself does not speak', async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'server/discover')
        return rpc(message.id, {
          resultType: 'complete',
          supportedVersions: ['2026-07-28'],
          capabilities: { tools: {} },
        });
      return rpc(message?.id, { resultType: 'complete', tools: [] });
    });
    const gw = make({ up: server({ transport: 'stateless-http' }) }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const unknown = await gw.handle(
      post(list, { 'mcp-session-id': session, 'mcp-protocol-version': '2099-01-01' }),
    );
    expect(unknown.status).toBe(400);
    expect((await bodyOf(unknown)).error?.data).toMatchObject({ requested: '2099-01-01' });
    const known = await gw.handle(
      post(list, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }),
    );
    expect(known.status).toBe(200);
  });

  it('sends no integer changed: a request a stateless upstream would get re-encoded with one beyond 2^53 is refused', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'server/discover')
        return rpc(message.id, {
          resultType: 'complete',
          supportedVersions: ['2026-07-28'],
          capabilities: { tools: {} },
        });
      return rpc(message?.id, { resultType: 'complete', content: [] });
    });
    const gw = make({ up: server({ transport: 'stateless-http' }) }, fetchImpl);
    const headers = { 'mcp-session-id': (await gw.handle(post(initialize))).headers['mcp-session-id']! };
    const call = (account: string) =>
      gw.handle({
        ...post({}, headers),
        body: `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"pay","arguments":{"account":${account}}}}`,
      });
    const refused = await call('12345678901234567891');
    expect(refused.status).toBe(400);
    expect((await bodyOf(refused)).error?.message).toContain('integer beyond 2^53');
    expect(seen.some((s) => s.body?.includes('"pay"'))).toBe(false);
    // one a double holds goes on
    expect((await call('9007199254740992')).status).toBe(200);
    expect(seen.at(-1)?.body).toContain('"account":9007199254740992');

    // a Lambda function gets each message wrapped in an event of the gateway's: the same
    const { functions, invoked } = lambdaServer({ content: [] });
    const lambda = make({ up: server({ transport: 'lambda', function: 'mcp-tools' }) }, fetchImpl, {
      functions,
    });
    const opened = await lambda.handle(post(initialize));
    const onLambda = { 'mcp-session-id': opened.headers['mcp-session-id']! };
    const big = await lambda.handle({
      ...post({}, onLambda),
      body: '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"pay","arguments":{"account":12345678901234567891}}}',
    });
    expect(big.status).toBe(400);
    expect(invoked).toEqual(['initialize']);
  });

  it("sends a session client's first call of a stateless upstream's tool with its Mcp-Param headers, its tools listed first", async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'server/discover')
        return rpc(message.id, {
          resultType: 'complete',
          supportedVersions: ['2026-07-28'],
          capabilities: { tools: {} },
        });
      if (message?.method === 'tools/list')
        return rpc(message.id, {
          resultType: 'complete',
          tools: [
            {
              name: 'query',
              inputSchema: {
                type: 'object',
                properties: { region: { type: 'string', 'x-mcp-header': 'Region' } },
              },
            },
          ],
        });
      return rpc(message?.id, { resultType: 'complete', content: [] });
    });
    const gw = make({ up: server({ transport: 'stateless-http' }) }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'query', arguments: { region: 'eu' } },
    };
    await bodyOf(
      await gw.handle(post(call, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' })),
    );
    const sent = seen.find((s) => methodOf(s)?.method === 'tools/call');
    expect(sent?.headers['mcp-param-region']).toBe('eu');
  });

  it("passes on an upstream session's 400 for a protocol version it does not speak, not a 200", async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'u' });
      if (s.headers['mcp-protocol-version'] === '2099-01-01')
        return Response.json(
          { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Unsupported protocol version' } },
          { status: 400 },
        );
      return rpc(message?.id, { tools: [] });
    });
    const gw = make({ up: server() }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const unknown = await gw.handle(
      post(list, { 'mcp-session-id': session, 'mcp-protocol-version': '2099-01-01' }),
    );
    expect(unknown.status).toBe(400);
    const bodies = (await messagesIn(unknown)) as { id?: unknown; error?: { message: string } }[];
    expect(bodies.map((b) => b.error?.message)).toContain('Unsupported protocol version');
    // the request is still answered, by its id
    expect(bodies.some((b) => b.id === 1)).toBe(true);
    const known = await gw.handle(
      post(list, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }),
    );
    expect(known.status).toBe(200);
  });

  it('answers a refused notification with the refusal’s status, not a 202 that says it was taken', async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const gw = make({ up: server() }, fetchImpl, {
      policies: [
        {
          id: 'pol_1',
          name: 'no-roots-news',
          workspace: 'default',
          effect: 'deny',
          methods: ['notifications/roots/list_changed'],
        } as AccessPolicy,
      ],
    });
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
    const refused = await gw.handle(
      post({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' }, headers),
    );
    expect(refused.status).toBe(403);
    expect((await bodyOf(refused)).error).toMatchObject({ data: { code: 'access_denied' } });
    expect(seen.some((s) => methodOf(s)?.method === 'notifications/roots/list_changed')).toBe(false);
    // one the policy lets through is taken as before
    const taken = await gw.handle(post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers));
    expect(taken.status).toBe(202);
  });

  it('answers 404 for an unknown server and for one of another workspace, 503 when disabled', async () => {
    const gw = make({ up: server(), off: server({ name: 'off', enabled: false }) });
    const unknown = await gw.handle(post(initialize, {}, '/mcp/nope'));
    expect(unknown.status).toBe(404);
    expect((await bodyOf(unknown)).error?.message).toContain('nope');
    expect((await gw.handle(post(initialize, { authorization: 'Bearer bob' }))).status).toBe(404);
    // another workspace learns nothing, not even that the server is disabled
    expect((await gw.handle(post(initialize, { authorization: 'Bearer bob' }, '/mcp/off'))).status).toBe(404);
    expect((await gw.handle(post(initialize, {}, '/mcp/off'))).status).toBe(503);
  });

  it('refuses an api key where the workspace accepts only identity-provider tokens', async () => {
    const { fetchImpl, seen } = upstream(() => rpc(0, { protocolVersion: '2025-11-25' }));
    const gw = make({ vault: server({ name: 'vault', workspace: 'locked' }) }, fetchImpl);
    const refused = await gw.handle(post(initialize, { authorization: 'Bearer locked' }, '/mcp/vault'));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain(
      'error_description="This server does not accept api keys."',
    );
    expect(seen).toEqual([]);
  });

  it('answers a key restricted to other servers as for an unknown server, never reaching the upstream', async () => {
    const { fetchImpl, seen } = upstream(() => rpc(0, { protocolVersion: '2025-11-25' }));
    const gw = make({ up: server() }, fetchImpl);
    const refused = await gw.handle(post(initialize, { authorization: 'Bearer ci' }));
    const unknown = await gw.handle(post(initialize, { authorization: 'Bearer ci' }, '/mcp/nowhere'));
    expect(refused.status).toBe(404);
    expect((await bodyOf(refused)).error?.message).toBe('Unknown MCP server "up".');
    expect(unknown.status).toBe(404);
    expect((await bodyOf(unknown)).error?.message).toBe('Unknown MCP server "nowhere".');
    expect(seen).toEqual([]);
  });

  it('rejects foreign browser origins (DNS rebinding) but allows loopback ones locally', async () => {
    const { fetchImpl } = upstream(() => rpc(0, { protocolVersion: '2025-11-25' }));
    const gw = make({ up: server() }, fetchImpl);
    expect((await gw.handle(post(initialize, { origin: 'https://evil.example' }))).status).toBe(403);
    expect((await gw.handle(post(initialize, { origin: 'http://localhost:6274' }))).status).toBe(200);
  });

  it('lets pages of allowed origins call it (CORS): preflights answered, answers readable; others kept out', async () => {
    const { fetchImpl } = upstream(() =>
      rpc(0, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' }),
    );
    const gw = make({ up: server() }, fetchImpl);
    const preflight = (origin: string, headers = 'authorization, content-type, mcp-protocol-version') =>
      gw.handle({
        method: 'OPTIONS',
        path: '/mcp/up',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': headers,
        },
        query: {},
        body: undefined,
      });
    const allowed = await preflight('http://localhost:6274');
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:6274',
      'access-control-allow-methods': 'GET, POST, DELETE',
      'access-control-allow-headers': 'authorization, content-type, mcp-protocol-version',
      vary: 'Origin',
    });
    // a stateless call's tool parameter headers (2026-07-28) are asked for too
    const stateless = await preflight(
      'http://localhost:6274',
      'content-type, mcp-method, mcp-name, mcp-param-region',
    );
    expect([stateless.status, stateless.headers['access-control-allow-headers']]).toEqual([
      204,
      'content-type, mcp-method, mcp-name, mcp-param-region',
    ]);
    for (const refused of [
      await preflight('https://evil.example'),
      await preflight('http://localhost:6274', 'x-evil'),
      await preflight('http://localhost:6274', 'mcp-param-'),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    }
    // an answer says who may read it, and lets the page read its session and why it was refused
    const opened = await gw.handle(post(initialize, { origin: 'http://localhost:6274' }));
    expect(opened.status).toBe(200);
    expect(opened.headers['access-control-allow-origin']).toBe('http://localhost:6274');
    expect(opened.headers['access-control-expose-headers']).toContain('Mcp-Session-Id');
    const { authorization: _none, ...anonymous } = post(initialize).headers;
    const unsigned = await gw.handle({
      ...post(initialize),
      headers: { ...anonymous, origin: 'http://localhost:6274' },
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers['access-control-expose-headers']).toContain('WWW-Authenticate');
    // no Origin (not a browser), or another one: no CORS headers
    expect((await gw.handle(post(initialize))).headers['access-control-allow-origin']).toBeUndefined();
    const foreign = await gw.handle(post(initialize, { origin: 'https://evil.example' }));
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 400 to a protocol version header that names no version, forwarding nothing', async () => {
    const { fetchImpl, seen } = upstream(() => rpc(0, { protocolVersion: '2025-11-25' }));
    const gw = make({ up: server() }, fetchImpl);
    for (const method of ['POST', 'GET', 'DELETE']) {
      const refused = await gw.handle({
        ...post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-protocol-version': 'banana' }),
        method,
      });
      expect(refused.status).toBe(400);
      expect(await bodyOf(refused)).toMatchObject({
        error: {
          code: -32022,
          message: 'MCP-Protocol-Version "banana" is no protocol version.',
          data: { supported: expect.arrayContaining(['2025-11-25', '2026-07-28']), requested: 'banana' },
        },
      });
    }
    expect(seen).toEqual([]);
  });

  it('answers 400 to a stateless revision named in a session, or without its _meta version', async () => {
    const { fetchImpl, seen } = upstream(() => rpc(0, { tools: [] }));
    const gw = make({ up: server() }, fetchImpl);
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const inSession = await gw.handle(
      post(list, { 'mcp-protocol-version': '2026-07-28', 'mcp-session-id': 'some-session' }),
    );
    expect(inSession.status).toBe(400);
    expect(await bodyOf(inSession)).toMatchObject({
      error: {
        code: -32022,
        data: { requested: '2026-07-28', supported: expect.arrayContaining(['2025-11-25']) },
      },
    });
    // a session's GET and DELETE too, with the same error
    for (const method of ['GET', 'DELETE'] as const) {
      const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-session-id': 'some-session' };
      const other = await gw.handle({ ...listen(headers), method });
      expect(other.status, method).toBe(400);
      expect(await bodyOf(other)).toMatchObject({ error: { code: -32022 } });
    }
    // a stateless request that forgot its _meta version: told of the mismatch, not to open a session
    const unversioned = await gw.handle(
      post(list, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' }),
    );
    expect(unversioned.status).toBe(400);
    expect(await bodyOf(unversioned)).toMatchObject({
      error: { code: -32020, message: expect.stringContaining('_meta') },
    });
    expect(seen).toEqual([]);
  });

  it('rejects Origin: null and answers 404 (not 500) for a malformed server name', async () => {
    const gw = make({ up: server() });
    expect((await gw.handle(post(initialize, { origin: 'null' }))).status).toBe(403);
    expect((await gw.handle(post(initialize, {}, '/mcp/%E0%A4%A'))).status).toBe(404);
  });

  it('lets a listed null or browser-extension origin call, and read the answer', async () => {
    const { fetchImpl } = sessionUpstream();
    const gw = make({ up: server() }, fetchImpl, { allowedOrigins: ['null', 'chrome-extension://abcdefgh'] });
    for (const origin of ['null', 'chrome-extension://abcdefgh']) {
      const answer = await gw.handle(post(initialize, { origin }));
      expect(answer.status, origin).toBe(200);
      expect(answer.headers['access-control-allow-origin'], origin).toBe(origin);
    }
    expect((await gw.handle(post(initialize, { origin: 'chrome-extension://other' }))).status).toBe(403);
  });

  it('answers DELETE without a session 400 (sessions can be ended), GET without one 405 (no stream)', async () => {
    const gw = make({ up: server() });
    const deleted = await gw.handle({ ...post(''), method: 'DELETE' });
    expect(deleted.status).toBe(400);
    expect(await bodyOf(deleted)).toMatchObject({ error: { data: { code: 'session_required' } } });
    const get = post('');
    const listened = await gw.handle({
      ...get,
      method: 'GET',
      headers: { ...get.headers, accept: 'text/event-stream' },
    });
    expect([listened.status, listened.headers['allow']]).toEqual([405, 'POST']);
    // a client of the stateless revision has no session to end: no DELETE either
    const stateless = post('', { 'mcp-protocol-version': '2026-07-28' });
    const ended = await gw.handle({ ...stateless, method: 'DELETE' });
    expect([ended.status, ended.headers['allow']]).toEqual([405, 'POST']);
  });

  it('answers a path it has nothing at with a problem (RFC 9457), as the management API does', async () => {
    for (const path of ['/', '/v1x', '/.well-known/oauth-protected-resource/nothing']) {
      const answer = await make({}).handle({ method: 'GET', path, headers: {}, query: {}, body: undefined });
      expect([answer.status, answer.headers['content-type']]).toEqual([404, 'application/problem+json']);
      expect(JSON.parse(String(answer.body))).toMatchObject({ status: 404, code: 'route_not_found' });
    }
  });

  it('serves /healthz', async () => {
    const response = await make({}).handle({
      method: 'GET',
      path: '/healthz',
      headers: {},
      query: {},
      body: undefined,
    });
    expect(response.status).toBe(200);
  });

  it('a token whose provider’s keys cannot be read: 503 for requests and notifications alike, never sent on', async () => {
    const { seen, fetchImpl } = upstream((s) =>
      s.url === 'https://idp.test/jwks' ? new Response('oops', { status: 500 }) : rpc(1, {}),
    );
    const corp = {
      id: 'idp_1',
      version: 1,
      name: 'corp',
      workspace: 'default',
      issuer: 'https://idp.test',
      jwksUri: 'https://idp.test/jwks',
      enabled: true,
    } as IdentityProvider;
    gateway = createGateway({
      store: new MemoryStore(),
      config: fakeConfig({
        serverByName: async (name) => (name === 'up' ? server() : undefined),
        identityProviders: async () => [corp],
      }),
      guard: createUrlGuard({
        allowLoopback: true,
        allowPrivate: false,
        lookup: async () => [{ address: '93.184.216.34' }],
      }),
      log: () => {},
      http: fetchHttpClient(fetchImpl),
    });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iss: 'https://idp.test', sub: 'ada', aud: 'http://gw.test/mcp/up', exp: now + 300 })}.AAAA`;
    const headers = { authorization: `Bearer ${token}`, host: 'gw.test' };
    for (const body of [initialize, { jsonrpc: '2.0', method: 'notifications/initialized' }]) {
      const response = await gateway.handle(post(body, headers));
      expect(response.status).toBe(503);
      expect(JSON.parse(String(response.body)).error).toMatchObject({
        message: 'The key set of identity provider "corp" could not be read (HTTP 500).',
        data: { code: 'identity_provider_unavailable' },
      });
    }
    expect(seen.map((s) => s.url)).toEqual(['https://idp.test/jwks']);
  });
});

describe('bad input', () => {
  it('answers -32700 with HTTP 400 for invalid JSON, 415 for another content type, 413 when too large', async () => {
    const gw = make({ up: server() }, undefined, { maxBodyBytes: 1024 });
    const invalid = await gw.handle(post('{"jsonrpc": "2.0", '));
    expect(invalid.status).toBe(400);
    expect((await bodyOf(invalid)).error?.code).toBe(-32700);
    expect((await gw.handle(post(initialize, { 'content-type': 'text/plain' }))).status).toBe(415);
    // a compressed body is refused as such (RFC 9110 §15.5.16), not as malformed JSON
    const gzipped = await gw.handle(post(initialize, { 'content-encoding': 'gzip' }));
    expect([gzipped.status, gzipped.headers['accept-encoding']]).toEqual([415, 'identity']);
    expect((await bodyOf(gzipped)).error?.message).toMatch(/Content-Encoding "gzip"/);
    // bytes that were no UTF-8 (the adapter replaced them): no JSON, though what is left parses
    const replaced = await gw.handle({ ...post(initialize), malformedText: true });
    expect(replaced.status).toBe(400);
    expect((await bodyOf(replaced)).error).toMatchObject({
      code: -32700,
      message: expect.stringMatching(/UTF-8/),
    });
    const large = await gw.handle(post({ ...initialize, params: { pad: 'x'.repeat(2000) } }));
    expect(large.status).toBe(413);
    // a body of bytes that are no UTF-8 is judged by its size as it came, not its text's (three bytes each)
    const bytes = Buffer.alloc(600, 0xff);
    const undecodable = await gw.handle({ ...post(undefined), ...bodyText(bytes) });
    expect(undecodable.status).toBe(400);
    expect((await bodyOf(undecodable)).error?.message).toMatch(/UTF-8/);
  });

  it('requires a session after initialize: 400 without one, 404 for an unknown one', async () => {
    const gw = make({ up: server() });
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    expect((await gw.handle(post(list))).status).toBe(400);
    expect((await gw.handle(post(list, { 'mcp-session-id': 'unknown' }))).status).toBe(404);
  });
});

describe('forwarding', () => {
  it("falls back to another server when no target of its own answers, with only that server's credentials", async () => {
    const { seen, fetchImpl } = upstream((s) => {
      // the server's own target refuses connections
      if (s.url.includes(':9/')) throw new TypeError('fetch failed');
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'backup-1' });
      if (message?.method === 'tools/list') return rpc(message.id, { tools: [] });
      return new Response(null, { status: 202 });
    });
    const up = server({ fallbacks: ['personal', 'gone', 'backup'] });
    const servers: Record<string, Server> = {
      up,
      // per-user credentials belong to the server the client named: such a fallback is skipped
      personal: server({
        name: 'personal',
        url: 'http://127.0.0.1:11/mcp',
        credentials: {
          kind: 'user-oauth',
          authMethod: 'client_secret_basic',
          subjectToken: 'user-token',
          tokenUrl: 'https://idp.example/token',
        },
      }),
      backup: server({
        name: 'backup',
        url: 'http://127.0.0.1:10/mcp',
        headers: { 'x-backup-token': 'backup-secret' },
      }),
    };
    const gw = make(servers, fetchImpl);
    const init = await gw.handle(post(initialize));
    expect(init.status).toBe(200);
    const session = init.headers['mcp-session-id']!;
    expect((await bodyOf(init)).result).toEqual({ protocolVersion: '2025-11-25' });
    const list = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': session }),
    );
    expect((await bodyOf(list)).result).toEqual({ tools: [] });
    expect(seen.map((s) => `${new URL(s.url).port} ${methodOf(s)?.method}`)).toEqual([
      '9 initialize',
      '10 initialize',
      '10 tools/list',
    ]);
    for (const s of seen.filter((x) => x.url.includes(':10/'))) {
      // the fallback's own credentials only: never the named server's, never the client's
      expect(s.headers['x-backup-token']).toBe('backup-secret');
      expect(s.headers['x-upstream-token']).toBeUndefined();
      expect(s.headers.authorization).toBeUndefined();
    }
    // the session stays on the fallback
    expect(seen.at(-1)?.headers['mcp-session-id']).toBe('backup-1');
    // until the server stops naming it: then the session ends, and nothing more reaches the fallback
    up.fallbacks = [];
    const ended = await gw.handle(
      post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': session }),
    );
    expect(ended.status).toBe(404);
    expect(seen).toHaveLength(3);
  });

  it('ends a session an instance opened while it still thought its server enabled, once it is enabled again', async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const servers: Record<string, Server> = { up: server() };
    const gw = make(servers, fetchImpl);
    // this instance's copy of `up` is stale: the server was switched off a moment ago
    const disabledAt = new Date(Date.now() - 1000).toISOString();
    const init = await gw.handle(post(initialize));
    const session = init.headers['mcp-session-id']!;
    expect(init.status).toBe(200);
    servers['up'] = server({ disabledAt, enabledAt: new Date(Date.now() + 1000).toISOString() });
    const refused = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': session }),
    );
    expect(refused.status).toBe(404);
    expect(seen.map((s) => methodOf(s)?.method)).toEqual(['initialize']);
    // a session opened after the server was enabled again goes on
    const fresh = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    servers['up'] = server({ disabledAt, enabledAt: new Date(Date.now() - 500).toISOString() });
    const again = await gw.handle(
      post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': fresh }),
    );
    expect(again.status).toBe(200);
  });

  it('takes a fallback only for what its own policies and provisioning allow', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      if (s.url.includes(':9/')) throw new TypeError('fetch failed');
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'backup-1' });
      const batch = JSON.parse(s.body ?? 'null') as unknown;
      if (Array.isArray(batch))
        return Response.json(
          batch.map((m: { id: number }) => ({ jsonrpc: '2.0', id: m.id, result: { content: [] } })),
        );
      return rpc(message?.id, { content: [] });
    });
    const servers: Record<string, Server> = {
      up: server({ fallbacks: ['closed', 'backup'] }),
      // a fallback alice may not use at all: skipped
      closed: server({ name: 'closed', url: 'http://127.0.0.1:11/mcp' }),
      backup: server({
        name: 'backup',
        url: 'http://127.0.0.1:10/mcp',
        tools: { deny: ['drop_*'], readOnly: false },
      }),
    };
    const policies = [
      { name: 'not-alice', effect: 'deny', servers: ['closed'], subjects: { users: ['alice'] } },
      { name: 'no-wipes-on-backup', effect: 'deny', servers: ['backup'], tools: ['wipe'] },
    ] as AccessPolicy[];
    // a budget on the named server: only the calls sent are charged
    const budget = {
      id: 'bud_f',
      name: 'calls',
      workspace: 'default',
      servers: ['up'],
      per: ['user'],
      amount: 100,
      period: 'day',
      action: 'block',
    } as Budget;
    const store = new MemoryStore();
    const gw = make(servers, fetchImpl, { policies, store, budgets: [budget] });
    const init = await gw.handle(post(initialize));
    expect(init.status).toBe(200);
    const headers = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const call = (id: number, name: string) => callTool(gw, headers['mcp-session-id'], id, name).then(bodyOf);
    expect((await call(1, 'search')).result).toEqual({ content: [] });
    // refused by the fallback's provisioning and by a policy on the fallback: never sent there
    expect((await call(2, 'drop_table')).error?.message).toBe(
      'Tool "drop_table" is not provisioned on fallback server "backup".',
    );
    expect((await call(3, 'wipe')).error?.message).toBe(
      'Fallback server "backup": Denied by access policy "no-wipes-on-backup".',
    );
    expect(seen.map((s) => `${new URL(s.url).port} ${methodOf(s)?.method}`)).toEqual([
      '9 initialize',
      '10 initialize',
      '10 tools/call',
    ]);
    // in a batch (2025-03-26), only the refused message is answered so; the others go on
    const older = await gw.handle(
      post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }),
    );
    const batchHeaders = {
      'mcp-session-id': older.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-03-26',
    };
    const batch = await gw.handle(
      post(
        [
          { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'wipe' } },
          { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'search' } },
        ],
        batchHeaders,
      ),
    );
    const answers = JSON.parse(await text(batch)) as { id: number; error?: { message: string } }[];
    expect(answers.map((a) => [a.id, a.error !== undefined])).toEqual([
      [4, true],
      [5, false],
    ]);
    const batchSent = JSON.parse(seen.at(-1)!.body!) as { id: string | number; params: { name: string } }[];
    expect([batchSent].flat().map((m) => m.params.name)).toEqual(['search']);
    await gw.settle();
    const usage = await budgetUsage(store, budget, Date.now());
    expect(usage.items).toEqual([{ key: { user: 'alice' }, spent: 2, remaining: 98 }]);
  });

  it('refuses on a fallback the tools its tool pinning quarantines there', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      if (s.url.includes(':9/')) throw new TypeError('fetch failed');
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'backup-1' });
      return rpc(message?.id, { content: [] });
    });
    const servers: Record<string, Server> = {
      up: server({ fallbacks: ['backup'] }),
      backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp', toolPinning: 'quarantine' }),
    };
    const store = new MemoryStore();
    // another instance saw "deploy" drift on the fallback: no admin has approved its new definition
    const now = new Date().toISOString();
    await store.put({
      pk: pinsPartition('backup'),
      sk: 'tool#deploy',
      name: 'deploy',
      hash: 'sha256:pinned',
      pinnedAt: now,
      pendingHash: 'sha256:drifted',
      pendingAt: now,
      scheme: 2,
    });
    const gw = make(servers, fetchImpl, { store });
    const init = await gw.handle(post(initialize));
    const headers = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const call = (id: number, name: string) => callTool(gw, headers['mcp-session-id'], id, name).then(bodyOf);
    expect((await call(1, 'deploy')).error?.message).toBe(
      'Tool "deploy" is quarantined on fallback server "backup".',
    );
    expect((await call(2, 'search')).result).toEqual({ content: [] });
    expect(
      seen.map((s) => `${new URL(s.url).port} ${methodOf(s)?.method} ${s.body?.includes('deploy')}`),
    ).toEqual(['9 initialize false', '10 initialize false', '10 tools/call false']);
  });

  it("holds the named server's quarantine on a fallback that pins less, and refuses tools past its pin cap", async () => {
    const listed = [
      { name: 'deploy', description: 'changed since pinned', inputSchema: { type: 'object' } },
      { name: 'search', inputSchema: { type: 'object' } },
    ];
    const { seen, fetchImpl } = listingFallback(listed);
    const servers: Record<string, Server> = {
      up: server({ fallbacks: ['backup'], toolPinning: 'quarantine' }),
      backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp' }),
    };
    const store = new MemoryStore();
    const now = new Date().toISOString();
    const pin = (name: string, extra: object = {}) =>
      store.put({
        pk: pinsPartition('backup'),
        sk: `tool#${name}`,
        name,
        hash: 'sha256:pinned',
        pinnedAt: now,
        scheme: 2,
        ...extra,
      });
    await pin('deploy', { pendingHash: 'sha256:drifted', pendingAt: now });
    const gw = make(servers, fetchImpl, { store });
    const init = await gw.handle(post(initialize));
    const headers = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const call = (id: number, name: string) => callTool(gw, headers['mcp-session-id'], id, name).then(bodyOf);
    // the fallback's own pinning is off: the named server's quarantine judges its pins all the same
    expect((await call(1, 'deploy')).error?.message).toBe(
      'Tool "deploy" is quarantined on fallback server "backup".',
    );
    const list = await gw.handle(post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers)).then(bodyOf);
    expect((list.result as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual(['search']);
    await gw.settle();
    // a fallback holding all the pins it may: a tool without one is not callable there
    for (let i = 0; i < MAX_CATALOG_TOOLS; i++) await pin(`t${i}`);
    const fresh = await make(servers, fetchImpl, { store }).handle(
      post({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'fresh' } }, headers),
    );
    expect((await bodyOf(fresh)).error?.message).toBe(
      'Tool "fresh" is quarantined on fallback server "backup".',
    );
    expect(seen.filter((s) => methodOf(s)?.method === 'tools/call')).toEqual([]);
  });

  /** A named server that cannot be reached (port 9), and its fallback (port 10) listing `tools`. */
  const listingFallback = (tools: object[]) =>
    upstream((s) => {
      if (s.url.includes(':9/')) throw new TypeError('fetch failed');
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'backup-1' });
      return rpc(message?.id, { tools });
    });

  it('records a drift learned from a change notice once, with its audit event, before any client lists', async () => {
    let description = 'Echoes.';
    const { fetchImpl } = upstream((entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: { tools: { listChanged: true } } },
          { 'mcp-session-id': 'up-1' },
        );
      if (message?.id === undefined) return new Response(null, { status: 202 });
      if (message.method === 'tools/list')
        return rpc(message.id, { tools: [{ name: 'echo', description, inputSchema: { type: 'object' } }] });
      // the call changes the tool and says so on its stream
      description = 'Echoes, and mails it out.';
      const events = [
        { jsonrpc: '2.0', method: 'notifications/tools/list_changed' },
        { jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: 'ok' }] } },
      ];
      return new Response(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(''), {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    const store = new MemoryStore();
    const pinned = server({ toolPinning: 'quarantine' });
    const gw = make({ up: pinned }, fetchImpl, { store });
    const init = await gw.handle(post(initialize));
    const headers = {
      'mcp-session-id': init.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-11-25',
    };
    await bodyOf(await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers)));
    await gw.settle();
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } };
    await text(await gw.handle(post(call, headers)));
    const quarantined = async () =>
      (await queryAudit(store, { limit: 10, type: 'tool.quarantined' }, Date.now())).items;
    await expect
      .poll(
        async () => {
          await gw.settle();
          return (await quarantined()).length;
        },
        { timeout: 5_000 },
      )
      .toBe(1);
    expect((await quarantined())[0]).toMatchObject({ server: 'up', tool: 'echo' });
    expect(await store.get(pinsPartition(pinned.id ?? 'up'), 'tool#echo')).toHaveProperty('pendingHash');
    // a client's list of the same change records nothing more
    await bodyOf(await gw.handle(post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, headers)));
    await gw.settle();
    expect(await quarantined()).toHaveLength(1);
  });

  it("learns and pins a fallback's tools as the fallback's, never as the named server's", async () => {
    const listed = [
      { name: 'deploy', description: 'the fallback’s own deploy', inputSchema: { type: 'object' } },
      { name: 'backup_only', inputSchema: { type: 'object' } },
    ];
    const { fetchImpl } = listingFallback(listed);
    const servers: Record<string, Server> = {
      up: server({ fallbacks: ['backup'], toolPinning: 'quarantine' }),
      backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp', toolPinning: 'quarantine' }),
    };
    const store = new MemoryStore();
    const pinnedAt = new Date().toISOString();
    const upDeploy = { name: 'deploy', hash: 'sha256:up-deploy', pinnedAt, scheme: 2 };
    await store.put({ pk: pinsPartition('up'), sk: 'tool#deploy', ...upDeploy });
    const gw = make(servers, fetchImpl, { store });
    const init = await gw.handle(post(initialize));
    const headers = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const list = await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers)).then(bodyOf);
    // first seen on the fallback: pinned there and offered
    expect((list.result as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual([
      'deploy',
      'backup_only',
    ]);
    await gw.settle();
    // the named server's pin of its own "deploy" records no drift, and it pins nothing of the fallback's
    expect(await store.get(pinsPartition('up'), 'tool#deploy')).toMatchObject(upDeploy);
    expect(await store.get(pinsPartition('up'), 'tool#deploy')).not.toHaveProperty('pendingHash');
    expect(await store.get(pinsPartition('up'), 'tool#backup_only')).toBeUndefined();
    expect((await queryAudit(store, { limit: 10, type: 'tool.quarantined' }, Date.now())).items).toEqual([]);
    expect(await store.get(pinsPartition('backup'), 'tool#deploy')).toMatchObject({ name: 'deploy' });
    // the catalogs: the fallback's tools are the fallback's
    expect(await readCatalog(store, 'up')).toBeUndefined();
    expect((await readCatalog(store, 'backup'))?.tools.map((t) => t.name).sort()).toEqual([
      'backup_only',
      'deploy',
    ]);
  });

  it("judges a fallback's tool list by the fallback's pinning when the named server pins nothing", async () => {
    const listed = [
      { name: 'deploy', description: 'changed since pinned', inputSchema: { type: 'object' } },
      { name: 'search', inputSchema: { type: 'object' } },
    ];
    const { fetchImpl } = listingFallback(listed);
    const servers: Record<string, Server> = {
      up: server({ fallbacks: ['backup'] }),
      backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp', toolPinning: 'quarantine' }),
    };
    const store = new MemoryStore();
    const pinnedAt = new Date().toISOString();
    await store.put({
      pk: pinsPartition('backup'),
      sk: 'tool#deploy',
      name: 'deploy',
      hash: 'sha256:pinned',
      pinnedAt,
      scheme: 2,
    });
    const gw = make(servers, fetchImpl, { store });
    const init = await gw.handle(post(initialize));
    const headers = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const list = await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers)).then(bodyOf);
    // "deploy" drifted from its pin on the fallback: quarantined there, so not offered
    expect((list.result as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual(['search']);
    await gw.settle();
    expect(await store.get(pinsPartition('backup'), 'tool#deploy')).toHaveProperty('pendingHash');
    expect(await store.get(pinsPartition('up'), 'tool#search')).toBeUndefined();
  });

  it('takes no fallback that would not take the caller itself: its sign-in methods, a key’s servers, its webhook', async () => {
    const opa: string[] = [];
    const { seen, fetchImpl } = upstream((s) => {
      if (s.url.endsWith('/opa')) {
        const asked = JSON.parse(s.body ?? '{}') as { server: string; method: string; tool?: string };
        opa.push(`${asked.server} ${asked.method} ${asked.tool}`);
        return Response.json({ allow: asked.tool !== 'wipe', reason: 'not on the backup' });
      }
      if (s.url.includes(':9/')) throw new TypeError('fetch failed');
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'backup-1' });
      return rpc(message?.id, { content: [] });
    });
    const servers: Record<string, Server> = {
      up: server({ fallbacks: ['tokens-only', 'backup'] }),
      // takes no api keys: an api key's caller never reaches it through the server it named
      'tokens-only': server({
        name: 'tokens-only',
        url: 'http://127.0.0.1:11/mcp',
        authentication: { methods: ['jwt'] },
      } as Partial<Server>),
      // its own authorization webhook decides its calls
      backup: server({
        name: 'backup',
        url: 'http://127.0.0.1:10/mcp',
        authzWebhook: 'opa',
      } as Partial<Server>),
    };
    const gw = make(servers, fetchImpl, { webhooks: [opaWebhook] });
    const init = await gw.handle(post(initialize));
    expect(init.status).toBe(200);
    const session = init.headers['mcp-session-id']!;
    const call = (id: number, name: string) => callTool(gw, session, id, name).then(bodyOf);
    expect((await call(1, 'search')).result).toEqual({ content: [] });
    expect((await call(2, 'wipe')).error?.message).toBe('Fallback server "backup": not on the backup');
    expect(
      seen.filter((s) => !s.url.endsWith('/opa')).map((s) => `${new URL(s.url).port} ${methodOf(s)?.method}`),
    ).toEqual(['9 initialize', '10 initialize', '10 tools/call']);
    expect(opa).toEqual([
      'backup initialize undefined',
      'backup tools/call search',
      'backup tools/call wipe',
    ]);
    // a key for the named server alone reaches no fallback
    servers['up'] = server({ name: 'up', fallbacks: ['backup'] });
    const ci = await gw.handle(post(initialize, { authorization: 'Bearer ci-up' }));
    expect((await bodyOf(ci)).error?.message).toBe('Upstream server "up" is unreachable.');
    expect(seen.filter((s) => s.url.includes(':10/'))).toHaveLength(2);
  });

  /** An upstream answering every call (an empty result). */
  const answeringEveryCall = () =>
    upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method === 'tools/call') return rpc(message.id, { content: [] });
      return new Response(null, { status: 202 });
    });

  /** A gateway in front of an upstream answering every call, with `budget` on; one call made through it. */
  async function budgetedCall(budget: Budget) {
    const { fetchImpl } = answeringEveryCall();
    const store = new MemoryStore();
    const gw = make({ up: server() }, fetchImpl, { store, budgets: [budget] });
    const init = await gw.handle(post(initialize));
    const session = init.headers['mcp-session-id']!;
    await text(init);
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: {} } };
    const answer = await bodyOf(await gw.handle(post(call, { 'mcp-session-id': session })));
    return { gw, store, answer };
  }

  it('settle() writes the spend of a budgeted call at once (what Lambda awaits before an invocation ends)', async () => {
    const budget = {
      id: 'bud_1',
      name: 'daily',
      workspace: 'default',
      servers: ['up'],
      per: ['user'],
      amount: 100,
      period: 'day',
      action: 'block',
    } as Budget;
    const { gw, store, answer } = await budgetedCall(budget);
    expect(answer.result).toEqual({ content: [] });
    await gw.settle();
    // written now, not a second later by the batch timer
    const usage = await budgetUsage(store, budget, Date.now());
    expect(usage.items).toEqual([{ key: { user: 'alice' }, spent: 1, remaining: 99 }]);
  });

  it('settle(until) returns by the function’s end though the store hangs (its answer still ends cleanly)', async () => {
    const { fetchImpl } = answeringEveryCall();
    const memory = new MemoryStore();
    // the analytics rollups' writes do not come back (until the test ends)
    let release = () => {};
    const back = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hanging = Object.assign(Object.create(memory) as MemoryStore, {
      increment: async (...args: Parameters<MemoryStore['increment']>) => {
        if (args[0].startsWith('usage#')) await back;
        return memory.increment(...args);
      },
    });
    const gw = make({ up: server() }, fetchImpl, { store: hanging });
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    expect((await bodyOf(await callTool(gw, session, 1))).result).toEqual({ content: [] });
    const started = Date.now();
    const settled = await Promise.race([
      gw.settle(started + 200).then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('still settling after 3 s'), 3000)),
    ]);
    release();
    expect(settled).toBe('settled');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('charges a budgeted call only when it may have run: not when the server is down or disabled', async () => {
    const budget = blocking('bud_3');
    let mode: 'up' | 'down' | 'reset' | 'timeout' | 'hang' | number = 'up';
    let running = false;
    const scripted = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      const socket = (code: string) => Object.assign(new Error(code), { code });
      if (mode === 'down') throw new TypeError('fetch failed', { cause: socket('ECONNREFUSED') });
      // the connection drops while the request is out: the upstream may have run it
      if (mode === 'reset') throw new TypeError('fetch failed', { cause: socket('ECONNRESET') });
      if (mode === 'timeout') return new Response('busy', { status: 503 });
      if (typeof mode === 'number') return new Response('refused', { status: mode });
      return rpc(message.id, { content: [] });
    });
    // the tool runs until the client leaves, before its answer
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      if (mode !== 'hang' || !String(init?.body).includes('tools/call')) return scripted.fetchImpl(url, init);
      running = true;
      return untilAborted(init);
    }) as typeof fetch;
    const store = new MemoryStore();
    const gw = make({ up: server() }, fetchImpl, { store, budgets: [budget] });
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const call = async (id: number) => bodyOf(await callTool(gw, session, id));
    mode = 'down';
    // an outage: however many tries, nothing reached the upstream, nothing is charged
    for (let id = 1; id <= 5; id++)
      expect((await call(id)).error?.data).toMatchObject({ code: 'upstream_unavailable' });
    // refused by the upstream at the HTTP level (credentials, throttling, a bad request): never ran
    for (const status of [401, 403, 429, 400]) {
      mode = status;
      expect((await call(100 + status)).error?.data).toMatchObject({ code: 'upstream_error' });
    }
    mode = 'timeout'; // the upstream got it and failed: it may have run, it is charged
    expect((await call(6)).error?.data).toMatchObject({ code: 'upstream_error' });
    mode = 'reset'; // so is a call whose connection failed while it was out
    expect((await call(11)).error?.data).toMatchObject({ code: 'upstream_unavailable' });
    mode = 'up';
    expect((await call(7)).result).toEqual({ content: [] });
    // a client that leaves while its call runs is charged: the call ran
    mode = 'hang';
    const left = new AbortController();
    const leaving = gw.handle({
      ...post(
        { jsonrpc: '2.0', id: 10, method: 'tools/call', params: { name: 'echo' } },
        { 'mcp-session-id': session },
      ),
      signal: left.signal,
    });
    await expect.poll(() => running).toBe(true);
    left.abort();
    await leaving.catch(() => undefined);
    mode = 'up';
    await gw.settle();
    expect((await budgetUsage(store, budget, Date.now())).items).toEqual([
      { key: { user: 'alice' }, spent: 4, remaining: 1 },
    ]);
    expect((await call(8)).result).toEqual({ content: [] });
    expect((await call(9)).error?.data).toMatchObject({ code: 'budget_exhausted' });
  });

  it('charges no call the outbound guard kept from the upstream', async () => {
    const budget = blocking('bud_guard');
    const { seen, fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      return rpc(message.id, { content: [] });
    });
    const allowed = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    let refusing = false;
    // the server's host now resolves to an address the outbound policy refuses
    const guard: UrlGuard = {
      check: async (url) => {
        if (refusing) throw new GatewayError('forbidden', 'The address is not allowed.');
        return allowed.check(url);
      },
    };
    const store = new MemoryStore();
    const gw = make({ up: server() }, fetchImpl, { store, budgets: [budget], guard });
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    refusing = true;
    for (let id = 1; id <= 6; id++)
      expect((await bodyOf(await callTool(gw, session, id))).error?.data).toMatchObject({
        code: 'forbidden',
      });
    await gw.settle();
    expect(seen.filter((s) => methodOf(s)?.method === 'tools/call')).toEqual([]);
    // the budget of five calls is whole
    refusing = false;
    for (let id = 7; id <= 11; id++)
      expect((await bodyOf(await callTool(gw, session, id))).result).toEqual({ content: [] });
  });

  it('charges a retried call that an earlier try may have run, however the last try failed', async () => {
    const budget = blocking('bud_4');
    let tries = 0;
    const { fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      // the first try reaches the upstream (which fails it), the second cannot connect at all, or is
      // refused at the HTTP level (throttled, its credentials refused)
      if (tries++ % 2 === 0) return new Response('busy', { status: 503 });
      if (typeof last === 'number') return new Response('no', { status: last });
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      });
    });
    let last: 'connect' | number = 'connect';
    const store = new MemoryStore();
    const retried = server({
      retry: { attempts: 1, idempotentTools: ['echo'], backoffMs: 1 } as Server['retry'],
    });
    const gw = make({ up: retried }, fetchImpl, { store, budgets: [budget] });
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const answer = await bodyOf(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo' } },
          { 'mcp-session-id': session },
        ),
      ),
    );
    expect(tries).toBe(2);
    expect(answer.error?.data).toMatchObject({ code: 'upstream_unavailable' });
    for (const status of [429, 401]) {
      last = status;
      const refused = await gw.handle(
        post(
          { jsonrpc: '2.0', id: status, method: 'tools/call', params: { name: 'echo' } },
          { 'mcp-session-id': session },
        ),
      );
      expect((await bodyOf(refused)).error?.data).toMatchObject({ code: 'upstream_error' });
    }
    expect(tries).toBe(6);
    await gw.settle();
    expect((await budgetUsage(store, budget, Date.now())).items).toEqual([
      { key: { user: 'alice' }, spent: 3, remaining: 2 },
    ]);
  });

  it('refuses every call of a server whose authorization webhook is gone, and audits why', async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const store = new MemoryStore();
    const gw = make({ up: server({ authzWebhook: 'deleted-since' } as Partial<Server>) }, fetchImpl, {
      store,
      webhooks: [],
    });
    const refused = await bodyOf(await gw.handle(post(initialize)));
    expect(refused.error).toMatchObject({
      message: 'The authorization webhook of this server cannot be found.',
    });
    expect(seen).toHaveLength(0);
    await gw.close();
    const events = (await queryAudit(store, { limit: 10, type: 'access.denied' }, Date.now())).items;
    expect(events).toEqual([
      expect.objectContaining({ reason: 'authz-webhook-missing', server: 'up', method: 'initialize' }),
    ]);
  });

  it('passes on a list naming its entries twice as it judged it, not as the upstream’s text', async () => {
    const tool = (name: string) => ({ name, inputSchema: { type: 'object' } });
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      // `tools` twice: JSON.parse reads the last, other decoders the first
      return new Response(
        `{"jsonrpc":"2.0","id":${JSON.stringify(message?.id)},"result":{"tools":${JSON.stringify([tool('wipe')])},"tools":${JSON.stringify([tool('search')])}}}`,
        { headers: { 'content-type': 'application/json' } },
      );
    });
    const policies = [
      { name: 'no-wipes', effect: 'deny', servers: ['up'], tools: ['wipe'] },
    ] as AccessPolicy[];
    const gw = make({ up: server() }, fetchImpl, { policies });
    const init = await gw.handle(post(initialize));
    const listed = await text(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 1, method: 'tools/list' },
          { 'mcp-session-id': init.headers['mcp-session-id']! },
        ),
      ),
    );
    expect(JSON.parse(listed).result).toEqual({ tools: [tool('search')] });
    expect(listed).not.toContain('wipe');
  });

  it('audits a refused resource read without what its URI may carry for a credential', async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const store = new MemoryStore();
    // only bob may read the bucket: the refusal's reason names the URI alice asked for
    const policies = [
      {
        name: 'bucket-readers',
        effect: 'allow',
        servers: ['up'],
        resources: ['https://bucket.example/*'],
        subjects: { users: ['bob'] },
      },
    ] as AccessPolicy[];
    const gw = make({ up: server() }, fetchImpl, { store, policies });
    const init = await gw.handle(post(initialize));
    const headers = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const uri = 'https://bucket.example/reports/q3.pdf?X-Amz-Signature=0123abcd&X-Amz-Credential=AKIA';
    const read = { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri } };
    expect((await bodyOf(await gw.handle(post(read, headers)))).error?.data).toMatchObject({
      code: 'access_denied',
    });
    expect(seen.map((s) => methodOf(s)?.method)).toEqual(['initialize']);
    await gw.close();
    const [event] = (await queryAudit(store, { limit: 10, type: 'access.denied' }, Date.now())).items;
    const name = (event?.detail?.['target'] as { name?: string } | undefined)?.name;
    expect(name).toMatch(/^https:\/\/bucket\.example\/reports\/q3\.pdf…#[\w-]{24}$/);
    expect(JSON.stringify(event)).not.toContain('X-Amz-Signature');
  });

  it('an authorization webhook is told when the arguments hold an integer past 2^53, and its answer is not kept', async () => {
    const asked: string[] = [];
    const scripted = upstream((seen) => {
      if (seen.url.endsWith('/opa')) {
        if (seen.body?.includes('"tools/call"')) asked.push(seen.body);
        return Response.json({ allow: true });
      }
      const message = methodOf(seen);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      return rpc(message?.id, { content: [] });
    });
    const gw = make({ up: server({ authzWebhook: 'opa' } as Partial<Server>) }, scripted.fetchImpl, {
      webhooks: [{ ...opaWebhook, sendArguments: true }],
    });
    const opened = await gw.handle(post(initialize));
    await text(opened);
    const headers = {
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-11-25',
    };
    const pay = (id: number, account: string) =>
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"pay","arguments":{"account":${account}}}}`;
    // two accounts JavaScript reads as one number: the webhook is told, and asked about each
    for (const [id, account] of [
      [1, '1152921504606846977'],
      [2, '1152921504606846976'],
    ] as const)
      expect((await bodyOf(await gw.handle(post(pay(id, account), headers)))).result).toEqual({
        content: [],
      });
    expect(asked).toHaveLength(2);
    for (const body of asked) expect(JSON.parse(body)).toMatchObject({ argumentsInexact: true });
    // exact arguments: asked once, the answer remembered
    for (const id of [3, 4]) await bodyOf(await gw.handle(post(pay(id, '42'), headers)));
    expect(asked).toHaveLength(3);
    expect(JSON.parse(asked[2]!)).not.toHaveProperty('argumentsInexact');
  });

  it('makes no retry to a target whose circuit the failed try opened', async () => {
    let calls = 0;
    const { fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      calls++;
      return new Response('busy', { status: 503 });
    });
    const retried = server({
      retry: { attempts: 2, idempotentTools: ['echo'], backoffMs: 1 } as Server['retry'],
      circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 30 } as Server['circuitBreaker'],
    });
    const gw = make({ up: retried }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    expect((await bodyOf(await callTool(gw, session, 1))).error).toBeDefined();
    expect(calls).toBe(1);
  });

  it('a retry the timeout cannot fit (a long Retry-After) takes nothing from the retry budget', async () => {
    let mode: 'later' | 'once' | 'ok' = 'later';
    const { fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      if (mode === 'later') return new Response('busy', { status: 503, headers: { 'retry-after': '3600' } });
      if (mode === 'once') {
        mode = 'ok';
        return new Response('busy', { status: 503 });
      }
      return rpc(message.id, { content: [] });
    });
    // next to no refill: the ten retries it starts with are all there is
    const retried = server({
      retry: { attempts: 1, idempotentTools: ['echo'], backoffMs: 1, budget: 0.0001 } as Server['retry'],
    });
    const gw = make({ up: retried }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const call = async (id: number) => bodyOf(await callTool(gw, session, id));
    // fifteen calls the upstream wants tried again in an hour: answered at once, no retry made
    for (let id = 1; id <= 15; id++) expect((await call(id)).error).toBeDefined();
    // the budget is whole: a call failing once is retried
    mode = 'once';
    expect((await call(16)).result).toEqual({ content: [] });
  });

  it("waits on a try's own Retry-After, not on one an earlier try was sent", async () => {
    let calls = 0;
    const { fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      calls++;
      // busy for a second, then unreachable (no Retry-After of its own), then answers
      if (calls === 1) return new Response('busy', { status: 503, headers: { 'retry-after': '1' } });
      if (calls === 2) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return rpc(message.id, { content: [] });
    });
    const retried = server({
      timeoutMs: 1800,
      retry: { attempts: 2, idempotentTools: ['echo'], backoffMs: 1 } as Server['retry'],
    });
    const gw = make({ up: retried }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    // a second's wait, then the third try at once: a second wait would not fit the timeout
    expect((await bodyOf(await callTool(gw, session, 1))).result).toEqual({ content: [] });
    expect(calls).toBe(3);
  });

  it('a budget store failing mid-admission gives back the room other budgets took for the call', async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const store = new MemoryStore();
    const failing = Object.assign(Object.create(store) as MemoryStore, {
      incrementWithin: (...args: Parameters<MemoryStore['incrementWithin']>) =>
        args[0] === 'budget#bud_b' ? Promise.reject(new Error('throttled')) : store.incrementWithin(...args),
    });
    const gw = make({ up: server() }, fetchImpl, {
      store: failing,
      budgets: [blocking('bud_a'), blocking('bud_b')],
    });
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const calls = seen.length;
    await text(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo' } },
          { 'mcp-session-id': session },
        ),
      ),
    );
    expect(seen).toHaveLength(calls);
    await gw.settle(); // (room given back goes to the store with the invocation's write)
    expect((await store.query('budget#bud_a')).items.map((i) => i['reserved'])).toEqual([0]);
  });

  it('delivers a budget alert to its webhook, again after a failed delivery, with one id', async () => {
    const deliveries: { id: unknown; type: unknown; signed: boolean }[] = [];
    const { fetchImpl } = upstream(async (s) => {
      if (s.url.startsWith('http://127.0.0.1:7/alerts')) {
        const body = JSON.parse(s.body!) as Record<string, unknown>;
        deliveries.push({
          id: body['id'],
          type: body['type'],
          signed: 'x-mcp-gateway-signature' in s.headers,
        });
        // down at first; then a receiver that answers a notice with no content
        return new Response(null, { status: deliveries.length === 1 ? 503 : 204 });
      }
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method === 'tools/call') return rpc(message.id, { content: [] });
      return new Response(null, { status: 202 });
    });
    const logged: string[] = [];
    const gw = make({ up: server() }, fetchImpl, {
      budgets: [
        {
          id: 'bud_w',
          name: 'watched',
          workspace: 'default',
          servers: ['up'],
          amount: 2,
          period: 'day',
          alertAt: [0.5],
          webhook: 'alerts',
        } as Budget,
      ],
      webhooks: [
        {
          id: 'whk_a',
          name: 'alerts',
          workspace: 'default',
          url: 'http://127.0.0.1:7/alerts',
          secret: 'alert-secret-0123456789abcdefghij',
          timeoutMs: 500,
        } as Webhook,
      ],
      log: (line) => logged.push(line),
    });
    const init = await gw.handle(post(initialize));
    await text(init);
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: {} } };
    await bodyOf(await gw.handle(post(call, { 'mcp-session-id': init.headers['mcp-session-id']! })));
    // delivered once `settle` is done (a Lambda instance may freeze right after), its retry too
    await gw.settle();
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toEqual({ id: deliveries[1]!.id, type: 'budget.alert', signed: true });
    expect(deliveries[0]!.id).toMatch(/^bud_w:.+:0\.5$/);
    expect(logged.filter((line) => line.includes('not delivered'))).toEqual([]);
  });

  it('close() keeps the budget alert its last write of the spend raises', async () => {
    const { gw, store } = await budgetedCall({
      id: 'bud_2',
      name: 'tiny',
      workspace: 'default',
      servers: ['up'],
      amount: 1,
      period: 'day',
      alertAt: [1],
    } as Budget);
    // the process goes: the spend is written, and the alert it crossed with it
    await gw.close();
    const alerts = (await queryAudit(store, { limit: 10, type: 'budget.alert' }, Date.now())).items;
    expect(alerts.map((a) => a.resource?.name)).toEqual(['tiny']);
  });

  it('ends a session whose target the health checker took out of rotation: the client starts on another', async () => {
    const { seen, fetchImpl } = sessionUpstream('u');
    const store = new MemoryStore();
    const targets = [
      { url: 'http://127.0.0.1:9/east', weight: 1, priority: 0 },
      { url: 'http://127.0.0.1:9/west', weight: 1, priority: 0 },
    ];
    const gw = make(
      { up: server({ targets, healthCheck: { intervalSeconds: 30, unhealthyAfter: 2 } }) },
      fetchImpl,
      {
        store,
      },
    );
    const init = await gw.handle(post(initialize));
    await text(init);
    const first = seen.at(-1)!.url;
    const session = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } };
    await store.put({
      pk: 'health',
      sk: 'up',
      server: 'up',
      checkedAt: new Date().toISOString(),
      targets: targets.map((t) => ({ url: t.url, inRotation: t.url !== first })),
    });
    // (the router re-reads health every 2 s, in the background of a call)
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await text(await gw.handle(post(call, session)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const sent = seen.length;
    const ended = await gw.handle(post(call, session));
    expect(ended.status).toBe(404);
    expect(seen).toHaveLength(sent);
    const again = await gw.handle(post(initialize));
    await text(again);
    expect(seen.at(-1)!.url).not.toBe(first);
  });

  it('gives a handshake all the time when no other target could take it (the other one down)', async () => {
    const { seen, fetchImpl } = upstream(async (s, init) => {
      const message = methodOf(s);
      if (s.url.includes('/down')) return new Response('bad gateway', { status: 502 });
      // a healthy target whose initialize takes more than half the timeout
      if (message?.method === 'initialize') {
        await new Promise((resolve, reject) => {
          setTimeout(resolve, 600);
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'u' });
      }
      return rpc(message?.id, {});
    });
    const targets = [
      { url: 'http://127.0.0.1:9/down', weight: 1, priority: 0 },
      { url: 'http://127.0.0.1:9/slow', weight: 1, priority: 1 },
    ];
    const circuitBreaker = { consecutiveFailures: 1, cooldownSeconds: 60 } as Server['circuitBreaker'];
    const gw = make({ up: server({ targets, circuitBreaker, timeoutMs: 1000 }) }, fetchImpl);
    // the first: the down target fails at once (its circuit opens), the slow one has what is left
    for (const id of [1, 2]) {
      const answer = await bodyOf(await gw.handle(post({ ...initialize, id })));
      expect(answer.result, JSON.stringify(answer)).toMatchObject({ protocolVersion: '2025-11-25' });
    }
    // the second skipped the open circuit, and had the whole timeout on the slow one
    expect(seen.map((s) => s.url.replace('http://127.0.0.1:9', ''))).toEqual(['/down', '/slow', '/slow']);
  });

  it('ends a session whose target stays down past its circuit cooldown: the client starts on another', async () => {
    const dead = new Set<string>();
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (dead.has(s.url)) return new Response('bad gateway', { status: 502 });
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'u' });
      return rpc(message?.id, { content: [] });
    });
    const clock = { ms: 1_000_000 };
    const targets = [
      { url: 'http://127.0.0.1:9/east', weight: 1, priority: 0 },
      { url: 'http://127.0.0.1:9/west', weight: 1, priority: 0 },
    ];
    const circuitBreaker = { consecutiveFailures: 1, cooldownSeconds: 5 } as Server['circuitBreaker'];
    // the sessions' store on the same clock: a session outlives the test's minutes
    const now = { now: () => clock.ms };
    const gw = make({ up: server({ targets, circuitBreaker }) }, fetchImpl, {
      clock: now,
      store: new MemoryStore(now),
    });
    const init = await gw.handle(post(initialize));
    await text(init);
    const first = seen.at(-1)!.url;
    dead.add(first);
    const session = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const call = (id: number) =>
      post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: {} } }, session);
    expect((await bodyOf(await gw.handle(call(2)))).error?.data).toMatchObject({ code: 'upstream_error' }); // trips
    clock.ms += 1_000;
    // open, within its cooldown: the session waits for its target
    expect((await bodyOf(await gw.handle(call(3)))).error?.data).toMatchObject({
      code: 'upstream_unavailable',
    });
    clock.ms += 5_000;
    // the half-open probe fails: open again
    expect((await bodyOf(await gw.handle(call(4)))).error?.data).toMatchObject({ code: 'upstream_error' });
    clock.ms += 1_000;
    const sent = seen.length;
    const ended = await gw.handle(call(5));
    expect(ended.status).toBe(404);
    expect((await bodyOf(ended)).error).toMatchObject({
      message: expect.stringContaining('down past its circuit'),
      data: { code: 'session_not_found' },
    });
    expect(seen).toHaveLength(sent);
    const again = await gw.handle(post(initialize));
    expect((await bodyOf(again)).result).toMatchObject({ protocolVersion: '2025-11-25' });
    expect(seen.at(-1)!.url).not.toBe(first);
  });

  it('a new session goes on to the next target when one answers initialize with a 5xx', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (s.url.includes('/west')) return new Response('bad gateway', { status: 502 });
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': s.url });
      return rpc(message?.id, { content: [] });
    });
    const targets = [
      { url: 'http://127.0.0.1:9/west', weight: 1, priority: 0 },
      { url: 'http://127.0.0.1:9/east', weight: 1, priority: 1 },
    ];
    const gw = make({ up: server({ targets }) }, fetchImpl);
    const init = await gw.handle(post(initialize));
    expect(init.status).toBe(200);
    expect((await bodyOf(init)).result).toMatchObject({ protocolVersion: '2025-11-25' });
    expect(seen.map((s) => s.url)).toEqual(['http://127.0.0.1:9/west', 'http://127.0.0.1:9/east']);
    // the session lives on the target that answered
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } };
    const session = { 'mcp-session-id': init.headers['mcp-session-id']! };
    expect((await bodyOf(await gw.handle(post(call, session)))).result).toEqual({ content: [] });
    expect(seen.at(-1)!.url).toBe('http://127.0.0.1:9/east');
    // every target failing: the client hears the last one's answer, and no session is made
    const failing = make(
      {
        up: server({ targets: [targets[0]!, { url: 'http://127.0.0.1:9/west-2', weight: 1, priority: 1 }] }),
      },
      fetchImpl,
    );
    const refused = await failing.handle(post(initialize));
    expect(refused.headers['mcp-session-id']).toBeUndefined();
    expect((await bodyOf(refused)).error).toMatchObject({ message: expect.stringContaining('HTTP 502') });
    expect(seen.slice(-2).map((s) => s.url)).toEqual([
      'http://127.0.0.1:9/west',
      'http://127.0.0.1:9/west-2',
    ]);
  });

  it('a new session goes on to the next target when one never answers initialize, within its timeout', async () => {
    const { seen, fetchImpl } = upstream((s, init) => {
      const message = methodOf(s);
      if (s.url.includes('/hung')) return untilAborted(init);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': s.url });
      return rpc(message?.id, { content: [] });
    });
    const target = (path: string, priority: number) => ({
      url: `http://127.0.0.1:9/${path}`,
      weight: 1,
      priority,
    });
    const gw = make(
      { up: server({ timeoutMs: 100, targets: [target('hung', 0), target('east', 1)] }) },
      fetchImpl,
    );
    const init = await gw.handle(post(initialize));
    expect((await bodyOf(init)).result).toMatchObject({ protocolVersion: '2025-11-25' });
    expect(seen.map((s) => s.url)).toEqual(['http://127.0.0.1:9/hung', 'http://127.0.0.1:9/east']);
    // the first target had half the time, the next the rest: a second that does not answer either spends
    // it, and the client hears so
    const slow = make(
      {
        up: server({ timeoutMs: 100, targets: [target('hung', 0), target('hung-2', 1), target('east', 2)] }),
      },
      fetchImpl,
    );
    const refused = await slow.handle(post(initialize));
    expect(refused.headers['mcp-session-id']).toBeUndefined();
    expect((await bodyOf(refused)).error?.data).toMatchObject({ code: 'upstream_timeout' });
    expect(seen.slice(-2).map((s) => s.url)).toEqual([
      'http://127.0.0.1:9/hung',
      'http://127.0.0.1:9/hung-2',
    ]);
  });

  it('close() gives the rate limits back what this instance leased and did not use', async () => {
    const { fetchImpl } = sessionUpstream();
    const store = new MemoryStore();
    const limit = {
      id: 'rl_9',
      name: 'calls',
      workspace: 'default',
      limit: 1000,
      window: 'minute',
    } as RateLimit;
    const gw = make({ up: server() }, fetchImpl, { store, rateLimits: [limit] });
    const init = await gw.handle(post(initialize));
    await text(init);
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } };
    const session = { 'mcp-session-id': init.headers['mcp-session-id']! };
    expect((await bodyOf(await gw.handle(post(call, session)))).result).toEqual({ content: [] });
    const used = async () => (await store.query('rate#rl_9')).items.map((item) => item['used']);
    expect(await used()).toEqual([10]); // a first lease of a hundredth
    await gw.close();
    expect(await used()).toEqual([2]); // initialize and the call
  });

  it('close() waits for what a JSON answer still reads after it went out, and records that call', async () => {
    const store = new MemoryStore();
    let ended = false;
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      // the result at once, the stream's end a while later: the client's JSON answer goes out before it
      const result = `data: ${JSON.stringify({ jsonrpc: '2.0', id: message?.id, result: { content: [] } })}\n\n`;
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(result));
          await new Promise((resolve) => setTimeout(resolve, 300));
          ended = true;
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const gw = make({ up: server() }, fetchImpl, { store });
    const init = await gw.handle(post(initialize));
    await text(init);
    const session = { 'mcp-session-id': init.headers['mcp-session-id']! };
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } };
    const answer = await gw.handle(post(call, session));
    expect(answer.headers['content-type']).toBe('application/json');
    expect((await bodyOf(answer)).result).toEqual({ content: [] });
    expect(ended).toBe(false);
    await gw.close();
    expect(ended).toBe(true);
    expect(await usageOf(store, 'echo')).toEqual({ calls: 1, errors: 0 });
  });

  it('completes a resource template’s argument only with values whose URI the caller may read', async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (message?.method === 'completion/complete')
        return rpc(message.id, {
          completion: { values: ['secret/keys.txt', 'public/readme.md', 'secrets.txt'], total: 3 },
        });
      return new Response(null, { status: 202 });
    });
    const policies = [
      { name: 'no-secrets', effect: 'deny', servers: ['up'], resources: ['file:///secret/*'] },
    ] as AccessPolicy[];
    const gw = make({ up: server() }, fetchImpl, { policies });
    const init = await gw.handle(post(initialize));
    await text(init);
    const complete = (uri: string) =>
      gw
        .handle(
          post(
            {
              jsonrpc: '2.0',
              id: 2,
              method: 'completion/complete',
              params: { ref: { type: 'ref/resource', uri }, argument: { name: 'path', value: 's' } },
            },
            { 'mcp-session-id': init.headers['mcp-session-id']! },
          ),
        )
        .then(bodyOf);
    const completed = await complete('file:///{+path}');
    expect(completed.result).toEqual({ completion: { values: ['public/readme.md', 'secrets.txt'] } });
    // a template whose values the rules never reach: the upstream's answer as it came
    expect((await complete('repo://{path}')).result).toEqual({
      completion: { values: ['secret/keys.txt', 'public/readme.md', 'secrets.txt'], total: 3 },
    });
  });

  it("completes a template's argument only with values the authorization webhook lets the caller read", async () => {
    const { fetchImpl } = upstream((s) => {
      if (s.url.endsWith('/opa')) {
        const asked = JSON.parse(s.body ?? '{}') as { resource?: string };
        return Response.json({ allow: asked.resource?.includes('secret') !== true });
      }
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (message?.method === 'completion/complete')
        return rpc(message.id, { completion: { values: ['secret/keys.txt', 'public/readme.md'], total: 2 } });
      return new Response(null, { status: 202 });
    });
    // no access policies at all: the webhook alone decides
    const gw = make({ up: server({ authzWebhook: 'opa' } as Partial<Server>) }, fetchImpl, {
      webhooks: [opaWebhook],
    });
    const init = await gw.handle(post(initialize));
    await text(init);
    const completed = await bodyOf(
      await gw.handle(
        post(
          {
            jsonrpc: '2.0',
            id: 2,
            method: 'completion/complete',
            params: {
              ref: { type: 'ref/resource', uri: 'file:///{+path}' },
              argument: { name: 'path', value: '' },
            },
          },
          { 'mcp-session-id': init.headers['mcp-session-id']! },
        ),
      ),
    );
    expect(completed.result).toEqual({ completion: { values: ['public/readme.md'] } });
  });

  it('refuses a batch on a batchless protocol before any policy counts its members', async () => {
    const { fetchImpl } = sessionUpstream();
    const store = new MemoryStore();
    const limit = {
      id: 'rl_8',
      name: 'calls',
      workspace: 'default',
      limit: 1000,
      window: 'minute',
    } as RateLimit;
    const gw = make({ up: server() }, fetchImpl, { store, rateLimits: [limit] });
    const init = await gw.handle(post(initialize));
    await text(init);
    const call = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'echo', arguments: {} },
    });
    const headers = {
      'mcp-session-id': init.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-06-18',
    };
    const batch = await gw.handle(post([call(2), call(3), call(4)], headers));
    expect(batch.status).toBe(400);
    expect((await bodyOf(batch)).error?.message).toContain('JSON-RPC batches are not supported');
    await gw.close();
    expect((await store.query('rate#rl_8')).items.map((item) => item['used'])).toEqual([1]); // initialize only
  });

  it('issues its own session id, maps it to the upstream one and never forwards the client token', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' });
      if (message?.method === 'tools/list') return rpc(message.id, { tools: [] });
      if (s.method === 'DELETE') return new Response(null, { status: 200 });
      return new Response(null, { status: 202 });
    });
    const gw = make({ up: server() }, fetchImpl);
    const init = await gw.handle(post(initialize));
    expect(init.status).toBe(200);
    const session = init.headers['mcp-session-id'];
    expect(session).toBeDefined();
    expect(session).not.toBe('upstream-1');
    await text(init);

    const notified = await gw.handle(
      post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': session! }),
    );
    expect(notified.status).toBe(202);
    const list = await gw.handle(
      post(
        { jsonrpc: '2.0', id: 1, method: 'tools/list' },
        { 'mcp-session-id': session!, 'mcp-protocol-version': '2025-11-25' },
      ),
    );
    expect((await bodyOf(list)).result).toEqual({ tools: [] });
    const forwarded = seen.find((s) => methodOf(s)?.method === 'tools/list')!;
    expect(forwarded.headers['mcp-session-id']).toBe('upstream-1');
    expect(forwarded.headers['mcp-protocol-version']).toBe('2025-11-25');
    for (const s of seen) {
      expect(s.headers.authorization).toBeUndefined();
      expect(s.headers['x-upstream-token']).toBe('upstream-secret');
    }

    const ended = await gw.handle({
      ...post(''),
      method: 'DELETE',
      headers: {
        authorization: 'Bearer good',
        'mcp-session-id': session!,
        'mcp-protocol-version': '2025-11-25',
      },
    });
    expect(ended.status).toBe(204);
    expect(seen.at(-1)?.method).toBe('DELETE');
    // the gateway is the upstream's client: its DELETE names the session's version too
    expect(seen.at(-1)?.headers['mcp-protocol-version']).toBe('2025-11-25');
    expect(
      (await gw.handle(post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': session! })))
        .status,
    ).toBe(404);
  });

  it('binds a session to its user', async () => {
    const { fetchImpl } = upstream((s) => rpc(methodOf(s)?.id, { protocolVersion: '2025-11-25' }));
    const gw = make({ up: server(), up2: server({ name: 'up2' }) }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const other = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-session-id': session }, '/mcp/up2'),
    );
    expect(other.status).toBe(404);
    // nor does another credential naming the same user continue it, or end it
    for (const method of ['POST', 'DELETE']) {
      const borrowed = await gw.handle({
        ...post(
          { jsonrpc: '2.0', id: 2, method: 'ping' },
          { 'mcp-session-id': session, authorization: 'Bearer good-2' },
        ),
        method,
      });
      expect(borrowed.status, method).toBe(404);
    }
    const own = await gw.handle(
      post({ jsonrpc: '2.0', id: 3, method: 'ping' }, { 'mcp-session-id': session }),
    );
    expect(own.status).toBe(200);
  });

  it('names the server when the upstream is down, as a JSON-RPC error answering the request', async () => {
    const gw = make({ up: server({ url: 'http://127.0.0.1:9/mcp' }) });
    const response = await gw.handle(post(initialize));
    expect(response.status).toBe(200);
    const body = await bodyOf(response);
    expect(body.id).toBe(0);
    expect(body.error?.code).toBe(-32010);
    expect(body.error?.message).toContain('"up"');
  });

  it("tells by the HTTP status, never with the server's request id, that a client's answer or notification did not arrive", async () => {
    let down = false;
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'u' });
      if (down) return new Response('unavailable', { status: 503 });
      // a notification or answer the server cannot take: 400, a JSON-RPC error without id
      return Response.json(
        { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'not expected' } },
        { status: 400 },
      );
    });
    const gw = make({ up: server() }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const headers = { 'mcp-session-id': session };
    // the client's answer to the server's sampling request 0 (the client's own request 0 may be pending)
    const answer = {
      jsonrpc: '2.0',
      id: 0,
      result: { role: 'assistant', content: { type: 'text', text: 'hi' } },
    };
    const refused = await gw.handle(post(answer, headers));
    expect(refused.status).toBe(400);
    expect((await bodyOf(refused)).id).toBeNull();
    const notified = await gw.handle(
      post({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' }, headers),
    );
    expect(notified.status).toBe(400);
    // a batch whose request the gateway refused, its notification refused upstream: a 200 carrying both,
    // so that a client reading no body past an error status still gets its request's answer
    const mixed = await gw.handle(
      post(
        [
          { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 't', arguments: [] } },
          { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
        ],
        headers,
      ),
    );
    expect(mixed.status).toBe(200);
    const answers = JSON.parse(String(mixed.body)) as { id: unknown; error?: { code: number } }[];
    expect(answers.map((a) => [a.id, a.error?.code])).toEqual([
      [5, -32602],
      [null, -32010],
    ]);
    down = true;
    const failed = await gw.handle(post(answer, headers));
    expect(failed.status).toBe(502);
    // a batch (2025-03-26) of answers and notifications only, likewise
    const batch = [answer, { jsonrpc: '2.0', method: 'notifications/roots/list_changed' }];
    const batchFailed = await gw.handle(post(batch, headers));
    expect(batchFailed.status).toBe(502);
    expect((await bodyOf(batchFailed)).id).toBeNull();
    const body = await bodyOf(failed);
    expect(body.id).toBeNull();
    expect(body.error?.message).toContain('"up"');
  });

  it('leaves an answer stream that ended cleanly to resumption only where the protocol has clients resume', async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'u' });
      // a priming event, then the stream ends before the answer (the 2025-11-25 polling pattern)
      return new Response('id: ev-1\nretry: 1000\ndata: \n\n', {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    const gw = make({ up: server() }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const ask = (version: string, accept?: string) =>
      gw.handle(
        post(
          { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'slow' } },
          {
            'mcp-session-id': session,
            'mcp-protocol-version': version,
            ...(accept !== undefined ? { accept } : {}),
          },
        ),
      );
    // an earlier client would wait forever: it is answered
    const older = await text(await ask('2025-06-18'));
    expect(older).toContain('ended its answer without responding');
    // a 2025-11-25 client resumes with GET and Last-Event-ID: nothing is made up in its stead
    const polling = await text(await ask('2025-11-25'));
    expect(polling).not.toContain('"error"');
    // one that takes no event stream cannot resume: it is answered, as JSON
    const jsonOnly = await ask('2025-11-25', 'application/json');
    expect(jsonOnly.status).toBe(200);
    expect((await bodyOf(jsonOnly)).error?.message).toContain('ended its answer without responding');
  });

  it('answers a request whose stream ended cleanly where the upstream keeps no sessions (no stream to resume)', async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      // no session id: GET has nothing of this session to resume
      if (message?.method === 'initialize') return rpc(message.id, {});
      return new Response('id: ev-1\nretry: 1000\ndata: \n\n', {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    const gw = make({ up: server() }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const answer = await text(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'slow' } },
          { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' },
        ),
      ),
    );
    expect(answer).toContain('ended its answer without responding');
  });

  it('sends a Lambda-hosted server no cancellation after its timeout (no invocation stops another)', async () => {
    const methods: string[] = [];
    const functions: FunctionInvoker = {
      invoke: async (_fn, payload, signal) => {
        const { message } = JSON.parse(Buffer.from(payload).toString()) as {
          message: { id?: unknown; method: string };
        };
        methods.push(message.method);
        if (message.method === 'initialize')
          return {
            payload: Buffer.from(
              JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2025-11-25' } }),
            ),
          };
        if (message.method === 'tools/call')
          await new Promise((resolve) => signal?.addEventListener('abort', resolve));
        return { payload: Buffer.from('null') };
      },
    };
    const gw = make(
      { up: server({ transport: 'lambda', function: 'fn', timeoutMs: 100 } as Partial<Server>) },
      undefined,
      {
        functions,
      },
    );
    const opened = await gw.handle(post(initialize));
    await text(opened);
    const headers = {
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-11-25',
    };
    const call = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'slow', arguments: {} } };
    expect(await bodyOf(await gw.handle(post(call, headers)))).toMatchObject({
      error: { data: { code: 'upstream_timeout' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(methods).not.toContain('notifications/cancelled');
  });

  it('times out a hanging upstream after the server timeout', async () => {
    const hang = (async (_url: string | URL, init?: RequestInit) => untilAborted(init)) as typeof fetch;
    const gw = make({ up: server({ timeoutMs: 100 }) }, hang);
    const body = await bodyOf(await gw.handle(post(initialize)));
    expect(body.error?.data).toMatchObject({ code: 'upstream_timeout' });
  });

  it('tells the upstream to stop a call its own timeout ended, before its answer or during its stream', async () => {
    const encoder = new TextEncoder();
    const { seen, fetchImpl } = upstream((s, init) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'up-1' },
        );
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      const { name } = (message as { params: { name: string } }).params;
      // no answer before the timeout
      if (name === 'silent') return untilAborted(init);
      // a stream that says something, then nothing more
      const progress = {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 1, progress: 1 },
      };
      return new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(`data: ${JSON.stringify(progress)}\n\n`));
            init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    });
    const gw = make({ up: server({ timeoutMs: 150 }) }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const cancels = () =>
      seen
        .map(methodOf)
        .filter((m) => m?.method === 'notifications/cancelled')
        .map((m) => (m as { params: { requestId: unknown } }).params.requestId);
    for (const [id, name] of [
      [7, 'silent'],
      [8, 'quiet-stream'],
    ] as const) {
      expect(await text(await callTool(gw, session, id, name))).toContain('upstream_timeout');
      await vi.waitFor(() => expect(cancels()).toContain(id));
    }
    expect(cancels()).toEqual([7, 8]);
    // on the upstream's session
    const cancel = seen.find((s) => methodOf(s)?.method === 'notifications/cancelled')!;
    expect(cancel.headers['mcp-session-id']).toBe('up-1');
  });

  it('settle() waits for the cancellation it sent after a timeout (a frozen function would lose it)', async () => {
    let delivered = false;
    const { fetchImpl } = upstream(async (s, init) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'up-1' },
        );
      if (message?.method === 'notifications/cancelled') {
        await new Promise((resolve) => setTimeout(resolve, 150)); // a slow upstream takes it in
        delivered = true;
        return new Response(null, { status: 202 });
      }
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      return untilAborted(init);
    });
    const gw = make({ up: server({ timeoutMs: 100 }) }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    expect(await text(await callTool(gw, session, 7, 'silent'))).toContain('upstream_timeout');
    await gw.settle();
    expect(delivered).toBe(true);
  });

  it('ends a hanging upstream call in time for the function to answer (its deadline before the server timeout)', async () => {
    const hang = (async (_url: string | URL, init?: RequestInit) => untilAborted(init)) as typeof fetch;
    const gw = make({ up: server({ timeoutMs: 60_000 }) }, hang);
    // (the server's own timeout would hold the call past the test's time limit)
    const body = await bodyOf(await gw.handle({ ...post(initialize), deadline: Date.now() + 150 }));
    expect(body.error?.data).toMatchObject({ code: 'upstream_timeout' });
  });

  it('streams SSE through and closes every open request with an error when the upstream breaks mid-stream', async () => {
    const encoder = new TextEncoder();
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'u' });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(
            encoder.encode(
              'id: e1\nevent: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n\n',
            ),
          );
          // later, so the queued event is read first (error() drops queued chunks)
          setTimeout(() => controller.error(new Error('connection reset')), 20);
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    });
    const store = new MemoryStore();
    const gw = make({ up: server() }, fetchImpl, { store });
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const response = await gw.handle(
      post(
        { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'x' } },
        { 'mcp-session-id': session },
      ),
    );
    expect(response.headers['content-type']).toBe('text/event-stream');
    const events = await text(response);
    expect(events).toContain('id: e1\n');
    expect(events).toContain('notifications/progress');
    expect(events).toMatch(/"id":5,"error":\{"code":-32010/);
    await gw.close();
    expect(await usageOf(store, 'x')).toEqual({ calls: 1, errors: 1 }); // a failed call, not a success
  });

  it('ends the session when the upstream forgot it, so the client re-initializes', async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'u' });
      return new Response('gone', { status: 404 });
    });
    const gw = make({ up: server() }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const first = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-session-id': session }),
    );
    expect(first.status).toBe(404);
    expect(
      (await gw.handle(post({ jsonrpc: '2.0', id: 2, method: 'ping' }, { 'mcp-session-id': session })))
        .status,
    ).toBe(404);
  });

  it('takes an upstream’s 400 that says it does not know the session for the 404 it means', async () => {
    // what servers built on the SDK's examples answer for a session lost in a restart
    const lost = {
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Bad Request: No valid session ID provided' },
    };
    const refused = { jsonrpc: '2.0', id: 3, error: { code: -32602, message: 'Unknown argument "x"' } };
    const { fetchImpl, seen } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'u' });
      return Response.json(message?.method === 'tools/call' ? refused : lost, { status: 400 });
    });
    const gw = make({ up: server() }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    // another 400 of the upstream is its answer, as it came
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 't', arguments: { x: 1 } } };
    const other = await gw.handle(post(call, { 'mcp-session-id': session }));
    expect([other.status, (await bodyOf(other)).error?.message]).toEqual([400, 'Unknown argument "x"']);
    const first = await gw.handle(
      post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-session-id': session }),
    );
    expect([first.status, (await bodyOf(first)).error?.message]).toEqual([
      404,
      'The session has expired; initialize a new one.',
    ]);
    const calls = seen.length;
    const again = await gw.handle(
      post({ jsonrpc: '2.0', id: 2, method: 'ping' }, { 'mcp-session-id': session }),
    );
    expect(again.status).toBe(404);
    expect(seen.length).toBe(calls); // the gateway forgot the session too
  });

  it('turns an upstream error page into a JSON-RPC error and issues no session for a failed initialize', async () => {
    const { fetchImpl } = upstream(
      () =>
        new Response('<html>502 Bad Gateway</html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
    );
    const response = await make({ up: server() }, fetchImpl).handle(post(initialize));
    expect(response.headers['mcp-session-id']).toBeUndefined();
    const body = await bodyOf(response);
    expect(body.error?.data).toMatchObject({ code: 'upstream_error' });
    expect(body.error?.message).toContain('HTTP 502');
    expect(JSON.stringify(body)).not.toContain('<html>');
  });

  it('does not let an upstream 401 look like a client credential problem', async () => {
    const { fetchImpl } = upstream(() => new Response('no', { status: 401 }));
    const body = await bodyOf(await make({ up: server() }, fetchImpl).handle(post(initialize)));
    expect(body.error?.data).toMatchObject({ code: 'upstream_error' });
  });

  /** A session on an upstream that answers initialize, then `after` for everything else. */
  async function sessionWith(after: (seen: Seen, init?: RequestInit) => Response, rateLimits?: RateLimit[]) {
    const { fetchImpl } = upstream((seen, init) =>
      methodOf(seen)?.method === 'initialize'
        ? rpc(0, { protocolVersion: '2025-03-26', capabilities: {} }, { 'mcp-session-id': 'up-1' })
        : after(seen, init),
    );
    const gw = make({ up: server() }, fetchImpl, rateLimits !== undefined ? { rateLimits } : {});
    const opened = await gw.handle(
      post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }),
    );
    await text(opened);
    const headers = {
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-03-26',
    };
    return { gw, headers };
  }

  /** A 2025-03-26 session whose upstream answers each request of a batch with an empty result, recording them. */
  async function batchSession(rateLimits?: RateLimit[]) {
    const forwarded: unknown[] = [];
    const { gw, headers } = await sessionWith((seen) => {
      const batch = JSON.parse(seen.body!) as { id: number }[];
      forwarded.push(...batch);
      return new Response(JSON.stringify(batch.map((m) => ({ jsonrpc: '2.0', id: m.id, result: {} }))), {
        headers: { 'content-type': 'application/json' },
      });
    }, rateLimits);
    return { gw, headers, forwarded };
  }

  it('answers the calls of a batch past a rate limit on their own; the others go on', async () => {
    // the initialize takes one of four
    const limit = {
      id: 'rl_u',
      name: 'per-user',
      workspace: 'default',
      limit: 4,
      window: 'minute',
    } as RateLimit;
    const { gw, headers, forwarded } = await batchSession([limit]);
    const calls = [1, 2, 3, 4, 5].map((id) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'a', arguments: {} },
    }));
    const response = await gw.handle(post(calls, headers));
    expect(response.status).toBe(200);
    const answers = JSON.parse(await text(response)) as { id: number; error?: { code: number } }[];
    // (a batch's answers in any order: the refused ones first)
    expect(answers.map((a) => [a.id, a.error?.code]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, -32029],
      [5, -32029],
    ]);
    expect((forwarded as { id: number }[]).map((m) => m.id)).toEqual([1, 2, 3]);
    // nothing left: the next batch is refused whole (429, Retry-After), as a single call would be
    const refused = await gw.handle(post(calls.slice(0, 2), headers));
    expect([refused.status, refused.headers['retry-after']]).toEqual([429, expect.stringMatching(/^\d+$/)]);
    // still a batch's answer (JSON-RPC: an array, a response per request), each request's id its own
    const each = JSON.parse(await text(refused)) as { id: number; error: { code: number } }[];
    expect(each.map((a) => [a.id, a.error.code])).toEqual([
      [1, -32029],
      [2, -32029],
    ]);
    expect((forwarded as { id: number }[]).map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('refuses a call whose arguments are no object (policies could not judge them); the rest of its batch goes on', async () => {
    const { gw, headers, forwarded } = await batchSession();
    const response = await gw.handle(
      post(
        [
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a', arguments: ['x'] } },
          { jsonrpc: '2.0', id: 2, method: 'prompts/get', params: { name: 'p', arguments: 'x' } },
          { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'a', arguments: { x: 1 } } },
          // null, as some clients send for a tool without arguments: none
          { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'b', arguments: null } },
        ],
        headers,
      ),
    );
    const answers = JSON.parse(await text(response)) as { id: number; error?: { message: string } }[];
    expect(answers.map((a) => [a.id, a.error?.message])).toEqual([
      [1, 'The arguments of tools/call must be an object.'],
      [2, 'The arguments of prompts/get must be an object.'],
      [3, undefined],
      [4, undefined],
    ]);
    expect(forwarded).toEqual([
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'a', arguments: { x: 1 } } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'b', arguments: null } },
    ]);
  });

  it('answers each member of a batch that is no JSON-RPC message on its own; the valid ones go on (JSON-RPC 2.0 §6)', async () => {
    const { gw, headers, forwarded } = await batchSession();
    const valid = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'a', arguments: {} } };
    const response = await gw.handle(
      post([{ jsonrpc: '1.0', id: 1, method: 'tools/list' }, 7, valid, { jsonrpc: '2.0', id: 3 }], headers),
    );
    expect(response.status).toBe(200);
    const answers = JSON.parse(await text(response)) as {
      id: unknown;
      error?: { code: number; message: string };
    }[];
    const invalid = (id: number | null, message: string) => ({
      jsonrpc: '2.0',
      id,
      error: { code: -32600, message, data: { code: 'invalid_request' } },
    });
    expect(answers).toEqual([
      invalid(1, 'The "jsonrpc" member must be "2.0".'),
      invalid(null, 'A JSON-RPC message must be an object.'),
      // its id is a valid request's: answered with null, so that the client cannot take it for that one's
      invalid(null, 'A response carries exactly one of "result" and "error".'),
      { jsonrpc: '2.0', id: 3, result: {} },
    ]);
    expect(forwarded).toEqual([valid]);

    // a batch of nothing valid: every member answered, nothing forwarded
    const none = await gw.handle(post([1, 'x'], headers));
    expect(none.status).toBe(200);
    expect((JSON.parse(await text(none)) as { id: unknown }[]).map((a) => a.id)).toEqual([null, null]);
    expect(forwarded).toHaveLength(1);
  });

  it('refuses a tool named with an unpaired surrogate as naming nothing, under a per-tool limit too (no 500)', async () => {
    const { fetchImpl, seen } = sessionUpstream();
    const limit = {
      id: 'rl_t',
      name: 'per-tool',
      workspace: 'default',
      limit: 10,
      window: 'minute',
      per: ['tool'],
    };
    const gw = make({ up: server() }, fetchImpl, { rateLimits: [limit as RateLimit] });
    const init = await gw.handle(post(initialize));
    await text(init);
    const before = seen.length;
    // JSON can carry the half of a pair alone: the body is written by hand, as JSON.stringify would escape it
    const body = '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"\\ud800","arguments":{}}}';
    const answer = await gw.handle({
      ...post(undefined, { 'mcp-session-id': init.headers['mcp-session-id']! }),
      body,
    });
    expect(answer.status).toBe(200);
    expect((await bodyOf(answer)).error).toMatchObject({
      message: expect.stringContaining(
        'tools/call must name its tool, prompt or resource in well-formed text',
      ),
    });
    // nor a name longer than any tool's: it would be a key of its own, held in memory and stored
    const long = await gw.handle(
      post(
        { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'x'.repeat(100_000), arguments: {} } },
        { 'mcp-session-id': init.headers['mcp-session-id']! },
      ),
    );
    expect((await bodyOf(long)).error).toMatchObject({
      message: expect.stringContaining('at most 512 bytes'),
    });
    expect(seen.length).toBe(before); // never forwarded
  });

  it('answers a client that takes JSON only with JSON, whatever the upstream streams', async () => {
    const { gw, headers } = await sessionWith((seen) => {
      const id = methodOf(seen)?.id;
      const progress = {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 1, progress: 1 },
      };
      const result = { jsonrpc: '2.0', id, result: { content: [] } };
      return new Response(`data: ${JSON.stringify(progress)}\n\ndata: ${JSON.stringify(result)}\n\n`, {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    const call = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'a' } };
    const jsonOnly = await gw.handle(post(call, { ...headers, accept: 'application/json' }));
    expect(jsonOnly.headers['content-type']).toBe('application/json');
    expect(await bodyOf(jsonOnly)).toEqual({ jsonrpc: '2.0', id: 7, result: { content: [] } });
    // a client that takes both gets the stream as it comes
    const both = await gw.handle(post(call, headers));
    expect(both.headers['content-type']).toBe('text/event-stream');
    expect(await text(both)).toContain('notifications/progress');
    // a range of quality 0 takes nothing (RFC 9110 §12.4.2)
    const noStream = await gw.handle(
      post(call, { ...headers, accept: 'application/json, text/event-stream;q=0' }),
    );
    expect(noStream.headers['content-type']).toBe('application/json');
    const noJson = await gw.handle(
      post(call, { ...headers, accept: 'application/json;q=0, text/event-stream' }),
    );
    expect(noJson.headers['content-type']).toBe('text/event-stream');
    expect(await text(noJson)).toContain('notifications/progress');
    const neither = await gw.handle(post(call, { ...headers, accept: 'application/json;q=0, text/*;q=0' }));
    expect(neither.status).toBe(406);
  });

  it('answers the upstream’s own requests for a client that takes JSON only, which never sees them', async () => {
    const answered: unknown[] = [];
    const { gw, headers } = await sessionWith((seen) => {
      const message = JSON.parse(seen.body!) as { id?: unknown; method?: string };
      if (message.method === undefined) {
        answered.push(message);
        return new Response(null, { status: 202 });
      }
      const asks = [
        { jsonrpc: '2.0', id: 'up-ping', method: 'ping' },
        { jsonrpc: '2.0', id: 'up-sample', method: 'sampling/createMessage', params: { messages: [] } },
      ];
      const result = { jsonrpc: '2.0', id: message.id, result: { content: [] } };
      return new Response([...asks, result].map((m) => `data: ${JSON.stringify(m)}\n\n`).join(''), {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    const call = { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'a' } };
    const jsonOnly = await gw.handle(post(call, { ...headers, accept: 'application/json' }));
    expect(await bodyOf(jsonOnly)).toEqual({ jsonrpc: '2.0', id: 8, result: { content: [] } });
    await vi.waitFor(() => expect(answered).toHaveLength(2));
    expect(answered).toEqual([
      { jsonrpc: '2.0', id: 'up-ping', result: {} },
      {
        jsonrpc: '2.0',
        id: 'up-sample',
        error: {
          code: -32601,
          message: 'A client that takes no event stream cannot answer "sampling/createMessage".',
        },
      },
    ]);
    // a client that takes the stream gets them to answer itself
    answered.length = 0;
    const streamed = await text(await gw.handle(post(call, headers)));
    expect(streamed).toContain('sampling/createMessage');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toEqual([]);
  });

  it('refuses initialize in a batch, even alone, and a batch past the message limit; nothing reaches the upstream', async () => {
    const { seen, fetchImpl } = upstream((entry) => rpc(methodOf(entry)?.id, {}));
    const gw = make({ up: server() }, fetchImpl);
    const alone = await gw.handle(post([initialize], { 'mcp-protocol-version': '2025-03-26' }));
    expect(alone.status).toBe(400);
    expect((await bodyOf(alone)).error).toMatchObject({
      code: -32600,
      message: 'initialize must be sent on its own, not in a batch.',
    });
    const many = Array.from({ length: MAX_BATCH_MESSAGES + 1 }, (_, i) => ({
      jsonrpc: '2.0',
      id: i,
      method: 'ping',
    }));
    const tooMany = await gw.handle(post(many, { 'mcp-protocol-version': '2025-03-26' }));
    expect(tooMany.status).toBe(400);
    expect((await bodyOf(tooMany)).error?.message).toBe(
      `A batch holds at most ${MAX_BATCH_MESSAGES} messages; this one has ${MAX_BATCH_MESSAGES + 1}.`,
    );
    expect(seen).toEqual([]);
  });

  it('answers every request of a batch the upstream failed as a whole, the refused ones too', async () => {
    const { gw, headers } = await sessionWith(() => new Response('down', { status: 500 }));
    const response = await gw.handle(
      post(
        [
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a' } },
          { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } },
          { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'b' } },
          { jsonrpc: '2.0', id: 3, method: 'tools/call', params: {} },
        ],
        headers,
      ),
    );
    expect(response.status).toBe(200);
    const answers = JSON.parse(await text(response)) as { id: number; error: { message: string } }[];
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(answers[0]!.error.message).toContain('HTTP 500');
    expect(answers[2]!.error.message).toContain('must name its tool');
  });

  it('answers a request the upstream took with a 202 or 204 (no answer) with an error, in HTTP 200', async () => {
    for (const status of [202, 204]) {
      const { gw, headers } = await sessionWith(() => new Response(null, { status }));
      const response = await gw.handle(
        post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'a' } }, headers),
      );
      expect(response.status, String(status)).toBe(200);
      const body = await bodyOf(response);
      expect(body).toMatchObject({ id: 7, error: { data: { code: 'upstream_error' } } });
      await gateway?.close();
    }
  });

  it('takes an error the upstream tied to no request for the open one only if nothing else answers it', async () => {
    const events = (id: unknown, answered: boolean) =>
      [
        { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Unknown response id' } },
        ...(answered ? [{ jsonrpc: '2.0', id, result: { tools: [] } }] : []),
      ]
        .map((e) => `event: message\ndata: ${JSON.stringify(e)}\n\n`)
        .join('');
    for (const answered of [true, false]) {
      const { gw, headers } = await sessionWith(
        (seen) =>
          new Response(events(methodOf(seen)?.id, answered), {
            headers: { 'content-type': 'text/event-stream' },
          }),
      );
      const response = await gw.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
      expect(await messagesIn(response), String(answered)).toEqual([
        answered
          ? { jsonrpc: '2.0', id: 5, result: { tools: [] } }
          : { jsonrpc: '2.0', id: 5, error: { code: -32600, message: 'Unknown response id' } },
      ]);
      await gateway?.close();
    }
  });

  it('answers a request whose SSE answer is not JSON-RPC with an error naming the server, at once', async () => {
    const { gw, headers } = await sessionWith(
      (seen) =>
        new Response(
          `id: e1\ndata: {"jsonrpc":"2.0","id":${methodOf(seen)?.id},"result":{},"error":{"code":1,"message":"m"}}\n\n`,
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const response = await gw.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(await messagesIn(response)).toEqual([
      {
        jsonrpc: '2.0',
        id: 5,
        error: expect.objectContaining({
          message: 'Upstream server "up" answered something that is not JSON-RPC.',
        }),
      },
    ]);
  });

  it('answers a request whose upstream answered a result without an id with an error of its own id', async () => {
    const { gw, headers } = await sessionWith(() => Response.json({ jsonrpc: '2.0', id: null, result: {} }));
    const response = await gw.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(await bodyOf(response)).toMatchObject({ id: 5, error: { data: { code: 'upstream_error' } } });
  });

  it('reads an SSE event of an empty type as a message: the request is answered once, by it', async () => {
    const { gw, headers } = await sessionWith(
      (seen) =>
        new Response(
          `event:\ndata: {"jsonrpc":"2.0","id":${methodOf(seen)?.id},"result":{"content":[]}}\n\n`,
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const response = await gw.handle(
      post(
        { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: {} } },
        { ...headers, accept: 'application/json, text/event-stream' },
      ),
    );
    expect(await messagesIn(response)).toEqual([{ jsonrpc: '2.0', id: 5, result: { content: [] } }]);
  });

  it.each([
    [
      'as the SDK lays it out',
      (id: unknown, result: string) => `{"jsonrpc":"2.0","id":${id},"result":${result}}`,
    ],
    // no text of the result alone to reuse: the list is read from its value
    [
      'in another layout',
      (id: unknown, result: string) => `{ "result": ${result}, "id": ${id}, "jsonrpc": "2.0" }`,
    ],
  ])('relays a tools/list whose schemas nest past any stack without failing it (%s)', async (_, layout) => {
    const deep = `${'{"type":"object","properties":{"x":'.repeat(20_000)}{"type":"string"}${'}}'.repeat(20_000)}`;
    const { gw, headers } = await sessionWith(
      (seen) =>
        new Response(
          layout(
            methodOf(seen)?.id,
            `{"tools":[{"name":"deep","inputSchema":${deep}},{"name":"plain","inputSchema":{"type":"object"}}]}`,
          ),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    const response = await gw.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(response.status).toBe(200);
    const body = await text(response);
    expect(body).toContain('"plain"');
    expect(body).not.toContain('"error"');
  });

  it('creates no session from an initialize stream that ends without its answer', async () => {
    const { fetchImpl } = upstream(
      () => new Response('id: ev-1\ndata: \n\n', { headers: { 'content-type': 'text/event-stream' } }),
    );
    const response = await make({ up: server() }, fetchImpl).handle(post(initialize));
    const body = await text(response);
    expect(response.headers['mcp-session-id']).toBeUndefined();
    expect(body).toContain('"error"');
    expect(body).toContain('"id":0');
  });

  it("ends the upstream's session behind an initialize the gateway makes no session of", async () => {
    const { seen, fetchImpl } = upstream((entry) => {
      if (entry.method === 'DELETE') return new Response(null, { status: 204 });
      const message = methodOf(entry);
      return new Response(
        JSON.stringify({
          jsonrpc: '2.0',
          id: message?.id,
          error: { code: -32602, message: 'Unsupported version' },
        }),
        { headers: { 'content-type': 'application/json', 'mcp-session-id': 'up-opened' } },
      );
    });
    const response = await make({ up: server() }, fetchImpl).handle(post(initialize));
    expect(await bodyOf(response)).toMatchObject({ error: { message: 'Unsupported version' } });
    expect(response.headers['mcp-session-id']).toBeUndefined();
    for (let i = 0; i < 20 && !seen.some((s) => s.method === 'DELETE'); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen.filter((s) => s.method === 'DELETE').map((s) => s.headers['mcp-session-id'])).toEqual([
      'up-opened',
    ]);
  });

  it('counts a call whose answer broke off (a message over the size limit) as failed in the analytics', async () => {
    const { fetchImpl } = upstream((seen) => {
      const message = methodOf(seen);
      if (message?.method === 'initialize')
        return rpc(0, { protocolVersion: '2025-11-25', capabilities: {} }, { 'mcp-session-id': 'up-1' });
      const progress = {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 1, progress: 1 },
      };
      const big = {
        jsonrpc: '2.0',
        id: message?.id,
        result: { content: [{ type: 'text', text: 'x'.repeat(4096) }] },
      };
      return new Response(`data: ${JSON.stringify(progress)}\n\ndata: ${JSON.stringify(big)}\n\n`, {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    const store = new MemoryStore();
    const gw = make({ up: server() }, fetchImpl, { maxMessageBytes: 1024, store });
    const opened = await gw.handle(post(initialize));
    await text(opened);
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'big' } };
    const answer = await gw.handle(post(call, { 'mcp-session-id': opened.headers['mcp-session-id']! }));
    const body = await text(answer);
    expect(body).toContain('notifications/progress');
    expect(body).toMatch(/"id":3,"error":\{/);
    expect(body).not.toContain('xxxx');
    await gw.close();
    expect(await usageOf(store, 'big')).toEqual({ calls: 1, errors: 1 });
  });

  it('ends a GET stream whose upstream sends a message over the size limit, never relaying it', async () => {
    const { fetchImpl } = upstream((seen) => {
      if (methodOf(seen)?.method === 'initialize')
        return rpc(0, { protocolVersion: '2025-03-26', capabilities: {} }, { 'mcp-session-id': 'up-1' });
      if (seen.method === 'GET') {
        const big = { jsonrpc: '2.0', method: 'notifications/message', params: { data: 'x'.repeat(4096) } };
        const small = { jsonrpc: '2.0', method: 'notifications/message', params: { data: 'ok' } };
        return new Response(`data: ${JSON.stringify(small)}\n\ndata: ${JSON.stringify(big)}\n\n`, {
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      return new Response(null, { status: 202 });
    });
    const gw = make({ up: server() }, fetchImpl, { maxMessageBytes: 1024 });
    const opened = await gw.handle(
      post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }),
    );
    await text(opened);
    const listen = await gw.handle({
      ...post(undefined, {
        'mcp-session-id': opened.headers['mcp-session-id']!,
        'mcp-protocol-version': '2025-03-26',
        accept: 'text/event-stream',
      }),
      method: 'GET',
      body: undefined,
    });
    // what came before goes through; the stream then ends (no request of it to answer), the message unsent
    let body = '';
    let failure: unknown;
    try {
      for await (const chunk of listen.body as AsyncIterable<string | Uint8Array>)
        body += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    } catch (error) {
      failure = error;
    }
    expect(body).toContain('"ok"');
    expect(body).not.toContain('xxxx');
    // ended, not broken off: nothing of it is owed an answer
    expect(failure).toBeUndefined();
  });

  it.each([
    [
      'switched off',
      (servers: Record<string, Server>) => {
        servers['up'] = server({ enabled: false, disabledAt: new Date().toISOString() });
      },
    ],
    [
      'deleted',
      (servers: Record<string, Server>) => {
        delete servers['up'];
      },
    ],
    [
      'replaced by another of its name',
      (servers: Record<string, Server>) => {
        servers['up'] = server({ id: 'srv_new' });
      },
    ],
    [
      'asked to end the session (DELETE; the upstream keeps its stream open)',
      (_servers: Record<string, Server>, endSession: () => Promise<unknown>) => endSession(),
    ],
  ])('ends an open GET stream, and its session, once its server is %s', async (_, change) => {
    const servers: Record<string, Server> = { up: server({ id: 'srv_up' }) };
    const quiet = quietStream(() => new Response(null, { status: 202 }));
    const gw = make(servers, quiet.fetchImpl, { streamRecheckMs: 20 });
    const headers = await quiet.session(gw);
    const stream = await gw.handle(listen(headers));
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(String(first.value)).toContain('hello');
    await change(servers, async () => {
      const deleted = await gw.handle({ ...post(undefined, headers), method: 'DELETE', body: undefined });
      expect(deleted.status).toBe(204);
    });
    // the stream ends (not broken off) and lets go of the upstream; the session is gone with it
    expect(await iterator.next()).toMatchObject({ done: true });
    await expect.poll(quiet.stopped).toBe(true);
    servers['up'] = server({ id: 'srv_up' });
    const after = await gw.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(after.status).toBe(404);
  });

  it("answers a call of a tool a member does not provision as the virtual server's unknown tool, naming neither", async () => {
    const { seen, fetchImpl } = sessionUpstream();
    const gw = make(
      {
        up: server({ id: 'srv_up', tools: { deny: ['slow'] } } as Partial<Server>),
        v: virtualOf([{ server: 'up', prefix: 'u_' }]),
      },
      fetchImpl,
    );
    const headers = await openAtV(gw);
    const call = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'u_slow', arguments: {} } };
    const [answer] = await messagesIn(await gw.handle(post(call, headers, '/mcp/v')));
    expect(answer).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32602, message: 'Unknown tool: u_slow' },
    });
    expect(seen.filter((s) => s.body?.includes('tools/call'))).toEqual([]);
  });

  it("keeps a virtual server's merged GET stream of a key limited to the virtual server", async () => {
    const quiet = quietMember();
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    gateway = recheckingGateway(servers, quiet.fetchImpl, {
      authenticateApiKey: async (key) => (key === 'good' ? { ...alice, servers: ['v'] } : undefined),
    });
    const headers = await openAtV(gateway);
    await text(
      await gateway.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers, '/mcp/v')),
    );
    const stream = await gateway.handle({ ...listen(headers), path: '/mcp/v' });
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    await readUntil(iterator, 'hello');
    // rechecked many times over: the member reached through the virtual server stays open
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(quiet.stopped()).toBe(false);
    await iterator.return?.();
  });

  it.each([
    ['its api key no longer reaches the server (servers)', 'narrowed'],
    ['an access policy now denies it the server', 'denied'],
    ['the server now takes no api keys (its sign-in rules)', 'sign-in'],
  ] as const)('ends an open GET stream once %s', async (_, change) => {
    const quiet = quietStream(() => new Response(null, { status: 202 }));
    let changed = false;
    const servers: Record<string, Server> = { up: server({ id: 'srv_up' }) };
    const deny = [
      { name: 'not-alice', effect: 'deny', servers: ['up'], subjects: { users: ['alice'] } },
    ] as AccessPolicy[];
    gateway = recheckingGateway(servers, quiet.fetchImpl, {
      workspaceRules: async (workspace) =>
        fakeRules(changed && change === 'denied' ? { policies: deny } : {})(workspace),
      authenticateApiKey: async (key) =>
        key !== 'good'
          ? undefined
          : changed && change === 'narrowed'
            ? { ...alice, servers: ['other'] }
            : alice,
    });
    const headers = await quiet.session(gateway);
    const stream = await gateway.handle(listen(headers));
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    await readUntil(iterator, 'hello');
    // what the next POST meets at once, the open stream meets at its next recheck
    changed = true;
    if (change === 'sign-in') servers['up'] = server({ id: 'srv_up', authentication: { methods: ['jwt'] } });
    expect(await iterator.next()).toMatchObject({ done: true });
    await expect.poll(quiet.stopped).toBe(true);
    const after = await gateway.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(after.status).not.toBe(200);
  });

  it.each([
    ['a server', '/mcp/up'],
    ['a virtual server (its merged stream)', '/mcp/v'],
  ])('ends an open GET stream of %s once the api key it was opened with is disabled', async (_, path) => {
    const quiet = path === '/mcp/v' ? quietMember() : quietStream(() => new Response(null, { status: 202 }));
    let revoked = false;
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    gateway = recheckingGateway(servers, quiet.fetchImpl, {
      // a disabled (or expired) key is known, and unusable
      authenticateApiKey: async (key) => (key !== 'good' ? undefined : revoked ? 'unusable' : alice),
    });
    const headers = path === '/mcp/up' ? await quiet.session(gateway) : await openAtV(gateway);
    if (path === '/mcp/v') {
      // the member's session opens with a first call through it
      await text(await gateway.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers, path)));
    }
    const stream = await gateway.handle({ ...listen(headers), path });
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    await readUntil(iterator, 'hello');
    revoked = true;
    expect(await iterator.next()).toMatchObject({ done: true });
    await expect.poll(quiet.stopped).toBe(true);
    // its next request is told why
    const after = await gateway.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers, path));
    expect(after.status).toBe(401);
  });

  it.each([
    ['the api key it was made with is disabled', 'credential'],
    ['its server is switched off', 'server'],
    ['its session is ended', 'session'],
  ] as const)('answers and ends a streamed call once %s, the upstream told to stop', async (_, end) => {
    let revoked = false;
    let readStopped = false;
    const cancels: unknown[] = [];
    const servers: Record<string, Server> = { up: server({ id: 'srv_up' }) };
    const progress = {
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 1, progress: 1 },
    };
    const { fetchImpl } = upstream((seen, init) => {
      const message = methodOf(seen);
      if (message?.method === 'initialize')
        return rpc(0, { protocolVersion: '2025-03-26', capabilities: {} }, { 'mcp-session-id': 'up-1' });
      if (message?.method !== 'tools/call') {
        if (message?.method === 'notifications/cancelled') cancels.push(JSON.parse(seen.body!).params);
        return new Response(null, { status: 202 });
      }
      init?.signal?.addEventListener('abort', () => {
        readStopped = true;
      });
      // a long call: a first progress notification, then nothing for as long as it is read
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(progress)}\n\n`));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    gateway = recheckingGateway(servers, fetchImpl, {
      authenticateApiKey: async (key) => (key !== 'good' ? undefined : revoked ? 'unusable' : alice),
    });
    const opened = await gateway.handle(
      post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }),
    );
    await text(opened);
    const headers = {
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-03-26',
    };
    const call = {
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'slow', _meta: { progressToken: 1 } },
    };
    const answer = await gateway.handle(post(call, headers));
    const iterator = (answer.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    await readUntil(iterator, 'notifications/progress');
    if (end === 'credential') revoked = true;
    else if (end === 'server') servers['up'] = server({ id: 'srv_up', enabled: false });
    else
      expect(
        (await gateway.handle({ ...post(undefined, headers), method: 'DELETE', body: undefined })).status,
      ).toBe(204);
    let rest = '';
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
      rest += typeof next.value === 'string' ? next.value : new TextDecoder().decode(next.value);
    // the call gets its one answer, saying why
    const answered = JSON.parse(/^data: (.*)$/m.exec(rest)![1]!) as {
      id: number;
      error: { code: number; message: string };
    };
    expect(answered).toMatchObject({ id: 9, error: { code: -32001 } });
    expect(answered.error.message).toMatch(
      { credential: /no longer holds/, server: /switched off/, session: /session ended while the call/ }[end],
    );
    await expect.poll(() => readStopped).toBe(true);
    await expect.poll(() => cancels).toEqual([{ requestId: 9 }]);
  });

  it('ends a virtual server’s merged GET stream once the virtual server is switched off, its members’ streams let go', async () => {
    const quiet = quietMember();
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const gw = make(servers, quiet.fetchImpl, { streamRecheckMs: 20 });
    const headers = await openAtV(gw);
    await text(await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers, '/mcp/v')));
    const stream = await gw.handle({ ...listen(headers), path: '/mcp/v' });
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    await readUntil(iterator, 'hello');
    // the member goes on serving (its own stream would stay open): the virtual server is what ended
    servers['v'] = { ...servers['v']!, enabled: false };
    expect(await iterator.next()).toMatchObject({ done: true });
    await expect.poll(quiet.stopped).toBe(true);
  });

  it.each([
    ['its token expires', 'expired'],
    ['its user is signed out', 'signed-out'],
  ] as const)('ends an open GET stream once %s', async (_, end) => {
    const quiet = quietStream(() => new Response(null, { status: 202 }));
    const store = new MemoryStore();
    const { kid, key } = await new BrokerKeys(store, { now: () => Date.now() }).signing();
    const now = Math.floor(Date.now() / 1000);
    // a token of the gateway's own authorization server, for a person
    const token = await new SignJWT({ client_id: 'app', ws: 'default' })
      .setProtectedHeader({ alg: BROKER_ALGORITHM, kid, typ: 'at+jwt' })
      .setIssuer('http://localhost')
      .setSubject('ada')
      .setAudience('http://localhost/mcp/up')
      .setIssuedAt(now)
      .setExpirationTime(end === 'expired' ? now + 2 : now + 300)
      .sign(key);
    let signedOut: number | undefined;
    gateway = createGateway({
      store,
      config: fakeConfig({
        workspaceRules: fakeRules({}),
        serverByName: async (name) => (name === 'up' ? server({ id: 'srv_up' }) : undefined),
        oauthClientById: async (id) =>
          id === 'app' ? ({ id, name: 'app' } as StoredOAuthClient) : undefined,
        signedOutAt: async (_workspace, user) => (user === 'ada' ? signedOut : undefined),
      }),
      guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      log: () => {},
      http: fetchHttpClient(quiet.fetchImpl),
      streamRecheckMs: 20,
    });
    const bearer = { authorization: `Bearer ${token}` };
    const opened = await gateway.handle(
      post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }, bearer),
    );
    await text(opened);
    expect(opened.status).toBe(200);
    const headers = {
      ...bearer,
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-03-26',
    };
    const stream = await gateway.handle(listen(headers));
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    expect(String((await iterator.next()).value)).toContain('hello');
    // still open while the credential holds
    const next = iterator.next();
    expect(await Promise.race([next, new Promise((r) => setTimeout(() => r('open'), 200))])).toBe('open');
    if (end === 'signed-out') signedOut = now;
    expect(await next).toMatchObject({ done: true });
    await expect.poll(quiet.stopped).toBe(true);
    const after = await gateway.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(after.status).toBe(401);
  });

  it('asks again for a GET stream another instance holds (409) only while its client waits', async () => {
    let gets = 0;
    const quiet = quietStream(() => new Response(null, { status: 202 }));
    const busy = (async (url: string | URL, init?: RequestInit) => {
      if (init?.method !== 'GET') return quiet.fetchImpl(url, init);
      gets++;
      return new Response('held elsewhere', { status: 409 });
    }) as typeof fetch;
    const gw = make({ up: server({ id: 'srv_up' }) }, busy, {
      heldStreams: new HeldStreams({ holdMs: 10_000 }),
    });
    const headers = await quiet.session(gw);
    const client = new AbortController();
    const started = Date.now();
    const answer = gw.handle({ ...listen(headers), signal: client.signal });
    await new Promise((resolve) => setTimeout(resolve, 600));
    client.abort();
    await answer.catch(() => undefined);
    // asked a few times while the client waited, then no more (the hold would allow ten seconds of it)
    expect(Date.now() - started).toBeLessThan(2000);
    const asked = gets;
    expect(asked).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(gets).toBe(asked);
  });

  it('ends an open GET stream cleanly at the request’s deadline (a Lambda invocation’s), the session kept', async () => {
    const quiet = quietStream(() => rpc(5, { tools: [] }));
    const gw = make({ up: server({ id: 'srv_up' }) }, quiet.fetchImpl);
    const headers = await quiet.session(gw);
    const stream = await gw.handle({ ...listen(headers), deadline: Date.now() + 300 });
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    expect(String((await iterator.next()).value)).toContain('hello');
    // ended, not broken off, before the invocation would be stopped; the upstream let go
    expect(await iterator.next()).toMatchObject({ done: true });
    await expect.poll(quiet.stopped).toBe(true);
    const after = await gw.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(after.status).toBe(200);
  });

  it('ends a GET stream whose upstream sends no headers cleanly at the deadline too, the session kept', async () => {
    const quiet = quietStream(() => rpc(5, { tools: [] }));
    // the upstream's answer to a GET comes only with its first event, which never comes
    const silent = (async (url: string | URL, init?: RequestInit) => {
      if (init?.method !== 'GET') return quiet.fetchImpl(url, init);
      return new Promise<Response>((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    }) as typeof fetch;
    const gw = make({ up: server({ id: 'srv_up' }) }, silent);
    const headers = await quiet.session(gw);
    const stream = await gw.handle({ ...listen(headers), deadline: Date.now() + 200 });
    expect([stream.status, await text(stream)]).toEqual([200, '']);
    const after = await gw.handle(post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, headers));
    expect(after.status).toBe(200);
  });

  it('never hands an authentication webhook a key whose secret has a JWT’s shape (one supplied before such secrets were refused)', async () => {
    const scripted = upstream((seen) => {
      if (seen.url.endsWith('/sso')) return Response.json({ allow: true, principal: { user: 'mallory' } });
      const message = methodOf(seen);
      return rpc(message?.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
    });
    const sso = {
      id: 'whk_sso',
      name: 'sso',
      workspace: 'default',
      url: 'http://127.0.0.1:7/sso',
      secret: 'sso-secret-0123456789abcdefghijklmnop',
    } as Webhook;
    const gw = make(
      { up: server({ id: 'srv_up', authnWebhook: 'sso' } as Partial<Server>) },
      scripted.fetchImpl,
      {
        webhooks: [sso],
      },
    );
    const refused = await gw.handle(post(initialize, { authorization: `Bearer ${JWT_SHAPED_KEY}` }));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(scripted.seen).toEqual([]);
    // a legacy token system's JWT no key has still goes to the webhook
    const legacy = JWT_SHAPED_KEY.replace('c2VjcmV0', 'b3RoZXI');
    const allowed = await gw.handle(post(initialize, { authorization: `Bearer ${legacy}` }));
    await text(allowed);
    expect(allowed.status).toBe(200);
    expect(scripted.seen.map((s) => s.url)).toContain('http://127.0.0.1:7/sso');
  });

  it('a virtual server’s webhook caller reaches a member only when the member’s own webhook vouched for it', async () => {
    for (const memberHook of ['payroll-sso', 'partner'] as const) {
      const scripted = upstream((seen) => {
        if (seen.url.endsWith('/partner'))
          return Response.json({ allow: true, principal: { user: 'ada', teams: ['payroll'] } });
        if (seen.url.endsWith('/payroll-sso')) return Response.json({ allow: false });
        const message = methodOf(seen);
        if (message?.method === 'initialize')
          return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
        return rpc(message?.id, { content: [{ type: 'text', text: 'paid' }] });
      });
      const hook = (id: string, name: string) =>
        ({
          id,
          name,
          workspace: 'default',
          url: `http://127.0.0.1:7/${name}`,
          secret: `${name}-secret-0123456789abcdefghijklmn`,
        }) as Webhook;
      const gw = make(
        {
          payroll: server({ id: 'srv_p', name: 'payroll', authnWebhook: memberHook } as Partial<Server>),
          suite: server({
            id: 'srv_s',
            name: 'suite',
            transport: 'virtual',
            authnWebhook: 'partner',
            members: [{ server: 'payroll', prefix: 'p_' }],
          } as Partial<Server>),
        },
        scripted.fetchImpl,
        { webhooks: [hook('whk_partner', 'partner'), hook('whk_payroll', 'payroll-sso')] },
      );
      const headers = { authorization: 'Bearer partner-credential-1' };
      const opened = await gw.handle(post(initialize, headers, '/mcp/suite'));
      await text(opened);
      expect(opened.status).toBe(200);
      const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'p_pay', arguments: {} } };
      const answer = await gw.handle(
        post(
          call,
          {
            ...headers,
            'mcp-session-id': opened.headers['mcp-session-id']!,
            'mcp-protocol-version': '2025-11-25',
          },
          '/mcp/suite',
        ),
      );
      const body = await bodyOf(answer);
      const calls = scripted.seen.filter((s) => methodOf(s)?.method === 'tools/call');
      if (memberHook === 'partner') {
        expect(body.result).toEqual({ content: [{ type: 'text', text: 'paid' }] });
        expect(calls).toHaveLength(1);
      } else {
        expect(body.error, memberHook).toBeDefined();
        expect(calls).toEqual([]);
      }
      await gateway?.close();
    }
  });

  /** A virtual server `v` over member `up`, its session opened with `up`'s (a list went through it). */
  async function virtualSession(fetchImpl: typeof fetch) {
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const gw = make(servers, fetchImpl, { streamRecheckMs: 20 });
    const headers = await openAtV(gw);
    await text(
      await gw.handle({ ...post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers), path: '/mcp/v' }),
    );
    return { gw, headers };
  }

  it('a member of a virtual server names the address the client used (an API Gateway stage) in the identity it forwards', async () => {
    const { seen, fetchImpl } = upstream((entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      return rpc(message?.id, { content: [] });
    });
    const gw = make(
      {
        up: server({ id: 'srv_up', identity: { forwardJwt: 'X-Identity' } } as Partial<Server>),
        v: server({
          id: 'srv_v',
          name: 'v',
          transport: 'virtual',
          members: [{ server: 'up', prefix: 'u_' }],
        } as Partial<Server>),
      },
      fetchImpl,
    );
    const baseUrl = 'https://abc.execute-api.eu-west-1.amazonaws.com/prod';
    const opened = await gw.handle({ ...post(initialize), path: '/mcp/v', baseUrl });
    await text(opened);
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'u_x', arguments: {} } };
    const headers = {
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-11-25',
    };
    await text(await gw.handle({ ...post(call, headers), path: '/mcp/v', baseUrl }));
    const forwarded = seen.find((s) => methodOf(s)?.method === 'tools/call')?.headers['x-identity'];
    expect(forwarded).toBeDefined();
    const claims = decodeJwt(forwarded!);
    expect([claims.iss, claims.aud]).toEqual([baseUrl, `${baseUrl}/mcp/up`]);
  });

  it('a virtual server sends its member no request whose integers re-encoding would change', async () => {
    const { seen, fetchImpl } = upstream((entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      return rpc(message?.id, { content: [] });
    });
    const gw = make(
      {
        up: server({ id: 'srv_up' }),
        v: server({
          id: 'srv_v',
          name: 'v',
          transport: 'virtual',
          members: [{ server: 'up', prefix: 'u_' }],
        } as Partial<Server>),
      },
      fetchImpl,
    );
    const headers = await openAtV(gw);
    const sent = (body: string) => gw.handle({ ...post({}, headers, '/mcp/v'), body });
    const refused = [
      '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"u_pay","arguments":{"account":12345678901234567891}}}',
      // a resource nobody listed yet is asked of each member in turn: refused once, as what it is
      '{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"file:///a","_meta":{"n":12345678901234567891}}}',
    ];
    for (const body of refused)
      expect((await bodyOf(await sent(body))).error?.message, body).toContain('integer beyond 2^53');
    expect(
      seen.filter(
        (s) => methodOf(s)?.method !== 'initialize' && methodOf(s)?.method !== 'notifications/initialized',
      ),
    ).toEqual([]);
    // one a double holds goes on
    await text(
      await sent(
        '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"u_pay","arguments":{"account":9007199254740992}}}',
      ),
    );
    expect(seen.at(-1)?.body).toContain('"account":9007199254740992');
  });

  it('a member session kept alive by one instance never overwrites the one another opened since', async () => {
    const { fetchImpl } = upstream((entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (entry.method === 'DELETE') return new Response(null, { status: 204 });
      return rpc(message?.id, { tools: [] });
    });
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const store = new MemoryStore();
    const first = make(servers, fetchImpl, { store });
    const opened = await first.handle({ ...post(initialize), path: '/mcp/v' });
    await text(opened);
    const client = opened.headers['mcp-session-id']!;
    const headers = { 'mcp-session-id': client, 'mcp-protocol-version': '2025-11-25' };
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    await text(await first.handle({ ...post(list, headers), path: '/mcp/v' }));
    const key = { pk: `mcp-session#${client}`, sk: 'member#up' };
    const kept = (await store.get(key.pk, key.sk))!;
    expect(kept).toMatchObject({ session: expect.any(String), version: 1 });
    // another instance opened the member anew since; this one read the item before, half its life ago
    await store.put({ ...kept, session: 'opened-elsewhere', version: 2 });
    const stale = { ...kept, expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    const reading = Object.assign(Object.create(store) as MemoryStore, {
      get: async (pk: string, sk: string) => (pk === key.pk && sk === key.sk ? stale : store.get(pk, sk)),
    });
    const second = make(servers, fetchImpl, { store: reading });
    await text(await second.handle({ ...post({ ...list, id: 2 }, headers), path: '/mcp/v' }));
    expect(await store.get(key.pk, key.sk)).toMatchObject({ session: 'opened-elsewhere', version: 2 });
    // one written before member items had versions is kept alive all the same, and gets its first
    const { version: _version, ...unversioned } = kept;
    await store.put({ ...unversioned, expiresAt: Math.floor(Date.now() / 1000) + 3600 });
    const third = make(servers, fetchImpl, { store });
    await text(await third.handle({ ...post({ ...list, id: 3 }, headers), path: '/mcp/v' }));
    const refreshed = await store.get(key.pk, key.sk);
    expect(refreshed).toMatchObject({ session: kept['session'], version: 1 });
    expect(refreshed!.expiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000) + 20 * 3600);
  });

  it('two instances opening a member for one client session at once keep one member session, ending the other', async () => {
    let sessions = 0;
    let release: () => void = () => undefined;
    const bothOpening = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { seen, fetchImpl } = upstream(async (entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize') {
        const id = `up-${++sessions}`;
        if (sessions === 2) release();
        await bothOpening;
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': id });
      }
      if (entry.method === 'DELETE') return new Response(null, { status: 204 });
      return rpc(message?.id, { tools: [] });
    });
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const store = new MemoryStore();
    const one = make(servers, fetchImpl, { store });
    const other = createGateway({
      store,
      config: fakeConfig({
        workspaceRules: fakeRules({}),
        serverByName: async (name) => servers[name],
        authenticateApiKey: async (key) => (key === 'good' ? alice : undefined),
      }),
      guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      log: () => {},
      http: fetchHttpClient(fetchImpl),
    });
    try {
      const opened = await one.handle({ ...post(initialize), path: '/mcp/v' });
      await text(opened);
      const headers = {
        'mcp-session-id': opened.headers['mcp-session-id']!,
        'mcp-protocol-version': '2025-11-25',
      };
      const list = (gw: Gateway, id: number) =>
        gw
          .handle({ ...post({ jsonrpc: '2.0', id, method: 'tools/list' }, headers), path: '/mcp/v' })
          .then(text);
      // requests of one client session on two instances, each opening the member
      await Promise.all([list(one, 1), list(other, 2)]);
      const ended = seen.filter((e) => e.method === 'DELETE').map((e) => e.headers['mcp-session-id']);
      expect(ended).toHaveLength(1);
      // from now on both instances use the member session kept
      const before = seen.length;
      await Promise.all([list(one, 3), list(other, 4)]);
      const used = seen.slice(before).map((e) => e.headers['mcp-session-id']);
      expect(new Set(used).size).toBe(1);
      expect(used[0]).not.toBe(ended[0]);
    } finally {
      await other.close();
    }
  });

  it('a virtual server’s list leaves out, unnamed, a member whose policy refuses the caller that method', async () => {
    const { seen, fetchImpl } = upstream(async (entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (message?.id === undefined) return new Response(null, { status: 202 });
      return rpc(message.id, { prompts: [{ name: 'greet' }] });
    });
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      open: server({ id: 'srv_open', name: 'open' }),
      v: virtualOf([
        { server: 'up', prefix: 'u_' },
        { server: 'open', prefix: 'o_' },
      ]),
    };
    const gw = make(servers, fetchImpl, {
      policies: [
        {
          id: 'pol_1',
          name: 'no-prompts-on-up',
          workspace: 'default',
          effect: 'deny',
          servers: ['up'],
          methods: ['prompts/list'],
        } as AccessPolicy,
      ],
    });
    const headers = await openAtV(gw);
    const answer = await gw.handle({
      ...post({ jsonrpc: '2.0', id: 1, method: 'prompts/list' }, headers),
      path: '/mcp/v',
    });
    const body = (await messagesIn(answer)) as { result?: { prompts: unknown[]; _meta?: unknown } }[];
    expect(body[0]?.result).toEqual({ prompts: [{ name: 'o_greet' }] });
    expect(seen.filter((e) => methodOf(e)?.method === 'prompts/list')).toHaveLength(1);
  });

  it('a virtual server’s batch passes on a member’s request to the client (sampling), not only responses', async () => {
    const { fetchImpl } = upstream(async (entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-03-26' }, { 'mcp-session-id': 'up-1' });
      if (message?.id === undefined) return new Response(null, { status: 202 });
      const params = (message as { params?: { name?: string } }).params;
      if (params?.name === 'ask') {
        const event = (m: unknown) => `data: ${JSON.stringify(m)}\n\n`;
        return new Response(
          event({ jsonrpc: '2.0', id: 's1', method: 'sampling/createMessage', params: { messages: [] } }) +
            event({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: 'asked' }] } }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      }
      return rpc(message.id, { content: [{ type: 'text', text: 'plain' }] });
    });
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const gw = make(servers, fetchImpl);
    const opened = await gw.handle({
      ...post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }),
      path: '/mcp/v',
    });
    await text(opened);
    const headers = {
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-03-26',
    };
    const batch = [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'u_ask', arguments: {} } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'u_plain', arguments: {} } },
    ];
    const answer = await gw.handle({ ...post(batch, headers), path: '/mcp/v' });
    const messages = (await messagesIn(answer)) as { id?: unknown; method?: string }[];
    expect(messages.filter((m) => m.method === 'sampling/createMessage')).toHaveLength(1);
    expect(
      messages
        .filter((m) => m.method === undefined)
        .map((m) => m.id)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('a virtual server subscribes at the member that serves a URI, not the first that takes any subscription', async () => {
    const { seen, fetchImpl } = upstream(async (entry) => {
      const message = methodOf(entry) as { id?: unknown; method?: string; params?: { uri?: string } };
      const at = new URL(entry.url).pathname.startsWith('/a') ? 'a' : 'b';
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': `${at}-1` });
      if (message?.id === undefined) return new Response(null, { status: 202 });
      // member a takes a subscription to any URI, and serves only its own
      if (message.method === 'resources/subscribe') return rpc(message.id, {});
      if (message.method === 'resources/read' && message.params?.uri?.startsWith(`${at}://`))
        return rpc(message.id, { contents: [{ uri: message.params.uri, text: at }] });
      return new Response(
        JSON.stringify({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32002, message: 'Resource not found' },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    });
    const servers: Record<string, Server> = {
      a: server({ id: 'srv_a', name: 'a', url: 'http://127.0.0.1:9/a/mcp' }),
      b: server({ id: 'srv_b', name: 'b', url: 'http://127.0.0.1:9/b/mcp' }),
      v: virtualOf([
        { server: 'a', prefix: 'a_' },
        { server: 'b', prefix: 'b_' },
      ]),
    };
    const gw = make(servers, fetchImpl);
    const headers = await openAtV(gw);
    const subscribe = { jsonrpc: '2.0', id: 1, method: 'resources/subscribe', params: { uri: 'b://y' } };
    expect(await messagesIn(await gw.handle({ ...post(subscribe, headers), path: '/mcp/v' }))).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
    ]);
    const subscribedAt = seen
      .filter((e) => methodOf(e)?.method === 'resources/subscribe')
      .map((e) => new URL(e.url).pathname);
    expect(subscribedAt).toEqual(['/b/mcp']);
    // and its reads go there from now on
    const read = { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'b://y' } };
    expect(await messagesIn(await gw.handle({ ...post(read, headers), path: '/mcp/v' }))).toMatchObject([
      { id: 2, result: { contents: [{ text: 'b' }] } },
    ]);
  });

  it('a call a member refuses over its own rate limit takes nothing from the virtual server’s, and answers 429', async () => {
    const { seen, fetchImpl } = upstream((entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (message?.id === undefined) return new Response(null, { status: 202 });
      return rpc(message.id, { content: [{ type: 'text', text: 'ran' }] });
    });
    const limit = (id: string, name: string, servers: string[], allowed: number) =>
      ({
        id,
        name,
        workspace: 'default',
        servers,
        tools: ['*'],
        limit: allowed,
        window: 'hour',
      }) as RateLimit;
    const gw = make(
      { up: server({ id: 'srv_up' }), v: virtualOf([{ server: 'up', prefix: 'u_' }]) },
      fetchImpl,
      {
        rateLimits: [limit('rl_m', 'member-one', ['up'], 1), limit('rl_v', 'virtual-two', ['v'], 2)],
      },
    );
    const headers = await openAtV(gw);
    const call = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'u_echo', arguments: {} },
    });
    const first = await gw.handle({ ...post(call(1), headers), path: '/mcp/v' });
    expect((await bodyOf(first)).result).toBeDefined();
    for (const id of [2, 3, 4]) {
      const refused = await gw.handle({ ...post(call(id), headers), path: '/mcp/v' });
      expect([refused.status, refused.headers['retry-after']]).toEqual([429, expect.stringMatching(/^\d+$/)]);
      // the member's limit refused it each time: the virtual server's own was given back what it took
      expect((await bodyOf(refused)).error?.data).toMatchObject({
        code: 'rate_limited',
        limit: 'member-one',
      });
    }
    expect(seen.filter((e) => methodOf(e)?.method === 'tools/call')).toHaveLength(1);
  });

  it('a virtual server refuses a call run as a task, which no member then runs', async () => {
    const { seen, fetchImpl } = upstream(async (entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (message?.id === undefined) return new Response(null, { status: 202 });
      return rpc(message.id, { task: { taskId: 't1', status: 'working' } });
    });
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const gw = make(servers, fetchImpl);
    const headers = await openAtV(gw);
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'u_export', arguments: {}, task: {} },
    };
    const answer = await gw.handle({ ...post(call, headers), path: '/mcp/v' });
    expect(await messagesIn(answer)).toEqual([
      { jsonrpc: '2.0', id: 1, error: { code: -32602, message: expect.stringMatching(/runs no tasks/) } },
    ]);
    expect(seen.some((e) => methodOf(e)?.method === 'tools/call')).toBe(false);
  });

  it('ends a member session whose handshake fails after the member opened it', async () => {
    const { seen, fetchImpl } = upstream(async (entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (message?.method === 'notifications/initialized') return new Response('down', { status: 503 });
      if (entry.method === 'DELETE') return new Response(null, { status: 204 });
      return rpc(message?.id, { tools: [] });
    });
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const gw = make(servers, fetchImpl);
    const headers = await openAtV(gw);
    await text(
      await gw.handle({ ...post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers), path: '/mcp/v' }),
    );
    const ended = seen.filter((e) => e.method === 'DELETE').map((e) => e.headers['mcp-session-id']);
    expect(ended).toEqual(['up-1']);
  });

  it('a virtual server’s GET stream asks a member without a stream of its own less and less often', async () => {
    let gets = 0;
    const { fetchImpl } = upstream((seen) => {
      const message = methodOf(seen);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'up-1' });
      if (seen.method === 'GET') {
        gets++;
        return new Response('no stream here', { status: 405 });
      }
      return rpc(message?.id, { tools: [] });
    });
    const { gw, headers } = await virtualSession(fetchImpl);
    const client = new AbortController();
    const stream = await gw.handle({ ...listen(headers), path: '/mcp/v', signal: client.signal });
    expect(stream.status).toBe(200);
    // a client reading the stream
    const iterator = (stream.body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const reading = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 700));
    // polled every 20 ms: 35 asks without backing off; 40, 80, 160, 320 ms apart with it (and asked again)
    expect(gets).toBeGreaterThanOrEqual(3);
    expect(gets).toBeLessThanOrEqual(8);
    client.abort();
    expect(await reading).toMatchObject({ done: true });
  });

  it('a virtual server’s GET stream opens a member session its upstream forgot anew, and listens there', async () => {
    let sessions = 0;
    const { seen, fetchImpl } = upstream((entry) => {
      const message = methodOf(entry);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': `up-${++sessions}` });
      if (entry.method === 'GET') {
        // the upstream restarted: it knows only the sessions opened since
        if (entry.headers['mcp-session-id'] === 'up-1') return new Response('gone', { status: 404 });
        const hello = {
          jsonrpc: '2.0',
          method: 'notifications/message',
          params: { level: 'info', data: 'hello' },
        };
        return new Response(`data: ${JSON.stringify(hello)}\n\n`, {
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      return rpc(message?.id, { tools: [] });
    });
    const { gw, headers } = await virtualSession(fetchImpl);
    const stream = await gw.handle({ ...listen(headers), path: '/mcp/v' });
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    let received = '';
    while (!received.includes('hello')) {
      const next = await iterator.next();
      if (next.done === true) break;
      received += typeof next.value === 'string' ? next.value : new TextDecoder().decode(next.value);
    }
    expect(received).toContain('"data":"hello"');
    expect(seen.filter((e) => e.method === 'GET').map((e) => e.headers['mcp-session-id'])).toEqual([
      'up-1',
      'up-2',
    ]);
    await iterator.return?.();
  });

  it('ends a virtual server’s merged GET stream cleanly at the request’s deadline too', async () => {
    const scripted = sessionUpstream();
    const servers: Record<string, Server> = {
      up: server({ id: 'srv_up' }),
      v: virtualOf([{ server: 'up', prefix: 'u_' }]),
    };
    const gw = make(servers, scripted.fetchImpl);
    const opened = await gw.handle({ ...post(initialize), path: '/mcp/v' });
    await text(opened);
    expect(opened.status).toBe(200);
    const headers = {
      'mcp-session-id': opened.headers['mcp-session-id']!,
      'mcp-protocol-version': '2025-11-25',
    };
    const stream = await gw.handle({ ...listen(headers), path: '/mcp/v', deadline: Date.now() + 300 });
    expect(stream.status).toBe(200);
    const iterator = (stream.body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
    const ended = await Promise.race([
      (async () => {
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next());
        return 'ended';
      })(),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 5000)),
    ]);
    expect(ended).toBe('ended');
  });

  it('the GET stream does not pass an upstream 401 or 403 on as the client’s own', async () => {
    for (const status of [401, 403]) {
      const { gw, headers } = await sessionWith(() => new Response('no', { status }));
      const response = await gw.handle(listen(headers));
      expect(response.status, String(status)).toBe(502);
      await gateway?.close();
    }
  });

  it('the GET stream answers an upstream failure as one (502, JSON-RPC), and a forgotten session as gone', async () => {
    for (const status of [500, 503]) {
      const { gw, headers } = await sessionWith(() => new Response('oops', { status }));
      const response = await gw.handle(listen(headers));
      expect(response.status, String(status)).toBe(502);
      expect((await bodyOf(response)).error?.message).toBe(
        `Upstream server "up" answered the stream request with HTTP ${status}.`,
      );
      await gateway?.close();
    }
    const lost = {
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Bad Request: No valid session ID provided' },
    };
    for (const forgot of [
      () => new Response('gone', { status: 404 }),
      // what servers built on the SDK's examples answer for a session lost in a restart
      () => Response.json(lost, { status: 400 }),
    ]) {
      const { gw, headers } = await sessionWith(forgot);
      const gone = await gw.handle(listen(headers));
      expect(gone.status).toBe(404);
      // the gateway forgot it too: the next request starts over
      const next = await gw.handle(post({ jsonrpc: '2.0', id: 9, method: 'ping' }, headers));
      expect(next.status).toBe(404);
      expect((await bodyOf(next)).error?.message).toContain('Session not found');
      await gateway?.close();
    }
    // an upstream without sessions that takes only POSTs: no stream (405), and the session goes on
    const { fetchImpl } = upstream((seen) => {
      if (seen.method === 'GET') return new Response('Cannot GET /mcp', { status: 404 });
      return rpc(methodOf(seen)?.id, { protocolVersion: '2025-03-26', capabilities: {} });
    });
    const plain = make({ up: server() }, fetchImpl);
    const opened = await plain.handle(
      post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }),
    );
    const own = { 'mcp-session-id': opened.headers['mcp-session-id']!, 'mcp-protocol-version': '2025-03-26' };
    const noStream = await plain.handle(listen(own));
    expect(noStream.status).toBe(405);
    expect((await plain.handle(post({ jsonrpc: '2.0', id: 9, method: 'ping' }, own))).status).toBe(200);
  });

  it('the GET stream keeps an upstream refusal of the request (4xx) with a JSON-RPC error saying why', async () => {
    const conflict = {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: 'Conflict: Only one SSE stream is allowed per session' },
    };
    const cases: [Response | ((init?: RequestInit) => Response), string][] = [
      [Response.json(conflict, { status: 409 }), ': Conflict: Only one SSE stream is allowed per session'],
      [
        new Response('bad\r\nprotocol version', { status: 400, headers: { 'content-type': 'text/plain' } }),
        ': bad protocol version',
      ],
      [new Response('<html>no</html>', { status: 400, headers: { 'content-type': 'text/html' } }), ''],
      [new Response('x'.repeat(5000), { status: 406, headers: { 'content-type': 'text/plain' } }), ''],
      // a body that stalls (until its request is ended): read for a moment, then answered without a reason
      [
        (init) =>
          new Response(
            new ReadableStream<Uint8Array>({
              start: (controller) => {
                controller.enqueue(new TextEncoder().encode('partial'));
                init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
              },
            }),
            { status: 400, headers: { 'content-type': 'text/plain' } },
          ),
        '',
      ],
    ];
    for (const [replied, reason] of cases) {
      let status = 0;
      const { gw, headers } = await sessionWith((_seen, init) => {
        const reply = typeof replied === 'function' ? replied(init) : replied;
        status = reply.status;
        return reply;
      });
      const response = await gw.handle(listen(headers));
      expect(response.status).toBe(status);
      expect(await bodyOf(response)).toMatchObject({
        id: null,
        error: { message: `Upstream server "up" refused the stream request with HTTP ${status}${reason}.` },
      });
      await gateway?.close();
    }
  });

  it('opens no GET stream, nor resumes one, at an upstream that keeps no sessions (one stream for every client)', async () => {
    let gets = 0;
    const { fetchImpl } = upstream((seen) => {
      if (seen.method === 'GET') {
        gets++;
        return new Response(
          'id: 7\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\n',
          {
            headers: { 'content-type': 'text/event-stream' },
          },
        );
      }
      const message = methodOf(seen);
      return message?.id === undefined
        ? new Response(null, { status: 202 })
        : rpc(message.id, { protocolVersion: '2025-11-25', capabilities: {} });
    });
    const gw = make({ up: server() }, fetchImpl);
    const opened = await gw.handle(post(initialize));
    const own = { 'mcp-session-id': opened.headers['mcp-session-id']!, 'mcp-protocol-version': '2025-11-25' };
    await gw.handle(post({ jsonrpc: '2.0', method: 'notifications/initialized' }, own));
    expect((await gw.handle(listen(own))).status).toBe(405);
    expect((await gw.handle(listen({ ...own, 'last-event-id': '6' }))).status).toBe(405);
    expect(gets).toBe(0);
  });

  it('ends a session on DELETE even while its circuit is open (the upstream never asked)', async () => {
    let down = false;
    let deletes = 0;
    const { fetchImpl } = upstream((seen) => {
      const message = methodOf(seen);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'u-1' });
      if (seen.method === 'DELETE') deletes++;
      if (down) return new Response('down', { status: 503 });
      return new Response(null, { status: 202 });
    });
    const gw = make(
      {
        up: server({
          circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 60 } as Server['circuitBreaker'],
        }),
      },
      fetchImpl,
    );
    const headers = { 'mcp-session-id': (await gw.handle(post(initialize))).headers['mcp-session-id']! };
    down = true;
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a' } };
    await text(await gw.handle(post(call, headers)));
    expect(await text(await gw.handle(post({ ...call, id: 2 }, headers)))).toContain('circuit');
    const deleted = await gw.handle({ ...post(undefined, headers), method: 'DELETE', body: undefined });
    expect(deleted.status).toBe(204);
    expect(deletes).toBe(0);
    const next = await gw.handle(post({ jsonrpc: '2.0', id: 9, method: 'ping' }, headers));
    expect(next.status).toBe(404);
  });
});

describe('circuit breaker', () => {
  it("counts a Lambda function's errors against its circuit, and fails over to a fallback once it opens", async () => {
    const { functions, invocations } = failingFunction();
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      return new Response(null, { status: 202 });
    });
    const servers: Record<string, Server> = {
      up: server({
        transport: 'lambda',
        function: 'mcp-tools',
        fallbacks: ['backup'],
        circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 } as Server['circuitBreaker'],
      }),
      backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp' }),
    };
    const gw = make(servers, fetchImpl, { functions });
    const opened = async () => bodyOf(await gw.handle(post(initialize)));
    // the function fails: its session opens on the fallback instead (an initialize opened nothing there)
    for (let i = 0; i < 3; i++) {
      const served = await opened();
      expect(served.error, JSON.stringify(served)).toBeUndefined();
    }
    // twice failed, its circuit opened: the function is no more invoked
    expect(invocations()).toBe(2);
    expect(seen.some((s) => s.url.includes(':10/'))).toBe(true);
  });

  it('counts a streamed answer that breaks after its headers as a failure, not a success', async () => {
    let calls = 0;
    const { fetchImpl } = toolCalls(() => {
      calls++;
      // the headers at once, then the connection breaks while the tool runs
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(': working\n\n'));
          setTimeout(() => controller.error(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), 5);
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    });
    const gw = make(
      {
        up: server({
          circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 } as Server['circuitBreaker'],
        }),
      },
      fetchImpl,
    );
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const call = async (id: number) => text(await callTool(gw, session, id, 'slow'));
    for (const id of [1, 2]) await call(id).catch(() => undefined);
    expect(calls).toBe(2);
    // two broken streams in a row: the circuit is open, the next call never reaches the upstream
    const refused = await call(3).catch((error: unknown) => String(error));
    expect(refused).toContain('circuit');
    expect(calls).toBe(2);
  });
});

describe('a call cut short by its request’s deadline (a Lambda invocation’s)', () => {
  it('does not count against the circuit: the target did not fail, the invocation ran out', async () => {
    let calls = 0;
    const { fetchImpl } = toolCalls((message, init) => {
      calls++;
      return message.params?.name === 'slow' ? untilAborted(init) : rpc(message.id, { content: [] });
    });
    /** A gateway whose server's circuit opens after one failure, its calls given `timeoutMs`, and a session. */
    const opened = async (timeoutMs: number) => {
      const gw = make(
        {
          up: server({
            timeoutMs,
            circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 60 } as Server['circuitBreaker'],
          }),
        },
        fetchImpl,
      );
      const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
      const slow = (id: number, deadline: number) =>
        gw
          .handle({
            ...post(
              { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'slow' } },
              { 'mcp-session-id': session },
            ),
            deadline,
          })
          .then(bodyOf);
      return { gw, session, slow };
    };
    const cut = await opened(30_000);
    expect((await cut.slow(1, Date.now() + 150)).error?.data).toMatchObject({ code: 'upstream_timeout' });
    // the circuit (open after one failure) is closed: the next call is sent
    expect((await bodyOf(await callTool(cut.gw, cut.session, 2, 'fast'))).result).toEqual({ content: [] });
    expect(calls).toBe(2);
    cut.gw.close();
    // a deadline leaving the call most of its timeout: not answering within it counts
    const nearly = await opened(200);
    expect((await nearly.slow(3, Date.now() + 150)).error?.data).toMatchObject({ code: 'upstream_timeout' });
    expect((await bodyOf(await callTool(nearly.gw, nearly.session, 4, 'fast'))).error?.message).toContain(
      'circuit',
    );
    expect(calls).toBe(3);
  });
});

describe('answers that are no MCP answer', () => {
  it('count neither for nor against the circuit: a 429 or a page between two failures does not reset it', async () => {
    for (const between of [
      new Response('slow down', { status: 429, headers: { 'retry-after': '1' } }),
      new Response('<html>deploying</html>', { status: 400, headers: { 'content-type': 'text/html' } }),
      new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }),
    ]) {
      const answers = [new Response('oops', { status: 503 }), between, new Response('oops', { status: 503 })];
      let calls = 0;
      const { fetchImpl } = toolCalls((message) => answers[calls++] ?? rpc(message.id, { content: [] }));
      const gw = make(
        {
          up: server({
            circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 } as Server['circuitBreaker'],
          }),
        },
        fetchImpl,
      );
      const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
      for (const id of [1, 2, 3]) await text(await callTool(gw, session, id)).catch(() => undefined);
      expect(calls, String(between.status)).toBe(3);
      // two failures, the answer between them no success: open, the next call never sent
      expect((await bodyOf(await callTool(gw, session, 4))).error?.message, String(between.status)).toContain(
        'circuit',
      );
      expect(calls).toBe(3);
      await gateway?.close();
    }
  });
});

/**
 * A legacy HTTP+SSE upstream that answers `initialize` on its stream and accepts every other POST (202)
 * without ever answering it: what was posted is in `posted`.
 */
function silentLegacyUpstream() {
  let stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  const posted: { id?: unknown; method?: string; params?: { requestId?: unknown } }[] = [];
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    if (init?.method === 'POST') {
      const message = JSON.parse(String(init.body)) as (typeof posted)[number];
      posted.push(message);
      if (message.method === 'initialize') {
        const answer = { jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2024-11-05' } };
        stream!.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(answer)}\n\n`));
      }
      return new Response(null, { status: 202 });
    }
    return new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          stream = controller;
          controller.enqueue(new TextEncoder().encode('event: endpoint\ndata: /messages\n\n'));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    );
  }) as typeof fetch;
  return { posted, fetchImpl };
}

describe('circuit breaker on a legacy HTTP+SSE upstream', () => {
  it('counts a call whose answer never comes on the stream as a failure, not a success at acceptance', async () => {
    const { posted, fetchImpl } = silentLegacyUpstream();
    const calls = () => posted.filter((m) => m.method === 'tools/call').length;
    const gw = make(
      {
        up: server({
          transport: 'sse',
          url: 'http://127.0.0.1:9/sse',
          timeoutMs: 100,
          circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 } as Server['circuitBreaker'],
        }),
      },
      fetchImpl,
    );
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    for (const id of [1, 2])
      expect(await text(await callTool(gw, session, id))).toContain('upstream_timeout');
    expect(calls()).toBe(2);
    // two calls in a row the upstream never answered: the circuit is open, the next one is not sent
    expect(await text(await callTool(gw, session, 3))).toContain('circuit');
    expect(calls()).toBe(2);
  });
});

describe('a failed handshake with a legacy HTTP+SSE upstream', () => {
  it('closes the connection it opened, on every target it tried, instead of leaving it until it idles out', async () => {
    const streams: AbortSignal[] = [];
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      // the stream opens; the POST endpoint behind it is down
      if (init?.method === 'POST') return new Response('down', { status: 503 });
      streams.push(init!.signal!);
      return new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('event: endpoint\ndata: /messages\n\n'));
            init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    }) as typeof fetch;
    const gw = make(
      {
        up: server({
          transport: 'sse',
          url: 'http://127.0.0.1:9/sse',
          targets: [
            { url: 'http://127.0.0.1:9/sse', weight: 1 },
            { url: 'http://127.0.0.1:10/sse', weight: 1 },
          ],
        } as Partial<Server>),
      },
      fetchImpl,
    );
    const failed = await gw.handle(post(initialize));
    expect(await text(failed)).toContain('HTTP 503');
    expect(streams).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(streams.map((signal) => signal.aborted)).toEqual([true, true]);
  });
});

describe('timeouts on a legacy HTTP+SSE upstream', () => {
  it('tells the upstream to stop a call the timeout ended, under the id it knows the call by', async () => {
    const { posted, fetchImpl } = silentLegacyUpstream();
    const gw = make(
      { up: server({ transport: 'sse', url: 'http://127.0.0.1:9/sse', timeoutMs: 100 }) },
      fetchImpl,
    );
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    expect(await text(await callTool(gw, session, 1))).toContain('upstream_timeout');
    const sent = posted.find((m) => m.method === 'tools/call')!;
    await expect
      .poll(() =>
        posted.filter((m) => m.method === 'notifications/cancelled').map((m) => m.params?.requestId),
      )
      .toEqual([sent.id]);
  });
});

describe('initialize', () => {
  it('holds only so much of what an upstream sends before its answer: then an error, and no session', async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      const chatter = Array.from(
        { length: 300 },
        (_, i) =>
          `data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":${i}}}\n\n`,
      ).join('');
      return new Response(
        `${chatter}data: ${JSON.stringify({ jsonrpc: '2.0', id: message?.id, result: { protocolVersion: '2025-11-25' } })}\n\n`,
        { headers: { 'content-type': 'text/event-stream', 'mcp-session-id': 'u-1' } },
      );
    });
    const gw = make({ up: server() }, fetchImpl);
    const answer = await gw.handle(post(initialize));
    expect(answer.headers['mcp-session-id']).toBeUndefined();
    const body = await bodyOf(answer);
    expect(body.error?.data).toMatchObject({ code: 'upstream_error' });
    expect(body.error?.message).toContain('too much before it answered initialize');
  });
});

describe('trace context without telemetry sinks', () => {
  it('passes the caller’s traceparent and baggage on to the upstream as they came, never malformed ones', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'u-1' });
      return rpc(message?.id, {});
    });
    const gw = make({ up: server() }, fetchImpl);
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await text(await gw.handle(post(initialize, { traceparent: parent, tracestate: 'vendor=1' })));
    expect(seen.at(-1)?.headers).toMatchObject({ traceparent: parent, tracestate: 'vendor=1' });
    await text(await gw.handle(post({ ...initialize, id: 2 }, { traceparent: 'garbage' })));
    expect(seen.at(-1)?.headers['traceparent']).toBeUndefined();
    // one the message carries in its _meta (the 2026-07-28 way) goes on in the header too
    const inMeta = { ...initialize, id: 7, params: { ...initialize.params, _meta: { traceparent: parent } } };
    await text(await gw.handle(post(inMeta, { traceparent: 'garbage' })));
    expect(seen.at(-1)?.headers['traceparent']).toBe(parent);
    // W3C baggage goes on as it came, with a trace or without one; one past the limits does not
    const baggage = 'tenant=acme,region=eu%20west;ttl=3';
    await text(await gw.handle(post({ ...initialize, id: 3 }, { traceparent: parent, baggage })));
    expect(seen.at(-1)?.headers).toMatchObject({ traceparent: parent, baggage });
    await text(await gw.handle(post({ ...initialize, id: 4 }, { baggage })));
    expect(seen.at(-1)?.headers['baggage']).toBe(baggage);
    await text(await gw.handle(post({ ...initialize, id: 5 }, { baggage: `k=${'v'.repeat(8200)}` })));
    expect(seen.at(-1)?.headers['baggage']).toBeUndefined();
    // a server configured with baggage of its own keeps it
    const configured = make({ up: server({ headers: { Baggage: 'env=prod' } }) }, fetchImpl);
    await text(await configured.handle(post({ ...initialize, id: 6 }, { traceparent: parent, baggage })));
    expect(seen.at(-1)?.headers).toMatchObject({ traceparent: parent, baggage: 'env=prod' });
  });

  it("passes the caller's trace context on with a session's GET stream", async () => {
    const { seen, fetchImpl } = upstream((s) => {
      if (s.method === 'GET')
        return new Response('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message"}\n\n', {
          headers: { 'content-type': 'text/event-stream' },
        });
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(message.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'u-1' });
      return new Response(null, { status: 202 });
    });
    const gw = make({ up: server() }, fetchImpl);
    const opened = await gw.handle(post(initialize));
    await text(opened);
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const session = { 'mcp-session-id': opened.headers['mcp-session-id']! };
    await text(await gw.handle(listen({ ...session, traceparent: parent, baggage: 'tenant=acme' })));
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      headers: { traceparent: parent, baggage: 'tenant=acme' },
    });
    await text(await gw.handle(listen(session)));
    expect(seen.at(-1)?.method).toBe('GET');
    expect(seen.at(-1)?.headers['traceparent']).toBeUndefined();
  });
});

describe('stateless 2026-07-28 revision', () => {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'c', version: '1' },
  };
  const headers = (method: string, name?: string) => ({
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
    ...(name !== undefined ? { 'mcp-name': name } : {}),
  });

  it('counts one failed handshake once against the circuit, however many requests waited on it', async () => {
    let down = true;
    let handshakes = 0;
    const { fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') {
        handshakes++;
        await new Promise((resolve) => setTimeout(resolve, 20)); // the others join this one
        if (down) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      }
      if (message?.method === 'tools/list') return rpc(message.id, { tools: [] });
      return new Response(null, { status: 202 });
    });
    const gw = make(
      {
        up: server({
          circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 } as Server['circuitBreaker'],
        }),
      },
      fetchImpl,
    );
    const list = (id: number) =>
      gw.handle(
        post({ jsonrpc: '2.0', id, method: 'tools/list', params: { _meta: meta } }, headers('tools/list')),
      );
    const failed = await Promise.all([1, 2, 3].map(async (id) => bodyOf(await list(id))));
    for (const answer of failed) expect(answer.error).toBeDefined();
    expect(handshakes).toBe(1);
    // one failure, not three: the circuit is closed, and the upstream back is reached
    down = false;
    const served = await bodyOf(await list(4));
    expect(served.result, JSON.stringify(served)).toMatchObject({ tools: [] });
  });

  it('a request waiting on another’s handshake waits no longer than its own timeout', async () => {
    let opened = false;
    const { fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') {
        await new Promise((resolve) => setTimeout(resolve, 400));
        opened = true;
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      }
      if (message?.method === 'tools/list') return rpc(message.id, { tools: [] });
      if (message?.method === 'tools/call') return rpc(message.id, { content: [] });
      return new Response(null, { status: 202 });
    });
    // a long tool opens the shared session; a list (100 ms) joins its handshake
    const gw = make(
      { up: server({ timeoutMs: 100, toolTimeoutsMs: { report: 5000 } } as Partial<Server>) },
      fetchImpl,
    );
    const call = gw.handle(
      post(
        { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'report', _meta: meta } },
        headers('tools/call', 'report'),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const listed = await bodyOf(
      await gw.handle(
        post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: meta } }, headers('tools/list')),
      ),
    );
    expect(listed.error?.message).toBe('Upstream server "up" did not open a session within 100 ms.');
    expect(opened).toBe(false);
    expect((await bodyOf(await call)).result).toMatchObject({ content: [] });
  });

  it("leaves a fallback's circuit alone when its own credentials fail to come", async () => {
    let tokens: 'down' | 'up' = 'down';
    const { seen, fetchImpl } = upstream((s) => {
      // the server's own target refuses connections
      if (s.url.includes(':9/')) throw new TypeError('fetch failed');
      if (s.url.includes('/token'))
        return tokens === 'down'
          ? new Response('unavailable', { status: 503 })
          : Response.json({ access_token: 'backup-token', token_type: 'Bearer', expires_in: 3600 });
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method === 'tools/list') return rpc(message.id, { tools: [] });
      return new Response(null, { status: 202 });
    });
    const servers: Record<string, Server> = {
      up: server({ fallbacks: ['backup'] }),
      backup: server({
        name: 'backup',
        url: 'http://127.0.0.1:10/mcp',
        headers: {},
        credentials: {
          kind: 'client-credentials',
          tokenUrl: 'http://127.0.0.1:12/token',
          clientId: 'gw',
          clientSecret: 'sts-secret',
          authMethod: 'client_secret_basic',
          subjectToken: 'user-token',
        },
        circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 60 } as Server['circuitBreaker'],
      }),
    };
    const gw = make(servers, fetchImpl);
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } };
    const failed = await bodyOf(await gw.handle(post(list, headers('tools/list'))));
    expect(failed.error).toBeDefined();
    expect(seen.some((s) => s.url.includes(':10/'))).toBe(false);
    // the token endpoint is back: the fallback was never at fault, its circuit is closed
    tokens = 'up';
    const served = await bodyOf(await gw.handle(post({ ...list, id: 2 }, headers('tools/list'))));
    expect(served.result, JSON.stringify(served)).toMatchObject({ tools: [] });
    expect(seen.some((s) => s.url.includes(':10/'))).toBe(true);
  });

  it('routes a stateless call of a non-ASCII name through a virtual server to its member', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s) as { id?: unknown; method?: string; params?: { uri?: string } } | undefined;
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: { resources: {} } },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method === 'resources/read')
        return rpc(message.id, { contents: [{ uri: message.params?.uri, text: 'read' }] });
      return new Response(null, { status: 202 });
    });
    const gw = make(
      {
        up: server({ id: 'srv_up' }),
        v: server({
          id: 'srv_v',
          name: 'v',
          transport: 'virtual',
          members: [{ server: 'up', prefix: 'u_' }],
        } as Partial<Server>),
      },
      fetchImpl,
    );
    const uri = 'file:///docs/résumé.md';
    const read = { jsonrpc: '2.0', id: 7, method: 'resources/read', params: { uri, _meta: meta } };
    const encoded = `=?base64?${Buffer.from(uri).toString('base64')}?=`;
    const answer = await bodyOf(
      await gw.handle({ ...post(read, headers('resources/read', encoded)), path: '/mcp/v' }),
    );
    expect(answer.result, JSON.stringify(answer)).toMatchObject({ contents: [{ uri, text: 'read' }] });
    expect(seen.some((s) => methodOf(s)?.method === 'resources/read')).toBe(true);
  });

  it("answers a session's client a stateless upstream's 404 for a method with 200: its session goes on", async () => {
    const { fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'server/discover')
        return rpc(message.id, {
          resultType: 'complete',
          supportedVersions: ['2026-07-28'],
          capabilities: {},
        });
      if (message?.method === 'completion/complete')
        return new Response(
          JSON.stringify({
            jsonrpc: '2.0',
            id: message.id,
            error: { code: -32601, message: 'Method not found' },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        );
      return rpc(message?.id, { resultType: 'complete', tools: [] });
    });
    const gw = make({ up: server({ transport: 'stateless-http' }) }, fetchImpl);
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const complete = {
      jsonrpc: '2.0',
      id: 4,
      method: 'completion/complete',
      params: { ref: { type: 'ref/prompt', name: 'p' }, argument: { name: 'a', value: 'b' } },
    };
    const answered = await gw.handle(post(complete, { 'mcp-session-id': session }));
    expect(answered.status).toBe(200);
    expect((await bodyOf(answered)).error).toMatchObject({ code: -32601 });
    const list = { jsonrpc: '2.0', id: 5, method: 'tools/list' };
    expect((await gw.handle(post(list, { 'mcp-session-id': session }))).status).toBe(200);
  });

  it('neither retries nor counts against the circuit a call its client cancelled (stateless upstream)', async () => {
    const { seen, fetchImpl } = upstream((s, init) => {
      const message = methodOf(s) as
        | { id?: unknown; method?: string; params?: { name?: string } }
        | undefined;
      if (message?.method === 'tools/call' && message.params?.name === 'slow') return untilAborted(init);
      return rpc(message?.id, message?.method === 'tools/call' ? { content: [] } : { tools: [] });
    });
    const gw = make(
      {
        up: server({
          transport: 'stateless-http',
          retry: { attempts: 2, idempotentTools: ['slow'], backoffMs: 1 } as Server['retry'],
          circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 60 } as Server['circuitBreaker'],
        }),
      },
      fetchImpl,
    );
    const session = (await gw.handle(post(initialize))).headers['mcp-session-id']!;
    const slow = callTool(gw, session, 1, 'slow');
    await expect.poll(() => seen.filter((s) => s.body?.includes('"slow"')).length).toBe(1);
    const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };
    expect((await gw.handle(post(cancel, { 'mcp-session-id': session }))).status).toBe(202);
    // answered as a server answers a request (in the body, HTTP 200), though the client no longer waits
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect((await bodyOf(answered)).error?.message).toBe('The client cancelled the request.');
    // sent once: a cancelled call is not made again
    expect(seen.filter((s) => s.body?.includes('"slow"'))).toHaveLength(1);
    // and the circuit (open after one failure) is still closed: the next call goes through
    expect((await bodyOf(await callTool(gw, session, 2, 'fast'))).result).toEqual({ content: [] });
  });

  it('passes on that a stateless upstream has no such method (404 with -32601), not that it is not there', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'completion/complete')
        return new Response(
          JSON.stringify({
            jsonrpc: '2.0',
            id: message.id,
            error: { code: -32601, message: 'Method not found' },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        );
      if (message?.method === 'server/discover')
        return rpc(message.id, {
          resultType: 'complete',
          supportedVersions: ['2026-07-28'],
          capabilities: {},
        });
      return new Response('not here', { status: 404 });
    });
    const gw = make({ up: server({ transport: 'stateless-http' }) }, fetchImpl);
    const complete = {
      jsonrpc: '2.0',
      id: 4,
      method: 'completion/complete',
      params: { ref: { type: 'ref/prompt', name: 'p' }, argument: { name: 'a', value: 'b' }, _meta: meta },
    };
    const answered = await gw.handle(post(complete, headers('completion/complete')));
    expect(answered.status).toBe(404);
    expect((await bodyOf(answered)).error).toMatchObject({ code: -32601, message: 'Method not found' });
    // sent once: a stateless upstream's 404 is its answer, not a bridge it forgot
    expect(seen.filter((s) => methodOf(s)?.method === 'completion/complete')).toHaveLength(1);
    // a 404 that is no JSON-RPC answer: no MCP endpoint there
    const list = { jsonrpc: '2.0', id: 5, method: 'tools/list', params: { _meta: meta } };
    const missing = await bodyOf(await gw.handle(post(list, headers('tools/list'))));
    expect(missing.error?.message).toContain('has no MCP endpoint at its URL');
  });

  it('judges each resource a subscriptions/listen asks to hear of as a subscription to it', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'server/discover')
        return rpc(message.id, {
          resultType: 'complete',
          supportedVersions: ['2026-07-28'],
          capabilities: { resources: { subscribe: true } },
        });
      return rpc(message?.id, { resultType: 'complete' });
    });
    const gw = make({ up: server({ transport: 'stateless-http' }) }, fetchImpl, {
      policies: [
        {
          id: 'pol_1',
          name: 'no-payroll',
          workspace: 'default',
          effect: 'deny',
          resources: ['secret://*'],
        } as AccessPolicy,
      ],
    });
    const listen = (id: number, resourceSubscriptions: unknown[]) => ({
      jsonrpc: '2.0',
      id,
      method: 'subscriptions/listen',
      params: { notifications: { resourceSubscriptions }, _meta: meta },
    });
    for (const asked of [['public://news', 'secret://payroll'], [{ uri: 'secret://payroll' }]]) {
      const refused = await bodyOf(await gw.handle(post(listen(1, asked), headers('subscriptions/listen'))));
      expect(refused.error?.message).toContain('no-payroll');
    }
    expect(seen.filter((s) => methodOf(s)?.method === 'subscriptions/listen')).toEqual([]);
    const allowed = await gw.handle(post(listen(2, ['public://news']), headers('subscriptions/listen')));
    expect(allowed.status).toBe(200);
    expect(seen.filter((s) => methodOf(s)?.method === 'subscriptions/listen')).toHaveLength(1);
    await gateway?.close();
    // an authorization webhook is asked about each resource as a subscription to it
    const asked: string[] = [];
    const hooked = upstream((s) => {
      if (s.url.endsWith('/opa')) {
        const { method, rawUri } = JSON.parse(s.body ?? '{}') as { method: string; rawUri?: string };
        asked.push(`${method} ${rawUri ?? ''}`.trim());
        return Response.json(
          rawUri?.startsWith('secret://') ? { allow: false, reason: 'not yours' } : { allow: true },
        );
      }
      return fetchImpl(s.url, { method: s.method, body: s.body, headers: s.headers } as RequestInit);
    });
    const withHook = make(
      { up: server({ transport: 'stateless-http', authzWebhook: 'opa' } as Partial<Server>) },
      hooked.fetchImpl,
      { webhooks: [opaWebhook] },
    );
    const hookRefused = await bodyOf(
      await withHook.handle(
        post(listen(3, ['public://news', 'secret://payroll']), headers('subscriptions/listen')),
      ),
    );
    expect(hookRefused.error?.message).toContain('not yours');
    expect(asked).toEqual(
      expect.arrayContaining(['resources/subscribe public://news', 'resources/subscribe secret://payroll']),
    );
    expect(
      hooked.seen.filter((s) => !s.url.endsWith('/opa') && methodOf(s)?.method === 'subscriptions/listen'),
    ).toEqual([]);
  });

  it('refuses a stateless call whose Mcp-Param-* headers do not say what its arguments say (-32020)', async () => {
    const sql = {
      name: 'execute_sql',
      inputSchema: {
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, query: { type: 'string' } },
      },
    };
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: { tools: {} } },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method === 'tools/list') return rpc(message.id, { tools: [sql] });
      if (message?.method === 'tools/call') return rpc(message.id, { content: [] });
      return new Response(null, { status: 202 });
    });
    // no list went by: the gateway lists the tools itself before deciding
    const gw = make({ up: server() }, fetchImpl);
    const call = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'execute_sql', arguments: { region: 'us-west1', query: 'SELECT 1' }, _meta: meta },
    });
    // a balancer routed on eu-west1; the body runs in us-west1
    for (const param of [{ 'mcp-param-region': 'eu-west1' }, {}] as Record<string, string>[]) {
      const refused = await gw.handle(post(call(2), { ...headers('tools/call', 'execute_sql'), ...param }));
      expect(refused.status).toBe(400);
      expect((await bodyOf(refused)).error).toMatchObject({ code: -32020 });
    }
    expect(seen.filter((s) => methodOf(s)?.method === 'tools/call')).toEqual([]);
    const ok = await gw.handle(
      post(call(3), { ...headers('tools/call', 'execute_sql'), 'mcp-param-region': 'us-west1' }),
    );
    expect((await bodyOf(ok)).result).toBeDefined();
  });

  it("fails a stateless call over when a Lambda server's function fails to open the bridged session", async () => {
    const { functions } = failingFunction();
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method === 'tools/call') return rpc(message.id, { content: [] });
      return new Response(null, { status: 202 });
    });
    const gw = make(
      {
        up: server({ transport: 'lambda', function: 'mcp-tools', fallbacks: ['backup'] }),
        backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp' }),
      },
      fetchImpl,
      { functions },
    );
    const answer = await bodyOf(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 't', arguments: {}, _meta: meta } },
          headers('tools/call', 't'),
        ),
      ),
    );
    expect(answer.error, JSON.stringify(answer)).toBeUndefined();
    expect(seen.some((s) => s.url.includes(':10/'))).toBe(true);
  });

  it("lets go of a user's bridge whose target went down, and fails the call over on a bridge opened anew", async () => {
    let down = false;
    const { seen, fetchImpl } = upstream((s) => {
      // the server's own target goes away after the first call (its connection refused, nothing sent)
      if (down && s.url.includes(':9/'))
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method === 'tools/call')
        return rpc(message.id, { content: [{ type: 'text', text: s.url }] });
      return new Response(null, { status: 202 });
    });
    const gw = make(
      {
        up: server({ fallbacks: ['backup'] }),
        backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp' }),
      },
      fetchImpl,
    );
    const call = async (id: number) =>
      bodyOf(
        await gw.handle(
          post(
            { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 't', arguments: {}, _meta: meta } },
            headers('tools/call', 't'),
          ),
        ),
      );
    expect(JSON.stringify((await call(1)).result)).toContain(':9/');
    down = true;
    const before = seen.length;
    for (const id of [2, 3, 4]) {
      const answer = await call(id);
      expect(answer.error, JSON.stringify(answer)).toBeUndefined();
      expect(JSON.stringify(answer.result)).toContain(':10/');
    }
    // the dead target is tried (no circuit breaker says it is down), each call once at most, never twice
    const tried = seen.slice(before).filter((s) => s.url.includes(':9/'));
    expect(tried.length).toBeLessThanOrEqual(4);
    expect(
      seen.slice(before).filter((s) => s.url.includes(':10/') && methodOf(s)?.method === 'initialize'),
    ).toHaveLength(1);
  });

  it('fails over when a target answers 5xx to opening the bridged session, and trips its circuit', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      // the server's own target: a balancer in front of an app that is down
      if (s.url.includes(':9/')) return new Response('bad gateway', { status: 502 });
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method === 'tools/call') return rpc(message.id, { content: [] });
      return new Response(null, { status: 202 });
    });
    const servers: Record<string, Server> = {
      up: server({
        fallbacks: ['backup'],
        circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 } as Server['circuitBreaker'],
      }),
      backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp' }),
    };
    const gw = make(servers, fetchImpl);
    for (let id = 1; id <= 4; id++) {
      const answer = await bodyOf(
        await gw.handle(
          post(
            { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 't', arguments: {}, _meta: meta } },
            headers('tools/call', 't'),
          ),
        ),
      );
      expect(answer.error, JSON.stringify(answer)).toBeUndefined();
    }
    // the dead target was asked until its circuit opened, then no more
    expect(seen.filter((s) => s.url.includes(':9/'))).toHaveLength(2);
  });

  it('fails over when a target never answers opening the bridged session', async () => {
    const { seen, fetchImpl } = upstream((s, init) => {
      if (s.url.includes(':9/')) return untilAborted(init);
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method === 'tools/call') return rpc(message.id, { content: [] });
      return new Response(null, { status: 202 });
    });
    const gw = make(
      {
        up: server({ fallbacks: ['backup'], timeoutMs: 200 }),
        backup: server({ name: 'backup', url: 'http://127.0.0.1:10/mcp' }),
      },
      fetchImpl,
    );
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 't', arguments: {}, _meta: meta },
    };
    const answer = await bodyOf(await gw.handle(post(call, headers('tools/call', 't'))));
    expect(answer.result, JSON.stringify(answer)).toMatchObject({ content: [] });
    expect(seen.map((s) => s.url.replace(/\/mcp.*/, ''))).toEqual([
      'http://127.0.0.1:9',
      'http://127.0.0.1:10',
      'http://127.0.0.1:10',
      'http://127.0.0.1:10',
    ]);
  });

  it('bridges to a session-era upstream: discover, calls marked complete, one upstream session per user', async () => {
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') {
        return rpc(
          message.id,
          {
            protocolVersion: '2025-11-25',
            capabilities: {
              tools: { listChanged: true },
              resources: { subscribe: true, listChanged: true },
              logging: {},
              completions: {},
              experimental: { 'com.example/x': { listChanged: true } },
            },
            serverInfo: { name: 'up', version: '1' },
          },
          { 'mcp-session-id': 'bridge-u' },
        );
      }
      if (message?.method === 'tools/call')
        return rpc(message.id, { content: [{ type: 'text', text: 'ok' }] });
      // an upstream calling its list shareable, with a lifetime that is no number of milliseconds
      if (message?.method === 'tools/list')
        return rpc(message.id, { tools: [], cacheScope: 'public', ttlMs: 'forever' });
      if (message?.method === 'resources/read')
        return rpc(message.id, { contents: [{ uri: 'test://a', mimeType: 'text/plain', text: 'a' }] });
      return new Response(null, { status: 202 });
    });
    const gw = make({ up: server() }, fetchImpl);
    // a resource's contents carry cache hints too (2026-07-28 requires them): fresh only now, per caller
    const read = await bodyOf(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 8, method: 'resources/read', params: { uri: 'test://a', _meta: meta } },
          headers('resources/read', 'test://a'),
        ),
      ),
    );
    expect(read.result).toEqual({
      resultType: 'complete',
      contents: [{ uri: 'test://a', mimeType: 'text/plain', text: 'a' }],
      ttlMs: 0,
      cacheScope: 'private',
    });
    const listed = await bodyOf(
      await gw.handle(
        post({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: { _meta: meta } }, headers('tools/list')),
      ),
    );
    // what the gateway lists is judged per caller: never shared
    expect(listed.result).toMatchObject({ cacheScope: 'private', ttlMs: expect.any(Number) });
    const discover = await bodyOf(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } },
          headers('server/discover'),
        ),
      ),
    );
    expect(discover.result).toMatchObject({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],

      serverInfo: { name: 'up' },
      // the revision requires cache hints here too: fresh only now, per caller
      ttlMs: 0,
      cacheScope: 'private',
    });
    // what a stateless client can use: no log levels, subscriptions or change notifications (the
    // revision has none of them, and the gateway serves no subscriptions/listen)
    expect((discover.result as { capabilities: unknown }).capabilities).toEqual({
      tools: {},
      resources: {},
      completions: {},
      experimental: { 'com.example/x': { listChanged: true } },
    });
    const call = {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'echo', arguments: {}, _meta: meta },
    };
    const result = await bodyOf(await gw.handle(post(call, headers('tools/call', 'echo'))));
    expect(result.result).toEqual({ resultType: 'complete', content: [{ type: 'text', text: 'ok' }] });
    await bodyOf(await gw.handle(post({ ...call, id: 3 }, headers('tools/call', 'echo'))));
    expect(seen.filter((s) => methodOf(s)?.method === 'initialize')).toHaveLength(1);
    expect(seen.find((s) => methodOf(s)?.method === 'tools/call')?.headers['mcp-session-id']).toBe(
      'bridge-u',
    );
  });

  it('opens the bridge anew when the upstream forgot its session and says so with a 400 (the MCP SDK’s way)', async () => {
    let sessions = 0;
    let known = '';
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') {
        known = `bridge-${++sessions}`;
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': known },
        );
      }
      if (s.headers['mcp-session-id'] !== known)
        return Response.json(
          { jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: No valid session ID provided' } },
          { status: 400 },
        );
      if (message?.method === 'tools/list') return rpc(message.id, { tools: [] });
      return new Response(null, { status: 202 });
    });
    const gw = make({ up: server() }, fetchImpl);
    const list = (id: number) =>
      gw.handle(
        post({ jsonrpc: '2.0', id, method: 'tools/list', params: { _meta: meta } }, headers('tools/list')),
      );
    expect((await bodyOf(await list(1))).result).toMatchObject({ tools: [] });
    known = 'restarted'; // the upstream restarted: it knows no session of before
    expect((await bodyOf(await list(2))).result).toMatchObject({ tools: [] });
    expect(sessions).toBe(2);
    expect(
      seen.filter((s) => methodOf(s)?.method === 'tools/list').map((s) => s.headers['mcp-session-id']),
    ).toEqual(['bridge-1', 'bridge-1', 'bridge-2']);
  });

  it('answers the methods the revision removed (ping, log level, subscriptions) 404 with -32601, unforwarded', async () => {
    const { seen, fetchImpl } = upstream(() => new Response(null, { status: 500 }));
    const gw = make({ up: server() }, fetchImpl);
    for (const [method, params] of [
      ['ping', {}],
      ['logging/setLevel', { level: 'info' }],
      ['resources/subscribe', { uri: 'test://a' }],
      ['resources/unsubscribe', { uri: 'test://a' }],
    ] as const) {
      const answer = await gw.handle(
        post({ jsonrpc: '2.0', id: 3, method, params: { ...params, _meta: meta } }, headers(method)),
      );
      expect(answer.status, method).toBe(404);
      expect((await bodyOf(answer)).error, method).toMatchObject({ code: -32601 });
    }
    expect(seen).toEqual([]);
  });

  it('a bridge whose upstream does not open a session in time is a timeout, not an unreachable target', async () => {
    const seen: string[] = [];
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      seen.push(String(url));
      return untilAborted(init);
    }) as typeof fetch;
    const gw = make(
      {
        up: server({
          timeoutMs: 1000,
          targets: [
            { url: 'http://127.0.0.1:9/mcp', priority: 0 },
            { url: 'http://127.0.0.1:10/mcp', priority: 1 },
          ] as Server['targets'],
        }),
      },
      fetchImpl,
    );
    const started = Date.now();
    const answer = await bodyOf(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', _meta: meta } },
          headers('tools/call', 'echo'),
        ),
      ),
    );
    expect(answer.error?.data).toMatchObject({ code: 'upstream_timeout' });
    // the first target had half the time, the second the rest: the client waited one timeout, not two
    expect(seen).toEqual(['http://127.0.0.1:9/mcp', 'http://127.0.0.1:10/mcp']);
    expect(Date.now() - started).toBeLessThan(1800); // two timeouts would be 2000 ms
  });

  it("a slow bridge handshake leaves the call only what is left of the request's timeout", async () => {
    const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let started = 0;
    const { fetchImpl } = upstream(async (s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') {
        await delay(250);
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: {} },
          { 'mcp-session-id': 'b' },
        );
      }
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      started = Date.now();
      await delay(250);
      return rpc(message.id, { content: [] });
    });
    // an upstream that stops when the gateway gives up on it
    const stopping = ((url: string | URL, init?: RequestInit) =>
      Promise.race([fetchImpl(url, init), untilAborted(init)])) as typeof fetch;
    const gw = make({ up: server({ timeoutMs: 400 }) }, stopping);
    const answer = await bodyOf(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', _meta: meta } },
          headers('tools/call', 'echo'),
        ),
      ),
    );
    // the handshake took 250 ms of 400: the call had the 150 ms left, not another 400
    expect(started).toBeGreaterThan(0);
    expect(answer.error?.data).toMatchObject({ code: 'upstream_timeout' });
  });

  it('a discover answered from the bridge leaves a half-open circuit’s probe to the next call', async () => {
    let failing = true;
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: { tools: {} } },
          { 'mcp-session-id': 'b' },
        );
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      if (failing) return new Response('down', { status: 503 });
      return rpc(message.id, { content: [{ type: 'text', text: 'ok' }] });
    });
    const { gw, clock } = withBreaker(fetchImpl);
    const call = (id: number) =>
      gw.handle(
        post(
          { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', _meta: meta } },
          headers('tools/call', 'echo'),
        ),
      );
    await text(await call(1)); // the bridge opens, the call fails: the circuit opens
    clock.ms += 6_000; // half-open
    failing = false;
    const discover = await bodyOf(
      await gw.handle(
        post(
          { jsonrpc: '2.0', id: 2, method: 'server/discover', params: { _meta: meta } },
          headers('server/discover'),
        ),
      ),
    );
    expect(discover.result).toMatchObject({ resultType: 'complete' });
    const calls = seen.filter((s) => methodOf(s)?.method === 'tools/call').length;
    const result = await bodyOf(await call(3));
    expect(result.result).toMatchObject({ content: [{ type: 'text', text: 'ok' }] });
    expect(seen.filter((s) => methodOf(s)?.method === 'tools/call')).toHaveLength(calls + 1);
  });

  it('a half-open probe whose client left before the answer frees the probe for the next call', async () => {
    let mode: 'down' | 'hang' | 'up' = 'down';
    const { seen, fetchImpl: scripted } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: { tools: {} } },
          { 'mcp-session-id': 'p' },
        );
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      if (mode === 'down') return new Response('down', { status: 503 });
      return rpc(message.id, { content: [{ type: 'text', text: 'ok' }] });
    });
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      if (mode !== 'hang' || !String(init?.body).includes('tools/call')) return scripted(url, init);
      return untilAborted(init);
    }) as typeof fetch;
    const { gw, clock } = withBreaker(fetchImpl);
    const call = (id: number, signal?: AbortSignal) =>
      gw.handle({
        ...post(
          { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', _meta: meta } },
          headers('tools/call', 'echo'),
        ),
        ...(signal !== undefined ? { signal } : {}),
      });
    await text(await call(1)); // fails: the circuit opens
    clock.ms += 6_000; // half-open: the next call is the probe
    mode = 'hang';
    const left = new AbortController();
    const probe = call(2, left.signal);
    await expect.poll(() => seen.filter((s) => methodOf(s)?.method === 'tools/call').length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    left.abort();
    await probe.then(text).catch(() => undefined);
    mode = 'up';
    // not "circuit open" for a minute: this call is the probe now, and closes the circuit
    expect((await bodyOf(await call(3))).result).toMatchObject({ content: [{ type: 'text', text: 'ok' }] });
  });

  it('a half-open probe the address guard stopped before sending frees the probe for the next call', async () => {
    let down = true;
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize')
        return rpc(
          message.id,
          { protocolVersion: '2025-11-25', capabilities: { tools: {} } },
          { 'mcp-session-id': 'g' },
        );
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      if (down) return new Response('down', { status: 503 });
      return rpc(message.id, { content: [{ type: 'text', text: 'ok' }] });
    });
    const allowed = createUrlGuard({ allowLoopback: true, allowPrivate: false });
    let unresolvable = false;
    const guard: UrlGuard = {
      check: async (url) => {
        // the host stops resolving for a moment (DNS)
        if (unresolvable) throw new GatewayError('upstream_unavailable', 'The host does not resolve.');
        return allowed.check(url);
      },
    };
    const { gw, clock } = withBreaker(fetchImpl, guard);
    const call = (id: number) =>
      gw.handle(
        post(
          { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', _meta: meta } },
          headers('tools/call', 'echo'),
        ),
      );
    await text(await call(1)); // fails: the circuit opens
    clock.ms += 6_000; // half-open: the next call is the probe
    unresolvable = true;
    expect(await text(await call(2))).toContain('does not resolve');
    unresolvable = false;
    down = false;
    const sent = seen.filter((s) => methodOf(s)?.method === 'tools/call').length;
    // not "circuit open" for a minute: this call is the probe now, and closes the circuit
    expect((await bodyOf(await call(3))).result).toMatchObject({ content: [{ type: 'text', text: 'ok' }] });
    expect(seen.filter((s) => methodOf(s)?.method === 'tools/call')).toHaveLength(sent + 1);
  });

  it('a half-open probe refused for a number it would change frees the probe for the next call', async () => {
    let failing = true;
    const { functions, invoked } = lambdaServer(
      { content: [] },
      (method) => method === 'tools/call' && failing,
    );
    const clock = { ms: Date.now() };
    const gw = make(
      {
        up: server({
          transport: 'lambda',
          function: 'mcp-tools',
          circuitBreaker: { consecutiveFailures: 1, cooldownSeconds: 5 } as Server['circuitBreaker'],
        }),
      },
      upstream(() => new Response(null, { status: 500 })).fetchImpl,
      { functions, clock: { now: () => clock.ms } },
    );
    const first = { 'mcp-session-id': (await gw.handle(post(initialize))).headers['mcp-session-id']! };
    const headers = { 'mcp-session-id': (await gw.handle(post(initialize))).headers['mcp-session-id']! };
    const call = (id: number, account: string, on = headers) =>
      gw.handle({
        ...post({}, on),
        body: `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"pay","arguments":{"account":${account}}}}`,
      });
    await text(await call(1, '1', first)); // fails: the circuit opens
    clock.ms += 6_000; // half-open: the next call is the probe
    failing = false;
    expect((await call(2, '12345678901234567891')).status).toBe(400);
    // not "circuit open" for a minute: this call is the probe now, and closes the circuit
    expect((await bodyOf(await call(3, '7'))).result).toEqual({ content: [] });
    expect(invoked.filter((m) => m === 'tools/call')).toHaveLength(2);
  });

  it('tells the bridged upstream a request is cancelled when the client closes its stream', async () => {
    const encoder = new TextEncoder();
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s);
      if (message?.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'bridge-u' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(
            encoder.encode(
              'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n\n',
            ),
          );
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    });
    const gw = make({ up: server() }, fetchImpl);
    const call = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'slow', _meta: meta } };
    const response = await gw.handle(post(call, headers('tools/call', 'slow')));
    const body = (response.body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await body.next();
    await body.return?.(undefined);
    await expect.poll(() => seen.some((s) => methodOf(s)?.method === 'notifications/cancelled')).toBe(true);
    const cancelled = seen.find((s) => methodOf(s)?.method === 'notifications/cancelled')!;
    // the upstream knows the request by the gateway's id for it, not the client's
    const forwarded = seen.find((s) => methodOf(s)?.method === 'tools/call')!;
    expect(JSON.parse(cancelled.body!)).toMatchObject({ params: { requestId: methodOf(forwarded)?.id } });
    expect(cancelled.headers['mcp-session-id']).toBe('bridge-u');
  });

  it('tells the bridged upstream a request is cancelled when it ends before any answer: the client left, or the timeout struck', async () => {
    const seen: { method?: string; id?: unknown; params?: { requestId?: unknown; name?: string } }[] = [];
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      const message = JSON.parse(String(init?.body)) as (typeof seen)[number];
      seen.push(message);
      if (message.method === 'initialize') return rpc(message.id, {}, { 'mcp-session-id': 'bridge-u' });
      if (message.method !== 'tools/call') return new Response(null, { status: 202 });
      // an answer that arrived whole but is no answer: the request is still the upstream's to finish
      if ((message.params as { name?: string } | undefined)?.name === 'broken')
        return new Response('{"nope":', { headers: { 'content-type': 'application/json' } });
      // no headers until the result: the upstream answers JSON when it is done
      return untilAborted(init);
    }) as typeof fetch;
    const gw = make({ up: server({ timeoutMs: 150 }) }, fetchImpl);
    const call = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'slow', _meta: meta },
    });
    const cancelledFor = (n: number) => {
      const forwarded = seen.filter((m) => m.method === 'tools/call')[n]!;
      return seen.filter(
        (m) => m.method === 'notifications/cancelled' && m.params?.requestId === forwarded.id,
      );
    };
    const timedOut = await bodyOf(await gw.handle(post(call(1), headers('tools/call', 'slow'))));
    expect(timedOut.error?.data).toMatchObject({ code: 'upstream_timeout' });
    await expect.poll(() => cancelledFor(0)).toHaveLength(1);
    const left = new AbortController();
    const pending = gw.handle({ ...post(call(2), headers('tools/call', 'slow')), signal: left.signal });
    await expect.poll(() => seen.filter((m) => m.method === 'tools/call')).toHaveLength(2);
    left.abort();
    await pending.catch(() => undefined);
    await expect.poll(() => cancelledFor(1)).toHaveLength(1);
    const broken = { ...call(3), params: { name: 'broken', _meta: meta } };
    expect(
      (await bodyOf(await gw.handle(post(broken, headers('tools/call', 'broken'))))).error,
    ).toBeDefined();
    await expect.poll(() => cancelledFor(2)).toHaveLength(1);
  });

  it('gives each stateless request its own upstream id and progress token, and maps them back', async () => {
    const encoder = new TextEncoder();
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s) as {
        id?: string;
        method?: string;
        params?: { _meta?: { progressToken?: string }; capabilities?: object };
      };
      if (message?.method === 'initialize')
        return rpc(message.id, { capabilities: {} }, { 'mcp-session-id': 'bridge-u' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      const token = message.params?._meta?.progressToken;
      const events = [
        { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1 } },
        { jsonrpc: '2.0', id: message.id, result: { content: [] } },
      ];
      const stream = events.map((e) => `event: message\ndata: ${JSON.stringify(e)}\n\n`).join('');
      return new Response(encoder.encode(stream), { headers: { 'content-type': 'text/event-stream' } });
    });
    const gw = make({ up: server() }, fetchImpl);
    const capable = {
      ...meta,
      'io.modelcontextprotocol/clientCapabilities': { sampling: {}, roots: {}, experimental: {} },
    };
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'echo', _meta: { ...capable, progressToken: 'p1', 'com.example/tag': 't1' } },
    };
    const [first, second] = await Promise.all([
      gw.handle(post(call, headers('tools/call', 'echo'))).then(text),
      gw.handle(post(call, headers('tools/call', 'echo'))).then(text),
    ]);
    for (const events of [first, second]) {
      expect(events).toContain('"progressToken":"p1"');
      expect(events).toMatch(/"id":1,"result":\{"resultType":"complete","content":\[\]\}/);
    }
    const calls = seen.filter((s) => methodOf(s)?.method === 'tools/call').map((s) => methodOf(s)?.id);
    expect(new Set(calls).size).toBe(2);
    expect(calls).not.toContain(1);
    // the bridge does not promise the upstream what a stateless client cannot answer
    const init = JSON.parse(seen.find((s) => methodOf(s)?.method === 'initialize')!.body!);
    expect(init.params.capabilities).toEqual({ experimental: {} });
    // nor do the calls in its session speak of another era or of the client's own capabilities: their
    // `_meta` keeps the progress token and whatever else is not the stateless era's own
    const forwarded = seen.filter((s) => methodOf(s)?.method === 'tools/call').map((s) => methodOf(s));
    for (const message of forwarded)
      expect((message as { params: { _meta: object } }).params._meta).toEqual({
        progressToken: `${(message as { id: string }).id}-progress`,
        'com.example/tag': 't1',
      });
  });

  it('answers the upstream’s own requests itself: a stateless client cannot, and never sees them', async () => {
    const encoder = new TextEncoder();
    const { seen, fetchImpl } = upstream((s) => {
      const message = methodOf(s) as { id?: string; method?: string } | undefined;
      if (message?.method === 'initialize')
        return rpc(message.id, { capabilities: {} }, { 'mcp-session-id': 'bridge-u' });
      if (message?.method !== 'tools/call') return new Response(null, { status: 202 });
      const events = [
        { jsonrpc: '2.0', id: 'up-1', method: 'ping' },
        {
          jsonrpc: '2.0',
          id: 'up-2',
          method: 'sampling/createMessage',
          params: { messages: [], maxTokens: 1 },
        },
        // an upstream asking without end is answered a few times only
        ...Array.from({ length: 100 }, (_, n) => ({ jsonrpc: '2.0', id: `more-${n}`, method: 'ping' })),
        { jsonrpc: '2.0', id: message.id, result: { content: [] } },
      ];
      const stream = events.map((e) => `event: message\ndata: ${JSON.stringify(e)}\n\n`).join('');
      return new Response(encoder.encode(stream), { headers: { 'content-type': 'text/event-stream' } });
    });
    const gw = make({ up: server() }, fetchImpl);
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', _meta: meta } };
    const events = await gw.handle(post(call, headers('tools/call', 'echo'))).then(text);
    expect(events).not.toContain('"method"');
    expect(events).toMatch(/"id":1,"result":/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const replies = seen
      .map((s) => (s.body === undefined ? undefined : (JSON.parse(s.body) as Record<string, unknown>)))
      .filter((m) => m !== undefined && !('method' in m));
    expect(replies.slice(0, 2)).toEqual([
      { jsonrpc: '2.0', id: 'up-1', result: {} },
      {
        jsonrpc: '2.0',
        id: 'up-2',
        error: { code: -32601, message: 'A stateless client cannot answer "sampling/createMessage".' },
      },
    ]);
    expect(replies).toHaveLength(32);
    // on the bridge session
    expect(seen.filter((s) => s.body?.includes('up-2')).map((s) => s.headers['mcp-session-id'])).toEqual([
      'bridge-u',
    ]);
  });

  it('rejects header mismatches with -32020 and unknown versions with -32022', async () => {
    const gw = make({ up: server() });
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', _meta: meta } };
    const mismatch = await gw.handle(post(call, headers('tools/call', 'other')));
    expect(mismatch.status).toBe(400);
    expect((await bodyOf(mismatch)).error?.code).toBe(-32020);
    const old = {
      ...call,
      params: { name: 'echo', _meta: { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } },
    };
    const unsupported = await gw.handle(post(old, headers('tools/call', 'echo')));
    expect(unsupported.status).toBe(400);
    const error = (await bodyOf(unsupported)).error;
    expect(error?.code).toBe(-32022);
    expect(error?.data).toEqual({ supported: ['2026-07-28'], requested: '2099-01-01' });
  });

  it('refuses notifications over a rate limit with 429; they never reach the upstream', async () => {
    const { seen, fetchImpl } = upstream((s) =>
      methodOf(s)?.method === 'initialize'
        ? rpc(methodOf(s)?.id, { protocolVersion: '2025-11-25' }, { 'mcp-session-id': 'upstream-1' })
        : new Response(null, { status: 202 }),
    );
    const limit = { id: 'rl_1', name: 'two', workspace: 'default', limit: 2, window: 'minute' } as RateLimit;
    const gw = make({ up: server() }, fetchImpl, { rateLimits: [limit] });
    const opened = await gw.handle(post(initialize));
    const session = { 'mcp-session-id': opened.headers['mcp-session-id']! };
    const changed = { jsonrpc: '2.0', method: 'notifications/roots/list_changed' };
    expect((await gw.handle(post(changed, session))).status).toBe(202);
    const refused = await gw.handle(post(changed, session));
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    // a cancellation is never refused: the upstream would go on with the work
    const cancelled = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };
    expect((await gw.handle(post(cancelled, session))).status).toBe(202);
    expect(seen.map((s) => methodOf(s)?.method)).toEqual([
      'initialize',
      'notifications/roots/list_changed',
      'notifications/cancelled',
    ]);
  });

  it('refuses an unsupported version before any policy counts it: a rate limit keeps its room', async () => {
    const { seen, fetchImpl } = upstream((s) => rpc(methodOf(s)?.id, { content: [] }));
    const limit = { id: 'rl_1', name: 'one', workspace: 'default', limit: 1, window: 'minute' } as RateLimit;
    const gw = make({ up: server() }, fetchImpl, { rateLimits: [limit] });
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', _meta: meta } };
    const old = {
      ...call,
      params: { name: 'echo', _meta: { 'io.modelcontextprotocol/protocolVersion': '2099' } },
    };
    for (let i = 0; i < 3; i++)
      expect((await bodyOf(await gw.handle(post(old, headers('tools/call', 'echo'))))).error?.code).toBe(
        -32022,
      );
    expect(seen).toEqual([]);
    // the one call the limit allows is still there
    expect((await gw.handle(post(call, headers('tools/call', 'echo')))).status).toBe(200);
  });
});
