/** Runtime support for the generated CDKTF bindings (`cdktf/generated/mcpgateway.ts`). */
import { findModelResource, isInput, toSnakeObject } from './model.js';

/** A resource's camelCase config → the snake_case attributes Terraform expects (inputs only). */
export function terraformAttributes(type: string, config: object): Record<string, unknown> {
  const attributes = findModelResource(type).attributes.filter(isInput);
  return toSnakeObject(attributes, config as Record<string, unknown>);
}
