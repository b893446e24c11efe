import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnswerItem, envelope } from './answer.js';
import { fromMember, interleaved, mergeLists, PAGE_SIZE, pageOf } from './virtual.js';
import { routeName, type VirtualMember } from './virtual-names.js';

const members: VirtualMember[] = [
  { server: 'github', prefix: 'gh_' },
  { server: 'ghe', prefix: 'gh_e_' },
  { server: 'jira', prefix: 'j_', rename: { search: 'find_issues' } },
  { server: 'plain' },
];

describe('routeName', () => {
  it('takes explicit renames first, then the longest matching prefix, the unprefixed member last', () => {
    expect(routeName(members, 'find_issues')).toEqual({ index: 2, name: 'search' });
    expect(routeName(members, 'gh_e_list')).toEqual({ index: 1, name: 'list' });
    expect(routeName(members, 'gh_list')).toEqual({ index: 0, name: 'list' });
    expect(routeName(members, 'j_create')).toEqual({ index: 2, name: 'create' });
    expect(routeName(members, 'anything')).toEqual({ index: 3, name: 'anything' });
    // a renamed tool is reached only by its new name
    expect(routeName(members, 'j_search')).toEqual({ index: 3, name: 'j_search' });
    expect(routeName([{ server: 'a', prefix: 'a_' }], 'b_x')).toBeUndefined();
  });
});

describe('mergeLists', () => {
  it('renames tools, drops the ones that would route elsewhere, and names members that failed', () => {
    const merged = mergeLists(
      members,
      [
        { entries: [{ name: 'list' }, { name: 'e_list' }] },
        { entries: [{ name: 'list' }] },
        { entries: [{ name: 'search' }, { name: 'create' }] },
        { error: 'upstream_unavailable' },
      ],
      'tools/list',
    );
    // github's `e_list` would be `gh_e_list`, which is ghe's: left out, no collision
    expect(merged.entries.map((e) => e['name'])).toEqual(['gh_list', 'gh_e_list', 'find_issues', 'j_create']);
    expect(merged.unavailable).toEqual([{ server: 'plain', error: 'upstream_unavailable' }]);
  });

  it('offers no tool that runs only as a task, and one that may as a plain tool (it runs no tasks)', () => {
    const merged = mergeLists(
      [{ server: 'm', prefix: 'm_' }],
      [
        {
          entries: [
            { name: 'export', execution: { taskSupport: 'required' } },
            { name: 'report', execution: { taskSupport: 'optional', other: 1 } },
            { name: 'echo' },
          ],
        },
      ],
      'tools/list',
    );
    expect(merged.entries).toEqual([{ name: 'm_report', execution: { other: 1 } }, { name: 'm_echo' }]);
    expect(merged.owners).toEqual(['m', 'm']);
  });

  it('treats names of Object.prototype as names like any other', () => {
    const renaming: VirtualMember[] = [{ server: 'm', prefix: 'm_', rename: { other: 'o' } }];
    const merged = mergeLists(
      renaming,
      [{ entries: [{ name: 'constructor' }, { name: '__proto__' }] }],
      'tools/list',
    );
    expect(merged.entries.map((e) => e['name'])).toEqual(['m_constructor', 'm___proto__']);
    expect(routeName(renaming, 'm_constructor')).toEqual({ index: 0, name: 'constructor' });
  });

  it('keeps resources as they are, each URI once (the first member listing it)', () => {
    const merged = mergeLists(
      members.slice(0, 2),
      [
        { entries: [{ uri: 'a://1', name: 'one' }] },
        { entries: [{ uri: 'a://1', name: 'again' }, { uri: 'a://2' }] },
      ],
      'resources/list',
    );
    expect(merged.entries).toEqual([{ uri: 'a://1', name: 'one' }, { uri: 'a://2' }]);
  });

  it('lists only names that route back to the member and name they came from', () => {
    const member = fc.record(
      {
        prefix: fc.stringMatching(/^[a-c_]{1,3}$/),
        rename: fc.dictionary(fc.stringMatching(/^[a-c]{1,3}$/), fc.stringMatching(/^[a-c_]{1,4}$/), {
          maxKeys: 2,
        }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(fc.stringMatching(/^[a-c_]{1,4}$/), { maxLength: 6 }), {
          minLength: 4,
          maxLength: 4,
        }),
        (configs, names) => {
          const ms = configs.map((c, i) => ({ server: `m${i}`, ...c }));
          const lists = ms.map((_, i) => ({ entries: (names[i] ?? []).map((name) => ({ name })) }));
          const { entries } = mergeLists(ms, lists, 'tools/list');
          const seen = new Set<string>();
          for (const entry of entries) {
            const name = String(entry['name']);
            expect(seen.has(name)).toBe(false);
            seen.add(name);
            const route = routeName(ms, name);
            expect(route).toBeDefined();
            expect(lists[route!.index]!.entries.some((e) => e.name === route!.name)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('pageOf', () => {
  /** A merged list of members' entries: `member_i` names. */
  const of = (member: string, n: number) => Array.from({ length: n }, (_, i) => ({ name: `${member}_${i}` }));
  const merged = (...lists: [string, number][]) => ({
    entries: lists.flatMap(([member, n]) => of(member, n)),
    owners: lists.flatMap(([member, n]) => Array<string>(n).fill(member)),
  });
  const order = ['c', 'a', 'b'];

  it('pages a merged list with its own cursors and refuses cursors it did not give', () => {
    const list = merged(['a', PAGE_SIZE * 2 + 5]);
    const first = pageOf(list, order, undefined);
    expect(first.page).toHaveLength(PAGE_SIZE);
    const second = pageOf(list, order, first.nextCursor);
    expect(second.page[0]).toEqual({ name: `a_${PAGE_SIZE}` });
    const last = pageOf(list, order, second.nextCursor);
    expect(last.page).toHaveLength(5);
    expect(last.nextCursor).toBeUndefined();
    expect(() => pageOf(list, order, 'not-ours')).toThrow(/cursor/);
    expect(() => pageOf(list, order, 42)).toThrow(/cursor/);
  });

  it('goes on after the entries of the member the last page ended with, though a member left or came back', () => {
    const both = merged(['a', 60], ['b', 60]);
    const first = pageOf(both, order, undefined);
    expect(first.page.at(-1)).toEqual({ name: 'b_39' });
    // member a fails the next page: b's last twenty follow, none lost
    expect(pageOf(merged(['b', 60]), order, first.nextCursor).page).toEqual(of('b', 60).slice(40));
    // a member that was down comes back ahead of b: b's last twenty follow, none repeated
    expect(pageOf(merged(['c', 10], ['a', 60], ['b', 60]), order, first.nextCursor).page).toEqual(
      of('b', 60).slice(40),
    );
    // the page ended in a member that fails the next one: the next member's entries follow
    const ended = pageOf(merged(['a', PAGE_SIZE + 10], ['b', 5]), order, undefined);
    expect(pageOf(merged(['b', 5]), order, ended.nextCursor).page).toEqual(of('b', 5));
    // the member it names is no longer of the server: the page goes on at the cursor's offset
    expect(pageOf(merged(['a', 120]), ['a'], first.nextCursor).page).toEqual(of('a', 120).slice(PAGE_SIZE));
  });

  it('names no entry in its cursor (a page may end on one the caller is not shown), and probes none', () => {
    const list = merged(['a', PAGE_SIZE], ['b', 10]);
    list.entries[PAGE_SIZE - 1] = { name: 'hidden_admin_tool' };
    const { nextCursor } = pageOf(list, order, undefined);
    expect(Buffer.from(nextCursor!, 'base64url').toString()).not.toContain('hidden');
    // a cursor of the earlier form naming an entry goes by its offset alone
    const probe = (name: string) =>
      pageOf(list, order, Buffer.from(`v2:0:n:${name}`).toString('base64url')).page[0];
    expect(probe('hidden_admin_tool')).toEqual(probe('no_such_tool'));
  });
});

describe('fromMember', () => {
  it('renumbers a member’s requests and its cancellations of them alike, so the client can match them', async () => {
    async function* answer() {
      yield envelope({ jsonrpc: '2.0', id: 4, method: 'sampling/createMessage', params: {} });
      yield envelope({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 4, reason: 'late' },
      });
      yield envelope({ jsonrpc: '2.0', id: 'client-1', result: {} });
    }
    const messages: unknown[] = [];
    for await (const item of fromMember('gamma', answer()))
      if (item.kind === 'message') messages.push(item.message);
    const asked = (messages[0] as { id: string }).id;
    expect(asked).toMatch(/^mcp-gateway-member:gamma:/);
    expect(messages[1]).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: asked, reason: 'late' },
    });
    // the client's own request's answer keeps its id
    expect(messages[2]).toEqual({ jsonrpc: '2.0', id: 'client-1', result: {} });
  });
});

describe('interleaved', () => {
  const note = (n: number) => envelope({ jsonrpc: '2.0', method: 'notifications/message', params: { n } });
  const nOf = (item: AnswerItem) =>
    item.kind === 'message' ? (item.message as { params?: { n?: number } }).params?.n : undefined;

  it('gives each source’s items as they come, each in its order; one waiting holds up none of the others', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const waiting = (async function* () {
      yield note(1);
      await held; // a member waiting on the client's answer
      yield note(2);
    })();
    const busy = (async function* () {
      for (let n = 10; n < 15; n++) yield note(n);
    })();
    const seen: (number | undefined)[] = [];
    for await (const item of interleaved([waiting, busy])) {
      seen.push(nOf(item));
      if (nOf(item) === 14) release();
    }
    expect(seen.filter((n) => n! >= 10)).toEqual([10, 11, 12, 13, 14]);
    expect(seen.filter((n) => n! < 10)).toEqual([1, 2]);
    expect(seen.indexOf(14)).toBeLessThan(seen.indexOf(2));
  });

  it('fails with a source that fails, and ends the others a reader left', async () => {
    let ended = false;
    const endless = (async function* () {
      try {
        for (let n = 0; ; n++) {
          yield note(n);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      } finally {
        ended = true;
      }
    })();
    const failing = (async function* () {
      yield note(100);
      throw new Error('member stream broke');
    })();
    await expect(
      (async () => {
        for await (const _ of interleaved([endless, failing]));
      })(),
    ).rejects.toThrow('member stream broke');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended).toBe(true);
  });
});
