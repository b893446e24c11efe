/**
 * A loopback endpoint speaking Lambda's `Invoke` API (`POST /2015-03-31/functions/{name}/invocations`,
 * synchronous invocations), running handler modules in this process. The local runner starts it for its
 * `--lambda name=module` flags and points the AWS SDK at it (`AWS_ENDPOINT_URL_LAMBDA`), so a `lambda`
 * server takes the same client path as on AWS. As Lambda does, it refuses payloads over 6 MB (413), answers
 * an unknown function with 404 `ResourceNotFoundException`, and reports a handler that throws, runs out of
 * time or answers too much as a function error (`X-Amz-Function-Error: Unhandled`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/** A Lambda handler: any event type (the endpoint hands it the parsed payload). */
export type FunctionHandler = (event: never, context: Record<string, unknown>) => unknown;

export interface LocalFunction {
  handler: FunctionHandler;
  /** How long one invocation may run (Lambda's function timeout). Default 30 s. */
  timeoutMs?: number;
}

export interface InvokeEndpoint {
  url: string;
  close(): Promise<void>;
}

const PAYLOAD_LIMIT = 6 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** `name`, `name:qualifier`, or an ARN (qualified or not) → the function's name. */
export function functionNameOf(raw: string): string {
  const parts = raw.split(':');
  if (raw.startsWith('arn:')) return parts[6] ?? '';
  return parts[0] ?? '';
}

/** Loads a handler module (`export const handler`), as Lambda's Node.js runtime does. */
export async function loadHandler(modulePath: string): Promise<FunctionHandler> {
  const loaded = (await import(pathToFileURL(modulePath).href)) as { handler?: unknown; default?: unknown };
  const handler = loaded.handler ?? (loaded.default as { handler?: unknown } | undefined)?.handler;
  if (typeof handler !== 'function') throw new Error(`${modulePath} exports no handler function.`);
  return handler as FunctionHandler;
}

function reply(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(body);
}

const serviceError = (response: ServerResponse, status: number, type: string, message: string) =>
  reply(response, status, JSON.stringify({ Type: 'User', message }), { 'x-amzn-errortype': type });

const functionError = (response: ServerResponse, errorType: string, errorMessage: string) =>
  reply(response, 200, JSON.stringify({ errorType, errorMessage, trace: [] }), {
    'x-amz-function-error': 'Unhandled',
    'x-amz-executed-version': '$LATEST',
  });

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > PAYLOAD_LIMIT) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function startInvokeEndpoint(
  functions: Readonly<Record<string, LocalFunction>>,
  host = '127.0.0.1',
  port = 0,
): Promise<InvokeEndpoint> {
  const server = createServer((request, response) => {
    void (async () => {
      // only the AWS SDK, on this machine: a signed request (no browser form can send one) to a loopback
      // host name (a rebound DNS name is refused)
      const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      if (!LOOPBACK_HOSTS.has(host) || !/^AWS4-HMAC-SHA256 /.test(request.headers.authorization ?? ''))
        return serviceError(
          response,
          403,
          'AccessDeniedException',
          'Only signed requests to a loopback host are served.',
        );
      const match = request.method === 'POST' ? INVOKE_PATH.exec(request.url?.split('?')[0] ?? '') : null;
      if (match === null)
        return serviceError(response, 404, 'UnknownOperationException', 'Only synchronous Invoke is served.');
      const name = functionNameOf(decodeURIComponent(match[1]!));
      const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
      const body = await readBody(request);
      if (body === undefined)
        return serviceError(
          response,
          413,
          'RequestTooLargeException',
          'Request must be smaller than 6291456 bytes.',
        );
      if (fn === undefined)
        return serviceError(response, 404, 'ResourceNotFoundException', `Function not found: ${name}`);
      const type = request.headers['x-amz-invocation-type'];
      if (type !== undefined && type !== 'RequestResponse')
        return serviceError(
          response,
          400,
          'InvalidParameterValueException',
          'Only RequestResponse is served.',
        );
      let event: unknown;
      try {
        event = body.byteLength === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return serviceError(
          response,
          400,
          'InvalidRequestContentException',
          'Could not parse request body into json.',
        );
      }
      const timeoutMs = fn.timeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      let result: unknown;
      try {
        result = await Promise.race([
          Promise.resolve(fn.handler(event as never, { functionName: name, awsRequestId: randomUUID() })),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(Object.assign(new Error('timeout'), { timedOut: true })),
              timeoutMs,
            );
          }),
        ]);
      } catch (error) {
        if ((error as { timedOut?: boolean }).timedOut === true)
          return functionError(
            response,
            'Sandbox.Timedout',
            `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
          );
        const thrown = error instanceof Error ? error : new Error(String(error));
        return functionError(response, thrown.name, thrown.message);
      } finally {
        clearTimeout(timer);
      }
      const text = JSON.stringify(result ?? null);
      if (Buffer.byteLength(text) > PAYLOAD_LIMIT)
        return functionError(
          response,
          'Function.ResponseSizeTooLarge',
          `Response payload size exceeded maximum allowed payload size (${PAYLOAD_LIMIT} bytes).`,
        );
      reply(response, 200, text, { 'x-amz-executed-version': '$LATEST' });
    })().catch(() => {
      if (!response.headersSent) serviceError(response, 500, 'ServiceException', 'The endpoint failed.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
