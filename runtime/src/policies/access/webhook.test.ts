import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal, Server, Webhook } from '../../core/config.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../webhooks/call.js';
import { type AuthzQuestion, AuthzWebhooks, argumentsDigest } from './webhook.js';

const SECRET = 'authz-secret-0123456789abcdefghijklmnopq';
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

const webhook = (over: Partial<Webhook> = {}): Webhook =>
  ({
    id: 'whk_2',
    version: 1,
    name: 'opa',
    workspace: 'team',
    url: 'https://opa.corp.test/mcp-authz',
    secret: SECRET,
    timeoutMs: 150,
    failMode: 'closed',
    cacheSeconds: 30,
    ...over,
  }) as Webhook;

const server = { id: 'srv_1', name: 'github', url: 'https://up.test/mcp', workspace: 'team' } as Server;
const ada: Principal = {
  user: 'ada',
  workspace: 'team',
  method: 'jwt',
  credentialId: 'idp:1',
  provider: 'corp',
  claims: { level: 3 },
};
const question = (args: Record<string, unknown>, tool = 'delete_repository'): AuthzQuestion => ({
  principal: ada,
  teams: ['sre'],
  server,
  method: 'tools/call',
  target: { kind: 'tool', name: tool },
  arguments: args,
});

function receiver(answer: (body: Record<string, unknown>) => Response | Promise<Response>) {
  const received: { body: Record<string, unknown>; signatureValid: boolean }[] = [];
  let now = NOW;
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const raw = String(init?.body);
    const timestamp = headers.get(TIMESTAMP_HEADER);
    const expected = Buffer.from(
      `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${raw}`).digest('hex')}`,
    );
    const given = Buffer.from(headers.get(SIGNATURE_HEADER) ?? '');
    const body = JSON.parse(raw) as Record<string, unknown>;
    received.push({
      body,
      signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
    });
    return answer(body);
  }) as typeof fetch;
  const webhooks = new AuthzWebhooks({
    http: fetchHttpClient(fetchImpl),
    guard: createUrlGuard({
      allowLoopback: false,
      allowPrivate: false,
      lookup: async (host) => [{ address: host === 'metadata.test' ? '169.254.169.254' : '93.184.216.34' }],
    }),
    clock: { now: () => now },
  });
  return { received, webhooks, advance: (ms: number) => (now += ms) };
}

describe('the authorization webhook', () => {
  it('is asked with the principal, target and a digest of the arguments (not the arguments), signed', async () => {
    const { received, webhooks } = receiver((body) =>
      Response.json(
        (body['principal'] as { teams: string[] }).teams.includes('sre')
          ? { allow: true }
          : { allow: false, reason: 'only SRE' },
      ),
    );
    expect(await webhooks.decide(webhook(), question({ repo: 'secret-plans' }))).toEqual({ allow: true });
    const [call] = received;
    expect(call!.signatureValid).toBe(true);
    expect(call!.body).toEqual({
      type: 'authz',
      workspace: 'team',
      server: 'github',
      principal: { user: 'ada', method: 'jwt', teams: ['sre'], provider: 'corp', claims: { level: 3 } },
      method: 'tools/call',
      tool: 'delete_repository',
      argumentsDigest: argumentsDigest({ repo: 'secret-plans' }),
    });
    expect(JSON.stringify(call!.body)).not.toContain('secret-plans');
    // the digest ignores key order
    expect(argumentsDigest({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      argumentsDigest({ b: [1, { d: 3, c: 2 }], a: 1 }),
    );
  });

  it('sends the arguments when configured; denials carry the reason', async () => {
    const { received, webhooks } = receiver(() => Response.json({ allow: false, reason: 'not on Fridays' }));
    const decision = await webhooks.decide(webhook({ sendArguments: true }), question({ repo: 'r' }));
    expect(decision).toEqual({ allow: false, reason: 'not on Fridays' });
    expect(received[0]!.body['arguments']).toEqual({ repo: 'r' });
  });

  it('reuses an answer for the same principal, message and arguments for cacheSeconds', async () => {
    const { received, webhooks, advance } = receiver(() => Response.json({ allow: true }));
    await webhooks.decide(webhook(), question({ repo: 'a' }));
    await webhooks.decide(webhook(), question({ repo: 'a' }));
    expect(received).toHaveLength(1);
    await webhooks.decide(webhook(), question({ repo: 'b' }));
    expect(received).toHaveLength(2);
    advance(31_000);
    await webhooks.decide(webhook(), question({ repo: 'a' }));
    expect(received).toHaveLength(3);
  });

  it('says when the decision explainer asks, not a call', async () => {
    const { received, webhooks } = receiver(() => Response.json({ allow: true }));
    await webhooks.decide(webhook(), { ...question({ repo: 'a' }), explain: true });
    await webhooks.decide(webhook(), question({ repo: 'a' }));
    expect(received.map((r) => r.body['explain'])).toEqual([true, undefined]);
  });

  it('asks again when the same credential comes with other teams or claims', async () => {
    const { received, webhooks } = receiver((body) =>
      Response.json({ allow: (body['principal'] as { teams: string[] }).teams.includes('sre') }),
    );
    expect(await webhooks.decide(webhook(), question({ repo: 'a' }))).toEqual({ allow: true });
    // the team left: the answer given to the SRE is not reused
    const left = await webhooks.decide(webhook(), { ...question({ repo: 'a' }), teams: [] });
    expect(left.allow).toBe(false);
    const demoted = { ...question({ repo: 'a' }), principal: { ...ada, claims: { level: 1 } } };
    await webhooks.decide(webhook(), demoted);
    expect(received).toHaveLength(3);
  });

  it('fails closed by default and open when configured: timeout, error status, malformed answer, guarded address', async () => {
    const slow = receiver(
      () =>
        new Promise<Response>((resolve) => setTimeout(() => resolve(Response.json({ allow: true })), 1000)),
    );
    expect(await slow.webhooks.decide(webhook(), question({}))).toEqual({
      allow: false,
      reason: 'The authorization webhook failed: it did not answer within 150 ms.',
    });
    expect(await slow.webhooks.decide(webhook({ id: 'whk_open', failMode: 'open' }), question({}))).toEqual({
      allow: true,
    });
    const broken = receiver(() => new Response('oops', { status: 500 }));
    expect(await broken.webhooks.decide(webhook(), question({}))).toMatchObject({
      allow: false,
      reason: expect.stringContaining('HTTP 500'),
    });
    const malformed = receiver(() => Response.json({ allowed: 'yes' }));
    expect(await malformed.webhooks.decide(webhook(), question({}))).toMatchObject({
      allow: false,
      reason: expect.stringContaining('no boolean "allow"'),
    });
    const metadata = receiver(() => Response.json({ allow: true }));
    expect(
      await metadata.webhooks.decide(webhook({ url: 'http://metadata.test/latest' }), question({})),
    ).toMatchObject({ allow: false, reason: expect.stringContaining('address is not allowed') });
    expect(metadata.received).toHaveLength(0);
  });
});
