import { randomBytes } from 'node:crypto';
import { type Clock, epochSeconds } from '../core/clock.js';
import { GatewayError } from '../core/errors.js';
import type { StateStore } from '../store/port.js';
import { BRIDGE_VERSION, modernClientInfo } from './era.js';
import { isResponse, type JsonRpcMessage, type JsonRpcRequest, toMessage } from './jsonrpc.js';
import { parseSse } from './sse.js';
import type { UpstreamSession, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

/** An upstream session the gateway opened itself to serve stateless clients of one user. */
export interface Bridge {
  session: UpstreamSession;
  capabilities: unknown;
  serverInfo: unknown;
  instructions?: string;
}

const pk = (server: string, user: string) => `mcp-bridge#${server}#${user}`;
const SK = 'bridge';

export class BridgeStore {
  private readonly cache = new Map<string, Promise<Bridge>>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlSeconds = 3600,
  ) {}

  open(
    target: UpstreamTarget,
    transport: UpstreamTransport,
    user: string,
    message: JsonRpcMessage,
    signal: AbortSignal,
  ) {
    const key = pk(target.name, user);
    let bridge = this.cache.get(key);
    if (bridge === undefined) {
      bridge = this.load(key).then((found) => found ?? this.create(key, target, transport, message, signal));
      this.cache.set(key, bridge);
      bridge.catch(() => this.cache.delete(key));
    }
    return bridge;
  }

  async reopen(
    target: UpstreamTarget,
    transport: UpstreamTransport,
    user: string,
    message: JsonRpcMessage,
    signal: AbortSignal,
  ) {
    const key = pk(target.name, user);
    this.cache.delete(key);
    await this.store.delete(key, SK);
    return this.open(target, transport, user, message, signal);
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
    signal: AbortSignal,
  ): Promise<Bridge> {
    const { capabilities, clientInfo } = modernClientInfo(message);
    const initialize: JsonRpcRequest = {
      jsonrpc: '2.0',
      id: 'mcp-gateway-bridge',
      method: 'initialize',
      params: {
        protocolVersion: BRIDGE_VERSION,
        capabilities: capabilities ?? {},
        clientInfo: clientInfo ?? { name: 'mcp-gateway', version: '0.1.0' },
      },
    };
    const body = JSON.stringify(initialize);
    const session: UpstreamSession = {
      gatewaySessionId: `bridge-${randomBytes(12).toString('base64url')}`,
      initialize: body,
    };
    const reply = await transport.post(target, { body, messages: [initialize], session, signal });
    const result = await resultOf(reply.body, initialize.id);
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
    if (ack.body !== undefined) for await (const _ of ack.body);
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

/** Reads the result of one request from a JSON or SSE upstream body. */
async function resultOf(
  body: AsyncIterable<Uint8Array> | undefined,
  id: string | number,
): Promise<Record<string, unknown> | undefined> {
  if (body === undefined) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const candidates: string[] = [];
  if (text.trimStart().startsWith('{')) candidates.push(text);
  else for await (const event of parseSse(once(text))) candidates.push(event.data);
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
