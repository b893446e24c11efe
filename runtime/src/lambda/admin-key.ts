/**
 * The admin key of a deployment or a process: the Secrets Manager secret a deployment names
 * (`MCP_GATEWAY_ADMIN_KEY_SECRET_ARN`), else `MCP_GATEWAY_ADMIN_KEY`, else the stored hash, else one
 * generated on first start when `generate` allows.
 */
import { adminKeyFromSecret, type BootstrappedAdminKey, bootstrapAdminKey } from '../auth/admin-key.js';
import type { StateStore } from '../store/port.js';
import type { RuntimeSettings } from './environment.js';

export async function adminKeyFor(
  settings: Pick<RuntimeSettings, 'adminKey' | 'adminKeySecretArn'>,
  store: StateStore,
  options: { generate?: boolean; noKey?: string } = {},
): Promise<BootstrappedAdminKey> {
  if (settings.adminKeySecretArn !== undefined) {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = new SecretsManagerClient({});
    try {
      const secret = await client.send(new GetSecretValueCommand({ SecretId: settings.adminKeySecretArn }));
      if (secret.SecretString === undefined || secret.SecretString === '')
        throw new Error('The admin key secret is empty.');
      return { ...adminKeyFromSecret(secret.SecretString), source: 'secret' };
    } finally {
      client.destroy();
    }
  }
  return bootstrapAdminKey({
    store,
    ...(settings.adminKey !== undefined ? { envKey: settings.adminKey } : {}),
    ...options,
  });
}
