/**
 * A client that closes its response stream ends the upstream request behind it at once (not when the
 * upstream next sends something), in both protocol eras.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/gateway-api.js';
import { type ProbeUpstream, startProbeUpstream } from '../support/probe-upstream.js';
import { GatewayProcess, stopAll } from '../support/processes.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let probe: ProbeUpstream;
let gateway: GatewayProcess;
let apiKey: string;
let endpoint: string;

beforeAll(async () => {
  [probe, gateway] = await Promise.all([
    startProbeUpstream(),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('probe', probe.url);
  apiKey = await api.createApiKey('frank-laptop', 'frank');
  endpoint = `${gateway.url}/mcp/probe`;
});

afterAll(async () => {
  await gateway?.close();
  await probe?.close();
  await stopAll();
});

const headers = () => ({
  authorization: `Bearer ${apiKey}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
});

/** Posts a call, reads until its first event has arrived, then closes the stream. */
async function openAndClose(body: object, extraHeaders: Record<string, string>): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...headers(), ...extraHeaders },
    body: JSON.stringify(body),
    signal: abort.signal,
  });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  let seen = '';
  while (!seen.includes('notifications/progress')) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`stream ended early: ${seen}`);
    seen += new TextDecoder().decode(chunk.value);
  }
  clearTimeout(timer);
  abort.abort();
}

describe('closing the client stream', () => {
  it('closes the upstream request (session era)', async () => {
    const init = await fetch(endpoint, {
      method: 'POST',
      headers: headers(),
      signal: AbortSignal.timeout(10_000),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    });
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    await openAndClose(
      {
        jsonrpc: '2.0',
        id: 'legacy-1',
        method: 'tools/call',
        params: { name: 'wait', _meta: { progressToken: 'legacy-1' } },
      },
      { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' },
    );
    await probe.waitForClose('legacy-1', 3_000);
  });

  it('closes the upstream request (stateless 2026-07-28)', async () => {
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
      progressToken: 'modern-1',
    };
    await openAndClose(
      { jsonrpc: '2.0', id: 'modern-1', method: 'tools/call', params: { name: 'wait', _meta: meta } },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'wait' },
    );
    // the upstream knows the call by the gateway's own id for it
    await probe.waitForClose((id) => String(id).startsWith('mcp-gateway-'), 3_000);
  });

  it('leaves the gateway healthy', async () => {
    const health = await fetch(`${gateway.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    expect(gateway.log).not.toMatch(/internal error/);
  });
});
