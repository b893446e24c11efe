import { describe, expect, it } from 'vitest';
import { AuditDeferred, AuditLog } from '../audit/log.js';
import { MemoryStore } from '../store/memory.js';
import { FakeClock, setup } from './test-support.js';

interface Event {
  type: string;
  workspace?: string;
  actor: { kind: string; id: string };
  resource?: { type: string; id: string; name?: string };
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  requestId?: string;
}

describe('audit events of management changes', () => {
  it('a record that cannot be written does not turn a change that happened into an error', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    // the audit partition refuses writes for a while (throttled, or under pressure)
    let refusing = true;
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      if (refusing && item.pk.startsWith('audit#')) throw new Error('throttled');
      return put(item, condition);
    };
    const audit = new AuditLog(store, clock);
    const errors: unknown[] = [];
    const { call } = setup({ store, audit, onError: (error) => errors.push(error) });
    const created = await call('POST', '/v1/servers', { name: 'github', url: 'http://127.0.0.1:3001/mcp' });
    expect(created.status).toBe(201);
    expect((await call('GET', `/v1/servers/${created.body.id}`)).body.name).toBe('github');
    // told with the whole event, so that it can be rebuilt should the process end first
    expect(errors).toHaveLength(1);
    const deferred = (errors[0] as AuditDeferred).event;
    expect(errors[0]).toBeInstanceOf(AuditDeferred);
    expect(deferred).toMatchObject({ type: 'resource.created', resource: { id: created.body.id } });
    expect(String(errors[0])).toContain(deferred.id);
    expect(audit.pending).toBe(1);
    // written later, once, under the same id
    refusing = false;
    await audit.flush();
    expect(audit.pending).toBe(0);
    const listed = await call('GET', '/v1/audit-events', undefined, {}, { resourceId: created.body.id });
    expect(listed.body.items.map((e: { id: string }) => e.id)).toEqual([deferred.id]);
  });

  it('records who changed what, before and after without secrets, with the request id', async () => {
    const { call } = setup();
    const created = await call(
      'POST',
      '/v1/servers',
      {
        name: 'github',
        url: 'http://127.0.0.1:3001/mcp',
        headers: { authorization: 'Bearer upstream-secret' },
      },
      { 'x-request-id': 'req-42' },
    );
    expect(created.status).toBe(201);
    expect(created.headers['x-request-id']).toBe('req-42');
    const id = created.body.id as string;
    const patched = await call('PATCH', `/v1/servers/${id}`, { description: 'code host' });
    const generated = patched.headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call('DELETE', `/v1/servers/${id}`)).status).toBe(204);
    // a refused change is no change
    expect((await call('PATCH', `/v1/servers/${id}`, { description: 'gone' })).status).toBe(404);

    const listed = await call('GET', '/v1/audit-events', undefined, {}, { resourceId: id });
    expect(listed.status).toBe(200);
    const events = listed.body.items as Event[];
    expect(events.map((e) => e.type)).toEqual(['resource.deleted', 'resource.updated', 'resource.created']);
    for (const event of events) {
      expect(event.actor).toEqual({ kind: 'admin', id: 'admin-key', method: 'admin' });
      expect(event.resource).toEqual({ type: 'server', id, name: 'github' });
      expect(event.workspace).toBe('default');
    }
    const [deleted, updated, made] = events as [Event, Event, Event];
    expect(made.requestId).toBe('req-42');
    expect(made.before).toBeUndefined();
    expect(made.after).toMatchObject({ name: 'github', url: 'http://127.0.0.1:3001/mcp' });
    expect(updated.requestId).toBe(generated);
    expect(updated.before?.description).toBeUndefined();
    expect(updated.after?.description).toBe('code host');
    expect(deleted.before).toMatchObject({ description: 'code host' });
    expect(deleted.after).toBeUndefined();
    // write-only values never reach the log
    expect(JSON.stringify(events)).not.toContain('upstream-secret');
  });

  it('records rotations without their secret, and filters by type', async () => {
    const { call } = setup();
    const key = await call('POST', '/v1/api-keys', { name: 'ci', user: 'ci-bot' });
    const rotated = await call('POST', `/v1/api-keys/${key.body.id}/rotate`, {});
    expect(rotated.status).toBe(200);
    const listed = await call('GET', '/v1/audit-events', undefined, {}, { type: 'api_key.rotated' });
    expect(listed.body.items).toHaveLength(1);
    const text = JSON.stringify((await call('GET', '/v1/audit-events')).body);
    expect(text).not.toContain(key.body.secret as string);
    expect(text).not.toContain(rotated.body.secret as string);
  });

  it('reads times as RFC 3339 date-times only, and finds the events of a window reaching far past them', async () => {
    const { call } = setup();
    expect((await call('POST', '/v1/workspaces', { name: 'kept' })).status).toBe(201);
    for (const from of ['2026-12-01T10:00:00', '1', '12/01/2026']) {
      const refused = await call('GET', '/v1/audit-events', undefined, {}, { from });
      expect(refused.status, from).toBe(400);
      expect(refused.body.detail).toContain('RFC 3339');
    }
    // from before the retention period to far in the future: the event on the first page, and no more
    const wide = await call(
      'GET',
      '/v1/audit-events',
      undefined,
      {},
      { from: '1970-01-01T00:00:00Z', to: '9000-01-01T00:00:00Z' },
    );
    expect(wide.status).toBe(200);
    expect(wide.body.items.map((event: { type: string }) => event.type)).toContain('resource.created');
    expect(wide.body.nextCursor).toBeUndefined();
  });

  it('refuses bad filters clearly, and needs the admin credential', async () => {
    const { call } = setup();
    const bad = await call('GET', '/v1/audit-events', undefined, {}, { type: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('type must be one of');
    expect((await call('GET', '/v1/audit-events', undefined, {}, { from: 'yesterday' })).status).toBe(400);
    // valid ISO times the log has no months for: 400, not a failure while paging back
    for (const to of ['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '1969-12-31T23:59:59Z']) {
      const far = await call('GET', '/v1/audit-events', undefined, {}, { to });
      expect(far.status, to).toBe(400);
      expect(far.body.detail).toContain('from 1970 to 9999');
    }
    expect(
      (await call('GET', '/v1/audit-events', undefined, {}, { to: '2026-12-01T00:00:00Z' })).status,
    ).toBe(200);
    // the spec's bounds of the filters, and a workspace is a name
    const long = await call('GET', '/v1/audit-events', undefined, {}, { resourceType: 'r'.repeat(65) });
    expect([long.status, long.body.detail]).toEqual([
      400,
      'resourceType is too long (at most 64 characters).',
    ]);
    expect((await call('GET', '/v1/audit-events', undefined, {}, { workspace: 'Not A Name' })).status).toBe(
      400,
    );
    const backwards = await call(
      'GET',
      '/v1/audit-events',
      undefined,
      {},
      {
        from: '2026-12-02T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
      },
    );
    expect([backwards.status, backwards.body.detail]).toEqual([400, 'from must not be after to.']);
    expect((await call('GET', '/v1/audit-events', undefined, {}, { cursor: 'x' })).status).toBe(400);
    expect((await call('POST', '/v1/audit-events', {})).status).toBe(405);
    expect((await call('GET', '/v1/audit-events', undefined, { authorization: 'Bearer wrong' })).status).toBe(
      401,
    );
  });
});
