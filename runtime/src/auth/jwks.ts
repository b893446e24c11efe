/**
 * The signing keys of identity providers, for verifying their JWTs: each provider's JSON Web Key Set,
 * found through its discovery document when no `jwksUri` is configured, read through the guarded HTTP
 * client (the SSRF guard applies to discovery and JWKS URLs alike) and cached per URL. A token signed with
 * a key the cached set lacks (the provider rotated its keys), or whose signature the cached keys do not
 * verify (a key replaced under the same `kid`, or keys without one), triggers one re-read, at most once per
 * `refreshCooldownMs` per set, so a stream of tokens with made-up `kid`s or signatures cannot make the
 * gateway hammer the provider.
 */
import type { createLocalJWKSet, FlattenedJWSInput, JSONWebKeySet, JWTHeaderParameters } from 'jose';
import type { Clock } from '../core/clock.js';
import type { IdentityProvider } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import { getJson, JsonFetchError, namedUrl } from '../core/fetch-json.js';
import type { HttpClient } from '../core/http-client.js';
import { jose } from '../core/jose.js';
import { lruCache } from '../core/lru.js';
import type { UrlGuard } from '../core/url-guard.js';

export interface JwksCacheOptions {
  http: HttpClient;
  guard: UrlGuard;
  clock: Clock;
  /** How long a key set (or a discovered JWKS URL) is used before it is re-read in the background. Default 10 min. */
  ttlMs?: number;
  /**
   * How long a key set (or discovery document) the provider no longer serves is used at most: past it,
   * tokens are refused until a read succeeds (keys the provider has rotated out stop verifying while its
   * endpoint is down). Default 24 h.
   */
  maxStaleMs?: number;
  /** Least time between two re-reads of one set for an unknown `kid`. Default 30 s. */
  refreshCooldownMs?: number;
  /** Time allowed for one read. Default 5 s. */
  timeoutMs?: number;
}

/** A document larger than this is no key set or discovery document the gateway will read. */
const MAX_DOCUMENT_BYTES = 512 * 1024;

type KeyLookup = ReturnType<typeof createLocalJWKSet>;

interface KeySet {
  lookup: KeyLookup;
  /** When it is due for a re-read (pushed on a cooldown while re-reads fail). */
  readAt: number;
  /** When the provider served it. */
  fetchedAt: number;
}

/** A provider's document that could not be read (kept, and shared, per URL or issuer). */
class Unreachable extends GatewayError {
  constructor(
    readonly what: string,
    readonly why: string,
    provider: IdentityProvider,
  ) {
    super(
      'identity_provider_unavailable',
      `The ${what} of identity provider "${provider.name}" could not be read (${why}).`,
    );
  }
}

const unreachable = (provider: IdentityProvider, what: string, cause: string) =>
  new Unreachable(what, cause, provider);

/**
 * A failure as the provider asked about tells it: providers (of other workspaces too) may share a key set
 * or an issuer, and a failure kept for one must not name another to the caller.
 */
const told = (provider: IdentityProvider) => (error: unknown) => {
  throw error instanceof Unreachable ? unreachable(provider, error.what, error.why) : error;
};

export class JwksCache {
  private readonly sets = lruCache<string, KeySet>(1000);
  private readonly documents = lruCache<string, { document: Record<string, unknown>; readAt: number }>(1000);
  private readonly pending = new Map<string, Promise<KeySet>>();
  private readonly lastRefresh = new Map<string, number>();
  private readonly failed = lruCache<string, { at: number; error: unknown }>(1000);
  private readonly pendingDocuments = new Map<string, Promise<Record<string, unknown>>>();
  private readonly ttlMs: number;
  private readonly cooldownMs: number;
  private readonly timeoutMs: number;
  private readonly maxStaleMs: number;

  constructor(private readonly options: JwksCacheOptions) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.cooldownMs = options.refreshCooldownMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxStaleMs = Math.max(options.maxStaleMs ?? 24 * 3600_000, this.ttlMs);
  }

  /** The key for a token's protected header, re-reading the set once (rate-bounded) for an unknown `kid`. */
  key(provider: IdentityProvider, header: JWTHeaderParameters, token: FlattenedJWSInput) {
    return this.keyOf(provider, header, token).catch(told(provider));
  }

  private async keyOf(provider: IdentityProvider, header: JWTHeaderParameters, token: FlattenedJWSInput) {
    const uri = await this.jwksUri(provider);
    const set = await this.set(provider, uri);
    try {
      return await set.lookup(header, token);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error;
      const now = this.options.clock.now();
      if (now - (this.lastRefresh.get(uri) ?? Number.NEGATIVE_INFINITY) < this.cooldownMs) throw error;
      this.lastRefresh.set(uri, now);
      const fresh = await this.read(provider, uri);
      return fresh.lookup(header, token);
    }
  }

  /**
   * Re-reads a provider's key set after a signature its cached keys did not verify (a key rotated under a
   * `kid` kept, or keys without one, which no unknown `kid` tells), as rarely as for an unknown `kid`; a set
   * read within that time is the provider's current one. Answers whether the keys were read anew (the
   * token is then checked again); a failed read changes nothing.
   */
  async reread(provider: IdentityProvider): Promise<boolean> {
    try {
      const uri = await this.jwksUri(provider);
      const known = this.sets.get(uri);
      const now = this.options.clock.now();
      if (known === undefined || now - known.fetchedAt < this.cooldownMs) return false;
      if (now - (this.lastRefresh.get(uri) ?? Number.NEGATIVE_INFINITY) < this.cooldownMs) return false;
      this.lastRefresh.set(uri, now);
      await this.read(provider, uri);
      return true;
    } catch {
      return false;
    }
  }

  private async set(provider: IdentityProvider, uri: string): Promise<KeySet> {
    const known = this.sets.get(uri);
    const now = this.options.clock.now();
    const cached = known !== undefined && now - known.fetchedAt <= this.maxStaleMs ? known : undefined;
    if (cached === undefined) {
      // a provider that just failed is not asked again by every request: its failure answers them a while
      const failed = this.failed.get(uri);
      if (failed !== undefined && now - failed.at < this.cooldownMs) throw failed.error;
      return this.read(provider, uri).catch((error: unknown) => {
        this.failed.set(uri, { at: this.options.clock.now(), error });
        throw error;
      });
    }
    if (now - cached.readAt > this.ttlMs)
      void this.read(provider, uri).catch(() => {
        // the stale set serves on; the next read is tried a cooldown later, not on the next request
        cached.readAt = this.options.clock.now() - this.ttlMs + this.cooldownMs;
      });
    return cached;
  }

  /** Reads a set (one read in flight per URL); the new set replaces the cached one. */
  private read(provider: IdentityProvider, uri: string): Promise<KeySet> {
    const inflight = this.pending.get(uri);
    if (inflight !== undefined) return inflight;
    const promise = this.fetchJson(provider, uri, 'key set')
      .then(async (document) => {
        if (!isKeySet(document)) throw unreachable(provider, 'key set', 'not a JSON Web Key Set');
        const { createLocalJWKSet } = await jose();
        const at = this.options.clock.now();
        const set = { lookup: createLocalJWKSet(document), readAt: at, fetchedAt: at };
        this.sets.set(uri, set);
        return set;
      })
      .finally(() => this.pending.delete(uri));
    this.pending.set(uri, promise);
    return promise;
  }

  /** The configured `jwksUri`, else the one the issuer's discovery document names. */
  private async jwksUri(provider: IdentityProvider): Promise<string> {
    if (provider.jwksUri !== undefined) return provider.jwksUri;
    const jwksUri = namedUrl(provider.issuer, (await this.discovery(provider)).jwks_uri);
    if (jwksUri === undefined)
      throw unreachable(provider, 'discovery document', 'it names no jwks_uri (https for an https issuer)');
    return jwksUri;
  }

  /**
   * The issuer's discovery document (cached; the last one known serves while it is read again, and while
   * the provider is down). As
   * with key sets, one read at a time per issuer, and a failed read answers for a cooldown: a token naming
   * the issuer (its signature not checked yet) must not make every request a fetch at the provider.
   */
  discovery(provider: IdentityProvider): Promise<Record<string, unknown>> {
    return this.discoveryOf(provider).catch(told(provider));
  }

  private async discoveryOf(provider: IdentityProvider): Promise<Record<string, unknown>> {
    const issuer = provider.issuer;
    const now = this.options.clock.now();
    const kept = this.documents.get(issuer);
    const known = kept !== undefined && now - kept.readAt <= this.maxStaleMs ? kept : undefined;
    if (known !== undefined && now - known.readAt <= this.ttlMs) return known.document;
    const failed = this.failed.get(`discovery ${issuer}`);
    if (failed !== undefined && now - failed.at < this.cooldownMs) {
      if (known !== undefined) return known.document;
      throw failed.error;
    }
    let reading = this.pendingDocuments.get(issuer);
    if (reading === undefined) {
      reading = this.discover(provider)
        .then((document) => {
          this.documents.set(issuer, { document, readAt: this.options.clock.now() });
          return document;
        })
        .catch((error: unknown) => {
          this.failed.set(`discovery ${issuer}`, { at: this.options.clock.now(), error });
          throw error;
        })
        .finally(() => this.pendingDocuments.delete(issuer));
      this.pendingDocuments.set(issuer, reading);
    }
    // the document known serves while it is read again: a discovery endpoint that hangs holds no token
    if (known !== undefined) {
      reading.catch(() => undefined);
      return known.document;
    }
    return reading;
  }

  private async discover(provider: IdentityProvider): Promise<Record<string, unknown>> {
    const issuer = provider.issuer.replace(/\/+$/, '');
    const { origin, pathname } = new URL(provider.issuer);
    const path = pathname.replace(/\/+$/, '');
    // OpenID Connect Discovery first, then the RFC 8414 form (the well-known part before the path)
    const candidates = [
      `${issuer}/.well-known/openid-configuration`,
      `${origin}/.well-known/oauth-authorization-server${path}`,
    ];
    let document: unknown;
    for (const url of candidates) {
      try {
        document = await this.fetchJson(provider, url, 'discovery document');
        break;
      } catch (error) {
        if (url === candidates.at(-1)) throw error;
      }
    }
    const found = (typeof document === 'object' && document !== null ? document : {}) as Record<
      string,
      unknown
    >;
    // a document for another issuer must not lend its keys to this one (OpenID Connect Discovery 4.3)
    if (found.issuer !== provider.issuer)
      throw unreachable(provider, 'discovery document', 'it names another issuer');
    return found;
  }

  private async fetchJson(provider: IdentityProvider, url: string, what: string): Promise<unknown> {
    try {
      const { status, document } = await getJson(this.options, url, {
        maxBytes: MAX_DOCUMENT_BYTES,
        timeoutMs: this.timeoutMs,
      });
      if (status !== 200) throw unreachable(provider, what, `HTTP ${status}`);
      return document;
    } catch (error) {
      // the client learns that, not which address the configuration names
      if (error instanceof JsonFetchError) throw unreachable(provider, what, error.message);
      throw error;
    }
  }
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  if (typeof value !== 'object' || value === null) return false;
  const { keys } = value as { keys?: unknown };
  return Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null);
}
