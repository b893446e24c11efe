import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../core/config.js';
import type { HttpRequest, HttpResponse } from '../../core/http.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import { createGateway, type Gateway } from '../../mcp/gateway.js';
import { fakeConfig, testServer } from '../../mcp/test-support.js';
import { MemoryStore } from '../../store/memory.js';

const person = (user: string): Principal => ({
  user,
  workspace: 'default',
  method: 'api-key',
  credentialId: `key_${user}`,
});
const server = testServer();

let gateway: Gateway | undefined;
afterEach(() => gateway?.close());

/**
 * A gateway in front of an upstream that runs every call as a task and tells its callers apart not at all
 * (the gateway's own credential): it knows every task, whoever asks.
 */
function make() {
  const tasks: string[] = [];
  const reached: { method: string; taskId?: unknown }[] = [];
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    // a resumed stream replays what the upstream answered on it: a listing of every task, a task created
    if (init?.method === 'GET') {
      const event = (id: number, result: unknown) =>
        `id: e${id}\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result })}\n\n`;
      tasks.push('task-replayed');
      return new Response(
        event(90, { tasks: tasks.map((taskId) => ({ taskId, status: 'working' })) }) +
          event(91, { task: { taskId: 'task-replayed', status: 'working' } }) +
          event(92, { task: { taskId: 'task-1', status: 'working' } }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    }
    const message = JSON.parse(String(init?.body ?? 'null')) as {
      id?: number;
      method: string;
      params?: Record<string, unknown>;
    };
    reached.push({ method: message.method, taskId: message.params?.['taskId'] });
    const result = (value: unknown, headers: Record<string, string> = {}) =>
      Response.json({ jsonrpc: '2.0', id: message.id, result: value }, { headers });
    if (message.method === 'initialize')
      return result({ protocolVersion: '2025-11-25', capabilities: {} }, { 'mcp-session-id': 'shared' });
    if (message.method === 'tools/call') {
      const taskId = `task-${tasks.length + 1}`;
      tasks.push(taskId);
      return result({ task: { taskId, status: 'working', ttl: 60_000 } });
    }
    // (a vendor's listing, `tasks/search`, answers as tasks/list does)
    if (message.method === 'tasks/list' || message.method === 'tasks/search')
      return result({ tasks: tasks.map((taskId) => ({ taskId, status: 'working' })) });
    if (message.method === 'tasks/result')
      return result({ content: [{ type: 'text', text: `result of ${String(message.params?.['taskId'])}` }] });
    if (message.method.startsWith('tasks/'))
      return result({ taskId: message.params?.['taskId'], status: 'working' });
    return new Response(null, { status: 202 });
  }) as typeof fetch;
  const store = new MemoryStore();
  gateway = createGateway({
    store,
    config: fakeConfig({
      serverByName: async (name) => (name === 'up' ? server : undefined),
      authenticateApiKey: async (key) =>
        key === 'ada' || key === 'bob'
          ? person(key)
          : key === 'ada-2'
            ? { ...person('ada'), credentialId: 'key_ada_2' } // another key of hers
            : key === 'ada-contractor'
              ? // another provider's "ada": another person
                ({ user: 'ada', workspace: 'default', method: 'jwt', provider: 'contractors' } as Principal)
              : key === 'ada-sso' || key === 'ada-other-sso'
                ? // vouched for by an authentication webhook: that webhook's "ada"
                  ({
                    user: 'ada',
                    workspace: 'default',
                    method: 'webhook',
                    webhook: key === 'ada-sso' ? 'whk_sso' : 'whk_other',
                  } as Principal)
                : undefined,
    }),
    guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
    log: () => {},
    http: fetchHttpClient(fetchImpl),
  });
  return { gw: gateway, reached };
}

const post = (key: string, body: unknown, session?: string): HttpRequest => ({
  method: 'POST',
  path: '/mcp/up',
  headers: {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-11-25',
    ...(session !== undefined ? { 'mcp-session-id': session } : {}),
  },
  query: {},
  body: JSON.stringify(body),
});

async function answerOf(response: HttpResponse): Promise<Record<string, unknown>> {
  let text = '';
  if (typeof response.body === 'string') text = response.body;
  else if (response.body !== undefined)
    for await (const chunk of response.body)
      text += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
  const data = text.includes('data: ')
    ? text
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6)
    : text;
  return JSON.parse(data) as Record<string, unknown>;
}

async function sessionOf(gw: Gateway, key: string): Promise<string> {
  const opened = await gw.handle(
    post(key, {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  );
  await answerOf(opened);
  return opened.headers['mcp-session-id']!;
}

describe('task ownership', () => {
  it("lets only a task's creator read, cancel and list it; another caller's tasks/* never reach the upstream", async () => {
    const { gw, reached } = make();
    const [ada, bob] = [await sessionOf(gw, 'ada'), await sessionOf(gw, 'bob')];
    const ask = async (key: string, session: string, id: number, method: string, params: object) =>
      answerOf(await gw.handle(post(key, { jsonrpc: '2.0', id, method, params }, session)));
    const created = await ask('ada', ada, 1, 'tools/call', {
      name: 'export',
      arguments: {},
      task: { ttl: 60_000 },
    });
    expect(created).toMatchObject({ result: { task: { taskId: 'task-1' } } });
    // its creator reads it
    expect(await ask('ada', ada, 2, 'tasks/result', { taskId: 'task-1' })).toMatchObject({
      result: { content: [{ text: 'result of task-1' }] },
    });
    // another caller does not, nor cancels it, nor reads one the gateway never saw created
    const before = reached.length;
    for (const [id, method, taskId] of [
      [3, 'tasks/result', 'task-1'],
      [4, 'tasks/get', 'task-1'],
      [5, 'tasks/cancel', 'task-1'],
      [6, 'tasks/get', 'task-999'],
    ] as const)
      expect(await ask('bob', bob, id, method, { taskId }), method).toMatchObject({
        error: { code: -32602, message: 'Task not found.' },
      });
    expect(reached).toHaveLength(before);
    // each lists its own
    await ask('bob', bob, 7, 'tools/call', { name: 'export', arguments: {}, task: {} });
    const listed = async (key: string, session: string) =>
      ((await ask(key, session, 8, 'tasks/list', {})).result as { tasks: { taskId: string }[] }).tasks.map(
        (t) => t.taskId,
      );
    expect(await listed('ada', ada)).toEqual(['task-1']);
    expect(await listed('bob', bob)).toEqual(['task-2']);
    // a task method naming no task lists the caller's own only; one the protocol defines needs its task
    const searched = (await ask('bob', bob, 9, 'tasks/search', { status: 'working' })).result as {
      tasks: { taskId: string }[];
    };
    expect(searched.tasks.map((t) => t.taskId)).toEqual(['task-2']);
    expect(await ask('bob', bob, 10, 'tasks/get', {})).toMatchObject({
      error: { message: 'Task not found.' },
    });
  });

  it('filters a resumed stream’s replayed listing and records a task created on it, never one another owns', async () => {
    const { gw, reached } = make();
    const [ada, bob] = [await sessionOf(gw, 'ada'), await sessionOf(gw, 'bob')];
    const ask = async (key: string, session: string, id: number, method: string, params: object) =>
      answerOf(await gw.handle(post(key, { jsonrpc: '2.0', id, method, params }, session)));
    await ask('ada', ada, 1, 'tools/call', { name: 'export', arguments: {}, task: {} }); // task-1
    await ask('bob', bob, 2, 'tools/call', { name: 'export', arguments: {}, task: {} }); // task-2
    const resumed = await gw.handle({
      method: 'GET',
      path: '/mcp/up',
      headers: {
        authorization: 'Bearer bob',
        accept: 'text/event-stream',
        'mcp-protocol-version': '2025-11-25',
        'mcp-session-id': bob,
        'last-event-id': 'e1',
      },
      query: {},
      body: undefined,
    });
    let text = '';
    for await (const chunk of resumed.body as AsyncIterable<Uint8Array | string>)
      text += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    const replayed = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as { id: number; result: { tasks?: { taskId: string }[] } });
    // bob's own task only, not ada's nor one nobody is known to own
    expect(replayed.find((m) => m.id === 90)?.result.tasks?.map((t) => t.taskId)).toEqual(['task-2']);
    // the task created on the lost stream is bob's now; ada's task-1 replayed to him stays hers
    const before = reached.length;
    expect(await ask('bob', bob, 3, 'tasks/get', { taskId: 'task-replayed' })).toMatchObject({
      result: { taskId: 'task-replayed' },
    });
    expect(await ask('ada', ada, 4, 'tasks/get', { taskId: 'task-replayed' })).toMatchObject({
      error: { message: 'Task not found.' },
    });
    expect(await ask('bob', bob, 5, 'tasks/get', { taskId: 'task-1' })).toMatchObject({
      error: { message: 'Task not found.' },
    });
    expect(await ask('ada', ada, 6, 'tasks/get', { taskId: 'task-1' })).toMatchObject({
      result: { taskId: 'task-1' },
    });
    expect(reached.slice(before).map((r) => r.taskId)).toEqual(['task-replayed', 'task-1']);
  });

  it("knows a person by how they are known: any api key of theirs, not another provider's namesake; any task method", async () => {
    const { gw, reached } = make();
    const ask = async (key: string, id: number, method: string, params: object) => {
      const session = await sessionOf(gw, key);
      return answerOf(await gw.handle(post(key, { jsonrpc: '2.0', id, method, params }, session)));
    };
    await ask('ada', 1, 'tools/call', { name: 'export', arguments: {}, task: {} });
    expect(await ask('ada-2', 2, 'tasks/get', { taskId: 'task-1' })).toMatchObject({
      result: { taskId: 'task-1' },
    });
    const before = reached.length;
    for (const [method, params] of [
      ['tasks/get', { taskId: 'task-1' }],
      // a method the gateway does not know, naming the task all the same
      ['tasks/export_log', { taskId: 'task-1' }],
      ['tasks/result', { taskId: 7 }],
    ] as const)
      expect(await ask('ada-contractor', 3, method, params), method).toMatchObject({
        error: { code: -32602, message: 'Task not found.', data: { code: 'task_not_found' } },
      });
    expect(reached.slice(before).filter((r) => r.method.startsWith('tasks/'))).toEqual([]);
    // one webhook's "ada" is not another's
    await ask('ada-sso', 4, 'tools/call', { name: 'export', arguments: {}, task: {} }); // task-2
    expect(await ask('ada-sso', 5, 'tasks/get', { taskId: 'task-2' })).toMatchObject({
      result: { taskId: 'task-2' },
    });
    expect(await ask('ada-other-sso', 6, 'tasks/get', { taskId: 'task-2' })).toMatchObject({
      error: { message: 'Task not found.' },
    });
  });
});
