/**
 * Asks an upstream for its tools in a short probe session of its own (initialize, every `tools/list`
 * page, end): how the catalog is refreshed by the health checker, after `notifications/tools/list_changed`
 * and when a decision needs a catalog nobody listed yet.
 */
import { randomBytes } from 'node:crypto';
import { type CatalogTool, MAX_CATALOG_TOOLS, toCatalogTool } from '../catalog/tools.js';
import { GatewayError } from '../core/errors.js';
import { initializeRequest } from './bridge.js';
import type { JsonRpcRequest } from './jsonrpc.js';
import { drain } from './upstream/body.js';
import { resultOfReply } from './upstream/decode.js';
import { openUpstreamSession } from './upstream/handshake.js';
import type { UpstreamSession, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

/** More pages than any real server has; a cursor loop must end. */
const MAX_PAGES = 100;

export interface UpstreamTools {
  /** The upstream's `initialize` result (capabilities, serverInfo). */
  initialize: Record<string, unknown>;
  /** Undefined when the upstream offers no tools capability. */
  tools: CatalogTool[] | undefined;
}

export async function listUpstreamTools(
  target: UpstreamTarget,
  transport: UpstreamTransport,
  signal: AbortSignal = AbortSignal.timeout(target.timeoutMs),
): Promise<UpstreamTools> {
  const session: UpstreamSession = { gatewaySessionId: `catalog-${randomBytes(12).toString('base64url')}` };
  const failed = (what: string) =>
    new GatewayError('upstream_error', `Upstream server "${target.name}" did not answer ${what}.`);
  const call = async (request: JsonRpcRequest) => {
    const body = JSON.stringify(request);
    const reply = await transport.post(target, { body, messages: [request], session, signal });
    if (reply.status !== 200) {
      await drain(reply.body);
      return { reply, result: undefined };
    }
    return { reply, result: await resultOfReply(reply, target, request.id) };
  };
  const initialize = initializeRequest(
    'mcp-gateway-catalog',
    {},
    { name: 'mcp-gateway-catalog', version: '1' },
  );
  const initialized = await openUpstreamSession(target, transport, session, initialize, signal);
  try {
    const capabilities = initialized.capabilities as Record<string, unknown> | undefined;
    if (capabilities?.tools === undefined) return { initialize: initialized, tools: undefined };
    const tools: CatalogTool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const request: JsonRpcRequest = {
        jsonrpc: '2.0',
        id: `mcp-gateway-catalog-${page}`,
        method: 'tools/list',
        ...(cursor !== undefined ? { params: { cursor } } : {}),
      };
      const { result } = await call(request);
      if (result === undefined || !Array.isArray(result.tools)) throw failed('tools/list');
      for (const value of result.tools) {
        const tool = toCatalogTool(value);
        if (tool !== undefined) tools.push(tool);
      }
      if (tools.length > MAX_CATALOG_TOOLS)
        throw new GatewayError(
          'upstream_error',
          `Upstream server "${target.name}" lists more than ${MAX_CATALOG_TOOLS} tools.`,
        );
      cursor =
        typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
      if (cursor === undefined) return { initialize: initialized, tools };
    }
    // a list cut short is no catalog: the tools it did not reach would count as gone
    throw new GatewayError(
      'upstream_error',
      `Upstream server "${target.name}" pages its tools past ${MAX_PAGES} pages.`,
    );
  } finally {
    await transport.terminate(target, session).catch(() => undefined);
  }
}
