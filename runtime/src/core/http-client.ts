/**
 * The outbound HTTP port: what the data plane needs of an HTTP client to reach upstreams (and later
 * webhooks and JWKS). The production adapter is `createGuardedHttpClient` (undici's dispatcher API on an
 * address-pinned agent); tests may wrap a `fetch` function.
 */

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH' | 'HEAD' | 'OPTIONS';
  url: string | URL;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Read it or `drain` it, so the connection goes back to the pool. */
  body: AsyncIterable<Uint8Array>;
}

export interface HttpClient {
  request(request: OutboundRequest): Promise<OutboundResponse>;
  /** Ends pooled connections (shutdown). */
  close(): Promise<void>;
}

/** An HttpClient over a WHATWG `fetch` (tests script upstreams this way). Redirects are not followed. */
export function fetchHttpClient(fetchImpl: typeof fetch): HttpClient {
  return {
    async request({ method, url, headers, body, signal }) {
      const response = await fetchImpl(url, {
        method,
        headers,
        signal,
        redirect: 'manual',
        ...(body !== undefined ? { body } : {}),
      });
      const flat: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        flat[name] = value;
      });
      return { status: response.status, headers: flat, body: response.body ?? emptyBody() };
    },
    async close() {},
  };
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
