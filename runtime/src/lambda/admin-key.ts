/**
 * The admin key of a deployment or a process: the Secrets Manager secret a deployment names
 * (`MCP_GATEWAY_ADMIN_KEY_SECRET_ARN`), else `MCP_GATEWAY_ADMIN_KEY`, else the stored hash, else one
 * generated on first start when `generate` allows. A secret's key is read again every minute.
 */
import { adminKeyFromSecret, type BootstrappedAdminKey, bootstrapAdminKey } from '../auth/admin-key.js';
import type { StateStore } from '../store/port.js';
import type { RuntimeSettings } from './settings.js';

/** How long a key read from its secret serves before it is read again (a rotation takes effect then). */
export const SECRET_TTL_MS = 60_000;

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

/**
 * The key in the secret `arn`, read again in the background once it is `ttlMs` old: a rotated key (a new
 * secret value) is taken by a warm function within that time, not only by new instances. A read that
 * fails keeps the key known and is tried again a `ttlMs` later.
 */
async function secretKey(arn: string, ttlMs: number, now: () => number): Promise<BootstrappedAdminKey> {
  let current = await readSecretKey(arn);
  let readAt = now();
  let reading: Promise<void> | undefined;
  return {
    source: 'secret',
    verifyAdmin(request) {
      if (reading === undefined && now() - readAt >= ttlMs)
        reading = readSecretKey(arn)
          .then((key) => {
            current = key;
          })
          .catch(() => undefined)
          .finally(() => {
            readAt = now();
            reading = undefined;
          });
      current.verifyAdmin(request);
    },
  };
}

export async function adminKeyFor(
  settings: Pick<RuntimeSettings, 'adminKey' | 'adminKeySecretArn'>,
  store: StateStore,
  options: { generate?: boolean; noKey?: string; secretTtlMs?: number; now?: () => number } = {},
): Promise<BootstrappedAdminKey> {
  if (settings.adminKeySecretArn !== undefined)
    return secretKey(
      settings.adminKeySecretArn,
      options.secretTtlMs ?? SECRET_TTL_MS,
      options.now ?? Date.now,
    );
  const { secretTtlMs: _ttl, now: _now, ...bootstrap } = options;
  return bootstrapAdminKey({
    store,
    ...(settings.adminKey !== undefined ? { envKey: settings.adminKey } : {}),
    ...bootstrap,
  });
}
