/**
 * Terraform values ↔ API JSON, driven by the resource model: snake_case attributes ↔ API property names,
 * free-form JSON ↔ JSON strings, nested objects recursively. Attributes without an API name stay on the
 * Terraform side.
 */
import { isObjectValue, isUnknown, type ObjectValue, type Value, valuesEqual } from '../codec/value.js';
import type { AttributeModel, JsonValue, ValueType } from '../model/types.js';

/** A configurable attribute: one the user may set (not readOnly). */
export function isConfigurable(attribute: AttributeModel): boolean {
  return attribute.required || attribute.optional;
}

/**
 * Body for create/replace: every configurable API attribute that has a known, non-null value. Write-only
 * attributes, at any depth, are never in the plan: their values come from `config` (the same shape).
 */
export function toApiObject(
  attributes: readonly AttributeModel[],
  value: ObjectValue,
  config: Value = null,
): Record<string, JsonValue> {
  const configured = isObjectValue(config) ? config : {};
  const body: Record<string, JsonValue> = {};
  for (const attribute of attributes) {
    if (attribute.apiName === null || !isConfigurable(attribute)) continue;
    const item = attribute.writeOnly ? configured[attribute.name] : value[attribute.name];
    if (item === null || item === undefined || isUnknown(item)) continue;
    body[attribute.apiName] = toApi(attribute.type, item, configured[attribute.name] ?? null);
  }
  return body;
}

/** Equality as Terraform sees it: sets ignore order. */
export function typedEqual(type: ValueType, a: Value | undefined, b: Value | undefined): boolean {
  if (type.kind === 'set' && Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const key = (item: Value) => JSON.stringify(item);
    const left = a.map(key).sort();
    const right = b.map(key).sort();
    return left.every((item, index) => item === right[index]);
  }
  return valuesEqual(a, b);
}

/**
 * Body for an update by JSON merge patch (RFC 7396): what changed, inside objects and maps member by
 * member (`null` for one removed, at any depth), anything else whole. Write-only attributes are left out,
 * at every depth: the gateway keeps the values it holds, which Terraform never sees. Undefined when a
 * merge patch cannot say it: a changed JSON document with `null` members (a merge patch's `null` removes).
 */
export function toMergePatch(
  attributes: readonly AttributeModel[],
  planned: ObjectValue,
  prior: ObjectValue,
): Record<string, JsonValue> | undefined {
  const patch: Record<string, JsonValue> = {};
  for (const attribute of attributes) {
    if (attribute.apiName === null || !isConfigurable(attribute) || attribute.writeOnly) continue;
    const planning = planned[attribute.name] ?? null;
    if (isUnknown(planning)) continue;
    // as a create would send them, write-only values left out at every depth
    const next = toApi(attribute.type, planning);
    const before = toApi(attribute.type, prior[attribute.name] ?? null);
    if (JSON.stringify(next) === JSON.stringify(before)) continue;
    if (holdsNullDocument(attribute.type, next)) return undefined;
    patch[attribute.apiName] = mergeDiff(attribute.type, before, next);
  }
  return patch;
}

/** Whether a value holds a JSON document with a `null` member (in its objects: a list is sent whole). */
function holdsNullDocument(type: ValueType, value: JsonValue): boolean {
  if (!plain(value)) return false;
  if (type.kind === 'json') return nullMember(value);
  if (type.kind !== 'object') return false;
  return type.attributes.some(
    (member) => member.apiName !== null && holdsNullDocument(member.type, value[member.apiName] ?? null),
  );
}

const nullMember = (value: JsonValue): boolean =>
  plain(value) && Object.values(value).some((item) => item === null || nullMember(item));

const plain = (value: JsonValue): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The merge patch that turns `before` into `next`: objects member by member, anything else whole. An
 * object's required members go along unchanged too (a credential's `kind`: the API reads a patch of the
 * object by it). A JSON document (an OpenAPI server's `document`) goes whole: the API takes a document
 * given as the new one, never merged into the stored one.
 */
function mergeDiff(type: ValueType, before: JsonValue, next: JsonValue): JsonValue {
  if (type.kind === 'json' || !plain(before) || !plain(next)) return next;
  const members = type.kind === 'object' ? type.attributes : [];
  const memberType = (key: string): ValueType =>
    type.kind === 'map' ? type.element : (members.find((a) => a.apiName === key)?.type ?? { kind: 'json' });
  const patch: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(before))
    if (item !== null && (next[key] ?? null) === null) patch[key] = null;
  for (const [key, item] of Object.entries(next)) {
    const prior = before[key] ?? null;
    if (item === null || JSON.stringify(item) === JSON.stringify(prior)) continue;
    patch[key] = mergeDiff(memberType(key), prior, item);
  }
  if (Object.keys(patch).length > 0)
    for (const member of members)
      if (member.required && member.apiName !== null && next[member.apiName] !== undefined)
        patch[member.apiName] ??= next[member.apiName]!;
  return patch;
}

/**
 * Whether a write-only value the configuration gives goes to a new destination (a server's `url`, a
 * webhook's): the gateway never takes a stored value there, so it is sent again, by a replacement.
 */
export function movesWriteOnly(
  attributes: readonly AttributeModel[],
  planned: ObjectValue,
  prior: ObjectValue,
  config: ObjectValue,
): boolean {
  const destinations = new Set<string>();
  const given = (nested: readonly AttributeModel[], value: Value) => {
    if (!isObjectValue(value)) return;
    for (const attribute of nested) {
      const item = value[attribute.name] ?? null;
      if (attribute.writeOnly && item !== null)
        for (const destination of attribute.destinations ?? []) destinations.add(destination);
      if (attribute.type.kind === 'object') given(attribute.type.attributes, item);
    }
  };
  given(attributes, config);
  const at = (value: Value, path: string): Value =>
    path.split('.').reduce<Value>((v, name) => (isObjectValue(v) ? (v[name] ?? null) : null), value);
  return [...destinations].some(
    (path) => !isUnknown(at(planned, path)) && !valuesEqual(at(planned, path), at(prior, path)),
  );
}

/** Whether a `<name>_version` changed, at any depth: a write-only value is to be sent again. */
export function resendsWriteOnly(
  attributes: readonly AttributeModel[],
  planned: ObjectValue,
  prior: ObjectValue,
): boolean {
  return attributes.some((attribute) => {
    const next = planned[attribute.name] ?? null;
    const before = prior[attribute.name] ?? null;
    if (attribute.triggersWriteOnly !== undefined) return !valuesEqual(next, before);
    if (attribute.type.kind !== 'object' || (!isObjectValue(next) && !isObjectValue(before))) return false;
    // an object added whole, holding a write-only value (credentials with their secret): sent as a create
    // sends it, whatever its version says
    if (!isObjectValue(before) && attribute.type.attributes.some((a) => a.writeOnly)) return true;
    return resendsWriteOnly(
      attribute.type.attributes,
      isObjectValue(next) ? next : {},
      isObjectValue(before) ? before : {},
    );
  });
}

/**
 * The write-only values a replacement would drop: set before (their `<name>_version` says so, unchanged)
 * and not in the configuration now. A replacement sends every write-only value of the configuration, and
 * the gateway keeps none it is not sent; a merge patch leaves them be.
 */
export function droppedWriteOnly(
  attributes: readonly AttributeModel[],
  planned: ObjectValue,
  prior: ObjectValue,
  config: ObjectValue,
  path = '',
): string[] {
  const dropped: string[] = [];
  for (const attribute of attributes) {
    const name = `${path}${attribute.name}`;
    if (attribute.triggersWriteOnly !== undefined) {
      const before = prior[attribute.name] ?? null;
      const given = config[attribute.triggersWriteOnly] ?? null;
      if (before !== null && valuesEqual(planned[attribute.name] ?? null, before) && given === null)
        dropped.push(`${path}${attribute.triggersWriteOnly}`);
      continue;
    }
    const [next, before, set] = [planned[attribute.name], prior[attribute.name], config[attribute.name]];
    if (attribute.type.kind === 'object' && isObjectValue(next) && isObjectValue(before))
      dropped.push(
        ...droppedWriteOnly(
          attribute.type.attributes,
          next,
          before,
          isObjectValue(set) ? set : {},
          `${name}.`,
        ),
      );
  }
  return dropped;
}

export function toApi(type: ValueType, value: Value, config: Value = null): JsonValue {
  if (value === null || isUnknown(value)) return null;
  switch (type.kind) {
    case 'json':
      return typeof value === 'string' ? (JSON.parse(value) as JsonValue) : null;
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return null;
      // Config items line up by index (the model makes lists, never sets, of objects).
      const items = type.kind === 'list' && Array.isArray(config) ? config : [];
      return value.map((item, index) => toApi(type.element, item, items[index] ?? null));
    }
    case 'map': {
      if (!isObjectValue(value)) return null;
      const items = isObjectValue(config) ? config : {};
      const result: Record<string, JsonValue> = {};
      for (const [key, item] of Object.entries(value))
        result[key] = toApi(type.element, item, items[key] ?? null);
      return result;
    }
    case 'object':
      return isObjectValue(value) ? toApiObject(type.attributes, value, config) : null;
    default:
      return value as JsonValue;
  }
}

/** API object → Terraform object value; properties the API did not return become null. */
export function fromApiObject(attributes: readonly AttributeModel[], body: unknown): ObjectValue {
  const source =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const result: ObjectValue = {};
  for (const attribute of attributes) {
    result[attribute.name] =
      attribute.apiName === null ? null : fromApi(attribute.type, source[attribute.apiName]);
  }
  return result;
}

export function fromApi(type: ValueType, raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  switch (type.kind) {
    case 'string':
      return typeof raw === 'string' ? raw : JSON.stringify(raw);
    case 'number':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'bool':
      return typeof raw === 'boolean' ? raw : raw === 'true';
    case 'json':
      return canonicalJson(raw);
    case 'list':
    case 'set':
      return Array.isArray(raw) ? raw.map((item) => fromApi(type.element, item)) : null;
    case 'map': {
      if (typeof raw !== 'object' || Array.isArray(raw)) return null;
      const result: ObjectValue = {};
      for (const [key, item] of Object.entries(raw as Record<string, unknown>))
        result[key] = fromApi(type.element, item);
      return result;
    }
    case 'object':
      return typeof raw === 'object' && !Array.isArray(raw) ? fromApiObject(type.attributes, raw) : null;
  }
}

/** JSON with sorted keys, so semantically equal documents compare equal. */
export function canonicalJson(raw: unknown): string {
  return JSON.stringify(sortKeys(raw));
}

function sortKeys(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map(sortKeys);
  if (typeof raw === 'object' && raw !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(raw).sort()) sorted[key] = sortKeys((raw as Record<string, unknown>)[key]);
    return sorted;
  }
  return raw;
}

/** A spec `default` as a Terraform value. */
export function defaultValue(attribute: AttributeModel): Value {
  return attribute.default === undefined ? null : fromApi(attribute.type, attribute.default);
}

/** True for values the API may answer instead of an absent one: `{}`, `[]`, `""`. */
export function isEmpty(value: Value | undefined): boolean {
  if (value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObjectValue(value) && Object.keys(value).length === 0;
}

/**
 * Maps an RFC 6901 pointer into an API body to Terraform path segments (`/timeoutMs` → `timeout_ms`,
 * `/headers/X-Api` → `headers["X-Api"]`, `/items/0` → `items[0]`).
 */
export function pointerToPath(
  attributes: readonly AttributeModel[],
  pointer: string,
): (string | number | { key: string })[] {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
  const path: (string | number | { key: string })[] = [];
  let current: readonly AttributeModel[] | undefined = attributes;
  let type: ValueType | undefined;
  for (const token of tokens) {
    if (type && (type.kind === 'list' || type.kind === 'set')) {
      path.push(Number(token));
      type = type.element;
      current = type.kind === 'object' ? type.attributes : undefined;
      continue;
    }
    if (type && type.kind === 'map') {
      path.push({ key: token });
      type = type.element;
      current = type.kind === 'object' ? type.attributes : undefined;
      continue;
    }
    const attribute: AttributeModel | undefined = current?.find((a) => a.apiName === token);
    if (!attribute) break;
    path.push(attribute.name);
    type = attribute.type;
    current = type.kind === 'object' ? type.attributes : undefined;
  }
  return path;
}
