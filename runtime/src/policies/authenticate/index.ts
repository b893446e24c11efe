import { decodeJwt } from 'jose/jwt/decode';
import { apiKeySecretPrefix } from '../../auth/api-keys.js';
import type { AuthnWebhooks } from '../../auth/authn-webhook.js';
import {
  InvalidToken,
  looksLikeJwt,
  NOT_FROM_ACCEPTED_PROVIDER,
  type TokenVerifier,
} from '../../auth/jwt.js';
import type { KeyUsage } from '../../auth/key-usage.js';
import {
  baseUrlOf,
  bearerChallenge,
  grantedScopes,
  insufficientScope,
  resourceOf,
} from '../../auth/protected-resource.js';
import { bearerToken } from '../../auth/secrets.js';
import { predates } from '../../auth/sign-outs.js';
import { type Clock, systemClock } from '../../core/clock.js';
import type { ConfigReader, Principal, Server, Webhook, Workspace } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import type { HttpRequest } from '../../core/http.js';
import { extend } from '../../core/pipeline.js';
import type { Authenticated, McpStage, RequestContext, ServerLookup } from '../../mcp/context.js';
import { unknownServer } from '../resolve-server/index.js';
import { acceptedBy, type Method, providerAccepted, refusalOf } from './accepted.js';

export interface AuthenticateConfig {
  config: Pick<
    ConfigReader,
    | 'authenticateApiKey'
    | 'identityProviders'
    | 'providerIssuers'
    | 'workspaceByName'
    | 'webhookByName'
    | 'signedOutAt'
  >;
  tokens: TokenVerifier;
  /** Asks authentication webhooks (for credentials no other method recognises). */
  webhooks?: Pick<AuthnWebhooks, 'decide'>;
  /** Records api keys' last use (amortized). */
  usage?: KeyUsage;
  /** Verifies access tokens of the gateway's own authorization server (issuer: the base URL). */
  broker?: (token: string, issuer: string, resource: string, server: Server) => Promise<Principal>;
  /** Whether a key id is one the gateway's authorization server signs with (its tokens under any host). */
  brokerKid?: (kid: string) => Promise<boolean>;
  /** The gateway's public base URL (resource URIs and metadata links); the request's host when unset. */
  publicUrl?: string;
  /**
   * Whether a token is the management API's admin key, where this process knows it: never handed to a
   * webhook, whatever its form (a deployment's generated key has the gateway's own `mcpgw_` form).
   */
  isAdminKey?: (token: string) => boolean | Promise<boolean>;
  clock?: Clock;
}

/** The unverified `kid` of a JWT's header, if it names one. */
function kidOf(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.', 1)[0]!, 'base64url').toString('utf8'));
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

/** The unverified `iss` of a JWT (only to route it to its verifier). */
function issuerOf(token: string): unknown {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

const refused = (challenge: string, detail: string) =>
  new GatewayError('unauthorized', detail, { headers: { 'www-authenticate': challenge } });

const NOT_FOR_THIS_SERVER = 'The token is not valid for this server.';
const INVALID_KEY = 'The credential is not valid.';

/**
 * What a caller authenticated by `method` gets for a server that does not exist, for later stages that
 * must not disclose a server: an api key reaches the unknown-server answer, a token is not valid there.
 */
export function unknownServerError(
  method: string,
  request: HttpRequest,
  serverName: string,
  publicUrl?: string,
) {
  const { metadata } = resourceOf(baseUrlOf(request, publicUrl), serverName);
  if (method === 'api-key') return unknownServer(serverName);
  const detail = method === 'webhook' ? 'The credential is not valid.' : NOT_FOR_THIS_SERVER;
  return refused(bearerChallenge(metadata, detail), detail);
}

/** The authentication webhook of a server (its own, else its workspace's), if one is set and exists. */
async function webhookOf(
  config: Pick<ConfigReader, 'webhookByName'>,
  server: Server,
  workspace: Workspace | undefined,
): Promise<Webhook | undefined> {
  const name = server.authnWebhook ?? workspace?.authnWebhook;
  if (name === undefined) return undefined;
  const webhook = await config.webhookByName(name);
  // a webhook of another workspace never decides here, whatever a name says
  return webhook?.workspace === (server.workspace ?? 'default') ? webhook : undefined;
}

/**
 * Whether `server` would accept the credential `caller` was authenticated with itself: its method,
 * identity provider or authentication webhook, and a token's scopes. For a caller that reaches the server
 * through another one (a virtual server's member, a fallback).
 */
export async function acceptsCaller(
  config: Pick<ConfigReader, 'workspaceByName' | 'webhookByName'>,
  server: Server,
  caller: Principal,
): Promise<boolean> {
  const workspace = await config.workspaceByName(server.workspace ?? 'default');
  const accepted = acceptedBy(workspace, server);
  const granted = grantedScopes(caller.claims);
  const token = caller.method === 'jwt' || caller.method === 'oauth';
  return (
    accepted.methods.has(caller.method as Method) &&
    providerAccepted(accepted, caller) &&
    (!token || (server.scopes ?? []).every((scope) => granted.has(scope))) &&
    // one webhook's say-so is not another's: the server asks its own
    (caller.method !== 'webhook' ||
      (caller.webhook !== undefined && (await webhookOf(config, server, workspace))?.id === caller.webhook))
  );
}

/**
 * Reads `Authorization: Bearer <credential>`: a JWT of a registered identity provider (verified for this
 * server's resource URI) or an api key; a credential neither recognises (or none) goes to the server's
 * authentication webhook when it has one. Without a principal, 401 with a challenge naming the server's
 * protected resource metadata.
 */
export function authenticate(
  options: AuthenticateConfig,
): McpStage<RequestContext & ServerLookup, Authenticated> {
  const { config, tokens } = options;
  const clock = options.clock ?? systemClock;
  /** A token issued before its user was signed out is no longer valid: the client signs in again. */
  const current = async (verified: Principal): Promise<Principal> => {
    // a client's own token is no person's, whatever its subject is named
    if (verified.provider?.startsWith('client:') === true) return verified;
    const at = await config.signedOutAt(verified.workspace, verified.user);
    if (at !== undefined && predates(verified.claims, at, clock.now()))
      throw new InvalidToken('The user was signed out; sign in again.');
    return verified;
  };
  /**
   * The virtual server's caller, if the member would accept its credential itself (method, identity
   * provider or authentication webhook, and a token's scopes); otherwise the member is, to that caller,
   * not there.
   */
  const asMember = async (context: RequestContext & ServerLookup): Promise<Principal> => {
    const caller = context.member!.principal;
    const server = await context.serverLookup;
    if (server === undefined || !(await acceptsCaller(config, server, caller)))
      throw unknownServer(context.serverName);
    return caller;
  };
  /**
   * Whether the token is one of the gateway's own (never shown to a webhook): an identity provider's of
   * the gateway, enabled or not, or its authorization server's (under any of its host names).
   */
  const ours = async (token: string) => {
    const issuer = issuerOf(token);
    if (typeof issuer === 'string' && (await config.providerIssuers()).has(issuer)) return true;
    const kid = kidOf(token);
    return kid !== undefined && (await options.brokerKid?.(kid)) === true;
  };
  return {
    name: 'authenticate',
    async run(context, next) {
      // a virtual server's call to a member: its caller was authenticated by the virtual server
      if (context.member !== undefined) return next(extend(context, { principal: await asMember(context) }));
      const token = bearerToken(context.request.headers.authorization);
      const base = baseUrlOf(context.request, options.publicUrl);
      const { resource, metadata } = resourceOf(base, context.serverName);
      let principal: Principal | undefined;
      let unrecognised: string | undefined;
      // the key check and the server read overlap: the server is awaited only after the key's lookup
      const keyCheck =
        token !== undefined && !looksLikeJwt(token) ? config.authenticateApiKey(token) : undefined;
      // awaited below, after the server: a failure meanwhile must not count as unhandled
      keyCheck?.catch(() => undefined);
      const server = await context.serverLookup;
      const workspace =
        server === undefined ? undefined : await config.workspaceByName(server.workspace ?? 'default');
      const accepted = acceptedBy(workspace, server);
      const scopes = server?.scopes ?? [];
      /** A token's principal, once it carries every scope the server requires (else 403, step-up). */
      const scoped = (verified: Principal): Principal => {
        const granted = grantedScopes(verified.claims);
        const missing = scopes.filter((scope) => !granted.has(scope));
        if (missing.length === 0) return verified;
        throw new GatewayError(
          'forbidden',
          `The token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
          {
            headers: { 'www-authenticate': insufficientScope(metadata, scopes) },
          },
        );
      };
      if (token === undefined) {
        unrecognised = 'Authentication required.';
      } else if (keyCheck === undefined) {
        try {
          // an unknown server is not disclosed: its tokens are just not valid
          if (server === undefined) throw new InvalidToken(NOT_FOR_THIS_SERVER);
          if (options.broker !== undefined && issuerOf(token) === base) {
            if (!accepted.methods.has('oauth')) throw new InvalidToken(refusalOf.oauth);
            principal = scoped(await current(await options.broker(token, base, resource, server)));
            if (!providerAccepted(accepted, principal)) throw new InvalidToken(NOT_FROM_ACCEPTED_PROVIDER);
            return next(extend(context, { principal }));
          }
          // not verified here: a token the webhook may know (a legacy token system's JWTs) goes on to it;
          // one an identity provider of this gateway issued does not (its receiver could use it)
          if (!accepted.methods.has('jwt')) throw new InvalidToken(refusalOf.jwt, await ours(token));
          const providers = await config.identityProviders();
          principal = scoped(
            await current(
              await tokens.verify(token, server, resource, providers, (provider) =>
                accepted.providers === undefined ? true : accepted.providers.has(provider.name),
              ),
            ),
          );
        } catch (error) {
          if (!(error instanceof InvalidToken)) throw error;
          // a token of a known provider that fails verification is refused; the webhook never overrides
          // it; nor a disabled provider's, nor the gateway's own token issued under another host name
          if (error.recognised || (await ours(token)))
            throw refused(bearerChallenge(metadata, error.message, scopes), error.message);
          unrecognised = error.message;
        }
      } else {
        const key = await keyCheck;
        // a key of this gateway is never handed to a webhook (its receiver, maybe another workspace's
        // admin, could use it): refused here, also a disabled or expired one (it may be enabled again)
        if (key === 'unusable') throw refused(bearerChallenge(metadata, INVALID_KEY, scopes), INVALID_KEY);
        if (key !== undefined && !accepted.methods.has('api-key'))
          throw refused(bearerChallenge(metadata, refusalOf['api-key'], scopes), refusalOf['api-key']);
        // nor one in the gateway's own form that matches no key (the admin key, a deleted or rotated-out one)
        if (key === undefined && token.startsWith(apiKeySecretPrefix))
          throw refused(bearerChallenge(metadata, INVALID_KEY, scopes), INVALID_KEY);
        principal = key;
        if (principal !== undefined) options.usage?.touch(principal.credentialId);
        else unrecognised = INVALID_KEY;
      }
      // nor the admin key: a workspace's webhook must never learn the deployment's master credential
      if (principal === undefined && token !== undefined && (await options.isAdminKey?.(token)) === true)
        throw refused(bearerChallenge(metadata, INVALID_KEY, scopes), INVALID_KEY);
      if (principal === undefined && options.webhooks !== undefined && accepted.methods.has('webhook')) {
        const webhook = server === undefined ? undefined : await webhookOf(config, server, workspace);
        if (webhook !== undefined && server !== undefined) {
          // nor a key whose secret has a JWT's shape (supplied before such secrets were refused): read as
          // an identity provider's token above, it is still the gateway's own
          if (
            token !== undefined &&
            keyCheck === undefined &&
            (await config.authenticateApiKey(token)) !== undefined
          )
            throw refused(bearerChallenge(metadata, INVALID_KEY, scopes), INVALID_KEY);
          const decision = await options.webhooks.decide(webhook, server, token, context.request.headers);
          if (decision.allow) principal = decision.principal;
          else unrecognised = decision.reason;
        }
      }
      if (principal === undefined) {
        const detail = unrecognised ?? 'The credential is not valid.';
        const challenge =
          token === undefined
            ? bearerChallenge(metadata, undefined, scopes)
            : bearerChallenge(metadata, detail, scopes);
        throw refused(challenge, detail);
      }
      return next(extend(context, { principal }));
    },
  };
}
