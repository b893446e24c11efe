/**
 * The OpenTelemetry SDK set up for the configured telemetry sinks: one tracer provider whose span
 * processors export each sink's share of traces (sampled by trace id, so a trace is kept or dropped whole;
 * a trace in no sink's share is not recorded at all) and one meter provider with a periodic reader per metrics sink, all over OTLP/HTTP (protobuf or JSON).
 * Exports are batched in the background; `flush` writes what is pending (a Lambda invocation's end).
 */

import { createHash } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { Context } from '@opentelemetry/api';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { TelemetrySink } from '../core/config.js';
import { portOf } from '../core/url-guard.js';

export interface SinkSettings {
  /** How often batches of spans and metrics are exported (ms). */
  intervalMs: number;
  /**
   * Every sink configured, those this instance cannot reach now too: the sampling salt is theirs, the
   * same on every instance (else a trace crossing instances is kept by a sink on some, not on others).
   */
  configured?: readonly TelemetrySink[];
  serviceVersion: string;
  /**
   * This process's `service.instance.id`: instances export cumulative metric series with the same
   * attributes otherwise, and a collector would take ten Lambda instances' counts for one that resets.
   */
  instanceId: string;
  /**
   * Resolves the collectors' host names for each connection the exporters open to a port, refusing
   * addresses the outbound guard blocks there (DNS rebinding); the exporters speak plain Node HTTP, not the
   * guarded client.
   */
  lookupFor?: (port: number) => LookupFunction;
}

/**
 * The salt of the sampling decision: a caller chooses its trace id (`traceparent`), so a rule over the
 * bare id would let it put every request of its own in a sink's share (or none of them). Made of the
 * sinks' ids, which callers never see and every instance reads alike: a trace is kept or dropped whole
 * across instances.
 */
export function saltOf(sinks: readonly TelemetrySink[]): Uint32Array {
  const ids = sinks.map((sink) => sink.id ?? sink.name).sort();
  return new Uint32Array(createHash('sha256').update(ids.join('\n')).digest().buffer.slice(0, 16));
}

/**
 * Whether a trace is in a sink's share: the trace id mixed with the salt, against the ratio (the same for
 * every span of the trace, and sinks of smaller shares hold subsets).
 */
export function sampled(traceId: string, ratio: number, salt: Uint32Array): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  let h = 0;
  for (let i = 0; i < 4; i++) {
    const word = (Number.parseInt(traceId.slice(i * 8, i * 8 + 8), 16) ^ salt[i]!) >>> 0;
    h = Math.imul(h ^ word, 0x9e3779b1);
    h ^= h >>> 16;
  }
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32 < ratio;
}

/** Passes the spans of its sink's share of traces on to that sink's batch processor. */
class SampledProcessor implements SpanProcessor {
  constructor(
    private readonly ratio: number,
    private readonly inner: SpanProcessor,
    private readonly salt: Uint32Array,
  ) {}
  onStart(_span: Span, _context: Context): void {}
  onEnd(span: ReadableSpan): void {
    if (sampled(span.spanContext().traceId, this.ratio, this.salt)) this.inner.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/**
 * An exporter whose exports under way a flush waits for: a batch processor starts an export by itself
 * once a batch is full, and its `forceFlush` exports only what is still queued. On Lambda, a function
 * frozen while such an export is out loses its spans.
 */
class TrackedExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly underWay: Set<Promise<void>>,
  ) {}
  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    let settle: () => void = () => {};
    const exported = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.underWay.add(exported);
    this.inner.export(spans, (result) => {
      this.underWay.delete(exported);
      settle();
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * Records a trace only when some sink's share holds it (the largest share, by the same rule), so the
 * traces every sink would drop cost no spans at all. The caller's sampled flag decides nothing: a client
 * could otherwise keep its requests out of every trace.
 */
export class ShareSampler implements Sampler {
  constructor(
    private readonly ratio: number,
    private readonly salt: Uint32Array,
  ) {}

  shouldSample(_context: Context, traceId: string): SamplingResult {
    return {
      decision: sampled(traceId, this.ratio, this.salt)
        ? SamplingDecision.RECORD_AND_SAMPLED
        : SamplingDecision.NOT_RECORD,
    };
  }

  toString(): string {
    return `ShareSampler{${this.ratio}}`;
  }
}

export interface Providers {
  tracer: BasicTracerProvider | undefined;
  meter: MeterProvider | undefined;
  flush(): Promise<void>;
  /** The span exports out now (a batch processor starts one by itself once a batch is full). */
  underWay(): Promise<void>[];
  shutdown(): Promise<void>;
}

/**
 * Spans waiting for a collector (one that is down loses the newest beyond this) and spans per export. A
 * span with payloads traced holds up to 2 × `MAX_PAYLOAD` characters: the queue stays within about 128 MB
 * at worst, and one export within about 12 MB of OTLP (a collector's default body limit is 20 MiB).
 */
const MAX_QUEUED_SPANS = 2048;
const MAX_BATCH_SPANS = 128;

/** A signal's URL under a sink's endpoint: the signal's path joins the endpoint's, its query kept. */
const signalUrl = (endpoint: string, path: string) => {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.hash = '';
  return url.href;
};
const agent = (settings: SinkSettings, endpoint: string) =>
  settings.lookupFor === undefined
    ? {}
    : { httpAgentOptions: { keepAlive: true, lookup: settings.lookupFor(portOf(new URL(endpoint))) } };

/** The process's OTLP header settings, which the exporters would add to every sink's requests. */
const ENVIRONMENT_HEADERS = /^OTEL_EXPORTER_OTLP_(?:TRACES_|METRICS_|LOGS_)?HEADERS$/;

/**
 * Builds an exporter that sends its sink's own headers only: the OpenTelemetry exporters merge
 * `OTEL_EXPORTER_OTLP_*HEADERS` of the environment (a vendor key a Lambda layer sets, say) into every
 * export, which would hand them to any collector an admin names. They read them while being built.
 */
function ownHeadersOnly<T>(build: () => T): T {
  const set = Object.keys(process.env).filter((name) => ENVIRONMENT_HEADERS.test(name));
  const saved = set.map((name) => [name, process.env[name]] as const);
  for (const name of set) delete process.env[name];
  try {
    return build();
  } finally {
    for (const [name, value] of saved) process.env[name] = value;
  }
}

export function providersFor(sinks: readonly TelemetrySink[], settings: SinkSettings): Providers {
  const resource = resourceFromAttributes({
    'service.name': 'mcp-gateway',
    'service.version': settings.serviceVersion,
    'service.instance.id': settings.instanceId,
  });
  const spanProcessors: SpanProcessor[] = [];
  /** The span exports under way, of every sink: a flush waits for them. */
  const underWay = new Set<Promise<void>>();
  const readers: PeriodicExportingMetricReader[] = [];
  const salt = saltOf(settings.configured ?? sinks);
  let largestShare = 0;
  for (const sink of sinks) {
    const signals = sink.signals ?? ['traces', 'metrics'];
    const headers = { ...(sink.headers ?? {}) };
    const json = sink.protocol === 'http/json';
    if (signals.includes('traces')) {
      largestShare = Math.max(largestShare, sink.sampling ?? 1);
      const options = {
        url: signalUrl(sink.endpoint, '/v1/traces'),
        headers,
        ...agent(settings, sink.endpoint),
      };
      const exporter = new TrackedExporter(
        ownHeadersOnly(() => (json ? new JsonTraceExporter(options) : new ProtoTraceExporter(options))),
        underWay,
      );
      spanProcessors.push(
        new SampledProcessor(
          sink.sampling ?? 1,
          new BatchSpanProcessor(exporter, {
            scheduledDelayMillis: settings.intervalMs,
            maxQueueSize: MAX_QUEUED_SPANS,
            maxExportBatchSize: MAX_BATCH_SPANS,
          }),
          salt,
        ),
      );
    }
    if (signals.includes('metrics')) {
      const options = {
        url: signalUrl(sink.endpoint, '/v1/metrics'),
        headers,
        ...agent(settings, sink.endpoint),
      };
      const exporter = ownHeadersOnly(() =>
        json ? new JsonMetricExporter(options) : new ProtoMetricExporter(options),
      );
      readers.push(
        new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: settings.intervalMs }),
      );
    }
  }
  const tracer =
    spanProcessors.length > 0
      ? new BasicTracerProvider({ resource, spanProcessors, sampler: new ShareSampler(largestShare, salt) })
      : undefined;
  const meter = readers.length > 0 ? new MeterProvider({ resource, readers }) : undefined;
  return {
    tracer,
    meter,
    async flush() {
      await Promise.all([tracer?.forceFlush(), meter?.forceFlush(), ...underWay]);
    },
    underWay: () => [...underWay],
    async shutdown() {
      await Promise.all([tracer?.shutdown(), meter?.shutdown()]);
    },
  };
}
