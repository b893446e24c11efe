import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectJsonText, maxJsonDepth, valueDepthExceeds } from './json-depth.js';

/** The reference: nesting depth of a parsed value (recursive, fine for the small values generated). */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null)
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

/** Strings made of the characters a scanner could mistake for structure. */
const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', ',', ':', 'a', '\n', 'é') });

const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(tricky, fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value')),
    fc.dictionary(tricky, tie('value')),
  ),
})).value;

describe('the depth of JSON text', () => {
  it('agrees with the depth of the parsed value, whatever the strings contain and however it is indented', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 2, '\t'), (generated, indent) => {
        const text = JSON.stringify(generated, null, indent);
        const depth = depthOf(JSON.parse(text));
        // and finds no member named twice
        expect(inspectJsonText(text, depth)).toEqual({ tooDeep: false });
        if (depth > 0) expect(inspectJsonText(text, depth - 1).tooDeep).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers for text nested far deeper than any parser could recurse, without recursing itself', () => {
    const deep = `${'{"a":['.repeat(200_000)}${']}'.repeat(200_000)}`;
    expect(inspectJsonText(deep).tooDeep).toBe(true);
    expect(inspectJsonText('['.repeat(1_000_000)).tooDeep).toBe(true);
  });

  it('accepts the limit itself and refuses one level more', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    expect(inspectJsonText(nested(maxJsonDepth)).tooDeep).toBe(false);
    expect(inspectJsonText(nested(maxJsonDepth + 1)).tooDeep).toBe(true);
    expect(inspectJsonText(JSON.stringify({ list: Array.from({ length: 10_000 }, () => [1]) })).tooDeep).toBe(
      false,
    );
    expect(inspectJsonText(JSON.stringify({ text: '['.repeat(1000) })).tooDeep).toBe(false);
  });
});

const duplicateMember = (text: string) => inspectJsonText(text, Number.POSITIVE_INFINITY).duplicate;

describe('members named twice', () => {
  it('finds none in any JSON a serializer writes, whatever its strings hold (property)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 2), (v, indent) => {
        expect(duplicateMember(JSON.stringify(v, null, indent))).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('finds a member named twice in any object, escaped or spaced, but not in different objects', () => {
    expect(duplicateMember('{"name":"echo","name":"secret"}')).toBe('name');
    expect(duplicateMember('{"params":{"na\\u006de" : "secret", "name":"echo"}}')).toBe('name');
    expect(duplicateMember('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(duplicateMember('{"a":{"a":1},"b":[{"a":2}]}')).toBeUndefined();
    expect(duplicateMember('{"a":"\\"a\\":1","b":{"c":1},"a":2}')).toBe('a');
    expect(duplicateMember('{"s":"a\\\\","s":1}')).toBe('s');
  });
});

describe('the depth of a parsed value', () => {
  it('agrees with the text scan, and bounds values far deeper than the stack allows', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat(7), (value, max) => {
        expect(valueDepthExceeds(value, max)).toBe(inspectJsonText(JSON.stringify(value), max).tooDeep);
      }),
    );
    let deep: unknown = {};
    for (let i = 0; i < 50_000; i++) deep = { type: 'object', properties: { x: deep } };
    expect(valueDepthExceeds(deep)).toBe(true);
    expect(valueDepthExceeds({ a: [1, { b: 2 }] })).toBe(false);
  });
});
