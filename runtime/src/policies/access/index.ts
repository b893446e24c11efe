import type { AuditSink } from '../../audit/log.js';
import type { SeenUsers } from '../../auth/seen-users.js';
import type { Clock } from '../../core/clock.js';
import type { ConfigReader, Server, Webhook, WorkspaceRules } from '../../core/config.js';
import { auditedUri } from '../../core/digest.js';
import { GatewayError } from '../../core/errors.js';
import { isObject } from '../../core/json-object.js';
import { onFirstUse } from '../../core/lazy.js';
import { extend } from '../../core/pipeline.js';
import { asJudged, eachMessage, envelope, type McpAnswer } from '../../mcp/answer.js';
import type {
  AccessChecked,
  Authenticated,
  McpStage,
  Parsed,
  RequestContext,
  Resolved,
} from '../../mcp/context.js';
import { isResponse, type JsonRpcId } from '../../mcp/jsonrpc.js';
import type { McpMessage, McpTarget } from '../../mcp/view.js';
import { tracedHeaders } from '../../telemetry/headers.js';
import { unknownServerError } from '../authenticate/index.js';
import type { AccessEngine, AccessRequest } from './rules.js';
import type { AuthzWebhooks } from './webhook.js';

export interface AccessControlConfig {
  config: Pick<ConfigReader, 'workspaceRules' | 'webhookByName'>;
  /** Asks authorization webhooks (`authzWebhook`); none are asked when unset. */
  webhooks?: Pick<AuthzWebhooks, 'decide' | 'usable'>;
  clock: Clock;
  /** Records the principals seen, with their teams (`GET /v1/users`). */
  seen?: SeenUsers;
  /** Where denials are recorded (`access.denied` audit events). */
  audit?: Pick<AuditSink, 'enqueue'>;
  publicUrl?: string;
}

/** What each list method answers, and the kind of target its items are. */
const LISTS: Record<string, { field: string; kind: McpTarget['kind']; key: 'name' | 'uri' | 'uriTemplate' }> =
  {
    'tools/list': { field: 'tools', kind: 'tool', key: 'name' },
    'prompts/list': { field: 'prompts', kind: 'prompt', key: 'name' },
    'resources/list': { field: 'resources', kind: 'resource', key: 'uri' },
    'resources/templates/list': { field: 'resourceTemplates', kind: 'resource', key: 'uriTemplate' },
  };

/** The kind of list a replayed result is, by the array it carries. */
function replayedList(result: Record<string, unknown> | undefined): (typeof LISTS)[string] | undefined {
  if (result === undefined) return undefined;
  return Object.values(LISTS).find((list) => Array.isArray(result[list.field]));
}

/** The engine's questions of one request: its principal, server, headers, time and teams fixed. */
export const questionsOf =
  (
    principal: AccessRequest['principal'],
    server: string,
    headers: AccessRequest['headers'],
    time: number,
    teams: readonly string[],
  ) =>
  (method: string, target?: McpTarget, args?: Record<string, unknown>): AccessRequest => ({
    principal,
    server,
    method,
    target,
    arguments: args,
    headers,
    time,
    teams,
  });

/** A message's arguments (a tool call's, a prompt's), when it has an object of them. */
export function argumentsOf(m: McpMessage): Record<string, unknown> | undefined {
  const args = (m.message as { params?: { arguments?: unknown } }).params?.arguments;
  return typeof args === 'object' && args !== null && !Array.isArray(args)
    ? (args as Record<string, unknown>)
    : undefined;
}

/** The resources a `subscriptions/listen` (2026-07-28) asks to hear of. */
export function subscribedResources(m: McpMessage): string[] {
  if (m.method !== 'subscriptions/listen') return [];
  const params = (m.message as { params?: { notifications?: { resourceSubscriptions?: unknown } } }).params;
  const uris = params?.notifications?.resourceSubscriptions;
  if (!Array.isArray(uris)) return [];
  // (a URI, or an object naming one)
  return uris.flatMap((entry: unknown) => {
    const uri = isObject(entry) ? entry['uri'] : entry;
    return typeof uri === 'string' ? [uri] : [];
  });
}

/** A `completion/complete` of a resource template's argument: what each value completes the URI to. */
interface TemplateCompletion {
  template: string;
  argument: string;
  /** The template's other arguments, as the client has filled them in so far. */
  known: Record<string, string>;
}

function templateCompletion(m: McpMessage): TemplateCompletion | undefined {
  if (m.method !== 'completion/complete' || m.target?.kind !== 'resource') return undefined;
  const params = (m.message as { params?: Record<string, unknown> }).params ?? {};
  const argument = (params['argument'] as { name?: unknown } | undefined)?.name;
  if (typeof argument !== 'string') return undefined;
  const context = (params['context'] as { arguments?: unknown } | undefined)?.arguments;
  const known: Record<string, string> = {};
  if (typeof context === 'object' && context !== null)
    for (const [name, value] of Object.entries(context)) if (typeof value === 'string') known[name] = value;
  return { template: m.target.name, argument, known };
}

/** RFC 6570: how an expression's values are joined, by its operator (a comma otherwise). */
const SEPARATORS: Record<string, string> = { '.': '.', '/': '/', ';': ';', '?': '&', '&': '&' };

/**
 * A URI template (RFC 6570) with its variables replaced by values as they are, unencoded, each
 * operator's leading character kept: the URI a value stands for, as a resource rule's pattern reads it.
 * A variable without a value is left as it is.
 */
export function expandTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([+#./;?&]?)([^{}]*)\}/g, (whole, operator: string, list: string) => {
    const names = list.split(',').map((name) => name.replace(/(\*|:\d+)$/, ''));
    if (!names.every((name) => values[name] !== undefined)) return whole;
    const lead = operator === '+' ? '' : operator;
    const named = operator === ';' || operator === '?' || operator === '&';
    const separator = SEPARATORS[operator] ?? ',';
    return lead + names.map((name) => (named ? `${name}=${values[name]}` : values[name])).join(separator);
  });
}

/**
 * Completions of resource templates' arguments hold only the values whose URI the caller may read: a
 * value the caller may not use is a name the lists hide.
 */
function filterCompletions(
  answer: McpAnswer,
  completions: ReadonlyMap<JsonRpcId, TemplateCompletion>,
  readable: (uri: string) => boolean,
  /** The authorization webhook's say on the URIs the policies let through, as on a list's. */
  usable?: (uris: readonly string[]) => Promise<boolean[]>,
): McpAnswer {
  return eachMessage(answer, ({ message }) => {
    if (!isResponse(message) || message.id === null) return undefined;
    const asked = completions.get(message.id);
    const completion = (message.result as { completion?: { values?: unknown } } | undefined)?.completion;
    if (asked === undefined || !Array.isArray(completion?.values)) return undefined;
    const values = completion.values as unknown[];
    const uriOf = (value: string) =>
      expandTemplate(asked.template, { ...asked.known, [asked.argument]: value });
    const kept = values.filter(
      (value): value is string => typeof value === 'string' && readable(uriOf(value)),
    );
    const answered = (shown: readonly string[]) => {
      if (shown.length === values.length) return undefined;
      const result = message.result as Record<string, unknown>;
      // the upstream's total counted the values left out
      const { total: _counted, ...rest } = completion as Record<string, unknown>;
      return [envelope({ ...message, result: { ...result, completion: { ...rest, values: shown } } })];
    };
    if (usable === undefined || kept.length === 0) return answered(kept);
    return usable(kept.map(uriOf)).then((allowed) => answered(kept.filter((_, i) => allowed[i])));
  });
}

/**
 * A completion replayed on a resumed stream, with nothing left of what it completed (the template, the
 * argument): its values could name resources the caller may not read, and cannot be judged. They are
 * left out (a completion is a hint; the client asks again).
 */
function withoutReplayedCompletions(answer: McpAnswer): McpAnswer {
  return eachMessage(answer, ({ message }) => {
    if (!isResponse(message)) return undefined;
    const completion = (message.result as { completion?: { values?: unknown } } | undefined)?.completion;
    if (!Array.isArray(completion?.values) || completion.values.length === 0) return undefined;
    const result = message.result as Record<string, unknown>;
    return [envelope({ ...message, result: { ...result, completion: { values: [], hasMore: false } } })];
  });
}

/** The method a target is used with, as list filtering asks about it. */
const USE: Record<McpTarget['kind'], string> = {
  tool: 'tools/call',
  prompt: 'prompts/get',
  resource: 'resources/read',
};

/**
 * The authorization webhook of a server (its own, else its workspace's), when one is set; `missing` when
 * the name leads nowhere usable (deleted, another workspace's), which refuses rather than skips it.
 */
export async function webhookOf(
  config: AccessControlConfig['config'],
  server: Server,
  rules: WorkspaceRules,
): Promise<Webhook | 'missing' | undefined> {
  const workspace = server.workspace ?? 'default';
  const name = server.authzWebhook ?? rules.authzWebhook;
  if (name === undefined) return undefined;
  const webhook = await config.webhookByName(name);
  // a webhook of another workspace never decides here, whatever a name says
  return webhook?.workspace === workspace ? webhook : 'missing';
}

/**
 * One engine per version of a workspace's rules (the reader hands out the same object until they change);
 * a compiled engine is handed out as it is, without a promise to wait for.
 */
function accessEngines(): (rules: WorkspaceRules) => AccessEngine | Promise<AccessEngine> {
  const engines = new WeakMap<WorkspaceRules, AccessEngine | Promise<AccessEngine>>();
  return (rules) => {
    let engine = engines.get(rules);
    if (engine === undefined) {
      // the engine loads with the first rules it judges (no cold start pays for it before)
      const compiling = rulesEngine().then(({ compileAccess }) => compileAccess(rules));
      engine = compiling;
      engines.set(rules, compiling);
      compiling.then(
        (compiled) => engines.set(rules, compiled),
        () => engines.delete(rules),
      );
    }
    return engine;
  };
}

const rulesEngine = onFirstUse(() => import('./rules.js'));

/** The engines of every version of the workspaces' rules, shared by the gate and the access stage. */
export const engines = accessEngines();

/**
 * The server's gate, before the request's body is read: a principal no message could ever be allowed to
 * send to the server (none of its rules admits it, or a deny closes the server to it) gets exactly the
 * answer an unknown server gets, whatever it sends — a malformed body, a denied tool, a GET — so nothing
 * it sends tells a closed server from a missing one, and no stage works for it. Conditions that read a
 * message are not decided here (the access stage decides them on each message).
 */
export function accessGate(
  options: Pick<AccessControlConfig, 'config' | 'audit' | 'publicUrl' | 'clock'>,
): McpStage<RequestContext & Authenticated & Resolved> {
  return {
    name: 'access-gate',
    async run(context, next) {
      const { principal, server, request } = context;
      const rules = await options.config.workspaceRules(principal.workspace);
      const found = engines(rules);
      const engine = found instanceof Promise ? await found : found;
      if (!engine.active) return next(context);
      const gate = engine.decide(
        {
          principal,
          server: server.name,
          method: '',
          target: undefined,
          arguments: undefined,
          headers: request.headers,
          time: options.clock.now(),
        },
        // what depends on a message could still be allowed
        'gate',
      );
      if (gate.allowed || !gate.serverLevel) return next(context);
      const traced = tracedHeaders(server, request.headers);
      options.audit?.enqueue({
        type: 'access.denied',
        workspace: principal.workspace,
        actor: { kind: 'user', id: principal.user, method: principal.method },
        server: server.name,
        reason: gate.reason,
        detail: {
          ...(gate.policy !== undefined ? { policy: gate.policy } : {}),
          ...(traced !== undefined ? { headers: traced } : {}),
        },
      });
      throw unknownServerError(principal.method, request, server.name, options.publicUrl);
    },
  };
}

/**
 * Access policies in the data plane: a principal the server's rules do not admit gets the answer an
 * unknown server gets (see {@link accessGate}); a refused message is answered by the gateway and never forwarded; list answers
 * (every page) hold only the tools, prompts and resources the principal may use.
 */
export function accessControl(
  options: AccessControlConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed, AccessChecked> {
  return {
    name: 'access',
    async run(context, next) {
      const { principal, server, mcp, request } = context;
      const rules = await options.config.workspaceRules(principal.workspace);
      const found = engines(rules);
      const engine = found instanceof Promise ? await found : found;
      const webhook =
        options.webhooks === undefined || (server.authzWebhook ?? rules.authzWebhook) === undefined
          ? undefined
          : await webhookOf(options.config, server, rules);
      const teams = engine.teamsOf(principal);
      options.seen?.touch(principal, () => teams);
      if (!engine.active && webhook === undefined) return next(extend(context, { teams, rules }));
      const time = options.clock.now();
      const traced = tracedHeaders(server, request.headers);
      const denied = (said: string, method?: string, target?: McpTarget, policy?: string) => {
        // a reason names the URI it refused: as the target, without what may carry a credential
        const reason =
          target?.kind === 'resource' ? said.split(target.name).join(auditedUri(target.name)) : said;
        options.audit?.enqueue({
          type: 'access.denied',
          workspace: principal.workspace,
          actor: { kind: 'user', id: principal.user, method: principal.method },
          server: server.name,
          ...(method !== undefined && method !== '' ? { method } : {}),
          ...(target?.kind === 'tool' ? { tool: target.name } : {}),
          reason,
          detail: {
            ...(policy !== undefined ? { policy } : {}),
            ...(target !== undefined
              ? {
                  target: {
                    kind: target.kind,
                    name: target.kind === 'resource' ? auditedUri(target.name) : target.name,
                  },
                }
              : {}),
            ...(traced !== undefined ? { headers: traced } : {}),
          },
        });
      };
      if (webhook === 'missing') {
        // every call refused until the webhook is back: the audit log says why
        const first = mcp.messages.find((m) => m.method !== undefined);
        denied('authz-webhook-missing', first?.method, first?.target);
        throw new GatewayError('access_denied', 'The authorization webhook of this server cannot be found.');
      }
      // a closed server looks exactly like a missing one to this kind of credential
      const hidden = () => unknownServerError(principal.method, request, server.name, options.publicUrl);
      const ask = questionsOf(principal, server.name, request.headers, time, teams);
      /** The answer with the list results `listOf` names holding only what the caller may use. */
      const filterLists = (
        answer: McpAnswer,
        listOf: (
          id: JsonRpcId,
          result: Record<string, unknown> | undefined,
        ) => (typeof LISTS)[string] | undefined,
      ) => {
        const decisions = new Map<string, boolean>();
        const usable = (kind: McpTarget['kind'], name: string) => {
          const key = `${kind}\u0000${name}`;
          let allowed = decisions.get(key);
          if (allowed === undefined) {
            allowed = engine.decide(ask(USE[kind], { kind, name }), 'list').allowed;
            decisions.set(key, allowed);
          }
          return allowed;
        };
        return eachMessage(answer, (item) => {
          const { message } = item;
          if (!isResponse(message) || message.id === null) return undefined;
          const result = message.result as Record<string, unknown> | undefined;
          const list = listOf(message.id, result);
          const items = list === undefined ? undefined : result?.[list.field];
          if (list === undefined || !Array.isArray(items)) return undefined;
          const kept = items.filter((item: Record<string, unknown> | null) => {
            const name = item?.[list.key];
            return typeof name === 'string' && usable(list.kind, name);
          });
          const answered = (shown: unknown[]) =>
            // nothing hidden: the upstream's text goes on as it came (as judged, when it is ambiguous)
            shown.length === items.length
              ? asJudged(item)
              : [envelope({ ...message, result: { ...result, [list.field]: shown } })];
          if (webhook === undefined || options.webhooks === undefined || kept.length === 0)
            return answered(kept);
          // the webhook has its say on what the policies let through, once per distinct item
          const names = [...new Set(kept.map((item: Record<string, string>) => item[list.key]!))];
          return options.webhooks
            .usable(
              webhook,
              { principal, teams, server },
              names.map((name) => ({ kind: list.kind, name })),
              (target) => USE[target.kind],
              list.key === 'uriTemplate',
            )
            .then((allowed) => {
              const shown = new Set(names.filter((_, i) => allowed[i]));
              return answered(kept.filter((item: Record<string, string>) => shown.has(item[list.key]!)));
            });
        });
      };
      if (mcp.messages.length === 0) {
        // GET (listen) and DELETE: only the server's own rules
        const decision = engine.decide(ask(''));
        if (!decision.allowed) {
          denied(decision.reason, request.method, undefined, decision.policy);
          throw hidden();
        }
        const answer = await next(extend(context, { teams, rules }));
        // a GET stream carries responses only as replays of earlier streams (a resumption): any may be a list
        if (mcp.operation !== 'listen') return answer;
        const lists = filterLists(answer, (_, result) => replayedList(result));
        return engine.active || webhook !== undefined ? withoutReplayedCompletions(lists) : lists;
      }
      // a POST whose every request an earlier stage refused (one naming no tool, one of a tool not
      // provisioned), or that carries only the client's answers, still meets the server's own gate: a
      // closed server must not tell its refusals apart from a missing one's 404
      if (!mcp.messages.some((m, index) => m.kind !== 'response' && !mcp.refused.has(index))) {
        const gate = engine.decide(ask(''));
        if (!gate.allowed && gate.serverLevel) {
          denied(gate.reason, undefined, undefined, gate.policy);
          throw hidden();
        }
      }
      const lists = new Map<JsonRpcId, (typeof LISTS)[string]>();
      const completions = new Map<JsonRpcId, TemplateCompletion>();
      const asking: Promise<void>[] = [];
      for (let index = 0; index < mcp.messages.length; index++) {
        const m = mcp.messages[index]!;
        if (m.kind === 'response' || m.method === undefined || mcp.refused.has(index)) continue;
        const args = argumentsOf(m);
        const decision = engine.decide(ask(m.method, m.target, args));
        if (!decision.allowed) {
          denied(decision.reason, m.method, m.target, decision.policy);
          if (decision.serverLevel) throw hidden();
          mcp.refused.set(index, new GatewayError('access_denied', decision.reason));
          continue;
        }
        // the stateless revision's subscriptions (its `resources/subscribe`): each resource judged as one
        const subscription = subscribedResources(m)
          .map((uri): [McpTarget, ReturnType<typeof engine.decide>] => {
            const target: McpTarget = { kind: 'resource', name: uri };
            return [target, engine.decide(ask('resources/subscribe', target))];
          })
          .find(([, judged]) => !judged.allowed);
        if (subscription !== undefined) {
          const [target, judged] = subscription;
          denied(judged.reason, 'resources/subscribe', target, judged.policy);
          if (judged.serverLevel) throw hidden();
          mcp.refused.set(index, new GatewayError('access_denied', judged.reason));
          continue;
        }
        if (webhook !== undefined && m.kind === 'request' && options.webhooks !== undefined) {
          // asked together below, so a batch waits for one webhook round, not one per member; each
          // resource a subscriptions/listen asks to hear of as a subscription to it
          const webhooks = options.webhooks;
          const questions: [string, McpTarget | undefined][] = [
            [m.method, m.target],
            ...subscribedResources(m).map((uri): [string, McpTarget] => [
              'resources/subscribe',
              { kind: 'resource', name: uri },
            ]),
          ];
          for (const [method, target] of questions)
            asking.push(
              webhooks
                .decide(webhook, { principal, teams, server, method, target, arguments: args })
                .then((asked) => {
                  if (asked.allow || mcp.refused.has(index)) return;
                  denied(asked.reason, method, target, `webhook:${webhook.name}`);
                  mcp.refused.set(index, new GatewayError('access_denied', asked.reason));
                }),
            );
        }
        const list = m.method !== undefined && Object.hasOwn(LISTS, m.method) ? LISTS[m.method] : undefined;
        if (list !== undefined && m.kind === 'request') lists.set((m.message as { id: JsonRpcId }).id, list);
        const completing =
          m.kind === 'request' && (engine.active || webhook !== undefined)
            ? templateCompletion(m)
            : undefined;
        if (completing !== undefined) completions.set((m.message as { id: JsonRpcId }).id, completing);
      }
      if (asking.length > 0) await Promise.all(asking);
      let answer = await next(extend(context, { teams, rules }));
      if (completions.size > 0) {
        const webhooks = options.webhooks;
        answer = filterCompletions(
          answer,
          completions,
          (uri) => engine.decide(ask('resources/read', { kind: 'resource', name: uri }), 'list').allowed,
          webhook === undefined || webhooks === undefined
            ? undefined
            : async (uris) => {
                const distinct = [...new Set(uris)];
                const allowed = await webhooks.usable(
                  webhook,
                  { principal, teams, server },
                  distinct.map((name) => ({ kind: 'resource' as const, name })),
                  () => 'resources/read',
                );
                const shown = new Set(distinct.filter((_, i) => allowed[i]));
                return uris.map((uri) => shown.has(uri));
              },
        );
      }
      if (lists.size === 0) return answer;
      return filterLists(answer, (id) => lists.get(id));
    },
  };
}
