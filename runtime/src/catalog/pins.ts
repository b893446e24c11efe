/**
 * Tool pins: for a server with `toolPinning`, the definition hash of each tool as first seen or as an
 * admin approved it. A tool whose current definition hashes otherwise has drifted: it is recorded once
 * per new definition (`pendingHash`, an audit event) and, with `quarantine`, kept from clients until an
 * admin approves the new definition.
 *
 * | item | pk                  | sk             | attributes                                         |
 * |------|---------------------|----------------|----------------------------------------------------|
 * | pin  | `pins#<server id>`  | `tool#<name>`  | `hash`, `pinnedAt`, `approvedBy`?, `pendingHash`?  |
 */

import type { Clock } from '../core/clock.js';
import { lruCache } from '../core/lru.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';
import { type CatalogTool, MAX_CATALOG_TOOLS } from './tools.js';

export interface ToolPin {
  name: string;
  hash: string;
  pinnedAt: string;
  approvedBy?: string;
  /** The drifted definition last seen, when it differs from the pin. */
  pendingHash?: string;
  pendingAt?: string;
  /**
   * How `hash` was made: 2 with icons and execution counted; none for a pin made before they were (only
   * such a pin may match a tool's prior hash).
   */
  scheme?: 2;
}

/** The hash scheme of pins made now. */
const SCHEME = 2 as const;

export const pinsPartition = (serverId: string) => `pins#${serverId}`;
const pinKey = (name: string) => `tool#${name}`;

function decodePin(item: Record<string, unknown>): ToolPin | undefined {
  const { name, hash, pinnedAt, approvedBy, pendingHash, pendingAt, scheme } = item;
  if (typeof name !== 'string' || typeof hash !== 'string' || typeof pinnedAt !== 'string') return undefined;
  return {
    name,
    hash,
    pinnedAt,
    ...(typeof approvedBy === 'string' ? { approvedBy } : {}),
    ...(typeof pendingHash === 'string' ? { pendingHash } : {}),
    ...(typeof pendingAt === 'string' ? { pendingAt } : {}),
    ...(scheme === SCHEME ? { scheme } : {}),
  };
}

export async function readPins(store: StateStore, serverId: string): Promise<Map<string, ToolPin>> {
  const pins = new Map<string, ToolPin>();
  let cursor: string | undefined;
  do {
    const page = await store.query(pinsPartition(serverId), {
      limit: 100,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of page.items) {
      const pin = decodePin(item);
      if (pin !== undefined) pins.set(pin.name, pin);
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return pins;
}

/** Pins `hash` as the tool's approved definition (an admin's approval). */
export async function approvePin(
  store: StateStore,
  clock: Clock,
  serverId: string,
  name: string,
  hash: string,
  approvedBy: string,
): Promise<ToolPin> {
  const pin: ToolPin = {
    name,
    hash,
    pinnedAt: new Date(clock.now()).toISOString(),
    approvedBy,
    scheme: SCHEME,
  };
  const pk = pinsPartition(serverId);
  const current = await store.get(pk, pinKey(name));
  const version = current?.version;
  // a drift recorded meanwhile (another definition) must not be approved unseen: the write is conditional
  await store.put(
    { pk, sk: pinKey(name), version: (version ?? 0) + 1, ...pin },
    current === undefined
      ? { kind: 'absent' }
      : version !== undefined
        ? { kind: 'version', version }
        : undefined,
  );
  return pin;
}

export async function deletePins(store: StateStore, serverId: string): Promise<void> {
  const pins = await readPins(store, serverId);
  for (const name of pins.keys()) await store.delete(pinsPartition(serverId), pinKey(name));
}

/** How the hash of a definition no tool can be made of begins (malformed, or a name listed twice). */
export const MALFORMED_HASH = 'malformed:';

/** What a definition seen for a tool means against its pin. */
export type PinCheck = 'first-seen' | 'pinned' | 'drifted';

/**
 * `priorHash`: the tool's hash without its icons and execution, which only a pin made before they counted
 * may hold (a pin made since holds a tool without them: their arrival is a drift).
 */
export function checkPin(pin: ToolPin | undefined, hash: string, priorHash?: string): PinCheck {
  if (pin === undefined) return 'first-seen';
  if (pin.hash === hash) return 'pinned';
  return pin.scheme === undefined && priorHash !== undefined && pin.hash === priorHash ? 'pinned' : 'drifted';
}

/**
 * Whether calls of a tool are refused under quarantine: its known definition (the catalog's, read at
 * `catalogUpdatedAt`) drifted from its pin; a drift recorded (by any instance's list) after the catalog
 * was read, which outweighs it (the catalog may be stale, or may not hold the tool at all); or the tool
 * was last listed malformed (or twice), which no catalog can hold.
 */
export function quarantined(
  pin: ToolPin | undefined,
  known: Pick<CatalogTool, 'hash' | 'priorHash'> | undefined,
  catalogUpdatedAt: string | undefined,
): boolean {
  if (pin === undefined) return false;
  if (pin.hash.startsWith(MALFORMED_HASH) || pin.pendingHash?.startsWith(MALFORMED_HASH) === true)
    return true;
  if (
    pin.pendingHash !== undefined &&
    (known === undefined || catalogUpdatedAt === undefined || (pin.pendingAt ?? '') >= catalogUpdatedAt)
  )
    return true;
  return known !== undefined && checkPin(pin, known.hash, known.priorHash) === 'drifted';
}

/**
 * Whether a call of tool `name` is refused under quarantine: its pin says so, or it has none while the
 * server holds all the pins it may (a tool that can be pinned no more is never offered, nor called).
 */
export function refusedUnderQuarantine(
  pins: ReadonlyMap<string, ToolPin>,
  name: string,
  known: Pick<CatalogTool, 'hash' | 'priorHash'> | undefined,
  catalogUpdatedAt: string | undefined,
): boolean {
  const pin = pins.get(name);
  return (pin === undefined && pins.size >= MAX_CATALOG_TOOLS) || quarantined(pin, known, catalogUpdatedAt);
}

/** The stricter of two pinning modes: a named server's quarantine holds for whatever serves it. */
export function stricterPinning(
  a: 'off' | 'log' | 'quarantine' | undefined,
  b: 'off' | 'log' | 'quarantine' | undefined,
): 'off' | 'log' | 'quarantine' {
  if (a === 'quarantine' || b === 'quarantine') return 'quarantine';
  return a === 'log' || b === 'log' ? 'log' : 'off';
}

/** Whether a pin that holds was made before icons and execution counted (to be brought up to date). */
export const pinOutdated = (pin: ToolPin | undefined) => pin !== undefined && pin.scheme === undefined;

/**
 * The pins on the hot path: read once per server and cached briefly (an approval shows within `ttlMs` on
 * every instance); the first definition seen of a tool is pinned and a drift recorded, each by one
 * conditional write that only the first instance to see it wins.
 */
export class PinCache {
  private readonly entries = lruCache<string, { pins: Map<string, ToolPin>; readAt: number }>(5000);
  private readonly loading = new Map<string, Promise<Map<string, ToolPin>>>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlMs = 5000,
  ) {}

  async get(serverId: string): Promise<Map<string, ToolPin>> {
    const entry = this.entries.get(serverId);
    if (entry !== undefined && this.clock.now() - entry.readAt < this.ttlMs) return entry.pins;
    const pending = this.loading.get(serverId);
    if (pending !== undefined) return pending;
    const load = readPins(this.store, serverId)
      .then((pins) => {
        this.entries.set(serverId, { pins, readAt: this.clock.now() });
        return pins;
      })
      .finally(() => this.loading.delete(serverId));
    this.loading.set(serverId, load);
    return load;
  }

  /**
   * Records what a definition seen means: pins a first-seen tool; marks a drifted one pending. Answers
   * true when this call recorded a new drift (for its audit event), false otherwise.
   */
  async observe(serverId: string, name: string, hash: string): Promise<boolean> {
    const pins = await this.get(serverId);
    const pin = pins.get(name);
    const now = new Date(this.clock.now()).toISOString();
    const pk = pinsPartition(serverId);
    const check = checkPin(pin, hash);
    if (check === 'pinned') return false;
    if (check === 'first-seen') {
      const fresh: ToolPin = { name, hash, pinnedAt: now, scheme: SCHEME };
      pins.set(name, fresh);
      await this.store
        .put({ pk, sk: pinKey(name), version: 1, ...fresh }, { kind: 'absent' })
        .catch((error: unknown) => {
          // another instance pinned it first: its pin holds; read it next time
          if (!(error instanceof ConditionFailedError)) throw error;
          this.entries.delete(serverId);
        });
      return false;
    }
    if (pin!.pendingHash === hash) return false;
    const item = await this.store.get(pk, pinKey(name));
    const stored = item === undefined ? undefined : decodePin(item);
    if (stored === undefined || stored.hash === hash || stored.pendingHash === hash) {
      this.entries.delete(serverId);
      return false;
    }
    try {
      await this.store.put(
        { ...item!, pendingHash: hash, pendingAt: now, version: (item!.version ?? 0) + 1 },
        item!.version === undefined ? undefined : { kind: 'version', version: item!.version },
      );
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
    pins.set(name, { ...stored, pendingHash: hash, pendingAt: now });
    return true;
  }

  /**
   * The pinned definition is back (the server reverted its change): the recorded drift no longer holds,
   * so calls of the tool are no longer refused for it. A conditional write; a newer drift recorded
   * meanwhile stays.
   */
  async revert(serverId: string, name: string, hash: string): Promise<void> {
    const pk = pinsPartition(serverId);
    const item = await this.store.get(pk, pinKey(name));
    const stored = item === undefined ? undefined : decodePin(item);
    if (stored === undefined || stored.hash !== hash || stored.pendingHash === undefined) return;
    const { pendingHash: _hash, pendingAt: _at, ...rest } = item!;
    try {
      await this.store.put(
        { ...rest, pk, sk: pinKey(name), version: (item!.version ?? 0) + 1 },
        item!.version === undefined ? undefined : { kind: 'version', version: item!.version },
      );
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    this.entries.delete(serverId);
  }

  /**
   * Brings a pin made before icons and execution counted (of `from`: the tool's prior hash, or its hash
   * when it has neither) to the tool's hash and the current scheme, so that from now on a change of those
   * is a drift too. The definition shown is the pinned one: a drift recorded before is over. A conditional
   * write; a pin changed meanwhile stays.
   */
  async upgrade(serverId: string, name: string, from: string, hash: string): Promise<void> {
    const pk = pinsPartition(serverId);
    const item = await this.store.get(pk, pinKey(name));
    const stored = item === undefined ? undefined : decodePin(item);
    if (stored === undefined || stored.hash !== from || stored.scheme !== undefined) return;
    const { pendingHash: _hash, pendingAt: _at, ...rest } = item!;
    try {
      await this.store.put(
        { ...rest, pk, sk: pinKey(name), hash, scheme: SCHEME, version: (item!.version ?? 0) + 1 },
        item!.version === undefined ? undefined : { kind: 'version', version: item!.version },
      );
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    this.entries.delete(serverId);
  }

  /** Forgets what this instance knows of a server's pins (after an approval here). */
  forget(serverId: string): void {
    this.entries.delete(serverId);
  }
}
