import { describe, expect, it, vi } from 'vitest';
import { fetchHttpClient } from '../../core/http-client.js';
import { LegacySseTransport } from './legacy-sse.js';
import type { UpstreamTarget } from './types.js';

const target: UpstreamTarget = {
  name: 'old',
  url: 'http://127.0.0.1:4000/sse',
  headers: { 'x-upstream-token': 't' },
  timeoutMs: 200,
  maxMessageBytes: 1024 * 1024,
};
const initialize = { jsonrpc: '2.0' as const, id: 1, method: 'initialize', params: {} };
const call = {
  body: JSON.stringify(initialize),
  messages: [initialize],
  session: { gatewaySessionId: 'g1' },
  signal: new AbortController().signal,
};

/** A fetch whose GET answers an event stream that sends `events` and then stays open until aborted. */
function sseUpstream(events: string) {
  const requests: { method: string; url: string; signal: AbortSignal | undefined }[] = [];
  const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
    requests.push({ method: init?.method ?? 'GET', url: String(url), signal: init?.signal ?? undefined });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(events));
        init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { requests, fetchImpl };
}

/**
 * An upstream whose event stream names its endpoint and then carries what the test `emit`s; its POSTs
 * are recorded (`posted`, live) and answered 202.
 */
/** `slowPost`: the POSTs the upstream takes and answers too late (until the gateway gives up on them). */
function scriptedUpstream(slowPost: (body: Record<string, unknown>) => boolean = () => false) {
  const posted: { body: Record<string, unknown>; headers: Headers }[] = [];
  let events: ReadableStreamDefaultController<Uint8Array> | undefined;
  const emit = (message: object) =>
    events!.enqueue(new TextEncoder().encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`));
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    if (init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>;
      posted.push({ body, headers: new Headers(init.headers) });
      if (slowPost(body))
        await new Promise((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      return new Response(null, { status: 202 });
    }
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        events = controller;
        controller.enqueue(new TextEncoder().encode('event: endpoint\ndata: /messages?s=1\n\n'));
        init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { posted, emit, fetchImpl };
}

describe('LegacySseTransport', () => {
  it('refuses a request whose id a pending request of the session still awaits, sending nothing', async () => {
    const posted: string[] = [];
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push(String(init.body));
        return new Response(null, { status: 202 });
      }
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('event: endpoint\ndata: /messages?s=1\n\n'));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const slow = { ...target, timeoutMs: 5000 };
    const first = await transport.post(slow, call);
    expect(first.status).toBe(200);
    await expect(transport.post(slow, call)).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('Request id 1 is still in use'),
    });
    expect(posted).toHaveLength(1);
    transport.closeAll();
  });

  it('frees the ids of an answer nobody read once its time is over', async () => {
    const { posted, fetchImpl } = scriptedUpstream();
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const quick = { ...target, timeoutMs: 50 };
    const first = await transport.post(quick, call);
    expect(first.status).toBe(200);
    // its answer is given up before it is read (a stage failed after the call was sent)
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await transport.post(quick, call)).status).toBe(200);
    expect(posted).toHaveLength(2);
    transport.closeAll();
  });

  it('refuses an endpoint on another origin, so the upstream credentials never go there', async () => {
    const { requests, fetchImpl } = sseUpstream('event: endpoint\ndata: http://evil.example/steal\n\n');
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    await expect(transport.post(target, call)).rejects.toMatchObject({ code: 'upstream_error' });
    expect(requests.map((r) => r.method)).toEqual(['GET']);
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('gives up on an upstream that never names its endpoint and closes the stream', async () => {
    const { requests, fetchImpl } = sseUpstream(':still here\n\n');
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    await expect(transport.post(target, call)).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(requests[0]?.signal?.aborted).toBe(true);
    // a later attempt opens a new connection rather than waiting on the dead one
    await expect(transport.post(target, call)).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(requests).toHaveLength(2);
  });

  it('tells the scopes an upstream wants when it refuses the credentials (step-up), at its stream and its endpoint', async () => {
    const challenge = 'Bearer error="insufficient_scope", scope="files:write"';
    const atStream = (async () =>
      new Response(null, { status: 403, headers: { 'www-authenticate': challenge } })) as typeof fetch;
    await expect(new LegacySseTransport(fetchHttpClient(atStream)).post(target, call)).rejects.toMatchObject({
      scopesWanted: ['files:write'],
    });
    const { fetchImpl } = scriptedUpstream();
    const atEndpoint = (async (url: string | URL, init?: RequestInit) =>
      init?.method === 'POST'
        ? new Response(null, { status: 403, headers: { 'www-authenticate': challenge } })
        : fetchImpl(url, init)) as typeof fetch;
    await expect(
      new LegacySseTransport(fetchHttpClient(atEndpoint)).post(target, call),
    ).rejects.toMatchObject({
      scopesWanted: ['files:write'],
    });
  });

  it('fails at once when the stream ends before naming its endpoint (an empty 200, a page)', async () => {
    const fetchImpl = (async () =>
      new Response('<html>not an event stream</html>', {
        headers: { 'content-type': 'text/html' },
      })) as typeof fetch;
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    // with a timeout far off: the answer comes from the stream's end, not from the timer
    const slow = { ...target, timeoutMs: 60_000 };
    await expect(transport.post(slow, call)).rejects.toMatchObject({
      code: 'upstream_unavailable',
      message: expect.stringContaining('before naming its endpoint'),
    });
  });

  it('sends requests under ids of its own: a late answer to a request given up on is no later request’s answer', async () => {
    const { posted, emit, fetchImpl } = scriptedUpstream();
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const read = async (reply: Awaited<ReturnType<typeof transport.post>>) => {
      const seen: unknown[] = [];
      try {
        for await (const item of reply.items!) seen.push((item as { message: unknown }).message);
      } catch (error) {
        seen.push((error as { code?: string }).code);
      }
      return seen;
    };
    const request = (method: string, id: number) => ({ jsonrpc: '2.0' as const, id, method, params: {} });
    // a list the gateway gives up on (its timeout), the upstream still working on it
    const list = request('tools/list', 7);
    const late = await transport.post(target, { ...call, body: JSON.stringify(list), messages: [list] });
    expect(await read(late)).toEqual(['upstream_timeout']);
    // a cancellation names the request as the client knows it, and goes upstream as the upstream knows
    // it, also right after the gateway gave up on it
    const cancel = { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId: 7 } };
    await transport.post(target, { ...call, body: JSON.stringify(cancel), messages: [cancel] });
    // the client's next request reuses id 7, and the identity headers have been renewed since
    const echo = request('tools/call', 7);
    const renewed = { ...target, timeoutMs: 5000, headers: { 'x-upstream-token': 'renewed' } };
    const current = await transport.post(renewed, { ...call, body: JSON.stringify(echo), messages: [echo] });
    const [first, firstCancel, second] = posted.map((p) => p.body);
    expect(firstCancel).toEqual({ ...cancel, params: { requestId: first!['id'] } });
    expect(first!['id']).not.toBe(second!['id']);
    expect(typeof second!['id']).toBe('string');
    expect(posted[2]!.headers.get('x-upstream-token')).toBe('renewed');
    await transport.post(renewed, { ...call, body: JSON.stringify(cancel), messages: [cancel] });
    expect(posted[3]!.body).toEqual({ ...cancel, params: { requestId: second!['id'] } });
    // the late list answer finds no owner; the call's own answer arrives under the client's id
    emit({ jsonrpc: '2.0', id: first!['id'], result: { tools: [{ name: 'secret_admin_tool' }] } });
    emit({ jsonrpc: '2.0', id: second!['id'], result: { content: [] } });
    const items: { message: unknown; text?: string }[] = [];
    for await (const item of current.items!) items.push(item as { message: unknown; text?: string });
    expect(items.map((i) => i.message)).toEqual([{ jsonrpc: '2.0', id: 7, result: { content: [] } }]);
    // with its text, as the upstream's own answer (not one the gateway made in its place): nothing is
    // cancelled after it
    expect(JSON.parse(items[0]!.text!)).toEqual({ jsonrpc: '2.0', id: 7, result: { content: [] } });
    transport.closeAll();
  });

  it('cancels a request whose own POST ran out of time by the id it was sent with (the upstream may run it)', async () => {
    const { posted, fetchImpl } = scriptedUpstream((body) => body['method'] === 'tools/call');
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const slow = { jsonrpc: '2.0' as const, id: 7, method: 'tools/call', params: { name: 'slow' } };
    await expect(
      transport.post(target, { ...call, body: JSON.stringify(slow), messages: [slow] }),
    ).rejects.toBeDefined();
    const cancel = { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId: 7 } };
    await transport.post(target, { ...call, body: JSON.stringify(cancel), messages: [cancel] });
    const sentAs = posted[0]!.body['id'];
    expect(typeof sentAs).toBe('string');
    expect(posted[1]!.body).toEqual({ ...cancel, params: { requestId: sentAs } });
    transport.closeAll();
  });

  it('gives an error the upstream could not tie to a request (id null) to the one request open, at once', async () => {
    const { posted, emit, fetchImpl } = scriptedUpstream();
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const bad = {
      jsonrpc: '2.0' as const,
      id: 'mine',
      method: 'tools/call',
      params: { name: 'x', arguments: [] },
    };
    const reply = await transport.post(
      { ...target, timeoutMs: 10_000 },
      { ...call, body: JSON.stringify(bad), messages: [bad] },
    );
    expect(posted).toHaveLength(1);
    const started = Date.now();
    emit({ jsonrpc: '2.0', id: null, error: { code: -32602, message: 'arguments must be an object' } });
    const items: unknown[] = [];
    for await (const item of reply.items!) items.push((item as { message: unknown }).message);
    expect(items).toEqual([
      { jsonrpc: '2.0', id: 'mine', error: { code: -32602, message: 'arguments must be an object' } },
    ]);
    expect(Date.now() - started).toBeLessThan(2000); // not the call's 10 s timeout
    transport.closeAll();
  });

  it('reads a batch of answers sent in one event', async () => {
    const { posted, emit, fetchImpl } = scriptedUpstream();
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const asked = [
      { jsonrpc: '2.0' as const, id: 'a', method: 'tools/list', params: {} },
      { jsonrpc: '2.0' as const, id: 'b', method: 'ping', params: {} },
    ];
    const reply = await transport.post(
      { ...target, timeoutMs: 10_000 },
      { ...call, body: JSON.stringify(asked), messages: asked },
    );
    const sent = posted.flatMap(({ body }) => (Array.isArray(body) ? body : [body])) as { id: unknown }[];
    expect(sent).toHaveLength(2);
    emit(sent.map((m) => ({ jsonrpc: '2.0', id: m.id, result: {} })));
    const items: unknown[] = [];
    for await (const item of reply.items!) items.push((item as { message: unknown }).message);
    expect(items).toEqual([
      { jsonrpc: '2.0', id: 'a', result: {} },
      { jsonrpc: '2.0', id: 'b', result: {} },
    ]);
    transport.closeAll();
  });

  it('opens its connection anew, replaying initialize, once the endpoint no longer knows the session', async () => {
    let gets = 0;
    let forgetful = true;
    const posted: string[] = [];
    let events: ReadableStreamDefaultController<Uint8Array> | undefined;
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { method?: string; id?: unknown };
        posted.push(String(body.method));
        if (body.method === 'initialize')
          setTimeout(() =>
            events?.enqueue(
              new TextEncoder().encode(
                `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: body.id, result: { protocolVersion: '2024-11-05', capabilities: {} } })}\n\n`,
              ),
            ),
          );
        if (forgetful && body.method === 'ping') {
          forgetful = false;
          return new Response('unknown session', { status: 404 });
        }
        return new Response(null, { status: 202 });
      }
      gets++;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          events = controller;
          controller.enqueue(new TextEncoder().encode(`event: endpoint\ndata: /messages?s=${gets}\n\n`));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const session = { gatewaySessionId: 'g-forgot', initialize: JSON.stringify(initialize) };
    const note = { jsonrpc: '2.0' as const, method: 'notifications/roots/list_changed' };
    const ping = { jsonrpc: '2.0' as const, method: 'ping', id: 5 };
    const sendNote = () =>
      transport.post(target, { ...call, session, body: JSON.stringify(note), messages: [note] });
    await sendNote();
    await expect(
      transport.post(target, { ...call, session, body: JSON.stringify(ping), messages: [ping] }),
    ).rejects.toMatchObject({ code: 'upstream_error' });
    await sendNote();
    expect(gets).toBe(2);
    expect(posted).toEqual([
      'initialize',
      'notifications/initialized',
      'notifications/roots/list_changed',
      'ping',
      'initialize',
      'notifications/initialized',
      'notifications/roots/list_changed',
    ]);
    transport.closeAll();
  });

  it('keeps a bounded number of connections open, closing the least recently used one', async () => {
    const streams: { closed: boolean }[] = [];
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      if (init?.method === 'POST') return new Response(null, { status: 202 });
      const state = { closed: false };
      streams.push(state);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(
            new TextEncoder().encode(`event: endpoint\ndata: /messages?s=${streams.length}\n\n`),
          );
          init?.signal?.addEventListener('abort', () => {
            state.closed = true;
            controller.error(init.signal?.reason);
          });
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl), 60_000, 2);
    const note = { jsonrpc: '2.0' as const, method: 'notifications/roots/list_changed' };
    const send = (id: string) =>
      transport.post(target, {
        ...call,
        session: { gatewaySessionId: id },
        body: JSON.stringify(note),
        messages: [note],
      });
    await send('s1');
    await send('s2');
    await send('s1'); // s1 used last: s2 is the least recently used
    await send('s3');
    await vi.waitFor(() => expect(streams.map((s) => s.closed)).toEqual([false, true, false]));
    expect(streams).toHaveLength(3);
    // s1 waits for an answer: though used longest ago now, it is kept, and s3 goes instead
    const ping = { jsonrpc: '2.0' as const, id: 9, method: 'ping' };
    const waiting = transport
      .post(target, {
        ...call,
        session: { gatewaySessionId: 's1' },
        body: JSON.stringify(ping),
        messages: [ping],
      })
      .catch(() => undefined);
    await send('s3');
    await send('s4');
    await vi.waitFor(() => expect(streams.map((s) => s.closed)).toEqual([false, true, true, false]));
    await waiting;
    transport.closeAll();
  });

  it('opens no session anew for a request that passed the session check before the session ended', async () => {
    const { posted, fetchImpl } = scriptedUpstream();
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const session = { gatewaySessionId: 'g-ended', initialize: JSON.stringify(initialize) };
    await transport.terminate(target, session);
    const ping = { jsonrpc: '2.0' as const, id: 2, method: 'ping', params: {} };
    await expect(
      transport.post(target, { ...call, session, body: JSON.stringify(ping), messages: [ping] }),
    ).rejects.toMatchObject({ code: 'session_not_found' });
    // neither the client's initialize replayed nor its request sent
    expect(posted).toEqual([]);
    transport.closeAll();
  });

  it("refuses a client's answer to a server request another instance's connection carried, opening nothing", async () => {
    const { posted, fetchImpl } = scriptedUpstream();
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const session = { gatewaySessionId: 'g-elsewhere', initialize: JSON.stringify(initialize) };
    const answer = { jsonrpc: '2.0' as const, id: 0, result: { role: 'assistant' } };
    await expect(
      transport.post(target, { ...call, session, body: JSON.stringify(answer), messages: [answer] }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('one instance'),
    });
    // no session opened anew (initialize replayed) that never asked, and the answer not sent to one
    expect(posted).toEqual([]);
    transport.closeAll();
  });

  it('gives each call its own timeout, not the one of the call that opened the connection', async () => {
    const { fetchImpl } = scriptedUpstream();
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const post = (timeoutMs: number, id: number) => {
      const list = { jsonrpc: '2.0' as const, id, method: 'tools/list', params: {} };
      return transport.post(
        { ...target, timeoutMs },
        { ...call, body: JSON.stringify(list), messages: [list] },
      );
    };
    // the connection opened by a call allowed a minute; the next one is allowed 100 ms (a deadline)
    const opening = await post(60_000, 1);
    const next = await post(100, 2);
    const codes: unknown[] = [];
    try {
      for await (const _ of next.items!);
    } catch (error) {
      codes.push((error as { code?: string }).code, (error as Error).message);
    }
    // named as a Streamable HTTP server's timeout is
    expect(codes).toEqual([
      'upstream_timeout',
      'Upstream server "old" did not answer within its timeout of 100 ms.',
    ]);
    void (opening.items as AsyncGenerator<unknown>).return(undefined);
    transport.closeAll();
  });

  it('fails a request whose client stops reading instead of piling up its messages, and answers a server request nobody can carry', async () => {
    const upstream = scriptedUpstream();
    const { emit, fetchImpl } = upstream;
    const posted = () => upstream.posted.map((p) => p.body);
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const slow = { ...target, timeoutMs: 10_000 };
    const work = { jsonrpc: '2.0' as const, id: 3, method: 'tools/call', params: { name: 'export' } };
    const reply = await transport.post(slow, { ...call, body: JSON.stringify(work), messages: [work] });
    const upstreamId = posted()[0]!['id'];
    // a flood of notifications for a client that reads nothing, its answer the one too many
    for (let i = 0; i < 1024; i++)
      emit({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: i } });
    emit({ jsonrpc: '2.0', id: upstreamId, result: { content: [] } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seen: unknown[] = [];
    try {
      for await (const item of reply.items!) seen.push(item);
    } catch (error) {
      seen.push((error as { code?: string }).code);
    }
    expect(seen).toEqual(['upstream_error']);
    // a server request now has no client request to ride on: refused (a ping is answered: alive)
    emit({ jsonrpc: '2.0', id: 'srv-ping', method: 'ping' });
    emit({
      jsonrpc: '2.0',
      id: 'srv-1',
      method: 'sampling/createMessage',
      params: { messages: [], maxTokens: 1 },
    });
    await expect
      .poll(() => posted().find((p) => p['id'] === 'srv-1'))
      .toMatchObject({ error: { code: -32603 } });
    expect(posted().find((p) => p['id'] === 'srv-ping')).toEqual({
      jsonrpc: '2.0',
      id: 'srv-ping',
      result: {},
    });
    transport.closeAll();
  });
  it('gives the upstream’s own requests to an open call whose client reads an event stream', async () => {
    const upstream = scriptedUpstream();
    const { emit, fetchImpl } = upstream;
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const slow = { ...target, timeoutMs: 10_000 };
    const request = (id: number) => ({
      jsonrpc: '2.0' as const,
      id,
      method: 'tools/call',
      params: { name: 'x' },
    });
    // the oldest open call's client takes JSON only; the next one reads a stream
    const first = await transport.post(slow, { ...call, body: '', messages: [request(1)], jsonOnly: true });
    const second = await transport.post(slow, { ...call, body: '', messages: [request(2)] });
    const [one, two] = upstream.posted.map((p) => p.body['id']);
    const sampling = {
      jsonrpc: '2.0',
      id: 's1',
      method: 'sampling/createMessage',
      params: { messages: [], maxTokens: 1 },
    };
    const note = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'n' } };
    emit(sampling);
    emit(note);
    emit({ jsonrpc: '2.0', id: one, result: { content: [] } });
    emit({ jsonrpc: '2.0', id: two, result: { content: [] } });
    const read = async (reply: typeof first) => {
      const seen: unknown[] = [];
      for await (const item of reply.items!)
        seen.push((item as { message: { id?: unknown; method?: unknown } }).message);
      return seen.map((m) => (m as { method?: unknown }).method ?? (m as { id?: unknown }).id);
    };
    // a notification still goes to the oldest; the request to the one that can answer it
    expect(await read(first)).toEqual(['notifications/message', 1]);
    expect(await read(second)).toEqual(['sampling/createMessage', 2]);
    transport.closeAll();
  });

  it('opens a session anew on its server’s new URL: the old endpoint never sees the new credentials', async () => {
    const seen: { method: string; url: string; token: string | null; body?: Record<string, unknown> }[] = [];
    const streams = new Map<string, ReadableStreamDefaultController<Uint8Array>>();
    const signals = new Map<string, AbortSignal>();
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      const { origin } = new URL(String(url));
      const token = new Headers(init?.headers).get('x-upstream-token');
      if (init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        seen.push({ method: 'POST', url: String(url), token, body });
        if (body['method'] === 'initialize') {
          const answer = { jsonrpc: '2.0', id: body['id'], result: { protocolVersion: '2024-11-05' } };
          streams.get(origin)!.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(answer)}\n\n`));
        }
        return new Response(null, { status: 202 });
      }
      seen.push({ method: 'GET', url: String(url), token });
      if (init?.signal) signals.set(origin, init.signal);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          streams.set(origin, controller);
          controller.enqueue(new TextEncoder().encode('event: endpoint\ndata: /messages?s=1\n\n'));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const session = { gatewaySessionId: 'moving', initialize: JSON.stringify(initialize) };
    const opened = await transport.post(target, { ...call, session });
    void (opened.items as AsyncGenerator<unknown>).return(undefined);
    // the admin moves the server and gives it new credentials; the client's session goes on
    const moved = { ...target, url: 'http://127.0.0.1:5000/sse', headers: { 'x-upstream-token': 'new' } };
    const list = { jsonrpc: '2.0' as const, id: 2, method: 'tools/list', params: {} };
    const listed = await transport.post(moved, {
      ...call,
      session,
      body: JSON.stringify(list),
      messages: [list],
    });
    void (listed.items as AsyncGenerator<unknown>).return(undefined);
    const toOld = seen.filter((s) => s.url.startsWith('http://127.0.0.1:4000'));
    expect(toOld.every((s) => s.token === 't')).toBe(true);
    expect(signals.get('http://127.0.0.1:4000')?.aborted).toBe(true);
    // the new URL got the session re-created (initialize replayed), then the call
    const toNew = seen.filter((s) => s.url.startsWith('http://127.0.0.1:5000'));
    expect(toNew.map((s) => s.body?.['method'] ?? s.method)).toEqual([
      'GET',
      'initialize',
      'notifications/initialized',
      'tools/list',
    ]);
    transport.closeAll();
  });

  it('goes on once an endpoint accepted a POST, and lets go of an answer body it never ends at the timeout', async () => {
    const postSignals: AbortSignal[] = [];
    const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
      if (init?.method === 'POST' && init.signal) postSignals.push(init.signal);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          if (init?.method !== 'POST')
            controller.enqueue(new TextEncoder().encode('event: endpoint\ndata: /messages?s=1\n\n'));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(stream, {
        status: init?.method === 'POST' ? 202 : 200,
        headers: { 'content-type': 'text/event-stream' },
      });
    }) as typeof fetch;
    const transport = new LegacySseTransport(fetchHttpClient(fetchImpl));
    const note = { jsonrpc: '2.0' as const, method: 'notifications/initialized' };
    const started = Date.now();
    const patient = { ...target, timeoutMs: 2000 };
    expect(
      (await transport.post(patient, { ...call, body: JSON.stringify(note), messages: [note] })).status,
    ).toBe(202);
    // answered long before the timeout, which then lets go of the body
    expect(Date.now() - started).toBeLessThan(1000);
    expect(postSignals[0]?.aborted).toBe(false);
    await expect.poll(() => postSignals[0]?.aborted, { timeout: 5000 }).toBe(true);
    transport.closeAll();
  });
});
