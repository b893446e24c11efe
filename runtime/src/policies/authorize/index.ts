import { GatewayError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';

/** Workspace isolation: a principal reaches only the servers of its own workspace. */
export function authorizeWorkspace(): Stage {
  return (context, next) => {
    const { principal, server } = context;
    if (principal === undefined || server === undefined) {
      throw new GatewayError('internal', 'authorize runs after authenticate and resolve-server.');
    }
    if ((server.workspace ?? 'default') !== principal.workspace) {
      // answered like an unknown server: other workspaces' servers are not even disclosed
      throw new GatewayError('not_found', `Unknown MCP server "${server.name}".`);
    }
    return next(context);
  };
}
