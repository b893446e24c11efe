import type { CatalogCache } from '../../catalog/cache.js';
import type { McpStage, Parsed, RequestContext, Resolved } from '../../mcp/context.js';
import { checkParamHeaders } from '../../mcp/param-headers.js';

export interface ParamHeadersConfig {
  catalogs: Pick<CatalogCache, 'get'>;
}

/**
 * A stateless (2026-07-28) client's `Mcp-Param-*` headers must say what its call's arguments say: the
 * gateway reads the body, and whatever routed the request on its headers (a load balancer, a WAF) must
 * have seen what runs (400 with -32020 otherwise). Decided on the tool's schema as the catalog knows it;
 * a tool not listed yet is not checked here (its upstream, of that revision, checks what it is sent).
 */
export function paramHeaders(config: ParamHeadersConfig): McpStage<RequestContext & Resolved & Parsed> {
  return {
    name: 'param-headers',
    async run(context, next) {
      const { mcp, server, request } = context;
      const call = mcp.messages.find((m) => m.kind === 'request' && m.method === 'tools/call');
      const name = call?.target?.name;
      if (mcp.era === 'stateless' && call !== undefined && name !== undefined) {
        const catalog = await config.catalogs.get(server.id ?? server.name);
        const tool = catalog?.tools.find((t) => t.name === name);
        const params = (call.message as { params?: Record<string, unknown> }).params;
        if (tool?.inputSchema !== undefined)
          checkParamHeaders(request.headers, tool.inputSchema, params?.['arguments']);
      }
      return next(context);
    },
  };
}
