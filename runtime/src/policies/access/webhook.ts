/**
 * Authorization by webhook: after the access policies allow a request, the webhook a server (or its
 * workspace) names in `authzWebhook` is asked — with the principal, the server, the method, the target and
 * the SHA-256 digest of the arguments (the arguments themselves only with `sendArguments`) — and answers
 * `{"allow": true}` or `{"allow": false, "reason"?}`. Answers are reused for `cacheSeconds` per principal,
 * message and arguments digest. When a call fails, a `closed` webhook refuses and an `open` one allows.
 *
 * List answers are filtered by the same webhook: it is asked about each item the policies let through
 * (`"list": true`, the method that would use it, no arguments), so a principal is shown only what the
 * webhook lets it use. One list asks at most {@link LIST_CONCURRENCY} questions at a time and spends at most
 * the webhook's `timeoutMs` in all; after a failure, past that time or past {@link MAX_LIST_QUESTIONS}
 * items, the fail mode decides the items left.
 */

import type { Principal, Server, Webhook } from '../../core/config.js';
import { sha256 } from '../../core/digest.js';
import { InFlight } from '../../core/in-flight.js';
import { lruCache } from '../../core/lru.js';
import type { McpTarget } from '../../mcp/view.js';
import {
  callWebhook,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  refusalIn,
  type WebhookDeps,
  WebhookFailure,
} from '../../webhooks/call.js';
import { inexactKeys, uriReadings } from './rules.js';

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
/** Questions about one list's items in flight at once. */
export const LIST_CONCURRENCY = 8;
/** Items of one list answer asked about one by one; the fail mode decides any past them. */
export const MAX_LIST_QUESTIONS = 1000;

/** Who asks about a list's items, and for which server. */
export type AuthzListQuestion = Omit<AuthzQuestion, 'method' | 'target' | 'arguments' | 'explain'>;

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
  private readonly asking = new InFlight<string, AuthzDecision>();

  constructor(private readonly deps: WebhookDeps) {}

  async decide(webhook: Webhook, question: AuthzQuestion): Promise<AuthzDecision> {
    const digest = argumentsDigest(question.arguments);
    // arguments holding an integer past 2^53 are shown (and digested) as JavaScript rounds it: the
    // webhook is told, and its answer is not kept (another number would share the question)
    const inexact = inexactKeys(question.arguments).size > 0;
    const asked = {
      ...this.about(question, question.method, question.target),
      argumentsDigest: digest,
      ...(inexact ? { argumentsInexact: true } : {}),
      ...(question.explain === true ? { explain: true } : {}),
    };
    try {
      return await this.answer(webhook, question.principal, asked, question.arguments, !inexact);
    } catch (error) {
      if (!(error instanceof WebhookFailure)) throw error;
      return failed(webhook, error);
    }
  }

  /**
   * Which of a list's items (`targets`, each used with `methodOf` its kind) the webhook lets the principal
   * use: one answer per target, in order.
   */
  async usable(
    webhook: Webhook,
    question: AuthzListQuestion,
    targets: readonly McpTarget[],
    methodOf: (target: McpTarget) => string,
    /** The targets are resource templates (`resources/templates/list`), not resources. */
    templates = false,
  ): Promise<boolean[]> {
    // what the items no answer decided get: the fail mode's, unless the webhook is never called
    let fallback = webhook.failMode === 'open';
    const decided: (boolean | undefined)[] = new Array(targets.length).fill(undefined);
    const deadline = performance.now() + (webhook.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS);
    const asking = Math.min(targets.length, MAX_LIST_QUESTIONS);
    let next = 0;
    let failing = false;
    const worker = async () => {
      while (next < asking && !failing && performance.now() < deadline) {
        const index = next++;
        const target = targets[index]!;
        const asked = {
          ...this.about(question, methodOf(target), templates ? undefined : target),
          ...(templates ? { resourceTemplate: target.name } : {}),
          list: true,
        };
        try {
          decided[index] = (await this.answer(webhook, question.principal, asked, undefined)).allow;
        } catch (error) {
          if (!(error instanceof WebhookFailure)) throw error;
          // a refusal with an error status refuses this item; a failing webhook is not asked again for
          // this list: the fail mode decides the rest
          if (refusalIn(error) !== undefined) decided[index] = false;
          else {
            failing = true;
            if (error.misconfigured) fallback = false;
          }
        }
      }
    };
    const workers = Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, asking) }, worker));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
    });
    try {
      // questions still open at the deadline go on in the background (their answers are remembered)
      await Promise.race([workers, late]);
    } finally {
      clearTimeout(timer);
    }
    workers.catch(() => undefined);
    return decided.map((allow) => allow ?? fallback);
  }

  /** What every question says: who asks, where, and about what. */
  private about(question: AuthzListQuestion, method: string, target: McpTarget | undefined) {
    const { principal } = question;
    return {
      type: 'authz',
      workspace: principal.workspace,
      server: question.server.name,
      principal: {
        user: principal.user,
        method: principal.method,
        teams: question.teams,
        ...(principal.email !== undefined ? { email: principal.email } : {}),
        ...(principal.provider !== undefined ? { provider: principal.provider } : {}),
        ...(principal.claims !== undefined ? { claims: principal.claims } : {}),
      },
      method,
      ...(target === undefined
        ? {}
        : target.kind === 'resource'
          ? // the URI as the upstream will read it (the policies judge it so), and as it was sent; where
            // servers may read it two ways (see `uriReadings`), both
            resourceOf(target.name)
          : { [target.kind]: target.name }),
    };
  }

  /** The webhook's answer to `asked` (remembered for `cacheSeconds`); throws WebhookFailure. */
  private async answer(
    webhook: Webhook,
    principal: Principal,
    asked: Record<string, unknown>,
    args: Readonly<Record<string, unknown>> | undefined,
    remember = true,
  ): Promise<AuthzDecision> {
    // a remembered answer was given to this exact question (teams and claims included), by this credential
    const key = sha256(JSON.stringify([webhook.id, webhook.version, principal.credentialId, asked]));
    if (!remember) return this.ask(webhook, undefined, asked, args);
    const now = this.deps.clock.now();
    const known = this.answers.get(key);
    if (known !== undefined && now < known.until) return known.decision;
    // the same question asked again while it is on its way (lists side by side) waits for that answer
    return this.asking.join(key, () => this.ask(webhook, key, asked, args));
  }

  private async ask(
    webhook: Webhook,
    /** Where the answer is remembered; none for a question another one may share. */
    key: string | undefined,
    asked: Record<string, unknown>,
    args: Readonly<Record<string, unknown>> | undefined,
  ): Promise<AuthzDecision> {
    const now = this.deps.clock.now();
    const answer = await callWebhook(this.deps, webhook, {
      ...asked,
      ...(webhook.sendArguments === true && asked['list'] !== true ? { arguments: args ?? {} } : {}),
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
    if (key !== undefined)
      this.answers.set(key, { decision, until: now + (webhook.cacheSeconds ?? 60) * 1000 });
    return decision;
  }
}

/**
 * The fail mode's decision when the webhook could not answer. One that refused with an error status (see
 * `refusalIn`), or one this gateway never calls (`misconfigured`), is no failure to fail open on: every
 * mode refuses.
 */
function failed(webhook: Webhook, error: WebhookFailure): AuthzDecision {
  const refusal = refusalIn(error);
  if (refusal !== undefined)
    return {
      allow: false,
      reason:
        refusal.reason?.slice(0, MAX_REASON) ??
        `The authorization webhook refused the request (HTTP ${error.answered?.status}).`,
    };
  return webhook.failMode === 'open' && !error.misconfigured
    ? { allow: true }
    : { allow: false, reason: `The authorization webhook failed: ${error.message}.` };
}

/** What a webhook is told of a resource: the URI as the upstream reads it, both readings where servers differ, and as sent. */
function resourceOf(uri: string): Record<string, unknown> {
  const readings = uriReadings(uri);
  return {
    resource: readings[0],
    ...(readings.length > 1 ? { resourceReadings: [...readings] } : {}),
    rawUri: uri,
  };
}
