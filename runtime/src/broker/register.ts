/**
 * Dynamic Client Registration (RFC 7591) at `POST /oauth/register`: an MCP client registers itself as a
 * public client (`token_endpoint_auth_method: none`, authorization code with PKCE) and gets a
 * `client_id`; it then appears in `/v1/oauth-clients` like any other client, where an admin can disable
 * or delete it. Only redirect URIs that are safe for a public client are accepted. Registration needs no
 * credential, so it is rate limited (shared by every gateway instance): per source address and overall,
 * and a registration lapses by itself (its name with it) a day later unless someone signs in with it, so
 * that nobody can fill the store with clients.
 */
import type { Clock } from '../core/clock.js';
import { type HttpRequest, type HttpResponse, json } from '../core/http.js';
import { cut } from '../core/text.js';
import { claimPartition, insertResource, newId, readResource } from '../store/config-items.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';
import { addressKey, networkKey, takeHourly } from './hourly-quota.js';
import { ID_TOKEN_ALGORITHM } from './keys.js';

export const REGISTER_PATH = '/oauth/register';

/** Why a redirect URI is unsafe or unusable (OAuth 2.1 §2.3.1, RFC 8252), or undefined. */
/** A URI's characters (RFC 3986): unreserved and reserved ones, and percent-encodings; no fragment. */
const RFC3986 = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
/** An IPv6 host, whose brackets are the one place they belong. */
const IP_LITERAL = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)\[[0-9A-Fa-f:.]+\]/;

export function redirectUriProblem(uri: string): string | undefined {
  if (!URL.canParse(uri)) return 'is not a URL';
  if (uri.includes('#')) return 'must not have a fragment';
  // as the API's schema reads it (format `uri`), or the client could not be changed there (disabled)
  if (!RFC3986.test(uri.replace(IP_LITERAL, '$1h')))
    return 'must be written as RFC 3986 has it: spaces, brackets, braces and non-ASCII characters percent-encoded';
  const url = new URL(uri);
  // `https://trusted.example@attacker.example/` reads as the first host and sends the code to the second
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
    return 'http is only for loopback addresses; use https';
  if (REFUSED_SCHEMES.has(url.protocol) || url.protocol.startsWith('ms-'))
    return `may not use ${url.protocol}`;
  return undefined;
}

/**
 * Schemes no application signs in through: the browser's own (scripts, documents it makes, its pages),
 * and the operating system's handlers a redirect would set off from the gateway's origin (Windows' `ms-*`
 * and `search-ms` ones have run code). Applications' own private-use schemes (`cursor:`, reverse domain
 * names as RFC 8252 §7.1 has them) stay open.
 */
const REFUSED_SCHEMES = new Set([
  'javascript:',
  'data:',
  'file:',
  'vbscript:',
  'blob:',
  'about:',
  'view-source:',
  'filesystem:',
  'jar:',
  'search:',
  'search-ms:',
  'shell:',
  'intent:',
]);

/**
 * A client's `client_name` as the consent page shows it: 128 characters at most, never half a character
 * (an emoji cut in two), a lone surrogate shown as the replacement character.
 */
export function clientNameOf(value: unknown): string | undefined {
  return typeof value === 'string' ? cut(value.replace(/\p{Cs}/gu, '\uFFFD'), 128) : undefined;
}

/** Why a client's `id_token_signed_response_alg` cannot be had here, or undefined (unset: RS256). */
export function idTokenAlgorithmProblem(metadata: Record<string, unknown>): string | undefined {
  const alg = metadata['id_token_signed_response_alg'];
  if (alg === undefined || alg === ID_TOKEN_ALGORITHM) return undefined;
  return `ID tokens are signed with ${ID_TOKEN_ALGORITHM}; id_token_signed_response_alg may only be ${ID_TOKEN_ALGORITHM}.`;
}

/** How long a registration nobody signed in with is kept. */
export const UNUSED_REGISTRATION_SECONDS = 24 * 3600;
/**
 * How long a registration is kept after a sign-in with it: past the end of that sign-in's grant (90 days),
 * by more than the day a keep may be put off.
 */
export const USED_REGISTRATION_SECONDS = 92 * 24 * 3600;

/**
 * Keeps a dynamically registered client {@link USED_REGISTRATION_SECONDS} past a sign-in with it (written
 * at most once a day per client); any other client is kept as it is.
 */
export async function keepRegistered(deps: { store: StateStore; clock: Clock }, id: string): Promise<void> {
  const item = await readResource(deps.store, 'oauth_client', id);
  if (item?.expiresAt === undefined) return;
  const until = Math.floor(deps.clock.now() / 1000) + USED_REGISTRATION_SECONDS;
  if (until - item.expiresAt < 24 * 3600) return;
  // its name is kept as long (nobody else may take it while it lives)
  const name = (item['data'] as { name?: unknown } | undefined)?.name;
  const claim =
    typeof name === 'string' ? await deps.store.get(claimPartition('oauth_client', 'name'), name) : undefined;
  try {
    if (claim?.['id'] === id)
      await deps.store.put(
        { ...claim, expiresAt: until, version: (claim.version ?? 0) + 1 },
        { kind: 'version', version: claim.version ?? 0 },
      );
    // a new version: an admin's edit read before this keep is refused (412), not written over it
    await deps.store.put(
      { ...item, expiresAt: until, version: (item.version ?? 0) + 1 },
      { kind: 'version', version: item.version ?? 0 },
    );
  } catch (error) {
    // edited meanwhile: the next sign-in keeps it
    if (!(error instanceof ConditionFailedError)) throw error;
  }
}

/**
 * Registrations per clock hour from one source address (an IPv6 /64), from one IPv6 network (a /48), and
 * from all together.
 */
export const REGISTRATIONS_PER_ADDRESS = 60;
export const REGISTRATIONS_PER_NETWORK = 200;
export const REGISTRATIONS = 1000;

const invalid = (description: string, error = 'invalid_client_metadata') =>
  json(400, { error, error_description: description }, { 'cache-control': 'no-store' });

export async function register(
  request: HttpRequest,
  deps: { store: StateStore; clock: Clock },
): Promise<HttpResponse> {
  if (request.method !== 'POST')
    return json(405, { error: 'invalid_request', error_description: 'Use POST.' }, { allow: 'POST' });
  // JSON as RFC 7591 sends it: a web page's form or `no-cors` fetch (no preflight, other content types)
  // cannot register clients, using up the hour's registrations, in its visitors' names
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return invalid('The body must be client metadata sent as application/json.', 'invalid_request');
  let metadata: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body ?? '');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    metadata = parsed as Record<string, unknown>;
  } catch {
    return invalid('The body must be a JSON object of client metadata.');
  }
  const uris = metadata.redirect_uris;
  if (
    !Array.isArray(uris) ||
    uris.length === 0 ||
    uris.length > 16 ||
    !uris.every((u) => typeof u === 'string' && u.length <= 2048)
  )
    return invalid('redirect_uris must list 1 to 16 URIs.', 'invalid_redirect_uri');
  for (const uri of uris as string[]) {
    const problem = redirectUriProblem(uri);
    if (problem !== undefined) return invalid(`${uri} ${problem}.`, 'invalid_redirect_uri');
  }
  const method = metadata.token_endpoint_auth_method ?? 'none';
  if (method !== 'none')
    return invalid('Only public clients (token_endpoint_auth_method "none") can register.');
  const grants = (metadata.grant_types as unknown[] | undefined) ?? ['authorization_code'];
  if (!Array.isArray(grants) || !grants.every((g) => g === 'authorization_code' || g === 'refresh_token'))
    return invalid('grant_types may only hold authorization_code and refresh_token.');
  const responses = (metadata.response_types as unknown[] | undefined) ?? ['code'];
  if (!Array.isArray(responses) || !responses.every((r) => r === 'code'))
    return invalid('response_types may only hold code.');
  const algorithmProblem = idTokenAlgorithmProblem(metadata);
  if (algorithmProblem !== undefined) return invalid(algorithmProblem);
  const clientName = clientNameOf(metadata.client_name);
  // counted once the metadata is fine (a malformed request takes no share); the address first: one
  // address spending its own share takes nothing of everyone's
  const network = networkKey(request.sourceIp);
  for (const [key, limit, from] of [
    [addressKey(request.sourceIp), REGISTRATIONS_PER_ADDRESS, 'from this address'],
    ...(network !== undefined ? [[network, REGISTRATIONS_PER_NETWORK, 'from this network'] as const] : []),
    ['*', REGISTRATIONS, 'recently'],
  ] as const) {
    const wait = await takeHourly(deps, 'oauth-registrations', key, limit);
    if (wait !== undefined)
      return json(
        429,
        {
          error: 'too_many_requests',
          error_description: `Too many clients registered ${from}; try again in ${wait} s.`,
        },
        { 'retry-after': String(wait), 'cache-control': 'no-store' },
      );
  }
  const id = newId('oc', deps.clock);
  await insertResource(
    deps.store,
    deps.clock,
    'oauth_client',
    id,
    {
      name: `dcr-${id.slice(-12)}`,
      workspace: 'default',
      ...(clientName !== undefined ? { description: clientName } : {}),
      enabled: true,
      tokenEndpointAuthMethod: 'none',
      redirectUris: uris as string[],
      registeredBy: 'dynamic-registration',
      accessTokenTtlSeconds: 900,
    },
    Math.floor(deps.clock.now() / 1000) + UNUSED_REGISTRATION_SECONDS,
  );
  return json(
    201,
    {
      client_id: id,
      client_id_issued_at: Math.floor(deps.clock.now() / 1000),
      ...(clientName !== undefined ? { client_name: clientName } : {}),
      redirect_uris: uris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: ID_TOKEN_ALGORITHM,
    },
    { 'cache-control': 'no-store' },
  );
}
