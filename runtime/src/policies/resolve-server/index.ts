import type { ConfigReader } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { extend } from '../../core/pipeline.js';
import type { Authenticated, McpStage, RequestContext, Resolved, ServerLookup } from '../../mcp/context.js';

/** Server names are `Name`s of the management API; anything else is unknown without a store read. */
const SERVER_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

export const unknownServer = (name: string) =>
  new GatewayError('not_found', `Unknown MCP server "${name.length > 64 ? `${name.slice(0, 64)}…` : name}".`);

/** Starts reading the server named in the path (a cached config read), so it overlaps authentication. */
export function lookupServer({
  config,
}: {
  config: Pick<ConfigReader, 'serverByName'>;
}): McpStage<RequestContext, ServerLookup> {
  return {
    name: 'lookup-server',
    run(context, next) {
      const serverLookup = SERVER_NAME.test(context.serverName)
        ? config.serverByName(context.serverName)
        : Promise.resolve(undefined);
      // read only after authentication; a failure then surfaces there, not as an unhandled rejection
      serverLookup.catch(() => undefined);
      return next(extend(context, { serverLookup }));
    },
  };
}

/** The server the lookup found, told only to an authenticated caller; whether it is enabled is told later. */
export function resolveServer(): McpStage<RequestContext & ServerLookup & Authenticated, Resolved> {
  return {
    name: 'resolve-server',
    async run(context, next) {
      const server = await context.serverLookup;
      if (server === undefined) throw unknownServer(context.serverName);
      return next(extend(context, { server }));
    },
  };
}
