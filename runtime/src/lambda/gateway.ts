/**
 * Lambda entry point of the MCP data plane (`/mcp/{server}`, `/healthz`), with response streaming so
 * SSE events reach the client as the upstream sends them. Composition root: the only place wiring
 * DynamoDB and HTTP to the core.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createGuardedFetch } from '../core/guarded-fetch.js';
import { createUrlGuard, type UrlGuardOptions } from '../core/url-guard.js';
import { createConfigReader } from '../management/config-reader.js';
import { createGateway, type Gateway } from '../mcp/gateway.js';
import { createDynamoStore } from '../store/dynamodb.js';
import { readSettings } from './environment.js';
import { fromApiGatewayEvent, toStreamingResult } from './event.js';

let gateway: Gateway | undefined;

function instance(): Gateway {
  if (gateway === undefined) {
    const settings = readSettings();
    const store = createDynamoStore({
      tableName: settings.tableName,
      ...(settings.dynamodbEndpoint !== undefined ? { endpoint: settings.dynamodbEndpoint } : {}),
    });
    const outbound: UrlGuardOptions = {
      allowLoopback: settings.local,
      allowPrivate: settings.allowPrivateUpstreams,
    };
    gateway = createGateway({
      store,
      config: createConfigReader({ store, ttlMs: settings.configTtlMs }),
      // check() refuses early with a clear error; the guarded fetch enforces the same rules on the
      // address each connection is actually made to (DNS rebinding), with one keep-alive pool per process
      guard: createUrlGuard(outbound),
      fetch: createGuardedFetch(outbound),
      maxBodyBytes: settings.maxBodyBytes,
      allowedOrigins: settings.allowedOrigins,
      allowLoopbackOrigins: settings.local,
    });
  }
  return gateway;
}

export const handler = middy<APIGatewayProxyEvent>({
  streamifyResponse: true,
  timeoutEarlyInMillis: 0,
}).handler(async (event: APIGatewayProxyEvent) => {
  // aborted when the client closes the response stream early: the upstream request is cancelled with it
  const abort = new AbortController();
  return toStreamingResult(await instance().handle(fromApiGatewayEvent(event, abort.signal)), abort);
});
