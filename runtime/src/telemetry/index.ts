/**
 * Telemetry for the data plane, configured by `/v1/telemetry-sinks`: the SDK providers follow the sinks as
 * the configuration changes (rebuilt when a sink is added, changed or removed; the old ones export the
 * spans of the requests begun on them, then are flushed and shut down in the background). Without sinks a
 * request costs one cached configuration read and nothing else. Sink endpoints pass the outbound address
 * guard before anything is exported to them.
 */
import { randomUUID } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { ConfigReader, TelemetrySink } from '../core/config.js';
import { operatorDetail } from '../core/errors.js';
import type { HttpRequest } from '../core/http.js';
import { onFirstUse } from '../core/lazy.js';
import { finishesWithin } from '../core/time.js';
import type { UrlGuard } from '../core/url-guard.js';
import type { Instruments, RequestTrace } from './request-trace.js';
import type { Providers } from './sinks.js';

export type { RequestTrace } from './request-trace.js';

/** The tracing of a request (and the OpenTelemetry API it needs), loaded once a sink wants traces. */
const requestTraces = onFirstUse(() => import('./request-trace.js'));

/** The longest a flush holds an answer back (Lambda): a slow or unreachable collector costs spans, not calls. */
const FLUSH_LIMIT_MS = 1500;
/** A sink whose address could not be checked (its name did not resolve yet) is tried again after this. */
const RECHECK_MS = 60_000;
/**
 * The longest a changed sink's address check (a DNS lookup) is waited for: past it, the sink is left out
 * and checked again later, in the background (a resolver that hangs costs the sink spans, not every
 * request a wait).
 */
const CHECK_WAIT_MS = 1000;
/**
 * Replaced providers kept for requests still under way (a long SSE stream's spans go to the sinks it began
 * with); past this many, the oldest is flushed and shut down whatever still uses it.
 */
const MAX_RETIRING = 4;
/**
 * While providers export, the sinks are read this often without a request to read them for: a sink
 * deleted or changed on a quiet instance stops getting its metric exports (and its headers) within the
 * configuration's cache time, not at the next request. The read is the configuration's cached one.
 */
const FOLLOW_MS = 1000;

/** The conventions' advice for MCP operation durations (seconds). */
const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

export interface TelemetryOptions {
  config: Pick<ConfigReader, 'telemetrySinks'>;
  guard: UrlGuard;
  log: (line: string) => void;
  /** How often spans and metrics are exported (ms). Default 10 s. */
  intervalMs?: number;
  /** Checks each exporter connection's address (see `SinkSettings.lookupFor`). */
  lookupFor?: (port: number) => LookupFunction;
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

export class Telemetry {
  private active: Active = { fingerprint: '', providers: undefined, instruments: undefined };
  private building: Promise<Active> | undefined;
  /** The sinks (their fingerprint) the build under way is for. */
  private buildingFor = '';
  /** A flush that outlasted its bound and goes on: until it ends, flushes hold no answer back. */
  private stalled: Promise<void> | undefined;
  /** When the last flush at an invocation's end began (see `settle`). */
  private settledAt = Number.NEGATIVE_INFINITY;
  /** Requests begun and not yet ended, per providers they trace to. */
  private readonly inFlight = new Map<Providers, number>();
  /** Replaced providers that requests under way still trace to, oldest first. */
  private readonly retiring = new Set<Providers>();
  /** Replaced providers exporting what they hold before they stop: flushes wait for them too. */
  private readonly closing = new Set<Promise<void>>();
  private readonly instanceId = randomUUID();
  /** Reads the sinks while providers export (see {@link FOLLOW_MS}); none without sinks. */
  private follower: ReturnType<typeof setInterval> | undefined;
  /** Closed: a rebuild still under way starts no follower again. */
  private closed = false;

  constructor(private readonly options: TelemetryOptions) {}

  /** The trace of one request, or undefined when no sink wants one. */
  async begin(request: HttpRequest, serverName: string): Promise<RequestTrace | undefined> {
    let active = await this.current();
    if (active.instruments === undefined) return undefined;
    const { RequestTrace } = await requestTraces();
    // a rebuild may have replaced, even shut down, those providers meanwhile: counted now, in the turn
    // that checks them, a request holds providers still exporting
    if (active.providers !== this.active.providers && !this.retiring.has(active.providers!))
      active = this.active;
    const { instruments, providers } = active;
    if (instruments === undefined || providers === undefined) return undefined;
    this.inFlight.set(providers, (this.inFlight.get(providers) ?? 0) + 1);
    return new RequestTrace(instruments, request, serverName, () => this.ended(providers));
  }

  private ended(providers: Providers): void {
    const left = (this.inFlight.get(providers) ?? 1) - 1;
    if (left > 0) {
      this.inFlight.set(providers, left);
      return;
    }
    this.inFlight.delete(providers);
    if (this.retiring.delete(providers)) this.shutDown(providers);
  }

  /** Stops replaced providers after their last export, which may fail: a collector gone stops nothing. */
  private shutDown(providers: Providers): void {
    const done: Promise<void> = providers
      .flush()
      .catch(() => undefined)
      .then(() => providers.shutdown())
      .catch(() => undefined)
      .finally(() => this.closing.delete(done));
    this.closing.add(done);
  }

  /** Replaced providers stop once the requests traced to them have ended. */
  private retire(providers: Providers): void {
    if (!this.inFlight.has(providers)) {
      this.shutDown(providers);
      return;
    }
    this.retiring.add(providers);
    for (const oldest of this.retiring) {
      if (this.retiring.size <= MAX_RETIRING) break;
      this.retiring.delete(oldest);
      this.inFlight.delete(oldest);
      this.shutDown(oldest);
    }
  }

  /** The providers spans may still end on: the current ones and those kept for requests under way. */
  private exporting(): Providers[] {
    const current = this.active.providers;
    return [...(current !== undefined ? [current] : []), ...this.retiring];
  }

  /**
   * Exports what is pending now (before a Lambda invocation ends). What is not out within the bound is
   * exported with the next flush or interval; and while a collector has not taken the last flush, answers
   * no longer wait for it at all (a collector that hangs costs one answer its bound, not every answer).
   */
  async flush(): Promise<void> {
    // replaced sinks' last exports, within the same bound, apart: one whose collector hangs stalls no
    // flush of the current sinks
    const retired =
      this.closing.size === 0 ? undefined : finishesWithin(Promise.all(this.closing), FLUSH_LIMIT_MS);
    try {
      await this.flushCurrent();
    } finally {
      await retired;
    }
  }

  private async flushCurrent(): Promise<void> {
    const providers = this.exporting();
    if (providers.length === 0 || this.stalled !== undefined) return;
    await this.within(
      Promise.all(providers.map((p) => p.flush().catch(() => undefined))).then(() => undefined),
    );
  }

  /** Waits for `work` within the flush's bound; past it, answers wait for no flush until it is done. */
  private async within(work: Promise<void>): Promise<void> {
    if (await finishesWithin(work, FLUSH_LIMIT_MS)) return;
    const stalled = work.finally(() => {
      if (this.stalled === stalled) this.stalled = undefined;
    });
    this.stalled = stalled;
  }

  /**
   * At the end of a Lambda invocation, before its answer: exports what is pending once an export interval
   * has passed since the last such flush. A busy function exports once per interval instead of holding
   * every answer for a round trip to the collector; an invocation after a quiet while exports at once; an
   * instance Lambda reclaims loses at most one interval's spans.
   */
  async settle(): Promise<void> {
    const now = Date.now();
    if (now - this.settledAt < (this.options.intervalMs ?? 10_000)) {
      // no flush yet, but an export a full batch started by itself is waited for (within the flush's
      // bound, and not while a collector has not taken the last flush): a function frozen while it is
      // out loses its spans
      const out = this.stalled === undefined ? this.exporting().flatMap((p) => p.underWay()) : [];
      if (out.length > 0) await this.within(Promise.all(out).then(() => undefined));
      return;
    }
    this.settledAt = now;
    await this.flush();
  }

  /** Exports what is pending and stops, within the flush's bound: a collector that is down holds no shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    this.follow(false);
    const providers = this.exporting();
    this.retiring.clear();
    await finishesWithin(
      Promise.all(
        providers.map(async (p) => {
          await p.flush().catch(() => undefined);
          await p.shutdown().catch(() => undefined);
        }),
      ),
      FLUSH_LIMIT_MS,
    );
  }

  private async current(again = false): Promise<Active> {
    const sinks = await this.options.config.telemetrySinks().catch(() => [] as TelemetrySink[]);
    const fingerprint = fingerprintOf(sinks);
    const recheck = this.active.recheckAt !== undefined && Date.now() >= this.active.recheckAt;
    if (fingerprint === this.active.fingerprint && !recheck) return this.active;
    if (this.building === undefined) {
      this.buildingFor = fingerprint;
      this.building = (
        fingerprint === this.active.fingerprint
          ? this.recheck(sinks, fingerprint)
          : this.rebuild(sinks, fingerprint)
      ).finally(() => {
        this.building = undefined;
      });
      this.building.catch(() => undefined);
    }
    // a sink left out is checked again in the background (its name's lookup may take long): requests go
    // on with the sinks that export meanwhile; changed sinks are waited for (what they want is traced),
    // after a build under way for other sinks (its checks are bounded) when there is one
    if (fingerprint === this.active.fingerprint) return this.active;
    if (this.buildingFor === fingerprint) return this.building;
    await this.building;
    return again ? this.active : this.current(true);
  }

  /** Rebuilds only when a sink left out passes its address check now (the others export on meanwhile). */
  private async recheck(sinks: readonly TelemetrySink[], fingerprint: string): Promise<Active> {
    const checks = await this.checkAll(this.active.left ?? []);
    if (checks.some((failure) => failure === undefined)) return this.rebuild(sinks, fingerprint);
    this.active.recheckAt = Date.now() + RECHECK_MS;
    return this.active;
  }

  /** Each sink's address check, all at once (each is a lookup of its own) and bounded: why it failed. */
  private checkAll(sinks: readonly TelemetrySink[]): Promise<(Error | undefined)[]> {
    return Promise.all(
      sinks.map(async (sink) => {
        let failure: Error | undefined = new Error(`its address was not checked within ${CHECK_WAIT_MS} ms`);
        const check = this.options.guard.check(sink.endpoint).then(
          () => {
            failure = undefined;
          },
          (error: Error) => {
            failure = error;
          },
        );
        await finishesWithin(check, CHECK_WAIT_MS);
        return failure;
      }),
    );
  }

  private async rebuild(sinks: readonly TelemetrySink[], fingerprint: string): Promise<Active> {
    const usable: TelemetrySink[] = [];
    const left: TelemetrySink[] = [];
    const checks = await this.checkAll(sinks);
    for (const [index, sink] of sinks.entries()) {
      const error = checks[index];
      if (error === undefined) {
        usable.push(sink);
        continue;
      }
      left.push(sink);
      this.options.log(
        `mcp-gateway: telemetry sink "${sink.name}" is not exported to: ${operatorDetail(error)}`,
      );
    }
    const previous = this.active.providers;
    // the OpenTelemetry SDK is loaded once a sink exists (a Lambda bundle without sinks never loads it)
    const providers =
      usable.length === 0
        ? undefined
        : (await import('./sinks.js')).providersFor(usable, {
            intervalMs: this.options.intervalMs ?? 10_000,
            configured: sinks,
            ...(this.options.lookupFor !== undefined ? { lookupFor: this.options.lookupFor } : {}),
            serviceVersion: this.options.serviceVersion ?? '0.1.0',
            instanceId: this.instanceId,
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
    if (previous !== undefined) this.retire(previous);
    this.follow(providers !== undefined);
    return this.active;
  }

  private follow(on: boolean): void {
    if (!on) {
      clearInterval(this.follower);
      this.follower = undefined;
    } else if (this.follower === undefined && !this.closed) {
      this.follower = setInterval(() => void this.current().catch(() => undefined), FOLLOW_MS);
      this.follower.unref();
    }
  }
}
