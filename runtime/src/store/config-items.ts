/**
 * Where configuration lives in the single table. One layout, written by the management API and read by
 * the data plane's config reader (which must not depend on the management API):
 *
 * | item              | pk                         | sk        | attributes                                  |
 * |-------------------|----------------------------|-----------|---------------------------------------------|
 * | resource          | `cfg#<type>`               | `<id>`    | `version`, `data` (all fields, write-only too), plus hook attributes (`secretHash`) |
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
import type { StateStore, StoredItem } from './port.js';

export const resourcePartition = (type: string): string => `cfg#${type}`;
export const claimPartition = (type: string, attribute: string): string => `uniq#${type}#${attribute}`;
export const apiKeyLookupKey = (hashHex: string): { pk: string; sk: string } => ({
  pk: `apikey#${hashHex}`,
  sk: 'apikey',
});

/** A resource as stored: every field including write-only ones, `id` and `version` from the item keys. */
export type StoredResource = Record<string, unknown> & { id: string; version: number };

export function resourceFromItem(item: StoredItem): StoredResource {
  const data =
    typeof item['data'] === 'object' && item['data'] !== null
      ? (item['data'] as Record<string, unknown>)
      : {};
  return { id: item.sk, version: item.version ?? 0, ...data };
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
