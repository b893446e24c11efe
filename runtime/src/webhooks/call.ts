/**
 * Calling a configured webhook: a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>`, through the
 * guarded HTTP client (the outbound address guard applies), bounded by the webhook's timeout and a size
 * limit on the answer. Receivers check the signature and refuse stale timestamps (replays).
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { aborted, unlessAborted } from '../core/abort.js';
import type { Clock } from '../core/clock.js';
import type { Webhook } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import { isLoopbackHost, type UrlGuard } from '../core/url-guard.js';

export const TIMESTAMP_HEADER = 'x-mcp-gateway-timestamp';
export const SIGNATURE_HEADER = 'x-mcp-gateway-signature';
const MAX_ANSWER_BYTES = 64 * 1024;
/** No answer is read past this, whatever a caller allows (it is held in memory whole). */
const LARGEST_ANSWER_BYTES = 64 * 1024 * 1024;
/** A webhook's `timeoutMs` when it sets none (the spec's default). */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 3000;

/** The signature header value of `body` sent at `timestamp` (Unix seconds). */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Why the gateway does not call a webhook at `url`, or undefined when it does. A webhook is sent people's
 * credentials (authentication), tool arguments and results (a scanner), and what it answers decides: only
 * over TLS, except to this machine itself (a sidecar, a local run), where nothing crosses a network.
 */
export function webhookUrlProblem(url: string): string | undefined {
  if (!URL.canParse(url)) return 'is not a valid URL';
  const { protocol, hostname } = new URL(url);
  if (protocol === 'https:' || (protocol === 'http:' && isLoopbackHost(hostname))) return undefined;
  return 'must use https (plain http only to this machine: localhost, 127.0.0.0/8, [::1])';
}

/**
 * Whether a URL names its address itself (an IP literal, or `localhost`): a refusal of it is the
 * configuration's own, where that of another name may be a resolver's moment.
 */
function addressInUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 || isLoopbackHost(host);
}

/**
 * Why a call failed; the webhook's fail mode decides what that means, unless the webhook is
 * `misconfigured`: configured where this gateway never calls (a URL without TLS, an address the URL
 * names itself that the outbound guard refuses: an IP, `localhost`), so no call would ever succeed. Failing open then would silently switch off what the
 * webhook decides; every mode refuses instead.
 */
export class WebhookFailure extends Error {
  constructor(
    message: string,
    /** An answer with another status than 200: the status, and its body when it is a JSON object. */
    readonly answered?: { status: number; body?: Record<string, unknown> },
    readonly misconfigured = false,
  ) {
    super(message);
  }
}

/**
 * The refusal a failed call says, if it is one: an answer with an error status that says `allow: false`
 * (a policy service's 403 with a reason, a default-deny 503: `stated`), or a 401/403 alone (a receiver
 * refusing the credential, or the gateway's signature after a secret was rotated on one side). No
 * failure to fail open on: every mode refuses. `reason`: the webhook's own, when it stated one.
 */
export function refusalIn(error: WebhookFailure): { stated: boolean; reason?: string } | undefined {
  const answered = error.answered;
  if (answered === undefined) return undefined;
  const stated = answered.body?.['allow'] === false;
  if (!stated && answered.status !== 401 && answered.status !== 403) return undefined;
  const reason = answered.body?.['reason'];
  return stated && typeof reason === 'string' ? { stated, reason } : { stated };
}

export interface WebhookDeps {
  http: HttpClient;
  guard: UrlGuard;
  clock: Clock;
}

export interface WebhookCallOptions {
  /**
   * The largest answer read, by the size of what was sent (64 KiB when not given): a scanner that answers
   * a redacted copy of what it was sent needs room for all of it.
   */
  answerLimit?: (sentBytes: number) => number;
  /** A notice: no answer is used, any 2xx is delivered (204 No Content, a plain `ok`); answers `{}`. */
  notice?: boolean;
}

/** POSTs `payload` to the webhook and answers its JSON object; throws WebhookFailure on any failure. */
export async function callWebhook(
  deps: WebhookDeps,
  webhook: Webhook,
  payload: object,
  options: WebhookCallOptions = {},
): Promise<Record<string, unknown>> {
  const body = JSON.stringify(payload);
  const maxAnswerBytes =
    options.answerLimit === undefined
      ? MAX_ANSWER_BYTES
      : Math.min(
          LARGEST_ANSWER_BYTES,
          Math.max(MAX_ANSWER_BYTES, options.answerLimit(Buffer.byteLength(body))),
        );
  const timestamp = Math.floor(deps.clock.now() / 1000);
  const signal = AbortSignal.timeout(webhook.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS);
  // configuration stored before https was required is refused here too
  if (webhookUrlProblem(webhook.url) !== undefined)
    throw new WebhookFailure('its URL is not https', undefined, true);
  let checked: unknown;
  try {
    // the address check resolves the host: a hanging resolver is bounded by the webhook's timeout too
    checked = await unlessAborted(deps.guard.check(webhook.url), signal);
  } catch (error) {
    if (error instanceof GatewayError)
      throw error.code === 'upstream_unavailable'
        ? new WebhookFailure('its host does not resolve')
        : new WebhookFailure('its address is not allowed', undefined, addressInUrl(webhook.url));
    throw error;
  }
  if (checked === aborted)
    throw new WebhookFailure(
      `it did not answer within ${webhook.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS} ms (its host did not resolve in time)`,
    );
  try {
    const response = await unlessAborted(
      deps.http.request({
        method: 'POST',
        url: webhook.url,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhookBody(webhook.secret, timestamp, body),
        },
        body,
        signal,
      }),
      signal,
    );
    if (response === aborted)
      throw new WebhookFailure(
        `it did not answer within ${webhook.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS} ms`,
      );
    if (options.notice === true && response.status >= 200 && response.status < 300) {
      // delivered: what a 2xx says is not read (a large or endless body is the receiver's, no failure)
      if (response.takeWhole?.() === undefined)
        void response.body[Symbol.asyncIterator]()
          .return?.()
          ?.catch(() => undefined);
      return {};
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxAnswerBytes) throw new WebhookFailure(`it answered more than ${maxAnswerBytes} bytes`);
      chunks.push(chunk);
    }
    let answer: unknown;
    let json = true;
    try {
      answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      json = false;
    }
    if (response.status !== 200)
      throw new WebhookFailure(`it answered HTTP ${response.status}`, {
        status: response.status,
        ...(json && typeof answer === 'object' && answer !== null && !Array.isArray(answer)
          ? { body: answer as Record<string, unknown> }
          : {}),
      });
    if (!json) throw new WebhookFailure('its answer is not JSON');
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer))
      throw new WebhookFailure('its answer is not a JSON object');
    return answer as Record<string, unknown>;
  } catch (error) {
    if (error instanceof WebhookFailure) throw error;
    throw new WebhookFailure(
      signal.aborted
        ? `it did not answer within ${webhook.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS} ms`
        : 'it could not be reached',
    );
  }
}

/** When a notice is sent again after a failed delivery (after the first attempt, then the second). */
export const NOTICE_RETRY_DELAYS_MS = [1000, 5000] as const;

/**
 * Whether a failed notice may go through when sent again: not to a webhook this gateway never calls, nor
 * after a client error that says the same again (a 408 or 429 aside).
 */
function worthRetrying(error: WebhookFailure): boolean {
  if (error.misconfigured) return false;
  const status = error.answered?.status;
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

/**
 * Delivers a notice (something that happened; no answer is used) to a webhook: tried again after
 * {@link NOTICE_RETRY_DELAYS_MS} when a delivery fails. The payload's `id` stays the same on every
 * attempt, so a receiver can tell a repeated delivery (one whose answer was lost) from a new notice.
 */
export async function deliverNotice(
  deps: WebhookDeps,
  webhook: Webhook,
  payload: { id: string } & Record<string, unknown>,
  delaysMs: readonly number[] = NOTICE_RETRY_DELAYS_MS,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await callWebhook(deps, webhook, payload, { notice: true });
      return;
    } catch (error) {
      const delay = delaysMs[attempt];
      if (!(error instanceof WebhookFailure) || delay === undefined || !worthRetrying(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
