import { onFirstUse } from '../core/lazy.js';
import type { UrlGuardOptions } from '../core/url-guard.js';
import { createDynamoStore, type DynamoStore } from '../store/dynamodb.js';
import { KMS_SEALED, keySealer, type Sealer } from '../vault/sealer.js';
import type { RuntimeSettings } from './settings.js';

/** The table these settings name, on AWS or on the embedded store. */
export function storeFor(settings: RuntimeSettings): DynamoStore {
  return createDynamoStore({
    tableName: settings.tableName,
    ...(settings.dynamodbEndpoint !== undefined ? { endpoint: settings.dynamodbEndpoint } : {}),
  });
}

/** Which outbound addresses upstream calls may reach. */
export function outboundRules(settings: RuntimeSettings): UrlGuardOptions {
  return {
    allowLoopback: settings.local,
    allowPrivate: settings.allowPrivateUpstreams,
    ...(settings.reservedPorts !== undefined ? { reservedPorts: settings.reservedPorts } : {}),
  };
}

/**
 * The sealer of the runtime settings: the vault's own key, else its KMS key (its code loaded on first
 * use), else none. The token vault, the gateway's signing keys and write-only configuration
 * (config/sealed-fields.ts) share it.
 */
export function sealerFor(settings: RuntimeSettings): Sealer | undefined {
  if (settings.vaultKey !== undefined) return keySealer(settings.vaultKey, settings.vaultPreviousKeys);
  const keyId = settings.vaultKmsKeyId;
  if (keyId === undefined) return undefined;
  const kms = onFirstUse(async () => (await import('./kms-sealer.js')).kmsSealer(keyId));
  return {
    seal: async (plaintext, context) => (await kms()).seal(plaintext, context),
    open: async (sealed, context) => (await kms()).open(sealed, context),
    // a value sealed by a local key (before the move to KMS) is resealed, or reported unopenable
    outdated: (sealed) => !sealed.startsWith(`${KMS_SEALED}.`),
  };
}
