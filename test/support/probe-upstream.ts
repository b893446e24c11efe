/**
 * A minimal Streamable HTTP upstream that observes what `server-everything` cannot show: whether the
 * gateway closed its request. `tools/call` answers with an SSE stream that sends one progress event and
 * then stays open until the caller goes away; `closedCalls` records each such close.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProbeUpstream {
  url: string;
  /** Request ids of `tools/call` streams the gateway closed. */
  closedCalls: Array<string | number>;
  /**
   * Resolves when the stream of `tools/call` `id` (or of an id the predicate accepts: the gateway renumbers
   * stateless requests) has been closed; rejects after `timeoutMs`.
   */
  waitForClose(id: string | number | ((id: string | number) => boolean), timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startProbeUpstream(): Promise<ProbeUpstream> {
  const closedCalls: Array<string | number> = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (request.method !== 'POST') {
        response.writeHead(405).end();
        return;
      }
      const message = JSON.parse(body) as { id?: string | number; method?: string };
      if (message.id === undefined) {
        response.writeHead(202).end();
      } else if (message.method === 'initialize') {
        response.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'probe-session' });
        response.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: message.id,
            result: {
              protocolVersion: '2025-11-25',
              capabilities: { tools: {} },
              serverInfo: { name: 'probe', version: '1.0.0' },
            },
          }),
        );
      } else if (message.method === 'tools/call') {
        const id = message.id;
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const progress = { progressToken: id, progress: 1, total: 2 };
        response.write(
          `data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: progress })}\n\n`,
        );
        response.once('close', () => {
          closedCalls.push(id);
          for (const wake of waiters) wake();
        });
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    closedCalls,
    waitForClose(id, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`the upstream stream of call ${String(id)} was not closed within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const check = () => {
          const matches = typeof id === 'function' ? id : (closed: string | number) => closed === id;
          if (!closedCalls.some(matches)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
