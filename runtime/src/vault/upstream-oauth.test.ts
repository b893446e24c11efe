import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal, Server } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import { fetchHttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { queryAll } from '../store/port.js';
import { ConsentRequired } from './consent-required.js';
import { keySealer, type Sealer } from './sealer.js';
import { listVaultEntries, resealVault, TokenVault } from './upstream-oauth.js';

const ada: Principal = { user: 'ada', workspace: 'default', method: 'api-key', credentialId: 'key_1' };
const AS = 'https://as.example';

/** A server at saas.example whose users connect their own accounts (`credentials`). */
const saas = (id: string, credentials: object, url = 'https://saas.example/mcp'): Server =>
  ({ id, name: 'saas', workspace: 'default', url, credentials }) as Server;

/** A vault whose servers' authorization server is {@link AS} (its `metadata` added), `answer` for the rest. */
function vaultAt(
  server: Server,
  answer: (url: string, init?: RequestInit) => Response | Promise<Response>,
  metadata: Record<string, unknown> = {},
  sealer = keySealer(randomBytes(32)),
  shared?: MemoryStore,
) {
  const clock = new FakeClock();
  const store = shared ?? new MemoryStore(clock);
  const deps: ConstructorParameters<typeof TokenVault>[0] = {
    store,
    clock,
    http: fetchHttpClient((async (url: string | URL, init?: RequestInit) =>
      String(url) === `${AS}/.well-known/oauth-authorization-server`
        ? Response.json({
            issuer: AS,
            authorization_endpoint: `${AS}/authorize`,
            token_endpoint: `${AS}/token`,
            code_challenge_methods_supported: ['S256'],
            ...metadata,
          })
        : answer(String(url), init)) as typeof fetch),
    guard: createUrlGuard({
      allowLoopback: false,
      allowPrivate: false,
      lookup: async () => [{ address: '93.184.216.34' }],
    }),
    sealer,
    serverById: async () => server,
    cacheMs: 60_000,
  };
  /** Another instance of the gateway: the same store and keys. */
  const another = () => new TokenVault(deps);
  return { vault: another(), another, store, clock };
}

/** The browser steps of a consent: its link (`flowOf`), the confirmation page, and its button. */
function consentSteps(vault: TokenVault, server: Server) {
  /** A new consent flow of `user` through `base` (the id its link names). */
  const flowOf = async (user: string, base: string) => {
    const refused = await vault
      .tokenFor(server, { ...ada, user, credentialId: `key_${user}` }, base)
      .catch((error: unknown) => error as ConsentRequired);
    return new URL((refused as ConsentRequired).message.match(/open (\S+) and/)![1]!).searchParams.get(
      'flow',
    )!;
  };
  const start = (flow: string, headers: Record<string, string>) =>
    vault.start({
      method: 'POST',
      path: '/oauth/upstream/start',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      query: {},
      body: `vault-flow=${flow}`,
    });
  /** The confirmation page of a flow: the cookie that binds its button to this browser. */
  const confirm = async (flow: string) => {
    const shown = await vault.confirm({
      method: 'GET',
      path: '/oauth/upstream/start',
      headers: {},
      query: { flow },
      body: undefined,
    });
    policy = shown.headers['content-security-policy'];
    return shown.headers['set-cookie']!.split(';')[0]!;
  };
  let policy: string | undefined;
  /** The content security policy of the confirmation page shown last. */
  const shownPolicy = () => policy;
  return { flowOf, start, confirm, shownPolicy };
}

/** Keeps tokens in the vault as a consent would (its private `write`). */
const storeTokens = (vault: TokenVault, serverId: string, url: string, owner: object, tokens: object) =>
  (
    vault as unknown as { write(id: string, url: string, owner: object, tokens: object): Promise<void> }
  ).write(serverId, url, owner, tokens);

/** A sealer whose key service fails to open anything while `failing` (a KMS throttled for a moment). */
function flakySealer() {
  const sealer = keySealer(randomBytes(32));
  const state = { failing: false };
  const flaky = {
    seal: sealer.seal,
    open: (sealed: string, context: string) =>
      state.failing ? Promise.reject(new Error('ThrottlingException')) : sealer.open(sealed, context),
  };
  return { flaky, state };
}

describe('the token vault', () => {
  it('never hands a token opened for one destination to a server pointed elsewhere meanwhile', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const vault = new TokenVault({
      store,
      clock,
      http: fetchHttpClient((async () => new Response('no', { status: 404 })) as typeof fetch),
      guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      sealer: keySealer(randomBytes(32)),
      serverById: async () => undefined,
      cacheMs: 60_000,
    });
    const server = saas('srv_1', { kind: 'user-oauth' });
    // the user connected their account for the server as it was
    const stored = vault as unknown as {
      write(serverId: string, url: string, owner: object, tokens: object): Promise<void>;
    };
    await stored.write(
      'srv_1',
      'https://saas.example/mcp',
      { workspace: 'default', user: 'ada', method: 'api-key' },
      { accessToken: 'at-for-saas' },
    );
    expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-for-saas');
    // an admin points the server at another host: within the cache time, the opened token stays home
    const moved = { ...server, url: 'https://elsewhere.example/mcp' } as Server;
    await expect(vault.tokenFor(moved, ada, 'https://gw.example')).rejects.toThrow();
    // nor to an API-to-MCP server whose calls go to another base URL than its `url`
    const api = {
      ...server,
      transport: 'openapi',
      openapi: { url: 'https://saas.example/openapi.json', baseUrl: 'https://elsewhere.example/api' },
    } as Server;
    await expect(vault.tokenFor(api, ada, 'https://gw.example')).rejects.toThrow();
  });

  it('keeps a token to the authentication webhook that vouched for its user: another webhook’s ada is another person', async () => {
    const server = saas('srv_wh', { kind: 'user-oauth' });
    const { vault } = vaultAt(server, () => new Response('no', { status: 404 }));
    const vouched = (webhook: string): Principal => ({
      ...ada,
      method: 'webhook',
      webhook,
      credentialId: webhook,
    });
    const owner = { workspace: 'default', user: 'ada', method: 'webhook', provider: 'whk_1' };
    await storeTokens(vault, 'srv_wh', 'https://saas.example/mcp', owner, { accessToken: 'at-of-whk-1-ada' });
    expect(await vault.tokenFor(server, vouched('whk_1'), 'https://gw.example')).toBe('at-of-whk-1-ada');
    await expect(vault.tokenFor(server, vouched('whk_2'), 'https://gw.example')).rejects.toBeInstanceOf(
      ConsentRequired,
    );
  });

  it('stops using a revoked token once its reuse time is over, however often its user calls', async () => {
    const server = saas('srv_1', { kind: 'user-oauth' });
    const { vault, another, store, clock } = vaultAt(server, () => new Response('no', { status: 404 }));
    const owner = { workspace: 'default', user: 'ada', method: 'api-key' };
    await storeTokens(vault, 'srv_1', 'https://saas.example/mcp', owner, { accessToken: 'at-1' });
    expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
    // another instance (the management API's) revokes them
    expect(await another().revoke(server.id!, server, 'default', 'ada')).toBeDefined();
    expect(await queryAll(store, 'vault#srv_1')).toEqual([]);
    // a call every 10 s: served from memory until 60 s after the tokens were read, not after the last call
    for (let elapsed = 10_000; elapsed < 60_000; elapsed += 10_000) {
      clock.advance(10_000);
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
    }
    clock.advance(10_001);
    await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toBeInstanceOf(ConsentRequired);
  });

  it('a sealing key service failing for the moment fails the call; it never asks for a new consent', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const { flaky, state } = flakySealer();
    const vault = new TokenVault({
      store,
      clock,
      http: fetchHttpClient((async () => new Response('no', { status: 404 })) as typeof fetch),
      guard: createUrlGuard({ allowLoopback: true, allowPrivate: false }),
      sealer: flaky,
      serverById: async () => undefined,
      cacheMs: 0,
    });
    const server = saas('srv_1', { kind: 'user-oauth' });
    await (vault as unknown as { write(...args: unknown[]): Promise<void> }).write(
      'srv_1',
      'https://saas.example/mcp',
      { workspace: 'default', user: 'ada', method: 'api-key' },
      { accessToken: 'at-for-saas' },
    );
    state.failing = true;
    const refused = await vault.tokenFor(server, ada, 'https://gw.example').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'upstream_unavailable' });
    expect(refused).not.toBeInstanceOf(ConsentRequired);
    state.failing = false;
    expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-for-saas');
  });

  it('seals the tokens and client secrets of a rotated key anew, which the new key alone then opens', async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const server = saas('srv_7', { kind: 'user-oauth', authorizationServer: AS, clientId: 'gw' });
    const { vault, store } = vaultAt(
      server,
      () => new Response('no', { status: 404 }),
      {},
      keySealer(oldKey),
    );
    const owner = { workspace: 'default', user: 'ada', method: 'api-key' };
    await storeTokens(vault, 'srv_7', 'https://saas.example/mcp', owner, { accessToken: 'at-1', issuer: AS });
    await store.put({
      pk: 'vault-client',
      sk: `srv_7#${AS}`,
      version: 1,
      clientId: 'registered',
      sealedClientSecret: await keySealer(oldKey).seal('client-secret', `srv_7#${AS}`),
    });
    // a token of a server pointed elsewhere since opens for no one: left as it is
    await storeTokens(
      vault,
      'srv_7',
      'https://old.example/mcp',
      { ...owner, user: 'bob' },
      { accessToken: 'x' },
    );
    const rotated = keySealer(newKey, [oldKey]);
    const fresh = () => ({
      sealed: 0,
      current: 0,
      unopenable: [] as string[],
      pending: [] as string[],
      complete: true,
    });
    // out of time at once: nothing done, and said so
    const late = fresh();
    await resealVault(store, rotated, [server as Server & { id: string }], late, { now: () => 1 }, 1);
    expect(late).toMatchObject({ sealed: 0, current: 0, complete: false });
    const report = fresh();
    await resealVault(store, rotated, [server as Server & { id: string }], report, { now: () => Date.now() });
    expect(report).toEqual({
      sealed: 2,
      current: 0,
      unopenable: ['vault token srv_7 default#api-key:#bob'],
      pending: [],
      complete: true,
    });
    const notFound = () => new Response('no', { status: 404 });
    const { vault: after } = vaultAt(server, notFound, {}, keySealer(newKey), store);
    expect(await after.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
    const client = await store.get('vault-client', `srv_7#${AS}`);
    expect(await keySealer(newKey).open(String(client?.['sealedClientSecret']), `srv_7#${AS}`)).toBe(
      'client-secret',
    );
    // a token whose renewal is under way is left to it, and named
    await storeTokens(
      vault,
      'srv_7',
      'https://saas.example/mcp',
      { ...owner, user: 'cy' },
      { accessToken: 'c' },
    );
    const leased = (await queryAll(store, 'vault#srv_7')).find((item) => item.sk.endsWith('#cy'))!;
    await store.put({ ...leased, renewingUntil: Date.now() + 60_000 });
    const busy = fresh();
    await resealVault(store, rotated, [server as Server & { id: string }], busy, { now: () => Date.now() });
    expect(busy).toMatchObject({ sealed: 0, current: 2, pending: ['vault token srv_7 default#api-key:#cy'] });
    expect((await store.get(leased.pk, leased.sk))?.['sealed']).toBe(leased['sealed']);
    // one version on: a write that read it before (a renewal's lease) fails rather than undo this
    expect(client?.version).toBe(2);
    // done: nothing more to seal
    const again = fresh();
    await resealVault(store, rotated, [server as Server & { id: string }], again, {
      now: () => Date.now() + 120_000,
    });
    expect(again).toMatchObject({ sealed: 1, current: 2, pending: [] });
  });

  describe('a token the upstream refused', () => {
    const owner = { workspace: 'default', user: 'ada', method: 'api-key' };
    const server = saas('srv_2', { kind: 'user-oauth', authorizationServer: AS, clientId: 'gw' });

    function vaultWith(token: (form: URLSearchParams) => Response | Promise<Response>) {
      const grants: string[] = [];
      const { vault, store, clock } = vaultAt(server, (url, init) => {
        if (url !== `${AS}/token`) return new Response('no', { status: 404 });
        const form = new URLSearchParams(String(init?.body));
        grants.push(form.get('refresh_token') ?? '');
        return token(form);
      });
      const write = (tokens: object, renewing?: object) =>
        (
          vault as unknown as {
            write(id: string, url: string, owner: object, tokens: object, renewing?: object): Promise<void>;
          }
        ).write('srv_2', 'https://saas.example/mcp', owner, tokens, renewing);
      return { vault, store, clock, grants, write };
    }

    it('is renewed on the next call when it can be, else the user is asked to consent anew', async () => {
      const { vault, store, write, grants } = vaultWith(() =>
        Response.json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 }),
      );
      const later = Math.floor(Date.now() / 1000) + 3600 * 24 * 365;
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: later });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
      // a refusal of a token it no longer hands out changes nothing
      await vault.refused(server, ada, 'at-0');
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
      await vault.refused(server, ada, 'at-1');
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      expect(grants).toEqual(['rt-1']);
      // without a refresh token there is nothing to renew: consent again
      await write(
        { accessToken: 'at-3', issuer: AS },
        await store.get('vault#srv_2', 'default#api-key:#ada'),
      );
      await vault.refused(server, ada, 'at-2');
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-3');
      await vault.refused(server, ada, 'at-3');
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toBeInstanceOf(ConsentRequired);
    });

    it('renews a short-lived token a quarter of its life before it ends, keeping the scope a renewal leaves unsaid', async () => {
      let renewals = 0;
      const { vault, store, write, clock, grants } = vaultWith(() => {
        renewals++;
        return Response.json({
          access_token: `at-${renewals + 1}`,
          refresh_token: `rt-${renewals + 1}`,
          expires_in: 40,
          ...(renewals === 1 ? { scope: 'repo read:org' } : {}),
        });
      });
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      // living 40 s, renewed 10 s before its end: not on every call before that
      clock.advance(29_000);
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      clock.advance(2_000);
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-3');
      expect(grants).toEqual(['rt-1', 'rt-2']);
      // the second renewal named no scope: the one granted before is still listed
      const { items } = await listVaultEntries(store, 'srv_2', { limit: 10 });
      expect(items[0]?.scopes).toEqual(['repo', 'read:org']);
    });

    it('keeps a renewal through a store that fails for a moment, and serves the call with it when it keeps failing', async () => {
      let renewals = 0;
      const { vault, store, write, grants } = vaultWith(() => {
        renewals++;
        return Response.json({
          access_token: `at-${renewals + 1}`,
          refresh_token: `rt-${renewals + 1}`,
          expires_in: 3600,
        });
      });
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 });
      const put = store.put.bind(store);
      let failing = 1;
      store.put = (async (item: Parameters<typeof put>[0], condition?: Parameters<typeof put>[1]) => {
        // the write of the renewed tokens (not the lease's) fails while `failing` lasts
        if (item['renewingUntil'] === undefined && failing-- > 0)
          throw new GatewayError('store_unavailable', 'The state store is unavailable.');
        return put(item, condition);
      }) as typeof store.put;
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      // kept: the next renewal spends the rotated refresh token, not the one spent before
      await vault.refused(server, ada, 'at-2');
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-3');
      expect(grants).toEqual(['rt-1', 'rt-2']);
      // a store that keeps failing: the call is served with the renewal all the same
      await vault.refused(server, ada, 'at-3');
      failing = 10;
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-4');
    });

    it('is kept when another instance renewed it while this one’s renewal was refused (a rotated refresh token)', async () => {
      let renewedElsewhere: Promise<void> | undefined;
      const { vault, store, write } = vaultWith(() => {
        // the other instance redeemed rt-1 first and writes its tokens a moment after this refusal
        renewedElsewhere = (async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          const item = await store.get('vault#srv_2', 'default#api-key:#ada');
          await write({ accessToken: 'at-other', refreshToken: 'rt-other', issuer: AS }, item);
        })();
        return Response.json({ error: 'invalid_grant' }, { status: 400 });
      });
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-other');
      await renewedElsewhere;
    });

    it('keeps a consent made anew (without a refresh token) while its renewal was refused', async () => {
      let reconnected: Promise<void> | undefined;
      const { vault, store, write } = vaultWith(() => {
        reconnected = (async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await write({ accessToken: 'at-new', issuer: AS });
        })();
        return Response.json({ error: 'invalid_grant' }, { status: 400 });
      });
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-new');
      await reconnected;
      expect(await store.get('vault#srv_2', 'default#api-key:#ada')).toBeDefined();
    });

    it('keeps its renewal when the tokens were only marked refused meanwhile (the refresh token it spent)', async () => {
      let marked: Promise<void> | undefined;
      const { vault, store, write } = vaultWith(() => {
        // another instance marks at-1 refused while this one renews it
        marked = (async () => {
          const item = await store.get('vault#srv_2', 'default#api-key:#ada');
          await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 2 }, item);
        })();
        return marked.then(() =>
          Response.json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 }),
        );
      });
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      await marked;
    });

    it('takes a connection made anew for a change to what a write under way read (no version reused)', async () => {
      const { vault, store, write } = vaultWith(() => new Response('no', { status: 500 }));
      const later = Math.floor(Date.now() / 1000) + 3600;
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: later });
      const read = await store.get('vault#srv_2', 'default#api-key:#ada');
      // the user connects again (another account, perhaps) while a refusal of at-1 is under way
      await write({ accessToken: 'at-new', refreshToken: 'rt-new', issuer: AS, expiresAt: later });
      await expect(
        write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 }, read),
      ).rejects.toThrow();
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-new');
    });

    it('writes a consent over a renewal’s lease taken meanwhile, which then cannot undo it', async () => {
      const { vault, store, write } = vaultWith(() => new Response('no', { status: 500 }));
      const later = Math.floor(Date.now() / 1000) + 3600;
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: later });
      const get = store.get.bind(store);
      let leased: number | undefined;
      store.get = async (...args: Parameters<typeof get>) => {
        const item = await get(...args);
        if (leased === undefined && item !== undefined && args[0] === 'vault#srv_2') {
          // another instance leases the tokens for a renewal right after the consent read them
          leased = (item.version as number) + 1;
          await store.put(
            { ...item, version: leased, renewingUntil: 1 },
            { kind: 'version', version: leased - 1 },
          );
        }
        return item;
      };
      try {
        await write({ accessToken: 'at-new', refreshToken: 'rt-new', issuer: AS, expiresAt: later });
      } finally {
        store.get = get;
      }
      expect((await store.get('vault#srv_2', 'default#api-key:#ada'))?.version).toBe(leased! + 1);
      // the renewal gives its lease back (or writes its tokens) on the version it leased: refused
      const current = await store.get('vault#srv_2', 'default#api-key:#ada');
      await expect(
        store.put({ ...current!, version: leased! + 1 }, { kind: 'version', version: leased! }),
      ).rejects.toThrow();
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-new');
    });

    it('does not overwrite a connection made anew while it renewed the old one', async () => {
      let reconnected: Promise<void> | undefined;
      const { vault, store, write } = vaultWith(() => {
        // the user connects again (perhaps as another account) while this instance renews the old tokens
        reconnected = (async () => {
          const item = await store.get('vault#srv_2', 'default#api-key:#ada');
          await write({ accessToken: 'at-new', refreshToken: 'rt-new', issuer: AS }, item);
        })();
        return reconnected.then(() =>
          Response.json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 }),
        );
      });
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-new');
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-new');
    });

    it('keeps a renewal when the sealing key service fails for a moment once the upstream rotated the refresh token', async () => {
      const { flaky, state } = flakySealer();
      const grants: string[] = [];
      const { vault, another } = vaultAt(
        server,
        (url, init) => {
          if (url !== `${AS}/token`) return new Response('no', { status: 404 });
          grants.push(new URLSearchParams(String(init?.body)).get('refresh_token') ?? '');
          state.failing = true; // from the moment rt-1 is spent
          return Response.json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 });
        },
        {},
        flaky,
      );
      await storeTokens(vault, 'srv_2', 'https://saas.example/mcp', owner, {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
        expiresAt: 1,
      });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      state.failing = false;
      // kept: another instance opens the renewed tokens, and renews nothing
      expect(await another().tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      expect(grants).toEqual(['rt-1']);
    });

    it('is renewed by one instance at a time: the others wait for its renewal (a rotated refresh token is good once)', async () => {
      const grants: string[] = [];
      const { vault, another } = vaultAt(server, async (url, init) => {
        if (url !== `${AS}/token`) return new Response('no', { status: 404 });
        const spent = new URLSearchParams(String(init?.body)).get('refresh_token') ?? '';
        grants.push(spent);
        await new Promise((resolve) => setTimeout(resolve, 150));
        return Response.json({
          access_token: `at-after-${spent}`,
          refresh_token: `${spent}+`,
          expires_in: 3600,
        });
      });
      await storeTokens(vault, 'srv_2', 'https://saas.example/mcp', owner, {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
        expiresAt: 1,
      });
      const instances = [vault, another(), another()];
      const tokens = await Promise.all(instances.map((v) => v.tokenFor(server, ada, 'https://gw.example')));
      expect(tokens).toEqual(['at-after-rt-1', 'at-after-rt-1', 'at-after-rt-1']);
      expect(grants).toEqual(['rt-1']);
    });

    it('is renewed once when the authorization server keeps the refresh token (no rotation), and refused tokens do not end the hold', async () => {
      const grants: string[] = [];
      let refusedMeanwhile: Promise<void> | undefined;
      const { vault, another } = vaultAt(server, async (url, init) => {
        if (url !== `${AS}/token`) return new Response('no', { status: 404 });
        grants.push(new URLSearchParams(String(init?.body)).get('refresh_token') ?? '');
        // another instance is told at-1 was refused while this renewal holds the tokens
        refusedMeanwhile ??= another().refused(server, ada, 'at-1');
        await refusedMeanwhile;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return Response.json({ access_token: 'at-2', expires_in: 3600 });
      });
      await storeTokens(vault, 'srv_2', 'https://saas.example/mcp', owner, {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
        expiresAt: 1,
      });
      const tokens = await Promise.all(
        [vault, another(), another()].map((v) => v.tokenFor(server, ada, 'https://gw.example')),
      );
      expect(tokens).toEqual(['at-2', 'at-2', 'at-2']);
      expect(grants).toEqual(['rt-1']);
    });

    it('lets go of its hold when the renewal fails for the moment: another instance renews at once', async () => {
      let down = true;
      const grants: string[] = [];
      const { vault, another, store } = vaultAt(server, (url, init) => {
        if (url !== `${AS}/token`) return new Response('no', { status: 404 });
        grants.push(new URLSearchParams(String(init?.body)).get('refresh_token') ?? '');
        return down
          ? new Response('busy', { status: 503 })
          : Response.json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 });
      });
      await storeTokens(vault, 'srv_2', 'https://saas.example/mcp', owner, {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
        expiresAt: 1,
      });
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toMatchObject({
        code: 'upstream_unavailable',
      });
      expect((await store.get('vault#srv_2', 'default#api-key:#ada'))?.['renewingUntil']).toBeUndefined();
      down = false;
      expect(await another().tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      expect(grants).toEqual(['rt-1', 'rt-1']);
    });

    it('asks for consent anew on any refusal the authorization server names, and waits out a passing failure', async () => {
      const cases: [Response, 'consent' | 'unavailable'][] = [
        // a dead refresh token answered with a 200 and an error of the server's own (GitHub's)
        [Response.json({ error: 'bad_refresh_token' }), 'consent'],
        [Response.json({ error: 'invalid_scope' }, { status: 400 }), 'consent'],
        [Response.json({ error: 'invalid_target' }, { status: 400 }), 'consent'],
        // no OAuth error: a proxy's refusal, or the gateway's own client refused (an admin mends it)
        [Response.json({ message: 'Forbidden' }, { status: 403 }), 'unavailable'],
        [Response.json({ error: 'invalid_client' }, { status: 401 }), 'unavailable'],
        [Response.json({ error: 'temporarily_unavailable' }, { status: 400 }), 'unavailable'],
        [Response.json({ error: 'server_error' }, { status: 500 }), 'unavailable'],
        [Response.json({}, { status: 429 }), 'unavailable'],
        [Response.json({}, { status: 502 }), 'unavailable'],
      ];
      for (const [answer, outcome] of cases) {
        const { vault, write } = vaultWith(() => answer.clone());
        await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 });
        const got = await vault.tokenFor(server, ada, 'https://gw.example').catch((error: unknown) => error);
        const label = `${answer.status} ${JSON.stringify(await answer.clone().json())}`;
        if (outcome === 'consent') expect(got, label).toBeInstanceOf(ConsentRequired);
        else expect(got, label).toMatchObject({ code: 'upstream_unavailable' });
      }
    });

    it('hands out tokens it cannot renew while they last: without a refresh token, or while renewing fails', async () => {
      let down = true;
      const { vault, clock, write } = vaultWith(() =>
        down
          ? new Response('busy', { status: 503 })
          : Response.json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 }),
      );
      const soon = Math.floor(clock.now() / 1000) + 30;
      // a token living a minute or less, and no refresh token: no consent loop
      await write({ accessToken: 'at-short', issuer: AS, expiresAt: soon });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-short');
      // renewable, with the authorization server down for the moment: the token still works
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: soon }, undefined);
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
      // expired: the outage shows
      clock.advance(31_000);
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toMatchObject({
        code: 'upstream_unavailable',
      });
      down = false;
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
    });

    it('spends no refresh token while the sealing key service fails (the rotated one could not be kept)', async () => {
      const sealer = keySealer(randomBytes(32));
      const state = { failing: false };
      const flaky = {
        seal: (text: string, context: string) =>
          state.failing ? Promise.reject(new Error('ThrottlingException')) : sealer.seal(text, context),
        open: sealer.open,
      };
      const grants: string[] = [];
      const { vault } = vaultAt(
        server,
        (url, init) => {
          if (url !== `${AS}/token`) return new Response('no', { status: 404 });
          grants.push(new URLSearchParams(String(init?.body)).get('refresh_token') ?? '');
          return Response.json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 });
        },
        {},
        flaky,
      );
      await storeTokens(vault, 'srv_2', 'https://saas.example/mcp', owner, {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
        expiresAt: 1,
      });
      state.failing = true;
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toMatchObject({
        code: 'upstream_unavailable',
      });
      expect(grants).toEqual([]);
      state.failing = false;
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      expect(grants).toEqual(['rt-1']);
    });

    it('renews from what the store holds, not from a cached copy another instance renewed since', async () => {
      const { vault, clock, write, grants } = vaultWith((form) =>
        Response.json({ access_token: `at-after-${form.get('refresh_token')}`, expires_in: 3600 }),
      );
      const soon = Math.floor(clock.now() / 1000) + 90;
      await write({ accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: soon });
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
      // another instance renewed them (rotating the refresh token); this one's copy is still cached
      const later = Math.floor(clock.now() / 1000) + 7200;
      await write({ accessToken: 'at-2', refreshToken: 'rt-2', issuer: AS, expiresAt: later });
      // within the cache time (60 s), but close enough to their expiry to renew them
      clock.advance(40_000);
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
      expect(grants).toEqual([]);
    });
  });

  it('reaches an authorization server the upstream names elsewhere as the public internet only', async () => {
    const asked: string[] = [];
    /** Every name resolves to a private address: the upstream's network, which the gateway may reach. */
    const guard = (allowPrivate: boolean) =>
      createUrlGuard({ allowLoopback: false, allowPrivate, lookup: async () => [{ address: '10.0.3.7' }] });
    const vault = new TokenVault({
      store: new MemoryStore(),
      clock: new FakeClock(),
      http: fetchHttpClient((async (url: string | URL) => {
        const at = new URL(String(url));
        asked.push(at.href);
        if (at.pathname.startsWith('/.well-known/oauth-protected-resource'))
          return Response.json({ resource: 'https://saas.example/mcp', authorization_servers: [`${AS}/`] });
        if (at.pathname === '/.well-known/oauth-authorization-server/as')
          return Response.json({
            issuer: 'https://saas.example/as',
            authorization_endpoint: 'https://saas.example/as/authorize',
            token_endpoint: 'https://saas.example/as/token',
          });
        return new Response('no', { status: 404 });
      }) as typeof fetch),
      guard: guard(true),
      publicOutbound: { http: fetchHttpClient(fetch), guard: guard(false) },
      sealer: keySealer(randomBytes(32)),
      serverById: async () => undefined,
    });
    const discover = (server: Server) =>
      (vault as unknown as { discover(server: Server): Promise<{ tokenEndpoint: string }> }).discover(server);
    // named by the upstream at another origin: its metadata is never fetched from the private address
    await expect(discover(saas('srv_out', { kind: 'user-oauth' }))).rejects.toThrow('no metadata');
    expect(asked.some((url) => url.startsWith(AS))).toBe(false);
    // the upstream's own origin, or one an admin named: reached as the upstream is
    await expect(
      discover(saas('srv_own', { kind: 'user-oauth', authorizationServer: 'https://saas.example/as' })),
    ).resolves.toMatchObject({ tokenEndpoint: 'https://saas.example/as/token' });
  });

  it('reaches an endpoint the upstream’s own authorization server names elsewhere as the public internet only', async () => {
    const publicOutbound = {
      http: fetchHttpClient(fetch),
      guard: createUrlGuard({ allowLoopback: false, allowPrivate: false }),
    };
    const vault = new TokenVault({
      store: new MemoryStore(),
      clock: new FakeClock(),
      http: fetchHttpClient((async (url: string | URL) => {
        const at = new URL(String(url));
        if (at.pathname.startsWith('/.well-known/oauth-protected-resource'))
          return Response.json({
            resource: 'https://saas.example/mcp',
            authorization_servers: ['https://saas.example/as'],
          });
        return Response.json({
          issuer: 'https://saas.example/as',
          authorization_endpoint: 'https://saas.example/as/authorize',
          token_endpoint: 'https://internal.example/token',
          registration_endpoint: 'https://saas.example/as/register',
        });
      }) as typeof fetch),
      guard: createUrlGuard({
        allowLoopback: false,
        allowPrivate: true,
        lookup: async () => [{ address: '10.0.3.7' }],
      }),
      publicOutbound,
      sealer: keySealer(randomBytes(32)),
      serverById: async () => undefined,
    });
    const inside = vault as unknown as {
      discover(server: Server): Promise<{ tokenEndpoint: string; registrationEndpoint: string }>;
      reach(endpoints: object, url: string): object;
    };
    const endpoints = await inside.discover(saas('srv_own', { kind: 'user-oauth' }));
    // the token endpoint at another origin: as the public internet; the registration on the upstream's own
    expect(inside.reach(endpoints, endpoints.tokenEndpoint)).toBe(publicOutbound);
    expect(inside.reach(endpoints, endpoints.registrationEndpoint)).not.toBe(publicOutbound);
  });

  it('registers a client per gateway URL: a flow started through another Host takes nobody’s over', async () => {
    const registrations: string[] = [];
    const server = saas('srv_3', { kind: 'user-oauth', authorizationServer: AS });
    const { vault } = vaultAt(
      server,
      (url, init) => {
        if (url !== `${AS}/register`) return new Response('no', { status: 404 });
        const [redirect] = (JSON.parse(String(init?.body)) as { redirect_uris: string[] }).redirect_uris;
        registrations.push(redirect!);
        return Response.json({ client_id: `client-for-${new URL(redirect!).host}` });
      },
      { registration_endpoint: `${AS}/register` },
    );
    const { flowOf, start, confirm, shownPolicy } = consentSteps(vault, server);
    /** The authorization server's address a user's consent flow through `base` leads to. */
    const consentThrough = async (user: string, base: string) => {
      // posted from another site, or by a browser never shown the page: refused (and the link used up)
      const forged = await flowOf(user, base);
      const posted = await start(forged, { cookie: await confirm(forged), 'sec-fetch-site': 'cross-site' });
      expect(posted.status).toBe(400);
      expect(String(posted.body)).toContain('not confirmed on its own page');
      const unconfirmed = await flowOf(user, base);
      expect(unconfirmed).not.toBe(forged);
      expect((await start(unconfirmed, { 'sec-fetch-site': 'same-origin' })).status).toBe(400);
      const flow = await flowOf(user, base);
      const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
      // the button's answer redirects to the authorization server: the form may go there
      expect(shownPolicy()).toContain(`form-action 'self' ${AS}`);
      return new URL(started.headers.location!);
    };
    // mallory goes first, through a Host of her choosing
    const hers = await consentThrough('mallory', 'https://evil.example');
    const ours = await consentThrough('ada', 'https://gw.example');
    expect(hers.searchParams.get('client_id')).toBe('client-for-evil.example');
    expect(ours.searchParams.get('client_id')).toBe('client-for-gw.example');
    // each registered client comes back to a callback of its own
    const callback = /^https:\/\/(evil|gw)\.example\/oauth\/upstream\/callback\/[\w-]{22}$/;
    expect(ours.searchParams.get('redirect_uri')).toMatch(callback);
    // one registration per gateway URL, reused
    await consentThrough('grace', 'https://gw.example');
    expect(registrations).toEqual([expect.stringMatching(callback), ours.searchParams.get('redirect_uri')]);
    expect(new URL(registrations[0]!).pathname).not.toBe(ours.pathname);
  });

  it('redeems a code only at the callback of the client it was asked for (a mix-up across servers)', async () => {
    const server = saas('srv_mx', { kind: 'user-oauth', authorizationServer: AS });
    const redeemed: string[] = [];
    const { vault, store } = vaultAt(
      server,
      (url, init) => {
        if (url === `${AS}/register`) return Response.json({ client_id: 'registered' });
        if (url !== `${AS}/token`) return new Response('no', { status: 404 });
        redeemed.push(new URLSearchParams(String(init?.body)).get('redirect_uri')!);
        return Response.json({ access_token: 'upstream-token', token_type: 'Bearer', expires_in: 3600 });
      },
      { registration_endpoint: `${AS}/register` },
    );
    const { flowOf, start, confirm } = consentSteps(vault, server);
    const begin = async (user = 'ada') => {
      const flow = await flowOf(user, 'https://gw.example');
      const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
      const location = new URL(started.headers.location!);
      const cookie = started.headers['set-cookie']!.split(';')[0]!;
      const answer = (path: string) =>
        vault.callback({
          method: 'GET',
          path,
          headers: { cookie },
          query: { state: location.searchParams.get('state')!, code: 'the-code' },
          body: undefined,
        });
      return { redirect: new URL(location.searchParams.get('redirect_uri')!), answer };
    };
    // another authorization server sent the person on here with the gateway's client there: the code
    // comes back to that client's callback (the shared one of configured clients, or another's own)
    for (const elsewhere of ['/oauth/upstream/callback', '/oauth/upstream/callback/another-client-00000']) {
      const { answer } = await begin();
      const refused = await answer(elsewhere);
      expect(refused.status).toBe(400);
      expect(String(refused.body)).toContain('does not come from the authorization server');
    }
    expect(redeemed).toEqual([]);
    const { redirect, answer } = await begin();
    expect((await answer(redirect.pathname)).status).toBe(200);
    expect(redeemed).toEqual([redirect.toString()]);
    // a client registered before each had a callback of its own keeps the shared one
    const [registered] = (await store.query('vault-client')).items;
    await store.put({ ...registered!, callback: undefined });
    expect((await begin('grace')).redirect.pathname).toBe('/oauth/upstream/callback');
  });

  it('asks a user’s consent anew for the scopes an upstream wants (step-up) that the server allows, keeping what they hold', async () => {
    const server = saas('srv_su', {
      kind: 'user-oauth',
      authorizationServer: AS,
      clientId: 'gw',
      scopes: ['files:read'],
      stepUpScopes: ['files:write', 'files:admin'],
    });
    const answer = { access_token: 'at-3', token_type: 'Bearer' };
    const { vault } = vaultAt(server, (requested) =>
      requested === `${AS}/token` ? Response.json(answer) : new Response('no', { status: 404 }),
    );
    const { start, confirm } = consentSteps(vault, server);
    const url = 'https://saas.example/mcp';
    const owner = { workspace: 'default', user: 'ada', method: 'api-key' };
    await storeTokens(vault, 'srv_su', url, owner, {
      accessToken: 'at-1',
      scope: 'files:read profile',
      issuer: AS,
    });
    expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
    // scopes the admin did not allow: no consent asked (the upstream does not widen its own access)
    expect(await vault.stepUp(server, ada, 'https://gw.example', ['mail:read'], 'at-1')).toBeUndefined();
    expect(
      await vault.stepUp(server, ada, 'https://gw.example', ['files:write', 'mail:read'], 'at-1'),
    ).toBeUndefined();
    const asked = await vault.stepUp(server, ada, 'https://gw.example', ['files:write'], 'at-1');
    expect(asked).toBeInstanceOf(ConsentRequired);
    expect(asked?.message).toContain('needs your consent to more (files:write): open');
    // the same link while it is good; another for other scopes, and for the first consent of another user
    expect((await vault.stepUp(server, ada, 'https://gw.example', ['files:write'], 'at-1'))?.message).toBe(
      asked?.message,
    );
    const other = await vault.stepUp(server, ada, 'https://gw.example', ['files:admin'], 'at-1');
    expect(other?.message).not.toBe(asked?.message);
    const both = await vault.stepUp(
      server,
      ada,
      'https://gw.example',
      ['files:write', 'files:admin'],
      'at-1',
    );
    expect(
      (await vault.stepUp(server, ada, 'https://gw.example', ['files:admin', 'files:write'], 'at-1'))
        ?.message,
    ).toBe(both?.message);
    // the very token refused holds what is wanted: asking again would change nothing
    expect(await vault.stepUp(server, ada, 'https://gw.example', ['files:read'], 'at-1')).toBeUndefined();
    const linkOf = (error: GatewayError | undefined) =>
      new URL(error!.message.match(/open (\S+) and/)![1]!).searchParams.get('flow')!;
    // a consent given since the link was made adds what it granted
    await storeTokens(vault, 'srv_su', url, owner, {
      accessToken: 'at-2',
      scope: 'files:read files:admin',
      issuer: AS,
    });
    const flow = linkOf(asked);
    const page = await vault.confirm({
      method: 'GET',
      path: '/oauth/upstream/start',
      headers: {},
      query: { flow },
      body: undefined,
    });
    expect(String(page.body)).toContain('saas asks for more permissions: <strong>files:write</strong>.');
    const cookie = await confirm(flow);
    const started = await start(flow, { cookie, 'sec-fetch-site': 'same-origin' });
    const location = new URL(started.headers.location!);
    expect(location.searchParams.get('scope')).toBe('files:read files:admin files:write');
    // the answer names no scope: the one asked for was granted (RFC 6749 section 5.1)
    const back = await vault.callback({
      method: 'GET',
      path: new URL(location.searchParams.get('redirect_uri')!).pathname,
      headers: { cookie: started.headers['set-cookie']!.split(';')[0]! },
      query: { state: location.searchParams.get('state')!, code: 'the-code', iss: AS },
      body: undefined,
    });
    expect(back.status).toBe(200);
    expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-3');
    // so a later step-up for those scopes finds them granted: the call again uses the new tokens
    const renewed = await vault.stepUp(server, ada, 'https://gw.example', ['files:write'], 'at-1');
    expect(renewed).not.toBeInstanceOf(ConsentRequired);
    expect(renewed).toMatchObject({ code: 'upstream_unavailable' });
  });

  describe('a revoked user (RFC 7009)', () => {
    const server = saas('srv_rv', {
      kind: 'user-oauth',
      authorizationServer: AS,
      clientId: 'gateway',
      clientSecret: 'client-secret',
    });
    const url = 'https://saas.example/mcp';
    const owner = (user: string, method = 'api-key') => ({ workspace: 'default', user, method });
    /** A vault whose authorization server answers revocations with `status` (recorded in `revoked`). */
    function revoking(
      status: number,
      metadata: Record<string, unknown> = { revocation_endpoint: `${AS}/revoke` },
      sealer?: Sealer,
    ) {
      const revoked: { form: URLSearchParams; authorization: string | null }[] = [];
      const at = vaultAt(
        server,
        (requested, init) => {
          if (requested !== `${AS}/revoke`) return new Response('no', { status: 404 });
          revoked.push({
            form: new URLSearchParams(String(init?.body)),
            authorization: new Headers(init?.headers).get('authorization'),
          });
          return new Response('', { status });
        },
        metadata,
        sealer,
      );
      return { ...at, revoked };
    }

    it('forgets their tokens of every way of signing in, and has the authorization server revoke each grant', async () => {
      const { vault, store, revoked } = revoking(200);
      await storeTokens(vault, 'srv_rv', url, owner('ada'), {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
      });
      await storeTokens(vault, 'srv_rv', url, owner('ada', 'jwt'), { accessToken: 'at-2', issuer: AS });
      await storeTokens(vault, 'srv_rv', url, owner('bob'), {
        accessToken: 'at-3',
        refreshToken: 'rt-3',
        issuer: AS,
      });
      expect(await vault.revoke(server.id!, server, 'default', 'ada')).toBe('revoked');
      // the refresh token (ending the grant's access tokens too), or the access token where there is none,
      // with the client's credentials
      expect(
        revoked
          .map(({ form, authorization }) => [form.get('token'), form.get('token_type_hint'), authorization])
          .sort(),
      ).toEqual([
        ['at-2', 'access_token', `Basic ${Buffer.from('gateway:client-secret').toString('base64')}`],
        ['rt-1', 'refresh_token', `Basic ${Buffer.from('gateway:client-secret').toString('base64')}`],
      ]);
      expect((await queryAll(store, 'vault#srv_rv')).map((item) => item['user'])).toEqual(['bob']);
      expect(await vault.revoke(server.id!, server, 'default', 'ada')).toBeUndefined();
      expect(revoked).toHaveLength(2);
    });

    it('forgets them even where the authorization server cannot revoke them, and says so', async () => {
      for (const [status, metadata, outcome] of [
        [503, { revocation_endpoint: `${AS}/revoke` }, 'failed'],
        [200, {}, 'unsupported'],
      ] as const) {
        const { vault, store } = revoking(status, metadata);
        await storeTokens(vault, 'srv_rv', url, owner('ada'), {
          accessToken: 'at-1',
          refreshToken: 'rt-1',
          issuer: AS,
        });
        expect(await vault.revoke(server.id!, server, 'default', 'ada')).toBe(outcome);
        expect(await queryAll(store, 'vault#srv_rv')).toEqual([]);
      }
    });

    it('forgets them without the server’s configuration, and gives the authorization server only so long', async () => {
      const { vault, store } = revoking(200);
      await storeTokens(vault, 'srv_rv', url, owner('ada'), {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
      });
      // the server could not be read (its sealed values unopened): forgotten all the same
      expect(await vault.revoke('srv_rv', undefined, 'default', 'ada')).toBe('unopened');
      expect(await queryAll(store, 'vault#srv_rv')).toEqual([]);
      const stalled = vaultAt(server, () => new Promise<Response>(() => undefined), {
        revocation_endpoint: `${AS}/revoke`,
      });
      await storeTokens(stalled.vault, 'srv_rv', url, owner('ada'), {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
      });
      const started = Date.now();
      expect(await stalled.vault.revoke('srv_rv', server, 'default', 'ada', Date.now() + 200)).toBe('failed');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await queryAll(stalled.store, 'vault#srv_rv')).toEqual([]);
    });

    it('a deleted server: every user’s grant revoked, a few at a time and within the time given, then all forgotten', async () => {
      const { vault, store, revoked } = revoking(200);
      const users = Array.from({ length: 20 }, (_, i) => `user-${i}`);
      for (const user of users)
        await storeTokens(vault, 'srv_rv', url, owner(user), {
          accessToken: `at-${user}`,
          refreshToken: `rt-${user}`,
          issuer: AS,
        });
      // and one sealed under a key the gateway no longer has: forgotten, not revocable
      const other = vaultAt(
        server,
        () => new Response('no', { status: 404 }),
        {},
        keySealer(randomBytes(32)),
        store,
      );
      await storeTokens(other.vault, 'srv_rv', url, owner('eve'), { accessToken: 'at-eve', issuer: AS });
      await store.put({ pk: 'vault-client', sk: 'srv_rv#https://as.example', clientId: 'registered' });
      expect(await vault.forgetServer('srv_rv', server)).toEqual({ revoked: 20, unopened: 1 });
      expect(revoked.map(({ form }) => form.get('token')).sort()).toEqual(users.map((u) => `rt-${u}`).sort());
      expect(await queryAll(store, 'vault#srv_rv')).toEqual([]);
      expect(await queryAll(store, 'vault-client')).toEqual([]);
      expect(await vault.forgetServer('srv_rv', server)).toEqual({});

      // an authorization server that answers the first few and then no more: at most a few requests at once,
      // and no longer than given
      let open = 0;
      let most = 0;
      let answered = 0;
      const stalling = vaultAt(
        server,
        () => {
          most = Math.max(most, ++open);
          if (answered >= 5) return new Promise<Response>(() => undefined);
          answered++;
          open--;
          return new Response('', { status: 200 });
        },
        { revocation_endpoint: `${AS}/revoke` },
      );
      for (const user of users)
        await storeTokens(stalling.vault, 'srv_rv', url, owner(user), {
          accessToken: `at-${user}`,
          issuer: AS,
        });
      const started = Date.now();
      expect(await stalling.vault.forgetServer('srv_rv', server, Date.now() + 300)).toEqual({
        revoked: 5,
        failed: 15,
      });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(most).toBe(8);
      expect(await queryAll(stalling.store, 'vault#srv_rv')).toEqual([]);
      // without the server's configuration: forgotten, none sent
      await storeTokens(vault, 'srv_rv', url, owner('ada'), { accessToken: 'at-1', issuer: AS });
      expect(await vault.forgetServer('srv_rv', undefined)).toEqual({ unopened: 1 });
      expect(revoked).toHaveLength(users.length);
    });

    it('a deleted server whose authorization server cannot be found, or with no time left: forgotten, said failed', async () => {
      for (const [findable, until] of [
        [false, Number.POSITIVE_INFINITY],
        [true, Date.now() - 1],
      ] as const) {
        const sent: string[] = [];
        const { vault, store } = vaultAt(
          server,
          (requested) => {
            sent.push(requested);
            return new Response('', { status: 200 });
          },
          {
            revocation_endpoint: `${AS}/revoke`,
            ...(findable ? {} : { issuer: 'https://impostor.example' }),
          },
        );
        for (const user of ['ada', 'bob'])
          await storeTokens(vault, 'srv_rv', url, owner(user), { accessToken: `at-${user}`, issuer: AS });
        expect(await vault.forgetServer('srv_rv', server, until)).toEqual({ failed: 2 });
        expect(sent).toEqual([]);
        expect(await queryAll(store, 'vault#srv_rv')).toEqual([]);
      }
    });

    it('the sealing key’s service failing for the moment: a user’s revocation fails forgetting nothing; a deletion forgets them', async () => {
      const { flaky, state } = flakySealer();
      const { vault, store, revoked } = revoking(200, undefined, flaky);
      await storeTokens(vault, 'srv_rv', url, owner('ada'), {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
      });
      state.failing = true;
      await expect(vault.revoke(server.id!, server, 'default', 'ada')).rejects.toMatchObject({
        code: 'upstream_unavailable',
      });
      expect(await queryAll(store, 'vault#srv_rv')).toHaveLength(1);
      expect(await vault.forgetServer(server.id!, server)).toEqual({ failed: 1 });
      expect(await queryAll(store, 'vault#srv_rv')).toEqual([]);
      expect(revoked).toEqual([]);
    });

    it('sends no token to an authorization server that did not issue it, nor tokens it cannot open', async () => {
      const { vault, store, revoked } = revoking(200);
      await storeTokens(vault, 'srv_rv', url, owner('ada'), {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: 'https://other-as.example',
      });
      expect(await vault.revoke(server.id!, server, 'default', 'ada')).toBe('failed');
      // sealed under another key (rotated away): forgotten, not revocable
      const other = vaultAt(
        server,
        () => new Response('no', { status: 404 }),
        {},
        keySealer(randomBytes(32)),
        store,
      );
      await storeTokens(other.vault, 'srv_rv', url, owner('ada'), {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        issuer: AS,
      });
      expect(await vault.revoke(server.id!, server, 'default', 'ada')).toBe('unopened');
      expect(revoked).toEqual([]);
      expect(await queryAll(store, 'vault#srv_rv')).toEqual([]);
    });
  });

  it('sends a registered client’s secret the way the authorization server registered it (RFC 7591 §3.2.1)', async () => {
    const server = saas('srv_pm', { kind: 'user-oauth', authorizationServer: AS });
    const sent: { form: URLSearchParams; authorization: string | null }[] = [];
    const { vault } = vaultAt(
      server,
      (url, init) => {
        if (url === `${AS}/register`)
          return Response.json({
            client_id: 'registered',
            client_secret: 'issued-secret',
            token_endpoint_auth_method: 'client_secret_post',
          });
        if (url !== `${AS}/token`) return new Response('no', { status: 404 });
        sent.push({
          form: new URLSearchParams(String(init?.body)),
          authorization: new Headers(init?.headers).get('authorization'),
        });
        return Response.json({ access_token: 'upstream-token', token_type: 'Bearer', expires_in: 3600 });
      },
      { registration_endpoint: `${AS}/register` },
    );
    const { flowOf, start, confirm } = consentSteps(vault, server);
    const flow = await flowOf('ada', 'https://gw.example');
    const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
    const location = new URL(started.headers.location!);
    const answered = await vault.callback({
      method: 'GET',
      path: new URL(location.searchParams.get('redirect_uri')!).pathname,
      headers: { cookie: started.headers['set-cookie']!.split(';')[0]! },
      query: { state: location.searchParams.get('state')!, code: 'the-code' },
      body: undefined,
    });
    expect(answered.status).toBe(200);
    expect(sent.map(({ form, authorization }) => [form.get('client_secret'), authorization])).toEqual([
      ['issued-secret', null],
    ]);
  });

  it('keeps one registered client when two instances register at once, its secret sealed', async () => {
    const server = saas('srv_r', { kind: 'user-oauth', authorizationServer: AS });
    let registrations = 0;
    const register = () => {
      registrations++;
      return Response.json({
        client_id: `client-${registrations}`,
        client_secret: `secret-${registrations}`,
      });
    };
    const answer = (url: string) =>
      url === `${AS}/register` ? register() : new Response('no', { status: 404 });
    const metadata = { registration_endpoint: `${AS}/register` };
    const one = vaultAt(server, answer, metadata);
    const two = one.another();
    const clientOf = async (vault: TokenVault) => {
      const { flowOf, start, confirm } = consentSteps(vault, server);
      const flow = await flowOf('ada', 'https://gw.example');
      const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
      return new URL(started.headers.location!).searchParams.get('client_id');
    };
    const [first, second] = await Promise.all([clientOf(one.vault), clientOf(two)]);
    expect(registrations).toBe(2);
    expect(first).toBe(second);
    const stored = JSON.stringify(await queryAll(one.store, 'vault-client'));
    expect(stored).toContain(String(first));
    expect(stored).not.toContain('secret-');
  });

  describe('a registered client that no longer works', () => {
    const server = saas('srv_9', { kind: 'user-oauth', authorizationServer: AS });
    const clientItem = { pk: 'vault-client', sk: `srv_9#${AS}` };
    const owner = { workspace: 'default', user: 'ada', method: 'api-key' };
    const expiring = { accessToken: 'at-1', refreshToken: 'rt-1', issuer: AS, expiresAt: 1 };
    const writeTokens = (vault: TokenVault) =>
      (
        vault as unknown as { write(id: string, url: string, owner: object, tokens: object): Promise<void> }
      ).write('srv_9', 'https://saas.example/mcp', owner, expiring);

    it('is forgotten when the authorization server no longer knows it: the user consents (and registers) anew', async () => {
      const { vault, store } = vaultAt(server, (url) =>
        url === `${AS}/token`
          ? Response.json({ error: 'invalid_client' }, { status: 401 })
          : new Response('no', { status: 404 }),
      );
      await store.put({ ...clientItem, clientId: 'cleaned-up' });
      await writeTokens(vault);
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toBeInstanceOf(ConsentRequired);
      expect(await store.get(clientItem.pk, clientItem.sk)).toBeUndefined();
    });

    it('is kept when the authorization server refuses one grant to it (`unauthorized_client`): that user consents anew', async () => {
      const { vault, store } = vaultAt(server, (url) =>
        url === `${AS}/token`
          ? Response.json({ error: 'unauthorized_client' }, { status: 400 })
          : new Response('no', { status: 404 }),
      );
      await store.put({ ...clientItem, clientId: 'known' });
      await writeTokens(vault);
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toBeInstanceOf(ConsentRequired);
      expect(await store.get(clientItem.pk, clientItem.sk)).toMatchObject({ clientId: 'known' });
    });

    it('keeps the tokens when the store fails for a moment while it is read: no new consent', async () => {
      const { vault, store, clock } = vaultAt(server, () => new Response('no', { status: 404 }));
      await store.put({ ...clientItem, clientId: 'known' });
      await writeTokens(vault);
      const get = store.get.bind(store);
      const failingGet = (async (pk: string, sk: string) => {
        if (pk === clientItem.pk)
          throw new GatewayError('store_unavailable', 'The state store is unavailable.');
        return get(pk, sk);
      }) as typeof store.get;
      store.get = failingGet;
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toMatchObject({
        code: 'store_unavailable',
      });
      expect(await get('vault#srv_9', 'default#api-key:#ada')).toBeDefined();
      // tokens still good for a while (renewed early): handed out meanwhile
      store.get = get;
      await (
        vault as unknown as {
          write(id: string, url: string, owner: object, tokens: object, at?: object): Promise<void>;
        }
      ).write(
        'srv_9',
        'https://saas.example/mcp',
        owner,
        { ...expiring, expiresAt: Math.floor(clock.now() / 1000) + 30 },
        await store.get('vault#srv_9', 'default#api-key:#ada'),
      );
      store.get = failingGet;
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-1');
      store.get = get;
    });

    it('is not forgotten when another was registered in its place meanwhile', async () => {
      let store: MemoryStore | undefined;
      const made = vaultAt(server, async (url) => {
        if (url !== `${AS}/token`) return new Response('no', { status: 404 });
        // another user's consent registered the gateway anew while this renewal was out
        await store!.put({ ...clientItem, clientId: 'registered-anew' });
        return Response.json({ error: 'invalid_client' }, { status: 401 });
      });
      store = made.store;
      await store.put({ ...clientItem, clientId: 'cleaned-up' });
      await writeTokens(made.vault);
      await expect(made.vault.tokenFor(server, ada, 'https://gw.example')).rejects.toBeInstanceOf(
        ConsentRequired,
      );
      expect(await store.get(clientItem.pk, clientItem.sk)).toMatchObject({ clientId: 'registered-anew' });
    });

    it('is forgotten when its secret was sealed under another vault key: the user consents anew', async () => {
      const { vault, store } = vaultAt(server, () => new Response('no', { status: 404 }));
      const sealedClientSecret = await keySealer(randomBytes(32)).seal('s3cret', clientItem.sk);
      await store.put({ ...clientItem, clientId: 'gw-old', sealedClientSecret });
      await writeTokens(vault);
      await expect(vault.tokenFor(server, ada, 'https://gw.example')).rejects.toBeInstanceOf(ConsentRequired);
      expect(await store.get(clientItem.pk, clientItem.sk)).toBeUndefined();
    });
  });

  it('seals a registered client’s secret kept in the clear before, keeping the client', async () => {
    const server = saas('srv_l', { kind: 'user-oauth', authorizationServer: AS });
    const { vault, store } = vaultAt(server, () => new Response('no', { status: 404 }), {
      registration_endpoint: `${AS}/register`,
    });
    const key = `srv_l#${AS}#${createHash('sha256').update('https://gw.example').digest('base64url').slice(0, 22)}`;
    await store.put({ pk: 'vault-client', sk: key, clientId: 'old-client', clientSecret: 'old-secret' });
    const { flowOf, start, confirm } = consentSteps(vault, server);
    const flow = await flowOf('ada', 'https://gw.example');
    const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
    expect(new URL(started.headers.location!).searchParams.get('client_id')).toBe('old-client');
    await expect
      .poll(async () => JSON.stringify(await store.get('vault-client', key)))
      .not.toContain('old-secret');
    expect(await store.get('vault-client', key)).toMatchObject({ clientId: 'old-client' });
    expect(typeof (await store.get('vault-client', key))?.['sealedClientSecret']).toBe('string');
  });

  it('lets the person press Connect after a link scanner looked at the page too', async () => {
    const server = saas('srv_s', { kind: 'user-oauth', authorizationServer: AS, clientId: 'gw' });
    const { vault } = vaultAt(server, () => new Response('no', { status: 404 }));
    const { flowOf, start, confirm } = consentSteps(vault, server);
    const flow = await flowOf('ada', 'https://gw.example');
    const mine = await confirm(flow);
    await confirm(flow); // the scanner's visit
    const started = await start(flow, { cookie: mine, 'sec-fetch-site': 'same-origin' });
    expect(started.status).toBe(302);
    expect(new URL(started.headers.location!).origin).toBe(AS);
    // used: the page is gone, and not brought back by another look
    expect(
      (
        await vault.confirm({
          method: 'GET',
          path: '/oauth/upstream/start',
          headers: {},
          query: { flow },
          body: undefined,
        })
      ).status,
    ).toBe(400);
  });

  it('names the server as the resource without its URL’s query: a key there reaches no browser or log', async () => {
    const server = saas(
      'srv_q',
      { kind: 'user-oauth', authorizationServer: AS, clientId: 'gw' },
      'https://saas.example/mcp?api_key=s3cret#top',
    );
    const { vault } = vaultAt(server, () => new Response('no', { status: 404 }));
    const { flowOf, start, confirm } = consentSteps(vault, server);
    const flow = await flowOf('ada', 'https://gw.example');
    const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
    expect(started.status).toBe(302);
    expect(new URL(started.headers.location!).searchParams.get('resource')).toBe('https://saas.example/mcp');
    expect(started.headers.location).not.toContain('s3cret');
  });

  it('takes no authorization’s state for a link: whoever saw it cannot send the flow on as theirs', async () => {
    const server = saas('srv_st', { kind: 'user-oauth', authorizationServer: AS, clientId: 'gw' });
    const { vault } = vaultAt(server, () => new Response('no', { status: 404 }));
    const { flowOf, start, confirm } = consentSteps(vault, server);
    const flow = await flowOf('ada', 'https://gw.example');
    const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
    // ada's state, seen in a log or her browser's history
    const state = new URL(started.headers.location!).searchParams.get('state')!;
    const shown = await vault.confirm({
      method: 'GET',
      path: '/oauth/upstream/start',
      headers: {},
      query: { flow: state },
      body: undefined,
    });
    expect(shown.status).toBe(400);
    expect(shown.headers['set-cookie']).toBeUndefined();
    const cookie = `${started.headers['set-cookie']!.split(';')[0]!}`;
    const posted = await start(state, { cookie, 'sec-fetch-site': 'same-origin' });
    expect(posted.status).toBe(400);
    expect(String(posted.body)).toContain('expired or was already used');
    // ada's own flow goes on: her state is still there for the callback
    const callback = await vault.callback({
      method: 'GET',
      path: '/oauth/upstream/callback',
      headers: { cookie },
      query: { state, error: 'access_denied' },
      body: undefined,
    });
    expect(String(callback.body)).not.toContain('expired or was already used');
  });

  describe('an answer of the authorization server (RFC 9207)', () => {
    const server = saas('srv_9', { kind: 'user-oauth', authorizationServer: AS, clientId: 'gateway' });
    /** A consent of ada sent to the authorization server: its `state`, and the browser's binding cookie. */
    const consent = async (namesItself: boolean) => {
      const redeemed: string[] = [];
      const { vault } = vaultAt(
        server,
        (url, init) => {
          if (url !== `${AS}/token`) return new Response('no', { status: 404 });
          redeemed.push(new URLSearchParams(String(init?.body)).get('code')!);
          return Response.json({ access_token: 'upstream-token', token_type: 'Bearer', expires_in: 3600 });
        },
        namesItself ? { authorization_response_iss_parameter_supported: true } : {},
      );
      const { flowOf, start, confirm } = consentSteps(vault, server);
      const flow = await flowOf('ada', 'https://gw.example');
      const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
      const state = new URL(started.headers.location!).searchParams.get('state')!;
      const cookie = started.headers['set-cookie']!.split(';')[0]!;
      const callback = (query: Record<string, string>) =>
        vault.callback({
          method: 'GET',
          path: '/oauth/upstream/callback',
          headers: { cookie },
          query: { state, code: 'the-code', ...query },
          body: undefined,
        });
      const token = () => vault.tokenFor(server, ada, 'https://gw.example').catch((e: unknown) => e);
      return { callback, redeemed, token };
    };

    it('is redeemed when it names the server the person was sent to', async () => {
      const { callback, redeemed, token } = await consent(true);
      const answer = await callback({ iss: AS });
      expect(answer.status).toBe(200);
      expect(redeemed).toEqual(['the-code']);
      expect(await token()).toBe('upstream-token');
    });

    it('is refused, its code never redeemed, when it names another server (a mix-up)', async () => {
      const { callback, redeemed, token } = await consent(false);
      const answer = await callback({ iss: 'https://attacker.example' });
      expect(answer.status).toBe(400);
      expect(String(answer.body)).toContain('does not come from the authorization server');
      expect(redeemed).toEqual([]);
      expect(await token()).toBeInstanceOf(ConsentRequired);
    });

    it('is refused without a name from a server that always names itself', async () => {
      const { callback, redeemed } = await consent(true);
      const answer = await callback({});
      expect(answer.status).toBe(400);
      expect(redeemed).toEqual([]);
    });

    it('is redeemed when it names the server with a trailing slash', async () => {
      const { callback, redeemed } = await consent(true);
      expect((await callback({ iss: `${AS}/` })).status).toBe(200);
      expect(redeemed).toEqual(['the-code']);
    });

    it('is redeemed without a name from a server that does not name itself', async () => {
      const { callback, redeemed } = await consent(false);
      expect((await callback({})).status).toBe(200);
      expect(redeemed).toEqual(['the-code']);
    });
  });
  describe('discovery', () => {
    /** Where a consent through a server at `url` goes: the authorization server's address, or the refusal. */
    const consentTo = async (
      url: string,
      resourceMetadata: Record<string, unknown> | undefined,
      metadata: Record<string, unknown> = {},
      credentials: Record<string, unknown> = { kind: 'user-oauth', clientId: 'gateway' },
    ) => {
      const server = {
        id: 'srv_d',
        name: 'saas',
        workspace: 'default',
        url,
        credentials,
      } as Server;
      const { vault } = vaultAt(
        server,
        (at) =>
          at === 'https://saas.example/.well-known/oauth-protected-resource' && resourceMetadata !== undefined
            ? Response.json(resourceMetadata)
            : new Response('no', { status: 404 }),
        metadata,
      );
      const { flowOf, start, confirm } = consentSteps(vault, server);
      const flow = await flowOf('ada', 'https://gw.example');
      const started = await start(flow, { cookie: await confirm(flow), 'sec-fetch-site': 'same-origin' });
      return started.status === 302 ? new URL(started.headers.location!).origin : String(started.body);
    };

    it('sends a configured client secret to no authorization server the upstream names', async () => {
      const about = { resource: 'https://saas.example/mcp', authorization_servers: [AS] };
      const secret = { kind: 'user-oauth', clientId: 'gateway', clientSecret: 'app-secret' };
      expect(await consentTo('https://saas.example/mcp', about, {}, secret)).toContain(
        'has a client secret but no credentials.authorizationServer',
      );
      expect(
        await consentTo('https://saas.example/mcp', about, {}, { ...secret, authorizationServer: AS }),
      ).toBe(AS);
    });

    it('takes no authorization server from its origin’s metadata that names no resource (another tenant’s)', async () => {
      const nameless = { authorization_servers: [AS] };
      expect(await consentTo('https://saas.example/tenants/acme/mcp', nameless)).toContain(
        'the protected resource metadata of its origin names no resource',
      );
      // a server at the origin itself: the document is its own
      expect(await consentTo('https://saas.example', nameless)).toBe(AS);
    });

    it('takes the authorization server of metadata about the server itself, or the origin above it', async () => {
      const about = (resource: string) => ({ resource, authorization_servers: [AS] });
      const url = 'https://saas.example/tenants/acme/mcp';
      expect(await consentTo(url, about('https://saas.example'))).toBe(AS);
      expect(await consentTo(url, about('https://saas.example/tenants/acme/mcp'))).toBe(AS);
      // RFC 9728 §3.3: metadata about another resource names no authorization server for this one
      for (const other of ['https://saas.example/tenants/other', 'https://other.example/', 'not a url'])
        expect(await consentTo(url, about(other))).toContain('its protected resource metadata is about');
    });

    it('still renews tokens at a server that does not list PKCE (only a new consent needs it)', async () => {
      const server = saas('srv_p', { kind: 'user-oauth', authorizationServer: AS, clientId: 'gw' });
      const { vault } = vaultAt(
        server,
        (url) =>
          url === `${AS}/token`
            ? Response.json({ access_token: 'at-2', expires_in: 3600 })
            : new Response('no', { status: 404 }),
        { code_challenge_methods_supported: undefined },
      );
      await storeTokens(
        vault,
        'srv_p',
        'https://saas.example/mcp',
        { workspace: 'default', user: 'ada', method: 'api-key' },
        {
          accessToken: 'at-1',
          refreshToken: 'rt-1',
          issuer: AS,
          expiresAt: 1,
        },
      );
      expect(await vault.tokenFor(server, ada, 'https://gw.example')).toBe('at-2');
    });

    it('refuses an authorization server that does not say it supports PKCE with S256', async () => {
      const metadata = { resource: 'https://saas.example/mcp', authorization_servers: [AS] };
      for (const methods of [undefined, ['plain']])
        expect(
          await consentTo('https://saas.example/mcp', metadata, {
            code_challenge_methods_supported: methods,
          }),
        ).toContain('does not say it supports PKCE (S256)');
    });
  });
});
