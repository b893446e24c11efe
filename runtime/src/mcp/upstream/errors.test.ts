import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  insufficientScope,
  UpstreamRefusedCredentials,
  type UpstreamUnreachable,
  upstreamFailure,
} from './errors.js';

describe('insufficientScope', () => {
  it('reads the scopes a Bearer challenge says are needed (RFC 6750 §3)', () => {
    expect(insufficientScope('Bearer error="insufficient_scope", scope="files:read files:write"')).toEqual([
      'files:read',
      'files:write',
    ]);
    // among other parameters and challenges, in any case of the scheme, unquoted values too
    expect(
      insufficientScope(
        'Basic realm="x", bearer realm="saas", error=insufficient_scope, scope="a  b a", resource_metadata="https://s/.well-known/oauth-protected-resource"',
      ),
    ).toEqual(['a', 'b']);
    expect(insufficientScope('Bearer scope="admin", error="insufficient_scope"')).toEqual(['admin']);
    expect(insufficientScope('Bearer realm="a", , error="insufficient_scope",scope=admin')).toEqual([
      'admin',
    ]);
  });

  it('says nothing for other errors, no scopes, other schemes or scopes no one could be asked for', () => {
    for (const header of [
      'Bearer error="invalid_token", scope="a"',
      'Bearer error="insufficient_scope"',
      'Bearer error="insufficient_scope", scope=""',
      'Basic realm="insufficient_scope", scope="a"',
      'Bearerx error="insufficient_scope", scope="a"',
      `Bearer error="insufficient_scope", scope="${'s'.repeat(257)}"`,
      `Bearer error="insufficient_scope", scope="${Array.from({ length: 33 }, (_, i) => `s${i}`).join(' ')}"`,
      'Bearer error="insufficient_scope", scope="a\\"b"',
      'Bearer error="insufficient_scope", scope="caf\u00e9"',
    ])
      expect(insufficientScope(header), header).toBeUndefined();
  });

  it('never throws, and answers only scope tokens, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 100 }), (noise, scope) => {
        for (const header of [noise, `Bearer error="insufficient_scope", scope="${scope}"${noise}`]) {
          const scopes = insufficientScope(header);
          if (scopes !== undefined) {
            expect(scopes.length).toBeGreaterThan(0);
            for (const s of scopes) expect(s).toMatch(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/);
          }
        }
      }),
    );
  });

  it('only a 403 asks for more scopes: a 401 is a token no longer good', () => {
    const challenge = 'Bearer error="insufficient_scope", scope="a"';
    expect(new UpstreamRefusedCredentials('saas', 403, false, challenge).scopesWanted).toEqual(['a']);
    expect(new UpstreamRefusedCredentials('saas', 401, false, challenge).scopesWanted).toBeUndefined();
  });
});

describe('upstreamFailure', () => {
  const failure = (code?: string) => upstreamFailure('crm', Object.assign(new Error('x'), { code }), false);

  it('tells a connection that failed once the call was out from an upstream never reached', () => {
    for (const code of ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']) {
      const error = failure(code) as UpstreamUnreachable;
      expect([error.code, error.mayHaveRun, error.message]).toEqual([
        'upstream_unavailable',
        true,
        `Upstream server "crm" dropped the connection before it answered; the call may have run there (${code}).`,
      ]);
    }
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'UND_ERR_CONNECT_TIMEOUT',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'EPROTO',
      'UND_ERR_CLOSED',
    ]) {
      const error = failure(code) as UpstreamUnreachable;
      expect([error.mayHaveRun, error.message]).toEqual([
        false,
        `Upstream server "crm" is unreachable (${code}).`,
      ]);
    }
  });
});
