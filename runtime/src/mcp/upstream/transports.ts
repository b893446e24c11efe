/** The transports a gateway reaches its upstreams with, one per `transport` a server may name. */
import type { HttpClient } from '../../core/http-client.js';
import type { UrlGuard } from '../../core/url-guard.js';
import { type FunctionInvoker, LambdaTransport } from './lambda.js';
import { LegacySseTransport } from './legacy-sse.js';
import { OpenApiTransport } from './openapi.js';
import { StreamableHttpTransport } from './streamable-http.js';
import type { UpstreamKind, UpstreamTransport } from './types.js';

export type Transports = Record<UpstreamKind, UpstreamTransport> & { sse: LegacySseTransport };

export interface TransportDeps {
  http: HttpClient;
  guard: UrlGuard;
  /** Invokes `lambda` servers' functions; without one they are unreachable. */
  functions?: FunctionInvoker | undefined;
}

export function upstreamTransports(deps: TransportDeps): Transports {
  return {
    'streamable-http': new StreamableHttpTransport(deps.http),
    sse: new LegacySseTransport(deps.http),
    openapi: new OpenApiTransport({ http: deps.http, guard: deps.guard }),
    lambda: new LambdaTransport(deps.functions),
  };
}
