/**
 * The transports a gateway reaches its upstreams with, one per `transport` a server may name. Streamable
 * HTTP is loaded with the gateway; the others (stateless, legacy HTTP+SSE, OpenAPI, Lambda) when a server
 * first uses them, so a cold start does not load code its servers may never need.
 */
import type { HttpClient } from '../../core/http-client.js';
import { onFirstUse } from '../../core/lazy.js';
import type { UrlGuard } from '../../core/url-guard.js';
import type { FunctionInvoker } from './lambda.js';
import { StreamableHttpTransport } from './streamable-http.js';
import type {
  UpstreamKind,
  UpstreamPost,
  UpstreamReply,
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
  /** A tool's input schema from its server's catalog (stateless upstreams' `Mcp-Param-*` headers). */
  inputSchemaOf?: (server: string, tool: string) => Promise<unknown>;
}

/** A transport whose module is loaded on its first call; once loaded, calls go straight to it. */
class LoadedOnUse<T extends UpstreamTransport> implements UpstreamTransport {
  #loaded: T | undefined;
  readonly #load: () => Promise<T>;

  constructor(load: () => Promise<T>) {
    this.#load = onFirstUse(async () => {
      this.#loaded = await load();
      return this.#loaded;
    });
  }

  /** The transport, when it has been loaded. */
  get loaded(): T | undefined {
    return this.#loaded;
  }

  post(target: UpstreamTarget, call: UpstreamPost): Promise<UpstreamReply> {
    return this.#loaded?.post(target, call) ?? this.#load().then((t) => t.post(target, call));
  }

  listen(
    target: UpstreamTarget,
    session: UpstreamSession,
    options: { lastEventId?: string; signal: AbortSignal },
  ): Promise<UpstreamReply> {
    return (
      this.#loaded?.listen(target, session, options) ??
      this.#load().then((t) => t.listen(target, session, options))
    );
  }

  terminate(target: UpstreamTarget, session: UpstreamSession): Promise<void> {
    return this.#loaded?.terminate(target, session) ?? this.#load().then((t) => t.terminate(target, session));
  }
}

export function upstreamTransports(deps: TransportDeps): Transports {
  const sse = new LoadedOnUse(
    async () => new (await import('./legacy-sse.js')).LegacySseTransport(deps.http),
  );
  return {
    'streamable-http': new StreamableHttpTransport(deps.http),
    'stateless-http': new LoadedOnUse(
      async () =>
        new (await import('./stateless-http.js')).StatelessHttpTransport(deps.http, deps.inputSchemaOf),
    ),
    sse,
    openapi: new LoadedOnUse(
      async () => new (await import('./openapi.js')).OpenApiTransport({ http: deps.http, guard: deps.guard }),
    ),
    lambda: new LoadedOnUse(async () => new (await import('./lambda.js')).LambdaTransport(deps.functions)),
    closeAll: () => sse.loaded?.closeAll(),
  };
}
