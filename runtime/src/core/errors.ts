/**
 * Typed errors with stable codes. One table maps each code to its HTTP status (problem+json on the
 * management API) and to its JSON-RPC error code (on the MCP endpoint), so both mappings live here only.
 */
import type { HttpResponse } from './http.js';

export const errorCodes = {
  validation_failed: { status: 400, title: 'Invalid request', jsonRpc: -32602 },
  invalid_json: { status: 400, title: 'Malformed JSON', jsonRpc: -32700 },
  invalid_request: { status: 400, title: 'Invalid request', jsonRpc: -32600 },
  header_mismatch: { status: 400, title: 'Header does not match the body', jsonRpc: -32020 },
  unsupported_protocol_version: { status: 400, title: 'Unsupported protocol version', jsonRpc: -32022 },
  session_required: { status: 400, title: 'Session id required', jsonRpc: -32000 },
  unauthorized: { status: 401, title: 'Unauthorized', jsonRpc: -32001 },
  forbidden: { status: 403, title: 'Forbidden', jsonRpc: -32003 },
  // MCP 2025-11-25: a URL the user must open (URL-mode elicitation), here an upstream's consent
  consent_required: { status: 403, title: 'Consent required', jsonRpc: -32042 },
  access_denied: { status: 403, title: 'Access denied', jsonRpc: -32003 },
  // MCP servers answer an unknown tool with -32602; a tool hidden by provisioning looks the same to clients
  tool_not_provisioned: { status: 403, title: 'Tool not available', jsonRpc: -32602 },
  // MCP answers a task id it does not know with -32602; another caller's task looks the same
  task_not_found: { status: 404, title: 'Task not found', jsonRpc: -32602 },
  not_found: { status: 404, title: 'Not found', jsonRpc: -32004 },
  // a path the management API has no route for (not a resource that is gone): a client's base URL is off
  route_not_found: { status: 404, title: 'No such route', jsonRpc: -32004 },
  // MCP 2026-07-28: a method the revision removed (ping, logging/setLevel, resource subscriptions)
  method_not_found: { status: 404, title: 'Method not found', jsonRpc: -32601 },
  session_not_found: { status: 404, title: 'Session not found', jsonRpc: -32001 },
  method_not_allowed: { status: 405, title: 'Method not allowed', jsonRpc: -32000 },
  not_acceptable: { status: 406, title: 'Not acceptable', jsonRpc: -32000 },
  conflict: { status: 409, title: 'Conflict', jsonRpc: -32000 },
  // a unique value (a name) another object holds: the one object to import rather than make again
  already_exists: { status: 409, title: 'Already exists', jsonRpc: -32000 },
  rate_limited: { status: 429, title: 'Too many requests', jsonRpc: -32029 },
  budget_exhausted: { status: 402, title: 'Budget exhausted', jsonRpc: -32030 },
  guardrail_blocked: { status: 422, title: 'Blocked by a guardrail', jsonRpc: -32031 },
  tool_quarantined: { status: 403, title: 'Tool quarantined', jsonRpc: -32032 },
  precondition_failed: { status: 412, title: 'Precondition failed', jsonRpc: -32000 },
  // the client cancelled the request (notifications/cancelled) while the gateway was calling for it
  request_cancelled: { status: 409, title: 'Request cancelled', jsonRpc: -32800 },
  payload_too_large: { status: 413, title: 'Payload too large', jsonRpc: -32600 },
  unsupported_media_type: { status: 415, title: 'Unsupported media type', jsonRpc: -32600 },
  server_disabled: { status: 503, title: 'Server disabled', jsonRpc: -32003 },
  // implementation-defined server errors: MCP's -32002 says "resource not found", the caller's fault
  upstream_unavailable: { status: 502, title: 'Upstream unavailable', jsonRpc: -32010 },
  upstream_timeout: { status: 504, title: 'Upstream timed out', jsonRpc: -32011 },
  upstream_error: { status: 502, title: 'Upstream error', jsonRpc: -32010 },
  store_unavailable: { status: 503, title: 'State store unavailable', jsonRpc: -32603 },
  // a token that cannot be checked now (its provider's keys unreadable): no refusal of the credential
  // (a 401 would send the client to sign in again), and no upstream's failure answered in band
  identity_provider_unavailable: { status: 503, title: 'Identity provider unavailable', jsonRpc: -32603 },
  // the local runner stopping: a stream opened now would hold its shutdown; the client reopens it elsewhere
  shutting_down: { status: 503, title: 'Shutting down', jsonRpc: -32000 },
  internal: { status: 500, title: 'Internal error', jsonRpc: -32603 },
} as const satisfies Record<string, { status: number; title: string; jsonRpc: number }>;

export type ErrorCode = keyof typeof errorCodes;

/** One invalid field of a request body: an RFC 6901 pointer and what is wrong with it. */
export interface FieldError {
  pointer: string;
  detail: string;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  /** Extra JSON-RPC `error.data` (e.g. supported protocol versions). */
  readonly data: unknown;
  readonly headers: Record<string, string> | undefined;
  /** What operators see (problem details, logs) when `message`, which MCP callers get, leaves it out. */
  readonly detail: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      errors?: FieldError[];
      data?: unknown;
      headers?: Record<string, string>;
      cause?: unknown;
      detail?: string;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.errors = options.errors;
    this.data = options.data;
    this.headers = options.headers;
    this.detail = options.detail;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get jsonRpcCode(): number {
    return errorCodes[this.code].jsonRpc;
  }
}

/** What an operator's log says of an error: its detail when it has one. */
export const operatorDetail = (error: Error): string =>
  error instanceof GatewayError ? (error.detail ?? error.message) : error.message;

/**
 * Anything thrown, in words for a log line. A connection refused on every address of a name (`localhost`:
 * ::1 and 127.0.0.1) is an AggregateError with no message of its own: its errors' messages, or its code.
 */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message !== '') return error.message;
  const inner = error instanceof AggregateError ? error.errors.map(messageOf).filter((m) => m !== '') : [];
  return inner.length > 0 ? inner.join('; ') : ((error as NodeJS.ErrnoException).code ?? String(error));
}

/** Anything thrown becomes a GatewayError; unknown errors become `internal` without leaking their message. */
export function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('internal', 'An internal error occurred.', { cause: error });
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

/** RFC 9457 problem details for an error. */
export function toProblem(error: GatewayError, instance?: string): Problem {
  const problem: Problem = {
    type: `https://mcp-gateway.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: errorCodes[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.detail ?? error.message,
  };
  if (instance !== undefined) problem.instance = instance;
  if (error.errors !== undefined) problem.errors = error.errors;
  return problem;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** The JSON-RPC `error` member for an error; `data.code` keeps the stable gateway code visible to clients. */
export function toJsonRpcError(error: GatewayError): JsonRpcErrorObject {
  const data =
    error.data !== undefined
      ? error.data
      : { code: error.code, ...(error.errors !== undefined ? { errors: error.errors } : {}) };
  const made = { code: error.jsonRpcCode, message: error.message, data };
  madeHere.add(made);
  return made;
}

/** The JSON-RPC errors this process made (not an upstream's, whatever `data.code` it says). */
const madeHere = new WeakSet<object>();

/** Whether the gateway itself made this JSON-RPC error object (see {@link toJsonRpcError}). */
export const isGatewayMade = (error: object): boolean => madeHere.has(error);

/**
 * The gateway's code of a JSON-RPC error it made itself; undefined for an upstream's, whatever its
 * `data.code` says (another gateway in front of it may name one of ours).
 */
export function gatewayCodeOf(error: JsonRpcErrorObject): ErrorCode | undefined {
  const own = (error.data as { code?: unknown } | undefined)?.code;
  return madeHere.has(error) && typeof own === 'string' && Object.hasOwn(errorCodes, own)
    ? (own as ErrorCode)
    : undefined;
}

/** The management API's answer to an error: a problem (RFC 9457) about `instance`, never cached. */
export function problemAnswer(error: GatewayError, instance?: string): HttpResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...error.headers },
    body: JSON.stringify(toProblem(error, instance)),
  };
}

/**
 * An error as the route's clients expect it, where no stage of the route could answer it: problem+json
 * on the management API (`management`), a JSON-RPC error (null id) elsewhere.
 */
export function errorAnswer(error: GatewayError, management: boolean): HttpResponse {
  return management
    ? problemAnswer(error)
    : {
        status: error.status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: null, error: toJsonRpcError(error) }),
      };
}
