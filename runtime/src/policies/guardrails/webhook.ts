/**
 * An external scanner behind a guardrail's `webhook`: asked (HMAC-signed, within the webhook's timeout)
 * with the payload, it answers `{"action": "allow" | "block" | "redact", "reason"?, "payload"?}` — with
 * `redact`, `payload` is the cleaned value. When it cannot be asked or answers nonsense, the webhook's
 * `failMode` decides: `closed` blocks, `open` allows. A webhook this gateway never calls blocks in both,
 * and so does a refusal: `block` said with an error status, or a 401/403 (a receiver refusing the
 * gateway's signature after its secret was rotated on one side would otherwise switch scanning off).
 */
import type { Guardrail, Webhook } from '../../core/config.js';
import { callWebhook, type WebhookDeps, WebhookFailure } from '../../webhooks/call.js';

export type ScannerVerdict =
  /** `failed`: the scanner could not be asked and its webhook fails open (`reason` says why). */
  | { action: 'allow'; failed?: true; reason?: string }
  /** `reason`: the scanner's own words (it may quote what it found), or why it could not be asked (`failed`). */
  | { action: 'block'; reason: string; failed?: true }
  | { action: 'redact'; payload: unknown; reason: string };

export interface ScanQuestion {
  guardrail: Guardrail;
  direction: 'input' | 'output';
  workspace: string;
  user: string;
  server: string;
  tool: string;
  payload: unknown;
}

const MAX_REASON = 200;

const reasonOf = (answer: Record<string, unknown>) =>
  typeof answer['reason'] === 'string' ? answer['reason'].slice(0, MAX_REASON) : 'the scanner said so';

export async function askScanner(
  deps: WebhookDeps,
  webhook: Webhook,
  question: ScanQuestion,
): Promise<ScannerVerdict> {
  /** `misconfigured`: a webhook this gateway never calls blocks in both modes (see WebhookFailure). */
  const failed = (why: string, misconfigured = false): ScannerVerdict => {
    const reason = `the scanner webhook "${webhook.name}" failed: ${why}`;
    return webhook.failMode === 'open' && !misconfigured
      ? { action: 'allow', failed: true, reason }
      : { action: 'block', reason, failed: true };
  };
  let answer: Record<string, unknown>;
  try {
    answer = await callWebhook(
      deps,
      webhook,
      {
        type: 'guardrail.scan',
        guardrail: question.guardrail.name,
        direction: question.direction,
        workspace: question.workspace,
        user: question.user,
        server: question.server,
        tool: question.tool,
        payload: question.payload,
      },
      // a redaction answers the whole payload, each finding replaced by a longer marker perhaps
      { answerLimit: (sent) => 64 * 1024 + 4 * sent },
    );
  } catch (error) {
    if (!(error instanceof WebhookFailure)) throw error;
    const body = error.answered?.body;
    if (body?.['action'] === 'block') return { action: 'block', reason: reasonOf(body) };
    if (error.answered?.status === 401 || error.answered?.status === 403)
      return failed(`it refused the gateway (HTTP ${error.answered.status})`, true);
    return failed(error.message, error.misconfigured);
  }
  const reason = reasonOf(answer);
  switch (answer['action']) {
    case 'allow':
      return { action: 'allow' };
    case 'block':
      return { action: 'block', reason };
    case 'redact':
      if (!('payload' in answer)) return failed('it answered redact without a payload');
      return { action: 'redact', payload: answer['payload'], reason };
    default:
      return failed('its answer has no action of allow, block or redact');
  }
}
