/**
 * Terraform values as plain JavaScript: `null`, the `unknown` marker, strings, numbers, booleans, arrays
 * (list, set, tuple) and records (map, object). A value's Terraform type travels beside it as a `CtyType`.
 */

/** A value not known until apply. Refinements (prefix, range, nullness) are not kept. */
export class Unknown {
  readonly unknown = true;
  toJSON(): string {
    return '<unknown>';
  }
}

export const unknown: Unknown = new Unknown();

export type Value = null | Unknown | string | number | boolean | Value[] | { [key: string]: Value };
export type ObjectValue = { [key: string]: Value };

/** Terraform's type system as its JSON form: `"string"`, `["list","string"]`, `["object",{...}]`. */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | ['list' | 'set' | 'map', CtyType]
  | ['object', { [name: string]: CtyType }]
  | ['object', { [name: string]: CtyType }, string[]]
  | ['tuple', CtyType[]];

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isObjectValue(value: Value | undefined): value is ObjectValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** True when the value contains no unknown anywhere. */
export function isWhollyKnown(value: Value): boolean {
  if (isUnknown(value)) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObjectValue(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

/** Structural equality; unknown equals only unknown; arrays compare in order (see typedEqual for sets). */
export function valuesEqual(a: Value | undefined, b: Value | undefined): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => valuesEqual(item, b[index]));
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!valuesEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}
