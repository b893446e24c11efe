/**
 * Guardrails end to end: the real SDK client through the built gateway to `server-everything` (behind a
 * recording proxy): blocked arguments never reach the upstream, results are redacted in the answer the
 * client parses, a tool whose definition a guardrail blocks is left out of the list, and each action is in
 * the audit log — with counts, never the data.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateMessageRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin } from '../support/gateway-api.js';
import { connect, gatewayTransport } from '../support/mcp-client.js';
import { GatewayProcess, startEverything, stopAll, type Upstream } from '../support/processes.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

let upstream: Upstream;
let recorder: RecordingProxy;
let gateway: GatewayProcess;
let api: Admin;
let client: Client;

beforeAll(async () => {
  const adminKey = 'guardrails-admin-key-0123456789abcdef';
  [upstream, gateway] = await Promise.all([
    startEverything('streamableHttp'),
    GatewayProcess.start({ adminKey, memory: true }),
  ]);
  recorder = await startRecordingProxy(upstream.url);
  api = admin(() => gateway.url, adminKey);
  await api.registerServer('everything', recorder.url);
  // the same upstream again, for a client that can be asked to sample
  await api.registerServer('sampler', recorder.url);
  // and once more, for a guardrail reading what it lists
  await api.registerServer('lister', recorder.url);
  for (const body of [
    { name: 'no-contacts-to-llm', servers: ['sampler'], direction: 'output', detectors: ['email'] },
    { name: 'no-cards-in', servers: ['everything'], direction: 'input', detectors: ['payment-card'] },
    // "sum" stands in for instructions to the model a poisoned description would hold
    { name: 'no-poison', servers: ['lister'], direction: 'output', keywords: ['sum'], definitions: true },
    {
      name: 'mask-contacts-out',
      servers: ['everything'],
      direction: 'output',
      detectors: ['email', 'phone'],
      action: 'redact',
    },
  ]) {
    const created = await api.request('POST', '/v1/guardrails', body);
    expect(created.status, created.text).toBe(201);
  }
  ({ client } = await connect(`${gateway.url}/mcp/everything`, await api.createApiKey('g-laptop', 'gina')));
});

afterAll(async () => {
  await client?.close();
  await recorder?.close();
  await gateway?.close();
  await stopAll();
});

const echoes = () => recorder.messages.filter((m) => m.method === 'tools/call').length;

describe('guardrails', () => {
  it('refuses a call whose arguments hold a card number; the upstream never sees it', async () => {
    const before = echoes();
    const refused = await client
      .callTool({ name: 'echo', arguments: { message: 'pay with 4111 1111 1111 1111' } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(-32031);
    expect((refused as McpError).message).toContain(
      'Guardrail "no-cards-in" blocked the arguments of tool "echo"',
    );
    expect((refused as McpError).message).not.toContain('4111');
    expect(echoes()).toBe(before);
  });

  it('redacts contacts in the result the client receives; the upstream got the call as sent', async () => {
    const result = await client.callTool({
      name: 'echo',
      arguments: { message: 'reach ada@example.com or +44 20 7946 0958' },
    });
    expect(result.content).toEqual([
      { type: 'text', text: 'Echo: reach [REDACTED:email] or [REDACTED:phone]' },
    ]);
    const sent = recorder.messages.filter((m) => m.method === 'tools/call').at(-1);
    expect(JSON.stringify(sent?.params)).toContain('ada@example.com');
  });

  it('records both actions in the audit log without the data', async () => {
    let items: { type: string; detail: Record<string, unknown> }[] = [];
    for (let i = 0; i < 30 && items.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const blocked = await api.request('GET', '/v1/audit-events?type=guardrail.blocked');
      const redacted = await api.request('GET', '/v1/audit-events?type=guardrail.redacted');
      items = [
        ...(blocked.body as { items: typeof items }).items,
        ...(redacted.body as { items: typeof items }).items,
      ];
    }
    expect(items.map((e) => [e.type, e.detail['guardrail'], e.detail['findings']])).toEqual([
      ['guardrail.blocked', 'no-cards-in', { 'payment-card': 1 }],
      ['guardrail.redacted', 'mask-contacts-out', { email: 1, phone: 1 }],
    ]);
    expect(JSON.stringify(items)).not.toMatch(/4111|ada@example/);
  });

  it('refuses a guardrail whose pattern RE2 does not run (a lookaround), or that scans for nothing', async () => {
    const ahead = await api.request('POST', '/v1/guardrails', {
      name: 'ahead',
      patterns: ['(?=secret)\\w+'],
    });
    expect(ahead.status).toBe(400);
    expect(JSON.stringify(ahead.body)).toContain('/patterns/0');
    expect(JSON.stringify(ahead.body)).toContain('no lookarounds or backreferences');
    const empty = await api.request('POST', '/v1/guardrails', { name: 'empty' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('scans for nothing');
  });

  it('leaves a tool whose definition a guardrail blocks out of the list; the others are listed as they are', async () => {
    const direct = await client.listTools();
    expect(direct.tools.map((t) => t.name)).toContain('get-sum');
    const { client: lister } = await connect(
      `${gateway.url}/mcp/lister`,
      await api.createApiKey('l-laptop', 'lena'),
    );
    try {
      const listed = await lister.listTools();
      expect(listed.tools.map((t) => t.name)).toEqual(
        direct.tools.map((t) => t.name).filter((name) => name !== 'get-sum'),
      );
      expect(listed.tools).toEqual(direct.tools.filter((t) => t.name !== 'get-sum'));
      // nor is it called, by name: refused before the upstream
      const before = echoes();
      const called = await lister.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } }).catch((e) => e);
      expect(String(called)).toContain('Guardrail "no-poison" blocked the definition of tool "get-sum"');
      expect(echoes()).toBe(before);
      // recorded once, however often it is listed
      await lister.listTools();
      let blocked: { tool?: string; detail?: Record<string, unknown> }[] = [];
      for (let i = 0; i < 50 && blocked.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const events = await api.request('GET', '/v1/audit-events?type=guardrail.blocked&server=lister');
        blocked = (events.body as { items: typeof blocked }).items;
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const events = await api.request('GET', '/v1/audit-events?type=guardrail.blocked&server=lister');
      expect((events.body as { items: typeof blocked }).items).toEqual([
        expect.objectContaining({
          tool: 'get-sum',
          detail: expect.objectContaining({
            guardrail: 'no-poison',
            method: 'tools/list',
            findings: { keyword: 3 }, // each "sum" of its definition
          }),
        }),
      ]);
    } finally {
      await lister.close();
    }
  });

  it('keeps a sampling request holding an address from the client; the server is answered instead', async () => {
    const asked: string[] = [];
    const capable = new Client(
      { name: 'sampling-client', version: '1.0.0' },
      { capabilities: { sampling: {} } },
    );
    capable.setRequestHandler(CreateMessageRequestSchema, async () => {
      asked.push('sampling');
      return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled' } };
    });
    await capable.connect(
      gatewayTransport(`${gateway.url}/mcp/sampler`, await api.createApiKey('s-laptop', 'sam')),
      { timeout: 15_000 },
    );
    try {
      // the server asks the client's LLM about what the prompt holds: a guardrail of the server keeps it
      const outcome = await capable
        .callTool({
          name: 'trigger-sampling-request',
          arguments: { prompt: 'mail ada@example.com', maxTokens: 5 },
        })
        .catch((error: unknown) => error);
      expect(asked).toEqual([]);
      expect(JSON.stringify(outcome)).toContain('A guardrail of the gateway refused this request');
      expect(JSON.stringify(outcome)).not.toContain('no-contacts-to-llm');
      // the gateway's answer reached the server as the client's would
      const answered = recorder.messages.filter(
        (m) => m.method === undefined && JSON.stringify(m).includes('refused'),
      );
      expect(answered.length).toBeGreaterThan(0);
      // a prompt without one is asked as usual
      const fine = await capable.callTool({
        name: 'trigger-sampling-request',
        arguments: { prompt: 'nothing personal', maxTokens: 5 },
      });
      expect(asked).toEqual(['sampling']);
      expect(JSON.stringify(fine.content)).toContain('sampled');
    } finally {
      await capable.close();
    }
  });
});
