import { InvalidToken, looksLikeJwt, type TokenVerifier } from '../../auth/jwt.js';
import type { KeyUsage } from '../../auth/key-usage.js';
import { baseUrlOf, bearerChallenge, resourceOf } from '../../auth/protected-resource.js';
import { bearerToken } from '../../auth/secrets.js';
import type { ConfigReader, Principal } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { extend } from '../../core/pipeline.js';
import type { Authenticated, McpStage, RequestContext, ServerLookup } from '../../mcp/context.js';

export interface AuthenticateConfig {
  config: Pick<ConfigReader, 'authenticateApiKey' | 'identityProviders'>;
  tokens: TokenVerifier;
  /** Records api keys' last use (amortized). */
  usage?: KeyUsage;
  /** The gateway's public base URL (resource URIs and metadata links); the request's host when unset. */
  publicUrl?: string;
}

const refused = (challenge: string, detail: string) =>
  new GatewayError('unauthorized', detail, { headers: { 'www-authenticate': challenge } });

/**
 * Reads `Authorization: Bearer <credential>`: a JWT of a registered identity provider (verified for this
 * server's resource URI) or an api key. Without a credential, or with one that does not hold, 401 with a
 * challenge naming the server's protected resource metadata.
 */
export function authenticate(
  options: AuthenticateConfig,
): McpStage<RequestContext & ServerLookup, Authenticated> {
  const { config, tokens } = options;
  return {
    name: 'authenticate',
    async run(context, next) {
      const token = bearerToken(context.request.headers.authorization);
      const { resource, metadata } = resourceOf(
        baseUrlOf(context.request, options.publicUrl),
        context.serverName,
      );
      if (token === undefined) throw refused(bearerChallenge(metadata), 'Authentication required.');
      let principal: Principal | undefined;
      if (looksLikeJwt(token)) {
        try {
          const server = await context.serverLookup;
          // an unknown server is not disclosed: its tokens are just not valid
          if (server === undefined) throw new InvalidToken('The token is not valid for this server.');
          principal = await tokens.verify(token, server, resource, await config.identityProviders());
        } catch (error) {
          if (!(error instanceof InvalidToken)) throw error;
          throw refused(bearerChallenge(metadata, error.message), error.message);
        }
      } else {
        principal = await config.authenticateApiKey(token);
        if (principal !== undefined) options.usage?.touch(principal.credentialId);
      }
      if (principal === undefined)
        throw refused(bearerChallenge(metadata, 'The credential is not valid.'), 'Invalid credentials.');
      return next(extend(context, { principal }));
    },
  };
}
