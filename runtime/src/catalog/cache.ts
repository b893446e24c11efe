/**
 * The tool catalog on the hot path: an in-process LRU over the stored catalogs, served stale while it is
 * re-read in the background, and fed by what passes through (`learn`) or what an upstream lists on demand
 * (`refresh`). The store is written only when a catalog's hash changed.
 */

import type { LRUCache } from 'lru-cache';
import type { Clock } from '../core/clock.js';
import { InFlight } from '../core/in-flight.js';
import { lruCache } from '../core/lru.js';
import type { StateStore } from '../store/port.js';
import { mergeIntoCatalog, readCatalog, readCatalogHash, saveCatalog, unionOf } from './store.js';
import { type CatalogTool, catalogHash, type ToolCatalog } from './tools.js';

/** Lists a server's tools from the upstream itself (a probe session). */
export type ToolLister = (serverId: string) => Promise<CatalogTool[]>;

interface Entry {
  catalog: ToolCatalog | undefined;
  readAt: number;
  /** The hash the store was last seen to hold, and when: a list learned again is written again when the
   * store holds another (a failed write, or another instance's older list). */
  stored?: { hash: string | undefined; at: number };
}

export interface CatalogCacheOptions {
  store: StateStore;
  clock: Clock;
  /** How long an entry is served before it is re-read in the background. Default 30 s. */
  ttlMs?: number;
  max?: number;
  log?: (line: string) => void;
}

const byName = (tools: CatalogTool[]) =>
  tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** How long a server whose upstream could not be listed on demand is not listed again (per instance). */
const FAILED_LISTING_MS = 10_000;

export class CatalogCache {
  /** Servers whose on-demand listing failed, and until when it is not tried again. */
  private readonly failedListings = lruCache<string, number>(1000);
  private readonly entries: LRUCache<string, Entry>;
  private readonly loading = new InFlight<string, ToolCatalog | undefined>();
  /** Per server, the write under way and the newest list still to write after it. */
  private readonly writes = new Map<
    string,
    { done: Promise<void>; next: readonly CatalogTool[] | undefined; merge: boolean }
  >();
  private readonly ttlMs: number;
  /** How many lists changed each server's catalog (a refresh tells whether one did meanwhile). */
  private readonly learnings = lruCache<string, number>(5000);
  /** Servers whose stored hash is being read (one read at a time). */
  private readonly verifying = new Set<string>();

  constructor(private readonly options: CatalogCacheOptions) {
    this.entries = lruCache(options.max ?? 5000);
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  /** The catalog as known here; a stale entry is served while it is re-read. Undefined when unknown. */
  async get(serverId: string): Promise<ToolCatalog | undefined> {
    const entry = this.entries.get(serverId);
    if (entry === undefined) return this.load(serverId);
    if (this.options.clock.now() - entry.readAt > this.ttlMs) void this.load(serverId).catch(() => undefined);
    return entry.catalog;
  }

  /**
   * The catalog, listed from the upstream when none is known yet (single-flight per server), so a decision
   * that needs it (read-only provisioning) can be made on a first call.
   */
  async require(serverId: string, list: ToolLister, merge = false): Promise<ToolCatalog | undefined> {
    const known = await this.get(serverId);
    if (known !== undefined) return known;
    // an upstream that refuses a listing without a caller (or is down) is not asked again on every call
    const now = this.options.clock.now();
    if (now < (this.failedListings.get(serverId) ?? 0)) return undefined;
    try {
      return await this.refresh(serverId, list, merge);
    } catch (error) {
      this.failedListings.set(serverId, now + FAILED_LISTING_MS);
      throw error;
    }
  }

  /**
   * Lists the upstream's tools now (after `notifications/tools/list_changed`, or when none are known);
   * `merge` as `learn` takes it.
   */
  refresh(serverId: string, list: ToolLister, merge = false): Promise<ToolCatalog | undefined> {
    return this.loading.join(`refresh:${serverId}`, () => {
      // a list that went by while this one was asked for is as new (a client re-listing on the same
      // change notice) or newer: this one, from a session of its own, must not replace it
      const learned = this.learnings.get(serverId);
      return list(serverId).then((tools) =>
        this.learnings.get(serverId) !== learned
          ? this.entries.get(serverId)?.catalog
          : this.learn(serverId, tools, merge),
      );
    });
  }

  /**
   * Records a complete tool list; stores it in the background when it differs. Lists learned while a
   * write is under way wait for it, and only the newest of them is written then. `merge`: the list is one
   * caller's view of a server that lists per caller; it joins the catalog (`unionOf`) instead of
   * replacing it, so two users' lists do not take turns as the catalog.
   */
  learn(serverId: string, listed: readonly CatalogTool[], merge = false, page = false): ToolCatalog {
    const entry = this.entries.get(serverId);
    const known = entry?.catalog;
    // a list naming a tool twice (overlapping pages) holds its last definition, as the store keeps it
    const tools = merge ? byName(unionOf(known?.tools ?? [], listed)) : oncePerName(listed);
    const hash = catalogHash(tools);
    const now = this.options.clock.now();
    if (known?.hash === hash) {
      this.entries.set(serverId, { ...entry!, readAt: now });
      // the store may hold another list than this one: checked once a TTL (one item read), written when
      // it does (a caller's view of a per-caller server is joined to the store's, never rewritten)
      const stored = entry!.stored;
      const current = stored?.hash === hash && now - stored.at <= this.ttlMs;
      if (!merge && !current && !this.writes.has(serverId)) void this.verifyStored(serverId, known);
      return known;
    }
    // (only a list that changed the catalog: one as it was, answered before a change, is no news; nor
    // is a page, which tells nothing of tools added or gone)
    if (!page) this.learnings.set(serverId, (this.learnings.get(serverId) ?? 0) + 1);
    const catalog: ToolCatalog = {
      serverId,
      tools: [...tools].sort((a, b) => (a.name < b.name ? -1 : 1)),
      hash,
      updatedAt: new Date(now).toISOString(),
    };
    this.entries.set(serverId, { catalog, readAt: now, ...(entry?.stored ? { stored: entry.stored } : {}) });
    this.write(serverId, merge ? listed : tools, merge);
    return catalog;
  }

  /**
   * Takes the definitions of one page of a list that completes no catalog here (more pages follow, or its
   * first pages went by elsewhere) for tools the catalog holds: a drift shown on one page is then what an
   * admin sees and approves, not the definition pinned before. New names wait for a whole list (a page
   * alone tells nothing of the tools on others); nothing is written when nothing changed.
   */
  learnPage(serverId: string, page: readonly CatalogTool[]): void {
    const entry = this.entries.get(serverId);
    if (entry === undefined) {
      void this.get(serverId)
        .then((catalog) => catalog !== undefined && this.learnPage(serverId, page))
        .catch(() => undefined);
      return;
    }
    if (entry.catalog === undefined) return;
    const hashes = new Map(entry.catalog.tools.map((tool) => [tool.name, tool.hash]));
    const changed = page.filter((tool) => hashes.has(tool.name) && hashes.get(tool.name) !== tool.hash);
    if (changed.length > 0) this.learn(serverId, changed, true, true);
  }

  /** Writes a list learned (after the write under way, if any: only the newest list then). */
  private write(serverId: string, listed: readonly CatalogTool[], merge: boolean): void {
    const pending = this.writes.get(serverId);
    if (pending !== undefined) {
      // a list joining one still to write joins it, which stays a replacement if it was one (the tools it
      // left out stay gone)
      if (merge && pending.next !== undefined) pending.next = unionOf(pending.next, listed);
      else {
        pending.next = listed;
        pending.merge = merge;
      }
      return;
    }
    const write = {
      done: Promise.resolve(),
      next: listed as readonly CatalogTool[] | undefined,
      merge,
    };
    write.done = (async () => {
      for (let list = write.next; list !== undefined; list = write.next) {
        write.next = undefined;
        const { store, clock } = this.options;
        try {
          if (!write.merge) this.sawStored(serverId, (await saveCatalog(store, clock, serverId, list)).hash);
          else {
            // what other instances' callers were shown is in the store: the cache learns it too
            const stored = await mergeIntoCatalog(store, clock, serverId, list);
            const current = this.entries.get(serverId);
            if (current?.catalog !== undefined && current.catalog.hash !== stored.hash) {
              const tools = byName(unionOf(stored.tools, current.catalog.tools));
              this.entries.set(serverId, {
                catalog: { ...stored, tools, hash: catalogHash(tools) },
                readAt: current.readAt,
              });
            }
          }
        } catch (error) {
          this.options.log?.(
            `mcp-gateway: could not store the tool catalog of ${serverId}: ${String(error)}`,
          );
        }
      }
      this.writes.delete(serverId);
    })();
    this.writes.set(serverId, write);
  }

  /** Records the hash the store holds for a server, as of now. */
  private sawStored(serverId: string, hash: string | undefined): void {
    const entry = this.entries.get(serverId);
    if (entry !== undefined)
      this.entries.set(serverId, { ...entry, stored: { hash, at: this.options.clock.now() } });
  }

  /** Reads the stored catalog's hash; writes the catalog known here when the store holds another. */
  private async verifyStored(serverId: string, catalog: ToolCatalog): Promise<void> {
    if (this.verifying.has(serverId)) return;
    this.verifying.add(serverId);
    try {
      const hash = await readCatalogHash(this.options.store, serverId);
      this.sawStored(serverId, hash);
      if (hash !== catalog.hash && this.entries.get(serverId)?.catalog === catalog)
        this.write(serverId, catalog.tools, false);
    } catch (error) {
      this.options.log?.(
        `mcp-gateway: could not read the stored tool catalog of ${serverId}: ${String(error)}`,
      );
    } finally {
      this.verifying.delete(serverId);
    }
  }

  /** Waits for pending catalog writes (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.writes.values()].map((write) => write.done));
  }

  private load(serverId: string): Promise<ToolCatalog | undefined> {
    return this.loading.join(serverId, () => {
      const started = this.options.clock.now();
      return readCatalog(this.options.store, serverId).then((catalog) => {
        // a catalog learned while the store was read is newer than what the store had
        const current = this.entries.get(serverId);
        if (current !== undefined && current.readAt >= started) return current.catalog;
        const now = this.options.clock.now();
        this.entries.set(serverId, { catalog, readAt: now, stored: { hash: catalog?.hash, at: now } });
        return catalog;
      });
    });
  }
}

/** The tools with one definition per name (the last one listed); the same array when no name repeats. */
function oncePerName(tools: readonly CatalogTool[]): readonly CatalogTool[] {
  return new Set(tools.map((tool) => tool.name)).size === tools.length ? tools : unionOf([], tools);
}
