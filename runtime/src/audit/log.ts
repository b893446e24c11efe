/**
 * The audit log: who changed what through the management API (before and after, write-only fields never
 * included), and what the data plane refused or changed (access denials, guardrail actions, quarantined
 * tools, budget alerts). Events live in the store by month (`audit#2026-12`), newest first (the sort key
 * counts down from the end of time), and expire after the retention period (DynamoDB TTL).
 *
 * Management changes are written before the API answers. Data-plane events are queued and written in the
 * background (a second at most, and before a Lambda invocation ends), so a request never waits on them;
 * the queue is bounded, and what a flood pushes past it is counted in one `audit.dropped` event.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { sha256, shortHash } from '../core/digest.js';
import { GatewayError } from '../core/errors.js';
import { cut } from '../core/text.js';
import { parseDateTime } from '../core/time.js';
import {
  compareKeys,
  decodeCursor as decodeStoreCursor,
  encodeCursor as encodeStoreCursor,
} from '../store/cursor.js';
import type { StateStore, StoredItem } from '../store/port.js';

export const AUDIT_TYPES = [
  'resource.created',
  'resource.updated',
  'resource.deleted',
  'api_key.rotated',
  'token.revoked',
  'user.signed_out',
  'access.denied',
  'guardrail.blocked',
  'guardrail.redacted',
  'guardrail.logged',
  'tool.quarantined',
  'tool.approved',
  'registry.synced',
  'budget.alert',
  'audit.dropped',
  'sealing.resealed',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditActor {
  /** `admin`: the admin key or a management token; `user`: an MCP client's principal; `gateway`: itself. */
  kind: 'admin' | 'user' | 'gateway';
  id: string;
  /** How the actor authenticated (api-key, jwt, oauth, admin-key, ...). */
  method?: string;
}

export interface AuditEvent {
  id: string;
  /** ISO time. */
  at: string;
  type: AuditType;
  workspace?: string;
  actor: AuditActor;
  resource?: { type: string; id: string; name?: string };
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  server?: string;
  tool?: string;
  method?: string;
  reason?: string;
  requestId?: string;
  detail?: Record<string, unknown>;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at'>;

const END_OF_TIME = 9_999_999_999_999;
const partitionOf = (ms: number) => `audit#${new Date(ms).toISOString().slice(0, 7)}`;
/** An event's sort key starts with its time counting down: newest first within a month. */
const timeKeyOf = (ms: number) => String(END_OF_TIME - ms).padStart(13, '0');
const DEFAULT_RETENTION_DAYS = 90;
/** 36^6 - 1: the countdown in an id is six base-36 digits. */
const MAX_SEQUENCE = 2_176_782_335;
/** Data-plane events waiting to be written, at most. */
const MAX_QUEUED = 1000;
/** Store refusals that trying again cannot mend: the event itself is too large or too deeply nested. */
const NEVER_STORED: ReadonlySet<string> = new Set(['payload_too_large', 'validation_failed']);

export interface AuditSink {
  /**
   * Writes a management change now (awaited before the API answers). The change was made already: when
   * the store refuses the write, the event (the same id, so a retry never writes it twice) is queued for
   * the background writer and the answer is `deferred` with it.
   */
  record(event: NewAuditEvent): Promise<{ deferred?: AuditEvent }>;
  /** Queues a data-plane event, written in the background. */
  enqueue(event: NewAuditEvent): void;
}

/** A change record the store refused, written in the background; its message holds the whole event. */
export class AuditDeferred extends Error {
  constructor(readonly event: AuditEvent) {
    super(`the audit record of a change that was made is written later: ${JSON.stringify(event)}`);
  }
}

export class AuditLog implements AuditSink {
  private queued: AuditEvent[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private sequence = 0;

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly retentionDays = DEFAULT_RETENTION_DAYS,
    private readonly flushMs = 1000,
  ) {}

  async record(event: NewAuditEvent): Promise<{ deferred?: AuditEvent }> {
    const stamped = this.stamp(event);
    try {
      await this.store.put(this.item(stamped));
      return {};
    } catch {
      this.queue(stamped);
      return { deferred: stamped };
    }
  }

  /** Events not yet written: queued, or on their way to the store (a flush under way). */
  get pending(): number {
    return this.queued.length + this.writing;
  }

  /** Events of the flush under way, not written yet. */
  private writing = 0;

  enqueue(event: NewAuditEvent): void {
    this.queue(this.stamp(event));
  }

  private queue(event: AuditEvent): void {
    if (this.queued.length >= MAX_QUEUED) this.dropped++;
    else this.queued.push(event);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushMs);
    this.timer.unref?.();
  }

  /** Writes what is queued (a failed write is tried again with the next batch, while there is room). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch(() => undefined);
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    if (this.dropped > 0) {
      batch.push(
        this.stamp({
          type: 'audit.dropped',
          actor: { kind: 'gateway', id: 'mcp-gateway' },
          detail: { count: this.dropped },
        }),
      );
      this.dropped = 0;
    }
    const failed: AuditEvent[] = [];
    this.writing = batch.length;
    try {
      for (let at = 0; at < batch.length; at += 16) {
        const slice = batch.slice(at, at + 16);
        await Promise.all(
          slice.map((event) =>
            this.store.put(this.item(event)).catch((error: unknown) => {
              // an event the store can never take (too large, too deeply nested) is counted as dropped
              // rather than tried again for ever
              if (error instanceof GatewayError && NEVER_STORED.has(error.code)) this.dropped++;
              else failed.push(event);
            }),
          ),
        );
      }
    } finally {
      this.writing = 0;
    }
    for (const event of failed) {
      if (this.queued.length < MAX_QUEUED) this.queued.push(event);
      else this.dropped++;
    }
    // what failed is tried again a flush interval later, not only when the next event comes (and what was
    // dropped is told then)
    if (this.queued.length > 0 || this.dropped > 0)
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.flushMs);
    this.timer?.unref?.();
  }

  private stamp(event: NewAuditEvent): AuditEvent {
    const { tool, method, reason, detail } = event;
    const states = boundedStates(event.before, event.after);
    const now = this.clock.now();
    // ids sort newest first within a millisecond too (of this process): a counter counting down
    this.sequence = (this.sequence + 1) % MAX_SEQUENCE;
    const countdown = (MAX_SEQUENCE - this.sequence).toString(36).padStart(6, '0');
    return {
      id: `aud_${now.toString(36)}${countdown}${randomBytes(4).toString('hex')}`,
      at: new Date(now).toISOString(),
      ...event,
      // what a caller named (a tool, a method, a URI in the detail) is as long as it liked: kept to a
      // length an item holds, so a refusal of it is recorded rather than dropped as too large
      ...(tool !== undefined ? { tool: clipped(tool, MAX_NAME) } : {}),
      ...(method !== undefined ? { method: clipped(method, MAX_NAME) } : {}),
      ...(reason !== undefined ? { reason: clipped(reason, MAX_DETAIL_TEXT) } : {}),
      ...(detail !== undefined ? { detail: clippedDeep(detail) as Record<string, unknown> } : {}),
      ...states,
    };
  }

  private item(event: AuditEvent): StoredItem {
    const ms = Date.parse(event.at);
    return {
      pk: partitionOf(ms),
      sk: `${timeKeyOf(ms)}#${event.id}`,
      event,
      expiresAt: Math.ceil(ms / 1000) + this.retentionDays * 86_400,
    };
  }
}

/** How much of a name (tool, method) and of any text of an event's detail an event keeps. */
const MAX_NAME = 256;
const MAX_DETAIL_TEXT = 2048;

/** `text` cut to `max` characters, with a hash of the whole that still tells two long ones apart. */
const clipped = (text: string, max: number) =>
  text.length > max ? `${cut(text, max)}…#${shortHash(text)}` : text;

function clippedDeep(value: unknown): unknown {
  if (typeof value === 'string') return clipped(value, MAX_DETAIL_TEXT);
  if (Array.isArray(value)) return value.map(clippedDeep);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, clippedDeep(inner)]));
  return value;
}

/**
 * How many bytes of JSON an event's `before` and `after` keep together: a store item holds 400 KB, and a
 * resource as large as that (a server with an OpenAPI document inline) twice over would be refused,
 * and the change never recorded.
 */
export const MAX_STATE_BYTES = 96 * 1024;
/** A field larger than this is recorded by its size and digest when the states are over their bound. */
const MAX_FIELD_BYTES = 2048;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/**
 * An update's `before` and `after` within {@link MAX_STATE_BYTES}: as they are when they fit; else only the
 * fields that changed; else those with each large value as `{omitted, bytes, sha256}` (two values still
 * told apart by their digest).
 */
export function boundedStates(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): Pick<AuditEvent, 'before' | 'after'> {
  const fits = (b: typeof before, a: typeof after) =>
    jsonBytes(b ?? {}) + jsonBytes(a ?? {}) <= MAX_STATE_BYTES;
  const states = (b: typeof before, a: typeof after) => ({
    ...(b !== undefined ? { before: b } : {}),
    ...(a !== undefined ? { after: a } : {}),
  });
  if (fits(before, after)) return states(before, after);
  let b = before;
  let a = after;
  if (before !== undefined && after !== undefined) {
    const names = new Set([...Object.keys(before), ...Object.keys(after)]);
    const differ = [...names].filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
    b = Object.fromEntries(differ.filter((name) => name in before).map((name) => [name, before[name]]));
    a = Object.fromEntries(differ.filter((name) => name in after).map((name) => [name, after[name]]));
    if (fits(b, a)) return states(b, a);
  }
  const digest = (state: typeof before) =>
    state === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(state).map(([name, value]) => {
            const text = JSON.stringify(value) ?? '';
            const bytes = Buffer.byteLength(text);
            return [
              name,
              bytes > MAX_FIELD_BYTES ? { omitted: true, bytes, sha256: sha256(text, 'hex') } : value,
            ];
          }),
        );
  return states(digest(b), digest(a));
}

export interface AuditQuery {
  type?: string;
  workspace?: string;
  actor?: string;
  resourceType?: string;
  resourceId?: string;
  server?: string;
  tool?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** Store queries one page may spend before answering a short page with a cursor. */
const MAX_QUERIES = 12;

interface Position {
  /** The month partition being read (ms of a time within it). */
  month: number;
  /** The store's cursor where the page being read starts (after the last event answered). */
  store?: string;
}

/** Store page size: filters that match little still read the log in few round trips. */
const PAGE = 100;

const encodeCursor = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

function decodeCursor(cursor: string): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (
      Number.isFinite(value.month) &&
      value.month >= 0 &&
      value.month < 8_640_000_000_000_000 &&
      (value.store === undefined || typeof value.store === 'string')
    )
      return { month: value.month, ...(value.store !== undefined ? { store: value.store } : {}) };
  } catch {
    // answered below
  }
  throw new GatewayError('validation_failed', 'The cursor is not valid.');
}

/** How far ahead of this instance's clock another's may be: events it wrote are that far in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The first millisecond of the month before the one `ms` is in. */
function previousMonth(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
}

/** Events newest first, filtered, from `to` (default now) back to `from` (default: the retention period). */
export async function queryAudit(
  store: StateStore,
  query: AuditQuery,
  now: number,
  retentionDays = DEFAULT_RETENTION_DAYS,
): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
  // nothing is kept past the retention period, nor written in the future (beyond a clock's skew): the
  // walk back through the monthly partitions starts and ends where events can be
  const oldest = now - retentionDays * 86_400_000;
  // by default up to the latest an event can be: another instance's clock may be ahead of this one's
  const latest = now + CLOCK_SKEW_MS;
  const to = Math.min(query.to !== undefined ? parseDateTime(query.to) : latest, latest);
  const from = Math.max(query.from !== undefined ? parseDateTime(query.from) : oldest, oldest);
  if (Number.isNaN(to) || Number.isNaN(from))
    throw new GatewayError(
      'validation_failed',
      'from and to must be RFC 3339 date-times (with Z or an offset).',
    );
  // (a range that ends before it starts holds nothing)
  if (from > to) return { items: [] };
  const matches = (event: AuditEvent) => {
    const ms = Date.parse(event.at);
    return (
      ms >= from &&
      ms <= to &&
      (query.type === undefined || event.type === query.type) &&
      (query.workspace === undefined || event.workspace === query.workspace) &&
      (query.actor === undefined || event.actor.id === query.actor) &&
      (query.resourceType === undefined || event.resource?.type === query.resourceType) &&
      (query.resourceId === undefined || event.resource?.id === query.resourceId) &&
      (query.server === undefined ||
        event.server === query.server ||
        // names are unique per type: a team or webhook named like the server is not it
        (event.resource?.type === 'server' && event.resource.name === query.server)) &&
      (query.tool === undefined || event.tool === query.tool)
    );
  };
  // a first page starts at `to` (its events at `to` too: their keys sort after the bare time), not at the
  // month's newest: later events are never read to be left out
  let position: Position | undefined =
    query.cursor !== undefined
      ? decodeCursor(query.cursor)
      : { month: to, store: encodeStoreCursor({ pk: partitionOf(to), sk: timeKeyOf(to) }) };
  // a walk never goes past its start's month: a later one is no cursor of this query (but a made-up one,
  // whose walk back would read every month in between). By month: the start may differ by the clocks
  // of the instances serving the pages
  const monthOf = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
  if (monthOf(position.month) > monthOf(to))
    throw new GatewayError('validation_failed', 'The cursor is not valid.');
  const items: AuditEvent[] = [];
  // no further back than `from` (a key's time, then '#'): events past it, expired ones above all (deleted
  // days late, or never without TTL on the table), are not read to be left out
  const bound = `${timeKeyOf(from)}$`;
  for (let round = 0; round < MAX_QUERIES && position !== undefined; round++) {
    const pk = partitionOf(position.month);
    // a later page of a walk whose start moved on meanwhile (the retention's edge, by default): it ends
    if (
      position.store !== undefined &&
      compareKeys(decodeStoreCursor(position.store, pk, undefined).sk!, bound) >= 0
    ) {
      position = undefined;
      break;
    }
    const page = await store.query(pk, {
      limit: PAGE,
      skBefore: bound,
      // the sort key counts down: newest first within the month
      ...(position.store !== undefined ? { cursor: position.store } : {}),
    });
    let past = false;
    let full: number | undefined;
    for (let index = 0; index < page.items.length; index++) {
      const event = page.items[index]!['event'] as AuditEvent | undefined;
      if (event === undefined) continue;
      if (Date.parse(event.at) < from) {
        past = true;
        break;
      }
      if (matches(event)) items.push(event);
      if (items.length >= query.limit) {
        full = index + 1;
        break;
      }
    }
    if (full !== undefined && full < page.items.length) {
      // the answer is full inside this page: the next one goes on right after its last event (by key, not
      // by place: events written meanwhile sort first and would shift a place)
      const last = page.items[full - 1]!;
      position = { month: position.month, store: encodeStoreCursor({ pk: last.pk, sk: last.sk }) };
      break;
    }
    if (past) position = undefined;
    else if (page.cursor !== undefined) position = { month: position.month, store: page.cursor };
    else {
      const earlier = previousMonth(position.month);
      position = earlier + 31 * 86_400_000 <= from ? undefined : { month: earlier };
    }
    if (items.length >= query.limit) break;
  }
  return position === undefined ? { items } : { items, nextCursor: encodeCursor(position) };
}
