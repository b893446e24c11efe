/**
 * A fuzz test of both endpoints of one gateway process: fast-check generates HTTP requests (methods, paths
 * under /mcp/<server> and /v1/<resources>, the authorization server's /oauth/* and well-known documents
 * with random forms, queries and client metadata, the MCP and auth headers with valid and garbage values
 * (JWT-shaped tokens too, some naming the gateway as their issuer), bodies
 * that are valid JSON-RPC messages and batches of both eras, mutated JSON, deep nesting, huge strings,
 * random bytes) and sends them with bounded concurrency and a time budget. Every response must come
 * within its timeout (a hang fails), with a status under 500 (a 5xx is accepted only from a server whose
 * upstream is down or that is disabled, and only as the matching JSON-RPC error), with a well-formed body
 * when it says it is JSON; the process must be alive and serving afterwards.
 *
 * Reproduce a run with FUZZ_SEED=<seed printed on the console>; FUZZ_REQUESTS and FUZZ_BUDGET_MS tune it.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin, httpRequest, replyTo } from '../support/gateway-api.js';
import { GatewayProcess, startEverything, stopAll, type Upstream } from '../support/processes.js';
import { openSession, SESSION_VERSION, sessionPost, toolCallMessage } from '../support/raw-mcp.js';

const TARGET_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 120_000);
const CONCURRENCY = 16;
/** A request (headers and whole body) that takes longer than this is a hang. */
const REQUEST_TIMEOUT_MS = 20_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const POOL_SIZE = 6;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let upstream: Upstream;
let gateway: GatewayProcess;
let api: Admin;
let apiKey: string;
/** Sessions on `everything`, so generated session-era requests can reach the upstream. */
const sessionPool: string[] = [];
/** Ids of resources the fuzzer may read, replace, patch and delete. */
const victimIds: string[] = [];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

let downUrl = '';

beforeAll(async () => {
  [upstream, gateway] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  api = admin(() => gateway.url, adminKey);
  downUrl = `http://127.0.0.1:${await closedPort()}/mcp`;
  await api.registerServer('everything', upstream.url);
  await api.registerServer('down', downUrl);
  await api.registerServer('off', upstream.url, undefined, { enabled: false });
  apiKey = await api.createApiKey('fuzzer', 'fuzzer');
  for (let i = 0; i < POOL_SIZE; i++) {
    const session = await openSession(`${gateway.url}/mcp/everything`, apiKey);
    await sessionPost(`${gateway.url}/mcp/everything`, apiKey, session, {
      jsonrpc: '2.0',
      method: 'notifications/initialized',
    });
    sessionPool.push(session);
  }
  const workspace = await api.createWorkspace('fz-victim');
  const server = await api.registerServer('fz-victim', downUrl, undefined, { workspace: 'fz-victim' });
  const key = (await api.request('POST', '/v1/api-keys', { name: 'fz-victim', user: 'victim' })).body as {
    id: string;
  };
  victimIds.push(workspace.id, server.id, key.id);
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await stopAll();
});

// ---------------------------------------------------------------------------------------------------
// Arbitraries

/** A weighted choice for fc.oneof (weights in tenths, as fast-check wants integers). */
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight: Math.round(weight * 10), arbitrary });

/** Header-safe text: printable ASCII and Latin-1 (fetch refuses controls and code points over 0xFF). */
const headerChar = fc
  .oneof(
    w(8, fc.integer({ min: 0x21, max: 0x7e })),
    w(1, fc.constant(0x20)),
    w(1, fc.integer({ min: 0xa1, max: 0xff })),
  )
  .map((code) => String.fromCharCode(code));
const headerText = (maxLength: number) =>
  fc.string({ unit: headerChar, minLength: 1, maxLength }).map((s) => (s.trim() === '' ? 'x' : s.trim()));
const longText = fc.integer({ min: 1_000, max: 9_000 }).map((n) => 'a'.repeat(n));
const anyText = fc.oneof(
  w(6, fc.string({ maxLength: 40 })),
  w(2, fc.string({ unit: 'binary', maxLength: 40 })),
  w(1, longText),
);

/**
 * A header choice: absent, one of the valid values (the first one most often), garbage, very long, or
 * what the body says (`match`, for the stateless routing headers).
 */
type HeaderChoice = { kind: 'absent' } | { kind: 'value'; value: string } | { kind: 'match' };
const header = (
  valid: string[],
  weights: { absent?: number; valid?: number; garbage?: number; long?: number; match?: number } = {},
) =>
  fc.oneof(
    w(weights.absent ?? 2, fc.constant<HeaderChoice>({ kind: 'absent' })),
    w(
      weights.valid ?? 6,
      fc
        .oneof(w(4, fc.constant(valid[0]!)), w(1, fc.constantFrom(...valid)))
        .map((value): HeaderChoice => ({ kind: 'value', value })),
    ),
    w(
      weights.garbage ?? 1,
      headerText(60).map((value): HeaderChoice => ({ kind: 'value', value })),
    ),
    w(
      weights.long ?? 0.3,
      longText.map((value): HeaderChoice => ({ kind: 'value', value })),
    ),
    w(weights.match ?? 0.1, fc.constant<HeaderChoice>({ kind: 'match' })),
  );

type IdKind = 'int' | 'string' | 'null' | 'absent' | 'float' | 'object' | 'bool' | 'negative';
const idKind = fc.oneof(
  w(10, fc.constantFrom<IdKind>('int', 'string')),
  w(1, fc.constantFrom<IdKind>('null', 'absent', 'float', 'object', 'bool', 'negative')),
);

const VERSIONS = ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'];
const version = fc.oneof(w(6, fc.constantFrom(...VERSIONS)), w(1, headerText(20)));

const toolCallParams = fc.record(
  {
    name: fc.oneof(w(5, fc.constantFrom('echo', 'get-sum', 'no-such-tool')), w(1, anyText)),
    arguments: fc.oneof(
      fc.record({ message: fc.string({ maxLength: 100 }) }),
      fc.record({ a: fc.integer(), b: fc.integer() }),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  },
  { requiredKeys: ['name'] },
);

interface MessageRecipe {
  method: string | undefined;
  params: unknown;
  hasParams: boolean;
  id: IdKind;
  /** A response (result or error) the client sends, instead of a request or notification. */
  response?: unknown;
  stateless?: { version: string };
  jsonrpc: unknown;
}

const methodAndParams: fc.Arbitrary<[string, unknown]> = fc.oneof(
  w(3, fc.tuple(fc.constant('tools/call'), toolCallParams)),
  w(
    1,
    fc.tuple(
      fc.constant('initialize'),
      fc.record(
        {
          protocolVersion: version,
          capabilities: fc.oneof(fc.constant({}), fc.jsonValue({ maxDepth: 2 })),
          clientInfo: fc.oneof(fc.constant({ name: 'fuzz', version: '1' }), fc.jsonValue({ maxDepth: 2 })),
        },
        { requiredKeys: [] },
      ),
    ),
  ),
  w(
    3,
    fc.tuple(
      fc.constantFrom(
        'tools/list',
        'ping',
        'prompts/list',
        'resources/list',
        'resources/templates/list',
        'server/discover',
        'notifications/initialized',
        'notifications/cancelled',
        'notifications/roots/list_changed',
      ),
      fc.oneof(w(4, fc.constant({})), w(1, fc.record({ cursor: anyText }))),
    ),
  ),
  w(
    1,
    fc.tuple(
      fc.constantFrom('resources/read', 'resources/subscribe'),
      fc.record({ uri: fc.oneof(fc.constant('demo://resource/dynamic/text/1'), anyText) }),
    ),
  ),
  w(
    1,
    fc.tuple(
      fc.constant('prompts/get'),
      fc.record({ name: fc.oneof(fc.constant('simple-prompt'), anyText) }),
    ),
  ),
  w(
    1,
    fc.tuple(fc.constant('logging/setLevel'), fc.record({ level: fc.oneof(fc.constant('debug'), anyText) })),
  ),
  w(1, fc.tuple(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 3 }))),
);

const messageRecipe: fc.Arbitrary<MessageRecipe> = fc
  .record({
    mp: methodAndParams,
    id: idKind,
    hasParams: fc.oneof(w(12, fc.constant(true)), w(1, fc.constant(false))),
    badParams: fc.oneof(w(15, fc.constant(undefined)), w(1, fc.jsonValue({ maxDepth: 1 }))),
    stateless: fc.oneof(
      w(2, fc.constant(undefined)),
      w(
        1,
        version.map((v) => ({ version: v })),
      ),
    ),
    response: fc.oneof(
      w(12, fc.constant(undefined)),
      w(
        1,
        fc.oneof(
          fc.record({ result: fc.jsonValue({ maxDepth: 2 }) }),
          fc.record({ error: fc.jsonValue({ maxDepth: 2 }) }),
        ),
      ),
    ),
    jsonrpc: fc.oneof(w(20, fc.constant('2.0' as unknown)), w(1, fc.jsonValue({ maxDepth: 0 }))),
  })
  .map(({ mp: [method, params], id, hasParams, badParams, stateless, response, jsonrpc }) => ({
    method: response !== undefined ? undefined : method,
    params: badParams !== undefined ? badParams : params,
    hasParams,
    id: method.startsWith('notifications/') && id !== 'absent' ? 'absent' : id,
    ...(response !== undefined ? { response } : {}),
    ...(stateless !== undefined ? { stateless } : {}),
    jsonrpc,
  }));

type Mutation = { op: 'truncate' | 'insert' | 'delete' | 'replace'; at: number; text: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('truncate', 'insert', 'delete', 'replace'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  text: fc.oneof(
    fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'null', '1e999'),
    fc.string({ maxLength: 5 }),
  ),
});

type BodyRecipe =
  | { kind: 'message'; message: MessageRecipe }
  | { kind: 'batch'; messages: MessageRecipe[] }
  | { kind: 'mutated'; message: MessageRecipe; mutations: Mutation[] }
  | { kind: 'mutated-json'; value: unknown; mutations: Mutation[] }
  | { kind: 'deep'; depth: number; open: '[' | '{'; message?: MessageRecipe }
  | { kind: 'huge'; size: number; message?: MessageRecipe }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string };

const depth = fc.oneof(
  w(3, fc.integer({ min: 30, max: 200 })),
  w(2, fc.integer({ min: 1_000, max: 20_000 })),
);

const mcpBody: fc.Arbitrary<BodyRecipe> = fc.oneof(
  w(
    55,
    messageRecipe.map((message): BodyRecipe => ({ kind: 'message', message })),
  ),
  w(
    8,
    fc
      .array(messageRecipe, { minLength: 0, maxLength: 5 })
      .map((messages): BodyRecipe => ({ kind: 'batch', messages })),
  ),
  w(
    15,
    fc
      .tuple(messageRecipe, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([message, mutations]): BodyRecipe => ({ kind: 'mutated', message, mutations })),
  ),
  w(
    5,
    fc
      .tuple(depth, fc.constantFrom<'[' | '{'>('[', '{'), fc.option(messageRecipe, { nil: undefined }))
      .map(
        ([d, open, message]): BodyRecipe =>
          message === undefined
            ? { kind: 'deep', depth: d, open }
            : { kind: 'deep', depth: d, open, message },
      ),
  ),
  w(
    3,
    fc
      .tuple(
        fc.oneof(
          w(4, fc.integer({ min: 10_000, max: 1_000_000 })),
          w(1, fc.integer({ min: 3_000_000, max: 5_000_000 })),
        ),
        messageRecipe,
      )
      .map(([size, message]): BodyRecipe => ({ kind: 'huge', size, message })),
  ),
  w(
    8,
    fc.uint8Array({ maxLength: 2_000 }).map((bytes): BodyRecipe => ({ kind: 'bytes', bytes })),
  ),
  w(
    8,
    fc.jsonValue({ maxDepth: 4 }).map((value): BodyRecipe => ({ kind: 'json', value })),
  ),
  w(
    3,
    fc
      .constantFrom('', ' ', 'null', '[]', '{}', '"x"', '1', 'true')
      .map((text): BodyRecipe => ({ kind: 'text', text })),
  ),
);

/** Bodies for the management API: resource-shaped objects mixing valid and invalid fields. */
const RESOURCES = ['workspaces', 'servers', 'api-keys'] as const;
type Resource = (typeof RESOURCES)[number];

/** Mostly valid, sometimes not: the bodies get past validation often enough to create and change things. */
const validOr = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(w(12, valid), w(1, fc.oneof(anyText, fc.jsonValue({ maxDepth: 1 }))));
const fields: Record<Resource, Record<string, fc.Arbitrary<unknown>>> = {
  workspaces: {
    name: validOr(fc.stringMatching(/^fz-[a-z0-9]{1,10}$/)),
    description: fc.oneof(fc.string({ maxLength: 40 }), longText),
    labels: validOr(
      fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 5 }),
    ),
  },
  servers: {
    name: validOr(fc.stringMatching(/^fz-[a-z0-9]{1,10}$/)),
    url: validOr(
      fc.constantFrom(
        'http://127.0.0.1:1/mcp',
        'https://example.com/mcp',
        'http://169.254.169.254/latest',
        'ftp://x',
      ),
    ),
    workspace: validOr(fc.constantFrom('default', 'fz-victim', 'no-such-ws')),
    transport: validOr(fc.constantFrom('streamable-http', 'sse')),
    enabled: validOr(fc.boolean()),
    timeoutMs: validOr(fc.integer({ min: -10, max: 1_000_000 })),
    description: fc.oneof(fc.string({ maxLength: 40 }), longText),
    headers: validOr(fc.dictionary(fc.stringMatching(/^[A-Za-z-]{1,12}$/), headerText(20), { maxKeys: 3 })),
    tools: validOr(
      fc.record(
        {
          allow: fc.array(anyText, { maxLength: 3 }),
          deny: fc.array(anyText, { maxLength: 3 }),
          readOnly: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    ),
    trustAnnotations: validOr(fc.boolean()),
    labels: validOr(
      fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 5 }),
    ),
  },
  'api-keys': {
    name: validOr(fc.stringMatching(/^fz-[a-z0-9]{1,10}$/)),
    user: validOr(fc.string({ minLength: 1, maxLength: 20 })),
    workspace: validOr(fc.constantFrom('default', 'fz-victim', 'no-such-ws')),
    enabled: validOr(fc.boolean()),
    expiresAt: validOr(fc.constantFrom('2099-01-01T00:00:00Z', '2000-01-01T00:00:00Z')),
    secret: validOr(fc.stringMatching(/^[A-Za-z0-9]{32,40}$/)),
  },
};
const REQUIRED: Record<Resource, string[]> = {
  workspaces: ['name'],
  servers: ['name', 'url'],
  'api-keys': ['name', 'user'],
};

/** A body shaped like `resource` (its required fields most of the time), sometimes with a stray field. */
const resourceBody = (resource: Resource) =>
  fc
    .tuple(
      fc.oneof(
        w(4, fc.record(fields[resource], { requiredKeys: REQUIRED[resource] as never[] })),
        w(1, fc.record(fields[resource], { requiredKeys: [] })),
      ),
      fc.oneof(
        w(8, fc.constant(undefined)),
        w(
          1,
          fc.tuple(
            fc.constantFrom('id', 'version', 'createdAt', 'key', 'prefix', 'x'),
            fc.jsonValue({ maxDepth: 1 }),
          ),
        ),
      ),
    )
    .map(([body, stray]) => (stray === undefined ? body : { ...body, [stray[0]]: stray[1] }));

const v1Body = (resource: Resource): fc.Arbitrary<BodyRecipe> =>
  fc.oneof(
    w(
      30,
      resourceBody(resource).map((value): BodyRecipe => ({ kind: 'json', value })),
    ),
    w(
      8,
      fc
        .tuple(resourceBody(resource), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([value, mutations]): BodyRecipe => ({ kind: 'mutated-json', value, mutations })),
    ),
    w(
      4,
      fc
        .tuple(depth, fc.constantFrom<'[' | '{'>('[', '{'))
        .map(([d, open]): BodyRecipe => ({ kind: 'deep', depth: d, open })),
    ),
    w(
      4,
      fc.uint8Array({ maxLength: 2_000 }).map((bytes): BodyRecipe => ({ kind: 'bytes', bytes })),
    ),
    w(
      4,
      fc.jsonValue({ maxDepth: 4 }).map((value): BodyRecipe => ({ kind: 'json', value })),
    ),
    w(
      2,
      fc.integer({ min: 100_000, max: 5_000_000 }).map((size): BodyRecipe => ({ kind: 'huge', size })),
    ),
    w(
      2,
      fc.constantFrom('', 'null', '[]', '{}').map((text): BodyRecipe => ({ kind: 'text', text })),
    ),
  );

const serverSegment = fc.oneof(
  w(30, fc.constant('everything')),
  w(3, fc.constantFrom('down', 'off', 'fz-victim', 'nope', 'Everything', 'everything/', 'everything/extra')),
  w(2, fc.constantFrom('%zz', '%00', '%2F', '..', '%2e%2e', 'a%20b', '')),
  w(
    2,
    headerText(30).map((s) => encodeURIComponent(s)),
  ),
  w(
    1,
    fc.integer({ min: 100, max: 5_000 }).map((n) => 'a'.repeat(n)),
  ),
);

/**
 * JWT-shaped bearer tokens (never validly signed): odd headers and payloads, some naming the gateway
 * itself as issuer (its authorization server's path), some an unknown one; `{base}` is the gateway's URL.
 */
const JWTS = [
  [{ alg: 'none' }, { iss: '{base}', sub: 'x', aud: '{base}/mcp/everything', exp: 4_000_000_000 }],
  [
    { alg: 'ES256', typ: 1, kid: 'k' },
    { iss: '{base}', sub: 'x', aud: '{base}/mcp/everything' },
  ],
  [
    { alg: 'ES256', typ: 'at+jwt', kid: 'k'.repeat(3_000) },
    { iss: '{base}', client_id: 1, ws: ['x'] },
  ],
  [{ alg: 'RS256', kid: { nested: true }, crit: ['b64'], b64: false }, { iss: 'https://unknown.example' }],
  [{ alg: 'HS256', typ: 'JWT' }, ['an', 'array', 'payload']],
  ['not an object', { iss: '{base}', exp: 'tomorrow', nbf: -1, iat: 1e30 }],
  [{ alg: 'ES256' }, { iss: '{base}', sub: '', aud: [], exp: 1, idc: 'x', teams: {}, tcl: 5 }],
] as const;

function jwtShaped(index: number): string {
  const part = (value: unknown) =>
    Buffer.from(JSON.stringify(value).replaceAll('{base}', gateway.url)).toString('base64url');
  const [header, payload] = JWTS[index % JWTS.length]!;
  return `${part(header)}.${part(payload)}.${Buffer.from('not a signature').toString('base64url')}`;
}

const AUTH = ['api', 'admin', 'none', 'garbage', 'basic', 'empty', 'long', 'jwt', 'jwt-own'] as const;
type Auth = (typeof AUTH)[number];
const mcpAuth = fc.oneof(w(30, fc.constant<Auth>('api')), w(1, fc.constantFrom<Auth>(...AUTH)));
const v1Auth = fc.oneof(w(30, fc.constant<Auth>('admin')), w(1, fc.constantFrom<Auth>(...AUTH)));

interface RequestRecipe {
  area: 'mcp' | 'v1' | 'oauth' | 'other';
  method: string;
  path: string;
  auth: Auth;
  headers: Record<string, HeaderChoice>;
  body: BodyRecipe | undefined;
  /** Which pooled session a `valid` session header names. */
  session: number;
}

const httpMethod = (post: number) =>
  fc.oneof(
    w(post, fc.constant('POST')),
    w(2, fc.constantFrom('GET', 'DELETE')),
    w(1, fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'HEAD', 'FOO')),
  );

const mcpRequest: fc.Arbitrary<RequestRecipe> = fc
  .record({
    method: httpMethod(20),
    server: serverSegment,
    auth: mcpAuth,
    contentType: header(
      [
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
      ],
      { absent: 1, valid: 12 },
    ),
    accept: header(
      ['application/json, text/event-stream', 'application/json', 'text/event-stream', '*/*', 'text/html'],
      { absent: 2, valid: 12 },
    ),
    sessionId: header(['pooled'], { absent: 8, valid: 10, garbage: 1, long: 0.5 }),
    protocolVersion: header(VERSIONS, { absent: 3, valid: 4, match: 4, garbage: 1 }),
    mcpMethod: header(['tools/call', 'tools/list', 'initialize'], { absent: 2, valid: 1, match: 12 }),
    mcpName: header(['echo', '=?base64?ZWNobw==?=', '=?base64?!!?='], { absent: 2, valid: 1, match: 12 }),
    lastEventId: header(['1', 'abc'], { absent: 20, valid: 1 }),
    origin: header(['http://localhost:3000', 'https://evil.example'], { absent: 40, valid: 1 }),
    body: mcpBody,
    session: fc.nat(POOL_SIZE - 1),
  })
  .map((r) => ({
    area: 'mcp' as const,
    method: r.method,
    path: `/mcp/${r.server}`,
    auth: r.auth,
    headers: {
      'content-type': r.contentType,
      accept: r.accept,
      'mcp-session-id': r.sessionId,
      'mcp-protocol-version': r.protocolVersion,
      'mcp-method': r.mcpMethod,
      'mcp-name': r.mcpName,
      'last-event-id': r.lastEventId,
      origin: r.origin,
    },
    body: r.body,
    session: r.session,
  }));

const v1Path = fc.record({
  id: fc.oneof(
    w(6, fc.constant(undefined)),
    w(2, fc.constant('victim')),
    w(1, fc.constantFrom('default', 'srv_nope', '%zz', '%00', '..', 'a%2Fb')),
    w(
      1,
      headerText(40).map((s) => encodeURIComponent(s)),
    ),
    w(
      1,
      fc.integer({ min: 129, max: 5_000 }).map((n) => 'a'.repeat(n)),
    ),
  ),
  tools: fc.oneof(w(8, fc.constant(false)), w(1, fc.constant(true))),
  query: fc.oneof(
    w(4, fc.constant('')),
    w(
      2,
      fc
        .array(
          fc.tuple(
            fc.constantFrom('limit', 'cursor', 'name', 'workspace', 'x'),
            fc.oneof(
              fc.constantFrom('1', '100', '0', '-1', '1e3', 'default', 'everything'),
              headerText(30),
              longText,
            ),
          ),
          { maxLength: 3 },
        )
        .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
    ),
  ),
});

const v1Request: fc.Arbitrary<RequestRecipe> = fc
  .oneof(
    w(20, fc.constantFrom(...RESOURCES)),
    w(1, fc.constantFrom('openapi.json', 'nope', '', 'servers/', 'access-policies')),
  )
  .chain((resource) =>
    fc.record({
      resource: fc.constant(resource),
      method: fc.oneof(
        w(6, fc.constantFrom('GET', 'POST')),
        w(3, fc.constantFrom('PUT', 'PATCH', 'DELETE')),
        w(1, fc.constantFrom('HEAD', 'OPTIONS', 'FOO')),
      ),
      path: v1Path,
      auth: v1Auth,
      contentType: header(
        ['application/json', 'application/merge-patch+json', 'text/plain', 'application/json; charset=utf-8'],
        { absent: 1, valid: 10 },
      ),
      ifMatch: header(['"1"', '"2"', '*', 'W/"1"'], { absent: 10, valid: 2 }),
      body: v1Body(RESOURCES.includes(resource as Resource) ? (resource as Resource) : 'servers'),
    }),
  )
  .map((r) => {
    const { id, tools, query } = r.path;
    // `victim` names the resource created for the fuzzer in this collection (never one the run depends on)
    const victim = Math.max(0, RESOURCES.indexOf(r.resource as Resource));
    const idSegment = id === 'victim' ? `{victim${victim}}` : id;
    const path = `/v1/${r.resource}${idSegment !== undefined ? `/${idSegment}` : ''}${tools ? '/tools' : ''}${query}`;
    return {
      area: 'v1' as const,
      method: r.method,
      path,
      auth: r.auth,
      headers: { 'content-type': r.contentType, 'if-match': r.ifMatch },
      body: r.body,
      session: 0,
    };
  });

const otherRequest: fc.Arbitrary<RequestRecipe> = fc
  .record({
    method: httpMethod(2),
    path: fc.oneof(
      fc.constantFrom(
        '/',
        '/healthz',
        '/v1',
        '/v1/',
        '/mcp',
        '/mcp/',
        '/mcp//',
        '//mcp/everything',
        '/healthz/x',
        '/v1/openapi.json',
      ),
      headerText(40).map((s) => `/${encodeURIComponent(s)}`),
    ),
    auth: fc.constantFrom<Auth>(...AUTH),
  })
  .map((r) => ({
    area: 'other' as const,
    method: r.method,
    path: r.path,
    auth: r.auth,
    headers: {},
    body: undefined,
    session: 0,
  }));

/** A form field's value: a likely one, text, a broken percent escape, or a long one; encoded or not. */
const formValue = fc
  .tuple(
    fc.oneof(
      w(3, fc.constantFrom('authorization_code', 'refresh_token', 'client_credentials', 'code', 'S256')),
      w(2, fc.constantFrom('http://127.0.0.1:7777/cb', 'https://app.example/cb', 'openid profile')),
      w(3, anyText),
      w(1, fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '+', '&', '=')),
      w(1, fc.constant('eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.')),
    ),
    fc.boolean(),
  )
  .map(([value, encode]) => (encode ? encodeURIComponent(value) : value));
const formName = fc.oneof(
  w(
    8,
    fc.constantFrom(
      'grant_type',
      'code',
      'code_verifier',
      'redirect_uri',
      'client_id',
      'client_secret',
      'refresh_token',
      'client_assertion',
      'client_assertion_type',
      'assertion',
      'scope',
      'resource',
      'state',
      'response_type',
      'code_challenge',
      'code_challenge_method',
      'prompt',
      'max_age',
      'nonce',
      'consent',
      'server',
      'token',
      'token_type_hint',
    ),
  ),
  w(1, headerText(20).map(encodeURIComponent)),
);
/** A form (or query string): fields in any order, repeated ones too. */
const form = fc
  .array(fc.tuple(formName, formValue), { maxLength: 14 })
  .map((fields) => fields.map(([name, value]) => `${name}=${value}`).join('&'));
const clientMetadata = fc.oneof(
  w(
    4,
    fc.record(
      {
        redirect_uris: fc.oneof(
          fc.constant(['http://127.0.0.1:7777/cb']),
          fc.array(fc.oneof(anyText, fc.constant('https://app.example/cb')), { maxLength: 20 }),
          anyText,
        ),
        client_name: fc.oneof(anyText, fc.constant('\ud800'), fc.integer()),
        token_endpoint_auth_method: fc.constantFrom('none', 'client_secret_basic', 'private_key_jwt', 7),
        grant_types: fc.oneof(fc.constant(['authorization_code']), fc.array(anyText, { maxLength: 3 })),
        response_types: fc.oneof(fc.constant(['code']), fc.jsonValue()),
        id_token_signed_response_alg: fc.constantFrom('RS256', 'none', 'HS256', 1),
        jwks_uri: fc.constantFrom('http://169.254.169.254/keys', 'https://app.example/jwks', ''),
      },
      { requiredKeys: [] },
    ),
  ),
  w(1, fc.jsonValue({ maxDepth: 3 })),
);
const oauthRequest: fc.Arbitrary<RequestRecipe> = fc
  .oneof(
    w(
      4,
      fc.record({
        method: httpMethod(20),
        path: fc.constantFrom('/oauth/token', '/oauth/revoke'),
        body: form.map((text): BodyRecipe => ({ kind: 'text', text })),
        type: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
      }),
    ),
    w(
      2,
      fc.record({
        method: httpMethod(20),
        path: fc.constant('/oauth/register'),
        body: clientMetadata.map((value): BodyRecipe => ({ kind: 'json', value })),
        type: fc.constantFrom('application/json', 'application/x-www-form-urlencoded'),
      }),
    ),
    w(
      3,
      fc.record({
        method: fc.constantFrom('GET', 'POST'),
        path: fc
          .tuple(
            fc.constantFrom(
              '/oauth/authorize',
              '/oauth/callback',
              '/oauth/consent',
              '/oauth/upstream/start',
              '/oauth/upstream/callback',
              '/oauth/nowhere',
            ),
            form,
          )
          .map(([path, query]) => `${path}?${query}`),
        body: form.map((text): BodyRecipe => ({ kind: 'text', text })),
        type: fc.constant('application/x-www-form-urlencoded'),
      }),
    ),
    w(
      1,
      fc.record({
        method: httpMethod(1),
        path: fc.oneof(
          fc.constantFrom(
            '/.well-known/oauth-authorization-server',
            '/.well-known/openid-configuration',
            '/.well-known/jwks.json',
            '/.well-known/oauth-protected-resource',
            '/.well-known/oauth-protected-resource/mcp/everything',
            '/.well-known/oauth-protected-resource/mcp/%zz',
          ),
          headerText(40).map((s) => `/.well-known/oauth-protected-resource/mcp/${encodeURIComponent(s)}`),
        ),
        body: fc.constant<BodyRecipe | undefined>(undefined),
        type: fc.constant('application/json'),
      }),
    ),
  )
  .chain((r) =>
    fc.constantFrom<Auth>(...AUTH).map((auth) => ({
      area: 'oauth' as const,
      method: r.method,
      path: r.path,
      auth,
      headers: { 'content-type': { kind: 'value', value: r.type } as HeaderChoice },
      body: r.body,
      session: 0,
    })),
  );

const requestRecipe: fc.Arbitrary<RequestRecipe> = fc.oneof(
  w(55, mcpRequest),
  w(32, v1Request),
  w(8, oauthRequest),
  w(5, otherRequest),
);

// ---------------------------------------------------------------------------------------------------
// Rendering a recipe into a concrete request (ids made unique per request: concurrent requests on one
// upstream session must not share an id, or the upstream may legitimately mix up their answers)

function idValue(kind: IdKind, uniq: number): unknown {
  switch (kind) {
    case 'int':
      return uniq;
    case 'string':
      return `fz-${uniq}`;
    case 'null':
      return null;
    case 'float':
      return uniq + 0.5;
    case 'negative':
      return -uniq;
    case 'object':
      return { id: uniq };
    case 'bool':
      return true;
    case 'absent':
      return undefined;
  }
}

function messageValue(recipe: MessageRecipe, uniq: number): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  if (recipe.jsonrpc !== undefined) message.jsonrpc = recipe.jsonrpc;
  const id = idValue(recipe.id, uniq);
  if (id !== undefined) message.id = id;
  if (recipe.response !== undefined) {
    Object.assign(message, recipe.response as object);
    return message;
  }
  if (recipe.method !== undefined) message.method = recipe.method;
  if (recipe.hasParams) {
    let params = recipe.params;
    if (
      recipe.stateless !== undefined &&
      typeof params === 'object' &&
      params !== null &&
      !Array.isArray(params)
    ) {
      params = {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': recipe.stateless.version,
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 'fuzz', version: '1' },
        },
      };
    }
    message.params = params;
  }
  return message;
}

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const { op, at, text: piece } of mutations) {
    const i = Math.floor(at * out.length);
    if (op === 'truncate') out = out.slice(0, i);
    else if (op === 'insert') out = out.slice(0, i) + piece + out.slice(i);
    else if (op === 'delete') out = out.slice(0, i) + out.slice(i + 1 + piece.length);
    else out = out.slice(0, i) + piece + out.slice(i + piece.length);
  }
  return out;
}

function nest(depth: number, open: '[' | '{'): string {
  return open === '['
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
}

interface Rendered {
  body: string | Uint8Array | undefined;
  /** The first message, for headers that must match it. */
  first: Record<string, unknown> | undefined;
}

function renderBody(recipe: BodyRecipe, uniq: number): Rendered {
  switch (recipe.kind) {
    case 'message': {
      const value = messageValue(recipe.message, uniq);
      return { body: JSON.stringify(value), first: value };
    }
    case 'batch': {
      const values = recipe.messages.map((m, i) => messageValue(m, uniq * 10 + i));
      return { body: JSON.stringify(values), first: values[0] };
    }
    case 'mutated':
      return {
        body: mutate(JSON.stringify(messageValue(recipe.message, uniq)), recipe.mutations),
        first: undefined,
      };
    case 'mutated-json':
      return { body: mutate(JSON.stringify(recipe.value) ?? 'null', recipe.mutations), first: undefined };
    case 'deep': {
      const deep = nest(recipe.depth, recipe.open);
      if (recipe.message === undefined) return { body: deep, first: undefined };
      // nested inside the params of a message whose headers may match it
      const value = messageValue(recipe.message, uniq);
      const params = typeof value.params === 'object' && value.params !== null ? value.params : {};
      const text = JSON.stringify({ ...value, params: { ...params, arguments: '@DEEP@' } }).replace(
        '"@DEEP@"',
        deep,
      );
      return { body: text, first: value };
    }
    case 'huge': {
      const text = 'x'.repeat(recipe.size);
      if (recipe.message === undefined)
        return { body: JSON.stringify({ name: 'huge', description: text }), first: undefined };
      const value = messageValue(recipe.message, uniq);
      const params = typeof value.params === 'object' && value.params !== null ? value.params : {};
      const big = { ...value, params: { ...params, arguments: { message: text } } };
      return { body: JSON.stringify(big), first: big };
    }
    case 'bytes':
      return { body: recipe.bytes, first: undefined };
    case 'json':
      return { body: JSON.stringify(recipe.value) ?? 'null', first: undefined };
    case 'text':
      return { body: recipe.text, first: undefined };
  }
}

function authorization(auth: Auth): string | undefined {
  switch (auth) {
    case 'api':
      return `Bearer ${apiKey}`;
    case 'admin':
      return `Bearer ${adminKey}`;
    case 'none':
      return undefined;
    case 'garbage':
      return 'Bearer mcpgw_not-a-key';
    case 'basic':
      return 'Basic dXNlcjpwYXNz';
    case 'empty':
      return 'Bearer';
    case 'long':
      return `Bearer ${'k'.repeat(5_000)}`;
    case 'jwt':
      return `Bearer ${jwtShaped(Math.floor(Math.random() * JWTS.length))}`;
    case 'jwt-own':
      // the gateway's own issuer: its authorization server's verification path
      return `Bearer ${jwtShaped(Math.floor(Math.random() * 3))}`;
  }
}

interface Concrete {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  server: string | undefined;
}

function render(recipe: RequestRecipe, uniq: number): Concrete {
  const rendered =
    recipe.body !== undefined ? renderBody(recipe.body, uniq) : { body: undefined, first: undefined };
  const first = rendered.first;
  const params = (first?.params ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  const auth = authorization(recipe.auth);
  if (auth !== undefined) headers.authorization = auth;
  for (const [name, choice] of Object.entries(recipe.headers)) {
    if (choice.kind === 'absent') continue;
    if (choice.kind === 'value') {
      headers[name] =
        name === 'mcp-session-id' && choice.value === 'pooled' ? sessionPool[recipe.session]! : choice.value;
      continue;
    }
    // `match`: what the body says, as a correct stateless client would send it
    const meta = (params._meta ?? {}) as Record<string, unknown>;
    const matched =
      name === 'mcp-protocol-version'
        ? (meta['io.modelcontextprotocol/protocolVersion'] ?? SESSION_VERSION)
        : name === 'mcp-method'
          ? first?.method
          : (params.name ?? params.uri);
    if (
      typeof matched === 'string' &&
      /^[\x20-\x7e]*$/.test(matched) &&
      matched.trim() === matched &&
      matched !== ''
    )
      headers[name] = matched;
    else if (typeof matched === 'string')
      headers[name] = `=?base64?${Buffer.from(matched, 'utf8').toString('base64')}?=`;
  }
  let path = recipe.path;
  path = path.replace(/\{victim(\d)\}/, (_, i: string) => encodeURIComponent(victimIds[Number(i)] ?? 'none'));
  const sendsBody = !['GET', 'HEAD'].includes(recipe.method);
  const server = recipe.area === 'mcp' ? path.slice('/mcp/'.length) : undefined;
  return { method: recipe.method, path, headers, body: sendsBody ? rendered.body : undefined, server };
}

// ---------------------------------------------------------------------------------------------------
// Sending and judging

interface Outcome {
  status: number | 'hang' | 'network-error';
  /** For a network error: node:http refuses the head alone as well (see `refusesHead`). */
  refusedHead?: boolean;
  /** The body (or what went wrong). */
  text: string;
  contentType: string;
}

async function send(request: Concrete): Promise<Outcome> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(`${gateway.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: abort.signal,
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream') && request.method === 'GET') {
      // a server→client stream stays open by design: its headers came in time, that is enough
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, text: '', contentType };
    }
    return { status: response.status, text: await response.text(), contentType };
  } catch (error) {
    if (abort.signal.aborted)
      return { status: 'hang', text: `no complete answer in ${REQUEST_TIMEOUT_MS} ms`, contentType: '' };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 'network-error',
      text: `${String(error)} ${cause?.code ?? ''} ${cause?.message ?? ''}`,
      contentType: '',
      refusedHead: await refusesHead(request),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether node:http refuses the request's head itself (400 or 431 without a body of the gateway's, the
 * connection closed): then a large upload after it meets a closed connection.
 */
async function refusesHead(request: Concrete): Promise<boolean> {
  try {
    const probe = await fetch(`${gateway.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await probe.arrayBuffer();
    return [400, 431].includes(probe.status) && probe.headers.get('content-type') === null;
  } catch {
    return false;
  }
}

const bodySize = (body: Concrete['body']) =>
  body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;

/** Why an outcome is wrong, or undefined when it is acceptable. */
function judge(request: Concrete, outcome: Outcome): string | undefined {
  if (outcome.status === 'hang') return 'hang';
  if (outcome.status === 'network-error') {
    // a body over the limit is refused before it is read; the connection is closed under the upload
    if (bodySize(request.body) > MAX_BODY_BYTES) return undefined;
    // node:http answers an unknown method 400 before reading the body, and closes under a large upload
    if (!KNOWN_METHODS.has(request.method) && bodySize(request.body) > 64 * 1024) return undefined;
    // node:http refuses a head it cannot parse (400, 431) before reading the body, and closes likewise
    if (outcome.refusedHead === true && bodySize(request.body) > 64 * 1024) return undefined;
    return 'connection failed';
  }
  if (outcome.status >= 500) {
    const upstreamDown = request.server === 'down' || request.server === 'fz-victim';
    const disabled = request.server === 'off';
    const code = /"code":"([a-z_]+)"/.exec(outcome.text)?.[1];
    if (upstreamDown && [502, 504].includes(outcome.status) && code?.startsWith('upstream_'))
      return undefined;
    if (disabled && outcome.status === 503 && code === 'server_disabled') return undefined;
    return `status ${outcome.status}`;
  }
  if (/json/.test(outcome.contentType) && request.method !== 'HEAD' && outcome.text !== '') {
    try {
      JSON.parse(outcome.text);
    } catch {
      return 'malformed JSON body';
    }
  }
  return undefined;
}

describe('fuzzing both endpoints', () => {
  it(
    'no 5xx, no hang, well-formed JSON, and a live process afterwards',
    async () => {
      console.log(
        `fuzz: seed ${SEED} (FUZZ_SEED=${SEED} to reproduce), up to ${TARGET_REQUESTS} requests in ${BUDGET_MS} ms`,
      );
      const started = Date.now();
      const statuses = new Map<string, number>();
      const failures: string[] = [];
      let failureCount = 0;
      /** Answers with a result from the upstream: the fuzz reaches past the gateway's own checks. */
      let upstreamResults = 0;
      let sent = 0;
      let uniq = 1_000_000;
      let queue: RequestRecipe[] = [];
      let chunk = 0;
      const nextRecipe = (): RequestRecipe | undefined => {
        if (sent >= TARGET_REQUESTS || Date.now() - started > BUDGET_MS) return undefined;
        if (queue.length === 0) {
          // generated lazily in chunks, so a spent budget stops the generation too
          queue = fc.sample(requestRecipe, { numRuns: 200, seed: SEED + chunk++ });
        }
        sent++;
        return queue.shift();
      };
      const worker = async () => {
        // bounded by TARGET_REQUESTS and BUDGET_MS (nextRecipe answers undefined past either)
        for (let recipe = nextRecipe(); recipe !== undefined; recipe = nextRecipe()) {
          const request = render(recipe, uniq++);
          const session = request.headers['mcp-session-id'];
          if (request.method === 'DELETE' && session !== undefined && sessionPool.includes(session)) {
            // a DELETE ends a session for real: a fresh one, so the pool stays usable
            request.headers['mcp-session-id'] = await openSession(
              `${gateway.url}/mcp/everything`,
              apiKey,
            ).catch(() => session);
          }
          const outcome = await send(request);
          const where =
            recipe.area === 'mcp'
              ? `mcp ${request.server === 'everything' ? 'everything' : 'other'}`
              : recipe.area;
          const key = `${where} ${outcome.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (request.server === 'everything' && outcome.status === 200 && outcome.text.includes('"result"'))
            upstreamResults++;
          const problem = judge(request, outcome);
          if (problem !== undefined) {
            failureCount++;
            if (failures.length < 30) {
              const body =
                request.body === undefined
                  ? ''
                  : typeof request.body === 'string'
                    ? request.body.slice(0, 300)
                    : `<${request.body.byteLength} bytes>`;
              const headers = Object.fromEntries(
                Object.entries(request.headers).map(([k, v]) => [
                  k,
                  v.length > 80 ? `${v.slice(0, 40)}…(${v.length})` : v,
                ]),
              );
              failures.push(
                `${problem}: ${request.method} ${request.path.slice(0, 120)} headers=${JSON.stringify(headers)} body=${JSON.stringify(body)} (${bodySize(request.body)} bytes) → ${outcome.status} ${outcome.contentType} ${outcome.text.slice(0, 300)}`,
              );
            }
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const elapsed = Date.now() - started;
      console.log(`fuzz: ${sent} requests in ${elapsed} ms (${Math.round((sent * 1000) / elapsed)}/s)`);
      console.log(`fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
      console.log(`fuzz: ${upstreamResults} answers carried a result from the upstream`);
      if (failures.length > 0)
        console.log(`fuzz: ${failureCount} failures, first ones:\n${failures.join('\n')}`);

      // the process is alive and still serves both endpoints
      expect((await httpRequest(`${gateway.url}/healthz`)).status).toBe(200);
      expect((await api.request('GET', '/v1/servers?name=everything')).status).toBe(200);
      const session = await openSession(`${gateway.url}/mcp/everything`, apiKey);
      const echoed = await sessionPost(
        `${gateway.url}/mcp/everything`,
        apiKey,
        session,
        toolCallMessage('after', 'echo', { message: 'alive' }),
      );
      expect(replyTo(echoed, 'after').result).toMatchObject({
        content: [{ type: 'text', text: 'Echo: alive' }],
      });
      expect(sent).toBeGreaterThan(Math.min(TARGET_REQUESTS, 1_000));
      expect(upstreamResults).toBeGreaterThan(sent / 100);
      expect(failures, `${failureCount} of ${sent} requests failed (seed ${SEED})`).toEqual([]);
    },
    BUDGET_MS + 60_000,
  );
});
