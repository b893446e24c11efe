/** Secrets the gateway issues: generated with a CSPRNG, stored only as SHA-256, compared in constant time. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../core/digest.js';

/** A new secret: `<prefix>` followed by 32 random bytes, base64url (43 characters). */
export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 of a secret as lower-case hex. Keys carry 256 random bits, so a fast hash is enough. */
export function hashSecret(secret: string): string {
  return sha256(secret, 'hex');
}

/** Compares two SHA-256 hex digests in constant time (equal length by construction). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
