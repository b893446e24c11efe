import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetrySink } from '../core/config.js';
import { type Providers, providersFor, saltOf, sampled } from './sinks.js';

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

describe('a flush of the telemetry sinks', () => {
  it('waits for an export a full batch started by itself (a Lambda instance would freeze with it out)', async () => {
    let received = 0;
    let requests = 0;
    const collector = createServer((request, response) => {
      request.resume();
      // the collector takes its time with the first export (the full batch), not with the flush's
      setTimeout(
        () => {
          received++;
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        },
        requests++ === 0 ? 600 : 10,
      );
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      providers = providersFor([{ ...sink('slow', 1), endpoint, protocol: 'http/json' } as TelemetrySink], {
        intervalMs: 60_000,
        serviceVersion: 'test',
        instanceId: 'test-instance',
      });
      // a full batch: its export starts at once, not at the interval
      for (let i = 0; i < 200; i++) providers.tracer!.getTracer('test').startSpan(`s${i}`).end();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await providers.flush();
      expect(received).toBe(2);
    } finally {
      await providers?.shutdown();
      providers = undefined;
      collector.close();
    }
  });
});

describe('the tracer of the telemetry sinks', () => {
  it('records exactly the traces in the largest share of the sinks (no spans for the others)', async () => {
    const sinks = [sink('a', 0.25), sink('b', 0), sink('metrics-only', 1, ['metrics'])];
    providers = providersFor(sinks, {
      intervalMs: 60_000,
      serviceVersion: 'test',
      instanceId: 'test-instance',
    });
    fc.assert(
      fc.property(traceIds, (traceId) => {
        expect(recorded(providers!, traceId)).toBe(sampled(traceId, 0.25, saltOf(sinks)));
      }),
    );
    // another instance reading the same sinks decides alike (a trace is kept or dropped whole)
    const again = providersFor(sinks, { intervalMs: 60_000, serviceVersion: 'test', instanceId: 'other' });
    fc.assert(
      fc.property(traceIds, (traceId) => {
        expect(recorded(again, traceId)).toBe(recorded(providers!, traceId));
      }),
    );
    await again.shutdown();
    // nor one that cannot reach one of them now (its host did not resolve): the salt is every sink's
    const short = providersFor(sinks.slice(0, 1), {
      intervalMs: 60_000,
      serviceVersion: 'test',
      instanceId: 'short',
      configured: sinks,
    });
    fc.assert(
      fc.property(traceIds, (traceId) => {
        expect(recorded(short, traceId)).toBe(recorded(providers!, traceId));
      }),
    );
    await short.shutdown();
    // a caller choosing its trace ids cannot choose their share: any bits it fixes, about a quarter is kept
    for (const fixed of ['00000000', 'ffffffff']) {
      let kept = 0;
      for (let i = 0; i < 2000; i++)
        if (recorded(providers, `${i.toString(16).padStart(24, '0')}${fixed}`)) kept++;
      expect(kept / 2000).toBeGreaterThan(0.2);
      expect(kept / 2000).toBeLessThan(0.3);
    }
  });

  it('records every trace when a sink keeps all (the default share), whatever the caller sampled', () => {
    providers = providersFor([sink('all', undefined), sink('none', 0)], {
      intervalMs: 60_000,
      serviceVersion: 'test',
      instanceId: 'test-instance',
    });
    fc.assert(
      fc.property(traceIds, (traceId) => {
        expect(recorded(providers!, traceId)).toBe(true);
        expect(recorded(providers!, traceId, false)).toBe(true);
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
