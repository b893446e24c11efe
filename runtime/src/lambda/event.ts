import { Readable } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { GatewayError, toProblem } from '../core/errors.js';
import {
  bodyText,
  type HttpRequest,
  type HttpResponse,
  isStreamingBody,
  normalizeHeaders,
} from '../core/http.js';
import { keptAlive } from '../core/keep-alive.js';
import { finishesWithin } from '../core/time.js';

/** A custom domain's base path mapping, set by the constructs (read once per cold start). */
const BASE_PATH = process.env['MCP_GATEWAY_BASE_PATH'];

/**
 * API Gateway REST (v1 proxy) event → the core's request. Multi-value forms win over single-value ones.
 * `basePath`: a custom domain's base path mapping (`/gw`), which API Gateway leaves in `event.path`.
 */
export function fromApiGatewayEvent(
  event: APIGatewayProxyEvent,
  signal?: AbortSignal,
  basePath = BASE_PATH,
): HttpRequest {
  // an HTTP API's or a function URL's event (payload format 2.0), for a function wired so by hand
  if ((event as { version?: unknown }).version === '2.0')
    return fromHttpApiEvent(event as unknown as APIGatewayProxyEventV2, signal, basePath);
  const headers = normalizeHeaders(
    event.multiValueHeaders !== null &&
      event.multiValueHeaders !== undefined &&
      Object.keys(event.multiValueHeaders).length > 0
      ? (event.multiValueHeaders as Record<string, string[] | undefined>)
      : event.headers,
  );
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  const repeated: string[] = [];
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    const last = values?.at(-1);
    if (last !== undefined) query[name] = last;
    if ((values?.length ?? 0) > 1) repeated.push(name);
  }
  // a text body API Gateway passes on as it decoded it; a binary one is checked here
  const body =
    event.body === null || event.body === undefined
      ? { body: undefined }
      : event.isBase64Encoded
        ? bodyText(Buffer.from(event.body, 'base64'))
        : { body: event.body };
  const request: HttpRequest = {
    method: (event.httpMethod ?? 'GET').toUpperCase(),
    // a request through the stage's own URL (execute-api) came through no base path mapping
    path: throughStageUrl(event) ? event.path || '/' : withoutBasePath(event.path || '/', basePath),
    headers,
    query,
    ...(repeated.length > 0 ? { repeatedQuery: repeated } : {}),
    ...body,
  };
  const sourceIp = event.requestContext?.identity?.sourceIp;
  if (typeof sourceIp === 'string') request.sourceIp = sourceIp;
  const base = baseUrlOf(event, request.path !== (event.path || '/') ? basePath : undefined);
  if (base !== undefined) request.baseUrl = base;
  if (signal !== undefined) request.signal = signal;
  return request;
}

/**
 * API Gateway HTTP API or function URL (payload format 2.0) event → the core's request: headers come
 * joined already, cookies apart, the query as it was sent. An HTTP API's stage other than `$default` is
 * in `rawPath`; a custom domain's base path is stripped as for a REST API.
 */
function fromHttpApiEvent(
  event: APIGatewayProxyEventV2,
  signal?: AbortSignal,
  basePath?: string,
): HttpRequest {
  const headers = normalizeHeaders(event.headers ?? {});
  if ((event.cookies?.length ?? 0) > 0) headers['cookie'] = event.cookies!.join('; ');
  const query: Record<string, string> = {};
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const [name, value] of new URLSearchParams(event.rawQueryString ?? '')) {
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
    query[name] = value;
  }
  const { domainName, stage } = event.requestContext ?? {};
  const rawPath = event.rawPath || '/';
  const staged =
    typeof stage === 'string' && stage !== '$default' && STAGE_HOST.test(domainName ?? '')
      ? `/${stage}`
      : undefined;
  const path =
    staged !== undefined
      ? rawPath === staged
        ? '/'
        : rawPath.startsWith(`${staged}/`)
          ? rawPath.slice(staged.length)
          : rawPath
      : withoutBasePath(rawPath, basePath);
  const request: HttpRequest = {
    method: (event.requestContext?.http?.method ?? 'GET').toUpperCase(),
    path,
    headers,
    query,
    ...(repeated.size > 0 ? { repeatedQuery: [...repeated] } : {}),
    ...(event.body === undefined || event.body === null
      ? { body: undefined }
      : event.isBase64Encoded
        ? bodyText(Buffer.from(event.body, 'base64'))
        : { body: event.body }),
  };
  const sourceIp = event.requestContext?.http?.sourceIp;
  if (typeof sourceIp === 'string') request.sourceIp = sourceIp;
  if (typeof domainName === 'string' && /^[a-z0-9.-]+$/i.test(domainName))
    request.baseUrl = `https://${domainName}${staged ?? (path !== rawPath ? (mappedBase(basePath) ?? '') : '')}`;
  if (signal !== undefined) request.signal = signal;
  return request;
}

/**
 * How long a buffered answer waits for the rest of its upstream stream (which records the call) before it
 * goes out: an upstream that keeps the stream open after its answer would hold a ready answer back.
 */
export const AFTER_WAIT_MS = 1000;

/**
 * Lambda may freeze or discard an instance as soon as its invocation ends, so what the gateway still owes
 * the store (budget spend) is written first: for a streamed answer after its last byte went out and before
 * the stream ends, for a buffered one before it is returned (once what it still finishes is done, or,
 * after {@link AFTER_WAIT_MS}, stopped through `abort`: the request's own signal).
 */
export async function settledFirst(
  response: HttpResponse,
  settle: () => Promise<void>,
  abort?: AbortController,
): Promise<HttpResponse> {
  if (!isStreamingBody(response.body)) {
    if (response.after !== undefined && !(await finishesWithin(response.after, AFTER_WAIT_MS))) {
      abort?.abort();
      await finishesWithin(response.after, AFTER_WAIT_MS);
    }
    await settle();
    return response;
  }
  const body = response.body;
  async function* settling() {
    try {
      yield* body;
    } finally {
      await settle();
    }
  }
  return { ...response, body: settling() };
}

/**
 * A buffered proxy result (management API, non-streaming routes). An answer to `HEAD` carries no body,
 * and says how long the GET's would be (RFC 9110 §9.3.2), as the local runner's does.
 */
export async function toApiGatewayResult(
  response: HttpResponse,
  method?: string,
): Promise<APIGatewayProxyResult> {
  if (method === 'HEAD') {
    // the GET's answer as Lambda returns it: one too large for Lambda is its problem answer here too
    const get = await toApiGatewayResult(response);
    return {
      ...get,
      headers: { ...get.headers, 'content-length': String(Buffer.byteLength(get.body)) },
      body: '',
    };
  }
  let body = '';
  if (isStreamingBody(response.body)) {
    const chunks: Buffer[] = [];
    for await (const chunk of response.body)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    body = Buffer.concat(chunks).toString('utf8');
  } else if (response.body !== undefined) {
    body = response.body;
  }
  // Lambda returns at most 6 MB of the result as JSON: the body within it escaped (each quote of a JSON
  // body takes two bytes there). Past it, API Gateway would answer its own 502 with no word of why
  const result = { statusCode: response.status, headers: response.headers, body };
  const size = Buffer.byteLength(body);
  // (escaping takes a character to six bytes at most: a body under a sixth of the bound fits)
  if (
    size > MAX_RESULT_BYTES ||
    (size > MAX_RESULT_BYTES / 6 && Buffer.byteLength(JSON.stringify(result)) > MAX_RESULT_BYTES)
  ) {
    const error = new GatewayError(
      'internal',
      `The answer is larger than AWS Lambda returns (${MAX_RESULT_BYTES} bytes); ask for less of it (a smaller page).`,
    );
    return {
      statusCode: error.status,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify(toProblem(error)),
    };
  }
  return result;
}

/** The largest buffered Lambda result, as JSON (Lambda's 6 MB, 6,291,456 bytes, less a margin). */
export const MAX_RESULT_BYTES = 6_250_000;

/**
 * The shape middy's `streamifyResponse` mode writes: a prelude (status, headers) and a body stream.
 * When the body stream is destroyed before it ended (the client went away), `abort` is aborted at once,
 * which ends the upstream call behind it. (The stream's own 'close' comes too late for that: a
 * `Readable.from` stream finishes destroying only after its generator's pending read settles, i.e.
 * when the upstream next sends something.)
 */
export function toStreamingResult(
  response: HttpResponse,
  abort?: AbortController,
  keepAliveMs = KEEP_ALIVE_MS,
  method?: string,
): {
  statusCode: number;
  headers: Record<string, string>;
  body: Readable | string;
} {
  if (!isStreamingBody(response.body)) {
    // an answer to HEAD carries no body, and says how long the GET's is
    if (method === 'HEAD')
      return {
        statusCode: response.status,
        headers: { ...response.headers, 'content-length': String(Buffer.byteLength(response.body ?? '')) },
        body: '',
      };
    return { statusCode: response.status, headers: response.headers, body: response.body ?? '' };
  }
  const body = Readable.from(keptAlive(response, keepAliveMs), { objectMode: false });
  if (abort !== undefined) {
    const destroy = body._destroy.bind(body);
    body._destroy = (error, callback) => {
      if (!body.readableEnded) abort.abort();
      destroy(error, callback);
    };
  }
  return { statusCode: response.status, headers: response.headers, body };
}

/**
 * API Gateway cuts a streamed answer that sends nothing for 5 minutes, whatever the function's time
 * limit: a quiet event stream (a long tool call, an idle GET stream) gets a comment well before that.
 */
export const KEEP_ALIVE_MS = 240_000;

const STAGE_HOST = /\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;

/** Whether the request came by the stage's own URL (`<id>.execute-api.<region>.amazonaws.com`). */
const throughStageUrl = (event: APIGatewayProxyEvent): boolean => {
  const domainName = (event.requestContext as { domainName?: unknown } | undefined)?.domainName;
  return typeof domainName === 'string' && STAGE_HOST.test(domainName);
};

/** A base path mapping as `/gw`, given so or as API Gateway names it (`gw`); undefined for none. */
function mappedBase(basePath: string | undefined): string | undefined {
  const trimmed = basePath?.replace(/^\/+|\/+$/g, '');
  return trimmed === undefined || trimmed === '' ? undefined : `/${trimmed}`;
}

/** The path below a base path mapping; a request through the stage's own URL has none to strip. */
function withoutBasePath(path: string, basePath: string | undefined): string {
  const base = mappedBase(basePath);
  if (base === undefined) return path;
  if (path === base) return '/';
  return path.startsWith(`${base}/`) ? path.slice(base.length) : path;
}

/**
 * The URL the client called the gateway by: the stage's own (`https://<id>.execute-api.<region>.amazonaws.com/<stage>`,
 * whose stage is not in `event.path`), or a custom domain with the base path it came through.
 */
function baseUrlOf(event: APIGatewayProxyEvent, strippedBase: string | undefined): string | undefined {
  const { domainName, stage } = (event.requestContext ?? {}) as { domainName?: unknown; stage?: unknown };
  if (typeof domainName !== 'string' || !/^[a-z0-9.-]+$/i.test(domainName)) return undefined;
  if (STAGE_HOST.test(domainName))
    return typeof stage === 'string' && /^[\w-]+$/.test(stage)
      ? `https://${domainName}/${stage}`
      : `https://${domainName}`;
  return `https://${domainName}${mappedBase(strippedBase) ?? ''}`;
}
