/**
 * The config-as-code side of the resource model (`provider/src/generated/resource-model.ts`, generated from
 * the OpenAPI spec): names and value conversions shared by the generated CDKTF bindings and the Pulumi
 * dynamic resources. Nothing here lists resources by hand; a resource added to the API appears in both.
 */
import { resourceModel } from '../../../provider/src/model/index.js';
import type {
  AttributeModel,
  ProviderModel,
  ResourceModel,
  ValueType,
  ViewModel,
} from '../../../provider/src/model/types.js';

export type { AttributeModel, ProviderModel, ResourceModel, ValueType, ViewModel };
export { resourceModel };

/** `timeout_ms` → `timeoutMs`. */
export const camelCase = (snake: string): string =>
  snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `api_key` → `ApiKey`. */
export const pascalCase = (snake: string): string => {
  const camel = camelCase(snake);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
};

/** Attributes a user may set. */
export const isInput = (attribute: AttributeModel): boolean => attribute.required || attribute.optional;

export function findModelResource(type: string, model: ProviderModel = resourceModel): ResourceModel {
  const resource = model.resources.find((r) => r.type === type);
  if (!resource) throw new Error(`The resource model has no resource "${type}".`);
  return resource;
}

/**
 * A camelCase value (CDKTF/Pulumi props) → snake_case keys for Terraform, following nested object types;
 * map keys are user data and stay as they are. Tokens and other non-plain values pass through.
 */
export function toSnakeValue(type: ValueType, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  switch (type.kind) {
    case 'list':
    case 'set':
      return Array.isArray(value) ? value.map((item) => toSnakeValue(type.element, item)) : value;
    case 'map':
      return isPlainObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSnakeValue(type.element, v)]))
        : value;
    case 'object':
      return isPlainObject(value) ? toSnakeObject(type.attributes, value) : value;
    default:
      return value;
  }
}

export function toSnakeObject(
  attributes: readonly AttributeModel[],
  value: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const attribute of attributes) {
    const item = value[camelCase(attribute.name)];
    if (item !== undefined) result[attribute.name] = toSnakeValue(attribute.type, item);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
