import { header } from './load.mjs';

/** The spec as a TypeScript module, so bundles serve `/v1/openapi.json` and compile validators without YAML. */
export async function openapiDocument(spec) {
  const content =
    header('openapi/generators/openapi-document.mjs') +
    `export const openapiDocument: Record<string, unknown> = ${JSON.stringify(spec, null, 2)};\n`;
  return [{ path: 'runtime/src/generated/openapi-document.ts', content }];
}
