import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdentityProvider, Server } from '../core/config.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { JwksCache } from './jwks.js';
import { InvalidToken, looksLikeJwt, TokenVerifier } from './jwt.js';

const ISSUER = 'https://idp.test/realms/corp';
const RESOURCE = 'https://gateway.test/mcp/github';
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const seconds = (ms: number) => Math.floor(ms / 1000);

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let rsa: KeyPair;
let rotated: KeyPair;
let stranger: KeyPair;
let published: JWK[];

beforeAll(async () => {
  [rsa, rotated, stranger] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('RS256', { extractable: true }),
  ]);
  published = [{ ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
});

const server = (over: Partial<Server> = {}): Server =>
  ({ id: 'srv_1', name: 'github', url: 'https://up.test/mcp', workspace: 'default', ...over }) as Server;

const provider = (over: Partial<IdentityProvider> = {}): IdentityProvider =>
  ({
    id: 'idp_1',
    version: 1,
    name: 'corp',
    workspace: 'default',
    issuer: ISSUER,
    jwksUri: 'https://idp.test/jwks',
    enabled: true,
    clockSkewSeconds: 60,
    ...over,
  }) as IdentityProvider;

/** A fake network: discovery, the JWKS (whatever `published` holds when asked) and a count of reads. */
function setup(now = NOW) {
  const reads: string[] = [];
  const provider = { down: false, hangingDiscovery: false };
  const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
    const href = String(url);
    reads.push(href);
    if (provider.down) return new Response('maintenance', { status: 503 });
    if (provider.hangingDiscovery && href.includes('/.well-known/'))
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    if (href === 'https://idp.test/jwks') return Response.json({ keys: published });
    if (href === `${ISSUER}/.well-known/openid-configuration`)
      return Response.json({ issuer: ISSUER, jwks_uri: 'https://idp.test/jwks' });
    if (href === 'https://garbage.test/jwks') return new Response('\u0000\u00ff not json');
    if (href === 'https://broken.test/jwks') return new Response('oops', { status: 500 });
    if (href === 'https://huge.test/jwks') return new Response(`{"keys":[${'{},'.repeat(200_000)}{}]}`);
    if (href === 'https://other.test/.well-known/openid-configuration')
      return Response.json({ issuer: 'https://evil.test', jwks_uri: 'https://idp.test/jwks' });
    if (href === 'https://plain.test/.well-known/openid-configuration')
      return Response.json({ issuer: 'https://plain.test', jwks_uri: 'http://plain.test/jwks' });
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  let current = now;
  const clock = { now: () => current };
  const guard = createUrlGuard({
    allowLoopback: false,
    allowPrivate: false,
    lookup: async (host) => [{ address: host === 'metadata.test' ? '169.254.169.254' : '93.184.216.34' }],
  });
  const verifier = new TokenVerifier({
    keys: new JwksCache({ http: fetchHttpClient(fetchImpl), guard, clock, refreshCooldownMs: 30_000 }),
    clock,
  });
  return { reads, verifier, clock, provider, advance: (ms: number) => (current += ms) };
}

interface TokenOptions {
  claims?: Record<string, unknown>;
  key?: KeyPair['privateKey'] | Uint8Array;
  alg?: string;
  kid?: string;
  aud?: string | string[];
  iss?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
  typ?: string;
}

function token(options: TokenOptions = {}): Promise<string> {
  const jwt = new SignJWT({ email: 'ada@corp.test', groups: ['platform', 'sre'], ...options.claims })
    .setProtectedHeader({
      alg: options.alg ?? 'RS256',
      kid: options.kid ?? 'k1',
      ...(options.typ !== undefined ? { typ: options.typ } : {}),
    })
    .setIssuer(options.iss ?? ISSUER)
    .setSubject('ada')
    .setAudience(options.aud ?? RESOURCE)
    .setIssuedAt(options.iat ?? seconds(NOW))
    .setExpirationTime(options.exp ?? seconds(NOW) + 300)
    .setJti(`jti-${Math.random()}`);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(options.key ?? rsa.privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidToken) return error.message;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('JWTs of registered identity providers', () => {
  it('accepts a valid token: user, email and teams mapped, claims kept, id names provider and jti', async () => {
    const { verifier } = setup();
    const principal = await verifier.verify(await token(), server(), RESOURCE, [provider()]);
    expect(principal).toMatchObject({
      user: 'ada',
      workspace: 'default',
      method: 'jwt',
      email: 'ada@corp.test',
      teams: ['platform', 'sre'],
      claims: { sub: 'ada', iss: ISSUER },
    });
    expect(principal.credentialId).toMatch(/^idp_1:jti-/);
  });

  it('leaves out an email the provider says it has not verified, also from the claims rules read', async () => {
    const { verifier } = setup();
    const principal = await verifier.verify(
      await token({ claims: { email: 'ceo@corp.test', email_verified: false } }),
      server(),
      RESOURCE,
      [provider()],
    );
    expect(principal.email).toBeUndefined();
    expect(principal.claims).toMatchObject({ sub: 'ada', email_verified: false });
    expect(principal.claims).not.toHaveProperty('email');
    const verified = await verifier.verify(
      await token({ claims: { email_verified: true } }),
      server(),
      RESOURCE,
      [provider()],
    );
    expect(verified.email).toBe('ada@corp.test');
    // the flag as a string, as some providers send it
    const flagged = await verifier.verify(
      await token({ claims: { email: 'ceo@corp.test', email_verified: 'false' } }),
      server(),
      RESOURCE,
      [provider()],
    );
    expect(flagged.email).toBeUndefined();
    // another claim mapped as the email is not what email_verified speaks of
    const upn = await verifier.verify(
      await token({ claims: { upn: 'ada@corp.test', email: 'x@y.test', email_verified: false } }),
      server(),
      RESOURCE,
      [provider({ claims: { user: 'sub', email: 'upn', teams: 'groups' } })],
    );
    expect(upn.email).toBe('ada@corp.test');
    // nor is an unverified address anyone's user id
    await expect(
      verifier.verify(
        await token({ claims: { email: 'ceo@corp.test', email_verified: false } }),
        server(),
        RESOURCE,
        [provider({ claims: { user: 'email', email: 'email', teams: 'groups' } })],
      ),
    ).rejects.toThrow('an email its provider has not verified');
  });

  it('maps claims as configured and accepts a listed audience besides the resource URI', async () => {
    const { verifier } = setup();
    const mapped = provider({
      audiences: ['api://mcp'],
      claims: { user: 'preferred_username', email: 'mail', teams: 'roles' },
    });
    const principal = await verifier.verify(
      await token({
        aud: 'api://mcp',
        claims: { preferred_username: 'ada.l', mail: 'a@c.test', roles: 'x y' },
      }),
      server(),
      RESOURCE,
      [mapped],
    );
    expect(principal).toMatchObject({ user: 'ada.l', email: 'a@c.test', teams: ['x', 'y'] });
  });

  it("never takes the management API's audience at an MCP server, even when a provider lists it", async () => {
    const { verifier } = setup();
    const listing = provider({ audiences: ['https://gateway.test/v1', 'api://mcp'] });
    await expect(
      verifier.verify(await token({ aud: 'https://gateway.test/v1' }), server(), RESOURCE, [listing]),
    ).rejects.toThrow(InvalidToken);
    const other = await verifier.verify(await token({ aud: 'api://mcp' }), server(), RESOURCE, [listing]);
    expect(other.user).toBe('ada');
  });

  it('takes access tokens typed as such or plainly, and refuses JWTs of another kind', async () => {
    const { verifier } = setup();
    for (const typ of ['JWT', 'at+jwt', 'application/at+JWT'])
      expect((await verifier.verify(await token({ typ }), server(), RESOURCE, [provider()])).user).toBe(
        'ada',
      );
    for (const typ of ['oauth-id-jag+jwt', 'logout+jwt', 'dpop+jwt'])
      expect(await refusal(verifier.verify(await token({ typ }), server(), RESOURCE, [provider()]))).toBe(
        `A token of type "${typ}" is not an access token.`,
      );
    // a type that is no string at all: refused as a bad token, never a failure of the gateway
    for (const typ of [1, ['at+jwt'], null, { jwt: true }])
      expect(
        await refusal(verifier.verify(await token({ typ: typ as never }), server(), RESOURCE, [provider()])),
      ).toBe(`A token of type ${JSON.stringify(typ)} is not an access token.`);
  });

  it('refuses an untyped ID token or logout token of a provider whose audiences name its client id', async () => {
    const { verifier } = setup();
    const clientIdAudience = provider({ audiences: ['gw-client'] });
    const verify = async (claims: Record<string, unknown>) =>
      verifier.verify(await token({ aud: 'gw-client', claims }), server(), RESOURCE, [clientIdAudience]);
    expect((await verify({ typ: 'Bearer', azp: 'gw-client' })).user).toBe('ada');
    for (const claims of [
      { nonce: 'n', at_hash: 'x' },
      { c_hash: 'x' },
      { events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, sid: 's' },
      { typ: 'ID' },
      { typ: 'Logout' },
      { token_use: 'id' },
    ])
      expect(await refusal(verify(claims)), JSON.stringify(claims)).toBe(
        'The token is an ID token or a logout token, not an access token.',
      );
  });

  it('tries each published key of its kind for a token without a kid (a provider mid-rotation)', async () => {
    const { verifier } = setup();
    const before = published;
    published = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(stranger.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' },
    ];
    try {
      const unkeyed = (key: KeyPair['privateKey'], exp = seconds(NOW) + 300) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'RS256' })
          .setIssuer(ISSUER)
          .setSubject('ada')
          .setAudience(RESOURCE)
          .setExpirationTime(exp)
          .sign(key);
      for (const key of [rsa.privateKey, stranger.privateKey])
        expect((await verifier.verify(await unkeyed(key), server(), RESOURCE, [provider()])).user).toBe(
          'ada',
        );
      // signed by neither: refused; signed by one, but expired: refused for that
      const other = await generateKeyPair('RS256');
      expect(
        await refusal(verifier.verify(await unkeyed(other.privateKey), server(), RESOURCE, [provider()])),
      ).toBe('The token signature is not valid.');
      expect(
        await refusal(
          verifier.verify(await unkeyed(stranger.privateKey, seconds(NOW) - 600), server(), RESOURCE, [
            provider(),
          ]),
        ),
      ).toBe('The token has expired.');
    } finally {
      published = before;
    }
  });

  describe('the attack matrix: each refused with a reason that names no token content', () => {
    it('alg none', async () => {
      const { verifier } = setup();
      const unsigned = `${b64({ alg: 'none' })}.${b64({ iss: ISSUER, sub: 'ada', aud: RESOURCE, exp: seconds(NOW) + 60 })}.`;
      expect(await refusal(verifier.verify(unsigned, server(), RESOURCE, [provider()]))).toMatch(/algorithm/);
    });

    it('HS256 signed with the provider public key as the secret', async () => {
      const { verifier } = setup();
      const secret = new TextEncoder().encode(JSON.stringify(published[0]));
      const forged = await token({ alg: 'HS256', key: secret });
      expect(await refusal(verifier.verify(forged, server(), RESOURCE, [provider()]))).toMatch(/algorithm/);
    });

    it('an algorithm outside the provider allow-list', async () => {
      const { verifier } = setup();
      const only = provider({ algorithms: ['ES256'] });
      expect(await refusal(verifier.verify(await token(), server(), RESOURCE, [only]))).toMatch(/algorithm/);
    });

    it('another issuer', async () => {
      const { verifier } = setup();
      const other = await token({ iss: 'https://evil.test' });
      expect(await refusal(verifier.verify(other, server(), RESOURCE, [provider()]))).toMatch(
        /not from an identity provider/,
      );
    });

    it('another audience, and a token for another resource of the same gateway', async () => {
      const { verifier } = setup();
      for (const aud of ['https://evil.test/mcp', 'https://gateway.test/mcp/other']) {
        const message = await refusal(
          verifier.verify(await token({ aud }), server(), RESOURCE, [provider()]),
        );
        expect(message).toBe('The token was not issued for this resource.');
      }
    });

    it('expired beyond the clock skew (within it passes)', async () => {
      const { verifier } = setup();
      const expired = await token({ exp: seconds(NOW) - 61 });
      expect(await refusal(verifier.verify(expired, server(), RESOURCE, [provider()]))).toBe(
        'The token has expired.',
      );
      const justExpired = await token({ exp: seconds(NOW) - 30 });
      await expect(verifier.verify(justExpired, server(), RESOURCE, [provider()])).resolves.toBeDefined();
    });

    it('nbf in the future beyond the skew', async () => {
      const { verifier } = setup();
      const early = await token({ nbf: seconds(NOW) + 120 });
      expect(await refusal(verifier.verify(early, server(), RESOURCE, [provider()]))).toBe(
        'The token is not valid yet.',
      );
    });

    it('iat in the future beyond the skew (it would outlive a sign-out)', async () => {
      const { verifier } = setup();
      const ahead = await token({ iat: seconds(NOW) + 120 });
      expect(await refusal(verifier.verify(ahead, server(), RESOURCE, [provider()]))).toBe(
        'The token is issued in the future.',
      );
      const withinSkew = await token({ iat: seconds(NOW) + 30 });
      await expect(verifier.verify(withinSkew, server(), RESOURCE, [provider()])).resolves.toBeDefined();
    });

    it('without exp, or without a required claim', async () => {
      const { verifier } = setup();
      const unsigned = new SignJWT({ sub: 'ada' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(RESOURCE);
      const noExp = await unsigned.sign(rsa.privateKey);
      expect(await refusal(verifier.verify(noExp, server(), RESOURCE, [provider()]))).toMatch(/"exp"/);
      const strict = provider({ requiredClaims: ['tenant'] });
      expect(await refusal(verifier.verify(await token(), server(), RESOURCE, [strict]))).toMatch(/"tenant"/);
    });

    it('a tampered payload', async () => {
      const { verifier } = setup();
      const [header, , signature] = (await token()).split('.');
      const forged = `${header}.${b64({ iss: ISSUER, sub: 'root', aud: RESOURCE, exp: seconds(NOW) + 60 })}.${signature}`;
      expect(await refusal(verifier.verify(forged, server(), RESOURCE, [provider()]))).toBe(
        'The token signature is not valid.',
      );
    });

    it('a key the provider does not publish (unknown kid): one re-read, then none within the cooldown', async () => {
      const { verifier, reads } = setup();
      const unknown = await token({ key: stranger.privateKey, kid: 'k9' });
      expect(await refusal(verifier.verify(unknown, server(), RESOURCE, [provider()]))).toMatch(
        /does not publish/,
      );
      expect(reads.filter((r) => r.endsWith('/jwks'))).toHaveLength(2);
      const again = await token({ key: stranger.privateKey, kid: 'k8' });
      expect(await refusal(verifier.verify(again, server(), RESOURCE, [provider()]))).toMatch(
        /does not publish/,
      );
      expect(reads.filter((r) => r.endsWith('/jwks'))).toHaveLength(2);
    });

    it('a provider the server does not accept (authentication.identityProviders)', async () => {
      const { verifier, reads } = setup();
      const refusal_ = await refusal(
        verifier.verify(await token(), server(), RESOURCE, [provider()], (p) => p.name === 'partner'),
      );
      expect(refusal_).toBe('The token is not from an identity provider of this server.');
      expect(reads).toEqual([]);
    });

    it('a provider the server no longer accepts, though the token was verified (and remembered) before', async () => {
      const { verifier } = setup();
      const jwt = await token();
      await expect(verifier.verify(jwt, server(), RESOURCE, [provider()])).resolves.toBeDefined();
      const narrowed = await refusal(
        verifier.verify(jwt, server(), RESOURCE, [provider()], (p) => p.name === 'partner'),
      );
      expect(narrowed).toBe('The token is not from an identity provider of this server.');
    });

    it('a provider of another workspace', async () => {
      const { verifier } = setup();
      const elsewhere = provider({ workspace: 'finance' });
      expect(await refusal(verifier.verify(await token(), server(), RESOURCE, [elsewhere]))).toMatch(
        /this server/,
      );
    });
  });

  it('follows a key rotation: a new kid triggers a re-read of the set', async () => {
    const { verifier, reads } = setup();
    await verifier.verify(await token(), server(), RESOURCE, [provider()]);
    published = [...published, { ...(await exportJWK(rotated.publicKey)), kid: 'k2', alg: 'ES256' }];
    try {
      const next = await token({ key: rotated.privateKey, alg: 'ES256', kid: 'k2' });
      await expect(verifier.verify(next, server(), RESOURCE, [provider()])).resolves.toMatchObject({
        user: 'ada',
      });
      expect(reads.filter((r) => r.endsWith('/jwks'))).toHaveLength(2);
    } finally {
      published = published.slice(0, 1);
    }
  });

  it('follows a key replaced under the same kid: a signature the keys held do not verify re-reads them, once per cooldown', async () => {
    const { verifier, reads, advance } = setup();
    await verifier.verify(await token(), server(), RESOURCE, [provider()]);
    const before = published;
    published = [{ ...(await exportJWK(stranger.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
    try {
      const signedAnew = await token({ key: stranger.privateKey });
      // the set just read is the provider's current one: a bad signature alone reads nothing more
      expect(await refusal(verifier.verify(signedAnew, server(), RESOURCE, [provider()]))).toMatch(
        /signature/,
      );
      expect(reads.filter((r) => r.endsWith('/jwks'))).toHaveLength(1);
      advance(31_000);
      await expect(
        verifier.verify(await token({ key: stranger.privateKey }), server(), RESOURCE, [provider()]),
      ).resolves.toMatchObject({ user: 'ada' });
      expect(reads.filter((r) => r.endsWith('/jwks'))).toHaveLength(2);
      // forged signatures read the set again no sooner than a cooldown on
      const forged = await token({ key: rsa.privateKey });
      expect(await refusal(verifier.verify(forged, server(), RESOURCE, [provider()]))).toMatch(/signature/);
      advance(10_000);
      expect(await refusal(verifier.verify(forged, server(), RESOURCE, [provider()]))).toMatch(/signature/);
      expect(reads.filter((r) => r.endsWith('/jwks'))).toHaveLength(2);
    } finally {
      published = before;
    }
  });

  it('finds the key set through discovery when no jwksUri is set, checking the issuer it names', async () => {
    const { verifier, reads } = setup();
    const discovered = provider({ jwksUri: undefined });
    await expect(verifier.verify(await token(), server(), RESOURCE, [discovered])).resolves.toBeDefined();
    expect(reads[0]).toBe(`${ISSUER}/.well-known/openid-configuration`);
    const lying = provider({ jwksUri: undefined, issuer: 'https://other.test' });
    await expect(
      verifier.verify(await token({ iss: 'https://other.test' }), server(), RESOURCE, [lying]),
    ).rejects.toThrow(/discovery document .* names another issuer/);
    // an https issuer's keys are never read over http, where anyone on the path could swap them
    const downgrading = provider({ jwksUri: undefined, issuer: 'https://plain.test' });
    await expect(
      verifier.verify(await token({ iss: 'https://plain.test' }), server(), RESOURCE, [downgrading]),
    ).rejects.toThrow(/names no jwks_uri \(https for an https issuer\)/);
    expect(reads).not.toContain('http://plain.test/jwks');
  });

  it('a key set that is garbage, an error page or oversized: a clear error naming the provider, no crash', async () => {
    const { verifier } = setup();
    const cases: [string, RegExp][] = [
      ['https://garbage.test/jwks', /key set of identity provider "corp" could not be read \(not JSON\)/],
      ['https://broken.test/jwks', /\(HTTP 500\)/],
      ['https://huge.test/jwks', /\(over 524288 bytes\)/],
    ];
    for (const [jwksUri, message] of cases) {
      await expect(
        verifier.verify(await token(), server(), RESOURCE, [provider({ jwksUri })]),
      ).rejects.toThrow(message);
    }
  });

  it('asks a provider whose key set failed again only after a cooldown, not on every token', async () => {
    const { verifier, reads, advance } = setup();
    const broken = provider({ jwksUri: 'https://broken.test/jwks' });
    for (let i = 0; i < 5; i++)
      await expect(verifier.verify(await token(), server(), RESOURCE, [broken])).rejects.toThrow(/HTTP 500/);
    expect(reads.filter((r) => r === 'https://broken.test/jwks')).toHaveLength(1);
    advance(31_000);
    await expect(verifier.verify(await token(), server(), RESOURCE, [broken])).rejects.toThrow(/HTTP 500/);
    expect(reads.filter((r) => r === 'https://broken.test/jwks')).toHaveLength(2);
    // another provider (another workspace's, maybe) of the same key set: told in its own name
    const other = provider({
      id: 'idp_2',
      name: 'partner',
      workspace: 'other',
      jwksUri: 'https://broken.test/jwks',
    });
    const refused = verifier.verify(await token(), server({ workspace: 'other' }), RESOURCE, [other]);
    await expect(refused).rejects.toThrow(
      /key set of identity provider "partner" could not be read \(HTTP 500\)/,
    );
    expect(reads.filter((r) => r === 'https://broken.test/jwks')).toHaveLength(2);
  });

  it('serves a key set and discovery document a day at most while the provider cannot be read', async () => {
    const { verifier, advance, provider: idp } = setup();
    const later = (hours: number) => token({ exp: seconds(NOW + hours * 3600_000) + 300 });
    const discovered = provider({ jwksUri: undefined });
    await verifier.verify(await later(0), server(), RESOURCE, [discovered]);
    idp.down = true;
    // stale, re-read in the background (failing): the keys known serve on
    advance(23 * 3600_000);
    await verifier.verify(await later(23), server(), RESOURCE, [discovered]);
    // a day on, keys the provider may have rotated out since stop verifying
    advance(3600_000 + 1000);
    await expect(verifier.verify(await later(24), server(), RESOURCE, [discovered])).rejects.toThrow(
      /could not be read/,
    );
    idp.down = false;
    advance(31_000);
    await verifier.verify(await later(24), server(), RESOURCE, [discovered]);
  });

  it('serves the discovery document known while it is read again: a hanging endpoint holds no token', async () => {
    const { verifier, advance, provider: idp, reads } = setup();
    const later = (minutes: number) => token({ exp: seconds(NOW + minutes * 60_000) + 300 });
    const discovered = provider({ jwksUri: undefined });
    await verifier.verify(await later(0), server(), RESOURCE, [discovered]);
    idp.hangingDiscovery = true;
    advance(11 * 60_000);
    const started = Date.now();
    await verifier.verify(await later(11), server(), RESOURCE, [discovered]);
    expect(Date.now() - started).toBeLessThan(1000);
    // the document is being read again meanwhile
    expect(reads.filter((r) => r.endsWith('/openid-configuration'))).toHaveLength(2);
  });

  it('reads a failing or lying discovery document once per cooldown, and once for tokens that come together', async () => {
    const { verifier, reads, advance } = setup();
    const down = provider({ jwksUri: undefined, issuer: 'https://down.test' });
    const lying = provider({ jwksUri: undefined, issuer: 'https://other.test' });
    const readsOf = (host: string) => reads.filter((r) => r.startsWith(`https://${host}/`)).length;
    for (const [idp, host] of [
      [down, 'down.test'],
      [lying, 'other.test'],
    ] as const) {
      const jwt = await token({ iss: idp.issuer });
      // five at once, then five more one by one: tokens whose signatures no one has checked yet
      await Promise.all(
        Array.from({ length: 5 }, () =>
          expect(verifier.verify(jwt, server(), RESOURCE, [idp])).rejects.toThrow(/discovery document/),
        ),
      );
      for (let i = 0; i < 5; i++)
        await expect(verifier.verify(jwt, server(), RESOURCE, [idp])).rejects.toThrow(/discovery document/);
      const first = readsOf(host);
      expect(first).toBeLessThanOrEqual(2); // OpenID Connect's form, then RFC 8414's
      advance(31_000);
      await expect(verifier.verify(jwt, server(), RESOURCE, [idp])).rejects.toThrow(/discovery document/);
      expect(readsOf(host)).toBe(2 * first);
    }
  });

  it('never reads keys from a link-local (cloud metadata) address', async () => {
    const { verifier, reads } = setup();
    const ssrf = provider({ jwksUri: 'http://metadata.test/latest/meta-data' });
    await expect(verifier.verify(await token(), server(), RESOURCE, [ssrf])).rejects.toThrow(
      /key set .* could not be read \(its address is not allowed\)/,
    );
    expect(reads).toEqual([]);
  });

  it('remembers a verified token until the provider changes', async () => {
    const { verifier, reads } = setup();
    const jwt = await token();
    await verifier.verify(jwt, server(), RESOURCE, [provider()]);
    await verifier.verify(jwt, server(), RESOURCE, [provider()]);
    expect(reads).toHaveLength(1);
    // the provider was deleted: the remembered token no longer holds
    expect(await refusal(verifier.verify(jwt, server(), RESOURCE, []))).toMatch(
      /not from an identity provider/,
    );
    // a workspace claim serves the workspace it names, and only that one
    const fleet = provider({ claims: { user: 'sub', email: 'email', teams: 'groups', workspace: 'ws' } });
    const forFinance = await token({ claims: { ws: 'finance' } });
    await expect(
      verifier.verify(forFinance, server({ workspace: 'finance' }), RESOURCE, [fleet]),
    ).resolves.toMatchObject({ workspace: 'finance' });
    expect(await refusal(verifier.verify(forFinance, server(), RESOURCE, [fleet]))).toMatch(
      /another workspace/,
    );
  });

  it('tells JWTs from api keys by shape', async () => {
    expect(looksLikeJwt(await token())).toBe(true);
    expect(looksLikeJwt('mcpk_0123456789abcdefghijklmnopqrstuvwxyz')).toBe(false);
    expect(looksLikeJwt('a.b.c')).toBe(false);
  });
});
