/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`: every server scenario, pending
 * ones too) through the gateway, against an upstream that implements what each scenario asks for
 * (`conformance-server.ts`): tools of every content type, logging and progress while a call runs, sampling
 * and elicitation requests relayed to the client, resources, templates, subscriptions, prompts, completion,
 * JSON Schema 2020-12 kept intact, and DNS rebinding protection. Three ways: plain, with every policy on,
 * and bridged to the same server on the legacy HTTP+SSE transport. A scenario passes when none of its
 * checks fails; this version of the suite only warns about SSE polling and priming (stream resumption is
 * proven by the gateway's own end-to-end tests).
 * The suite needs Node.js 22 (CI runs every test on Node 22 too); on older versions it is skipped, saying so.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../runtime/src/policies/guardrails/detectors.js';
import { startConformanceServer, startLegacyConformanceServer } from '../support/conformance-server.js';
import { admin } from '../support/gateway-api.js';
import { GatewayProcess, repoRoot, stopAll } from '../support/processes.js';
import type { SdkUpstream } from '../support/sdk-upstream.js';

const SCENARIOS = 32;
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22)
  console.log(
    `conformance suite skipped: it needs Node.js 22 (this is ${process.version}); CI runs it on 22`,
  );

describe.skipIf(nodeMajor < 22)('the MCP conformance suite through the gateway', () => {
  const adminKey = `admin-${randomBytes(16).toString('hex')}`;
  let gateway: GatewayProcess;
  let upstream: SdkUpstream;
  let legacy: SdkUpstream;
  let apiKey: string;

  beforeAll(async () => {
    upstream = await startConformanceServer();
    legacy = await startLegacyConformanceServer();
    gateway = await GatewayProcess.start({ adminKey, memory: true });
    const api = admin(() => gateway.url, adminKey);
    await api.registerServer('conformance', upstream.url);
    // an upstream on the legacy HTTP+SSE transport, bridged to Streamable HTTP by the gateway
    await api.registerServer('legacy', legacy.url, 'sse');
    // the same upstream with every policy on: none of them may cost a protocol feature
    await api.registerServer('governed', upstream.url, undefined, {
      tools: { allow: ['test_*', 'json_schema_*'] },
      toolPinning: 'quarantine',
      retry: { attempts: 2 },
      circuitBreaker: { consecutiveFailures: 5 },
      toolTimeoutsMs: { test_reconnection: 30_000 },
      pricing: { perCall: 1 },
    });
    const create = async (path: string, body: unknown) => {
      const result = await api.request('POST', path, body);
      expect(result.status, result.text).toBe(201);
    };
    await create('/v1/rate-limits', {
      name: 'window',
      servers: ['governed'],
      limit: 100_000,
      window: 'minute',
    });
    await create('/v1/rate-limits', {
      name: 'bucket',
      servers: ['governed'],
      limit: 100_000,
      window: 'second',
      algorithm: 'token-bucket',
      per: ['user', 'tool'],
    });
    await create('/v1/budgets', { name: 'budget', servers: ['governed'], amount: 100_000, period: 'day' });
    // every detector but email: the elicitation scenario's user answers with an address, which it would
    // rightly refuse (a guardrail doing its job, not a protocol failure)
    await create('/v1/guardrails', {
      name: 'guard',
      servers: ['governed'],
      direction: 'both',
      detectors: DETECTORS.filter((detector) => detector !== 'email'),
    });
    // judged on every call and list (it matches no tool the suite uses: nothing is hidden from it)
    await create('/v1/access-policies', {
      name: 'no-deletes',
      effect: 'deny',
      priority: 1,
      servers: ['governed'],
      tools: ['delete_*'],
    });
    apiKey = await api.createApiKey('conformance-suite', 'conformance');
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
    await legacy?.close();
    await stopAll();
  });

  /** Runs the suite's server scenarios against `url`; its output. */
  async function suite(url: string): Promise<string> {
    const cli = createRequire(join(repoRoot, 'package.json')).resolve(
      '@modelcontextprotocol/conformance/dist/index.js',
    );
    const cwd = await mkdtemp(join(tmpdir(), 'mcp-conformance-'));
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          join(repoRoot, 'test/support/conformance-api-key.mjs'),
          cli,
          'server',
          '--url',
          url,
          '--suite',
          'all',
        ],
        { cwd, env: { ...process.env, MCP_GATEWAY_API_KEY: apiKey }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      await new Promise((resolve) => child.once('close', resolve));
      clearTimeout(timer);
      return output;
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }

  it.each(['conformance', 'governed', 'legacy'])(
    `passes all ${SCENARIOS} server scenarios (%s)`,
    async (server) => {
      const output = await suite(`${gateway.url}/mcp/${server}`);
      const summary = output.slice(output.indexOf('=== SUMMARY ==='));
      const scenarios = summary.split('\n').filter((line) => /^[✓✗] /.test(line));
      expect(scenarios, output.slice(-4000)).toHaveLength(SCENARIOS);
      expect(
        scenarios.filter((line) => line.startsWith('✗')),
        output.slice(-4000),
      ).toEqual([]);
      expect(summary).toMatch(/Total: \d+ passed, 0 failed/);
    },
    180_000,
  );
});
