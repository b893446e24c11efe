import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { GatewayError, toJsonRpcError, toProblem } from '../core/errors.js';
import type { StreamingHandler } from './awslambda.js';
import { toApiGatewayEvent } from './http-event.js';

export interface LocalHandlers {
  /** The streaming data-plane handler (`runtime/src/lambda/gateway.ts`). */
  gateway: StreamingHandler;
  /** The buffered management handler (`runtime/src/lambda/management.ts`). */
  management: (event: APIGatewayProxyEvent, context: unknown) => Promise<APIGatewayProxyResult>;
}

export interface LocalServerOptions {
  handlers: LocalHandlers;
  maxBodyBytes: number;
  log?: (line: string) => void;
}

function lambdaContext() {
  const deadline = Date.now() + 15 * 60_000;
  return {
    awsRequestId: randomUUID(),
    functionName: 'mcp-gateway-local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Reads a body up to `limit` bytes; answers undefined once it is larger (the rest is not buffered). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function tooLarge(response: ServerResponse, management: boolean, limit: number): void {
  const error = new GatewayError('payload_too_large', `The request body exceeds ${limit} bytes.`);
  const body = management
    ? JSON.stringify(toProblem(error))
    : JSON.stringify({ jsonrpc: '2.0', id: null, error: toJsonRpcError(error) });
  response.writeHead(413, {
    'content-type': management ? 'application/problem+json' : 'application/json',
    connection: 'close',
  });
  response.end(body);
}

/** node:http → API Gateway events → the Lambda handlers; streamed responses are written as they come. */
export function createLocalServer(options: LocalServerOptions): Server {
  const log = options.log ?? ((line: string) => console.error(line));
  return createServer((request, response) => {
    const management = (request.url ?? '/').startsWith('/v1/') || request.url === '/v1';
    void (async () => {
      const body = await readBody(request, options.maxBodyBytes);
      if (body === undefined) return tooLarge(response, management, options.maxBodyBytes);
      const event = toApiGatewayEvent(request, body);
      if (management) {
        const result = await options.handlers.management(event, lambdaContext());
        const payload = result.isBase64Encoded
          ? Buffer.from(result.body, 'base64')
          : Buffer.from(result.body ?? '');
        response.writeHead(result.statusCode, (result.headers ?? {}) as Record<string, string>);
        response.end(payload);
        return;
      }
      await options.handlers.gateway(event, response, lambdaContext());
      if (!response.writableEnded) response.end();
    })().catch((error: unknown) => {
      // a client that went away mid-stream is normal; anything else is a bug worth a log line
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        log(`mcp-gateway: ${String(error)}`);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'internal' }));
      } else {
        response.destroy();
      }
    });
  });
}
