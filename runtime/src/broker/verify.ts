/**
 * Access tokens of the gateway's own authorization server at the MCP endpoint: signed with a broker key
 * (looked up by `kid`, the store re-read once for a key rotated in elsewhere), issued by this gateway,
 * for exactly this server's resource URI, unexpired, for the server's workspace, by a client that still
 * exists and is enabled (so deleting or disabling a client ends its tokens within the config TTL).
 */
import type { JWK } from 'jose';
import * as errors from 'jose/errors';
import { InvalidToken, teamsOf } from '../auth/jwt.js';
import type { Clock } from '../core/clock.js';
import type { ConfigReader, Principal, Server, StoredOAuthClient } from '../core/config.js';
import { jose } from '../core/jose.js';
import { lruCache } from '../core/lru.js';
import type { StateStore } from '../store/port.js';
import { BROKER_ALGORITHM, type BrokerKeys } from './keys.js';

export interface BrokerVerifyDeps {
  keys: BrokerKeys;
  config: Pick<ConfigReader, 'oauthClientById' | 'identityProviders'>;
  clock: Clock;
  /** Grants (a token's `sid`) revoked: by the client, or by its code or a refresh token presented twice. */
  revoked?: RevokedGrants;
}

/** How long a grant read as not revoked is trusted: a revocation reaches its access tokens within it. */
const REVOKED_RECHECK_MS = 30_000;

/** The grants (`sid`s) known to be revoked, read through a cache. */
export interface RevokedGrants {
  /** Whether the grant was revoked: a revoked grant stays so, one that is not is read again after {@link REVOKED_RECHECK_MS}. */
  has(family: string): Promise<boolean>;
  /** Tells the cache of a revocation this instance made: its access tokens are refused here at once. */
  note(family: string): void;
}

/** {@link RevokedGrants} over the store: one small read per grant in use and instance that often. */
export function revokedGrants(store: StateStore): RevokedGrants {
  const known = lruCache<string, boolean>(10_000);
  return {
    async has(family) {
      const cached = known.get(family);
      if (cached !== undefined) return cached;
      const revoked = (await store.get('oauth-revoked', family)) !== undefined;
      known.set(family, revoked, revoked ? {} : { ttl: REVOKED_RECHECK_MS });
      return revoked;
    },
    note: (family) => known.set(family, true),
  };
}

/** The public key of the broker's that signed a token (`kid`); another's or none is an {@link InvalidToken}. */
export async function brokerKeyFor(keys: BrokerKeys, kid: string | undefined) {
  const find = (set: { keys: JWK[] }) => set.keys.find((k) => k.kid === kid);
  let jwk = find(await keys.publicJwks());
  if (jwk === undefined && keys.mayRecheck()) jwk = find(await keys.publicJwks(true));
  // an ID token's key (another algorithm) opens no server
  if (jwk === undefined || jwk.alg !== BROKER_ALGORITHM)
    throw new InvalidToken('The token is signed with a key the gateway does not publish.');
  return (await jose()).importJWK(jwk, BROKER_ALGORITHM);
}

export async function verifyBrokerToken(
  token: string,
  issuer: string,
  resourceUri: string,
  server: Server,
  deps: BrokerVerifyDeps,
): Promise<Principal> {
  let payload: Record<string, unknown>;
  const { jwtVerify } = await jose();
  try {
    ({ payload } = await jwtVerify(token, (header) => brokerKeyFor(deps.keys, header.kid), {
      issuer,
      audience: resourceUri,
      algorithms: [BROKER_ALGORITHM],
      typ: 'at+jwt',
      requiredClaims: ['exp', 'sub', 'client_id', 'ws'],
      currentDate: new Date(deps.clock.now()),
    }));
  } catch (error) {
    if (error instanceof InvalidToken) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidToken('The token has expired.');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud')
      throw new InvalidToken('The token was not issued for this resource.');
    throw new InvalidToken('The token is not a valid access token of this gateway.');
  }
  const { sub, ws, client_id: clientId } = payload;
  if (typeof sub !== 'string' || typeof ws !== 'string' || typeof clientId !== 'string')
    throw new InvalidToken('The token is not a valid access token of this gateway.');
  if (ws !== (server.workspace ?? 'default')) throw new InvalidToken('The token is for another workspace.');
  const sid = payload['sid'];
  const [client, revoked] = await Promise.all([
    deps.config.oauthClientById(clientId),
    typeof sid === 'string' && deps.revoked !== undefined ? deps.revoked.has(sid) : false,
  ]);
  const iat = typeof payload.iat === 'number' ? payload.iat : Number.NaN;
  if (client === undefined || client.enabled === false || grantedBeforeClient(client, iat))
    throw new InvalidToken('The client the token was issued to is no longer allowed.');
  if (revoked) throw new InvalidToken('The grant of this token was revoked; sign in again.');
  // what sign-in learned of the user (its provider's groups as teams, its email) decides policies as it
  // would for the provider's own tokens
  const idc = payload['idc'];
  const signedInClaims =
    typeof idc === 'object' && idc !== null && !Array.isArray(idc) ? (idc as Record<string, unknown>) : {};
  // teams named by the sign-in claim they came from (`tcl`), not copied: a token carries them once
  const teams = Array.isArray(payload['teams'])
    ? payload['teams'].filter((t): t is string => typeof t === 'string')
    : typeof payload['tcl'] === 'string'
      ? teamsOf(signedInClaims[payload['tcl']])
      : undefined;
  const email = typeof payload['email'] === 'string' ? payload['email'] : undefined;
  // the person's identity provider, by name as its own tokens' principals carry it: one deleted or
  // disabled since ends the token, as it ends the grant
  let provider: string | undefined;
  if (typeof payload['idp'] === 'string') {
    const idp = payload['idp'];
    const known = (await deps.config.identityProviders()).find((p) => p.id === idp);
    if (known === undefined || known.enabled === false)
      throw new InvalidToken('The identity provider of this sign-in is gone; sign in again.');
    provider = known.name;
  }
  // the person's claims from sign-in first, the token's own over them
  // scopes are the token's own: none come from sign-in (a token from before they were left out may carry them)
  const { scope: _scope, scp: _scp, ...signedIn } = signedInClaims;
  return {
    user: sub,
    workspace: ws,
    method: 'oauth',
    credentialId: clientId,
    claims: { ...signedIn, ...payload },
    ...(teams !== undefined ? { teams } : {}),
    ...(email !== undefined ? { email } : {}),
    // a client's own token is that client's, never a person's of the same name (their vault tokens, their
    // forwarded identity): it is told apart as its own source of identity
    ...(payload['gty'] === 'client_credentials'
      ? { provider: `client:${clientId}` }
      : provider !== undefined
        ? { provider }
        : {}),
  };
}

/**
 * Whether what was granted at `atSeconds` (an access token, a yes to the consent page, a refresh token's
 * family) was granted to an earlier record of the client: a metadata document's client is recorded under
 * an id its URL makes, so one an admin deleted comes back with the next sign-in through it, and must not
 * bring back what the deleted one was given.
 */
export function grantedBeforeClient(client: StoredOAuthClient | undefined, atSeconds: number): boolean {
  const created = client?.createdAt === undefined ? Number.NaN : Date.parse(client.createdAt);
  // (the record may be made by an instance whose clock is ahead of the one granting right after)
  return atSeconds < Math.floor(created / 1000) - CLOCK_SKEW_SECONDS;
}

/** How far apart two instances' clocks may be. */
const CLOCK_SKEW_SECONDS = 60;
