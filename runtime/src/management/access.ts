/**
 * Who may use the management API: the admin key, or a JWT of an identity provider that has a `roles`
 * block, whose role claim makes its holder an `admin` (everything), a `workspace-admin` (everything of one
 * workspace: identity providers and telemetry sinks are admins' only) or a `viewer` (reads of one
 * workspace). What each role may touch is decided here,
 * on the resource's type and workspace, so every route enforces the same rules.
 */
import type { AdminKey } from '../auth/admin-key.js';
import { InvalidToken, isMcpAudience, looksLikeJwt, type TokenVerifier } from '../auth/jwt.js';
import { baseUrlOf } from '../auth/protected-resource.js';
import { bearerToken } from '../auth/secrets.js';
import { predates } from '../auth/sign-outs.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { IdentityProvider } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import type { HttpRequest } from '../core/http.js';

export type Caller =
  | { role: 'admin'; user: string }
  | { role: 'workspace-admin' | 'viewer'; user: string; workspace: string };

export interface ManagementTokens {
  verifier: TokenVerifier;
  /** The enabled identity providers (cached by the caller). */
  providers: () => Promise<readonly IdentityProvider[]>;
  /** The gateway's public base URL: management tokens are issued for `<base>/v1`. */
  publicUrl?: string;
  /**
   * When a user of a workspace was last signed out (epoch seconds): their earlier tokens are refused.
   * `byAdmin`: the last sign-out an admin made (what ends an admin's tokens).
   */
  signedOutAt?: (workspace: string, user: string, byAdmin: boolean) => Promise<number | undefined>;
}

const realm = 'mcp-gateway-admin';

const unauthorized = (detail: string, invalid = false) =>
  new GatewayError('unauthorized', detail, {
    headers: {
      'www-authenticate': invalid
        ? `Bearer realm="${realm}", error="invalid_token", error_description="${detail.replace(/["\\]/g, '')}"`
        : `Bearer realm="${realm}"`,
    },
  });

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((v) => v !== '');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The strongest role the token's role claim grants under `provider`, or undefined. */
function roleOf(provider: IdentityProvider, claims: Readonly<Record<string, unknown>>) {
  const roles = provider.roles;
  if (roles === undefined) return undefined;
  const values = new Set(claimValues(claims[roles.claim ?? 'roles']));
  const grants = (list: readonly string[] | undefined) => list?.some((v) => values.has(v)) === true;
  if (grants(roles.admin)) return 'admin' as const;
  if (grants(roles.workspaceAdmin)) return 'workspace-admin' as const;
  if (grants(roles.viewer)) return 'viewer' as const;
  return undefined;
}

const NO_ROLE = 'The token grants no role at the management API.';

/** The caller of a management request; throws 401 without a valid credential, 403 without a role. */
export async function callerOf(
  request: HttpRequest,
  adminKey: AdminKey,
  tokens: ManagementTokens | undefined,
  clock: Clock = systemClock,
): Promise<Caller> {
  const token = bearerToken(request.headers.authorization);
  if (token === undefined || tokens === undefined || !looksLikeJwt(token)) {
    await adminKey.verifyAdmin(request);
    return { role: 'admin', user: 'admin-key' };
  }
  const audience = `${baseUrlOf(request, tokens.publicUrl)}/v1`;
  let verified: Awaited<ReturnType<TokenVerifier['verifyAmong']>>;
  try {
    verified = await tokens.verifier.verifyAmong(token, audience, await tokens.providers(), {
      candidates: (fromIssuer) => fromIssuer.filter((p) => p.roles !== undefined),
      // never the audiences of MCP servers: a token a client holds for them is no management credential
      audiences: (p) => (p.roles?.audiences ?? []).filter((a) => !isMcpAudience(a)),
      none: 'The token is not from an identity provider of the management API.',
      // providers of one issuer (one per workspace, say) each map their own groups: the token is the
      // caller's at the first of them that gives it a role, not at the first it verifies with
      refusal: (provider, principal) =>
        roleOf(provider, principal.claims ?? {}) === undefined ? NO_ROLE : undefined,
    });
  } catch (error) {
    if (error instanceof InvalidToken && error.message === NO_ROLE)
      throw new GatewayError('forbidden', NO_ROLE);
    if (error instanceof InvalidToken) throw unauthorized(error.message, true);
    throw error;
  }
  const { principal, provider } = verified;
  const role = roleOf(provider, principal.claims ?? {});
  if (role === undefined) throw new GatewayError('forbidden', NO_ROLE);
  // a signed-out person's tokens open the management API no more than an MCP server; an admin's, only
  // when an admin signed them out (a workspace-admin may not lock an admin out)
  const at = await tokens.signedOutAt?.(principal.workspace, principal.user, role === 'admin');
  if (at !== undefined && predates(principal.claims, at, clock.now()))
    throw unauthorized('The user was signed out; sign in again.', true);
  if (role === 'admin') return { role, user: principal.user };
  return { role, user: principal.user, workspace: principal.workspace };
}

export type Operation = 'read' | 'create' | 'update' | 'delete';

/**
 * Whether `caller` may do `operation` on a resource of `type` in `workspace` (the resource's own name for
 * a workspace): admins everything; others only inside their workspace, viewers only reads, workspace
 * admins not on workspaces themselves (beyond editing their own). Identity providers are the admins'
 * alone, reads included: they say which claims make an admin.
 */
export function allows(caller: Caller, operation: Operation, type: string, workspace: string | undefined) {
  if (caller.role === 'admin') return true;
  if (type === 'identity_provider') return false;
  if (workspace !== caller.workspace) return false;
  if (operation === 'read') return true;
  if (caller.role === 'viewer') return false;
  if (type === 'workspace') return operation === 'update';
  return true;
}

/** The list filter that keeps a caller inside its workspace (none for admins). */
export function visibleTo(caller: Caller, type: string, hasWorkspace: boolean): Record<string, string> {
  if (caller.role === 'admin') return {};
  if (type === 'workspace') return { name: caller.workspace };
  return hasWorkspace ? { workspace: caller.workspace } : {};
}

/**
 * Fields of a resource only an admin may set or change. A server's Lambda `function` is invoked with the
 * gateway's own role, which may invoke every function of the deployment: a workspace admin naming another
 * workspace's function would call that server past its workspace's policies, as the gateway. (So is where
 * a server's token exchange sends its callers' tokens: see `userTokensSentTo`.)
 */
const ADMIN_FIELDS: Record<string, readonly string[]> = { server: ['function'] };

/**
 * The admin-only field a non-admin's write would set or change (`current`: the resource before, none for
 * a create; `patch`: only the fields the body names change), if any.
 */
export function adminFieldChanged(
  caller: Caller,
  type: string,
  body: unknown,
  current: Record<string, unknown> | undefined,
  patch = false,
): string | undefined {
  if (caller.role === 'admin' || typeof body !== 'object' || body === null || Array.isArray(body))
    return undefined;
  const written = body as Record<string, unknown>;
  for (const field of ADMIN_FIELDS[type] ?? []) {
    if (patch && !(field in written)) continue;
    if ((written[field] ?? undefined) !== (current?.[field] ?? undefined)) return field;
  }
  if (type === 'server' && (!patch || 'credentials' in written)) {
    const given = written['credentials'];
    const before = current?.['credentials'];
    // a merge patch changes the members it names (null: removes them)
    const after =
      patch && isRecord(given) && isRecord(before)
        ? Object.fromEntries(
            Object.entries({ ...before, ...given }).filter(
              ([, value]) => value !== null && value !== undefined,
            ),
          )
        : given;
    const sentTo = userTokensSentTo(after);
    const sentBefore = userTokensSentTo(before);
    if (sentTo !== undefined && sentTo !== sentBefore)
      return sentBefore === undefined && isRecord(before) && before['tokenUrl'] === sentTo
        ? 'credentials.subjectToken'
        : 'credentials.tokenUrl';
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Where a server's credentials send its callers' own bearer tokens (a token exchange whose subject is the
 * user's token), if they do. That token service sees every caller's token, valid wherever its audience is
 * accepted (a provider's shared `audiences`: other workspaces' servers, the management API): an admin's
 * choice, as a Lambda function is. A gateway assertion (the default subject) is made for the token URL alone.
 */
function userTokensSentTo(credentials: unknown): string | undefined {
  if (!isRecord(credentials) || credentials['kind'] !== 'token-exchange') return undefined;
  if (credentials['subjectToken'] !== 'user-token') return undefined;
  return typeof credentials['tokenUrl'] === 'string' ? credentials['tokenUrl'] : '';
}

/**
 * An OAuth client that registered itself (dynamic registration, a metadata document): filed under the
 * default workspace, it serves every workspace's users, so only an admin changes or removes it.
 */
export const selfRegistered = (type: string, resource: Record<string, unknown>) =>
  type === 'oauth_client' &&
  (resource['registeredBy'] === 'dynamic-registration' || resource['registeredBy'] === 'metadata-document');

export const notAllowed = (caller: Caller, what: string) =>
  new GatewayError('forbidden', `A ${caller.role} may not ${what}.`);
