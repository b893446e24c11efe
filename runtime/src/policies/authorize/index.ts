import type { AuditLog } from '../../audit/log.js';
import type { Authenticated, McpStage, RequestContext, Resolved } from '../../mcp/context.js';
import { unknownServerError } from '../authenticate/index.js';

/**
 * Workspace isolation: a principal reaches only the servers of its own workspace, and of those only the
 * ones its credential is restricted to (an api key's `servers`). Any other is answered as an unknown
 * server would be: a credential learns nothing of the servers it may not reach, not even their names.
 */
export function authorizeWorkspace(
  options: { publicUrl?: string; audit?: Pick<AuditLog, 'enqueue'> } = {},
): McpStage<RequestContext & Authenticated & Resolved> {
  return {
    name: 'authorize-workspace',
    run(context, next) {
      const { principal, server, request } = context;
      const unknown = () => unknownServerError(principal.method, request, server.name, options.publicUrl);
      // another workspace's server is not audited here: this workspace's audit readers would learn its name
      if ((server.workspace ?? 'default') !== principal.workspace) throw unknown();
      if (principal.servers !== undefined && !principal.servers.includes(server.name)) {
        // a credential reaching past its servers (perhaps leaked, and probing) is told nothing, and recorded
        options.audit?.enqueue({
          type: 'access.denied',
          workspace: principal.workspace,
          actor: { kind: 'user', id: principal.user, method: principal.method },
          server: server.name,
          reason: 'credential-scope',
          ...(principal.credentialId !== undefined ? { detail: { credential: principal.credentialId } } : {}),
        });
        throw unknown();
      }
      return next(context);
    },
  };
}
