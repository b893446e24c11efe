import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionKinds } from '../shared/props.js';
import { bundleFile, entryPoints, esbuildOptions } from './bundle.js';
import { type BundleReport, formatReport, measureBundles } from './measure.js';

/** Bundles above this size would hurt cold starts; today they are well below. */
const maxBundleBytes = 3 * 1024 * 1024;

describe('Lambda bundles', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'mcp-gateway-bundles-'));
  let report: BundleReport;

  beforeAll(() => {
    report = measureBundles({ outDir });
    console.info(formatReport(report));
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('targets nodejs22.x as minified ESM with source maps', () => {
    expect(esbuildOptions('in.ts', 'out.mjs')).toMatchObject({
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      bundle: true,
      sourcemap: 'linked',
    });
  });

  it('builds one file with a source map per handler, inlining every package', () => {
    for (const kind of functionKinds) {
      const file = join(outDir, kind, bundleFile);
      expect(existsSync(`${file}.map`)).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(
        text.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map'),
        `${kind} links its source map`,
      ).toBe(true);
      // import statements only (after `;` or a line start): string literals inside the code may read like one
      const imports = [
        ...text.matchAll(/(?:^|;)\s*import\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+)["']/gm),
      ].map((m) => m[1]!);
      for (const specifier of imports) {
        const builtin = specifier.startsWith('node:') || builtinModules.includes(specifier);
        expect(builtin, `${kind} imports ${specifier}`).toBe(true);
      }
    }
  });

  it('loads every handler module in a fresh process with the Lambda environment', () => {
    for (const bundle of report.bundles) {
      expect(bundle.handlerType, bundle.kind).toBe('function');
      expect(bundle.bytes, bundle.kind).toBeLessThan(maxBundleBytes);
    }
    expect(report.bundles.map((b) => b.kind)).toEqual([...functionKinds]);
  });

  it('keeps request validation (ajv, the management service) out of the data-plane bundles', () => {
    for (const kind of ['gateway', 'health'] as const) {
      const { metafile } = buildSync({
        ...esbuildOptions(entryPoints[kind], join(outDir, `${kind}-meta.mjs`)),
        sourcemap: false,
        metafile: true,
        write: false,
      });
      const inputs = Object.keys(metafile?.inputs ?? {});
      expect(inputs.length, kind).toBeGreaterThan(0);
      const validation = inputs.filter(
        (path) =>
          /node_modules\/(ajv|ajv-formats|fast-uri)\//.test(path) ||
          /runtime\/src\/management\/(service|validation|resources)\.ts$/.test(path),
      );
      expect(validation, `${kind} bundles request validation`).toEqual([]);
    }
  });
});
