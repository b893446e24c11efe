/**
 * Child processes for end-to-end tests and the benchmark: the real `server-everything` upstream and the
 * built gateway CLI, both on loopback. Every wait is bounded; every child is tracked so `stopAll()` (called
 * from `afterAll`) leaves nothing running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const gatewayCli = join(repoRoot, 'runtime', 'dist', 'cli.mjs');
const loopbackPreload = join(repoRoot, 'test', 'support', 'loopback-listen.mjs');

const running = new Set<ChildProcess>();
/** Children started as leaders of their own process group (`detached`): signals go to the whole group. */
const leaders = new WeakSet<ChildProcess>();

/** Signals a child, or its whole process group when it leads one (a launcher such as npx and its child). */
function signal(proc: ChildProcess, name: NodeJS.Signals): void {
  if (leaders.has(proc) && proc.pid !== undefined) {
    try {
      process.kill(-proc.pid, name);
      return;
    } catch {
      // the group is gone already: signal the process itself
    }
  }
  proc.kill(name);
}

/** A loopback port free right now (for a store another process joins, or an address nothing answers). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** A child process whose stdout and stderr are kept, so tests can wait for a line. */
export class Child {
  private output = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  /**
   * `group`: the child was spawned `detached`, leading a process group that stopping it ends whole (npx
   * does not pass a SIGTERM on to the program it started).
   */
  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    options: { group?: boolean } = {},
  ) {
    running.add(proc);
    if (options.group === true) leaders.add(proc);
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      for (const wake of this.waiters) wake();
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code) => {
        running.delete(proc);
        for (const wake of this.waiters) wake();
        resolve(code);
      });
    });
  }

  get log(): string {
    return this.output;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** The exit code once it exited by itself; null while it runs or when a signal ended it. */
  get exitCode(): number | null {
    return this.proc.exitCode;
  }

  /** Resolves with the first match of `pattern` in the output; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms. Output:\n${this.output}`));
      }, timeoutMs);
      const check = () => {
        const match = pattern.exec(this.output);
        if (match !== null) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(match);
        } else if (!this.alive) {
          clearTimeout(timer);
          this.waiters.delete(check);
          reject(new Error(`${this.name} exited (${this.proc.exitCode}). Output:\n${this.output}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.alive) {
      signal(this.proc, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (killed && this.alive) {
        signal(this.proc, 'SIGKILL');
        await this.exited;
      }
    }
    // a launcher may have gone before the program it started: the rest of its group goes too
    if (leaders.has(this.proc)) signal(this.proc, 'SIGKILL');
  }
}

/** Kills every child these helpers started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (proc) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once('exit', () => resolve());
          signal(proc, 'SIGKILL');
        }),
    ),
  );
}

// a test worker that dies must not leave servers behind
process.once('exit', () => {
  for (const child of running) signal(child, 'SIGKILL');
});

export type EverythingTransport = 'streamableHttp' | 'sse';

export interface Upstream {
  child: Child;
  port: number;
  /** The MCP endpoint: `/mcp` (Streamable HTTP) or `/sse` (legacy HTTP+SSE). */
  url: string;
  stop(): Promise<void>;
}

/** Starts `@modelcontextprotocol/server-everything` on a free loopback port and waits until it listens. */
export async function startEverything(transport: EverythingTransport = 'streamableHttp'): Promise<Upstream> {
  const require = createRequire(import.meta.url);
  const entry = join(
    dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
    'dist',
    'index.js',
  );
  const proc = spawn(process.execPath, ['--import', loopbackPreload, entry, transport], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = new Child(`server-everything (${transport})`, proc);
  const match = await child.waitFor(/test-support: listening on 127\.0\.0\.1:(\d+)/);
  const port = Number(match[1]);
  const path = transport === 'sse' ? '/sse' : '/mcp';
  return { child, port, url: `http://127.0.0.1:${port}${path}`, stop: () => child.stop() };
}

export interface GatewayOptions {
  /** `MCP_GATEWAY_ADMIN_KEY`; without it the gateway generates a key or adopts the one in its store. */
  adminKey?: string;
  /** Keep data in memory (`--memory`); otherwise a temporary data folder is used (and kept across restarts). */
  memory?: boolean;
  /** The store is named by `args` (service mode: `--dynamodb-endpoint`, `--table`): no data folder. */
  externalStore?: boolean;
  /** Extra CLI arguments (e.g. `--store-port 4567`). */
  args?: string[];
  /** Extra environment for the CLI (e.g. `MCP_GATEWAY_MAX_BODY_BYTES`). */
  env?: Record<string, string>;
}

/** The built gateway CLI (`runtime/dist/cli.mjs`) as a child process. */
export class GatewayProcess {
  private child: Child | undefined;
  private constructor(
    private options: GatewayOptions,
    readonly dataDir: string | undefined,
    private boundPort: number,
  ) {}

  static async start(options: GatewayOptions): Promise<GatewayProcess> {
    const dataDir =
      options.memory || options.externalStore ? undefined : await mkdtemp(join(tmpdir(), 'mcp-gateway-e2e-'));
    const gateway = new GatewayProcess(options, dataDir, 0);
    await gateway.launch();
    return gateway;
  }

  get port(): number {
    return this.boundPort;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get log(): string {
    return this.child?.log ?? '';
  }

  private async launch(): Promise<void> {
    const args = [gatewayCli, '--host', '127.0.0.1', '--port', String(this.boundPort)];
    if (this.dataDir !== undefined) args.push('--data-dir', this.dataDir);
    else if (!this.options.externalStore) args.push('--memory');
    args.push(...(this.options.args ?? []));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
      ...this.options.env,
    };
    delete env.MCP_GATEWAY_ADMIN_KEY; // only the adminKey option sets it, never the test runner's environment
    if (this.options.adminKey !== undefined) env.MCP_GATEWAY_ADMIN_KEY = this.options.adminKey;
    const proc = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = new Child('mcp-gateway', proc);
    const match = await this.child.waitFor(/mcp-gateway listening on http:\/\/127\.0\.0\.1:(\d+)/, 30_000);
    this.boundPort = Number(match[1]);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs?: number): Promise<void> {
    await this.child?.stop(timeoutMs);
  }

  /** The exit code once it exited by itself; null while it runs or when a signal ended it. */
  get exitCode(): number | null {
    return this.child?.exitCode ?? null;
  }

  /** Sends the gateway `signal` (and nothing else); `exited` says when it has gone. */
  signal(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child === undefined) throw new Error('the gateway is not running');
    this.child.proc.kill(signal);
    return this.child.exited;
  }

  /**
   * Stops the gateway and starts it again on the same port with the same data folder (with `env` in place
   * of the environment it was given, when given).
   */
  async restart(env?: Record<string, string>): Promise<void> {
    if (env !== undefined) this.options = { ...this.options, env };
    await this.stop();
    await this.launch();
  }

  /** Stops the gateway and removes its data folder. */
  async close(): Promise<void> {
    await this.stop();
    if (this.dataDir !== undefined) await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Runs a command to completion (bounded), answering its exit code and output. */
export function run(
  command: string,
  args: string[],
  options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${stdout}${stderr}`),
      );
    }, timeoutMs);
    // 'close' (not 'exit'): all output has been read by then
    child.once('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
  });
}
