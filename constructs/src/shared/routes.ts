import type { FunctionKind } from './props.js';

/**
 * The API Gateway routes. The data-plane function is a streaming handler (`awslambda.streamifyResponse`),
 * so every route that reaches it uses the STREAM transfer mode and Lambda's response-streaming invoke path;
 * the management API answers buffered JSON.
 */
export interface Route {
  /** Path parts under the API root, e.g. ['mcp', '{proxy+}']. */
  parts: readonly string[];
  target: FunctionKind;
  streaming: boolean;
}

export const routes: readonly Route[] = [
  { parts: ['mcp', '{proxy+}'], target: 'gateway', streaming: true },
  { parts: ['.well-known', '{proxy+}'], target: 'gateway', streaming: true },
  { parts: ['oauth', '{proxy+}'], target: 'gateway', streaming: true },
  { parts: ['healthz'], target: 'gateway', streaming: true },
  { parts: ['v1', '{proxy+}'], target: 'management', streaming: false },
];

/** Lambda invoke URIs for API Gateway integrations. */
export function lambdaIntegrationUri(
  partition: string,
  region: string,
  functionArn: string,
  streaming: boolean,
): string {
  return streaming
    ? `arn:${partition}:apigateway:${region}:lambda:path/2021-11-15/functions/${functionArn}/response-streaming-invocations`
    : `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/**
 * Integration timeout of a route: streamed responses may run as long as the function (API Gateway allows
 * up to 15 minutes when streaming), buffered ones keep API Gateway's 29-second default.
 */
export function integrationTimeoutMs(route: Route, functionTimeoutSeconds: number): number {
  return route.streaming ? Math.min(functionTimeoutSeconds, 900) * 1000 : 29_000;
}

/** The stage's access log group (see the `accessLogs` prop). */
export const accessLogGroupName = (name: string) => `/aws/apigateway/${name}/access`;

/** One JSON line per request: API Gateway's `$context` variables (none of them a credential). */
export const accessLogFormat = JSON.stringify({
  time: '$context.requestTime',
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  responseBytes: '$context.responseLength',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  error: '$context.error.message',
});
