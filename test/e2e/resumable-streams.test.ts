/**
 * Resumable answer streams (protocol 2025-11-25, SEP-1699) through the gateway: an upstream primes a
 * tool call's SSE stream with an event id, closes it while the tool runs, and delivers the result when
 * the client reconnects with `Last-Event-ID`. The gateway must relay the priming event so that the
 * client learns the id, and must not answer the request itself when the upstream closes the stream.
 */
import { randomBytes } from 'node:crypto';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, jsonRpcMessages } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, stopAll } from '../support/processes.js';
import { openSession, sessionPost, toolCallMessage } from '../support/raw-mcp.js';
import { type SdkUpstream, startSdkUpstream } from '../support/sdk-upstream.js';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let gateway: GatewayProcess;
let upstream: SdkUpstream;
let apiKey: string;
let toolRuns = 0;

/** An SDK server whose `poll` tool closes its stream at once and answers 300 ms later. */
const startPollingUpstream = () =>
  startSdkUpstream(
    'polling-upstream',
    (mcp) => {
      mcp.registerTool('poll', { description: 'Closes its stream, then answers.' }, async (extra) => {
        toolRuns++;
        extra.closeSSEStream?.();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { content: [{ type: 'text', text: 'answered after the reconnect' }] };
      });
    },
    { eventStore: new InMemoryEventStore(), retryInterval: 50 },
  );

beforeAll(async () => {
  [upstream, gateway] = await Promise.all([
    startPollingUpstream(),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  const api = admin(() => gateway.url, adminKey);
  await api.registerServer('polling', upstream.url);
  apiKey = await api.createApiKey('dana-laptop', 'dana');
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await stopAll();
});

describe('a stream the upstream closes to be resumed (SEP-1699)', () => {
  it('the SDK client reconnects through the gateway and gets the one real result', async () => {
    const { client } = await connect(`${gateway.url}/mcp/polling`, apiKey);
    try {
      const result = await client.callTool({ name: 'poll', arguments: {} }, undefined, { timeout: 10_000 });
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual([{ type: 'text', text: 'answered after the reconnect' }]);
    } finally {
      await client.close();
    }
  });

  it('the POST stream carries the priming event (id and empty data) and no answer made up by the gateway', async () => {
    const endpoint = `${gateway.url}/mcp/polling`;
    const session = await openSession(endpoint, apiKey);
    const runs = toolRuns;
    const response = await sessionPost(endpoint, apiKey, session, toolCallMessage(41, 'poll'));
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/^id: [^\n]+\nretry: 50\ndata: \n\n/m);
    expect(jsonRpcMessages(response).filter((m) => m.id === 41)).toEqual([]);
    expect(toolRuns).toBe(runs + 1);
  });
});
