/**
 * Bearer JWTs of registered identity providers → principals. A token is tried only when it has the shape
 * of a JWS; its unverified `iss` picks the candidate providers, the server's workspace picks among them,
 * and only then is it verified: signature against the provider's JWKS with an allow-list of asymmetric
 * algorithms (so never `none`, never an HMAC keyed with a public key), the issuer, the audience (the
 * server's resource URI, RFC 8707, or one of the provider's `audiences`), `exp` (required) and `nbf` with
 * the provider's clock skew, and its required claims. Verified tokens are remembered by hash until they
 * expire (at most a few minutes), as long as their provider stays unchanged.
 */
import type { FlattenedJWSInput, JWTHeaderParameters } from 'jose';
import * as errors from 'jose/errors';
import { decodeJwt } from 'jose/jwt/decode';
import type { Clock } from '../core/clock.js';
import type { IdentityProvider, Principal, Server } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import { jose } from '../core/jose.js';
import { lruCache } from '../core/lru.js';
import type { JwksCache } from './jwks.js';
import { hashSecret } from './secrets.js';

/** Why a token of an identity provider the server does not accept is refused. */
export const NOT_FROM_ACCEPTED_PROVIDER = 'The token is not from an identity provider of this server.';

export const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
const DEFAULT_SKEW_SECONDS = 60;
/** How long a verified token is remembered at most (its own expiry may come first). */
const REMEMBER_MS = 5 * 60_000;
const JWS_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a bearer token has the shape of a compact JWS (three base64url parts, a JSON header). */
export const looksLikeJwt = (token: string): boolean => token.length <= 16_384 && JWS_SHAPE.test(token);

/** Why a token was refused: the challenge's `error_description`; never echoes the token's content. */
export class InvalidToken extends Error {
  /** False when no identity provider of the gateway issued it (another method may still know it). */
  constructor(
    message: string,
    readonly recognised = true,
  ) {
    super(message);
  }
}

export interface TokenVerifierOptions {
  keys: JwksCache;
  clock: Clock;
}

interface Remembered {
  principal: Principal;
  providerId: string;
  providerVersion: number;
  until: number;
}

/** The management API's audience at the gateway of an MCP resource URI (`<base>/mcp/{server}` → `<base>/v1`). */
const managementAudienceOf = (resourceUri: string) =>
  `${resourceUri.slice(0, Math.max(0, resourceUri.lastIndexOf('/mcp/')))}/v1`;

/**
 * Whether `audience` names a gateway's MCP resource (`…/mcp/{server}`), under whatever origin:
 * no provider's `roles.audiences` may make one a management audience (a token a client holds for an MCP
 * server must not open the management API), and a gateway reached under several names (a custom domain
 * and API Gateway's own) must not take one of another name for its own management audience.
 */
export function isMcpAudience(audience: string): boolean {
  let path: string;
  try {
    path = new URL(audience).pathname;
  } catch {
    return false;
  }
  return /\/mcp\/[^/]+\/?$/.test(path);
}

export class TokenVerifier {
  private readonly remembered = lruCache<string, Remembered>(10_000);

  constructor(private readonly options: TokenVerifierOptions) {}

  /**
   * The principal of `token` for a call of `server` at `resourceUri`; throws InvalidToken (401) or a
   * GatewayError (the provider could not be reached).
   */
  async verify(
    token: string,
    server: Server,
    resourceUri: string,
    providers: readonly IdentityProvider[],
    accepts: (provider: IdentityProvider) => boolean = () => true,
  ): Promise<Principal> {
    const { principal } = await this.verifyAmong(token, resourceUri, providers, {
      // a provider of the server's own workspace first; one mapping workspaces from a claim otherwise
      candidates: (fromIssuer) =>
        [
          ...fromIssuer.filter((p) => p.workspace === server.workspace && p.claims?.workspace === undefined),
          ...fromIssuer.filter((p) => p.claims?.workspace !== undefined),
        ].filter(accepts),
      // never the management API's audience, whatever a provider lists: a token for it is no MCP credential
      audiences: (p) => (p.audiences ?? []).filter((a) => a !== managementAudienceOf(resourceUri)),
      none: NOT_FROM_ACCEPTED_PROVIDER,
      refusal: (provider, verified) =>
        servesWorkspace(provider, verified, server) ? undefined : 'The token is for another workspace.',
    });
    return principal;
  }

  /**
   * Verifies `token` for `audience` with the first of its issuer's providers (as `rules.candidates` orders
   * them) under which it holds and that `rules.refusal` does not refuse.
   */
  async verifyAmong(
    token: string,
    audience: string,
    providers: readonly IdentityProvider[],
    rules: {
      candidates: (fromIssuer: IdentityProvider[]) => IdentityProvider[];
      none: string;
      refusal: (provider: IdentityProvider, principal: Principal) => string | undefined;
      /** A required `typ` header (an ID-JAG's); then only `audience` itself is accepted, no provider `audiences`. */
      typ?: string;
      /** The `aud` values a provider's tokens may carry besides `audience`. Default: its `audiences`. */
      audiences?: (provider: IdentityProvider) => readonly string[];
      /** The token is an ID token the gateway's own sign-in asked for; otherwise an ID token is refused. */
      idToken?: boolean;
    },
  ): Promise<{ principal: Principal; provider: IdentityProvider }> {
    const now = this.options.clock.now();
    const cacheKey = `${hashSecret(token)} ${audience} ${rules.typ ?? ''}`;
    const known = this.remembered.get(cacheKey);
    if (known !== undefined && now < known.until) {
      const provider = providers.find((p) => p.id === known.providerId);
      // still one of the providers this call accepts (a server's allow-list may have narrowed since)
      if (
        provider?.version === known.providerVersion &&
        rules.candidates([provider]).length > 0 &&
        rules.refusal(provider, known.principal) === undefined
      )
        return { principal: known.principal, provider };
    }
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new InvalidToken('The token is not a valid JWT.');
    }
    const fromIssuer = providers.filter((p) => p.issuer === issuer);
    if (fromIssuer.length === 0)
      throw new InvalidToken('The token is not from an identity provider of this gateway.', false);
    const ordered = rules.candidates(fromIssuer);
    if (ordered.length === 0) throw new InvalidToken(rules.none);
    let failure: unknown;
    for (const provider of ordered) {
      try {
        const extra =
          rules.typ !== undefined ? [] : (rules.audiences?.(provider) ?? provider.audiences ?? []);
        const { principal, expiresAt } = await this.verifyWith(
          provider,
          token,
          [audience, ...extra],
          now,
          rules.typ,
          rules.idToken === true,
        );
        const refusal = rules.refusal(provider, principal);
        if (refusal !== undefined) throw new InvalidToken(refusal);
        this.remembered.set(cacheKey, {
          principal,
          providerId: provider.id ?? '',
          providerVersion: provider.version ?? 0,
          until: Math.min(expiresAt, now + REMEMBER_MS),
        });
        return { principal, provider };
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }

  private async verifyWith(
    provider: IdentityProvider,
    token: string,
    audiences: readonly string[],
    now: number,
    typ?: string,
    idToken = false,
  ): Promise<{ principal: Principal; expiresAt: number }> {
    const mapping: Partial<NonNullable<IdentityProvider['claims']>> = provider.claims ?? {};
    const userClaim = mapping.user ?? 'sub';
    let payload: Record<string, unknown>;
    let header: JWTHeaderParameters;
    const { jwtVerify } = await jose();
    const checks = {
      issuer: provider.issuer,
      audience: [...audiences],
      ...(typ !== undefined ? { typ } : {}),
      algorithms: [...(provider.algorithms ?? DEFAULT_ALGORITHMS)],
      clockTolerance: provider.clockSkewSeconds ?? DEFAULT_SKEW_SECONDS,
      requiredClaims: ['exp', userClaim, ...(provider.requiredClaims ?? [])],
      currentDate: new Date(now),
    };
    const verified = () =>
      jwtVerify(
        token,
        (header: JWTHeaderParameters, input: FlattenedJWSInput) =>
          this.options.keys.key(provider, header, input),
        checks,
      ).catch(async (error: unknown) => {
        // a token without a `kid` while the provider publishes several keys of its kind (mid-rotation):
        // each is tried; the one that signed it decides (its claims judged as any token's)
        if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
        for await (const candidate of error) {
          try {
            return await jwtVerify(token, candidate, checks);
          } catch (tried) {
            if (!(tried instanceof errors.JWSSignatureVerificationFailed)) throw tried;
          }
        }
        throw new errors.JWSSignatureVerificationFailed();
      });
    try {
      ({ payload, protectedHeader: header } = await verified().catch(async (error: unknown) => {
        // the keys held may be old ones the provider replaced under their `kid` (or keys without one)
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
        if (!(await this.options.keys.reread(provider))) throw error;
        return verified();
      }));
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new InvalidToken(describe(error));
    }
    // a token issued later than now (beyond the skew allowed) would outlive a sign-out of its user
    const iat = payload.iat;
    if (typeof iat === 'number' && iat * 1000 > now + checks.clockTolerance * 1000)
      throw new InvalidToken('The token is issued in the future.');
    // a JWT of another kind (an identity assertion for the token endpoint, a logout token) is no access
    // token, whatever its audience says (a `typ` that is no string at all is no type of any token:
    // refused, not a failure of the gateway)
    if (
      typ === undefined &&
      header.typ !== undefined &&
      (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYPES.has(header.typ.toLowerCase()))
    )
      throw new InvalidToken(`A token of type ${JSON.stringify(header.typ)} is not an access token.`);
    // nor is one a provider sent untyped (`JWT`) whose claims tell its kind: a provider whose `audiences`
    // name its client id would otherwise take its ID tokens, and its logout tokens, for access tokens
    if (typ === undefined && !idToken && notAccessToken(payload))
      throw new InvalidToken('The token is an ID token or a logout token, not an access token.');
    // an address the provider says it has not verified is the user's say-so (some providers send the
    // flag as a string): never a user id, nor vouched for onwards (a forwarded identity, an access rule)
    const unverified = payload.email_verified === false || payload.email_verified === 'false';
    if (unverified && userClaim === 'email')
      throw new InvalidToken('The token names its user by an email its provider has not verified.');
    const user = payload[userClaim];
    if (typeof user !== 'string' || user === '' || user.length > 256)
      throw new InvalidToken(`The token's "${userClaim}" claim is not a user id.`);
    const workspaceClaim = mapping.workspace;
    const workspace = workspaceClaim === undefined ? provider.workspace : payload[workspaceClaim];
    if (typeof workspace !== 'string' || workspace === '')
      throw new InvalidToken(`The token's "${workspaceClaim}" claim names no workspace.`);
    const emailClaim = mapping.email ?? 'email';
    const email = unverified && emailClaim === 'email' ? undefined : payload[emailClaim];
    const teams = teamsOf(payload[mapping.teams ?? 'groups']);
    const jti = typeof payload.jti === 'string' ? payload.jti : hashSecret(token).slice(0, 16);
    const principal: Principal = {
      user,
      workspace,
      method: 'jwt',
      credentialId: `${provider.id}:${jti}`,
      provider: provider.name,
      ...(typeof email === 'string' ? { email } : {}),
      ...(teams !== undefined ? { teams } : {}),
      // nor a claim an access rule, a team or a webhook reads (`email_verified` stays: a rule may say so)
      claims: unverified ? withoutEmail(payload) : payload,
    };
    return { principal, expiresAt: (payload.exp as number) * 1000 };
  }
}

function withoutEmail({ email: _unverified, ...claims }: Record<string, unknown>): Record<string, unknown> {
  return claims;
}

/**
 * Whether claims mark a token as another kind than an access token: `events` a logout token (OIDC
 * Back-Channel Logout 2.4) or any security event token; the hashes binding an ID token to its sign-in's
 * answer (OIDC Core 3.1.3.6, 3.3.2.11; optional there: an ID token without them passes as an access token
 * would); Keycloak's `typ` claim for its ID, logout and refresh tokens, Cognito's `token_use: id`.
 */
function notAccessToken(payload: Record<string, unknown>): boolean {
  if ('events' in payload || 'at_hash' in payload || 'c_hash' in payload || 's_hash' in payload) return true;
  // Cognito's own word for its tokens' kinds
  if (payload['token_use'] === 'id') return true;
  const kind = payload['typ'];
  return typeof kind === 'string' && NOT_ACCESS_KINDS.has(kind.toLowerCase());
}
const NOT_ACCESS_KINDS = new Set(['id', 'logout', 'refresh', 'offline']);

/** The `typ` headers an access token may carry (RFC 9068's, and the plain one most providers send). */
const ACCESS_TOKEN_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt', 'application/jwt']);

function servesWorkspace(provider: IdentityProvider, principal: Principal, server: Server): boolean {
  return (
    principal.workspace === server.workspace &&
    (provider.claims?.workspace !== undefined || provider.workspace === server.workspace)
  );
}

/** A teams claim's teams: a list, or one space-separated string. */
export function teamsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(' ').filter((team) => team !== '');
  if (Array.isArray(value)) return value.filter((team): team is string => typeof team === 'string');
  return undefined;
}

/** A challenge description for jose's verification errors: what failed, never the token's values. */
function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not valid yet.';
    if (error.claim === 'aud') return 'The token was not issued for this resource.';
    if (error.claim === 'iss') return 'The token is from another issuer.';
    if (error.claim === 'typ') return 'The token is not of the expected type.';
    if (error.reason === 'missing') return `The token lacks the "${error.claim}" claim.`;
    return `The token's "${error.claim}" claim is not valid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm this provider does not allow.';
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'The token is signed with a key the provider does not publish.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  return 'The token is not a valid JWT.';
}
