/**
 * A fault-injecting upstream built on the MCP SDK's own server (see sdk-upstream.ts): real sessions, real
 * tools, real SSE answers, with faults switched on and off while a test runs. A fault applies to the
 * requests it names (`methods`, by default every request but `initialize`), each request drawing from a
 * seeded generator so a run is repeatable:
 *
 * - `latencyMs`: every request waits this long before the SDK sees it.
 * - `errorRate` (0–1): answered `errorStatus` (503 by default, with `Retry-After: 0`) instead.
 * - `dropRate`: the connection is destroyed before anything is answered.
 * - `malformedRate`: answered 200 `application/json` with a body that is not JSON.
 * - `stallAfterEvents`: an SSE answer stops after this many events and is held open, never ended.
 * - `dropAfterEvents`: an SSE answer's connection is destroyed after this many events.
 * - `paceMs`: each SSE event is written this long after the previous one.
 *
 * `failNext(n, fault)` makes exactly the next `n` requests fail (deterministic tests). Every request the
 * SDK would have seen is recorded with the fault it met.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type SdkUpstream, startSdkUpstream } from './sdk-upstream.js';

export interface Chaos {
  methods?: string[];
  latencyMs?: number;
  errorRate?: number;
  errorStatus?: number;
  dropRate?: number;
  malformedRate?: number;
  stallAfterEvents?: number;
  dropAfterEvents?: number;
  paceMs?: number;
}

export type ChaosFault = 'none' | 'error' | 'drop' | 'malformed' | 'stalled' | 'dropped-mid-stream';

export interface ChaosCall {
  method: string;
  /** The tool of a `tools/call`. */
  tool?: string;
  fault: ChaosFault;
  /** SSE events written. */
  events: number;
  /** The gateway closed the response before the upstream ended it. */
  closedByPeer: boolean;
  startedAt: number;
  closedAt?: number;
}

export interface ChaosUpstream extends SdkUpstream {
  set(chaos: Chaos): void;
  failNext(count: number, fault: 'error' | 'drop' | 'malformed'): void;
  readonly calls: ChaosCall[];
  /** The recorded calls of one tool. */
  callsOf(tool: string): ChaosCall[];
}

/** mulberry32: a small seeded generator, so a fault pattern repeats from run to run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startChaosUpstream(
  name: string,
  define: (mcp: McpServer) => void,
  seed = 1,
): Promise<ChaosUpstream> {
  let chaos: Chaos = {};
  let forced: { count: number; fault: 'error' | 'drop' | 'malformed' } = { count: 0, fault: 'error' };
  const random = seeded(seed);
  const calls: ChaosCall[] = [];

  const intercept = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const message = (Array.isArray(body) ? body[0] : body) as
      | { method?: string; id?: unknown; params?: { name?: unknown } }
      | undefined;
    const method = message?.method;
    // only requests meet faults: notifications, answers and the GET stream pass
    if (req.method !== 'POST' || method === undefined || message?.id === undefined) return false;
    const applies = chaos.methods?.includes(method) ?? method !== 'initialize';
    if (!applies) return false;
    const call: ChaosCall = {
      method,
      ...(typeof message.params?.name === 'string' ? { tool: message.params.name } : {}),
      fault: 'none',
      events: 0,
      closedByPeer: false,
      startedAt: Date.now(),
    };
    calls.push(call);
    res.once('close', () => {
      call.closedAt = Date.now();
      if (!res.writableEnded)
        call.closedByPeer = call.fault !== 'drop' && call.fault !== 'dropped-mid-stream';
    });
    if (chaos.latencyMs !== undefined) await sleep(chaos.latencyMs);
    let fault: ChaosFault = 'none';
    if (forced.count > 0) {
      forced.count--;
      fault = forced.fault;
    } else {
      const draw = random();
      const error = chaos.errorRate ?? 0;
      const drop = error + (chaos.dropRate ?? 0);
      const malformed = drop + (chaos.malformedRate ?? 0);
      fault = draw < error ? 'error' : draw < drop ? 'drop' : draw < malformed ? 'malformed' : 'none';
    }
    call.fault = fault;
    if (fault === 'error') {
      res.writeHead(chaos.errorStatus ?? 503, { 'retry-after': '0' }).end('injected failure');
      return true;
    }
    if (fault === 'drop') {
      res.socket?.destroy();
      return true;
    }
    if (fault === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":');
      return true;
    }
    streamFaults(res, call, chaos);
    return false;
  };

  const upstream = await startSdkUpstream(name, define, {}, intercept);
  return {
    ...upstream,
    set(next) {
      chaos = next;
    },
    failNext(count, fault) {
      forced = { count, fault };
    },
    calls,
    callsOf: (tool) => calls.filter((c) => c.tool === tool),
  };
}

/** Paces, stalls or cuts the SSE events the SDK writes to `res` (one `write` per event). */
function streamFaults(res: ServerResponse, call: ChaosCall, chaos: Chaos): void {
  const { stallAfterEvents: stall, dropAfterEvents: drop, paceMs } = chaos;
  if (stall === undefined && drop === undefined && paceMs === undefined) return;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let queue = Promise.resolve();
  let held = false;
  const isEvent = (chunk: unknown) =>
    (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')).includes('data:');
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!isEvent(chunk)) return write(chunk, ...rest);
    queue = queue.then(async () => {
      if (held || res.destroyed) return;
      if (paceMs !== undefined && call.events > 0) await sleep(paceMs);
      if (stall !== undefined && call.events >= stall) {
        held = true;
        call.fault = 'stalled';
        return;
      }
      call.events++;
      if (drop !== undefined && call.events >= drop) {
        held = true;
        call.fault = 'dropped-mid-stream';
        // the event is on the wire (and read) before the connection goes
        await new Promise<void>((resolve) => write(chunk, () => resolve()));
        await sleep(50);
        res.socket?.destroy();
        return;
      }
      write(chunk, ...rest);
    });
    return true;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    queue = queue.then(() => {
      // a stalled stream is never ended: the gateway must give up on it by itself
      if (!held && !res.destroyed) end(...args);
    });
    return res;
  }) as typeof res.end;
}
