/** Helpers shared by the Lambda adapters' tests (not part of the runtime's API). */
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** An API Gateway REST (v1 proxy) event: a POST to `/mcp/x` with nothing else, `over` on top. */
export const apiGatewayEvent = (over: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent =>
  ({
    httpMethod: 'POST',
    path: '/mcp/x',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { identity: { sourceIp: '10.0.0.1' } },
    ...over,
  }) as APIGatewayProxyEvent;
