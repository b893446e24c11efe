import { decode, Encoder, ExtData } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJson, decodeMsgpack, encodeMsgpack } from './msgpack.js';
import { type CtyType, isUnknown, unknown, type Value, valuesEqual } from './value.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const raw = (value: unknown) => new Encoder().encode(value);

describe('msgpack codec', () => {
  it('encodes null as nil and unknown as extension 0 with one zero byte', () => {
    expect(hex(encodeMsgpack(null, 'string'))).toBe('c0');
    expect(hex(encodeMsgpack(unknown, 'string'))).toBe('d40000');
  });

  it('decodes any extension type as unknown, including refined unknowns (12) and timestamps (-1)', () => {
    expect(isUnknown(decodeMsgpack(Buffer.from('d40000', 'hex'), 'string'))).toBe(true);
    const refined = raw(new ExtData(12, raw({ 1: true, 2: 'pre' })));
    expect(isUnknown(decodeMsgpack(refined, 'string'))).toBe(true);
    expect(isUnknown(decodeMsgpack(Buffer.from('d6ff00000001', 'hex'), 'number'))).toBe(true);
    expect(isUnknown(decodeMsgpack(raw(new ExtData(42, new Uint8Array([1, 2]))), 'bool'))).toBe(true);
  });

  it('accepts numbers as int, float and decimal string', () => {
    expect(decodeMsgpack(raw(7), 'number')).toBe(7);
    expect(decodeMsgpack(raw(-2.5), 'number')).toBe(-2.5);
    expect(decodeMsgpack(raw('60000'), 'number')).toBe(60000);
    expect(decodeMsgpack(raw(2 ** 40), 'number')).toBe(2 ** 40);
    expect(() => decodeMsgpack(raw('abc'), 'number')).toThrow(/expected a number/);
  });

  it('writes back a number given with more precision than a double holds as it was given', () => {
    // `100 / 30` in a configuration: Terraform sends its 512-bit value as text
    const given = '3.3333333333333333333333333333333333333333';
    const value = decodeMsgpack(raw(given), 'number');
    expect(value).toBe(100 / 30);
    expect(decode(encodeMsgpack(value, 'number'))).toBe(given);
    // the same double read back from the gateway is the number as given (no change to plan)
    expect(decode(encodeMsgpack(100 / 30, 'number'))).toBe(given);
    // in a state's JSON too; numbers a double holds stay numbers, and text in strings is no number
    const state = decodeJson(
      Buffer.from('{"a":"0.16666666666666666666666","b":0.16666666666666666666666,"c":0.25}'),
      ['object', { a: 'string', b: 'number', c: 'number' }],
    );
    expect(decode(encodeMsgpack(state, ['object', { a: 'string', b: 'number', c: 'number' }]))).toEqual({
      a: '0.16666666666666666666666',
      b: '0.16666666666666666666666',
      c: 0.25,
    });
    expect(decode(encodeMsgpack(0.1, 'number'))).toBe(0.1);
  });

  it('shapes nested objects, lists, sets and maps by the type, dropping unknown attributes', () => {
    const type: CtyType = [
      'object',
      {
        name: 'string',
        tags: ['set', 'string'],
        labels: ['map', 'string'],
        items: ['list', ['object', { n: 'number' }]],
      },
    ];
    const bytes = raw({
      name: 'a',
      tags: ['x', 'y'],
      labels: { k: 'v' },
      items: [{ n: 1 }, { n: 2 }],
      extra: 1,
    });
    expect(decodeMsgpack(bytes, type)).toEqual({
      name: 'a',
      tags: ['x', 'y'],
      labels: { k: 'v' },
      items: [{ n: 1 }, { n: 2 }],
    });
  });

  it('encodes objects with every attribute of the type, missing ones as null', () => {
    const type: CtyType = ['object', { a: 'string', b: 'number' }];
    const decoded = decodeMsgpack(encodeMsgpack({ a: 'x' }, type), type);
    expect(decoded).toEqual({ a: 'x', b: null });
  });

  it('keeps unknowns nested inside known structures', () => {
    const type: CtyType = ['object', { id: 'string', labels: ['map', 'string'] }];
    const decoded = decodeMsgpack(
      encodeMsgpack({ id: unknown, labels: { a: unknown } }, type),
      type,
    ) as Record<string, Value>;
    expect(isUnknown(decoded['id'])).toBe(true);
    expect(isUnknown((decoded['labels'] as Record<string, Value>)['a'])).toBe(true);
  });

  it('reads dynamic values as [type JSON, value]', () => {
    const bytes = raw([Buffer.from('["list","string"]'), ['a', 'b']]);
    expect(decodeMsgpack(bytes, 'dynamic')).toEqual(['a', 'b']);
    const encoded = encodeMsgpack({ a: 1 }, 'dynamic');
    expect(decodeMsgpack(encoded, 'dynamic')).toEqual({ a: 1 });
  });

  it('reads the json DynamicValue form', () => {
    expect(decodeJson(Buffer.from('{"a":"x","b":3}'), ['object', { a: 'string', b: 'number' }])).toEqual({
      a: 'x',
      b: 3,
    });
  });

  it('treats an empty payload as null', () => {
    expect(decodeMsgpack(new Uint8Array(0), 'string')).toBeNull();
  });

  it('round-trips arbitrary values of a nested type (property)', () => {
    const type: CtyType = [
      'object',
      { s: 'string', n: 'number', b: 'bool', l: ['list', 'string'], m: ['map', 'number'] },
    ];
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), fc.constant(unknown), arb);
    const value = fc.record({
      s: maybe(fc.string()),
      n: maybe(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))),
      b: maybe(fc.boolean()),
      l: maybe(fc.array(maybe(fc.string()), { maxLength: 5 })),
      m: maybe(
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'),
          maybe(fc.integer()),
          { maxKeys: 4 },
        ),
      ),
    });
    fc.assert(
      fc.property(value, (v) => {
        const back = decodeMsgpack(encodeMsgpack(v as Value, type), type);
        expect(valuesEqual(back, v as Value)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
