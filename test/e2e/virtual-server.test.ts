/**
 * Virtual servers end to end: one server made of two `server-everything` upstreams under prefixes (one tool
 * renamed), a member whose upstream is down, and a recording member that proves member sessions are opened
 * lazily, once per client session. Used with the real SDK client: merged lists without collisions, calls
 * routed by name, progress routed back, the down member hiding only its own tools (said in `_meta` and in
 * health), and per-user access across members (a member the caller may not use is never asked).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Admin, admin, replyTo } from '../support/gateway-api.js';
import { connect, deferred, gatewayTransport } from '../support/mcp-client.js';
import { freePort, GatewayProcess, startEverything, stopAll, type Upstream } from '../support/processes.js';
import {
  openSession,
  post,
  SESSION_VERSION,
  sessionPost,
  statelessPost,
  statelessRequest,
  toolCallMessage,
} from '../support/raw-mcp.js';
import { type SdkUpstream, startSdkUpstream } from '../support/sdk-upstream.js';

let alpha: Upstream;
let beta: Upstream;
let gamma: SdkUpstream;
/** Upstreams a test starts for itself: closed once the gateway (which holds their sessions) is. */
const extraUpstreams: SdkUpstream[] = [];
let gateway: GatewayProcess;
let api: Admin;
let lenaKey: string;
let internKey: string;
/** Callers of the metered suite, one per check (limits and budgets count per user). */
const meteredKeys: Record<'metered' | 'other' | 'spender', string> = { metered: '', other: '', spender: '' };
const clients: Client[] = [];
/** What reached the recording member: each request's method. */
const gammaSaw: string[] = [];
/** The ids of the list requests that reached the recording member. */
const gammaListIds: unknown[] = [];

const client = async (key: string, server = 'suite') => {
  const { client } = await connect(`${gateway.url}/mcp/${server}`, key);
  clients.push(client);
  return client;
};

const created = async (path: string, body: unknown) => {
  const result = await api.request('POST', path, body);
  expect(result.status, result.text).toBe(201);
  return result.body as { id: string };
};

let suiteId: string;

beforeAll(async () => {
  [alpha, beta] = await Promise.all([startEverything(), startEverything()]);
  gamma = await startSdkUpstream(
    'gamma',
    (mcp) => {
      mcp.registerTool('stamp', { inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text: `stamped ${text}` }],
      }));
      // a tool that adds a tool: the member tells its clients that its list changed
      mcp.registerTool('grow', { inputSchema: {} }, async () => {
        mcp.registerTool('extra', { inputSchema: {} }, async () => ({
          content: [{ type: 'text', text: 'extra' }],
        }));
        return { content: [{ type: 'text', text: 'grown' }] };
      });
    },
    {},
    (req, _res, body) => {
      const method = (body as { method?: unknown } | undefined)?.method;
      if (req.method === 'POST' && typeof method === 'string') gammaSaw.push(method);
      if (typeof method === 'string' && method.endsWith('/list'))
        gammaListIds.push((body as { id?: unknown }).id);
      return false;
    },
  );
  const adminKey = 'virtual-admin-key-0123456789abcdef';
  gateway = await GatewayProcess.start({
    adminKey,
    memory: true,
    env: { MCP_GATEWAY_ANALYTICS_FLUSH_MS: '200' },
  });
  api = admin(() => gateway.url, adminKey);
  const dead = `http://127.0.0.1:${await freePort()}/mcp`;
  const healthCheck = { intervalSeconds: 10, unhealthyAfter: 1 };
  await created('/v1/servers', { name: 'alpha', url: alpha.url, healthCheck });
  await created('/v1/servers', { name: 'beta', url: beta.url });
  await created('/v1/servers', { name: 'gamma', url: gamma.url });
  await created('/v1/servers', { name: 'down', url: dead, timeoutMs: 2000, healthCheck });
  // a member that accepts identity-provider tokens only: api-key callers of the suite cannot use it
  await created('/v1/servers', { name: 'strict', url: gamma.url, authentication: { methods: ['jwt'] } });
  suiteId = (
    await created('/v1/servers', {
      name: 'suite',
      transport: 'virtual',
      description: 'Everything twice, a stamp, and a member that is down.',
      members: [
        { server: 'alpha', prefix: 'a_' },
        { server: 'beta', prefix: 'b_', rename: { echo: 'shout' } },
        { server: 'gamma', prefix: 'g_' },
        { server: 'down', prefix: 'd_' },
        { server: 'strict', prefix: 's_' },
      ],
      healthCheck,
    })
  ).id;
  // the intern may not use beta and gamma at all, nor alpha's echo through the suite
  await created('/v1/access-policies', {
    name: 'intern-no-beta',
    effect: 'deny',
    servers: ['beta', 'gamma'],
    subjects: { users: ['intern'] },
  });
  await created('/v1/access-policies', {
    name: 'intern-no-a-echo',
    effect: 'deny',
    servers: ['suite'],
    tools: ['a_echo'],
    subjects: { users: ['intern'] },
  });
  // a member's own policy that reads the client's headers: it judges a call through the suite the same
  await created('/v1/access-policies', {
    name: 'gamma-no-bots',
    effect: 'deny',
    servers: ['gamma'],
    tools: ['stamp'],
    condition: '"x-agent" in request.headers && request.headers["x-agent"] == "bot"',
  });
  lenaKey = await api.createApiKey('lena-laptop', 'lena');
  internKey = await api.createApiKey('intern-laptop', 'intern');
  // a suite of its own for limits and budgets, so that they touch no other test: two members on gamma
  await created('/v1/servers', { name: 'gauge', url: gamma.url });
  await created('/v1/servers', { name: 'till', url: gamma.url, pricing: { tools: { stamp: 5 } } });
  await created('/v1/servers', {
    name: 'metered-suite',
    transport: 'virtual',
    members: [
      { server: 'gauge', prefix: 'm_' },
      { server: 'till', prefix: 't_' },
    ],
  });
  // the member only: a client's calls count here once each, the suite's own member requests never
  await created('/v1/rate-limits', {
    name: 'gauge-requests',
    servers: ['gauge'],
    per: ['workspace'],
    limit: 5,
    window: 'minute',
  });
  // both servers, each by its own name for the tool: a call counts once
  await created('/v1/rate-limits', {
    name: 'stamps',
    servers: ['metered-suite', 'gauge'],
    tools: ['m_stamp', 'stamp'],
    limit: 3,
    window: 'minute',
  });
  // on the suite, at the member's price (till's stamp costs 5)
  await created('/v1/budgets', {
    name: 'suite-spend',
    servers: ['metered-suite'],
    tools: ['t_stamp'],
    amount: 10,
    period: 'day',
  });
  for (const user of ['metered', 'other', 'spender'] as const)
    meteredKeys[user] = await api.createApiKey(`${user}-laptop`, user);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await gateway?.close();
  await gamma?.close();
  await Promise.all(extraUpstreams.map((u) => u.close()));
  await stopAll();
});

describe('a virtual server', () => {
  it('answers initialize itself and opens a member session only when first needed, once', async () => {
    gammaSaw.length = 0;
    const lena = await client(lenaKey);
    expect(lena.getServerVersion()?.name).toBe('suite');
    expect(lena.getInstructions()).toBe('Everything twice, a stamp, and a member that is down.');
    expect(gammaSaw).toEqual([]);
    await lena.listTools();
    expect(gammaSaw.filter((m) => m === 'initialize')).toHaveLength(1);
    await lena.listTools();
    await lena.callTool({ name: 'g_stamp', arguments: { text: 'x' } });
    expect(gammaSaw.filter((m) => m === 'initialize')).toHaveLength(1);
  });

  it('merges every member’s tools under its prefix, renames, and hides only the member that is down', async () => {
    const lena = await client(lenaKey);
    const result = await lena.listTools();
    const names = result.tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['a_echo', 'a_get-sum', 'shout', 'b_get-sum', 'g_stamp']));
    expect(names).not.toContain('b_echo');
    expect(names.some((n) => n.startsWith('d_'))).toBe(false);
    // a member that would not accept the caller's credential itself is as good as absent
    expect(names.some((n) => n.startsWith('s_'))).toBe(false);
    expect(result._meta?.['mcp-gateway/unavailable']).toEqual([
      { server: 'down', error: 'upstream_unavailable' },
    ]);
  });

  it('answers lists asked side by side on one session, each with its own (members see distinct ids)', async () => {
    const lena = await client(lenaKey);
    await lena.listTools(); // the member session is open: the lists below reach it side by side
    gammaListIds.length = 0;
    const [tools, prompts, again] = await Promise.all([
      lena.listTools(undefined, { timeout: 10_000 }),
      lena.listPrompts(undefined, { timeout: 10_000 }),
      lena.listTools(undefined, { timeout: 10_000 }),
    ]);
    expect(tools.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['a_echo', 'g_stamp']));
    expect(again.tools.map((t) => t.name).sort()).toEqual(tools.tools.map((t) => t.name).sort());
    expect(prompts.prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['a_simple-prompt']));
    expect(tools._meta?.['mcp-gateway/unavailable']).toEqual([
      { server: 'down', error: 'upstream_unavailable' },
    ]);
    expect(gammaListIds).toHaveLength(3);
    expect(new Set(gammaListIds).size).toBe(3);
  });

  it('routes calls by name to the right member, and progress back to the client', async () => {
    const lena = await client(lenaKey);
    expect((await lena.callTool({ name: 'a_echo', arguments: { message: 'hi' } })).content).toEqual([
      { type: 'text', text: 'Echo: hi' },
    ]);
    expect((await lena.callTool({ name: 'shout', arguments: { message: 'hey' } })).content).toEqual([
      { type: 'text', text: 'Echo: hey' },
    ]);
    expect(
      JSON.stringify((await lena.callTool({ name: 'b_get-sum', arguments: { a: 1, b: 2 } })).content),
    ).toContain('3');
    const progress: number[] = [];
    await lena.callTool(
      { name: 'a_trigger-long-running-operation', arguments: { duration: 0.2, steps: 2 } },
      undefined,
      {
        onprogress: (p) => progress.push(p.progress),
      },
    );
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const unknown = await lena
      .callTool({ name: 'b_echo', arguments: { message: 'x' } })
      .catch((e: Error) => e);
    expect(String(unknown)).toContain('Unknown tool: b_echo');
  });

  it('routes a member’s list_changed to the client’s stream', async () => {
    const changed = deferred(8000, 'notifications/tools/list_changed');
    const lena = await client(lenaKey);
    lena.setNotificationHandler(ToolListChangedNotificationSchema, () => changed.resolve());
    // listing opens the members; their streams join the client's
    await lena.listTools();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await lena.callTool({ name: 'g_grow', arguments: {} });
    await changed.promise;
    expect((await lena.listTools()).tools.map((t) => t.name)).toContain('g_extra');
  });

  it('relays a member’s stream while another member’s stream has not answered yet', async () => {
    const hung: import('node:http').ServerResponse[] = [];
    // a member that takes a GET and never answers it (no headers until an event that never comes)
    const stalled = await startSdkUpstream(
      'stalled',
      () => {},
      {},
      (req, res) => {
        if (req.method !== 'GET') return false;
        hung.push(res);
        return true;
      },
    );
    const lively = await startSdkUpstream('lively', (mcp) => {
      mcp.registerTool('grow', { inputSchema: {} }, async () => {
        mcp.registerTool('grown', { inputSchema: {} }, async () => ({ content: [] }));
        return { content: [{ type: 'text', text: 'grown' }] };
      });
    });
    extraUpstreams.push(stalled, lively);
    await created('/v1/servers', { name: 'stalled', url: stalled.url });
    await created('/v1/servers', { name: 'lively', url: lively.url });
    await created('/v1/servers', {
      name: 'stall-suite',
      transport: 'virtual',
      members: [
        { server: 'stalled', prefix: 's_' },
        { server: 'lively', prefix: 'l_' },
      ],
    });
    const endpoint = `${gateway.url}/mcp/stall-suite`;
    const session = await openSession(endpoint, lenaKey);
    await sessionPost(endpoint, lenaKey, session, { jsonrpc: '2.0', method: 'notifications/initialized' });
    // listing opens both members' sessions; the client's GET stream then asks both for theirs
    await sessionPost(endpoint, lenaKey, session, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const stream = await fetch(endpoint, {
      headers: {
        authorization: `Bearer ${lenaKey}`,
        accept: 'text/event-stream',
        'mcp-session-id': session,
        'mcp-protocol-version': SESSION_VERSION,
      },
      signal: AbortSignal.timeout(10_000),
    });
    try {
      expect(stream.status).toBe(200);
      await expect.poll(() => hung.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the lively member's stream is open
      const grown = await sessionPost(endpoint, lenaKey, session, toolCallMessage(2, 'l_grow'));
      expect(grown.text).toContain('grown');
      // the lively member's list_changed comes on the client's stream, well before a stalled poll
      const reader = stream.body!.getReader();
      let seen = '';
      const started = Date.now();
      while (!seen.includes('notifications/tools/list_changed')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
      expect(seen).toContain('notifications/tools/list_changed');
      expect(Date.now() - started).toBeLessThan(8000);
      await reader.cancel();
    } finally {
      for (const res of hung) res.destroy();
    }
  });

  it('ends a client’s GET stream once the virtual server is switched off (within the config TTL and a poll)', async () => {
    const { id } = await created('/v1/servers', {
      name: 'switchable',
      transport: 'virtual',
      members: [{ server: 'gamma', prefix: 'g_' }],
    });
    const endpoint = `${gateway.url}/mcp/switchable`;
    const session = await openSession(endpoint, lenaKey);
    const ack = await sessionPost(endpoint, lenaKey, session, {
      jsonrpc: '2.0',
      method: 'notifications/initialized',
    });
    expect(ack.status).toBe(202);
    const stream = await fetch(endpoint, {
      headers: {
        authorization: `Bearer ${lenaKey}`,
        accept: 'text/event-stream',
        'mcp-session-id': session,
        'mcp-protocol-version': SESSION_VERSION,
      },
      signal: AbortSignal.timeout(25_000),
    });
    expect(stream.status).toBe(200);
    const ended = stream.text().then(
      () => 'ended by the gateway',
      () => 'still open after 25 s',
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // the stream has joined its member's
    const switchedOff = Date.now();
    const patched = await api.request('PATCH', `/v1/servers/${id}`, { enabled: false });
    expect(patched.status, patched.text).toBe(200);
    expect(await ended).toBe('ended by the gateway');
    expect(Date.now() - switchedOff).toBeLessThan(15_000);
  }, 40_000);

  it('pins its tools as it lists them, renamed: its catalog agrees, so quarantine refuses nothing unchanged', async () => {
    const pinned = await created('/v1/servers', {
      name: 'pinned-suite',
      transport: 'virtual',
      toolPinning: 'quarantine',
      members: [{ server: 'gamma', prefix: 'p_' }],
    });
    const lena = await client(lenaKey, 'pinned-suite');
    expect((await lena.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['p_stamp']));
    // the member says its list changed: the suite's catalog is made again from its members'
    await lena.callTool({ name: 'p_grow', arguments: {} });
    let listed: { name: string; quarantined?: boolean }[] = [];
    for (let tries = 0; tries < 80 && !listed.some((t) => t.name === 'p_stamp'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listed = ((await api.request('GET', `/v1/servers/${pinned.id}/tools`)).body as { items: typeof listed })
        .items;
    }
    expect(listed.find((t) => t.name === 'p_stamp')).toMatchObject({ quarantined: false });
    expect((await lena.callTool({ name: 'p_stamp', arguments: { text: 't' } })).content).toEqual([
      { type: 'text', text: 'stamped t' },
    ]);
  });

  it('routes a member’s sampling request to the client and the client’s answer back to it', async () => {
    const sampler = new Client({ name: 'sampler', version: '1.0.0' }, { capabilities: { sampling: {} } });
    const prompts: string[] = [];
    sampler.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      prompts.push(JSON.stringify(request.params.messages));
      return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled answer' } };
    });
    await sampler.connect(gatewayTransport(`${gateway.url}/mcp/suite`, lenaKey));
    clients.push(sampler);
    const result = await sampler.callTool({
      name: 'b_trigger-sampling-request',
      arguments: { prompt: 'say something', maxTokens: 20 },
    });
    expect(prompts.join()).toContain('say something');
    expect(JSON.stringify(result.content)).toContain('sampled answer');
  });

  it('serves stateless (2026-07-28) clients: merged lists, calls routed by name', async () => {
    const endpoint = `${gateway.url}/mcp/suite`;
    const listed = replyTo(await statelessPost(endpoint, lenaKey, 1, 'tools/list'), 1);
    const names = (listed.result as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['a_echo', 'shout', 'g_stamp']));
    // a merged list is complete and says how long it may be kept, for this caller only
    expect(listed.result).toMatchObject({ resultType: 'complete', ttlMs: 60_000, cacheScope: 'private' });
    const called = replyTo(
      await statelessPost(endpoint, lenaKey, 2, 'tools/call', { name: 'shout', arguments: { message: 's' } }),
      2,
    );
    expect(called.result).toMatchObject({ content: [{ type: 'text', text: 'Echo: s' }] });
    // it offers a stateless client only what that revision can use of it
    const discovered = replyTo(await statelessPost(endpoint, lenaKey, 9, 'server/discover'), 9);
    expect((discovered.result as { capabilities: object }).capabilities).toEqual({
      tools: {},
      prompts: {},
      resources: {},
      completions: {},
    });
    // a batch is refused as a lone server refuses it, not half answered
    const [one, two] = [statelessRequest(3, 'tools/list'), statelessRequest(4, 'ping')];
    const batch = await post(endpoint, lenaKey, `[${one.body},${two.body}]`, { headers: one.headers });
    expect(batch.text).toContain('Batches are not supported by this protocol revision.');
    expect(batch.text).not.toContain('"id":3');
  });

  it('merges prompts and resources, and reads a resource from the member that has it', async () => {
    const lena = await client(lenaKey);
    const prompts = (await lena.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toEqual(expect.arrayContaining(['a_simple-prompt', 'b_simple-prompt']));
    const prompt = await lena.getPrompt({ name: 'b_simple-prompt' });
    expect(prompt.messages.length).toBeGreaterThan(0);
    const { resources } = await lena.listResources();
    const uris = resources.map((r) => r.uri);
    // both members offer the same resources: each URI once
    expect(new Set(uris).size).toBe(uris.length);
    expect(uris.length).toBeGreaterThan(0);
    const read = await lena.readResource({ uri: uris[0]! });
    expect(read.contents[0]?.uri).toBe(uris[0]);
  });

  /**
   * A member server with one resource at `uri` (its text: `from <name>`), which records the methods
   * posted to it in `saw[name]` (a list the caller gives).
   */
  const resourceHolder = (name: string, uri: string, saw: Record<string, string[]>) =>
    startSdkUpstream(
      name,
      (mcp) => {
        mcp.registerResource('doc', uri, { mimeType: 'text/plain' }, async (at) => ({
          contents: [{ uri: at.href, text: `from ${name}` }],
        }));
      },
      {},
      (req, _res, body) => {
        const method = (body as { method?: unknown } | undefined)?.method;
        if (req.method === 'POST' && typeof method === 'string') saw[name]?.push(method);
        return false;
      },
    );

  it('reads a resource two members list from the first, as the merged list shows it', async () => {
    const saw: Record<string, string[]> = { first: [], second: [] };
    const [first, second] = await Promise.all([
      resourceHolder('first', 'shared://doc', saw),
      resourceHolder('second', 'shared://doc', saw),
    ]);
    extraUpstreams.push(first, second);
    await created('/v1/servers', { name: 'shelf-first', url: first.url });
    await created('/v1/servers', { name: 'shelf-second', url: second.url });
    await created('/v1/servers', {
      name: 'shelf',
      transport: 'virtual',
      members: [
        { server: 'shelf-first', prefix: 'f_' },
        { server: 'shelf-second', prefix: 's_' },
      ],
    });
    const lena = await client(lenaKey, 'shelf');
    expect((await lena.listResources()).resources.map((r) => r.uri)).toEqual(['shared://doc']);
    const read = await lena.readResource({ uri: 'shared://doc' });
    expect(read.contents[0]).toMatchObject({ text: 'from first' });
    expect(saw.first).toContain('resources/read');
    expect(saw.second).not.toContain('resources/read');
    // the first is no longer lena's: the member she may use serves it, and the other is never named
    const denied = await created('/v1/access-policies', {
      name: 'lena-not-first',
      effect: 'deny',
      servers: ['shelf-first'],
      subjects: { users: ['lena'] },
    });
    const texts: string[] = [];
    await expect
      .poll(
        async () => {
          const answer = await lena
            .readResource({ uri: 'shared://doc' })
            .then((r) => JSON.stringify(r.contents[0]))
            .catch((e: Error) => String(e));
          texts.push(answer);
          return answer;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain('from second');
    expect(texts.join()).not.toContain('shelf-first');
    expect((await api.request('DELETE', `/v1/access-policies/${denied.id}`)).status).toBe(204);
  });

  it('reads a listed resource from the member that listed it, also for a stateless client: no other member is asked', async () => {
    const saw: Record<string, string[]> = { near: [], far: [] };
    const [near, far] = await Promise.all([
      resourceHolder('near', 'near://doc', saw),
      resourceHolder('far', 'far://doc', saw),
    ]);
    extraUpstreams.push(near, far);
    await created('/v1/servers', { name: 'holder-near', url: near.url });
    await created('/v1/servers', { name: 'holder-far', url: far.url });
    await created('/v1/servers', {
      name: 'holders',
      transport: 'virtual',
      members: [
        { server: 'holder-near', prefix: 'n_' },
        { server: 'holder-far', prefix: 'f_' },
      ],
    });
    const endpoint = `${gateway.url}/mcp/holders`;
    const listed = replyTo(await statelessPost(endpoint, lenaKey, 1, 'resources/list'), 1);
    expect((listed.result as { resources: { uri: string }[] }).resources.map((r) => r.uri)).toEqual([
      'near://doc',
      'far://doc',
    ]);
    const read = replyTo(
      await statelessPost(endpoint, lenaKey, 2, 'resources/read', { uri: 'far://doc' }),
      2,
    );
    expect(read.result).toMatchObject({ contents: [{ text: 'from far' }] });
    expect(saw.near).not.toContain('resources/read');
  });

  it('names a member whose list runs past the pages a merged list reads as cut short', async () => {
    const endless = await startSdkUpstream(
      'endless',
      () => {},
      {},
      (req, res, body) => {
        const { method, id, params } =
          (body as { method?: unknown; id?: unknown; params?: { cursor?: string } }) ?? {};
        if (req.method !== 'POST' || method !== 'tools/list') return false;
        const page = Number(params?.cursor ?? 0);
        res.writeHead(200, { 'content-type': 'application/json' });
        const tools = [{ name: `t${page}`, inputSchema: { type: 'object' } }];
        res.end(JSON.stringify({ jsonrpc: '2.0', id, result: { tools, nextCursor: String(page + 1) } }));
        return true;
      },
    );
    extraUpstreams.push(endless);
    await created('/v1/servers', { name: 'endless', url: endless.url });
    await created('/v1/servers', {
      name: 'endless-suite',
      transport: 'virtual',
      members: [{ server: 'endless', prefix: 'e_' }],
    });
    const listed = replyTo(
      await statelessPost(`${gateway.url}/mcp/endless-suite`, lenaKey, 1, 'tools/list'),
      1,
    );
    const result = listed.result as { tools: unknown[]; _meta?: Record<string, unknown> };
    expect(result.tools.length).toBeGreaterThan(0);
    expect(result._meta?.['mcp-gateway/unavailable']).toEqual([{ server: 'endless', error: 'truncated' }]);
  });

  it('leaves out a member’s list entries that are no objects; the other entries and members stay', async () => {
    const sloppy = await startSdkUpstream(
      'sloppy',
      (mcp) => {
        mcp.registerTool('kept', { inputSchema: {} }, async () => ({
          content: [{ type: 'text', text: 'k' }],
        }));
      },
      {},
      (req, res, body) => {
        const { method, id } = (body as { method?: unknown; id?: unknown } | undefined) ?? {};
        if (req.method !== 'POST' || method !== 'tools/list') return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        const tools = [null, 7, 'x', { name: 'kept', inputSchema: { type: 'object' } }];
        res.end(JSON.stringify({ jsonrpc: '2.0', id, result: { tools } }));
        return true;
      },
    );
    extraUpstreams.push(sloppy);
    // a workspace of no access policies: nothing rewrites the member's list before it is merged
    await api.createWorkspace('plain');
    await created('/v1/servers', { name: 'sloppy', url: sloppy.url, workspace: 'plain' });
    await created('/v1/servers', { name: 'plain-alpha', url: alpha.url, workspace: 'plain' });
    await created('/v1/servers', {
      name: 'sloppy-suite',
      workspace: 'plain',
      transport: 'virtual',
      members: [
        { server: 'sloppy', prefix: 'x_' },
        { server: 'plain-alpha', prefix: 'a_' },
      ],
    });
    const key = await api.createApiKey('plain-laptop', 'lena', 'plain');
    const listed = replyTo(await statelessPost(`${gateway.url}/mcp/sloppy-suite`, key, 1, 'tools/list'), 1);
    const names = (listed.result as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['x_kept', 'a_echo']));
    expect(names.filter((n) => n.startsWith('x_'))).toEqual(['x_kept']);
  });

  it('a read refused by a member’s rate limit says so when no other member has the resource', async () => {
    /** A member serving `capped://doc` with `text`, registered as `name`. */
    const holding = async (name: string, text: string) => {
      const upstream = await startSdkUpstream(name, (mcp) => {
        mcp.registerResource('capped', 'capped://doc', { mimeType: 'text/plain' }, async (uri) => ({
          contents: [{ uri: uri.href, text }],
        }));
      });
      extraUpstreams.push(upstream);
      await created('/v1/servers', { name, url: upstream.url });
    };
    await holding('cap-holder', 'held');
    await created('/v1/servers', {
      name: 'capped',
      transport: 'virtual',
      members: [
        { server: 'cap-holder', prefix: 'h_' },
        { server: 'alpha', prefix: 'a_' },
      ],
    });
    await created('/v1/rate-limits', {
      name: 'cap-reads',
      servers: ['cap-holder'],
      limit: 1,
      window: 'minute',
    });
    const endpoint = `${gateway.url}/mcp/capped`;
    // stateless, the URI never listed: the first read looks for it, the later ones go where it was found
    const read = (id: number) =>
      statelessPost(endpoint, lenaKey, id, 'resources/read', { uri: 'capped://doc' });
    expect(replyTo(await read(1), 1).result).toMatchObject({ contents: [{ text: 'held' }] });
    // reads go on until the limit is in force (config is cached for a while), then one is refused
    let limited = replyTo(await read(2), 2);
    for (let id = 3; id < 60 && limited.error === undefined; id++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      limited = replyTo(await read(id), id);
    }
    expect(limited.error).toMatchObject({ code: -32029 });
    // a member that holds the URI too still serves it: the refusal is the answer only when none does
    await holding('cap-spare', 'spare');
    await created('/v1/servers', {
      name: 'capped-pair',
      transport: 'virtual',
      members: [
        { server: 'cap-holder', prefix: 'h_' },
        { server: 'cap-spare', prefix: 's_' },
      ],
    });
    const fromSpare = replyTo(
      await statelessPost(`${gateway.url}/mcp/capped-pair`, lenaKey, 99, 'resources/read', {
        uri: 'capped://doc',
      }),
      99,
    );
    expect(fromSpare.result).toMatchObject({ contents: [{ text: 'spare' }] });
  });

  it('shows each caller only what it may use, across members, and never asks a forbidden member', async () => {
    gammaSaw.length = 0;
    const intern = await client(internKey);
    const listed = await intern.listTools();
    const names = listed.tools.map((t) => t.name);
    expect(names).toContain('a_get-sum');
    // beta and gamma are not the intern's: their tools are gone and nothing says they exist
    expect(names.some((n) => n.startsWith('b_') || n.startsWith('g_') || n === 'shout')).toBe(false);
    expect(JSON.stringify(listed._meta ?? {})).not.toMatch(/beta|gamma/);
    const stamp = await intern.callTool({ name: 'g_stamp', arguments: { text: 'x' } }).catch((e: Error) => e);
    expect(String(stamp)).toContain('Unknown tool: g_stamp');
    // the member the intern may not use was never asked anything
    expect(gammaSaw).toEqual([]);
    expect(names).not.toContain('a_echo');
    const refused = await intern
      .callTool({ name: 'a_echo', arguments: { message: 'x' } })
      .catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    const hidden = await intern
      .callTool({ name: 'shout', arguments: { message: 'x' } })
      .catch((e: Error) => e);
    expect(String(hidden)).toContain('Unknown tool: shout');
    expect(String(hidden)).not.toContain('beta');
  });

  it('names no member a caller may not use when it completes a prompt argument of that member', async () => {
    const intern = await client(internKey);
    const refused = await intern
      .complete({ ref: { type: 'ref/prompt', name: 'b_simple-prompt' }, argument: { name: 'x', value: '' } })
      .catch((e: Error) => e);
    expect(String(refused)).toContain('Unknown prompt: b_simple-prompt');
    expect(String(refused)).not.toContain('beta');
  });

  it('lets a member’s policies judge the client’s headers in a session as they do without one', async () => {
    const endpoint = `${gateway.url}/mcp/suite`;
    const stamp = (id: number) => toolCallMessage(id, 'g_stamp', { text: 'x' });
    const bot = { headers: { 'x-agent': 'bot' } };
    const session = await openSession(endpoint, lenaKey);
    const denied = replyTo(await sessionPost(endpoint, lenaKey, session, stamp(1), bot), 1);
    expect(denied.error ?? (denied.result as { isError?: boolean }).isError).toBeTruthy();
    const stateless = replyTo(
      await statelessPost(
        endpoint,
        lenaKey,
        2,
        'tools/call',
        { name: 'g_stamp', arguments: { text: 'x' } },
        bot,
      ),
      2,
    );
    expect(stateless.error ?? (stateless.result as { isError?: boolean }).isError).toBeTruthy();
    // the same call without the header goes through
    const allowed = replyTo(await sessionPost(endpoint, lenaKey, session, stamp(3)), 3);
    expect(allowed.result).toMatchObject({ content: [{ type: 'text', text: 'stamped x' }] });
  });

  it('answers a list cursor it never gave in-band: the other messages of a batch go on', async () => {
    const endpoint = `${gateway.url}/mcp/suite`;
    const opened = await post(
      endpoint,
      lenaKey,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-03-26',
          capabilities: {},
          clientInfo: { name: 'batcher', version: '1' },
        },
      }),
    );
    const headers = {
      'mcp-session-id': opened.headers.get('mcp-session-id')!,
      'mcp-protocol-version': '2025-03-26',
    };
    await post(endpoint, lenaKey, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), {
      headers,
    });
    const batch = await post(
      endpoint,
      lenaKey,
      JSON.stringify([
        toolCallMessage(1, 'g_stamp', { text: 'b' }),
        { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { cursor: 'bogus' } },
      ]),
      { headers },
    );
    expect(replyTo(batch, 1).result).toMatchObject({ content: [{ type: 'text', text: 'stamped b' }] });
    expect(replyTo(batch, 2).error).toMatchObject({ code: -32602 });
  });

  it('tells a member opened after the client set its log level that level', async () => {
    const saw: { method: string; params?: unknown }[] = [];
    const loggy = await startSdkUpstream(
      'loggy',
      (mcp) => {
        mcp.server.registerCapabilities({ logging: {} });
        mcp.registerTool('kept', { inputSchema: {} }, async () => ({
          content: [{ type: 'text', text: 'k' }],
        }));
      },
      {},
      (req, res, body) => {
        const { method, id, params } = (body as { method?: string; id?: unknown; params?: unknown }) ?? {};
        if (req.method === 'POST' && typeof method === 'string') saw.push({ method, params });
        if (method !== 'logging/setLevel') return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id, result: {} }));
        return true;
      },
    );
    extraUpstreams.push(loggy);
    await created('/v1/servers', { name: 'loggy', url: loggy.url });
    await created('/v1/servers', {
      name: 'loggy-suite',
      transport: 'virtual',
      members: [{ server: 'loggy', prefix: 'l_' }],
    });
    const endpoint = `${gateway.url}/mcp/loggy-suite`;
    const session = await openSession(endpoint, lenaKey);
    const set = { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'debug' } };
    expect(replyTo(await sessionPost(endpoint, lenaKey, session, set), 1).result).toEqual({});
    // no member is open yet: the level waits for the first
    expect(saw).toEqual([]);
    const called = replyTo(await sessionPost(endpoint, lenaKey, session, toolCallMessage(2, 'l_kept')), 2);
    expect(called.result).toMatchObject({ content: [{ type: 'text', text: 'k' }] });
    expect(saw.map((m) => m.method)).toEqual([
      'initialize',
      'notifications/initialized',
      'logging/setLevel',
      'tools/call',
    ]);
    expect(saw[2]!.params).toEqual({ level: 'debug' });
  });

  it('reports its members in health: the one that is down by name', async () => {
    let health: { healthy?: boolean; members?: { server: string; healthy: boolean }[] } = {};
    for (let i = 0; i < 40 && !health.members?.some((m) => m.server === 'down' && !m.healthy); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      health = (await api.request('GET', `/v1/servers/${suiteId}/health`)).body as typeof health;
    }
    expect(health.healthy).toBe(true);
    expect(health.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ server: 'alpha', healthy: true }),
        expect.objectContaining({ server: 'down', healthy: false }),
      ]),
    );
  });

  it('ends its members’ sessions with its own', async () => {
    gammaSaw.length = 0;
    const { client: lena, transport } = await connect(`${gateway.url}/mcp/suite`, lenaKey);
    await lena.callTool({ name: 'g_stamp', arguments: { text: 'y' } });
    await transport.terminateSession();
    await lena.close();
    // DELETE has no JSON body: the recording member sees its session end as no method; the next client
    // of the suite opens a new member session
    const again = await client(lenaKey);
    await again.callTool({ name: 'g_stamp', arguments: { text: 'z' } });
    expect(gammaSaw.filter((m) => m === 'initialize')).toHaveLength(2);
  });
});

describe('limits and budgets through a virtual server', () => {
  const stamp = async (client: Client, name: string) =>
    client.callTool({ name, arguments: { text: 'x' } }).then(
      (result) => (result.isError === true ? `refused: ${JSON.stringify(result.content)}` : 'ok'),
      // a refusal at the virtual server is an HTTP 429 whose body the SDK quotes
      (error: Error) => `refused: ${error.message.replaceAll('\\"', '"')}`,
    );

  it('counts a client’s call once per limit, and the suite’s own member requests never', async () => {
    const metered = await client(meteredKeys.metered, 'metered-suite');
    // the merged list opens both members and reads their lists: no limit counts that
    expect((await metered.listTools()).tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['m_stamp', 't_stamp']),
    );
    const calls = [];
    for (let i = 0; i < 4; i++) calls.push(await stamp(metered, 'm_stamp'));
    // "stamps" covers the call at the suite and at gauge: counted once, it allows 3
    expect(calls.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    expect(calls[3]).toMatch(/refused: .*Rate limit "stamps"/);
    // "gauge-requests" (5 per minute, the whole workspace) counted the 3 calls that reached gauge, and
    // neither member session being opened nor the lists read for the merged one
    const other = await client(meteredKeys.other, 'metered-suite');
    await other.listTools();
    expect([await stamp(other, 'm_stamp'), await stamp(other, 'm_stamp')]).toEqual(['ok', 'ok']);
    expect(await stamp(other, 'm_stamp')).toMatch(/refused: .*Rate limit "gauge-requests"/);
    // gauge's analytics hold the 6 calls that reached it, not the suite's own initialize and list requests
    const callsAtGauge = async () => {
      const answer = await api.request('GET', '/v1/analytics/usage?server=gauge');
      return (answer.body as { buckets: { calls: number }[] }).buckets.reduce((n, b) => n + b.calls, 0);
    };
    let counted = 0;
    for (let i = 0; i < 50 && counted < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      counted = await callsAtGauge();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await callsAtGauge()).toBe(6);
  });

  it('charges a call at its member’s price, by a budget on the virtual server', async () => {
    const spender = await client(meteredKeys.spender, 'metered-suite');
    await spender.listTools();
    const calls = [];
    for (let i = 0; i < 3; i++) calls.push(await stamp(spender, 't_stamp'));
    // till prices a stamp at 5: the 10 of "suite-spend" pay for two
    expect(calls.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(calls[2]).toMatch(/refused: .*Budget "suite-spend".*cost 5/);
    const id = (
      (await api.request('GET', '/v1/budgets?name=suite-spend')).body as { items: { id: string }[] }
    ).items[0]!.id;
    let usage: { items: { key: Record<string, string>; spent: number }[] } = { items: [] };
    for (let i = 0; i < 30 && usage.items[0]?.spent !== 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      usage = (await api.request('GET', `/v1/budgets/${id}/usage`)).body as typeof usage;
    }
    expect(usage.items).toEqual([expect.objectContaining({ key: { user: 'spender' }, spent: 10 })]);
  });
});

describe('virtual server validation', () => {
  it('refuses unknown, virtual or self members, shared prefixes, and fields members own', async () => {
    const bad = async (body: Record<string, unknown>, pointer: string) => {
      const result = await api.request('POST', '/v1/servers', { transport: 'virtual', ...body });
      expect(result.status, result.text).toBe(400);
      expect(JSON.stringify(result.body)).toContain(pointer);
    };
    await bad({ name: 'v1' }, '/members');
    await bad({ name: 'v2', members: [{ server: 'nope' }] }, '/members/0/server');
    await bad({ name: 'v3', members: [{ server: 'suite', prefix: 's_' }] }, '/members/0/server');
    await bad({ name: 'v4', members: [{ server: 'v4' }] }, '/members/0/server');
    await bad({ name: 'v5', members: [{ server: 'alpha' }, { server: 'beta' }] }, '/members/1/prefix');
    await bad({ name: 'v6', members: [{ server: 'alpha' }], url: alpha.url }, '/url');
    // a call through a virtual server is priced by the member that serves it
    await bad({ name: 'v8', members: [{ server: 'alpha' }], pricing: { perCall: 2 } }, '/pricing');
    await bad(
      {
        name: 'v7',
        members: [
          { server: 'alpha', prefix: 'a_' },
          { server: 'beta', prefix: 'a_b_' },
        ],
      },
      '/members/1/prefix',
    );
    // a virtual server takes no calls for an upstream of its own: it is no fallback
    const fallback = await api.request('POST', '/v1/servers', {
      name: 'leans',
      url: alpha.url,
      fallbacks: ['suite'],
    });
    expect(fallback.status).toBe(400);
    expect(JSON.stringify(fallback.body)).toContain('/fallbacks/0');
    // a member cannot be deleted while a virtual server has it
    const members = await api.request('GET', '/v1/servers?name=gamma');
    const gammaId = (members.body as { items: { id: string }[] }).items[0]!.id;
    expect((await api.request('DELETE', `/v1/servers/${gammaId}`)).status).toBe(409);
  });
});
