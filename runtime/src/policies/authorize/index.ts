import { GatewayError } from '../../core/errors.js';
import type { Authenticated, McpStage, Resolved } from '../../mcp/context.js';
import { unknownServer } from '../resolve-server/index.js';

/**
 * Workspace isolation: a principal reaches only the servers of its own workspace, and of those only the
 * ones its credential is restricted to (an api key's `servers`).
 */
export function authorizeWorkspace(): McpStage<Authenticated & Resolved> {
  return {
    name: 'authorize-workspace',
    run(context, next) {
      const { principal, server } = context;
      if ((server.workspace ?? 'default') !== principal.workspace) {
        // answered like an unknown server: other workspaces' servers are not even disclosed
        throw unknownServer(server.name);
      }
      if (principal.servers !== undefined && !principal.servers.includes(server.name)) {
        throw new GatewayError('forbidden', `The credential may not reach MCP server "${server.name}".`);
      }
      return next(context);
    },
  };
}
