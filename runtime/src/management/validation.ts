/**
 * Request-body validation compiled once from the OpenAPI document (JSON Schema draft 2020-12, ajv).
 * Errors come back as RFC 6901 pointers to the offending field.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../core/errors.js';
import { isObject } from '../core/json-object.js';
import { openapiDocument } from '../generated/openapi-document.js';
import { type ResourceModel, resourceModels } from './model.js';

export type WriteMode = 'create' | 'replace' | 'patch';

export type ValidationResult =
  | {
      ok: true;
      /** A copy of the body: read-only fields dropped, schema defaults applied (create and replace). */
      value: Record<string, unknown>;
      /**
       * Patch only: immutable fields the patch schema does not list, taken out of the body so the caller
       * can accept them when they equal the current value and reject them otherwise.
       */
      immutable: Record<string, unknown>;
    }
  | { ok: false; errors: FieldError[] };

export interface SpecValidator {
  readonly models: readonly ResourceModel[];
  /** Validates a request body for one resource and write mode. Never throws for any JSON value. */
  validateBody(model: ResourceModel, mode: WriteMode, body: unknown): ValidationResult;
  /**
   * Checks the value of a string query parameter of the resource's list operation against its schema:
   * what is wrong with it, or undefined when it is fine (or no such parameter is declared).
   */
  checkQueryParameter(model: ResourceModel, name: string, value: string): string | undefined;
  /** Validates a body against a component schema (defaults applied to the copy answered). */
  validateSchema(
    schemaName: string,
    body: unknown,
  ): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] };
}

const specId = 'mcpgw:openapi';
const extensionKeywords = [
  'x-mcpgateway-resource',
  'x-mcpgateway-immutable',
  'x-mcpgateway-destination',
  'x-mcpgateway-sensitive',
  'x-mcpgateway-iac',
  'x-mcpgateway-volatile',
  'x-mcpgateway-ordered',
  'x-mcpgateway-empty-differs',
  'x-mcpgateway-replace-across',
];

// ajv-formats is CommonJS; under NodeNext its default export arrives either as the function or wrapped.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export const escapePointerToken = (token: string): string =>
  token.replaceAll('~', '~0').replaceAll('/', '~1');

export const pointerFor = (tokens: readonly string[]): string =>
  tokens.map((token) => `/${escapePointerToken(token)}`).join('');

function detailFor(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known property';
    case 'enum':
      return `must be one of: ${(Array.isArray(params['allowedValues']) ? params['allowedValues'] : []).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'type': {
      const type = params['type'];
      return `must be of type ${Array.isArray(type) ? type.join(' or ') : String(type)}`;
    }
    case 'format':
      return `must be a valid ${String(params['format'])}`;
    default:
      return error.message ?? 'is invalid';
  }
}

const combinators = new Set(['oneOf', 'anyOf', 'if', 'not', 'propertyNames']);

/** Converts ajv errors into field errors whose pointers name the offending field. */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const all = (errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    let pointer = error.instancePath;
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      pointer += `/${escapePointerToken(params['missingProperty'])}`;
    } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      pointer += `/${escapePointerToken(params['additionalProperty'])}`;
    } else if (error.keyword === 'propertyNames' && typeof params['propertyName'] === 'string') {
      pointer += `/${escapePointerToken(params['propertyName'])}`;
    }
    // ajv puts the name a `propertyNames` subschema refused on the error itself, not in its params.
    const refusedName = (error as ErrorObject & { propertyName?: unknown }).propertyName;
    if (typeof refusedName === 'string') {
      return {
        pointer: `${pointer}/${escapePointerToken(refusedName)}`,
        detail: `is not an allowed name: it ${detailFor(error)}`,
        keyword: error.keyword,
      };
    }
    return { pointer, detail: detailFor(error), keyword: error.keyword };
  });
  // A failed oneOf/anyOf (or propertyNames) says little when something more specific was reported at or
  // below it; nor does a wrong type when something was reported below it (the value has a type another
  // alternative takes, `null` for an object: that alternative's errors are the ones that tell).
  const specific = all.filter(
    (error) =>
      !(
        (combinators.has(error.keyword) &&
          all.some(
            (other) =>
              !combinators.has(other.keyword) &&
              (other.pointer === error.pointer || other.pointer.startsWith(`${error.pointer}/`)),
          )) ||
        (error.keyword === 'type' && all.some((other) => other.pointer.startsWith(`${error.pointer}/`)))
      ),
  );
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const { pointer, detail } of specific) {
    const key = `${pointer}\u0000${detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ pointer, detail });
  }
  return result;
}

/** A schema with its `$ref`s to component schemas rewritten to `prefix` + the name. */
const rewriteRefs = (schema: unknown, prefix: string): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${prefix}`));

/** The component schemas as a standalone JSON Schema (`$defs`), with `$ref`s rewritten to match. */
function schemaBundle(document: Record<string, unknown>): Record<string, unknown> {
  const components = document['components'];
  const schemas = isObject(components) && isObject(components['schemas']) ? components['schemas'] : {};
  return { $id: specId, $defs: rewriteRefs(schemas, '#/$defs/') };
}

export function createSpecValidator(document: Record<string, unknown> = openapiDocument): SpecValidator {
  const instance = (useDefaults: boolean) => {
    const ajv = new Ajv2020({ allErrors: true, useDefaults, strict: true });
    addFormats(ajv);
    // RFC 3339 allows a leap second (:60), which JavaScript's dates cannot read: such a time would be
    // stored and then never be understood where it is used (an api key's expiry)
    const rfc3339 = ajv.formats['date-time'] as { validate: (value: string) => boolean };
    ajv.addFormat('date-time', {
      type: 'string',
      validate: (value: string) => rfc3339.validate(value) && !Number.isNaN(Date.parse(value)),
    });
    for (const keyword of extensionKeywords) ajv.addKeyword(keyword);
    ajv.addSchema(schemaBundle(document));
    return ajv;
  };
  const ajv = instance(true);
  // a patch sets what it names and nothing else (RFC 7396): defaults of the schemas it reaches (an
  // object given whole, e.g. `credentials`) would overwrite stored values it never mentioned. The merged
  // resource is validated with defaults afterwards.
  let patchAjv: Ajv2020 | undefined;
  const patches = () => {
    patchAjv ??= instance(false);
    return patchAjv;
  };

  const models = resourceModels(document);
  const compiled = new Map<string, { full: ValidateFunction; patch: ValidateFunction | undefined }>();
  const queryParameters = new Map<string, Map<string, ValidateFunction>>();
  const bySchema = new Map<string, ValidateFunction>();
  for (const model of models) {
    compiled.set(model.schemaName, {
      full: ajv.compile({ $ref: `${specId}#/$defs/${model.schemaName}` }),
      patch:
        model.patchSchemaName === undefined
          ? undefined
          : patches().compile({ $ref: `${specId}#/$defs/${model.patchSchemaName}` }),
    });
    const parameters = new Map<string, ValidateFunction>();
    for (const [name, { default: _applied, ...schema }] of model.listParameters) {
      // Query values are strings: other parameters (`limit`) are parsed by the caller.
      if (schema['type'] !== undefined && schema['type'] !== 'string') continue;
      parameters.set(name, ajv.compile(rewriteRefs(schema, `${specId}#/$defs/`) as Record<string, unknown>));
    }
    queryParameters.set(model.schemaName, parameters);
  }

  return {
    models,
    validateBody(model, mode, body) {
      const validators = compiled.get(model.schemaName);
      if (validators === undefined) throw new Error(`unknown resource schema ${model.schemaName}`);
      const value: unknown = isObject(body) ? { ...structuredClone(body) } : structuredClone(body);
      const immutable: Record<string, unknown> = {};
      if (isObject(value)) {
        for (const name of Object.keys(value)) {
          if (model.readOnly.has(name)) delete value[name];
          else if (mode === 'patch' && model.immutable.has(name) && !model.patchable.has(name)) {
            immutable[name] = value[name];
            delete value[name];
          }
        }
      }
      const validate = mode === 'patch' ? validators.patch : validators.full;
      if (validate === undefined) {
        return { ok: false, errors: [{ pointer: '', detail: 'this resource cannot be patched' }] };
      }
      const removed = mode === 'patch' && isObject(value) ? takeNestedNulls(value) : [];
      if (!validate(value)) return { ok: false, errors: toFieldErrors(validate.errors) };
      for (const path of removed) putNull(value, path);
      return { ok: true, value: value as Record<string, unknown>, immutable };
    },
    validateSchema(schemaName, body) {
      let validate = bySchema.get(schemaName);
      if (validate === undefined) {
        validate = ajv.compile({ $ref: `${specId}#/$defs/${schemaName}` });
        bySchema.set(schemaName, validate);
      }
      const value: unknown = structuredClone(body);
      if (!validate(value) || !isObject(value)) return { ok: false, errors: toFieldErrors(validate.errors) };
      return { ok: true, value };
    },
    checkQueryParameter(model, name, value) {
      const validate = queryParameters.get(model.schemaName)?.get(name);
      if (validate === undefined || validate(value)) return undefined;
      return toFieldErrors(validate.errors)
        .map((error) => error.detail)
        .join('; ');
    },
  };
}

let shared: SpecValidator | undefined;

/** The validator for the bundled spec, compiled on first use. */
export function specValidator(): SpecValidator {
  shared ??= createSpecValidator();
  return shared;
}

/**
 * A merge patch's `null` inside an object removes that member (RFC 7396: a label, a header, an optional
 * setting): no value of the member's own schema, so it is set aside while the rest is checked, and put
 * back for the merge. Top-level nulls stay: the patch schema says which fields may be removed. What the
 * merge leaves is checked against the whole schema after.
 */
function takeNestedNulls(
  value: Record<string, unknown>,
  at: string[] = [],
  out: string[][] = [],
): string[][] {
  for (const [name, item] of Object.entries(value)) {
    if (item === null && at.length > 0) {
      out.push([...at, name]);
      delete value[name];
    } else if (isObject(item)) takeNestedNulls(item, [...at, name], out);
  }
  return out;
}

function putNull(value: unknown, path: readonly string[]): void {
  let parent = value;
  for (const step of path.slice(0, -1)) parent = isObject(parent) ? parent[step] : undefined;
  if (isObject(parent)) parent[path.at(-1)!] = null;
}
