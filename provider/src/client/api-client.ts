/**
 * The management API client: one generic request per modelled operation. Answers 2xx as JSON plus the
 * ETag; everything else becomes an ApiError carrying the RFC 9457 problem (or the network failure).
 */
import type { OperationModel } from '../model/types.js';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the gateway could not be reached. */
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly operation: string,
    /**
     * A create or a conditional write that failed after it may have reached the API (502–504, a lost
     * connection, a timeout): it may have been applied, so it was not retried (a create's retry would
     * make a second object or find its name taken; a conditional write's would answer 412 for our own
     * change).
     */
    readonly outcomeUnknown = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem?.code ?? (this.status === 0 ? 'unreachable' : `http_${this.status}`);
  }
}

export interface ApiResponse {
  status: number;
  body: unknown;
  etag: string | undefined;
}

export interface RequestOptions {
  pathParameters?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
  ifMatch?: string | undefined;
}

export interface ApiClientOptions {
  endpoint: string;
  apiKey: string;
  userAgent?: string;
  timeoutMs?: number;
  /**
   * Retries of idempotent requests on network errors, 429 and 502–504. A create (POST) and a conditional
   * write (`If-Match`) are retried only when they surely did not reach the API (429, connection refused):
   * after a 502–504 or a lost connection they may have been applied, and a retry would create a second
   * object, or answer 412 for our own change. Waits grow exponentially (full jitter); a `Retry-After`
   * the API names is waited for (up to 30 s each). Default 6: without `Retry-After`, under half a
   * minute of waiting in all; with it, up to three minutes.
   */
  retries?: number;
  fetch?: typeof fetch;
  /** Ends every request under way and refuses new ones (the provider stopped by Terraform). */
  signal?: AbortSignal;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** The first wait's ceiling, doubled with each retry up to the last. */
const BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const MAX_RETRY_AFTER_MS = 30_000;
/** Retries after a network failure (nothing answered), at most. */
const NETWORK_RETRIES = 2;
/** Answers that mean the request was refused before it was processed. */
const NOT_PROCESSED_STATUSES = new Set([429]);
/** Network failures that mean the request never reached the API. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
/** A URL fetch refuses before connecting (a port the Fetch standard blocks): nothing was sent either. */
const notSent = (error: unknown) =>
  NOT_SENT_CODES.has(networkCode(error) ?? '') ||
  (error instanceof Error && (error as { cause?: { message?: unknown } }).cause?.message === 'bad port');

export class ApiClient {
  readonly endpoint: string;
  readonly #apiKey: string;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #fetch: typeof fetch;
  readonly #signal: AbortSignal | undefined;

  constructor(options: ApiClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#userAgent = options.userAgent ?? 'terraform-provider-mcpgateway';
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retries ?? 6;
    this.#fetch = options.fetch ?? fetch;
    this.#signal = options.signal;
  }

  async request(operation: OperationModel, options: RequestOptions = {}): Promise<ApiResponse> {
    const url = this.url(operation, options);
    const method = operation.method.toUpperCase();
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#apiKey}`,
      accept: 'application/json, application/problem+json',
      'user-agent': this.#userAgent,
    };
    if (options.body !== undefined) {
      headers['content-type'] =
        operation.method === 'patch' ? 'application/merge-patch+json' : 'application/json';
    }
    if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
    const conditional = options.ifMatch !== undefined && method !== 'GET' && method !== 'HEAD';
    // what one attempt may have done already must not be done again: tried again only when not sent
    const onceOnly = method === 'POST' || conditional;
    let lastError: ApiError | undefined;
    /** What the last answer asked to wait (`Retry-After`), in ms. */
    let retryAfter = 0;
    for (let attempt = 0; attempt <= this.#retries; attempt++) {
      if (attempt > 0) {
        // full jitter: many resources refreshed at once (Terraform's parallelism) do not retry in step
        const backoff = Math.random() * Math.min(MAX_BACKOFF_MS, BACKOFF_MS * 2 ** (attempt - 1));
        await delay(Math.max(backoff, retryAfter), this.#signal);
        retryAfter = 0;
      }
      if (this.#signal?.aborted === true) break;
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: this.#signal === undefined ? timeout : AbortSignal.any([timeout, this.#signal]),
        });
      } catch (error) {
        const sent = !notSent(error);
        lastError = new ApiError(
          `cannot reach the gateway at ${this.endpoint}: ${networkReason(error)}`,
          0,
          undefined,
          operation.operationId,
          onceOnly && sent,
        );
        // a gateway not listening is not throttling: tried a few times, not for half a minute
        if ((onceOnly && sent) || attempt >= NETWORK_RETRIES) break;
        continue;
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        // the answer broke off (a timeout, a dropped connection): the request was processed, or may be
        lastError = new ApiError(
          `the gateway's answer broke off (HTTP ${response.status}): ${networkReason(error)}`,
          0,
          undefined,
          operation.operationId,
          onceOnly,
        );
        if (onceOnly || attempt >= NETWORK_RETRIES) break;
        continue;
      }
      const body = parseJson(text);
      if (response.ok) {
        // every answer of the gateway's API is a JSON object, or a 204 to a delete: anything else at the
        // endpoint (a proxy's sign-in page, another service) taken for the gateway's would read every
        // resource as empty, or as deleted, and make Terraform act on that
        const expected =
          method === 'DELETE'
            ? response.status === 204
            : typeof body === 'object' && body !== null && !Array.isArray(body);
        if (expected)
          return { status: response.status, body, etag: response.headers.get('etag') ?? undefined };
        lastError = new ApiError(
          `${method} ${new URL(url).pathname} answered HTTP ${response.status} with ${
            text === '' ? 'no body' : (response.headers.get('content-type') ?? 'an untyped body')
          }, not the gateway's JSON: is ${this.endpoint} the MCP gateway? Check the provider's endpoint (or MCPGATEWAY_ENDPOINT).`,
          response.status,
          undefined,
          operation.operationId,
          onceOnly,
        );
        break;
      }
      const problem = isProblem(body) ? body : undefined;
      const retryable = RETRY_STATUSES.has(response.status);
      const processed = !NOT_PROCESSED_STATUSES.has(response.status);
      const unknownOutcome = onceOnly && retryable && processed;
      lastError = new ApiError(
        problem?.detail ??
          problem?.title ??
          `${method} ${new URL(url).pathname} answered HTTP ${response.status}`,
        response.status,
        problem,
        operation.operationId,
        unknownOutcome,
      );
      if (!retryable || (onceOnly && processed)) break;
      retryAfter = retryAfterMs(response.headers.get('retry-after'));
    }
    if (this.#signal?.aborted === true)
      throw new ApiError(
        `${method} ${new URL(url).pathname} was stopped: Terraform stopped the provider`,
        0,
        undefined,
        operation.operationId,
        onceOnly && lastError !== undefined,
      );
    throw lastError ?? new ApiError('request failed', 0, undefined, operation.operationId);
  }

  url(operation: OperationModel, options: RequestOptions): string {
    const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      const value = options.pathParameters?.[name];
      if (value === undefined) throw new Error(`${operation.operationId}: path parameter "${name}" missing`);
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) query.set(key, value);
    const search = query.toString();
    return `${this.endpoint}${path}${search === '' ? '' : `?${search}`}`;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && ('title' in body || 'code' in body || 'detail' in body);
}

function networkCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error as { cause?: { code?: unknown } }).cause : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function networkReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'the request timed out';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return cause.code;
    if (cause?.message) return cause.message;
    return error.message;
  }
  return String(error);
}

/** A `Retry-After` (seconds, or an HTTP date) in ms: none, past or unreadable is 0; at most 30 s. */
export function retryAfterMs(value: string | null, now = Date.now()): number {
  if (value === null || value.trim() === '') return 0;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : 0;
}

/** Waits `ms`, or less when the provider is stopped (the loop then ends). */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
