import { describe, expect, it } from 'vitest';
import { sha256 } from '../core/digest.js';
import { canonicalJson, newerCatalog, toCatalogTool } from './tools.js';

describe('a catalog tool', () => {
  const base = { name: 'deploy', description: 'Deploys.', inputSchema: { type: 'object' } };

  it('hashes what a client is shown or relies on; a tool without icons or execution as it always did', () => {
    expect(toCatalogTool(base)!.hash).toBe(sha256(canonicalJson(base), 'hex'));
    const hashOf = (extra: object) => toCatalogTool({ ...base, ...extra })!.hash;
    const plain = hashOf({});
    expect(hashOf({ icons: [{ src: 'https://example.com/a.png' }] })).not.toBe(plain);
    expect(hashOf({ execution: { taskSupport: 'required' } })).not.toBe(plain);
    expect(hashOf({ execution: { taskSupport: 'optional' } })).not.toBe(
      hashOf({ execution: { taskSupport: 'required' } }),
    );
    // free-form and often volatile: not part of the definition
    expect(hashOf({ _meta: { generatedAt: Date.now() } })).toBe(plain);
    // whatever their shape: a client may still show what it makes of them
    expect(hashOf({ icons: ['', { src: 'https://example.com/a.png' }] })).not.toBe(
      hashOf({ icons: ['', { src: 'https://evil.example/a.png' }] }),
    );
    expect(hashOf({ execution: [] })).not.toBe(plain);
  });

  it('keeps the hash pins made before icons and execution counted', () => {
    const tool = toCatalogTool({ ...base, execution: { taskSupport: 'optional' } })!;
    expect(tool.priorHash).toBe(toCatalogTool(base)!.hash);
    expect(toCatalogTool(base)!.priorHash).toBeUndefined();
  });

  it('keeps icons and execution as the upstream sent them', () => {
    const icons = [{ src: 'https://example.com/a.png', mimeType: 'image/png', sizes: ['48x48'] }];
    expect(toCatalogTool({ ...base, icons, execution: { taskSupport: 'optional' } })).toMatchObject({
      icons,
      execution: { taskSupport: 'optional' },
    });
  });
});

describe('newerCatalog', () => {
  it('takes the copy changed last, or the one known', () => {
    const at = (updatedAt: string) => ({ serverId: 's', tools: [], hash: updatedAt, updatedAt });
    const older = at('2026-12-01T10:00:00.000Z');
    const newer = at('2026-12-01T10:00:05.000Z');
    expect(newerCatalog(older, newer)).toBe(newer);
    expect(newerCatalog(newer, older)).toBe(newer);
    expect(newerCatalog(undefined, older)).toBe(older);
    expect(newerCatalog(older, undefined)).toBe(older);
    expect(newerCatalog(undefined, undefined)).toBeUndefined();
  });
});
