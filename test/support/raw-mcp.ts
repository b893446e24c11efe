/**
 * Raw MCP requests with fetch (no SDK), for tests that need to see exactly what goes over the wire: the
 * session era (initialize, Mcp-Session-Id) and the stateless 2026-07-28 era (`_meta`, routing headers).
 * Every request is bounded by a timeout.
 */
import { type HttpResult, httpRequest } from './gateway-api.js';

export const SESSION_VERSION = '2025-11-25';
export const STATELESS_VERSION = '2026-07-28';

export interface RawOptions {
  /** Extra headers (override the defaults). */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function mcpHeaders(apiKey: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...extra,
  };
}

export const initializeBody = (id: string | number = 'init') =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: SESSION_VERSION,
      capabilities: {},
      clientInfo: { name: 'raw', version: '1.0.0' },
    },
  });

export const toolCallMessage = (id: string | number, name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0' as const,
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

/** POSTs `body` to `endpoint` (any era: the headers decide). */
export function post(
  endpoint: string,
  apiKey: string,
  body: string,
  options: RawOptions = {},
): Promise<HttpResult> {
  return httpRequest(endpoint, {
    method: 'POST',
    headers: mcpHeaders(apiKey, options.headers),
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
}

/** Sends initialize; answers the response and the session id it issued (null when none). */
export async function initialize(
  endpoint: string,
  apiKey: string,
  options: RawOptions = {},
): Promise<{ response: HttpResult; sessionId: string | null }> {
  const response = await post(endpoint, apiKey, initializeBody(), options);
  return { response, sessionId: response.headers.get('mcp-session-id') };
}

/** Initializes and answers the session id; throws when there is none. */
export async function openSession(endpoint: string, apiKey: string): Promise<string> {
  const { response, sessionId } = await initialize(endpoint, apiKey);
  if (sessionId === null) throw new Error(`no session from ${endpoint}: ${response.status} ${response.text}`);
  return sessionId;
}

/** A session-era message on `sessionId`. */
export function sessionPost(
  endpoint: string,
  apiKey: string,
  sessionId: string,
  message: unknown,
  options: RawOptions = {},
): Promise<HttpResult> {
  return post(endpoint, apiKey, JSON.stringify(message), {
    ...options,
    headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': SESSION_VERSION, ...options.headers },
  });
}

/** A stateless (2026-07-28) request: `_meta` protocol fields and the Mcp-Method / Mcp-Name headers. */
export function statelessRequest(
  id: string | number,
  method: string,
  params: Record<string, unknown> = {},
): { body: string; headers: Record<string, string> } {
  const name = params.name ?? params.uri;
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': STATELESS_VERSION,
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
      },
    },
  });
  const headers: Record<string, string> = { 'mcp-protocol-version': STATELESS_VERSION, 'mcp-method': method };
  // a name that is no printable ASCII travels in base64, as the revision has it
  if (typeof name === 'string')
    headers['mcp-name'] = /^[\x21-\x7e]+$/.test(name)
      ? name
      : `=?base64?${Buffer.from(name).toString('base64')}?=`;
  return { body, headers };
}

export function statelessPost(
  endpoint: string,
  apiKey: string,
  id: string | number,
  method: string,
  params: Record<string, unknown> = {},
  options: RawOptions = {},
): Promise<HttpResult> {
  const request = statelessRequest(id, method, params);
  return post(endpoint, apiKey, request.body, {
    ...options,
    headers: { ...request.headers, ...options.headers },
  });
}
