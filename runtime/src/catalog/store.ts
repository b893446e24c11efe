/**
 * Where the tool catalog lives in the single table: one partition per server id, an item per tool (a
 * 500-tool catalog with schemas does not fit DynamoDB's 400 KB item limit) and a head item.
 *
 * | item  | pk                     | sk             | attributes                       |
 * |-------|------------------------|----------------|----------------------------------|
 * | head  | `catalog#<server id>`  | `head`         | `hash`, `updatedAt`, `count`     |
 * | tool  | `catalog#<server id>`  | `tool#<name>`  | `tool` (a CatalogTool)           |
 *
 * Writes happen only when the catalog hash changed, and then only for the tools that changed.
 */
import type { Clock } from '../core/clock.js';
import { valueDepthExceeds } from '../core/json-depth.js';
import { cut } from '../core/text.js';
import { queryAll, type StateStore, unstorableNumberAt } from '../store/port.js';
import {
  type CatalogTool,
  catalogHash,
  MAX_CATALOG_TOOLS,
  type ToolCatalog,
  toCatalogTool,
} from './tools.js';

export const catalogPartition = (serverId: string): string => `catalog#${serverId}`;
const HEAD = 'head';
const toolKey = (name: string) => `tool#${name}`;
/** Under DynamoDB's 400 KB item limit with room for the keys; larger definitions keep no schemas or icons. */
const MAX_TOOL_BYTES = 350_000;
/** Levels of nesting of a stored tool: DynamoDB's 32, less the item and the `tool` attribute. */
const MAX_TOOL_DEPTH = 30;

/**
 * The stored catalog of a server, or undefined when none was learned yet. Malformed items are skipped. Its
 * hash is that of the tools read, not the head's: two saves at once (two instances learning different
 * lists) can leave one's tools under the other's head, and a hash that matches the newer list would keep
 * the mix from ever being written again.
 */
export async function readCatalog(store: StateStore, serverId: string): Promise<ToolCatalog | undefined> {
  const items = await queryAll(store, catalogPartition(serverId));
  const head = items.find((item) => item.sk === HEAD);
  if (head === undefined || typeof head['hash'] !== 'string' || typeof head['updatedAt'] !== 'string')
    return undefined;
  const tools: CatalogTool[] = [];
  for (const item of items) {
    if (!item.sk.startsWith('tool#')) continue;
    const tool = toCatalogTool(item['tool']);
    // the hash it was stored with: that of the whole definition, also when it was kept without its
    // schemas (too large)
    const stored = item['tool'] as { hash?: unknown; priorHash?: unknown; abridged?: unknown };
    if (tool !== undefined)
      tools.push({
        ...tool,
        ...(typeof stored.hash === 'string' ? { hash: stored.hash } : {}),
        ...(typeof stored.priorHash === 'string' ? { priorHash: stored.priorHash } : {}),
        ...(stored.abridged === true ? { abridged: true as const } : {}),
      });
  }
  tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { serverId, tools, hash: catalogHash(tools), updatedAt: head['updatedAt'] };
}

/** The stored catalog's hash alone (one item read), to skip writing an unchanged catalog. */
export async function readCatalogHash(store: StateStore, serverId: string): Promise<string | undefined> {
  const head = await store.get(catalogPartition(serverId), HEAD);
  return typeof head?.['hash'] === 'string' ? head['hash'] : undefined;
}

/**
 * Whether a tool fits one store item: its size, DynamoDB's 32 levels of nesting (the item's own counted),
 * and numbers DynamoDB can hold (a schema's `maximum` may be the largest double).
 */
const fits = (tool: Partial<CatalogTool>) =>
  !valueDepthExceeds(tool, MAX_TOOL_DEPTH) &&
  Buffer.byteLength(JSON.stringify(tool)) <= MAX_TOOL_BYTES &&
  unstorableNumberAt(tool) === undefined;

/**
 * A tool as it can be stored: whole; else without its schemas, icons and execution (too large or too
 * deeply nested); else by its name, title, a cut description and hash. No tool can fail a catalog's save
 * halfway (the tools after it unwritten, the vanished ones kept).
 */
function storable(tool: CatalogTool): CatalogTool {
  if (fits(tool)) return tool;
  const { inputSchema: _input, outputSchema: _output, icons: _icons, execution: _execution, ...rest } = tool;
  if (fits(rest)) return { ...rest, abridged: true };
  const { name, title, description, hash, priorHash } = tool;
  return {
    name,
    ...(title !== undefined ? { title: cut(title, 1024) } : {}),
    ...(description !== undefined ? { description: cut(description, 64 * 1024) } : {}),
    hash,
    ...(priorHash !== undefined ? { priorHash } : {}),
    abridged: true,
  };
}

/**
 * Replaces a server's stored catalog with `tools`: puts new and changed tools, deletes vanished ones,
 * then the head (so a reader never sees a head newer than its tools). Answers the catalog as stored.
 */
export async function saveCatalog(
  store: StateStore,
  clock: Clock,
  serverId: string,
  tools: readonly CatalogTool[],
): Promise<ToolCatalog> {
  const pk = catalogPartition(serverId);
  // one definition per name, the last listed: what the items keyed by name hold, and the hash reads back
  const kept = unionOf([], tools).map(storable);
  const hash = catalogHash(kept);
  const existing = new Map<string, string>();
  for (const item of await queryAll(store, pk)) {
    const tool = item['tool'] as { hash?: unknown } | undefined;
    if (item.sk.startsWith('tool#')) existing.set(item.sk, typeof tool?.hash === 'string' ? tool.hash : '');
  }
  for (const tool of kept) {
    const sk = toolKey(tool.name);
    if (existing.get(sk) !== tool.hash) await store.put({ pk, sk, tool });
    existing.delete(sk);
  }
  for (const sk of existing.keys()) await store.delete(pk, sk);
  const updatedAt = new Date(clock.now()).toISOString();
  await store.put({ pk, sk: HEAD, hash, updatedAt, count: kept.length });
  return { serverId, tools: [...kept].sort((a, b) => (a.name < b.name ? -1 : 1)), hash, updatedAt };
}

/** `base` with `added` in it: a tool of the same name replaced, the others kept. */
export function unionOf(base: readonly CatalogTool[], added: readonly CatalogTool[]): CatalogTool[] {
  const byName = new Map(base.map((tool) => [tool.name, tool]));
  for (const tool of added) byName.set(tool.name, tool);
  if (byName.size <= MAX_CATALOG_TOOLS) return [...byName.values()];
  // a union past any real server's list (an upstream naming tools per caller or per session): the list
  // just seen, and as much of the rest as fits
  const kept = new Map(added.map((tool) => [tool.name, tool]));
  for (const tool of base) {
    if (kept.size >= MAX_CATALOG_TOOLS) break;
    if (!kept.has(tool.name)) kept.set(tool.name, tool);
  }
  return [...kept.values()];
}

/**
 * Adds a list to a server's stored catalog (see `unionOf`): the catalog of a server whose list depends on
 * the caller is what its callers were shown, not whoever listed last.
 */
export async function mergeIntoCatalog(
  store: StateStore,
  clock: Clock,
  serverId: string,
  tools: readonly CatalogTool[],
): Promise<ToolCatalog> {
  const stored = await readCatalog(store, serverId);
  return saveCatalog(store, clock, serverId, unionOf(stored?.tools ?? [], tools));
}

/** Forgets a server's catalog (the server was deleted). */
export async function deleteCatalog(store: StateStore, serverId: string): Promise<void> {
  for (const item of await queryAll(store, catalogPartition(serverId))) await store.delete(item.pk, item.sk);
}
