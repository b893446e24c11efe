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
      // no workspace named: the caller's own (a workspace admin's token names none of another's)
      expect(asked).toEqual(['http://127.0.0.1:8787/v1/servers/import']);
      expect(
        await runImport([file, '--workspace', 'team a'], { MCP_GATEWAY_URL: '', MCP_GATEWAY_ADMIN_KEY: 'k' }),
      ).toBe(0);
      expect(asked[1]).toBe('http://127.0.0.1:8787/v1/servers/import?workspace=team%20a');
      expect(printed.join('')).toContain(
        "updated server io-acme-tool (keeps the address an admin gave it (the entry's is now http://new.example/mcp))",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says which fields of a refused document are wrong, as the gateway names them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-gateway-import-'));
    try {
      const file = join(dir, 'server.json');
      await writeFile(file, JSON.stringify({ name: 'io.acme/tool', version: '1.0.0' }));
      vi.spyOn(globalThis, 'fetch').mockImplementation(async () =>
        Response.json(
          {
            status: 400,
            code: 'validation_failed',
            detail: 'The request body is not valid.',
            errors: [{ pointer: '/remotes/0/url', detail: 'must be a valid uri' }],
          },
          { status: 400 },
        ),
      );
      const written: string[] = [];
      const capture = (text: unknown) => {
        written.push(String(text));
        return true;
      };
      vi.spyOn(process.stdout, 'write').mockImplementation(capture);
      vi.spyOn(process.stderr, 'write').mockImplementation(capture);
      expect(await runImport([file], { MCP_GATEWAY_ADMIN_KEY: 'k' })).toBe(1);
      expect(written.join('')).toContain('The request body is not valid. /remotes/0/url must be a valid uri');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never sends the admin key over plain http to another machine', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch');
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      errors.push(String(text));
      return true;
    });
    const env = { MCP_GATEWAY_ADMIN_KEY: 'k' };
    expect(await runImport(['server.json', '--gateway', 'http://gateway.corp.test'], env)).toBe(2);
    expect(await runImport(['server.json'], { ...env, MCP_GATEWAY_URL: 'HTTP://10.0.0.5:8787' })).toBe(2);
    expect(fetched).not.toHaveBeenCalled();
    // https to another machine is fine (the file named here does not exist: no request either way)
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runImport(['missing.json', '--gateway', 'https://gateway.corp.test'], env)).toBe(1);
    expect(errors.join('')).not.toContain('https://gateway.corp.test is neither');
    expect(errors.join('')).toContain(
      '--gateway http://gateway.corp.test is neither https nor this machine: the admin key is not sent over plain http',
    );
  });

  it('takes the admin key a local gateway wrote in its data folder when none is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-gateway-import-'));
    try {
      const file = join(dir, 'server.json');
      await writeFile(file, JSON.stringify({ name: 'io.acme/tool', version: '1.0.0' }));
      await writeFile(join(dir, 'admin-key'), 'mgw_admin_from_file\n');
      const keys: (string | null)[] = [];
      vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
        keys.push(new Headers(init?.headers).get('authorization'));
        return Response.json({ action: 'created', server: { name: 'io-acme-tool', enabled: true } });
      });
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      expect(await runImport([file, '--data-dir', dir], {})).toBe(0);
      expect(await runImport([file], { MCP_GATEWAY_DATA_DIR: dir })).toBe(0);
      expect(await runImport([file], { MCP_GATEWAY_DATA_DIR: dir, MCP_GATEWAY_ADMIN_KEY: 'set-key' })).toBe(
        0,
      );
      expect(keys).toEqual(['Bearer mgw_admin_from_file', 'Bearer mgw_admin_from_file', 'Bearer set-key']);
      const errors: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
        errors.push(String(text));
        return true;
      });
      expect(await runImport([file], { MCP_GATEWAY_DATA_DIR: join(dir, 'none') })).toBe(2);
      expect(errors.join('')).toContain('set MCP_GATEWAY_ADMIN_KEY');
      // the local gateway's key is for the local gateway: never sent to another machine
      expect(
        await runImport([file, '--gateway', 'https://gw.example.com'], { MCP_GATEWAY_DATA_DIR: dir }),
      ).toBe(2);
      expect(keys).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
