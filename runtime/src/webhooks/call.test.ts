import { describe, expect, it } from 'vitest';
import type { Webhook } from '../core/config.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { deliverNotice, WebhookFailure, webhookUrlProblem } from './call.js';

describe('webhookUrlProblem', () => {
  it('takes https anywhere, and plain http only to this machine', () => {
    for (const url of [
      'https://hooks.example.com/authz',
      'HTTPS://hooks.example.com:8443/x',
      'http://127.0.0.1:8181/v1/data',
      'http://127.8.9.10/x',
      'http://localhost/x',
      'http://LOCALHOST:9/x',
      'http://[::1]:8181/x',
    ])
      expect(webhookUrlProblem(url), url).toBeUndefined();
    for (const url of [
      'http://hooks.example.com/authz',
      'http://10.0.0.7/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://127.0.0.1.nip.io/x',
      'http://localhost.example.com/x',
      'ftp://127.0.0.1/x',
    ])
      expect(webhookUrlProblem(url), url).toMatch(/^must use https/);
    expect(webhookUrlProblem('not a url')).toBe('is not a valid URL');
  });
});

describe('deliverNotice', () => {
  const webhook = (url: string) =>
    ({ id: 'whk_1', version: 1, name: 'alerts', url, secret: 's'.repeat(32), timeoutMs: 500 }) as Webhook;

  /** Sends one notice to a receiver answering `statuses` in turn: how many times it was sent, and how it ended. */
  async function send(
    url: string,
    statuses: number[],
    body: () => string | ReadableStream<Uint8Array> = () => '{}',
  ) {
    let calls = 0;
    const deps = {
      http: fetchHttpClient(
        (async () => new Response(body(), { status: statuses[calls++] ?? 200 })) as typeof fetch,
      ),
      guard: createUrlGuard({
        allowLoopback: false,
        allowPrivate: false,
        lookup: async () => [{ address: '93.184.216.34' }],
      }),
      clock: { now: () => Date.now() },
    };
    const ended = await deliverNotice(deps, webhook(url), { id: 'evt_1' }, [1, 1]).then(
      () => 'delivered',
      (error: unknown) => (error instanceof WebhookFailure ? 'failed' : String(error)),
    );
    return { calls, ended };
  }

  it('sends a notice again after a failure that may pass, and not after one that says the same again', async () => {
    expect(await send('https://hooks.example.com/a', [503, 429])).toEqual({ calls: 3, ended: 'delivered' });
    expect(await send('https://hooks.example.com/a', [500, 500, 500])).toEqual({ calls: 3, ended: 'failed' });
    expect(await send('https://hooks.example.com/a', [404])).toEqual({ calls: 1, ended: 'failed' });
    expect(await send('https://hooks.example.com/a', [401])).toEqual({ calls: 1, ended: 'failed' });
    // any 2xx delivers it, whatever its body: one past the answer limit, or one that never ends
    const large = () => 'x'.repeat(1 << 20);
    expect(await send('https://hooks.example.com/a', [200], large)).toEqual({ calls: 1, ended: 'delivered' });
    const endless = () => new ReadableStream({ start: (c) => c.enqueue(new Uint8Array(8)) });
    expect(await send('https://hooks.example.com/a', [202], endless)).toEqual({
      calls: 1,
      ended: 'delivered',
    });
    // a webhook this gateway never calls (an address its guard refuses, named in its URL)
    expect(await send('https://10.0.0.7/a', [])).toEqual({ calls: 0, ended: 'failed' });
  });
});
