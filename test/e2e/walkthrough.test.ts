import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Child,
  GatewayProcess,
  gatewayCli,
  repoRoot,
  run,
  startEverything,
  stopAll,
  type Upstream,
} from '../support/processes.js';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startEverything('streamableHttp');
});
afterAll(stopAll);

describe('the README walkthrough (examples/local/walkthrough.sh)', () => {
  it('registers a server, issues a key and calls a tool through the gateway with curl', async () => {
    const gateway = await GatewayProcess.start({ adminKey: 'walkthrough-admin-key' });
    try {
      const walkthrough = (adminKey = 'walkthrough-admin-key') =>
        run('bash', [join(repoRoot, 'examples/local/walkthrough.sh')], {
          env: { GATEWAY: gateway.url, UPSTREAM: upstream.url, ADMIN_KEY: adminKey },
          timeoutMs: 30_000,
        });
      const result = await walkthrough();
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('"name":"everything"');
      expect(result.stdout).toContain('Echo: hello through the gateway');
      expect(result.stdout).toMatch(/API key for your MCP client: mcpgw_[A-Za-z0-9_-]{20,}/);
      // run again, it goes through as well (the server is there already; a new key is issued)
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a key named by another second
      const again = await walkthrough();
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('everything: registered by an earlier run');
      expect(again.stdout).toContain('Echo: hello through the gateway');
      // a refusal says why instead of failing silently
      const refused = await walkthrough('not-the-admin-key');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('unauthorized');
    } finally {
      await gateway.close();
    }
  });
});

describe('the generated admin key', () => {
  const start = async (dataDir: string, adminKey?: string) => {
    const env = { ...process.env };
    delete env.MCP_GATEWAY_ADMIN_KEY;
    if (adminKey !== undefined) env.MCP_GATEWAY_ADMIN_KEY = adminKey;
    const proc = spawn(process.execPath, [gatewayCli, '--port', '0', '--data-dir', dataDir], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = new Child('mcp-gateway', proc);
    const [, url] = await child.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
    await child.waitFor(/Use it as:/);
    return { child, url: url! };
  };

  it('is printed once, written 0600 to the data folder, stored hashed and kept across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mcp-gateway-admin-'));
    try {
      const first = await start(dataDir);
      const [, printed] = /Admin key \(shown once, also in \S+\): (\S+)/.exec(first.child.log) ?? [];
      expect(printed).toMatch(/^mcpgw_admin_/);
      const file = join(dataDir, 'admin-key');
      expect((await readFile(file, 'utf8')).trim()).toBe(printed);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const list = (url: string, key: string) =>
        fetch(`${url}/v1/servers`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
      expect(await list(first.url, printed!)).toBe(200);
      expect(await list(first.url, 'mcpgw_admin_wrong')).toBe(401);
      await first.child.stop();

      const second = await start(dataDir);
      expect(second.child.log).not.toContain(printed!);
      expect(second.child.log).toContain('generated earlier');
      expect(await list(second.url, printed!)).toBe(200);
      await second.child.stop();

      // a key set in the environment replaces it, and its file goes: no banner points at the file after
      const third = await start(dataDir, 'set-by-the-operator');
      expect(third.child.log).toContain('in place of the one the store held');
      await third.child.stop();
      expect(existsSync(file)).toBe(false);
      // as when a process sharing the store replaced the key (the file is this one's): a stale file goes too
      await writeFile(file, `${printed}\n`, { mode: 0o600 });
      const fourth = await start(dataDir);
      expect(fourth.child.log).not.toContain('generated earlier');
      expect(fourth.child.log).toContain('the one already in the store');
      expect(existsSync(file)).toBe(false);
      expect(await list(fourth.url, 'set-by-the-operator')).toBe(200);
      await fourth.child.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
