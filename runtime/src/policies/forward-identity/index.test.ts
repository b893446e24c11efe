import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { BrokerKeys } from '../../broker/keys.js';
import type { Principal, Server } from '../../core/config.js';
import type { McpAnswer } from '../../mcp/answer.js';
import { MemoryStore } from '../../store/memory.js';
import { forwardIdentity, IDENTITY_JWT_TYPE } from './index.js';

const clock = { now: () => Date.UTC(2026, 11, 1, 12) };
const principal: Principal = {
  user: 'zoë\r\nX-Evil: 1',
  workspace: 'team',
  method: 'oauth',
  credentialId: 'cred-1',
  provider: 'corp',
  email: 'zoe@corp.test',
};

function run(server: Partial<Server>, keys = new BrokerKeys(new MemoryStore(clock), clock)) {
  const stage = forwardIdentity({ keys, clock, publicUrl: 'https://gw.test' });
  const seen: Record<string, string>[] = [];
  const context = {
    request: { method: 'POST', path: '/mcp/up', query: {}, headers: {}, body: undefined },
    serverName: 'up',
    principal: principal as Principal,
    teams: ['sre', 'on call', 'eng,admins', 'eng%2Cadmins', ' admins'],
    server: { name: 'up', url: 'https://up.test/mcp', workspace: 'team', ...server } as Server,
  };
  const go = (as: Principal = principal) =>
    stage.run({ ...context, principal: as }, async (next) => {
      seen.push({ ...next.upstreamHeaders });
      return {} as McpAnswer;
    });
  return { go, seen, keys };
}

describe('identity forwarding', () => {
  it('adds nothing for a server without an identity block', async () => {
    const { go, seen } = run({});
    await go();
    expect(seen).toEqual([{}]);
  });

  it('maps principal fields to headers, never letting a value split a header', async () => {
    const { go, seen } = run({
      identity: {
        headers: { 'X-User-Id': 'user', 'X-Teams': 'teams', 'X-Mail': 'email', 'X-Ws': 'workspace' },
      },
    });
    await go();
    expect(seen[0]).toEqual({
      'X-User-Id': 'zo%C3%AB%0D%0AX-Evil%3A%201',
      // a literal escape is escaped in turn: each value decodes to what it was
      // a space HTTP would trim (at an end) is encoded, one inside is not
      'X-Teams': 'sre,on call,eng%2Cadmins,eng%252Cadmins,%20admins',
      'X-Mail': 'zoe@corp.test',
      'X-Ws': 'team',
    });
  });

  it('signs a JWT for the server, verifiable with the published keys, reused while it is fresh', async () => {
    const { go, seen, keys } = run({ identity: { forwardJwt: 'Authorization' } });
    await go();
    await go();
    const [first, second] = seen.map((h) => h['Authorization']!);
    expect(first).toMatch(/^Bearer /);
    expect(second).toBe(first);
    const { payload } = await jwtVerify(first!.slice(7), createLocalJWKSet(await keys.publicJwks()), {
      issuer: 'https://gw.test',
      audience: 'https://gw.test/mcp/up',
      currentDate: new Date(clock.now()),
      // typed apart from the gateway's access tokens, which share issuer and audience
      typ: IDENTITY_JWT_TYPE,
    });
    expect(payload).toMatchObject({
      sub: principal.user,
      ws: 'team',
      email: 'zoe@corp.test',
      teams: ['sre', 'on call', 'eng,admins', 'eng%2Cadmins', ' admins'],
      amr: ['oauth'],
      idp: 'corp',
    });
  });

  it('never hands one caller’s token to another of the same name and credential (a client’s own vs a person’s)', async () => {
    const { go, seen } = run({ identity: { forwardJwt: 'Authorization' } });
    const person: Principal = { ...principal, provider: undefined, email: undefined };
    const client: Principal = { ...person, provider: 'client:cred-1' };
    await go(person);
    await go(client);
    await go({ ...person, email: 'other@corp.test' });
    const tokens = seen.map((h) => h['Authorization']);
    expect(new Set(tokens).size).toBe(3);
  });
});
