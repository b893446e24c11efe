import { describe, expect, it } from 'vitest';
import { CatalogCache } from '../../catalog/cache.js';
import { readCatalog } from '../../catalog/store.js';
import { toCatalogTool } from '../../catalog/tools.js';
import type { Server } from '../../core/config.js';
import { Pipeline } from '../../core/pipeline.js';
import { type AnswerItem, envelope, type McpAnswer } from '../../mcp/answer.js';
import { viewOf as view } from '../../mcp/test-support.js';
import type { McpView } from '../../mcp/view.js';
import { MemoryStore } from '../../store/memory.js';
import { resultText, toolCatalog } from './index.js';

const server = { id: 'srv_1', name: 'up' } as Server;
async function* items(list: AnswerItem[]): AsyncGenerator<AnswerItem> {
  yield* list;
}
const answer = (messages: object[], format: McpAnswer['format'] = 'json'): McpAnswer => ({
  status: 200,
  headers: {},
  format,
  items: items(messages.map((m) => envelope({ jsonrpc: '2.0', ...m } as never))),
});
const tool = (name: string) => ({ name, inputSchema: { type: 'object' } });
/** An answer whose messages carry the upstream's text, as decoded replies do. */
const textAnswer = (messages: object[]): McpAnswer => ({
  status: 200,
  headers: {},
  format: 'json',
  items: items(
    messages.map((m) => {
      const message = { jsonrpc: '2.0', ...m } as never;
      return envelope(message, JSON.stringify(message));
    }),
  ),
});

function setup() {
  const store = new MemoryStore();
  const clock = { now: () => 1_000 };
  const catalogs = new CatalogCache({ store, clock });
  const listed: string[] = [];
  const stage = toolCatalog({
    catalogs,
    listTools: async (s) => {
      listed.push(s.name);
      return [toCatalogTool(tool('fresh'))!];
    },
  });
  const through = async (messages: object[], reply: McpAnswer, on: Server = server, user = 'ada') => {
    const run = Pipeline.start<{ server: Server; mcp: McpView }, McpAnswer>()
      .use(stage)
      .end(async () => reply);
    const principal = { user, workspace: 'default', method: 'api-key', credentialId: `key_${user}` };
    const out = await run({ server: on, mcp: view(messages), principal } as never);
    const seen: AnswerItem[] = [];
    for await (const item of out.items) seen.push(item);
    return seen;
  };
  return { store, catalogs, listed, through };
}

describe('tool catalog stage', () => {
  it('stops following a list past any real server’s, however long the upstream pages on', async () => {
    const { catalogs, through } = setup();
    const page = (n: number) => Array.from({ length: 1000 }, (_, i) => tool(`t${n}_${i}`));
    let cursor: string | undefined;
    for (let n = 0; n < 12; n++) {
      await through(
        [{ id: n, method: 'tools/list', ...(cursor !== undefined ? { params: { cursor } } : {}) }],
        answer([{ id: n, result: { tools: page(n), nextCursor: `p${n + 1}` } }]),
      );
      cursor = `p${n + 1}`;
    }
    // the eleventh page took the list past 10,000 tools: it is not carried on, so the last page ends nothing
    await through(
      [{ id: 99, method: 'tools/list', params: { cursor } }],
      answer([{ id: 99, result: { tools: [tool('last')] } }]),
    );
    expect(await catalogs.get('srv_1')).toBeUndefined();
  });

  it('learns a paginated tools/list across requests and stores it once complete', async () => {
    const { store, catalogs, through } = setup();
    await through(
      [{ id: 1, method: 'tools/list' }],
      answer([{ id: 1, result: { tools: [tool('a'), tool('b')], nextCursor: 'p2' } }]),
    );
    expect(await catalogs.get('srv_1')).toBeUndefined();
    const passed = await through(
      [{ id: 2, method: 'tools/list', params: { cursor: 'p2' } }],
      answer([{ id: 2, result: { tools: [tool('c')] } }]),
    );
    expect(passed).toHaveLength(1); // observed, not changed
    expect((await catalogs.get('srv_1'))?.tools.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    await catalogs.settled();
    const stored = await readCatalog(store, 'srv_1');
    expect(stored?.tools.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes a changed definition from a page that completes no list, and no new name from it', async () => {
    const { store, catalogs, through } = setup();
    await through(
      [{ id: 1, method: 'tools/list' }],
      answer([{ id: 1, result: { tools: [tool('a'), tool('b')] } }]),
    );
    const before = (await catalogs.get('srv_1'))!;
    // the first page of a list now paged: "a" changed, "n" is new (its page alone tells nothing of others)
    const changed = { name: 'a', description: 'changed', inputSchema: { type: 'object' } };
    await through(
      [{ id: 2, method: 'tools/list' }],
      answer([{ id: 2, result: { tools: [changed, tool('n')], nextCursor: 'p2' } }]),
    );
    // a continuation whose first page went by elsewhere
    const elsewhere = { name: 'b', description: 'changed too', inputSchema: { type: 'object' } };
    await through(
      [{ id: 3, method: 'tools/list', params: { cursor: 'elsewhere' } }],
      answer([{ id: 3, result: { tools: [elsewhere] } }]),
    );
    await catalogs.settled();
    for (const catalog of [await catalogs.get('srv_1'), await readCatalog(store, 'srv_1')]) {
      expect(catalog?.tools.map((t) => [t.name, t.description])).toEqual([
        ['a', 'changed'],
        ['b', 'changed too'],
      ]);
      expect(catalog?.hash).not.toBe(before.hash);
    }
  });

  it('a server listing per caller: one caller’s pages never complete another’s, and each list joins the catalog', async () => {
    const { catalogs, through } = setup();
    const perUser = { ...server, credentials: { kind: 'user-oauth' } } as Server;
    // ada's first page, then bob's continuation of the same (offset) cursor: no list of anyone's
    await through(
      [{ id: 1, method: 'tools/list' }],
      answer([{ id: 1, result: { tools: [tool('a1')], nextCursor: 'offset-1' } }]),
      perUser,
      'ada',
    );
    await through(
      [{ id: 2, method: 'tools/list', params: { cursor: 'offset-1' } }],
      answer([{ id: 2, result: { tools: [tool('b2')] } }]),
      perUser,
      'bob',
    );
    expect(await catalogs.get('srv_1')).toBeUndefined();
    // whole lists: each joins what the catalog holds
    await through(
      [{ id: 3, method: 'tools/list' }],
      answer([{ id: 3, result: { tools: [tool('x')] } }]),
      perUser,
      'ada',
    );
    await through(
      [{ id: 4, method: 'tools/list' }],
      answer([{ id: 4, result: { tools: [tool('y')] } }]),
      perUser,
      'bob',
    );
    expect((await catalogs.get('srv_1'))?.tools.map((t) => t.name)).toEqual(['x', 'y']);
  });

  it('learns nothing from a virtual server’s list (the caller’s): its lists remake its catalog from its members’', async () => {
    const { catalogs, through, listed } = setup();
    const suite = { id: 'srv_v', name: 'suite', transport: 'virtual' } as Server;
    const list = (id: number) =>
      through([{ id, method: 'tools/list' }], answer([{ id, result: { tools: [tool('a_only')] } }]), suite);
    await list(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // what its members' catalogs hold (here: `fresh`), so a drift its pins record can be approved
    expect((await catalogs.get('srv_v'))?.tools.map((t) => t.name)).toEqual(['fresh']);
    expect(listed).toEqual(['suite']);
    await list(2); // made again only now and then
    expect(listed).toEqual(['suite']);
  });

  it('ignores a continuation page whose beginning it never saw', async () => {
    const { catalogs, through } = setup();
    await through(
      [{ id: 1, method: 'tools/list', params: { cursor: 'elsewhere' } }],
      answer([{ id: 1, result: { tools: [tool('z')] } }]),
    );
    expect(await catalogs.get('srv_1')).toBeUndefined();
  });

  it('tells a changed list from the same list under another request id, on the upstream text', async () => {
    const { catalogs, through } = setup();
    const list = async (id: number, names: string[]) => {
      await through([{ id, method: 'tools/list' }], textAnswer([{ id, result: { tools: names.map(tool) } }]));
      return (await catalogs.get('srv_1'))?.tools.map((t) => t.name);
    };
    expect(await list(1, ['a', 'b'])).toEqual(['a', 'b']);
    const first = await catalogs.get('srv_1');
    expect(await list(2, ['a', 'b'])).toEqual(['a', 'b']);
    expect(await catalogs.get('srv_1')).toBe(first);
    expect(await list(3, ['a', 'c'])).toEqual(['a', 'c']);
    // a layout no SDK writes is serialised and hashed instead, and learned all the same
    const odd = '{"id":4,"jsonrpc":"2.0","result":{"tools":[{"name":"d","inputSchema":{"type":"object"}}]}}';
    const reply: McpAnswer = {
      status: 200,
      headers: {},
      format: 'json',
      items: items([envelope(JSON.parse(odd), odd)]),
    };
    await through([{ id: 4, method: 'tools/list' }], reply);
    expect((await catalogs.get('srv_1'))?.tools.map((t) => t.name)).toEqual(['d']);
  });

  it('tells a large changed page from the same page again, on its text', async () => {
    // over the length from which a page is known by its text rather than a hash of it
    const { catalogs, through } = setup();
    const big = (name: string) => ({ ...tool(name), description: 'd'.repeat(1000) });
    const list = async (id: number, names: string[]) => {
      await through([{ id, method: 'tools/list' }], textAnswer([{ id, result: { tools: names.map(big) } }]));
      return catalogs.get('srv_1');
    };
    const names = Array.from({ length: 100 }, (_, i) => `t${i}`);
    const first = await list(1, names);
    expect(first?.tools).toHaveLength(100);
    expect(await list(2, names)).toBe(first);
    const changed = await list(3, [...names.slice(1), 'other']);
    expect(changed).not.toBe(first);
    expect(changed?.tools.map((t) => t.name)).toContain('other');
  });

  it("cuts a result's text out of both SDK layouts, and out of no other", () => {
    const result = '{"tools":[{"name":"a"}],"nextCursor":"c\\"}"}';
    expect(resultText(`{"jsonrpc":"2.0","id":7,"result":${result}}`, 7)).toBe(result);
    expect(resultText(`{"result":${result},"jsonrpc":"2.0","id":"x"}`, 'x')).toBe(result);
    // another id, another layout, no text
    expect(resultText(`{"result":${result},"jsonrpc":"2.0","id":8}`, 7)).toBeUndefined();
    expect(resultText(`{"id":7,"jsonrpc":"2.0","result":${result}}`, 7)).toBeUndefined();
    expect(resultText(undefined, 7)).toBeUndefined();
  });

  it('refreshes from the upstream when it announces a change on any stream', async () => {
    const { catalogs, listed, through } = setup();
    await through([], answer([{ method: 'notifications/tools/list_changed' }], 'sse'));
    expect(listed).toEqual(['up']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await catalogs.get('srv_1'))?.tools.map((t) => t.name)).toEqual(['fresh']);
  });
});
