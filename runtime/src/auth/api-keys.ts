/**
 * API key authentication on the data plane: a presented key → its principal, from the lookup and key
 * items the management API writes (layout in management/storage.ts). Kept apart from the management
 * service so the gateway's bundle carries no request validation (ajv and the spec's schemas).
 */
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
 */
export async function resolveApiKey(
  store: StateStore,
  clock: Clock,
  key: string,
): Promise<ResolvedApiKey | undefined> {
  if (!isPossibleApiKey(key)) return undefined;
  const hash = hashSecret(key);
  const { pk, sk } = apiKeyLookupKey(hash);
  const lookup = await store.get(pk, sk);
  if (lookup === undefined || typeof lookup['id'] !== 'string') return undefined;
  const item = await readResource(store, 'api_key', lookup['id']);
  if (item === undefined || typeof item['secretHash'] !== 'string' || !sameHash(item['secretHash'], hash)) {
    return undefined;
  }
  const resource = resourceFromItem(item);
  if (resource['enabled'] === false) return undefined;
  const expiresAt = typeof resource['expiresAt'] === 'string' ? Date.parse(resource['expiresAt']) : undefined;
  if (expiresAt !== undefined && (Number.isNaN(expiresAt) || expiresAt <= clock.now())) return undefined;
  if (typeof resource['user'] !== 'string' || typeof resource['workspace'] !== 'string') return undefined;
  return {
    principal: {
      user: resource['user'],
      workspace: resource['workspace'],
      method: 'api-key',
      credentialId: resource.id,
    },
    validUntil: expiresAt,
  };
}
