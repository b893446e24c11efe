/**
 * A loopback MCP registry speaking the official Registry API: `GET /v0.1/servers` with cursor pagination
 * (two entries a page, unless told `pageSize`) over `server.json` documents the test sets and changes while it runs. Records the
 * headers of each request (a mirror's token).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface McpRegistry {
  url: string;
  /** The server.json documents served, in order; change freely. */
  entries: Record<string, unknown>[];
  /** Entries marked deleted in the official `_meta` (by name). */
  deleted: Set<string>;
  requests: { url: string; headers: Record<string, string> }[];
  /** Entries a page holds (default 2). */
  pageSize: number;
  close(): Promise<void>;
}

export async function startMcpRegistry(entries: Record<string, unknown>[] = []): Promise<McpRegistry> {
  const registry = {
    entries,
    deleted: new Set<string>(),
    requests: [] as McpRegistry['requests'],
    pageSize: 2,
  };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://registry');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string') headers[name] = value;
    registry.requests.push({ url: url.pathname + url.search, headers });
    if (url.pathname !== '/v0.1/servers') {
      response.writeHead(404).end();
      return;
    }
    const start = Number(url.searchParams.get('cursor') ?? '0');
    const end = start + registry.pageSize;
    const page = registry.entries.slice(start, end);
    const next = end < registry.entries.length ? String(end) : undefined;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        servers: page.map((entry) => ({
          server: entry,
          _meta: {
            'io.modelcontextprotocol.registry/official': {
              status: registry.deleted.has(String(entry['name'])) ? 'deleted' : 'active',
              publishedAt: '2026-11-01T00:00:00Z',
              updatedAt: '2026-11-01T00:00:00Z',
              isLatest: true,
            },
          },
        })),
        metadata: { count: page.length, ...(next !== undefined ? { nextCursor: next } : {}) },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...registry,
    get entries() {
      return registry.entries;
    },
    set entries(value) {
      registry.entries = value;
    },
    get pageSize() {
      return registry.pageSize;
    },
    set pageSize(value) {
      registry.pageSize = value;
    },
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A server.json document as the registry publishes it. */
export function serverJson(
  name: string,
  version: string,
  remote?: { type: 'streamable-http' | 'sse'; url: string; headers?: unknown[] },
): Record<string, unknown> {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json',
    name,
    description: `The ${name.split('/')[1]} server.`,
    version,
    repository: { url: `https://github.com/${name.split('/')[0]}/${name.split('/')[1]}`, source: 'github' },
    ...(remote !== undefined
      ? { remotes: [remote] }
      : {
          packages: [
            {
              registryType: 'npm',
              identifier: `@example/${name.split('/')[1]}`,
              version,
              transport: { type: 'stdio' },
            },
          ],
        }),
  };
}
