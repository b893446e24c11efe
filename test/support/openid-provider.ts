/** A real OpenID provider (`oidc-provider`) on a loopback port, as the company's identity provider. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export interface OpenIdProvider {
  issuer: string;
  /** The provider itself (its events: `grant.revoked`, …). */
  provider: Provider;
  close(): Promise<void>;
}

/** Starts it with an RS256 signing key of its own; `configure` gets the issuer and gives the rest. */
export async function startOpenIdProvider(
  configure: (issuer: string) => Configuration,
): Promise<OpenIdProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'corp-1', alg: 'RS256', use: 'sig' }] },
    ...configure(issuer),
  });
  server.on('request', provider.callback());
  return { issuer, provider, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
