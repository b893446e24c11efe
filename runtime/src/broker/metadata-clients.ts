/**
 * Client ID Metadata Documents (the MCP 2025-11-25 default for clients): a client presents the URL of a
 * JSON document about itself as its `client_id`. The gateway fetches it through the guarded HTTP client
 * (the address guard applies; `https`, or `http` on loopback only where loopback is allowed), bounded in
 * time and size, checks that it names itself (`client_id` equals the URL) and caches it for a few
 * minutes. The first time a person signs in through such a client, it is recorded in `/v1/oauth-clients`,
 * so an admin can see it and disable it: recorded after a sign-in and not when the flow starts, so that
 * nobody can fill the store with clients by starting flows from documents of their own.
 */

import { decodeOAuthClient } from '../config/decode.js';
import type { Clock } from '../core/clock.js';
import type { ConfigReader, StoredOAuthClient } from '../core/config.js';
import { sha256 } from '../core/digest.js';
import { getJson, JsonFetchError } from '../core/fetch-json.js';
import type { HttpClient } from '../core/http-client.js';
import { lruCache } from '../core/lru.js';
import type { UrlGuard } from '../core/url-guard.js';
import { insertResource, resourceFromItem, resourcePartition } from '../store/config-items.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';
import { takeHourly } from './hourly-quota.js';
import { clientNameOf, idTokenAlgorithmProblem, redirectUriProblem } from './register.js';

const MAX_DOCUMENT_BYTES = 64 * 1024;
/** Clients one person's sign-ins may record per hour. */
const RECORDS_PER_USER = 20;
const CACHE_MS = 5 * 60_000;
/** How long a document that could not be used is not read again (each read is a request to its host). */
const FAILED_CACHE_MS = 30_000;
/**
 * Documents read for one client address per hour (cached ones not counted): anyone may ask the gateway to
 * read one, and it must not become a way to send requests to others' hosts without end.
 */
export const READS_PER_ADDRESS = 100;

/**
 * Whether a `client_id` is the URL of a metadata document rather than an id the gateway issued: with a
 * path, without a fragment, a user name or password, and written as URLs read it (Client ID Metadata
 * Documents forbid dot segments: `https:app.example/a/../b.json` or `https://app.example/./b.json` would
 * name one document and be fetched as another).
 */
export function isMetadataUrl(clientId: string): boolean {
  if (!URL.canParse(clientId)) return false;
  const url = new URL(clientId);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return (
    url.href === clientId &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) &&
    url.pathname !== '/' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** The id under which a metadata-document client is recorded. */
export const metadataClientId = (url: string) => `oc_md_${sha256(url).slice(0, 24)}`;

export interface MetadataClientDeps {
  config: Pick<ConfigReader, 'oauthClientById' | 'oauthClientWritten'>;
  http: HttpClient;
  guard: UrlGuard;
  store: StateStore;
  clock: Clock;
}

export class MetadataClients {
  private readonly documents = lruCache<string, { client: StoredOAuthClient; readAt: number }>(1000);
  private readonly failures = lruCache<string, { reason: string; readAt: number }>(1000);

  constructor(private readonly deps: MetadataClientDeps) {}

  /**
   * The client a metadata document describes (fresh within the cache time), or why it cannot be used (an
   * admin disabled it).
   */
  async resolve(url: string, reader?: string): Promise<StoredOAuthClient | string> {
    const now = this.deps.clock.now();
    const cached = this.documents.get(url);
    let document: StoredOAuthClient | string;
    if (cached !== undefined && now - cached.readAt < CACHE_MS) document = cached.client;
    else {
      const failed = this.failures.get(url);
      if (failed !== undefined && now - failed.readAt < FAILED_CACHE_MS) return failed.reason;
      if (
        reader !== undefined &&
        (await takeHourly(this.deps, 'oauth-metadata-reads', reader, READS_PER_ADDRESS)) !== undefined
      )
        return 'Too many client metadata documents were read for this address; try again later.';
      document = await this.read(url);
      if (typeof document === 'string') {
        this.failures.set(url, { reason: document, readAt: now });
        return document;
      }
      this.failures.delete(url);
      this.documents.set(url, { client: document, readAt: now });
    }
    const recorded = await this.deps.config.oauthClientById(metadataClientId(url));
    if (recorded?.enabled === false) return 'The application was disabled on this gateway.';
    // the scopes an admin narrowed its record to hold from its next sign-in on, not from a refresh only
    return recorded?.scopes !== undefined ? { ...document, scopes: recorded.scopes } : document;
  }

  /**
   * Records the client once a person signed in through it (an admin may disable it there), and answers
   * it as recorded. Read from the store, not the cache: a miss cached a moment ago must not hide it, and
   * the cache is told, so the token request that follows finds it.
   */
  async record(url: string, user: string): Promise<StoredOAuthClient | string> {
    const document = await this.resolve(url);
    if (typeof document === 'string') return document;
    const id = metadataClientId(url);
    const read = () => this.deps.store.get(resourcePartition('oauth_client'), id, { consistent: true });
    let item = await read();
    if (item === undefined) {
      // each a record in the store: one person cannot make clients without end from documents of their own
      if ((await takeHourly(this.deps, 'oauth-metadata-clients', user, RECORDS_PER_USER)) !== undefined)
        return 'Too many applications were recorded for you recently; try again later.';
      await insertResource(this.deps.store, this.deps.clock, 'oauth_client', id, {
        name: `md-${id
          .slice(-12)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '0')}`,
        workspace: 'default',
        ...(document.description !== undefined ? { description: document.description } : {}),
        enabled: true,
        tokenEndpointAuthMethod: 'none',
        redirectUris: document.redirectUris ?? [],
        accessTokenTtlSeconds: 900,
        metadataDocument: url,
        registeredBy: 'metadata-document',
      }).catch((error: unknown) => {
        if (!(error instanceof ConditionFailedError)) throw error; // recorded meanwhile by another sign-in
      });
      item = await read();
      if (item === undefined) return 'The application could not be recorded on this gateway; try again.';
    }
    const client = decodeOAuthClient(resourceFromItem(item), item['secretHash']);
    if (client.enabled === false) return 'The application was disabled on this gateway.';
    this.deps.config.oauthClientWritten?.(client);
    return client;
  }

  private async read(url: string): Promise<StoredOAuthClient | string> {
    try {
      const { status, document: read } = await getJson(this.deps, url, { maxBytes: MAX_DOCUMENT_BYTES });
      // which status is not said: the gateway reads URLs anyone names, from an address other services may trust
      if (status !== 200)
        return 'The client metadata document could not be read (its URL did not answer 200).';
      if (typeof read !== 'object' || read === null) return 'The client metadata document is no JSON object.';
      const document = read as Record<string, unknown>;
      if (document.client_id !== url) return 'The client metadata document names another client_id.';
      const uris = document.redirect_uris;
      // as a registered client's (at most 16, each at most 2,048 characters): an admin must be able to
      // change (disable) the client recorded of it through the API, which holds clients to that
      if (
        !Array.isArray(uris) ||
        uris.length === 0 ||
        uris.length > 16 ||
        !uris.every((u) => typeof u === 'string' && u.length <= 2048 && redirectUriProblem(u) === undefined)
      )
        return 'The client metadata document lists no usable redirect_uris (1 to 16, each at most 2,048 characters).';
      const method = document.token_endpoint_auth_method ?? 'none';
      if (method !== 'none') return 'Only public clients may be known by a metadata document here.';
      const algorithmProblem = idTokenAlgorithmProblem(document);
      if (algorithmProblem !== undefined) return algorithmProblem;
      const name = clientNameOf(document.client_name);
      return {
        id: metadataClientId(url),
        name: metadataClientId(url),
        workspace: 'default',
        enabled: true,
        tokenEndpointAuthMethod: 'none',
        redirectUris: uris as string[],
        ...(name !== undefined ? { description: name } : {}),
        // what it says of itself is its own claim: never an admin's client (redirects, workspaces)
        metadataDocument: url,
        registeredBy: 'metadata-document',
      } as StoredOAuthClient;
    } catch (error) {
      if (error instanceof JsonFetchError && error.message.startsWith('over '))
        return 'The client metadata document is too large.';
      return 'The client metadata document could not be read.';
    }
  }
}
