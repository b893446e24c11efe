/**
 * A loopback pass-through in front of a real upstream that records every JSON-RPC message posted to it,
 * so a test can prove what did (and did not) reach the upstream.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedMessage {
  method?: string;
  id?: string | number;
  params?: { name?: string };
  /** The headers of the request that carried the message (lower-case names). */
  headers?: Record<string, string>;
}

export interface RecordingProxy {
  url: string;
  messages: RecordedMessage[];
  close(): Promise<void>;
}

export async function startRecordingProxy(upstreamUrl: string): Promise<RecordingProxy> {
  const messages: RecordedMessage[] = [];
  const upstream = new URL(upstreamUrl);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (request.method === 'POST') {
        try {
          const parsed = JSON.parse(body.toString('utf8')) as RecordedMessage | RecordedMessage[];
          const sent: Record<string, string> = {};
          for (const [name, value] of Object.entries(request.headers))
            if (typeof value === 'string') sent[name] = value;
          for (const message of Array.isArray(parsed) ? parsed : [parsed])
            messages.push({ ...message, headers: sent });
        } catch {
          // not JSON: forwarded, not recorded
        }
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
      const abort = new AbortController();
      response.once('close', () => abort.abort());
      fetch(new URL(request.url ?? '/', upstream), {
        method: request.method ?? 'GET',
        headers,
        signal: abort.signal,
        ...(request.method === 'POST' ? { body } : {}),
      })
        .then(async (answer) => {
          const out: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (name !== 'content-length' && name !== 'transfer-encoding') out[name] = value;
          });
          response.writeHead(answer.status, out);
          if (answer.body !== null) for await (const chunk of answer.body) response.write(chunk);
          response.end();
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    messages,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
