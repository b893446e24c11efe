import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal, Server } from '../core/config.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { keySealer } from './sealer.js';
import { TokenVault } from './upstream-oauth.js';

const ada: Principal = { user: 'ada', workspace: 'default', method: 'api-key', credentialId: 'key_1' };

describe('the token vault', () => {
  it('never hands a token opened for one destination to a server pointed elsewhere meanwhile', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const vault = new TokenVault({
      store,
      clock,
      http: fetchHttpClient((async () => new Response('no', { status: 404 })) as typeof fetch),
      guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      sealer: keySealer(randomBytes(32)),
      serverById: async () => undefined,
      cacheMs: 60_000,
    });
    const server = {
      id: 'srv_1',
      name: 'saas',
      workspace: 'default',
      url: 'https://saas.example/mcp',
      credentials: { kind: 'user-oauth' },
    } as Server;
    // the user connected their account for the server as it was
    const stored = vault as unknown as {
      write(serverId: string, url: string, owner: object, tokens: object): Promise<void>;
    };
    await stored.write(
      'srv_1',
      'https://saas.example/mcp',
      { workspace: 'default', user: 'ada', method: 'api-key' },
      { accessToken: 'at-for-saas' },
    );
    expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-for-saas');
    // an admin points the server at another host: within the cache time, the opened token stays home
    const moved = { ...server, url: 'https://elsewhere.example/mcp' } as Server;
    await expect(vault.tokenFor(moved, ada, 'https://gw.example')).rejects.toThrow();
    // nor to an API-to-MCP server whose calls go to another base URL than its `url`
    const api = {
      ...server,
      transport: 'openapi',
      openapi: { url: 'https://saas.example/openapi.json', baseUrl: 'https://elsewhere.example/api' },
    } as Server;
    await expect(vault.tokenFor(api, ada, 'https://gw.example')).rejects.toThrow();
  });
});
