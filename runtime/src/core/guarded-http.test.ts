import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamFailure } from '../mcp/upstream/errors.js';
import { GatewayError } from './errors.js';
import { createGuardedHttpClient } from './guarded-http.js';
import type { HttpClient } from './http-client.js';
import { createUrlGuard } from './url-guard.js';

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('createGuardedHttpClient', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  const opened: HttpClient[] = [];

  beforeAll(async () => {
    server = createServer((_, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end('hello from loopback');
    });
    server.on('connection', () => {
      connections++;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await Promise.all(opened.map((client) => client.close()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A resolver answering from a table; `rebind.test` answers a public address once, then loopback. */
  const resolver = () => {
    let rebindCalls = 0;
    const table: Record<string, string[]> = {
      'upstream.test': ['127.0.0.1'],
      'metadata.test': ['169.254.169.254'],
      'mixed.test': ['127.0.0.1', '169.254.169.254'],
      'mapped.test': ['::ffff:a9fe:a9fe'],
    };
    return async (host: string) => {
      if (host === 'rebind.test') return [{ address: rebindCalls++ === 0 ? '93.184.216.34' : '127.0.0.1' }];
      return (table[host] ?? []).map((address) => ({ address }));
    };
  };
  const guarded = (options: {
    allowLoopback: boolean;
    lookup?: (host: string) => Promise<{ address: string }[]>;
    reservedPorts?: number[];
  }) => {
    const client = createGuardedHttpClient({ allowPrivate: false, lookup: resolver(), ...options });
    opened.push(client);
    return (url: string | URL, init: { method?: 'GET' | 'POST'; body?: string; signal?: AbortSignal } = {}) =>
      client.request({
        method: init.method ?? 'GET',
        url,
        headers: {},
        signal: init.signal ?? AbortSignal.timeout(5000),
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
  };
  const forbidden = async (promise: Promise<unknown>, address: string) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'forbidden' });
    expect((error as GatewayError).detail).toContain(`Outbound address ${address}`);
    return error as GatewayError;
  };
  const timeout = () => ({ signal: AbortSignal.timeout(5000) });

  it('refuses a host that rebinds to loopback after check() passed', async () => {
    const lookup = resolver();
    const guard = createUrlGuard({ allowLoopback: false, allowPrivate: false, lookup });
    const f = guarded({ allowLoopback: false, lookup });
    const url = `http://rebind.test:${port}/mcp`;
    await expect(guard.check(url)).resolves.toBeUndefined();
    const before = connections;
    const error = await forbidden(f(url, timeout()), '127.0.0.1');
    expect(error.detail).toBe('Outbound address 127.0.0.1 of rebind.test is not allowed.');
    expect(connections).toBe(before);
  });

  it('refuses the metadata address even with loopback allowed, and any host with one blocked address', async () => {
    const f = guarded({ allowLoopback: true });
    await forbidden(f(`http://metadata.test:${port}/`, timeout()), '169.254.169.254');
    await forbidden(f(`http://mixed.test:${port}/`, timeout()), '169.254.169.254');
    await forbidden(f(`https://mapped.test:${port}/`, timeout()), '::ffff:a9fe:a9fe');
  });

  it('refuses IP literals it would otherwise connect to without a lookup', async () => {
    const f = guarded({ allowLoopback: false });
    await forbidden(f(`http://127.0.0.1:${port}/`, timeout()), '127.0.0.1');
    await forbidden(f(new URL(`http://[::ffff:127.0.0.1]:${port}/`), timeout()), '::ffff:7f00:1');
    await forbidden(f('http://169.254.169.254/latest/meta-data/', timeout()), '169.254.169.254');
    await forbidden(f('http://[64:ff9b::a9fe:a9fe]/', timeout()), '64:ff9b::a9fe:a9fe');
  });

  it('reaches a loopback server when loopback is allowed, reusing one connection', async () => {
    const f = guarded({ allowLoopback: true });
    const before = connections;
    for (const url of [`http://upstream.test:${port}/a`, `http://upstream.test:${port}/b`]) {
      const response = await f(url, timeout());
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain');
      expect(await text(response.body)).toBe('hello from loopback');
      // let the pool take the connection back before the next request (else undici opens a second one)
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(connections - before).toBe(1);
    const literal = await f(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}', ...timeout() });
    expect(await text(literal.body)).toBe('hello from loopback');
  });

  it('never reaches a reserved port on loopback (the local store), though loopback is allowed', async () => {
    const options = { allowLoopback: true, allowPrivate: false, lookup: resolver(), reservedPorts: [port] };
    const f = guarded(options);
    const before = connections;
    await forbidden(f(`http://127.0.0.1:${port}/`, timeout()), '127.0.0.1');
    await forbidden(f(`http://upstream.test:${port}/`, timeout()), '127.0.0.1');
    await forbidden(f(new URL(`http://[::ffff:127.0.0.1]:${port}/`), timeout()), '::ffff:7f00:1');
    expect(connections).toBe(before);
    const guard = createUrlGuard(options);
    await expect(guard.check(`http://upstream.test:${port}/mcp`)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(guard.check(`http://127.0.0.1:${port}/mcp`)).rejects.toMatchObject({ code: 'forbidden' });
    // other loopback ports, as before
    await expect(guard.check(`http://127.0.0.1:${port + 1}/mcp`)).resolves.toBeUndefined();
    await expect(guard.check('http://upstream.test/mcp')).resolves.toBeUndefined();
  });

  it('never reaches a reserved port on a private address (a store in its network), though private ones are allowed', async () => {
    const options = {
      allowLoopback: false,
      allowPrivate: true,
      lookup: async () => [{ address: '10.0.3.7' }],
      reservedPorts: [8000],
    };
    const guard = createUrlGuard(options);
    await expect(guard.check('http://dynamodb-local:8000/')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(guard.check('http://10.0.3.7:8000/')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(guard.check('http://dynamodb-local:8001/mcp')).resolves.toBeUndefined();
    const f = guarded(options);
    await forbidden(f('http://10.0.3.7:8000/', timeout()), '10.0.3.7');
  });

  it('reports an unresolvable host as unavailable, and lets resolver errors through', async () => {
    const f = guarded({ allowLoopback: true });
    await expect(f(`http://nowhere.test:${port}/`, timeout())).rejects.toMatchObject({
      code: 'upstream_unavailable',
      message: 'Host nowhere.test does not resolve.',
    });
    const failing = guarded({
      allowLoopback: true,
      lookup: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })),
    });
    const error = await failing(`http://gone.test:${port}/`, timeout()).catch((e: unknown) => e);
    expect(upstreamFailure('gone', error, false).message).toBe(
      'Upstream server "gone" is unreachable (ENOTFOUND).',
    );
  });

  it('tells an answer that is not HTTP it takes from an unreachable upstream', async () => {
    const answers = [
      `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(20_000)}\r\ncontent-length: 0\r\n\r\n`,
      'HELLO THERE\r\n\r\n',
    ];
    const raw = createNetServer((socket) => {
      socket.once('data', () => socket.end(answers.shift() ?? ''));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const f = guarded({ allowLoopback: true });
    const at = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
    try {
      const large = upstreamFailure('big', await f(at).catch((e: unknown) => e), false);
      expect(large.message).toBe(
        'Upstream server "big" answered with a malformed HTTP response, its headers too large (UND_ERR_HEADERS_OVERFLOW).',
      );
      const garbled = upstreamFailure('odd', await f(at).catch((e: unknown) => e), false);
      expect(garbled.message).toMatch(
        /^Upstream server "odd" answered with a malformed HTTP response \(HPE_[A-Z_]+\)\.$/,
      );
      // it ran there: no retry takes it for a request never sent
      expect(garbled).toMatchObject({ code: 'upstream_unavailable', mayHaveRun: true });
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('its refusal passes the upstream error mapping unchanged', async () => {
    const f = guarded({ allowLoopback: false });
    const error = await f(`http://upstream.test:${port}/`, timeout()).catch((e: unknown) => e);
    const mapped = upstreamFailure('local', error, false);
    expect(mapped).toBe(error);
    expect(mapped.detail).toBe('Outbound address 127.0.0.1 of upstream.test is not allowed.');
    expect(mapped.status).toBe(403);
  });
});
