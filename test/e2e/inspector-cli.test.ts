/**
 * MCP Inspector's CLI (`@modelcontextprotocol/inspector-cli`) through the gateway: a second real client,
 * sending the API key with its `--header` option.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/gateway-api.js';
import { GatewayProcess, repoRoot, run, startEverything, stopAll } from '../support/processes.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
const cli = join(
  dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli/package.json')),
  'build',
  'cli.js',
);
let gateway: GatewayProcess;
let apiKey: string;

beforeAll(async () => {
  const [upstream, started] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey }),
  ]);
  gateway = started;
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', upstream.url);
  apiKey = await api.createApiKey('inspector', 'alice');
});
afterAll(async () => {
  await gateway?.close();
  await stopAll();
});

/** Runs the Inspector CLI; it looks for its package.json relative to the working folder, hence `test/`. */
async function inspector(...args: string[]) {
  const result = await run(
    process.execPath,
    [cli, '--cli', `${gateway.url}/mcp/everything`, '--transport', 'http', ...args],
    {
      cwd: join(repoRoot, 'test'),
      timeoutMs: 30_000,
    },
  );
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  return { ...result, json: result.code === 0 ? (JSON.parse(json) as Record<string, unknown>) : undefined };
}

describe('MCP Inspector CLI through the gateway', () => {
  const auth = () => ['--header', `Authorization: Bearer ${apiKey}`];

  it('lists tools', async () => {
    const { code, json } = await inspector(...auth(), '--method', 'tools/list');
    expect(code).toBe(0);
    expect(((json?.tools ?? []) as { name: string }[]).map((t) => t.name)).toContain('echo');
  });

  it('calls a tool', async () => {
    const { json } = await inspector(
      ...auth(),
      '--method',
      'tools/call',
      '--tool-name',
      'echo',
      '--tool-arg',
      'message=inspected',
    );
    expect(json?.content).toEqual([{ type: 'text', text: 'Echo: inspected' }]);
  });

  it('lists resources and prompts', async () => {
    expect(
      (((await inspector(...auth(), '--method', 'resources/list')).json?.resources ?? []) as unknown[])
        .length,
    ).toBeGreaterThan(0);
    expect(
      (((await inspector(...auth(), '--method', 'prompts/list')).json?.prompts ?? []) as unknown[]).length,
    ).toBeGreaterThan(0);
  });

  it('is refused without the API key', async () => {
    const { code, stdout, stderr } = await inspector('--method', 'tools/list');
    expect(code).not.toBe(0);
    expect(`${stdout}${stderr}`).toMatch(/401|Unauthorized|auth/i);
  });
});
