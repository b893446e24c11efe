/** Runtime support for the generated CDKTF bindings (`cdktf/generated/mcpgateway.ts`). */
import { findModelResource, isInput, resourceModel, toSnakeObject } from './model.js';

/** A resource's camelCase config → the snake_case attributes Terraform expects (inputs only). */
export function terraformAttributes(type: string, config: object): Record<string, unknown> {
  const attributes = findModelResource(type).attributes.filter(isInput);
  return toSnakeObject(attributes, config as Record<string, unknown>);
}

/**
 * Attributes as CDKTF's HCL synthesis (`cdktf synth --hcl`) takes them: each value with how to write it
 * (a string quoted and escaped, a number or boolean as it is, lists and objects as HCL expressions).
 * Unset attributes are left out, as in JSON synthesis.
 */
export function hclAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    const simple = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    out[name] = simple
      ? { value, isBlock: false, type: 'simple', storageClassType: typeof value }
      : { value, isBlock: false, type: 'any' };
  }
  return out;
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
