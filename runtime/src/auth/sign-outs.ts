/**
 * Signing a user out everywhere (someone leaving, a lost laptop): the tokens issued to the user before
 * the sign-out are refused at the MCP endpoint (401, so a client signs in again), and the user's grants at
 * the gateway's authorization server end (a refresh token of a grant begun before it is refused, and so
 * is a code of a sign-in before it). An api key is no session: it is revoked on its own (`/v1/api-keys`).
 * One item per workspace and user, kept as long as a grant could outlive it; the data plane reads a
 * workspace's sign-outs as one list, cached like the configuration, and re-reads the list when a counter
 * of the workspace's sign-outs moved, or a minute on (a counter that failed to move misses nothing for
 * longer): one small read per cache refresh otherwise.
 */
import type { StateStore } from '../store/port.js';

/** How long a sign-out is kept: longer than a grant of the gateway's authorization server lasts (90 days). */
const KEPT_SECONDS = 91 * 24 * 3600;
/**
 * A token that does not say when it was issued (no `iat`, no `nbf`) is refused this long after its
 * user's sign-out: longer than access tokens live.
 */
const UNDATED_SECONDS = 24 * 3600;
/** Items read per page, and pages at most, of a workspace's sign-outs. */
const PAGE = 500;
const MAX_PAGES = 200;

export const signOutPartition = (workspace: string) => `signout#${workspace}`;
/**
 * The sign-outs an admin made, apart: only those end an admin's management tokens (a workspace-admin
 * signs a person out of the workspace, not out of administering the gateway).
 */
const adminSignOutPartition = (workspace: string) => `signout-admin#${workspace}`;
/** The items counting each workspace's sign-outs (apart: any text may be a user id). */
const COUNTERS = 'signout-count';

/** A workspace's sign-outs as read, with the counter they were read at. */
export interface SignOutList {
  count: number;
  users: ReadonlyMap<string, number>;
  /** False when the list was longer than what is read of it: a user not in it may still be signed out. */
  complete: boolean;
  /** When the list was read (ms). */
  readAt: number;
}

/** How long a list read whole is trusted while the counter stands still. */
const WHOLE_READ_MS = 60_000;

/**
 * Signs `user` of `workspace` out as of `nowMs`; answers the sign-out's time (epoch seconds). `byAdmin`:
 * an admin signed them out, which ends their management tokens of the admin role too.
 */
export async function signOut(
  store: StateStore,
  workspace: string,
  user: string,
  nowMs: number,
  byAdmin = false,
) {
  const at = Math.floor(nowMs / 1000);
  // one written before admins' sign-outs were kept apart ends an admin's tokens: kept, as an admin's
  const before = byAdmin ? undefined : await store.get(signOutPartition(workspace), user);
  const legacy = before !== undefined && before['by'] === undefined ? before['at'] : undefined;
  if (byAdmin || typeof legacy === 'number')
    await store.put({
      pk: adminSignOutPartition(workspace),
      sk: user,
      at: byAdmin ? at : (legacy as number),
      expiresAt: (byAdmin ? at : (legacy as number)) + KEPT_SECONDS,
    });
  // `by` tells it from one written before admins' sign-outs were kept apart (which an admin's tokens heed)
  await store.put({
    pk: signOutPartition(workspace),
    sk: user,
    at,
    by: byAdmin ? 'admin' : 'workspace-admin',
    expiresAt: at + KEPT_SECONDS,
  });
  // the counter tells every instance to read the list again: tried again before the call fails
  for (let attempt = 1; ; attempt++) {
    try {
      await store.increment(COUNTERS, workspace, { count: 1 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  return at;
}

/** When `user` of `workspace` was last signed out (epoch seconds; by an admin: `byAdmin`), read now. */
export async function signedOutAt(
  store: StateStore,
  workspace: string,
  user: string,
  byAdmin = false,
): Promise<number | undefined> {
  const any = await store.get(signOutPartition(workspace), user);
  if (!byAdmin) return typeof any?.['at'] === 'number' ? any['at'] : undefined;
  // an admin's: the last one an admin made, or one from before they were kept apart (whoever made it)
  const admins = await store.get(adminSignOutPartition(workspace), user);
  const times = [admins?.['at'], any !== undefined && any['by'] === undefined ? any['at'] : undefined].filter(
    (at): at is number => typeof at === 'number',
  );
  return times.length === 0 ? undefined : Math.max(...times);
}

/** The signed-out users of a workspace, with when (epoch seconds). */
export async function readSignOuts(
  store: StateStore,
  workspace: string,
  nowMs: number,
  known?: SignOutList,
  maxPages = MAX_PAGES,
): Promise<SignOutList> {
  const counter = (await store.get(COUNTERS, workspace))?.['count'];
  const count = typeof counter === 'number' ? counter : 0;
  // nobody signed out since `known` was read
  if (known !== undefined && known.count === count && nowMs - known.readAt < WHOLE_READ_MS) return known;
  const found = new Map<string, number>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const read = await store.query(signOutPartition(workspace), {
      limit: PAGE,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of read.items) if (typeof item['at'] === 'number') found.set(item.sk, item['at']);
    cursor = read.cursor;
    if (cursor === undefined) break;
  }
  return { count, users: found, readAt: nowMs, complete: cursor === undefined };
}

/** Whether a token with these claims predates a sign-out at `at` (epoch seconds): it is refused. */
export function predates(claims: Readonly<Record<string, unknown>> | undefined, at: number, nowMs: number) {
  const iat = claims?.['iat'];
  const nbf = claims?.['nbf'];
  const issued = typeof iat === 'number' ? iat : typeof nbf === 'number' ? nbf : undefined;
  // the sign-out's own second counts as before it: a token of that second may be from just before
  if (issued !== undefined) return issued <= at;
  return nowMs / 1000 < at + UNDATED_SECONDS;
}
