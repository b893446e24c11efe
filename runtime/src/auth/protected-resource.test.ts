import { describe, expect, it } from 'vitest';
import { bearerChallenge, grantedScopes, metadataDocument, resourceOf } from './protected-resource.js';

describe('protected resource helpers', () => {
  it('reads scopes from `scope` (space-separated) and `scp` (a list or a string, as Entra ID writes it)', () => {
    expect([...grantedScopes({ scope: 'a  b' })]).toEqual(['a', 'b']);
    expect([...grantedScopes({ scp: ['c', 1, 'd'] })]).toEqual(['c', 'd']);
    expect([...grantedScopes({ scp: 'e f', scope: 'a' })]).toEqual(['a', 'e', 'f']);
    expect([...grantedScopes(undefined)]).toEqual([]);
  });

  it('builds resource URIs per server and challenges that never carry quotes from a reason', () => {
    expect(resourceOf('https://gw.test', 'git hub')).toEqual({
      resource: 'https://gw.test/mcp/git%20hub',
      metadata: 'https://gw.test/.well-known/oauth-protected-resource/mcp/git%20hub',
    });
    expect(bearerChallenge('https://m', 'bad "quoted" \\ reason', ['x'])).toBe(
      'Bearer realm="mcp-gateway", resource_metadata="https://m", scope="x", error="invalid_token", error_description="bad quoted  reason"',
    );
    // RFC 6750's characters only: a reason in another script or with a line break still makes a header
    expect(bearerChallenge('https://m', 'Token expired – sign in\r\nagain 期限')).toBe(
      'Bearer realm="mcp-gateway", resource_metadata="https://m", error="invalid_token", error_description="Token expired ? sign in??again ??"',
    );
    expect(metadataDocument('r', 'n', ['i'])).not.toHaveProperty('scopes_supported');
  });
});
