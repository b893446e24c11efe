import type { ServerResponse } from 'node:http';

/**
 * The two pieces of Lambda's Node.js runtime that streaming handlers use (`awslambda.streamifyResponse`
 * and `awslambda.HttpResponseStream.from`), implemented over a node:http response so the local runner
 * runs the very same handler modules. Must be installed before those modules load.
 */
export type StreamingHandler = (
  event: unknown,
  responseStream: ServerResponse,
  context: unknown,
) => Promise<void>;

interface Prelude {
  statusCode?: number;
  headers?: Record<string, string>;
}

export function installAwsLambdaShim(): void {
  // the AWS SDK may already have created `awslambda` (for its invoke store): add to it, do not replace it
  const global = globalThis as { awslambda?: Record<string, unknown> };
  global.awslambda ??= {};
  global.awslambda.streamifyResponse ??= (handler: StreamingHandler) => handler;
  global.awslambda.HttpResponseStream ??= {
    from(stream: ServerResponse, prelude: Prelude) {
      stream.writeHead(prelude.statusCode ?? 200, prelude.headers ?? {});
      stream.flushHeaders();
      return stream;
    },
  };
}
