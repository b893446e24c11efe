/**
 * The resource model read from the OpenAPI document: every schema carrying `x-mcpgateway-resource`
 * becomes a resource the management API serves, with the property sets its CRUD rules need. Adding a
 * resource to the spec therefore needs no new routing, validation or storage code.
 */

import { isObject } from '../core/json-object.js';
import { openapiDocument } from '../generated/openapi-document.js';

export interface ResourceAnnotation {
  /** Singular type name, e.g. `server` or `api_key`. */
  type: string;
  /** URL segment, e.g. `api-keys`. */
  plural: string;
  path: string;
  operations: { create: string; read: string; update: string; delete: string; list: string };
  id: string;
  /** Attributes a data source can look the resource up by; the management API keeps them unique. */
  lookup: string[];
}

export interface ResourceModel {
  /** The component schema name, e.g. `Server`. */
  schemaName: string;
  /** The merge-patch schema (`<schemaName>Patch`), when the spec has one. */
  patchSchemaName: string | undefined;
  annotation: ResourceAnnotation;
  properties: readonly string[];
  required: ReadonlySet<string>;
  readOnly: ReadonlySet<string>;
  writeOnly: ReadonlySet<string>;
  /** Write-only fields inside nested objects (e.g. `login.clientSecret`), as property paths. */
  nestedWriteOnly: readonly (readonly string[])[];
  immutable: ReadonlySet<string>;
  /** Where the resource sends its write-only values (`x-mcpgateway-destination`), as property paths. */
  destinations: readonly (readonly string[])[];
  sensitive: ReadonlySet<string>;
  /** Properties the patch schema accepts. */
  patchable: ReadonlySet<string>;
  /** Query parameters of the list operation that filter on a property of the same name. */
  listFilters: readonly string[];
  /** The schema of every query parameter of the list operation, by name (`$ref`s as in the document). */
  listParameters: ReadonlyMap<string, JsonObject>;
}

type JsonObject = Record<string, unknown>;

const schemaRefPrefix = '#/components/schemas/';
/** The query parameters of a list's pages (`components/parameters` Limit and Cursor). */
const PAGE_PARAMETERS = new Set(['limit', 'cursor']);
const parameterRefPrefix = '#/components/parameters/';

function componentSchemas(document: JsonObject): JsonObject {
  const components = document['components'];
  const schemas = isObject(components) ? components['schemas'] : undefined;
  return isObject(schemas) ? schemas : {};
}

/** A property schema with a top-level `$ref` resolved one level (OpenAPI 3.1 allows siblings of `$ref`). */
function resolveProperty(schemas: JsonObject, property: unknown): JsonObject {
  if (!isObject(property)) return {};
  const ref = property['$ref'];
  if (typeof ref === 'string' && ref.startsWith(schemaRefPrefix)) {
    const target = schemas[ref.slice(schemaRefPrefix.length)];
    return { ...(isObject(target) ? target : {}), ...property };
  }
  return property;
}

/**
 * Paths of the properties marked `keyword` at `schema` (`at`) or below it, through nested objects (not
 * arrays); `at` itself when it is marked.
 */
function annotatedPaths(
  schemas: JsonObject,
  schema: JsonObject,
  at: string[],
  depth: number,
  keyword: string,
): string[][] {
  if (schema[keyword] === true) return [at];
  const properties = schema['properties'];
  if (depth > 8 || !isObject(properties)) return [];
  return Object.entries(properties).flatMap(([name, property]) =>
    annotatedPaths(schemas, resolveProperty(schemas, property), [...at, name], depth + 1, keyword),
  );
}

function parseAnnotation(schemaName: string, raw: unknown): ResourceAnnotation {
  if (!isObject(raw)) throw new Error(`${schemaName}: x-mcpgateway-resource must be an object`);
  const text = (key: string): string => {
    const value = raw[key];
    if (typeof value !== 'string' || value === '')
      throw new Error(`${schemaName}: x-mcpgateway-resource.${key}`);
    return value;
  };
  const operations = raw['operations'];
  if (!isObject(operations)) throw new Error(`${schemaName}: x-mcpgateway-resource.operations`);
  const operation = (key: string): string => {
    const value = operations[key];
    if (typeof value !== 'string') throw new Error(`${schemaName}: x-mcpgateway-resource.operations.${key}`);
    return value;
  };
  const lookup = raw['lookup'];
  return {
    type: text('type'),
    plural: text('plural'),
    path: text('path'),
    id: text('id'),
    operations: {
      create: operation('create'),
      read: operation('read'),
      update: operation('update'),
      delete: operation('delete'),
      list: operation('list'),
    },
    lookup: Array.isArray(lookup) ? lookup.filter((entry): entry is string => typeof entry === 'string') : [],
  };
}

function listParameters(document: JsonObject, listOperationId: string): Map<string, JsonObject> {
  const paths = document['paths'];
  const components = document['components'];
  const parameters =
    isObject(components) && isObject(components['parameters']) ? components['parameters'] : {};
  const found = new Map<string, JsonObject>();
  if (!isObject(paths)) return found;
  for (const pathItem of Object.values(paths)) {
    if (!isObject(pathItem)) continue;
    const get = pathItem['get'];
    if (!isObject(get) || get['operationId'] !== listOperationId) continue;
    for (const raw of Array.isArray(get['parameters']) ? get['parameters'] : []) {
      let parameter: unknown = raw;
      if (isObject(raw) && typeof raw['$ref'] === 'string' && raw['$ref'].startsWith(parameterRefPrefix)) {
        parameter = parameters[raw['$ref'].slice(parameterRefPrefix.length)];
      }
      if (!isObject(parameter) || parameter['in'] !== 'query') continue;
      const name = parameter['name'];
      const schema = parameter['schema'];
      if (typeof name === 'string') found.set(name, isObject(schema) ? schema : {});
    }
    return found;
  }
  return found;
}

/** Every annotated resource of an OpenAPI document. */
export function resourceModels(document: JsonObject = openapiDocument): ResourceModel[] {
  const schemas = componentSchemas(document);
  const models: ResourceModel[] = [];
  for (const [schemaName, schema] of Object.entries(schemas)) {
    if (!isObject(schema) || schema['x-mcpgateway-resource'] === undefined) continue;
    const annotation = parseAnnotation(schemaName, schema['x-mcpgateway-resource']);
    const rawProperties = isObject(schema['properties']) ? schema['properties'] : {};
    const properties = Object.keys(rawProperties);
    const pick = (keyword: string) =>
      new Set(properties.filter((name) => resolveProperty(schemas, rawProperties[name])[keyword] === true));
    const patchSchemaName = isObject(schemas[`${schemaName}Patch`]) ? `${schemaName}Patch` : undefined;
    const patchSchema = patchSchemaName === undefined ? undefined : schemas[patchSchemaName];
    const patchProperties =
      isObject(patchSchema) && isObject(patchSchema['properties']) ? patchSchema['properties'] : {};
    const required = Array.isArray(schema['required']) ? schema['required'] : [];
    const queryParameters = listParameters(document, annotation.operations.list);
    models.push({
      schemaName,
      patchSchemaName,
      annotation,
      properties,
      required: new Set(required.filter((name): name is string => typeof name === 'string')),
      readOnly: pick('readOnly'),
      writeOnly: pick('writeOnly'),
      nestedWriteOnly: Object.entries(rawProperties)
        .flatMap(([name, property]) =>
          annotatedPaths(schemas, resolveProperty(schemas, property), [name], 0, 'writeOnly'),
        )
        .filter((path) => path.length > 1),
      immutable: pick('x-mcpgateway-immutable'),
      destinations: Object.entries(rawProperties).flatMap(([name, property]) =>
        annotatedPaths(schemas, resolveProperty(schemas, property), [name], 0, 'x-mcpgateway-destination'),
      ),
      sensitive: pick('x-mcpgateway-sensitive'),
      patchable: new Set(Object.keys(patchProperties)),
      // the page's own parameters are never filters, whatever property shares their name (a rate
      // limit's `limit`)
      listFilters: [...queryParameters.keys()].filter(
        (name) => properties.includes(name) && !PAGE_PARAMETERS.has(name),
      ),
      listParameters: queryParameters,
    });
  }
  return models;
}
