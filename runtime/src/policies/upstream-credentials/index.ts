/**
 * Upstream credentials a server's `credentials` block asks for: the gateway's own token (OAuth 2.0 client
 * credentials) or, per caller, a token exchanged at a token service (RFC 8693) for the caller's token or an
 * assertion the gateway signs. Tokens are cached until a minute before they expire (the exchanged ones by
 * a hash of their subject token); no token means the request is refused (fail closed), never forwarded
 * without its credential.
 */

import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose/jwt/decode';
import { baseUrlOf } from '../../auth/protected-resource.js';
import { bearerToken } from '../../auth/secrets.js';
import { accessTokenOf, postTokenRequest, TokenEndpointError } from '../../auth/token-endpoint.js';
import type { BrokerKeys } from '../../broker/keys.js';
import { BROKER_ALGORITHM } from '../../broker/keys.js';
import type { Clock } from '../../core/clock.js';
import type { Principal, Server } from '../../core/config.js';
import { sha256 } from '../../core/digest.js';
import { GatewayError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http-client.js';
import { InFlight } from '../../core/in-flight.js';
import { jose } from '../../core/jose.js';
import { lruCache } from '../../core/lru.js';
import { extend } from '../../core/pipeline.js';
import type { UrlGuard } from '../../core/url-guard.js';
import type {
  Authenticated,
  McpStage,
  Parsed,
  RequestContext,
  Resolved,
  UpstreamIdentity,
} from '../../mcp/context.js';
import { UpstreamRefusedCredentials } from '../../mcp/upstream/errors.js';
import { ConsentRequired } from '../../vault/consent-required.js';
import type { TokenVault } from '../../vault/upstream-oauth.js';

type Credentials = NonNullable<Server['credentials']>;

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
/** A cached token is used while it has more than this left. */
const MARGIN_SECONDS = 60;

export interface UpstreamCredentialsConfig {
  http: HttpClient;
  guard: UrlGuard;
  clock: Clock;
  keys: Pick<BrokerKeys, 'signing'>;
}

const failed = (server: string, why: string) =>
  new GatewayError('upstream_unavailable', `No credentials for MCP server "${server}": ${why}.`);

/** The `exp` of a JWT, or no bound for an opaque token. */
function expiryOf(token: string): number {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Who a token exchange is for: the caller, its own bearer token, and the gateway's base URL. */
export interface Caller {
  principal: Principal;
  bearer: string | undefined;
  issuer: string;
}

export class UpstreamCredentials {
  private readonly tokens = lruCache<string, { token: string; expiresAt: number; margin: number }>(10_000);
  private readonly pending = new InFlight<string, string>();

  constructor(private readonly options: UpstreamCredentialsConfig) {}

  /**
   * Forgets a cached token the upstream refused (revoked or rotated there before it expired): the next
   * call obtains a new one instead of failing until it expires. Rare, so a scan will do.
   */
  refused(token: string): void {
    for (const [key, entry] of this.tokens.entries()) if (entry.token === token) this.tokens.delete(key);
  }

  /**
   * Forgets the gateway's own token at `server` (a fallback's client credentials, refused there): the
   * failover that needs it gets a new one.
   */
  forgetOwn(server: Server): void {
    const scope = `${server.id ?? server.name}@${server.version ?? 0}`;
    this.tokens.delete(scope);
  }

  /** The headers carrying `server`'s credential for this caller; throws `upstream_unavailable` without. */
  async headersFor(server: Server, caller?: Caller): Promise<Record<string, string>> {
    const credentials = server.credentials;
    if (credentials === undefined) return {};
    const token = await this.tokenFor(server, credentials, caller);
    return bearerHeader(credentials.header, token);
  }

  private async tokenFor(
    server: Server,
    credentials: Credentials,
    caller: Caller | undefined,
  ): Promise<string> {
    const scope = `${server.id ?? server.name}@${server.version ?? 0}`;
    if (credentials.tokenUrl === undefined) throw failed(server.name, 'no token URL is configured');
    const tokenUrl = credentials.tokenUrl;
    let key = scope;
    let notAfter = Number.POSITIVE_INFINITY;
    let subject: (() => Promise<{ token: string; type: string }>) | undefined;
    if (credentials.kind === 'token-exchange') {
      if (caller === undefined) throw failed(server.name, 'a token exchange needs a caller');
      const { principal, bearer } = caller;
      if (credentials.subjectToken === 'user-token') {
        // the caller's own doing, not an outage: a client that retries would be refused again
        if (bearer === undefined || (principal.method !== 'jwt' && principal.method !== 'oauth'))
          throw new GatewayError(
            'forbidden',
            `MCP server "${server.name}" is called with the caller\u2019s own token, exchanged: sign in with an identity provider (an api key is no such token).`,
          );
        key = `${scope}#${sha256(bearer)}`;
        notAfter = expiryOf(bearer);
        subject = async () => ({ token: bearer, type: ACCESS_TOKEN_TYPE });
      } else {
        // the caller as the assertion describes them, not one assertion (a new one for each call would
        // defeat the cache): a token exchanged for other teams or another email is not reused
        const described = [
          principal.workspace,
          principal.user,
          principal.credentialId,
          principal.email ?? null,
          principal.method,
          principal.provider ?? null,
          [...(principal.teams ?? [])].sort(),
          caller.issuer,
        ];
        key = `${scope}#${sha256(JSON.stringify(described))}`;
        subject = () => this.assertionFor(tokenUrl, principal, caller.issuer);
      }
    }
    const now = Math.floor(this.options.clock.now() / 1000);
    const known = this.tokens.get(key);
    if (known !== undefined && known.expiresAt - now > known.margin) return known.token;
    // one request per token at a time, however many calls want it
    return this.pending.join(key, () =>
      this.request(server, credentials, tokenUrl, subject).then(({ token, expiresIn }) => {
        // an exchanged token is not reused beyond the caller's own token
        const issued = Math.floor(this.options.clock.now() / 1000);
        const expiresAt = Math.min(issued + expiresIn, notAfter);
        // a short-lived token is reused for the first three quarters of its life
        const margin = Math.max(0, Math.min(MARGIN_SECONDS, Math.floor((expiresAt - issued) / 4)));
        this.tokens.set(key, { token, expiresAt, margin });
        return token;
      }),
    );
  }

  /** An assertion of who the caller is, signed by the gateway for the token service. */
  private async assertionFor(tokenUrl: string, principal: Principal, issuer: string) {
    const now = Math.floor(this.options.clock.now() / 1000);
    const { kid, key } = await this.options.keys.signing();
    const { SignJWT } = await jose();
    // how the caller signed in, and where: one user name may be an api key's and an identity provider's
    const assertion = await new SignJWT({
      ws: principal.workspace,
      ...(principal.email !== undefined ? { email: principal.email } : {}),
      ...(principal.teams !== undefined ? { teams: principal.teams } : {}),
      amr: [principal.method],
      ...(principal.provider !== undefined ? { idp: principal.provider } : {}),
    })
      .setProtectedHeader({ alg: BROKER_ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(principal.user)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 120)
      .setJti(randomUUID())
      .sign(key);
    return { token: assertion, type: JWT_TOKEN_TYPE };
  }

  private async request(
    server: Server,
    credentials: Credentials,
    tokenUrl: string,
    subjectOf: (() => Promise<{ token: string; type: string }>) | undefined,
  ): Promise<{ token: string; expiresIn: number }> {
    const form = new URLSearchParams();
    const subject = await subjectOf?.();
    if (subject === undefined) form.set('grant_type', 'client_credentials');
    else {
      form.set('grant_type', TOKEN_EXCHANGE);
      form.set('subject_token', subject.token);
      form.set('subject_token_type', subject.type);
      form.set('requested_token_type', ACCESS_TOKEN_TYPE);
    }
    if (credentials.scopes !== undefined && credentials.scopes.length > 0)
      form.set('scope', credentials.scopes.join(' '));
    if (credentials.audience !== undefined) form.set('audience', credentials.audience);
    if (credentials.resource !== undefined) form.set('resource', credentials.resource);
    const client =
      credentials.clientId === undefined
        ? undefined
        : {
            clientId: credentials.clientId,
            clientSecret: credentials.clientSecret,
            method: credentials.authMethod,
          };
    let reply: Awaited<ReturnType<typeof postTokenRequest>>;
    try {
      reply = await postTokenRequest(this.options, tokenUrl, form, client);
    } catch (error) {
      if (error instanceof TokenEndpointError)
        throw failed(server.name, `the token endpoint failed: ${error.message}`);
      throw error;
    }
    const { status, answer } = reply;
    // the token service refused the caller's own token (expired, revoked): theirs to renew, no outage
    if (status === 400 && answer.error === 'invalid_grant' && subject?.type === ACCESS_TOKEN_TYPE)
      throw new GatewayError(
        'forbidden',
        `The token service of MCP server "${server.name}" refused the caller\u2019s token (invalid_grant): sign in again.`,
      );
    const token = accessTokenOf(answer);
    if (status === 200 && token === undefined && typeof answer.access_token === 'string')
      throw failed(
        server.name,
        'the token endpoint failed: it answered an access token with characters no token may have (RFC 6749: visible ASCII)',
      );
    if (status !== 200 || token === undefined)
      throw failed(
        server.name,
        `the token endpoint answered HTTP ${status}${typeof answer.error === 'string' ? ` (${answer.error.slice(0, 64)})` : ''}`,
      );
    const expiresIn =
      typeof answer.expires_in === 'number' && answer.expires_in > 0
        ? Math.min(answer.expires_in, 86_400)
        : 300;
    return { token, expiresIn };
  }
}

/**
 * The stage: adds the server's upstream credential to the headers toward the upstream. A user-oauth server
 * whose caller has not connected their account answers each request with the consent link (-32042).
 */
export function upstreamCredentials(
  credentials: UpstreamCredentials,
  /** The token vault, loaded with the first server whose credentials are per user. */
  vault: () => Promise<Pick<TokenVault, 'tokenFor' | 'refused' | 'stepUp'>>,
  publicUrl?: string,
  /** Servers by name: a fallback that refused its own credential. */
  serverByName?: (name: string) => Promise<Server | undefined>,
): McpStage<RequestContext & Authenticated & Resolved & Parsed & UpstreamIdentity, UpstreamIdentity> {
  /**
   * A fallback refused its own token (revoked or rotated there): forgotten, or every failover to it would
   * fail with that token until it expires — during the outage the fallback is there for.
   */
  const fallbackRefused = async (server: Server, error: unknown): Promise<void> => {
    if (!(error instanceof UpstreamRefusedCredentials) || !error.revoked || error.server === server.name)
      return;
    if (serverByName === undefined || !(server.fallbacks ?? []).includes(error.server)) return;
    const fallback = await serverByName(error.server).catch(() => undefined);
    if (fallback?.credentials?.kind === 'client-credentials') credentials.forgetOwn(fallback);
  };
  return {
    name: 'upstream-credentials',
    async run(context, next) {
      const { server, principal, request, mcp } = context;
      const configured = server.credentials;
      if (configured === undefined)
        try {
          return await next(context);
        } catch (error) {
          await fallbackRefused(server, error);
          throw error;
        }
      const issuer = baseUrlOf(request, publicUrl);
      let headers: Record<string, string>;
      /** What to forget when the upstream refuses the credential sent. */
      let refused: () => Promise<void>;
      /** The consent to ask for when the upstream wants more scopes of the user's token. */
      let stepUp: ((wanted: string[]) => Promise<GatewayError | undefined>) | undefined;
      if (configured.kind === 'user-oauth') {
        let token: string;
        const tokens = await vault();
        try {
          token = await tokens.tokenFor(server, principal, issuer);
        } catch (error) {
          // ending a session needs no credential: the gateway's session ends whatever the upstream says
          if (mcp.operation === 'terminate') return next(context);
          if (!(error instanceof ConsentRequired) || mcp.messages.length === 0) throw error;
          // every message waits for the user's consent; none goes upstream without the token
          mcp.messages.forEach((_, index) => {
            if (!mcp.refused.has(index)) mcp.refused.set(index, error);
          });
          return next(context);
        }
        headers = bearerHeader(configured.header, token);
        refused = () => tokens.refused(server, principal, token);
        stepUp = (wanted) => tokens.stepUp(server, principal, issuer, wanted, token);
      } else {
        try {
          headers = await credentials.headersFor(server, {
            principal,
            // a virtual server's member request carries the caller's token aside, never as a header
            bearer: context.member?.bearer ?? bearerToken(request.headers.authorization),
            issuer,
          });
        } catch (error) {
          if (mcp.operation === 'terminate') return next(context);
          throw error;
        }
        const sent = Object.values(headers)[0]?.replace(/^Bearer /, '');
        refused = async () => {
          if (sent !== undefined) credentials.refused(sent);
        };
      }
      try {
        return await next(extend(context, { upstreamHeaders: { ...context.upstreamHeaders, ...headers } }));
      } catch (error) {
        // revoked or rotated upstream before it expired: the next call gets a new one (a fallback's
        // refusal is of its own credential, not this server's)
        if (error instanceof UpstreamRefusedCredentials && error.revoked && error.server === server.name)
          await refused().catch(() => undefined);
        // the user's token lacks scopes the request needs: their consent to more, by a link (-32042)
        // (only scopes the server's credentials allow: an upstream does not widen its own access)
        if (
          error instanceof UpstreamRefusedCredentials &&
          error.scopesWanted !== undefined &&
          error.server === server.name &&
          stepUp !== undefined
        )
          throw (await stepUp(error.scopesWanted)) ?? error;
        await fallbackRefused(server, error);
        throw error;
      }
    },
  };
}

/** `Authorization: Bearer <token>`, or the token alone in another header. */
export const bearerHeader = (header: string | undefined, token: string): Record<string, string> => {
  const name = header ?? 'Authorization';
  return { [name]: name.toLowerCase() === 'authorization' ? `Bearer ${token}` : token };
};
