/**
 * Authorization by webhook: after the access policies allow a request, the webhook a server (or its
 * workspace) names in `authzWebhook` is asked — with the principal, the server, the method, the target and
 * the SHA-256 digest of the arguments (the arguments themselves only with `sendArguments`) — and answers
 * `{"allow": true}` or `{"allow": false, "reason"?}`. Answers are reused for `cacheSeconds` per principal,
 * message and arguments digest. When a call fails, a `closed` webhook refuses and an `open` one allows.
 */
import type { Principal, Server, Webhook } from '../../core/config.js';
import { sha256 } from '../../core/digest.js';
import { lruCache } from '../../core/lru.js';
import type { McpTarget } from '../../mcp/view.js';
import { callWebhook, type WebhookDeps, WebhookFailure } from '../../webhooks/call.js';

export type AuthzDecision = { allow: true } | { allow: false; reason: string };

export interface AuthzQuestion {
  principal: Principal;
  teams: readonly string[];
  server: Server;
  method: string;
  target: McpTarget | undefined;
  arguments: Readonly<Record<string, unknown>> | undefined;
  /** Asked by the decision explainer (`POST /v1/access/evaluate`), not for a call: said so in the payload. */
  explain?: boolean;
}

const MAX_REASON = 200;

/** JSON with sorted keys, so equal arguments have one digest whatever their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export const argumentsDigest = (args: Readonly<Record<string, unknown>> | undefined) =>
  sha256(canonical(args ?? {}), 'hex');

export class AuthzWebhooks {
  private readonly answers = lruCache<string, { decision: AuthzDecision; until: number }>(10_000);

  constructor(private readonly deps: WebhookDeps) {}

  async decide(webhook: Webhook, question: AuthzQuestion): Promise<AuthzDecision> {
    const { principal, server, target } = question;
    const digest = argumentsDigest(question.arguments);
    const asked = {
      type: 'authz',
      workspace: principal.workspace,
      server: server.name,
      principal: {
        user: principal.user,
        method: principal.method,
        teams: question.teams,
        ...(principal.email !== undefined ? { email: principal.email } : {}),
        ...(principal.provider !== undefined ? { provider: principal.provider } : {}),
        ...(principal.claims !== undefined ? { claims: principal.claims } : {}),
      },
      method: question.method,
      ...(target !== undefined ? { [target.kind]: target.name } : {}),
      argumentsDigest: digest,
      ...(question.explain === true ? { explain: true } : {}),
    };
    // a remembered answer was given to this exact question (teams and claims included), by this credential
    const key = sha256(JSON.stringify([webhook.id, webhook.version, principal.credentialId, asked]));
    const now = this.deps.clock.now();
    const known = this.answers.get(key);
    if (known !== undefined && now < known.until) return known.decision;
    try {
      const answer = await callWebhook(this.deps, webhook, {
        ...asked,
        ...(webhook.sendArguments === true ? { arguments: question.arguments ?? {} } : {}),
      });
      if (typeof answer.allow !== 'boolean') throw new WebhookFailure('its answer has no boolean "allow"');
      const decision: AuthzDecision = answer.allow
        ? { allow: true }
        : {
            allow: false,
            reason:
              typeof answer.reason === 'string'
                ? answer.reason.slice(0, MAX_REASON)
                : 'The authorization webhook refused the request.',
          };
      this.answers.set(key, { decision, until: now + (webhook.cacheSeconds ?? 60) * 1000 });
      return decision;
    } catch (error) {
      if (!(error instanceof WebhookFailure)) throw error;
      if (webhook.failMode === 'open') return { allow: true };
      return { allow: false, reason: `The authorization webhook failed: ${error.message}.` };
    }
  }
}
