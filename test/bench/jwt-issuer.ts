/**
 * A minimal token issuer for the bench's JWT path: an ES256 key, its JWKS on a loopback port, and
 * tokens for a given audience. (The identity tests use a real OpenID provider; here only the cost of
 * verifying a token with cached keys is measured.)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface JwtIssuer {
  issuer: string;
  jwksUri: string;
  token(audience: string, subject: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startJwtIssuer(): Promise<JwtIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'ES256' }] });
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    token: (audience, subject) =>
      new SignJWT({ groups: ['bench'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'bench-1' })
        .setIssuer(issuer)
        .setSubject(subject)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(privateKey),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
