/**
 * Write-only configuration sealed at rest: a server's upstream headers and client secret, a webhook's
 * signing secret, an identity provider's client secret, a registry's or telemetry sink's headers. With a
 * sealer configured (the token vault's key: `MCP_GATEWAY_VAULT_KEY`, or the KMS key on AWS) they leave
 * the item's `data` for its `sealed` attribute, one sealed JSON value per field path, each bound to its
 * resource type, id and path: a value copied to another record or field does not open. Without a sealer
 * they stay in `data` as before; a value written in the clear is sealed at its resource's next write.
 */
import { lruCache } from '../core/lru.js';
import {
  hasSealedFields,
  resourceFromItem,
  resourcePartition,
  SEALED_ATTRIBUTE as SEALED,
  type StoredResource,
} from '../store/config-items.js';
import { itemsOf, type StateStore, type StoredItem } from '../store/port.js';
import { NotSealedByThisKey, type Sealer } from '../vault/sealer.js';
import { CorruptConfigError } from './decode.js';

/**
 * What is wrong with the sealing key a process starts with, judged by the store's sealed resources
 * (of these types), or undefined when nothing is: `missing` when it has none although the store holds
 * sealed fields (it could open none of them, and would write new ones in the clear beside them);
 * `wrong` when it opens none of them (a key rotated without the old one among the previous keys: this
 * process would serve without any of them, and seal what others cannot open). One that opens any is the
 * right key (those it cannot open, sealed with a key since lost, are reported as they are read). Read a
 * page at a time, to the first one that opens (a local key's opening is no more than AES).
 */
export async function sealingKeyProblem(
  store: StateStore,
  types: readonly string[],
  sealer: Sealer | undefined,
): Promise<'missing' | 'wrong' | undefined> {
  let tried = false;
  for (const type of types)
    for await (const item of itemsOf(store, resourcePartition(type), { pageSize: 200 })) {
      if (!hasSealedFields(item)) continue;
      if (sealer === undefined) return 'missing';
      try {
        await openResource(item, sealer);
        return undefined;
      } catch (error) {
        if (!(error instanceof SealedFieldUnopened)) throw error;
      }
      tried = true;
    }
  return tried ? 'wrong' : undefined;
}

/** A field path as the `sealed` attribute names it: its steps joined by `/`. */
const pathKey = (path: readonly string[]): string => path.join('/');

const sealContext = (type: string, id: string, key: string): string => `config:${type}/${id}/${key}`;

/** A stored resource whose sealed fields this gateway cannot open (no sealer, or another key). */
export class SealedFieldUnopened extends CorruptConfigError {
  constructor(type: string, id: string, field: string, reason: string) {
    super(type, id, field, `has a sealed "${field}" this gateway cannot open (${reason})`);
    this.name = 'SealedFieldUnopened';
  }
}

function valueAt(data: Record<string, unknown>, path: readonly string[]): unknown {
  let at: unknown = data;
  for (const step of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

/** A copy of `data` without the value at `path` (objects on the way copied, never mutated). */
function without(data: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [step, ...rest] = path;
  if (step === undefined || !(step in data)) return data;
  const copy = { ...data };
  if (rest.length === 0) delete copy[step];
  else copy[step] = without(copy[step] as Record<string, unknown>, rest);
  return copy;
}

function withValue(data: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = data;
  path.forEach((step, index) => {
    if (index === path.length - 1) at[step] = value;
    else {
      const next = at[step];
      at = at[step] = typeof next === 'object' && next !== null ? { ...(next as object) } : {};
    }
  });
}

/**
 * The item attributes for a resource's fields: `data` without the values at `paths` and `sealed` with
 * them, when there is a sealer and anything to seal; `data` as it is otherwise.
 */
export async function sealFields(
  sealer: Sealer | undefined,
  type: string,
  id: string,
  data: Record<string, unknown>,
  paths: readonly (readonly string[])[],
): Promise<{ data: Record<string, unknown>; sealed?: Record<string, string> }> {
  if (sealer === undefined) return { data };
  let open = data;
  const sealed: Record<string, string> = {};
  for (const path of paths) {
    const value = valueAt(data, path);
    if (value === undefined || value === null) continue;
    const key = pathKey(path);
    sealed[key] = await sealer.seal(JSON.stringify(value), sealContext(type, id, key));
    open = without(open, path);
  }
  return Object.keys(sealed).length === 0 ? { data } : { data: open, sealed };
}

/**
 * The resource an item holds with its sealed fields opened. Throws {@link SealedFieldUnopened} for a
 * value this gateway can never open; a failure of the moment (KMS unreachable) is thrown as it is.
 */
export async function openResource(item: StoredItem, sealer: Sealer | undefined): Promise<StoredResource> {
  const resource = resourceFromItem(item);
  if (!hasSealedFields(item)) return resource;
  const type = item.pk.startsWith('cfg#') ? item.pk.slice(4) : item.pk;
  for (const [key, sealed] of Object.entries(item[SEALED] as Record<string, unknown>)) {
    if (sealer === undefined)
      throw new SealedFieldUnopened(type, resource.id, key, 'no sealing key is configured');
    if (typeof sealed !== 'string')
      throw new SealedFieldUnopened(type, resource.id, key, 'not a sealed value');
    let text: string;
    try {
      text = await sealer.open(sealed, sealContext(type, resource.id, key));
    } catch (error) {
      if (error instanceof NotSealedByThisKey)
        throw new SealedFieldUnopened(type, resource.id, key, 'it was sealed with another key');
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // never the parser's message: it quotes the text
      throw new SealedFieldUnopened(type, resource.id, key, 'it does not hold a JSON value');
    }
    withValue(resource, key.split('/'), value);
  }
  return resource;
}

/**
 * {@link openResource} with what it opened kept by item and version: a reload of an unchanged item opens
 * nothing again (on AWS each opening of another data key is a KMS call).
 */
export function cachingOpener(
  sealer: Sealer | undefined,
  entries: number,
): (item: StoredItem) => Promise<StoredResource> {
  const cache = lruCache<string, StoredResource>(entries);
  return async (item) => {
    const key = `${item.pk}\n${item.sk}\n${item.version ?? 0}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const resource = await openResource(item, sealer);
    cache.set(key, resource);
    return resource;
  };
}

/** The item attributes that hold fields: the `sealed` attribute goes with `data`, replaced together. */
export function withFields(
  item: StoredItem,
  fields: { data: Record<string, unknown>; sealed?: Record<string, string> },
): StoredItem {
  const { [SEALED]: _old, ...rest } = item;
  return {
    ...rest,
    data: fields.data,
    ...(fields.sealed !== undefined ? { [SEALED]: fields.sealed } : {}),
  } as StoredItem;
}
