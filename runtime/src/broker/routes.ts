/**
 * The gateway's own authorization server (its metadata, keys, token endpoint, sign-in and consent
 * pages, client registration) and the token vault's consent pages: every route under `/oauth/` and the
 * server's well-known documents. The data plane loads this module with the first such request.
 */
import { JwksCache } from '../auth/jwks.js';
import { baseUrlOf } from '../auth/protected-resource.js';
import type { Clock } from '../core/clock.js';
import type { ConfigReader } from '../core/config.js';
import { type HttpRequest, type HttpResponse, json } from '../core/http.js';
import type { HttpClient } from '../core/http-client.js';
import type { UrlGuard } from '../core/url-guard.js';
import type { StateStore } from '../store/port.js';
import {
  type BrowserSignIn,
  type TokenVault,
  VAULT_CALLBACK_PATH,
  VAULT_START_PATH,
} from '../vault/upstream-oauth.js';
import {
  AUTHORIZE_PATH,
  authorize,
  browserSignInOf,
  CALLBACK_PATH,
  CONSENT_PATH,
  callback,
  checkIdentity,
  consent,
  type InteractiveDeps,
} from './interactive.js';
import type { BrokerKeys } from './keys.js';
import { MetadataClients } from './metadata-clients.js';
import { REGISTER_PATH, register } from './register.js';
import {
  authorizationServerMetadata,
  type BrokerDeps,
  openIdConfiguration,
  REVOKE_PATH,
  revocationEndpoint,
  TOKEN_PATH,
  tokenEndpoint,
} from './server.js';
import { AS_METADATA_PATH, JWKS_PATH, OIDC_METADATA_PATH } from './well-known.js';

export interface AuthorizationServerDeps {
  config: Pick<ConfigReader, 'oauthClientById' | 'serverByName' | 'identityProviders' | 'workspaceByName'>;
  http: HttpClient;
  guard: UrlGuard;
  /** For what an unauthenticated caller can make the gateway fetch (client metadata documents). */
  publicOutbound: { http: HttpClient; guard: UrlGuard };
  store: StateStore;
  clock: Clock;
  keys: BrokerKeys;
  /** Verifies the identity providers' tokens (sign-in, identity assertions). */
  tokens: BrokerDeps['tokens'];
  /** The identity providers' key sets. */
  providerKeys: JwksCache;
  /** The token vault, loaded with the first of its own routes. */
  vault: () => Promise<Pick<TokenVault, 'confirm' | 'signedIn' | 'start' | 'callback'>>;
  /** Told of each grant this instance revokes. */
  noteRevoked?: BrokerDeps['noteRevoked'];
  publicUrl?: string | undefined;
}

/** The routes' handler: an answer, or undefined for a path or method it does not serve. */
export function authorizationServer(
  deps: AuthorizationServerDeps,
): (request: HttpRequest) => Promise<HttpResponse | undefined> {
  const { config, http, guard, store, clock } = deps;
  const broker: BrokerDeps = {
    config,
    keys: deps.keys,
    clientKeys: new JwksCache({ http, guard, clock }),
    tokens: deps.tokens,
    store,
    clock,
    noteRevoked: deps.noteRevoked,
  };
  const interactive: InteractiveDeps = {
    // a vault consent link's user signed in at the browser: on to the link's confirmation page
    identityChecked: async (check, outcome) => (await deps.vault()).signedIn(check.vaultFlow, outcome),
    metadataClients: new MetadataClients({ config, ...deps.publicOutbound, store, clock }),
    config,
    providerKeys: deps.providerKeys,
    tokens: deps.tokens,
    http,
    guard,
    store,
    clock,
  };
  return async (request) => {
    const base = baseUrlOf(request, deps.publicUrl);
    const cors = { 'access-control-allow-origin': '*', 'cache-control': 'max-age=300' };
    const { path } = request;
    // a document's HEAD is its GET without the body (RFC 9110 §9.3.2), which the edge leaves out
    const documents = path === AS_METADATA_PATH || path === OIDC_METADATA_PATH || path === JWKS_PATH;
    const method = request.method === 'HEAD' && documents ? 'GET' : request.method;
    // the person at a vault consent link's browser signs in as its user, where a browser can sign them in
    const signIn: BrowserSignIn = {
      covers: async (owner) => (await browserSignInOf(interactive, owner)) !== undefined,
      begin: async (owner, flow) => {
        const provider = await browserSignInOf(interactive, owner);
        return provider && checkIdentity(interactive, base, provider, owner.workspace, flow);
      },
    };
    if (path === AS_METADATA_PATH && method === 'GET')
      return json(200, authorizationServerMetadata(base), cors);
    if (path === OIDC_METADATA_PATH && method === 'GET') return json(200, openIdConfiguration(base), cors);
    if (path === JWKS_PATH && method === 'GET') return json(200, await deps.keys.publicJwks(), cors);
    if (path === TOKEN_PATH) return tokenEndpoint(request, base, broker);
    if (path === REVOKE_PATH) return revocationEndpoint(request, base, broker);
    if (path === REGISTER_PATH) return register(request, { store, clock });
    if (path === AUTHORIZE_PATH && method === 'GET') return authorize(request, base, interactive);
    if (path === CALLBACK_PATH && method === 'GET') return callback(request, base, interactive);
    if (path === CONSENT_PATH && method === 'POST') return consent(request, base, interactive);
    if (path === VAULT_START_PATH && method === 'GET') return (await deps.vault()).confirm(request, signIn);
    if (path === VAULT_START_PATH && method === 'POST') return (await deps.vault()).start(request, signIn);
    if ((path === VAULT_CALLBACK_PATH || path.startsWith(`${VAULT_CALLBACK_PATH}/`)) && method === 'GET')
      return (await deps.vault()).callback(request);
    return undefined;
  };
}
