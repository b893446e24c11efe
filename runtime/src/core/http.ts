/**
 * The platform-neutral request and response the core works with. Lambda handlers and the local runner
 * translate to and from these at the edge.
 */

import { isUtf8 } from 'node:buffer';
import { GatewayError } from './errors.js';

export interface HttpRequest {
  method: string;
  /** Path without the query string, e.g. `/mcp/everything`. */
  path: string;
  /** Header names are lower-case; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  /** A repeated parameter keeps its last value (its name is in `repeatedQuery`). */
  query: Record<string, string>;
  /** Names of the query parameters given more than once (OAuth refuses such requests). */
  repeatedQuery?: readonly string[];
  /** The raw body as text (UTF-8), or undefined when there is none. */
  body: string | undefined;
  /** The body's bytes were no UTF-8 (replaced by U+FFFD in `body`): no JSON, whatever it parses as. */
  malformedText?: boolean;
  /** How many bytes the body came in, when its text takes more (`malformedText`): see {@link bodySize}. */
  receivedBytes?: number;
  /** The caller's address, when known. */
  sourceIp?: string;
  /** Aborts when the client goes away; the core cancels upstream work on it. */
  signal?: AbortSignal;
  /**
   * When the answer must be complete (ms since the epoch): the time limit of the function serving it
   * (Lambda). Upstream calls end in time for the gateway to answer, whatever a server's timeout says.
   */
  deadline?: number;
  /**
   * The public base URL the client used, when the adapter knows it (API Gateway: its domain and stage or
   * base path); else it follows the Host header. A configured public URL wins over both.
   */
  baseUrl?: string;
}

/** A body's bytes as the core takes them: bytes that are no UTF-8 are replaced, and said to be. */
export function bodyText(bytes: Buffer): Pick<HttpRequest, 'body' | 'malformedText' | 'receivedBytes'> {
  const body = bytes.toString('utf8');
  return isUtf8(bytes) ? { body } : { body, malformedText: true, receivedBytes: bytes.length };
}

/** A body's size as it came: its bytes, not its text's (a byte that is no UTF-8 is three in U+FFFD). */
export const bodySize = (request: Pick<HttpRequest, 'body' | 'receivedBytes'>): number =>
  request.receivedBytes ?? (request.body === undefined ? 0 : Buffer.byteLength(request.body));

export type BodyChunk = string | Uint8Array;

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** A complete body, or a stream written to the client as chunks arrive (SSE). */
  body?: string | AsyncIterable<BodyChunk>;
  /**
   * Work the answer still finishes after a complete body was made (the rest of an upstream stream read to
   * its end, and what is recorded then); a Lambda invocation settles only after it.
   */
  after?: Promise<void>;
}

export function isStreamingBody(body: HttpResponse['body']): body is AsyncIterable<BodyChunk> {
  return body !== undefined && typeof body !== 'string';
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function header(request: HttpRequest, name: string): string | undefined {
  return request.headers[name.toLowerCase()];
}

/** Lower-cases header names and joins repeated values, as every adapter must before calling the core. */
export function normalizeHeaders(
  raw: Record<string, string | string[] | undefined> | null | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(', ') : value;
    headers[key] = Object.hasOwn(headers, key) ? `${headers[key]}, ${joined}` : joined;
  }
  return headers;
}

/**
 * The same from a raw header list (`[name, value, name, value, …]`, as node:http receives it): one pass,
 * without the per-header arrays of `headersDistinct`.
 */
export function headersFromRaw(raw: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    headers[key] = Object.hasOwn(headers, key) ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}

/**
 * Header names (lower case) a server may not set: the gateway sets them itself on every upstream request,
 * or they frame and route the connection, which the HTTP client owns. `proxy-*` is refused as a prefix.
 */
const RESERVED_HEADER_NAMES: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  // the HTTP client refuses it (every call would fail)
  'expect',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'content-type',
  'accept',
  'last-event-id',
  'mcp-session-id',
  'mcp-protocol-version',
  'mcp-method',
  'mcp-name',
]);

/** Whether a header (lower-case name) is the gateway's or its HTTP client's: nothing configured sets it. */
export const gatewayOwnedHeader = (lower: string): boolean =>
  RESERVED_HEADER_NAMES.has(lower) || lower.startsWith('proxy-');

/** Answers of `acceptable` for the Accept headers seen last (clients send one or two kinds). */
const ACCEPTED = new Map<string, boolean>();

/**
 * Whether an `Accept` header takes `type` (RFC 9110 §12.5.1): the most specific range naming it (the type
 * itself, then `type/*`, then `*\/*`) decides, and one of `q=0` refuses it. No header takes anything; a
 * quality that is no number between 0 and 1 counts as none given.
 */
export function acceptable(accept: string | undefined, type: string): boolean {
  if (accept === undefined) return true;
  const key = `${type}\n${accept}`;
  const known = ACCEPTED.get(key);
  if (known !== undefined) return known;
  const wanted = type.toLowerCase();
  const group = `${wanted.slice(0, wanted.indexOf('/'))}/*`;
  /** The quality of the most specific matching range: 3 exact, 2 `type/*`, 1 `*\/*`. */
  let best = 0;
  let quality = 0;
  for (const range of accept.split(',')) {
    const [name = '', ...parameters] = range.split(';');
    const media = name.trim().toLowerCase();
    const rank = media === wanted ? 3 : media === group ? 2 : media === '*/*' ? 1 : 0;
    if (rank === 0 || rank < best) continue;
    const q = parameters
      .map((p) => /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(p)?.[1])
      .find((v) => v !== undefined);
    const value = q === undefined ? 1 : Number(q);
    // of two ranges of one rank, the one that takes it counts
    quality = rank > best ? value : Math.max(quality, value);
    best = rank;
  }
  const taken = best > 0 && quality > 0;
  if (ACCEPTED.size >= 64) ACCEPTED.clear();
  ACCEPTED.set(key, taken);
  return taken;
}

/**
 * Refuses a body sent with a content coding (gzip): it is taken as it is sent, and would read as
 * malformed (RFC 9110 §15.5.16: 415, naming the codings taken).
 */
export function refuseContentCoding(request: HttpRequest): void {
  const coding = request.headers['content-encoding']?.trim().toLowerCase();
  if (coding !== undefined && coding !== '' && coding !== 'identity')
    throw new GatewayError(
      'unsupported_media_type',
      `Content-Encoding ${JSON.stringify(coding.slice(0, 64))} is not taken: send the body uncompressed.`,
      { headers: { 'accept-encoding': 'identity' } },
    );
}
