import type { CatalogCache, ToolLister } from '../../catalog/cache.js';
import { type Server, servesEachCaller } from '../../core/config.js';
import type { McpStage, Parsed, RequestContext, Resolved } from '../../mcp/context.js';
import { checkParamHeaders } from '../../mcp/param-headers.js';

export interface ParamHeadersConfig {
  catalogs: Pick<CatalogCache, 'get' | 'require'>;
  /** Lists a server's tools from the upstream when no catalog is known yet. */
  listTools: (server: Server) => ReturnType<ToolLister>;
}

/**
 * A stateless (2026-07-28) client's `Mcp-Param-*` headers must say what its call's arguments say: the
 * gateway reads the body, and whatever routed the request on its headers (a load balancer, a WAF) must
 * have seen what runs (400 with -32020 otherwise). Decided on the tool's schema as the catalog knows it
 * (listed from the upstream first for a request with such headers); a tool no listing shows, or whose
 * schema was too large to keep, is not checked.
 */
export function paramHeaders(config: ParamHeadersConfig): McpStage<RequestContext & Resolved & Parsed> {
  return {
    name: 'param-headers',
    async run(context, next) {
      const { mcp, server, request } = context;
      const call = mcp.messages.find((m) => m.kind === 'request' && m.method === 'tools/call');
      const name = call?.target?.name;
      if (mcp.era === 'stateless' && call !== undefined && name !== undefined) {
        // a request that carries such headers may have been routed on them: its tools are listed first
        // when none are known; one without is checked when they are (a header left out)
        const id = server.id ?? server.name;
        const routed = Object.keys(request.headers).some((header) => header.startsWith('mcp-param-'));
        const catalog = await (routed
          ? config.catalogs.require(id, () => config.listTools(server), servesEachCaller(server))
          : config.catalogs.get(id)
        ).catch(() => undefined);
        const tool = catalog?.tools.find((t) => t.name === name);
        const params = (call.message as { params?: Record<string, unknown> }).params;
        if (tool?.inputSchema !== undefined)
          checkParamHeaders(request.headers, tool.inputSchema, params?.['arguments']);
      }
      return next(context);
    },
  };
}
