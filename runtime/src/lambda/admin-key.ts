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
  refreshedKey,
} from '../auth/admin-key.js';
import type { StateStore } from '../store/port.js';
import type { RuntimeSettings } from './settings.js';

async function readSecretKey(arn: string) {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    // a value written from a file may end in a newline, as a key set in the environment may
    const key = secret.SecretString?.trim();
    if (key === undefined || key === '') throw new Error('The admin key secret is empty.');
    return adminKeyFromSecret(key);
  } finally {
    client.destroy();
  }
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
      await readSecretKey(arn),
      () => readSecretKey(arn),
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
