/** The transports a gateway reaches its upstreams with, one per `transport` a server may name. */
import type { Server } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http-client.js';
import type { UrlGuard } from '../../core/url-guard.js';
import { type FunctionInvoker, LambdaTransport } from './lambda.js';
import { LegacySseTransport } from './legacy-sse.js';
import { OpenApiTransport } from './openapi.js';
import { StreamableHttpTransport } from './streamable-http.js';
import type { UpstreamTransport } from './types.js';

/** A virtual server has no upstream of its own: its members are reached through the gateway itself. */
export type UpstreamKind = Exclude<NonNullable<Server['transport']>, 'virtual'>;
export type Transports = Record<UpstreamKind, UpstreamTransport> & { sse: LegacySseTransport };

/** The transport of a server that has an upstream of its own (a virtual server has none). */
export function transportFor(
  transports: Record<UpstreamKind, UpstreamTransport>,
  server: Pick<Server, 'name' | 'transport'>,
): UpstreamTransport {
  const kind = server.transport ?? 'streamable-http';
  if (kind === 'virtual')
    throw new GatewayError('upstream_error', `Virtual server "${server.name}" has no upstream of its own.`);
  return transports[kind];
}

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
