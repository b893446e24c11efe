/**
 * The MCP server the official conformance suite's server scenarios expect (`@modelcontextprotocol/conformance`,
 * `conformance list --server`): each scenario's "Server Implementation Requirements" (its tools, resources,
 * prompts, completion, logging, subscriptions, and a tool that closes its SSE stream mid-call so the client
 * resumes), written here on the MCP SDK's low-level server, so the suite can run through the gateway.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  CreateMessageResultSchema,
  ElicitResultSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ServerNotification,
  type ServerRequest,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { type SdkUpstream, startSdkUpstream } from './sdk-upstream.js';

/** A 1×1 red PNG and a silent 8-sample WAV. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = 'UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==';

const noArguments = { type: 'object', properties: {} } as const;
const text = (value: string) => ({ content: [{ type: 'text', text: value }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TOOLS = [
  { name: 'test_simple_text', description: 'Answers plain text', inputSchema: noArguments },
  { name: 'test_image_content', description: 'Answers an image', inputSchema: noArguments },
  { name: 'test_audio_content', description: 'Answers audio', inputSchema: noArguments },
  { name: 'test_embedded_resource', description: 'Answers an embedded resource', inputSchema: noArguments },
  {
    name: 'test_multiple_content_types',
    description: 'Answers text, an image and a resource',
    inputSchema: noArguments,
  },
  {
    name: 'test_tool_with_logging',
    description: 'Logs three messages while it runs',
    inputSchema: noArguments,
  },
  {
    name: 'test_tool_with_progress',
    description: 'Reports progress while it runs',
    inputSchema: noArguments,
  },
  { name: 'test_error_handling', description: 'Always fails', inputSchema: noArguments },
  {
    name: 'test_sampling',
    description: 'Asks the client for a completion',
    inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
  },
  {
    name: 'test_elicitation',
    description: 'Asks the user for input',
    inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
  },
  { name: 'test_elicitation_sep1034_defaults', description: 'Asks with defaults', inputSchema: noArguments },
  {
    name: 'test_elicitation_sep1330_enums',
    description: 'Asks with every kind of enum',
    inputSchema: noArguments,
  },
  { name: 'test_reconnection', description: 'Closes its SSE stream mid-call', inputSchema: noArguments },
  {
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
      },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
  },
];

const RESOURCES = [
  { uri: 'test://static-text', name: 'static-text', description: 'A text resource', mimeType: 'text/plain' },
  { uri: 'test://static-binary', name: 'static-binary', description: 'A PNG', mimeType: 'image/png' },
  {
    uri: 'test://watched-resource',
    name: 'watched',
    description: 'One to subscribe to',
    mimeType: 'text/plain',
  },
];

const PROMPTS = [
  { name: 'test_simple_prompt', description: 'A prompt without arguments' },
  {
    name: 'test_prompt_with_arguments',
    description: 'A prompt with two arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt embedding a resource',
    arguments: [{ name: 'resourceUri', description: 'The resource to embed', required: true }],
  },
  { name: 'test_prompt_with_image', description: 'A prompt with an image' },
];

/** Asks the client for input (`elicitation/create`) and answers what it said, after `label`. */
async function elicit(
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  message: string,
  requestedSchema: object,
  label: string,
) {
  const answer = await extra.sendRequest(
    { method: 'elicitation/create', params: { message, requestedSchema } } as ServerRequest,
    ElicitResultSchema,
  );
  return text(`${label}: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`);
}

/** Sets up one session's server: every tool, resource, prompt and utility the scenarios ask for. */
function define(mcp: McpServer): void {
  const server = mcp.server;
  server.registerCapabilities({
    tools: {},
    resources: { subscribe: true },
    prompts: {},
    logging: {},
    completions: {},
  });
  const subscribed = new Set<string>();
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    switch (request.params.name) {
      case 'test_simple_text':
        return text('This is a simple text response for testing.');
      case 'test_image_content':
        return { content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] };
      case 'test_audio_content':
        return { content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] };
      case 'test_embedded_resource':
        return {
          content: [
            {
              type: 'resource',
              resource: {
                uri: 'test://embedded-resource',
                mimeType: 'text/plain',
                text: 'This is an embedded resource content.',
              },
            },
          ],
        };
      case 'test_multiple_content_types':
        return {
          content: [
            { type: 'text', text: 'Multiple content types test:' },
            { type: 'image', data: PNG, mimeType: 'image/png' },
            {
              type: 'resource',
              resource: {
                uri: 'test://mixed-content-resource',
                mimeType: 'application/json',
                text: JSON.stringify({ test: 'data', value: 123 }),
              },
            },
          ],
        };
      case 'test_tool_with_logging': {
        for (const [i, data] of [
          'Tool execution started',
          'Tool processing data',
          'Tool execution completed',
        ].entries()) {
          if (i > 0) await sleep(50);
          await extra.sendNotification({
            method: 'notifications/message',
            params: { level: 'info', data },
          });
        }
        return text('Tool with logging executed successfully');
      }
      case 'test_tool_with_progress': {
        const progressToken = request.params._meta?.progressToken;
        for (const [i, progress] of [0, 50, 100].entries()) {
          if (i > 0) await sleep(50);
          if (progressToken !== undefined)
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress, total: 100 },
            });
        }
        return text('Tool with progress executed successfully');
      }
      case 'test_error_handling':
        return { isError: true, ...text('This tool intentionally returns an error for testing') };
      case 'test_sampling': {
        const answer = await extra.sendRequest(
          {
            method: 'sampling/createMessage',
            params: {
              messages: [{ role: 'user', content: { type: 'text', text: String(args['prompt']) } }],
              maxTokens: 100,
            },
          },
          CreateMessageResultSchema,
        );
        const content = answer.content as { type: string; text?: string };
        return text(`LLM response: ${content.type === 'text' ? content.text : JSON.stringify(content)}`);
      }
      case 'test_elicitation': {
        return elicit(
          extra,
          String(args['message']),
          {
            type: 'object',
            properties: {
              username: { type: 'string', description: "User's response" },
              email: { type: 'string', description: "User's email address" },
            },
            required: ['username', 'email'],
          },
          'User response',
        );
      }
      case 'test_elicitation_sep1034_defaults': {
        return elicit(
          extra,
          'Please review and update the form fields with defaults',
          {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'User name', default: 'John Doe' },
              age: { type: 'integer', description: 'User age', default: 30 },
              score: { type: 'number', description: 'User score', default: 95.5 },
              status: {
                type: 'string',
                description: 'User status',
                enum: ['active', 'inactive', 'pending'],
                default: 'active',
              },
              verified: { type: 'boolean', description: 'Verification status', default: true },
            },
          },
          'Elicitation completed',
        );
      }
      case 'test_elicitation_sep1330_enums': {
        return elicit(
          extra,
          'Please select options from the enum fields',
          {
            type: 'object',
            properties: {
              untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
              titledSingle: {
                type: 'string',
                oneOf: [
                  { const: 'value1', title: 'First Option' },
                  { const: 'value2', title: 'Second Option' },
                  { const: 'value3', title: 'Third Option' },
                ],
              },
              legacyEnum: {
                type: 'string',
                enum: ['opt1', 'opt2', 'opt3'],
                enumNames: ['Option One', 'Option Two', 'Option Three'],
              },
              untitledMulti: {
                type: 'array',
                items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
              },
              titledMulti: {
                type: 'array',
                items: {
                  anyOf: [
                    { const: 'value1', title: 'First Choice' },
                    { const: 'value2', title: 'Second Choice' },
                    { const: 'value3', title: 'Third Choice' },
                  ],
                },
              },
            },
          },
          'Elicitation completed',
        );
      }
      case 'test_reconnection': {
        // the stream of this call ends now; the answer comes on the stream the client resumes
        await sleep(100);
        extra.closeSSEStream?.();
        await sleep(200);
        return text('Reconnection test completed successfully');
      }
      case 'json_schema_2020_12_tool':
        return text(`Received: ${JSON.stringify(args)}`);
      default:
        throw new McpError(-32602, `Unknown tool: ${request.params.name}`);
    }
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: RESOURCES }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [
      {
        uriTemplate: 'test://template/{id}/data',
        name: 'template',
        description: 'Data by id',
        mimeType: 'application/json',
      },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    if (uri === 'test://static-text' || uri === 'test://watched-resource')
      return {
        contents: [{ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }],
      };
    if (uri === 'test://static-binary') return { contents: [{ uri, mimeType: 'image/png', blob: PNG }] };
    const id = /^test:\/\/template\/([^/]+)\/data$/.exec(uri)?.[1];
    if (id !== undefined)
      return {
        contents: [
          {
            uri,
            mimeType: 'application/json',
            text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
          },
        ],
      };
    throw new McpError(-32002, `Resource not found: ${uri}`);
  });
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: PROMPTS }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
      case 'test_simple_prompt':
        return {
          messages: [
            { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
          ],
        };
      case 'test_prompt_with_arguments':
        return {
          messages: [
            {
              role: 'user',
              content: {
                type: 'text',
                text: `Prompt with arguments: arg1='${args['arg1']}', arg2='${args['arg2']}'`,
              },
            },
          ],
        };
      case 'test_prompt_with_embedded_resource':
        return {
          messages: [
            {
              role: 'user',
              content: {
                type: 'resource',
                resource: {
                  uri: String(args['resourceUri']),
                  mimeType: 'text/plain',
                  text: 'Embedded resource content for testing.',
                },
              },
            },
            {
              role: 'user',
              content: { type: 'text', text: 'Please process the embedded resource above.' },
            },
          ],
        };
      case 'test_prompt_with_image':
        return {
          messages: [
            { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
            { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
          ],
        };
      default:
        throw new McpError(-32602, `Unknown prompt: ${request.params.name}`);
    }
  });
  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const typed = request.params.argument.value;
    const values = ['paris', 'park', 'party'].filter((v) => v.startsWith(typed));
    return { completion: { values, total: values.length, hasMore: false } };
  });
  server.setRequestHandler(SetLevelRequestSchema, async () => ({}));
}

/** The server on the Streamable HTTP transport, resumable (an event store): `<url>` is its `/mcp`. */
export function startConformanceServer(): Promise<SdkUpstream> {
  return startSdkUpstream('conformance-server', define, {
    eventStore: new InMemoryEventStore(),
    retryInterval: 100,
  });
}

/** The same server on the legacy HTTP+SSE transport (2024-11-05): `<url>` is its `/sse` stream. */
export async function startLegacyConformanceServer(): Promise<SdkUpstream> {
  const sessions = new Map<string, SSEServerTransport>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      res.once('close', () => sessions.delete(transport.sessionId));
      const mcp = new McpServer({ name: 'conformance-server', version: '1.0.0' });
      define(mcp);
      await mcp.connect(transport);
      return;
    }
    const transport = sessions.get(url.searchParams.get('sessionId') ?? '');
    if (req.method === 'POST' && url.pathname === '/messages' && transport !== undefined) {
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sse`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
