import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { type CursorKey, decodeCursor, encodeCursor } from './cursor.js';

const keyPart = fc.string({ minLength: 1, maxLength: 60 });

describe('pagination cursors', () => {
  it('decode to the key they were made of, for the listing they belong to (property)', () => {
    fc.assert(
      fc.property(keyPart, keyPart, fc.boolean(), keyPart, keyPart, (pk, sk, index, gpk, gsk) => {
        const key: CursorKey = index ? { pk, sk, gsi1pk: gpk, gsi1sk: gsk } : { pk, sk };
        const partition = index ? gpk : pk;
        const decoded = decodeCursor(encodeCursor(key), partition, index ? 'gsi1' : undefined);
        expect(decoded).toEqual(key);
      }),
    );
  });

  it('decode anything else to a key of the listing, or refuse it as a client error (property)', () => {
    const cursor = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')),
      fc
        .dictionary(
          fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'x'),
          fc.oneof(fc.string(), fc.integer(), fc.constant('cfg#server'), fc.constant('x'.repeat(1025))),
        )
        .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
    );
    fc.assert(
      fc.property(cursor, fc.boolean(), fc.option(fc.string({ maxLength: 4 })), (text, index, prefix) => {
        const partition = 'cfg#server';
        let decoded: CursorKey;
        try {
          decoded = decodeCursor(
            text,
            partition,
            index ? 'gsi1' : undefined,
            prefix === null ? undefined : prefix,
          );
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError);
          expect((error as GatewayError).code).toBe('validation_failed');
          return;
        }
        // what passes names this listing's partition, starts within its prefix, and holds only key values
        // the store can take (non-empty, at most 1,024 bytes)
        expect(decoded[index ? 'gsi1pk' : 'pk']).toBe(partition);
        if (prefix !== null) expect(decoded[index ? 'gsi1sk' : 'sk']!.startsWith(prefix)).toBe(true);
        for (const value of Object.values(decoded)) {
          expect(value).not.toBe('');
          expect(Buffer.byteLength(value)).toBeLessThanOrEqual(1024);
        }
      }),
      { numRuns: 500 },
    );
  });
});
