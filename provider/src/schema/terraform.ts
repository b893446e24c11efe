/**
 * Resource model → Terraform schemas (tfplugin6 `Schema`) and the matching value types for the codec.
 * Objects become nested attributes (protocol 6), so every shape stays an attribute with the model's flags.
 */
import type { CtyType } from '../codec/value.js';
import type { AttributeModel, ResourceModel, ValueType } from '../model/types.js';
import type { Schema, SchemaAttribute, SchemaObject } from '../protocol/messages.js';

export function ctyTypeOf(type: ValueType): CtyType {
  switch (type.kind) {
    case 'string':
    case 'json':
      return 'string';
    case 'number':
      return 'number';
    case 'bool':
      return 'bool';
    case 'list':
    case 'set':
    case 'map':
      return [type.kind, ctyTypeOf(type.element)];
    case 'object':
      return objectType(type.attributes);
  }
}

export function objectType(attributes: readonly AttributeModel[]): CtyType {
  const types: Record<string, CtyType> = {};
  for (const attribute of attributes) types[attribute.name] = ctyTypeOf(attribute.type);
  return ['object', types];
}

/** Attributes of the data source reading a resource: the id and lookup attributes select; all else is read. */
export function dataSourceAttributes(resource: ResourceModel): AttributeModel[] {
  const selectors = new Set([resource.idAttribute, ...resource.lookup.map((l) => l.attribute)]);
  return resource.attributes
    .filter((a) => !a.writeOnly && !a.createOnly && a.triggersWriteOnly === undefined)
    .map((a) => {
      const selector = selectors.has(a.name);
      return {
        ...a,
        type: computedOnly(a.type),
        required: false,
        optional: selector,
        computed: true,
        immutable: false,
        volatile: false,
      };
    });
}

function computedOnly(type: ValueType): ValueType {
  switch (type.kind) {
    case 'object':
      return {
        kind: 'object',
        // a nested write-only value (a login's client secret) and its version are never read back
        attributes: type.attributes
          .filter((a) => !a.writeOnly && a.triggersWriteOnly === undefined)
          .map((a) => ({
            ...a,
            type: computedOnly(a.type),
            required: false,
            optional: false,
            computed: true,
          })),
      };
    case 'list':
    case 'set':
    case 'map':
      return { kind: type.kind, element: computedOnly(type.element) };
    default:
      return type;
  }
}

export function schemaOf(attributes: readonly AttributeModel[], description: string, version = 0): Schema {
  return {
    version,
    block: {
      version,
      attributes: attributes.map(schemaAttribute),
      block_types: [],
      description,
      description_kind: 'MARKDOWN',
    },
  };
}

function schemaAttribute(attribute: AttributeModel): SchemaAttribute {
  const result: SchemaAttribute = {
    name: attribute.name,
    description: describe(attribute),
    description_kind: 'MARKDOWN',
    required: attribute.required,
    optional: attribute.optional,
    computed: attribute.computed,
    sensitive: attribute.sensitive,
    write_only: attribute.writeOnly,
  };
  const nested = nestedObject(attribute.type);
  if (nested) result.nested_type = nested;
  else result.type = Buffer.from(JSON.stringify(ctyTypeOf(attribute.type)));
  return result;
}

function nestedObject(type: ValueType): SchemaObject | undefined {
  if (type.kind === 'object') return { attributes: type.attributes.map(schemaAttribute), nesting: 'SINGLE' };
  if (
    (type.kind === 'list' || type.kind === 'set' || type.kind === 'map') &&
    type.element.kind === 'object'
  ) {
    const nesting = type.kind === 'list' ? 'LIST' : type.kind === 'set' ? 'SET' : 'MAP';
    return { attributes: type.element.attributes.map(schemaAttribute), nesting };
  }
  return undefined;
}

function describe(attribute: AttributeModel): string {
  const parts = [attribute.description];
  if (attribute.type.kind === 'json') parts.push('A JSON document (use `jsonencode`).');
  if (attribute.default !== undefined) parts.push(`Defaults to \`${JSON.stringify(attribute.default)}\`.`);
  if (attribute.immutable) parts.push('Changing it replaces the resource.');
  return parts.filter((p) => p !== '').join(' ');
}
