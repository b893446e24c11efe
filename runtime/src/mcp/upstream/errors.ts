import { GatewayError } from '../../core/errors.js';
import { OutboundTimeout } from '../../core/http-client.js';

/**
 * The upstream did not take the request, so it never ran: refused at the HTTP level (a 3xx or 4xx without
 * an MCP answer: no endpoint, too many requests, credentials it does not take), or the session it was to
 * go to could not be opened first.
 */
export class UpstreamRefused extends GatewayError {
  constructor(
    message: string,
    /** An earlier try of the same call (retried) may have run it: this refusal does not undo that. */
    public ranBefore = false,
  ) {
    super('upstream_error', message);
  }
}

/**
 * The upstream failed the request (an HTTP 5xx, a Lambda function's error): it counts against the target
 * (its circuit breaker), and a target that failed an `initialize` this way is safe to fail over from.
 */
export class UpstreamServerError extends GatewayError {
  constructor(message: string) {
    super('upstream_error', message);
  }
}

/**
 * The upstream refused the credentials the gateway sent (HTTP 401 or 403): it is there, and wants other
 * ones (a caller's own identity, a renewed token, more scopes).
 */
export class UpstreamRefusedCredentials extends UpstreamRefused {
  /** HTTP 401: the credential itself is no good there (revoked, expired); a 403 wants more, not another. */
  readonly revoked: boolean;

  /**
   * HTTP 403 whose Bearer challenge says `insufficient_scope` with the `scope` the request needs (MCP
   * step-up authorization): the scopes to ask the user's consent for.
   */
  readonly scopesWanted: string[] | undefined;

  constructor(
    /** The server the credential was sent to (a fallback's own, when a fallback answered). */
    readonly server: string,
    status: number,
    ranBefore = false,
    /** The upstream's `WWW-Authenticate`. */
    challenge?: string,
  ) {
    super(`Upstream server "${server}" refused the gateway's credentials (HTTP ${status}).`, ranBefore);
    this.revoked = status === 401;
    this.scopesWanted = status === 403 && challenge !== undefined ? insufficientScope(challenge) : undefined;
  }
}

/** The most scopes, and the longest, a challenge may ask for: an upstream's header sizes no consent page. */
const MAX_SCOPES = 32;
const MAX_SCOPE_CHARS = 256;
/** RFC 6749 §3.3 scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** One auth-param of a challenge (RFC 9110 §11.2): a name, `=`, a token or a quoted string. */
const AUTH_PARAM = /([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+)/y;

/**
 * The scopes a `WWW-Authenticate` value's Bearer challenge says are needed (RFC 6750 §3: `error` is
 * `insufficient_scope`, `scope` names them), or undefined when it says nothing of the kind, or says too
 * much to be asked of a person. Other schemes' challenges in the same value are passed over.
 */
export function insufficientScope(header: string): string[] | undefined {
  const bearer = /(?:^|,)\s*Bearer(?:\s+|$)/i.exec(header);
  if (bearer === null) return undefined;
  const params = new Map<string, string>();
  let at = bearer.index + bearer[0].length;
  for (;;) {
    AUTH_PARAM.lastIndex = at;
    const found = AUTH_PARAM.exec(header);
    if (found === null) break;
    const [, name, raw] = found as unknown as [string, string, string];
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value);
    at = AUTH_PARAM.lastIndex;
    // (empty list elements are allowed, RFC 9110 section 5.6.1)
    const comma = /^\s*(?:,\s*)+/.exec(header.slice(at));
    if (comma === null) break;
    at += comma[0].length;
  }
  if (params.get('error') !== 'insufficient_scope') return undefined;
  const scopes = [...new Set((params.get('scope') ?? '').split(' ').filter((s) => s !== ''))];
  if (
    scopes.length === 0 ||
    scopes.length > MAX_SCOPES ||
    scopes.some((s) => s.length > MAX_SCOPE_CHARS || !SCOPE_TOKEN.test(s))
  )
    return undefined;
  return scopes;
}

/**
 * The upstream could not be reached, or its connection failed. `mayHaveRun` tells a failure while the
 * request was out (a reset, a socket closed mid-answer: the upstream may have run it) from one before it
 * was sent (no connection, no name, no TLS handshake).
 */
export class UpstreamUnreachable extends GatewayError {
  constructor(
    message: string,
    readonly mayHaveRun: boolean,
    cause: unknown,
  ) {
    super('upstream_unavailable', message, { cause });
  }
}

/** Socket errors raised before a request leaves: connecting, resolving, the TLS handshake. */
const BEFORE_SENDING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'EHOSTDOWN',
  // the connection refused by this machine's own rules (a firewall, a sandbox)
  'EACCES',
  'EPERM',
  // the TLS handshake failed
  'EPROTO',
  'UND_ERR_CONNECT_TIMEOUT',
  // the request never left: the client was closed, or a header could not be written
  'UND_ERR_CLOSED',
  'UND_ERR_INVALID_ARG',
]);
/** Codes of an answer that came but could not be read as HTTP (llhttp's `HPE_*`, undici's checks). */
const MALFORMED_ANSWER =
  /^(HPE_|UND_ERR_HEADERS_OVERFLOW$|UND_ERR_RES_CONTENT_LENGTH_MISMATCH$|UND_ERR_INFO$)/;
const neverSent = (code: string | undefined) =>
  code !== undefined && (BEFORE_SENDING.has(code) || /CERT|TLS|SSL/.test(code));

/** Maps a failed fetch to a typed error that names the server, never a stack trace. */
export function upstreamFailure(name: string, error: unknown, timedOut: boolean): GatewayError {
  if (error instanceof GatewayError) return error;
  if (timedOut) {
    const limit =
      error instanceof OutboundTimeout ? ` within its timeout of ${error.timeoutMs} ms` : ' in time';
    return new GatewayError('upstream_timeout', `Upstream server "${name}" did not answer${limit}.`);
  }
  // undici's dispatcher rejects with the socket error itself; fetch wraps it in `cause`
  const failed = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code =
    typeof failed?.code === 'string' && !failed.code.startsWith('UND_ERR_ABORTED')
      ? failed.code
      : failed?.cause?.code;
  const cause = typeof code === 'string' ? code : undefined;
  const reason = cause !== undefined ? ` (${cause})` : '';
  // it answered, but not in HTTP the gateway takes: an operator looks at the upstream, not the network
  if (cause !== undefined && MALFORMED_ANSWER.test(cause))
    return new UpstreamUnreachable(
      `Upstream server "${name}" answered with a malformed HTTP response${cause === 'UND_ERR_HEADERS_OVERFLOW' ? ', its headers too large' : ''}${reason}.`,
      true,
      error,
    );
  // a connection that failed once the request was out: the call may have run there, which the client
  // must be able to tell from an upstream that was never reached
  if (cause !== undefined && !neverSent(cause))
    return new UpstreamUnreachable(
      `Upstream server "${name}" dropped the connection before it answered; the call may have run there${reason}.`,
      true,
      error,
    );
  return new UpstreamUnreachable(
    `Upstream server "${name}" is unreachable${reason}.`,
    !neverSent(cause),
    error,
  );
}

export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  /** Releases the timer and the listener once the call is over; call it exactly when the call ends. */
  end(): void;
}

/**
 * An abort signal that fires on the client's signal or after the server's timeout, and tells which.
 * One controller and one timer per call, released by `end()` — cheaper on the hot path than
 * `AbortSignal.any` with `AbortSignal.timeout`, whose timers and links live until the timeout.
 */
export function deadline(signal: AbortSignal, timeoutMs: number, server: string): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(
      new GatewayError(
        'upstream_timeout',
        `Upstream server "${server}" did not answer within its timeout of ${timeoutMs} ms.`,
      ),
    );
  }, timeoutMs);
  timer.unref();
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    end() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * An upstream that answered `initialize` with a 5xx (a balancer in front of an app that is down, say): it
 * opened nothing, and counts as failing for its circuit, as a request the upstream answers so does.
 */
export class HandshakeServerError extends UpstreamRefused {}

/**
 * Whether a failed call may have run upstream: not when it was never sent (refused a connection, by the
 * outbound guard, its arguments refused) or the API refused it before running it (its credentials).
 */
export function mayHaveRun(failure: GatewayError): boolean {
  if (failure instanceof UpstreamUnreachable) return failure.mayHaveRun;
  if (failure instanceof UpstreamRefused) return failure.ranBefore;
  return !NOT_SENT.has(failure.code);
}
const NOT_SENT: ReadonlySet<string> = new Set(['forbidden', 'validation_failed', 'invalid_request']);
