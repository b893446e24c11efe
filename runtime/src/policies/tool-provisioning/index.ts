import type { CatalogCache, ToolLister } from '../../catalog/cache.js';
import { type Server, servesEachCaller } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { asJudged, eachMessage, envelope } from '../../mcp/answer.js';
import type { McpStage, Parsed, Resolved } from '../../mcp/context.js';
import { isResponse, type JsonRpcId } from '../../mcp/jsonrpc.js';
import { serverToolPolicy, type ToolPolicy } from './rules.js';

export interface ToolProvisioningConfig {
  catalogs: CatalogCache;
  /** Lists a server's tools from the upstream when a read-only decision finds no catalog yet. */
  listTools: (server: Server) => ReturnType<ToolLister>;
}

const notProvisioned = (tool: string, server: string) =>
  new GatewayError('tool_not_provisioned', `Tool "${tool}" is not available on MCP server "${server}".`);

const uncheckable = (tool: string, server: string) =>
  new GatewayError(
    'upstream_unavailable',
    `Tool "${tool}" of MCP server "${server}" cannot be checked now: its tools could not be listed.`,
  );

/**
 * Tool provisioning: `tools/list` answers (every page) hold only the tools a server's `tools` rules offer,
 * and a `tools/call` of any other tool is answered by the gateway and never reaches the upstream. Read-only
 * provisioning decides on the tool catalog's annotations (trusted by the admin for that server).
 */
export function toolProvisioning(config: ToolProvisioningConfig): McpStage<Resolved & Parsed> {
  // compiled once per server configuration object (the config reader hands out the same until it changes)
  const policies = new WeakMap<Server, ToolPolicy>();
  const policyOf = (server: Server) => {
    let policy = policies.get(server);
    if (policy === undefined) {
      policy = serverToolPolicy(server);
      policies.set(server, policy);
    }
    return policy;
  };
  return {
    name: 'tool-provisioning',
    async run(context, next) {
      const { server, mcp } = context;
      const policy = policyOf(server);
      if (!policy.active) return next(context);
      const lists = new Set<JsonRpcId>();
      for (let index = 0; index < mcp.messages.length; index++) {
        const m = mcp.messages[index]!;
        if (m.kind !== 'request') continue;
        if (m.method === 'tools/list') lists.add((m.message as { id: JsonRpcId }).id);
        if (m.method !== 'tools/call' || mcp.refused.has(index)) continue;
        const name = m.target?.name;
        if (name === undefined) continue; // refused by the view already (a call must name its tool)
        let offered = policy.allowsName(name);
        if (offered && policy.needsAnnotations) {
          const catalog = await config.catalogs
            .require(server.id ?? server.name, () => config.listTools(server), servesEachCaller(server))
            .catch(() => undefined);
          // no catalog to decide on is an outage a client may retry, not a tool it should forget
          if (catalog === undefined) {
            mcp.refused.set(index, uncheckable(name, server.name));
            continue;
          }
          const tool = catalog.tools.find((t) => t.name === name);
          offered = tool !== undefined && policy.offers(name, tool.annotations);
        }
        if (!offered) mcp.refused.set(index, notProvisioned(name, server.name));
      }
      const answer = await next(context);
      // a GET stream carries responses only as replays of earlier streams (a resumption): any may be a list
      const replays = mcp.operation === 'listen';
      if (lists.size === 0 && !replays) return answer;
      return eachMessage(answer, (item) => {
        const { message } = item;
        if (!isResponse(message) || message.id === null || !(replays || lists.has(message.id)))
          return undefined;
        const result = message.result as { tools?: unknown } | undefined;
        if (!Array.isArray(result?.tools)) return undefined;
        const tools = result.tools.filter((tool: { name?: unknown; annotations?: unknown }) =>
          typeof tool?.name === 'string'
            ? policy.offers(tool.name, tool.annotations as Parameters<ToolPolicy['offers']>[1])
            : false,
        );
        // nothing hidden: the upstream's text goes on as it came (no re-serialisation), unless a client
        // could read another name in it than the one judged
        if (tools.length === result.tools.length) return asJudged(item);
        return [envelope({ ...message, result: { ...result, tools } })];
      });
    },
  };
}
