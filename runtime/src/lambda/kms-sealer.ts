/**
 * The token vault's sealer on AWS: envelope encryption under a KMS key. Each instance asks KMS for a data
 * key once an hour and seals with it (AES-256-GCM); a sealed value carries its data key wrapped by KMS, so
 * any instance can open it with one KMS Decrypt per data key (cached). The KMS key never leaves KMS.
 */
import { lruCache } from '../core/lru.js';
import { NotSealedByThisKey, openWithKey, type Sealer, sealWithKey } from '../vault/sealer.js';

const ROTATE_MS = 3600_000;
const CONTEXT = { purpose: 'mcp-gateway-vault' };

export function kmsSealer(keyId: string): Sealer {
  let client: Promise<import('@aws-sdk/client-kms').KMSClient> | undefined;
  const kms = () => {
    client ??= import('@aws-sdk/client-kms').then(({ KMSClient }) => new KMSClient({}));
    return client;
  };
  let current: { key: Buffer; wrapped: string; until: number } | undefined;
  const unwrapped = lruCache<string, Buffer>(256);
  return {
    async seal(plaintext, context) {
      if (current === undefined || Date.now() >= current.until) {
        const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
        const answer = await (await kms()).send(
          new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: CONTEXT }),
        );
        if (answer.Plaintext === undefined || answer.CiphertextBlob === undefined)
          throw new Error('KMS gave no data key.');
        const wrapped = Buffer.from(answer.CiphertextBlob).toString('base64url');
        current = { key: Buffer.from(answer.Plaintext), wrapped, until: Date.now() + ROTATE_MS };
        unwrapped.set(wrapped, current.key);
      }
      return `kms1.${current.wrapped}.${sealWithKey(current.key, plaintext, context)}`;
    },
    async open(sealed, context) {
      const [kind, wrapped, ...rest] = sealed.split('.');
      if (kind !== 'kms1' || wrapped === undefined)
        throw new NotSealedByThisKey('sealed with another kind of key');
      let key = unwrapped.get(wrapped);
      if (key === undefined) {
        const { DecryptCommand } = await import('@aws-sdk/client-kms');
        const answer = await (await kms())
          .send(
            new DecryptCommand({
              KeyId: keyId,
              CiphertextBlob: Buffer.from(wrapped, 'base64url'),
              EncryptionContext: CONTEXT,
            }),
          )
          .catch((error: unknown) => {
            // KMS says the data key is not this key's: never openable here (throttling and the like are not)
            const name = (error as { name?: unknown }).name;
            if (name === 'InvalidCiphertextException' || name === 'IncorrectKeyException')
              throw new NotSealedByThisKey(`KMS ${name}`);
            throw error;
          });
        if (answer.Plaintext === undefined) throw new Error('KMS could not unwrap the data key.');
        key = Buffer.from(answer.Plaintext);
        unwrapped.set(wrapped, key);
      }
      return openWithKey(key, rest.join('.'), context);
    },
  };
}
