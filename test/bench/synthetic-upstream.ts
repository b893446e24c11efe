/**
 * A synthetic Streamable HTTP upstream for the benchmark's heavy scenarios, run as its own process (as
 * `server-everything` is) so it does not share the bench client's event loop:
 *
 *   node --import tsx test/bench/synthetic-upstream.ts   → "synthetic-upstream listening on http://127.0.0.1:<port>/mcp"
 *
 * - `initialize` answers JSON with an `Mcp-Session-Id`; notifications and responses get 202; GET (the
 *   server→client stream) is 405; DELETE ends nothing and answers 200.
 * - `tools/list` answers one JSON page of {@link TOOL_COUNT} tools with realistic input schemas (a few KB
 *   each, ~1.3 MB in all), serialised once at start-up.
 * - `tools/call` of {@link STREAM_TOOL} answers an SSE stream of {@link PROGRESS_EVENTS}
 *   `notifications/progress` events and then the result, written as fast as the socket takes them (one
 *   write per event, yielding to the event loop every {@link EVENTS_PER_TICK} events); any other tool
 *   answers a small JSON result.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Child, repoRoot } from '../support/processes.js';

export const TOOL_COUNT = 500;
export const PROGRESS_EVENTS = 1000;
const EVENTS_PER_TICK = 10;

const FAMILIES = [
  'github',
  'jira',
  'slack',
  'drive',
  'calendar',
  'crm',
  'db',
  'search',
  'jobs',
  'admin',
] as const;
const VERBS = [
  'list',
  'get',
  'create',
  'update',
  'delete',
  'search',
  'export',
  'archive',
  'sync',
  'describe',
];
const NOUNS = ['item', 'report', 'comment', 'attachment', 'member'];

/** The tool whose call answers the long SSE stream (one of the listed tools, offered by the allow list). */
export const STREAM_TOOL = 'jobs_export_report';

/**
 * The allow list the bench registers for the synthetic server: every family but `admin_*`, so the gateway
 * filters 450 of the 500 tools through wildcard patterns (and the exact stream tool name).
 */
export const SYNTHETIC_ALLOW = [
  STREAM_TOOL,
  'github_*',
  'jira_*',
  'slack_*',
  'drive_*',
  'calendar_*',
  'crm_*',
  'db_*',
  'search_*',
  'jobs_*',
];

const STATUSES = ['open', 'in_progress', 'blocked', 'in_review', 'done', 'cancelled', 'archived'];
const FIELDS = [
  'id',
  'title',
  'status',
  'owner',
  'labels',
  'createdAt',
  'updatedAt',
  'url',
  'body',
  'parent',
];

const sentence = (family: string, noun: string, what: string) =>
  `The ${what} of the ${family} ${noun}. Values are validated by the ${family} API before anything is changed; ` +
  `an invalid value fails the whole call with a descriptive error and no partial effect.`;

/** One tool definition, deterministic in its index; ~2.5 KB of JSON. */
function tool(index: number): Record<string, unknown> {
  const family = FAMILIES[Math.floor(index / (VERBS.length * NOUNS.length))]!;
  const verb = VERBS[Math.floor(index / NOUNS.length) % VERBS.length]!;
  const noun = NOUNS[index % NOUNS.length]!;
  const readOnly = ['list', 'get', 'search', 'describe', 'export'].includes(verb);
  const properties: Record<string, unknown> = {
    [`${noun}Id`]: {
      type: 'string',
      description: sentence(family, noun, 'identifier'),
      pattern: '^[A-Za-z0-9_-]{1,64}$',
    },
    workspace: {
      type: 'string',
      description: sentence(family, noun, 'workspace or project key'),
      maxLength: 128,
    },
    query: { type: 'string', description: sentence(family, noun, 'free-text query'), maxLength: 2048 },
    limit: {
      type: 'integer',
      description: 'How many results to answer per page.',
      minimum: 1,
      maximum: 500,
      default: 50,
    },
    cursor: {
      type: 'string',
      description: 'The opaque cursor of the next page, as the previous page gave it.',
    },
    sort: {
      type: 'string',
      enum: ['created', 'updated', 'name', 'relevance', 'priority'],
      description: sentence(family, noun, 'sort order'),
    },
    filters: {
      type: 'object',
      description: sentence(family, noun, 'filters'),
      properties: {
        status: { type: 'array', items: { type: 'string', enum: STATUSES }, uniqueItems: true },
        owner: { type: 'string', format: 'email', description: 'Only items owned by this person.' },
        createdAfter: { type: 'string', format: 'date-time' },
        createdBefore: { type: 'string', format: 'date-time' },
        labels: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 20 },
      },
      additionalProperties: false,
    },
    fields: {
      type: 'array',
      description: 'The fields to answer; every field when unset.',
      items: { type: 'string', enum: FIELDS },
    },
  };
  if (!readOnly) {
    properties.payload = {
      type: 'object',
      description: sentence(family, noun, 'new content'),
      properties: {
        title: { type: 'string', maxLength: 256 },
        body: { type: 'string', maxLength: 65536 },
        status: { type: 'string', enum: STATUSES },
        assignees: { type: 'array', items: { type: 'string', format: 'email' }, maxItems: 10 },
      },
      additionalProperties: false,
    };
    properties.dryRun = { type: 'boolean', default: false, description: 'Validate only; change nothing.' };
  }
  return {
    name: `${family}_${verb}_${noun}`,
    title: `${verb[0]!.toUpperCase()}${verb.slice(1)} ${family} ${noun}`,
    description:
      `${verb[0]!.toUpperCase()}${verb.slice(1)} a ${noun} in ${family}. Use it when the user asks to ${verb} ` +
      `${noun}s; it answers the ${noun} as JSON, paginated where several match. Rate limited per workspace.`,
    inputSchema: {
      type: 'object',
      properties,
      required: [`${noun}Id`, ...(readOnly ? [] : ['payload'])],
      additionalProperties: false,
    },
    annotations: {
      readOnlyHint: readOnly,
      destructiveHint: verb === 'delete' || verb === 'archive',
      idempotentHint: readOnly || verb === 'update',
      openWorldHint: true,
    },
  };
}

export function syntheticTools(): Record<string, unknown>[] {
  return Array.from({ length: TOOL_COUNT }, (_, i) => tool(i));
}

type Id = string | number;
interface Message {
  jsonrpc?: string;
  id?: Id;
  method?: string;
  params?: { name?: string; _meta?: { progressToken?: Id } };
}

function serve(): Promise<{ port: number }> {
  const tools = syntheticTools();
  if (!tools.some((t) => t.name === STREAM_TOOL)) throw new Error(`no tool ${STREAM_TOOL}`);
  const toolsResult = JSON.stringify({ tools });
  let sessions = 0;

  const json = (response: ServerResponse, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    });
    response.end(body);
  };

  const stream = async (response: ServerResponse, id: Id, token: Id | undefined) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let closed = false;
    response.once('close', () => {
      closed = true;
    });
    for (let i = 1; i <= PROGRESS_EVENTS && !closed; i++) {
      const params = {
        progressToken: token ?? id,
        progress: i,
        total: PROGRESS_EVENTS,
        message: `exported ${i} of ${PROGRESS_EVENTS} reports`,
      };
      response.write(
        `data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params })}\n\n`,
      );
      if (i % EVENTS_PER_TICK === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (closed) return;
    const result = { content: [{ type: 'text', text: `exported ${PROGRESS_EVENTS} reports` }] };
    response.end(`data: ${JSON.stringify({ jsonrpc: '2.0', id, result })}\n\n`);
  };

  const handle = (request: IncomingMessage, response: ServerResponse, text: string) => {
    if (request.method === 'GET') return void response.writeHead(405, { allow: 'POST, DELETE' }).end();
    if (request.method === 'DELETE') return void response.writeHead(200).end();
    if (request.method !== 'POST') return void response.writeHead(405).end();
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return void response.writeHead(400).end();
    }
    if (Array.isArray(message)) return void response.writeHead(400).end();
    const { id } = message;
    if (id === undefined || message.method === undefined) return void response.writeHead(202).end();
    const reply = (result: string) => `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${result}}`;
    switch (message.method) {
      case 'initialize': {
        const result = {
          protocolVersion: '2025-11-25',
          capabilities: { tools: {} },
          serverInfo: { name: 'bench-synthetic', version: '1.0.0' },
        };
        return json(response, reply(JSON.stringify(result)), { 'mcp-session-id': `synthetic-${++sessions}` });
      }
      case 'tools/list':
        return json(response, reply(toolsResult));
      case 'tools/call':
        if (message.params?.name === STREAM_TOOL)
          return void stream(response, id, message.params._meta?.progressToken).catch(() =>
            response.destroy(),
          );
        return json(response, reply('{"content":[{"type":"text","text":"ok"}]}'));
      case 'ping':
        return json(response, reply('{}'));
      default:
        return json(
          response,
          `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"error":{"code":-32601,"message":"no"}}`,
        );
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port })),
  );
}

export interface SyntheticUpstream {
  child: Child;
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  stop(): Promise<void>;
}

/** Starts this module as a child process and waits until it listens. */
export async function startSyntheticUpstream(): Promise<SyntheticUpstream> {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = new Child('synthetic-upstream', proc);
  const match = await child.waitFor(
    /synthetic-upstream listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/,
    30_000,
  );
  return { child, url: match[1]!, stop: () => child.stop() };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serve().then(
    ({ port }) => process.stdout.write(`synthetic-upstream listening on http://127.0.0.1:${port}/mcp\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
