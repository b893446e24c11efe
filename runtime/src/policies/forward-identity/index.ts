/**
 * Who is calling, told to the upstream — never with the client's own credential: a server's `identity`
 * block names the header that carries a short-lived JWT the gateway signs for that server (`iss` the
 * gateway, `aud` the server's resource URI, `sub`, `email`, `teams`, `ws`, `amr` (how the user signed
 * in) and `idp` (the identity provider, for a token's user); keys at
 * `/.well-known/jwks.json`), and plain headers mapped from principal fields. A signed JWT is reused while
 * it has more than a minute left, so signing is not paid per request.
 */
import { randomUUID } from 'node:crypto';
import { baseUrlOf, resourceOf } from '../../auth/protected-resource.js';
import type { BrokerKeys } from '../../broker/keys.js';
import { BROKER_ALGORITHM } from '../../broker/keys.js';
import type { Clock } from '../../core/clock.js';
import type { Principal } from '../../core/config.js';
import { jose } from '../../core/jose.js';
import { lruCache } from '../../core/lru.js';
import { extend } from '../../core/pipeline.js';
import type {
  AccessChecked,
  Authenticated,
  McpStage,
  RequestContext,
  Resolved,
  UpstreamIdentity,
} from '../../mcp/context.js';

/**
 * The `typ` of the identity JWT: the gateway's access tokens (`at+jwt`) name the same issuer and audience,
 * so an upstream tells the two apart by it (a caller's own access token, sent straight to the upstream in
 * the identity header, must not pass for the gateway's word).
 */
export const IDENTITY_JWT_TYPE = 'identity+jwt';

export interface ForwardIdentityConfig {
  keys: Pick<BrokerKeys, 'signing'>;
  clock: Clock;
  publicUrl?: string;
  /** Lifetime of a forwarded JWT, in seconds (default 300). */
  ttlSeconds?: number;
}

type Field = 'user' | 'email' | 'teams' | 'workspace' | 'method';

/**
 * A header value: visible ASCII but `%` as it is, anything else percent-encoded (never a CR, LF or NUL).
 * A `%` is always encoded, so decoding every value gives back what it was: `j%C3%B6rg` is jörg, and the
 * user named `j%C3%B6rg` comes as `j%25C3%25B6rg`. Spaces inside stay; a value that begins or ends with
 * one is encoded, as HTTP trims them (` alice` would arrive as `alice`).
 */
const headerSafe = (value: string) =>
  /^(?:[\x21-\x24\x26-\x7e](?:[\x20-\x24\x26-\x7e]*[\x21-\x24\x26-\x7e])?)?$/.test(value)
    ? value
    : encodeURIComponent(value);

function fieldOf(principal: Principal, teams: readonly string[], field: Field): string | undefined {
  switch (field) {
    case 'teams':
      // a comma inside a team name must not make two teams of it
      return teams.length > 0 ? teams.map((t) => headerSafe(t).replaceAll(',', '%2C')).join(',') : undefined;
    case 'email':
      return principal.email === undefined ? undefined : headerSafe(principal.email);
    default:
      return headerSafe(principal[field]);
  }
}

const NOTHING: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function forwardIdentity(
  options: ForwardIdentityConfig,
): McpStage<RequestContext & Authenticated & Resolved & Pick<AccessChecked, 'teams'>, UpstreamIdentity> {
  const ttl = options.ttlSeconds ?? 300;
  const signed = lruCache<string, { token: string; expiresAt: number }>(10_000);

  const jwtFor = async (principal: Principal, teams: readonly string[], audience: string, issuer: string) => {
    const now = Math.floor(options.clock.now() / 1000);
    // everything the token says: a client's own token and a person's through the same client share a
    // credential and maybe a name, never a method or provider
    const key = JSON.stringify([
      principal.credentialId,
      principal.user,
      principal.workspace,
      principal.email ?? null,
      principal.method,
      principal.provider ?? null,
      audience,
      teams,
    ]);
    const known = signed.get(key);
    if (known !== undefined && known.expiresAt - now > 60) return known.token;
    const { kid, key: signingKey } = await options.keys.signing();
    const { SignJWT } = await jose();
    const token = await new SignJWT({
      ws: principal.workspace,
      ...(principal.email !== undefined ? { email: principal.email } : {}),
      ...(teams.length > 0 ? { teams: [...teams] } : {}),
      amr: [principal.method],
      ...(principal.provider !== undefined ? { idp: principal.provider } : {}),
    })
      .setProtectedHeader({ alg: BROKER_ALGORITHM, kid, typ: IDENTITY_JWT_TYPE })
      .setIssuer(issuer)
      .setSubject(principal.user)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(signingKey);
    signed.set(key, { token, expiresAt: now + ttl });
    return token;
  };

  return {
    name: 'forward-identity',
    async run(context, next) {
      const identity = context.server.identity;
      if (identity === undefined) return next(extend(context, { upstreamHeaders: NOTHING }));
      const { principal, teams } = context;
      const headers: Record<string, string> = {};
      for (const [name, field] of Object.entries(identity.headers ?? {})) {
        const value = fieldOf(principal, teams, field as Field);
        if (value !== undefined) headers[name] = value;
      }
      if (identity.forwardJwt !== undefined) {
        const base = baseUrlOf(context.request, options.publicUrl);
        const token = await jwtFor(principal, teams, resourceOf(base, context.server.name).resource, base);
        headers[identity.forwardJwt] =
          identity.forwardJwt.toLowerCase() === 'authorization' ? `Bearer ${token}` : token;
      }
      return next(extend(context, { upstreamHeaders: headers }));
    },
  };
}
