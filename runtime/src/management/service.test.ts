import { describe, expect, it } from 'vitest';
import { resolveApiKey } from '../auth/api-keys.js';
import { claimPartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import type { PutCondition, StoredItem } from '../store/port.js';
import { createResourceService, ensureDefaultWorkspace } from './resources.js';
import { mergePatch, parseIfMatch, ResourceService } from './service.js';
import { FakeClock, setup } from './test-support.js';

describe('mergePatch (RFC 7396)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('merges %j with %j into %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('treats __proto__ as a plain member', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const merged = mergePatch({}, patch) as Record<string, unknown>;
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});

describe('parseIfMatch', () => {
  it('reads strong tags, lists and *', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    // an empty list of tags matches no version
    expect(parseIfMatch('')).toEqual([]);
    expect(parseIfMatch(' ')).toEqual([]);
    expect(parseIfMatch('*')).toBe('*');
    expect(parseIfMatch('"3"')).toEqual([3]);
    expect(parseIfMatch('"3", "5"')).toEqual([3, 5]);
    expect(parseIfMatch('W/"3"')).toEqual([]);
    expect(parseIfMatch('3')).toEqual([]);
  });
});

describe('unique-name claims', () => {
  it('takes over a claim left behind by a crashed create once it is stale', async () => {
    const { call, store, clock } = setup();
    await store.put(
      {
        pk: claimPartition('server', 'name'),
        sk: 'ghost',
        id: 'srv_never_written',
        claimedAt: clock.now(),
        version: 1,
      },
      { kind: 'absent' },
    );
    const body = { name: 'ghost', url: 'http://127.0.0.1:1/mcp' };
    // A fresh claim may belong to a create still in flight.
    expect((await call('POST', '/v1/servers', body)).status).toBe(409);
    clock.advance(30_000);
    const created = await call('POST', '/v1/servers', body);
    expect(created.status).toBe(201);
    const claim = await store.get(claimPartition('server', 'name'), 'ghost');
    expect(claim).toMatchObject({ id: created.body.id, version: 2 });
    expect((await call('GET', '/v1/servers', undefined, {}, { name: 'ghost' })).body.items).toHaveLength(1);
  });

  it('releases the claim on delete, so the name can be reused', async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/workspaces', { name: 'reuse' });
    await call('DELETE', `/v1/workspaces/${created.body.id}`);
    expect(await store.get(claimPartition('workspace', 'name'), 'reuse')).toBeUndefined();
    expect((await call('POST', '/v1/workspaces', { name: 'reuse' })).status).toBe(201);
  });

  it('keeps api-key name claims consistent across renames and lost races', async () => {
    const { call, store } = setup();
    const created = await call('POST', '/v1/api-keys', { name: 'one', user: 'u' });
    const path = `/v1/api-keys/${created.body.id}`;
    const answers = await Promise.all([
      call('PATCH', path, { name: 'two' }),
      call('PATCH', path, { name: 'three' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!.body.name as string;
    const loser = winner === 'two' ? 'three' : 'two';
    expect(await store.get(claimPartition('api_key', 'name'), winner)).toMatchObject({ id: created.body.id });
    expect(await store.get(claimPartition('api_key', 'name'), loser)).toBeUndefined();
    expect(await store.get(claimPartition('api_key', 'name'), 'one')).toBeUndefined();
  });
});

/** A memory store that holds the first `put` or `delete` of a key `when` names until `resume` is called. */
class HoldingStore extends MemoryStore {
  private holding = false;
  resume = () => {};
  private reach = () => {};
  /** Settles once the write is held. */
  readonly reached = new Promise<void>((resolve) => {
    this.reach = resolve;
  });

  constructor(
    clock: FakeClock,
    private readonly method: 'put' | 'delete',
    private readonly when: (pk: string, sk: string) => boolean,
  ) {
    super(clock);
  }

  private async hold(pk: string, sk: string): Promise<void> {
    if (this.holding || !this.when(pk, sk)) return;
    this.holding = true;
    this.reach();
    await new Promise<void>((resolve) => {
      this.resume = resolve;
    });
  }

  override async put(item: StoredItem, condition?: PutCondition) {
    if (this.method === 'put') await this.hold(item.pk, item.sk);
    return super.put(item, condition);
  }

  override async delete(pk: string, sk: string, condition?: { version: number }) {
    if (this.method === 'delete') await this.hold(pk, sk);
    return super.delete(pk, sk, condition);
  }
}

describe('a resource named by a write while it is deleted', () => {
  it('is never both deleted and named: a policy naming a team being deleted is refused', async () => {
    const clock = new FakeClock();
    const store = new HoldingStore(clock, 'delete', (pk) => pk === 'cfg#team');
    const { call } = setup({ store, clock });
    const team = await call('POST', '/v1/teams', { name: 'ops', members: ['ada'] });
    // the delete found nothing naming the team, and is about to delete it
    const deleting = call('DELETE', `/v1/teams/${team.body.id}`);
    await store.reached;
    const policy = await call('POST', '/v1/access-policies', {
      name: 'ops-deny',
      effect: 'deny',
      subjects: { teams: ['ops'] },
    });
    expect(policy.status).toBe(409);
    expect(policy.body.detail).toContain('team "ops"');
    store.resume();
    expect((await deleting).status).toBe(204);
    // nothing names the team that is gone
    expect((await call('GET', '/v1/access-policies')).body.items).toEqual([]);
  });

  it('is never both deleted and named: a delete while a write naming it is under way is refused', async () => {
    const clock = new FakeClock();
    const store = new HoldingStore(clock, 'put', (pk) => pk === 'cfg#access_policy');
    const { call } = setup({ store, clock });
    const team = await call('POST', '/v1/teams', { name: 'ops', members: ['ada'] });
    // the policy found the team, and is about to be written
    const writing = call('POST', '/v1/access-policies', {
      name: 'ops-deny',
      effect: 'deny',
      subjects: { teams: ['ops'] },
    });
    await store.reached;
    const deleted = await call('DELETE', `/v1/teams/${team.body.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.detail).toContain('under way');
    store.resume();
    expect((await writing).status).toBe(201);
    expect((await call('GET', `/v1/teams/${team.body.id}`)).status).toBe(200);
    // once it is written, the delete's own guard refuses
    expect((await call('DELETE', `/v1/teams/${team.body.id}`)).status).toBe(409);
  });

  it('is never both deleted and named: a server in a workspace being deleted is refused', async () => {
    const clock = new FakeClock();
    const store = new HoldingStore(clock, 'delete', (pk) => pk === 'cfg#workspace');
    const { call } = setup({ store, clock });
    const workspace = await call('POST', '/v1/workspaces', { name: 'labs' });
    const deleting = call('DELETE', `/v1/workspaces/${workspace.body.id}`);
    await store.reached;
    const server = await call('POST', '/v1/servers', {
      name: 'labs-srv',
      url: 'http://127.0.0.1:9/mcp',
      workspace: 'labs',
    });
    expect(server.status).toBe(409);
    store.resume();
    expect((await deleting).status).toBe(204);
    expect((await call('GET', '/v1/servers', undefined, {}, { name: 'labs-srv' })).body.items).toEqual([]);
    // and the name is free again
    expect(
      (await call('POST', '/v1/servers', { name: 'labs-srv', url: 'http://127.0.0.1:9/mcp' })).status,
    ).toBe(201);
  });
});

describe('a value renamed away and back at once', () => {
  it('stays claimed by the write that takes it back while the rename away still releases it', async () => {
    const clock = new FakeClock();
    const claims = claimPartition('api_key', 'name');
    const store = new HoldingStore(clock, 'delete', (pk, sk) => pk === claims && sk === 'one');
    const { call } = setup({ store, clock });
    const created = await call('POST', '/v1/api-keys', { name: 'one', user: 'ada' });
    const path = `/v1/api-keys/${created.body.id}`;
    // renamed away: written, then held as it releases `one`
    const away = call('PATCH', path, { name: 'two' });
    await store.reached;
    // renamed back meanwhile, then the release goes on
    expect((await call('PATCH', path, { name: 'one' })).status).toBe(200);
    store.resume();
    expect((await away).status).toBe(200);
    expect(await store.get(claims, 'one')).toMatchObject({ id: created.body.id });
    // the name is still this key's alone
    expect((await call('POST', '/v1/api-keys', { name: 'one', user: 'bob' })).status).toBe(409);
  });
});

describe('one resource written twice at once', () => {
  it('keeps the claim of the write that won when the other, claiming the same value, fails', async () => {
    const { call, store, clock } = setup();
    // two instances starting at once both write the default workspace
    await Promise.all([0, 1].map(() => ensureDefaultWorkspace(createResourceService({ store, clock }))));
    expect(await store.get(claimPartition('workspace', 'name'), 'default')).toMatchObject({ id: 'default' });
    expect((await call('POST', '/v1/workspaces', { name: 'default' })).status).toBe(409);
    // one key renamed to the same name twice: 200 and 409, and the name stays claimed
    const created = await call('POST', '/v1/api-keys', { name: 'laptop', user: 'ada' });
    const renames = await Promise.all(
      [0, 1].map(() => call('PATCH', `/v1/api-keys/${created.body.id}`, { name: 'desktop' })),
    );
    expect(renames.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await store.get(claimPartition('api_key', 'name'), 'desktop')).toMatchObject({
      id: created.body.id,
    });
    expect((await call('POST', '/v1/api-keys', { name: 'desktop', user: 'bob' })).status).toBe(409);
    // rotated to the same secret twice (a retry): the secret still signs in
    const secret = 'S'.repeat(40);
    const rotations = await Promise.all(
      [0, 1].map(() => call('POST', `/v1/api-keys/${created.body.id}/rotate`, { secret })),
    );
    expect(rotations.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await resolveApiKey(store, clock, secret)).toMatchObject({
      principal: { credentialId: created.body.id },
    });
  });
});

describe('names two resources race for', () => {
  it('gives a name to one of two keys renamed to it at once, and to one of a rename and a create', async () => {
    const { call } = setup();
    const [x, z] = await Promise.all(
      ['x', 'z'].map(
        async (name) => (await call('POST', '/v1/api-keys', { name, user: 'u' })).body.id as string,
      ),
    );
    const renames = await Promise.all([
      call('PATCH', `/v1/api-keys/${x}`, { name: 'y' }),
      call('PATCH', `/v1/api-keys/${z}`, { name: 'y' }),
    ]);
    expect(renames.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const named = async (name: string) =>
      (await call('GET', '/v1/api-keys', undefined, {}, { name })).body.items as unknown[];
    expect(await named('y')).toHaveLength(1);
    const all = (await call('GET', '/v1/api-keys')).body.items as { name: string }[];
    expect(all.filter((key) => key.name === 'y')).toHaveLength(1);
    // a create racing a rename to its name
    const [renamed, created] = await Promise.all([
      call('PATCH', `/v1/api-keys/${x}`, { name: 'q' }),
      call('POST', '/v1/api-keys', { name: 'q', user: 'u' }),
    ]);
    expect([renamed.status, created.status].filter((status) => status === 409)).toHaveLength(1);
    const after = (await call('GET', '/v1/api-keys')).body.items as { name: string }[];
    expect(after.filter((key) => key.name === 'q')).toHaveLength(1);
  });
});

describe('updates', () => {
  it('runs prepareUpdate once per PUT and per PATCH', async () => {
    const clock = new FakeClock();
    const seen: Record<string, unknown>[] = [];
    const service = new ResourceService({
      store: new MemoryStore(clock),
      clock,
      hooks: {
        workspace: {
          async prepareUpdate(_ctx, value) {
            seen.push({ ...value });
            return [];
          },
        },
      },
    });
    const created = await service.create('workspace', { name: 'once' });
    await service.patch('workspace', created.id, { description: 'patched', name: 'once' });
    // A patch hands the hook the immutable fields it carries.
    expect(seen).toEqual([{ name: 'once' }]);
    await service.replace('workspace', created.id, { name: 'once', description: 'replaced' });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ name: 'once', description: 'replaced' });
  });
});
