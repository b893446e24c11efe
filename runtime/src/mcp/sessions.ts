import { randomBytes } from 'node:crypto';
import { type Clock, epochSeconds } from '../core/clock.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';

/** A client session of the 2025-era protocol. It lives in the store so any instance can serve it. */
export interface SessionRecord {
  id: string;
  server: string;
  user: string;
  upstreamSessionId?: string;
  /** The client's raw initialize request (legacy SSE upstreams replay it). */
  initialize?: string;
  expiresAt: number;
}

const pk = (id: string) => `mcp-session#${id}`;
const SK = 'session';

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

interface Cached {
  session: SessionRecord;
  version: number;
  readAt: number;
}

/**
 * Sessions with a process-local read-through cache: a warm session costs no store read. Entries are
 * re-read after `recheckMs`, so a session ended on another instance stops working here soon after.
 * Expiry is refreshed (conditionally, never resurrecting a deleted session) once half the lifetime passed.
 */
export class SessionStore {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlSeconds = 24 * 3600,
    private readonly recheckMs = 30_000,
    private readonly maxCached = 10_000,
  ) {}

  async create(record: Omit<SessionRecord, 'expiresAt'>): Promise<SessionRecord> {
    const session: SessionRecord = { ...record, expiresAt: epochSeconds(this.clock) + this.ttlSeconds };
    await this.store.put({ pk: pk(session.id), sk: SK, version: 1, ...session }, { kind: 'absent' });
    this.remember(session, 1);
    return session;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    let cached = this.cache.get(id);
    if (cached === undefined || this.clock.now() - cached.readAt > this.recheckMs) {
      const item = await this.store.get(pk(id), SK);
      if (item === undefined) {
        this.cache.delete(id);
        return undefined;
      }
      cached = this.fromItem(item);
    }
    const now = epochSeconds(this.clock);
    const { session } = cached;
    if (session.expiresAt <= now) {
      this.cache.delete(id);
      return undefined;
    }
    if (session.expiresAt - now < this.ttlSeconds / 2) {
      const refreshed = { ...session, expiresAt: now + this.ttlSeconds };
      try {
        await this.store.put(
          { pk: pk(id), sk: SK, version: cached.version + 1, ...refreshed },
          { kind: 'version', version: cached.version },
        );
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        // ended (or refreshed) elsewhere meanwhile: the store knows best, no second refresh attempt
        this.cache.delete(id);
        const item = await this.store.get(pk(id), SK);
        return item === undefined ? undefined : this.fromItem(item).session;
      }
      this.remember(refreshed, cached.version + 1);
      return refreshed;
    }
    return session;
  }

  async delete(id: string): Promise<void> {
    this.cache.delete(id);
    await this.store.delete(pk(id), SK);
  }

  private fromItem(item: StoredItem): Cached {
    const { pk: _pk, sk: _sk, version, ...session } = item;
    return this.remember(session as unknown as SessionRecord, version ?? 0);
  }

  private remember(session: SessionRecord, version: number): Cached {
    if (this.cache.size >= this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    const cached = { session, version, readAt: this.clock.now() };
    this.cache.delete(session.id);
    this.cache.set(session.id, cached);
    return cached;
  }
}
