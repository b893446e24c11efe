/**
 * Trace headers a request carries, as the stages need them whether or not anything is traced: the headers a
 * server's `logging` names (for spans and audit events), and the caller's W3C trace context to pass on.
 * Free of the OpenTelemetry SDK, which is loaded only once a telemetry sink exists.
 */
import type { Server } from '../core/config.js';

/**
 * Headers never copied into spans or audit events, whatever `logging.headers` says: the standard
 * credentials, and the usual headers of API keys and tokens (an authentication webhook may take those).
 */
const NEVER_TRACED = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'x-goog-api-key',
  // a vendor's api key under a name that says nothing of one
  'x-honeycomb-team',
]);

/** Words of a name that say its value is a credential (whole words: `x-auth-request-user` names a user). */
const CREDENTIAL_WORDS = new Set([
  'authorization',
  'token',
  'accesstoken',
  'secret',
  'password',
  'passwd',
  'session',
  'sessionid',
  'signature',
  'assertion',
  'credential',
  'credentials',
  'cookie',
  'apikey',
  'jwt',
  'dpop',
  'bearer',
  'hmac',
  'authentication',
  'passphrase',
  'sig',
]);
/**
 * A `key` is a credential after these words (`x-api-key`, `x-functions-key`, `dd-application-key`,
 * `user_key`), not after others (`idempotency-key`, `x-tenant-key`: a value redacted from answers as a
 * credential would be cut out of their text wherever it appears).
 */
const KEY_KINDS = new Set([
  // `x-key`: the key itself
  'x',
  'api',
  'access',
  'secret',
  'private',
  'client',
  'subscription',
  'master',
  'auth',
  'functions',
  'function',
  'host',
  'application',
  'app',
  'service',
  'account',
  'license',
  'developer',
  'consumer',
  'user',
  'admin',
  'signing',
  'encryption',
  'shared',
  'partner',
]);

/**
 * Whether a header's (or a query parameter's) name says it carries a credential: a proxy's forwarded
 * access token, an OIDC assertion or data, a vault token, a session, a signature, an API key; `auth` as
 * its last word (`X-Auth`, `?auth=`: not `X-Auth-Request-User`, which names a user).
 */
export function credentialName(name: string): boolean {
  const words = name.toLowerCase().split(/[-_.]/);
  if (name.toLowerCase() === 'x-amzn-oidc-data') return true;
  if (words.at(-1) === 'auth') return true;
  return words.some(
    (word, index) =>
      CREDENTIAL_WORDS.has(word) || (word === 'key' && (index === 0 || KEY_KINDS.has(words[index - 1]!))),
  );
}

/** The request headers a server's `logging.headers` names (credentials never), by lower-case name. */
export function tracedHeaders(
  server: Pick<Server, 'logging'>,
  headers: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  let traced: Record<string, string> | undefined;
  for (const header of server.logging?.headers ?? []) {
    const lower = header.toLowerCase();
    const value = headers[lower];
    if (value === undefined || NEVER_TRACED.has(lower) || credentialName(lower)) continue;
    traced ??= {};
    traced[lower] = value;
  }
  return traced;
}

/**
 * The caller's trace headers, to pass on upstream as they came when the gateway traces nothing itself
 * (no sink, or the trace outside every sink's share): the upstream continues the caller's trace. Its
 * W3C baggage goes on too, traced or not.
 */
export function callerTraceHeaders(
  headers: Readonly<Record<string, string>>,
  meta?: unknown,
): Record<string, string> {
  const context = callerTraceContext(headers, meta);
  if (context === undefined) return callerBaggage(headers);
  return {
    traceparent: context.traceparent,
    ...(context.tracestate !== undefined && validTracestate(context.tracestate)
      ? { tracestate: context.tracestate }
      : {}),
    ...callerBaggage(headers),
  };
}

/**
 * The caller's W3C trace context: its `traceparent` header when valid, else the one a 2026-07-28 client
 * puts in the first message's `params._meta` (`meta`), with the `tracestate` beside it. The `traceparent`
 * is the one the gateway passes on: version 00 made of the caller's four fields.
 */
export function callerTraceContext(
  headers: Readonly<Record<string, string | undefined>>,
  meta?: unknown,
): { traceparent: string; tracestate?: string } | undefined {
  const parent = headers['traceparent'];
  const fromHeader = parent === undefined ? undefined : ownTraceparent(parent);
  if (fromHeader !== undefined) {
    const state = headers['tracestate'];
    return { traceparent: fromHeader, ...(state !== undefined ? { tracestate: state } : {}) };
  }
  if (typeof meta !== 'object' || meta === null) return undefined;
  const { traceparent, tracestate } = meta as { traceparent?: unknown; tracestate?: unknown };
  const fromMeta = typeof traceparent === 'string' ? ownTraceparent(traceparent) : undefined;
  if (fromMeta === undefined) return undefined;
  return { traceparent: fromMeta, ...(typeof tracestate === 'string' ? { tracestate } : {}) };
}

/** Version, trace id, parent id, flags; a version after 00 may carry more fields after them. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[\s\S]*)?$/;

/**
 * A valid `traceparent` as the gateway passes it on, else undefined. W3C Trace Context: version `ff` and
 * all-zero trace or parent ids are invalid; a version 00 value has exactly its four fields; a later
 * version's is read by its first four, and whoever passes it on makes a version 00 value of them (so its
 * other fields, whatever they hold, reach no upstream: a character a header may not carry would fail the
 * call as if the upstream did).
 */
function ownTraceparent(value: string): string | undefined {
  const match = TRACEPARENT.exec(value);
  if (
    match === null ||
    match[1] === 'ff' ||
    (match[1] === '00' && match[5] !== undefined) ||
    /^0+$/.test(match[2]!) ||
    /^0+$/.test(match[3]!)
  )
    return undefined;
  if (match[1] === '00') return value;
  // of a later version's flags, the ones version 00 knows (sampled, random); the others are zero there
  const flags = (Number.parseInt(match[4]!, 16) & 0x03).toString(16).padStart(2, '0');
  return `00-${match[2]}-${match[3]}-${flags}`;
}

/** A `tracestate` list member: a (multi-tenant) key and a value of printable ASCII but `,` and `=`. */
const TRACESTATE_MEMBER =
  /^(?:[a-z0-9][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
/** What W3C Trace Context lets a `tracestate` hold: at most 32 members, 512 characters kept. */
function validTracestate(value: string): boolean {
  if (value.length > 512) return false;
  const members = value
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '');
  return members.length <= 32 && members.every((member) => TRACESTATE_MEMBER.test(member));
}

/** The W3C Baggage limit of a header (bytes; what is in it is ASCII). */
const MAX_BAGGAGE = 8192;

/** The caller's `baggage` header, passed on upstream as it came: when well within the W3C limits. */
export function callerBaggage(headers: Readonly<Record<string, string>>): Record<string, string> {
  const baggage = headers['baggage'];
  return baggage !== undefined && baggage.length <= MAX_BAGGAGE && /^[\x20-\x7e]+$/.test(baggage)
    ? { baggage }
    : {};
}
