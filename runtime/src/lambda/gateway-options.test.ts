import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import { sealerFor } from './environment.js';
import { gatewayOptionsFor } from './gateway-options.js';
import { readSettings } from './settings.js';

describe('gatewayOptionsFor', () => {
  it('lets upstreams reach private addresses when allowed, never what an unauthenticated caller can name', async () => {
    const settings = readSettings({ MCP_GATEWAY_TABLE: 't', MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS: 'true' });
    const options = gatewayOptionsFor(settings, new MemoryStore());
    await expect(options.guard.check('https://10.0.0.5/mcp')).resolves.toBeUndefined();
    // a client metadata document (`client_id` is a URL anyone may name) stays on public addresses
    await expect(options.publicOutbound!.guard.check('https://10.0.0.5/client.json')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(options.publicOutbound!.guard.check('https://169.254.169.254/latest')).rejects.toThrow();
  });

  it('lets an unauthenticated caller name this machine only to a local gateway served on it alone', async () => {
    const named = (env: Record<string, string>, servesOthers = false) =>
      gatewayOptionsFor(
        readSettings({ MCP_GATEWAY_TABLE: 't', MCP_GATEWAY_LOCAL: 'true', ...env }),
        new MemoryStore(),
        servesOthers,
      ).publicOutbound!.guard.check('http://127.0.0.1:8000/client.json');
    await expect(named({})).resolves.toBeUndefined();
    await expect(named({ MCP_GATEWAY_PUBLIC_URL: 'http://localhost:8080' })).resolves.toBeUndefined();
    // served to others: its loopback ports (the embedded store) are not for anyone to probe
    await expect(named({ MCP_GATEWAY_PUBLIC_URL: 'https://mcp.example.com' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    // bound for other machines or behind a proxy, whatever URL it names (a container publishing its port)
    await expect(named({ MCP_GATEWAY_PUBLIC_URL: 'http://localhost:8787' }, true)).rejects.toMatchObject({
      code: 'forbidden',
    });
    // upstreams an admin names may still be local
    const service = gatewayOptionsFor(
      readSettings({
        MCP_GATEWAY_TABLE: 't',
        MCP_GATEWAY_LOCAL: 'true',
        MCP_GATEWAY_PUBLIC_URL: 'https://mcp.example.com',
      }),
      new MemoryStore(),
    );
    await expect(service.guard.check('http://127.0.0.1:8000/mcp')).resolves.toBeUndefined();
  });

  it('reads the sealing key and the previous ones of a rotation: the sealer opens with each, seals with the first', async () => {
    const [now, before] = [randomBytes(32), randomBytes(32)];
    const sealedBefore = await sealerFor(
      readSettings({ MCP_GATEWAY_TABLE: 't', MCP_GATEWAY_VAULT_KEY: before.toString('hex') }),
    )!.seal('secret', 'ctx');
    const rotating = sealerFor(
      readSettings({
        MCP_GATEWAY_TABLE: 't',
        MCP_GATEWAY_VAULT_KEY: now.toString('hex'),
        MCP_GATEWAY_VAULT_PREVIOUS_KEYS: ` ${randomBytes(32).toString('base64')}, ${before.toString('hex')}`,
      }),
    )!;
    expect(await rotating.open(sealedBefore, 'ctx')).toBe('secret');
    expect(rotating.outdated?.(sealedBefore)).toBe(true);
    expect(rotating.outdated?.(await rotating.seal('secret', 'ctx'))).toBe(false);
    expect(() =>
      readSettings({
        MCP_GATEWAY_TABLE: 't',
        MCP_GATEWAY_VAULT_KEY: now.toString('hex'),
        MCP_GATEWAY_VAULT_PREVIOUS_KEYS: `${before.toString('hex')},short`,
      }),
    ).toThrow('MCP_GATEWAY_VAULT_PREVIOUS_KEYS must be comma-separated 32-byte keys');
    expect(() =>
      readSettings({ MCP_GATEWAY_TABLE: 't', MCP_GATEWAY_VAULT_PREVIOUS_KEYS: before.toString('hex') }),
    ).toThrow('needs MCP_GATEWAY_VAULT_KEY');
  });

  it('reads how often the health checker runs, refusing what is no positive number of seconds', () => {
    const env = (value?: string) => ({
      MCP_GATEWAY_TABLE: 't',
      ...(value !== undefined ? { MCP_GATEWAY_HEALTH_EVERY_SECONDS: value } : {}),
    });
    expect(readSettings(env('300')).healthEverySeconds).toBe(300);
    expect(readSettings(env()).healthEverySeconds).toBeUndefined();
    for (const bad of ['0', 'soon', '1.5', '1e3', '0x10', '3000000000'])
      expect(() => readSettings(env(bad))).toThrow(
        'MCP_GATEWAY_HEALTH_EVERY_SECONDS must be a whole number from 1 to 2147483647',
      );
  });

  it('refuses a body limit larger than a Lambda event takes (6 MB, headers included, the body escaped)', () => {
    const env = (value: string) => ({
      MCP_GATEWAY_TABLE: 't',
      MCP_GATEWAY_MAX_BODY_BYTES: value,
      AWS_LAMBDA_FUNCTION_NAME: 'mcp-gateway-gateway',
    });
    expect(readSettings(env('2883584')).maxBodyBytes).toBe(2883584);
    // a larger one (the earlier bound's) is lowered to the bound, and said so: a running deployment goes on
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const value of ['4194304', '8388608']) expect(readSettings(env(value)).maxBodyBytes).toBe(2883584);
      expect(said).toHaveBeenCalledWith(
        'mcp-gateway: MCP_GATEWAY_MAX_BODY_BYTES=4194304 is more than a Lambda event holds with the body escaped in it; 2883584 is used.',
      );
    } finally {
      said.mockRestore();
    }
    // unset: the most an event takes, and a body of quotes escaped (twice its size) with the headers fits
    const { MCP_GATEWAY_MAX_BODY_BYTES: _unset, ...unset } = env('0');
    const limit = readSettings(unset).maxBodyBytes;
    expect(limit).toBe(2883584);
    const event = JSON.stringify({ headers: { h: 'x'.repeat(10_000) }, body: '"'.repeat(limit) });
    expect(Buffer.byteLength(event)).toBeLessThan(6 * 1024 * 1024);
    // a long-lived process has no such bound
    const { AWS_LAMBDA_FUNCTION_NAME: _, ...local } = env('8388608');
    expect(readSettings(local).maxBodyBytes).toBe(8388608);
  });

  it('refuses a switch it would take for off, and origins no browser sends', () => {
    const read = (env: Record<string, string>) => readSettings({ MCP_GATEWAY_TABLE: 't', ...env });
    for (const [value, on] of [
      ['1', true],
      ['true', true],
      ['TRUE', true],
      ['0', false],
      ['false', false],
      ['', false],
    ] as const)
      expect(read({ MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS: value }).allowPrivateUpstreams, value).toBe(on);
    for (const value of ['yes', 'on', 'enabled', '2'])
      expect(() => read({ MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS: value })).toThrow(
        `MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS must be 1 or true (on), 0 or false (off), got "${value}".`,
      );
    expect(() => read({ MCP_GATEWAY_LOCAL: 'yes' })).toThrow('MCP_GATEWAY_LOCAL must be 1 or true');
    expect(
      read({ MCP_GATEWAY_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:5173' }).allowedOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    // a sandboxed frame's (or file: page's) `null`, and a browser extension's origin, when listed
    expect(
      read({
        MCP_GATEWAY_ALLOWED_ORIGINS: 'null,chrome-extension://abcdefghijklmnop,moz-extension://0a1b-2c3d',
      }).allowedOrigins,
    ).toEqual(['null', 'chrome-extension://abcdefghijklmnop', 'moz-extension://0a1b-2c3d']);
    for (const value of [
      '*',
      'https://app.example.com/',
      'app.example.com',
      'https://app.example.com/mcp',
      'chrome-extension://abc/popup.html',
      'chrome-extension://',
      'NULL',
    ])
      expect(() => read({ MCP_GATEWAY_ALLOWED_ORIGINS: value }), value).toThrow(
        `MCP_GATEWAY_ALLOWED_ORIGINS lists origins as browsers send them`,
      );
  });
});
