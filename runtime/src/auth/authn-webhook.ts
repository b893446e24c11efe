/**
 * Authentication by webhook: for a request whose credential no built-in method recognises, the webhook a
 * server (or its workspace) names is asked — with the bearer credential and the request headers it lists
 * — and answers `{"allow": true, "principal": {"user", "email"?, "teams"?, "claims"?}}` or
 * `{"allow": false, "reason"?}`. Answers are reused per credential for `cacheSeconds`; when a call fails, a
 * `closed` webhook refuses and an `open` one reuses its last answer for the same credential, if it has one
 * from the last hour. A refusal with an error status (`allow: false` under any status, or a bare 401/403)
 * is no failure: it refuses in both modes, and the last allow is forgotten. Identical questions under way at once make one call; refusals are kept apart from
 * allowed answers, so that a flood of made-up credentials cannot push out what a failing `open` webhook
 * falls back on.
 */

import type { Principal, Server, Webhook } from '../core/config.js';
import { InFlight } from '../core/in-flight.js';
import { lruCache } from '../core/lru.js';
import {
  callWebhook,
  refusalIn,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type WebhookDeps,
  WebhookFailure,
} from '../webhooks/call.js';
import { hashSecret } from './secrets.js';

/** What the webhook decided, or why it could not. */
export type AuthnDecision = { allow: true; principal: Principal } | { allow: false; reason: string };

interface Remembered {
  decision: AuthnDecision;
  /** When it was answered, and until when it is reused without asking. */
  at: number;
  until: number;
  /** The webhook's version that answered: a changed webhook is asked afresh (its last answer, failing open, stays). */
  version: number | undefined;
}

const MAX_REASON = 200;
/**
 * How old a last answer an `open` webhook that fails may reuse: a credential revoked at the webhook while
 * it is down stays allowed no longer than this.
 */
export const FAIL_OPEN_MAX_AGE_MS = 3_600_000;

function principalOf(answer: Record<string, unknown>, webhook: Webhook, server: Server): AuthnDecision {
  // an answer that says neither yes nor no is a failed call (failMode decides), not a refusal to cache
  if (typeof answer.allow !== 'boolean') throw new WebhookFailure('its answer has no boolean "allow"');
  if (!answer.allow) {
    const reason =
      typeof answer.reason === 'string' ? answer.reason.slice(0, MAX_REASON) : 'The credential was refused.';
    return { allow: false, reason };
  }
  const given = answer.principal as Record<string, unknown> | undefined;
  const user = given?.user;
  if (typeof user !== 'string' || user === '' || user.length > 256)
    throw new WebhookFailure('its answer names no principal user');
  // as an api key's user: a name shown in lists, audit events and traces holds no control character
  if (/\p{Cc}/u.test(user)) throw new WebhookFailure('its answer names a user with a control character');
  const teams = Array.isArray(given?.teams)
    ? given.teams.filter((t): t is string => typeof t === 'string')
    : undefined;
  const claims =
    typeof given?.claims === 'object' && given.claims !== null
      ? (given.claims as Record<string, unknown>)
      : undefined;
  return {
    allow: true,
    principal: {
      user,
      // a webhook authenticates for the workspace of the server it was asked about, never another
      workspace: server.workspace ?? 'default',
      method: 'webhook',
      credentialId: `${webhook.id}:${user}`,
      webhook: webhook.id,
      ...(typeof given?.email === 'string' ? { email: given.email } : {}),
      ...(teams !== undefined ? { teams } : {}),
      ...(claims !== undefined ? { claims } : {}),
    },
  };
}

export class AuthnWebhooks {
  private readonly allowed = lruCache<string, Remembered>(10_000);
  private readonly refused = lruCache<string, Remembered>(10_000);
  /** Calls under way, by question. */
  private readonly asking = new InFlight<string, AuthnDecision>();

  constructor(
    private readonly deps: WebhookDeps,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async decide(
    webhook: Webhook,
    server: Server,
    credential: string | undefined,
    headers: Readonly<Record<string, string | undefined>>,
  ): Promise<AuthnDecision> {
    // one of the gateway's own webhook calls came back (the webhook's URL leads to the gateway, maybe
    // through a proxy): asking the webhook again would call it again, without end
    if (headers[SIGNATURE_HEADER] !== undefined || headers[TIMESTAMP_HEADER] !== undefined) {
      // (the webhook named in the log only: the caller may be anyone sending those headers)
      this.log(
        `mcp-gateway: a request to "${server.name}" carried the gateway's webhook signature headers: refused without asking webhook "${webhook.name}" (does its URL lead back to the gateway?)`,
      );
      return { allow: false, reason: "A webhook call of the gateway's own came back to it." };
    }
    const passed: Record<string, string> = {};
    for (const name of webhook.headers ?? []) {
      const value = headers[name.toLowerCase()];
      if (value !== undefined) passed[name.toLowerCase()] = value;
    }
    const key = hashSecret(
      // the server is part of the question: an answer for one server is no answer for another
      // its url, not its version: a webhook edited in other ways (a description) still fails open to what
      // the same endpoint answered
      JSON.stringify([
        webhook.id,
        webhook.url,
        server.workspace,
        server.id ?? server.name,
        credential ?? null,
        passed,
      ]),
    );
    return this.asking.join(key, () => this.ask(key, webhook, server, credential, passed));
  }

  private async ask(
    key: string,
    webhook: Webhook,
    server: Server,
    credential: string | undefined,
    passed: Record<string, string>,
  ): Promise<AuthnDecision> {
    const now = this.deps.clock.now();
    const known = this.allowed.get(key) ?? this.refused.get(key);
    if (known !== undefined && now < known.until && known.version === webhook.version) return known.decision;
    try {
      const answer = await callWebhook(this.deps, webhook, {
        type: 'authn',
        server: server.name,
        workspace: server.workspace ?? 'default',
        credential: credential ?? null,
        headers: passed,
      });
      const decision = principalOf(answer, webhook, server);
      const remembered = {
        decision,
        at: now,
        until: now + (webhook.cacheSeconds ?? 60) * 1000,
        version: webhook.version,
      };
      if (decision.allow) {
        this.allowed.set(key, remembered);
        this.refused.delete(key);
      } else {
        this.refused.set(key, remembered);
        this.allowed.delete(key);
      }
      return decision;
    } catch (error) {
      if (!(error instanceof WebhookFailure)) throw error;
      // a refusal with an error status (a 401 for a revoked credential) is no failure to fail open on,
      // and its last allow is no answer to fall back on any more
      const refusal = refusalIn(error);
      if (refusal !== undefined) {
        this.allowed.delete(key);
        const decision = {
          allow: false as const,
          reason:
            refusal.reason?.slice(0, MAX_REASON) ??
            (refusal.stated
              ? 'The credential was refused.'
              : `The authentication webhook refused the credential (HTTP ${error.answered?.status}).`),
        };
        // one the webhook stated is an answer, remembered; a bare 401/403 may be a secret rotated on one
        // side (its signature refused): asked again next time
        if (refusal.stated)
          this.refused.set(key, {
            decision,
            at: now,
            until: now + (webhook.cacheSeconds ?? 60) * 1000,
            version: webhook.version,
          });
        return decision;
      }
      if (
        webhook.failMode === 'open' &&
        !error.misconfigured &&
        known !== undefined &&
        now - known.at < FAIL_OPEN_MAX_AGE_MS
      )
        return known.decision;
      return { allow: false, reason: `The authentication webhook failed: ${error.message}.` };
    }
  }
}
