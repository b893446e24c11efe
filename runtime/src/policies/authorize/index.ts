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
      throw new GatewayError('forbidden', `MCP server "${server.name}" is not in your workspace.`);
    }
    return next(context);
  };
}
