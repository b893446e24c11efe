/** Runtime support for the generated CDKTF bindings (`cdktf/generated/mcpgateway.ts`). */
import { findModelResource, isInput, toSnakeObject } from './model.js';

/** A resource's camelCase config → the snake_case attributes Terraform expects (inputs only). */
export function terraformAttributes(type: string, config: object): Record<string, unknown> {
  const attributes = findModelResource(type).attributes.filter(isInput);
  return toSnakeObject(attributes, config as Record<string, unknown>);
}

/** A data source's camelCase config → its lookup attributes (the id or the model's lookup attributes). */
export function dataSourceAttributes(type: string, config: object): Record<string, unknown> {
  const resource = findModelResource(type);
  const selectors = new Set([resource.idAttribute, ...resource.lookup.map((l) => l.attribute)]);
  const attributes = resource.attributes.filter((a) => selectors.has(a.name));
  return toSnakeObject(attributes, config as Record<string, unknown>);
}
