/**
 * The gateway as an OAuth 2.1 protected resource (MCP authorization; RFC 9728): each MCP server is a
 * resource at `<base>/mcp/{server}` whose metadata names the authorization servers whose tokens it
 * accepts, and 401 answers point clients there.
 */
import type { IdentityProvider } from '../core/config.js';
import type { HttpRequest } from '../core/http.js';

export const METADATA_PATH = '/.well-known/oauth-protected-resource';

/**
 * The gateway's public base URL: the configured one (set it wherever the gateway is reachable under
 * host names it does not control), else the request's own `Host` (API Gateway and loopback listeners
 * only answer for their own names).
 */
export function baseUrlOf(request: HttpRequest, configured: string | undefined): string {
  if (configured !== undefined) return configured.replace(/\/+$/, '');
  if (request.baseUrl !== undefined) return request.baseUrl;
  const proto = request.headers['x-forwarded-proto']?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return `${proto}://${request.headers.host ?? 'localhost'}`;
}

/** The resource URI of a server (the audience its tokens must name) and the URL of its metadata. */
export function resourceOf(base: string, serverName: string): { resource: string; metadata: string } {
  const path = `/mcp/${encodeURIComponent(serverName)}`;
  return { resource: `${base}${path}`, metadata: `${base}${METADATA_PATH}${path}` };
}

/** Issuers whose tokens a server of `workspace` accepts. */
export function issuersFor(workspace: string, providers: readonly IdentityProvider[]): string[] {
  const issuers = providers
    .filter((p) => p.workspace === workspace || p.claims?.workspace !== undefined)
    .map((p) => p.issuer);
  return [...new Set(issuers)];
}

/** The RFC 9728 document of one resource. */
export function metadataDocument(
  resource: string,
  name: string,
  issuers: readonly string[],
  scopes: readonly string[] = [],
) {
  return {
    resource,
    resource_name: name,
    authorization_servers: issuers,
    bearer_methods_supported: ['header'],
    ...(scopes.length > 0 ? { scopes_supported: scopes } : {}),
  };
}

/**
 * RFC 6750 §3's characters of `error_description` (%x20-21 / %x23-5B / %x5D-7E): quotes and backslashes
 * dropped, anything else outside them (a webhook's reason in any language, line breaks) shown as `?`. A
 * header value with such a character is no header at all: the 401 would fail as a 500.
 */
const quoted = (text: string) => text.replace(/["\\]/g, '').replace(/[^\x20-\x7e]/g, '?');

/**
 * `WWW-Authenticate` of a 401: where to find the metadata, the scopes the server requires (so a client
 * asks for them at once), and what was wrong with a presented token.
 */
export function bearerChallenge(
  metadataUrl: string,
  invalid?: string,
  scopes: readonly string[] = [],
): string {
  let challenge = `Bearer realm="mcp-gateway", resource_metadata="${metadataUrl}"`;
  if (scopes.length > 0) challenge += `, scope="${scopes.join(' ')}"`;
  if (invalid !== undefined) challenge += `, error="invalid_token", error_description="${quoted(invalid)}"`;
  return challenge;
}

/** `WWW-Authenticate` of a 403 for a token without every scope the server requires (step-up). */
export function insufficientScope(metadataUrl: string, scopes: readonly string[]): string {
  return `Bearer realm="mcp-gateway", error="insufficient_scope", scope="${scopes.join(' ')}", resource_metadata="${metadataUrl}"`;
}

/** The scopes a token's claims grant: `scope` (space-separated) or `scp` (a list or a string). */
export function grantedScopes(claims: Readonly<Record<string, unknown>> | undefined): Set<string> {
  const granted = new Set<string>();
  for (const value of [claims?.scope, claims?.scp]) {
    if (typeof value === 'string') for (const scope of value.split(' ')) if (scope !== '') granted.add(scope);
    if (Array.isArray(value)) for (const scope of value) if (typeof scope === 'string') granted.add(scope);
  }
  return granted;
}
