/**
 * Counts of what the authorization server lets anyone start without a credential (registering a client,
 * recording one from its metadata document), per clock hour and key, shared by every instance through the
 * store: one conditional increment each, so nothing is lost to leases of instances that come and go, and
 * a refusal says exactly when the next hour begins.
 */
import { isIPv6 } from 'node:net';
import type { Clock } from '../core/clock.js';
import type { StateStore } from '../store/port.js';

const HOUR_MS = 3_600_000;

/** Takes one of `limit` for `key` this hour: undefined when it fits, else the seconds until it may. */
export async function takeHourly(
  deps: { store: StateStore; clock: Clock },
  name: string,
  key: string,
  limit: number,
): Promise<number | undefined> {
  const now = deps.clock.now();
  const hour = Math.floor(now / HOUR_MS);
  const taken = await deps.store.incrementWithin(`quota#${name}#${hour}`, key, 'count', 1, limit, {
    expiresAt: ((hour + 2) * HOUR_MS) / 1000,
  });
  return taken.applied ? undefined : Math.max(1, Math.ceil(((hour + 1) * HOUR_MS - now) / 1000));
}

/** The key of a client address: an IPv6 host by its /64 (one host holds the whole prefix). */
export function addressKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  return prefixOf(address, 4) ?? address.replace(/^::ffff:/, '');
}

/**
 * The network of an IPv6 client address, its /48 (what a site or a cloud account is given: its /64s are
 * many), counted too so that one network cannot spend everyone's share; undefined for IPv4.
 */
export function networkKey(address: string | undefined): string | undefined {
  return address === undefined ? undefined : prefixOf(address, 3);
}

/** The first `groups` groups of an IPv6 address as a prefix (`2001:db8:0::/48`); undefined for IPv4. */
function prefixOf(address: string, groups: 3 | 4): string | undefined {
  if (!isIPv6(address) || address.startsWith('::ffff:')) return undefined;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const all = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${all
    .slice(0, groups)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/${groups * 16}`;
}
