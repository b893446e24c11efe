import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { mcpFunctionHandler } from './mcp-function.js';

const handler = mcpFunctionHandler(() => {
  const server = new McpServer({ name: 'fn', version: '1.0.0' });
  server.registerTool('hello', { inputSchema: {} }, async () => ({
    content: [{ type: 'text', text: 'hi' }],
  }));
  return server;
});

describe('mcpFunctionHandler', () => {
  it('answers a message the SDK cannot take at once, instead of running until the function times out', async () => {
    for (const message of [
      { jsonrpc: '2.0', id: 1.5, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list', extra: true },
    ]) {
      const answer = await Promise.race([
        handler({ message }),
        new Promise((resolve) => setTimeout(() => resolve('no answer'), 2000)),
      ]);
      expect(answer, JSON.stringify(message)).toMatchObject({ id: message.id, error: { code: -32600 } });
    }
    // a notification nobody can take is answered with nothing, as notifications are
    expect(await handler({ message: { jsonrpc: '2.0', method: 'notifications/x', extra: 1 } })).toBeNull();
    // the rest as ever
    expect(await handler({ message: { jsonrpc: '2.0', id: 3, method: 'tools/list' } })).toMatchObject({
      id: 3,
      result: { tools: [{ name: 'hello' }] },
    });
  });
});
