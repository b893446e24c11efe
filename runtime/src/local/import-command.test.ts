import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runImport } from './import-command.js';

afterEach(() => vi.restoreAllMocks());

describe('mcp-gateway import', () => {
  it('takes an empty MCP_GATEWAY_URL for unset, and prints what the gateway says of the server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-gateway-import-'));
    try {
      const file = join(dir, 'server.json');
      await writeFile(file, JSON.stringify({ name: 'io.acme/tool', version: '1.0.0' }));
      const asked: string[] = [];
      vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
        asked.push(String(url));
        return Response.json({
          action: 'updated',
          server: { name: 'io-acme-tool', enabled: true },
          reason: "keeps the address an admin gave it (the entry's is now http://new.example/mcp)",
        });
      });
      const printed: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
        printed.push(String(text));
        return true;
      });
      const code = await runImport([file], { MCP_GATEWAY_URL: '', MCP_GATEWAY_ADMIN_KEY: 'k' });
      expect(code).toBe(0);
      expect(asked).toEqual(['http://127.0.0.1:8787/v1/servers/import?workspace=default']);
      expect(printed.join('')).toContain(
        "updated server io-acme-tool (keeps the address an admin gave it (the entry's is now http://new.example/mcp))",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
