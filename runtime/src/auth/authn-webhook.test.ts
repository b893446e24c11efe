import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Server, Webhook } from '../core/config.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhooks/call.js';
import { AuthnWebhooks, FAIL_OPEN_MAX_AGE_MS } from './authn-webhook.js';

const SECRET = 'webhook-secret-0123456789abcdefghijklmnop';
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

const webhook = (over: Partial<Webhook> = {}): Webhook =>
  ({
    id: 'whk_1',
    version: 1,
    name: 'corp-sso',
    workspace: 'team',
    url: 'https://sso.corp.test/mcp-authn',
    secret: SECRET,
    timeoutMs: 200,
    failMode: 'closed',
    cacheSeconds: 60,
    headers: ['X-Corp-Session'],
    ...over,
  }) as Webhook;

const server = { id: 'srv_1', name: 'github', url: 'https://up.test/mcp', workspace: 'team' } as Server;

interface Received {
  body: Record<string, unknown>;
  signatureValid: boolean;
  timestamp: string | undefined;
}

/** A webhook receiver that checks the signature as a real one would, scripted per call. */
function receiver(
  answer: (body: Record<string, unknown>) => Response | Promise<Response>,
  log?: (line: string) => void,
) {
  const received: Received[] = [];
  let now = NOW;
  const fetchImpl = (async (_url: string | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const raw = String(init?.body);
    const timestamp = headers.get(TIMESTAMP_HEADER) ?? undefined;
    const expected = Buffer.from(
      `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${raw}`).digest('hex')}`,
    );
    const given = Buffer.from(headers.get(SIGNATURE_HEADER) ?? '');
    const body = JSON.parse(raw) as Record<string, unknown>;
    received.push({
      body,
      signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
      timestamp,
    });
    return answer(body);
  }) as typeof fetch;
  const clock = { now: () => now };
  const webhooks = new AuthnWebhooks(
    {
      http: fetchHttpClient(fetchImpl),
      guard: createUrlGuard({
        allowLoopback: false,
        allowPrivate: false,
        lookup: async (host) => {
          if (host === 'hanging.test') return new Promise<never>(() => undefined); // a resolver that hangs
          if (host === 'nowhere.test') throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
          return [{ address: host === 'metadata.test' ? '169.254.169.254' : '93.184.216.34' }];
        },
      }),
      clock,
    },
    log,
  );
  return { received, webhooks, advance: (ms: number) => (now += ms) };
}

const allow = (principal: object) => Response.json({ allow: true, principal });

describe('the authentication webhook', () => {
  it('sends the credential and the listed headers, signed; its principal is bound to the server workspace', async () => {
    const { received, webhooks } = receiver(() =>
      allow({
        user: 'ada',
        email: 'ada@corp.test',
        teams: ['sre'],
        claims: { level: 3 },
        workspace: 'finance',
      }),
    );
    const decision = await webhooks.decide(webhook(), server, 'opaque-token', {
      'x-corp-session': 's-1',
      cookie: 'not passed',
    });
    expect(decision).toEqual({
      allow: true,
      principal: {
        user: 'ada',
        workspace: 'team',
        method: 'webhook',
        credentialId: 'whk_1:ada',
        webhook: 'whk_1',
        email: 'ada@corp.test',
        teams: ['sre'],
        claims: { level: 3 },
      },
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      signatureValid: true,
      timestamp: String(NOW / 1000),
      body: {
        type: 'authn',
        server: 'github',
        workspace: 'team',
        credential: 'opaque-token',
        headers: { 'x-corp-session': 's-1' },
      },
    });
  });

  it('refuses with the webhook reason, and reuses answers per credential for cacheSeconds', async () => {
    const { received, webhooks, advance } = receiver((body) =>
      body.credential === 'good'
        ? allow({ user: 'ada' })
        : Response.json({ allow: false, reason: 'Session expired.' }),
    );
    expect(await webhooks.decide(webhook(), server, 'bad', {})).toEqual({
      allow: false,
      reason: 'Session expired.',
    });
    await webhooks.decide(webhook(), server, 'good', {});
    await webhooks.decide(webhook(), server, 'good', {});
    expect(received).toHaveLength(2);
    advance(60_000);
    await webhooks.decide(webhook(), server, 'good', {});
    expect(received).toHaveLength(3);
    // a changed webhook (new version) does not reuse the old answers
    await webhooks.decide(webhook({ version: 2 }), server, 'good', {});
    expect(received).toHaveLength(4);
  });

  it('asks again for another server: an answer for one server is no answer for another', async () => {
    const { received, webhooks } = receiver((body) =>
      body.server === 'public-tools'
        ? allow({ user: 'ada' })
        : Response.json({ allow: false, reason: 'Not for admin tools.' }),
    );
    const publicTools = { ...server, id: 'srv_pub', name: 'public-tools' } as Server;
    const adminTools = { ...server, id: 'srv_adm', name: 'admin-tools' } as Server;
    expect((await webhooks.decide(webhook(), publicTools, 'token', {})).allow).toBe(true);
    expect(await webhooks.decide(webhook(), adminTools, 'token', {})).toEqual({
      allow: false,
      reason: 'Not for admin tools.',
    });
    expect(received.map((r) => r.body.server)).toEqual(['public-tools', 'admin-tools']);
  });

  it('fails closed by default: timeout, error status, garbage, or an answer without a user', async () => {
    const answers = [
      () => new Promise<Response>(() => {}),
      () => new Response('oops', { status: 500 }),
      () => new Response('not json'),
      () => Response.json({ allow: true, principal: {} }),
      // neither yes nor no: a failed call, not a refusal (which would be cached, and not fail open)
      () => Response.json({ allow: 'yes' }),
      () => Response.json({ allow: true, principal: { user: 'eve\r\nX-Injected: 1' } }),
    ];
    const reasons: string[] = [];
    for (const answer of answers) {
      const { webhooks } = receiver(answer);
      const decision = await webhooks.decide(webhook(), server, 'token', {});
      expect(decision.allow).toBe(false);
      if (!decision.allow) reasons.push(decision.reason);
    }
    expect(reasons).toEqual([
      'The authentication webhook failed: it did not answer within 200 ms.',
      'The authentication webhook failed: it answered HTTP 500.',
      'The authentication webhook failed: its answer is not JSON.',
      'The authentication webhook failed: its answer names no principal user.',
      'The authentication webhook failed: its answer has no boolean "allow".',
      'The authentication webhook failed: its answer names a user with a control character.',
    ]);
  });

  it('never asks for one of its own calls come back (a URL leading to the gateway): no loop', async () => {
    const lines: string[] = [];
    const { received, webhooks } = receiver(
      () => allow({ user: 'ada' }),
      (line) => lines.push(line),
    );
    for (const header of [SIGNATURE_HEADER, TIMESTAMP_HEADER]) {
      const decision = await webhooks.decide(webhook(), server, undefined, { [header]: 'v1=00' });
      // the webhook is named to the operator only
      expect(decision).toEqual({
        allow: false,
        reason: "A webhook call of the gateway's own came back to it.",
      });
    }
    expect(lines[0]).toBe(
      'mcp-gateway: a request to "github" carried the gateway\'s webhook signature headers: refused without asking webhook "corp-sso" (does its URL lead back to the gateway?)',
    );
    expect(received).toEqual([]);
  });

  it('asks once for identical questions under way at once', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { received, webhooks } = receiver(async () => {
      await gate;
      return allow({ user: 'ada' });
    });
    const decisions = Array.from({ length: 20 }, (_, i) =>
      webhooks.decide(webhook(), server, i < 15 ? 'token' : 'other', {}),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const settled = await Promise.all(decisions);
    expect(settled.every((d) => d.allow)).toBe(true);
    expect(received.map((r) => r.body['credential'])).toEqual(['token', 'other']);
  });

  it('fails open only to its last answer for the same credential', async () => {
    let up = true;
    const { webhooks, advance } = receiver((body) =>
      !up
        ? new Response('down', { status: 503 })
        : String(body['credential']).startsWith('made-up')
          ? Response.json({ allow: false })
          : allow({ user: 'ada' }),
    );
    const open = webhook({ failMode: 'open', cacheSeconds: 1 });
    expect((await webhooks.decide(open, server, 'token', {})).allow).toBe(true);
    up = false;
    advance(5_000);
    expect((await webhooks.decide(open, server, 'token', {})).allow).toBe(true);
    expect((await webhooks.decide(open, server, 'other', {})).allow).toBe(false);
    expect((await webhooks.decide(webhook({ cacheSeconds: 1 }), server, 'token', {})).allow).toBe(false);
    // a flood of made-up credentials (each refused) does not push out what it falls back on
    up = true;
    for (let i = 0; i < 10_050; i++) await webhooks.decide(open, server, `made-up-${i}`, {});
    up = false;
    expect((await webhooks.decide(open, server, 'token', {})).allow).toBe(true);
    // nor after an edit of the webhook that leaves its endpoint (a description): still the same answerer
    const edited = webhook({ failMode: 'open', cacheSeconds: 1, version: 2, description: 'now documented' });
    expect((await webhooks.decide(edited, server, 'token', {})).allow).toBe(true);
    // but a webhook moved to another endpoint has not answered yet
    const moved = webhook({ failMode: 'open', cacheSeconds: 1, version: 3, url: 'https://sso2.corp.test/a' });
    expect((await webhooks.decide(moved, server, 'token', {})).allow).toBe(false);
    // not an answer from long ago: the credential may have been revoked since
    advance(FAIL_OPEN_MAX_AGE_MS);
    expect(await webhooks.decide(open, server, 'token', {})).toEqual({
      allow: false,
      reason: 'The authentication webhook failed: it answered HTTP 503.',
    });
  });

  it('a refusal with an error status refuses even when failing open; one with a reason is remembered', async () => {
    let answer: Response | undefined;
    const { received, webhooks, advance } = receiver(() => answer ?? allow({ user: 'ada' }));
    const open = webhook({ failMode: 'open', cacheSeconds: 1 });
    expect((await webhooks.decide(open, server, 'token', {})).allow).toBe(true);
    // revoked: the service says so with a 401 (not a failure to fall back on the last allow)
    answer = Response.json({ allow: false, reason: 'revoked' }, { status: 401 });
    advance(5_000);
    expect(await webhooks.decide(open, server, 'token', {})).toEqual({ allow: false, reason: 'revoked' });
    expect(await webhooks.decide(open, server, 'token', {})).toEqual({ allow: false, reason: 'revoked' });
    expect(received).toHaveLength(2);
    // a bare 403 refuses too, and is asked again next time (it may be a secret rotated on one side)
    advance(5_000);
    answer = new Response('', { status: 403 });
    const refused = {
      allow: false,
      reason: 'The authentication webhook refused the credential (HTTP 403).',
    };
    expect(await webhooks.decide(open, server, 'token', {})).toEqual(refused);
    answer = new Response('', { status: 403 });
    expect(await webhooks.decide(open, server, 'token', {})).toEqual(refused);
    expect(received).toHaveLength(4);
    // an allow, then a bare 401 (revoked), then an outage: the allow is not fallen back on any more
    answer = undefined;
    const other = webhook({ id: 'whk_2', failMode: 'open', cacheSeconds: 1 });
    expect((await webhooks.decide(other, server, 'token', {})).allow).toBe(true);
    advance(5_000);
    answer = new Response('', { status: 401 });
    expect((await webhooks.decide(other, server, 'token', {})).allow).toBe(false);
    answer = new Response('down', { status: 503 });
    expect(await webhooks.decide(other, server, 'token', {})).toEqual({
      allow: false,
      reason: 'The authentication webhook failed: it answered HTTP 503.',
    });
    // a default-deny answer under a 5xx status is a refusal too, remembered
    answer = Response.json({ allow: false }, { status: 503 });
    const stated = { allow: false, reason: 'The credential was refused.' };
    expect(await webhooks.decide(other, server, 'token', {})).toEqual(stated);
    expect(await webhooks.decide(other, server, 'token', {})).toEqual(stated);
    expect(received).toHaveLength(8);
  });

  it('a webhook the gateway never calls (an address in its URL the guard refuses) refuses even when failing open with a last answer', async () => {
    const { webhooks, advance } = receiver(() => allow({ user: 'ada' }));
    expect(
      (await webhooks.decide(webhook({ failMode: 'open', cacheSeconds: 1 }), server, 'token', {})).allow,
    ).toBe(true);
    advance(5_000);
    // the same webhook (its version unchanged), now at an address the outbound guard refuses
    const moved = webhook({ failMode: 'open', cacheSeconds: 1, url: 'https://169.254.169.254/hook' });
    expect(await webhooks.decide(moved, server, 'token', {})).toEqual({
      allow: false,
      reason: 'The authentication webhook failed: its address is not allowed.',
    });
  });

  it('never calls a webhook on a link-local (cloud metadata) address', async () => {
    const { received, webhooks } = receiver(() => allow({ user: 'ada' }));
    const decision = await webhooks.decide(
      webhook({ url: 'https://metadata.test/hook' }),
      server,
      'token',
      {},
    );
    expect(decision).toEqual({
      allow: false,
      reason: 'The authentication webhook failed: its address is not allowed.',
    });
    expect(received).toEqual([]);
  });

  it('never sends a credential to a webhook over plain http elsewhere than this machine (one stored before https was required)', async () => {
    const { received, webhooks } = receiver(() => allow({ user: 'ada' }));
    const open = webhook({ url: 'http://sso.corp.test/mcp-authn', failMode: 'open' });
    expect(await webhooks.decide(open, server, 'token', {})).toEqual({
      allow: false,
      reason: 'The authentication webhook failed: its URL is not https.',
    });
    expect(received).toEqual([]);
  });

  it('bounds the address check by its timeout, and says when its host does not resolve', async () => {
    const { received, webhooks } = receiver(() => allow({ user: 'ada' }));
    const started = Date.now();
    expect(await webhooks.decide(webhook({ url: 'https://hanging.test/hook' }), server, 'token', {})).toEqual(
      {
        allow: false,
        reason:
          'The authentication webhook failed: it did not answer within 200 ms (its host did not resolve in time).',
      },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await webhooks.decide(webhook({ url: 'https://nowhere.test/hook' }), server, 'token', {})).toEqual(
      {
        allow: false,
        reason: 'The authentication webhook failed: its host does not resolve.',
      },
    );
    expect(received).toEqual([]);
  });
});
