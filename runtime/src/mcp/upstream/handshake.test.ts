import { describe, expect, it } from 'vitest';
import { UpstreamRefused } from './errors.js';
import { openUpstreamSession } from './handshake.js';
import type { UpstreamReply, UpstreamTarget, UpstreamTransport } from './types.js';

const target: UpstreamTarget = {
  name: 'up',
  url: 'http://127.0.0.1:9/mcp',
  headers: {},
  timeoutMs: 1000,
  maxMessageBytes: 1024 * 1024,
};
const initialize = { jsonrpc: '2.0' as const, id: 1, method: 'initialize', params: {} };

/** A transport answering each post with the next reply (or throwing it), recording terminations. */
function scripted(replies: Array<UpstreamReply | Error>) {
  const terminated: string[] = [];
  const transport: UpstreamTransport = {
    async post() {
      const next = replies.shift();
      if (next === undefined || next instanceof Error) throw next ?? new Error('no reply');
      return next;
    },
    async listen() {
      return { status: 405 };
    },
    async terminate(_target, session) {
      terminated.push(session.gatewaySessionId);
    },
  };
  return { transport, terminated };
}

const json = (value: unknown): UpstreamReply => ({
  status: 200,
  contentType: 'application/json',
  sessionId: 'upstream-1',
  body: (async function* () {
    yield new TextEncoder().encode(JSON.stringify(value));
  })(),
});

describe('openUpstreamSession', () => {
  it('leaves nothing open upstream when the handshake fails half-way', async () => {
    for (const replies of [
      [{ status: 500 }],
      [json({ jsonrpc: '2.0', id: 1, error: { code: -32600, message: 'no' } })],
      [json({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25' } }), new Error('reset')],
    ]) {
      const { transport, terminated } = scripted(replies);
      const session = { gatewaySessionId: 'probe' };
      await expect(
        openUpstreamSession(target, transport, session, initialize, AbortSignal.timeout(1000)),
      ).rejects.toThrow();
      expect(terminated).toEqual(['probe']);
    }
  });

  it('fails as a refusal (the call that waited for it never ran) when no session could be opened', async () => {
    for (const replies of [
      [{ status: 500 }],
      [{ status: 429 }],
      [json({ jsonrpc: '2.0', id: 1, result: 7 })],
    ]) {
      const { transport } = scripted(replies);
      const failure = await openUpstreamSession(
        target,
        transport,
        { gatewaySessionId: 'probe' },
        initialize,
        AbortSignal.timeout(1000),
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UpstreamRefused);
      expect((failure as UpstreamRefused).ranBefore).toBe(false);
    }
  });

  it('keeps the session it opened', async () => {
    const { transport, terminated } = scripted([
      json({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25' } }),
      { status: 202 },
    ]);
    const session = { gatewaySessionId: 'probe' } as { gatewaySessionId: string; upstreamSessionId?: string };
    const result = await openUpstreamSession(
      target,
      transport,
      session,
      initialize,
      AbortSignal.timeout(1000),
    );
    expect(result).toEqual({ protocolVersion: '2025-11-25' });
    expect(session.upstreamSessionId).toBe('upstream-1');
    expect(terminated).toEqual([]);
  });
});
