/**
 * The principals the gateway has seen (`GET /v1/users`), recorded without a store write per request: an
 * instance writes a user's entry at most once per `intervalMs` (a minute by default), in the background.
 * Entries of users not seen for 90 days expire.
 */

import type { Clock } from '../core/clock.js';
import type { Principal } from '../core/config.js';
import { lruCache } from '../core/lru.js';
import type { StateStore, StoredItem } from '../store/port.js';

export const seenUsersPartition = 'seen#user';
const RETAIN_SECONDS = 90 * 24 * 3600;

export interface SeenUser {
  user: string;
  workspace: string;
  method: string;
  email?: string;
  provider?: string;
  teams?: string[];
  firstSeenAt?: string;
  lastSeenAt: string;
}

export const seenUserKey = (workspace: string, user: string) => `${workspace}#${user}`;

export class SeenUsers {
  /** When this instance last wrote each entry, and the first-seen time it knows. */
  private readonly written = lruCache<string, { at: number; first: string | undefined }>(10_000);

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
  ) {}

  /** Notes that `principal` passed authentication; `teams` (asked only when it writes) are its teams. */
  touch(principal: Principal, teamsOf: () => readonly string[] = () => principal.teams ?? []): void {
    const key = seenUserKey(principal.workspace, principal.user);
    const now = this.clock.now();
    const known = this.written.get(key);
    if (known !== undefined && now - known.at < this.intervalMs) return;
    this.written.set(key, { at: now, first: known?.first });
    const lastSeenAt = new Date(now).toISOString();
    const teams = teamsOf();
    // a lost write only makes the entry older: never worth failing or delaying the request for
    void (async () => {
      const first =
        known?.first ?? (await this.store.get(seenUsersPartition, key))?.['firstSeenAt'] ?? lastSeenAt;
      const item: StoredItem = {
        pk: seenUsersPartition,
        sk: key,
        expiresAt: Math.floor(now / 1000) + RETAIN_SECONDS,
        user: principal.user,
        workspace: principal.workspace,
        method: principal.method,
        firstSeenAt: String(first),
        lastSeenAt,
        ...(principal.email !== undefined ? { email: principal.email } : {}),
        ...(principal.provider !== undefined ? { provider: principal.provider } : {}),
        ...(teams.length > 0 ? { teams: [...teams] } : {}),
      };
      await this.store.put(item);
      this.written.set(key, { at: now, first: String(first) });
    })().catch(() => this.written.delete(key));
  }
}

/** A stored entry as the API shows it. */
export function seenUserOf(item: StoredItem): SeenUser {
  const text = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : undefined);
  const teams = Array.isArray(item['teams']) ? (item['teams'] as unknown[]).map(String) : undefined;
  const optional = { email: text('email'), provider: text('provider'), firstSeenAt: text('firstSeenAt') };
  return {
    user: text('user') ?? '',
    workspace: text('workspace') ?? '',
    method: text('method') ?? '',
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(teams !== undefined ? { teams } : {}),
    lastSeenAt: text('lastSeenAt') ?? '',
  };
}
