import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keySealer, NotSealedByThisKey, parseSealingKey, sealWithKey } from './sealer.js';

describe('the vault sealer (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const sealer = keySealer(key);

  it('opens what it sealed, for the same context only', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string({ minLength: 1 }), async (text, context) => {
        const sealed = await sealer.seal(text, context);
        expect(sealed).not.toContain(text.length > 3 ? text : '\u0000never');
        expect(await sealer.open(sealed, context)).toBe(text);
        await expect(sealer.open(sealed, `${context}x`)).rejects.toThrow();
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a tampered value, another key, and garbage (each never openable with this key)', async () => {
    const sealed = await sealer.seal('{"accessToken":"secret"}', 'srv|default#ada');
    const [kind, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    await expect(
      sealer.open([kind, iv, flipped.toString('base64url'), tag].join('.'), 'srv|default#ada'),
    ).rejects.toThrow(NotSealedByThisKey);
    await expect(keySealer(randomBytes(32)).open(sealed, 'srv|default#ada')).rejects.toThrow(
      NotSealedByThisKey,
    );
    await expect(sealer.open('k1.nonsense', 'srv|default#ada')).rejects.toThrow('not a sealed value');
    await expect(sealer.open('kms1.x.y.z', 'srv|default#ada')).rejects.toThrow('another kind of key');
  });

  it('rotates: seals with the current key, opens with it or a previous one, and names what to seal anew', async () => {
    const [old, older] = [randomBytes(32), randomBytes(32)];
    const before = await keySealer(old).seal('token', 'ctx');
    const legacy = `k1.${sealWithKey(older, 'legacy', 'ctx')}`;
    const rotated = keySealer(key, [old, older]);
    expect(await rotated.open(before, 'ctx')).toBe('token');
    expect(await rotated.open(legacy, 'ctx')).toBe('legacy');
    expect(rotated.outdated?.(before)).toBe(true);
    expect(rotated.outdated?.(legacy)).toBe(true);
    const anew = await rotated.seal('token', 'ctx');
    expect(rotated.outdated?.(anew)).toBe(false);
    // the key id names the key (8 characters), never holds it
    expect(anew.split('.')[1]).toHaveLength(8);
    expect(anew).not.toContain(key.toString('base64url').slice(0, 8));
    // once the previous key is dropped, its values no longer open; the new ones do
    await expect(keySealer(key).open(before, 'ctx')).rejects.toThrow('a key this gateway does not hold');
    expect(await keySealer(key).open(anew, 'ctx')).toBe('token');
    // a previous key opens, but never seals
    expect(await keySealer(old, [key]).open(anew, 'ctx')).toBe('token');
    expect(keySealer(old, [key]).outdated?.(anew)).toBe(true);
  });

  it('reads a key as 64 hex digits or 32 bytes of base64, and nothing else', () => {
    expect(parseSealingKey(key.toString('hex'))).toEqual(key);
    expect(parseSealingKey(key.toString('base64'))).toEqual(key);
    expect(parseSealingKey('too-short')).toBeUndefined();
    expect(parseSealingKey(undefined)).toBeUndefined();
    expect(() => keySealer(randomBytes(16))).toThrow('32 bytes');
  });
});
