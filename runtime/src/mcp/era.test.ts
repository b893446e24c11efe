import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { HttpRequest } from '../core/http.js';
import { decodeHeaderValue, detectEra, validateModernHeaders } from './era.js';
import type { JsonRpcMessage } from './jsonrpc.js';

const V = '2026-07-28';
const call: JsonRpcMessage = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'echo', _meta: { 'io.modelcontextprotocol/protocolVersion': V } },
};
const request = (headers: Record<string, string>): HttpRequest => ({
  method: 'POST',
  path: '/mcp/x',
  headers,
  query: {},
  body: '',
});
const good = { 'mcp-protocol-version': V, 'mcp-method': 'tools/call', 'mcp-name': 'echo' };

describe('era detection', () => {
  it('treats initialize and session headers as the session era, _meta versions as stateless', () => {
    expect(detectEra(request({}), [call])).toBe('modern');
    expect(detectEra(request({ 'mcp-session-id': 's' }), [call])).toBe('legacy');
    expect(detectEra(request({}), [{ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }])).toBe(
      'legacy',
    );
    expect(detectEra(request({}), [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }])).toBe('legacy');
  });
});

describe('stateless routing headers', () => {
  it('accepts headers that match the body, including base64-encoded names', () => {
    expect(() => validateModernHeaders(request(good), call, V)).not.toThrow();
    const named = { ...call, params: { name: 'größe', _meta: {} } } as JsonRpcMessage;
    const encoded = `=?base64?${Buffer.from('größe').toString('base64')}?=`;
    expect(() => validateModernHeaders(request({ ...good, 'mcp-name': encoded }), named, V)).not.toThrow();
    expect(decodeHeaderValue(encoded)).toBe('größe');
  });

  it.each([
    ['a missing protocol header', { 'mcp-protocol-version': undefined }],
    ['another protocol version', { 'mcp-protocol-version': '2025-11-25' }],
    ['another method', { 'mcp-method': 'tools/list' }],
    ['a missing method', { 'mcp-method': undefined }],
    ['another name', { 'mcp-name': 'other' }],
    ['a missing name', { 'mcp-name': undefined }],
    // the method is never base64 (a header a strict intermediary reads otherwise would pass)
    ['a method in base64', { 'mcp-method': `=?base64?${Buffer.from('tools/call').toString('base64')}?=` }],
    // base64 that is not canonical (one reader stops at the padding, another does not)
    ['a name in loose base64', { 'mcp-name': '=?base64?ZWNobw==QUFB?=' }],
    ['a name in base64 of no UTF-8', { 'mcp-name': '=?base64?/w==?=' }],
  ])('rejects %s with -32020', (_label, change) => {
    const headers = Object.fromEntries(
      Object.entries({ ...good, ...change }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    try {
      validateModernHeaders(request(headers), call, V);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).jsonRpcCode).toBe(-32020);
      expect((error as GatewayError).status).toBe(400);
    }
  });
});
