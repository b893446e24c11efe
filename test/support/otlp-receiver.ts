/**
 * A loopback OTLP/HTTP receiver for tests: accepts `/v1/traces` and `/v1/metrics` in protobuf and JSON,
 * decodes both into one shape (spans with hex ids and plain attribute values; metric points) and records
 * the headers each export came with. The protobuf side is a small wire-format reader over the OTLP field
 * numbers (opentelemetry-proto), enough for what the gateway sends.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  resource: Record<string, unknown>;
  /** From its start to its end. */
  durationMs: number;
}

export interface ReceivedPoint {
  metric: string;
  unit: string;
  attributes: Record<string, unknown>;
  /** Histogram count, or a sum's value. */
  count: number;
  sum: number;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  spans: ReceivedSpan[];
  points: ReceivedPoint[];
  /** Content types and headers of every export received. */
  exports: { path: string; contentType: string; headers: Record<string, string> }[];
  close(): Promise<void>;
}

// ---- protobuf wire format -------------------------------------------------------------------------

type Field = { no: number; wire: number; value: bigint | Uint8Array };

function* fields(buf: Uint8Array): Generator<Field> {
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 1) {
      yield { no, wire, value: buf.slice(at, at + 8) };
      at += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      yield { no, wire, value: buf.slice(at, at + length) };
      at += length;
    } else if (wire === 5) {
      yield { no, wire, value: buf.slice(at, at + 4) };
      at += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (v: Field['value']) => Buffer.from(v as Uint8Array).toString('utf8');
const hex = (v: Field['value']) => Buffer.from(v as Uint8Array).toString('hex');
const double = (v: Field['value']) => Buffer.from(v as Uint8Array).readDoubleLE(0);
const fixed64 = (v: Field['value']) => Number(Buffer.from(v as Uint8Array).readBigUInt64LE(0));

function anyValue(buf: Uint8Array): unknown {
  for (const f of fields(buf)) {
    if (f.no === 1) return text(f.value);
    if (f.no === 2) return f.value === 1n;
    if (f.no === 3) return Number(BigInt.asIntN(64, f.value as bigint));
    if (f.no === 4) return double(f.value);
    if (f.no === 5)
      return [...fields(f.value as Uint8Array)]
        .filter((x) => x.no === 1)
        .map((x) => anyValue(x.value as Uint8Array));
  }
  return undefined;
}

function keyValues(list: Uint8Array[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list) {
    let key = '';
    let value: unknown;
    for (const f of fields(kv)) {
      if (f.no === 1) key = text(f.value);
      if (f.no === 2) value = anyValue(f.value as Uint8Array);
    }
    out[key] = value;
  }
  return out;
}

const sub = (buf: Uint8Array, no: number) =>
  [...fields(buf)].filter((f) => f.no === no).map((f) => f.value as Uint8Array);

function resourceOf(resourceSpans: Uint8Array): Record<string, unknown> {
  const resource = sub(resourceSpans, 1)[0];
  return resource === undefined ? {} : keyValues(sub(resource, 1));
}

function protoSpans(body: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of sub(body, 1)) {
    const resource = resourceOf(rs);
    for (const ss of sub(rs, 2))
      for (const span of sub(ss, 2)) {
        const out: ReceivedSpan = {
          traceId: '',
          spanId: '',
          parentSpanId: '',
          name: '',
          kind: 0,
          attributes: {},
          status: { code: 0 },
          resource,
          durationMs: 0,
        };
        const attributes: Uint8Array[] = [];
        const nanos: Record<number, bigint> = {};
        for (const f of fields(span)) {
          if (f.no === 1) out.traceId = hex(f.value);
          else if (f.no === 2) out.spanId = hex(f.value);
          else if (f.no === 4) out.parentSpanId = hex(f.value);
          else if (f.no === 5) out.name = text(f.value);
          else if (f.no === 6) out.kind = Number(f.value);
          else if (f.no === 7 || f.no === 8)
            nanos[f.no] = Buffer.from(f.value as Uint8Array).readBigUInt64LE(0);
          else if (f.no === 9) attributes.push(f.value as Uint8Array);
          else if (f.no === 15)
            for (const s of fields(f.value as Uint8Array)) {
              if (s.no === 3) out.status.code = Number(s.value);
              if (s.no === 2) out.status.message = text(s.value);
            }
        }
        out.attributes = keyValues(attributes);
        out.durationMs = Number(((nanos[8] ?? 0n) - (nanos[7] ?? 0n)) / 1_000_000n);
        spans.push(out);
      }
  }
  return spans;
}

function protoPoints(body: Uint8Array): ReceivedPoint[] {
  const points: ReceivedPoint[] = [];
  for (const rm of sub(body, 1))
    for (const sm of sub(rm, 2))
      for (const metric of sub(sm, 2)) {
        let name = '';
        let unit = '';
        for (const f of fields(metric)) {
          if (f.no === 1) name = text(f.value);
          if (f.no === 3) unit = text(f.value);
        }
        for (const histogram of sub(metric, 9))
          for (const point of sub(histogram, 1)) {
            let count = 0;
            let sum = 0;
            const attributes: Uint8Array[] = [];
            for (const f of fields(point)) {
              if (f.no === 4) count = fixed64(f.value);
              if (f.no === 5) sum = double(f.value);
              if (f.no === 9) attributes.push(f.value as Uint8Array);
            }
            points.push({ metric: name, unit, attributes: keyValues(attributes), count, sum });
          }
        for (const total of sub(metric, 7))
          for (const point of sub(total, 1)) {
            let value = 0;
            const attributes: Uint8Array[] = [];
            for (const f of fields(point)) {
              if (f.no === 4) value = double(f.value);
              if (f.no === 6) value = Number(Buffer.from(f.value as Uint8Array).readBigInt64LE(0));
              if (f.no === 7) attributes.push(f.value as Uint8Array);
            }
            points.push({ metric: name, unit, attributes: keyValues(attributes), count: value, sum: value });
          }
      }
  return points;
}

// ---- OTLP/JSON ------------------------------------------------------------------------------------

interface JsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}

function jsonValue(value: Record<string, unknown>): unknown {
  if ('stringValue' in value) return value['stringValue'];
  if ('boolValue' in value) return value['boolValue'];
  if ('intValue' in value) return Number(value['intValue']);
  if ('doubleValue' in value) return value['doubleValue'];
  if ('arrayValue' in value)
    return ((value['arrayValue'] as { values?: Record<string, unknown>[] }).values ?? []).map(jsonValue);
  return undefined;
}

const jsonAttributes = (list: JsonKeyValue[] | undefined) =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, jsonValue(kv.value)]));

// biome-ignore lint/suspicious/noExplicitAny: the OTLP/JSON document as sent
function jsonSpans(body: any): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = jsonAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? [])
      for (const span of ss.spans ?? [])
        spans.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? '',
          name: span.name,
          kind: span.kind,
          attributes: jsonAttributes(span.attributes),
          status: {
            code: span.status?.code ?? 0,
            ...(span.status?.message ? { message: span.status.message } : {}),
          },
          resource,
          durationMs: Number(
            (BigInt(span.endTimeUnixNano ?? 0) - BigInt(span.startTimeUnixNano ?? 0)) / 1_000_000n,
          ),
        });
  }
  return spans;
}

// biome-ignore lint/suspicious/noExplicitAny: the OTLP/JSON document as sent
function jsonPoints(body: any): ReceivedPoint[] {
  const points: ReceivedPoint[] = [];
  for (const rm of body.resourceMetrics ?? [])
    for (const sm of rm.scopeMetrics ?? [])
      for (const metric of sm.metrics ?? []) {
        for (const point of metric.histogram?.dataPoints ?? [])
          points.push({
            metric: metric.name,
            unit: metric.unit ?? '',
            attributes: jsonAttributes(point.attributes),
            count: Number(point.count),
            sum: Number(point.sum),
          });
        for (const point of metric.sum?.dataPoints ?? []) {
          const value = Number(point.asInt ?? point.asDouble ?? 0);
          points.push({
            metric: metric.name,
            unit: metric.unit ?? '',
            attributes: jsonAttributes(point.attributes),
            count: value,
            sum: value,
          });
        }
      }
  return points;
}

/** `decode: false` only counts what arrives (the bench: decoding would load the machine it measures). */
export async function startOtlpReceiver(options: { decode?: boolean } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const points: ReceivedPoint[] = [];
  const exports: OtlpReceiver['exports'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = request.headers['content-type'] ?? '';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers[name] = value;
      exports.push({ path: request.url ?? '', contentType, headers });
      const json = contentType.includes('json');
      if (options.decode === false) {
        response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        response.end(json ? '{}' : '');
        return;
      }
      try {
        if (request.url === '/v1/traces')
          spans.push(
            ...(json ? jsonSpans(JSON.parse(body.toString('utf8'))) : protoSpans(new Uint8Array(body))),
          );
        else if (request.url === '/v1/metrics')
          points.push(
            ...(json ? jsonPoints(JSON.parse(body.toString('utf8'))) : protoPoints(new Uint8Array(body))),
          );
        response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        response.end(json ? '{}' : '');
      } catch (error) {
        response.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    points,
    exports,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
