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
  /**
   * Fails the request, or the read of its body, with an {@link OutboundTimeout} once this long has passed
   * since it was sent (no limit when unset).
   */
  timeoutMs?: number;
}

/** The request took longer than its `timeoutMs`. */
export class OutboundTimeout extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms.`);
  }
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Read it or `drain` it, so the connection goes back to the pool. */
  body: AsyncIterable<Uint8Array>;
  /**
   * The whole body at once, when all of it has arrived and none of it was read: `body` then reads as
   * ended. Undefined otherwise (more is to come, or reading began). A small answer usually arrives whole
   * with its headers; its reader is spared a round of asynchronous reads.
   */
  takeWhole?: () => Uint8Array[] | undefined;
}

export interface HttpClient {
  request(request: OutboundRequest): Promise<OutboundResponse>;
  /** Ends pooled connections (shutdown). */
  close(): Promise<void>;
}

/** An HttpClient over a WHATWG `fetch` (tests script upstreams this way). Redirects are not followed. */
export function fetchHttpClient(fetchImpl: typeof fetch): HttpClient {
  return {
    async request({ method, url, headers, body, signal, timeoutMs }) {
      const timeout = timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined;
      const timedOut = (error: unknown) =>
        timeout?.aborted === true && !signal.aborted && timeoutMs !== undefined
          ? new OutboundTimeout(timeoutMs)
          : error;
      try {
        const response = await fetchImpl(url, {
          method,
          headers,
          signal: timeout !== undefined ? AbortSignal.any([signal, timeout]) : signal,
          redirect: 'manual',
          ...(body !== undefined ? { body } : {}),
        });
        const flat: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          flat[name] = value;
        });
        return { status: response.status, headers: flat, body: bodyOf(response.body, timedOut) };
      } catch (error) {
        throw timedOut(error);
      }
    },
    async close() {},
  };
}

async function* bodyOf(
  body: AsyncIterable<Uint8Array> | null,
  timedOut: (error: unknown) => unknown,
): AsyncGenerator<Uint8Array> {
  if (body === null) return;
  try {
    yield* body;
  } catch (error) {
    throw timedOut(error);
  }
}
