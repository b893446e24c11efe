import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { grantedScopes } from '../auth/protected-resource.js';
import type { IdentityProvider, Server } from '../core/config.js';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { BROKER_ALGORITHM, BrokerKeys } from './keys.js';
import { verifyBrokerToken } from './verify.js';

const clock = new FakeClock(Date.UTC(2026, 11, 1));
const keys = new BrokerKeys(new MemoryStore(clock), clock);

/** The principal of an access token the gateway signed for `ada` with `claims` besides the required ones. */
async function principalOf(claims: Record<string, unknown>) {
  const { kid, key } = await keys.signing();
  const now = Math.floor(clock.now() / 1000);
  const token = await new SignJWT({ client_id: 'oc_1', ws: 'default', ...claims })
    .setProtectedHeader({ alg: BROKER_ALGORITHM, kid, typ: 'at+jwt' })
    .setIssuer('https://gw.test')
    .setSubject('ada')
    .setAudience('https://gw.test/mcp/up')
    .setIssuedAt(now)
    .setExpirationTime(now + 900)
    .sign(key);
  return verifyBrokerToken(
    token,
    'https://gw.test',
    'https://gw.test/mcp/up',
    { name: 'up', workspace: 'default' } as Server,
    {
      keys,
      clock,
      config: {
        oauthClientById: async (id) => ({ id, enabled: true }) as never,
        identityProviders: async () => [
          { id: 'idp_corp', name: 'corp', issuer: 'https://corp.test' } as IdentityProvider,
          { id: 'idp_old', name: 'old', issuer: 'https://old.test', enabled: false } as IdentityProvider,
        ],
      },
    },
  );
}

describe('the gateway’s own access tokens', () => {
  it('give the principal the teams and email sign-in found, as a provider’s token would', async () => {
    const principal = await principalOf({ email: 'ada@corp.test', teams: ['contractors', 7] });
    expect(principal).toMatchObject({
      user: 'ada',
      method: 'oauth',
      email: 'ada@corp.test',
      teams: ['contractors'],
    });
    expect(principal.provider).toBeUndefined();
  });

  it('grant only the token’s own scopes, none that sign-in claims say', async () => {
    const principal = await principalOf({
      scope: 'read',
      idc: { department: 'eng', scp: ['admin'], scope: 'admin' },
    });
    expect(principal.claims).toMatchObject({ department: 'eng', scope: 'read' });
    expect([...grantedScopes(principal.claims)]).toEqual(['read']);
  });

  it('name the identity provider the person was known by, by its name now; one gone or disabled ends them', async () => {
    expect(await principalOf({ idp: 'idp_corp' })).toMatchObject({ user: 'ada', provider: 'corp' });
    await expect(principalOf({ idp: 'idp_old' })).rejects.toThrow(
      'The identity provider of this sign-in is gone; sign in again.',
    );
    await expect(principalOf({ idp: 'idp_gone' })).rejects.toThrow('is gone');
  });

  it('tell a client’s own token named after a person from that person', async () => {
    expect(await principalOf({ gty: 'client_credentials' })).toMatchObject({
      user: 'ada',
      provider: 'client:oc_1',
    });
  });
});
