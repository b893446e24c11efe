/**
 * Provider benchmark: the real terraform and the built provider against the local gateway. Reports the
 * time to apply 100 servers, a no-op plan over them, and their destroy; writes bench-results/provider.json.
 * Run: npm run bench:provider
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProvider } from '../provider/harness.js';
import {
  devOverridesConfig,
  removeWorkspaces,
  terraformAvailable,
  terraformWorkspace,
} from '../provider/terraform-cli.js';
import { GatewayProcess, repoRoot, stopAll } from '../support/processes.js';

const COUNT = Number(process.env['BENCH_RESOURCES'] ?? 100);
const ADMIN_KEY = 'provider-bench-admin-key';

async function main(): Promise<void> {
  const terraform = terraformAvailable();
  if (!terraform.available) {
    console.error(`bench:provider needs terraform: ${terraform.reason}`);
    process.exitCode = 1;
    return;
  }
  const build = buildProvider();
  const gateway = await GatewayProcess.start({ adminKey: ADMIN_KEY, memory: true });
  try {
    const ws = terraformWorkspace(devOverridesConfig(build), {
      MCPGATEWAY_ENDPOINT: gateway.url,
      MCPGATEWAY_API_KEY: ADMIN_KEY,
    });
    ws.write(
      'main.tf',
      `terraform {
  required_providers {
    mcpgateway = { source = "mcp-gateway/mcpgateway" }
  }
}
provider "mcpgateway" {}
resource "mcpgateway_server" "bench" {
  count       = ${COUNT}
  name        = "bench-\${count.index}"
  url         = "http://127.0.0.1:3001/mcp"
  description = "benchmark server \${count.index}"
  labels      = { bench = "true" }
}
`,
    );
    const timed = async (label: string, ...args: string[]) => {
      const started = performance.now();
      const result = await ws.tf(...args);
      const ms = performance.now() - started;
      if (result.code !== 0) {
        throw new Error(`${label} failed (${result.code}):\n${result.output}`);
      }
      return { label, ms: Math.round(ms) };
    };
    const results = [
      await timed(`apply (${COUNT} servers)`, 'apply', '-auto-approve', '-no-color'),
      await timed('no-op plan', 'plan', '-detailed-exitcode', '-no-color'),
      await timed(`destroy (${COUNT} servers)`, 'destroy', '-auto-approve', '-no-color'),
    ];
    console.log(
      `\nterraform-provider-mcpgateway — ${terraform.reason}, ${COUNT} resources, parallelism 10\n`,
    );
    console.log(`${'step'.padEnd(26)} ${'wall time'.padStart(10)} ${'per resource'.padStart(13)}`);
    for (const { label, ms } of results) {
      console.log(
        `${label.padEnd(26)} ${`${ms} ms`.padStart(10)} ${`${(ms / COUNT).toFixed(1)} ms`.padStart(13)}`,
      );
    }
    const out = join(repoRoot, 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'provider.json'),
      `${JSON.stringify({ terraform: terraform.reason, resources: COUNT, results, at: new Date().toISOString() }, null, 2)}\n`,
    );
    console.log(`\nwritten to bench-results/provider.json`);
  } finally {
    await gateway.close();
    await stopAll();
    removeWorkspaces();
    rmSync(build, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
