import { randomBytes } from 'node:crypto';
import { type Clock, epochSeconds } from '../core/clock.js';
import type { StateStore } from '../store/port.js';

/** A client session of the 2025-era protocol. It lives in the store so any instance can serve it. */
export interface SessionRecord {
  id: string;
  server: string;
  user: string;
  upstreamSessionId?: string;
  protocolVersion?: string;
  /** The client's raw initialize request (legacy SSE upstreams replay it). */
  initialize?: string;
  expiresAt: number;
}

const pk = (id: string) => `mcp-session#${id}`;
const SK = 'session';

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Sessions with a process-local read-through cache: after the first request on an instance, a session
 * costs no store read. Expiry is refreshed in the store only once half the lifetime has passed.
 */
export class SessionStore {
  private readonly cache = new Map<string, SessionRecord>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlSeconds = 24 * 3600,
    private readonly maxCached = 10_000,
  ) {}

  async create(record: Omit<SessionRecord, 'expiresAt'>): Promise<SessionRecord> {
    const session: SessionRecord = { ...record, expiresAt: epochSeconds(this.clock) + this.ttlSeconds };
    await this.store.put({ pk: pk(session.id), sk: SK, ...session }, { kind: 'absent' });
    this.remember(session);
    return session;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const now = epochSeconds(this.clock);
    let session = this.cache.get(id);
    if (session === undefined) {
      const item = await this.store.get(pk(id), SK);
      if (item === undefined) return undefined;
      const { pk: _pk, sk: _sk, version: _version, ...rest } = item;
      session = rest as unknown as SessionRecord;
      this.remember(session);
    }
    if (session.expiresAt <= now) {
      this.cache.delete(id);
      return undefined;
    }
    if (session.expiresAt - now < this.ttlSeconds / 2) {
      session.expiresAt = now + this.ttlSeconds;
      await this.store.put({ pk: pk(id), sk: SK, ...session });
    }
    return session;
  }

  async delete(id: string): Promise<void> {
    this.cache.delete(id);
    await this.store.delete(pk(id), SK);
  }

  private remember(session: SessionRecord): void {
    if (this.cache.size >= this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(session.id, session);
  }
}
