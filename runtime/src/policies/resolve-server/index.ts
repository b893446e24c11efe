import type { ConfigReader } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';

/** Finds the upstream server named in the path (cached config read). */
export function resolveServer({ config }: { config: Pick<ConfigReader, 'serverByName'> }): Stage {
  return async (context, next) => {
    const server = await config.serverByName(context.serverName);
    if (server === undefined)
      throw new GatewayError('not_found', `Unknown MCP server "${context.serverName}".`);
    if (server.enabled === false) {
      throw new GatewayError('server_disabled', `MCP server "${context.serverName}" is disabled.`);
    }
    context.server = server;
    return next(context);
  };
}
