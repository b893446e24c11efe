import { describe, expect, it } from 'vitest';
import type { NewAuditEvent } from '../../audit/log.js';
import type { Principal, Server } from '../../core/config.js';
import type { Authenticated, RequestContext, Resolved } from '../../mcp/context.js';
import { authorizeWorkspace } from './index.js';

type Context = RequestContext & Authenticated & Resolved;

describe('workspace isolation', () => {
  const audited: NewAuditEvent[] = [];
  const stage = authorizeWorkspace({ audit: { enqueue: (event) => audited.push(event) } });
  const run = async (principal: Partial<Principal>, server: Partial<Server>) => {
    audited.length = 0;
    let reached = false;
    const context = {
      request: { method: 'POST', path: `/mcp/${server.name}`, headers: { host: 'gw.test' }, query: {} },
      principal: { user: 'ada', workspace: 'default', method: 'api-key', ...principal },
      server: { workspace: 'default', ...server },
    } as unknown as Context;
    const outcome = await (async () =>
      stage.run(context, async () => {
        reached = true;
        return { status: 200, headers: {} } as never;
      }))().catch((error: Error) => error);
    return { reached, outcome };
  };

  it('lets a principal reach its own workspace’s servers within its credential’s', async () => {
    expect((await run({ servers: ['a'] }, { name: 'a' })).reached).toBe(true);
    expect((await run({}, { name: 'b' })).reached).toBe(true);
    expect(audited).toEqual([]);
  });

  it('answers a server past a credential’s servers as unknown, and records who reached for it', async () => {
    const { reached, outcome } = await run({ servers: ['a'], credentialId: 'key_1' }, { name: 'b' });
    expect(reached).toBe(false);
    expect(String(outcome)).toContain('"b"');
    expect(audited).toEqual([
      {
        type: 'access.denied',
        workspace: 'default',
        actor: { kind: 'user', id: 'ada', method: 'api-key' },
        server: 'b',
        reason: 'credential-scope',
        detail: { credential: 'key_1' },
      },
    ]);
  });

  it('answers another workspace’s server as unknown, recorded nowhere its name would show', async () => {
    const { reached, outcome } = await run({}, { name: 'theirs', workspace: 'other' });
    expect(reached).toBe(false);
    expect(outcome).toBeInstanceOf(Error);
    expect(audited).toEqual([]);
  });
});
