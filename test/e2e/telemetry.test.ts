/**
 * OpenTelemetry end to end: the built gateway exports to loopback OTLP receivers of our own (protobuf and
 * JSON), in front of an MCP SDK upstream that records the trace context it receives. Checks the MCP
 * semantic conventions' span names and attributes, the parent/child structure (caller → gateway SERVER
 * span → stage and guardrail spans, and the upstream CLIENT span), the trace context reaching the upstream,
 * payload and header logging under the server's `logging`, sampling, and the duration metrics.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Admin, admin } from '../support/gateway-api.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.js';
import { GatewayProcess, stopAll } from '../support/processes.js';
import {
  initialize,
  post,
  SESSION_VERSION,
  sessionPost,
  statelessRequest,
  toolCallMessage,
} from '../support/raw-mcp.js';
import { type SdkUpstream, startSdkUpstream } from '../support/sdk-upstream.js';

let upstream: SdkUpstream;
let gateway: GatewayProcess;
let api: Admin;
let apiKey: string;
let proto: OtlpReceiver;
let json: OtlpReceiver;
let none: OtlpReceiver;
/** The traceparent headers the upstream received, in order. */
const received: string[] = [];
/** The traceparents the upstream found in `params._meta`. */
const receivedInMeta: string[] = [];

const traceId = randomBytes(16).toString('hex');
const callerSpan = randomBytes(8).toString('hex');
const traceparent = `00-${traceId}-${callerSpan}-01`;

beforeAll(async () => {
  const adminKey = 'telemetry-admin-key-0123456789abcdef';
  [upstream, gateway, proto, json, none] = await Promise.all([
    startSdkUpstream(
      'traced',
      (mcp) => {
        mcp.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({
          content: [{ type: 'text', text: `echo: ${text}` }],
        }));
        // its answer comes a while after the headers (the SDK sends them before the tool runs)
        mcp.registerTool('slow', {}, async () => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          return { content: [{ type: 'text', text: 'done' }] };
        });
        mcp.registerTool('fail', {}, async () => ({
          content: [{ type: 'text', text: 'nope' }],
          isError: true,
        }));
      },
      {},
      (req, _res, body) => {
        if (req.method === 'POST' && typeof req.headers.traceparent === 'string')
          received.push(req.headers.traceparent);
        const meta = (body as { params?: { _meta?: { traceparent?: unknown } } } | undefined)?.params?._meta;
        if (typeof meta?.traceparent === 'string') receivedInMeta.push(meta.traceparent);
        return false;
      },
    ),
    GatewayProcess.start({
      adminKey,
      memory: true,
      env: { MCP_GATEWAY_TELEMETRY_INTERVAL_MS: '200', MCP_GATEWAY_CONFIG_TTL_MS: '200' },
    }),
    startOtlpReceiver(),
    startOtlpReceiver(),
    startOtlpReceiver(),
  ]);
  api = admin(() => gateway.url, adminKey);
  for (const [path, body] of [
    ['/v1/telemetry-sinks', { name: 'collector', endpoint: proto.url }],
    [
      '/v1/telemetry-sinks',
      {
        name: 'vendor',
        endpoint: `${json.url}/`,
        protocol: 'http/json',
        headers: { 'x-api-key': 'vendor-secret-1' },
      },
    ],
    ['/v1/telemetry-sinks', { name: 'sampled-out', endpoint: none.url, sampling: 0, signals: ['traces'] }],
    [
      '/v1/servers',
      {
        name: 'traced',
        url: upstream.url,
        logging: { payloads: 'full', headers: ['X-Request-Origin', 'Authorization'] },
      },
    ],
    [
      '/v1/guardrails',
      {
        name: 'mask-email',
        servers: ['traced'],
        direction: 'output',
        detectors: ['email'],
        action: 'redact',
      },
    ],
    // refuses a second call of `stamp` a minute before the guardrails see it
    [
      '/v1/rate-limits',
      { name: 'one-stamp', servers: ['traced'], tools: ['stamp'], limit: 1, window: 'minute' },
    ],
  ] as const) {
    const created = await api.request('POST', path, body);
    expect(created.status, created.text).toBe(201);
  }
  apiKey = await api.createApiKey('otel-laptop', 'olga');
  await new Promise((resolve) => setTimeout(resolve, 300)); // the sinks are read with the config TTL
});

afterAll(async () => {
  await upstream?.close();
  await gateway?.close();
  await Promise.all([proto?.close(), json?.close(), none?.close()]);
  await stopAll();
});

const endpoint = () => `${gateway.url}/mcp/traced`;

async function spansOf(
  receiver: OtlpReceiver,
  until: (spans: ReceivedSpan[]) => boolean,
): Promise<ReceivedSpan[]> {
  for (let i = 0; i < 60 && !until(receiver.spans); i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return receiver.spans;
}

describe('OpenTelemetry', () => {
  let session: string;

  it('a tool call is a SERVER span of the MCP conventions, a child of the caller’s span', async () => {
    const opened = await initialize(endpoint(), apiKey, { headers: { traceparent } });
    session = opened.sessionId!;
    const answer = await sessionPost(
      endpoint(),
      apiKey,
      session,
      toolCallMessage(7, 'echo', { text: 'mail ada@example.com' }),
      {
        headers: { traceparent, 'x-request-origin': 'e2e-suite' },
      },
    );
    expect(JSON.stringify(answer.body)).toContain('echo: mail [REDACTED:email]');
    // the upstream CLIENT span has the same name and ends first: wait for the SERVER span itself
    const spans = await spansOf(proto, (s) => s.some((x) => x.name === 'tools/call echo' && x.kind === 2));
    const call = spans.find((s) => s.name === 'tools/call echo' && s.kind === 2)!;
    expect(call).toBeDefined();
    expect(call.traceId).toBe(traceId);
    expect(call.parentSpanId).toBe(callerSpan);
    expect(call.resource['service.name']).toBe('mcp-gateway');
    expect(call.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'echo',
      'gen_ai.operation.name': 'execute_tool',
      'jsonrpc.request.id': '7',
      'jsonrpc.protocol.version': '2.0',
      'mcp.protocol.version': SESSION_VERSION,
      'mcp.session.id': session,
      'network.transport': 'tcp',
      'server.address': '127.0.0.1',
      'server.port': gateway.port,
      'user.id': 'olga',
      // payload logging `full`: as forwarded, and the result after the guardrail's redaction
      'gen_ai.tool.call.arguments': '{"text":"mail ada@example.com"}',
      'http.request.header.x-request-origin': ['e2e-suite'],
    });
    expect(String(call.attributes['gen_ai.tool.call.result'])).toContain('[REDACTED:email]');
    expect(String(call.attributes['gen_ai.tool.call.result'])).not.toContain('ada@example.com');
    // credentials are never traced, whatever logging.headers says
    expect(call.attributes['http.request.header.authorization']).toBeUndefined();
    expect(JSON.stringify(spans)).not.toContain(apiKey);
    // the traced headers are in the log of what the gateway did, too
    let events: { detail: { headers?: Record<string, string> } }[] = [];
    for (let i = 0; i < 30 && events.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = (
        (await api.request('GET', '/v1/audit-events?type=guardrail.redacted')).body as {
          items: typeof events;
        }
      ).items;
    }
    expect(events[0]?.detail.headers).toEqual({ 'x-request-origin': 'e2e-suite' });
  });

  it('stages, the guardrail and the upstream call are its children; the upstream continues the trace', async () => {
    const spans = await spansOf(proto, (s) => s.some((x) => x.kind === 3 && x.traceId === traceId));
    const call = spans.find((s) => s.name === 'tools/call echo' && s.kind === 2)!;
    const children = spans.filter((s) => s.parentSpanId === call.spanId);
    const names = children.map((s) => s.name);
    for (const stage of ['authenticate', 'parse-mcp', 'access', 'rate-limit', 'guardrails', 'budget'])
      expect(names).toContain(stage);
    const guardrail = children.find((s) => s.name === 'guardrail mask-email')!;
    expect(guardrail.attributes).toMatchObject({
      'gen_ai.guardrail.verdict.type': 'modify',
      'gen_ai.guardrail.action.type': 'redact',
      'gen_ai.guardrail.security.risk.category': ['pii'],
      'gen_ai.guardrail.target.type': 'tool_call_result',
    });
    const client = children.find((s) => s.kind === 3)!;
    expect(client.name).toBe('tools/call echo');
    expect(client.attributes).toMatchObject({
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
    });
    // the upstream got the trace, with the gateway's CLIENT span as the parent
    expect(received).toContain(`00-${traceId}-${client.spanId}-01`);
  });

  it('traces the arguments of a call only once every stage let it through', async () => {
    for (const id of [31, 32])
      await sessionPost(endpoint(), apiKey, session, toolCallMessage(id, 'stamp', { text: `secret-${id}` }));
    const spans = await spansOf(proto, (s) =>
      s.some((x) => x.name === 'tools/call stamp' && x.attributes['error.type'] === 'rate_limited'),
    );
    const calls = spans.filter((s) => s.name === 'tools/call stamp' && s.kind === 2);
    const limited = calls.find((s) => s.attributes['error.type'] === 'rate_limited')!;
    expect(limited.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(JSON.stringify(spans)).not.toContain('secret-32');
    // the one that went upstream is traced as forwarded
    expect(JSON.stringify(calls)).toContain('secret-31');
  });

  it('the upstream CLIENT span lasts until the answer is in, not until the headers', async () => {
    await sessionPost(endpoint(), apiKey, session, toolCallMessage(41, 'slow'), { headers: { traceparent } });
    const spans = await spansOf(proto, (s) => s.some((x) => x.name === 'tools/call slow' && x.kind === 3));
    const client = spans.find((s) => s.name === 'tools/call slow' && s.kind === 3)!;
    expect(client.durationMs).toBeGreaterThanOrEqual(350);
  });

  it('a tool result with isError is error.type tool_error', async () => {
    await sessionPost(endpoint(), apiKey, session, toolCallMessage(8, 'fail'), { headers: { traceparent } });
    const spans = await spansOf(proto, (s) => s.some((x) => x.name === 'tools/call fail' && x.kind === 2));
    const failed = spans.find((s) => s.name === 'tools/call fail' && s.kind === 2)!;
    expect(failed.attributes['error.type']).toBe('tool_error');
    expect(failed.status.code).toBe(2);
  });

  it('accepts the trace context from params._meta in the stateless era (no session id on the span)', async () => {
    const metaTrace = randomBytes(16).toString('hex');
    const parent = randomBytes(8).toString('hex');
    const request = statelessRequest(9, 'tools/call', { name: 'echo', arguments: { text: 'hi' } });
    const body = JSON.parse(request.body);
    body.params._meta.traceparent = `00-${metaTrace}-${parent}-01`;
    await post(endpoint(), apiKey, JSON.stringify(body), { headers: request.headers });
    const spans = await spansOf(proto, (s) => s.some((x) => x.traceId === metaTrace && x.kind === 2));
    const span = spans.find((s) => s.traceId === metaTrace && s.kind === 2)!;
    expect(span.parentSpanId).toBe(parent);
    expect(span.attributes['mcp.protocol.version']).toBe('2026-07-28');
    expect(span.attributes['mcp.session.id']).toBeUndefined();
    // the upstream finds the gateway's span in _meta (where the caller put its own), and in the header
    const client = (await spansOf(proto, (s) => s.some((x) => x.traceId === metaTrace && x.kind === 3))).find(
      (s) => s.traceId === metaTrace && s.kind === 3,
    )!;
    expect(receivedInMeta).toContain(`00-${metaTrace}-${client.spanId}-01`);
    expect(received).toContain(`00-${metaTrace}-${client.spanId}-01`);
  });

  it('exports the same to an OTLP/JSON sink with its headers, and nothing to a sink sampling none', async () => {
    const spans = await spansOf(json, (s) =>
      s.some((x) => x.name === 'tools/call echo' && x.traceId === traceId && x.kind === 2),
    );
    const call = spans.find((s) => s.name === 'tools/call echo' && s.traceId === traceId && s.kind === 2)!;
    expect(call.parentSpanId).toBe(callerSpan);
    expect(call.attributes['mcp.session.id']).toBe(session);
    const exported = json.exports.find((e) => e.path === '/v1/traces')!;
    expect(exported.contentType).toContain('application/json');
    expect(exported.headers['x-api-key']).toBe('vendor-secret-1');
    expect(proto.exports.find((e) => e.path === '/v1/traces')?.contentType).toContain('protobuf');
    expect(none.spans).toEqual([]);
    // the sink's headers are write-only
    const sinks = await api.request('GET', '/v1/telemetry-sinks?name=vendor');
    expect(sinks.text).not.toContain('vendor-secret-1');
  });

  it('records mcp.server.operation.duration (seconds) and the upstream call duration', async () => {
    const echoPoints = () =>
      proto.points.filter(
        (p) => p.metric === 'mcp.server.operation.duration' && p.attributes['gen_ai.tool.name'] === 'echo',
      );
    // metrics go out on their own timer: wait for the stateless call's series too
    for (
      let i = 0;
      i < 60 && new Set(echoPoints().map((p) => p.attributes['mcp.protocol.version'])).size < 2;
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    const server = echoPoints();
    expect(server.length).toBeGreaterThan(0);
    expect(server[0]!.unit).toBe('s');
    // one series per protocol version: the session-era call and the stateless one
    const versions = new Set(server.map((p) => p.attributes['mcp.protocol.version']));
    expect([...versions].sort()).toEqual(['2025-11-25', '2026-07-28']);
    for (const point of server) {
      expect(point.count).toBeGreaterThanOrEqual(1);
      expect(point.sum).toBeLessThan(10);
    }
    expect(proto.points.some((p) => p.metric === 'mcp.client.operation.duration')).toBe(true);
    expect(proto.points.some((p) => p.metric === 'mcp.gateway.requests')).toBe(true);
    expect(server.every((p) => p.attributes['mcp.gateway.server'] === 'traced')).toBe(true);
  });

  it("a virtual server's call to a member is a CLIENT span of its trace; the member's upstream gets the gateway's context", async () => {
    const created = await api.request('POST', '/v1/servers', {
      name: 'bundle',
      transport: 'virtual',
      members: [{ server: 'traced', prefix: 't_' }],
    });
    expect(created.status, created.text).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the config TTL
    const bundleTrace = randomBytes(16).toString('hex');
    const callerOwn = `00-${bundleTrace}-${randomBytes(8).toString('hex')}-01`;
    const bundle = `${gateway.url}/mcp/bundle`;
    const opened = await initialize(bundle, apiKey, { headers: { traceparent: callerOwn } });
    const answer = await sessionPost(
      bundle,
      apiKey,
      opened.sessionId!,
      toolCallMessage(9, 't_echo', { text: 'hi' }),
      {
        headers: { traceparent: callerOwn },
      },
    );
    expect(JSON.stringify(answer.body)).toContain('echo: hi');
    const spans = await spansOf(proto, (s) =>
      s.some((x) => x.traceId === bundleTrace && x.kind === 3 && x.name === 'tools/call t_echo'),
    );
    const call = spans.find(
      (s) => s.traceId === bundleTrace && s.kind === 2 && s.name === 'tools/call t_echo',
    )!;
    const client = spans.find(
      (s) => s.traceId === bundleTrace && s.kind === 3 && s.parentSpanId === call.spanId,
    )!;
    expect(client.attributes).toMatchObject({ 'mcp.gateway.upstream': 'traced' });
    // the member's upstream continues the gateway's trace, not the caller's span
    expect(received).toContain(`00-${bundleTrace}-${client.spanId}-01`);
    expect(received).not.toContain(callerOwn);
  });

  it('names no server in metrics that a request only made up in its path', async () => {
    for (const name of ['made-up-1', 'made-up-2'])
      await fetch(`${gateway.url}/mcp/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(toolCallMessage(1, 'echo')),
      });
    const unknown = () =>
      proto.points.filter(
        (p) => p.metric === 'mcp.gateway.requests' && p.attributes['mcp.gateway.server'] === '(unresolved)',
      );
    for (let i = 0; i < 60 && unknown().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(unknown().length).toBeGreaterThan(0);
    expect(JSON.stringify(proto.points)).not.toContain('made-up-');
  });
});
