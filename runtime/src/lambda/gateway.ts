/**
 * Lambda entry point of the MCP data plane (`/mcp/{server}`, `/healthz`), with response streaming so
 * SSE events reach the client as the upstream sends them. Composition root: the only place wiring
 * DynamoDB and HTTP to the core.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { publishedKey } from '../auth/admin-key.js';
import { errorAnswer, GatewayError } from '../core/errors.js';
import { createGateway, type Gateway } from '../mcp/gateway.js';
import { storeFor } from './environment.js';
import { fromApiGatewayEvent, settledFirst, toStreamingResult } from './event.js';
import { gatewayOptionsFor } from './gateway-options.js';
import { readSettings } from './settings.js';

function build(): Gateway {
  const settings = readSettings();
  const store = storeFor(settings);
  // behind API Gateway it serves others whatever MCP_GATEWAY_LOCAL says: what an unauthenticated caller
  // names (a client metadata document) never reaches this machine's loopback (the Runtime API, extensions)
  return createGateway({
    ...gatewayOptionsFor(settings, store, true),
    // the admin key by the hash the management function publishes: never handed to a webhook
    adminKey: publishedKey(store),
  });
}

/**
 * Built while the module loads (Lambda's init phase, not the first request's latency). A configuration
 * error does not crash the init: every request answers an error instead, and the log says why.
 */
const gateway: Gateway | Error = (() => {
  try {
    return build();
  } catch (error) {
    console.error(`mcp-gateway: cannot start the data plane: ${(error as Error).message}`);
    return error as Error;
  }
})();

const NOT_STARTED = new GatewayError(
  'internal',
  'The gateway could not start: its configuration is refused (its log says why).',
);

/** What the function keeps of its time limit to answer and settle after the upstream calls end (at most). */
const ANSWER_MARGIN_MS = 3000;
/** What settling leaves of the function's time for its answer's stream to end. */
const STREAM_END_MS = 300;

export const handler = middy<APIGatewayProxyEvent, unknown, Error, Context>({
  streamifyResponse: true,
  timeoutEarlyInMillis: 0,
}).handler(async (event: APIGatewayProxyEvent, context: Context) => {
  // aborted when the client closes the response stream early: the upstream request is cancelled with it
  const abort = new AbortController();
  // a client gets a JSON-RPC error it can show, not API Gateway's bare 502 (the log said why at init)
  if (gateway instanceof Error) return toStreamingResult(errorAnswer(NOT_STARTED, false), abort);
  const request = fromApiGatewayEvent(event, abort.signal);
  // an upstream slower than the function's time limit gets a timeout answered, not a function cut off
  // (a tenth of it for a function with only seconds to run)
  const remaining = context.getRemainingTimeInMillis();
  request.deadline = Date.now() + remaining - Math.min(ANSWER_MARGIN_MS, remaining / 10);
  const response = await gateway.handle(request);
  // what is owed is written while the function has time: its answer must still end before it is cut off
  const settle = () => gateway.settle(Date.now() + context.getRemainingTimeInMillis() - STREAM_END_MS);
  return toStreamingResult(await settledFirst(response, settle, abort), abort, undefined, request.method);
});
