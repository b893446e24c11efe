/**
 * The token vault: for upstream MCP servers that are themselves OAuth-protected (`credentials.kind:
 * user-oauth`), the gateway is the OAuth client and keeps one token per user. It finds the upstream's
 * authorization server through the upstream's protected resource metadata (RFC 9728, or the configured
 * `authorizationServer`), registers itself there once when no `clientId` is configured (RFC 7591), and
 * asks each user's consent once through a gateway URL (authorization code with PKCE, `resource` the
 * upstream URL). Tokens are sealed at rest (AES-GCM), refreshed when they expire, listed and revoked
 * through the management API; a user without a token gets the consent URL (error -32042, URL elicitation).
 */

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  accessTokenOf,
  type ClientAuth,
  postForm,
  postTokenRequest,
  TokenEndpointError,
} from '../auth/token-endpoint.js';
import {
  bindBrowser,
  escapeHtml,
  fromSameBrowser,
  noStore,
  page,
  putOnce,
  takeOnce,
  unbindBrowser,
} from '../broker/browser.js';
import type { Clock } from '../core/clock.js';
import type { Principal, Server } from '../core/config.js';
import { sha256 as s256 } from '../core/digest.js';
import { GatewayError } from '../core/errors.js';
import { getJson, JsonFetchError, namedUrl } from '../core/fetch-json.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import type { HttpClient } from '../core/http-client.js';
import { InFlight } from '../core/in-flight.js';
import { lruCache } from '../core/lru.js';
import { mapAtMost } from '../core/pool.js';
import { finishesWithin } from '../core/time.js';
import type { UrlGuard } from '../core/url-guard.js';
import { endpointOf } from '../mcp/upstream/target.js';
import { ConditionFailedError, queryAll, type StateStore, type StoredItem } from '../store/port.js';
import { ConsentRequired, MoreConsentRequired } from './consent-required.js';
import { NotSealedByThisKey, type ResealReport, type Sealer } from './sealer.js';

export const VAULT_START_PATH = '/oauth/upstream/start';
export const VAULT_CALLBACK_PATH = '/oauth/upstream/callback';

const FLOW_SECONDS = 600;
const MARGIN_SECONDS = 60;
/** How many browsers shown a consent page may each press its button (the last ones). */
const CONFIRMING_BROWSERS = 4;
/** How long a refused renewal waits for another instance's renewal of the same tokens to land. */
const RENEWAL_GRACE_MS = 250;
/**
 * How long one instance may hold a user's tokens to renew them (longer than a token request may take):
 * a rotated refresh token is good once, so the others wait for its renewal instead of spending it too.
 */
const RENEWAL_LEASE_MS = 15_000;
/** How often an instance waiting for another's renewal looks again. */
const RENEWAL_POLL_MS = 100;
const DISCOVERY_MS = 10 * 60_000;
/** Tokens a user has at an upstream: one item per user, in the server's partition. */
export const vaultPartition = (serverId: string) => `vault#${serverId}`;

/**
 * Whose token it is: a user as one way of signing in names them. An api key's user and the subject of a
 * token of some identity provider are different people even when their ids are the same string, so one
 * never gets the upstream account the other connected.
 */
export interface Owner {
  workspace: string;
  user: string;
  /** How the user signed in (`api-key`, `jwt`, `oauth`, `webhook`). */
  method: string;
  /**
   * Through which identity provider, or for `webhook`, which authentication webhook vouched for them
   * (another webhook's `alice` is another person).
   */
  provider?: string;
}
const ownerOf = ({ workspace, user, method, provider, webhook }: Principal): Owner => {
  const via = provider ?? (method === 'webhook' ? webhook : undefined);
  return { workspace, user, method, ...(via !== undefined ? { provider: via } : {}) };
};
/** The owner a stored token item names. */
const ownerOfItem = ({ workspace, user, method, provider }: StoredItem): Owner => ({
  workspace: String(workspace),
  user: String(user),
  method: typeof method === 'string' ? method : '',
  ...(typeof provider === 'string' ? { provider } : {}),
});
const ownerKey = (owner: Owner) => `${owner.workspace}#${owner.method}:${owner.provider ?? ''}#${owner.user}`;
const clientPartition = 'vault-client';

/**
 * The sign-in that shows who is at a browser. A consent link is a bearer link: handed to someone else, it
 * would connect their upstream account to its own user. Where that user signs in to the gateway in a way
 * a browser can repeat (through an identity provider with a `login`), the person at the browser signs in
 * first and must be that user; an api key's user has no such sign-in and is shown whose link it is.
 */
export interface BrowserSignIn {
  /** Whether the owner of a link signs in in a way a browser can repeat. */
  covers(owner: Owner): Promise<boolean>;
  /**
   * Sends the browser to that sign-in (its answer comes back to {@link TokenVault.signedIn}); undefined
   * when it does not cover the owner.
   */
  begin(owner: Owner, flow: string): Promise<HttpResponse | undefined>;
}

export interface VaultDeps {
  store: StateStore;
  clock: Clock;
  http: HttpClient;
  guard: UrlGuard;
  /**
   * What reaches addresses an outsider chose: an authorization server the upstream's metadata names, and
   * the endpoints its metadata names, at another origin than the upstream's (no private addresses).
   * Default: `http`/`guard`.
   */
  publicOutbound?: { http: HttpClient; guard: UrlGuard };
  /** None: user-oauth servers refuse every call, saying the vault has no key. */
  sealer: Sealer | undefined;
  /** Servers by id, for the browser steps (they carry no MCP request). */
  serverById: (id: string) => Promise<Server | undefined>;
  /** How long an opened token is reused in process (revocation shows within it). Default 30 s. */
  cacheMs?: number;
}

interface Endpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  registrationEndpoint?: string;
  /** RFC 7009: where tokens the gateway no longer keeps are revoked. */
  revocationEndpoint?: string;
  /** RFC 9207: the server names itself (`iss`) in every authorization response. */
  namesItself: boolean;
  /** Its metadata lists PKCE with S256 (`code_challenge_methods_supported`). */
  pkce: boolean;
  /**
   * The origin the gateway may reach as it reaches the upstream: none when an admin named the
   * authorization server (all its endpoints are), else the upstream's own. An endpoint elsewhere that the
   * upstream's metadata (or its authorization server's) names is reached as the public internet only: an
   * upstream must not point the gateway's requests into the network the gateway sits in.
   */
  trustedOrigin: string | undefined;
}

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  /** Unix seconds; none when the server did not say. */
  expiresAt?: number;
  /** Seconds they were issued to live for (`expires_in`). */
  lifetime?: number;
  scope?: string;
  /** The authorization server that issued them: their refresh token goes nowhere else. */
  issuer?: string;
  /** The gateway URL their consent came back to: a registered client is the one registered for it. */
  base?: string;
}

interface Flow extends Owner {
  serverId: string;
  verifier?: string;
  base: string;
  /** The hash of the browser binding set when the person went on to the authorization server. */
  browser?: string;
  /** The bindings of the last few browsers shown the page (a link scanner's visit takes no one's place). */
  confirmedBy?: string[];
  /** Those of browsers where the link's own user signed in (for users whose sign-in a browser can repeat). */
  verifiedBy?: string[];
  /** The authorization server the person was sent to, and whether it names itself in its answer (RFC 9207). */
  issuer?: string;
  namesItself?: boolean;
  /** The path the answer comes back to: the client's own (see `callbackPathOf`); the shared one before. */
  callback?: string;
  /** The scopes the upstream wanted beyond the user's (step-up authorization). */
  scopes?: string[];
  /** The scopes asked of the authorization server (what a token answer naming none granted). */
  requested?: string;
}

/** Whether a step-up may ask for `scope` at `server`: one of its `scopes` or `stepUpScopes`. */
const stepUpAllows = (server: Server, scope: string): boolean =>
  (server.credentials?.scopes ?? []).includes(scope) ||
  (server.credentials?.stepUpScopes ?? []).includes(scope);

/** The key of a user's consent link at a server: one for a first consent, one per step-up's scopes. */
const linkKey = (serverId: string, owner: Owner, scopes: string[] | undefined) =>
  JSON.stringify([serverId, ownerKey(owner), scopes ?? null]);

/**
 * The server as RFC 8707 names a resource: its URL without query or fragment (§2), which may hold a
 * secret (an API key some APIs take in a base URL's query) that would otherwise reach the user's browser
 * history and the authorization server's logs.
 */
const resourceOf = (server: Server): string => endpointOf(server).replace(/[?#][\s\S]*$/, '');

/**
 * The flow of a consent link, or undefined: the records of links and of authorizations under way (their
 * `state`, which passes through browsers and logs) share a partition, and a state must never serve as a
 * link (whoever saw it would send the flow on with their browser, and connect their own account).
 */
function linkOf(item: StoredItem | undefined): Flow | undefined {
  const flow = item?.['value'] as Flow | undefined;
  return flow === undefined || flow.verifier !== undefined ? undefined : flow;
}

/**
 * What became of a revoked user's grant at the upstream's authorization server: revoked there, or not
 * (no revocation endpoint offered, tokens the gateway could not open, a failed request).
 */
export type UpstreamRevocation = 'revoked' | 'unsupported' | 'unopened' | 'failed';

/** How long the authorization server is given to revoke a user's grants: the admin's request waits. */
const REVOCATION_BUDGET_MS = 5000;
/** How many revocation requests a server's deletion has under way at once. */
const REVOCATIONS_AT_ONCE = 8;

/** How many of a deleted server's grants became what at the authorization server. */
export type UpstreamRevocations = Partial<Record<UpstreamRevocation, number>>;

/** A stored token of a user, as the management API lists it (never the token). */
export interface VaultEntry {
  user: string;
  workspace: string;
  method: string;
  provider?: string;
  connectedAt: string;
  expiresAt?: string;
  refreshable: boolean;
  scopes?: string[];
}

const random = () => randomBytes(32).toString('base64url');
/**
 * A token opens only for its server, user and the upstream URLs it goes to: a server pointed elsewhere (a
 * new URL, or a target added) asks consent anew.
 */
const sealingContext = (serverId: string, url: string, sk: string) => `${serverId}|${url}|${sk}`;
const destinationsOf = (server: Server) => {
  const endpoint = endpointOf(server);
  // an API-to-MCP server's calls go to its API's base URL, wherever its `url` points
  const api = server.openapi?.baseUrl;
  return [
    endpoint,
    ...(api !== undefined && api !== endpoint ? [api] : []),
    ...(server.targets ?? []).map((target) => target.url),
  ].join(' ');
};

export class TokenVault {
  private readonly endpoints = lruCache<string, { value: Endpoints; readAt: number }>(1000);
  /** Tokens opened a moment ago, for the destinations they were sealed to. */
  private readonly opened = lruCache<string, { tokens: Tokens; until: number; destinations: string }>(10_000);
  /** Pending consent links, so repeated calls do not each write a new flow. */
  private readonly links = lruCache<string, { url: string; flow: string; until: number }>(10_000);
  private readonly refreshing = new InFlight<string, Tokens | undefined>();
  private readonly cacheMs: number;

  constructor(private readonly deps: VaultDeps) {
    this.cacheMs = deps.cacheMs ?? 30_000;
  }

  /** The user's access token at `server`; throws ConsentRequired (with the consent URL) without one. */
  async tokenFor(server: Server, principal: Principal, base: string): Promise<string> {
    const sealer = this.requireSealer(server);
    const serverId = server.id ?? server.name;
    const owner = ownerOf(principal);
    const key = `${serverId}#${ownerKey(owner)}`;
    const now = Math.floor(this.deps.clock.now() / 1000);
    const destinations = destinationsOf(server);
    const cached = this.opened.get(key);
    // a server pointed elsewhere meanwhile gets none of them: they open for their own destinations only
    const fromCache =
      cached !== undefined && this.deps.clock.now() < cached.until && cached.destinations === destinations;
    /** The stored item the tokens were read from (a renewal replaces it only while it is unchanged). */
    let source: StoredItem | undefined;
    const fromStore = async () => {
      source = await this.deps.store.get(vaultPartition(serverId), ownerKey(owner));
      return source === undefined ? undefined : this.openItem(sealer, serverId, destinations, owner, source);
    };
    let tokens = fromCache ? cached.tokens : await fromStore();
    const expiring = (t: Tokens | undefined) =>
      t !== undefined && t.expiresAt !== undefined && t.expiresAt - now <= marginOf(t);
    // renewed from what the store holds: another instance may have renewed them (and spent the refresh
    // token this one remembers) since they were cached
    if (expiring(tokens) && fromCache) tokens = await fromStore();
    if (tokens !== undefined && source !== undefined && expiring(tokens)) {
      // good while they last when there is nothing to renew them with, or the renewal fails for the
      // moment (short-lived tokens would otherwise ask for a consent on every call)
      const valid = tokens.expiresAt! > now ? tokens : undefined;
      if (tokens.refreshToken === undefined) tokens = valid;
      else
        try {
          tokens = await this.refreshOnce(`${key}#${destinations}`, server, owner, tokens, source);
        } catch (error) {
          if (
            valid === undefined ||
            !(error instanceof GatewayError) ||
            (error.code !== 'upstream_unavailable' && error.code !== 'store_unavailable')
          )
            throw error;
          tokens = valid;
        }
    }
    if (tokens === undefined) {
      this.opened.delete(key);
      throw await this.consentRequired(server, owner, base);
    }
    // reuse runs from when the tokens were read: a user calling on and on would otherwise never see a
    // revocation (the store is read again only once the reuse time is over)
    if (!fromCache || tokens !== cached.tokens)
      this.opened.set(key, { tokens, until: this.deps.clock.now() + this.cacheMs, destinations });
    return tokens.accessToken;
  }

  /**
   * The consent the user gives anew when the upstream refused their token for lacking scopes (HTTP 403
   * `insufficient_scope`, MCP step-up authorization), for scopes the server's `stepUpScopes` (or `scopes`)
   * allow: a link asking for those wanted on top of the server's and those the user's tokens hold when
   * the consent starts, so that the new grant loses nothing the old one had. The tokens stay in use
   * meanwhile (for what they may do). Undefined when the upstream wants scopes the admin did not allow.
   */
  async stepUp(
    server: Server,
    principal: Principal,
    base: string,
    wanted: string[],
    token: string,
  ): Promise<GatewayError | undefined> {
    if (!wanted.every((scope) => stepUpAllows(server, scope))) return undefined;
    const serverId = server.id ?? server.name;
    const owner = ownerOf(principal);
    const key = `${serverId}#${ownerKey(owner)}`;
    // read anew from the store at the next call: the consent may have been given at another instance
    if (this.opened.get(key)?.tokens.accessToken === token) this.opened.delete(key);
    const held = await this.heldTokens(server, owner);
    const granted = (held?.scope ?? '').split(' ');
    if (held !== undefined && wanted.every((w) => granted.includes(w)))
      // tokens of a newer consent than the one refused, with the scopes wanted: the call again uses them;
      // the very token refused said to hold them: asking again would change nothing (the refusal stands)
      return held.accessToken !== token
        ? new GatewayError(
            'upstream_unavailable',
            `Your consent at MCP server "${server.name}" was renewed meanwhile; try again.`,
          )
        : undefined;
    // (one link per set of scopes, whatever order the upstream names them in)
    return this.consentRequired(server, owner, base, [...new Set(wanted)].sort());
  }

  /** The tokens the store holds for `owner` at `server`; a sealing failure of the moment throws. */
  private async heldTokens(server: Server, owner: Owner): Promise<Tokens | undefined> {
    const serverId = server.id ?? server.name;
    const item = await this.deps.store.get(vaultPartition(serverId), ownerKey(owner));
    if (item === undefined || this.deps.sealer === undefined) return undefined;
    return this.openItem(this.deps.sealer, serverId, destinationsOf(server), owner, item);
  }

  /**
   * The upstream refused `token` (revoked or expired there before its time): the next call renews it
   * when it can, else asks the user's consent anew — instead of failing until an admin deletes it.
   */
  async refused(server: Server, principal: Principal, token: string): Promise<void> {
    const serverId = server.id ?? server.name;
    const owner = ownerOf(principal);
    const key = `${serverId}#${ownerKey(owner)}`;
    if (this.opened.get(key)?.tokens.accessToken === token) this.opened.delete(key);
    const destinations = destinationsOf(server);
    const item = await this.deps.store.get(vaultPartition(serverId), ownerKey(owner));
    if (item === undefined) return;
    // being renewed (here or on another instance): the renewal replaces the refused token, and marking
    // it refused now would end that renewal's hold
    const renewing = item['renewingUntil'];
    if (typeof renewing === 'number' && renewing > this.deps.clock.now()) return;
    const tokens = await this.openItem(this.requireSealer(server), serverId, destinations, owner, item);
    // renewed meanwhile (here or on another instance): the new one has not been refused
    if (tokens?.accessToken !== token) return;
    try {
      if (tokens.refreshToken !== undefined) {
        const expired = { ...tokens, expiresAt: Math.floor(this.deps.clock.now() / 1000) - 1 };
        await this.write(serverId, destinations, owner, expired, item);
      } else
        await this.deps.store.delete(vaultPartition(serverId), ownerKey(owner), {
          version: item.version ?? 1,
        });
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  /**
   * Forgets a user's tokens at a server, whichever way they signed in (undefined when there were none), then
   * asks the authorization server that issued them to revoke them (RFC 7009): the refresh token, which
   * ends the grant's access tokens too where the server can, so that no copy of what the gateway held
   * outlives the revocation. `server` is the server as configured now, if it can be read: without it the
   * tokens are forgotten all the same. The authorization server is given until `until` (ms since the
   * epoch), a few seconds at most. Instances stop using the tokens within their reuse time (`cacheMs`).
   */
  async revoke(
    serverId: string,
    server: Server | undefined,
    workspace: string,
    user: string,
    until = Number.POSITIVE_INFINITY,
  ): Promise<UpstreamRevocation | undefined> {
    const items = (await queryAll(this.deps.store, vaultPartition(serverId))).filter(
      (item) => item['workspace'] === workspace && item['user'] === user,
    );
    const outcomes = await this.forgetAndRevoke(serverId, server, items, until, 'throw');
    // the worst of them: an admin learns that some grant may still be alive at the authorization server
    return outcomes.length === 0
      ? undefined
      : (['failed', 'unopened', 'unsupported', 'revoked'] as const).find((o) => outcomes.includes(o))!;
  }

  /**
   * Forgets every user's tokens at a server being deleted, having asked the authorization server to revoke
   * their grants as {@link revoke} does (within the same few seconds, all of them together), then the
   * clients the gateway registered for it: what became of the grants, counted.
   */
  async forgetServer(
    serverId: string,
    server: Server | undefined,
    until = Number.POSITIVE_INFINITY,
  ): Promise<UpstreamRevocations> {
    const items = await queryAll(this.deps.store, vaultPartition(serverId));
    const outcomes = await this.forgetAndRevoke(serverId, server, items, until, 'failed');
    // (the clients last: revoking authenticates with them)
    await forgetServerTokens(this.deps.store, serverId);
    const counted: UpstreamRevocations = {};
    for (const outcome of outcomes) counted[outcome] = (counted[outcome] ?? 0) + 1;
    return counted;
  }

  /**
   * Deletes `items` (tokens of the server), then has the authorization server revoke those that opened,
   * {@link REVOCATIONS_AT_ONCE} at a time, until `until` and for {@link REVOCATION_BUDGET_MS} at most: an
   * outcome per item deleted here (one deleted meanwhile by another request is that one's). Each is opened
   * before anything is deleted: the sealing key's service failing for the moment throws (`transient:
   * 'throw'`: nothing forgotten, a retry revokes them all) or counts the item as `failed`.
   */
  private async forgetAndRevoke(
    serverId: string,
    server: Server | undefined,
    items: StoredItem[],
    until: number,
    transient: 'throw' | 'failed',
  ): Promise<UpstreamRevocation[]> {
    const ends = Math.min(Date.now() + REVOCATION_BUDGET_MS, until);
    const { sealer, store } = this.deps;
    // tokens that do not open (another key, a server that cannot be read, kept before tokens were kept per
    // way of signing in) cannot be revoked, only forgotten; those not opened in time may still be alive
    const opened = await mapAtMost(
      REVOCATIONS_AT_ONCE,
      items,
      async (item): Promise<Tokens | UpstreamRevocation> => {
        const { method } = item;
        if (sealer === undefined || server === undefined || typeof method !== 'string') return 'unopened';
        if (Date.now() >= ends) return 'failed';
        try {
          const tokens = await this.openItem(
            sealer,
            serverId,
            destinationsOf(server),
            ownerOfItem(item),
            item,
          );
          return tokens?.refreshToken !== undefined || tokens?.accessToken !== undefined
            ? tokens
            : 'unopened';
        } catch (error) {
          if (transient === 'throw') throw error;
          return 'failed';
        }
      },
    );
    const deleted = await mapAtMost(REVOCATIONS_AT_ONCE, items, (item) => store.delete(item.pk, item.sk));
    const mine = opened.filter((_, i) => deleted[i]);
    const outcomes = mine.filter((one): one is UpstreamRevocation => typeof one === 'string');
    const held = mine.filter((one): one is Tokens => typeof one !== 'string');
    if (server === undefined || held.length === 0) return outcomes;
    // its metadata read once for all of them, within the same time
    const discovery = this.discover(server).catch(() => undefined);
    const endpoints = (await finishesWithin(discovery, ends - Date.now())) ? await discovery : undefined;
    const revoked = await mapAtMost(REVOCATIONS_AT_ONCE, held, async (tokens) => {
      // no time left (the request's own is spent): nothing is sent that could not be waited for
      if (Date.now() >= ends) return 'failed';
      // (bounded here too, whatever the HTTP client makes of its timeout)
      const attempt = this.revokeAt(server, endpoints, tokens, ends - Date.now());
      return (await finishesWithin(attempt, ends - Date.now())) ? await attempt : 'failed';
    });
    return [...outcomes, ...revoked];
  }

  /** Asks the authorization server that issued `tokens` (its `endpoints`, if found) to revoke them. */
  private async revokeAt(
    server: Server,
    endpoints: Endpoints | undefined,
    tokens: Tokens,
    timeoutMs: number,
  ): Promise<UpstreamRevocation> {
    const token = tokens.refreshToken ?? tokens.accessToken;
    // the upstream names another authorization server now: the tokens go to no one but their issuer
    if (endpoints === undefined || tokens.issuer !== endpoints.issuer) return 'failed';
    const endpoint = endpoints.revocationEndpoint;
    if (endpoint === undefined) return 'unsupported';
    try {
      const client = await this.clientFor(server, endpoints, tokens.base, false);
      const form = new URLSearchParams({
        token,
        token_type_hint: tokens.refreshToken !== undefined ? 'refresh_token' : 'access_token',
      });
      const { status } = await postForm(
        { ...this.deps, ...this.reach(endpoints, endpoint) },
        endpoint,
        form,
        client,
        timeoutMs,
      );
      // RFC 7009 §2.2: 200 whether or not the token was still valid
      return status === 200 ? 'revoked' : 'failed';
    } catch {
      return 'failed';
    }
  }

  private requireSealer(server: Server): Sealer {
    if (this.deps.sealer === undefined)
      throw new GatewayError(
        'upstream_unavailable',
        `No credentials for MCP server "${server.name}": the token vault has no key (set MCP_GATEWAY_VAULT_KEY).`,
      );
    return this.deps.sealer;
  }

  private async read(
    sealer: Sealer,
    serverId: string,
    url: string,
    owner: Owner,
  ): Promise<Tokens | undefined> {
    const item = await this.deps.store.get(vaultPartition(serverId), ownerKey(owner));
    return item === undefined ? undefined : this.openItem(sealer, serverId, url, owner, item);
  }

  /** The tokens a stored item holds, opened for `url`. */
  private async openItem(
    sealer: Sealer,
    serverId: string,
    url: string,
    owner: Owner,
    item: StoredItem,
  ): Promise<Tokens | undefined> {
    if (typeof item['sealed'] !== 'string') return undefined;
    let opened: string;
    try {
      opened = await sealer.open(item['sealed'], sealingContext(serverId, url, ownerKey(owner)));
    } catch (error) {
      // sealed under another key, or tampered with: as good as none
      if (error instanceof NotSealedByThisKey) return undefined;
      // the sealing key's service failing for the moment (KMS throttled): the tokens are still good, and
      // asking the user to connect again would replace them
      throw new GatewayError('upstream_unavailable', 'The token vault cannot be read right now; try again.', {
        cause: error,
      });
    }
    try {
      return JSON.parse(opened) as Tokens;
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps a user's tokens: a consent's anew, or a renewal's in place of `renewing` (the item they renew),
   * only if that is still there as it was: tokens revoked, or renewed elsewhere, meanwhile stay so
   * (ConditionFailedError).
   */
  private async write(serverId: string, url: string, owner: Owner, tokens: Tokens, renewing?: StoredItem) {
    if (renewing !== undefined) return this.writeOver(serverId, url, owner, tokens, renewing);
    // a consent anew takes the next version of what it replaces, conditionally on what it read: a write
    // conditional on the version of what it replaced (a renewal, a refusal under way) must fail, not take
    // the new tokens for the old; and a renewal's lease taken meanwhile must not let the renewal's own
    // write (its tokens, or the old ones given back) undo the consent: read again, and written over it
    for (let attempt = 0; ; attempt++) {
      const found = await this.deps.store.get(vaultPartition(serverId), ownerKey(owner), {
        consistent: true,
      });
      try {
        return await this.writeOver(serverId, url, owner, tokens, found, true);
      } catch (error) {
        if (!(error instanceof ConditionFailedError) || attempt >= 4) throw error;
      }
    }
  }

  /**
   * Writes `tokens` as the next version of `over` (the item as read, none when absent), conditionally on
   * it. A renewal keeps the connection's first time; a consent (`consent`) is a connection made now.
   */
  private async writeOver(
    serverId: string,
    url: string,
    owner: Owner,
    tokens: Tokens,
    over: StoredItem | undefined,
    consent = false,
  ) {
    const sealer = this.deps.sealer!;
    const sk = ownerKey(owner);
    const version = over?.version ?? 0;
    const renewing = consent ? undefined : over;
    const item: StoredItem = {
      pk: vaultPartition(serverId),
      sk,
      version: version + 1,
      ...owner,
      sealed: await sealer.seal(JSON.stringify(tokens), sealingContext(serverId, url, sk)),
      connectedAt:
        typeof renewing?.['connectedAt'] === 'string'
          ? renewing['connectedAt']
          : new Date(this.deps.clock.now()).toISOString(),
      refreshable: tokens.refreshToken !== undefined,
      ...(tokens.expiresAt !== undefined ? { tokenExpiresAt: tokens.expiresAt } : {}),
      ...(tokens.scope !== undefined ? { scopes: tokens.scope.split(' ').filter((s) => s !== '') } : {}),
    };
    // (a consent writes over an item kept before items had versions as it is; a renewal or a refusal
    // conditionally on version 0 leaves it be)
    await this.deps.store.put(
      item,
      over === undefined
        ? { kind: 'absent' }
        : over.version !== undefined || !consent
          ? { kind: 'version', version }
          : undefined,
    );
  }

  private refreshOnce(key: string, server: Server, owner: Owner, tokens: Tokens, source: StoredItem) {
    return this.refreshing.join(key, () => this.refresh(server, owner, tokens, source));
  }

  /**
   * New tokens for expiring ones (opened from `source`), or undefined (the user must consent again) when
   * that fails.
   */
  private async refresh(
    server: Server,
    owner: Owner,
    tokens: Tokens,
    renewing: StoredItem,
  ): Promise<Tokens | undefined> {
    /** The stored item the tokens were read from; then the item as this renewal leased it. */
    let source = renewing;
    if (tokens.refreshToken === undefined) return undefined;
    const serverId = server.id ?? server.name;
    /** The item as this renewal leased it: let go of when the renewal writes nothing. */
    let leased: StoredItem | undefined;
    try {
      const endpoints = await this.discover(server);
      // the upstream now names another authorization server: the user consents there anew
      if (tokens.issuer !== endpoints.issuer) return undefined;
      let client: Awaited<ReturnType<TokenVault['clientFor']>>;
      try {
        client = await this.clientFor(server, endpoints, tokens.base, false);
      } catch (error) {
        // the client the tokens were issued to is gone: the user connects again (a store that failed for
        // the moment is no reason to: the tokens are still good)
        if (error instanceof GatewayError && error.code !== 'store_unavailable') return undefined;
        throw error;
      }
      const lease = await this.lease(server, owner, source, tokens);
      if (lease.renewed) return lease.tokens;
      leased = lease.item;
      source = leased;
      // the sealing key's service is asked before the refresh token is spent: failing then (KMS throttled
      // or unreachable), the renewal waits, instead of losing the rotated refresh token it could not seal
      try {
        await this.deps.sealer!.seal('', 'renewal');
      } catch (error) {
        throw new GatewayError(
          'upstream_unavailable',
          'The token vault cannot be written right now; try again.',
          {
            cause: error,
          },
        );
      }
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
        resource: resourceOf(server),
      });
      const { status, answer } = await postTokenRequest(
        { ...this.deps, ...this.reach(endpoints, endpoints.tokenEndpoint) },
        endpoints.tokenEndpoint,
        form,
        client,
      );
      if (status !== 200 || accessTokenOf(answer) === undefined) {
        // a registered client the authorization server no longer knows (cleaned up, or its secret
        // expired): forgotten, so the user's next consent registers anew. (`unauthorized_client` says
        // the grant is not allowed to a client it knows: no reason to take it from every user.)
        if (answer.error === 'invalid_client' && server.credentials?.clientId === undefined) {
          await this.forgetClient(clientKey(serverId, endpoints.issuer, tokens.base), client.clientId);
          await this.letGo(leased);
          return undefined;
        }
        // only a refused grant ends the connection (`invalid_grant`, `unauthorized_client`: refused to the
        // client, the user consents anew, and any other refusal it names: renewing again would be refused
        // again); an outage of the authorization server does not
        if (!renewalRefused(answer.error))
          throw new GatewayError(
            'upstream_unavailable',
            `The authorization server of MCP server "${server.name}" could not renew the token (HTTP ${status}).`,
          );
        // another instance may be renewing them at the same time (a rotated refresh token is good once):
        // its write gets a moment, and the tokens go only if they are still the ones refused
        await sleep(RENEWAL_GRACE_MS);
        const item = await this.deps.store.get(vaultPartition(serverId), ownerKey(owner));
        const current =
          item === undefined
            ? undefined
            : await this.openItem(this.deps.sealer!, serverId, destinationsOf(server), owner, item);
        if (item === undefined) return undefined;
        // written since this renewal leased them (renewed elsewhere, connected anew, perhaps without a
        // refresh token): those tokens stand
        if (
          item.version !== leased.version ||
          (current?.refreshToken !== undefined && current.refreshToken !== tokens.refreshToken)
        )
          return current;
        try {
          await this.deps.store.delete(vaultPartition(serverId), ownerKey(owner), {
            version: item.version ?? 1,
          });
        } catch (error) {
          if (!(error instanceof ConditionFailedError)) throw error;
          // renewed elsewhere just now: theirs are good
          return await this.read(this.deps.sealer!, serverId, destinationsOf(server), owner);
        }
        return undefined;
      }
      const renewed = {
        ...tokensOf(answer, this.deps.clock, tokens),
        issuer: endpoints.issuer,
        ...(tokens.base !== undefined ? { base: tokens.base } : {}),
      };
      // the upstream may have rotated the refresh token just spent: the renewal is kept through a store
      // that fails for a moment (tried again), and the call is served with it when the store keeps failing
      const keep = async (): Promise<Tokens | undefined> => {
        const item = await persisting(() => this.deps.store.get(vaultPartition(serverId), ownerKey(owner)));
        if (item === undefined) return undefined; // revoked while it was renewed
        // changed meanwhile: connected anew (another account, perhaps) is not overwritten. Unchanged (the
        // usual case) needs no opening: a sealing service failing for a moment cannot lose the renewal,
        // whose refresh token the upstream may have just rotated
        if (item['sealed'] !== source['sealed']) {
          const stored = await this.openItem(
            this.deps.sealer!,
            serverId,
            destinationsOf(server),
            owner,
            item,
          );
          if (stored?.refreshToken !== tokens.refreshToken) return stored;
        }
        try {
          await persisting(() => this.write(serverId, destinationsOf(server), owner, renewed, item));
        } catch (error) {
          if (!(error instanceof ConditionFailedError)) throw error;
          // revoked or renewed elsewhere meanwhile: what the store holds now counts — unless it still holds
          // the refresh token just spent (marked expired meanwhile, see `refused`): only ours are good now
          const latest = await this.deps.store.get(vaultPartition(serverId), ownerKey(owner));
          const held =
            latest === undefined
              ? undefined
              : await this.openItem(this.deps.sealer!, serverId, destinationsOf(server), owner, latest);
          if (latest === undefined || held?.refreshToken !== tokens.refreshToken) return held;
          try {
            await persisting(() => this.write(serverId, destinationsOf(server), owner, renewed, latest));
          } catch (again) {
            if (!(again instanceof ConditionFailedError)) throw again;
            return await this.read(this.deps.sealer!, serverId, destinationsOf(server), owner);
          }
        }
        return renewed;
      };
      try {
        return await keep();
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'store_unavailable') return renewed;
        throw error;
      }
    } catch (error) {
      // renewed nothing: the others need not wait out the lease
      await this.letGo(leased);
      if (error instanceof TokenEndpointError)
        throw new GatewayError(
          'upstream_unavailable',
          `The authorization server of MCP server "${server.name}" could not be reached: ${error.message}.`,
        );
      throw error;
    }
  }

  /**
   * Holds the user's tokens (as `source` read them) for this instance's renewal: marks the stored item
   * renewing, conditionally on its version. Where another instance holds them, waits for its renewal and
   * answers what it wrote (`renewed`); a lease that lapsed (its instance gone) is taken over.
   */
  private async lease(
    server: Server,
    owner: Owner,
    source: StoredItem,
    tokens: Tokens,
  ): Promise<{ renewed: true; tokens: Tokens | undefined } | { renewed: false; item: StoredItem }> {
    const serverId = server.id ?? server.name;
    const [pk, sk] = [vaultPartition(serverId), ownerKey(owner)];
    /** Still good meanwhile: handed out while another instance renews them, rather than waited on. */
    const stillValid = (t: Tokens | undefined) =>
      t?.expiresAt !== undefined && t.expiresAt * 1000 > this.deps.clock.now() ? t : undefined;
    let valid = stillValid(tokens);
    let sealed = source['sealed'];
    for (let look = 0; look <= RENEWAL_LEASE_MS / RENEWAL_POLL_MS; look++) {
      const current = await this.deps.store.get(pk, sk, { consistent: true });
      if (current === undefined) return { renewed: true, tokens: undefined };
      if (current['sealed'] !== sealed) {
        const stored = await this.openItem(
          this.deps.sealer!,
          serverId,
          destinationsOf(server),
          owner,
          current,
        );
        // renewed (or connected anew) meanwhile: those count, whether the refresh token was rotated or
        // not; the same tokens only marked refused are still this renewal's to do
        if (stored?.accessToken !== tokens.accessToken || stored.refreshToken !== tokens.refreshToken)
          return { renewed: true, tokens: stored };
        // marked refused (expired) meanwhile: no longer to hand out
        valid = stillValid(stored);
        sealed = current['sealed'];
      }
      const until = current['renewingUntil'];
      if (typeof until === 'number' && until > this.deps.clock.now()) {
        if (valid !== undefined) return { renewed: true, tokens: valid };
        await sleep(RENEWAL_POLL_MS);
        continue;
      }
      const version = current.version ?? 0;
      const item: StoredItem = {
        ...current,
        version: version + 1,
        renewingUntil: this.deps.clock.now() + RENEWAL_LEASE_MS,
      };
      try {
        await this.deps.store.put(item, { kind: 'version', version });
        return { renewed: false, item };
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    }
    throw new GatewayError(
      'upstream_unavailable',
      `The token for MCP server "${server.name}" is being renewed; try again.`,
    );
  }

  /** Ends a lease whose renewal wrote nothing (best effort: it lapses by itself). */
  private async letGo(leased: StoredItem | undefined): Promise<void> {
    if (leased === undefined) return;
    const { renewingUntil: _, ...item } = leased;
    const version = leased.version ?? 0;
    await this.deps.store
      .put({ ...item, version: version + 1 } as StoredItem, { kind: 'version', version })
      .catch(() => undefined);
  }

  private async consentRequired(
    server: Server,
    owner: Owner,
    base: string,
    scopes?: string[],
  ): Promise<ConsentRequired> {
    const serverId = server.id ?? server.name;
    const key = linkKey(serverId, owner, scopes);
    const now = this.deps.clock.now();
    let link = this.links.get(key);
    // another instance may have used the link: reuse it only while its flow is still there
    if (link !== undefined && (await this.deps.store.get('vault-flow', link.flow)) === undefined)
      link = undefined;
    if (link === undefined || now >= link.until) {
      const id = random();
      const flow: Flow = { serverId, ...owner, base, ...(scopes !== undefined ? { scopes } : {}) };
      await putOnce(this.deps.store, 'vault-flow', id, flow, FLOW_SECONDS, this.deps.clock);
      link = {
        url: `${base}${VAULT_START_PATH}?flow=${id}`,
        flow: id,
        until: now + (FLOW_SECONDS - 60) * 1000,
      };
      this.links.set(key, link);
    }
    const message =
      scopes === undefined
        ? `MCP server "${server.name}" needs your consent: open ${link.url} and try again.`
        : `MCP server "${server.name}" needs your consent to more (${scopes.join(' ')}): open ${link.url} and try again.`;
    return new (scopes === undefined ? ConsentRequired : MoreConsentRequired)('consent_required', message, {
      data: {
        elicitations: [
          {
            mode: 'url',
            elicitationId: s256(link.url).slice(0, 22),
            url: link.url,
            message: `Connect your account at ${server.name} to the MCP gateway.`,
          },
        ],
      },
    });
  }

  /**
   * `GET /oauth/upstream/start?flow=…`: who is about to connect, and a button. The link is a bearer link:
   * its user signs in at this browser first when `signIn` covers them; otherwise the person at the browser
   * sees which gateway user it connects before anything happens (someone sent another user's link gets the
   * chance to stop there).
   */
  async confirm(request: HttpRequest, signIn?: BrowserSignIn): Promise<HttpResponse> {
    const id = request.query['flow'];
    const item = id === undefined ? undefined : await this.deps.store.get('vault-flow', id);
    const flow = linkOf(item);
    if (id === undefined || item === undefined || flow === undefined)
      return problem('This link has expired or was already used; call the tool again for a new one.');
    const toSignIn = await signIn?.begin(flow, id);
    if (toSignIn !== undefined) return toSignIn;
    return this.confirmation(id, item, 'confirmedBy', 'start');
  }

  /**
   * The answer of the sign-in {@link confirm} sent the browser to (who signed in, or why that failed):
   * the confirmation page when the person who signed in is the link's own user; otherwise the link is
   * spent (it may have reached someone else).
   */
  async signedIn(id: string, outcome: Principal | string): Promise<HttpResponse> {
    const item = await this.deps.store.get('vault-flow', id);
    const flow = linkOf(item);
    if (item === undefined || flow === undefined)
      return problem('This link has expired or was already used; call the tool again for a new one.');
    const refusal =
      typeof outcome === 'string'
        ? outcome
        : outcome.user !== flow.user || outcome.workspace !== flow.workspace
          ? `You signed in as ${outcome.user}, but this link connects the account of another gateway user.`
          : undefined;
    if (refusal !== undefined) {
      const spent = await this.spend(id);
      return problem(
        `${refusal} Nothing was connected${spent ? ', and the link no longer works; call the tool again for a new one' : ''}.`,
      );
    }
    // the page is the sign-in callback's (/oauth/callback): its button posts to upstream/start beside it
    return this.confirmation(id, item, 'verifiedBy', VAULT_START_PATH.slice('/oauth/'.length));
  }

  /** Takes a flow out of use, a confirmation written meanwhile or not: whether it is gone. */
  private async spend(id: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await takeOnce(this.deps.store, 'vault-flow', id)) !== undefined) return true;
      if ((await this.deps.store.get('vault-flow', id)) === undefined) return true;
    }
    return false;
  }

  /**
   * The page with the button, its browser recorded under `field` of the flow: the button's POST must come
   * from a browser shown this page (no other site can post it). The flow is written only while it is
   * there (never brought back once used).
   */
  private async confirmation(
    id: string,
    item: StoredItem,
    field: 'confirmedBy' | 'verifiedBy',
    action: string,
  ): Promise<HttpResponse> {
    const flow = item['value'] as Flow;
    const server = await this.deps.serverById(flow.serverId);
    if (server === undefined) return problem('The server is gone.');
    const binding = bindBrowser(id, VAULT_START_PATH, flow.base, FLOW_SECONDS);
    const browsers = [...(flow[field] ?? []), binding.hash].slice(-CONFIRMING_BROWSERS);
    const version = item.version ?? 1;
    try {
      await this.deps.store.put(
        { ...item, version: version + 1, value: { ...flow, [field]: browsers } },
        { kind: 'version', version },
      );
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      return problem('This link was just used, or shown elsewhere at the same moment; open it again.');
    }
    // the POST answers with a redirect to the upstream's authorization server: the form may go there
    const authorization =
      server.credentials?.kind === 'user-oauth'
        ? await this.discover(server).then(
            (endpoints) => [endpoints.authorizationEndpoint],
            () => [],
          )
        : [];
    const confirming = page(
      200,
      'Connect your account',
      `<h1>Connect your account</h1><p>This connects your account at <strong>${escapeHtml(server.name)}</strong> to the MCP gateway user <strong>${escapeHtml(flow.user)}</strong> (${escapeHtml(howSignedIn(flow))}, workspace ${escapeHtml(flow.workspace)}). Continue only if that is you.</p>` +
        // a step-up: what more the server wants the account to allow
        (flow.scopes === undefined
          ? ''
          : `<p>${escapeHtml(server.name)} asks for more permissions: <strong>${escapeHtml(flow.scopes.join(', '))}</strong>.</p>`) +
        // relative: the page is under the public URL's path (a stage, a base path)
        `<form method="post" action="${action}"><input type="hidden" name="vault-flow" value="${escapeHtml(id)}"><button>Connect</button></form>`,
      authorization,
    );
    return { ...confirming, headers: { ...confirming.headers, 'set-cookie': binding.setCookie } };
  }

  /** `POST /oauth/upstream/start`: on to the upstream's authorization server. */
  async start(request: HttpRequest, signIn?: BrowserSignIn): Promise<HttpResponse> {
    const id = new URLSearchParams(request.body ?? '').get('vault-flow') ?? undefined;
    // a link only (an authorization's state is none: it names the flow of a browser already on its way)
    const link = id === undefined ? undefined : linkOf(await this.deps.store.get('vault-flow', id));
    const flow =
      id === undefined || link === undefined
        ? undefined
        : await takeOnce<Flow>(this.deps.store, 'vault-flow', id);
    if (id === undefined || flow === undefined || flow.verifier !== undefined)
      return problem('This link has expired or was already used; call the tool again for a new one.');
    // posted by the page this browser was shown, not by another site (a user's own link, used on a victim)
    const site = request.headers['sec-fetch-site'];
    // a user a browser can sign in is that browser's user: being shown the page is not enough
    const confirmed = (await signIn?.covers(flow)) ? flow.verifiedBy : flow.confirmedBy;
    if (
      !(confirmed ?? []).some((hash) => fromSameBrowser(request, id, hash)) ||
      (site !== undefined && site !== 'same-origin')
    )
      return problem(
        'This connection was not confirmed on its own page in this browser; call the tool again.',
      );
    const server = await this.deps.serverById(flow.serverId);
    if (server === undefined || server.credentials?.kind !== 'user-oauth')
      return problem('The server is gone.');
    // a fresh link shows the next time: this one is used
    this.links.delete(linkKey(flow.serverId, flow, flow.scopes));
    let endpoints: Endpoints;
    let client: { clientId: string; callback: string };
    try {
      endpoints = await this.discover(server);
      // MCP authorization: no new consent at a server that does not say it supports PKCE with S256
      // (tokens it issued before are still renewed: a renewal uses no PKCE)
      if (!endpoints.pkce)
        throw new GatewayError(
          'upstream_unavailable',
          `The authorization server of MCP server "${server.name}" does not say it supports PKCE (S256).`,
        );
      client = await this.clientFor(server, endpoints, flow.base, true);
    } catch (error) {
      return problem(error instanceof GatewayError ? error.message : 'The upstream cannot be reached.');
    }
    // a step-up asks for what the user's tokens hold now as well (a consent given since the link was made)
    let scopes = server.credentials.scopes ?? [];
    if (flow.scopes !== undefined) {
      let held: Tokens | undefined;
      try {
        held = await this.heldTokens(server, flow);
      } catch {
        return problem('The token vault cannot be read right now; call the tool again for a new link.');
      }
      // (only what the server allows now: the admin may have narrowed it since the link was made)
      const granted = (held?.scope ?? '').split(' ').filter((s) => s !== '');
      scopes = [...new Set([...scopes, ...granted, ...flow.scopes])].filter((s) => stepUpAllows(server, s));
    }
    const verifier = random();
    const state = random();
    const { callback } = client;
    const binding = bindBrowser(state, callback, flow.base, FLOW_SECONDS);
    await putOnce(
      this.deps.store,
      'vault-flow',
      state,
      {
        ...flow,
        verifier,
        browser: binding.hash,
        issuer: endpoints.issuer,
        namesItself: endpoints.namesItself,
        callback,
        ...(scopes.length > 0 ? { requested: scopes.join(' ') } : {}),
      },
      FLOW_SECONDS,
      this.deps.clock,
    );
    const url = new URL(endpoints.authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', client.clientId);
    url.searchParams.set('redirect_uri', `${flow.base}${callback}`);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', s256(verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('resource', resourceOf(server));
    if (scopes.length > 0) url.searchParams.set('scope', scopes.join(' '));
    return {
      status: 302,
      headers: { location: url.toString(), 'set-cookie': binding.setCookie, ...noStore },
    };
  }

  /**
   * `GET /oauth/upstream/callback/{client}?code&state`: the code for tokens, sealed and kept for the user.
   * Each registered client has a callback of its own (RFC 9700 §4.4.2: a redirect URI per authorization
   * server): an answer that comes back to another client's (one authorization server sending the person on
   * to another with the gateway's client there) is not redeemed, so a code never reaches the token endpoint
   * of another server than the one that issued it, even where no server names itself (RFC 9207).
   */
  async callback(request: HttpRequest): Promise<HttpResponse> {
    const { state } = request.query;
    const flow = state === undefined ? undefined : await takeOnce<Flow>(this.deps.store, 'vault-flow', state);
    const verifier = flow?.verifier;
    if (state === undefined || flow === undefined || verifier === undefined)
      return problem('This consent has expired or was already used.');
    const callback = flow.callback ?? VAULT_CALLBACK_PATH;
    const answer =
      request.path === callback
        ? await this.redeem(request, state, flow, verifier)
        : problem(
            'This answer does not come from the authorization server the consent was started with. Connect again.',
          );
    return unbindBrowser(answer, state, callback, flow.base);
  }

  private async redeem(
    request: HttpRequest,
    state: string,
    flow: Flow,
    verifier: string,
  ): Promise<HttpResponse> {
    const { code, error } = request.query;
    // taken either way: a link someone else started cannot be tried again
    if (!fromSameBrowser(request, state, flow.browser))
      return problem(
        'This consent was started in another browser. Open the link from your application in this browser and connect again.',
      );
    // RFC 9207 (mix-up defence): an answer naming another authorization server than the one the person
    // was sent to is not redeemed, nor is one without a name from a server that always names itself
    const { iss } = request.query;
    const bare = (url: string | undefined) => url?.replace(/\/+$/, '');
    // (a flow started before the issuer was recorded has none to compare: it lapses within minutes)
    const named = iss !== undefined && flow.issuer !== undefined;
    if (named ? bare(iss) !== bare(flow.issuer) : flow.namesItself === true)
      return problem(
        'This answer does not come from the authorization server the consent was started with. Connect again.',
      );
    if (error !== undefined || code === undefined) return problem('The consent was not given.');
    const server = await this.deps.serverById(flow.serverId);
    if (server === undefined || server.credentials?.kind !== 'user-oauth')
      return problem('The server is gone.');
    try {
      this.requireSealer(server);
      const endpoints = await this.discover(server);
      // the code goes only to the token endpoint of the server that issued it
      if (flow.issuer !== undefined && endpoints.issuer !== flow.issuer)
        return problem(`The authorization server of "${server.name}" changed meanwhile. Connect again.`);
      const client = await this.clientFor(server, endpoints, flow.base, true);
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${flow.base}${flow.callback ?? VAULT_CALLBACK_PATH}`,
        code_verifier: verifier,
        resource: resourceOf(server),
      });
      const { status, answer } = await postTokenRequest(
        { ...this.deps, ...this.reach(endpoints, endpoints.tokenEndpoint) },
        endpoints.tokenEndpoint,
        form,
        client,
      );
      if (status !== 200 || accessTokenOf(answer) === undefined)
        return problem(`The authorization server of "${server.name}" issued no token (HTTP ${status}).`);
      const { workspace, user, method, provider } = flow;
      const owner = { workspace, user, method, ...(provider !== undefined ? { provider } : {}) };
      const tokens = {
        // RFC 6749 §5.1: an answer that names no scope granted the one asked for
        ...tokensOf(
          answer,
          this.deps.clock,
          flow.requested !== undefined ? { scope: flow.requested } : undefined,
        ),
        issuer: endpoints.issuer,
        base: flow.base,
      };
      await this.write(flow.serverId, destinationsOf(server), owner, tokens);
      this.opened.delete(`${flow.serverId}#${ownerKey(owner)}`);
    } catch (failure) {
      if (failure instanceof TokenEndpointError)
        return problem(
          `The authorization server of "${server.name}" could not be reached: ${failure.message}.`,
        );
      if (failure instanceof GatewayError) return problem(failure.message);
      // a dropped connection, a timeout: the browser gets a page, not a failure of the gateway
      return problem(`The authorization server of "${server.name}" could not be reached.`);
    }
    return page(
      200,
      'Connected',
      `<h1>Connected</h1><p>Your account at <strong>${escapeHtml(server.name)}</strong> is connected to the MCP gateway. You can close this page and return to your application.</p>`,
    );
  }

  /** What reaches an authorization server's endpoints. */
  private reach(
    { trustedOrigin }: Pick<Endpoints, 'trustedOrigin'>,
    url: string,
  ): { http: HttpClient; guard: UrlGuard } {
    const outside = trustedOrigin !== undefined && new URL(url).origin !== trustedOrigin;
    return outside ? (this.deps.publicOutbound ?? this.deps) : this.deps;
  }

  /** The upstream's authorization server endpoints (cached). */
  private async discover(server: Server): Promise<Endpoints> {
    // per server version: another server naming the same URL must not lend (or take) these endpoints
    const cacheKey = `${server.id ?? server.name}@${server.version ?? 0}`;
    const cached = this.endpoints.get(cacheKey);
    if (cached !== undefined && this.deps.clock.now() - cached.readAt < DISCOVERY_MS) return cached.value;
    const fail = (why: string) =>
      new GatewayError(
        'upstream_unavailable',
        `The authorization server of MCP server "${server.name}" cannot be found: ${why}.`,
      );
    const trustedOrigin =
      server.credentials?.authorizationServer !== undefined ? undefined : new URL(endpointOf(server)).origin;
    const read = async (url: string) => {
      try {
        const { status, document } = await getJson(
          { ...this.deps, ...this.reach({ trustedOrigin }, url) },
          url,
        );
        return status === 200 && typeof document === 'object' && document !== null
          ? (document as Record<string, unknown>)
          : undefined;
      } catch (error) {
        if (error instanceof JsonFetchError) return undefined;
        throw error;
      }
    };
    let issuer = server.credentials?.authorizationServer;
    if (issuer === undefined) {
      const { origin, pathname } = new URL(endpointOf(server));
      const path = pathname.replace(/\/+$/, '');
      const own = await read(`${origin}/.well-known/oauth-protected-resource${path}`);
      const metadata =
        own ?? (path === '' ? undefined : await read(`${origin}/.well-known/oauth-protected-resource`));
      // RFC 9728 §3.3: the document must be about this server (a path's own, or the origin's covering it).
      // The origin's, read for a server below it, must say so: on a host of many tenants it may be another's
      const about = metadata?.['resource'];
      if (own === undefined && metadata !== undefined && typeof about !== 'string')
        throw fail(
          'the protected resource metadata of its origin names no resource (name the authorization server in credentials.authorizationServer)',
        );
      if (typeof about === 'string' && !covers(about, endpointOf(server)))
        throw fail(
          `its protected resource metadata is about ${about.slice(0, 200)} (name the authorization server in credentials.authorizationServer when the gateway reaches it by another URL)`,
        );
      const servers = metadata?.['authorization_servers'];
      issuer = Array.isArray(servers) ? namedUrl(endpointOf(server), servers[0]) : undefined;
      if (issuer === undefined)
        throw fail(
          'its protected resource metadata names none (as an http(s) URL, https for an https server)',
        );
    }
    const { origin, pathname } = new URL(issuer);
    const path = pathname.replace(/\/+$/, '');
    const document =
      (await read(`${origin}/.well-known/oauth-authorization-server${path}`)) ??
      (await read(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`));
    if (document === undefined) throw fail('no metadata');
    // RFC 8414 §3.3: the document must be the named issuer's own
    const named = typeof document['issuer'] === 'string' ? document['issuer'].replace(/\/+$/, '') : undefined;
    if (named !== issuer.replace(/\/+$/, '')) throw fail('its metadata names another issuer');
    const text = (name: string) => namedUrl(issuer, document[name]);
    const authorizationEndpoint = text('authorization_endpoint');
    const tokenEndpoint = text('token_endpoint');
    if (authorizationEndpoint === undefined || tokenEndpoint === undefined)
      throw fail('its metadata lacks endpoints');
    const methods = document['code_challenge_methods_supported'];
    const registrationEndpoint = text('registration_endpoint');
    const revocationEndpoint = text('revocation_endpoint');
    const value: Endpoints = {
      issuer,
      authorizationEndpoint,
      tokenEndpoint,
      ...(registrationEndpoint !== undefined ? { registrationEndpoint } : {}),
      ...(revocationEndpoint !== undefined ? { revocationEndpoint } : {}),
      namesItself: document['authorization_response_iss_parameter_supported'] === true,
      pkce: Array.isArray(methods) && methods.includes('S256'),
      trustedOrigin,
    };
    this.endpoints.set(cacheKey, { value, readAt: this.deps.clock.now() });
    return value;
  }

  /** The gateway's client at the upstream's authorization server: configured, or registered once. */
  /**
   * The client for consents that come back to `base` (a registered one is registered per gateway URL, so
   * a flow started through another Host header registers its own instead of taking over everyone's);
   * `register` when none is known yet. Tokens from before the gateway URL was recorded use the one
   * registration per authorization server kept then.
   */
  private async clientFor(server: Server, endpoints: Endpoints, base: string | undefined, register: boolean) {
    const credentials = server.credentials;
    // a configured secret is for the authorization server it was issued by: the one the upstream names
    // may be anyone's (a server configured before that was required)
    if (credentials?.clientSecret !== undefined && credentials.authorizationServer === undefined)
      throw new GatewayError(
        'upstream_unavailable',
        `MCP server "${server.name}" has a client secret but no credentials.authorizationServer: the gateway sends the secret to no authorization server the upstream names.`,
      );
    // a configured client was registered by hand with the one callback the documentation names
    if (credentials?.clientId !== undefined)
      return {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        method: credentials.authMethod,
        callback: VAULT_CALLBACK_PATH,
      };
    const key = clientKey(server.id ?? server.name, endpoints.issuer, base);
    const sealer = this.requireSealer(server);
    const known = await this.deps.store.get(clientPartition, key);
    if (typeof known?.['clientId'] === 'string') {
      const { clientSecret, ...rest } = known;
      // kept in the clear before secrets were sealed: sealed now, the same client (best effort; not for a
      // revocation, which may be a deleted server's whose clients are forgotten next)
      if (typeof clientSecret === 'string' && register)
        void sealer
          .seal(clientSecret, key)
          .then((sealedClientSecret) => this.deps.store.put({ ...rest, sealedClientSecret }))
          .catch(() => undefined);
      try {
        return await registeredClient(known, key, sealer);
      } catch (error) {
        if (!(error instanceof NotSealedByThisKey)) throw error;
        // its secret sealed under another key (the vault key changed): as good as none, registered anew
        await this.forgetClient(key, known['clientId']);
      }
    }
    if (!register || base === undefined)
      throw new GatewayError(
        'upstream_unavailable',
        `MCP server "${server.name}" has no client at its authorization server any more; its users connect again.`,
      );
    if (endpoints.registrationEndpoint === undefined)
      throw new GatewayError(
        'upstream_unavailable',
        `MCP server "${server.name}" needs a clientId: its authorization server offers no registration.`,
      );
    const registered = await this.register(server, endpoints, base, callbackPathOf(key));
    const { clientSecret, ...rest } = registered;
    const sealed =
      clientSecret === undefined ? {} : { sealedClientSecret: await sealer.seal(clientSecret, key) };
    try {
      // the first registration kept wins: an instance registering at the same moment takes it up
      await this.deps.store.put(
        { pk: clientPartition, sk: key, version: 1, ...rest, ...sealed },
        { kind: 'absent' },
      );
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      const winner = await this.deps.store.get(clientPartition, key);
      if (typeof winner?.['clientId'] === 'string') return registeredClient(winner, key, sealer);
      throw error;
    }
    return registered;
  }

  /**
   * Forgets the client registered under `key` if it is still `clientId`: one registered anew meanwhile
   * (by another user's consent, or an instance with the new vault key) is not the one that failed.
   */
  private async forgetClient(key: string, clientId: string): Promise<void> {
    const item = await this.deps.store.get(clientPartition, key, { consistent: true });
    if (item?.['clientId'] !== clientId) return;
    // conditionally on the version read (registrations kept before they had one: as they are)
    await this.deps.store
      .delete(clientPartition, key, item.version !== undefined ? { version: item.version } : undefined)
      .catch((error: unknown) => {
        if (!(error instanceof ConditionFailedError)) throw error;
      });
  }

  private async register(server: Server, endpoints: Endpoints, base: string, callback: string) {
    const endpoint = endpoints.registrationEndpoint!;
    // the upstream chose this endpoint: what went wrong (a refused address) is not told to the browser
    const ours = new WeakSet<GatewayError>();
    const failed = (status?: number) => {
      const error = new GatewayError(
        'upstream_unavailable',
        `The gateway could not register at the authorization server of MCP server "${server.name}"${status !== undefined ? ` (HTTP ${status})` : ''}.`,
      );
      ours.add(error);
      return error;
    };
    try {
      return await this.registerAt(this.reach(endpoints, endpoint), endpoint, base, callback, failed);
    } catch (error) {
      throw error instanceof GatewayError && ours.has(error) ? error : failed();
    }
  }

  private async registerAt(
    { http, guard }: { http: HttpClient; guard: UrlGuard },
    endpoint: string,
    base: string,
    callback: string,
    failed: (status?: number) => GatewayError,
  ) {
    await guard.check(endpoint);
    const response = await http.request({
      method: 'POST',
      url: endpoint,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        client_name: 'MCP Gateway',
        // the shared callback too: an instance of an earlier version (a rolling deploy, a rollback) sends
        // that one. A code coming back there is still redeemed only for a flow that asked for it there
        redirect_uris: [`${base}${callback}`, `${base}${VAULT_CALLBACK_PATH}`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    let text = '';
    for await (const chunk of response.body) {
      text += Buffer.from(chunk).toString('utf8');
      if (text.length > 64 * 1024) break;
    }
    const answer = (() => {
      try {
        return JSON.parse(text) as {
          client_id?: unknown;
          client_secret?: unknown;
          token_endpoint_auth_method?: unknown;
        };
      } catch {
        return {};
      }
    })();
    if (response.status >= 300 || typeof answer.client_id !== 'string') throw failed(response.status);
    // the server may register the client otherwise than asked (RFC 7591 §3.2.1): a secret it issued goes
    // the way it registered
    const method = authMethodOf(answer.token_endpoint_auth_method);
    return {
      clientId: answer.client_id,
      ...(typeof answer.client_secret === 'string' ? { clientSecret: answer.client_secret } : {}),
      ...(method !== undefined ? { method } : {}),
      callback,
    };
  }
}

/**
 * OAuth error codes that end no user's connection: the authorization server cannot answer now, or the
 * gateway's own client is refused (a configured secret rotated at the server before the gateway's, a
 * typo: mended by an admin, not by every user consenting anew).
 */
const PASSING_ERRORS: ReadonlySet<unknown> = new Set([
  'temporarily_unavailable',
  'server_error',
  'slow_down',
  'invalid_client',
]);

/**
 * Whether a failed renewal is refused for good (the user consents anew), not failed for the moment: an
 * OAuth error (RFC 6749 §5.2) other than a passing one, in any status (some servers answer a dead refresh
 * token with a 200 and an error of their own). An answer without one (a proxy's refusal, a 5xx) passes.
 */
function renewalRefused(error: unknown): boolean {
  return typeof error === 'string' && error !== '' && !PASSING_ERRORS.has(error);
}

/**
 * Where the client registered for consents coming back to `base` is kept (tokens from before the gateway
 * URL was recorded name no base: one registration per authorization server then).
 */
const clientKey = (serverId: string, issuer: string, base: string | undefined) =>
  base === undefined ? `${serverId}#${issuer}` : `${serverId}#${issuer}#${s256(base).slice(0, 22)}`;

/** A way of sending a client secret the gateway speaks, as a registration names it. */
const authMethodOf = (value: unknown): ClientAuth['method'] =>
  value === 'client_secret_post' || value === 'client_secret_basic' ? value : undefined;

/**
 * The callback of the client registered under `key`: a path of its own, so that an answer meant for
 * another client (another authorization server's) is told apart by where it comes back to.
 */
const callbackPathOf = (key: string) => `${VAULT_CALLBACK_PATH}/${s256(key).slice(0, 22)}`;

/**
 * A registered client as stored: its secret, if it has one, sealed (in the clear before sealing); its
 * callback (clients registered before each had its own came back to the shared one).
 */
async function registeredClient(item: Record<string, unknown>, key: string, sealer: Sealer) {
  const sealed = item['sealedClientSecret'];
  const callback = typeof item['callback'] === 'string' ? item['callback'] : VAULT_CALLBACK_PATH;
  const clientSecret =
    typeof sealed === 'string'
      ? await sealer.open(sealed, key)
      : typeof item['clientSecret'] === 'string'
        ? item['clientSecret']
        : undefined;
  const method = authMethodOf(item['method']);
  return {
    clientId: String(item['clientId']),
    clientSecret,
    callback,
    ...(method !== undefined ? { method } : {}),
  };
}

/**
 * The users with a token at a server (never the tokens), a page of up to `limit` at a time: a page may hold
 * fewer (tokens kept before tokens were kept per way of signing in are left out).
 */
export async function listVaultEntries(
  store: StateStore,
  serverId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: VaultEntry[]; nextCursor?: string }> {
  const entries: VaultEntry[] = [];
  const found = await store.query(vaultPartition(serverId), {
    limit: page.limit,
    ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
  });
  for (const item of found.items) {
    // a token connected before tokens were kept per way of signing in is never used again
    if (typeof item['method'] !== 'string') continue;
    const expires = item['tokenExpiresAt'];
    entries.push({
      user: String(item['user']),
      workspace: String(item['workspace']),
      method: item['method'],
      ...(typeof item['provider'] === 'string' ? { provider: item['provider'] } : {}),
      connectedAt: String(item['connectedAt']),
      ...(typeof expires === 'number' ? { expiresAt: new Date(expires * 1000).toISOString() } : {}),
      refreshable: item['refreshable'] === true,
      ...(Array.isArray(item['scopes']) ? { scopes: item['scopes'].map(String) } : {}),
    });
  }
  return { items: entries, ...(found.cursor !== undefined ? { nextCursor: found.cursor } : {}) };
}

/** Forgets every user's tokens at a server (the server is gone): sealed refresh tokens are not kept. */
export async function forgetServerTokens(store: StateStore, serverId: string): Promise<void> {
  for (const item of await queryAll(store, vaultPartition(serverId))) await store.delete(item.pk, item.sk);
  // and the clients the gateway registered for it (their secrets are no one's any more either)
  let cursor: string | undefined;
  do {
    const page = await store.query(clientPartition, {
      skPrefix: `${serverId}#`,
      limit: 100,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of page.items) await store.delete(item.pk, item.sk);
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/**
 * Seals anew, under the current key, the users' tokens and the registered clients' secrets sealed with a
 * previous key (a rotation), and client secrets kept in the clear before there was a key. A token that
 * does not open (its server pointed elsewhere since) is left as it is: it is never used again.
 */
export async function resealVault(
  store: StateStore,
  sealer: Sealer,
  servers: readonly (Server & { id: string })[],
  report: ResealReport,
  clock: Clock,
  stopAt = Number.POSITIVE_INFINITY,
): Promise<void> {
  const outOfTime = () => {
    if (clock.now() < stopAt) return false;
    report.complete = false;
    return true;
  };
  /**
   * Writes `item` with `value` sealed anew in place of `attribute`'s, `clear` (a secret in the clear)
   * removed, one version on — only when it is still the very item read (a sealed value is unique), so a
   * token revoked or connected anew meanwhile is left alone, and a write that read it before (a renewal's
   * lease) fails rather than bring the old value back. A renewal under way is left to finish: `pending`.
   */
  const rewrite = async (item: StoredItem, attribute: string, value: string, clear?: string) => {
    const what = `${item.pk === clientPartition ? 'vault client' : `vault token ${item.pk.slice(6)}`} ${item.sk}`;
    const latest = await store.get(item.pk, item.sk, { consistent: true });
    const held = clear ?? attribute;
    if (latest === undefined || latest[held] !== item[held]) return;
    const renewing = latest['renewingUntil'];
    if (typeof renewing === 'number' && renewing > clock.now()) {
      report.pending.push(what);
      return;
    }
    const { [clear ?? '']: _clear, ...kept } = latest;
    const next = { ...kept, [attribute]: value, version: (latest.version ?? 0) + 1 } as StoredItem;
    try {
      // registrations kept before they had a version: as they are
      await store.put(
        next,
        latest.version === undefined ? undefined : { kind: 'version', version: latest.version },
      );
      report.sealed++;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      report.pending.push(what);
    }
  };
  /** The sealed value of `attribute` opened and sealed anew, when a previous key sealed it. */
  const anew = async (item: StoredItem, attribute: string, context: string, what: string) => {
    const value = item[attribute];
    if (typeof value !== 'string') return undefined;
    if (sealer.outdated?.(value) !== true) {
      report.current++;
      return undefined;
    }
    try {
      return await sealer.seal(await sealer.open(value, context), context);
    } catch (error) {
      if (!(error instanceof NotSealedByThisKey)) throw error;
      report.unopenable.push(what);
      return undefined;
    }
  };
  for (const server of servers) {
    if (outOfTime()) return;
    for (const item of await queryAll(store, vaultPartition(server.id))) {
      if (outOfTime()) return;
      const context = sealingContext(server.id, destinationsOf(server), item.sk);
      const value = await anew(item, 'sealed', context, `vault token ${server.id} ${item.sk}`);
      if (value !== undefined) await rewrite(item, 'sealed', value);
    }
  }
  for (const item of await queryAll(store, clientPartition)) {
    if (outOfTime()) return;
    const clear = item['clientSecret'];
    if (typeof clear === 'string')
      await rewrite(item, 'sealedClientSecret', await sealer.seal(clear, item.sk), 'clientSecret');
    else {
      const value = await anew(item, 'sealedClientSecret', item.sk, `vault client ${item.sk}`);
      if (value !== undefined) await rewrite(item, 'sealedClientSecret', value);
    }
  }
}

/** How the owner of a consent link signed in, for the person at the browser. */
const howSignedIn = ({ method, provider }: Owner) =>
  method === 'api-key'
    ? 'signed in with an api key'
    : method === 'webhook'
      ? `vouched for by an authentication webhook${provider !== undefined ? ` (${provider})` : ''}`
      : provider !== undefined
        ? `signed in through ${provider}`
        : method === 'oauth'
          ? 'signed in through the gateway'
          : `signed in by ${method}`;

/** `work` tried again (twice, 0.1 s and 0.3 s later) while the store is unavailable for the moment. */
async function persisting<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof GatewayError && error.code === 'store_unavailable') || attempt >= 2) throw error;
      await sleep(100 * 3 ** attempt);
    }
  }
}

/**
 * How long before they expire tokens are renewed: a minute, or a quarter of their lifetime when that is
 * shorter (tokens living a minute or less would otherwise be renewed on every call).
 */
const marginOf = (tokens: Pick<Tokens, 'lifetime'>) =>
  tokens.lifetime === undefined ? MARGIN_SECONDS : Math.min(MARGIN_SECONDS, Math.floor(tokens.lifetime / 4));

/** The tokens of a token endpoint's answer; a renewal's keep what `previous` had that it leaves out. */
function tokensOf(
  answer: Record<string, unknown>,
  clock: Clock,
  previous: Pick<Tokens, 'refreshToken' | 'scope'> | undefined,
): Tokens {
  // a number, or a number in a string (some servers send that); otherwise the lifetime is unknown
  const lifetime = Number(answer['expires_in'] ?? Number.NaN);
  const expiresIn = Number.isFinite(lifetime) && lifetime > 0 ? Math.floor(lifetime) : undefined;
  const refresh =
    typeof answer['refresh_token'] === 'string' ? answer['refresh_token'] : previous?.refreshToken;
  // RFC 6749 §5.1: a renewal that names no scope granted the one before
  const scope = typeof answer['scope'] === 'string' ? answer['scope'] : previous?.scope;
  return {
    accessToken: accessTokenOf(answer) as string,
    ...(refresh !== undefined ? { refreshToken: refresh } : {}),
    ...(expiresIn !== undefined
      ? { expiresAt: Math.floor(clock.now() / 1000) + expiresIn, lifetime: expiresIn }
      : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

/** Whether resource identifier `resource` names `url` or a path above it, on the same origin. */
function covers(resource: string, url: string): boolean {
  try {
    const about = new URL(resource);
    const target = new URL(url);
    const path = about.pathname.replace(/\/+$/, '');
    return (
      about.origin === target.origin &&
      (target.pathname === path || target.pathname.startsWith(`${path}/`) || path === '')
    );
  } catch {
    return false;
  }
}

const problem = (message: string) =>
  page(400, 'Connection failed', `<h1>Connection failed</h1><p>${escapeHtml(message)}</p>`);
