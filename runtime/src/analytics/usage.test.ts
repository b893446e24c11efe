import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { percentile, queryUsage, UsageRecorder, usersPartition } from './usage.js';

const HOUR = 3_600_000;

describe('usage analytics', () => {
  it('writes a flush’s users before its counts: a report never shows calls without their users', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    // the users' writes are slow: they land after the counts unless the counts wait for them
    const put = store.put.bind(store);
    let usersWritten = 0;
    store.put = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await put(...args);
      usersWritten++;
    };
    const usersAtCount: number[] = [];
    const increment = store.increment.bind(store);
    store.increment = async (...args) => {
      // (the rollups': a membership's count follows its own write)
      if (args[0].startsWith('usage#')) usersAtCount.push(usersWritten);
      return increment(...args);
    };
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    for (const user of ['ada', 'bo'])
      recorder.record({
        workspace: 'default',
        server: 'github',
        target: 'search',
        user,
        ms: 5,
        error: false,
      });
    await recorder.flush();
    expect(usersAtCount.length).toBeGreaterThan(0);
    expect(usersAtCount.every((n) => n === usersWritten)).toBe(true);
    await recorder.close();
  });

  it('counts calls, errors and exact distinct users across instances, in a few writes', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    const instances = [
      new UsageRecorder(store, clock, 90, 60_000),
      new UsageRecorder(store, clock, 90, 60_000),
    ];
    // 600 calls by 40 users, spread over both instances, two servers and three tools
    let events = 0;
    const traffic = () => {
      for (let i = 0; i < 600; i++) {
        const user = `user-${(i * 7) % 40}`;
        instances[i % 2]!.record({
          workspace: 'default',
          server: i % 3 === 0 ? 'github' : 'jira',
          target: ['search', 'create', '~tools/list'][i % 3]!,
          user,
          ms: (i % 10) * 20 + 1,
          error: i % 10 === 0,
        });
        events++;
      }
    };
    traffic();
    await Promise.all(instances.map((r) => r.flush()));
    const writes = () => instances.reduce((sum, r) => sum + r.writes, 0);
    // amortized: one increment per rollup item and flush; per new user of a scope (in the hour and the
    // day) one membership write per instance, and one count where it is new
    expect(writes()).toBeLessThanOrEqual(3 * events);
    const first = writes();
    const all = await queryUsage(store, {
      workspace: 'default',
      from: Date.parse('2026-12-01T10:00:00Z'),
      to: Date.parse('2026-12-01T10:59:59Z'),
      bucket: 'hour',
    });
    expect(all.buckets).toHaveLength(1);
    expect(all.buckets[0]).toMatchObject({
      start: '2026-12-01T10:00:00.000Z',
      calls: 600,
      errors: 60,
      uniqueUsers: 40,
    });
    expect(all.buckets[0]!.latencyMs).toEqual({ p50: 100, p95: 250, p99: 250 });
    expect(all.buckets[0]!.histogram.reduce((sum, b) => sum + b.count, 0)).toBe(600);
    // exact per server and per tool: computed here from the same traffic
    const expectUsers = (keep: (i: number) => boolean) =>
      new Set(
        Array.from({ length: 600 }, (_, i) => i)
          .filter(keep)
          .map((i) => `user-${(i * 7) % 40}`),
      ).size;
    const range = {
      workspace: 'default',
      from: Date.parse('2026-12-01T10:00:00Z'),
      to: Date.parse('2026-12-01T10:30:00Z'),
    };
    const github = await queryUsage(store, { ...range, server: 'github', bucket: 'hour' });
    expect(github.buckets[0]).toMatchObject({ calls: 200, uniqueUsers: expectUsers((i) => i % 3 === 0) });
    const search = await queryUsage(store, { ...range, tool: 'search', bucket: 'hour' });
    expect(search.buckets[0]).toMatchObject({ calls: 200, uniqueUsers: expectUsers((i) => i % 3 === 0) });
    const create = await queryUsage(store, { ...range, server: 'jira', tool: 'create', bucket: 'hour' });
    expect(create.buckets[0]).toMatchObject({ calls: 200, uniqueUsers: expectUsers((i) => i % 3 === 1) });
    // a method is a target like a tool, its users counted too
    const lists = await queryUsage(store, { ...range, server: 'jira', tool: '~tools/list', bucket: 'hour' });
    expect(lists.buckets[0]).toMatchObject({ calls: 200, uniqueUsers: expectUsers((i) => i % 3 === 2) });
    expect(
      (await queryUsage(store, { ...range, tool: '~tools/list', bucket: 'hour' })).buckets[0],
    ).toMatchObject({
      uniqueUsers: expectUsers((i) => i % 3 === 2),
    });
    const one = await queryUsage(store, { ...range, user: 'user-7', bucket: 'hour' });
    expect(one.buckets[0]).toMatchObject({ uniqueUsers: 1, calls: 600 / 40 });
    // the same users again: one increment per rollup item (a user's calls of a target), no membership again
    traffic();
    await Promise.all(instances.map((r) => r.flush()));
    expect(writes() - first).toBeLessThanOrEqual(120);
    expect(writes() - first).toBeLessThan(first / 2);
  });

  it('reads a bucket’s distinct users from its count, never its members; older periods from their members', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    for (const user of ['ada', 'bo', 'cy'])
      recorder.record({ workspace: 'w', server: 's', target: 't', user, ms: 3, error: false });
    await recorder.close();
    // the members gone (the counts kept): the numbers stand, so the members were not read
    const hour = usersPartition('w', '2026-12-01T10');
    for (const item of (await store.query(hour)).items)
      if (!item.sk.startsWith('#n#')) await store.delete(item.pk, item.sk);
    const range = {
      workspace: 'w',
      from: Date.parse('2026-12-01T10:00:00Z'),
      to: Date.parse('2026-12-01T10:59:59Z'),
    };
    expect((await queryUsage(store, { ...range, bucket: 'hour' })).buckets[0]!.uniqueUsers).toBe(3);
    expect((await queryUsage(store, { ...range, tool: 't', bucket: 'hour' })).buckets[0]!.uniqueUsers).toBe(
      3,
    );
    // an hour written before memberships were counted (its members only): counted from them
    const earlier = usersPartition('w', '2026-12-01T09');
    for (const sk of ['*#ada', '*#bo', 's:s#ada', 't:s#t#ada#v', 't:s#t#bo'])
      await store.put({ pk: earlier, sk, user: sk.split('#')[sk.startsWith('t:') ? 2 : 1]! });
    const before = {
      ...range,
      from: Date.parse('2026-12-01T09:00:00Z'),
      to: Date.parse('2026-12-01T09:59:59Z'),
    };
    expect((await queryUsage(store, { ...before, bucket: 'hour' })).buckets[0]!.uniqueUsers).toBe(2);
    expect((await queryUsage(store, { ...before, tool: 't', bucket: 'hour' })).buckets[0]!.uniqueUsers).toBe(
      1,
    );
  });

  it('counts the users an earlier version wrote as members before counts began, once', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    const hour = usersPartition('w', '2026-12-01T10');
    // ada was seen this hour before (a member, uncounted); bo is new
    await store.put({ pk: hour, sk: '*#ada', user: 'ada' });
    const instances = [
      new UsageRecorder(store, clock, 90, 60_000),
      new UsageRecorder(store, clock, 90, 60_000),
    ];
    for (const recorder of instances)
      for (const user of ['ada', 'bo'])
        recorder.record({ workspace: 'w', server: 's', target: 't', user, ms: 3, error: false });
    await Promise.all(instances.map((r) => r.close()));
    const range = {
      workspace: 'w',
      from: Date.parse('2026-12-01T10:00:00Z'),
      to: Date.parse('2026-12-01T10:59:59Z'),
    };
    expect((await queryUsage(store, { ...range, bucket: 'hour' })).buckets[0]!.uniqueUsers).toBe(2);
  });

  it('keeps every key within DynamoDB’s 1,024 bytes: names that escape long count as ~other', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    // 256 characters and 128 characters, as before, but three bytes each once escaped or encoded
    recorder.record({
      workspace: 'w',
      server: 's',
      target: '€'.repeat(128),
      user: '#'.repeat(256),
      ms: 3,
      error: false,
    });
    recorder.record({ workspace: 'w', server: 's', target: 'ok', user: 'ada', ms: 3, error: false });
    await recorder.flush();
    const keys = [
      ...(await store.query('usage#w#2026-12-01', { limit: 100 })).items,
      ...(await store.query('users#w#2026-12-01', { limit: 100 })).items,
    ].map((item) => item.sk);
    expect(keys.every((sk) => Buffer.byteLength(sk) <= 1024)).toBe(true);
    expect(keys.filter((sk) => sk.startsWith('10#'))).toEqual(['10#s#ok#ada', '10#s#~other#~other']);
  });

  it('keeps at most 500 tools of a server apart in an hour: made-up names do not fill the store', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    // many callers (each may add 50 names an hour)
    const call = (target: string, server = 'github', user = 'mallory') =>
      recorder.record({ workspace: 'default', server, target, user, ms: 3, error: true });
    for (let i = 0; i < 2000; i++) call(`made-up-${i}`, 'github', `mallory-${i % 40}`);
    call('made-up-7'); // one kept apart before stays apart
    call('search', 'jira'); // other servers have room of their own
    await recorder.flush();
    const rollups = await store.query('usage#default#2026-12-01', { limit: 1000 });
    const targets = rollups.items.map((item) => item.sk.split('#')[2]);
    expect(new Set(targets.filter((t) => t?.startsWith('made-up-'))).size).toBe(500);
    expect(targets).toContain('~other');
    expect(targets).toContain('search');
    const hour = {
      workspace: 'default',
      from: Date.parse('2026-12-01T10:00:00Z'),
      to: Date.parse('2026-12-01T10:59:59Z'),
      bucket: 'hour' as const,
    };
    expect((await queryUsage(store, { ...hour, server: 'github' })).buckets[0]).toMatchObject({
      calls: 2001,
    });
    expect((await queryUsage(store, { ...hour, tool: 'made-up-7' })).buckets[0]).toMatchObject({ calls: 2 });
    // the next hour starts afresh
    clock.advance(3_600_000);
    call('made-up-1999');
    await recorder.flush();
    const next = await queryUsage(store, {
      ...hour,
      from: hour.from + 3_600_000,
      to: hour.to + 3_600_000,
      tool: 'made-up-1999',
    });
    expect(next.buckets[0]).toMatchObject({ calls: 1 });
  });

  it('buckets by hour and by day; a user seen in two hours is one user of the day', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T22:30:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    const call = (user: string) =>
      recorder.record({ workspace: 'w', server: 's', target: 't', user, ms: 3, error: false });
    call('ada');
    call('bob');
    clock.advance(HOUR);
    call('ada');
    clock.advance(HOUR); // the next day
    call('cy');
    await recorder.close();
    const hours = await queryUsage(store, {
      workspace: 'w',
      from: Date.parse('2026-12-01T22:00:00Z'),
      to: Date.parse('2026-12-02T00:30:00Z'),
      bucket: 'hour',
    });
    expect(hours.buckets.map((b) => [b.start.slice(0, 13), b.calls, b.uniqueUsers])).toEqual([
      ['2026-12-01T22', 2, 2],
      ['2026-12-01T23', 1, 1],
      ['2026-12-02T00', 1, 1],
    ]);
    const days = await queryUsage(store, {
      workspace: 'w',
      from: Date.parse('2026-12-01T00:00:00Z'),
      to: Date.parse('2026-12-02T12:00:00Z'),
      bucket: 'day',
    });
    expect(days.buckets.map((b) => [b.start.slice(0, 10), b.calls, b.uniqueUsers])).toEqual([
      ['2026-12-01', 3, 2],
      ['2026-12-02', 1, 1],
    ]);
    expect(days.buckets[0]!.latencyMs.p50).toBe(5);
  });

  it('reads only the rollups a query selects by server and hour, a page at a time', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:30:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    // a busy server beside a quiet one: many users of `busy`, two calls of `quiet` in two hours
    for (let i = 0; i < 300; i++)
      recorder.record({ workspace: 'w', server: 'busy', target: 't', user: `u${i}`, ms: 3, error: false });
    recorder.record({ workspace: 'w', server: 'quiet', target: 't', user: 'ada', ms: 30, error: false });
    clock.advance(HOUR);
    recorder.record({ workspace: 'w', server: 'quiet', target: 'x', user: 'ada', ms: 30, error: true });
    await recorder.close();
    const read: string[] = [];
    const spied = Object.create(store) as MemoryStore;
    spied.query = async (pk, options) => {
      const page = await store.query(pk, options);
      if (pk.startsWith('usage#')) read.push(...page.items.map((item) => item.sk));
      return page;
    };
    const day = {
      workspace: 'w',
      from: Date.parse('2026-12-01T00:00:00Z'),
      to: Date.parse('2026-12-01T23:00:00Z'),
    };
    const quiet = await queryUsage(spied, { ...day, server: 'quiet', bucket: 'day' });
    expect(quiet.buckets.map((b) => [b.calls, b.errors, b.uniqueUsers])).toEqual([[2, 1, 1]]);
    expect(read).toEqual(['10#quiet#t#ada', '11#quiet#x#ada']);
    read.length = 0;
    const tool = await queryUsage(spied, { ...day, server: 'quiet', tool: 'x', bucket: 'day' });
    expect(tool.buckets.map((b) => [b.calls, b.errors])).toEqual([[1, 1]]);
    expect(read).toEqual(['11#quiet#x#ada']);
    read.length = 0;
    // an hour's bucket reads its hour
    const hour = {
      workspace: 'w',
      from: Date.parse('2026-12-01T11:00:00Z'),
      to: Date.parse('2026-12-01T11:10:00Z'),
    };
    expect((await queryUsage(spied, { ...hour, bucket: 'hour' })).buckets.map((b) => b.calls)).toEqual([1]);
    expect(read).toEqual(['11#quiet#x#ada']);
    // every server by day: the day whole, as it was before
    const all = await queryUsage(spied, { ...day, bucket: 'day' });
    expect(all.buckets.map((b) => [b.calls, b.uniqueUsers])).toEqual([[302, 301]]);
  });

  it('lets no one caller use up a server’s names: the tools others call keep their own counts', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    const call = (target: string, user: string) =>
      recorder.record({ workspace: 'default', server: 'github', target, user, ms: 3, error: false });
    for (let i = 0; i < 600; i++) call(`made-up-${i}`, 'mallory');
    call('search', 'ada');
    call('search', 'bob');
    await recorder.flush();
    const hour = {
      workspace: 'default',
      from: Date.parse('2026-12-01T10:00:00Z'),
      to: Date.parse('2026-12-01T10:59:59Z'),
      bucket: 'hour' as const,
    };
    expect((await queryUsage(store, { ...hour, tool: 'search' })).buckets[0]).toMatchObject({
      calls: 2,
      uniqueUsers: 2,
    });
    // mallory's first 50 names are counted apart, the rest together
    expect((await queryUsage(store, { ...hour, tool: 'made-up-49' })).buckets[0]).toMatchObject({ calls: 1 });
    expect((await queryUsage(store, { ...hour, tool: '~other' })).buckets[0]).toMatchObject({ calls: 550 });
  });

  it('writes the memberships of a user once per hour, and one the store refused again before the next counts', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:15:00Z'));
    const store = new MemoryStore(clock);
    let refuse = true;
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      if (refuse && item.pk.startsWith('users#')) throw new Error('throttled');
      return put(item, condition);
    };
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    const call = () =>
      recorder.record({ workspace: 'w', server: 's', target: 't', user: 'ada', ms: 3, error: false });
    call();
    // the eight membership writes (hour and day: all, server, tool there and anywhere) were refused; the
    // first invocation writes its counts at once (one rollup), the eight tried again before them
    await recorder.settle();
    expect(recorder.writes).toBe(8 + 8 + 1);
    refuse = false;
    // the next flush writes them (and their counts), though the user called no more
    await recorder.flush();
    expect(recorder.writes).toBe(17 + 8 + 8);
    call(); // the same user in the same hour: no membership written again
    call();
    await recorder.close();
    expect(recorder.writes).toBe(33 + 1); // the hour's one rollup
    const day = await queryUsage(store, {
      workspace: 'w',
      from: Date.parse('2026-12-01T00:00:00Z'),
      to: Date.parse('2026-12-01T23:00:00Z'),
      bucket: 'day',
    });
    expect(day.buckets.map((b) => [b.calls, b.uniqueUsers])).toEqual([[3, 1]]);
  });

  it('on Lambda, writes an invocation’s counts at once after a quiet interval, a busy function’s once per interval', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 10_000);
    const range = { workspace: 'w', from: clock.now(), to: clock.now() + 3_600_000, bucket: 'hour' as const };
    for (let i = 0; i < 5; i++) {
      recorder.record({ workspace: 'w', server: 's', target: 't', user: 'ada', ms: 3, error: false });
      clock.advance(1000);
      await recorder.settle();
      // the first invocation's count is written (a container reclaimed after it loses nothing); the
      // next ones wait for the interval
      expect((await queryUsage(store, range)).buckets[0]).toMatchObject({ calls: 1, uniqueUsers: 1 });
    }
    clock.advance(6000);
    recorder.record({ workspace: 'w', server: 's', target: 't', user: 'ada', ms: 3, error: false });
    await recorder.settle();
    expect((await queryUsage(store, range)).buckets[0]).toMatchObject({ calls: 6, uniqueUsers: 1 });
    await recorder.close();
  });

  it('counts a call a virtual server routed once over all servers, and at each server it passed', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const store = new MemoryStore(clock);
    const recorder = new UsageRecorder(store, clock, 90, 60_000);
    const call = { workspace: 'w', user: 'ada', ms: 3, error: false };
    // two calls through the virtual server `suite`, each also at its member `gh`; one call of `gh` itself
    for (let i = 0; i < 2; i++) {
      recorder.record({ ...call, server: 'suite', target: 'gh_search' });
      recorder.record({ ...call, server: 'gh', target: 'search', routed: true });
    }
    recorder.record({ ...call, server: 'gh', target: 'search', error: true });
    // bob calls through the virtual server only; eve routed first, then at the member itself
    recorder.record({ ...call, user: 'bob', server: 'suite', target: 'gh_search' });
    recorder.record({ ...call, user: 'bob', server: 'gh', target: 'search', routed: true });
    recorder.record({ ...call, user: 'eve', server: 'gh', target: 'search', routed: true });
    recorder.record({ ...call, user: 'eve', server: 'gh', target: 'search' });
    await recorder.flush();
    const calls = async (query: { server?: string; tool?: string }) => {
      const [bucket] = (
        await queryUsage(store, {
          workspace: 'w',
          from: clock.now(),
          to: clock.now(),
          bucket: 'day',
          ...query,
        })
      ).buckets;
      return { calls: bucket?.calls, errors: bucket?.errors, users: bucket?.uniqueUsers };
    };
    expect(await calls({})).toEqual({ calls: 5, errors: 1, users: 3 });
    expect(await calls({ server: 'gh' })).toEqual({ calls: 6, errors: 1, users: 3 });
    expect(await calls({ server: 'suite' })).toEqual({ calls: 3, errors: 0, users: 2 });
    expect(await calls({ server: 'gh', tool: 'search' })).toEqual({ calls: 6, errors: 1, users: 3 });
    // a tool over all servers: by the name the client called, and by the users who called it so
    expect(await calls({ tool: 'search' })).toEqual({ calls: 2, errors: 1, users: 2 });
    expect(await calls({ tool: 'gh_search' })).toEqual({ calls: 3, errors: 0, users: 2 });
    // a tool called only through a virtual server has no users of its own
    recorder.record({ ...call, server: 'suite', target: 'gh_list' });
    recorder.record({ ...call, server: 'gh', target: 'list', routed: true });
    await recorder.flush();
    expect(await calls({ tool: 'list' })).toEqual({ calls: 0, errors: 0, users: 0 });
    // a scope's count lost (its write failed): its own members are counted
    for (const pk of [usersPartition('w', '2026-12-01'), usersPartition('w', '2026-12-01T10')])
      expect(await store.delete(pk, '#n#T:search')).toBe(true);
    expect(await calls({ tool: 'search' })).toEqual({ calls: 2, errors: 1, users: 2 });
    await recorder.close();
  });
});

describe('percentile', () => {
  it('names the upper bound of the bucket it falls in; above the last bound, none (null), as without calls', () => {
    const counts = (at: Record<number, number>) => Array.from({ length: 14 }, (_, i) => at[i] ?? 0);
    expect(percentile(counts({ 0: 50, 4: 50 }), 0.5)).toBe(5);
    expect(percentile(counts({ 0: 50, 4: 50 }), 0.95)).toBe(100);
    expect(percentile(counts({ 12: 10 }), 0.99)).toBe(60_000);
    // calls of two to five minutes: no "within 60 s"
    expect(percentile(counts({ 0: 1, 13: 99 }), 0.95)).toBeNull();
    expect(percentile(counts({}), 0.5)).toBeNull();
  });
});
