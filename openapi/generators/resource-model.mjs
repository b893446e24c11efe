import { header } from './load.mjs';

/**
 * OpenAPI → resource model: every schema annotated with `x-mcpgateway-resource` becomes one resource with
 * its attributes (types, flags, validation), CRUD operations, lookup attributes and import id. The model is
 * written as JSON (for any consumer) and as a typed TypeScript module (provider, constructs).
 */
export async function resourceModel(spec) {
  const model = buildResourceModel(spec);
  const json = JSON.stringify(
    {
      $comment: 'DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/resource-model.mjs.',
      ...model,
    },
    null,
    2,
  );
  const ts =
    header('openapi/generators/resource-model.mjs') +
    "import type { ProviderModel } from '../model/types.js';\n\n" +
    `export const resourceModel: ProviderModel = ${JSON.stringify(model, null, 2)};\n`;
  return [
    { path: 'provider/src/generated/resource-model.json', content: `${json}\n` },
    { path: 'provider/src/generated/resource-model.ts', content: ts },
  ];
}

const PREFIX = 'mcpgateway_';
const VOLATILE_SCHEMAS = new Set(['Version', 'UpdatedAt']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function buildResourceModel(spec) {
  const schemas = spec.components?.schemas ?? {};
  const resources = [];
  for (const [schemaName, schema] of Object.entries(schemas)) {
    const annotation = schema['x-mcpgateway-resource'];
    if (!annotation) continue;
    resources.push(buildResource(spec, schemaName, schema, annotation));
  }
  resources.sort((a, b) => a.terraformType.localeCompare(b.terraformType));
  return {
    name: 'mcpgateway',
    typePrefix: PREFIX,
    apiVersion: String(spec.info?.version ?? '0'),
    resources,
    views: buildViews(spec),
  };
}

/**
 * Read-only views of the API that are data sources only: every GET operation annotated with
 * `x-mcpgateway-data-source` (`type`, and `parameters` mapping its path parameters to attribute names);
 * its 200 answer's properties become computed attributes.
 */
function buildViews(spec) {
  const views = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      const annotation = operation?.['x-mcpgateway-data-source'];
      if (!annotation) continue;
      const where = `paths.${path}.${method}.x-mcpgateway-data-source`;
      if (method !== 'get') throw new Error(`${where}: only GET operations can be data sources`);
      if (typeof annotation.type !== 'string') throw new Error(`${where}: missing "type"`);
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(
        (parameter) => resolve(spec, parameter).schema,
      );
      const inputs = Object.entries(annotation.parameters ?? {}).map(([parameter, name]) => {
        const found = parameters.find((p) => p.in === 'path' && p.name === parameter);
        if (!found) throw new Error(`${where}.parameters: no path parameter "${parameter}"`);
        return {
          name,
          apiName: null,
          pathParameter: parameter,
          description: oneLine(annotation.descriptions?.[name] ?? found.description ?? ''),
          type: { kind: 'string' },
          required: true,
          optional: false,
          computed: false,
          sensitive: false,
          writeOnly: false,
          immutable: false,
          volatile: false,
          createOnly: false,
        };
      });
      const answer = operation.responses?.['200']?.content?.['application/json']?.schema;
      if (!answer) throw new Error(`${where}: the operation has no JSON 200 answer`);
      const attributes = computedOnly(
        buildAttributes(spec, resolve(spec, answer).schema, `${where}.response`),
      );
      views.push({
        type: annotation.type,
        terraformType: `${PREFIX}${annotation.type}`,
        description: oneLine(`${operation.summary ?? ''} ${operation.description ?? ''}`),
        operation: { operationId: operation.operationId, method, path },
        inputs,
        attributes,
      });
    }
  }
  return views.sort((a, b) => a.terraformType.localeCompare(b.terraformType));
}

/** Attributes the API decides, at every level. */
function computedOnly(attributes) {
  return attributes.map((attribute) => ({
    ...attribute,
    required: false,
    optional: false,
    computed: true,
    type: computedType(attribute.type),
  }));
}

function computedType(type) {
  if (type.kind === 'object') return { kind: 'object', attributes: computedOnly(type.attributes) };
  if (type.kind === 'list' || type.kind === 'set' || type.kind === 'map')
    return { kind: type.kind, element: computedType(type.element) };
  return type;
}

function buildResource(spec, schemaName, schema, annotation) {
  const where = `components.schemas.${schemaName}.x-mcpgateway-resource`;
  for (const key of ['type', 'plural', 'path', 'operations', 'id']) {
    if (annotation[key] === undefined) throw new Error(`${where}: missing "${key}"`);
  }
  const operations = {};
  for (const kind of ['create', 'read', 'update', 'delete', 'list']) {
    const operationId = annotation.operations[kind];
    if (operationId === undefined) {
      if (kind === 'update' || kind === 'list') continue;
      throw new Error(`${where}.operations: missing "${kind}"`);
    }
    operations[kind] = findOperation(spec, operationId, `${where}.operations.${kind}`);
  }
  // a merge patch beside the update: what the provider changes with, so that write-only values it does
  // not send again (their `_version` unchanged) keep theirs
  const patch = operations.update && spec.paths[operations.update.path]?.patch;
  if (patch)
    operations.patch = { operationId: patch.operationId, method: 'patch', path: operations.update.path };
  const attributes = buildAttributes(spec, schema, `components.schemas.${schemaName}`);
  // where the resource sends its write-only values: a change there must send them again (the API never
  // takes a stored value to a new destination), which the docs of each such value say
  const found = new Set();
  for (const attribute of attributes)
    if (attribute.apiName !== null)
      destinationPaths(spec, schema.properties[attribute.apiName], [attribute.name], new Set(), found);
  if (found.size > 0) markWriteOnly(attributes, [...found]);
  const byApiName = new Map(attributes.map((attribute) => [attribute.apiName, attribute]));
  const idAttribute = byApiName.get(annotation.id);
  if (!idAttribute) throw new Error(`${where}: id "${annotation.id}" is not a property`);
  const listParameters = operations.list ? operationParameters(spec, operations.list) : [];
  const lookup = (annotation.lookup ?? []).map((apiName) => {
    const attribute = byApiName.get(apiName);
    if (!attribute) throw new Error(`${where}: lookup "${apiName}" is not a property`);
    const parameter = listParameters.find((p) => p.in === 'query' && p.name === apiName);
    return { attribute: attribute.name, apiName, queryParameter: parameter ? parameter.name : null };
  });
  return {
    type: annotation.type,
    terraformType: `${PREFIX}${annotation.type}`,
    schema: schemaName,
    plural: annotation.plural,
    path: annotation.path,
    description: oneLine(schema.description ?? ''),
    schemaVersion: annotation.schemaVersion ?? 0,
    idAttribute: idAttribute.name,
    operations,
    lookup,
    importId: {
      attribute: idAttribute.name,
      alternatives: lookup.map((l) => `${l.attribute}=<${l.attribute}>`),
    },
    attributes,
  };
}

/** Values of `x-mcpgateway-iac`: how a property appears in the config-as-code resource. */
const IAC_VALUES = new Set(['omit', 'required']);

/** A property's `x-mcpgateway-iac` (after `$ref` resolution), checked. */
export function iacAnnotation(schema, where) {
  const value = schema['x-mcpgateway-iac'];
  if (value === undefined) return undefined;
  if (!IAC_VALUES.has(value)) {
    throw new Error(`${where}.x-mcpgateway-iac: "${value}" is not one of ${[...IAC_VALUES].join(', ')}`);
  }
  if (value === 'required' && schema.readOnly === true) {
    throw new Error(`${where}.x-mcpgateway-iac: a readOnly property cannot be required`);
  }
  return value;
}

function buildAttributes(spec, objectSchema, where) {
  const required = new Set(objectSchema.required ?? []);
  const attributes = [];
  for (const [apiName, property] of Object.entries(objectSchema.properties ?? {})) {
    const propertyWhere = `${where}.properties.${apiName}`;
    const iac = iacAnnotation(resolve(spec, property).schema, propertyWhere);
    // Not part of the IaC resource at all (e.g. a generated secret): it can never reach their state.
    if (iac === 'omit') continue;
    const attribute = buildAttribute(
      spec,
      apiName,
      property,
      required.has(apiName) || iac === 'required',
      propertyWhere,
    );
    attributes.push(attribute);
    if (attribute.writeOnly) {
      attributes.push({
        name: `${attribute.name}_version`,
        apiName: null,
        description: attribute.immutable
          ? `Change this value whenever \`${attribute.name}\` changes (write-only, so Terraform cannot see its changes).`
          : `Change this value to send a new \`${attribute.name}\` (write-only, so Terraform cannot see its changes).`,
        type: { kind: 'string' },
        required: false,
        optional: true,
        computed: false,
        sensitive: false,
        writeOnly: false,
        // A new value of an immutable write-only attribute means a new object, so its trigger replaces too.
        immutable: attribute.immutable,
        volatile: false,
        createOnly: false,
        triggersWriteOnly: attribute.name,
      });
    }
  }
  return attributes;
}

function buildAttribute(spec, apiName, property, isRequired, where) {
  const { schema, refName } = resolve(spec, property);
  const readOnly = schema.readOnly === true;
  const writeOnly = schema.writeOnly === true;
  const hasDefault = schema.default !== undefined;
  const sensitive = writeOnly || schema['x-mcpgateway-sensitive'] === true;
  const attribute = {
    name: snakeCase(apiName),
    apiName,
    description: oneLine(schema.description ?? ''),
    type: valueType(spec, schema, where),
    required: isRequired && !readOnly && !hasDefault,
    optional: !readOnly && !(isRequired && !hasDefault),
    computed: readOnly || hasDefault,
    sensitive,
    writeOnly,
    immutable: schema['x-mcpgateway-immutable'] === true,
    // groups of values a change stays within in place; across them the object is replaced
    ...(Array.isArray(schema['x-mcpgateway-replace-across'])
      ? { replaceAcross: schema['x-mcpgateway-replace-across'] }
      : {}),
    volatile: readOnly && (schema['x-mcpgateway-volatile'] === true || VOLATILE_SCHEMAS.has(refName)),
    createOnly: readOnly && sensitive,
    // an empty list that means "none" where an unset one means "every one": never the same value
    ...(schema['x-mcpgateway-empty-differs'] === true ? { emptyDiffers: true } : {}),
  };
  if (hasDefault) attribute.default = schema.default;
  const own = nonNullType(spec, schema).schema;
  const validation = validationOf(own, spec);
  // a list's items, a map's values: checked each (an object's have their own attributes)
  const items =
    own.items ?? (typeof own.additionalProperties === 'object' ? own.additionalProperties : undefined);
  const element = items && nonNullType(spec, resolve(spec, items).schema);
  const elementValidation =
    element && element.name !== 'object' ? validationOf(element.schema, spec) : undefined;
  if (validation || elementValidation)
    attribute.validation = { ...validation, ...(elementValidation ? { element: elementValidation } : {}) };
  return attribute;
}

function valueType(spec, schema, where) {
  const type = nonNullType(spec, schema);
  const resolved = type.schema;
  switch (type.name) {
    case 'string':
      return { kind: 'string' };
    case 'integer':
      return { kind: 'number', integer: true };
    case 'number':
      return { kind: 'number', integer: false };
    case 'boolean':
      return { kind: 'bool' };
    case 'array': {
      const element = valueType(spec, resolve(spec, resolved.items ?? {}).schema, `${where}.items`);
      // unique items are a set, unless their order matters (fallbacks are tried in order)
      const set = resolved.uniqueItems === true && resolved['x-mcpgateway-ordered'] !== true;
      return { kind: set && element.kind !== 'object' ? 'set' : 'list', element };
    }
    case 'object': {
      if (resolved.properties && Object.keys(resolved.properties).length > 0) {
        return { kind: 'object', attributes: buildAttributes(spec, resolved, where) };
      }
      const additional = resolved.additionalProperties;
      if (additional && typeof additional === 'object') {
        return {
          kind: 'map',
          element: valueType(spec, resolve(spec, additional).schema, `${where}.additionalProperties`),
        };
      }
      return { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

/** The schema's type ignoring `null` (nullable unions and `oneOf [X, {type: null}]`). */
function nonNullType(spec, schema) {
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    if (types.length === 1) return { name: types[0], schema };
    return { name: 'json', schema };
  }
  if (typeof schema.type === 'string') return { name: schema.type, schema };
  for (const key of ['oneOf', 'anyOf']) {
    if (Array.isArray(schema[key])) {
      const options = schema[key]
        .map((option) => resolve(spec, option).schema)
        .filter((o) => o.type !== 'null');
      if (options.length === 1) return nonNullType(spec, { ...options[0], ...stripComposition(schema, key) });
      return { name: 'json', schema };
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged = Object.assign({}, ...schema.allOf.map((part) => resolve(spec, part).schema));
    return nonNullType(spec, { ...merged, ...stripComposition(schema, 'allOf') });
  }
  if (schema.properties || schema.additionalProperties) return { name: 'object', schema };
  if (schema.enum) return { name: typeof schema.enum[0] === 'number' ? 'number' : 'string', schema };
  return { name: 'json', schema };
}

/**
 * The paths (Terraform names, dot-joined; a list's items under the list's name) of the properties in
 * `node` marked `x-mcpgateway-destination`, added to `out`.
 */
function destinationPaths(spec, node, path, seen, out) {
  if (node === null || typeof node !== 'object') return;
  if (node['x-mcpgateway-destination'] === true) {
    out.add(path.join('.'));
    return;
  }
  if (typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) return;
    destinationPaths(spec, lookupRef(spec, node.$ref), path, new Set([...seen, node.$ref]), out);
  }
  for (const [name, child] of Object.entries(node.properties ?? {}))
    destinationPaths(spec, child, [...path, snakeCase(name)], seen, out);
  const alike = [
    node.items,
    typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined,
    ...(node.allOf ?? []),
    ...(node.oneOf ?? []),
    ...(node.anyOf ?? []),
  ];
  for (const child of alike) destinationPaths(spec, child, path, seen, out);
}

/** Gives every write-only attribute, nested ones too, the resource's destinations. */
function markWriteOnly(attributes, destinations) {
  for (const attribute of attributes) {
    if (attribute.writeOnly) attribute.destinations = destinations;
    const { type } = attribute;
    const inner =
      type.kind === 'object'
        ? type.attributes
        : ['list', 'set', 'map'].includes(type.kind) && type.element.kind === 'object'
          ? type.element.attributes
          : undefined;
    if (inner !== undefined) markWriteOnly(inner, destinations);
  }
}

function stripComposition(schema, key) {
  const { [key]: _removed, ...rest } = schema;
  return rest;
}

/** Follows `$ref` chains; keys beside a `$ref` override the target's (OpenAPI 3.1 semantics). */
function resolve(spec, schema) {
  let current = schema;
  let refName = null;
  const siblings = [];
  for (let depth = 0; depth < 32 && current && typeof current.$ref === 'string'; depth++) {
    const { $ref, ...rest } = current;
    siblings.unshift(rest);
    refName = $ref.split('/').at(-1);
    current = lookupRef(spec, $ref);
  }
  return { schema: Object.assign({}, current, ...siblings), refName };
}

function lookupRef(spec, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node = spec;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

function findOperation(spec, operationId, where) {
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item?.[method]?.operationId === operationId) return { operationId, method, path };
    }
  }
  throw new Error(`${where}: no operation "${operationId}" in paths`);
}

function operationParameters(spec, operation) {
  const item = spec.paths[operation.path];
  return [...(item.parameters ?? []), ...(item[operation.method].parameters ?? [])].map(
    (parameter) => resolve(spec, parameter).schema,
  );
}

function validationOf(schema, spec) {
  const validation = {};
  for (const key of [
    'enum',
    'pattern',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'format',
    'minItems',
    'maxItems',
    'uniqueItems',
  ]) {
    if (schema[key] !== undefined) validation[key] = schema[key];
  }
  if (schema.maxProperties !== undefined) validation.maxItems = schema.maxProperties;
  if (schema.minProperties !== undefined) validation.minItems = schema.minProperties;
  // a map's keys (`propertyNames`): checked each, as its values are
  if (schema.propertyNames !== undefined) {
    const keys = validationOf(resolve(spec, schema.propertyNames).schema, spec);
    if (keys) validation.keys = keys;
  }
  return Object.keys(validation).length > 0 ? validation : undefined;
}

export function snakeCase(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

function oneLine(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}
