/**
 * How a virtual server names its members' tools and prompts: each member's `prefix` (or an explicit
 * `rename`), and back from a name to the member that serves it. Shared by the data plane and the
 * management API's explainer.
 */
import type { Server } from '../core/config.js';

export type VirtualMember = NonNullable<Server['members']>[number];

/** The name a member's tool or prompt has on the virtual server. */
export const exposedName = (member: VirtualMember, name: string): string =>
  renamed(member, name) ?? `${member.prefix ?? ''}${name}`;

/** A member's explicit new name for one of its own (own properties only: a tool may be named `constructor`). */
const renamed = (member: VirtualMember, name: string): string | undefined =>
  member.rename !== undefined && Object.hasOwn(member.rename, name) ? member.rename[name] : undefined;

/**
 * The member (by index) and its own name for a name of the virtual server: explicit renames first, then
 * the longest prefix that matches (a member without a prefix last).
 */
export function routeName(
  members: readonly VirtualMember[],
  name: string,
): { index: number; name: string } | undefined {
  for (const [index, member] of members.entries())
    for (const [own, renamed] of Object.entries(member.rename ?? {}))
      if (renamed === name) return { index, name: own };
  const byPrefix = [...members.entries()].sort(
    ([, a], [, b]) => (b.prefix ?? '').length - (a.prefix ?? '').length,
  );
  for (const [index, member] of byPrefix) {
    const prefix = member.prefix ?? '';
    if (!name.startsWith(prefix)) continue;
    const own = name.slice(prefix.length);
    // a renamed entry is reached only by its new name
    if (own !== '' && renamed(member, own) === undefined) return { index, name: own };
  }
  return undefined;
}
