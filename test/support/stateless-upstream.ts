/**
 * A strict MCP server of the stateless revision (2026-07-28) only, on loopback: no `initialize` (-32601),
 * no sessions (a session header is refused), POST only; every request must carry the revision, the
 * client's capabilities and info in `_meta`, and `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name`
 * headers that say what the body says (400 with -32020 otherwise, -32022 for another revision). It
 * records every request it gets.
 *
 * Tools: `echo` (`message`), `whoami` (the client's info and capability names, as `_meta` told them),
 * `count` (`n` progress notifications on an SSE stream when the call has a progress token, then the
 * result), `ask` (a result that asks the client for input), `add` (two numbers) and `grüßen` (a name
 * that is not ASCII: its Mcp-Name header travels base64-encoded).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STATELESS_REVISION = '2026-07-28';
const META = 'io.modelcontextprotocol/';

export interface StatelessRequest {
  method: string;
  headers: Record<string, string | undefined>;
  body: Record<string, unknown> | undefined;
}

export interface StatelessUpstream {
  url: string;
  requests: StatelessRequest[];
  close(): Promise<void>;
}

const TOOLS = [
  { name: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } } } },
  { name: 'whoami', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
  { name: 'count', inputSchema: { type: 'object', properties: { n: { type: 'number' } } } },
  { name: 'ask', inputSchema: { type: 'object' } },
  {
    name: 'add',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  },
  { name: 'grüßen', inputSchema: { type: 'object' } },
];

const decoded = (value: string | undefined) => {
  const match = /^=\?base64\?([A-Za-z0-9+/=]*)\?=$/.exec(value ?? '');
  return match?.[1] !== undefined ? Buffer.from(match[1], 'base64').toString('utf8') : value;
};

function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const error = (id: unknown, code: number, message: string, data?: unknown) => ({
  jsonrpc: '2.0',
  id: id ?? null,
  error: { code, message, ...(data !== undefined ? { data } : {}) },
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function handle(
  request: IncomingMessage,
  response: ServerResponse,
  raw: string,
  requests: StatelessRequest[],
) {
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
  );
  requests.push({ method: request.method ?? '', headers, body });
  if (request.method !== 'POST') {
    response.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  if (body === undefined || Array.isArray(body) || typeof body.method !== 'string')
    return reply(response, 400, error(null, -32600, 'One JSON-RPC request per POST.'));
  const { id, method } = body as { id?: unknown; method: string };
  const params = (body.params ?? {}) as Record<string, unknown>;
  const meta = (params._meta ?? {}) as Record<string, unknown>;
  if (headers['mcp-session-id'] !== undefined)
    return reply(response, 400, error(id, -32600, 'This server keeps no sessions.'));
  const version = meta[`${META}protocolVersion`];
  if (version !== STATELESS_REVISION)
    return reply(
      response,
      400,
      error(id, -32022, 'Unsupported protocol version.', {
        supported: [STATELESS_REVISION],
        requested: version,
      }),
    );
  if (typeof meta[`${META}clientCapabilities`] !== 'object' || typeof meta[`${META}clientInfo`] !== 'object')
    return reply(response, 400, error(id, -32600, 'The client capabilities and info are required in _meta.'));
  const named = method === 'tools/call' || method === 'prompts/get' ? params.name : params.uri;
  if (
    headers['mcp-protocol-version'] !== version ||
    decoded(headers['mcp-method']) !== method ||
    (['tools/call', 'prompts/get', 'resources/read'].includes(method) &&
      decoded(headers['mcp-name']) !== named)
  )
    return reply(response, 400, error(id, -32020, 'The headers do not say what the body says.'));
  const result = (value: Record<string, unknown>) =>
    reply(response, 200, { jsonrpc: '2.0', id, result: { resultType: 'complete', ...value } });
  switch (method) {
    case 'server/discover':
      return result({
        supportedVersions: [STATELESS_REVISION],
        capabilities: { tools: { listChanged: true }, logging: {} },
        serverInfo: { name: 'stateless-upstream', version: '1.0.0' },
        instructions: 'A server of the stateless revision.',
        ttlMs: 0,
        cacheScope: 'public',
      });
    case 'tools/list':
      return result({ tools: TOOLS, ttlMs: 60_000, cacheScope: 'public' });
    case 'tools/call':
      break;
    default:
      return reply(response, 200, error(id, -32601, `Method not found: ${method}`));
  }
  const args = (params.arguments ?? {}) as Record<string, unknown>;
  const text = (value: string) => result({ content: [{ type: 'text', text: value }] });
  switch (params.name) {
    case 'echo':
      return text(`Echo: ${String(args.message)}`);
    case 'whoami': {
      const info = meta[`${META}clientInfo`] as { name?: string };
      const capabilities = Object.keys(meta[`${META}clientCapabilities`] as object).sort();
      return text(`${info.name} [${capabilities.join(',')}]`);
    }
    case 'add':
      return text(String(Number(args.a) + Number(args.b)));
    case 'grüßen':
      return text('Grüß Gott');
    case 'ask':
      return reply(response, 200, {
        jsonrpc: '2.0',
        id,
        result: {
          resultType: 'input_required',
          inputRequests: { confirm: { method: 'elicitation/create', params: { message: 'Sure?' } } },
          requestState: 'opaque',
        },
      });
    case 'count': {
      const n = Number(args.n ?? 3);
      const token = meta.progressToken;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (token !== undefined)
        for (let i = 1; i <= n; i++)
          response.write(
            `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: i, total: n } })}\n\n`,
          );
      response.end(
        `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result: { resultType: 'complete', content: [{ type: 'text', text: `counted ${n}` }] } })}\n\n`,
      );
      return;
    }
    default:
      return reply(response, 200, error(id, -32602, `Unknown tool: ${String(params.name)}`));
  }
}

export async function startStatelessUpstream(): Promise<StatelessUpstream> {
  const requests: StatelessRequest[] = [];
  const server = createServer((request, response) => {
    readBody(request).then(
      (text) => handle(request, response, text, requests),
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
