import type { ConfigReader } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';

export interface AuthenticateConfig {
  config: Pick<ConfigReader, 'authenticateApiKey'>;
  realm?: string;
}

/** Reads `Authorization: Bearer <key>` and resolves it to a principal; anything else is 401. */
export function authenticate({ config, realm = 'mcp-gateway' }: AuthenticateConfig): Stage {
  return async (context, next) => {
    const authorization = context.request.headers.authorization;
    const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = match?.[1];
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
    context.principal = principal;
    return next(context);
  };
}
