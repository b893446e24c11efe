/**
 * Telemetry for the data plane, configured by `/v1/telemetry-sinks`: the SDK providers follow the sinks as
 * the configuration changes (rebuilt when a sink is added, changed or removed; the old ones flushed and
 * shut down in the background). Without sinks a request costs one cached configuration read and nothing
 * else. Sink endpoints pass the outbound address guard before anything is exported to them.
 */
import type { LookupFunction } from 'node:net';
import type { ConfigReader, TelemetrySink } from '../core/config.js';
import type { HttpRequest } from '../core/http.js';
import { onFirstUse } from '../core/lazy.js';
import type { UrlGuard } from '../core/url-guard.js';
import type { Instruments, RequestTrace } from './request-trace.js';
import type { Providers } from './sinks.js';

export type { RequestTrace } from './request-trace.js';

/** The tracing of a request (and the OpenTelemetry API it needs), loaded once a sink wants traces. */
const requestTraces = onFirstUse(() => import('./request-trace.js'));

/** The conventions' advice for MCP operation durations (seconds). */
/** The longest a flush holds an answer back (Lambda): a slow or unreachable collector costs spans, not calls. */
const FLUSH_LIMIT_MS = 1500;
/** A sink whose address could not be checked (its name did not resolve yet) is tried again after this. */
const RECHECK_MS = 60_000;

const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

export interface TelemetryOptions {
  config: Pick<ConfigReader, 'telemetrySinks'>;
  guard: UrlGuard;
  log: (line: string) => void;
  /** How often spans and metrics are exported (ms). Default 10 s. */
  intervalMs?: number;
  /** Checks each exporter connection's address (see `SinkSettings.lookup`). */
  lookup?: LookupFunction;
  serviceVersion?: string;
}

interface Active {
  fingerprint: string;
  /** When the sinks left out for a failed address check are checked again. */
  recheckAt?: number;
  left?: readonly TelemetrySink[];
  providers: Providers | undefined;
  instruments: Instruments | undefined;
}

const fingerprintOf = (sinks: readonly TelemetrySink[]) =>
  sinks.map((s) => `${s.id ?? s.name}@${s.version ?? 0}`).join(',');

/**
 * `work`, waited for at most {@link FLUSH_LIMIT_MS}: an exporter whose collector is down holds nothing up.
 * True when it was done in time.
 */
async function bounded(work: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), FLUSH_LIMIT_MS);
    timer.unref?.();
  });
  const done = await Promise.race([work.then(() => true), limit]);
  clearTimeout(timer);
  return done;
}

export class Telemetry {
  private active: Active = { fingerprint: '', providers: undefined, instruments: undefined };
  private building: Promise<Active> | undefined;
  /** A flush that outlasted its bound and goes on: until it ends, flushes hold no answer back. */
  private stalled: Promise<void> | undefined;

  constructor(private readonly options: TelemetryOptions) {}

  /** The trace of one request, or undefined when no sink wants one. */
  async begin(request: HttpRequest, serverName: string): Promise<RequestTrace | undefined> {
    const { instruments } = await this.current();
    if (instruments === undefined) return undefined;
    const { RequestTrace } = await requestTraces();
    return new RequestTrace(instruments, request, serverName);
  }

  /**
   * Exports what is pending now (before a Lambda invocation ends). What is not out within the bound is
   * exported with the next flush or interval; and while a collector has not taken the last flush, answers
   * no longer wait for it at all (a collector that hangs costs one answer its bound, not every answer).
   */
  async flush(): Promise<void> {
    const providers = this.active.providers;
    if (providers === undefined || this.stalled !== undefined) return;
    const work = providers.flush().catch(() => undefined);
    if (await bounded(work)) return;
    const stalled = work.finally(() => {
      if (this.stalled === stalled) this.stalled = undefined;
    });
    this.stalled = stalled;
  }

  /** Exports what is pending and stops, within the flush's bound: a collector that is down holds no shutdown. */
  async close(): Promise<void> {
    const providers = this.active.providers;
    if (providers === undefined) return;
    await bounded(
      (async () => {
        await providers.flush().catch(() => undefined);
        await providers.shutdown().catch(() => undefined);
      })(),
    );
  }

  private async current(): Promise<Active> {
    const sinks = await this.options.config.telemetrySinks().catch(() => [] as TelemetrySink[]);
    const fingerprint = fingerprintOf(sinks);
    const recheck = this.active.recheckAt !== undefined && Date.now() >= this.active.recheckAt;
    if (fingerprint === this.active.fingerprint && !recheck) return this.active;
    this.building ??= (
      fingerprint === this.active.fingerprint
        ? this.recheck(sinks, fingerprint)
        : this.rebuild(sinks, fingerprint)
    ).finally(() => {
      this.building = undefined;
    });
    // a sink left out is checked again in the background (its name's lookup may take long): requests go
    // on with the sinks that export meanwhile; changed sinks are waited for (what they want is traced)
    if (fingerprint !== this.active.fingerprint) return this.building;
    this.building.catch(() => undefined);
    return this.active;
  }

  /** Rebuilds only when a sink left out passes its address check now (the others export on meanwhile). */
  private async recheck(sinks: readonly TelemetrySink[], fingerprint: string): Promise<Active> {
    for (const sink of this.active.left ?? []) {
      const passes = await this.options.guard.check(sink.endpoint).then(
        () => true,
        () => false,
      );
      if (passes) return this.rebuild(sinks, fingerprint);
    }
    this.active.recheckAt = Date.now() + RECHECK_MS;
    return this.active;
  }

  private async rebuild(sinks: readonly TelemetrySink[], fingerprint: string): Promise<Active> {
    const usable: TelemetrySink[] = [];
    const left: TelemetrySink[] = [];
    for (const sink of sinks) {
      try {
        await this.options.guard.check(sink.endpoint);
        usable.push(sink);
      } catch (error) {
        left.push(sink);
        this.options.log(
          `mcp-gateway: telemetry sink "${sink.name}" is not exported to: ${(error as Error).message}`,
        );
      }
    }
    const previous = this.active.providers;
    // the OpenTelemetry SDK is loaded once a sink exists (a Lambda bundle without sinks never loads it)
    const providers =
      usable.length === 0
        ? undefined
        : (await import('./sinks.js')).providersFor(usable, {
            intervalMs: this.options.intervalMs ?? 10_000,
            ...(this.options.lookup !== undefined ? { lookup: this.options.lookup } : {}),
            serviceVersion: this.options.serviceVersion ?? '0.1.0',
          });
    const meter = providers?.meter?.getMeter('mcp-gateway');
    const histogram = (name: string, description: string) =>
      meter?.createHistogram(name, {
        unit: 's',
        description,
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      });
    this.active = {
      fingerprint,
      // a name that did not resolve may resolve later (a collector that starts after the gateway)
      ...(left.length > 0 ? { recheckAt: Date.now() + RECHECK_MS, left } : {}),
      providers,
      instruments:
        providers === undefined
          ? undefined
          : {
              tracer: providers.tracer?.getTracer('mcp-gateway', this.options.serviceVersion),
              serverDuration: histogram(
                'mcp.server.operation.duration',
                'Duration of MCP requests the gateway served.',
              ),
              clientDuration: histogram(
                'mcp.client.operation.duration',
                'Duration of the MCP requests the gateway made to upstream servers.',
              ),
              requests: meter?.createCounter('mcp.gateway.requests', {
                description: 'MCP requests the gateway served.',
              }),
            },
    };
    // what the old providers hold is still exported, then they stop
    if (previous !== undefined)
      void previous
        .flush()
        .then(() => previous.shutdown())
        .catch(() => undefined);
    return this.active;
  }
}
