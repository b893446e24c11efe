/**
 * Registry entries whose servers an admin deleted: a sync makes them no more (an admin who deleted a
 * server did not want it, however often the registry lists it). Kept per registry (by id: a registry made
 * again under the name starts afresh); importing the entry by hand makes its server again.
 */
import { queryAll, type StateStore } from '../store/port.js';

const partition = (registryId: string) => `registry-dismissed#${registryId}`;

/** Records that the server made of `entry` (a registry's entry name) was deleted. */
export async function dismissEntry(
  store: StateStore,
  registryId: string,
  entry: string,
  at: string,
): Promise<void> {
  await store.put({ pk: partition(registryId), sk: entry, at });
}

/** The entries of a registry whose servers were deleted. */
export async function dismissedEntries(store: StateStore, registryId: string): Promise<ReadonlySet<string>> {
  return new Set((await queryAll(store, partition(registryId))).map((item) => item.sk));
}
