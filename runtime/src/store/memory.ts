import { type Clock, epochSeconds, systemClock } from '../core/clock.js';
import { ConditionFailedError, type Page, type PutCondition, type QueryOptions, type StateStore, type StoredItem } from './port.js';

/** An in-process store for unit tests. Same semantics as the DynamoDB adapter (see the contract suite). */
export class MemoryStore implements StateStore {
  private readonly partitions = new Map<string, Map<string, StoredItem>>();

  constructor(private readonly clock: Clock = systemClock) {}

  private live(item: StoredItem | undefined): StoredItem | undefined {
    if (item === undefined) return undefined;
    if (item.expiresAt !== undefined && item.expiresAt <= epochSeconds(this.clock)) return undefined;
    return item;
  }

  private partition(pk: string): Map<string, StoredItem> {
    let partition = this.partitions.get(pk);
    if (partition === undefined) {
      partition = new Map();
      this.partitions.set(pk, partition);
    }
    return partition;
  }

  async get(pk: string, sk: string): Promise<StoredItem | undefined> {
    const item = this.live(this.partitions.get(pk)?.get(sk));
    return item === undefined ? undefined : structuredClone(item);
  }

  async put(item: StoredItem, condition?: PutCondition): Promise<void> {
    const current = this.live(this.partitions.get(item.pk)?.get(item.sk));
    if (condition?.kind === 'absent' && current !== undefined) throw new ConditionFailedError();
    if (condition?.kind === 'version' && current?.version !== condition.version) throw new ConditionFailedError();
    this.partition(item.pk).set(item.sk, structuredClone(item));
  }

  async delete(pk: string, sk: string, condition?: { version: number }): Promise<boolean> {
    const current = this.live(this.partitions.get(pk)?.get(sk));
    if (condition !== undefined && current?.version !== condition.version) throw new ConditionFailedError();
    this.partitions.get(pk)?.delete(sk);
    return current !== undefined;
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Page> {
    const partition = this.partitions.get(pk);
    if (partition === undefined) return { items: [] };
    const after = options.cursor === undefined ? undefined : Buffer.from(options.cursor, 'base64url').toString();
    const keys = [...partition.keys()]
      .filter((sk) => (options.skPrefix === undefined || sk.startsWith(options.skPrefix)) && (after === undefined || sk > after))
      .sort();
    const items: StoredItem[] = [];
    let last: string | undefined;
    for (const sk of keys) {
      if (options.limit !== undefined && items.length >= options.limit) break;
      last = sk;
      const item = this.live(partition.get(sk));
      if (item !== undefined) items.push(structuredClone(item));
    }
    const more = last !== undefined && keys.indexOf(last) < keys.length - 1 && options.limit !== undefined && items.length >= options.limit;
    return more ? { items, cursor: Buffer.from(last!).toString('base64url') } : { items };
  }

  async increment(
    pk: string,
    sk: string,
    deltas: Record<string, number>,
    options: { expiresAt?: number } = {},
  ): Promise<Record<string, number>> {
    const partition = this.partition(pk);
    let item = this.live(partition.get(sk));
    if (item === undefined) {
      item = { pk, sk, ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}) };
      partition.set(sk, item);
    }
    const result: Record<string, number> = {};
    for (const [name, delta] of Object.entries(deltas)) {
      const next = (typeof item[name] === 'number' ? (item[name] as number) : 0) + delta;
      item[name] = next;
      result[name] = next;
    }
    return result;
  }

  async close(): Promise<void> {}
}
