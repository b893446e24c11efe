import { randomBytes } from 'node:crypto';
import type { LRUCache } from 'lru-cache';
import { type Clock, epochSeconds } from '../core/clock.js';
import { GatewayError } from '../core/errors.js';
import { lruCache } from '../core/lru.js';
import type { StateStore } from '../store/port.js';
import { BRIDGE_VERSION, modernClientInfo } from './era.js';
import type { JsonRpcId, JsonRpcMessage, JsonRpcRequest } from './jsonrpc.js';
import { openUpstreamSession } from './upstream/handshake.js';
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

/** Who a bridge serves: one upstream session per server (by id), workspace, user and holder. */
export interface BridgeOwner {
  serverId: string;
  workspace: string;
  user: string;
  /** `sessionHolder` of the principal. */
  holder: string;
}

const pk = (owner: BridgeOwner) =>
  `mcp-bridge#${owner.serverId}#${owner.workspace}#${owner.user}#${encodeURIComponent(owner.holder)}`;
const SK = 'bridge';
/** Stateless clients cannot answer server→client requests, so the upstream must not be told they can. */
const UNANSWERABLE = ['sampling', 'elicitation', 'roots'];

/** A client's capabilities without those of answering the server's requests (see UNANSWERABLE). */
export function answerableCapabilities(capabilities: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries((capabilities ?? {}) as Record<string, unknown>).filter(
      ([name]) => !UNANSWERABLE.includes(name),
    ),
  );
}

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
  private readonly cache: LRUCache<string, Entry>;

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlSeconds = 3600,
    maxCached = 10_000,
  ) {
    this.cache = lruCache(maxCached);
  }

  open(
    target: UpstreamTarget,
    transport: UpstreamTransport,
    owner: BridgeOwner,
    message: JsonRpcMessage,
  ): Promise<Bridge> {
    const key = pk(owner);
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > this.clock.now()) return cached.bridge;
    const loaded = this.load(key);
    const bridge = loaded.then((found) => found?.bridge ?? this.create(key, target, transport, message));
    // one another instance made lives as long as its item, not a lifetime from now: past that, the
    // instance that replaces it ends its upstream session
    this.remember(
      key,
      bridge,
      loaded.then((found) => found?.until),
    );
    // a bridge past its lifetime replaced by another: its upstream session is ended there, not left open
    // (one an hour per user otherwise), once a call begun on it just before has had its time
    const old = cached?.resolved;
    if (old !== undefined)
      void bridge
        .then(async (now) => {
          if (now.session.upstreamSessionId === old.session.upstreamSessionId) return;
          await new Promise((resolve) => setTimeout(resolve, target.timeoutMs).unref());
          await transport.terminate(target, old.session);
        })
        .catch(() => undefined);
    return bridge;
  }

  /** The bridge of `owner` open in this process now: nothing to wait for (see `open`). */
  ready(owner: BridgeOwner): Bridge | undefined {
    const cached = this.cache.get(pk(owner));
    return cached !== undefined && cached.until > this.clock.now() ? cached.resolved : undefined;
  }

  /** Replaces a bridge the upstream forgot; concurrent callers that saw the same failure share one. */
  reopen(
    target: UpstreamTarget,
    transport: UpstreamTransport,
    owner: BridgeOwner,
    message: JsonRpcMessage,
    failed: Bridge,
  ): Promise<Bridge> {
    const key = pk(owner);
    const current = this.cache.get(key);
    // a newer bridge (opening or open) than the one that failed: someone already replaced it
    if (current !== undefined && current.resolved !== failed) return current.bridge;
    const bridge = this.store.delete(key, SK).then(() => this.create(key, target, transport, message));
    this.remember(key, bridge);
    return bridge;
  }

  /** Lets go of a bridge whose target cannot be reached, so that the next request opens one anew. */
  async forget(owner: BridgeOwner, failed: Bridge): Promise<void> {
    const key = pk(owner);
    const current = this.cache.get(key);
    if (current !== undefined && current.resolved !== failed) return; // replaced already
    this.cache.delete(key);
    await this.store.delete(key, SK);
  }

  private remember(key: string, bridge: Promise<Bridge>, until?: Promise<number | undefined>): void {
    const entry: Entry = { bridge, until: this.clock.now() + this.ttlSeconds * 1000 };
    this.cache.set(key, entry);
    void until?.then(
      (ends) => {
        if (ends !== undefined) entry.until = Math.min(entry.until, ends);
      },
      () => undefined,
    );
    bridge.then(
      (resolved) => {
        entry.resolved = resolved;
      },
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
  }

  /** The stored bridge, and until when it lives (ms; its item's expiry). */
  private async load(key: string): Promise<{ bridge: Bridge; until?: number } | undefined> {
    const item = await this.store.get(key, SK);
    if (item === undefined) return undefined;
    const expiresAt = item.expiresAt;
    return {
      bridge: item.bridge as Bridge,
      ...(typeof expiresAt === 'number' ? { until: expiresAt * 1000 } : {}),
    };
  }

  private async create(
    key: string,
    target: UpstreamTarget,
    transport: UpstreamTransport,
    message: JsonRpcMessage,
  ): Promise<Bridge> {
    const { capabilities, clientInfo } = modernClientInfo(message);
    const initialize = initializeRequest(
      'mcp-gateway-bridge',
      answerableCapabilities(capabilities),
      clientInfo,
    );
    const session: UpstreamSession = {
      gatewaySessionId: `bridge-${randomBytes(12).toString('base64url')}`,
      initialize: JSON.stringify(initialize),
    };
    // the bridge outlives the request that opened it: its own deadline, not that client's signal
    const signal = AbortSignal.timeout(target.timeoutMs);
    let result: Record<string, unknown>;
    try {
      result = await openUpstreamSession(target, transport, session, initialize, signal, BRIDGE_VERSION);
    } catch (error) {
      // a handshake that ran out of time is a slow upstream, not an unreachable one (no failover)
      if (signal.aborted)
        throw new GatewayError(
          'upstream_timeout',
          `Upstream server "${target.name}" did not open a session within its timeout of ${target.timeoutMs} ms.`,
        );
      throw error;
    }
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
