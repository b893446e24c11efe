import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { storableNumber } from './port.js';

/**
 * JSON values ⇄ DynamoDB attribute values, for the types the store writes: S, N, BOOL, NULL, M and L.
 *
 * It gives what `@aws-sdk/lib-dynamodb` did with `removeUndefinedValues` (marshall/unmarshall of
 * @aws-sdk/util-dynamodb) for every JSON value, without that package's weight in the Lambda bundles:
 * `undefined` and functions are dropped from maps and lists. Every number `JSON.parse` can answer is
 * held (`storableNumber`: an int64 bound in a tool's schema is one), written as its shortest text and
 * read back as the same number; NaN, ±Infinity and magnitudes DynamoDB has no room for are refused.
 * Other values that are not JSON (bigints, class instances, binary, sets, maps) are refused: the store
 * holds JSON items (see the memory store). Reads still decode B, SS, NS and BS as unmarshall did, should
 * an item carry them. A member named `__proto__` is kept as a member.
 *
 * Errors are plain `Error`s: the adapter translates them into `internal` GatewayErrors.
 */

export type AttributeMap = Record<string, AttributeValue>;

/** Sets a member even when its name is `__proto__` (plain assignment would change the prototype). */
function setMember<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function numberAttribute(value: number): AttributeValue {
  if (!storableNumber(value)) throw new Error(`The state store cannot hold the number ${value}.`);
  // the shortest text that reads back as the same double (at most 17 digits: DynamoDB keeps 38)
  return { N: value.toString() };
}

/** One JSON value as an attribute value. Throws for `undefined` and for anything that is not JSON. */
export function toAttribute(value: unknown): AttributeValue {
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return numberAttribute(value);
    case 'boolean':
      return { BOOL: value };
    case 'object': {
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) {
        const list: AttributeValue[] = [];
        for (const member of value as unknown[]) {
          if (member !== undefined && typeof member !== 'function') list.push(toAttribute(member));
        }
        return { L: list };
      }
      if (isPlainObject(value)) return { M: toAttributeMap(value) };
      throw new Error(`The state store cannot hold a ${value.constructor?.name ?? 'non-JSON'} object.`);
    }
    default:
      throw new Error(`The state store cannot hold a value of type ${typeof value}.`);
  }
}

/** A JSON object (an item, a key, expression values) as an attribute map; `undefined` members are dropped. */
export function toAttributeMap(object: Record<string, unknown>): AttributeMap {
  const map: AttributeMap = {};
  for (const key of Object.keys(object)) {
    const member = object[key];
    if (member !== undefined && typeof member !== 'function') setMember(map, key, toAttribute(member));
  }
  return map;
}

/** A stored number as `JSON.parse` would read its text (written by another tool, it may be more precise). */
function fromNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`The stored number ${text} is no JSON number.`);
  return value;
}

/** One attribute value as a JSON value (the first member that is set decides the type). */
export function fromAttribute(attribute: AttributeValue): unknown {
  for (const [type, value] of Object.entries(attribute) as Array<[string, unknown]>) {
    if (value === undefined) continue;
    switch (type) {
      case 'NULL':
        return null;
      case 'BOOL':
        return Boolean(value);
      case 'S':
        return value;
      case 'N':
        return fromNumber(value as string);
      case 'L':
        return (value as AttributeValue[]).map(fromAttribute);
      case 'M':
        return fromAttributeMap(value as AttributeMap);
      case 'B':
        return value;
      case 'SS':
      case 'BS':
        return new Set(value as unknown[]);
      case 'NS':
        return new Set((value as string[]).map(fromNumber));
      default:
        throw new Error(`The state store cannot read an attribute of type ${type}.`);
    }
  }
  throw new Error('The state store cannot read an attribute without a value.');
}

/** An attribute map (an item, a key) as a JSON object. */
export function fromAttributeMap(map: AttributeMap): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, attribute] of Object.entries(map)) setMember(object, key, fromAttribute(attribute));
  return object;
}
