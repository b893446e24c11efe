/**
 * What the data plane knows of the gateway's authorization server on every request: where its routes
 * are, and whether a workspace signs people in through it. Its code (`routes.ts`) is loaded with the
 * first request to one of those routes.
 */
import type { ConfigReader } from '../core/config.js';
import type { Accepted } from '../policies/authenticate/accepted.js';

export const JWKS_PATH = '/.well-known/jwks.json';
export const AS_METADATA_PATH = '/.well-known/oauth-authorization-server';
/** OpenID Connect Discovery: the same server, for clients that only look there (MCP 2025-11-25 tries both). */
export const OIDC_METADATA_PATH = '/.well-known/openid-configuration';

/** Whether a request is for the authorization server (its `/oauth/` routes and well-known documents). */
export const isAuthorizationServerPath = (path: string): boolean =>
  path.startsWith('/oauth/') ||
  path === AS_METADATA_PATH ||
  path === OIDC_METADATA_PATH ||
  path === JWKS_PATH;

/**
 * Whether people of the workspace sign in through the gateway: a provider of theirs offers sign-in (one a
 * server accepts, given what it does).
 */
export async function hasSignIn(
  deps: { config: Pick<ConfigReader, 'identityProviders'> },
  workspace: string,
  accepted?: Accepted,
): Promise<boolean> {
  const providers = await deps.config.identityProviders();
  return providers.some(
    (p) =>
      p.login !== undefined &&
      (p.workspace === workspace || p.claims?.workspace !== undefined) &&
      (accepted?.providers === undefined || accepted.providers.has(p.name)),
  );
}
