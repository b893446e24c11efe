import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The packages' entry points resolve to their sources in the repository, as for tsc and tsx: the
 * tsconfig's `paths`, each an exact specifier (`…/cdktf` must not catch `…/cdktf/config`).
 */
const root = import.meta.dirname;
const { paths } = JSON.parse(readFileSync(resolve(root, 'tsconfig.json'), 'utf8')).compilerOptions as {
  paths: Record<string, string[]>;
};
export const packageAliases = Object.entries(paths).map(([specifier, [target]]) => ({
  find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
  replacement: resolve(root, target!),
}));

export default defineConfig({
  resolve: { alias: packageAliases },
  test: {
    include: [
      'runtime/src/**/*.test.ts',
      'provider/src/**/*.test.ts',
      'constructs/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
    },
  },
});
