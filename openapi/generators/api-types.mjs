import openapiTS, { astToString } from 'openapi-typescript';
import { header } from './load.mjs';

/** TypeScript types for every schema and operation (openapi-typescript). */
export async function apiTypes(spec) {
  const ast = await openapiTS(structuredClone(spec), { alphabetize: true, immutable: false });
  const content = header('openapi/generators/api-types.mjs') + astToString(ast);
  return [{ path: 'runtime/src/generated/api-types.ts', content }];
}
