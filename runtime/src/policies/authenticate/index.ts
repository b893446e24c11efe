import { bearerToken } from '../../auth/secrets.js';
import type { ConfigReader } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { extend } from '../../core/pipeline.js';
import type { Authenticated, McpStage, RequestContext } from '../../mcp/context.js';

export interface AuthenticateConfig {
  config: Pick<ConfigReader, 'authenticateApiKey'>;
  realm?: string;
}

/** Reads `Authorization: Bearer <key>` and resolves it to a principal; anything else is 401. */
export function authenticate({
  config,
  realm = 'mcp-gateway',
}: AuthenticateConfig): McpStage<RequestContext, Authenticated> {
  return {
    name: 'authenticate',
    async run(context, next) {
      const token = bearerToken(context.request.headers.authorization);
      const principal = token === undefined ? undefined : await config.authenticateApiKey(token);
      if (principal === undefined) {
        const challenge =
          token === undefined
            ? `Bearer realm="${realm}"`
            : `Bearer realm="${realm}", error="invalid_token", error_description="The credential is not valid."`;
        throw new GatewayError(
          'unauthorized',
          token === undefined ? 'Authentication required.' : 'Invalid credentials.',
          { headers: { 'www-authenticate': challenge } },
        );
      }
      return next(extend(context, { principal }));
    },
  };
}
