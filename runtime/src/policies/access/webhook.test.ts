import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal, Server, Webhook } from '../../core/config.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../webhooks/call.js';
import {
  type AuthzQuestion,
  AuthzWebhooks,
  argumentsDigest,
  LIST_CONCURRENCY,
  MAX_LIST_QUESTIONS,
} from './webhook.js';

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
      lookup: async (host) => [
        {
          address:
            host === 'metadata.test'
              ? '169.254.169.254'
              : host === 'localhost'
                ? '127.0.0.1'
                : '93.184.216.34',
        },
      ],
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

  it('is told a resource URI as the upstream will read it, and as it was sent; templates as templates', async () => {
    const { received, webhooks } = receiver((body) =>
      Response.json({ allow: body['resource'] !== 'file:///etc/secret' }),
    );
    const read = (uri: string): AuthzQuestion => ({
      ...question({}),
      method: 'resources/read',
      target: { kind: 'resource', name: uri },
    });
    for (const uri of ['file:///tmp/../etc/%73ecret', 'FILE:///etc/secret', 'file:///etc/secret'])
      expect(await webhooks.decide(webhook(), read(uri))).toMatchObject({ allow: false });
    expect(received[0]!.body).toMatchObject({
      method: 'resources/read',
      resource: 'file:///etc/secret',
      rawUri: 'file:///tmp/../etc/%73ecret',
    });
    expect(received[0]!.body).not.toHaveProperty('resourceReadings');
    // a URI servers read two ways: the webhook is told both (a plain path's reading too)
    await webhooks.decide(webhook(), read('file:///tmp//../etc/secret'));
    expect(received.at(-1)!.body).toMatchObject({
      resource: 'file:///tmp/etc/secret',
      resourceReadings: ['file:///tmp/etc/secret', 'file:///etc/secret'],
      rawUri: 'file:///tmp//../etc/secret',
    });
    const lister = { principal: ada, teams: ['sre'], server };
    await webhooks.usable(
      webhook(),
      lister,
      [{ kind: 'resource', name: 'file:///{path}' }],
      () => 'resources/read',
      true,
    );
    expect(received.at(-1)!.body).toMatchObject({ resourceTemplate: 'file:///{path}', list: true });
    expect(received.at(-1)!.body['resource']).toBeUndefined();
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
      await metadata.webhooks.decide(webhook({ url: 'https://metadata.test/latest' }), question({})),
    ).toMatchObject({ allow: false, reason: expect.stringContaining('address is not allowed') });
    expect(metadata.received).toHaveLength(0);
  });

  it('refuses in every mode when it refuses with an error status: `allow: false` in its body, 401, 403', async () => {
    const open = webhook({ id: 'whk_open', failMode: 'open' });
    const policy = receiver(() =>
      Response.json({ allow: false, reason: 'Not during a freeze.' }, { status: 403 }),
    );
    expect(await policy.webhooks.decide(open, question({}))).toEqual({
      allow: false,
      reason: 'Not during a freeze.',
    });
    // a receiver refusing the gateway's signature (its secret rotated on one side only) allows nothing
    const unsigned = receiver(() => new Response('bad signature', { status: 401 }));
    expect(await unsigned.webhooks.decide(open, question({}))).toEqual({
      allow: false,
      reason: 'The authorization webhook refused the request (HTTP 401).',
    });
    // an error of the receiver is a failure: the fail mode decides
    const broken = receiver(() => Response.json({ error: 'database down' }, { status: 503 }));
    expect(await broken.webhooks.decide(open, question({}))).toEqual({ allow: true });
  });

  it('refuses in every mode when the gateway never calls it (an address in its URL the guard refuses), lists too', async () => {
    const { received, webhooks } = receiver(() => Response.json({ allow: true }));
    const open = webhook({ id: 'whk_open', failMode: 'open', url: 'https://[fd00::7]/authz' });
    expect(await webhooks.decide(open, question({}))).toEqual({
      allow: false,
      reason: 'The authorization webhook failed: its address is not allowed.',
    });
    // nor one at `localhost` where loopback is refused (a sidecar's URL on Lambda)
    const sidecar = webhook({ id: 'whk_open', failMode: 'open', url: 'http://localhost:3000/authz' });
    expect(await webhooks.decide(sidecar, question({}))).toMatchObject({ allow: false });
    // a name that resolves to such an address may be a resolver's moment: the fail mode decides
    const named = webhook({ id: 'whk_open', failMode: 'open', url: 'https://metadata.test/authz' });
    expect(await webhooks.decide(named, question({}))).toEqual({ allow: true });
    const lister = { principal: ada, teams: ['sre'], server };
    const items = ['search', 'read'].map((name) => ({ kind: 'tool' as const, name }));
    expect(await webhooks.usable(open, lister, items, () => 'tools/call')).toEqual([false, false]);
    expect(received).toEqual([]);
  });

  describe('filtering a list', () => {
    const lister = { principal: ada, teams: ['sre'], server };
    const tools = (...names: string[]) => names.map((name) => ({ kind: 'tool' as const, name }));
    const callOf = () => 'tools/call';

    it('is asked about each item once, as a list question without arguments; answers are in order and remembered', async () => {
      const { received, webhooks } = receiver((body) =>
        Response.json({ allow: !String(body['tool']).startsWith('delete_') }),
      );
      const hook = webhook({ sendArguments: true });
      const targets = tools('list_repos', 'delete_repository', 'create_issue');
      expect(await webhooks.usable(hook, lister, targets, callOf)).toEqual([true, false, true]);
      expect(received.every((r) => r.signatureValid)).toBe(true);
      expect(received.map((r) => r.body['tool']).sort()).toEqual(
        ['create_issue', 'delete_repository', 'list_repos'].sort(),
      );
      expect(received[0]!.body).toEqual({
        type: 'authz',
        workspace: 'team',
        server: 'github',
        principal: { user: 'ada', method: 'jwt', teams: ['sre'], provider: 'corp', claims: { level: 3 } },
        method: 'tools/call',
        tool: received[0]!.body['tool'],
        list: true,
      });
      // a call is another question than a list item: its answer is not taken for the item's
      await webhooks.decide(hook, question({}, 'list_repos'));
      expect(received).toHaveLength(4);
      expect(received[3]!.body['list']).toBeUndefined();
      expect(await webhooks.usable(hook, lister, targets, callOf)).toEqual([true, false, true]);
      expect(received).toHaveLength(4);
    });

    it('asks a question once while it is on its way: lists side by side share the answers', async () => {
      const { received, webhooks } = receiver(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return Response.json({ allow: true });
      });
      const targets = tools('a', 'b', 'c');
      const lists = await Promise.all(
        [1, 2, 3].map(() => webhooks.usable(webhook(), lister, targets, callOf)),
      );
      expect(lists).toEqual([1, 2, 3].map(() => [true, true, true]));
      expect(received).toHaveLength(3);
    });

    it(`asks at most ${LIST_CONCURRENCY} questions at a time`, async () => {
      let open = 0;
      let most = 0;
      const { received, webhooks } = receiver(async () => {
        most = Math.max(most, ++open);
        await new Promise((resolve) => setTimeout(resolve, 5));
        open--;
        return Response.json({ allow: true });
      });
      const targets = tools(...Array.from({ length: 30 }, (_, i) => `tool_${i}`));
      const allowed = await webhooks.usable(webhook({ timeoutMs: 5000 }), lister, targets, callOf);
      expect(allowed).toEqual(targets.map(() => true));
      expect(received).toHaveLength(30);
      expect(most).toBe(LIST_CONCURRENCY);
    });

    it('leaves out an item refused with an error status, and asks about the others, whatever the fail mode', async () => {
      const { received, webhooks } = receiver((body) =>
        body['tool'] === 'wipe'
          ? Response.json({ allow: false, reason: 'never listed' }, { status: 403 })
          : Response.json({ allow: true }),
      );
      const allowed = await webhooks.usable(
        webhook({ id: 'whk_open', failMode: 'open' }),
        lister,
        tools('search', 'wipe', 'read'),
        callOf,
      );
      expect(allowed).toEqual([true, false, true]);
      expect(received).toHaveLength(3);
    });

    it('stops asking after a failure: the fail mode decides the items left', async () => {
      let calls = 0;
      const flaky = () => {
        calls = 0;
        return receiver(() =>
          ++calls === 3 ? new Response('down', { status: 503 }) : Response.json({ allow: false }),
        );
      };
      const targets = tools(...Array.from({ length: 100 }, (_, i) => `tool_${i}`));
      const closed = flaky();
      expect(await closed.webhooks.usable(webhook(), lister, targets, callOf)).toEqual(
        targets.map(() => false),
      );
      // the questions already on their way when it failed are all it was asked
      expect(closed.received.length).toBeLessThan(3 + LIST_CONCURRENCY);
      const open = flaky();
      const opened = await open.webhooks.usable(webhook({ failMode: 'open' }), lister, targets, callOf);
      expect(open.received.length).toBeLessThan(3 + LIST_CONCURRENCY);
      // what it answered stands; what it was not asked, or failed on, is allowed
      const asked = new Set(open.received.map((r) => r.body['tool']));
      expect(opened.filter((allow) => !allow).length).toBeGreaterThan(0);
      targets.forEach((target, i) => {
        if (!asked.has(target.name)) expect(opened[i]).toBe(true);
      });
    });

    it('spends at most the timeout on one list: the fail mode decides what is left unasked', async () => {
      const { received, webhooks } = receiver(
        () =>
          new Promise<Response>((resolve) => setTimeout(() => resolve(Response.json({ allow: true })), 40)),
      );
      const targets = tools(...Array.from({ length: 400 }, (_, i) => `tool_${i}`));
      const allowed = await webhooks.usable(webhook({ timeoutMs: 150 }), lister, targets, callOf);
      // at most four rounds of eight fit in 150 ms of 40 ms answers: most items were never asked
      expect(received.length).toBeLessThanOrEqual(5 * LIST_CONCURRENCY);
      expect(allowed.filter(Boolean).length).toBeLessThanOrEqual(received.length);
      expect(allowed.filter((allow) => !allow).length).toBeGreaterThanOrEqual(400 - received.length);
    });

    it(`asks about at most ${MAX_LIST_QUESTIONS} items of one list`, async () => {
      const { received, webhooks } = receiver(() => Response.json({ allow: true }));
      const targets = tools(...Array.from({ length: MAX_LIST_QUESTIONS + 5 }, (_, i) => `t${i}`));
      const allowed = await webhooks.usable(webhook({ timeoutMs: 30_000 }), lister, targets, callOf);
      expect(received).toHaveLength(MAX_LIST_QUESTIONS);
      expect(allowed.slice(0, MAX_LIST_QUESTIONS).every(Boolean)).toBe(true);
      expect(allowed.slice(MAX_LIST_QUESTIONS)).toEqual([false, false, false, false, false]);
    });
  });
});
