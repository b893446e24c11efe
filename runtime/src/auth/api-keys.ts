/**
 * API key authentication on the data plane: a presented key → its principal, from the lookup and key
 * items the management API writes (layout in management/storage.ts). Kept apart from the management
 * service so the gateway's bundle carries no request validation (ajv and the spec's schemas).
 */

import { decodeApiKey } from '../config/decode.js';
import type { Clock } from '../core/clock.js';
import type { Principal } from '../core/config.js';
import { apiKeyLookupKey, readResource, resourceFromItem } from '../store/config-items.js';
import type { StateStore } from '../store/port.js';
import { hashSecret, sameHash } from './secrets.js';

/** Prefix of generated keys (`mcpgw_` + 43 base64url characters). */
export const apiKeySecretPrefix = 'mcpgw_';
/** Bounds of any api key secret (the spec's `ApiKey.secret`; generated keys are 49 characters). */
export const apiKeySecretLength = { min: 32, max: 256 } as const;

/** Whether a token is within the bounds of any api key (generated or supplied); others are no key. */
export function isPossibleApiKey(token: string): boolean {
  return token.length >= apiKeySecretLength.min && token.length <= apiKeySecretLength.max;
}

export interface ResolvedApiKey {
  principal: Principal;
  /** The key's expiry (epoch ms), until which the answer holds; undefined when it never expires. */
  validUntil: number | undefined;
}

/**
 * Resolves a presented api key to its principal: hash → lookup item → key item, which must be enabled,
 * unexpired and carry the same hash. Also answers until when the answer holds (the key's expiry).
 * `unusable`: a key of this gateway that is disabled, expired or past its rotation overlap (a credential
 * of the gateway all the same, never to be shown to anyone else). Throws CorruptConfigError for a
 * matching key item of the wrong shape.
 */
export async function resolveApiKey(
  store: StateStore,
  clock: Clock,
  key: string,
): Promise<ResolvedApiKey | 'unusable' | undefined> {
  if (!isPossibleApiKey(key)) return undefined;
  const hash = hashSecret(key);
  const { pk, sk } = apiKeyLookupKey(hash);
  const lookup = await store.get(pk, sk);
  if (lookup === undefined || typeof lookup['id'] !== 'string') return undefined;
  const item = await readResource(store, 'api_key', lookup['id']);
  if (item === undefined) return undefined;
  const resource = resourceFromItem(item);
  const current = typeof item['secretHash'] === 'string' && sameHash(item['secretHash'], hash);
  // after a rotation the previous secret works until its overlap ends
  const previous =
    !current && typeof item['previousSecretHash'] === 'string' && sameHash(item['previousSecretHash'], hash);
  if (!current && !previous) return undefined;
  // checked only once the secret matched: a corrupt key is news only to its holder
  const stored = decodeApiKey(resource);
  if (resource['enabled'] === false) return 'unusable';
  const instant = (name: string) =>
    typeof resource[name] === 'string' ? Date.parse(resource[name] as string) : undefined;
  const expiresAt = instant('expiresAt');
  const overlapEnds = previous ? (instant('previousSecretExpiresAt') ?? Number.NaN) : undefined;
  const now = clock.now();
  for (const end of [expiresAt, overlapEnds]) {
    if (end !== undefined && (Number.isNaN(end) || end <= now)) return 'unusable';
  }
  const ends = [expiresAt, overlapEnds].filter((end): end is number => end !== undefined);
  return {
    principal: {
      user: stored.user,
      workspace: stored.workspace,
      method: 'api-key',
      credentialId: resource.id,
      ...(stored.servers !== undefined ? { servers: stored.servers } : {}),
    },
    validUntil: ends.length === 0 ? undefined : Math.min(...ends),
  };
}
