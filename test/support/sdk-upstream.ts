/** An upstream built from the MCP SDK's own server, one transport per session, on a loopback port. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  StreamableHTTPServerTransport,
  type StreamableHTTPServerTransportOptions,
} from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface SdkUpstream {
  server: Server;
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  close(): Promise<void>;
}

/**
 * Answers a request before the MCP transport sees it (true when it did), e.g. to require a token. `body` is
 * the parsed JSON body of a POST (undefined otherwise, or when it is not JSON).
 */
export type Intercept = (
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
) => boolean | Promise<boolean>;

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Starts it; `define` registers the tools of each session's server. */
export async function startSdkUpstream(
  name: string,
  define: (mcp: McpServer) => void,
  options: Omit<StreamableHTTPServerTransportOptions, 'sessionIdGenerator' | 'onsessioninitialized'> = {},
  intercept?: Intercept,
): Promise<SdkUpstream> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const server = createServer(async (req, res) => {
    const body = await readJson(req).catch(() => undefined);
    if (intercept !== undefined && (await intercept(req, res, body))) return;
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? transports.get(id) : undefined;
    const ready = (async () => {
      if (known !== undefined) return known;
      const created = new StreamableHTTPServerTransport({
        ...options,
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          transports.set(sessionId, created);
        },
      });
      const mcp = new McpServer({ name, version: '1.0.0' });
      define(mcp);
      await mcp.connect(created);
      return created;
    })();
    ready.then((t) => t.handleRequest(req, res, body)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
