/** The `mcp-gateway` CLI itself: usage, option errors, and what it prints when it starts. */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../support/gateway-api.js';
import { GatewayProcess, gatewayCli, run, stopAll } from '../support/processes.js';

afterAll(stopAll);

describe('mcp-gateway', () => {
  it('--help prints usage and exits 0', async () => {
    const { code, stdout } = await run(process.execPath, [gatewayCli, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: mcp-gateway \[options\]/);
    for (const option of ['--port', '--host', '--data-dir', '--memory', '--help', 'MCP_GATEWAY_ADMIN_KEY']) {
      expect(stdout).toContain(option);
    }
  });

  it('an unknown option is an error with usage (exit 2)', async () => {
    const { code, stderr } = await run(process.execPath, [gatewayCli, '--no-such-option']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: mcp-gateway');
  });

  it('an invalid port is an error (exit 2)', async () => {
    const { code, stderr } = await run(process.execPath, [gatewayCli, '--port', 'eighty']);
    expect(code).toBe(2);
    expect(stderr).toContain('invalid port');
  });

  it('starts, says where it listens and serves /healthz', async () => {
    const gateway = await GatewayProcess.start({ adminKey: randomBytes(16).toString('hex'), memory: true });
    try {
      expect(gateway.log).toContain(`mcp-gateway listening on ${gateway.url}`);
      expect(gateway.log).toContain(`${gateway.url}/mcp/{server}`);
      const health = await httpRequest(`${gateway.url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
    } finally {
      await gateway.close();
    }
  });
});
