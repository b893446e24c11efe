import { randomBytes } from 'node:crypto';
import type { LRUCache } from 'lru-cache';
import { type Clock, epochSeconds } from '../core/clock.js';
import type { Principal } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import { lruCache } from '../core/lru.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';

/**
 * The largest client `initialize` a session keeps (a session item is one store item: DynamoDB's 400 KB);
 * real clients send a few KB.
 */
export const MAX_KEPT_INITIALIZE_BYTES = 64 * 1024;

/**
 * Refuses an `initialize` too large to keep with its session, before anything is opened for it upstream
 * (the store would refuse the session after the upstream opened one: a leak, and a 413 all the same).
 */
export function checkKeptInitialize(body: string): void {
  if (Buffer.byteLength(body) > MAX_KEPT_INITIALIZE_BYTES)
    throw new GatewayError(
      'payload_too_large',
      `An initialize request over ${MAX_KEPT_INITIALIZE_BYTES / 1024} KiB cannot be kept with the session this server needs it in.`,
    );
}

/** A client session of the 2025-era protocol. It lives in the store so any instance can serve it. */
export interface SessionRecord {
  id: string;
  /** The id of the server it was opened on: a server deleted and re-created under its name is another. */
  serverId: string;
  workspace: string;
  user: string;
  /** Who holds it beyond the user name (`sessionHolder`): another credential of that user does not. */
  holder: string;
  /** When it was opened (epoch ms): a server disabled since then has ended it. */
  createdAt: number;
  upstreamSessionId?: string;
  /** The target URL it lives on (sessions opened before it was always recorded may lack it). */
  target?: string;
  /** The fallback server it lives on (id and name), when none of its own server's targets took it. */
  via?: { id: string; name: string };
  /** The client's raw initialize request (legacy SSE and stateless upstreams need it again). */
  initialize?: string;
  /**
   * The transport of the server it lives on, when it opened: a session of one transport cannot go on
   * over another (unset: opened before sessions recorded it).
   */
  transport?: string;
  expiresAt: number;
}

const pk = (id: string) => `mcp-session#${id}`;
const SK = 'session';

/** Ids the gateway issues (24 base64url characters); anything else cannot be a session and costs no read. */
const SESSION_ID = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Who holds a session or an upstream bridge beyond the user name: an api key (by id), or the way a token
 * was issued (method and identity provider, or the authentication webhook that vouched for the caller: a
 * refreshed token is a new credential of the same holder). Another credential that names the same user
 * (another key, another provider or webhook with the same subject) is someone else.
 */
export function sessionHolder(principal: Principal): string {
  return principal.method === 'api-key'
    ? `api-key:${principal.credentialId}`
    : `${principal.method}:${principal.provider ?? principal.webhook ?? ''}`;
}

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

interface Cached {
  session: SessionRecord;
  version: number;
  readAt: number;
  /**
   * The item as stored: a renewal writes it back whole but for its expiry, with what a newer version of
   * the gateway keeps in it that this one does not know (during a rolling deploy both serve a session).
   */
  stored: StoredItem;
}

function decode(item: StoredItem): Cached | undefined {
  const {
    id,
    serverId,
    workspace,
    user,
    holder,
    expiresAt,
    createdAt,
    upstreamSessionId,
    initialize,
    target,
    via,
    transport,
  } = item;
  if (
    typeof id !== 'string' ||
    typeof serverId !== 'string' ||
    typeof workspace !== 'string' ||
    typeof user !== 'string' ||
    typeof expiresAt !== 'number'
  )
    return undefined;
  // a record without its opening time predates it: as old as can be
  const opened = typeof createdAt === 'number' ? createdAt : 0;
  // a record without a holder predates it: held by no one, so its client opens a new session
  const held = typeof holder === 'string' ? holder : '';
  const session: SessionRecord = {
    id,
    serverId,
    workspace,
    user,
    holder: held,
    createdAt: opened,
    expiresAt,
  };
  if (typeof upstreamSessionId === 'string') session.upstreamSessionId = upstreamSessionId;
  if (typeof initialize === 'string') session.initialize = initialize;
  if (typeof target === 'string') session.target = target;
  if (typeof transport === 'string') session.transport = transport;
  if (
    typeof via === 'object' &&
    via !== null &&
    typeof (via as Record<string, unknown>)['id'] === 'string' &&
    typeof (via as Record<string, unknown>)['name'] === 'string'
  )
    session.via = {
      id: String((via as Record<string, unknown>)['id']),
      name: String((via as Record<string, unknown>)['name']),
    };
  return { session, version: item.version ?? 0, readAt: 0, stored: item };
}

/**
 * Sessions with a process-local LRU cache: a warm session costs no store read. A cached entry older than
 * `recheckMs` (5 s) is still served while it is re-read in the background (stale-while-revalidate), so a
 * session ended on another instance stops working here soon after, and no busy session's request waits
 * for the re-read; one idle for six times that is read again before it is served.
 * Expiry is refreshed (conditionally, never resurrecting a deleted session) once half the lifetime passed.
 */
export class SessionStore {
  private readonly cache: LRUCache<string, Cached>;
  private readonly rechecking = new Set<string>();
  /** Sessions this process ended: a read under way when they ended must not cache them again. */
  private readonly ended: LRUCache<string, true> = lruCache(10_000);

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlSeconds = 24 * 3600,
    private readonly recheckMs = 5_000,
    maxCached = 10_000,
  ) {
    // a session keeping its client's initialize (up to 64 KiB) takes the room of one per 4 KiB of it:
    // sessions opened with padded ones cannot fill the process's memory ten thousand times over
    this.cache = lruCache(maxCached, {}, ({ session }) => 1 + (session.initialize?.length ?? 0) / 4096);
  }

  async create(record: Omit<SessionRecord, 'expiresAt' | 'createdAt'>): Promise<SessionRecord> {
    const session: SessionRecord = {
      ...record,
      createdAt: this.clock.now(),
      expiresAt: epochSeconds(this.clock) + this.ttlSeconds,
    };
    const stored = { pk: pk(session.id), sk: SK, version: 1, ...session };
    await this.store.put(stored, { kind: 'absent' });
    this.remember({ session, version: 1, readAt: this.clock.now(), stored });
    return session;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    if (!SESSION_ID.test(id)) return undefined;
    let cached = this.cache.get(id);
    if (cached === undefined) {
      cached = await this.read(id);
      if (cached === undefined) return undefined;
    } else if (this.clock.now() - cached.readAt > this.recheckMs * 6) {
      // read long ago: a session ended elsewhere meanwhile is not served even once; while the store
      // cannot be read, the copy here is served (a store hiccup ends no session)
      const copy: Cached = cached;
      const fresh = await this.read(id).then(
        (read) => read ?? null,
        () => copy,
      );
      if (fresh === null) return undefined;
      cached = fresh;
    } else if (this.clock.now() - cached.readAt > this.recheckMs) {
      this.recheck(id);
    }
    const now = epochSeconds(this.clock);
    if (cached.session.expiresAt <= now) {
      // expired as cached here; another instance serving the session may have extended it meanwhile
      this.cache.delete(id);
      cached = await this.read(id);
      if (cached === undefined || cached.session.expiresAt <= now) return undefined;
    }
    const { session } = cached;
    if (session.expiresAt - now < this.ttlSeconds / 2) return this.extend(cached, now);
    return session;
  }

  async delete(id: string): Promise<void> {
    const endedBefore = this.ended.has(id);
    this.ended.set(id, true);
    this.cache.delete(id);
    if (!SESSION_ID.test(id)) return;
    try {
      await this.store.delete(pk(id), SK);
      // ended, whatever another delete of it here that failed meanwhile undid
      this.ended.set(id, true);
    } catch (error) {
      // the session lives on in the store: here too, so that the client's retry of DELETE can end it
      // (unless another delete here ended it already)
      if (!endedBefore) this.ended.delete(id);
      throw error;
    }
  }

  private async read(id: string): Promise<Cached | undefined> {
    // as old as the read's start: one a frozen Lambda instance resumes minutes later is that old
    const readAt = this.clock.now();
    const item = await this.store.get(pk(id), SK);
    const cached = item === undefined ? undefined : decode(item);
    if (cached === undefined) {
      this.cache.delete(id);
      return undefined;
    }
    cached.readAt = readAt;
    return this.remember(cached);
  }

  /** Re-reads a session in the background, once at a time per id. */
  private recheck(id: string): void {
    if (this.rechecking.has(id)) return;
    this.rechecking.add(id);
    this.read(id)
      .catch(() => undefined) // a store hiccup keeps the cached entry until the next recheck
      .finally(() => this.rechecking.delete(id));
  }

  private async extend(cached: Cached, now: number): Promise<SessionRecord | undefined> {
    const { session, version } = cached;
    const refreshed = { ...session, expiresAt: now + this.ttlSeconds };
    const stored = { ...cached.stored, pk: pk(session.id), sk: SK, version: version + 1, ...refreshed };
    try {
      await this.store.put(stored, { kind: 'version', version });
    } catch (error) {
      // a store hiccup ends no session: the copy here is valid for half a lifetime yet, the next request
      // renews it
      if (error instanceof GatewayError && error.code === 'store_unavailable') return session;
      if (!(error instanceof ConditionFailedError)) throw error;
      // ended (or refreshed) elsewhere meanwhile: the store knows best, no second refresh attempt
      return (await this.read(session.id))?.session;
    }
    this.remember({ session: refreshed, version: version + 1, readAt: this.clock.now(), stored });
    return refreshed;
  }

  private remember(cached: Cached): Cached | undefined {
    if (this.ended.has(cached.session.id)) return undefined;
    // a read begun before this instance's own extension lands after it: the newer copy stays
    const known = this.cache.get(cached.session.id);
    if (known !== undefined && known.version > cached.version) return known;
    this.cache.set(cached.session.id, cached);
    return cached;
  }
}
