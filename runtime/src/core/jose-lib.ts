/**
 * The parts of jose that sign and verify, loaded on first use through `jose()` (`jose.ts`). They come
 * from jose's own subpath modules: through its main module, which the code loaded at start imports too,
 * the bundler would load them at start as well.
 */
export { createLocalJWKSet } from 'jose/jwks/local';
export { SignJWT } from 'jose/jwt/sign';
export { jwtVerify } from 'jose/jwt/verify';
export { exportJWK } from 'jose/key/export';
export { generateKeyPair } from 'jose/key/generate/keypair';
export { importJWK } from 'jose/key/import';
