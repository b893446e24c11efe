import { readFileSync } from 'node:fs';
import { dataSourceAttributes } from '../../../provider/src/schema/terraform.js';
import { providerConfigAttributes } from '../../../provider/src/server/provider-config.js';
import { resourceModel } from '../config/model.js';
import { renderCdktfBindings, renderPulumiResources } from './render.js';

/** The provider's registry namespace/type, as provider/scripts/build.mjs publishes it. */
export const providerSource = 'mcp-gateway/mcpgateway';

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}

export function generatedFiles(): GeneratedFile[] {
  const { version } = JSON.parse(
    readFileSync(new URL('../../../provider/package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return [
    {
      path: 'constructs/src/cdktf/generated/mcpgateway.ts',
      content: renderCdktfBindings(resourceModel, {
        source: providerSource,
        version,
        configAttributes: providerConfigAttributes,
        dataSourceAttributes,
      }),
    },
    { path: 'constructs/src/pulumi/generated/mcpgateway.ts', content: renderPulumiResources(resourceModel) },
  ];
}
