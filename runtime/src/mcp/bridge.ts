import { randomBytes } from 'node:crypto';
import { type Clock, epochSeconds } from '../core/clock.js';
import { GatewayError } from '../core/errors.js';
import type { StateStore } from '../store/port.js';
import { BRIDGE_VERSION, modernClientInfo } from './era.js';
import {
  isResponse,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  toMessage,
} from './jsonrpc.js';
import { parseSse } from './sse.js';
import { drain, readText } from './upstream/body.js';
import type { UpstreamSession, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

/** An upstream session the gateway opened itself to serve stateless clients of one user. */
export interface Bridge {
  session: UpstreamSession;
  capabilities: unknown;
  serverInfo: unknown;
  instructions?: string;
}

interface Entry {
  bridge: Promise<Bridge>;
  resolved?: Bridge;
  until: number;
}

const pk = (server: string, user: string) => `mcp-bridge#${server}#${user}`;
const SK = 'bridge';
/** Stateless clients cannot answer server→client requests, so the upstream must not be told they can. */
const UNANSWERABLE = ['sampling', 'elicitation', 'roots'];

export function initializeRequest(id: JsonRpcId, capabilities: unknown, clientInfo: unknown): JsonRpcRequest {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: BRIDGE_VERSION,
      capabilities: capabilities ?? {},
      clientInfo: clientInfo ?? { name: 'mcp-gateway', version: '0.1.0' },
    },
  };
}

/**
 * Bridges per (server, user), shared by concurrent requests (single-flight), cached in process for as
 * long as their store item lives, at most `maxCached` of them.
 */
export class BridgeStore {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlSeconds = 3600,
    private readonly maxCached = 10_000,
  ) {}

  open(
    target: UpstreamTarget,
    transport: UpstreamTransport,
    user: string,
    message: JsonRpcMessage,
  ): Promise<Bridge> {
    const key = pk(target.name, user);
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > this.clock.now()) return cached.bridge;
    const bridge = this.load(key).then((found) => found ?? this.create(key, target, transport, message));
    this.remember(key, bridge);
    return bridge;
  }

  /** Replaces a bridge the upstream forgot; concurrent callers that saw the same failure share one. */
  reopen(
    target: UpstreamTarget,
    transport: UpstreamTransport,
    user: string,
    message: JsonRpcMessage,
    failed: Bridge,
  ): Promise<Bridge> {
    const key = pk(target.name, user);
    const current = this.cache.get(key);
    // a newer bridge (opening or open) than the one that failed: someone already replaced it
    if (current !== undefined && current.resolved !== failed) return current.bridge;
    const bridge = this.store.delete(key, SK).then(() => this.create(key, target, transport, message));
    this.remember(key, bridge);
    return bridge;
  }

  private remember(key: string, bridge: Promise<Bridge>): void {
    if (this.cache.size >= this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    const entry: Entry = { bridge, until: this.clock.now() + this.ttlSeconds * 1000 };
    this.cache.delete(key);
    this.cache.set(key, entry);
    bridge.then(
      (resolved) => {
        entry.resolved = resolved;
      },
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
  }

  private async load(key: string): Promise<Bridge | undefined> {
    const item = await this.store.get(key, SK);
    return item === undefined ? undefined : (item.bridge as Bridge);
  }

  private async create(
    key: string,
    target: UpstreamTarget,
    transport: UpstreamTransport,
    message: JsonRpcMessage,
  ): Promise<Bridge> {
    const { capabilities, clientInfo } = modernClientInfo(message);
    const answerable = Object.fromEntries(
      Object.entries((capabilities ?? {}) as Record<string, unknown>).filter(
        ([name]) => !UNANSWERABLE.includes(name),
      ),
    );
    const initialize = initializeRequest('mcp-gateway-bridge', answerable, clientInfo);
    const body = JSON.stringify(initialize);
    const session: UpstreamSession = {
      gatewaySessionId: `bridge-${randomBytes(12).toString('base64url')}`,
      initialize: body,
    };
    // the bridge outlives the request that opened it: its own deadline, not that client's signal
    const signal = AbortSignal.timeout(target.timeoutMs);
    const reply = await transport.post(target, { body, messages: [initialize], session, signal });
    const result = await resultOf(await readText(reply.body, target.name), initialize.id);
    if (reply.status !== 200 || result === undefined) {
      throw new GatewayError(
        'upstream_error',
        `Upstream server "${target.name}" did not initialize (HTTP ${reply.status}).`,
      );
    }
    if (reply.sessionId !== undefined) session.upstreamSessionId = reply.sessionId;
    session.protocolVersion =
      typeof result.protocolVersion === 'string' ? result.protocolVersion : BRIDGE_VERSION;
    const initialized = { jsonrpc: '2.0' as const, method: 'notifications/initialized' };
    const ack = await transport.post(target, {
      body: JSON.stringify(initialized),
      messages: [initialized],
      session,
      signal,
    });
    await drain(ack.body);
    const bridge: Bridge = {
      session,
      capabilities: result.capabilities ?? {},
      serverInfo: result.serverInfo ?? { name: target.name, version: 'unknown' },
      ...(typeof result.instructions === 'string' ? { instructions: result.instructions } : {}),
    };
    await this.store.put({ pk: key, sk: SK, bridge, expiresAt: epochSeconds(this.clock) + this.ttlSeconds });
    return bridge;
  }
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** The result of request `id` in a JSON or SSE upstream answer. */
export async function resultOf(text: string, id: JsonRpcId): Promise<Record<string, unknown> | undefined> {
  const candidates: string[] = [];
  if (text.trimStart().startsWith('{')) candidates.push(text);
  else
    for await (const event of parseSse(once(text))) if (event.data !== undefined) candidates.push(event.data);
  for (const candidate of candidates) {
    try {
      const message = toMessage(JSON.parse(candidate));
      if (
        isResponse(message) &&
        message.id === id &&
        typeof message.result === 'object' &&
        message.result !== null
      ) {
        return message.result as Record<string, unknown>;
      }
    } catch {
      // skip events that are not JSON-RPC
    }
  }
  return undefined;
}
