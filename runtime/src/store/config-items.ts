/**
 * Where configuration lives in the single table. One layout, written by the management API and read by
 * the data plane's config reader (which must not depend on the management API):
 *
 * | item              | pk                         | sk        | attributes                                  |
 * |-------------------|----------------------------|-----------|---------------------------------------------|
 * | resource          | `cfg#<type>`               | `<id>`    | `version`, `data` (all fields, write-only too unless sealed), `sealed` (write-only fields with a sealing key), hook attributes (`secretHash`) |
 * | unique-value claim| `uniq#<type>#<attribute>`  | `<value>` | `id`, `claimedAt` (ms), `version`           |
 * | api-key lookup    | `apikey#<sha256 hex>`      | `apikey`  | `id` (the key's id), `claimedAt` (ms), `version`; unique, so no two keys share a secret |
 * | admin credential  | `admin`                    | `key`     | `hash` (SHA-256 hex of the admin key; see auth/admin-key.ts) |
 *
 * Listing a resource type is a query of its `cfg#<type>` partition (ids are time-ordered, so lists come
 * in creation order). Uniqueness needs no transaction: a claim item is put with an `absent` condition
 * before the resource item, released after the resource is deleted or renamed, and a claim whose
 * resource never appeared (a crash between the two writes) can be taken over once it is stale.
 * Resource fields sit under `data` so they never collide with the table's own attributes (`expiresAt`).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { ConditionFailedError, type StateStore, type StoredItem } from './port.js';

const RANDOM_SPAN = 2 ** 48;
let lastId = { ms: -1, random: 0 };

/**
 * Time-ordered, unguessable ids: `<prefix>_<ms in base36, 9 chars><12 hex random>`. Ids made in one
 * process within one millisecond (or while its clock stands still or steps back) still sort in creation
 * order: the random part grows by a random step, so a list's order is the order of creation.
 */
export function newId(prefix: string, clock: Clock): string {
  let ms = Math.max(0, clock.now());
  let random = randomBytes(6).readUIntBE(0, 6);
  if (ms <= lastId.ms) {
    ms = lastId.ms;
    random = lastId.random + 1 + (random % 2 ** 24);
    if (random >= RANDOM_SPAN) [ms, random] = [ms + 1, random % 2 ** 24];
  }
  lastId = { ms, random };
  return `${prefix}_${ms.toString(36).padStart(9, '0')}${random.toString(16).padStart(12, '0')}`;
}

export const resourcePartition = (type: string): string => `cfg#${type}`;
export const claimPartition = (type: string, attribute: string): string => `uniq#${type}#${attribute}`;
export const apiKeyLookupKey = (hashHex: string): { pk: string; sk: string } => ({
  pk: `apikey#${hashHex}`,
  sk: 'apikey',
});

/** The item attribute holding sealed write-only fields (config/sealed-fields.ts). */
export const SEALED_ATTRIBUTE = 'sealed';

/** Whether an item holds sealed fields, which only `openResource` (config/sealed-fields.ts) reads. */
export function hasSealedFields(item: StoredItem): boolean {
  const sealed = item[SEALED_ATTRIBUTE];
  return typeof sealed === 'object' && sealed !== null && Object.keys(sealed).length > 0;
}

/** A resource as stored: every field including write-only ones, `id` and `version` from the item keys. */
export type StoredResource = Record<string, unknown> & { id: string; version: number };

export function resourceFromItem(item: StoredItem): StoredResource {
  const data =
    typeof item['data'] === 'object' && item['data'] !== null
      ? (item['data'] as Record<string, unknown>)
      : {};
  // the item's keys win over fields of the same name in its data: sealed values are bound to them
  return { ...data, id: item.sk, version: item.version ?? 0 };
}

export async function readResource(
  store: StateStore,
  type: string,
  id: string,
): Promise<StoredItem | undefined> {
  return store.get(resourcePartition(type), id);
}

/** Reads a resource by a unique attribute (its claim), or undefined when none holds that value. */
export async function readResourceByUnique(
  store: StateStore,
  type: string,
  attribute: string,
  value: string,
): Promise<StoredItem | undefined> {
  const claim = await store.get(claimPartition(type, attribute), value);
  if (claim === undefined || typeof claim['id'] !== 'string') return undefined;
  const item = await readResource(store, type, claim['id']);
  // A claim can outlive a crashed create or delete; only a resource that still holds the value counts.
  if (item === undefined || resourceFromItem(item)[attribute] !== value) return undefined;
  return item;
}

/**
 * Writes a new resource the way the management API does (its name claimed first, then the item), for
 * resources the data plane creates itself (clients registering with the authorization server). The name
 * must be fresh: one another resource holds fails with ConditionFailedError and nothing is written. A
 * claim of this same id (a write that stopped between the claim and the item) is taken over.
 */
export async function insertResource(
  store: StateStore,
  clock: Clock,
  type: string,
  id: string,
  data: Record<string, unknown> & { name: string },
  /** When it lapses by itself (epoch seconds), its name with it. */
  expiresAt?: number,
): Promise<void> {
  const claim = { pk: claimPartition(type, 'name'), sk: data.name };
  const lapsing = expiresAt !== undefined ? { expiresAt } : {};
  try {
    await store.put({ ...claim, id, claimedAt: clock.now(), version: 1, ...lapsing }, { kind: 'absent' });
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if ((await store.get(claim.pk, claim.sk, { consistent: true }))?.['id'] !== id) throw error;
  }
  const now = new Date(clock.now()).toISOString();
  await store.put(
    {
      pk: resourcePartition(type),
      sk: id,
      version: 1,
      ...lapsing,
      data: { createdAt: now, updatedAt: now, ...data },
    },
    { kind: 'absent' },
  );
}
