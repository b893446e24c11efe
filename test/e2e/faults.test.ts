/**
 * Faults the gateway must survive, proven against the built gateway process and an upstream that
 * misbehaves on purpose: one endless SSE line, JSON answers over the message limit (both eras), streams
 * that end without answering, garbage bodies, sessions that must not outlive their server, key-forming
 * inputs over the store's limits, and bodies nested thousands of levels deep.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_SERVERS, type FaultStack, MESSAGE_LIMIT, startFaultStack } from '../support/fault-stack.js';
import type { FaultCall } from '../support/faulty-upstream.js';
import {
  admin,
  type HttpResult,
  httpRequest,
  type JsonRpcReply,
  jsonRpcMessages,
  replyTo,
} from '../support/gateway-api.js';
import { GatewayProcess, stopAll } from '../support/processes.js';
import {
  initialize,
  mcpHeaders,
  openSession,
  post,
  SESSION_VERSION,
  sessionPost,
  statelessPost,
  statelessRequest,
  toolCallMessage,
} from '../support/raw-mcp.js';

let stack: FaultStack;
const sessions = new Map<string, string>();

beforeAll(async () => {
  stack = await startFaultStack();
});

afterAll(async () => {
  await stack?.close();
  await stopAll();
});

/** A session on `server` (one per server, opened on first use). */
async function sessionOn(server: string): Promise<string> {
  let id = sessions.get(server);
  if (id === undefined) {
    id = await openSession(stack.endpoint(server), stack.apiKey);
    sessions.set(server, id);
  }
  return id;
}

let nextId = 1;

/** A session-era tools/call on `server`; answers the request id and the response. */
async function call(server: string, timeoutMs = 20_000): Promise<{ id: number; response: HttpResult }> {
  const id = nextId++;
  const session = await sessionOn(server);
  const response = await sessionPost(
    stack.endpoint(server),
    stack.apiKey,
    session,
    toolCallMessage(id, 'x'),
    {
      timeoutMs,
    },
  );
  return { id, response };
}

/** A stateless tools/call on `server`. */
async function statelessCall(
  server: string,
  timeoutMs = 20_000,
): Promise<{ id: number; response: HttpResult }> {
  const id = nextId++;
  const response = await statelessPost(
    stack.endpoint(server),
    stack.apiKey,
    id,
    'tools/call',
    { name: 'x', arguments: {} },
    { timeoutMs },
  );
  return { id, response };
}

/** The responses (not notifications) to `id` in a body. */
const answersTo = (response: HttpResult, id: number | string): JsonRpcReply[] =>
  jsonRpcMessages(response).filter((m) => m.id === id && !('method' in m));

const limitMessage = (server: string) =>
  expect.stringMatching(new RegExp(`"${server}".*\\b${MESSAGE_LIMIT}\\b.*limit`));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one endless SSE line', () => {
  it('answers the request with a JSON-RPC error naming the limit, within seconds', async () => {
    const started = Date.now();
    const { id, response } = await call('long-sse');
    const elapsed = Date.now() - started;
    expect(response.status).toBe(200);
    // the upstream's stream opened (the error follows as an event, or alone as JSON when it comes at once)
    expect(response.headers.get('content-type')).toMatch(/^(text\/event-stream|application\/json)/);
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error).toMatchObject({ code: -32010, message: limitMessage('long-sse') });
    expect(elapsed).toBeLessThan(5_000);
  });

  it('stops reading the upstream once the limit is passed (its response is closed)', async () => {
    const upstreamCall = await stack.upstream.waitFor(
      (c) => c.fault === 'long-sse' && c.closedAt !== undefined,
      5_000,
      'close of the long-sse stream',
    );
    expect(upstreamCall.closedByPeer).toBe(true);
  });

  it('calls to another server on the gateway are answered promptly meanwhile', async () => {
    // one paced line (so the calls surely overlap it) and two at full loopback speed
    const pacedId = nextId; // the id `call` gives the first of these
    const longs = [call('long-sse-paced', 60_000), call('long-sse', 60_000), call('long-sse', 60_000)];
    // the gateway is in the middle of the long line: 2 MB read, not finished
    const inFlight = await stack.upstream.waitFor(
      (c) => c.id === pacedId && c.written > 2_000_000 && c.closedAt === undefined,
      10_000,
      'a long-sse-paced stream 2 MB in',
    );
    const latencies: number[] = [];
    let overlapped = false;
    // bounded: at most 5 calls, each bounded by a 5 s timeout
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const { id, response } = await call('ok', 5_000);
      latencies.push(Date.now() - started);
      // the call really overlapped the long line: its upstream response was still open when it was answered
      if (i === 0) overlapped = inFlight.closedAt === undefined;
      expect(response.status).toBe(200);
      expect(replyTo(response, id).result).toEqual({ content: [{ type: 'text', text: 'ok' }] });
    }
    expect(overlapped).toBe(true);
    expect(latencies.every((ms) => ms < 5_000)).toBe(true);
    const answered = await Promise.all(longs);
    for (const [index, { id, response }] of answered.entries()) {
      const server = index === 0 ? 'long-sse-paced' : 'long-sse';
      expect(answersTo(response, id)[0]?.error?.message).toEqual(limitMessage(server));
    }
  }, 60_000);

  it('a client closing its stream mid-line closes the upstream response at once', async () => {
    const session = await sessionOn('long-sse-slow');
    await leaveMidway(
      'long-sse-slow',
      JSON.stringify(toolCallMessage('leave-sse', 'x')),
      {
        'mcp-session-id': session,
        'mcp-protocol-version': SESSION_VERSION,
      },
      (id) => id === 'leave-sse',
    );
  }, 30_000);

  it('stateless: a client closing its stream mid-line closes the upstream response at once', async () => {
    const { body, headers } = statelessRequest('leave-stateless', 'tools/call', { name: 'x', arguments: {} });
    // the gateway renumbers stateless requests upstream: the call is the first long one after the others
    const before = new Set(stack.upstream.calls);
    await leaveMidway('long-sse-slow', body, headers, (_, call) => !before.has(call));
  }, 30_000);

  it('a client leaving while a JSON answer is read closes the upstream response at once', async () => {
    const session = await sessionOn('long-json-slow');
    await leaveMidway(
      'long-json-slow',
      JSON.stringify(toolCallMessage('leave-json', 'x')),
      {
        'mcp-session-id': session,
        'mcp-protocol-version': SESSION_VERSION,
      },
      (id) => id === 'leave-json',
    );
  }, 30_000);
});

/**
 * Sends `body` to `server`, waits until its (slow) upstream answer is over 1 MB in, leaves, and checks the
 * upstream sees its response closed within 5 s, long before the answer would have reached the limit.
 */
async function leaveMidway(
  server: string,
  body: string,
  headers: Record<string, string>,
  isCall: (id: string | number, call: FaultCall) => boolean,
): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 30_000);
  // an SSE answer has its headers sent at once, a JSON one only once read whole (never, here): either way
  // the client is still reading when it leaves
  const sent = fetch(stack.endpoint(server), {
    method: 'POST',
    headers: mcpHeaders(stack.apiKey, headers),
    body,
    signal: abort.signal,
  }).catch(() => undefined);
  try {
    const upstreamCall = await stack.upstream.waitFor(
      (c) => isCall(c.id, c) && c.written > 1_000_000,
      10_000,
      `a ${server} answer 1 MB in`,
    );
    const leftAt = Date.now();
    abort.abort();
    await stack.upstream.waitFor((c) => c === upstreamCall && c.closedAt !== undefined, 5_000, 'the close');
    expect(upstreamCall.closedByPeer).toBe(true);
    expect(upstreamCall.complete).toBe(false);
    // closed because the client left, not because the answer reached the limit
    expect(upstreamCall.written).toBeLessThan(MESSAGE_LIMIT / 2);
    expect(upstreamCall.closedAt! - leftAt).toBeLessThan(5_000);
  } finally {
    clearTimeout(timer);
    abort.abort();
    await (await sent)?.body?.cancel().catch(() => undefined);
  }
}

describe('a JSON answer over the message limit', () => {
  it('session era: a JSON-RPC error for the request naming the limit', async () => {
    const { id, response } = await call('long-json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(response.text)).not.toThrow();
    expect(replyTo(response, id).error).toMatchObject({ code: -32010, message: limitMessage('long-json') });
    expect(response.text.length).toBeLessThan(10_000);
  });
});

describe('the bound is on one message, at exactly its size', () => {
  it('a JSON answer of exactly 16 MiB passes whole', async () => {
    const { id, response } = await call('exact-json', 60_000);
    expect(response.text.length).toBe(MESSAGE_LIMIT);
    const [content] = (replyTo(response, id).result?.content ?? []) as Array<{ text: string }>;
    expect(content?.text).toMatch(/^x+$/);
  }, 60_000);

  it('one byte more: a JSON-RPC error naming the limit', async () => {
    const { id, response } = await call('exact-json-plus-one');
    expect(replyTo(response, id).error?.message).toEqual(limitMessage('exact-json-plus-one'));
  });

  it('an SSE stream of 20 MiB in 1 MiB messages passes whole (each message is under the bound)', async () => {
    const { id, response } = await call('many-sse', 60_000);
    expect(response.status).toBe(200);
    const messages = jsonRpcMessages(response) as Array<JsonRpcReply & { method?: string }>;
    const progress = messages.filter((m) => m.method === 'notifications/progress');
    expect(progress).toHaveLength(20);
    expect(replyTo(response, id).result).toEqual({ content: [{ type: 'text', text: 'ok' }] });
  }, 60_000);

  it('a legacy HTTP+SSE upstream over the limit: an error for the request, no hang, its stream closed', async () => {
    const started = Date.now();
    const { id, response } = await call('legacy-long');
    expect(Date.now() - started).toBeLessThan(5_000);
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error).toMatchObject({ code: -32010, message: limitMessage('legacy-long') });
    await stack.upstream.waitFor(
      (c) => c.transport === 'sse' && c.fault === 'long-sse' && c.closedByPeer,
      5_000,
      'the close of the legacy stream',
    );
    // the server stays usable: the next call opens a new connection
    const next = await call('legacy-ok');
    expect(replyTo(next.response, next.id).result).toEqual({ content: [{ type: 'text', text: 'ok' }] });
  });
});

describe('MCP_GATEWAY_MAX_MESSAGE_BYTES configures the bound', () => {
  const LIMIT = 1024 * 1024;
  let small: GatewayProcess;
  let key: string;
  const endpoint = (server: string) => `${small.url}/mcp/${server}`;

  beforeAll(async () => {
    const adminKey = `admin-${randomBytes(16).toString('hex')}`;
    small = await GatewayProcess.start({
      adminKey,
      memory: true,
      env: { MCP_GATEWAY_MAX_MESSAGE_BYTES: String(LIMIT) },
    });
    const api = admin(() => small.url, adminKey);
    await api.registerServer('json-2mb', stack.upstream.url('long-json', 2 * LIMIT));
    await api.registerServer('sse-2mb', stack.upstream.url('long-sse', 2 * LIMIT));
    await api.registerServer('json-under', stack.upstream.url('long-json', LIMIT));
    key = await api.createApiKey('small', 'small');
  });

  afterAll(async () => {
    await small?.close();
  });

  it.each(['json-2mb', 'sse-2mb'])('%s: over the configured limit → an error naming it', async (server) => {
    const session = await openSession(endpoint(server), key);
    const response = await sessionPost(endpoint(server), key, session, toolCallMessage(1, 'x'));
    const answers = answersTo(response, 1);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error?.message).toMatch(new RegExp(`"${server}".*\\b${LIMIT}\\b.*limit`));
  });

  it('a JSON answer of exactly the configured limit passes', async () => {
    const session = await openSession(endpoint('json-under'), key);
    const response = await sessionPost(endpoint('json-under'), key, session, toolCallMessage(2, 'x'));
    expect(response.text.length).toBe(LIMIT);
    expect(replyTo(response, 2).result).toBeDefined();
  });
});

describe('large stateless (2026-07-28) answers are always well-formed', () => {
  it('a JSON answer over the limit: a JSON-RPC error naming the limit', async () => {
    const { id, response } = await statelessCall('long-json');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(response.text)).not.toThrow();
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error).toMatchObject({ code: -32010, message: limitMessage('long-json') });
  });

  it('an SSE answer over the limit: a JSON-RPC error naming the limit', async () => {
    const { id, response } = await statelessCall('long-sse');
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error).toMatchObject({ code: -32010, message: limitMessage('long-sse') });
  });

  it('a 12 MB JSON answer (under the limit) arrives whole', async () => {
    const { id, response } = await statelessCall('big-json', 60_000);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const reply = replyTo(response, id);
    expect(reply.error).toBeUndefined();
    expect(reply.result?.resultType).toBe('complete');
    const [content] = (reply.result?.content ?? []) as Array<{ text: string }>;
    const size = FAULT_SERVERS['big-json']![1]!;
    // the upstream body is exactly `size` bytes: its JSON envelope plus the x's
    expect(content?.text).toMatch(/^x+$/);
    expect(content?.text.length).toBeGreaterThan(size - 200);
  }, 60_000);
});

describe('every request gets exactly one answer', () => {
  it('an SSE stream that ends cleanly without the response: an error for the request', async () => {
    const { id, response } = await call('unanswered');
    expect(response.status).toBe(200);
    const messages = jsonRpcMessages(response) as Array<JsonRpcReply & { method?: string }>;
    expect(messages.some((m) => m.method === 'notifications/progress')).toBe(true);
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error?.code).toBe(-32010);
    expect(answers[0]?.error?.message).toContain('"unanswered"');
  });

  it('a stream answering another id: still exactly one answer for the request', async () => {
    const { id, response } = await call('wrong-id');
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error?.code).toBe(-32010);
  });

  it('an upstream answering a request twice: the client gets the first answer only', async () => {
    const { id, response } = await call('duplicate');
    expect(response.status).toBe(200);
    const answers = answersTo(response, id);
    expect(answers, `answers to ${id}: ${response.text}`).toHaveLength(1);
    expect(answers[0]?.result).toEqual({ content: [{ type: 'text', text: 'ok' }] });
  });

  it('a stream cut by the upstream mid-answer: an error for the request', async () => {
    const { id, response } = await call('reset');
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error?.code).toBe(-32010);
    expect(answers[0]?.error?.message).toContain('"reset"');
  });

  it('an empty application/json body: an error for the request', async () => {
    const { id, response } = await call('empty-json');
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error?.message).toContain('"empty-json"');
  });

  it('every request of a 2025-03-26 batch is answered once', async () => {
    const session = await sessionOn('unanswered');
    const ids = [nextId++, nextId++];
    const response = await post(
      stack.endpoint('unanswered'),
      stack.apiKey,
      JSON.stringify(ids.map((id) => toolCallMessage(id, 'x'))),
      { headers: { 'mcp-session-id': session, 'mcp-protocol-version': '2025-03-26' } },
    );
    for (const id of ids) {
      const answers = answersTo(response, id);
      expect(answers, `answers to ${id} in ${response.text}`).toHaveLength(1);
      expect(answers[0]?.error).toBeDefined();
    }
  });

  it('stateless: a stream that ends without the response answers an error', async () => {
    const { id, response } = await statelessCall('unanswered');
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error?.code).toBe(-32010);
  });
});

describe('an upstream answer nested 100,000 levels deep', () => {
  it('session era: relayed whole, as the upstream sent it', async () => {
    const { id, response } = await call('deep-sse');
    expect(response.status).toBe(200);
    expect(response.text).toContain('['.repeat(100_000));
    expect(answersTo(response, id)).toHaveLength(1);
  });

  it('stateless, as JSON: one well-formed answer for the request', async () => {
    const { id, response } = await statelessCall('deep-json');
    expect(response.status).toBeLessThan(500);
    expect(() => JSON.parse(response.text)).not.toThrow();
    expect(answersTo(response, id)).toHaveLength(1);
  });

  it('stateless, as SSE: the stream ends well-formed with one answer for the request', async () => {
    const { id, response } = await statelessCall('deep-sse');
    expect(response.status).toBe(200);
    const answers = answersTo(response, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.error?.message).toMatch(/nested too deeply/);
  });
});

describe('garbage from the upstream is never passed through', () => {
  const noGarbage = (response: HttpResult) => {
    expect(response.text).not.toContain('\u0000');
    expect(response.text).not.toContain('\ufffd');
    expect(() => JSON.parse(response.text)).not.toThrow();
  };

  it('a garbage answer to a call: a JSON-RPC error naming the server', async () => {
    const { id, response } = await call('garbage');
    noGarbage(response);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const reply = replyTo(response, id);
    expect(reply.error?.code).toBe(-32010);
    expect(reply.error?.message).toContain('"garbage"');
  });

  it('a garbage answer to initialize: an error naming the server, and no session', async () => {
    const { response, sessionId } = await initialize(stack.endpoint('garbage-init'), stack.apiKey);
    noGarbage(response);
    expect(sessionId).toBeNull();
    const reply = replyTo(response, 'init');
    expect(reply.error?.code).toBe(-32010);
    expect(reply.error?.message).toContain('"garbage-init"');
    expect(stack.upstream.calls.some((c) => c.fault === 'garbage-init')).toBe(true);
  });

  it('no session was created: any session id on that server is refused', async () => {
    const candidates = [randomBytes(18).toString('base64url'), await sessionOn('ok')];
    for (const session of candidates) {
      const response = await sessionPost(
        stack.endpoint('garbage-init'),
        stack.apiKey,
        session,
        toolCallMessage(9, 'x'),
      );
      expect(response.status).toBe(404);
      expect(replyTo(response, 9).error?.code).toBe(-32001);
    }
  });

  it('stateless: a garbage answer is a JSON-RPC error naming the server', async () => {
    const { id, response } = await statelessCall('garbage');
    noGarbage(response);
    const reply = replyTo(response, id);
    expect(reply.error?.code).toBe(-32010);
    expect(reply.error?.message).toContain('"garbage"');
  });
});

describe('sessions are bound to the server (by id), the workspace and the principal', () => {
  const endpoint = (name: string) => stack.endpoint(name);
  const callOn = (name: string, key: string, session: string, id: number) =>
    sessionPost(endpoint(name), key, session, toolCallMessage(id, 'x'));

  it('a server deleted and re-created in another workspace: a same-named user there cannot continue', async () => {
    await stack.api.createWorkspace('team-b');
    const keyA = await stack.api.createApiKey('alice-default', 'alice');
    const keyB = await stack.api.createApiKey('alice-team-b', 'alice', 'team-b');
    const first = await stack.api.registerServer('moving', stack.upstream.url('ok'));
    const session = await openSession(endpoint('moving'), keyA);
    expect((await callOn('moving', keyA, session, 1)).status).toBe(200);

    await stack.api.deleteServer(first.id);
    const second = await stack.api.registerServer('moving', stack.upstream.url('ok'), undefined, {
      workspace: 'team-b',
    });
    expect(second.id).not.toBe(first.id);

    const asB = await callOn('moving', keyB, session, 2);
    expect(asB.status).toBe(404);
    expect(replyTo(asB, 2).error?.code).toBe(-32001);
    // GET and DELETE with the old session are refused too
    const listen = await httpRequest(endpoint('moving'), {
      method: 'GET',
      headers: mcpHeaders(keyB, { 'mcp-session-id': session, accept: 'text/event-stream' }),
    });
    expect(listen.status).toBe(404);
    const end = await httpRequest(endpoint('moving'), {
      method: 'DELETE',
      headers: mcpHeaders(keyB, { 'mcp-session-id': session }),
    });
    expect(end.status).toBe(404);
    // the old workspace's user no longer reaches the server at all
    const asA = await callOn('moving', keyA, session, 3);
    expect(asA.status).toBe(404);
    expect(replyTo(asA, 3).error?.code).toBe(-32004);
    // a new session there works
    const fresh = await openSession(endpoint('moving'), keyB);
    expect((await callOn('moving', keyB, fresh, 4)).status).toBe(200);
  });

  it('a server deleted and re-created under the same name and workspace: the old session is refused', async () => {
    const first = await stack.api.registerServer('recreated', stack.upstream.url('ok'));
    const session = await openSession(endpoint('recreated'), stack.apiKey);
    await stack.api.deleteServer(first.id);
    await stack.api.registerServer('recreated', stack.upstream.url('ok'));
    const response = await callOn('recreated', stack.apiKey, session, 5);
    expect(response.status).toBe(404);
    expect(replyTo(response, 5).error?.code).toBe(-32001);
  });

  it('a session used while its server is disabled is ended: refused after re-enabling', async () => {
    const server = await stack.api.registerServer('toggled', stack.upstream.url('ok'));
    const session = await openSession(endpoint('toggled'), stack.apiKey);
    expect((await callOn('toggled', stack.apiKey, session, 6)).status).toBe(200);
    await stack.api.patchServer(server.id, { enabled: false });
    const disabled = await callOn('toggled', stack.apiKey, session, 7);
    expect(disabled.status).toBe(503);
    expect(replyTo(disabled, 7).error?.code).toBe(-32003);
    await stack.api.patchServer(server.id, { enabled: true });
    const after = await callOn('toggled', stack.apiKey, session, 8);
    expect(after.status).toBe(404);
    expect(replyTo(after, 8).error?.code).toBe(-32001);
  });

  it('a session nobody used while its server was disabled is ended too', async () => {
    const server = await stack.api.registerServer('switched', stack.upstream.url('ok'));
    const session = await openSession(endpoint('switched'), stack.apiKey);
    expect((await callOn('switched', stack.apiKey, session, 9)).status).toBe(200);
    await stack.api.patchServer(server.id, { enabled: false });
    await stack.api.patchServer(server.id, { enabled: true });
    const after = await callOn('switched', stack.apiKey, session, 10);
    expect(after.status).toBe(404);
    expect(replyTo(after, 10).error?.code).toBe(-32001);
    // a session opened after re-enabling works
    const fresh = await openSession(endpoint('switched'), stack.apiKey);
    expect((await callOn('switched', stack.apiKey, fresh, 11)).status).toBe(200);
  });

  it('another principal of the same workspace cannot use the session', async () => {
    const session = await sessionOn('ok');
    const bob = await stack.api.createApiKey('bob-laptop', 'bob');
    const response = await callOn('ok', bob, session, 10);
    expect(response.status).toBe(404);
  });
});

describe('key-forming inputs over the store limits are refused (no 5xx)', () => {
  const long = (n: number) => 'a'.repeat(n);
  const admin = (method: string, path: string, body?: unknown) => stack.api.request(method, path, body);

  const expectProblem = (result: HttpResult, status: number) => {
    expect(result.status, result.text).toBe(status);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status, code: expect.any(String) });
  };
  const expectJsonRpcError = (result: HttpResult, status: number, code: number) => {
    expect(result.status, result.text).toBe(status);
    const [reply] = jsonRpcMessages(result);
    expect(reply?.error?.code).toBe(code);
  };

  it.each([1025, 1100, 4000])('a %i-byte server name in /mcp/{server} → 404', async (n) => {
    const result = await post(stack.endpoint(long(n)), stack.apiKey, initializeBodyFor(1));
    expectJsonRpcError(result, 404, -32004);
  });

  it('a server name of multi-byte characters over 1,024 bytes → 404', async () => {
    const name = encodeURIComponent('é'.repeat(600));
    const result = await post(stack.endpoint(name), stack.apiKey, initializeBodyFor(1));
    expectJsonRpcError(result, 404, -32004);
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE'])('%s /v1/servers/{id over 1,024 bytes} → 404', async (method) => {
    const body =
      method === 'PUT' || method === 'PATCH' ? { name: 'x', url: 'http://127.0.0.1:1/mcp' } : undefined;
    expectProblem(await admin(method, `/v1/servers/${long(1100)}`, body), 404);
  });

  it('GET /v1/servers/{id over 1,024 bytes}/tools → 404', async () => {
    expectProblem(await admin('GET', `/v1/servers/${long(1100)}/tools`), 404);
  });

  it.each([2037, 2100, 8000])(
    'an Mcp-Session-Id of %i characters → 404 on POST, GET and DELETE',
    async (n) => {
      const session = long(n);
      expectJsonRpcError(
        await sessionPost(stack.endpoint('ok'), stack.apiKey, session, toolCallMessage(1, 'x')),
        404,
        -32001,
      );
      for (const method of ['GET', 'DELETE']) {
        const result = await httpRequest(stack.endpoint('ok'), {
          method,
          headers: mcpHeaders(stack.apiKey, {
            'mcp-session-id': session,
            accept: 'application/json, text/event-stream',
          }),
        });
        expect(result.status, `${method}: ${result.text}`).toBe(404);
      }
    },
  );

  it.each([
    '/v1/servers?workspace=',
    '/v1/api-keys?workspace=',
    '/v1/servers?name=',
    '/v1/workspaces?name=',
    '/v1/servers?cursor=',
  ])('%s<over 1,024 characters> → 400', async (prefix) => {
    expectProblem(await admin('GET', `${prefix}${long(1100)}`), 400);
  });

  it('creating a server, key or workspace with a workspace name over 1,024 characters → 400', async () => {
    expectProblem(
      await admin('POST', '/v1/servers', { name: 'w', url: 'http://127.0.0.1:1/mcp', workspace: long(1100) }),
      400,
    );
    expectProblem(await admin('POST', '/v1/api-keys', { name: 'w', user: 'w', workspace: long(1100) }), 400);
    expectProblem(await admin('POST', '/v1/workspaces', { name: long(1100) }), 400);
  });
});

describe('deep nesting is refused with 400 (no stack overflow)', () => {
  const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const expectProblem400 = (result: HttpResult) => {
    expect(result.status, result.text.slice(0, 300)).toBe(400);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status: 400 });
  };

  it.each([5_000, 100_000])('stateless /mcp params nested %i levels → 400 JSON-RPC error', async (depth) => {
    const { headers } = statelessRequest(1, 'tools/call', { name: 'x' });
    const body = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"},"arguments":${nestedObject(depth)}}}`;
    const result = await post(stack.endpoint('ok'), stack.apiKey, body, { headers });
    expect(result.status).toBe(400);
    const [reply] = jsonRpcMessages(result);
    expect(reply?.error?.code).toBe(-32600);
  });

  it('session-era /mcp arguments nested 5,000 levels → 400', async () => {
    const session = await sessionOn('ok');
    const body = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":${nestedObject(5000)}}}`;
    const result = await post(stack.endpoint('ok'), stack.apiKey, body, {
      headers: { 'mcp-session-id': session, 'mcp-protocol-version': SESSION_VERSION },
    });
    expect(result.status).toBe(400);
    expect(jsonRpcMessages(result)[0]?.error?.code).toBe(-32600);
  });

  it('a batch of arrays nested 100,000 levels on /mcp → 400', async () => {
    const result = await post(stack.endpoint('ok'), stack.apiKey, nestedArray(100_000));
    expect(result.status).toBe(400);
  });

  it.each([2_000, 5_000, 100_000])('/v1 bodies nested %i levels → 400 problem', async (depth) => {
    const server = { name: 'deep', url: 'http://127.0.0.1:1/mcp', labels: JSON.parse('{}') };
    const body = JSON.stringify(server).replace('"labels":{}', `"labels":${nestedObject(depth)}`);
    const send = (method: string, path: string, type = 'application/json') =>
      httpRequest(`${stack.gateway.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': type },
        body,
      });
    expectProblem400(await send('POST', '/v1/servers'));
    const okServer = (await stack.api.request('GET', '/v1/servers?name=ok')).body as {
      items: Array<{ id: string }>;
    };
    const id = okServer.items[0]!.id;
    expectProblem400(await send('PUT', `/v1/servers/${id}`));
    expectProblem400(await send('PATCH', `/v1/servers/${id}`, 'application/merge-patch+json'));
    const arrays = await httpRequest(`${stack.gateway.url}/v1/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: nestedArray(depth),
    });
    expectProblem400(arrays);
  });

  it('the gateway is still alive', async () => {
    const health = await httpRequest(`${stack.gateway.url}/healthz`);
    expect(health.status).toBe(200);
    await sleep(0);
  });
});

function initializeBodyFor(id: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: SESSION_VERSION,
      capabilities: {},
      clientInfo: { name: 'raw', version: '1.0.0' },
    },
  });
}
