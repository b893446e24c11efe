import type { Authenticated, McpStage, RequestContext, Resolved } from '../../mcp/context.js';
import { unknownServerError } from '../authenticate/index.js';

/**
 * Workspace isolation: a principal reaches only the servers of its own workspace, and of those only the
 * ones its credential is restricted to (an api key's `servers`). Any other is answered as an unknown
 * server would be: a credential learns nothing of the servers it may not reach, not even their names.
 */
export function authorizeWorkspace(
  options: { publicUrl?: string } = {},
): McpStage<RequestContext & Authenticated & Resolved> {
  return {
    name: 'authorize-workspace',
    run(context, next) {
      const { principal, server, request } = context;
      if (
        (server.workspace ?? 'default') !== principal.workspace ||
        (principal.servers !== undefined && !principal.servers.includes(server.name))
      )
        throw unknownServerError(principal.method, request, server.name, options.publicUrl);
      return next(context);
    },
  };
}
