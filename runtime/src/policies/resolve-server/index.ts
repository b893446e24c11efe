import type { ConfigReader } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';

/** Finds the upstream server named in the path (cached config read); whether it is enabled is told only after authorization. */
export function resolveServer({ config }: { config: Pick<ConfigReader, 'serverByName'> }): Stage {
  return async (context, next) => {
    const server = await config.serverByName(context.serverName);
    if (server === undefined)
      throw new GatewayError('not_found', `Unknown MCP server "${context.serverName}".`);
    context.server = server;
    return next(context);
  };
}
