/**
 * The gateway's own OAuth 2.1 authorization server, for machines: RFC 8414 metadata, its public keys, and
 * a token endpoint with the client-credentials grant (RFC 6749 §4.4) for the confidential clients of
 * `/v1/oauth-clients`, each authenticating with its secret (`client_secret_basic`/`_post`, compared by
 * hash) or a JWT assertion signed with a key it publishes (`private_key_jwt`, RFC 7523; one use per
 * `jti`). Every token is bound to one resource (RFC 8707: `<gateway>/mcp/{server}` of a server in the
 * client's workspace), short-lived, and signed with the rotating broker keys.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose/jwt/decode';
import type { JwksCache } from '../auth/jwks.js';
import { InvalidToken, type TokenVerifier, teamsOf } from '../auth/jwt.js';
import { hashSecret, sameHash } from '../auth/secrets.js';
import { predates, signedOutAt } from '../auth/sign-outs.js';
import type { Clock } from '../core/clock.js';
import type { ConfigReader, IdentityProvider, Principal, StoredOAuthClient } from '../core/config.js';
import { sha256 } from '../core/digest.js';
import { type HttpRequest, type HttpResponse, json } from '../core/http.js';
import { jose } from '../core/jose.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';
import {
  AUTHORIZE_PATH,
  findCode,
  identityClaims,
  offeredScopes,
  pkceHolds,
  serverNamed,
  spendCode,
} from './interactive.js';
import { BROKER_ALGORITHM, type BrokerKeys, ID_TOKEN_ALGORITHM } from './keys.js';
import { isMetadataUrl, metadataClientId } from './metadata-clients.js';
import { REGISTER_PATH } from './register.js';
import { brokerKeyFor, grantedBeforeClient } from './verify.js';
import { JWKS_PATH } from './well-known.js';

export const TOKEN_PATH = '/oauth/token';
/** RFC 7009 token revocation. */
export const REVOKE_PATH = '/oauth/revoke';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The grants the token endpoint takes. */
const GRANTS: readonly string[] = ['authorization_code', 'refresh_token', 'client_credentials', JWT_BEARER];
const GRANT_LIST = `${GRANTS.slice(0, -1).join(', ')} and ${GRANTS.at(-1)}`;
/** The `typ` of an Identity Assertion JWT Authorization Grant (Enterprise-Managed Authorization). */
const ID_JAG_TYPE = 'oauth-id-jag+jwt';
const ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** How clients authenticate at the token and revocation endpoints. */
const TOKEN_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

export interface BrokerDeps {
  config: Pick<ConfigReader, 'oauthClientById' | 'serverByName' | 'identityProviders' | 'workspaceByName'>;
  /** Verifies identity assertions (ID-JAG) of the identity providers. */
  tokens: TokenVerifier;
  keys: BrokerKeys;
  /** Key sets of clients using `private_key_jwt` (read through the guarded HTTP client). */
  clientKeys: JwksCache;
  store: StateStore;
  clock: Clock;
  /** Told of each grant revoked here (the access token verifier's cache). */
  noteRevoked?: (family: string) => Promise<void>;
}

/** RFC 8414 metadata of the authorization server at `issuer` (the gateway's base URL). */
export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}${AUTHORIZE_PATH}`,
    token_endpoint: `${issuer}${TOKEN_PATH}`,
    registration_endpoint: `${issuer}${REGISTER_PATH}`,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    grant_types_supported: GRANTS,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: true,
    token_endpoint_auth_methods_supported: TOKEN_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    revocation_endpoint: `${issuer}${REVOKE_PATH}`,
    revocation_endpoint_auth_methods_supported: TOKEN_AUTH_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    resource_indicators_supported: true,
  };
}

/**
 * The OpenID Provider metadata: the authorization server's, plus what OIDC Discovery 1.0 requires. A
 * code grant whose scope has `openid` also answers an ID token for the client (`sub` names the user).
 */
export function openIdConfiguration(issuer: string) {
  return {
    ...authorizationServerMetadata(issuer),
    scopes_supported: ['openid', 'email'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ID_TOKEN_ALGORITHM],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'email'],
    // refused at the authorization endpoint; left out, OIDC Discovery would read the second as offered
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** `POST /oauth/token`. */
export async function tokenEndpoint(
  request: HttpRequest,
  issuer: string,
  deps: BrokerDeps,
): Promise<HttpResponse> {
  try {
    const form = formOf(request);
    const client = await authenticateClient(request, form, [`${issuer}${TOKEN_PATH}`], issuer, deps);
    const grant = form.get('grant_type');
    // RFC 6749 §5.2: a missing parameter is invalid_request, a grant the server has not is unsupported
    if (grant === null || grant === '') throw new OAuthError('invalid_request', 'grant_type is missing.');
    if (!GRANTS.includes(grant))
      throw new OAuthError('unsupported_grant_type', `Supported grants: ${GRANT_LIST}.`);
    if (
      client.tokenEndpointAuthMethod === 'none' &&
      grant !== 'authorization_code' &&
      grant !== 'refresh_token'
    )
      throw new OAuthError(
        'unauthorized_client',
        'A public client may only use the authorization code flow.',
      );
    let issued: Issued;
    /** Uses up the refresh token presented, once the answer is made. */
    let spend: (() => Promise<void>) | undefined;
    /** A refresh asking for fewer scopes than its grant: this access token's. */
    let narrowed: string | undefined;
    if (grant === 'client_credentials') {
      const resource = await targetOf(form.get('resource'), issuer, client, deps);
      issued = {
        resource,
        subject: client.subject ?? client.name,
        workspace: client.workspace ?? 'default',
        scope: grantedScope(form.get('scope'), client),
        machine: true,
      };
    } else if (grant === JWT_BEARER) {
      issued = await identityAssertion(form, issuer, client, deps);
    } else if (grant === 'authorization_code') {
      ({ issued, spend } = await codeGrant(form, client, deps));
    } else if (grant === 'refresh_token') {
      const refreshed = await refreshGrant(form, client, deps);
      issued = await stillOffered(refreshed.issued, client, issuer, deps);
      narrowed = refreshedScope(form, issued);
      spend = refreshed.spend;
    } else {
      throw new OAuthError('unsupported_grant_type', `Supported grants: ${GRANT_LIST}.`);
    }
    const { resource, subject } = issued;
    const scope = narrowed ?? issued.scope;
    const ttl = client.accessTokenTtlSeconds ?? 900;
    const { kid, key } = await deps.keys.signing();
    const now = Math.floor(deps.clock.now() / 1000);
    const claims = {
      client_id: client.id,
      ws: issued.workspace,
      ...(scope !== '' ? { scope } : {}),
      ...(issued.email !== undefined ? { email: issued.email } : {}),
      ...teamsClaim(issued),
      ...(issued.claims !== undefined ? { idc: issued.claims } : {}),
      ...(issued.machine === true ? { gty: 'client_credentials' } : {}),
      // the identity provider the person was known by (sign-in, assertion): a server accepting only some
      // providers judges the token by it, and one provider's "alice" is not another's
      ...(issued.provider !== undefined ? { idp: issued.provider } : {}),
      // the grant: its revocation (a code or refresh token presented twice) ends its access tokens too
      ...(issued.family !== undefined ? { sid: issued.family } : {}),
    };
    const { SignJWT } = await jose();
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: BROKER_ALGORITHM, kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setSubject(subject)
      .setAudience(resource)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(key);
    // one a client could send nowhere: a request's headers hold about 10 KB behind API Gateway
    if (token.length > MAX_TOKEN_CHARS)
      throw new OAuthError(
        'invalid_grant',
        `The token would be longer than a request header holds (${MAX_TOKEN_CHARS} characters): the identity provider sends too much about this person; ask its admin to send fewer claims (groups) to the gateway.`,
      );
    const { openid, ...kept } = issued;
    const answer = {
      access_token: token,
      token_type: 'Bearer',
      expires_in: ttl,
      ...(scope !== '' ? { scope } : {}),
      ...(openid !== undefined ? { id_token: await idToken(issued, openid, client, issuer, now, deps) } : {}),
      // what a refresh issues again: access tokens, no ID token (it would lack the sign-in's nonce)
      ...(issued.family !== undefined ? { refresh_token: await newRefreshToken(kept, client, deps) } : {}),
    };
    // the presented refresh token is used up last: lost to a reuse race, the new one dies with its grant
    await spend?.();
    return json(200, answer, noStore);
  } catch (error) {
    return oauthErrorAnswer(error);
  }
}

/** The form of a POST to the token or revocation endpoint, each parameter at most once. */
function formOf(request: HttpRequest): URLSearchParams {
  if (request.method !== 'POST') throw new OAuthError('invalid_request', 'Use POST.', 405);
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
  const form = new URLSearchParams(request.body ?? '');
  for (const name of new Set(form.keys()))
    if (form.getAll(name).length > 1) throw new OAuthError('invalid_request', `${name} is repeated.`);
  return form;
}

/** An {@link OAuthError} as RFC 6749 §5.2 answers it; anything else is thrown on. */
function oauthErrorAnswer(error: unknown): HttpResponse {
  if (!(error instanceof OAuthError)) throw error;
  const headers: Record<string, string> = { ...noStore };
  if (error.status === 401) headers['www-authenticate'] = 'Basic realm="mcp-gateway"';
  if (error.status === 405) headers['allow'] = 'POST';
  return json(error.status, { error: error.error, error_description: error.description }, headers);
}

/**
 * `POST /oauth/revoke` (RFC 7009): a client ends a grant it was given, by presenting its refresh token or
 * one of its access tokens (either way the whole grant ends: its refresh tokens at once, its access tokens
 * here at once and at other instances within their recheck of revoked grants). The client authenticates as
 * at the token endpoint (a public one by its `client_id`); a token it was not issued is refused, one that
 * is unknown, expired or not the gateway's is answered 200 like a revoked one (§2.2). Access tokens of the
 * client-credentials and identity-assertion grants belong to no grant that could end: they are refused with
 * `unsupported_token_type` and expire on their own.
 */
export async function revocationEndpoint(
  request: HttpRequest,
  issuer: string,
  deps: BrokerDeps,
): Promise<HttpResponse> {
  try {
    const form = formOf(request);
    // (an assertion made for the token endpoint is taken here too: RFC 7523 clients often know only that)
    const client = await authenticateClient(
      request,
      form,
      [`${issuer}${REVOKE_PATH}`, `${issuer}${TOKEN_PATH}`],
      issuer,
      deps,
    );
    const token = form.get('token');
    if (token === null || token === '') throw new OAuthError('invalid_request', 'token is missing.');
    // (`token_type_hint` only says where to look first: both kinds are told apart by their form)
    const notIssuedToClient = () =>
      new OAuthError('unauthorized_client', 'The token was issued to another client.');
    if (token.split('.').length === 3) {
      const claims = await ownAccessToken(token, issuer, deps);
      if (claims === undefined) return revoked();
      if (claims['client_id'] !== client.id) throw notIssuedToClient();
      const family = claims['sid'];
      if (typeof family !== 'string' || family === '')
        throw new OAuthError(
          'unsupported_token_type',
          'This access token belongs to no grant that can be revoked (client credentials or an identity assertion); it expires on its own.',
        );
      await revokeFamily(deps, family);
      return revoked();
    }
    const item = await deps.store.get('oauth-refresh', sha256(token));
    if (item === undefined) return revoked();
    if (item['clientId'] !== client.id) throw notIssuedToClient();
    const family = (item['issued'] as Issued).family;
    if (family !== undefined && family !== '') await revokeFamily(deps, family);
    // (a token of a family from before families were named ends on its own)
    await deps.store.delete('oauth-refresh', item.sk);
    return revoked();
  } catch (error) {
    return oauthErrorAnswer(error);
  }
}

const revoked = (): HttpResponse => ({ status: 200, headers: { ...noStore }, body: '' });

/**
 * The claims of an unexpired access token this gateway issued (its signature, issuer and type checked, for
 * any of its servers), or undefined for any other string.
 */
async function ownAccessToken(
  token: string,
  issuer: string,
  deps: BrokerDeps,
): Promise<Record<string, unknown> | undefined> {
  const { jwtVerify } = await jose();
  try {
    const { payload } = await jwtVerify(token, (header) => brokerKeyFor(deps.keys, header.kid), {
      issuer,
      algorithms: [BROKER_ALGORITHM],
      typ: 'at+jwt',
      currentDate: new Date(deps.clock.now()),
    });
    return payload;
  } catch (error) {
    if (error instanceof InvalidToken || (error as { code?: string }).code?.startsWith('ERR_J'))
      return undefined;
    throw error;
  }
}

/**
 * A refreshed grant keeps only the scopes the application may still obtain: an admin narrowing its
 * scopes (or the server's) narrows its grants at their next refresh, not after 90 days.
 */
async function stillOffered(
  issued: Issued,
  client: StoredOAuthClient,
  issuer: string,
  deps: BrokerDeps,
): Promise<Issued> {
  const name = serverNamed(issued.resource, issuer);
  const server = name === undefined ? undefined : await deps.config.serverByName(name);
  // a server gone a moment (replaced by infrastructure as code) takes none of the grant's scopes with it:
  // its tokens reach nothing until it is back
  if (name !== undefined && server === undefined && client.scopes === undefined) return issued;
  const offered = offeredScopes(client, server?.scopes);
  const scope = issued.scope
    .split(' ')
    .filter((s) => s !== '' && offered.has(s))
    .join(' ');
  return scope === issued.scope ? issued : { ...issued, scope };
}

/**
 * The scopes a token carries: those asked for (RFC 6749 §3.3), each one the client may have, or every
 * scope the client may have when it asks for none.
 */
function grantedScope(requested: string | null, client: StoredOAuthClient): string {
  const allowed = client.scopes ?? [];
  const asked = (requested ?? '').split(' ').filter((scope) => scope !== '');
  if (asked.length === 0) return allowed.join(' ');
  const refused = asked.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0)
    throw new OAuthError('invalid_scope', `The client may not obtain: ${refused.join(', ')}.`);
  return [...new Set(asked)].join(' ');
}

/** The largest `clockSkewSeconds` an identity provider may have (the API's maximum). */
const MAX_CLOCK_SKEW_SECONDS = 300;

const invalidClient = (why = 'Client authentication failed.') => new OAuthError('invalid_client', why, 401);

/** The client the request authenticates as, by the one method it registered. */
async function authenticateClient(
  request: HttpRequest,
  form: URLSearchParams,
  endpoints: string[],
  issuer: string,
  deps: BrokerDeps,
): Promise<StoredOAuthClient> {
  const basic = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  let id: string | undefined;
  let secret: string | undefined;
  let method: StoredOAuthClient['tokenEndpointAuthMethod'];
  if (basic?.[1] !== undefined) {
    // RFC 6749 §2.3: one way of authenticating per request; a second one, ignored, could hide a wrong secret
    if (form.has('client_secret') || form.has('client_assertion'))
      throw new OAuthError(
        'invalid_request',
        'Authenticate the client one way only: Basic or the form, not both.',
      );
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalidClient();
    // RFC 6749 §2.3.1: both parts are form-urlencoded
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      throw invalidClient();
    }
    method = 'client_secret_basic';
  } else if (form.has('client_assertion')) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE)
      throw new OAuthError('invalid_request', `client_assertion_type must be ${ASSERTION_TYPE}.`);
    method = 'private_key_jwt';
    try {
      const issuerClaim = decodeJwt(form.get('client_assertion') ?? '').iss;
      id = typeof issuerClaim === 'string' ? issuerClaim : undefined;
    } catch {
      throw invalidClient('The client assertion is not a JWT.');
    }
  } else if (form.has('client_secret')) {
    id = form.get('client_id') ?? undefined;
    secret = form.get('client_secret') ?? undefined;
    method = 'client_secret_post';
  } else if (form.has('client_id')) {
    // a public client: no secret to show; PKCE binds its code to it
    id = form.get('client_id') ?? undefined;
    method = 'none';
  } else {
    throw invalidClient('The client did not authenticate.');
  }
  if (id === undefined || (form.has('client_id') && form.get('client_id') !== id)) throw invalidClient();
  // a client known by its metadata document presents the document's URL
  const client = await deps.config.oauthClientById(isMetadataUrl(id) ? metadataClientId(id) : id);
  if (client === undefined || client.enabled === false) throw invalidClient();
  if ((client.tokenEndpointAuthMethod ?? 'client_secret_basic') !== method)
    throw invalidClient(
      `The client authenticates with ${client.tokenEndpointAuthMethod ?? 'client_secret_basic'}.`,
    );
  if (method === 'private_key_jwt') {
    await checkAssertion(form.get('client_assertion') ?? '', client, [...endpoints, issuer], deps);
  } else if (method === 'none') {
    // nothing to check beyond the registered method
  } else if (
    secret === undefined ||
    client.secretHash === undefined ||
    !sameHash(hashSecret(secret), client.secretHash)
  ) {
    throw invalidClient();
  }
  return client;
}

/** A `private_key_jwt` assertion: signed with the client's keys, for this server, unexpired, used once. */
async function checkAssertion(
  assertion: string,
  client: StoredOAuthClient,
  audiences: string[],
  deps: BrokerDeps,
): Promise<void> {
  if (client.jwksUri === undefined) throw invalidClient('The client publishes no keys.');
  // the client is verified like an identity provider whose issuer is its client_id
  const asProvider = {
    id: client.id,
    name: client.name,
    issuer: client.id,
    jwksUri: client.jwksUri,
  } as IdentityProvider;
  let payload: Record<string, unknown>;
  const { jwtVerify } = await jose();
  try {
    ({ payload } = await jwtVerify(
      assertion,
      (header, input) => deps.clientKeys.key(asProvider, header, input),
      {
        issuer: client.id,
        subject: client.id,
        audience: audiences,
        algorithms: ASSERTION_ALGORITHMS,
        clockTolerance: 30,
        requiredClaims: ['exp', 'jti'],
        currentDate: new Date(deps.clock.now()),
        maxTokenAge: '10m',
      },
    ));
  } catch (error) {
    if (error instanceof InvalidToken || (error as { code?: string }).code?.startsWith('ERR_J'))
      throw invalidClient('The client assertion is not valid.');
    throw invalidClient('The client keys could not be read.');
  }
  // one use per jti, remembered until the assertion expires (by its digest: the store bounds key sizes)
  try {
    await deps.store.put(
      { pk: `oauth-jti#${client.id}`, sk: sha256(String(payload.jti)), expiresAt: Number(payload.exp) + 60 },
      { kind: 'absent' },
    );
  } catch (error) {
    if (error instanceof ConditionFailedError) throw invalidClient('The client assertion was used before.');
    throw error;
  }
}

/**
 * The JWT-bearer grant with an Identity Assertion JWT Authorization Grant (ID-JAG; Enterprise-Managed
 * Authorization): a token of an identity provider serving the client's workspace, typed
 * `oauth-id-jag+jwt`, for this authorization server (`aud`), naming the authenticated client
 * (`client_id`) and the resource; used once. The access token is then the user's.
 */
async function identityAssertion(
  form: URLSearchParams,
  issuer: string,
  client: StoredOAuthClient,
  deps: BrokerDeps,
): Promise<Issued> {
  const assertion = form.get('assertion');
  if (assertion === null) throw new OAuthError('invalid_request', 'The assertion is missing.');
  const workspace = client.workspace ?? 'default';
  let principal: Principal;
  let provider: IdentityProvider;
  try {
    ({ principal, provider } = await deps.tokens.verifyAmong(
      assertion,
      issuer,
      await deps.config.identityProviders(),
      {
        candidates: (fromIssuer) =>
          fromIssuer.filter((p) => p.workspace === workspace || p.claims?.workspace !== undefined),
        none: 'The assertion is not from an identity provider of this client workspace.',
        refusal: (_provider, verified) =>
          verified.workspace === workspace ? undefined : 'The assertion is for another workspace.',
        typ: ID_JAG_TYPE,
      },
    ));
  } catch (error) {
    if (error instanceof InvalidToken) throw new OAuthError('invalid_grant', error.message);
    throw error;
  }
  const claims = principal.claims ?? {};
  if (claims.client_id !== client.id)
    throw new OAuthError('invalid_grant', 'The assertion was issued to another client.');
  const named = typeof claims.resource === 'string' ? claims.resource : undefined;
  const requested = form.get('resource');
  if (named === undefined || (requested !== null && requested !== named))
    throw new OAuthError('invalid_grant', 'The assertion names no resource, or another one than requested.');
  const resource = await targetOf(named, issuer, client, deps);
  if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number')
    throw new OAuthError('invalid_grant', 'The assertion lacks jti or exp.');
  // an assertion issued before its user was signed out makes no new token
  const signedOut = await signedOutAt(deps.store, client.workspace ?? 'default', principal.user);
  if (signedOut !== undefined && predates(claims, signedOut, deps.clock.now())) throw signedOutError();
  // what the identity provider says of the person (groups as teams, email, claims) decides policies as in
  // the code flow: all of it, or no token (a claim left out could be the one a deny rule names)
  const { resource: _resource, ...personal } = claims;
  const { claims: carried, problem } = identityClaims(personal);
  if (problem !== undefined) throw new OAuthError('invalid_grant', problem);
  const scope = assertedScope(form.get('scope'), client, claims.scope);
  // spent only once every check passed: a request refused for its scope may be made again
  try {
    await deps.store.put(
      // remembered as long as the assertion is accepted: its expiry plus the largest clock skew allowed
      {
        pk: `oauth-idjag#${sha256(String(claims.iss))}`,
        sk: sha256(claims.jti),
        expiresAt: claims.exp + MAX_CLOCK_SKEW_SECONDS + 60,
      },
      { kind: 'absent' },
    );
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw new OAuthError('invalid_grant', 'The assertion was used before.');
    throw error;
  }
  return {
    resource,
    subject: principal.user,
    provider: provider.id ?? '',
    workspace,
    scope,
    ...(principal.email !== undefined ? { email: principal.email } : {}),
    ...(principal.teams !== undefined ? { teams: principal.teams } : {}),
    ...(carried !== undefined ? { claims: carried } : {}),
  };
}

/**
 * The scope of a token for an identity assertion: what the client may have and asks for, within what the
 * identity provider granted when the assertion says (its `scope`); asking for more than that is refused.
 */
function assertedScope(requested: string | null, client: StoredOAuthClient, asserted: unknown): string {
  const granted = grantedScope(requested, client);
  if (typeof asserted !== 'string') return granted;
  const allowed = asserted.split(' ').filter((scope) => scope !== '');
  if (requested !== null) {
    const refused = granted.split(' ').filter((scope) => scope !== '' && !allowed.includes(scope));
    if (refused.length > 0)
      throw new OAuthError('invalid_scope', `The assertion does not grant: ${refused.join(', ')}.`);
  }
  return granted
    .split(' ')
    .filter((scope) => allowed.includes(scope))
    .join(' ');
}

/** An OpenID Connect ID token for the client: who signed in, when, answering which nonce. */
async function idToken(
  issued: Issued,
  openid: OpenIdSignIn,
  client: StoredOAuthClient,
  issuer: string,
  now: number,
  deps: BrokerDeps,
): Promise<string> {
  const { kid, key } = await deps.keys.signing(ID_TOKEN_ALGORITHM);
  const { SignJWT } = await jose();
  return (
    new SignJWT({
      auth_time: openid.authTime,
      ...(openid.nonce !== undefined ? { nonce: openid.nonce } : {}),
      // the address only to a client that asked for it (OIDC Core 5.4)
      ...(issued.email !== undefined && issued.scope.split(' ').includes('email')
        ? { email: issued.email }
        : {}),
    })
      .setProtectedHeader({ alg: ID_TOKEN_ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(idTokenSubject(issued))
      // the client_id as the client knows it: a metadata-document client by its document's URL
      .setAudience(client.metadataDocument ?? client.id)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(key)
  );
}

/**
 * The person as ID tokens name them: unique within the gateway's issuer (OIDC Core 2), which every workspace
 * and identity provider shares. A provider's user value is unique at that provider only: another provider
 * (another workspace's, whose admin chose it) may name a different person alike, and a client that signs
 * people in with the gateway must never take one for the other. Stable for a person (a digest of workspace,
 * provider and user value), and telling nothing of them (the email travels as its own claim, when asked).
 */
const idTokenSubject = (issued: Pick<Issued, 'workspace' | 'provider' | 'subject'>): string =>
  sha256(JSON.stringify([issued.workspace, issued.provider ?? '', issued.subject]));

interface OpenIdSignIn {
  /** The client's `nonce` of the authorization request. */
  nonce?: string;
  /** When the user signed in, in seconds. */
  authTime: number;
}

/** What an access token is issued for. */
interface Issued {
  resource: string;
  subject: string;
  workspace: string;
  scope: string;
  email?: string;
  teams?: string[];
  /** The person's claims as sign-in learned them (`identityClaims`), carried as `idc`. */
  claims?: Record<string, unknown>;
  /** The refresh-token family of a person's grant (code flow); machines get none. */
  family?: string;
  /** When the family began (its sign-in; epoch seconds): it ends its provider's grant lifetime later. */
  familySince?: number;
  /** The identity provider (id) the person signed in with: its `login.grantLifetimeSeconds` holds. */
  provider?: string;
  /** A client's own token (client credentials): its subject is no person, whatever it is named. */
  machine?: boolean;
  /** Set when a code grant's scope has `openid`: the answer carries an ID token too. */
  openid?: OpenIdSignIn;
}

const REFRESH_SECONDS = 30 * 24 * 3600;
/**
 * How long a person's grant lasts at most however often it is refreshed (a provider's
 * `login.grantLifetimeSeconds` may say less): then the person signs in at the identity provider again (one
 * removed there meanwhile no longer renews the gateway's tokens, and teams and claims are learnt anew).
 */
const FAMILY_SECONDS = 90 * 24 * 3600;

/**
 * How long the grant lasts (seconds from its sign-in), by what its provider says now; undefined when that
 * provider is gone or disabled: its sign-ins end with it.
 */
async function familySeconds(issued: Issued, deps: BrokerDeps): Promise<number | undefined> {
  if (issued.provider === undefined) return FAMILY_SECONDS;
  const provider = (await deps.config.identityProviders()).find((p) => p.id === issued.provider);
  if (provider === undefined || provider.enabled === false || provider.login === undefined) return undefined;
  return Math.min(FAMILY_SECONDS, provider.login.grantLifetimeSeconds ?? FAMILY_SECONDS);
}

/**
 * `authorization_code`: the single-use code of this client, its redirect URI and its PKCE verifier; the code
 * is used up by `spend`, after the answer is made.
 */
async function codeGrant(
  form: URLSearchParams,
  client: StoredOAuthClient,
  deps: BrokerDeps,
): Promise<{ issued: Issued; spend: () => Promise<void> }> {
  const code = form.get('code');
  // RFC 6749 §5.2: a parameter left out is a malformed request, not a refused grant
  for (const name of ['code', 'redirect_uri', 'code_verifier'])
    if (!form.has(name)) throw new OAuthError('invalid_request', `${name} is required.`);
  const found = code === null ? undefined : await findCode(deps.store, code);
  if (found === undefined) throw new OAuthError('invalid_grant', 'The code is unknown, expired or used.');
  // the presenter is checked before anything is spent or revoked: a stranger holding the code (one
  // intercepted on a loopback port, say) neither uses it up nor ends the grant it was redeemed for
  const { flow } = found;
  if (flow.clientId !== client.id)
    throw new OAuthError('invalid_grant', 'The code was issued to another client.');
  if (form.get('redirect_uri') !== flow.redirectUri)
    throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request.');
  if (!pkceHolds(form.get('code_verifier') ?? '', flow.codeChallenge))
    throw new OAuthError('invalid_grant', 'The code_verifier does not match the code_challenge.');
  const resource = form.get('resource');
  if (resource !== null && resource !== flow.resource)
    throw new OAuthError('invalid_target', 'The resource differs from the authorization request.');
  const leaked = async (families: string[]) => {
    // a code redeemed twice is a leaked one (OAuth 2.1 §4.1.3): what it was redeemed for ends too
    for (const one of families) if (one !== '') await revokeFamily(deps, one);
    return new OAuthError(
      'invalid_grant',
      'The code was used before; the refresh tokens issued for it are revoked.',
    );
  };
  if (found.redeemedFor !== undefined) throw await leaked([found.redeemedFor]);
  const signedOut = await signedOutAt(deps.store, flow.workspace, flow.user.user);
  if (signedOut !== undefined && (flow.signedInAt ?? 0) <= signedOut) throw signedOutError();
  const family = randomUUID();
  /**
   * Uses the code up once the tokens are made (a failure before leaves it for the client's retry); lost to
   * a redemption at the same moment, both grants end: the code was presented twice.
   */
  const spend = async () => {
    const first = await spendCode(deps.store, found.item, family);
    if (first !== undefined) throw await leaked([first, family]);
  };
  const issued: Issued = {
    resource: flow.resource,
    subject: flow.user.user,
    workspace: flow.workspace,
    scope: flow.scope,
    ...(flow.user.email !== undefined ? { email: flow.user.email } : {}),
    ...(flow.user.teams !== undefined ? { teams: flow.user.teams } : {}),
    ...(flow.user.claims !== undefined ? { claims: { ...flow.user.claims } } : {}),
    family,
    familySince: Math.floor(deps.clock.now() / 1000),
    ...(flow.providerId !== '' ? { provider: flow.providerId } : {}),
    ...(flow.scope.split(' ').includes('openid')
      ? {
          openid: {
            authTime: flow.signedInAt ?? Math.floor(deps.clock.now() / 1000),
            ...(flow.clientNonce !== undefined ? { nonce: flow.clientNonce } : {}),
          },
        }
      : {}),
  };
  return { issued, spend };
}

/** The longest access token the gateway issues (characters): it must fit a request header. */
const MAX_TOKEN_CHARS = 8192;

/**
 * The person's teams in a token: by the name of the sign-in claim they came from (`tcl`) when that claim
 * travels in `idc` anyway, else as a list.
 */
function teamsClaim(issued: Issued): { teams?: string[]; tcl?: string } {
  const { teams, claims } = issued;
  if (teams === undefined) return {};
  const from = Object.keys(claims ?? {}).find(
    (name) => JSON.stringify(teamsOf(claims?.[name])) === JSON.stringify(teams),
  );
  return from !== undefined ? { tcl: from } : { teams };
}

/** Ends a grant: its refresh tokens are refused from now on. */
async function revokeFamily(deps: BrokerDeps, family: string): Promise<void> {
  await deps.store.put({
    pk: 'oauth-revoked',
    sk: family,
    expiresAt: Math.floor(deps.clock.now() / 1000) + REFRESH_SECONDS,
  });
  await deps.noteRevoked?.(family);
}

const signedOutError = () =>
  new OAuthError('invalid_grant', 'The user was signed out after this sign-in; sign in again.');

/** A new refresh token of `issued.family`, stored by hash. */
async function newRefreshToken(issued: Issued, client: StoredOAuthClient, deps: BrokerDeps): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Math.floor(deps.clock.now() / 1000);
  await deps.store.put({
    pk: 'oauth-refresh',
    sk: sha256(token),
    version: 1,
    // unused for a while, or at the family's end, whichever comes first
    expiresAt: Math.min(now + REFRESH_SECONDS, (issued.familySince ?? now) + FAMILY_SECONDS),
    clientId: client.id,
    issued,
    used: false,
  });
  return token;
}

/**
 * How far apart two refreshes with one token, both begun before either used it up, may use it up and
 * still be taken for the same client refreshing twice at once (two sessions sharing its tokens).
 */
const CONCURRENT_SECONDS = 5;

/**
 * `refresh_token`, rotated: each token works once and is answered with a new one of its family; a token
 * presented again once used means it leaked, so the whole family is revoked (OAuth 2.1 §4.3.1). Two
 * refreshes with it at once both renew: neither saw it used.
 */
/**
 * What a refresh asks beyond the grant (RFC 6749 section 6, RFC 8707 section 2.2): the resource, when
 * named, is the grant's (a token for another server is another sign-in); a scope, when named, is within
 * the grant's and narrows the new access token only (the refresh token keeps the grant's).
 */
function refreshedScope(form: URLSearchParams, issued: Issued): string | undefined {
  const resource = form.get('resource');
  if (resource !== null && resource !== issued.resource)
    throw new OAuthError(
      'invalid_target',
      'A refresh token gets tokens for the server its grant is for only.',
    );
  const asked = form.get('scope');
  if (asked === null) return undefined;
  const granted = new Set(issued.scope.split(' ').filter((s) => s !== ''));
  const wanted = [...new Set(asked.split(' ').filter((s) => s !== ''))];
  const beyond = wanted.filter((s) => !granted.has(s));
  if (beyond.length > 0)
    throw new OAuthError('invalid_scope', `The grant does not include: ${beyond.join(', ')}.`);
  return wanted.join(' ');
}

async function refreshGrant(
  form: URLSearchParams,
  client: StoredOAuthClient,
  deps: BrokerDeps,
): Promise<{ issued: Issued; spend: () => Promise<void> }> {
  const presented = form.get('refresh_token');
  if (presented === null) throw new OAuthError('invalid_request', 'refresh_token is required.');
  const item = await deps.store.get('oauth-refresh', sha256(presented));
  const invalid = () => new OAuthError('invalid_grant', 'The refresh token is unknown, expired or revoked.');
  if (item === undefined || item['clientId'] !== client.id) throw invalid();
  const stored = item['issued'] as Issued;
  const now = Math.floor(deps.clock.now() / 1000);
  // a family from before families had an end: it ends counting from now
  const issued = { ...stored, familySince: stored.familySince ?? now };
  // a family of an earlier record of the client (deleted, and recorded again under the same id)
  if (grantedBeforeClient(client, issued.familySince)) throw invalid();
  const lasts = await familySeconds(issued, deps);
  if (lasts === undefined)
    throw new OAuthError('invalid_grant', 'The identity provider of this sign-in is gone; sign in again.');
  if (now >= issued.familySince + lasts)
    throw new OAuthError('invalid_grant', 'The grant has lasted its longest; sign in again.');
  const family = issued.family ?? '';
  const [revoked, signedOut] = await Promise.all([
    deps.store.get('oauth-revoked', family),
    issued.machine === true ? undefined : signedOutAt(deps.store, issued.workspace, issued.subject),
  ]);
  if (revoked !== undefined) throw invalid();
  // (a family from before families had a start began before any sign-out)
  if (signedOut !== undefined && (stored.familySince ?? 0) <= signedOut) throw signedOutError();
  const reused = async () => {
    await revokeFamily(deps, family);
    return new OAuthError('invalid_grant', 'The refresh token was used before; its grant is revoked.');
  };
  if (item['used'] === true) throw await reused();
  /**
   * Uses the token up, once the new tokens are made: a failure before (the signing key's service
   * throttled, say) leaves it usable for the client's retry, which would otherwise revoke the grant.
   */
  const spend = async () => {
    try {
      await deps.store.put(
        {
          ...item,
          used: true,
          usedAt: Math.floor(deps.clock.now() / 1000),
          version: (item.version ?? 1) + 1,
        },
        { kind: 'version', version: item.version ?? 1 },
      );
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      // used up meanwhile by a refresh begun before this one used it: the same client twice at once
      const now = Math.floor(deps.clock.now() / 1000);
      const usedAt = (await deps.store.get('oauth-refresh', item.sk, { consistent: true }))?.['usedAt'];
      if (!(typeof usedAt === 'number' && now - usedAt <= CONCURRENT_SECONDS)) throw await reused();
    }
  };
  // the client itself was authenticated (and found enabled) before the grant was read
  return { issued, spend };
}

/** The resource a token is requested for: a server of the client's workspace on this gateway. */
async function targetOf(
  resource: string | null,
  issuer: string,
  client: StoredOAuthClient,
  deps: BrokerDeps,
): Promise<string> {
  if (resource === null)
    throw new OAuthError('invalid_target', `Name the server: resource=${issuer}/mcp/{server} (RFC 8707).`);
  const name = serverNamed(resource, issuer);
  const server = name === undefined ? undefined : await deps.config.serverByName(name);
  if (server === undefined || (server.workspace ?? 'default') !== (client.workspace ?? 'default'))
    throw new OAuthError('invalid_target', 'The resource is no server this client may reach.');
  return resource;
}
