/** Config validation from the spec's constraints, reported per attribute path before any API call. */
import { isObjectValue, isUnknown, type ObjectValue, type Value } from '../codec/value.js';
import type { AttributeModel, Validation, ValueType } from '../model/types.js';
import { errorDiagnostic, type PathSegment } from '../protocol/diagnostics.js';
import type { Diagnostic } from '../protocol/messages.js';

export function validateObject(
  attributes: readonly AttributeModel[],
  value: ObjectValue,
  path: PathSegment[] = [],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const attribute of attributes) {
    const item = value[attribute.name] ?? null;
    diagnostics.push(...validateValue(attribute, attribute.type, item, [...path, attribute.name]));
  }
  return diagnostics;
}

/**
 * The configured write-only attributes (top level and in nested objects): values a Terraform without
 * write-only attributes (before 1.11) would plan and keep in its state.
 */
export function configuredWriteOnly(
  attributes: readonly AttributeModel[],
  value: ObjectValue,
  path: PathSegment[] = [],
): PathSegment[][] {
  const found: PathSegment[][] = [];
  for (const attribute of attributes) {
    const item = value[attribute.name] ?? null;
    if (item === null) continue;
    if (attribute.writeOnly) found.push([...path, attribute.name]);
    else if (attribute.type.kind === 'object' && isObjectValue(item))
      found.push(...configuredWriteOnly(attribute.type.attributes, item, [...path, attribute.name]));
  }
  return found;
}

function validateValue(
  attribute: AttributeModel,
  type: ValueType,
  value: Value,
  path: PathSegment[],
): Diagnostic[] {
  if (value === null || isUnknown(value)) return [];
  const rules = attribute.validation ?? {};
  const problems: string[] = [];
  const nested: Diagnostic[] = [];
  switch (type.kind) {
    case 'string': {
      if (typeof value === 'string') problems.push(...stringProblems(rules, value));
      break;
    }
    case 'number': {
      if (typeof value !== 'number') break;
      if (type.integer && !Number.isInteger(value)) problems.push('must be a whole number');
      if (rules.minimum !== undefined && value < rules.minimum)
        problems.push(`must be at least ${rules.minimum}`);
      if (rules.maximum !== undefined && value > rules.maximum)
        problems.push(`must be at most ${rules.maximum}`);
      if (rules.exclusiveMinimum !== undefined && value <= rules.exclusiveMinimum)
        problems.push(`must be greater than ${rules.exclusiveMinimum}`);
      if (rules.exclusiveMaximum !== undefined && value >= rules.exclusiveMaximum)
        problems.push(`must be less than ${rules.exclusiveMaximum}`);
      if (rules.enum && !rules.enum.includes(value)) problems.push(`must be one of ${rules.enum.join(', ')}`);
      break;
    }
    case 'json': {
      if (typeof value === 'string') {
        try {
          JSON.parse(value);
        } catch {
          problems.push('must be a JSON document (use jsonencode)');
        }
      }
      break;
    }
    case 'list':
    case 'set':
    case 'map': {
      const size = Array.isArray(value) ? value.length : isObjectValue(value) ? Object.keys(value).length : 0;
      if (rules.minItems !== undefined && size < rules.minItems)
        problems.push(`must have at least ${rules.minItems} entries`);
      if (rules.maxItems !== undefined && size > rules.maxItems)
        problems.push(`must have at most ${rules.maxItems} entries`);
      if (rules.uniqueItems === true && Array.isArray(value) && repeats(value))
        problems.push('must not repeat an entry');
      const elementAttribute: AttributeModel = { ...attribute, validation: rules.element ?? {} };
      if (Array.isArray(value)) {
        value.forEach((item, index) => {
          nested.push(...validateElement(elementAttribute, type.element, item, [...path, index]));
        });
      } else if (isObjectValue(value)) {
        for (const [key, item] of Object.entries(value)) {
          if (rules.keys !== undefined)
            for (const problem of stringProblems(rules.keys, key))
              problems.push(`key ${JSON.stringify(key)} ${problem}`);
          nested.push(...validateElement(elementAttribute, type.element, item, [...path, { key }]));
        }
      }
      break;
    }
    case 'object':
      if (isObjectValue(value)) nested.push(...validateObject(type.attributes, value, path));
      break;
    default:
      break;
  }
  return [
    ...problems.map((problem) =>
      errorDiagnostic('Invalid attribute value', `${describePath(path)} ${problem}.`, path),
    ),
    ...nested,
  ];
}

/** What is wrong with a string under `rules`. */
function stringProblems(rules: Validation, value: string): string[] {
  const problems: string[] = [];
  if (rules.enum && !rules.enum.includes(value))
    problems.push(`must be one of ${rules.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (rules.minLength !== undefined && [...value].length < rules.minLength)
    problems.push(`must be at least ${rules.minLength} characters long`);
  if (rules.maxLength !== undefined && [...value].length > rules.maxLength)
    problems.push(`must be at most ${rules.maxLength} characters long`);
  if (rules.pattern !== undefined && !safeRegExp(rules.pattern)?.test(value))
    problems.push(`must match ${rules.pattern}`);
  if (rules.format === 'uri' && !isUri(value)) problems.push('must be an absolute URI');
  if (rules.format === 'date-time' && !isDateTime(value))
    problems.push('must be an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z');
  return problems;
}

function validateElement(
  attribute: AttributeModel,
  type: ValueType,
  value: Value,
  path: PathSegment[],
): Diagnostic[] {
  if (type.kind === 'object' && isObjectValue(value)) return validateObject(type.attributes, value, path);
  return validateValue(attribute, type, value, path);
}

export function describePath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'string') text += text === '' ? segment : `.${segment}`;
    else if (typeof segment === 'number') text += `[${segment}]`;
    else text += `[${JSON.stringify(segment.key)}]`;
  }
  return text;
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function isUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

function isDateTime(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** Whether a list holds an entry twice (entries compared as JSON: unknown ones are never alike). */
function repeats(list: readonly Value[]): boolean {
  const seen = new Set<string>();
  for (const item of list) {
    if (isUnknown(item)) continue;
    const key = JSON.stringify(item);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
