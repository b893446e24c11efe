/**
 * Turns any MCP SDK server into a Lambda function the gateway's `lambda` transport invokes:
 *
 *   export const handler = mcpFunctionHandler(() => createMyServer());
 *
 * Each invocation connects a fresh server to an in-memory transport, hands it the one message of the
 * payload (`{message, headers}`; the headers reach tool handlers as `extra.requestInfo.headers`) and answers
 * what it sent: the response alone, or the notifications sent while handling it, then the response; `null`
 * for a notification. A server→client request (sampling, elicitation, roots) cannot travel in one
 * invocation: it is answered at once with a JSON-RPC error.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';

/** What the server factory gets: the invocation's payload. */
export interface McpFunctionEvent {
  message: unknown;
  headers?: Record<string, string>;
}

/** An MCP SDK server (`McpServer` or the low-level `Server`). */
export interface ConnectableServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

type Answer = JSONRPCMessage | JSONRPCMessage[] | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

class InvocationTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly sent: JSONRPCMessage[] = [];
  private awaited: { id: unknown; done: () => void } | undefined;

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    const m = message as Record<string, unknown>;
    if (typeof m['method'] === 'string' && 'id' in m) {
      // a request to the client: nobody is there to answer it within this invocation
      queueMicrotask(() =>
        this.onmessage?.({
          jsonrpc: '2.0',
          id: m['id'] as string | number,
          error: { code: -32601, message: `${m['method']} is not available to a Lambda-hosted server.` },
        }),
      );
      return;
    }
    this.sent.push(message);
    if ('id' in m && m['id'] === this.awaited?.id && ('result' in m || 'error' in m)) this.awaited?.done();
  }

  async close(): Promise<void> {
    this.onclose?.();
  }

  /** Hands the server one message and collects what it sends until that message is answered. */
  async exchange(message: JSONRPCMessage, headers: Record<string, string>): Promise<Answer> {
    const m = message as Record<string, unknown>;
    const request = typeof m['method'] === 'string' && 'id' in m;
    const answered = request
      ? new Promise<void>((resolve) => {
          this.awaited = { id: m['id'], done: resolve };
        })
      : undefined;
    this.onmessage?.(message, { requestInfo: { headers } });
    if (answered === undefined) {
      // a notification is handled synchronously or not at all; let its handler run
      await new Promise((resolve) => setImmediate(resolve));
      return null;
    }
    await answered;
    return this.sent.length === 1 ? this.sent[0]! : [...this.sent];
  }
}

/** The Lambda handler for an MCP server made by `create` (called once per invocation). */
export function mcpFunctionHandler(
  create: (event: McpFunctionEvent) => ConnectableServer | Promise<ConnectableServer>,
): (event: McpFunctionEvent) => Promise<Answer> {
  return async (event) => {
    const message = event?.message;
    if (!isObject(message) || message['jsonrpc'] !== '2.0')
      throw new TypeError('The payload carries no JSON-RPC message ({"message": {...}}).');
    // a message the SDK cannot take (a fractional id, an unknown member) reaches no handler and would
    // never be answered: the invocation would run until the function's timeout
    if (!JSONRPCMessageSchema.safeParse(message).success) {
      const id = message['id'];
      if (typeof id !== 'string' && typeof id !== 'number') return null;
      return {
        jsonrpc: '2.0',
        id,
        error: { code: -32600, message: 'The message is not a valid JSON-RPC message for this server.' },
      } as JSONRPCMessage;
    }
    const server = await create(event);
    const transport = new InvocationTransport();
    await server.connect(transport);
    try {
      return await transport.exchange(
        message as JSONRPCMessage,
        isObject(event.headers) ? event.headers : {},
      );
    } finally {
      await server.close();
    }
  };
}
