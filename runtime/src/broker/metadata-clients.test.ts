import { describe, expect, it } from 'vitest';
import type { StoredOAuthClient } from '../core/config.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { isMetadataUrl, MetadataClients, READS_PER_ADDRESS } from './metadata-clients.js';

/** Metadata clients over a host that serves one good document (`/app.json`) and 404 for anything else. */
function world(recorded?: StoredOAuthClient) {
  const clock = new FakeClock();
  const reads: string[] = [];
  const fetchImpl = (async (url: string | URL) => {
    reads.push(String(url));
    if (String(url) === 'https://app.test/app.json')
      return Response.json({
        client_id: 'https://app.test/app.json',
        redirect_uris: ['https://app.test/cb'],
      });
    return new Response('not here', { status: 404 });
  }) as typeof fetch;
  const clients = new MetadataClients({
    config: { oauthClientById: async () => recorded },
    http: fetchHttpClient(fetchImpl),
    guard: createUrlGuard({
      allowLoopback: false,
      allowPrivate: false,
      lookup: async () => [{ address: '93.184.216.34' }],
    }),
    store: new MemoryStore(clock),
    clock,
  });
  return { clock, reads, clients };
}

describe('client metadata documents', () => {
  it('takes as a document’s URL only one with a path and without user name, fragment or dot segments', () => {
    for (const url of [
      'https://app.test/client.json',
      'https://app.test/a/b.json?v=1',
      'http://127.0.0.1:7/c',
    ])
      expect(isMetadataUrl(url), url).toBe(true);
    for (const url of [
      'oc_123',
      'https://app.test/',
      'http://app.test/client.json',
      'https://app.test/client.json#x',
      'https://claude.ai@evil.example/c.json',
      'https://u:p@app.test/c.json',
      'https://app.test/./c.json',
      'https://app.test/a/../c.json',
      'https://app.test/a/%2E%2e/c.json',
      'https://app.test\\..\\c.json',
      'https://app.test/a/..',
      'https:app.test/trusted/..//evil/c.json',
      'https://APP.test/c.json',
    ])
      expect(isMetadataUrl(url), url).toBe(false);
  });

  it('reads documents for one address a bounded number of times an hour; a failed one not again for a while', async () => {
    const { clock, reads, clients } = await world();
    for (let i = 0; i < READS_PER_ADDRESS; i++)
      expect(await clients.resolve(`https://victim.test/p${i}`, '192.0.2.1')).toBe(
        'The client metadata document could not be read (its URL did not answer 200).',
      );
    expect(reads).toHaveLength(READS_PER_ADDRESS);
    // the same failing document again: answered from memory, no request
    expect(await clients.resolve('https://victim.test/p0', '192.0.2.1')).toContain('did not answer 200');
    // a new one past the quota: refused before any request
    expect(await clients.resolve('https://victim.test/next', '192.0.2.1')).toBe(
      'Too many client metadata documents were read for this address; try again later.',
    );
    expect(reads).toHaveLength(READS_PER_ADDRESS);
    // another address has its own; the next hour, this one again
    expect(await clients.resolve('https://app.test/app.json', '192.0.2.2')).toMatchObject({
      redirectUris: ['https://app.test/cb'],
    });
    clock.advance(3_600_000);
    expect(await clients.resolve('https://victim.test/next', '192.0.2.1')).toContain('did not answer 200');
  });

  it('reads a document in use again once its cache time is over, however often it is used', async () => {
    const { clock, reads, clients } = await world();
    for (let minute = 0; minute < 11; minute++) {
      expect(typeof (await clients.resolve('https://app.test/app.json', '192.0.2.1'))).toBe('object');
      clock.advance(60_000);
    }
    // every five minutes, not once for good
    expect(reads).toHaveLength(3);
  });

  it('answers a document with the scopes an admin narrowed its record to; refuses it when disabled', async () => {
    const record = { id: 'md', name: 'md-app', scopes: ['read'] } as unknown as StoredOAuthClient;
    const narrowed = await world(record).clients.resolve('https://app.test/app.json', '192.0.2.1');
    expect(narrowed).toMatchObject({ redirectUris: ['https://app.test/cb'], scopes: ['read'] });
    expect(
      await world({ ...record, enabled: false }).clients.resolve('https://app.test/app.json', '192.0.2.1'),
    ).toBe('The application was disabled on this gateway.');
  });
});
