/**
 * The state store port. Adapters (DynamoDB, memory) implement it; the core never sees a vendor SDK.
 * The model is DynamoDB's single table: string `pk`/`sk`, an optional `version` for optimistic
 * concurrency and `expiresAt` (epoch seconds) for TTL. Expired items read as absent everywhere,
 * because DynamoDB deletes them late (and the embedded store every ten minutes, see `sweepExpired`).
 */
import { GatewayError } from '../core/errors.js';

export interface StoredItem {
  pk: string;
  sk: string;
  version?: number;
  expiresAt?: number;
  [attribute: string]: unknown;
}

export type PutCondition =
  /** No live item has this key (an expired one counts as absent). */
  | { kind: 'absent' }
  /** A live item with exactly this `version` exists. */
  | { kind: 'version'; version: number };

export interface QueryOptions {
  /**
   * Query the secondary index instead of the table: `pk` matches the items' `gsi1pk` and `skPrefix` and
   * the order apply to `gsi1sk`. Only items carrying both string attributes are in the index, and index
   * reads are eventually consistent on DynamoDB.
   */
  index?: 'gsi1';
  skPrefix?: string;
  /**
   * Only items whose sort key sorts before this one (not with `skPrefix`): a range bounded by key is read
   * no further, whatever lies past it (items expired, and not yet deleted, are read to be left out).
   */
  skBefore?: string;
  limit?: number;
  /** Opaque, from a previous page's `cursor`. */
  cursor?: string;
}

export interface Page {
  items: StoredItem[];
  cursor?: string;
}

/** What a bounded increment did: whether it applied, and the total (after it, or as it stands). */
export interface BoundedIncrement {
  applied: boolean;
  total: number;
}

export interface StateStore {
  /** Reads an item; `consistent: false` allows an eventually consistent (cheaper) read. */
  get(pk: string, sk: string, options?: { consistent?: boolean }): Promise<StoredItem | undefined>;
  /** Writes the whole item. Throws ConditionFailedError when the condition does not hold. */
  put(item: StoredItem, condition?: PutCondition): Promise<void>;
  /**
   * Deletes an item; answers whether a live item was deleted. With a version condition, throws
   * ConditionFailedError when the live item has another version or is gone.
   */
  delete(pk: string, sk: string, condition?: { version: number }): Promise<boolean>;
  /** Live items of one partition in `sk` order. */
  query(pk: string, options?: QueryOptions): Promise<Page>;
  /**
   * Atomically adds to numeric attributes and answers their new values. A missing or expired item starts
   * from zero; `expiresAt` is set when the item is (re)created. `set` attributes are written in the same
   * step (a reader never sees the counts without them).
   */
  increment(
    pk: string,
    sk: string,
    deltas: Record<string, number>,
    options?: { expiresAt?: number; set?: Record<string, unknown> },
  ): Promise<Record<string, number>>;
  /**
   * Atomically adds `delta` (> 0) to `attribute` only when the total stays within `limit`, and says whether
   * it did. A missing or expired item starts from zero (with `expiresAt` when given).
   */
  incrementWithin(
    pk: string,
    sk: string,
    attribute: string,
    delta: number,
    limit: number,
    options?: { expiresAt?: number },
  ): Promise<BoundedIncrement>;
  /**
   * Sets the given attributes of an item and leaves the others as they are (an item is created when
   * missing): shared state is changed field by field, never replaced whole.
   */
  update(pk: string, sk: string, set: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The numbers every store holds and reads back as themselves: finite, and within DynamoDB's range
 * (magnitudes from 1e-130 to below 1e126, and 0). `JSON.parse` answers others only from text like `1e400`.
 */
export const storableNumber = (value: number): boolean => {
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude < 1e126 && magnitude >= 1e-130);
};

/** The path (member names) of the first number in `value` a store cannot hold; undefined when none is. */
export function unstorableNumberAt(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'number') return storableNumber(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [name, member] of Object.entries(value)) {
    const found = unstorableNumberAt(member, [...path, name]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Whether a key can name an item at all: DynamoDB keys are 1 to 2048 bytes (partition) and 1 to 1024
 * bytes (sort) of UTF-8. No item has another key, so reading one finds nothing and writing one is refused
 * as the caller's error, never the store's failure.
 */
export const storableKey = (pk: string, sk: string): boolean =>
  pk !== '' && sk !== '' && Buffer.byteLength(pk) <= 2048 && Buffer.byteLength(sk) <= 1024;

/** Refuses a write under a key no item can have (see {@link storableKey}). */
export function checkKey(pk: string, sk: string): void {
  if (!storableKey(pk, sk))
    throw new GatewayError('validation_failed', 'The key is empty or too long to store.');
}

export class ConditionFailedError extends Error {
  constructor(message = 'The condition on the write did not hold.') {
    super(message);
    this.name = 'ConditionFailedError';
  }
}

/** A bounded increment adds a positive, finite amount within a finite limit. */
export function checkBounded(delta: number, limit: number): void {
  if (!Number.isFinite(delta) || delta <= 0 || !Number.isFinite(limit))
    throw new RangeError('A bounded increment adds a positive finite amount within a finite limit.');
}

/**
 * The largest total a bounded increment of `delta` may add to, within `limit` (negative: not even on
 * nothing). Fractions (prices of 0.1) are decimal in DynamoDB but binary here: 0.3 - 0.1 falls just short
 * of the 0.2 spent, which would refuse the last call that fits. A billionth of the limit's slack stops
 * that and admits nothing that matters; counts in whole numbers (rate limits) stay exact.
 */
export function roomFor(delta: number, limit: number): number {
  const slack = Number.isInteger(delta) && Number.isInteger(limit) ? 0 : Math.max(1, Math.abs(limit)) * 1e-9;
  return limit - delta + slack;
}

/**
 * The attributes an increment sets along (undefined ones left out, as `update` leaves them): never the
 * item's key, its expiry or a counter it adds to, which the increment itself decides.
 */
export function attributesSetAlong(
  set: Record<string, unknown> | undefined,
  deltas: Record<string, number>,
): [string, unknown][] {
  const entries = Object.entries(set ?? {}).filter(([, value]) => value !== undefined);
  for (const [name] of entries)
    if (name === 'pk' || name === 'sk' || name === 'expiresAt' || Object.hasOwn(deltas, name))
      throw new GatewayError('internal', `An increment cannot set ${name} along.`);
  return entries;
}

/** Every live item of one partition (for the few small partitions read whole), or of a sort key prefix. */
export async function queryAll(
  store: StateStore,
  pk: string,
  options: { skPrefix?: string; pageSize?: number } = {},
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  for await (const item of itemsOf(store, pk, options)) items.push(item);
  return items;
}

/** The live items of one partition (or of a sort key prefix) one by one, read a page at a time. */
export async function* itemsOf(
  store: StateStore,
  pk: string,
  options: { skPrefix?: string; pageSize?: number } = {},
): AsyncGenerator<StoredItem> {
  let cursor: string | undefined;
  do {
    const page = await store.query(pk, {
      limit: options.pageSize ?? 100,
      ...(options.skPrefix !== undefined ? { skPrefix: options.skPrefix } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    });
    yield* page.items;
    cursor = page.cursor;
  } while (cursor !== undefined);
}
