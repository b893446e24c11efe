import type { Route } from './routes.js';

/**
 * The REST API as an OpenAPI document with API Gateway's `x-amazon-apigateway-integration` extension.
 * The Pulumi flavour imports the API this way because @pulumi/aws 7.12's `apigateway.Integration` has no
 * `responseTransferMode` input; the extension's `responseTransferMode: STREAM` is the same switch.
 */
export interface OpenApiRoute {
  route: Route;
  /** Lambda integration URI (streaming or buffered invoke path). */
  uri: string;
  timeoutMs: number;
}

export function restApiDocument(title: string, entries: readonly OpenApiRoute[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { route, uri, timeoutMs } of entries) {
    const greedy = route.parts.includes('{proxy+}');
    paths[`/${route.parts.join('/')}`] = {
      'x-amazon-apigateway-any-method': {
        ...(greedy
          ? { parameters: [{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }] }
          : {}),
        // The gateway authenticates every request itself (OAuth bearer tokens, API keys).
        security: [],
        'x-amazon-apigateway-integration': {
          type: 'aws_proxy',
          httpMethod: 'POST',
          uri,
          passthroughBehavior: 'when_no_match',
          timeoutInMillis: timeoutMs,
          responseTransferMode: route.streaming ? 'STREAM' : 'BUFFERED',
        },
      },
    };
  }
  return {
    openapi: '3.0.1',
    info: { title, version: '1' },
    paths,
  };
}
