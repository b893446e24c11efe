import { GatewayError } from '../core/errors.js';
import type { HttpRequest } from '../core/http.js';
import { isRequest, type JsonRpcMessage } from './jsonrpc.js';

/** Stateless revisions this gateway serves (per-request `_meta`, no session). */
export const MODERN_VERSIONS: readonly string[] = ['2026-07-28'];
/** The session-era revision the gateway speaks to upstreams when it bridges a stateless client. */
export const BRIDGE_VERSION = '2025-11-25';
/** Session-era revisions the gateway knows (a session's `MCP-Protocol-Version` is the client's to say). */
export const SESSION_VERSIONS: readonly string[] = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

/**
 * Refuses (400, 2025-06-18) a session request naming a session-era revision the gateway does not know,
 * where the gateway itself stands for the session's server (no upstream sees the header to refuse it).
 */
export function refuseUnknownSessionVersion(named: string | undefined): void {
  if (named === undefined || SESSION_VERSIONS.includes(named)) return;
  throw new GatewayError(
    'unsupported_protocol_version',
    `Protocol version ${named} is not one this session speaks.`,
    {
      data: { supported: [...SESSION_VERSIONS], requested: named },
    },
  );
}

export const META = 'io.modelcontextprotocol/';

/** A `_meta` key of the stateless era's own (version, client capabilities, client info). */
export const isEraMeta = (key: string): boolean => key.startsWith(META);

/**
 * A session-era server's capabilities as a stateless client may use them: without log levels, resource
 * subscriptions and change notifications (the revision has no `logging/setLevel` or
 * `resources/subscribe`, and the gateway serves no `subscriptions/listen`).
 */
export function statelessCapabilities(capabilities: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof capabilities !== 'object' || capabilities === null) return out;
  for (const [name, value] of Object.entries(capabilities)) {
    if (name === 'logging') continue;
    if (['tools', 'prompts', 'resources'].includes(name) && typeof value === 'object' && value !== null) {
      const { listChanged: _changes, subscribe: _subscribe, ...rest } = value as Record<string, unknown>;
      out[name] = rest;
    } else out[name] = value;
  }
  return out;
}

function meta(message: JsonRpcMessage): Record<string, unknown> | undefined {
  const params = 'params' in message ? message.params : undefined;
  const value = params?._meta;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

export function modernVersionOf(message: JsonRpcMessage): string | undefined {
  const version = meta(message)?.[`${META}protocolVersion`];
  return typeof version === 'string' ? version : undefined;
}

export function modernClientInfo(message: JsonRpcMessage): { capabilities: unknown; clientInfo: unknown } {
  const m = meta(message);
  return { capabilities: m?.[`${META}clientCapabilities`] ?? {}, clientInfo: m?.[`${META}clientInfo`] };
}

/** Per request: `initialize` or a session header means the session era, a `_meta` version the stateless one. */
export function detectEra(request: HttpRequest, messages: JsonRpcMessage[]): 'legacy' | 'modern' {
  if (request.headers['mcp-session-id'] !== undefined) return 'legacy';
  const first = messages[0];
  if (first === undefined || (isRequest(first) && first.method === 'initialize')) return 'legacy';
  return modernVersionOf(first) !== undefined ? 'modern' : 'legacy';
}

/** A header value as the revision writes it: plain visible ASCII, else `=?base64?…?=` of its UTF-8. */
export function encodeHeaderValue(value: string): string {
  const plain = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !value.startsWith('=?');
  return plain ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * A header value as it reads (`Mcp-Name`, `Mcp-Param-*`): plain, or decoded from its base64 form, which
 * must be canonical base64 of valid UTF-8 (a value readers would decode differently is none); undefined
 * when it is not.
 */
export function decodeHeaderValue(value: string): string | undefined {
  const match = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/.exec(value);
  if (match === null) return /^[\x20-\x7e\t]*$/.test(value) ? value.trim() : undefined;
  const bytes = Buffer.from(match[1]!, 'base64');
  if (bytes.toString('base64') !== match[1]) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The methods that name a target, and the field of their params that does (`Mcp-Name`). */
export const NAMED: Readonly<Record<string, 'name' | 'uri'>> = {
  'tools/call': 'name',
  'resources/read': 'uri',
  'prompts/get': 'name',
};

/** The routing headers of a stateless request must say what the body says (-32020 otherwise). */
export function validateModernHeaders(request: HttpRequest, message: JsonRpcMessage, version: string): void {
  const mismatch = (detail: string) => new GatewayError('header_mismatch', detail);
  const headerVersion = request.headers['mcp-protocol-version'];
  if (headerVersion !== version) {
    throw mismatch(
      `MCP-Protocol-Version header (${headerVersion ?? 'missing'}) does not match _meta (${version}).`,
    );
  }
  if (!('method' in message)) return;
  const method = request.headers['mcp-method'];
  // (the method is plain ASCII: its header is never base64)
  if (method === undefined || method.trim() !== message.method) {
    throw mismatch(
      `Mcp-Method header (${method ?? 'missing'}) does not match the body method (${message.method}).`,
    );
  }
  const field = Object.hasOwn(NAMED, message.method) ? NAMED[message.method] : undefined;
  if (field === undefined) return;
  const expected = message.params?.[field];
  const name = request.headers['mcp-name'];
  if (name === undefined || decodeHeaderValue(name) !== expected) {
    throw mismatch(`Mcp-Name header (${name ?? 'missing'}) does not match params.${field}.`);
  }
}

/**
 * The results that carry cache hints in the stateless (2026-07-28) revision, and how long a client may keep
 * one the gateway made or bridged when nothing better is known: a list a minute; a resource's contents
 * and a server's description not at all (they may change at any moment).
 */
const CACHE_TTL_MS: ReadonlyMap<string, number> = new Map([
  ['tools/list', 60_000],
  ['prompts/list', 60_000],
  ['resources/list', 60_000],
  ['resources/templates/list', 60_000],
  ['resources/read', 0],
  ['server/discover', 0],
]);

/**
 * `result` of `method` with the cache hints that revision requires: the `ttlMs` it has when valid, else
 * the default; always `private`, since what the gateway answers is judged per caller (access policies,
 * provisioning), whatever an upstream says. Results of other methods are left as they are.
 */
export function withCacheHints(method: string, result: Record<string, unknown>): Record<string, unknown> {
  const fallback = CACHE_TTL_MS.get(method);
  if (fallback === undefined) return result;
  const ttl = result['ttlMs'];
  return {
    ...result,
    ttlMs: typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 ? ttl : fallback,
    cacheScope: 'private',
  };
}
