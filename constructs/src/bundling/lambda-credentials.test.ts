import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProvider } from './lambda-credentials.js';

const credentialVariables = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_PROFILE',
] as const;

describe('the Lambda credential chain', () => {
  const saved: Partial<Record<string, string>> = {};
  let server: Server | undefined;

  beforeEach(() => {
    for (const name of credentialVariables) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });

  afterEach(async () => {
    for (const name of credentialVariables) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A container credentials endpoint on loopback; answers how many times it was asked. */
  async function containerEndpoint(expiresInMs: number): Promise<{ url: string; hits: () => number }> {
    let hits = 0;
    server = createServer((request, response) => {
      hits++;
      expect(request.headers.authorization).toBe('container-token');
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          AccessKeyId: `from-container-${hits}`,
          SecretAccessKey: 'secret',
          Token: 'session',
          Expiration: new Date(Date.now() + expiresInMs).toISOString(),
        }),
      );
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/credentials`, hits: () => hits };
  }

  it('answers the execution role credentials Lambda puts in the environment', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKID';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'session';
    // Lambda also sets AWS_CONTAINER_* on some runtimes: the environment still comes first
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = 'http://127.0.0.1:9/never-asked';
    const credentials = await defaultProvider({})();
    expect(credentials).toMatchObject({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  it('falls back to the container credentials endpoint, asking once while the credentials are fresh', async () => {
    const endpoint = await containerEndpoint(60 * 60_000);
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = endpoint.url;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = 'container-token';
    const provider = defaultProvider({});
    const first = await provider();
    const second = await provider();
    expect(first).toMatchObject({ accessKeyId: 'from-container-1', sessionToken: 'session' });
    expect(second).toBe(first);
    expect(endpoint.hits()).toBe(1);
  });

  it('refreshes container credentials that expire within five minutes', async () => {
    const endpoint = await containerEndpoint(60_000);
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = endpoint.url;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = 'container-token';
    const provider = defaultProvider({});
    const first = await provider();
    const asked = endpoint.hits();
    const second = await provider();
    expect(endpoint.hits()).toBeGreaterThan(asked);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
  });

  it('fails with a CredentialsProviderError (the store answers store_unavailable) when neither is set', async () => {
    const error = await defaultProvider({})().catch((e: unknown) => e);
    expect((error as Error).name).toBe('CredentialsProviderError');
    expect((error as Error).message).toMatch(/AWS_ACCESS_KEY_ID/);
  });
});
