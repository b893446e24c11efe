/**
 * Stored configuration, decoded and checked where the data plane reads it: an item written by another
 * version, edited by hand or corrupted is refused here (and logged by the caller) instead of being cast
 * and failing somewhere deep in a request.
 */
import type {
  AccessPolicy,
  Budget,
  Guardrail,
  IdentityProvider,
  RateLimit,
  Server,
  StoredOAuthClient,
  Team,
  TelemetrySink,
  Webhook,
  Workspace,
} from '../core/config.js';
import { claimPatternProblem } from '../policies/access/claim-pattern.js';
import type { StoredResource } from '../store/config-items.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
/** A number within [min, max] (an integer when `integer`). */
const numberIn =
  (min: number, max: number, integer = false) =>
  (v: unknown) =>
    typeof v === 'number' && v >= min && v <= max && (integer ? Number.isInteger(v) : Number.isFinite(v));
/** An object whose named fields each pass their check when present. */
const fields =
  (checks: Record<string, (v: unknown) => boolean>) =>
  (v: unknown): boolean =>
    isRecord(v) && Object.entries(checks).every(([name, check]) => optional(v[name], check));
/** An object whose every value passes `check` (maps such as pattern → milliseconds). */
const valuesAll = (check: (v: unknown) => boolean) => (v: unknown) =>
  isRecord(v) && Object.values(v).every(check);
const oneOf =
  (...allowed: unknown[]) =>
  (v: unknown) =>
    allowed.includes(v);
const isBoolean = (v: unknown) => typeof v === 'boolean';

/**
 * The fields of a server that steer its traffic, checked so that a stored value of the wrong shape is
 * refused rather than read as something else (a string of patterns read character by character, `NaN`
 * as a timeout or a price).
 */
const SERVER_TRAFFIC_FIELDS: Record<string, (v: unknown) => boolean> = {
  toolTimeoutsMs: valuesAll(numberIn(1, Number.MAX_SAFE_INTEGER)),
  pricing: fields({ perCall: numberIn(0, 1e6), tools: valuesAll(numberIn(0, 1e6)) }),
  retry: fields({
    attempts: numberIn(0, 5, true),
    backoffMs: numberIn(1, 10_000, true),
    maxBackoffMs: numberIn(1, 60_000, true),
    statuses: (v) => Array.isArray(v) && v.every(numberIn(400, 599, true)),
    idempotentTools: isStringArray,
    budget: numberIn(0, 1),
  }),
  circuitBreaker: fields({
    consecutiveFailures: numberIn(1, 1000, true),
    failureRate: numberIn(Number.MIN_VALUE, 1),
    // 0.1.0 took up to 100,000 (the breaker counts 1,000 at most): such a server still serves
    minimumCalls: numberIn(1, 100_000, true),
    windowSeconds: numberIn(1, 3600, true),
    cooldownSeconds: numberIn(1, 3600, true),
  }),
  healthCheck: fields({ intervalSeconds: numberIn(10, 3600, true), unhealthyAfter: numberIn(1, 10, true) }),
  logging: fields({ payloads: oneOf('off', 'metadata', 'full'), headers: isStringArray }),
  toolPinning: oneOf('off', 'log', 'quarantine'),
};

const authenticationOk = (v: unknown) =>
  isRecord(v) &&
  optional(
    v.methods,
    (m) => isStringArray(m) && m.every((x) => ['api-key', 'jwt', 'webhook', 'oauth'].includes(x)),
  ) &&
  optional(v.identityProviders, isStringArray);

const TRANSPORTS = new Set(['streamable-http', 'stateless-http', 'sse', 'openapi', 'lambda', 'virtual']);

/** Why a stored server cannot be used, or undefined when it can. */
function serverProblem(r: StoredResource): string | undefined {
  if (typeof r.name !== 'string' || r.name === '') return 'name';
  if (!optional(r.url, (v) => typeof v === 'string' && URL.canParse(v))) return 'url';
  if (!optional(r.workspace, (v) => typeof v === 'string')) return 'workspace';
  if (!optional(r.transport, (v) => typeof v === 'string' && TRANSPORTS.has(v))) return 'transport';
  // what a server is reached at: its URL, targets, function or members, as its transport needs
  const reach: Record<string, boolean> = {
    lambda: typeof r.function === 'string' && r.function !== '',
    virtual:
      Array.isArray(r.members) &&
      r.members.every(
        (m) =>
          isRecord(m) &&
          typeof m.server === 'string' &&
          optional(m.prefix, (p) => typeof p === 'string') &&
          optional(m.rename, (n) => isRecord(n) && Object.values(n).every((s) => typeof s === 'string')),
      ),
  };
  const transport = typeof r.transport === 'string' ? r.transport : 'streamable-http';
  if (!(reach[transport] ?? (r.url !== undefined || Array.isArray(r.targets) || isRecord(r.openapi))))
    return transport === 'lambda' ? 'function' : transport === 'virtual' ? 'members' : 'url';
  if (!optional(r.openapi, isRecord)) return 'openapi';
  if (!optional(r.enabled, (v) => typeof v === 'boolean')) return 'enabled';
  if (!optional(r.disabledAt, (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v))))
    return 'disabledAt';
  if (!optional(r.enabledAt, (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v))))
    return 'enabledAt';
  if (!optional(r.trustAnnotations, (v) => typeof v === 'boolean')) return 'trustAnnotations';
  if (!optional(r.timeoutMs, (v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) return 'timeoutMs';
  if (!optional(r.headers, (v) => isRecord(v) && Object.values(v).every((h) => typeof h === 'string')))
    return 'headers';
  if (!optional(r.authnWebhook, (v) => typeof v === 'string')) return 'authnWebhook';
  if (!optional(r.authzWebhook, (v) => typeof v === 'string')) return 'authzWebhook';
  if (!optional(r.authentication, authenticationOk)) return 'authentication';
  if (!optional(r.scopes, isStringArray)) return 'scopes';
  if (
    !optional(
      r.identity,
      (v) =>
        isRecord(v) &&
        optional(v.forwardJwt, (h) => typeof h === 'string' && h !== '') &&
        optional(v.headers, (h) => isRecord(h) && Object.values(h).every((f) => typeof f === 'string')),
    )
  )
    return 'identity';
  if (
    !optional(
      r.credentials,
      (v) =>
        isRecord(v) &&
        (v.kind === 'client-credentials' || v.kind === 'token-exchange' || v.kind === 'user-oauth') &&
        optional(v.tokenUrl, (u) => typeof u === 'string' && URL.canParse(u)) &&
        optional(v.authorizationServer, (u) => typeof u === 'string' && URL.canParse(u)) &&
        optional(v.clientId, (c) => typeof c === 'string') &&
        optional(v.clientSecret, (c) => typeof c === 'string') &&
        optional(v.scopes, isStringArray) &&
        optional(v.stepUpScopes, isStringArray) &&
        optional(v.header, (h) => typeof h === 'string' && h !== ''),
    )
  )
    return 'credentials';
  if (
    !optional(
      r.targets,
      (v) =>
        Array.isArray(v) &&
        v.length > 0 &&
        v.every(
          (t) =>
            isRecord(t) &&
            typeof t.url === 'string' &&
            URL.canParse(t.url) &&
            optional(t.weight, numberIn(0, 1000, true)) &&
            optional(t.priority, numberIn(0, 100, true)),
        ),
    )
  )
    return 'targets';
  if (!optional(r.fallbacks, isStringArray)) return 'fallbacks';
  const tools = r.tools;
  if (
    !optional(
      tools,
      (v) =>
        isRecord(v) &&
        optional(v.allow, isStringArray) &&
        optional(v.deny, isStringArray) &&
        optional(v.readOnly, (b) => typeof b === 'boolean'),
    )
  )
    return 'tools';
  for (const [name, check] of Object.entries(SERVER_TRAFFIC_FIELDS))
    if (!optional(r[name], check)) return name;
  return undefined;
}

export class CorruptConfigError extends Error {
  constructor(
    type: string,
    id: string,
    /** The field that made it unusable, as a path of `/`-joined steps. */
    readonly field: string,
    why = `has an invalid "${field}"`,
  ) {
    super(`The stored ${type} ${id} ${why}; it is not served.`);
    this.name = 'CorruptConfigError';
  }
}

/** A stored server as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeServer(resource: StoredResource): Server {
  const problem = serverProblem(resource);
  if (problem !== undefined) throw new CorruptConfigError('server', resource.id, problem);
  return resource as unknown as Server;
}

const ALGORITHMS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);

function identityProviderProblem(r: StoredResource): string | undefined {
  if (typeof r.name !== 'string' || r.name === '') return 'name';
  if (typeof r.workspace !== 'string') return 'workspace';
  if (typeof r.issuer !== 'string' || !URL.canParse(r.issuer)) return 'issuer';
  if (!optional(r.jwksUri, (v) => typeof v === 'string' && URL.canParse(v))) return 'jwksUri';
  if (!optional(r.enabled, (v) => typeof v === 'boolean')) return 'enabled';
  if (!optional(r.audiences, isStringArray)) return 'audiences';
  if (!optional(r.algorithms, (v) => isStringArray(v) && v.every((a) => ALGORITHMS.has(a))))
    return 'algorithms';
  if (!optional(r.clockSkewSeconds, (v) => typeof v === 'number' && v >= 0 && v <= 300))
    return 'clockSkewSeconds';
  if (!optional(r.requiredClaims, isStringArray)) return 'requiredClaims';
  if (
    !optional(
      r.claims,
      (v) => isRecord(v) && Object.values(v).every((claim) => typeof claim === 'string' && claim !== ''),
    )
  )
    return 'claims';
  if (
    !optional(
      r.roles,
      (v) =>
        isRecord(v) &&
        optional(v.claim, (c) => typeof c === 'string' && c !== '') &&
        optional(v.admin, isStringArray) &&
        optional(v.workspaceAdmin, isStringArray) &&
        optional(v.viewer, isStringArray) &&
        optional(v.audiences, isStringArray),
    )
  )
    return 'roles';
  if (
    !optional(
      r.login,
      (v) =>
        isRecord(v) &&
        typeof v.clientId === 'string' &&
        v.clientId !== '' &&
        optional(v.clientSecret, (secret) => typeof secret === 'string' && secret !== '') &&
        optional(
          v.tokenEndpointAuthMethod,
          (m) => m === 'client_secret_basic' || m === 'client_secret_post',
        ) &&
        optional(v.scopes, isStringArray) &&
        optional(v.vaultLinkSignIn, (flag) => typeof flag === 'boolean') &&
        optional(v.grantLifetimeSeconds, (n) => Number.isInteger(n) && (n as number) >= 300),
    )
  )
    return 'login';
  return undefined;
}

/** A stored identity provider as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeIdentityProvider(resource: StoredResource): IdentityProvider {
  const problem = identityProviderProblem(resource);
  if (problem !== undefined) throw new CorruptConfigError('identity provider', resource.id, problem);
  return resource as unknown as IdentityProvider;
}

/** A stored workspace as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeWorkspace(r: StoredResource): Workspace {
  const problem =
    typeof r.name !== 'string' || r.name === ''
      ? 'name'
      : !optional(r.authnWebhook, (v) => typeof v === 'string')
        ? 'authnWebhook'
        : !optional(r.authzWebhook, (v) => typeof v === 'string')
          ? 'authzWebhook'
          : !optional(r.defaultAccess, (v) => v === 'allow' || v === 'deny')
            ? 'defaultAccess'
            : !optional(r.authentication, authenticationOk)
              ? 'authentication'
              : undefined;
  if (problem !== undefined) throw new CorruptConfigError('workspace', r.id, problem);
  return r as unknown as Workspace;
}

function webhookProblem(r: StoredResource): string | undefined {
  if (typeof r.name !== 'string' || r.name === '') return 'name';
  if (typeof r.workspace !== 'string') return 'workspace';
  if (typeof r.url !== 'string' || !URL.canParse(r.url)) return 'url';
  if (typeof r.secret !== 'string' || r.secret.length < 32) return 'secret';
  if (!optional(r.timeoutMs, (v) => typeof v === 'number' && v >= 100 && v <= 30_000)) return 'timeoutMs';
  if (!optional(r.failMode, (v) => v === 'open' || v === 'closed')) return 'failMode';
  if (!optional(r.cacheSeconds, (v) => typeof v === 'number' && v >= 0 && v <= 3600)) return 'cacheSeconds';
  if (!optional(r.headers, isStringArray)) return 'headers';
  if (!optional(r.sendArguments, (v) => typeof v === 'boolean')) return 'sendArguments';
  return undefined;
}

/** A stored webhook as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeWebhook(r: StoredResource): Webhook {
  const problem = webhookProblem(r);
  if (problem !== undefined) throw new CorruptConfigError('webhook', r.id, problem);
  return r as unknown as Webhook;
}

/** A stored OAuth client (and its secret's hash); throws CorruptConfigError for an unusable item. */
export function decodeOAuthClient(r: StoredResource, secretHash: unknown): StoredOAuthClient {
  const methods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];
  const problem =
    typeof r.name !== 'string' || r.name === ''
      ? 'name'
      : typeof r.workspace !== 'string'
        ? 'workspace'
        : !optional(r.tokenEndpointAuthMethod, (v) => typeof v === 'string' && methods.includes(v))
          ? 'tokenEndpointAuthMethod'
          : !optional(r.jwksUri, (v) => typeof v === 'string' && URL.canParse(v))
            ? 'jwksUri'
            : !optional(r.accessTokenTtlSeconds, (v) => typeof v === 'number' && v >= 60 && v <= 3600)
              ? 'accessTokenTtlSeconds'
              : !optional(r.scopes, isStringArray)
                ? 'scopes'
                : !optional(r.redirectUris, isStringArray)
                  ? 'redirectUris'
                  : !optional(r.enabled, isBoolean)
                    ? 'enabled'
                    : !optional(r.subject, (v) => typeof v === 'string' && v !== '')
                      ? 'subject'
                      : undefined;
  if (problem !== undefined) throw new CorruptConfigError('oauth client', r.id, problem);
  return {
    ...(r as unknown as StoredOAuthClient),
    ...(typeof secretHash === 'string' ? { secretHash } : {}),
  };
}

const CLAIM_OPS = ['equals', 'notEquals', 'in', 'notIn', 'contains', 'matches', 'exists'];

/** A rule of no workspace (written by hand, say) is the default workspace's, as the management API reads it. */
const inWorkspace = (r: StoredResource): StoredResource =>
  r.workspace === undefined ? { ...r, workspace: 'default' } : r;

/**
 * An empty list of an allow: the rules read an empty list as no restriction, so such an allow (stored
 * before the API refused them) would let every principal or tool through. A deny's is as broad as it reads.
 */
const emptyAllowList = (r: StoredResource, list: unknown) =>
  r.effect === 'allow' && Array.isArray(list) && list.length === 0;

function accessPolicyProblem(r: StoredResource): string | undefined {
  if (typeof r.name !== 'string' || r.name === '') return 'name';
  if (!optional(r.workspace, (v) => typeof v === 'string')) return 'workspace';
  if (r.effect !== 'allow' && r.effect !== 'deny') return 'effect';
  if (!optional(r.priority, (v) => typeof v === 'number' && Number.isFinite(v))) return 'priority';
  if (!optional(r.enabled, (v) => typeof v === 'boolean')) return 'enabled';
  for (const list of ['servers', 'tools', 'prompts', 'resources', 'methods'] as const)
    if (!optional(r[list], isStringArray) || emptyAllowList(r, r[list])) return list;
  const subjects = r.subjects;
  if (isRecord(subjects) && ['users', 'teams', 'claims'].some((list) => emptyAllowList(r, subjects[list])))
    return 'subjects';
  if (
    !optional(
      subjects,
      (v) =>
        isRecord(v) &&
        optional(v.users, isStringArray) &&
        optional(v.teams, isStringArray) &&
        optional(
          v.claims,
          (c) =>
            Array.isArray(c) &&
            c.every(
              (x) =>
                isRecord(x) &&
                typeof x.claim === 'string' &&
                typeof x.op === 'string' &&
                CLAIM_OPS.includes(x.op) &&
                optional(x.values, isStringArray) &&
                (x.op !== 'matches' ||
                  ((x.values as string[] | undefined) ?? []).every(
                    (p) => claimPatternProblem(p) === undefined,
                  )),
            ),
        ),
    )
  )
    return 'subjects';
  // the condition's CEL is checked by the reader (`readAccess`), which loads the library only for it
  if (!optional(r.condition, (v) => typeof v === 'string')) return 'condition';
  return undefined;
}

/** A stored access policy as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeAccessPolicy(r: StoredResource): AccessPolicy {
  const problem = accessPolicyProblem(r);
  if (problem !== undefined) throw new CorruptConfigError('access policy', r.id, problem);
  return inWorkspace(r) as unknown as AccessPolicy;
}

/** A stored team as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeTeam(r: StoredResource): Team {
  const problem =
    typeof r.name !== 'string' || r.name === ''
      ? 'name'
      : !optional(r.workspace, (v) => typeof v === 'string')
        ? 'workspace'
        : !optional(r.members, isStringArray)
          ? 'members'
          : !optional(r.claim, (v) => typeof v === 'string')
            ? 'claim'
            : !optional(r.values, isStringArray) ||
                // a claim with no values makes no one a member: a deny naming the team would deny no one
                (r.claim !== undefined && ((r.values as string[] | undefined) ?? []).length === 0)
              ? 'values'
              : undefined;
  if (problem !== undefined) throw new CorruptConfigError('team', r.id, problem);
  return inWorkspace(r) as unknown as Team;
}

const PER = ['user', 'team', 'workspace', 'server', 'tool'];
const scopedProblem = (r: StoredResource): string | undefined => {
  if (typeof r.name !== 'string' || r.name === '') return 'name';
  if (!optional(r.workspace, (v) => typeof v === 'string')) return 'workspace';
  if (!optional(r.enabled, (v) => typeof v === 'boolean')) return 'enabled';
  if (!optional(r.servers, isStringArray)) return 'servers';
  if (!optional(r.tools, isStringArray)) return 'tools';
  if (!optional(r.per, (v) => isStringArray(v) && v.every((p) => PER.includes(p)))) return 'per';
  return undefined;
};

/** A stored rate limit as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeRateLimit(r: StoredResource): RateLimit {
  const problem =
    scopedProblem(r) ??
    (typeof r.limit !== 'number' || !Number.isInteger(r.limit) || r.limit < 1
      ? 'limit'
      : !['second', 'minute', 'hour', 'day'].includes(String(r.window))
        ? 'window'
        : !optional(r.algorithm, (v) => v === 'sliding-window' || v === 'token-bucket')
          ? 'algorithm'
          : undefined);
  if (problem !== undefined) throw new CorruptConfigError('rate limit', r.id, problem);
  return inWorkspace(r) as unknown as RateLimit;
}

/** A stored budget as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeBudget(r: StoredResource): Budget {
  const problem =
    scopedProblem(r) ??
    (typeof r.amount !== 'number' || !(r.amount > 0)
      ? 'amount'
      : r.period !== 'day' && r.period !== 'month'
        ? 'period'
        : !optional(r.alertAt, (v) => Array.isArray(v) && v.every((a) => typeof a === 'number'))
          ? 'alertAt'
          : !optional(r.action, (v) => v === 'alert' || v === 'block')
            ? 'action'
            : undefined);
  if (problem !== undefined) throw new CorruptConfigError('budget', r.id, problem);
  return inWorkspace(r) as unknown as Budget;
}

/** A stored guardrail as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeGuardrail(r: StoredResource): Guardrail {
  const strings = (v: unknown) => isStringArray(v);
  const problem =
    scopedProblem(r) ??
    (!optional(r.direction, (v) => v === 'input' || v === 'output' || v === 'both')
      ? 'direction'
      : !optional(r.detectors, strings)
        ? 'detectors'
        : !optional(r.patterns, strings)
          ? 'patterns'
          : !optional(r.keywords, strings)
            ? 'keywords'
            : !optional(r.maxBytes, (v) => typeof v === 'number' && v > 0)
              ? 'maxBytes'
              : !optional(r.action, (v) => v === 'block' || v === 'redact' || v === 'log')
                ? 'action'
                : !optional(r.webhook, (v) => typeof v === 'string')
                  ? 'webhook'
                  : undefined);
  if (problem !== undefined) throw new CorruptConfigError('guardrail', r.id, problem);
  return inWorkspace(r) as unknown as Guardrail;
}

/** A stored telemetry sink as the data plane uses it; throws CorruptConfigError for an unusable item. */
export function decodeTelemetrySink(r: StoredResource): TelemetrySink {
  const problem =
    typeof r.endpoint !== 'string' || !URL.canParse(r.endpoint)
      ? 'endpoint'
      : !optional(r.enabled, isBoolean)
        ? 'enabled'
        : !optional(r.protocol, (v) => v === 'http/protobuf' || v === 'http/json')
          ? 'protocol'
          : !optional(r.sampling, (v) => typeof v === 'number' && v >= 0 && v <= 1)
            ? 'sampling'
            : !optional(r.signals, isStringArray)
              ? 'signals'
              : !optional(
                    r.headers,
                    (v) => isRecord(v) && Object.values(v).every((h) => typeof h === 'string'),
                  )
                ? 'headers'
                : undefined;
  if (problem !== undefined) throw new CorruptConfigError('telemetry sink', r.id, problem);
  return r as unknown as TelemetrySink;
}

/**
 * The fields of a stored api key its principal is made of; throws CorruptConfigError for a key whose
 * `enabled` or `servers` is of another shape (read as "not false" or "no restriction", it would widen
 * what the key may do).
 */
export function decodeApiKey(r: StoredResource): { user: string; workspace: string; servers?: string[] } {
  const problem =
    typeof r.user !== 'string' || r.user === ''
      ? 'user'
      : typeof r.workspace !== 'string'
        ? 'workspace'
        : !optional(r.enabled, isBoolean)
          ? 'enabled'
          : !optional(r.servers, isStringArray)
            ? 'servers'
            : !optional(r.expiresAt, (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)))
              ? 'expiresAt'
              : undefined;
  if (problem !== undefined) throw new CorruptConfigError('api key', r.id, problem);
  return r as unknown as { user: string; workspace: string; servers?: string[] };
}
