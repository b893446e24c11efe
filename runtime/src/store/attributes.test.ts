import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromAttribute, fromAttributeMap, toAttribute, toAttributeMap } from './attributes.js';
import { storableNumber as storable } from './port.js';

/** Numbers DynamoDB hands back as the same JS number that the marshaller takes too (safe, in range). */
const storableNumber = fc.oneof(
  fc.maxSafeInteger(),
  fc.double({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, noNaN: true }).filter(storable),
);

/**
 * JSON values as items carry them: members may be `undefined` (optional fields), objects may have a null
 * prototype, and keys include the awkward ones fast-check likes (`__proto__`, `constructor`, …).
 */
function jsonWithUndefined(key: fc.Arbitrary<string>) {
  return fc.letrec<{ value: unknown; member: unknown; list: unknown[]; map: Record<string, unknown> }>(
    (tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string(),
        storableNumber,
        fc.boolean(),
        fc.constant(null),
        tie('list'),
        tie('map'),
      ),
      member: fc.option(tie('value'), { nil: undefined, freq: 6 }),
      list: fc.array(tie('member'), { maxLength: 5 }),
      map: fc.dictionary(key, tie('member'), { maxKeys: 5 }),
    }),
  );
}

const itemOf = (key: fc.Arbitrary<string>) =>
  fc
    .record({ pk: fc.string(), sk: fc.string(), rest: jsonWithUndefined(key).map })
    .map(({ pk, sk, rest }) => Object.assign(rest, { pk, sk }));

/** What the store holds for a value: `undefined` members dropped, -0 read back as 0 (DynamoDB's "0"). */
function stored(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((member) => member !== undefined).map(stored);
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      Object.defineProperty(result, key, {
        value: stored(member),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }
  return Object.is(value, -0) ? 0 : value;
}

describe('attribute marshalling', () => {
  it('round-trips every StoredItem-shaped JSON value, dropping undefined members', () => {
    fc.assert(
      fc.property(itemOf(fc.string()), (item) => {
        expect(fromAttributeMap(toAttributeMap(item))).toStrictEqual(stored(item));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with @aws-sdk/util-dynamodb (what lib-dynamodb used) on JSON items', () => {
    // util-dynamodb refuses an object member named `constructor` and loses one named `__proto__`
    const key = fc.string().filter((k) => k !== 'constructor' && k !== '__proto__');
    fc.assert(
      fc.property(itemOf(key), (item) => {
        const attributes = toAttributeMap(item);
        expect(attributes).toStrictEqual(marshall(item, { removeUndefinedValues: true }));
        expect(fromAttributeMap(attributes)).toStrictEqual(unmarshall(attributes));
      }),
      { numRuns: 300 },
    );
  });

  it("holds every number JSON.parse answers within DynamoDB's range, and reads back the same number", () => {
    // an int64 bound in a tool's input schema, as JSON.parse reads it
    const int64 = JSON.parse('{"maximum": 9223372036854775807}').maximum as number;
    for (const value of [int64, -int64, 2 ** 60 + 1, 1e21, 9.99e125, 1e-130, 123456.789e-100])
      expect(fromAttribute(toAttribute(value)), String(value)).toBe(value);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter(storable), (value) => {
        expect(fromAttribute(toAttribute(value))).toBe(Object.is(value, -0) ? 0 : value);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes the attribute types S, N, BOOL, NULL, M and L', () => {
    expect(
      toAttributeMap({ s: 'x', n: -1.5, b: false, z: null, l: [1, undefined, 'a'], m: { k: {} } }),
    ).toEqual({
      s: { S: 'x' },
      n: { N: '-1.5' },
      b: { BOOL: false },
      z: { NULL: true },
      l: { L: [{ N: '1' }, { S: 'a' }] },
      m: { M: { k: { M: {} } } },
    });
  });

  it('keeps members named __proto__ or constructor as members', () => {
    const item = JSON.parse('{"pk":"p","sk":"s","__proto__":{"constructor":"x"},"constructor":[1]}');
    const attributes = toAttributeMap(item);
    expect(Object.keys(attributes)).toEqual(['pk', 'sk', '__proto__', 'constructor']);
    const read = fromAttributeMap(attributes);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(JSON.stringify(read)).toBe(JSON.stringify(item));
  });

  it('refuses values that would not read back as the same JSON', () => {
    const refused: unknown[] = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e126,
      -1e200,
      1e-131,
      10n,
      new Date(0),
      new Map(),
      new Set(['a']),
      new Uint8Array([1]),
      Symbol('s'),
    ];
    for (const value of refused) {
      expect(() => toAttribute(value), String(value)).toThrow(Error);
      expect(() => toAttributeMap({ nested: [{ value }] }), String(value)).toThrow(Error);
    }
    // only as a member is undefined dropped
    expect(() => toAttribute(undefined)).toThrow(Error);
  });

  it('reads the other attribute types as unmarshall does, and refuses unknown ones', () => {
    const bytes = new Uint8Array([1, 2]);
    const attributes = {
      b: { B: bytes },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2.5'] },
      bs: { BS: [bytes] },
    };
    expect(fromAttributeMap(attributes)).toStrictEqual(unmarshall(attributes));
    // a number another writer stored more precisely reads as JSON.parse reads its text
    expect(fromAttribute({ N: '9007199254740993' })).toBe(9007199254740992);
    expect(fromAttribute({ N: '1.5e300' })).toBe(1.5e300);
    expect(() => fromAttribute({ N: '1e400' })).toThrow(Error);
    expect(() => fromAttribute({ $unknown: ['X', 1] } as never)).toThrow(Error);
  });
});
