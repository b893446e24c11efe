import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetrySink } from '../core/config.js';
import { type Providers, providersFor, sampled } from './sinks.js';

// nothing is ever exported: no span is ended, and the endpoints are never dialled
const sink = (name: string, sampling: number | undefined, signals = ['traces']): TelemetrySink =>
  ({
    id: name,
    name,
    endpoint: 'http://127.0.0.1:9',
    signals,
    ...(sampling !== undefined ? { sampling } : {}),
  }) as TelemetrySink;

let providers: Providers | undefined;
afterEach(async () => {
  await providers?.shutdown();
  providers = undefined;
});

/** Whether a span started under a caller's trace `traceId` (sampled or not by the caller) is recorded. */
function recorded(p: Providers, traceId: string, callerSampled = true): boolean {
  const parent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: '00f067aa0ba902b7',
    traceFlags: callerSampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
  const span = p.tracer!.getTracer('test').startSpan('mcp', {}, parent);
  const child = p.tracer!.getTracer('test').startSpan('stage', {}, trace.setSpan(parent, span));
  expect(child.isRecording()).toBe(span.isRecording());
  return span.isRecording();
}

const traceIds = fc.stringMatching(/^[0-9a-f]{32}$/).filter((id) => !/^0+$/.test(id));

describe('the tracer of the telemetry sinks', () => {
  it('records exactly the traces in the largest share of the sinks (no spans for the others)', () => {
    providers = providersFor([sink('a', 0.25), sink('b', 0), sink('metrics-only', 1, ['metrics'])], {
      intervalMs: 60_000,
      serviceVersion: 'test',
      instanceId: 'test-instance',
    });
    fc.assert(
      fc.property(traceIds, (traceId) => {
        expect(recorded(providers!, traceId)).toBe(sampled(traceId, 0.25));
      }),
    );
    expect(recorded(providers, `${'1'.repeat(24)}00000000`)).toBe(true);
    expect(recorded(providers, `${'1'.repeat(24)}ffffffff`)).toBe(false);
  });

  it('records every trace when a sink keeps all (the default share), but never one the caller dropped', () => {
    providers = providersFor([sink('all', undefined), sink('none', 0)], {
      intervalMs: 60_000,
      serviceVersion: 'test',
      instanceId: 'test-instance',
    });
    fc.assert(
      fc.property(traceIds, (traceId) => {
        expect(recorded(providers!, traceId)).toBe(true);
        expect(recorded(providers!, traceId, false)).toBe(false);
      }),
    );
  });

  it('checks each collector connection by the rules of its port (a reserved one without loopback)', () => {
    const ports: number[] = [];
    providers = providersFor(
      [
        { ...sink('traces', 1), endpoint: 'http://127.0.0.1:4318' },
        { ...sink('metrics', 1, ['metrics']), endpoint: 'https://collector.test' },
      ],
      {
        intervalMs: 60_000,
        serviceVersion: 'test',
        instanceId: 'test-instance',
        lookupFor: (port) => {
          ports.push(port);
          return ((_host: string, _options: unknown, callback: (error: Error) => void) =>
            callback(new Error('no'))) as never;
        },
      },
    );
    expect(ports.sort((a, b) => a - b)).toEqual([443, 4318]);
  });
});
