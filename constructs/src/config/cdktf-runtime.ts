/** Runtime support for the generated CDKTF bindings (`cdktf/generated/mcpgateway.ts`). */
import { findModelResource, isInput, resourceModel, toSnakeObject } from './model.js';

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

/** A view's camelCase config → its inputs (e.g. the server whose tool catalog is read). */
export function viewAttributes(type: string, config: object): Record<string, unknown> {
  const view = resourceModel.views.find((v) => v.type === type);
  if (view === undefined) throw new Error(`The resource model has no view "${type}".`);
  return toSnakeObject(view.inputs, config as Record<string, unknown>);
}
