import type { ProviderModel } from '../../provider/src/model/types.js';

export function resourceModel(spec: unknown, root?: string): Promise<{ path: string; content: string }[]>;
export function buildResourceModel(spec: unknown): ProviderModel;
export function snakeCase(name: string): string;
export function iacAnnotation(
  schema: Record<string, unknown>,
  where: string,
): 'omit' | 'required' | undefined;
