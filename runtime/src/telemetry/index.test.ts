import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../../../test/support/otlp-receiver.js';
import type { TelemetrySink } from '../core/config.js';
import { createUrlGuard, forbiddenAddress } from '../core/url-guard.js';
import { Telemetry } from './index.js';

const request = { method: 'POST', path: '/mcp/up', headers: {}, query: {}, body: '{}' };
let collector: Server | undefined;
let telemetry: Telemetry | undefined;
const sockets: Socket[] = [];
afterEach(() => {
  // the exporter's own request ends when its connection does
  for (const socket of sockets.splice(0)) socket.destroy();
  collector?.close();
  void telemetry?.close().catch(() => undefined);
});

/** A sink whose host name the tests' guards decide about (it resolves nowhere). */
const unresolved = {
  id: 's',
  name: 's',
  endpoint: 'http://collector.test:4318',
  signals: ['traces'],
} as TelemetrySink;

/** A collector that takes connections and never answers. */
async function blackhole(): Promise<string> {
  collector = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => collector!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
}

describe('telemetry', () => {
  it('holds a flush (before a Lambda answer) no longer than its limit when the collector hangs', async () => {
    const endpoint = await blackhole();
    const sinks = [{ id: 's', name: 's', endpoint, signals: ['traces'] } as TelemetrySink];
    telemetry = new Telemetry({
      config: { telemetrySinks: async () => sinks },
      guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      log: () => {},
      intervalMs: 60_000,
    });
    const trace = await telemetry.begin(request, 'up');
    expect(trace).toBeDefined();
    trace!.end();
    const started = Date.now();
    await telemetry.flush();
    expect(Date.now() - started).toBeLessThan(4000);
    // while the collector has not taken that flush, the next answers do not wait for theirs
    (await telemetry.begin(request, 'up'))!.end();
    const next = await Promise.race([
      telemetry.flush().then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('held back'), 1000)),
    ]);
    expect(next).toBe('answered');
  });

  it('checks again, a minute on, a sink whose address could not be checked', async () => {
    let resolvable = false;
    let answerLookup = () => {};
    const lookedUp = new Promise<void>((resolve) => {
      answerLookup = resolve;
    });
    const lines: string[] = [];
    let now = Date.now();
    const realNow = Date.now;
    Date.now = () => now;
    try {
      telemetry = new Telemetry({
        config: {
          telemetrySinks: async () => [unresolved],
        },
        guard: {
          check: async () => {
            if (!resolvable) throw new Error('Host collector.test does not resolve.');
            await lookedUp;
            return undefined as never;
          },
        } as never,
        log: (line) => lines.push(line),
        intervalMs: 60_000,
      });
      expect(await telemetry.begin(request, 'up')).toBeUndefined();
      expect(lines).toHaveLength(1);
      resolvable = true;
      expect(await telemetry.begin(request, 'up')).toBeUndefined(); // not before the minute is over
      now += 61_000;
      // checked again in the background: requests go on meanwhile, untraced, whatever the lookup takes
      expect(await telemetry.begin(request, 'up')).toBeUndefined();
      expect(await telemetry.begin(request, 'up')).toBeUndefined();
      answerLookup();
      await expect.poll(() => telemetry!.begin(request, 'up')).toBeDefined();
    } finally {
      Date.now = realNow;
    }
  });

  it('exports a request’s spans to the sink it began with when the sinks change meanwhile', async () => {
    const [before, after] = await Promise.all([startOtlpReceiver(), startOtlpReceiver()]);
    try {
      let sinks = [{ id: 'a', name: 'a', endpoint: before.url, signals: ['traces'] } as TelemetrySink];
      telemetry = new Telemetry({
        config: { telemetrySinks: async () => sinks },
        guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
        log: () => {},
        intervalMs: 60_000,
      });
      const long = await telemetry.begin(request, 'up'); // a stream under way
      sinks = [{ id: 'b', name: 'b', endpoint: after.url, signals: ['traces'] } as TelemetrySink];
      const next = await telemetry.begin(request, 'up');
      next!.end();
      long!.end();
      await telemetry.flush();
      await expect.poll(() => before.spans.length, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => after.spans.length, { timeout: 10_000 }).toBe(1);
      // each process is an instance of its own (cumulative metrics of many would read as one)
      const instance = before.spans[0]!.resource['service.instance.id'];
      expect(instance).toMatch(/^[0-9a-f-]{36}$/);
      expect(after.spans[0]!.resource['service.instance.id']).toBe(instance);
    } finally {
      await Promise.all([before.close(), after.close()]);
    }
  });

  it('stops a replaced sink whose collector refuses its last export: nothing more is sent there', async () => {
    let refused = 0;
    const gone = createHttpServer((req, res) => {
      refused++;
      req.resume();
      req.on('end', () => res.writeHead(401).end());
    });
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const after = await startOtlpReceiver();
    try {
      const endpoint = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
      let sinks = [{ id: 'a', name: 'a', endpoint, signals: ['traces', 'metrics'] } as TelemetrySink];
      telemetry = new Telemetry({
        config: { telemetrySinks: async () => sinks },
        guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
        log: () => {},
        intervalMs: 100,
      });
      (await telemetry.begin(request, 'up'))!.end();
      sinks = [{ id: 'b', name: 'b', endpoint: after.url, signals: ['traces'] } as TelemetrySink];
      (await telemetry.begin(request, 'up'))!.end();
      await telemetry.flush(); // waits for the replaced sink's last export, refused, and its stop
      expect(refused).toBeGreaterThan(0);
      const sent = refused;
      await new Promise((resolve) => setTimeout(resolve, 500)); // five of its export intervals
      expect(refused).toBe(sent);
    } finally {
      gone.close();
      await after.close();
    }
  });

  it('stops exporting metrics to a sink deleted while no request comes (a quiet instance)', async () => {
    const receiver = await startOtlpReceiver();
    try {
      let sinks = [{ id: 'a', name: 'a', endpoint: receiver.url, signals: ['metrics'] } as TelemetrySink];
      telemetry = new Telemetry({
        config: { telemetrySinks: async () => sinks },
        guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
        log: () => {},
        intervalMs: 100,
      });
      (await telemetry.begin(request, 'up'))!.end();
      const metricExports = () => receiver.exports.filter((e) => e.path === '/v1/metrics').length;
      await expect.poll(metricExports, { timeout: 5_000 }).toBeGreaterThan(0);
      sinks = [];
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // the sinks are read again meanwhile
      const sent = metricExports();
      await new Promise((resolve) => setTimeout(resolve, 500)); // five of its export intervals
      expect(metricExports()).toBe(sent);
    } finally {
      await receiver.close();
    }
  });

  it("exports under an endpoint's own path, its query kept (a collector's tenant parameter)", async () => {
    const receiver = await startOtlpReceiver({ decode: false });
    try {
      const endpoint = `${receiver.url}/otlp/?tenant=a%20b`;
      telemetry = new Telemetry({
        config: {
          telemetrySinks: async () => [
            { id: 's', name: 's', endpoint, signals: ['traces'] } as TelemetrySink,
          ],
        },
        guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
        log: () => {},
        intervalMs: 60_000,
      });
      (await telemetry.begin(request, 'up'))!.end();
      await telemetry.flush();
      expect(receiver.exports.map((e) => e.path)).toEqual(['/otlp/v1/traces?tenant=a%20b']);
    } finally {
      await receiver.close();
    }
  });

  it("sends a sink its own headers only, never the process's OTEL_EXPORTER_OTLP_HEADERS", async () => {
    const receiver = await startOtlpReceiver();
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-vendor-key=deployment-secret';
    process.env.OTEL_EXPORTER_OTLP_TRACES_HEADERS = 'x-traces-key=deployment-secret';
    try {
      const sinks = [
        {
          id: 'a',
          name: 'a',
          endpoint: receiver.url,
          signals: ['traces'],
          headers: { 'x-sink-key': 'own' },
        } as Partial<TelemetrySink> as TelemetrySink,
      ];
      telemetry = new Telemetry({
        config: { telemetrySinks: async () => sinks },
        guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
        log: () => {},
        intervalMs: 60_000,
      });
      (await telemetry.begin(request, 'up'))!.end();
      await telemetry.flush();
      await expect.poll(() => receiver.exports.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const headers = receiver.exports[0]!.headers;
      expect(headers['x-sink-key']).toBe('own');
      expect(headers).not.toHaveProperty('x-vendor-key');
      expect(headers).not.toHaveProperty('x-traces-key');
      // the process keeps its settings
      expect(process.env.OTEL_EXPORTER_OTLP_HEADERS).toBe('x-vendor-key=deployment-secret');
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
      delete process.env.OTEL_EXPORTER_OTLP_TRACES_HEADERS;
      await receiver.close();
    }
  });

  it('exports at the end of an invocation once per interval, not before every answer', async () => {
    const receiver = await startOtlpReceiver();
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    try {
      const sinks = [{ id: 'a', name: 'a', endpoint: receiver.url, signals: ['traces'] } as TelemetrySink];
      telemetry = new Telemetry({
        config: { telemetrySinks: async () => sinks },
        guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
        log: () => {},
        intervalMs: 60_000,
      });
      const invocation = async () => {
        (await telemetry!.begin(request, 'up'))!.end();
        await telemetry!.settle();
      };
      // the first after a quiet while exports at once
      await invocation();
      await expect.poll(() => receiver.spans.length, { timeout: 10_000 }).toBe(1);
      // the next ones within the interval hold no answer for the collector
      await invocation();
      await invocation();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.spans).toHaveLength(1);
      // an interval on, what they left is exported with the next
      now += 61_000;
      await invocation();
      await expect.poll(() => receiver.spans.length, { timeout: 10_000 }).toBe(4);
      // within the interval, a full batch goes out by itself: the invocation's end waits for that export
      // (a function frozen while it is out would lose it), though it starts none of its own
      for (let i = 0; i < 130; i++) (await telemetry.begin(request, 'up'))!.end();
      await telemetry.settle();
      expect(receiver.spans.length).toBeGreaterThanOrEqual(4 + 128);
    } finally {
      Date.now = realNow;
      await receiver.close();
    }
  });

  it('leaves out, and checks again later, a changed sink whose address check hangs', async () => {
    const hung = new Promise<never>(() => {});
    const lines: string[] = [];
    telemetry = new Telemetry({
      config: {
        telemetrySinks: async () => [unresolved],
      },
      guard: { check: () => hung } as never,
      log: (line) => lines.push(line),
      intervalMs: 60_000,
    });
    const waited = async () => {
      const started = Date.now();
      expect(await telemetry!.begin(request, 'up')).toBeUndefined();
      return Date.now() - started;
    };
    expect(await waited()).toBeLessThan(3000);
    expect(lines).toEqual([
      'mcp-gateway: telemetry sink "s" is not exported to: its address was not checked within 1000 ms',
    ]);
    // the requests after it do not wait for the check (it is tried again in the background)
    expect(await waited()).toBeLessThan(500);
  });

  it("logs the blocked address of a sink the outbound guard refuses (the operator's to fix)", async () => {
    const lines: string[] = [];
    telemetry = new Telemetry({
      config: { telemetrySinks: async () => [unresolved] },
      guard: {
        check: async () => Promise.reject(forbiddenAddress('collector.internal', '10.0.0.7')),
      } as never,
      log: (line) => lines.push(line),
      intervalMs: 60_000,
    });
    expect(await telemetry.begin(request, 'up')).toBeUndefined();
    expect(lines).toEqual([
      'mcp-gateway: telemetry sink "s" is not exported to: Outbound address 10.0.0.7 of collector.internal is not allowed.',
    ]);
  });

  it('serves changed sinks while a recheck of a left-out one hangs', async () => {
    const receiver = await startOtlpReceiver();
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    try {
      let sinks = [
        {
          id: 'dns',
          name: 'dns',
          endpoint: 'http://collector.test:4318',
          signals: ['traces'],
        } as TelemetrySink,
      ];
      const loopback = createUrlGuard({ allowLoopback: true, allowPrivate: false });
      telemetry = new Telemetry({
        config: { telemetrySinks: async () => sinks },
        // the resolver never answers for collector.test
        guard: {
          check: (url: string) =>
            url.includes('collector.test') ? new Promise(() => {}) : loopback.check(url),
        } as never,
        log: () => {},
        intervalMs: 60_000,
      });
      expect(await telemetry.begin(request, 'up')).toBeUndefined();
      now += 61_000;
      expect(await telemetry.begin(request, 'up')).toBeUndefined(); // its recheck starts, and hangs
      sinks = [{ id: 'b', name: 'b', endpoint: receiver.url, signals: ['traces'] } as TelemetrySink];
      const trace = await Promise.race([
        telemetry.begin(request, 'up'),
        new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), 8000)),
      ]);
      expect(trace).not.toBe('held');
      expect(trace).toBeDefined();
    } finally {
      Date.now = realNow;
      await receiver.close();
    }
  });
});
