/**
 * Calls to OAuth token endpoints the gateway is a client of (a sign-in provider, an upstream's token
 * endpoint, a token service): a form POST through the outbound address guard, the client authenticated as
 * configured, the answer bounded in size and time.
 */
import { aborted, unlessAborted } from '../core/abort.js';
import type { HttpClient } from '../core/http-client.js';
import type { UrlGuard } from '../core/url-guard.js';

export interface ClientAuth {
  clientId: string;
  clientSecret?: string | undefined;
  /** Where the secret goes (`client_secret_basic` by default); without a secret, `client_id` in the form. */
  method?: 'client_secret_basic' | 'client_secret_post' | undefined;
}

export class TokenEndpointError extends Error {}

const MAX_ANSWER_CHARS = 256 * 1024;

/** RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/**
 * POSTs `form` to `url` as the client (`client`) and answers the status and the body's text (bounded);
 * throws TokenEndpointError. For endpoints whose answer is no JSON (RFC 7009 revocation).
 */
export async function postForm(
  deps: { http: HttpClient; guard: UrlGuard },
  url: string,
  form: URLSearchParams,
  client: ClientAuth | undefined,
  timeoutMs = 10_000,
): Promise<{ status: number; text: string }> {
  // the bound starts before the address check: a name whose servers never answer holds no call past it
  const signal = AbortSignal.timeout(timeoutMs);
  let checked: unknown;
  try {
    checked = await unlessAborted(deps.guard.check(url), signal);
  } catch {
    throw new TokenEndpointError('its address is not allowed');
  }
  if (checked === aborted) throw new TokenEndpointError('it could not be reached');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (client !== undefined) {
    if (client.clientSecret === undefined || client.method === 'client_secret_post') {
      form.set('client_id', client.clientId);
      if (client.clientSecret !== undefined) form.set('client_secret', client.clientSecret);
    } else {
      const pair = `${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`;
      headers['authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
  }
  let status: number;
  let text = '';
  try {
    const response = await deps.http.request({
      method: 'POST',
      url,
      headers,
      body: form.toString(),
      signal,
    });
    status = response.status;
    for await (const chunk of response.body) {
      text += Buffer.from(chunk).toString('utf8');
      if (text.length > MAX_ANSWER_CHARS) throw new TokenEndpointError('it answered too much');
    }
  } catch (error) {
    if (error instanceof TokenEndpointError) throw error;
    throw new TokenEndpointError('it could not be reached');
  }
  return { status, text };
}

/** POSTs `form` to `url` and answers the status and the JSON object answered; throws TokenEndpointError. */
export async function postTokenRequest(
  deps: { http: HttpClient; guard: UrlGuard },
  url: string,
  form: URLSearchParams,
  client: ClientAuth | undefined,
  timeoutMs = 10_000,
): Promise<{ status: number; answer: Record<string, unknown> }> {
  const { status, text } = await postForm(deps, url, form, client, timeoutMs);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new TokenEndpointError(`it answered HTTP ${status} without JSON`);
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer))
    throw new TokenEndpointError(`it answered HTTP ${status} without a JSON object`);
  return { status, answer: answer as Record<string, unknown> };
}

/** RFC 6749 appendix A.12: access-token = 1*VSCHAR. */
const ACCESS_TOKEN = /^[\x20-\x7e]+$/;

/**
 * The access token of a token endpoint's answer, for a token the gateway keeps and sends on as a header
 * value: undefined when there is none, or none a header can carry (kept, it would fail every call).
 */
export function accessTokenOf(answer: Record<string, unknown>): string | undefined {
  const token = answer['access_token'];
  return typeof token === 'string' && ACCESS_TOKEN.test(token) ? token : undefined;
}
