/**
 * The `mcp-gateway` command line: flags and their environment equivalents, validated once so that a bad
 * value stops the CLI with a message naming it (exit 2) before anything starts.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isAwsEndpoint } from '../store/aws-endpoint.js';
import { defaultTableName } from '../store/table-definition.js';
import { defaultTimeouts, type ServerTimeouts } from './server.js';

/** How long requests in flight may take to finish on shutdown before their connections are cut. */
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export const HELP = `Usage: mcp-gateway [options]
       mcp-gateway import <server.json>... [--gateway <url>] [--workspace <name>] [--data-dir <dir>]

Runs the MCP gateway: the MCP endpoint at /mcp/{server}, the management API at /v1. By default with an
embedded DynamoDB-compatible store; in service mode (--table) on an existing table that any number of
gateway processes share.

Options:
  -p, --port <port>              port to listen on (env PORT, default 8787; 0 picks a free one)
      --host <host>              address to bind (env HOST, default 127.0.0.1)
  -d, --data-dir <dir>           data folder, kept across restarts (env MCP_GATEWAY_DATA_DIR, default .mcp-gateway)
      --memory                   keep all data in memory (lost on exit)
      --store-port <port>        loopback port of the embedded store, so that other gateway processes can
                                 join it with --dynamodb-endpoint (env MCP_GATEWAY_STORE_PORT, default: any
                                 free, and only this process is served)
      --table <name>             service mode: use this existing DynamoDB table instead of the embedded store
                                 (env MCP_GATEWAY_TABLE); on AWS unless --dynamodb-endpoint is given
      --dynamodb-endpoint <url>  service mode on a DynamoDB-compatible endpoint, e.g. another gateway's
                                 --store-port (env MCP_GATEWAY_DYNAMODB_ENDPOINT); the table (default
                                 ${defaultTableName}) is created there if it is missing, but never at an
                                 endpoint of AWS's own (a VPC endpoint: a deployment's table)
      --trusted-proxies <n>      how many proxies in front of the gateway (load balancers) append to
                                 X-Forwarded-For: the client address (per-address limits) is read there
                                 (env MCP_GATEWAY_TRUSTED_PROXIES, default 0: the connection's address)
      --lambda <name>=<module>   serve a Lambda function locally: Lambda's Invoke API on a loopback port runs
                                 the module's exported handler, and AWS_ENDPOINT_URL_LAMBDA points the gateway's
                                 Lambda client there (repeatable; for servers with transport "lambda")
  -h, --help                     show this help

Environment:
  MCP_GATEWAY_ADMIN_KEY            admin key for /v1 (default: generated on first start, stored hashed;
                                   never on a --table on AWS, whose deployment's secret holds it)
  MCP_GATEWAY_ADMIN_KEY_SECRET_ARN the Secrets Manager secret holding the admin key (a deployment's)
  MCP_GATEWAY_MAX_BODY_BYTES       largest request body (default 4194304; on Lambda 2883584 at most)
  MCP_GATEWAY_MAX_MESSAGE_BYTES    largest single upstream message, JSON body or SSE event (default 16777216)
  MCP_GATEWAY_PUBLIC_URL           the gateway's public base URL: tokens of identity providers must be
                                   issued for <url>/mcp/{server} (default: the request's host; required
                                   with a --host other machines reach, and with --trusted-proxies)
  MCP_GATEWAY_ALLOWED_ORIGINS      comma-separated browser origins allowed on /mcp (loopback ones too,
                                   in local mode); chrome-extension://id and null may be listed
  MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS  1 allows upstreams, webhooks and sinks on private addresses (default:
                                   refused; loopback is allowed in local mode)
  MCP_GATEWAY_LOCAL                1 keeps local mode on for a gateway others reach or on a shared store,
                                   0 keeps it off (default: on only for a store of this machine serving this
                                   machine: a loopback --host, no --trusted-proxies and no public URL of
                                   another host)
  MCP_GATEWAY_CONFIG_TTL_MS        how long configuration is cached per process (default 5000)
  MCP_GATEWAY_VAULT_KEY            32-byte key (64 hex digits or base64) sealing at rest the users' upstream
                                   tokens of user-oauth servers (without it those servers refuse calls) and
                                   write-only configuration (without it kept in the clear)
  MCP_GATEWAY_VAULT_PREVIOUS_KEYS  comma-separated keys sealed with before MCP_GATEWAY_VAULT_KEY (a rotation):
                                   they open, never seal; POST /v1/sealing/reseal seals everything anew
  MCP_GATEWAY_VAULT_KMS_KEY        the KMS key wrapping the sealing data keys instead (on AWS)
  MCP_GATEWAY_AUDIT_RETENTION_DAYS      how long audit events are kept (default 90)
  MCP_GATEWAY_ANALYTICS_RETENTION_DAYS  how long analytics rollups are kept (default 90)
  MCP_GATEWAY_ANALYTICS_FLUSH_MS        how often analytics rollups are added to the store (default 10000)
  MCP_GATEWAY_TELEMETRY_INTERVAL_MS     how often spans and metrics go to the telemetry sinks (default 10000)
  MCP_GATEWAY_HEADERS_TIMEOUT_MS   time a client has to send the request headers (default ${defaultTimeouts.headersMs})
  MCP_GATEWAY_REQUEST_TIMEOUT_MS   time a client has to send the whole request, headers and body
                                   (default ${defaultTimeouts.requestMs}); slower clients get 408
  AWS_ENDPOINT_URL_LAMBDA          where "lambda" servers' functions are invoked (the AWS SDK's own setting;
                                   default: AWS Lambda in AWS_REGION)
  MCP_GATEWAY_IDLE_TIMEOUT_MS      how long a client may stall without reading the answer (default
                                   ${defaultTimeouts.idleMs}); a streamed answer waiting on its upstream is never cut
  MCP_GATEWAY_KEEP_ALIVE_TIMEOUT_MS  how long a connection may stay idle between requests (default
                                   ${defaultTimeouts.keepAliveMs}); keep it above a load balancer's idle timeout (ALB: 60 s)
  MCP_GATEWAY_SHUTDOWN_GRACE_MS    on SIGTERM, how long requests in flight may take to finish before their
                                   connections are cut (default ${DEFAULT_SHUTDOWN_GRACE_MS}); keep the delay, it and 13 s
                                   more below your orchestrator's stop timeout (Kubernetes' and ECS's are 30 s)
  MCP_GATEWAY_SHUTDOWN_DELAY_MS    on SIGTERM, how long to go on serving first, /healthz answering 503
                                   (default 0): the time your load balancer takes to stop routing here
`;

/** A bad flag or environment value; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

export type StoreChoice =
  /** The embedded dynalite, in memory or under `dataDir`. */
  | { kind: 'embedded'; dataDir?: string; port: number }
  /** An existing table: on a DynamoDB-compatible endpoint (created there if missing) or on AWS. */
  | { kind: 'table'; tableName: string; endpoint?: string };

/**
 * Whether the store is a table on AWS itself, reached by its default endpoint or an AWS one (a VPC or
 * FIPS endpoint, over plain http too, which DynamoDB also answers): a deployment's, never created from
 * here nor given an admin key. An emulator (DynamoDB Local, LocalStack) is not, over https too.
 */
export const onAws = (choice: StoreChoice): boolean => {
  if (choice.kind !== 'table') return false;
  return choice.endpoint === undefined || isAwsEndpoint(choice.endpoint);
};

export interface CliOptions {
  port: number;
  host: string;
  store: StoreChoice;
  timeouts: ServerTimeouts;
  /** Proxies in front of the gateway that append to X-Forwarded-For (0: none; the peer is the client). */
  trustedProxies: number;
  /** Lambda functions served locally (`--lambda name=module`): name → module path. */
  functions: Record<string, string>;
  /** On shutdown, how long requests in flight may take to finish before their connections are cut. */
  shutdownGraceMs: number;
  /**
   * How long a stop keeps serving before it begins, `/healthz` answering 503 meanwhile: the time a load
   * balancer or Kubernetes takes to stop routing here (0: none).
   */
  shutdownDelayMs: number;
}

function parse(argv: string[]) {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // an empty value is a variable that was not set (`--data-dir "$DIR"`): taken as given, it would mean the
  // current folder, or every interface
  for (const [name, value] of Object.entries(values))
    if (value === '' || (Array.isArray(value) && value.includes('')))
      throw new UsageError(`--${name} needs a value; it was given an empty one`);
  return values;
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'data-dir': { type: 'string', short: 'd' },
      memory: { type: 'boolean' },
      'store-port': { type: 'string' },
      table: { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
      'trusted-proxies': { type: 'string' },
      lambda: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

/** A flag's value, else its environment variable's (empty counts as unset). */
function setting(flag: string | undefined, env: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  return env === '' ? undefined : env;
}

function port(raw: string | undefined, what: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  // digits only (as for durations): `0x1F90`, `1e3` and `-0` are numbers too, but nobody means them
  if (!/^\d+$/.test(raw) || value > 65535)
    throw new UsageError(`invalid ${what} "${raw}": an integer from 0 to 65535`);
  return value;
}

/** The longest time a timer keeps (Node fires a longer one at once). */
export const MAX_TIMER_MS = 2_147_483_647;

function milliseconds(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  least = 1,
  most = MAX_TIMER_MS,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  // digits only: `1e10` and `0x400` are numbers too, but nobody means them as a duration
  if (!/^\d+$/.test(raw) || value < least || value > most)
    throw new UsageError(`invalid ${name} "${raw}": a whole number of milliseconds from ${least} to ${most}`);
  return value;
}

/** The longest shutdown grace: a stop's bound (the grace and what follows it) is a timer too. */
export const MAX_SHUTDOWN_GRACE_MS = MAX_TIMER_MS - 60_000;

function endpointUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `invalid --dynamodb-endpoint "${raw}": an http(s) URL such as http://127.0.0.1:8000`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`invalid --dynamodb-endpoint "${raw}": only http and https URLs are supported`);
  return raw;
}

function store(values: ReturnType<typeof parse>, env: NodeJS.ProcessEnv): StoreChoice {
  // flags win over the environment: an embedded store asked for on the command line is used even where
  // the environment names a table (which only flags of its own may then combine with)
  const embeddedFlag =
    values.memory === true || values['data-dir'] !== undefined || values['store-port'] !== undefined;
  const serviceFlag = values.table !== undefined || values['dynamodb-endpoint'] !== undefined;
  const fromEnv = !embeddedFlag || serviceFlag ? env : {};
  const table = setting(values.table, fromEnv.MCP_GATEWAY_TABLE);
  const endpoint = setting(values['dynamodb-endpoint'], fromEnv.MCP_GATEWAY_DYNAMODB_ENDPOINT);
  // Kubernetes sets <SERVICE>_PORT=tcp://… in every pod of a namespace for each Service in it
  if (values['store-port'] === undefined && /^tcp:\/\//i.test(env.MCP_GATEWAY_STORE_PORT ?? ''))
    throw new UsageError(
      `MCP_GATEWAY_STORE_PORT is "${env.MCP_GATEWAY_STORE_PORT}": Kubernetes' variable for a Service named mcp-gateway-store, not a port; rename the Service, or set enableServiceLinks: false on the pod`,
    );
  const storePort = setting(values['store-port'], env.MCP_GATEWAY_STORE_PORT);
  if (values.memory === true && values['data-dir'] !== undefined)
    throw new UsageError('--memory keeps nothing on disk: it cannot be combined with --data-dir');
  if (table === undefined && endpoint === undefined) {
    const embeddedPort = port(storePort, '--store-port', 0);
    if (values.memory === true) return { kind: 'embedded', port: embeddedPort };
    const dataDir = resolve(setting(values['data-dir'], env.MCP_GATEWAY_DATA_DIR) ?? '.mcp-gateway');
    return { kind: 'embedded', dataDir, port: embeddedPort };
  }
  // in service mode the table is the store: options of the embedded one would be silently ignored
  const embeddedOnly: Array<[string, unknown]> = [
    ['--memory', values.memory],
    ['--data-dir (MCP_GATEWAY_DATA_DIR)', setting(values['data-dir'], env.MCP_GATEWAY_DATA_DIR)],
    ['--store-port (MCP_GATEWAY_STORE_PORT)', storePort],
  ];
  for (const [flag, value] of embeddedOnly) {
    if (value !== undefined)
      throw new UsageError(
        `${flag} applies to the embedded store; it cannot be combined with --table or --dynamodb-endpoint`,
      );
  }
  if (table !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(table))
    throw new UsageError(`invalid --table "${table}": 3 to 255 letters, digits, "_", "-" or "."`);
  return {
    kind: 'table',
    tableName: table ?? defaultTableName,
    ...(endpoint !== undefined ? { endpoint: endpointUrl(endpoint) } : {}),
  };
}

/** The options, or 'help' when usage was asked for (then nothing else is validated). */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  const values = parse(argv);
  if (values.help === true) return 'help';
  const timeouts: ServerTimeouts = {
    headersMs: milliseconds(env, 'MCP_GATEWAY_HEADERS_TIMEOUT_MS', defaultTimeouts.headersMs),
    requestMs: milliseconds(env, 'MCP_GATEWAY_REQUEST_TIMEOUT_MS', defaultTimeouts.requestMs),
    idleMs: milliseconds(env, 'MCP_GATEWAY_IDLE_TIMEOUT_MS', defaultTimeouts.idleMs),
    keepAliveMs: milliseconds(env, 'MCP_GATEWAY_KEEP_ALIVE_TIMEOUT_MS', defaultTimeouts.keepAliveMs),
  };
  // node:http requires it, and a header deadline past the whole request's would never apply
  if (timeouts.headersMs > timeouts.requestMs)
    throw new UsageError(
      `MCP_GATEWAY_HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not exceed MCP_GATEWAY_REQUEST_TIMEOUT_MS (${timeouts.requestMs})`,
    );
  const listenPort = port(setting(values.port, env.PORT), 'port', 8787);
  const storeChoice = store(values, env);
  const host = setting(values.host, env.HOST) ?? '127.0.0.1';
  // the store (on 127.0.0.1) would take the port first, and the gateway fail as if another program held it
  if (
    storeChoice.kind === 'embedded' &&
    storeChoice.port !== 0 &&
    storeChoice.port === listenPort &&
    ['127.0.0.1', 'localhost', '0.0.0.0', '::', ''].includes(host)
  )
    throw new UsageError(`--store-port ${listenPort} is the gateway's own port: give the store another one`);
  return {
    port: listenPort,
    host,
    store: storeChoice,
    timeouts,
    trustedProxies: proxies(setting(values['trusted-proxies'], env.MCP_GATEWAY_TRUSTED_PROXIES)),
    functions: functions(values.lambda ?? []),
    shutdownGraceMs: milliseconds(
      env,
      'MCP_GATEWAY_SHUTDOWN_GRACE_MS',
      DEFAULT_SHUTDOWN_GRACE_MS,
      1,
      MAX_SHUTDOWN_GRACE_MS,
    ),
    shutdownDelayMs: milliseconds(env, 'MCP_GATEWAY_SHUTDOWN_DELAY_MS', 0, 0),
  };
}

function proxies(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 16)
    throw new UsageError(`invalid --trusted-proxies "${raw}": an integer from 0 to 16`);
  return value;
}

function functions(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const match = /^([A-Za-z0-9_-]{1,64})=(.+)$/.exec(flag);
    if (match === null)
      throw new UsageError(`invalid --lambda "${flag}": <function name>=<path to a handler module>`);
    if (Object.hasOwn(out, match[1]!))
      throw new UsageError(`--lambda names the function "${match[1]}" twice`);
    out[match[1]!] = resolve(match[2]!);
  }
  return out;
}
