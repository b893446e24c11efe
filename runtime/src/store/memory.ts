import { type Clock, epochSeconds, systemClock } from '../core/clock.js';
import { GatewayError } from '../core/errors.js';
import { type CursorKey, compareKeys, cursorKeyNames, decodeCursor, encodeCursor } from './cursor.js';
import {
  attributesSetAlong,
  type BoundedIncrement,
  ConditionFailedError,
  checkBounded,
  checkKey,
  type Page,
  type PutCondition,
  type QueryOptions,
  roomFor,
  type StateStore,
  type StoredItem,
  storableKey,
} from './port.js';

/** DynamoDB orders string keys by their UTF-8 bytes, which differs from JS string order above U+FFFF. */

/** A deep copy as DynamoDB would store it: `undefined` members of maps and lists are dropped. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(copy) as T;
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) result[key] = copy(member);
    return result as T;
  }
  return value;
}

/** DynamoDB's largest item, by its own count of names and values. */
const MAX_ITEM_BYTES = 400 * 1024;
/** How deep DynamoDB nests maps and lists. */
const MAX_DEPTH = 32;

/**
 * A value's size as DynamoDB counts it: strings and names in UTF-8 bytes, numbers by their significant
 * digits, maps and lists with their overhead; deeper than DynamoDB nests: infinite.
 */
function sizeOf(value: unknown, depth = 0): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = Math.abs(value).toExponential().replace(/e.*$/, '').replace('.', '').length;
    return 1 + Math.ceil(digits / 2) + (value < 0 ? 1 : 0);
  }
  if (typeof value !== 'object' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (depth >= MAX_DEPTH) return Number.POSITIVE_INFINITY;
  let size = 3;
  if (Array.isArray(value)) for (const item of value) size += 1 + sizeOf(item, depth + 1);
  else
    for (const [name, member] of Object.entries(value))
      if (member !== undefined) size += 1 + Buffer.byteLength(name) + sizeOf(member, depth + 1);
  return size;
}

/** Refuses an item DynamoDB would refuse for its size or depth, as the DynamoDB adapter reports it. */
function checkItem(item: StoredItem): void {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    if (value !== undefined) size += Buffer.byteLength(name) + sizeOf(value);
  if (size === Number.POSITIVE_INFINITY)
    throw new GatewayError('validation_failed', 'The value nests too deeply to store.');
  if (size > MAX_ITEM_BYTES) throw new GatewayError('payload_too_large', 'The item is too large to store.');
}

/** An in-process store for unit tests. Same semantics as the DynamoDB adapter (see the contract suite). */
export class MemoryStore implements StateStore {
  private readonly partitions = new Map<string, Map<string, StoredItem>>();

  constructor(private readonly clock: Clock = systemClock) {}

  private live(item: StoredItem | undefined, now = epochSeconds(this.clock)): StoredItem | undefined {
    if (item === undefined) return undefined;
    if (typeof item.expiresAt === 'number' && item.expiresAt <= now) return undefined;
    return item;
  }

  private current(pk: string, sk: string): StoredItem | undefined {
    return this.live(this.partitions.get(pk)?.get(sk));
  }

  private store(item: StoredItem): void {
    let partition = this.partitions.get(item.pk);
    if (partition === undefined) {
      partition = new Map();
      this.partitions.set(item.pk, partition);
    }
    partition.set(item.sk, item);
  }

  async get(pk: string, sk: string): Promise<StoredItem | undefined> {
    if (!storableKey(pk, sk)) return undefined;
    const item = this.current(pk, sk);
    return item === undefined ? undefined : copy(item);
  }

  async put(item: StoredItem, condition?: PutCondition): Promise<void> {
    checkKey(item.pk, item.sk);
    const current = this.current(item.pk, item.sk);
    if (condition?.kind === 'absent' && current !== undefined) throw new ConditionFailedError();
    if (condition?.kind === 'version' && current?.version !== condition.version)
      throw new ConditionFailedError();
    const stored = copy(item);
    checkItem(stored);
    this.store(stored);
  }

  async delete(pk: string, sk: string, condition?: { version: number }): Promise<boolean> {
    if (!storableKey(pk, sk)) {
      if (condition !== undefined) throw new ConditionFailedError();
      return false;
    }
    const current = this.current(pk, sk);
    if (condition !== undefined && current?.version !== condition.version) throw new ConditionFailedError();
    this.partitions.get(pk)?.delete(sk);
    return current !== undefined;
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Page> {
    const { index, skPrefix, skBefore, limit } = options;
    if (skPrefix !== undefined && skBefore !== undefined)
      throw new Error('skPrefix and skBefore exclude each other.');
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new GatewayError('validation_failed', 'The page size must be a positive integer.');
    }
    const names = cursorKeyNames(index);
    const keyOf = (item: StoredItem): CursorKey => Object.fromEntries(names.map((n) => [n, String(item[n])]));
    // Compare by the query's range key first, then by the table key (what orders index entries that tie).
    const order = index === undefined ? ['sk'] : ['gsi1sk', 'pk', 'sk'];
    const compare = (a: CursorKey, b: CursorKey): number => {
      for (const name of order) {
        const c = compareKeys(a[name] ?? '', b[name] ?? '');
        if (c !== 0) return c;
      }
      return 0;
    };
    const after =
      options.cursor === undefined ? undefined : decodeCursor(options.cursor, pk, index, skPrefix, skBefore);
    const now = epochSeconds(this.clock);
    const candidates =
      index === undefined
        ? [...(this.partitions.get(pk)?.values() ?? [])]
        : [...this.partitions.values()].flatMap((p) =>
            [...p.values()].filter((i) => i['gsi1pk'] === pk && typeof i['gsi1sk'] === 'string'),
          );
    const rangeKey = index === undefined ? 'sk' : 'gsi1sk';
    const items = candidates
      .filter((item) => this.live(item, now) !== undefined)
      .filter((item) => skPrefix === undefined || String(item[rangeKey]).startsWith(skPrefix))
      .filter((item) => skBefore === undefined || compareKeys(String(item[rangeKey]), skBefore) < 0)
      .filter((item) => after === undefined || compare(keyOf(item), after) > 0)
      .sort((a, b) => compare(keyOf(a), keyOf(b)));
    if (limit === undefined || items.length <= limit) return { items: items.map(copy) };
    const page = items.slice(0, limit);
    return { items: page.map(copy), cursor: encodeCursor(keyOf(page[page.length - 1] as StoredItem)) };
  }

  async increment(
    pk: string,
    sk: string,
    deltas: Record<string, number>,
    options: { expiresAt?: number; set?: Record<string, unknown> } = {},
  ): Promise<Record<string, number>> {
    checkKey(pk, sk);
    if (Object.values(deltas).some((delta) => !Number.isFinite(delta))) {
      throw new GatewayError('internal', 'Increments must be finite numbers.');
    }
    if (Object.keys(deltas).length === 0) return {};
    const along = attributesSetAlong(options.set, deltas);
    let item = this.current(pk, sk);
    if (item === undefined) {
      // A (re)created counter starts empty: stale attributes of an expired item do not survive.
      item = { pk, sk, ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}) };
      this.store(item);
    }
    const result: Record<string, number> = {};
    for (const [name, delta] of Object.entries(deltas)) {
      const previous = item[name];
      const next = (typeof previous === 'number' ? previous : 0) + delta;
      item[name] = next;
      result[name] = next;
    }
    for (const [name, value] of along) item[name] = copy(value);
    return result;
  }

  async incrementWithin(
    pk: string,
    sk: string,
    attribute: string,
    delta: number,
    limit: number,
    options: { expiresAt?: number } = {},
  ): Promise<BoundedIncrement> {
    checkKey(pk, sk);
    checkBounded(delta, limit);
    const item = this.current(pk, sk);
    const previous = item?.[attribute];
    const total = typeof previous === 'number' ? previous : 0;
    if (total > roomFor(delta, limit)) return { applied: false, total };
    const [after] = Object.values(await this.increment(pk, sk, { [attribute]: delta }, options));
    return { applied: true, total: after ?? delta };
  }

  async update(pk: string, sk: string, set: Record<string, unknown>): Promise<void> {
    checkKey(pk, sk);
    // as DynamoDB: an update that sets nothing creates no item
    const entries = Object.entries(copy(set)).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    const item = { ...(this.current(pk, sk) ?? { pk, sk }) };
    for (const [name, value] of entries) item[name] = value;
    checkItem(item);
    this.store(item);
  }

  async close(): Promise<void> {}
}
