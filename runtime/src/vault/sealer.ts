/**
 * Encryption at rest for what the gateway keeps on users' behalf (upstream OAuth tokens): AES-256-GCM,
 * each sealed value bound to where it is stored (associated data), so a value copied to another user's
 * record does not open. The key comes from the environment locally; on AWS a KMS key wraps per-instance
 * data keys (`lambda/kms-sealer.ts`).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** How a value sealed under a KMS key begins (its data key wrapped by KMS follows). */
export const KMS_SEALED = 'kms1';

export interface Sealer {
  seal(plaintext: string, context: string): Promise<string>;
  /**
   * Throws {@link NotSealedByThisKey} when the value was not sealed by this key for this context; any
   * other error is a failure of the moment (KMS throttled or unreachable).
   */
  open(sealed: string, context: string): Promise<string>;
  /** Whether a value it opens was sealed with a key it now only opens with (a previous one): to seal anew. */
  outdated?(sealed: string): boolean;
}

/** What a reseal did: values sealed anew, values already under the current key, and what did not open. */
export interface ResealReport {
  sealed: number;
  current: number;
  /** What the gateway cannot open (`<kind> <id>`): sealed with a key it no longer holds. */
  unopenable: string[];
  /** What was being written meanwhile (a token renewal under way): left for the next reseal. */
  pending: string[];
  /** False when the reseal stopped at its time budget: what it did not reach is left for the next one. */
  complete: boolean;
}

/** A sealed value this sealer can never open: another key, another context, or not a sealed value. */
export class NotSealedByThisKey extends Error {
  constructor(detail: string) {
    super(`The value cannot be opened with this sealing key: ${detail}.`);
  }
}

/** `iv.ciphertext.tag`, each base64url, under a 32-byte key. */
export function sealWithKey(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

export function openWithKey(key: Buffer, sealed: string, context: string): string {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (iv === undefined || body === undefined || tag === undefined || iv.length !== 12 || tag.length !== 16)
    throw new NotSealedByThisKey('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new NotSealedByThisKey('another key or context');
  }
}

/** A key given as 64 hex digits or 32 bytes in base64; undefined for anything else. */
export function parseSealingKey(text: string | undefined): Buffer | undefined {
  if (text === undefined || text === '') return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return key.length === 32 ? key : undefined;
}

/** A key's id in what it seals: 8 characters of its SHA-256, naming the key without giving it away. */
const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('base64url').slice(0, 8);

/**
 * A sealer with a key of its own (`MCP_GATEWAY_VAULT_KEY`): it seals with `key` as `k2.<key id>.…`, and
 * opens with `key` or any of `previous` (`MCP_GATEWAY_VAULT_PREVIOUS_KEYS`, while a rotation is under
 * way). Values sealed before keys had ids (`k1.…`) are tried with each key.
 */
export function keySealer(key: Buffer, previous: readonly Buffer[] = []): Sealer {
  for (const k of [key, ...previous]) if (k.length !== 32) throw new Error('The vault key must be 32 bytes.');
  const current = keyId(key);
  const byId = new Map([...previous, key].map((k) => [keyId(k), k]));
  return {
    seal: async (plaintext, context) => `k2.${current}.${sealWithKey(key, plaintext, context)}`,
    async open(sealed, context) {
      if (sealed.startsWith('k2.')) {
        const held = byId.get(sealed.slice(3, 11));
        if (held === undefined || sealed[11] !== '.')
          throw new NotSealedByThisKey('sealed with a key this gateway does not hold');
        return openWithKey(held, sealed.slice(12), context);
      }
      if (!sealed.startsWith('k1.')) throw new NotSealedByThisKey('sealed with another kind of key');
      let refusal: unknown;
      for (const k of [key, ...previous]) {
        try {
          return openWithKey(k, sealed.slice(3), context);
        } catch (error) {
          refusal ??= error;
        }
      }
      throw refusal;
    },
    outdated: (sealed) => !sealed.startsWith(`k2.${current}.`),
  };
}
