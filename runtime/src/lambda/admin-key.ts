/**
 * The admin key of a deployment or a process: the Secrets Manager secret a deployment names
 * (`MCP_GATEWAY_ADMIN_KEY_SECRET_ARN`), else `MCP_GATEWAY_ADMIN_KEY`, else the stored hash, else one
 * generated on first start when `generate` allows. A secret's or the store's key is read again every minute.
 */
import {
  adminKeyFromSecret,
  type BootstrappedAdminKey,
  bootstrapAdminKey,
  KEY_TTL_MS,
  publishAdminKeyHash,
  refreshedKey,
} from '../auth/admin-key.js';
import { hashSecret } from '../auth/secrets.js';
import type { StateStore } from '../store/port.js';
import type { RuntimeSettings } from './settings.js';

/**
 * The key in the secret; its hash is published in the store, where the deployment's data plane, which
 * never reads the secret, knows the key by it (and never hands it to a webhook).
 */
async function readSecretKey(arn: string, store: StateStore) {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  let key: string | undefined;
  try {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    // a value written from a file may end in a newline, as a key set in the environment may
    key = secret.SecretString?.trim();
    if (key === undefined || key === '') throw new Error('The admin key secret is empty.');
  } finally {
    client.destroy();
  }
  // not publishing it stops nothing: the key itself works, the data plane knows it a read later
  await publishAdminKeyHash(store, hashSecret(key)).catch(() => undefined);
  return adminKeyFromSecret(key);
}

export async function adminKeyFor(
  settings: Pick<RuntimeSettings, 'adminKey' | 'adminKeySecretArn'>,
  store: StateStore,
  options: { generate?: boolean; noKey?: string; ttlMs?: number; now?: () => number } = {},
): Promise<BootstrappedAdminKey> {
  const arn = settings.adminKeySecretArn;
  if (arn !== undefined) {
    // a rotated secret is taken by a warm function within the TTL, not only by new instances
    const key = refreshedKey(
      await readSecretKey(arn, store),
      () => readSecretKey(arn, store),
      options.ttlMs ?? KEY_TTL_MS,
      options.now ?? Date.now,
    );
    return { ...key, source: 'secret' };
  }
  return bootstrapAdminKey({
    store,
    ...(settings.adminKey !== undefined ? { envKey: settings.adminKey } : {}),
    ...options,
  });
}
