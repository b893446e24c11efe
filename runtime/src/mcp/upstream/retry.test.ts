import { afterEach, describe, expect, it } from 'vitest';
import type { Principal, Server } from '../../core/config.js';
import type { HttpRequest, HttpResponse } from '../../core/http.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import { MemoryStore } from '../../store/memory.js';
import { createGateway, type Gateway } from '../gateway.js';
import { fakeConfig } from '../test-support.js';
import { backoffMs, RetryBudgets, repeatable } from './retry.js';

const ada: Principal = { user: 'ada', workspace: 'default', method: 'api-key', credentialId: 'k' };

/** An upstream that answers 503 (with Retry-After 0) `failures` times per method, then succeeds. */
function flaky(failures: number) {
  const tries = new Map<string, number>();
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    if (init?.method !== 'POST') return new Response(null, { status: 200 });
    const message = JSON.parse(String(init.body)) as {
      id?: number;
      method: string;
      params?: { name?: string };
    };
    if (message.id === undefined) return new Response(null, { status: 202 });
    const key = `${message.method}:${message.params?.name ?? ''}`;
    const n = (tries.get(key) ?? 0) + 1;
    tries.set(key, n);
    if (message.method !== 'initialize' && n <= failures)
      return new Response('busy', { status: 503, headers: { 'retry-after': '0' } });
    const result =
      message.method === 'initialize'
        ? {
            protocolVersion: '2025-11-25',
            capabilities: { tools: {} },
            serverInfo: { name: 'u', version: '1' },
          }
        : message.method === 'tools/list'
          ? {
              tools: [
                { name: 'read-file', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
                { name: 'write-file', inputSchema: { type: 'object' } },
              ],
            }
          : { content: [{ type: 'text', text: 'done' }] };
    return Response.json({ jsonrpc: '2.0', id: message.id, result }, { headers: { 'mcp-session-id': 'up' } });
  }) as typeof fetch;
  return { tries, fetchImpl };
}

let gateway: Gateway | undefined;
afterEach(() => gateway?.close());

function make(retry: Partial<NonNullable<Server['retry']>>, failures: number, trustAnnotations = false) {
  const up = flaky(failures);
  const server = {
    id: 'srv_1',
    name: 'up',
    url: 'http://127.0.0.1:9/mcp',
    workspace: 'default',
    retry,
    trustAnnotations,
  } as Server;
  gateway = createGateway({
    store: new MemoryStore(),
    config: fakeConfig({
      serverByName: async (name) => (name === 'up' ? server : undefined),
      authenticateApiKey: async (key) => (key === 'good' ? ada : undefined),
    }),
    guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
    http: fetchHttpClient(up.fetchImpl),
    log: () => {},
  });
  return { gw: gateway, up };
}

const post = (body: unknown, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'POST',
  path: '/mcp/up',
  query: {},
  headers: {
    authorization: 'Bearer good',
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...headers,
  },
  body: JSON.stringify(body),
});

async function text(response: HttpResponse): Promise<string> {
  let out = '';
  if (typeof response.body === 'string') return response.body;
  if (response.body !== undefined)
    for await (const chunk of response.body)
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return out;
}

async function session(gw: Gateway) {
  const init = await gw.handle(
    post({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  );
  await text(init);
  return { 'mcp-session-id': init.headers['mcp-session-id']!, 'mcp-protocol-version': '2025-11-25' };
}

describe('retries', () => {
  it('retries a safe call after 503s and answers once it succeeds', async () => {
    const { gw, up } = make({ attempts: 2, backoffMs: 1, maxBackoffMs: 5 }, 2);
    const headers = await session(gw);
    const listed = await text(
      await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers)),
    );
    expect(listed).toContain('read-file');
    expect(up.tries.get('tools/list:')).toBe(3);
  });

  it('never repeats a tool call unless the admin marks the tool idempotent', async () => {
    const { gw, up } = make({ attempts: 2, backoffMs: 1, maxBackoffMs: 5, idempotentTools: ['get-*'] }, 1);
    const headers = await session(gw);
    const call = (id: number, name: string) =>
      gw.handle(post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } }, headers));
    expect(await text(await call(1, 'delete-all'))).toContain('answered HTTP 503');
    expect(up.tries.get('tools/call:delete-all')).toBe(1);
    expect(await text(await call(2, 'get-sum'))).toContain('done');
    expect(up.tries.get('tools/call:get-sum')).toBe(2);
  });

  it('retries a tool the upstream marks read-only, on a server whose annotations are trusted', async () => {
    const { gw, up } = make({ attempts: 2, backoffMs: 1, maxBackoffMs: 5 }, 1, true);
    const headers = await session(gw);
    // the catalog is learned from a list (its first try fails and is retried)
    await text(await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers)));
    const call = (id: number, name: string) =>
      gw.handle(post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } }, headers));
    expect(await text(await call(2, 'read-file'))).toContain('done');
    expect(up.tries.get('tools/call:read-file')).toBe(2);
    expect(await text(await call(3, 'write-file'))).toContain('answered HTTP 503');
    expect(up.tries.get('tools/call:write-file')).toBe(1);
  });

  it('gives up after its attempts', async () => {
    const { gw, up } = make({ attempts: 1, backoffMs: 1, maxBackoffMs: 5 }, 5);
    const headers = await session(gw);
    expect(await text(await gw.handle(post({ jsonrpc: '2.0', id: 1, method: 'ping' }, headers)))).toContain(
      '503',
    );
    expect(up.tries.get('ping:')).toBe(2);
  });
});

describe('retry rules', () => {
  it('knows which calls are safe to repeat', async () => {
    const msg = (method: string, name?: string) => ({
      jsonrpc: '2.0' as const,
      id: 1,
      method,
      params: { name },
    });
    expect(await repeatable({} as never, [msg('tools/list'), msg('resources/read')])).toBe(true);
    expect(await repeatable({} as never, [msg('tools/call', 'x')])).toBe(false);
    expect(await repeatable({ idempotentTools: ['x'] } as never, [msg('tools/call', 'x')])).toBe(true);
    expect(await repeatable({} as never, [msg('initialize')])).toBe(false);
  });

  it('waits with full jitter under an exponential cap, or as long as Retry-After says', () => {
    expect(backoffMs({ backoffMs: 100, maxBackoffMs: 2000 } as never, 3, undefined, () => 0.999)).toBe(399);
    expect(backoffMs({ backoffMs: 100, maxBackoffMs: 250 } as never, 5, undefined, () => 0.999)).toBe(249);
    expect(backoffMs({} as never, 1, '2', () => 0)).toBe(2000);
    // the HTTP-date form, from the moment asked; a date past, or nonsense, asks nothing
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(backoffMs({} as never, 1, 'Tue, 01 Dec 2026 10:00:03 GMT', () => 0, now)).toBe(3000);
    expect(backoffMs({} as never, 1, 'Tue, 01 Dec 2026 09:00:00 GMT', () => 0, now)).toBe(0);
    expect(backoffMs({} as never, 1, 'soon', () => 0, now)).toBe(0);
    expect(backoffMs({} as never, 1, '-5', () => 0, now)).toBe(0);
  });

  it('keeps retries a bounded share of the calls', () => {
    const budgets = new RetryBudgets();
    const server = { name: 'up', retry: { budget: 0.1 } } as Server;
    let granted = 0;
    for (let i = 0; i < 100; i++) {
      budgets.call(server);
      if (budgets.retry(server)) granted++;
    }
    // ten banked to start, then a tenth of the calls
    expect(granted).toBeLessThanOrEqual(20);
    expect(granted).toBeGreaterThanOrEqual(18);
  });

  it('grants no retry at all under a budget of 0 (not even the ten banked to start)', () => {
    const budgets = new RetryBudgets();
    const server = { name: 'up', retry: { budget: 0 } } as Server;
    for (let i = 0; i < 20; i++) {
      budgets.call(server);
      expect(budgets.retry(server)).toBe(false);
    }
  });
});
