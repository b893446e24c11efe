/**
 * Lambda entry point of the MCP data plane (`/mcp/{server}`, `/healthz`), with response streaming so
 * SSE events reach the client as the upstream sends them. Composition root: the only place wiring
 * DynamoDB and HTTP to the core.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createGateway, type Gateway } from '../mcp/gateway.js';
import { readSettings, storeFor } from './environment.js';
import { fromApiGatewayEvent, settledFirst, toStreamingResult } from './event.js';
import { gatewayOptionsFor } from './gateway-options.js';

function build(): Gateway {
  const settings = readSettings();
  return createGateway(gatewayOptionsFor(settings, storeFor(settings)));
}

/**
 * Built while the module loads (Lambda's init phase, not the first request's latency). A configuration
 * error does not crash the init: every request answers it instead, and the log says why.
 */
const gateway: Gateway | Error = (() => {
  try {
    return build();
  } catch (error) {
    console.error(`mcp-gateway: cannot start the data plane: ${(error as Error).message}`);
    return error as Error;
  }
})();

export const handler = middy<APIGatewayProxyEvent>({
  streamifyResponse: true,
  timeoutEarlyInMillis: 0,
}).handler(async (event: APIGatewayProxyEvent) => {
  // aborted when the client closes the response stream early: the upstream request is cancelled with it
  const abort = new AbortController();
  if (gateway instanceof Error) throw gateway;
  const response = await gateway.handle(fromApiGatewayEvent(event, abort.signal));
  return toStreamingResult(await settledFirst(response, () => gateway.settle()), abort);
});
