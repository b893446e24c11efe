/**
 * Runs the real `terraform` against the built provider: a test-owned CLI config (dev_overrides or a
 * filesystem mirror), CHECKPOINT_DISABLE, the gateway endpoint and admin key in the environment.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../support/processes.js';

export const PROVIDER_ADDRESS = 'registry.terraform.io/mcp-gateway/mcpgateway';

/** Whether a terraform binary is on the PATH; in CI its absence is a failure, elsewhere a printed skip. */
export function terraformAvailable(): { available: boolean; reason: string } {
  const result = spawnSync('terraform', ['version'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (result.error || result.status !== 0) {
    return {
      available: false,
      reason: `terraform not found on the PATH (${result.error?.message ?? result.stderr})`,
    };
  }
  return { available: true, reason: result.stdout.split('\n')[0] ?? '' };
}

/**
 * Terraform for a test file: in CI (`CI=true`) a missing binary fails the run, elsewhere the tests that
 * need it are skipped with the reason printed once.
 */
export function terraformForTests(what: string): { available: boolean; reason: string } {
  const terraform = terraformAvailable();
  if (!terraform.available) {
    if (process.env['CI'] === 'true')
      throw new Error(`CI requires terraform for ${what}: ${terraform.reason}`);
    console.warn(`skipping ${what}: ${terraform.reason}`);
  }
  return terraform;
}

export interface TerraformWorkspace {
  dir: string;
  env: Record<string, string>;
  write: (file: string, content: string) => void;
  tf: (...args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string; output: string }>;
  /** Like tf, but throws with the full output when the exit code is not 0. */
  ok: (...args: string[]) => Promise<string>;
}

export function devOverridesConfig(providerDir: string): string {
  return `provider_installation {
  dev_overrides {
    "${PROVIDER_ADDRESS}" = "${providerDir}"
  }
  direct {}
}
`;
}

export function mirrorConfig(mirrorDir: string): string {
  return `provider_installation {
  filesystem_mirror {
    path    = "${mirrorDir}"
    include = ["${PROVIDER_ADDRESS}"]
  }
  direct {
    exclude = ["${PROVIDER_ADDRESS}"]
  }
}
`;
}

const created: string[] = [];

/** Removes every workspace folder terraformWorkspace created. */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function terraformWorkspace(
  cliConfig: string,
  env: Record<string, string>,
  from?: string,
): TerraformWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'mcpgw-tf-'));
  created.push(dir);
  const work = join(dir, 'work');
  mkdirSync(work);
  if (from) cpSync(from, work, { recursive: true });
  const cliFile = join(dir, 'cli.tfrc');
  writeFileSync(cliFile, cliConfig);
  const fullEnv: Record<string, string> = {
    TF_CLI_CONFIG_FILE: cliFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_LOG: '',
    TF_PLUGIN_CACHE_DIR: '',
    ...env,
  };
  const tf = async (...args: string[]) => {
    const result = await run('terraform', [`-chdir=${work}`, ...args], { env: fullEnv, timeoutMs: 120_000 });
    return { ...result, output: result.stdout + result.stderr };
  };
  return {
    dir: work,
    env: fullEnv,
    write: (file, content) => writeFileSync(join(work, file), content),
    tf,
    ok: async (...args) => {
      const result = await tf(...args);
      if (result.code !== 0)
        throw new Error(`terraform ${args.join(' ')} exited ${result.code}:\n${result.output}`);
      return result.output;
    },
  };
}
