/**
 * The DynamicValue wire codec: msgpack shaped by a Terraform type. Any msgpack extension decodes as
 * unknown (type 0 is the plain unknown, type 12 a refined one; others are treated the same way); unknown
 * encodes as extension 0 with one zero byte. Numbers may arrive as int, float or decimal string.
 */
import { decode, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { type CtyType, isObjectValue, isUnknown, type ObjectValue, unknown, type Value } from './value.js';

/** Keeps every extension, including the timestamp (-1), as raw ExtData so it can become unknown. */
const rawExtensions = new ExtensionCodec();
rawExtensions.register({
  type: -1,
  encode: () => null,
  decode: (data, type) => new ExtData(type, data),
});

const encoder = new Encoder({ extensionCodec: rawExtensions, sortKeys: true, ignoreUndefined: false });
const UNKNOWN_EXT = new ExtData(0, new Uint8Array([0]));

export class CodecError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super(path.length > 0 ? `${message} at ${path.join('.')}` : message);
    this.name = 'CodecError';
  }
}

export function decodeMsgpack(bytes: Uint8Array, type: CtyType): Value {
  if (bytes.length === 0) return null;
  return fromWire(decode(bytes, { extensionCodec: rawExtensions }), type, []);
}

export function encodeMsgpack(value: Value, type: CtyType): Uint8Array {
  return encoder.encode(toWire(value, type, []));
}

/** The `json` DynamicValue form (no unknowns can appear in it). */
export function decodeJson(bytes: Uint8Array, type: CtyType): Value {
  if (bytes.length === 0) return null;
  const text = Buffer.from(bytes).toString('utf8');
  // its numbers as written, before JSON.parse rounds them (strings skipped: a digit in one is no number)
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g))
    if (!token.startsWith('"')) numberOf(token);
  return fromWire(JSON.parse(text), type, []);
}

/**
 * Numbers Terraform gave with more precision than a double holds (`100 / 30` is 3.333… to 512 bits), as
 * written, by the double they read as. The gateway keeps doubles; a number is written back to Terraform
 * as it was given whenever its double is the same (the framework's "semantic equality" of numbers):
 * else a plan's value would differ from the configuration's (an error of the provider's, to Terraform)
 * and the state read back from the gateway from it (a change on every plan).
 */
const givenDecimals = new Map<number, string>();
const MAX_GIVEN_DECIMALS = 10_000;

function numberOf(text: string): number {
  const value = Number(text);
  // (a double holds 15 significant digits whatever they are: only a longer text may say more)
  const digits = text
    .replace(/[eE].*$/, '')
    .replace(/\D/g, '')
    .replace(/^0+/, '').length;
  if (Number.isFinite(value) && digits > 15 && givenDecimals.size < MAX_GIVEN_DECIMALS)
    givenDecimals.set(value, text);
  return value;
}

function fromWire(raw: unknown, type: CtyType, path: (string | number)[]): Value {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) return unknown;
  if (type === 'dynamic') {
    if (!Array.isArray(raw) || raw.length !== 2)
      throw new CodecError('dynamic value must be [type, value]', path);
    const [typeJson, inner] = raw as [unknown, unknown];
    const innerType = parseTypeJson(typeJson, path);
    return fromWire(inner, innerType, path);
  }
  if (type === 'string') {
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
    throw new CodecError(`expected a string, got ${describe(raw)}`, path);
  }
  if (type === 'number') {
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'bigint') return Number(raw);
    if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return numberOf(raw);
    throw new CodecError(`expected a number, got ${describe(raw)}`, path);
  }
  if (type === 'bool') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new CodecError(`expected a bool, got ${describe(raw)}`, path);
  }
  const [kind] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(raw)) throw new CodecError(`expected a ${kind}, got ${describe(raw)}`, path);
    return raw.map((item, index) => fromWire(item, type[1], [...path, index]));
  }
  if (kind === 'tuple') {
    if (!Array.isArray(raw)) throw new CodecError(`expected a tuple, got ${describe(raw)}`, path);
    return type[1].map((itemType, index) => fromWire(raw[index], itemType, [...path, index]));
  }
  if (!isPlainObject(raw))
    throw new CodecError(`expected ${kind === 'map' ? 'a map' : 'an object'}, got ${describe(raw)}`, path);
  const result: ObjectValue = {};
  if (kind === 'map') {
    for (const [key, item] of Object.entries(raw)) result[key] = fromWire(item, type[1], [...path, key]);
    return result;
  }
  for (const [name, attributeType] of Object.entries(type[1])) {
    result[name] = fromWire(raw[name], attributeType, [...path, name]);
  }
  return result;
}

function toWire(value: Value, type: CtyType, path: (string | number)[]): unknown {
  if (value === null) return null;
  if (isUnknown(value)) return UNKNOWN_EXT;
  if (type === 'dynamic') {
    const inferred = inferType(value);
    return [Buffer.from(JSON.stringify(inferred)), toWire(value, inferred, path)];
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw new CodecError(`expected a string, got ${describe(value)}`, path);
    return value;
  }
  if (type === 'number') {
    if (typeof value !== 'number' || Number.isNaN(value))
      throw new CodecError(`expected a number, got ${describe(value)}`, path);
    return givenDecimals.get(value) ?? value;
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new CodecError(`expected a bool, got ${describe(value)}`, path);
    return value;
  }
  const [kind] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) throw new CodecError(`expected a ${kind}, got ${describe(value)}`, path);
    return value.map((item, index) => toWire(item, type[1], [...path, index]));
  }
  if (kind === 'tuple') {
    if (!Array.isArray(value)) throw new CodecError(`expected a tuple, got ${describe(value)}`, path);
    return type[1].map((itemType, index) => toWire(value[index] ?? null, itemType, [...path, index]));
  }
  if (!isObjectValue(value)) throw new CodecError(`expected ${kind === 'map' ? 'a map' : 'an object'}`, path);
  const result: Record<string, unknown> = {};
  if (kind === 'map') {
    for (const [key, item] of Object.entries(value)) result[key] = toWire(item, type[1], [...path, key]);
    return result;
  }
  for (const [name, attributeType] of Object.entries(type[1])) {
    result[name] = toWire(value[name] ?? null, attributeType, [...path, name]);
  }
  return result;
}

function parseTypeJson(raw: unknown, path: (string | number)[]): CtyType {
  const text = raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : raw;
  if (typeof text !== 'string') throw new CodecError('dynamic value type must be JSON bytes', path);
  return JSON.parse(text) as CtyType;
}

/** The type Terraform would infer for a JavaScript value (used for `dynamic` attributes). */
export function inferType(value: Value): CtyType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(inferType)];
  if (isObjectValue(value)) {
    const attributes: Record<string, CtyType> = {};
    for (const [key, item] of Object.entries(value)) attributes[key] = inferType(item);
    return ['object', attributes];
  }
  return 'dynamic';
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array);
}

function describe(raw: unknown): string {
  if (Array.isArray(raw)) return 'an array';
  if (isObjectValue(raw as Value)) return 'an object';
  return typeof raw;
}
