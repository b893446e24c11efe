/**
 * SHA-256 digests of texts (UTF-8), one-shot: `crypto.hash` makes no Hash object per call, a third of the
 * cost of `createHash` for the short texts hashed on every request (API keys, rate-limit keys).
 */
import { hash } from 'node:crypto';

export const sha256 = (text: string, encoding: 'hex' | 'base64url' = 'base64url'): string =>
  hash('sha256', text, encoding);

/** 144 bits of a text's SHA-256, base64url: a short store key for a text that may be long or sensitive. */
export const shortHash = (text: string): string => sha256(text).slice(0, 24);
