import type { JsonRpcRequest } from '../jsonrpc.js';
import { drain } from './body.js';
import { resultOfReply } from './decode.js';
import { HandshakeServerError, UpstreamRefused, UpstreamRefusedCredentials } from './errors.js';
import type { UpstreamSession, UpstreamTarget, UpstreamTransport } from './types.js';

/**
 * Opens an upstream session the gateway holds itself (a bridge, a catalog probe): `initialize`, then
 * `notifications/initialized`. Fills in the session's upstream id and protocol version (`fallbackVersion`
 * when the upstream names none) and answers the `initialize` result.
 */
export async function openUpstreamSession(
  target: UpstreamTarget,
  transport: UpstreamTransport,
  session: UpstreamSession,
  initialize: JsonRpcRequest,
  signal: AbortSignal,
  fallbackVersion?: string,
): Promise<Record<string, unknown>> {
  try {
    return await handshake(target, transport, session, initialize, signal, fallbackVersion);
  } catch (error) {
    // a handshake that failed half-way leaves nothing open upstream (a legacy SSE stream, a session)
    await transport.terminate(target, session).catch(() => undefined);
    throw error;
  }
}

async function handshake(
  target: UpstreamTarget,
  transport: UpstreamTransport,
  session: UpstreamSession,
  initialize: JsonRpcRequest,
  signal: AbortSignal,
  fallbackVersion: string | undefined,
): Promise<Record<string, unknown>> {
  const body = JSON.stringify(initialize);
  const reply = await transport.post(target, { body, messages: [initialize], session, signal });
  if (reply.status === 401 || reply.status === 403) {
    await drain(reply.body);
    throw new UpstreamRefusedCredentials(target.name, reply.status, false, reply.challenge);
  }
  const result =
    reply.status === 200
      ? await resultOfReply(reply, target, initialize.id).catch(() => undefined)
      : undefined;
  if (result === undefined) {
    await drain(reply.body);
    const message = `Upstream server "${target.name}" did not initialize (HTTP ${reply.status}).`;
    throw reply.status >= 500 ? new HandshakeServerError(message) : new UpstreamRefused(message);
  }
  if (reply.sessionId !== undefined) session.upstreamSessionId = reply.sessionId;
  const version = typeof result.protocolVersion === 'string' ? result.protocolVersion : fallbackVersion;
  if (version !== undefined) session.protocolVersion = version;
  const initialized = { jsonrpc: '2.0' as const, method: 'notifications/initialized' };
  const ack = await transport.post(target, {
    body: JSON.stringify(initialized),
    messages: [initialized],
    session,
    signal,
  });
  await drain(ack.body);
  return result;
}
