/**
 * Reads a JSON document the gateway needs from elsewhere (discovery and metadata documents, key sets):
 * through the outbound address guard, bounded in size and time. Failures say why in a few words, never
 * which address the configuration names.
 */
import { aborted, unlessAborted } from './abort.js';
import type { HttpClient } from './http-client.js';
import type { UrlGuard } from './url-guard.js';

export class JsonFetchError extends Error {}

export async function getJson(
  deps: { http: HttpClient; guard: UrlGuard },
  url: string,
  options: { maxBytes?: number; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<{ status: number; document: unknown }> {
  const maxBytes = options.maxBytes ?? 512 * 1024;
  // the bound starts before the address check: a name whose servers never answer (anyone's, in a client
  // metadata document's URL) holds no request past it
  const signal = AbortSignal.timeout(options.timeoutMs ?? 5000);
  let checked: unknown;
  try {
    checked = await unlessAborted(deps.guard.check(url), signal);
  } catch {
    throw new JsonFetchError('its address is not allowed');
  }
  if (checked === aborted) throw new JsonFetchError('timed out');
  const chunks: Uint8Array[] = [];
  let status: number;
  try {
    const response = await deps.http.request({
      method: 'GET',
      url,
      headers: { ...options.headers, accept: 'application/json' },
      signal,
    });
    status = response.status;
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new JsonFetchError(`over ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof JsonFetchError) throw error;
    throw new JsonFetchError(signal.aborted ? 'timed out' : 'no connection');
  }
  if (status !== 200) return { status, document: undefined };
  try {
    return { status, document: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    throw new JsonFetchError('not JSON');
  }
}

/**
 * An http(s) address a document names, or undefined. What a document read from an https address names
 * must be https too: an http one would let anyone on the path read or change what goes there (keys,
 * codes, tokens).
 */
export function namedUrl(document: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') return undefined;
  if (protocol === 'http:' && URL.canParse(document) && new URL(document).protocol === 'https:')
    return undefined;
  return value;
}
