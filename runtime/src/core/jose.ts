/**
 * jose's signing and verification (about 25 KiB of the Lambda bundle) are loaded with the first token the
 * gateway checks or signs: a deployment of API keys alone never loads them. `decodeJwt` and jose's error
 * classes are small; they are imported directly, from `jose/jwt/decode` and `jose/errors`.
 */
import { onFirstUse } from './lazy.js';

export const jose = onFirstUse(() => import('./jose-lib.js'));
