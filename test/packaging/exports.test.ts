/**
 * The packages' entry points as the repository resolves them (the tsconfig's `paths`, which tsc, tsx and
 * vitest follow, so the examples import by package name) agree with what `npm pack` builds for users.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entrySources } from '../../constructs/src/bundling/entries.js';
import { repoRoot } from '../support/processes.js';

type Exports = Record<string, string | { types: string; import?: string }>;
const manifest = (pkg: string) =>
  JSON.parse(readFileSync(join(repoRoot, pkg, 'package.json'), 'utf8')) as { name: string; exports: Exports };
const { paths } = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')).compilerOptions as {
  paths: Record<string, string[]>;
};
const sourceOf = (specifier: string) => {
  const target = paths[specifier]?.[0];
  return target === undefined ? undefined : relative(repoRoot, join(repoRoot, target));
};
const declarationOf = (source: string) => source.replace(/\.ts$/, '.d.ts');

describe('@mcp-gateway/constructs', () => {
  const { name, exports } = manifest('constructs');
  const sources = entrySources(join(repoRoot, 'constructs'));
  const entries = Object.entries(exports).filter(([key]) => key !== './package.json');

  it('builds every export from a source, with declarations of that source', () => {
    expect(entries.map(([key]) => key).sort()).toEqual(
      ['./cdktf', './cdktf/config', './cdktn', './cdktn/config', './pulumi', './pulumi/config'].sort(),
    );
    for (const [key, target] of entries) {
      if (typeof target === 'string') throw new Error(`${key} has no declarations`);
      const entry = /^\.\/dist\/(.+)\.js$/.exec(target.import ?? '')?.[1] as keyof typeof sources;
      const source = sources[entry];
      expect(source, key).toBeDefined();
      expect(existsSync(source), source).toBe(true);
      const typesDir = entry.startsWith('cdktn') ? 'types-cdktn' : 'types';
      expect(target.types, key).toBe(`./dist/${typesDir}/${declarationOf(relative(repoRoot, source))}`);
      // the repository resolves the CDKTF and Pulumi entries to the same source (CDK Terrain's is a build)
      if (!entry.startsWith('cdktn'))
        expect(sourceOf(`${name}${key.slice(1)}`), key).toBe(relative(repoRoot, source));
    }
  });
});

describe('@mcp-gateway/runtime', () => {
  const { name, exports } = manifest('runtime');

  it('resolves its library entry to the source its declarations come from', () => {
    const target = exports['./mcp-function'] as { types: string };
    const source = sourceOf(`${name}/mcp-function`)!;
    expect(source).toBe('runtime/src/lambda/mcp-function.ts');
    expect(target.types).toBe(`./dist/lib/${declarationOf(relative('runtime/src', source))}`);
  });
});

describe('the tsconfig paths', () => {
  it('name only entry points the packages export', () => {
    for (const specifier of Object.keys(paths)) {
      const [, pkg, subpath] = /^@mcp-gateway\/(constructs|runtime)(\/.+)$/.exec(specifier) ?? [];
      expect(pkg, specifier).toBeDefined();
      expect(manifest(pkg!).exports, specifier).toHaveProperty([`.${subpath}`]);
      expect(existsSync(join(repoRoot, sourceOf(specifier)!)), specifier).toBe(true);
    }
  });
});
