import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guardrail, Server } from '../core/config.js';
import { GatewayError, isGatewayMade, toJsonRpcError } from '../core/errors.js';
import { envelope, type McpAnswer } from '../mcp/answer.js';
import { viewOf as view } from '../mcp/test-support.js';
import {
  type Instruments,
  MAX_SERIES_NAMES,
  MAX_TRACED_NAME,
  MAX_VENDOR_METHODS,
  OTHER_NAMES,
  RequestTrace,
} from './request-trace.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
afterEach(() => exporter.reset());

const server = { name: 'up' } as Server;
const request = { method: 'POST', path: '/mcp/up', headers: {}, query: {}, body: '{}' };
/** A request's trace with the test tracer and no metrics, but those `over` gives. */
const traceOf = (over: Partial<Instruments> = {}, req = request, serverName = 'up') =>
  new RequestTrace(
    {
      tracer: provider.getTracer('test'),
      serverDuration: undefined,
      clientDuration: undefined,
      requests: undefined,
      ...over,
    },
    req,
    serverName,
  );
function traced(messages: object[]): RequestTrace {
  const trace = traceOf();
  trace.describe({ mcp: view(messages), server });
  return trace;
}
/** A request's trace outside every sink's share (its spans are not recorded). */
const unsampled = (req: typeof request) =>
  traceOf({ tracer: new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('t') }, req);
/** A request's trace whose request counter records each series' attributes into `recorded`. */
const metered = (recorded: Record<string, unknown>[], server: string) =>
  traceOf(
    {
      requests: {
        add: (_n: number, attributes?: Record<string, unknown>) => recorded.push(attributes ?? {}),
      } as never,
    },
    request,
    server,
  );
const root = (): ReadableSpan => exporter.getFinishedSpans().find((s) => s.parentSpanContext === undefined)!;

describe('the request span', () => {
  it('names a POST of client answers only after no DELETE', () => {
    const trace = traced([{ id: 'srv-1', result: { action: 'accept' } }]);
    trace.end();
    expect(root().name).toBe('mcp');
    expect(root().attributes['mcp.method.name']).toBeUndefined();
  });

  it("records an operation's duration for a method only: not a POST of client answers", () => {
    const durations: Record<string, unknown>[] = [];
    const requests: Record<string, unknown>[] = [];
    const timed = (messages: object[]) => {
      const trace = traceOf({
        serverDuration: { record: (_s: number, a?: object) => durations.push({ ...a }) } as never,
        requests: { add: (_n: number, a?: object) => requests.push({ ...a }) } as never,
      });
      trace.describe({ mcp: view(messages), server });
      trace.end();
    };
    timed([{ id: 'srv-1', result: { action: 'accept' } }]);
    timed([{ id: 1, method: 'ping' }]);
    expect(durations).toEqual([expect.objectContaining({ 'mcp.method.name': 'ping' })]);
    expect(requests).toHaveLength(2);
  });

  it("traces the arguments of the call the span is named after, never another's of its batch", () => {
    const full = { name: 'up', logging: { payloads: 'full' } } as Server;
    const batch = (refusedFirst: boolean) => {
      const trace = traceOf();
      const mcp = view([
        { id: 1, method: 'tools/call', params: { name: 'a', arguments: { secret: 'of-a' } } },
        { id: 2, method: 'tools/call', params: { name: 'b', arguments: { note: 'of-b' } } },
      ]);
      if (refusedFirst) mcp.refused.set(0, new GatewayError('access_denied', 'no'));
      trace.describe({ mcp, server: full });
      trace.upstream(full, 'http://up.test/mcp').end({ status: 200 });
      trace.end();
      const span = root();
      exporter.reset();
      expect(span.name).toBe('tools/call a');
      return span.attributes['gen_ai.tool.call.arguments'];
    };
    expect(batch(false)).toBe('{"secret":"of-a"}');
    expect(batch(true)).toBeUndefined();
  });

  it('carries a resource URI as the guardrail shows it, never as sent', () => {
    const trace = traced([
      { id: 1, method: 'resources/read', params: { uri: 'file:///notes/AKIAIOSFODNN7EXAMPLE' } },
    ]);
    trace.guardrail({
      guardrail: { name: 'keys' } as Guardrail,
      direction: 'input',
      action: 'block',
      counts: { aws_access_key: 1 },
      subject: { kind: 'resource', name: 'file:///notes/[REDACTED]', method: 'resources/read' } as never,
    });
    trace.end(new GatewayError('guardrail_blocked', 'blocked'));
    const attributes = root().attributes;
    expect(attributes['mcp.resource.uri']).toBe('file:///notes/[REDACTED]');
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain('AKIA');
    // a refusal thrown, not answered in band, still names its JSON-RPC code
    expect(attributes['rpc.response.status_code']).toEqual(expect.any(String));
    expect(attributes['error.type']).toBe('guardrail_blocked');
  });

  it('carries a resource URI without what may hold a credential: user info, query and fragment', () => {
    const uri = 'https://alice:pw@files.test/q3.pdf?X-Amz-Signature=c0ffee#page=2';
    const trace = traced([{ id: 1, method: 'resources/read', params: { uri } }]);
    trace.upstream(server, 'http://127.0.0.1:9/mcp').end({ status: 200 });
    trace.end();
    const exported = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes]));
    expect(root().attributes['mcp.resource.uri']).toMatch(/^https:\/\/files\.test\/q3\.pdf…#[\w-]{24}$/);
    for (const secret of ['alice', 'pw@', 'c0ffee', 'page=2']) expect(exported).not.toContain(secret);
  });

  it('keeps a bounded number of tool names apart in metrics: made-up names add no series past it', async () => {
    const recorded: Record<string, unknown>[] = [];
    const counting = (name: string, forwarded = true) => {
      const trace = metered(recorded, 'metered');
      const server = { name: 'metered' } as Server;
      trace.describe({ mcp: view([{ id: 1, method: 'tools/call', params: { name } }]), server });
      if (forwarded) trace.upstream(server, 'http://up.test/mcp').end({ status: 200 });
      trace.end();
    };
    // forwarded, and answered as a tool the server does not have: no room taken either
    for (let i = 0; i < MAX_SERIES_NAMES + 50; i++) {
      const trace = metered(recorded, 'metered');
      const server = { name: 'metered' } as Server;
      trace.describe({
        mcp: view([{ id: 1, method: 'tools/call', params: { name: `unknown-${i}` } }]),
        server,
      });
      trace.upstream(server, 'http://up.test/mcp').end({ status: 200 });
      const unknown = envelope({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Unknown tool' } });
      const answer: McpAnswer = {
        status: 200,
        headers: {},
        format: 'json',
        items: (async function* () {
          yield unknown;
        })(),
      };
      for await (const _ of trace.follow(answer).items);
    }
    expect(new Set(recorded.map((a) => a['gen_ai.tool.name']))).toEqual(new Set([OTHER_NAMES]));
    recorded.length = 0;
    // a real tool that timed out is a series of its own: its failures are what a dashboard must show
    const slow = metered(recorded, 'timing-out');
    const metered_ = { name: 'timing-out' } as Server;
    slow.describe({
      mcp: view([{ id: 1, method: 'tools/call', params: { name: 'slow' } }]),
      server: metered_,
    });
    slow
      .upstream(metered_, 'http://up.test/mcp')
      .end({ error: new GatewayError('upstream_timeout', 'late') });
    slow.end(new GatewayError('upstream_timeout', 'late'));
    expect(recorded.pop()?.['gen_ai.tool.name']).toBe('slow');
    // a virtual server's call carried to its member reached a server as well
    const virtual = metered(recorded, 'virtual');
    virtual.describe({
      mcp: view([{ id: 1, method: 'tools/call', params: { name: 'docs__search' } }]),
      server: { name: 'virtual', transport: 'virtual' } as Server,
    });
    virtual.memberCalled();
    virtual.end();
    expect(recorded.pop()?.['gen_ai.tool.name']).toBe('docs__search');
    // refused calls (never forwarded) of made-up tools take no room: they count as one
    for (let i = 0; i < MAX_SERIES_NAMES + 50; i++) counting(`refused-${i}`, false);
    expect(new Set(recorded.map((a) => a['gen_ai.tool.name']))).toEqual(new Set([OTHER_NAMES]));
    recorded.length = 0;
    for (let i = 0; i < MAX_SERIES_NAMES + 50; i++) counting(`made-up-${i}`);
    counting('made-up-0', false); // a name kept before is still itself, refused or not
    const names = new Set(recorded.map((a) => a['gen_ai.tool.name']));
    expect(names.size).toBe(MAX_SERIES_NAMES + 1);
    expect(names.has(OTHER_NAMES)).toBe(true);
    expect(recorded.at(-1)?.['gen_ai.tool.name']).toBe('made-up-0');
  });

  it("keeps MCP's methods apart in metrics however many made-up methods callers send", () => {
    const recorded: Record<string, unknown>[] = [];
    const calling = (method: string) => {
      const trace = metered(recorded, 'methods');
      const server = { name: 'methods' } as Server;
      trace.describe({ mcp: view([{ id: 1, method }]), server });
      trace.upstream(server, 'http://up.test/mcp').end({ status: 200 });
      trace.end();
    };
    for (let i = 0; i < MAX_SERIES_NAMES + 50; i++) calling(`vendor/made-up-${i}`);
    const vendor = new Set(recorded.map((a) => a['mcp.method.name']));
    expect(vendor.size).toBe(MAX_VENDOR_METHODS + 1);
    expect(vendor.has(OTHER_NAMES)).toBe(true);
    recorded.length = 0;
    calling('prompts/get');
    expect(recorded.map((a) => a['mcp.method.name'])).toEqual(['prompts/get']);
  });

  it('names the protocol version an initialize asks for (it has no version header yet)', () => {
    exporter.reset();
    const trace = traced([
      { id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {} } },
    ]);
    trace.end();
    expect(root().attributes['mcp.protocol.version']).toBe('2025-06-18');
    exporter.reset();
    const odd = traced([{ id: 0, method: 'initialize', params: { protocolVersion: 42 } }]);
    odd.end();
    expect(root().attributes).not.toHaveProperty('mcp.protocol.version');
  });

  it('keeps what a caller says short in spans and to known values in metrics', () => {
    const recorded: Record<string, unknown>[] = [];
    const trace = metered(recorded, 'long');
    const long = 'x'.repeat(100_000);
    const server = { name: 'long' } as Server;
    trace.describe({
      mcp: {
        // a tool's name is at most 512 bytes (a longer one names no tool), past what a span keeps
        ...view([{ id: `i-${long}`, method: 'tools/call', params: { name: long.slice(0, 512) } }]),
        protocolVersion: `v-${long}`,
      },
      server,
    });
    trace.upstream(server, 'http://up.test/mcp').end({ status: 200 });
    trace.end();
    const clipped = `${'x'.repeat(MAX_TRACED_NAME)}…`;
    expect(root().name).toBe(`tools/call ${clipped}`);
    expect(root().attributes['gen_ai.tool.name']).toBe(clipped);
    expect((root().attributes['mcp.protocol.version'] as string).length).toBe(MAX_TRACED_NAME + 1);
    expect((root().attributes['jsonrpc.request.id'] as string).length).toBe(MAX_TRACED_NAME + 1);
    expect(recorded[0]).toMatchObject({ 'gen_ai.tool.name': clipped, 'mcp.protocol.version': OTHER_NAMES });
  });

  it("names an HTTP upstream's address and port on its span, none for a Lambda function; its duration as measured", async () => {
    exporter.reset();
    const trace = traced([{ id: 1, method: 'tools/call', params: { name: 'x' } }]);
    // measured around the span's whole life (a pause between its start and the clock read would not be)
    const started = performance.now();
    const http = trace.upstream(server, 'https://up.test:8443/mcp');
    const lambda = trace.upstream(server, 'lambda:mcp-tools');
    await new Promise((resolve) => setTimeout(resolve, 60));
    http.end({ status: 200 });
    const took = performance.now() - started;
    lambda.end({ status: 200 });
    trace.end();
    const [httpSpan, lambdaSpan] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(httpSpan!.attributes).toMatchObject({
      'server.address': 'up.test',
      'server.port': 8443,
      'network.protocol.name': 'http',
    });
    expect(lambdaSpan!.attributes['server.address']).toBeUndefined();
    expect(lambdaSpan!.attributes['server.port']).toBeUndefined();
    expect(lambdaSpan!.attributes['network.protocol.name']).toBeUndefined();
    const ms = httpSpan!.duration[0] * 1000 + httpSpan!.duration[1] / 1e6;
    expect(ms).toBeGreaterThanOrEqual(55);
    expect(ms).toBeLessThanOrEqual(took + 5);
  });

  /** A traced tool call answered with the JSON-RPC `error` (its message added), read to its end. */
  /** A JSON-RPC error the gateway made, as its stages make them. */
  const ownError = (code: ConstructorParameters<typeof GatewayError>[0]) =>
    toJsonRpcError(new GatewayError(code, 'no'));
  const callAnswered = async (error: object) => {
    exporter.reset();
    const trace = traced([{ id: 1, method: 'tools/call', params: { name: 'x' } }]);
    const answer: McpAnswer = {
      status: 200,
      headers: {},
      format: 'json',
      items: (async function* () {
        // an error the gateway made stays the very object it made (it is known by it)
        yield envelope({
          jsonrpc: '2.0',
          id: 1,
          error: (isGatewayMade(error) ? error : { message: 'no', ...error }) as never,
        });
      })(),
    };
    for await (const _ of trace.follow(answer).items);
  };

  it('takes error.type from the gateway’s own codes, never from what an upstream put there', async () => {
    // an upstream's data.code is its own, one of the gateway's codes too (another gateway in front of it)
    for (const code of ['my-upstream-code-123', 'upstream_timeout', 'access_denied']) {
      await callAnswered({ code: -32000, data: { code } });
      expect(root().attributes['error.type'], code).toBe('-32000');
      expect(root().status.code, code).toBe(SpanStatusCode.ERROR);
    }
    await callAnswered(ownError('upstream_timeout'));
    expect(root().attributes['error.type']).toBe('upstream_timeout');
  });

  it('counts the error codes an upstream makes up as one metric series, JSON-RPC’s and MCP’s apart', async () => {
    const recorded: Record<string, unknown>[] = [];
    for (const code of [12345, -32601, 777, -32002]) {
      const trace = metered(recorded, 'codes');
      trace.describe({
        mcp: view([{ id: 1, method: 'tools/call', params: { name: 'x' } }]),
        server: { name: 'codes' } as Server,
      });
      const answer: McpAnswer = {
        status: 200,
        headers: {},
        format: 'json',
        items: (async function* () {
          yield envelope({ jsonrpc: '2.0', id: 1, error: { code, message: 'no' } });
        })(),
      };
      for await (const _ of trace.follow(answer).items);
    }
    expect(recorded.map((attributes) => attributes['error.type'])).toEqual([
      '_OTHER',
      '-32601',
      '_OTHER',
      '-32002',
    ]);
  });

  it('marks a span an error for a fault of the server’s, not for a refusal answered in band', async () => {
    const statusOf = async (error: object) => {
      await callAnswered(error);
      return root().status.code;
    };
    expect(await statusOf(ownError('access_denied'))).toBe(SpanStatusCode.UNSET);
    expect(await statusOf(ownError('rate_limited'))).toBe(SpanStatusCode.UNSET);
    expect(await statusOf({ code: -32602 })).toBe(SpanStatusCode.UNSET);
    // an upstream's "resource not found" is the caller's fault too; the gateway's upstream faults are not
    expect(await statusOf({ code: -32002 })).toBe(SpanStatusCode.UNSET);
    expect(await statusOf(ownError('upstream_timeout'))).toBe(SpanStatusCode.ERROR);
    expect(await statusOf(ownError('upstream_unavailable'))).toBe(SpanStatusCode.ERROR);
    expect(await statusOf({ code: -32000 })).toBe(SpanStatusCode.ERROR);
  });

  it("names a refusal of the caller's on each stage span it passed, marking only the gateway's faults errors", async () => {
    const stageSpan = async (thrown: GatewayError) => {
      exporter.reset();
      const trace = traced([{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } }]);
      await expect(
        trace.stage('authenticate', {}, () => trace.stage('rate-limit', {}, () => Promise.reject(thrown))),
      ).rejects.toBe(thrown);
      trace.end(thrown);
      const spans = exporter
        .getFinishedSpans()
        .filter((s) => s.attributes['mcp.gateway.stage'] !== undefined);
      expect(spans.map((s) => s.name).sort()).toEqual(['authenticate', 'rate-limit']);
      return spans.map((s) => [s.status.code, s.attributes['error.type']]);
    };
    for (const code of ['unauthorized', 'access_denied', 'rate_limited'] as const)
      expect(await stageSpan(new GatewayError(code, 'no'))).toEqual([
        [SpanStatusCode.UNSET, code],
        [SpanStatusCode.UNSET, code],
      ]);
    expect(await stageSpan(new GatewayError('upstream_unavailable', 'down'))).toEqual([
      [SpanStatusCode.ERROR, 'upstream_unavailable'],
      [SpanStatusCode.ERROR, 'upstream_unavailable'],
    ]);
  });

  /** A call's trace followed through an answer of `first` that then breaks off with an upstream error. */
  const brokenAfter = async (first: object) => {
    const trace = traced([{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } }]);
    const answer: McpAnswer = {
      status: 200,
      headers: {},
      format: 'sse',
      items: (async function* () {
        yield envelope({ jsonrpc: '2.0', ...first } as never);
        throw new GatewayError('upstream_error', 'broke');
      })(),
    };
    await expect(
      (async () => {
        for await (const _ of trace.follow(answer).items);
      })(),
    ).rejects.toThrow('broke');
    return root();
  };

  it('marks a span an error when its answer breaks off mid-stream, with the error it is answered with', async () => {
    const span = await brokenAfter({ method: 'notifications/progress', params: { progress: 1 } });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('upstream_error');
  });

  it('leaves a span alone when its answer breaks off after the request was answered', async () => {
    const span = await brokenAfter({ id: 1, result: { content: [] } });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
  });

  const callerParent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('takes the caller’s context from the first message’s _meta only, not from an argument', () => {
    const inArguments = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'x', arguments: { headers: { traceparent: callerParent } } },
    });
    const inMeta = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'x', _meta: { traceparent: callerParent } },
    });
    for (const [body, parented] of [
      [inArguments, false],
      [inMeta, true],
    ] as const) {
      exporter.reset();
      const trace = new RequestTrace(
        {
          tracer: provider.getTracer('t'),
          serverDuration: undefined,
          clientDuration: undefined,
          requests: undefined,
        },
        { ...request, body },
        'up',
      );
      trace.end();
      const span = exporter.getFinishedSpans()[0]!;
      expect(span.spanContext().traceId === '0af7651916cd43dd8448eb211c80319c', body).toBe(parented);
    }
  });

  it('sends the caller’s own context upstream when its trace is outside the share (not a span no one sees)', () => {
    const trace = unsampled({ ...request, headers: { traceparent: callerParent, baggage: 'tenant=acme' } });
    const call = trace.upstream(server, 'http://127.0.0.1:9/mcp');
    expect(call.headers['traceparent']).toBe(callerParent);
    expect(call.headers['baggage']).toBe('tenant=acme');
    call.end({ status: 200 });
    trace.end();
  });

  it('tells the upstream a trace it started was not sampled, when no caller sent one', () => {
    const trace = unsampled(request);
    const call = trace.upstream(server, 'http://127.0.0.1:9/mcp');
    expect(call.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    call.end({ status: 200 });
    trace.end();
  });

  const clientSpan = () => exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CLIENT)!;

  it('names and attributes the upstream call as the request (its target, request id, URI)', () => {
    const prompt = traced([{ id: 7, method: 'prompts/get', params: { name: 'code_review' } }]);
    prompt.upstream(server, 'http://127.0.0.1:9/mcp').end({ status: 200 });
    prompt.end();
    expect(clientSpan().name).toBe('prompts/get code_review');
    expect(clientSpan().attributes).toMatchObject({
      'mcp.method.name': 'prompts/get',
      'gen_ai.prompt.name': 'code_review',
      'jsonrpc.request.id': '7',
    });
    exporter.reset();
    const read = traced([{ id: 'r', method: 'resources/read', params: { uri: 'file:///a.txt' } }]);
    read.upstream(server, 'http://127.0.0.1:9/mcp').end({ status: 200 });
    read.end();
    expect(clientSpan().name).toBe('resources/read');
    expect(clientSpan().attributes['mcp.resource.uri']).toBe('file:///a.txt');
  });

  it('marks the upstream call failed for an error the upstream answered, a tool’s error or a 4xx', async () => {
    /** `readWhole`: the call ends before its answer goes by the stages (a JSON body), else after (a stream). */
    const outcome = async (answered: object | undefined, status = 200, readWhole = true) => {
      exporter.reset();
      const trace = traced([{ id: 1, method: 'tools/call', params: { name: 'x' } }]);
      const call = trace.upstream(server, 'http://127.0.0.1:9/mcp');
      if (readWhole) call.end({ status });
      if (answered !== undefined) {
        const answer: McpAnswer = {
          status: 200,
          headers: {},
          format: 'json',
          items: (async function* () {
            yield envelope({ jsonrpc: '2.0', id: 1, ...answered } as never);
          })(),
        };
        for await (const _ of trace.follow(answer).items);
      }
      if (!readWhole) call.end({ status });
      trace.end();
      const span = clientSpan();
      return [span.status.code, span.attributes['error.type'], span.attributes['rpc.response.status_code']];
    };
    expect(await outcome({ error: { code: -32603, message: 'broke' } })).toEqual([
      SpanStatusCode.ERROR,
      '-32603',
      '-32603',
    ]);
    expect(await outcome({ result: { content: [], isError: true } })).toEqual([
      SpanStatusCode.ERROR,
      'tool_error',
      undefined,
    ]);
    // the same, streamed: the answer went by before the call's end
    expect(await outcome({ error: { code: -32603, message: 'broke' } }, 200, false)).toEqual([
      SpanStatusCode.ERROR,
      '-32603',
      '-32603',
    ]);
    // the caller's fault is recorded, not an error of the upstream's
    expect(await outcome({ error: { code: -32602, message: 'bad' } })).toEqual([
      SpanStatusCode.UNSET,
      '-32602',
      '-32602',
    ]);
    // an error the gateway answered in the upstream's place (its own code) is not the upstream's answer
    expect(await outcome({ error: ownError('access_denied') })).toEqual([
      SpanStatusCode.UNSET,
      undefined,
      undefined,
    ]);
    expect(await outcome(undefined, 401)).toEqual([SpanStatusCode.ERROR, '401', undefined]);
    expect(await outcome({ result: { content: [] } })).toEqual([SpanStatusCode.UNSET, undefined, undefined]);
  });

  it("keeps the upstream call's metric to known error series (the span keeps the code as it came)", async () => {
    const series = async (answered: object, status = 200) => {
      const recorded: Record<string, unknown>[] = [];
      const trace = new RequestTrace(
        {
          tracer: provider.getTracer('test'),
          serverDuration: undefined,
          clientDuration: {
            record: (_s: number, attributes?: Record<string, unknown>) => recorded.push(attributes ?? {}),
          } as never,
          requests: undefined,
        },
        request,
        'up',
      );
      trace.describe({ mcp: view([{ id: 1, method: 'tools/call', params: { name: 'x' } }]), server });
      const call = trace.upstream(server, 'http://127.0.0.1:9/mcp');
      call.end({ status });
      const answer: McpAnswer = {
        status: 200,
        headers: {},
        format: 'json',
        items: (async function* () {
          yield envelope({ jsonrpc: '2.0', id: 1, ...answered } as never);
        })(),
      };
      for await (const _ of trace.follow(answer).items);
      trace.end();
      return recorded.map((attributes) => attributes['error.type']);
    };
    expect(await series({ error: { code: 4242, message: 'made up' } })).toEqual(['_OTHER']);
    expect(await series({ error: { code: -32099, message: 'made up' } })).toEqual(['_OTHER']);
    expect(await series({ error: { code: -32603, message: 'broke' } })).toEqual(['-32603']);
    expect(await series({ result: { content: [], isError: true } })).toEqual(['tool_error']);
    // an HTTP status stays itself
    expect(await series({ result: { content: [] } }, 503)).toEqual(['503']);
  });

  it('takes the server address and port from an IPv6 Host header', () => {
    for (const [host, address, port] of [
      ['[::1]:8080', '::1', 8080],
      ['gateway.example:80', 'gateway.example', 80],
      ['gateway.example', 'gateway.example', undefined],
    ] as const) {
      exporter.reset();
      new RequestTrace(
        {
          tracer: provider.getTracer('t'),
          serverDuration: undefined,
          clientDuration: undefined,
          requests: undefined,
        },
        { ...request, headers: { host } },
        'up',
      ).end();
      expect(root().attributes['server.address'], host).toBe(address);
      expect(root().attributes['server.port'], host).toBe(port);
    }
  });

  it('says once that it ended (the telemetry keeps replaced sinks until then)', () => {
    let ended = 0;
    const trace = new RequestTrace(
      {
        tracer: provider.getTracer('t'),
        serverDuration: undefined,
        clientDuration: undefined,
        requests: undefined,
      },
      request,
      'up',
      () => ended++,
    );
    trace.end();
    trace.end(new Error('late'));
    expect(ended).toBe(1);
  });
});
