/**
 * Plain-HTTP helpers for the gateway: the management API (admin key) and raw MCP requests, with every
 * request bounded by a timeout.
 */

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON; the text otherwise. */
  body: unknown;
  text: string;
}

const REQUEST_TIMEOUT_MS = 15_000;

export async function httpRequest(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
  const text = await response.text();
  let body: unknown = text;
  if (/json/.test(response.headers.get('content-type') ?? '')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers: response.headers, body, text };
}

export interface RegisteredServer {
  id: string;
  name: string;
  url: string;
  transport?: string;
}

export interface Admin {
  request(method: string, path: string, body?: unknown): Promise<HttpResult>;
  registerServer(
    name: string,
    url: string,
    transport?: 'streamable-http' | 'sse',
    fields?: Record<string, unknown>,
  ): Promise<RegisteredServer>;
  /** Creates an API key (in `workspace`, else the default one) and answers its secret (returned only once). */
  createApiKey(name: string, user: string, workspace?: string): Promise<string>;
  createWorkspace(name: string): Promise<{ id: string; name: string }>;
  /** Deletes a server by id (expects 204). */
  deleteServer(id: string): Promise<void>;
  /** Changes fields of a server by id (JSON merge patch, expects 200). */
  patchServer(id: string, patch: Record<string, unknown>): Promise<RegisteredServer>;
}

/** The management API at `baseUrl` (`http://127.0.0.1:<port>`) with the admin key. */
export function admin(baseUrl: () => string, adminKey: string): Admin {
  const request = (method: string, path: string, body?: unknown) =>
    httpRequest(`${baseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const created = (result: HttpResult, what: string) => {
    if (result.status !== 201) throw new Error(`creating ${what} failed: ${result.status} ${result.text}`);
    return result.body as Record<string, unknown>;
  };
  return {
    request,
    async registerServer(name, url, transport, fields = {}) {
      const result = await request('POST', '/v1/servers', {
        name,
        url,
        ...(transport !== undefined ? { transport } : {}),
        ...fields,
      });
      return created(result, `server ${name}`) as unknown as RegisteredServer;
    },
    async createApiKey(name, user, workspace) {
      const fields = { name, user, ...(workspace !== undefined ? { workspace } : {}) };
      const body = created(await request('POST', '/v1/api-keys', fields), `api key ${name}`);
      if (typeof body.key !== 'string') throw new Error(`no key in ${JSON.stringify(body)}`);
      return body.key;
    },
    async createWorkspace(name) {
      const body = created(await request('POST', '/v1/workspaces', { name }), `workspace ${name}`);
      return body as unknown as { id: string; name: string };
    },
    async deleteServer(id) {
      const result = await request('DELETE', `/v1/servers/${encodeURIComponent(id)}`);
      if (result.status !== 204)
        throw new Error(`deleting server ${id} failed: ${result.status} ${result.text}`);
    },
    async patchServer(id, patch) {
      const result = await request('PATCH', `/v1/servers/${encodeURIComponent(id)}`, patch);
      if (result.status !== 200)
        throw new Error(`patching server ${id} failed: ${result.status} ${result.text}`);
      return result.body as RegisteredServer;
    },
  };
}

/** A server's tool provisioning rules (`tools` of the Server schema). */
export interface ToolRules {
  allow?: string[];
  deny?: string[];
  readOnly?: boolean;
}

/** Registers a server with tool provisioning rules (`tools`) through the management API. */
export async function registerServerWithTools(
  api: Admin,
  name: string,
  url: string,
  tools: ToolRules,
  transport?: 'streamable-http' | 'sse',
): Promise<RegisteredServer> {
  const result = await api.request('POST', '/v1/servers', {
    name,
    url,
    tools,
    ...(transport !== undefined ? { transport } : {}),
  });
  if (result.status !== 201)
    throw new Error(`creating server ${name} failed: ${result.status} ${result.text}`);
  return result.body as RegisteredServer;
}

export interface JsonRpcReply {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

/**
 * The JSON-RPC messages of a response body, whether it came as `application/json` or as an SSE stream
 * (`data:` lines of `message` events).
 */
export function jsonRpcMessages(result: HttpResult): JsonRpcReply[] {
  const type = result.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    const messages: JsonRpcReply[] = [];
    for (const block of result.text.split(/\r?\n\r?\n/)) {
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data !== '') messages.push(JSON.parse(data) as JsonRpcReply);
    }
    return messages;
  }
  if (result.text === '') return [];
  const parsed = JSON.parse(result.text) as JsonRpcReply | JsonRpcReply[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** The response to request `id` in a JSON or SSE body; throws when there is none. */
export function replyTo(result: HttpResult, id: string | number): JsonRpcReply {
  const reply = jsonRpcMessages(result).find((message) => message.id === id && 'jsonrpc' in message);
  if (reply === undefined || (reply.result === undefined && reply.error === undefined)) {
    throw new Error(`no response to ${id} in ${result.status} ${result.text}`);
  }
  return reply;
}
