import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import type { StateStore } from '../store/port.js';
import { AuditLog, queryAudit } from './log.js';

const actor = { kind: 'user' as const, id: 'ada', method: 'api-key' };

describe('audit log', () => {
  it('records a refusal of a name as long as a body allows, kept short and still told apart', async () => {
    const clock = new FakeClock(Date.parse('2026-10-30T12:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock);
    const named = (end: string) => `${'t'.repeat(300_000)}${end}`;
    for (const end of ['a', 'b'])
      log.enqueue({
        type: 'access.denied',
        workspace: 'default',
        actor,
        server: 'github',
        tool: named(end),
        method: named(end),
        reason: named(end),
        detail: { target: { kind: 'tool', name: named(end) }, list: [named(end)] },
      });
    await log.flush();
    const { items } = await queryAudit(store, { workspace: 'default', limit: 10 }, clock.now());
    expect(items.map((e) => e.type)).toEqual(['access.denied', 'access.denied']);
    const tools = items.map((e) => e.tool ?? '');
    expect(tools.every((t) => t.startsWith('t'.repeat(256)) && t.length < 300)).toBe(true);
    expect(new Set(tools).size).toBe(2);
    expect(JSON.stringify(items).length).toBeLessThan(20_000);
    expect((items[0]!.detail?.['target'] as { name?: string } | undefined)?.name).toMatch(
      /^t{2048}…#[\w-]{24}$/,
    );
  });

  it('records a change of a large resource within an item: the fields that changed, large ones by digest', async () => {
    const clock = new FakeClock(Date.parse('2026-10-30T12:00:00Z'));
    const memory = new MemoryStore(clock);
    // a store that refuses items over 400 KB, as DynamoDB does
    const store = Object.assign(Object.create(memory), {
      put: (item: Record<string, unknown>, condition?: never) =>
        Buffer.byteLength(JSON.stringify(item)) > 400 * 1024
          ? Promise.reject(new GatewayError('payload_too_large', 'The item is too large.'))
          : memory.put(item as never, condition),
    }) as StateStore;
    const log = new AuditLog(store, clock);
    const document = 'd'.repeat(230 * 1024);
    const before = { name: 'api', description: 'old', openapi: { document } };
    const after = { name: 'api', description: 'new', openapi: { document } };
    const small = { type: 'resource.updated' as const, workspace: 'default', actor };
    expect(await log.record({ ...small, before, after })).toEqual({});
    const [kept] = (await queryAudit(store, { limit: 10 }, clock.now())).items;
    expect(kept).toMatchObject({ before: { description: 'old' }, after: { description: 'new' } });
    expect(kept!.before).not.toHaveProperty('openapi');
    // the large field itself changed: recorded by size and digest, the two told apart
    const changed = { ...after, openapi: { document: `${document}!` } };
    expect(await log.record({ ...small, before, after: changed })).toEqual({});
    const [latest] = (await queryAudit(store, { limit: 10 }, clock.now())).items;
    const digests = [latest!.before!['openapi'], latest!.after!['openapi']] as { sha256: string }[];
    expect(digests[0]).toMatchObject({ omitted: true, bytes: expect.any(Number) });
    expect(digests[0]!.sha256).not.toBe(digests[1]!.sha256);
  });

  it('answers newest first across months, filtered, page by page with a cursor', async () => {
    const clock = new FakeClock(Date.parse('2026-10-30T12:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock);
    // one event a day for 40 days, across three months; every third of workspace "other"
    for (let day = 0; day < 40; day++) {
      await log.record({
        type: 'access.denied',
        workspace: day % 3 === 0 ? 'other' : 'default',
        actor,
        server: 'github',
        detail: { day },
      });
      clock.advance(86_400_000);
    }
    const days: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const answer = await queryAudit(
        store,
        { limit: 7, workspace: 'default', ...(cursor !== undefined ? { cursor } : {}) },
        clock.now(),
      );
      days.push(...answer.items.map((e) => e.detail?.['day'] as number));
      cursor = answer.nextCursor;
      if (cursor === undefined) break;
    }
    const expected = Array.from({ length: 40 }, (_, d) => 39 - d).filter((d) => d % 3 !== 0);
    expect(days).toEqual(expected);
    // a range: only what falls within it, inclusive
    const ranged = await queryAudit(
      store,
      { limit: 50, from: '2026-11-05T12:00:00.000Z', to: '2026-11-07T12:00:00.000Z' },
      clock.now(),
    );
    expect(ranged.items.map((e) => e.detail?.['day'])).toEqual([8, 7, 6]);
    expect(ranged.nextCursor).toBeUndefined();
  });

  it('answers for a server its calls’ events and its own changes, not those of another resource of its name', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock);
    const changed = (type: string) => ({
      type: 'resource.created' as const,
      workspace: 'default',
      actor,
      resource: { type, id: `${type}_1`, name: 'github' },
    });
    await log.record({ type: 'access.denied', workspace: 'default', actor, server: 'github' });
    await log.record(changed('server'));
    await log.record(changed('team'));
    await log.record(changed('webhook'));
    const { items } = await queryAudit(store, { limit: 10, server: 'github' }, clock.now());
    expect(items.map((e) => e.resource?.type ?? e.type)).toEqual(['server', 'access.denied']);
  });

  it('goes on after the last event a page answered, whatever was written since', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock);
    const write = async (n: number) => {
      await log.record({ type: 'access.denied', actor, detail: { n } });
      clock.advance(1000);
    };
    for (let n = 0; n < 10; n++) await write(n);
    const first = await queryAudit(store, { limit: 4 }, clock.now());
    expect(first.items.map((e) => e.detail?.['n'])).toEqual([9, 8, 7, 6]);
    // newer events sort first: they must not shift where the next page starts
    await write(10);
    await write(11);
    const second = await queryAudit(store, { limit: 4, cursor: first.nextCursor! }, clock.now());
    expect(second.items.map((e) => e.detail?.['n'])).toEqual([5, 4, 3, 2]);
  });

  it('ends a walk whose start moved past where its next page begins (the retention’s edge)', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock, 90);
    for (let n = 0; n < 4; n++) {
      await log.record({ type: 'access.denied', actor, detail: { n } });
      clock.advance(1000);
    }
    // the log's start is 90 days back: the oldest events are at its edge
    clock.time = Date.parse('2026-12-01T00:00:00Z') + 90 * 86_400_000 - 1000;
    const first = await queryAudit(store, { limit: 2 }, clock.now(), 90);
    expect(first.items.map((e) => e.detail?.['n'])).toEqual([3, 2]);
    // by the next page, the edge passed the last event answered: nothing more, no error
    clock.advance(3500);
    expect(await queryAudit(store, { limit: 2, cursor: first.nextCursor! }, clock.now(), 90)).toEqual({
      items: [],
    });
  });

  it("lists by default what an instance whose clock is ahead wrote, across a month's end too", async () => {
    const ahead = new FakeClock(Date.parse('2026-11-01T00:01:00Z'));
    const store = new MemoryStore(ahead);
    await new AuditLog(store, ahead).record({ type: 'access.denied', workspace: 'default', actor });
    // this instance's clock is two minutes behind: still October here
    const behind = Date.parse('2026-10-31T23:59:00Z');
    const { items } = await queryAudit(store, { limit: 10 }, behind);
    expect(items.map((e) => e.type)).toEqual(['access.denied']);
  });

  it('expires events after the retention period', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock, 2);
    await log.record({ type: 'tool.approved', actor, tool: 'deploy' });
    clock.advance(86_400_000);
    expect((await queryAudit(store, { limit: 10 }, clock.now(), 2)).items).toHaveLength(1);
    clock.advance(86_400_000 + 1000);
    expect((await queryAudit(store, { limit: 10 }, clock.now(), 2)).items).toEqual([]);
  });

  it('writes queued events in the background, and counts what a flood pushes past the queue', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock, 90, 60_000);
    for (let i = 0; i < 1005; i++) log.enqueue({ type: 'access.denied', actor, reason: `n${i}` });
    expect((await queryAudit(store, { limit: 10 }, clock.now())).items).toEqual([]);
    await log.flush();
    const all = async (type: string) => {
      const found: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryAudit(
          store,
          { limit: 100, type, ...(cursor !== undefined ? { cursor } : {}) },
          clock.now(),
        );
        found.push(...page.items.map((e) => e.detail ?? {}));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return found;
    };
    expect(await all('audit.dropped')).toEqual([{ count: 5 }]);
    expect(await all('access.denied')).toHaveLength(1000);
    await log.close();
  });

  it('drops an event the store can never take (counted), and tries again what it may take later', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    let unavailable = true;
    const refusing: StateStore = Object.create(store);
    refusing.put = async (item, condition) => {
      const event = item['event'] as { reason?: string } | undefined;
      if (event?.reason === 'huge')
        throw new GatewayError('validation_failed', 'The value nests too deeply to store.');
      if (unavailable) throw new GatewayError('store_unavailable', 'The state store is unavailable.');
      return store.put(item, condition);
    };
    const log = new AuditLog(refusing, clock, 90, 60_000);
    log.enqueue({ type: 'access.denied', actor, reason: 'huge' });
    log.enqueue({ type: 'access.denied', actor, reason: 'later' });
    await log.flush();
    expect(log.pending).toBe(1); // the one the store may take once it is back
    unavailable = false;
    // a flush under way (its retry timer's, in another request) still has it: pending until written
    const flushing = log.flush();
    await Promise.resolve();
    expect(log.pending).toBe(2); // with the notice of the one dropped
    await flushing;
    expect(log.pending).toBe(0);
    const listed = await queryAudit(store, { limit: 10 }, clock.now());
    expect(listed.items.map((e) => [e.type, e.reason ?? e.detail])).toEqual([
      ['audit.dropped', { count: 1 }],
      ['access.denied', 'later'],
    ]);
    await log.close();
  });

  it('finds what a selective filter asks for in one call, reading the log a page at a time', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const log = new AuditLog(store, clock);
    await log.record({ type: 'tool.approved', actor, tool: 'deploy' });
    for (let i = 0; i < 300; i++) {
      clock.advance(1000);
      await log.record({ type: 'access.denied', actor, reason: `n${i}` });
    }
    const found = await queryAudit(store, { limit: 1, type: 'tool.approved' }, clock.now());
    expect(found.items.map((e) => e.tool)).toEqual(['deploy']);
  });

  it('starts a first page at `to`: events after it are never read, one at `to` is answered', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const memory = new MemoryStore(clock);
    let read = 0;
    const store = Object.assign(Object.create(memory), {
      query: async (pk: string, options: never) => {
        const page = await memory.query(pk, options);
        read += page.items.length;
        return page;
      },
    }) as StateStore;
    const log = new AuditLog(store, clock);
    await log.record({ type: 'tool.approved', actor, tool: 'before' });
    clock.advance(1000);
    const to = new Date(clock.now()).toISOString();
    await log.record({ type: 'tool.approved', actor, tool: 'at' });
    for (let i = 0; i < 1500; i++) {
      clock.advance(1000);
      await log.record({ type: 'access.denied', actor, reason: `n${i}` });
    }
    const found = await queryAudit(store, { limit: 10, to }, clock.now());
    expect(found.items.map((e) => e.tool)).toEqual(['at', 'before']);
    expect(read).toBe(2);
  });

  it('refuses a cursor it did not make', async () => {
    const store = new MemoryStore();
    await expect(queryAudit(store, { limit: 10, cursor: 'not-a-cursor' }, Date.now())).rejects.toThrow(
      /cursor/,
    );
    // well formed, but from far past the walk's start: refused, not walked back month by month
    const future = Buffer.from(JSON.stringify({ month: 1e15 })).toString('base64url');
    const queries = vi.spyOn(store, 'query');
    await expect(queryAudit(store, { limit: 10, cursor: future }, Date.now())).rejects.toThrow(/cursor/);
    expect(queries).not.toHaveBeenCalled();
    // one a bit past this instance's start (another's clock ahead), within its month: taken
    const now = Date.UTC(2026, 11, 10);
    const ahead = Buffer.from(JSON.stringify({ month: now + 10 * 60_000 })).toString('base64url');
    await expect(queryAudit(store, { limit: 10, cursor: ahead }, now)).resolves.toEqual({ items: [] });
  });
});
