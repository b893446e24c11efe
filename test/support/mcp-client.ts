/** The real MCP SDK client, connected through the gateway with an API key. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface Connected {
  client: Client;
  transport: StreamableHTTPClientTransport;
}

export function gatewayTransport(
  url: string,
  apiKey: string,
  sessionId?: string,
): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
    ...(sessionId !== undefined ? { sessionId } : {}),
  });
}

/** Connects (initialize + initialized) a fresh SDK client to `url`. */
export async function connect(url: string, apiKey: string, name = 'e2e-client'): Promise<Connected> {
  const client = new Client({ name, version: '1.0.0' });
  const transport = gatewayTransport(url, apiKey);
  await client.connect(transport, { timeout: 15_000 });
  return { client, transport };
}

/** A promise settled by a callback, rejected if that does not happen within `timeoutMs`. */
export function deferred<T = void>(timeoutMs: number, what: string) {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(
    () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
    timeoutMs,
  );
  void promise.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  return { promise, resolve, reject };
}
