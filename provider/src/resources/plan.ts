/**
 * The lifecycle rules Terraform enforces, as pure functions over the resource model:
 * - plan: config values pass through unchanged; defaults fill unset defaulted attributes; read-only
 *   attributes are unknown on create and keep their prior value on update, except volatile ones
 *   (version, updated_at) which become unknown when anything changes; write-only attributes are null;
 *   immutable changes are reported as RequiresReplace — except the first value of a write-only
 *   attribute's `_version` companion after an import (the import cannot know it), which updates in place.
 * - apply: the new state keeps every known planned value and takes the API's answer for the unknowns.
 * - read: the API's answer, keeping what the API never returns (create-only secrets, Terraform-only
 *   attributes) and the prior spelling of semantically equal values.
 */
import {
  isObjectValue,
  isUnknown,
  isWhollyKnown,
  type ObjectValue,
  unknown,
  type Value,
} from '../codec/value.js';
import type { AttributeModel, ResourceModel, ValueType } from '../model/types.js';
import { canonicalJson, defaultValue, isConfigurable, isEmpty, typedEqual } from './mapper.js';

export interface PlanResult {
  planned: ObjectValue | null;
  requiresReplace: string[][];
}

export interface PlanOptions {
  /** The prior state came from an import and has not been applied since (see PrivateState.imported). */
  imported?: boolean;
}

export function planResource(
  resource: ResourceModel,
  prior: ObjectValue | null,
  proposed: ObjectValue | null,
  config: ObjectValue | null,
  options: PlanOptions = {},
): PlanResult {
  if (proposed === null) return { planned: null, requiresReplace: [] };
  const creating = prior === null;
  const planned = planObject(resource.attributes, proposed, config ?? {}, creating);
  if (creating) return { planned, requiresReplace: [] };

  const changed = resource.attributes.some(
    (a) => isConfigurable(a) && !a.writeOnly && !typedEqual(a.type, prior[a.name], planned[a.name]),
  );
  const requiresReplace: string[][] = [];
  for (const attribute of resource.attributes) {
    if (typedEqual(attribute.type, prior[attribute.name], planned[attribute.name])) continue;
    if (attribute.replaceAcross !== undefined) {
      const group = (value: unknown) => attribute.replaceAcross!.findIndex((g) => g.includes(value as never));
      // unknown until apply: it may move across, so replaced, as an immutable value is (an in-place
      // update planned now could not become a replacement at apply: Terraform refuses a changed action)
      if (
        isUnknown(planned[attribute.name]) ||
        group(prior[attribute.name]) !== group(planned[attribute.name])
      )
        requiresReplace.push([attribute.name]);
      continue;
    }
    if (!attribute.immutable) continue;
    // An imported object's `<attr>_version` is unknown to the import: its first value is no new secret.
    const firstVersionAfterImport =
      options.imported === true &&
      attribute.triggersWriteOnly !== undefined &&
      (prior[attribute.name] ?? null) === null;
    if (!firstVersionAfterImport) requiresReplace.push([attribute.name]);
  }
  if (changed) {
    for (const attribute of resource.attributes) if (attribute.volatile) planned[attribute.name] = unknown;
  }
  return { planned, requiresReplace };
}

function planObject(
  attributes: readonly AttributeModel[],
  proposed: ObjectValue,
  config: ObjectValue,
  creating: boolean,
): ObjectValue {
  const planned: ObjectValue = { ...proposed };
  for (const attribute of attributes) {
    const configured = config[attribute.name] ?? null;
    if (attribute.writeOnly) {
      planned[attribute.name] = null;
      continue;
    }
    if (!isConfigurable(attribute)) {
      // Read-only: decided by the API.
      if (creating) planned[attribute.name] = unknown;
      continue;
    }
    if (configured === null && attribute.default !== undefined) {
      planned[attribute.name] = defaultValue(attribute);
      continue;
    }
    const value = planned[attribute.name] ?? null;
    planned[attribute.name] = planNested(attribute.type, value, configured, creating);
  }
  return planned;
}

function planNested(type: ValueType, value: Value, configured: Value, creating: boolean): Value {
  if (value === null || isUnknown(value)) return value;
  if (type.kind === 'object' && isObjectValue(value)) {
    return planObject(type.attributes, value, isObjectValue(configured) ? configured : {}, creating);
  }
  if (
    (type.kind === 'list' || type.kind === 'set') &&
    Array.isArray(value) &&
    type.element.kind === 'object'
  ) {
    const configItems = Array.isArray(configured) ? configured : [];
    return value.map((item, index) => planNested(type.element, item, configItems[index] ?? null, creating));
  }
  if (type.kind === 'map' && isObjectValue(value) && type.element.kind === 'object') {
    const result: ObjectValue = {};
    for (const [key, item] of Object.entries(value)) {
      result[key] = planNested(
        type.element,
        item,
        isObjectValue(configured) ? (configured[key] ?? null) : null,
        creating,
      );
    }
    return result;
  }
  return value;
}

/** The state after create/update: known planned values win, the API fills in the unknowns. */
export function applyResult(
  attributes: readonly AttributeModel[],
  planned: ObjectValue,
  fromApi: ObjectValue,
  prior: ObjectValue | null,
): ObjectValue {
  const state: ObjectValue = {};
  for (const attribute of attributes) {
    const plannedValue = planned[attribute.name] ?? null;
    if (attribute.writeOnly) state[attribute.name] = null;
    else if (attribute.apiName === null) state[attribute.name] = plannedValue;
    else if (isWhollyKnown(plannedValue)) state[attribute.name] = plannedValue;
    else if (attribute.createOnly && fromApi[attribute.name] === null)
      state[attribute.name] = prior?.[attribute.name] ?? null;
    else state[attribute.name] = fillUnknowns(plannedValue, fromApi[attribute.name] ?? null);
  }
  return state;
}

/** Replaces the unknown parts of a planned value with the API's values, keeping the known parts. */
function fillUnknowns(planned: Value, actual: Value): Value {
  if (isUnknown(planned)) return actual;
  if (isObjectValue(planned) && isObjectValue(actual)) {
    const result: ObjectValue = {};
    for (const [key, item] of Object.entries(planned)) result[key] = fillUnknowns(item, actual[key] ?? null);
    return result;
  }
  if (Array.isArray(planned) && Array.isArray(actual) && planned.length === actual.length) {
    return planned.map((item, index) => fillUnknowns(item, actual[index] ?? null));
  }
  return planned;
}

/** The refreshed state: the API's view, keeping what the API never returns. */
export function readResult(
  attributes: readonly AttributeModel[],
  fromApi: ObjectValue,
  prior: ObjectValue | null,
  returned: ReadonlySet<string>,
): ObjectValue {
  const state: ObjectValue = {};
  for (const attribute of attributes) {
    const previous = prior?.[attribute.name] ?? null;
    const current = fromApi[attribute.name] ?? null;
    if (attribute.writeOnly) state[attribute.name] = null;
    else if (attribute.apiName === null) state[attribute.name] = previous;
    else if (!returned.has(attribute.apiName) && (attribute.createOnly || attribute.computed))
      state[attribute.name] = previous;
    else state[attribute.name] = normalize(attribute.type, attribute, current, previous);
  }
  return state;
}

/**
 * Keeps the prior spelling when the API's value means the same (empty vs null, equal instants). An empty
 * list that means none (`emptyDiffers`) is not an unset one, which means every one: a change between the
 * two is drift (access widened or narrowed out of band).
 */
function normalize(type: ValueType, attribute: AttributeModel, current: Value, previous: Value): Value {
  if (!attribute.emptyDiffers) {
    if (previous === null && isEmpty(current) && attribute.default === undefined) return null;
    if (current === null && isEmpty(previous)) return previous;
  }
  if (
    attribute.validation?.format === 'date-time' &&
    typeof current === 'string' &&
    typeof previous === 'string' &&
    Date.parse(current) === Date.parse(previous) &&
    !Number.isNaN(Date.parse(current))
  ) {
    return previous;
  }
  if (type.kind === 'set' && typedEqual(type, current, previous)) return previous;
  // a JSON document as configured (`jsonencode` escapes `&`, a file keeps its own spacing and key order)
  if (type.kind === 'json' && typeof current === 'string' && typeof previous === 'string') {
    if (sameJson(current, previous)) return previous;
  }
  if (type.kind === 'object' && isObjectValue(current) && isObjectValue(previous)) {
    const result: ObjectValue = {};
    for (const inner of type.attributes) {
      const before = previous[inner.name] ?? null;
      // Nested like top level: write-only values are never state; Terraform-only ones (`_version`) stay.
      if (inner.writeOnly) result[inner.name] = null;
      else if (inner.apiName === null) result[inner.name] = before;
      else result[inner.name] = normalize(inner.type, inner, current[inner.name] ?? null, before);
    }
    return result;
  }
  return current;
}

/** Whether two JSON texts hold the same value (`current` canonical, as read from the API). */
function sameJson(current: string, previous: string): boolean {
  try {
    return canonicalJson(JSON.parse(previous)) === current;
  } catch {
    return false;
  }
}

/** The `If-Match` value for a write: the ETag kept in private state, else the version attribute. */
export function ifMatchOf(privateState: PrivateState, prior: ObjectValue | null): string | undefined {
  if (privateState.etag) return privateState.etag;
  const version = prior?.['version'];
  return typeof version === 'number' ? `"${version}"` : undefined;
}

export interface PrivateState {
  etag?: string;
  /** Set by an import, dropped by the next apply. */
  imported?: boolean;
}

export function decodePrivate(bytes: Uint8Array | undefined): PrivateState {
  if (!bytes || bytes.length === 0) return {};
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as PrivateState) : {};
  } catch {
    return {};
  }
}

export function encodePrivate(state: PrivateState): Buffer {
  return Buffer.from(JSON.stringify(state));
}
