/** The `mcp-gateway` CLI itself: usage, option errors, and what it prints when it starts. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, httpRequest } from '../support/gateway-api.js';
import { Child, GatewayProcess, gatewayCli, repoRoot, run, stopAll } from '../support/processes.js';
import { initialize } from '../support/raw-mcp.js';

afterAll(stopAll);

describe('mcp-gateway', () => {
  it('--help prints usage and exits 0', async () => {
    const { code, stdout } = await run(process.execPath, [gatewayCli, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: mcp-gateway \[options\]/);
    for (const option of [
      '--port',
      '--host',
      '--data-dir',
      '--memory',
      '--store-port',
      '--table',
      '--dynamodb-endpoint',
      '--help',
      'MCP_GATEWAY_ADMIN_KEY',
      'MCP_GATEWAY_REQUEST_TIMEOUT_MS',
      'MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS',
      'MCP_GATEWAY_VAULT_KMS_KEY',
      'MCP_GATEWAY_VAULT_PREVIOUS_KEYS',
    ]) {
      expect(stdout).toContain(option);
    }
  });

  it('under `npm start`, a SIGTERM to its shell reaches the gateway, which stops as it should (exit 0)', async () => {
    // npm runs a script with `sh -c` and signals that shell; the shell must have become the gateway
    const script = (
      JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
        scripts: { start: string };
      }
    ).scripts.start;
    const build = 'npm run build:runtime --silent && ';
    expect(script.startsWith(build)).toBe(true);
    const shell = spawn('sh', ['-c', `${script.slice(build.length)} --memory --host 127.0.0.1 --port 0`], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = new Child('npm start', shell);
    await child.waitFor(/mcp-gateway listening on/, 30_000);
    shell.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  /** What a client is answered when the gateway started so calls a server on this machine. */
  const sidecarAnswer = async (args: string[], env: Record<string, string>) => {
    const adminKey = randomBytes(16).toString('hex');
    const gateway = await GatewayProcess.start({ adminKey, memory: true, args, env });
    try {
      const api = admin(() => gateway.url, adminKey);
      await api.registerServer('sidecar', 'http://127.0.0.1:9/mcp');
      const key = await api.createApiKey('laptop', 'ada');
      const { response: answer } = await initialize(`${gateway.url}/mcp/sidecar`, key);
      return answer.text;
    } finally {
      await gateway.close();
    }
  };

  it("serving others (behind a proxy), it reaches none of this machine's services unless told to", async () => {
    const called = (env: Record<string, string>) =>
      sidecarAnswer(['--trusted-proxies', '1'], {
        MCP_GATEWAY_PUBLIC_URL: 'https://mcp.example.com',
        ...env,
      });
    const refused = await called({});
    expect(refused).toContain("not allowed by the gateway's outbound policy");
    expect(refused).not.toContain('127.0.0.1');
    // an explicit local mode (a sidecar upstream in the same pod) is the operator's to give
    expect(await called({ MCP_GATEWAY_LOCAL: '1' })).not.toContain('outbound policy');
  });

  it('leaves local mode off when reached through a public URL of another host, or told so', async () => {
    const policy = "not allowed by the gateway's outbound policy";
    // a tunnel to a loopback gateway: others reach it
    expect(await sidecarAnswer([], { MCP_GATEWAY_PUBLIC_URL: 'https://mcp.example.com' })).toContain(policy);
    expect(await sidecarAnswer([], { MCP_GATEWAY_LOCAL: '0' })).toContain(policy);
    // its own loopback URL changes nothing
    expect(await sidecarAnswer([], { MCP_GATEWAY_PUBLIC_URL: 'http://localhost:8787' })).not.toContain(
      policy,
    );
  });

  it('an unknown option is an error with usage (exit 2)', async () => {
    const { code, stderr } = await run(process.execPath, [gatewayCli, '--no-such-option']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: mcp-gateway');
  });

  it('shows a key it generated into a store even when it cannot start after (a port taken)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const { code, stdout, stderr } = await run(process.execPath, [gatewayCli, '--memory', '--port', port]);
      expect(code).not.toBe(0);
      expect(stdout).not.toContain('listening');
      expect(stderr).toMatch(/the admin key generated into the store \(shown once\): \S{32,}/);
    } finally {
      taken.close();
    }
  });

  it('an invalid port is an error (exit 2)', async () => {
    const { code, stderr } = await run(process.execPath, [gatewayCli, '--port', 'eighty']);
    expect(code).toBe(2);
    expect(stderr).toContain('invalid port');
  });

  it.each([
    [['--table', 'shared', '--memory'], {}, '--memory applies to the embedded store'],
    [['--dynamodb-endpoint', 'not a url'], {}, 'invalid --dynamodb-endpoint "not a url"'],
    [['--store-port', '70000'], {}, 'invalid --store-port "70000"'],
    [[], { MCP_GATEWAY_REQUEST_TIMEOUT_MS: 'soon' }, 'invalid MCP_GATEWAY_REQUEST_TIMEOUT_MS "soon"'],
    [[], { MCP_GATEWAY_CONFIG_TTL_MS: '-1' }, 'MCP_GATEWAY_CONFIG_TTL_MS must be a whole number'],
    [['--host', '0.0.0.0'], {}, '--host 0.0.0.0 serves other machines: set MCP_GATEWAY_PUBLIC_URL'],
    [['--trusted-proxies', '1'], {}, '--trusted-proxies 1 serves other machines: set MCP_GATEWAY_PUBLIC_URL'],
    // a deployment's table (on AWS, also through a VPC endpoint) holds secrets sealed with its KMS key
    [['--table', 'prod-gw'], {}, "The table prod-gw is a deployment's: set MCP_GATEWAY_VAULT_KMS_KEY"],
    [
      [
        '--table',
        'prod-gw',
        '--dynamodb-endpoint',
        'https://vpce-0a1b.dynamodb.eu-west-1.vpce.amazonaws.com',
      ],
      {},
      "The table prod-gw is a deployment's: set MCP_GATEWAY_VAULT_KMS_KEY",
    ],
    // a local sealing key would win over the deployment's KMS key
    [
      ['--table', 'prod-gw'],
      {
        MCP_GATEWAY_VAULT_KMS_KEY: 'arn:aws:kms:eu-west-1:111122223333:key/x',
        MCP_GATEWAY_VAULT_KEY: 'ab'.repeat(32),
      },
      "The table prod-gw is a deployment's: set MCP_GATEWAY_VAULT_KMS_KEY",
    ],
  ])('refuses %j %j before starting anything (exit 2)', async (args, env, message) => {
    const { code, stdout, stderr } = await run(process.execPath, [gatewayCli, ...args], { env });
    expect(code).toBe(2);
    expect(stderr).toContain(`mcp-gateway: ${message}`);
    expect(stdout).toBe('');
  });

  it('calls out an admin key short enough to be guessed', async () => {
    const gateway = await GatewayProcess.start({ adminKey: 'changeme', memory: true });
    try {
      expect(gateway.log).toContain(
        'Admin key:       from MCP_GATEWAY_ADMIN_KEY (only 8 characters: use at least 32 random ones wherever others can reach this gateway)',
      );
    } finally {
      await gateway.close();
    }
  });

  it('names the audience tokens need when a public URL is set', async () => {
    const gateway = await GatewayProcess.start({
      adminKey: randomBytes(16).toString('hex'),
      memory: true,
      env: { MCP_GATEWAY_PUBLIC_URL: 'https://mcp.example.com/' },
    });
    try {
      expect(gateway.log).toContain('Token audience:  https://mcp.example.com/mcp/{server}');
    } finally {
      await gateway.close();
    }
  });

  it('starts, says where it listens and serves /healthz', async () => {
    const gateway = await GatewayProcess.start({ adminKey: randomBytes(16).toString('hex'), memory: true });
    try {
      expect(gateway.log).toContain(`mcp-gateway listening on ${gateway.url}`);
      expect(gateway.log).toContain('Admin key:       from MCP_GATEWAY_ADMIN_KEY\n');
      expect(gateway.log).toContain(`${gateway.url}/mcp/{server}`);
      // without a public URL the audience follows the Host header: the operator is told so
      expect(gateway.log).toContain("Token audience:  follows each request's Host header");
      const health = await httpRequest(`${gateway.url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
    } finally {
      await gateway.close();
    }
  });
});
