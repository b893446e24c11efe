/**
 * Uniqueness of configuration values without transactions (the layout itself is in
 * store/config-items.ts): a claim item is put with an `absent` condition before the resource item,
 * released after the resource is deleted or renamed, and a claim whose resource never appeared (a crash
 * between the two writes) can be taken over once it is stale.
 */
import type { Clock } from '../core/clock.js';
import { readResource } from '../store/config-items.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';

/** How long a claim may exist without its holder's item before another holder may take it over. */
export const staleClaimMs = 30_000;

export interface ClaimRequest {
  /** The claim item's key: a unique-value claim or an api-key lookup. */
  pk: string;
  sk: string;
  /** The id of the resource claiming it. */
  id: string;
  /** The type of the holding resources, whose item (`cfg#<type>`, id) a claim points to. */
  holderType: string;
  /** Whether a holder's item still holds the claimed value (e.g. still has that name or secret). */
  holds(holder: StoredItem): boolean;
  /** The error when a live holder has it (a 409). */
  conflict(): Error;
}

/**
 * Puts the claim item `{ id, claimedAt, version }` with an `absent` condition, so no two resources hold
 * the same value. An existing claim older than `staleClaimMs` is taken over (conditionally on its version)
 * when its holder's item no longer holds the value (a release that failed) or never appeared (a create
 * that crashed between its two writes). Claiming a value `id` already holds succeeds.
 */
export async function claim(store: StateStore, clock: Clock, request: ClaimRequest): Promise<void> {
  const { pk, sk, id } = request;
  const item: StoredItem = { pk, sk, id, claimedAt: clock.now(), version: 1 };
  try {
    await store.put(item, { kind: 'absent' });
    return;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
  const existing = await store.get(pk, sk, { consistent: true });
  if (existing === undefined) {
    // Released in the meantime: one more try.
    try {
      await store.put(item, { kind: 'absent' });
      return;
    } catch (error) {
      if (error instanceof ConditionFailedError) throw request.conflict();
      throw error;
    }
  }
  const holder = typeof existing['id'] === 'string' ? existing['id'] : undefined;
  const version = existing.version ?? 0;
  if (holder === id) {
    // Still this resource's from a value it held before (a rename back while the rename away still
    // releases it): taken anew, so that the release, conditional on the version it read, leaves it be.
    try {
      await store.put({ ...item, version: version + 1 }, { kind: 'version', version });
    } catch (error) {
      if (error instanceof ConditionFailedError) throw request.conflict();
      throw error;
    }
    return;
  }
  const holderItem = holder === undefined ? undefined : await readResource(store, request.holderType, holder);
  if (holderItem !== undefined && request.holds(holderItem)) throw request.conflict();
  // A fresh claim is held whatever its holder's item says yet: a create or a rename claims before it
  // writes, so the holder's item may not have (or still have another value) for a moment.
  const claimedAt = typeof existing['claimedAt'] === 'number' ? existing['claimedAt'] : 0;
  if (clock.now() - claimedAt < staleClaimMs) throw request.conflict();
  // The holder never appeared (or no longer holds the value) for a while: take the claim over.
  try {
    await store.put({ ...item, version: version + 1 }, { kind: 'version', version });
  } catch (error) {
    if (error instanceof ConditionFailedError) throw request.conflict();
    throw error;
  }
}

/**
 * Deletes a claim if `id` still holds it and its item does not: a write of the same resource that claimed
 * the value as well (a retried create, a second rename or rotation) may have won while this one failed,
 * and the claim is that write's too. Best effort: a leftover claim is taken over once stale.
 *
 * `version` is the claim's version read before the write that let go of the value (see
 * {@link claimVersion}): a claim taken anew since (the value claimed back) is no longer the one to release.
 */
export async function releaseClaim(
  store: StateStore,
  { pk, sk, id, holderType, holds }: Omit<ClaimRequest, 'conflict'>,
  version?: number,
): Promise<void> {
  try {
    const existing = await store.get(pk, sk, { consistent: true });
    if (existing === undefined || existing['id'] !== id) return;
    if (version !== undefined && (existing.version ?? 0) !== version) return;
    const holder = await readResource(store, holderType, id);
    if (holder !== undefined && holds(holder)) return;
    await store.delete(pk, sk, { version: existing.version ?? 0 });
  } catch {
    // Ignored on purpose, see above.
  }
}

/** The version of the claim `id` holds at `pk`/`sk`, if it holds one: read before a write lets go of it. */
export async function claimVersion(
  store: StateStore,
  { pk, sk, id }: Pick<ClaimRequest, 'pk' | 'sk' | 'id'>,
): Promise<number | undefined> {
  const existing = await store.get(pk, sk, { consistent: true });
  return existing !== undefined && existing['id'] === id ? (existing.version ?? 0) : undefined;
}
