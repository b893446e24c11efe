/**
 * API-to-MCP end to end: a loopback REST API described by its own OpenAPI document becomes an MCP server
 * the gateway hosts, used with the real SDK client: tools with input and output schemas and hints, every
 * parameter location, JSON bodies, errors as tool errors, and end-to-end auth (the server's credential and
 * the caller's identity reach the API; the client's key never does).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, admin } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, stopAll } from '../support/processes.js';

let api: Server;
let apiUrl: string;
let gateway: GatewayProcess;
let adminApi: Admin;
let client: Client;
let apiKey: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const notes = new Map<string, { id: string; text: string; tags: string[] }>([
  ['n1', { id: 'n1', text: 'first', tags: ['a'] }],
]);

const note = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'text'],
};

/** The API's own OpenAPI 3.1 document (one YAML-free JSON file), with a $ref. */
const document = {
  openapi: '3.1.0',
  info: { title: 'Notes API', version: '2.4.0' },
  components: { schemas: { Note: note } },
  paths: {
    '/notes': {
      get: {
        operationId: 'listNotes',
        summary: 'List notes',
        parameters: [{ name: 'tag', in: 'query', schema: { type: 'array', items: { type: 'string' } } }],
        responses: {
          '200': {
            description: 'Notes',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Note' } } },
                },
              },
            },
          },
        },
      },
      post: {
        operationId: 'createNote',
        summary: 'Create a note',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } },
          },
        },
      },
    },
    '/notes/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getNote',
        summary: 'Read a note',
        parameters: [
          { name: 'fields', in: 'query', schema: { type: 'string' } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'The note',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } },
          },
        },
      },
      delete: {
        operationId: 'deleteNote',
        summary: 'Delete a note',
        responses: { '204': { description: 'Gone' } },
      },
    },
    '/whoami': {
      get: {
        operationId: 'whoami',
        parameters: [{ name: 'session', in: 'cookie', schema: { type: 'string' } }],
        responses: {
          '200': { description: 'Who', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/admin/reset': {
      post: { operationId: 'resetEverything', responses: { '204': { description: 'Reset' } } },
    },
    '/status/{code}': {
      get: {
        operationId: 'status',
        summary: 'Answers with the status asked for',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'As asked' } },
      },
    },
  },
};

beforeAll(async () => {
  api = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://api');
      seen.push({
        method: request.method ?? '',
        url: url.pathname + url.search,
        headers: request.headers,
        body,
      });
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      };
      const id = /^\/notes\/([^/]+)$/.exec(url.pathname)?.[1];
      if (url.pathname === '/openapi.json') return json(200, document);
      const code = /^\/status\/(\d{3})$/.exec(url.pathname)?.[1];
      if (code !== undefined) return json(Number(code), { status: Number(code) });
      if (url.pathname === '/notes' && request.method === 'GET') {
        const tags = url.searchParams.getAll('tag');
        return json(200, { items: [...notes.values()].filter((n) => tags.every((t) => n.tags.includes(t))) });
      }
      if (url.pathname === '/notes' && request.method === 'POST') {
        const created = { id: `n${notes.size + 1}`, text: String(JSON.parse(body).text), tags: [] };
        notes.set(created.id, created);
        return json(201, created);
      }
      if (id !== undefined && request.method === 'GET') {
        const found = notes.get(decodeURIComponent(id));
        return found === undefined ? json(404, { error: 'no such note' }) : json(200, found);
      }
      if (id !== undefined && request.method === 'DELETE') {
        notes.delete(decodeURIComponent(id));
        return response.writeHead(204).end();
      }
      if (url.pathname === '/whoami')
        return json(200, {
          authorization: request.headers.authorization,
          user: request.headers['x-user-id'],
          cookie: request.headers.cookie,
        });
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const adminKey = 'openapi-admin-key-0123456789abcdef';
  gateway = await GatewayProcess.start({ adminKey, memory: true });
  adminApi = admin(() => gateway.url, adminKey);
  const created = await adminApi.request('POST', '/v1/servers', {
    name: 'notes',
    url: apiUrl,
    transport: 'openapi',
    openapi: { url: `${apiUrl}/openapi.json`, operations: ['*Note*', 'whoami'] },
    headers: { Authorization: 'Bearer notes-api-token' },
    identity: { headers: { 'X-User-Id': 'user' } },
  });
  expect(created.status, created.text).toBe(201);
  apiKey = await adminApi.createApiKey('oa-laptop', 'olivia');
  ({ client } = await connect(`${gateway.url}/mcp/notes`, apiKey));
});

afterAll(async () => {
  await client?.close();
  await gateway?.close();
  await new Promise((resolve) => api?.close(resolve));
  await stopAll();
});

describe('an OpenAPI document as an MCP server', () => {
  it('offers the selected operations as tools with schemas and hints', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'createNote',
      'deleteNote',
      'getNote',
      'listNotes',
      'whoami',
    ]);
    const get = tools.find((t) => t.name === 'getNote')!;
    expect(get.inputSchema).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string' }, fields: { type: 'string' }, 'X-Trace': { type: 'string' } },
      required: ['id'],
    });
    // the $ref is inlined: a self-contained output schema
    expect(get.outputSchema).toMatchObject({ type: 'object', properties: { id: { type: 'string' } } });
    expect(get.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(tools.find((t) => t.name === 'deleteNote')!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(tools.find((t) => t.name === 'createNote')!.inputSchema.required).toEqual(['body']);
  });

  it('calls the API with path, query and header parameters, and answers structured content', async () => {
    const result = await client.callTool({
      name: 'getNote',
      arguments: { id: 'n1', fields: 'text', 'X-Trace': 't-1' },
    });
    expect(result.structuredContent).toEqual({ id: 'n1', text: 'first', tags: ['a'] });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'GET', url: '/notes/n1?fields=text' });
    expect(request.headers['x-trace']).toBe('t-1');
    const listed = await client.callTool({ name: 'listNotes', arguments: { tag: ['a'] } });
    expect(listed.structuredContent).toEqual({ items: [{ id: 'n1', text: 'first', tags: ['a'] }] });
    expect(seen.at(-1)!.url).toBe('/notes?tag=a');
  });

  it('sends a JSON body, and an API error is a tool error', async () => {
    const created = await client.callTool({ name: 'createNote', arguments: { body: { text: 'second' } } });
    expect(created.structuredContent).toEqual({ id: 'n2', text: 'second', tags: [] });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/notes', body: '{"text":"second"}' });
    expect(seen.at(-1)!.headers['content-type']).toBe('application/json');
    const missing = await client.callTool({ name: 'getNote', arguments: { id: 'nope' } });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain('HTTP 404');
    const deleted = await client.callTool({ name: 'deleteNote', arguments: { id: 'n2' } });
    expect(deleted.isError).toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/notes/n2' });
    // a tool that is not offered is never called
    const before = seen.length;
    const refused = await client
      .callTool({ name: 'resetEverything', arguments: {} })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(seen.length).toBe(before);
  });

  it('authenticates end to end: the server’s credential and the caller’s identity, never the client’s key', async () => {
    const who = await client.callTool({ name: 'whoami', arguments: { session: 'abc' } });
    // the API got the server's credential; echoed back, it never reaches the caller
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer notes-api-token');
    expect(who.structuredContent).toEqual({
      authorization: '[REDACTED]',
      user: 'olivia',
      cookie: 'session=abc',
    });
    expect(JSON.stringify(seen)).not.toContain(apiKey);
  });

  it('counts an API that fails (5xx) against its circuit, though the model is told as a tool error', async () => {
    const created = await adminApi.request('POST', '/v1/servers', {
      name: 'flaky-api',
      url: apiUrl,
      transport: 'openapi',
      openapi: { url: `${apiUrl}/openapi.json`, operations: ['status'] },
      circuitBreaker: { consecutiveFailures: 2, cooldownSeconds: 60 },
    });
    expect(created.status, created.text).toBe(201);
    const flaky = await connect(`${gateway.url}/mcp/flaky-api`, apiKey);
    try {
      const sent = () => seen.filter((s) => s.url.startsWith('/status/')).length;
      for (let i = 0; i < 2; i++) {
        const failed = await flaky.client.callTool({ name: 'status', arguments: { code: '503' } });
        expect(failed.isError).toBe(true);
        expect(JSON.stringify(failed.content)).toContain('503');
      }
      expect(sent()).toBe(2);
      // two failures in a row: the circuit is open, the API is not called
      const refused = await flaky.client
        .callTool({ name: 'status', arguments: { code: '200' } })
        .catch((error: unknown) => error);
      expect(String(refused)).toContain('circuit');
      expect(sent()).toBe(2);
    } finally {
      await flaky.client.close();
    }
  });

  it('refuses an openapi server without a document', async () => {
    const refused = await adminApi.request('POST', '/v1/servers', {
      name: 'broken',
      url: apiUrl,
      transport: 'openapi',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('/openapi');
  });
});
