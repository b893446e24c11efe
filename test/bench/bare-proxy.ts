/**
 * The benchmark's floor: a bare pass-through HTTP proxy, the least any proxy in front of an upstream pays
 * (one more process, one more loopback hop each way, HTTP parsing and serialisation of heads). Nothing is
 * parsed beyond the heads: each request goes to the upstream on a keep-alive connection (undici, as the
 * gateway's own client), request and response bodies are streamed through as they come, and only the
 * hop-by-hop headers are dropped. Run as its own process, as the gateway is:
 *
 *   node --import tsx test/bench/bare-proxy.ts <upstream origin>   → "bare-proxy listening on http://127.0.0.1:<port>"
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, type Dispatcher } from 'undici';
import { Child, repoRoot } from '../support/processes.js';

/** RFC 9110 §7.6.1 hop-by-hop fields, plus `host` (the upstream's own) and `expect` (undici refuses it). */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'expect',
]);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name)) out[name] = value;
  }
  return out;
}

function serve(upstream: string): Promise<{ port: number }> {
  const origin = new URL(upstream).origin;
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const server = createServer((request, response) => {
    const aborted = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) aborted.abort();
    });
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    // `stream`: undici writes the upstream's body chunks straight into the response (no Readable between)
    agent
      .stream(
        {
          origin,
          path: request.url ?? '/',
          method: (request.method ?? 'GET') as Dispatcher.HttpMethod,
          headers: forwardable(request.headers),
          ...(hasBody ? { body: request } : {}),
          signal: aborted.signal,
        },
        ({ statusCode, headers }) => {
          response.writeHead(statusCode, forwardable(headers));
          // a GET opens a server→client stream that may stay quiet: its head must not wait for a first
          // chunk (any other answer's head goes out with its first chunk)
          if (request.method === 'GET') response.flushHeaders();
          return response;
        },
      )
      .catch(() => {
        if (!response.headersSent) response.writeHead(502).end();
        else response.destroy();
      });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port })),
  );
}

export interface BareProxy {
  child: Child;
  /** `http://127.0.0.1:<port>`: the upstream's paths live under it unchanged. */
  origin: string;
  stop(): Promise<void>;
}

/** Starts a bare proxy in front of `upstream` (any URL; its origin is used) as a child process. */
export async function startBareProxy(upstream: string): Promise<BareProxy> {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), upstream], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = new Child('bare-proxy', proc);
  const match = await child.waitFor(/bare-proxy listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
  return { child, origin: match[1]!, stop: () => child.stop() };
}

/** The bare proxy's URL for an upstream URL: same path and query, the proxy's origin. */
export function viaProxy(proxy: BareProxy, upstream: string): string {
  const url = new URL(upstream);
  return `${proxy.origin}${url.pathname}${url.search}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const upstream = process.argv[2];
  if (upstream === undefined) {
    console.error('usage: bare-proxy.ts <upstream origin>');
    process.exit(2);
  }
  serve(upstream).then(
    ({ port }) => process.stdout.write(`bare-proxy listening on http://127.0.0.1:${port}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
