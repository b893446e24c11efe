/**
 * The token vault's sealer on AWS: envelope encryption under a KMS key. Each instance asks KMS for a data
 * key once an hour and seals with it (AES-256-GCM); a sealed value carries its data key wrapped by KMS, so
 * any instance can open it with one KMS Decrypt per data key (cached). The KMS key never leaves KMS.
 */
import { lruCache } from '../core/lru.js';
import { KMS_SEALED, NotSealedByThisKey, openWithKey, type Sealer, sealWithKey } from '../vault/sealer.js';

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
  let generating: Promise<{ key: Buffer; wrapped: string; until: number }> | undefined;
  const newDataKey = async () => {
    const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
    const answer = await (await kms()).send(
      new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: CONTEXT }),
    );
    if (answer.Plaintext === undefined || answer.CiphertextBlob === undefined)
      throw new Error('KMS gave no data key.');
    const wrapped = Buffer.from(answer.CiphertextBlob).toString('base64url');
    const key = Buffer.from(answer.Plaintext);
    unwrapped.set(wrapped, key);
    return { key, wrapped, until: Date.now() + ROTATE_MS };
  };
  /** Data keys being unwrapped: the values of one data key opened at once (a cold start) ask KMS once. */
  const unwrapping = new Map<string, Promise<Buffer>>();
  const unwrap = async (wrapped: string): Promise<Buffer> => {
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
    const key = Buffer.from(answer.Plaintext);
    unwrapped.set(wrapped, key);
    return key;
  };
  return {
    async seal(plaintext, context) {
      if (current === undefined || Date.now() >= current.until) {
        // values sealed at once share one new data key (one KMS call, one Decrypt to open them all)
        generating ??= newDataKey().finally(() => {
          generating = undefined;
        });
        current = await generating;
      }
      return `${KMS_SEALED}.${current.wrapped}.${sealWithKey(current.key, plaintext, context)}`;
    },
    async open(sealed, context) {
      const [kind, wrapped, ...rest] = sealed.split('.');
      if (kind !== KMS_SEALED || wrapped === undefined)
        throw new NotSealedByThisKey('sealed with another kind of key');
      let key = unwrapped.get(wrapped);
      if (key === undefined) {
        let pending = unwrapping.get(wrapped);
        if (pending === undefined) {
          pending = unwrap(wrapped).finally(() => unwrapping.delete(wrapped));
          unwrapping.set(wrapped, pending);
        }
        key = await pending;
      }
      return openWithKey(key, rest.join('.'), context);
    },
  };
}
