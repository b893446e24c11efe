/**
 * The authorization code flow of the gateway's authorization server, for people: an MCP client sends
 * its user to `/oauth/authorize` (PKCE S256 required, an exact redirect URI, the server as `resource`);
 * the gateway federates the sign-in to the workspace's identity provider (its `login` block; code flow
 * with PKCE there too), verifies the ID token, asks the user's consent once per client, and returns a
 * single-use code to the client with `iss` (RFC 9207). Every step's state lives in the store, short-lived
 * and single-use, so any instance may serve the next step.
 */
import { randomBytes } from 'node:crypto';
import type { JwksCache } from '../auth/jwks.js';
import { InvalidToken, type TokenVerifier } from '../auth/jwt.js';
import { signedOutAt } from '../auth/sign-outs.js';
import { postTokenRequest, TokenEndpointError } from '../auth/token-endpoint.js';
import type { Clock } from '../core/clock.js';
import type { ConfigReader, IdentityProvider, Principal, StoredOAuthClient } from '../core/config.js';
import { sha256 } from '../core/digest.js';
import { namedUrl } from '../core/fetch-json.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import type { HttpClient } from '../core/http-client.js';
import { isLoopbackHost, type UrlGuard } from '../core/url-guard.js';
import { type Accepted, acceptedBy, refusalOf } from '../policies/authenticate/accepted.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';
import {
  bindBrowser,
  escapeHtml,
  fromSameBrowser,
  noStore,
  page,
  putOnce,
  takeOnce,
  unbindBrowser,
} from './browser.js';
import { addressKey, takeHourly } from './hourly-quota.js';
import { isMetadataUrl, type MetadataClients } from './metadata-clients.js';
import { keepRegistered } from './register.js';
import { grantedBeforeClient } from './verify.js';

export const AUTHORIZE_PATH = '/oauth/authorize';
export const CALLBACK_PATH = '/oauth/callback';
export const CONSENT_PATH = '/oauth/consent';

export interface InteractiveDeps {
  /** Clients known by their metadata document (a URL as `client_id`). */
  metadataClients: MetadataClients;
  config: Pick<ConfigReader, 'oauthClientById' | 'serverByName' | 'identityProviders' | 'workspaceByName'>;
  providerKeys: JwksCache;
  tokens: TokenVerifier;
  http: HttpClient;
  guard: UrlGuard;
  store: StateStore;
  clock: Clock;
  /**
   * Where a sign-in that only shows who is at the browser goes on (the token vault's consent link): with
   * who signed in, or why the sign-in failed.
   */
  identityChecked?: (check: IdentityCheck, outcome: Principal | string) => Promise<HttpResponse>;
}

/**
 * A sign-in that only shows who is at the browser, for a link of the gateway that must reach its own user
 * only (the token vault's consent link `vaultFlow`): no application, no code, no consent.
 */
export interface IdentityCheck {
  vaultFlow: string;
  workspace: string;
  providerId: string;
  verifier: string;
  nonce: string;
  browser?: string;
}

/** What an authorization request carries from step to step. */
interface Flow {
  clientId: string;
  /** The URL of the client's metadata document, for a client known by one (recorded once signed in). */
  metadataDocument?: string;
  redirectUri: string;
  state?: string;
  codeChallenge: string;
  resource: string;
  scope: string;
  workspace: string;
  providerId: string;
  /** The gateway's own PKCE verifier and nonce at the identity provider. */
  verifier: string;
  nonce: string;
  /** The client's own OpenID Connect nonce, answered in its ID token. */
  clientNonce?: string;
  /** Filled in once the user signed in (and when, in seconds). */
  user?: Pick<Principal, 'user' | 'email' | 'teams'>;
  signedInAt?: number;
  /** The hash of the browser binding set when the person went on to the identity provider. */
  browser?: string;
  /** The client registered itself: only the person's own "Deny" sends them back to it with an error. */
  selfRegistered?: true;
  /** The provider was asked to have the person sign in anew (a sign-in there predated a sign-out here). */
  reauthenticate?: true;
  /**
   * The client's `max_age` (OIDC Core 3.1.2.1; `prompt=login` is 0): the person must have signed in at
   * the provider at most this many seconds ago, as its `auth_time` says.
   */
  maxAge?: number;
  /** The client's `prompt=consent`: the person is asked, though they allowed the client before. */
  askConsent?: true;
}

/** A code as stored: the flow it ends, bound to its client, redirect URI and PKCE challenge. */
export type IssuedCode = Flow & { user: Pick<Principal, 'user' | 'email' | 'teams' | 'claims'> };

/** Claims of a token that are about the token, not the person: never carried over. */
const PROTOCOL_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'azp',
  'auth_time',
  'sid',
  'acr',
  'amr',
  'typ',
  'client_id',
  // what a token may do is the gateway's to grant, never the sign-in's to say (`scp` counts as scopes)
  'scope',
  'scp',
  'ws',
  'gty',
  'idc',
  'tcl',
  'cnf',
]);
/**
 * How much of a sign-in's claims a token of the gateway carries (JSON characters): base64 makes a third
 * more, and the whole token must fit a request header (about 10 KB behind API Gateway).
 */
export const MAX_IDENTITY_CLAIMS = 5 * 1024;

/**
 * What sign-in learned of the person as claims (groups, department, `realm_access.roles`, …): carried by
 * the gateway's tokens, so that policies and teams over claims decide as they would for the provider's
 * own tokens — all of them, or the sign-in is refused: a claim left out could be the one a deny rule
 * names, which would then never match (`problem` says why).
 */
export function identityClaims(claims: Readonly<Record<string, unknown>> | undefined): {
  claims?: Record<string, unknown>;
  problem?: string;
} {
  if (claims === undefined) return {};
  const kept = Object.fromEntries(Object.entries(claims).filter(([name]) => !PROTOCOL_CLAIMS.has(name)));
  if (JSON.stringify(kept).length > MAX_IDENTITY_CLAIMS)
    return {
      problem: `The identity provider sends more about this person than the gateway's tokens carry (${MAX_IDENTITY_CLAIMS / 1024} KB of claims); ask its admin to send fewer claims (groups) to the gateway.`,
    };
  return Object.keys(kept).length === 0 ? {} : { claims: kept };
}

const FLOW_SECONDS = 600;
/** How far behind the gateway's clock an identity provider's `auth_time` may be. */
const AUTH_TIME_SKEW_SECONDS = 60;
const CODE_SECONDS = 120;
const random = () => randomBytes(32).toString('base64url');

const problem = (message: string) =>
  page(400, 'Sign-in failed', `<h1>Sign-in failed</h1><p>${escapeHtml(message)}</p>`);

/** Back to the client with an error (only once its redirect URI is known to be its own). */
function redirectError(
  flow: Pick<Flow, 'redirectUri' | 'state'>,
  issuer: string,
  error: string,
  description: string,
) {
  const url = new URL(flow.redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (flow.state !== undefined) url.searchParams.set('state', flow.state);
  url.searchParams.set('iss', issuer);
  return { status: 302, headers: { location: url.toString(), ...noStore } };
}

/**
 * An issued code as stored: its flow, and whether (and for which refresh family) it was redeemed. Reading
 * it spends nothing: the token endpoint checks the presenter first and spends it last ({@link spendCode}),
 * so neither a stranger presenting it nor a failure while the tokens are made uses it up.
 */
export async function findCode(
  store: StateStore,
  code: string,
): Promise<{ item: StoredItem; flow: IssuedCode; redeemedFor?: string } | undefined> {
  const item = await store.get('oauth-code', sha256(code));
  if (item === undefined) return undefined;
  const flow = item['value'] as IssuedCode;
  if (item['used'] !== true) return { item, flow };
  return typeof item['family'] === 'string' ? { item, flow, redeemedFor: item['family'] } : undefined;
}

/**
 * Marks a code found unused as redeemed for `family`; the family it was redeemed for meanwhile (two
 * redemptions at once: one wins) when that came first, or undefined when this one won.
 */
export async function spendCode(
  store: StateStore,
  item: StoredItem,
  family: string,
): Promise<string | undefined> {
  const version = item.version ?? 1;
  try {
    await store.put({ ...item, used: true, family, version: version + 1 }, { kind: 'version', version });
    return undefined;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const now = await store.get('oauth-code', item.sk);
    return typeof now?.['family'] === 'string' ? now['family'] : '';
  }
}

/**
 * The identity provider people of `workspace` sign in with; for a server, one of those it accepts (a
 * token of another provider would be refused there, and the client sent to sign in again).
 */
async function signInFor(
  deps: InteractiveDeps,
  workspace: string,
  accepted?: Accepted,
): Promise<IdentityProvider | undefined> {
  const providers = (await deps.config.identityProviders()).filter(
    (p) => accepted?.providers === undefined || accepted.providers.has(p.name),
  );
  return (
    providers.find(
      (p) => p.login !== undefined && p.workspace === workspace && p.claims?.workspace === undefined,
    ) ?? providers.find((p) => p.login !== undefined && p.claims?.workspace !== undefined)
  );
}

/** An application that registered itself (dynamically, or by its metadata document), not an admin. */
const selfRegistered = (client: StoredOAuthClient) =>
  client.registeredBy === 'dynamic-registration' || client.registeredBy === 'metadata-document';

/** Scopes of sign-in itself, which any application may ask for. */
const SIGN_IN_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/**
 * What a sign-in may grant: the scopes an admin gave the application, or, to one without scopes of its
 * own (one that registered itself), the scopes the server asks for. A token's scopes are what a server's required
 * scopes and access rules on `scope` rely on: the application cannot name its own.
 */
export function offeredScopes(
  client: StoredOAuthClient,
  serverScopes: readonly string[] | undefined,
): Set<string> {
  return new Set([...SIGN_IN_SCOPES, ...(client.scopes ?? serverScopes ?? [])]);
}

/** The server a resource URI of this gateway names (`<issuer>/mcp/{server}`), if it is one. */
export function serverNamed(resource: string | null | undefined, issuer: string): string | undefined {
  const prefix = `${issuer}/mcp/`;
  if (resource?.startsWith(prefix) !== true) return undefined;
  const segment = resource.slice(prefix.length);
  if (segment === '' || segment.includes('/')) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined; // a malformed escape names nothing
  }
  // as the gateway writes it (`resourceOf`): a token is issued for the URI its audience check rebuilds,
  // never for another spelling (`ev%65rything`) that no server would accept it as
  return encodeURIComponent(name) === segment ? name : undefined;
}

/** The longest `state` an application may have sent back (it is kept with the sign-in until it ends). */
const MAX_STATE_LENGTH = 2048;
/** Sign-ins one address may begin per hour (people behind one NAT among them). */
export const FLOWS_PER_ADDRESS = 1000;

/** An `http` redirect URI on a loopback IP literal: its host, and what follows the port, as written. */
const LOOPBACK_REDIRECT = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::\d{1,5})?((?:[/?#].*)?)$/s;

/**
 * Whether the application registered `asked`: exactly, or (RFC 8252 §7.3) on a loopback IP literal with
 * any port, since a native application listens wherever its system gives it a port. Only the port may
 * differ; the rest is compared as written, never normalised.
 */
export function registeredRedirect(registered: readonly string[], asked: string): boolean {
  if (registered.includes(asked)) return true;
  const loopback = LOOPBACK_REDIRECT.exec(asked);
  // a port past 65535 is no address (and no URL to redirect to)
  if (loopback === null || !URL.canParse(asked)) return false;
  return registered.some((uri) => {
    const known = LOOPBACK_REDIRECT.exec(uri);
    return known !== null && known[1] === loopback[1] && known[2] === loopback[2];
  });
}

/** `GET /oauth/authorize`. */
export async function authorize(
  request: HttpRequest,
  issuer: string,
  deps: InteractiveDeps,
): Promise<HttpResponse> {
  const q = request.query;
  // a parameter given twice (RFC 6749 §3.1) could be read one way here and another by a proxy or WAF in
  // front: a page of the gateway, never a redirect to an address that may be either
  if (request.repeatedQuery !== undefined && request.repeatedQuery.length > 0)
    return problem(
      `The request names ${request.repeatedQuery
        .slice(0, 3)
        .map((name) => name.slice(0, 40))
        .join(', ')} more than once.`,
    );
  let client: StoredOAuthClient | undefined;
  const metadataDocument = q.client_id !== undefined && isMetadataUrl(q.client_id) ? q.client_id : undefined;
  if (metadataDocument !== undefined) {
    const resolved = await deps.metadataClients.resolve(metadataDocument, addressKey(request.sourceIp));
    if (typeof resolved === 'string') return problem(resolved);
    client = resolved;
  } else if (q.client_id !== undefined) {
    client = await deps.config.oauthClientById(q.client_id);
    // an application known by its metadata document signs in by its document's URL only: its record's
    // redirect URIs are those of the document as it once was, not as it is now
    if (client?.metadataDocument !== undefined) client = undefined;
  }
  if (client === undefined || client.enabled === false)
    return problem('The application is not known to this gateway.');
  const redirectUri = q.redirect_uri;
  if (redirectUri === undefined || !registeredRedirect(client.redirectUris ?? [], redirectUri))
    return problem('The application asked to return to an address it did not register.');
  const flowBase = { redirectUri, ...(q.state !== undefined ? { state: q.state } : {}) };
  /**
   * A refusal before anyone signed in: sent back to the application, unless the application registered
   * itself (anyone can): its redirect URI is its own claim, and the gateway's address must not become a
   * redirector to it (RFC 9700 section 4.11.2). Such a refusal is a page of the gateway.
   */
  const refuse = (error: string, description: string) =>
    selfRegistered(client) ? problem(description) : redirectError(flowBase, issuer, error, description);
  if (q.response_type !== 'code')
    return refuse('unsupported_response_type', 'Only response_type=code is offered.');
  // what the gateway does not do is refused, not ignored: the application would look for its answer
  // elsewhere (a form post), or take a request object it signed for honoured (OpenID Connect Core §6)
  if (q.response_mode !== undefined && q.response_mode !== 'query')
    return refuse('invalid_request', 'Only response_mode=query is offered.');
  if (q.request !== undefined) return refuse('request_not_supported', 'Request objects are not taken.');
  if (q.request_uri !== undefined)
    return refuse('request_uri_not_supported', 'Request objects are not taken by reference.');
  if (
    q.code_challenge === undefined ||
    q.code_challenge_method !== 'S256' ||
    !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge)
  )
    return refuse('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
  if (q.nonce !== undefined && (q.nonce === '' || q.nonce.length > 512))
    return refuse('invalid_request', 'nonce must have 1 to 512 characters.');
  if (q.state !== undefined && q.state.length > MAX_STATE_LENGTH)
    return problem(`state must have at most ${MAX_STATE_LENGTH} characters.`);
  const resource = q.resource;
  const serverName = serverNamed(resource, issuer);
  const server =
    serverName === undefined ? undefined : await deps.config.serverByName(serverName).catch(() => undefined);
  if (resource === undefined || server === undefined)
    return refuse('invalid_target', `Name the server: resource=${issuer}/mcp/{server}.`);
  const asked = (q.scope ?? '').split(' ').filter((scope) => scope !== '');
  const offered = offeredScopes(client, server.scopes);
  const unoffered = asked.filter((scope) => !offered.has(scope));
  if (unoffered.length > 0)
    return refuse('invalid_scope', `The application may not obtain: ${unoffered.join(', ')}.`);
  const workspace = server.workspace ?? 'default';
  // an application an admin set up reaches the servers of its own workspace only (as its other grants)
  if (!selfRegistered(client) && (client.workspace ?? 'default') !== workspace)
    return refuse(
      'invalid_target',
      `The application's tokens do not reach the servers of workspace "${workspace}".`,
    );
  const accepted = acceptedBy(await deps.config.workspaceByName(workspace), server);
  if (!accepted.methods.has('oauth')) return refuse('access_denied', refusalOf.oauth);
  const provider = await signInFor(deps, workspace, accepted);
  if (provider?.login === undefined)
    return refuse('access_denied', 'No sign-in is configured for this server.');
  // each sign-in begun is a record in the store (for its 10 minutes): not without end from one address
  if ((await takeHourly(deps, 'oauth-flows', addressKey(request.sourceIp), FLOWS_PER_ADDRESS)) !== undefined)
    return refuse('temporarily_unavailable', 'Too many sign-ins began from this address; try again later.');
  // OIDC Core 3.1.2.1: every sign-in here shows pages (the provider's, a consent), so `none` cannot be
  // served; `login` and `max_age` have the provider sign the person in (again) and are checked on return
  const prompts = new Set((q.prompt ?? '').split(' ').filter((p) => p !== ''));
  if (prompts.has('none'))
    return refuse('login_required', 'A sign-in here always shows a page (prompt=none).');
  if (q.max_age !== undefined && !/^\d{1,9}$/.test(q.max_age))
    return refuse('invalid_request', 'max_age must be a number of seconds.');
  const maxAge = prompts.has('login') ? 0 : q.max_age !== undefined ? Number(q.max_age) : undefined;
  const flow: Flow = {
    clientId: client.id,
    ...(maxAge !== undefined ? { maxAge } : {}),
    ...(prompts.has('consent') ? { askConsent: true } : {}),
    ...(metadataDocument !== undefined ? { metadataDocument } : {}),
    ...(selfRegistered(client) ? { selfRegistered: true } : {}),
    ...flowBase,
    codeChallenge: q.code_challenge,
    resource,
    scope: [...new Set(asked)].join(' '),
    workspace,
    providerId: provider.id ?? '',
    verifier: random(),
    nonce: random(),
    ...(q.nonce !== undefined ? { clientNonce: q.nonce } : {}),
  };
  const sent = await toSignIn(deps, issuer, provider, flow);
  return typeof sent === 'string' ? refuse('temporarily_unavailable', sent) : sent;
}

/**
 * The identity provider whose sign-in shows, at a browser, the person `owner` names: the one they signed in
 * to the gateway with, when it has a `login` (an api key's or a webhook's user has none).
 */
export async function browserSignInOf(
  deps: InteractiveDeps,
  owner: Pick<Principal, 'workspace' | 'method' | 'provider'>,
): Promise<IdentityProvider | undefined> {
  let provider: IdentityProvider | undefined;
  // the gateway's own tokens from before they named their provider: a sign-in at the workspace's provider
  if (owner.method === 'oauth' && owner.provider === undefined)
    provider = await signInFor(deps, owner.workspace);
  else if ((owner.method === 'jwt' || owner.method === 'oauth') && owner.provider !== undefined)
    provider = (await deps.config.identityProviders()).find(
      (p) =>
        p.name === owner.provider &&
        p.login !== undefined &&
        (p.workspace === owner.workspace || p.claims?.workspace !== undefined),
    );
  return provider?.login?.vaultLinkSignIn === false ? undefined : provider;
}

/** `GET` of a vault consent link by a user `provider` signs in: to that sign-in first. */
export async function checkIdentity(
  deps: InteractiveDeps,
  issuer: string,
  provider: IdentityProvider,
  workspace: string,
  vaultFlow: string,
): Promise<HttpResponse> {
  const check: IdentityCheck = {
    vaultFlow,
    workspace,
    providerId: provider.id ?? '',
    verifier: random(),
    nonce: random(),
  };
  const sent = await toSignIn(deps, issuer, provider, check);
  return typeof sent === 'string' ? problem(sent) : sent;
}

/**
 * Sends the browser to `provider`'s sign-in (code flow with PKCE and a nonce), `flow` kept for its answer
 * and bound to this browser; a message instead when the provider names no authorization endpoint.
 */
async function toSignIn(
  deps: InteractiveDeps,
  issuer: string,
  provider: IdentityProvider,
  flow: Flow | IdentityCheck,
): Promise<HttpResponse | string> {
  const login = provider.login;
  if (provider.loginUnavailable !== undefined) return unavailableSignIn(provider);
  const discovery = await deps.providerKeys.discovery(provider);
  const endpoint = namedUrl(provider.issuer, discovery.authorization_endpoint);
  if (login === undefined || endpoint === undefined)
    return 'The sign-in provider names no authorization endpoint.';
  const id = random();
  const binding = bindBrowser(id, CALLBACK_PATH, issuer, FLOW_SECONDS);
  await putOnce(deps.store, 'oauth-flow', id, { ...flow, browser: binding.hash }, FLOW_SECONDS, deps.clock);
  const url = new URL(endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', login.clientId);
  url.searchParams.set('redirect_uri', `${issuer}${CALLBACK_PATH}`);
  url.searchParams.set('scope', ['openid', ...(login.scopes ?? [])].join(' '));
  url.searchParams.set('state', id);
  url.searchParams.set('nonce', flow.nonce);
  url.searchParams.set('code_challenge', sha256(flow.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if ('reauthenticate' in flow && flow.reauthenticate === true) {
    // OIDC Core 3.1.2.1: the person signs in again, and the ID token says when (`auth_time`)
    url.searchParams.set('prompt', 'login');
    url.searchParams.set('max_age', '0');
  } else if ('maxAge' in flow && flow.maxAge !== undefined) {
    // the client's own ask, passed on: the provider's ID token then says when (`auth_time`)
    if (flow.maxAge === 0) url.searchParams.set('prompt', 'login');
    url.searchParams.set('max_age', String(flow.maxAge));
  }
  return {
    status: 302,
    headers: { location: url.toString(), 'set-cookie': binding.setCookie, ...noStore },
  };
}

/** `GET /oauth/callback`: the identity provider's answer; the user signed in (or did not). */
export async function callback(
  request: HttpRequest,
  issuer: string,
  deps: InteractiveDeps,
): Promise<HttpResponse> {
  const { state } = request.query;
  if (state === undefined)
    return problem('This sign-in has expired or was already used; start again from the application.');
  const answer = await afterSignIn(request, state, issuer, deps);
  // a consent page binds its own step to this browser; the sign-in's cookie lapses by itself
  if (answer.headers['set-cookie'] !== undefined) return answer;
  return unbindBrowser(answer, state, CALLBACK_PATH, issuer);
}

async function afterSignIn(
  request: HttpRequest,
  state: string,
  issuer: string,
  deps: InteractiveDeps,
): Promise<HttpResponse> {
  const { code, error } = request.query;
  const flow = await takeOnce<Flow | IdentityCheck>(deps.store, 'oauth-flow', state);
  if (flow === undefined)
    return problem('This sign-in has expired or was already used; start again from the application.');
  // taken either way: a sign-in link someone else started cannot be tried again
  if (!fromSameBrowser(request, state, flow.browser))
    return problem(
      'This sign-in was started in another browser. Start again from the application in this browser.',
    );
  // a check of who is at the browser has no application to go back to: its failures are pages; nor are a
  // self-registered application's (its redirect URI is its own claim: the gateway is no redirector to it,
  // least of all without the person doing anything, as a silent sign-in at the provider allows)
  const fail = async (description: string) =>
    'vaultFlow' in flow
      ? (deps.identityChecked?.(flow, description) ?? problem(description))
      : flow.selfRegistered === true
        ? problem(description)
        : redirectError(flow, issuer, 'access_denied', description);
  const provider = (await deps.config.identityProviders()).find((p) => p.id === flow.providerId);
  if (provider?.login === undefined) return fail('The sign-in provider is gone.');
  if (provider.loginUnavailable !== undefined) return fail(unavailableSignIn(provider));
  // RFC 9207 (mix-up defence): the answer names the provider the person was sent to, or, from a provider
  // that always names itself, must
  const { iss } = request.query;
  const namesItself = async () =>
    (await deps.providerKeys.discovery(provider)).authorization_response_iss_parameter_supported === true;
  const bare = (url: string) => url.replace(/\/+$/, '');
  if (iss !== undefined ? bare(iss) !== bare(provider.issuer) : await namesItself().catch(() => false))
    return fail('The answer names another sign-in provider.');
  if (error !== undefined || code === undefined) return fail('The sign-in was not completed.');
  let principal: Principal;
  try {
    const idToken = await exchangeCode(deps, provider, issuer, code, flow.verifier);
    ({ principal } = await deps.tokens.verifyAmong(idToken, provider.login.clientId, [provider], {
      candidates: () => [provider],
      idToken: true,
      // an ID token is for the client that asked for it alone (OIDC Core 3.1.3.7), not the provider's
      // other audiences its access tokens may carry
      audiences: () => [],
      none: 'The ID token is from another provider.',
      refusal: (_p, verified) =>
        verified.claims?.nonce !== flow.nonce
          ? 'The ID token answers another sign-in.'
          : !issuedToGateway(verified.claims, provider.login!.clientId)
            ? 'The ID token was issued to another application.'
            : verified.workspace !== flow.workspace
              ? 'The account belongs to another workspace.'
              : undefined,
    }));
  } catch (failure) {
    return fail(
      failure instanceof InvalidToken || failure instanceof Error ? failure.message : 'The sign-in failed.',
    );
  }
  if ('vaultFlow' in flow)
    return deps.identityChecked !== undefined
      ? deps.identityChecked(flow, principal)
      : problem('This sign-in has nowhere to go on to.');
  const { claims, problem: tooMuch } = identityClaims(principal.claims);
  if (tooMuch !== undefined) return fail(tooMuch);
  let recorded: StoredOAuthClient | undefined;
  if (flow.metadataDocument !== undefined) {
    const answer = await deps.metadataClients.record(flow.metadataDocument, principal.user);
    if (typeof answer === 'string') return fail(answer);
    recorded = answer;
  }
  const user = {
    user: principal.user,
    ...(principal.email !== undefined ? { email: principal.email } : {}),
    ...(principal.teams !== undefined ? { teams: principal.teams } : {}),
    ...(claims !== undefined ? { claims } : {}),
  };
  // when the person signed in at the provider (`auth_time`), not when the provider answered: a session
  // still open there signs in silently, and one from before a sign-out here makes no grant. The provider
  // is asked once to have the person sign in anew.
  const now = Math.floor(deps.clock.now() / 1000);
  const claimed = principal.claims?.['auth_time'];
  const authTime =
    typeof claimed === 'number' && Number.isFinite(claimed) ? Math.min(claimed, now) : undefined;
  let signedInAt = authTime ?? now;
  const signedOut = await signedOutAt(deps.store, flow.workspace, principal.user);
  // after a sign-out, a sign-in that does not say when it happened may be the provider's old session too
  if (signedOut !== undefined && (authTime === undefined || authTime <= signedOut)) {
    if (flow.reauthenticate === true) {
      // asked to sign in anew: a provider that says no time, or one a clock's skew before the sign-out,
      // did so (one that signed the person in silently again says the old time)
      if (authTime !== undefined && authTime <= signedOut - AUTH_TIME_SKEW_SECONDS)
        return fail('You were signed out, and the sign-in provider did not have you sign in again.');
      signedInAt = Math.max(signedInAt, signedOut + 1);
    } else {
      const { browser: _browser, ...rest } = flow;
      const again = await toSignIn(deps, issuer, provider, {
        ...rest,
        verifier: random(),
        nonce: random(),
        reauthenticate: true,
      });
      return typeof again === 'string' ? fail(again) : again;
    }
  }
  // a client asking for a recent sign-in (max_age, prompt=login) gets one the provider vouches for
  if (
    flow.maxAge !== undefined &&
    (authTime === undefined || now - authTime > flow.maxAge + AUTH_TIME_SKEW_SECONDS)
  )
    return fail(
      'The application asked for a recent sign-in, and the sign-in provider did not say you signed in just now.',
    );
  const signedIn: Flow = { ...flow, user, signedInAt };
  const client = recorded ?? (await deps.config.oauthClientById(flow.clientId));
  const consent =
    reachesOnlyTheClient(client, flow.redirectUri) && flow.askConsent !== true
      ? await deps.store.get(consentPartition(flow.workspace, user.user), consentKey(flow))
      : undefined;
  const consentedAt = Math.floor(Date.parse(String(consent?.['at'])) / 1000);
  if (consent !== undefined && !grantedBeforeClient(client, consentedAt))
    return issueCode(signedIn as IssuedCode, issuer, deps);
  const id = random();
  // the answer must come from this browser: a consent form posted from another site (or another
  // browser holding the flow id) would land someone else's sign-in in an application's hands
  const binding = bindBrowser(id, CONSENT_PATH, issuer, FLOW_SECONDS);
  await putOnce(
    deps.store,
    'oauth-flow',
    id,
    { ...signedIn, browser: binding.hash },
    FLOW_SECONDS,
    deps.clock,
  );
  const name = client?.description ?? client?.name ?? flow.clientId;
  const asking = page(
    200,
    'Allow access?',
    `<h1>Allow access?</h1><p><strong>${escapeHtml(name)}</strong> asks to use <code>${escapeHtml(flow.resource)}</code> as <strong>${escapeHtml(user.user)}</strong>.</p>` +
      // where the access goes, which a self-chosen name cannot disguise: its host first
      `<p>Access is handed to <strong>${escapeHtml(destinationOf(flow.redirectUri))}</strong> (<code>${escapeHtml(flow.redirectUri)}</code>)${flow.scope === '' ? '' : ` with the scopes <code>${escapeHtml(flow.scope)}</code>`}.</p>` +
      (client === undefined || !selfRegistered(client)
        ? ''
        : `<p>This application registered itself${client.metadataDocument === undefined ? '' : ` from <code>${escapeHtml(client.metadataDocument)}</code>`}: its name is its own claim, not your administrator's.</p>`) +
      // relative: the page is the callback's, under the public URL's own path (a stage, a base path)
      `<form method="post" action="${CONSENT_PATH.slice(CONSENT_PATH.lastIndexOf('/') + 1)}"><input type="hidden" name="flow" value="${id}">` +
      '<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></form>',
    [flow.redirectUri],
  );
  return { ...asking, headers: { ...asking.headers, 'set-cookie': binding.setCookie } };
}

/** Where a redirect URI sends a code: its host, or an app's own scheme (`com.example.app:/cb`). */
function destinationOf(redirectUri: string): string {
  if (!URL.canParse(redirectUri)) return redirectUri;
  const url = new URL(redirectUri);
  return url.host !== '' ? url.host : url.protocol;
}

/** `POST /oauth/consent`: the person's answer, recorded per client and user when it is yes. */
export async function consent(
  request: HttpRequest,
  issuer: string,
  deps: InteractiveDeps,
): Promise<HttpResponse> {
  const form = new URLSearchParams(request.body ?? '');
  const id = form.get('flow');
  const flow = id === null ? undefined : await takeOnce<Flow>(deps.store, 'oauth-flow', id);
  if (id === null || flow?.user === undefined)
    return problem('This consent has expired or was already given.');
  const answer = await consented(
    request,
    id,
    flow as Flow & { user: NonNullable<Flow['user']> },
    form,
    issuer,
    deps,
  );
  return unbindBrowser(answer, id, CONSENT_PATH, issuer);
}

async function consented(
  request: HttpRequest,
  id: string,
  flow: Flow & { user: NonNullable<Flow['user']> },
  form: URLSearchParams,
  issuer: string,
  deps: InteractiveDeps,
): Promise<HttpResponse> {
  // taken either way: an answer posted from elsewhere spends the flow
  if (!fromSameBrowser(request, id, flow.browser))
    return problem('This consent was asked in another browser. Start again from the application.');
  if (form.get('decision') !== 'allow')
    return redirectError(flow, issuer, 'access_denied', 'Access was not allowed.');
  await deps.store.put({
    pk: consentPartition(flow.workspace, flow.user.user),
    sk: consentKey(flow),
    at: new Date(deps.clock.now()).toISOString(),
    expiresAt: Math.floor(deps.clock.now() / 1000) + CONSENT_SECONDS,
  });
  return issueCode(flow as IssuedCode, issuer, deps);
}

/**
 * Whether a code sent to `redirectUri` can only be the application's (RFC 8252 section 8.6): a confidential
 * client's (its code is worth nothing without its credentials), or one sent to an https web address. Any
 * program on the device can listen at a loopback port or claim a private-use scheme and pose there as a
 * public client, so such sign-ins ask the person every time, however often they said yes.
 */
function reachesOnlyTheClient(client: StoredOAuthClient | undefined, redirectUri: string): boolean {
  if (client !== undefined && (client.tokenEndpointAuthMethod ?? 'client_secret_basic') !== 'none')
    return true;
  const url = new URL(redirectUri);
  return url.protocol === 'https:' && !isLoopbackHost(url.hostname);
}

/** How long a yes is remembered: then the person is asked again. */
const CONSENT_SECONDS = 90 * 24 * 3600;

const consentPartition = (workspace: string, user: string) => `oauth-consent#${workspace}#${user}`;

/**
 * What a person said yes to, as the consent page showed it: the client, where the access goes, the
 * server and the scopes. Any other of these asks again (an edited client, another server).
 */
const consentKey = (flow: Flow) => {
  const scopes = flow.scope
    .split(' ')
    .filter((scope) => scope !== '')
    .sort();
  return `${flow.clientId}#${sha256(JSON.stringify([flow.redirectUri, flow.resource, scopes]))}`;
};

async function issueCode(flow: IssuedCode, issuer: string, deps: InteractiveDeps): Promise<HttpResponse> {
  // a registration someone signs in with outlives the grant
  await keepRegistered(deps, flow.clientId);
  const code = random();
  await putOnce(deps.store, 'oauth-code', sha256(code), flow, CODE_SECONDS, deps.clock);
  const url = new URL(flow.redirectUri);
  url.searchParams.set('code', code);
  if (flow.state !== undefined) url.searchParams.set('state', flow.state);
  url.searchParams.set('iss', issuer);
  return { status: 302, headers: { location: url.toString(), ...noStore } };
}

/** Why a provider's sign-in is refused while its tokens still verify (see `IdentityProvider`). */
const unavailableSignIn = (provider: IdentityProvider) =>
  `Sign-in with ${provider.name} is unavailable: ${provider.loginUnavailable}.`;

/**
 * Whether an ID token is the gateway's client's own (OIDC Core 3.1.3.7): one for several audiences names
 * it as the party it was issued to (`azp`), and one naming another authorized party is that party's.
 */
function issuedToGateway(claims: Readonly<Record<string, unknown>> | undefined, clientId: string): boolean {
  const azp = claims?.['azp'];
  const aud = claims?.['aud'];
  if (azp !== undefined) return azp === clientId;
  return !(Array.isArray(aud) && aud.length > 1);
}

/** The identity provider's ID token for `code` (PKCE; a confidential client there when `login` has a secret). */
async function exchangeCode(
  deps: InteractiveDeps,
  provider: IdentityProvider,
  issuer: string,
  code: string,
  verifier: string,
): Promise<string> {
  const endpoint = namedUrl(provider.issuer, (await deps.providerKeys.discovery(provider)).token_endpoint);
  if (endpoint === undefined) throw new Error('The sign-in provider names no token endpoint (https).');
  const login = provider.login;
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: `${issuer}${CALLBACK_PATH}`,
    code_verifier: verifier,
  });
  const client = {
    clientId: login?.clientId ?? '',
    clientSecret: login?.clientSecret,
    method: login?.tokenEndpointAuthMethod,
  };
  let reply: Awaited<ReturnType<typeof postTokenRequest>>;
  try {
    reply = await postTokenRequest(deps, endpoint, form, client);
  } catch (error) {
    if (error instanceof TokenEndpointError)
      throw new Error(`The sign-in provider's token endpoint failed: ${error.message}.`);
    throw error;
  }
  const answer = reply.answer;
  if (reply.status !== 200 || typeof answer.id_token !== 'string')
    throw new Error('The sign-in provider did not issue an ID token.');
  return answer.id_token;
}

/** Whether `verifier` matches a PKCE S256 `challenge`. */
export const pkceHolds = (verifier: string, challenge: string) =>
  /^[A-Za-z0-9._~-]{43,128}$/.test(verifier) && sha256(verifier) === challenge;
