/**
 * The runtime's settings as its environment gives them, validated: read by every handler at cold start,
 * by the local runner, and by the constructs at synth (a value the functions would refuse fails there).
 * Pure: no AWS client, no I/O.
 */
import { GatewayError } from '../core/errors.js';
import { parseSealingKey } from '../vault/sealer.js';

/** Settings every handler reads from its environment, validated once at cold start. */
export interface RuntimeSettings {
  tableName: string;
  /** A DynamoDB-compatible endpoint (the embedded store in local mode); AWS's own when unset. */
  dynamodbEndpoint?: string;
  /** Local mode: loopback upstreams and browser origins are allowed. */
  local: boolean;
  /** Loopback ports outbound calls never reach (the local runner's store): see `UrlGuardOptions`. */
  reservedPorts?: readonly number[];
  allowPrivateUpstreams: boolean;
  allowedOrigins: string[];
  maxBodyBytes: number;
  /** Largest single message an upstream may send (a JSON body or one SSE event). */
  maxMessageBytes: number;
  configTtlMs: number;
  /** How long audit events are kept (days). */
  auditRetentionDays: number;
  /** How often telemetry is exported to the sinks (ms). */
  telemetryIntervalMs: number;
  /** How long analytics rollups are kept (days). */
  analyticsRetentionDays: number;
  /** How often analytics rollups are added to the store (ms). */
  analyticsFlushMs: number;
  /** The gateway's public base URL (resource URIs of its servers); the request's host when unset. */
  publicUrl?: string;
  adminKey?: string;
  adminKeySecretArn?: string;
  /** The token vault's own key (32 bytes), locally. */
  vaultKey?: Buffer;
  /** Keys sealed with before `vaultKey` (a rotation under way): they open, never seal. */
  vaultPreviousKeys?: Buffer[];
  /** The KMS key that wraps the token vault's data keys, on AWS. */
  vaultKmsKeyId?: string;
  /** How often the health checker's schedule runs it (seconds), when its rate says. */
  healthEverySeconds?: number;
}

/** The largest setting: what a timer keeps (Node fires a longer one at once), and more than any size here. */
const MAX_SETTING = 2_147_483_647;

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max = MAX_SETTING,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  // digits only: `1e10` and `0x400` are numbers too, but nobody means them so
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new GatewayError('internal', `${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

/**
 * The largest body a request may have behind API Gateway: Lambda takes events of 6 MB, the request's
 * headers and the event's own fields included, and the body travels in it as a JSON string (each `"` and
 * `\` of it escaped, two bytes: a body of quotes takes twice its size): a larger limit would be refused
 * by the platform, not by the gateway's own 413.
 */
const LAMBDA_MAX_BODY_BYTES = 2816 * 1024;

/**
 * A body limit as a Lambda function can keep it: a larger one (set when the bound was higher) is lowered
 * to the bound, and said so, rather than stopping every invocation of a running deployment.
 */
let bodyLimitSaid = false;
function lambdaBodyLimit(asked: number): number {
  if (asked <= LAMBDA_MAX_BODY_BYTES) return asked;
  // once a process (the health function reads its settings at each run)
  if (bodyLimitSaid) return LAMBDA_MAX_BODY_BYTES;
  bodyLimitSaid = true;
  console.error(
    `mcp-gateway: MCP_GATEWAY_MAX_BODY_BYTES=${asked} is more than a Lambda event holds with the body escaped in it; ${LAMBDA_MAX_BODY_BYTES} is used.`,
  );
  return LAMBDA_MAX_BODY_BYTES;
}

/** A switch: `1`/`true` on, `0`/`false`/empty/unset off; anything else (`yes`, `on`) is refused, not taken for off. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '1' || raw === 'true') return true;
  if (raw === '' || raw === '0' || raw === 'false') return false;
  throw new GatewayError('internal', `${name} must be 1 or true (on), 0 or false (off), got "${env[name]}".`);
}

/** Browser origins as an `Origin` header names them (`scheme://host[:port]`, no path, no `*`). */
/**
 * An origin as a browser sends it: a web page's, `null` (a sandboxed frame, a `file:` page), or a browser
 * extension's (`chrome-extension://id`, `moz-extension://uuid`), to which URL gives no origin of its own.
 */
const browserOrigin = (text: string): boolean => {
  if (text === 'null') return true;
  if (!URL.canParse(text)) return false;
  const { origin } = new URL(text);
  return origin === text || (origin === 'null' && /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+$/.test(text));
};

function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const listed = (env[name] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of listed)
    if (!browserOrigin(origin))
      throw new GatewayError(
        'internal',
        `${name} lists origins as browsers send them (https://app.example.com, chrome-extension://id or null; no path, no trailing slash, no wildcard), got "${origin}".`,
      );
  return listed;
}

/**
 * The settings of the environment. `strict`: what a running function would lower with a word in its log
 * is refused (a construct checking the environment it deploys).
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env, strict = false): RuntimeSettings {
  const tableName = env.MCP_GATEWAY_TABLE;
  if (tableName === undefined || tableName === '')
    throw new GatewayError('internal', 'MCP_GATEWAY_TABLE is not set.');
  const settings: RuntimeSettings = {
    tableName,
    local: flag(env, 'MCP_GATEWAY_LOCAL'),
    allowPrivateUpstreams: flag(env, 'MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS'),
    allowedOrigins: origins(env, 'MCP_GATEWAY_ALLOWED_ORIGINS'),
    // behind API Gateway (a Lambda function: AWS sets its name) no more than an event holds
    maxBodyBytes:
      env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined
        ? lambdaBodyLimit(
            integer(
              env,
              'MCP_GATEWAY_MAX_BODY_BYTES',
              LAMBDA_MAX_BODY_BYTES,
              1024,
              strict ? LAMBDA_MAX_BODY_BYTES : MAX_SETTING,
            ),
          )
        : integer(env, 'MCP_GATEWAY_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, MAX_SETTING),
    maxMessageBytes: integer(env, 'MCP_GATEWAY_MAX_MESSAGE_BYTES', 16 * 1024 * 1024, 1024),
    configTtlMs: integer(env, 'MCP_GATEWAY_CONFIG_TTL_MS', 5000, 0),
    auditRetentionDays: integer(env, 'MCP_GATEWAY_AUDIT_RETENTION_DAYS', 90, 1),
    telemetryIntervalMs: integer(env, 'MCP_GATEWAY_TELEMETRY_INTERVAL_MS', 10_000, 100),
    analyticsRetentionDays: integer(env, 'MCP_GATEWAY_ANALYTICS_RETENTION_DAYS', 90, 1),
    analyticsFlushMs: integer(env, 'MCP_GATEWAY_ANALYTICS_FLUSH_MS', 10_000, 100),
  };
  if (env.MCP_GATEWAY_DYNAMODB_ENDPOINT) settings.dynamodbEndpoint = env.MCP_GATEWAY_DYNAMODB_ENDPOINT;
  if (env.MCP_GATEWAY_HEALTH_EVERY_SECONDS)
    settings.healthEverySeconds = integer(env, 'MCP_GATEWAY_HEALTH_EVERY_SECONDS', 60, 1);
  if (env.MCP_GATEWAY_PUBLIC_URL) {
    if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/i.test(env.MCP_GATEWAY_PUBLIC_URL))
      throw new GatewayError(
        'internal',
        `MCP_GATEWAY_PUBLIC_URL must be an http(s) URL, got "${env.MCP_GATEWAY_PUBLIC_URL}".`,
      );
    settings.publicUrl = env.MCP_GATEWAY_PUBLIC_URL;
  }
  if (env.MCP_GATEWAY_VAULT_KEY) {
    const key = parseSealingKey(env.MCP_GATEWAY_VAULT_KEY);
    if (key === undefined)
      throw new GatewayError('internal', 'MCP_GATEWAY_VAULT_KEY must be 32 bytes: 64 hex digits or base64.');
    settings.vaultKey = key;
  }
  if (env.MCP_GATEWAY_VAULT_PREVIOUS_KEYS) {
    if (settings.vaultKey === undefined)
      throw new GatewayError(
        'internal',
        'MCP_GATEWAY_VAULT_PREVIOUS_KEYS needs MCP_GATEWAY_VAULT_KEY: the key that seals now.',
      );
    const keys = env.MCP_GATEWAY_VAULT_PREVIOUS_KEYS.split(',').map((text) => parseSealingKey(text.trim()));
    if (keys.some((key) => key === undefined))
      throw new GatewayError(
        'internal',
        'MCP_GATEWAY_VAULT_PREVIOUS_KEYS must be comma-separated 32-byte keys: 64 hex digits or base64 each.',
      );
    settings.vaultPreviousKeys = keys as Buffer[];
  }
  if (env.MCP_GATEWAY_VAULT_KMS_KEY) settings.vaultKmsKeyId = env.MCP_GATEWAY_VAULT_KMS_KEY;
  if (env.MCP_GATEWAY_ADMIN_KEY) settings.adminKey = env.MCP_GATEWAY_ADMIN_KEY;
  if (env.MCP_GATEWAY_ADMIN_KEY_SECRET_ARN) settings.adminKeySecretArn = env.MCP_GATEWAY_ADMIN_KEY_SECRET_ARN;
  return settings;
}
