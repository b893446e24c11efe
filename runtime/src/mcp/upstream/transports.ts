/**
 * The transports a gateway reaches its upstreams with, one per `transport` a server may name. Streamable
 * HTTP is loaded with the gateway; the others (legacy HTTP+SSE, OpenAPI, Lambda) when a server first uses
 * them, so a cold start does not load code its servers may never need.
 */
import type { HttpClient } from '../../core/http-client.js';
import { onFirstUse } from '../../core/lazy.js';
import type { UrlGuard } from '../../core/url-guard.js';
import type { FunctionInvoker } from './lambda.js';
import type { LegacySseTransport } from './legacy-sse.js';
import { StreamableHttpTransport } from './streamable-http.js';
import type {
  UpstreamKind,
  UpstreamPost,
  UpstreamSession,
  UpstreamTarget,
  UpstreamTransport,
} from './types.js';

export type Transports = Record<UpstreamKind, UpstreamTransport> & {
  /** Closes the connections the transports keep open (legacy HTTP+SSE streams): at shutdown. */
  closeAll(): void;
};

export interface TransportDeps {
  http: HttpClient;
  guard: UrlGuard;
  /** Invokes `lambda` servers' functions; without one they are unreachable. */
  functions?: FunctionInvoker | undefined;
}

/** A transport whose module is loaded on its first call. */
class LoadedOnUse<T extends UpstreamTransport> implements UpstreamTransport {
  loaded: T | undefined;
  readonly #transport: () => Promise<T>;

  constructor(load: () => Promise<T>) {
    this.#transport = onFirstUse(async () => {
      this.loaded = await load();
      return this.loaded;
    });
  }

  async post(target: UpstreamTarget, call: UpstreamPost) {
    return (this.loaded ?? (await this.#transport())).post(target, call);
  }

  async listen(
    target: UpstreamTarget,
    session: UpstreamSession,
    options: { lastEventId?: string; signal: AbortSignal },
  ) {
    return (this.loaded ?? (await this.#transport())).listen(target, session, options);
  }

  async terminate(target: UpstreamTarget, session: UpstreamSession) {
    return (this.loaded ?? (await this.#transport())).terminate(target, session);
  }
}

export function upstreamTransports(deps: TransportDeps): Transports {
  const sse = new LoadedOnUse(
    async () => new (await import('./legacy-sse.js')).LegacySseTransport(deps.http) as LegacySseTransport,
  );
  return {
    'streamable-http': new StreamableHttpTransport(deps.http),
    sse,
    openapi: new LoadedOnUse(
      async () => new (await import('./openapi.js')).OpenApiTransport({ http: deps.http, guard: deps.guard }),
    ),
    lambda: new LoadedOnUse(async () => new (await import('./lambda.js')).LambdaTransport(deps.functions)),
    closeAll: () => sse.loaded?.closeAll(),
  };
}
