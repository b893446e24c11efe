/** The generated resource model, typed. Import this (not the JSON file) from TypeScript. */
import { resourceModel } from '../generated/resource-model.js';
import type { ProviderModel, ResourceModel } from './types.js';

export type * from './types.js';
export { resourceModel };

export function findResource(model: ProviderModel, terraformType: string): ResourceModel | undefined {
  return model.resources.find((resource) => resource.terraformType === terraformType);
}
