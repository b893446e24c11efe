/**
 * The package's JavaScript entry points, compiled from one code base for CDKTF and for CDK Terrain
 * (`cdktn`, the maintained fork of `cdktf` with the same API): the CDK Terrain flavour is the CDKTF one
 * with the two framework packages renamed at build time. The frameworks stay the user's (peer
 * dependencies): nothing of them is bundled.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Entry name → source, relative to the constructs package. */
const sources = {
  cdktf: 'src/cdktf/index.ts',
  'cdktf-config': 'src/cdktf/generated/mcpgateway.ts',
  pulumi: 'src/pulumi/index.ts',
  'pulumi-config': 'src/pulumi/generated/mcpgateway.ts',
} as const;

/** What the CDK Terrain flavour imports in place of the CDKTF packages. */
export const cdkTerrainAliases: Record<string, string> = {
  cdktf: 'cdktn',
  '@cdktf/provider-aws': '@cdktn/provider-aws',
};

export type EntryName = keyof typeof sources | 'cdktn' | 'cdktn-config';

/** Every entry's source file (the CDK Terrain entries share the CDKTF sources). */
export function entrySources(root: string): Record<EntryName, string> {
  const path = (name: keyof typeof sources) => join(root, sources[name]);
  return {
    ...(Object.fromEntries(Object.keys(sources).map((n) => [n, path(n as keyof typeof sources)])) as Record<
      keyof typeof sources,
      string
    >),
    cdktn: path('cdktf'),
    'cdktn-config': path('cdktf-config'),
  };
}

/** Compiles the entries into `outDir/<name>.js` (ES modules for Node, the frameworks external). */
export async function buildEntries(root: string, outDir: string): Promise<void> {
  const { build } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const all = entrySources(root);
  const common = {
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  } as const;
  const terrain = new Set<EntryName>(['cdktn', 'cdktn-config']);
  const pick = (keep: (name: EntryName) => boolean) =>
    Object.fromEntries(Object.entries(all).filter(([name]) => keep(name as EntryName)));
  await build({ ...common, entryPoints: pick((n) => !terrain.has(n)) });
  await build({ ...common, entryPoints: pick((n) => terrain.has(n)), alias: cdkTerrainAliases });
}

/**
 * The CDKTF declarations rewritten for CDK Terrain: the same types, importing `cdktn` and
 * `@cdktn/provider-aws` instead.
 */
export function cdkTerrainDeclaration(text: string): string {
  return text.replace(
    /(from\s+|import\()(['"])(cdktf|@cdktf\/provider-aws)(\/[^'"]*)?\2/g,
    (_all, lead: string, quote: string, name: string, rest = '') =>
      `${lead}${quote}${cdkTerrainAliases[name]}${rest}${quote}`,
  );
}
