/**
 * Which credentials a server accepts: its workspace's `authentication` block, narrowed by the server's
 * own (a method or identity provider must be accepted by both). Unset means every method and every
 * identity provider serving the workspace.
 */
import type { Principal, Server, Workspace } from '../../core/config.js';

type Block = Server['authentication'];
export type Method = NonNullable<NonNullable<Block>['methods']>[number];

export interface Accepted {
  methods: ReadonlySet<Method>;
  /** Identity provider names; undefined accepts every one. */
  providers: ReadonlySet<string> | undefined;
}

/** Every way of signing in. */
export const METHODS: readonly Method[] = ['api-key', 'jwt', 'webhook', 'oauth'];

function intersect<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  if (a === undefined) return b === undefined ? undefined : [...b];
  if (b === undefined) return [...a];
  return a.filter((x) => b.includes(x));
}

export function acceptedBy(workspace: Workspace | undefined, server: Server | undefined): Accepted {
  const blocks: Block[] = [workspace?.authentication, server?.authentication];
  const methods = intersect(blocks[0]?.methods, blocks[1]?.methods) ?? METHODS;
  const providers = intersect(blocks[0]?.identityProviders, blocks[1]?.identityProviders);
  return { methods: new Set(methods), providers: providers === undefined ? undefined : new Set(providers) };
}

export const refusalOf: Record<Method, string> = {
  'api-key': 'This server does not accept api keys.',
  jwt: 'This server does not accept identity-provider tokens.',
  webhook: 'This server does not accept webhook authentication.',
  oauth: "This server does not accept the gateway's own OAuth tokens.",
};

/**
 * Whether the caller's identity provider is one `accepted` takes: a caller known by none (an api key's) or
 * a client's own token (client credentials, no person) is judged by its method alone.
 */
export function providerAccepted(accepted: Accepted, caller: Pick<Principal, 'provider'>): boolean {
  const { provider } = caller;
  return (
    provider === undefined ||
    provider.startsWith('client:') ||
    accepted.providers === undefined ||
    accepted.providers.has(provider)
  );
}
