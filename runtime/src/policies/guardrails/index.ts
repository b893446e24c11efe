/**
 * Guardrails (`/v1/guardrails`) on what flows between a client and a server, both ways: a tool call's
 * arguments on the way in and its result on the way out (JSON and SSE answers alike, through the answer's
 * message stream), a prompt's arguments and messages, a resource's contents. Each is scanned by every
 * guardrail of the workspace whose servers, tools and direction cover it, in name order; a guardrail
 * naming tools covers those tools' calls only. A blocked input is answered by the gateway and never
 * forwarded; a blocked output is replaced by an error for its request; redaction rewrites the payload in
 * place. Every finding is an audit event, with counts per detector and never the data itself.
 *
 * What may belong to any tool's call is scanned by every guardrail of the server, whatever tools it
 * names: a response the stage cannot tie to a request of the same POST (replayed on a resumed GET
 * stream, or answering an id nobody asked with) and the server's own requests to the client (a sampling
 * request's messages, an elicitation's text) by the output guardrails; the client's answers to those
 * requests (what a user typed into an elicitation, a sampled message) by the input guardrails. A blocked
 * server request never reaches the client: the gateway answers the server with the error instead, as
 * it does for a blocked answer of the client. The text of the server's notifications (a log message's
 * data, a progress or task status message, a cancellation's reason) is scanned by the same output
 * guardrails' detectors, not by their scanner webhooks (a stream carries them by the thousand): a blocked
 * notification is dropped, a redacted one rewritten. A client's notifications go through the input
 * guardrails of the server (they are few): a blocked one is not sent.
 *
 * A guardrail with `definitions` also scans the entries of list answers (tools, prompts, resources and
 * templates: what a model reads to choose a tool, where a poisoned description hides instructions) and
 * the `instructions` of an `initialize` answer, by its detectors alone: a blocked entry is left out of
 * the list (blocked instructions are left out of the answer), a redacted one rewritten. A list is read
 * often and alike: an entry's finding is recorded once an hour per instance. A call of a tool whose
 * definition is blocked is refused: the definition is read from the server's tool catalog, so it is
 * refused on every instance once any has listed the tool.
 *
 * A tool call run as a task (`params.task`, 2025-11-25) answers with the task; its result comes later,
 * to `tasks/result`. That result is scanned as the tool's output: by the guardrails covering the tool the
 * task was created for (remembered by this instance), or, when that is not known here, by every output
 * guardrail of the server, whatever tools it names. A task's status (`tasks/get`, `tasks/list`,
 * `tasks/cancel`) is scanned as a result of the server.
 */

import type { AuditSink } from '../../audit/log.js';
import type { CatalogCache } from '../../catalog/cache.js';
import { type CatalogTool, type ToolCatalog, toCatalogTool } from '../../catalog/tools.js';
import type { ConfigReader, Guardrail, WorkspaceRules } from '../../core/config.js';
import { auditedUri, shortHash } from '../../core/digest.js';
import { GatewayError, isGatewayMade, toJsonRpcError } from '../../core/errors.js';
import { onFirstUse } from '../../core/lazy.js';
import { lruCache } from '../../core/lru.js';
import { loadPatternEngine } from '../../core/pattern-engine.js';
import { asJudged, drainItems, eachMessage, envelope, errorEnvelope } from '../../mcp/answer.js';
import type {
  AccessChecked,
  Authenticated,
  McpStage,
  Parsed,
  RequestContext,
  Resolved,
} from '../../mcp/context.js';
import {
  errorResponse,
  isRequest,
  isResponse,
  type JsonRpcId,
  type JsonRpcResponse,
} from '../../mcp/jsonrpc.js';
import { describe, type McpView, rewrite } from '../../mcp/view.js';
import { tracedHeaders } from '../../telemetry/headers.js';
import type { WebhookDeps } from '../../webhooks/call.js';
import { covers, type Scoped, scopesPerVersion } from '../scope.js';
import { CompiledGuardrail } from './scan.js';

/** Scanner webhooks' code, loaded with the first guardrail that asks one. */
const scanners = onFirstUse(() => import('./webhook.js'));

export interface GuardrailsConfig {
  config: Pick<ConfigReader, 'webhookByName'>;
  /** Outbound calls to scanner webhooks; guardrails with a webhook block (fail closed) without. */
  webhooks?: WebhookDeps;
  audit?: Pick<AuditSink, 'enqueue'>;
  /**
   * The servers' tool catalogs: a call of a tool whose definition a guardrail with `definitions` blocks
   * is refused, whichever instance listed it.
   */
  catalogs?: Pick<CatalogCache, 'get'>;
  /** Told what went wrong in the background (a refused server request that could not be answered). */
  log?: (line: string) => void;
}

/** The JSON-RPC code of a guardrail's refusal. */
const GUARDRAIL_CODE = toJsonRpcError(new GatewayError('guardrail_blocked', '')).code;

/** What a payload belongs to: a tool call, a prompt, a resource, or a message no request names. */
export interface Subject {
  kind:
    | 'tool'
    | 'prompt'
    | 'resource'
    | 'instructions'
    | 'server-request'
    | 'notification'
    | 'client-answer'
    | 'method'
    | 'unattributed';
  /**
   * The tool or prompt name, the resource URI, the server request's or notification's method, another
   * request's method (`method`: one MCP does not define, a vendor's); else empty.
   */
  name: string;
  /** For a prompt or resource: `completion/complete` when what is scanned is a completion of it. */
  method?: string;
}

export interface GuardrailVerdict {
  guardrail: Guardrail;
  direction: 'input' | 'output';
  action: 'block' | 'redact' | 'log';
  /** Findings per detector; `webhook` for the scanner's own verdict. */
  counts: Record<string, number>;
  subject: Subject;
}

type Direction = GuardrailVerdict['direction'];

/** How an error and an audit event name what was scanned (`name` as it may be shown). */
function describeSubject({ kind, method }: Subject, name: string, direction: Direction): string {
  if (method !== undefined && Object.hasOwn(LISTED, method)) return `the definition of ${kind} "${name}"`;
  if (method === 'completion/complete')
    return `${direction === 'input' ? 'the argument to complete of' : 'the completions for'} ${kind} "${name}"`;
  switch (kind) {
    case 'tool':
      return direction === 'input' ? `the arguments of tool "${name}"` : `the result of tool "${name}"`;
    case 'prompt':
      return direction === 'input' ? `the arguments of prompt "${name}"` : `the messages of prompt "${name}"`;
    case 'resource':
      return direction === 'input' ? `the URI of resource "${name}"` : `the contents of resource "${name}"`;
    case 'server-request':
      return `a ${name} request of this server`;
    case 'notification':
      return `a ${name} notification of ${direction === 'input' ? 'the client' : 'this server'}`;
    case 'client-answer':
      return 'an answer of the client';
    case 'method':
      return direction === 'input' ? `the params of method ${name}` : `the result of method ${name}`;
    case 'unattributed':
      return 'a result of this server';
    case 'instructions':
      return "the server's instructions";
  }
}

type Params = Record<string, unknown>;

/**
 * `text` with each run of percent-escapes decoded as lenient decoders read it: bytes that are no UTF-8
 * become U+FFFD and the rest of the run still reads (one stray byte hides nothing that follows it).
 */
function percentDecoded(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'),
  );
}

/**
 * The requests whose payloads guardrails scan: what of the request goes in (`input`; none when nothing
 * does), and how a redacted input is put back.
 */
const SCANNED: Record<
  string,
  { input: (params: Params) => unknown; put: (params: Params, value: unknown) => Params }
> = {
  'tools/call': {
    input: (params) => params['arguments'] ?? {},
    put: (params, value) => ({ ...params, arguments: value }),
  },
  'prompts/get': {
    input: (params) => params['arguments'] ?? {},
    put: (params, value) => ({ ...params, arguments: value }),
  },
  // a URI may carry what a template was filled with, percent-encoded as templates expand it: read as the
  // server decodes it too. The decoded form goes in as a key: a finding only it shows cannot be redacted
  // in place (its escapes, `%2F` among them, would not come back as they were), so it blocks
  'resources/read': {
    input: (params) => {
      const uri = params['uri'];
      const decoded = typeof uri === 'string' ? percentDecoded(uri) : uri;
      return typeof decoded === 'string' && decoded !== uri ? { uri, decoded: { [decoded]: true } } : { uri };
    },
    put: (params, value) => ({ ...params, uri: (value as { uri: unknown }).uri }),
  },
  // what `resources/read` would send, said ahead (its updates then name it)
  'resources/subscribe': {
    input: (params) => SCANNED['resources/read']!.input(params),
    put: (params, value) => SCANNED['resources/read']!.put(params, value),
  },
  // what a person types into a prompt's or template's argument, as they type it
  'completion/complete': {
    input: (params) => ({ argument: params['argument'], context: params['context'] }),
    put: (params, value) => ({ ...params, ...(value as Params) }),
  },
};

/**
 * The list answers whose entries a guardrail with `definitions` scans: the result's member holding them,
 * what an entry is, and the field naming it.
 */
const LISTED: Record<string, { key: string; kind: 'tool' | 'prompt' | 'resource'; named: string }> = {
  'tools/list': { key: 'tools', kind: 'tool', named: 'name' },
  'prompts/list': { key: 'prompts', kind: 'prompt', named: 'name' },
  'resources/list': { key: 'resources', kind: 'resource', named: 'uri' },
  'resources/templates/list': { key: 'resourceTemplates', kind: 'resource', named: 'uriTemplate' },
};

/** The answers carrying a server's `instructions`: `initialize`, and `server/discover` (2026-07-28). */
const INSTRUCTED: ReadonlySet<string> = new Set(['initialize', 'server/discover']);

/** A redacted entry longer than this (JSON) is judged again at every listing, not kept (memory). */
const MAX_KEPT_REDACTION = 8 * 1024;

/** How long a finding in a listed entry is not recorded again (per instance): lists are read often. */
const DEFINITION_RECORDED_MS = 3600_000;

/** The server notifications that carry text, and which of their params do. */
const NOTIFIED: Record<string, readonly string[]> = {
  'notifications/message': ['logger', 'data'],
  'notifications/progress': ['message'],
  'notifications/tasks/status': ['statusMessage'],
  'notifications/cancelled': ['reason'],
};

/** The notifications MCP defines for clients: their text is {@link notifiedText}'s; any other is a vendor's. */
const CLIENT_NOTIFICATIONS = new Set([
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
  'notifications/tasks/status',
]);
type ClientNotification = { jsonrpc: '2.0'; method: string; params?: Params };

/** The notifications MCP defines for servers: their text is {@link notifiedText}'s; any other is a vendor's. */
const SERVER_NOTIFICATIONS = new Set([
  ...Object.keys(NOTIFIED),
  'notifications/resources/updated',
  'notifications/resources/list_changed',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/elicitation/complete',
]);

/** `_meta` keys that are identifiers, not content: trace context, and the protocol's own (a progress token, reserved prefixes). */
const TRACE_KEYS = new Set(['traceparent', 'tracestate', 'baggage']);
const protocolMetaKey = (key: string) => {
  if (key === 'progressToken' || TRACE_KEYS.has(key)) return true;
  const slash = key.indexOf('/');
  if (slash <= 0) return false;
  // reserved: `modelcontextprotocol` or `mcp` followed by a label (`mcp.dev/`), and the revision's own
  // reverse-DNS prefix (`io.modelcontextprotocol/`)
  const labels = key.slice(0, slash).split('.');
  return (
    labels.join('.') === 'io.modelcontextprotocol' ||
    labels.slice(0, -1).some((l) => l === 'modelcontextprotocol' || l === 'mcp')
  );
};

/** A request's `_meta` split into the protocol's part and the client's own (undefined when it has none). */
function splitMeta(meta: unknown): { protocol: Params; own?: Params } {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return { protocol: {} };
  const protocol: Params = {};
  const own: Params = {};
  for (const [key, value] of Object.entries(meta as Params))
    (protocolMetaKey(key) ? protocol : own)[key] = value;
  return Object.keys(own).length === 0 ? { protocol } : { protocol, own };
}

/**
 * The text-bearing params of a notification (names, and values in a list: what is scanned is the values,
 * never the names the protocol gives them), or undefined when it has none.
 */
function notifiedText(
  method: string,
  params: Params | undefined,
): { fields: string[]; values: unknown[] } | undefined {
  const named = Object.hasOwn(NOTIFIED, method) ? NOTIFIED[method] : undefined;
  if (named === undefined || params === undefined) return undefined;
  const fields = named.filter((field) => params[field] !== undefined);
  return fields.length === 0 ? undefined : { fields, values: fields.map((field) => params[field]) };
}

interface Judged {
  /** The payload to go on with (redacted when a guardrail redacted). */
  value: unknown;
  blocked?: GatewayError;
}

const describeCounts = (counts: Record<string, number>) => Object.keys(counts).sort().join(', ');

/** Compiled once per version of a workspace's rules, like the other scoped policies. */
const compiledOf = (() => {
  const scopes = scopesPerVersion((rules) => rules.guardrails);
  const compiled = new WeakMap<
    WorkspaceRules,
    { scope: Scoped<Guardrail>; guardrail: CompiledGuardrail }[]
  >();
  return async (rules: WorkspaceRules) => {
    let found = compiled.get(rules);
    if (found === undefined) {
      const scoped = scopes(rules);
      // own patterns need their engine, loaded on first use
      if (scoped.some(({ rule }) => (rule.patterns ?? []).length > 0)) await loadPatternEngine();
      found = scoped
        .map((scope) => ({ scope, guardrail: new CompiledGuardrail(scope.rule) }))
        .sort((a, b) => a.scope.rule.name.localeCompare(b.scope.rule.name));
      compiled.set(rules, found);
    }
    return found;
  };
})();

const unattributedSubject: Subject = { kind: 'unattributed', name: '' };

/** A catalog's tools by name, made once per catalog read (a call looks its tool up by name). */
const byName = new WeakMap<ToolCatalog, Map<string, CatalogTool>>();
function toolsByName(catalog: ToolCatalog): Map<string, CatalogTool> {
  let tools = byName.get(catalog);
  if (tools === undefined) {
    tools = new Map(catalog.tools.map((tool) => [tool.name, tool]));
    byName.set(catalog, tools);
  }
  return tools;
}

/** How long a task's tool is remembered: longer than a client usually takes to fetch its result. */
const TASK_MEMORY_MS = 24 * 3600_000;

/** Task requests whose answers hold no tool's result, only a task's status: the server's own words. */
const TASK_STATUS = new Set(['tasks/get', 'tasks/list', 'tasks/cancel']);
/** The task methods MCP defines: any other `tasks/` method is a vendor's (scanned as such). */
const isTaskMethod = (method: string | undefined) =>
  method !== undefined && (TASK_STATUS.has(method) || method === 'tasks/result');
/**
 * The client requests MCP defines that carry no content of their own (what the others carry is scanned as
 * what they are). A request of any other method (a vendor's) has its params and its result scanned by
 * the server's guardrails: a method the gateway does not know is no way around them.
 */
const CONTENTLESS = new Set([
  'initialize',
  'ping',
  'logging/setLevel',
  'resources/unsubscribe',
  'server/discover',
  'subscriptions/listen',
]);
/**
 * The params members MCP gives the requests it defines, content or not (what of them is content is
 * scanned as what it is, above). Any other member (a client's own, `params.note`) reaches the server all
 * the same: scanned as content. The stateless revision's retry members come with any request.
 */
const DEFINED_PARAMS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    initialize: ['protocolVersion', 'capabilities', 'clientInfo'],
    ping: [],
    'logging/setLevel': ['level'],
    'server/discover': [],
    'tools/call': ['name', 'arguments', 'task'],
    'prompts/get': ['name', 'arguments'],
    'resources/read': ['uri'],
    'resources/subscribe': ['uri'],
    'resources/unsubscribe': ['uri'],
    'completion/complete': ['ref', 'argument', 'context'],
    'tools/list': ['cursor'],
    'prompts/list': ['cursor'],
    'resources/list': ['cursor'],
    'resources/templates/list': ['cursor'],
    'tasks/list': ['cursor'],
    'tasks/get': ['taskId'],
    'tasks/result': ['taskId'],
    'tasks/cancel': ['taskId'],
  }).map(([method, names]) => [method, new Set([...names, '_meta', 'inputResponses', 'requestState'])]),
);

/** A defined request's params members MCP does not give it (see `DEFINED_PARAMS`), or undefined. */
function undefinedMembers(method: string, params: Params | undefined): Params | undefined {
  const defined = DEFINED_PARAMS[method];
  if (defined === undefined || params === undefined) return undefined;
  const extra = Object.entries(params).filter(([name]) => !defined.has(name));
  return extra.length === 0 ? undefined : Object.fromEntries(extra);
}

/** A vendor method's params as scanned: all but the protocol's own `_meta` (a progress token, the era's fields). */
const VENDOR: (typeof SCANNED)[string] = {
  input: ({ _meta: _protocol, ...content }) => content,
  put: (params, value) => ({
    ...(value as Params),
    ...(params['_meta'] !== undefined ? { _meta: params['_meta'] } : {}),
  }),
};
/**
 * A server's vendor notification as scanned on the way out: all of its params but the protocol's own
 * `_meta` (the server's own `_meta` keys are scanned with the rest, as a client's are).
 */
const VENDOR_NOTIFIED: (typeof SCANNED)[string] = {
  input: (params) => {
    const { _meta: meta, ...content } = params;
    const { own } = splitMeta(meta);
    return own === undefined ? content : { ...content, _meta: own };
  },
  put: (params, value) => {
    const { protocol } = splitMeta(params['_meta']);
    const { _meta: own, ...content } = value as Params;
    const meta = { ...protocol, ...(own as Params | undefined) };
    return { ...content, ...(Object.keys(meta).length > 0 ? { _meta: meta } : {}) };
  },
};
const KNOWN_ELSEWHERE = (method: string) =>
  CONTENTLESS.has(method) ||
  Object.hasOwn(SCANNED, method) ||
  Object.hasOwn(LISTED, method) ||
  isTaskMethod(method);

const applies = (rule: Guardrail, direction: Direction) =>
  (rule.direction ?? 'both') === 'both' || rule.direction === direction;

/** A task id remembered for two tools' tasks: its result is judged as any tool's. */
const AMBIGUOUS_TASK = '';

export function guardrails(
  options: GuardrailsConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed & AccessChecked> {
  /** Server requests answered with a refusal already (a resumed stream replays them). */
  const answered = lruCache<string, true>(10_000);
  /** The tool each task was created for, by server and task id: its result is that tool's output. */
  const taskTools = lruCache<string, string>(10_000, { ttl: TASK_MEMORY_MS });
  /** Findings in listed entries recorded lately (a guardrail's version, the server, the entry, the action). */
  const definitionsRecorded = lruCache<string, true>(10_000, { ttl: DEFINITION_RECORDED_MS });
  /**
   * Listed entries judged lately, by a digest of the guardrails' versions, the server and the entry: a
   * list comes back alike on every listing, and scanning hundreds of definitions each time would cost
   * more than the call. What a judged entry became (null: left out); its findings were recorded then.
   */
  const definitionsJudged = lruCache<string, { unchanged: true } | { entry: unknown }>(5_000, {
    ttl: DEFINITION_RECORDED_MS,
  });
  /** Tools this instance left out of lists, by the guardrails' versions, the server and the name. */
  /** Tools this instance left out of a list: the refusal, and the definition's hash as a catalog holds it. */
  const toolsLeftOut = lruCache<string, { refusal: GatewayError; hash: string | undefined }>(5_000, {
    ttl: DEFINITION_RECORDED_MS,
  });
  /** Catalog definitions judged for calls, by the guardrails' versions and the definition's hash. */
  const callsJudged = lruCache<string, { refusal: GatewayError | null }>(5_000, {
    ttl: DEFINITION_RECORDED_MS,
  });
  return {
    name: 'guardrails',
    async run(context, next) {
      const { principal, server, mcp, rules } = context;
      if (rules.guardrails.length === 0) return next(context);
      const all = await compiledOf(rules);
      const traced = tracedHeaders(server, context.request.headers);

      /** Notification findings recorded for this answer: a stream's thousands of log lines make one each. */
      const notified = new Set<string>();
      /** How a finding is recorded: on the request's trace and as an audit event (counts, never the data). */
      const record = (
        rule: Guardrail,
        direction: Direction,
        subject: Subject,
        type: 'blocked' | 'redacted' | 'logged',
        counts: Record<string, number>,
        name: string,
        /** What a scanner webhook said of its verdict: for the audit, never the client (it may quote its find). */
        scannerReason?: string,
        /** The event's reason, when it is not a finding. */
        reason = `Guardrail "${rule.name}" found ${describeCounts(counts)} in the ${direction}.`,
      ) => {
        if (subject.kind === 'notification') {
          const once = `${rule.name}#${type}#${subject.name}`;
          if (notified.has(once)) return;
          notified.add(once);
        }
        if (
          subject.method !== undefined &&
          (Object.hasOwn(LISTED, subject.method) || INSTRUCTED.has(subject.method))
        ) {
          const once = JSON.stringify([rule.id, rule.version, server.id ?? server.name, subject, type]);
          if (definitionsRecorded.has(once)) return;
          definitionsRecorded.set(once, true);
        }
        context.trace?.guardrail({
          guardrail: rule,
          direction,
          action: type === 'blocked' ? 'block' : type === 'redacted' ? 'redact' : 'log',
          counts,
          subject: { ...subject, name },
        });
        options.audit?.enqueue({
          type: `guardrail.${type}`,
          workspace: principal.workspace,
          actor: { kind: 'user', id: principal.user, method: principal.method },
          server: server.name,
          ...(subject.kind === 'tool' ? { tool: subject.name } : {}),
          ...(subject.kind === 'server-request' ||
          subject.kind === 'notification' ||
          subject.kind === 'method'
            ? { method: subject.name }
            : {}),
          reason,
          detail: {
            guardrail: rule.name,
            direction,
            findings: counts,
            ...(subject.kind === 'prompt' ? { prompt: name } : {}),
            // without what may carry a credential (a signed URL's signature): viewers read the audit log
            ...(subject.kind === 'resource' ? { resource: auditedUri(name) } : {}),
            ...(subject.method !== undefined ? { method: subject.method } : {}),
            ...(traced !== undefined ? { headers: traced } : {}),
            ...(scannerReason !== undefined ? { scannerReason } : {}),
          },
        });
      };

      /**
       * A resource's URI as a refusal, a trace and the audit show it: what a guardrail finds in it, in either
       * form, redacted. What a scanner webhook found in it is not known here: then none of it is shown.
       */
      const shown = (guardrail: CompiledGuardrail, subject: Subject, counts: Record<string, number>) => {
        if (subject.kind !== 'resource') return subject.name;
        if (Object.hasOwn(counts, 'webhook')) return '[REDACTED:webhook]';
        const redacted = (guardrail.scan(subject.name, true).redacted as string | undefined) ?? subject.name;
        // what only the decoded form shows cannot be placed in the URI as sent: the decoded form, redacted
        const decoded = percentDecoded(redacted);
        const hidden = guardrail.scan(decoded, true).redacted as string | undefined;
        return hidden ?? redacted;
      };

      const refusal = (
        guardrail: CompiledGuardrail,
        direction: Direction,
        subject: Subject,
        current: unknown,
        counts: Record<string, number>,
        why: string,
        scannerReason?: string,
      ): Judged => {
        const { rule } = guardrail;
        const name = shown(guardrail, subject, counts);
        record(rule, direction, subject, 'blocked', counts, name, scannerReason);
        return {
          value: current,
          blocked: new GatewayError(
            'guardrail_blocked',
            `Guardrail "${rule.name}" blocked ${describeSubject(subject, name, direction)}: ${why}.`,
            { data: { code: 'guardrail_blocked', guardrail: rule.name, direction } },
          ),
        };
      };

      /** One guardrail's detectors: the payload to go on with (redacted, when it redacts), or the refusal. */
      const detect = (
        guardrail: CompiledGuardrail,
        direction: Direction,
        subject: Subject,
        current: unknown,
      ): Judged => {
        const { rule } = guardrail;
        const action = rule.action ?? 'block';
        const scanned = guardrail.scan(
          current,
          action === 'redact',
          direction === 'output',
          subject.method !== undefined && TASK_STATUS.has(subject.method),
        );
        if (Object.keys(scanned.counts).length === 0) return { value: current };
        if (action === 'block' || (action === 'redact' && scanned.unredactable)) {
          const holds =
            direction === 'input' && subject.kind !== 'client-answer' && subject.kind !== 'notification'
              ? 'they hold'
              : 'it holds';
          return refusal(
            guardrail,
            direction,
            subject,
            current,
            scanned.counts,
            `${holds} ${describeCounts(scanned.counts)}`,
          );
        }
        const type = action === 'redact' ? 'redacted' : 'logged';
        record(rule, direction, subject, type, scanned.counts, shown(guardrail, subject, scanned.counts));
        return { value: action === 'redact' ? (scanned.redacted ?? current) : current };
      };

      /** One guardrail's scanner webhook, asked after its detectors. */
      const ask = async (
        guardrail: CompiledGuardrail,
        direction: Direction,
        subject: Subject,
        current: unknown,
      ): Promise<Judged> => {
        const { rule } = guardrail;
        // refused for want of an answer: the audit names why (a rotated secret's 401 from a finding apart)
        const refuse = (why: string) =>
          refusal(guardrail, direction, subject, current, { webhook: 1 }, why, why);
        /** Let through unscanned, and never unnoticed: the audit says why. */
        const unscanned = (reason: string, scannerReason?: string): Judged => {
          record(
            rule,
            direction,
            subject,
            'logged',
            {},
            shown(guardrail, subject, {}),
            scannerReason,
            reason,
          );
          return { value: current };
        };
        const webhook = await options.config.webhookByName(rule.webhook!);
        if (webhook === undefined || webhook.workspace !== rule.workspace || options.webhooks === undefined) {
          const why = `its scanner webhook "${rule.webhook}" cannot be asked`;
          if (rule.action !== 'log') return refuse(why);
          // a dry run lets the payload pass, as it would whatever its scanner said
          return unscanned(
            `Guardrail "${rule.name}" (action log) let the ${direction} through unscanned: ${why}.`,
          );
        }
        const verdict = await (await scanners()).askScanner(options.webhooks, webhook, {
          guardrail: rule,
          direction,
          workspace: principal.workspace,
          user: principal.user,
          server: server.name,
          tool: subject.kind === 'tool' ? subject.name : '',
          payload: current,
        });
        // a scanner that could not be asked, its webhook failing open
        if (verdict.action === 'allow' && verdict.failed === true)
          return unscanned(
            `Guardrail "${rule.name}" let the ${direction} through unscanned: its scanner webhook failed (fail open).`,
            verdict.reason,
          );
        // a `log` guardrail (a dry run) only records what its scanner would have done
        if (rule.action === 'log' && verdict.action !== 'allow') {
          record(
            rule,
            direction,
            subject,
            'logged',
            { webhook: 1 },
            shown(guardrail, subject, { webhook: 1 }),
            verdict.reason,
          );
          return { value: current };
        }
        if (verdict.action === 'block' && verdict.failed === true) return refuse(verdict.reason);
        if (verdict.action === 'block')
          return refusal(
            guardrail,
            direction,
            subject,
            current,
            { webhook: 1 },
            'its scanner webhook refused it',
            verdict.reason,
          );
        if (verdict.action !== 'redact') return { value: current };
        const payload = verdict.payload;
        // what it redacted, in kind: an object for an object, a string for a result that is a string
        const object = (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value);
        if (object(current) ? !object(payload) : typeof payload !== typeof current)
          return refuse(
            `its scanner webhook answered a payload that is not ${object(current) ? 'an object' : `a ${typeof current}`}`,
          );
        record(
          rule,
          direction,
          subject,
          'redacted',
          { webhook: 1 },
          shown(guardrail, subject, { webhook: 1 }),
          verdict.reason,
        );
        return { value: payload };
      };

      /** Every applicable guardrail in turn, each on what the one before let through. */
      const judge = async (
        direction: Direction,
        subject: Subject,
        value: unknown,
        applicable: readonly CompiledGuardrail[],
      ): Promise<Judged> => {
        let current = value;
        for (const guardrail of applicable) {
          let judged = detect(guardrail, direction, subject, current);
          if (judged.blocked === undefined && guardrail.rule.webhook !== undefined)
            judged = await ask(guardrail, direction, subject, judged.value);
          if (judged.blocked !== undefined) return judged;
          current = judged.value;
        }
        return { value: current };
      };

      /** What may belong to any tool's call: scanned by the server alone, whatever tools a guardrail names. */
      const serverWide = (direction: Direction) =>
        all
          .filter(({ scope }) => applies(scope.rule, direction) && (scope.servers?.(server.name) ?? true))
          .map((c) => c.guardrail);
      const toolOutputs = (tool: string) => {
        const call = describe({ jsonrpc: '2.0', id: 0, method: 'tools/call', params: { name: tool } });
        return all
          .filter(({ scope }) => applies(scope.rule, 'output') && covers(scope, server.name, call))
          .map((c) => c.guardrail);
      };
      const outputs = new Map<JsonRpcId, { subject: Subject; applicable: CompiledGuardrail[] }>();
      // a task is the caller's (task ids may repeat across callers): remembered per server and principal
      const taskKey = (taskId: string) =>
        `${server.id ?? server.name}#${principal.workspace}#${principal.user}#${taskId}`;
      /** Calls run as tasks in this POST: the tool each answer's task is for. */
      const taskCalls = new Map<JsonRpcId, string>();
      /** List requests of this POST whose entries are scanned, by id: their method. */
      const listings = new Map<JsonRpcId, string>();
      const definers = all.filter(
        ({ scope }) =>
          scope.rule.definitions === true &&
          applies(scope.rule, 'output') &&
          (scope.servers?.(server.name) ?? true),
      );
      let definersKey: string | undefined;
      const definersOf = () =>
        (definersKey ??= JSON.stringify([
          server.id ?? server.name,
          definers.map(({ scope }) => [scope.rule.id ?? scope.rule.name, scope.rule.version]),
        ]));
      /**
       * A tool left out of lists is not called either: as this instance left it out (judged whole, its
       * `_meta` too), or by its definition as the catalog holds it (whoever listed it), judged as a
       * listed entry is. Neither known (a paged list another instance read, an unreadable catalog): let
       * through.
       */
      const definitionRefusal = async (name: string): Promise<GatewayError | undefined> => {
        const covering = definers.filter(({ scope }) => scope.tools === undefined || scope.tools(name));
        if (covering.length === 0) return undefined;
        // what this instance left out wins while the catalog holds that definition (it keeps less of it
        // than a list shows: its `_meta`) or none; a definition listed since (elsewhere) is judged anew
        const leftOut = toolsLeftOut.get(`${definersOf()}\u0000${name}`);
        const catalog = await options.catalogs?.get(server.id ?? server.name).catch(() => undefined);
        const tool = catalog === undefined ? undefined : toolsByName(catalog).get(name);
        if (leftOut !== undefined && (tool === undefined || tool.hash === leftOut.hash))
          return leftOut.refusal;
        if (tool === undefined) return undefined;
        const key = `${definersOf()}\u0000${tool.hash}`;
        let judged = callsJudged.get(key);
        if (judged === undefined) {
          const { hash: _hash, priorHash: _prior, abridged: _abridged, ...definition } = tool;
          const subject: Subject = { kind: 'tool', name, method: 'tools/list' };
          judged = { refusal: null };
          // in turn, each on what the one before left (redacted), as a listed entry is judged
          let current: unknown = definition;
          for (const { guardrail } of covering) {
            const verdict = detect(guardrail, 'output', subject, current);
            if (verdict.blocked !== undefined) {
              judged = { refusal: verdict.blocked };
              break;
            }
            current = verdict.value;
          }
          callsJudged.set(key, judged);
        }
        return judged.refusal ?? undefined;
      };
      /**
       * A client's notification, by the server's input guardrails: its text (a cancellation's reason, a
       * progress message; a vendor notification's params) and its own `_meta`. A blocked one is not sent
       * (nothing answers it), but a cancellation still cancels, without its reason.
       */
      const clientNotification = async (
        message: ClientNotification,
        inputs: CompiledGuardrail[],
      ): Promise<ClientNotification | GatewayError> => {
        const subject: Subject = { kind: 'notification', name: message.method };
        const params = message.params;
        if (params === undefined) return message;
        const blocked = (refusal: GatewayError) => {
          if (message.method !== 'notifications/cancelled') return refusal;
          const { reason: _reason, _meta: meta, ...kept } = params;
          const { protocol } = splitMeta(meta);
          return {
            ...message,
            params: { ...kept, ...(Object.keys(protocol).length > 0 ? { _meta: protocol } : {}) },
          };
        };
        let sent: Params = params;
        const text = CLIENT_NOTIFICATIONS.has(message.method)
          ? notifiedText(message.method, params)
          : { fields: [], values: VENDOR.input(params) };
        if (text !== undefined) {
          const judged = await judge('input', subject, text.values, inputs);
          if (judged.blocked !== undefined) return blocked(judged.blocked);
          if (judged.value !== text.values)
            if (text.fields.length === 0) sent = VENDOR.put(params, judged.value);
            else {
              sent = { ...params };
              for (const [i, field] of text.fields.entries()) sent[field] = (judged.value as unknown[])[i];
            }
        }
        const { protocol, own } = splitMeta(sent['_meta']);
        if (own !== undefined) {
          const meta = await judge('input', subject, own, inputs);
          if (meta.blocked !== undefined) return blocked(meta.blocked);
          if (meta.value !== own) sent = { ...sent, _meta: { ...protocol, ...(meta.value as Params) } };
        }
        return sent === params ? message : { ...message, params: sent };
      };

      for (let index = 0; index < mcp.messages.length; index++) {
        let m = mcp.messages[index]!;
        // what the client answers to a stateless server's `input_required` (2026-07-28) comes back with
        // the request it retries: scanned as a session's client answers are
        const retried = m.kind === 'request' ? (m.message as { params?: Params }).params : undefined;
        const given = retried?.['inputResponses'];
        if (given !== undefined && !mcp.refused.has(index)) {
          const answers = serverWide('input');
          if (answers.length > 0) {
            const judged = await judge('input', { kind: 'client-answer', name: '' }, given, answers);
            if (judged.blocked !== undefined) {
              mcp.refused.set(index, judged.blocked);
              continue;
            }
            if (judged.value !== given) {
              rewrite(mcp, index, {
                ...m.message,
                params: { ...retried, inputResponses: judged.value },
              } as typeof m.message);
              m = mcp.messages[index]!;
            }
          }
        }
        // members of a defined request's params that MCP does not define: no way around the guardrails
        const extra = m.kind === 'request' ? undefinedMembers(m.method!, retried) : undefined;
        if (extra !== undefined && !mcp.refused.has(index)) {
          const target = m.target;
          const scanners =
            target === undefined
              ? serverWide('input')
              : all
                  .filter(({ scope }) => applies(scope.rule, 'input') && covers(scope, server.name, m))
                  .map((c) => c.guardrail);
          const subject: Subject =
            target === undefined
              ? { kind: 'method', name: m.method! }
              : { kind: target.kind, name: target.name };
          const judged = scanners.length === 0 ? undefined : await judge('input', subject, extra, scanners);
          if (judged?.blocked !== undefined) {
            mcp.refused.set(index, judged.blocked);
            continue;
          }
          if (judged !== undefined && judged.value !== extra) {
            // the defined members as they are, the others as judged (a member a webhook left out is gone;
            // one it named that MCP defines is not the webhook's to change)
            const defined = DEFINED_PARAMS[m.method!]!;
            const params = (mcp.messages[index]!.message as { params?: Params }).params ?? {};
            const kept = Object.entries(params).filter(([name]) => defined.has(name));
            const judgedMembers =
              typeof judged.value === 'object' && judged.value !== null && !Array.isArray(judged.value)
                ? Object.entries(judged.value).filter(([name]) => !defined.has(name))
                : [];
            rewrite(mcp, index, {
              ...m.message,
              params: Object.fromEntries([...kept, ...judgedMembers]),
            } as typeof m.message);
            m = mcp.messages[index]!;
          }
        }
        if (
          m.kind === 'request' &&
          m.method === 'tools/call' &&
          m.target !== undefined &&
          definers.length > 0 &&
          !mcp.refused.has(index)
        ) {
          const refusal = await definitionRefusal(m.target.name);
          if (refusal !== undefined) {
            mcp.refused.set(index, refusal);
            continue;
          }
        }
        if (
          m.kind === 'request' &&
          definers.length > 0 &&
          (Object.hasOwn(LISTED, m.method!) || INSTRUCTED.has(m.method!))
        ) {
          if (!mcp.refused.has(index)) listings.set((m.message as { id: JsonRpcId }).id, m.method!);
          continue;
        }
        if (m.kind === 'request' && isTaskMethod(m.method)) {
          const id = (m.message as { id: JsonRpcId }).id;
          const taskId = (m.message as { params?: Params }).params?.['taskId'];
          const known =
            m.method === 'tasks/result' && typeof taskId === 'string'
              ? taskTools.get(taskKey(taskId))
              : undefined;
          const tool = known === AMBIGUOUS_TASK ? undefined : known;
          if (tool !== undefined)
            outputs.set(id, { subject: { kind: 'tool', name: tool }, applicable: toolOutputs(tool) });
          // a status, or a result of a tool not known here (it may be any tool's)
          else
            outputs.set(id, {
              subject: TASK_STATUS.has(m.method!)
                ? { ...unattributedSubject, method: m.method! }
                : unattributedSubject,
              applicable: serverWide('output'),
            });
          continue;
        }
        if (m.kind === 'request' && m.method === 'tools/call' && m.target !== undefined) {
          const params = (m.message as { params?: Params }).params;
          if (params?.['task'] !== undefined)
            taskCalls.set((m.message as { id: JsonRpcId }).id, m.target.name);
        }
        if (m.kind === 'response' && !mcp.refused.has(index)) {
          const response = m.message as JsonRpcResponse;
          // what the client answers, a result or an error (whose message and data it writes too)
          const payload = response.result !== undefined ? response.result : response.error;
          const answers = payload === undefined ? [] : serverWide('input');
          if (answers.length === 0) continue;
          const judged = await judge('input', { kind: 'client-answer', name: '' }, payload, answers);
          if (judged.blocked !== undefined)
            rewrite(mcp, index, { jsonrpc: '2.0', id: response.id, error: toJsonRpcError(judged.blocked) });
          else if (judged.value !== payload)
            rewrite(
              mcp,
              index,
              response.result !== undefined
                ? { ...response, result: judged.value as Record<string, unknown> }
                : { ...response, error: judged.value as NonNullable<JsonRpcResponse['error']> },
            );
          continue;
        }
        if (m.kind === 'notification') {
          if (mcp.refused.has(index)) continue;
          const inputs = serverWide('input');
          if (inputs.length === 0) continue;
          const judged = await clientNotification(m.message as ClientNotification, inputs);
          if (judged instanceof GatewayError) mcp.refused.set(index, judged);
          else if (judged !== m.message) rewrite(mcp, index, judged as typeof m.message);
          continue;
        }
        // a request of a method MCP does not define (a vendor's): its params, by the server's guardrails
        const vendor = m.kind === 'request' && !KNOWN_ELSEWHERE(m.method!);
        const scanned = vendor
          ? VENDOR
          : m.kind === 'request' && Object.hasOwn(SCANNED, m.method!)
            ? SCANNED[m.method!]
            : undefined;
        if (scanned === undefined || mcp.refused.has(index)) continue;
        let subject: Subject;
        let inputs: CompiledGuardrail[];
        let outs: CompiledGuardrail[];
        if (vendor) {
          subject = { kind: 'method', name: m.method! };
          inputs = serverWide('input');
          outs = serverWide('output');
        } else {
          if (m.target === undefined) continue;
          subject = {
            kind: m.target.kind,
            name: m.target.name,
            ...(m.method === 'completion/complete' ? { method: m.method } : {}),
          };
          const covering = all.filter(({ scope }) => covers(scope, server.name, m));
          inputs = covering.filter(({ scope }) => applies(scope.rule, 'input')).map((c) => c.guardrail);
          outs = covering.filter(({ scope }) => applies(scope.rule, 'output')).map((c) => c.guardrail);
        }
        const id = (m.message as { id: JsonRpcId }).id;
        if (outs.length > 0) outputs.set(id, { subject, applicable: outs });
        const params = (m.message as { params?: Params }).params;
        if (inputs.length === 0 || (vendor && params === undefined)) continue;
        const input = scanned.input(params ?? {});
        const judged = await judge('input', subject, input, inputs);
        if (judged.blocked !== undefined) {
          mcp.refused.set(index, judged.blocked);
          outputs.delete(id);
          continue;
        }
        let sent = judged.value !== input ? scanned.put(params ?? {}, judged.value) : params;
        // the client's own `_meta` goes to the server too (which may hand it to its tool): scanned as
        // content (a vendor method's too: its params were scanned without it)
        const { protocol, own } = splitMeta(sent?.['_meta']);
        if (own !== undefined) {
          const meta = await judge('input', subject, own, inputs);
          if (meta.blocked !== undefined) {
            mcp.refused.set(index, meta.blocked);
            outputs.delete(id);
            continue;
          }
          if (meta.value !== own) sent = { ...sent, _meta: { ...protocol, ...(meta.value as Params) } };
        }
        if (sent !== params) rewrite(mcp, index, { ...m.message, params: sent } as typeof m.message);
      }

      /**
       * Answers a server request the client must not see, as the client would answer it: a POST of an
       * error response through the rest of the stages, on the same session, in the background (the
       * client's stream goes on). The server learns that a guardrail refused, not which or why. A
       * stateless server asks nothing on its answers' streams; there is nobody to answer. A request
       * replayed on a resumed stream was answered already.
       */
      const answerServer = (id: JsonRpcId) => {
        if (mcp.era !== 'session' || mcp.sessionId === undefined) return;
        const once = `${server.id ?? server.name}#${mcp.sessionId}#${typeof id}:${id}`;
        if (answered.has(once)) return;
        answered.set(once, true);
        const message = errorResponse(id, {
          code: GUARDRAIL_CODE,
          message: 'A guardrail of the gateway refused this request.',
        });
        const body = JSON.stringify(message);
        const {
          'content-length': _length,
          'transfer-encoding': _encoding,
          'last-event-id': _resumedFrom,
          ...headers
        } = context.request.headers;
        const { signal: _clientGone, ...request } = context.request;
        // the client's request is traced; this one is the gateway's own
        const { trace: _traced, ...own } = context;
        const view: McpView = {
          ...mcp,
          operation: 'post',
          batch: false,
          messages: [describe(message)],
          body,
          source: body,
          refused: new Map(),
        };
        void next({
          ...own,
          request: {
            ...request,
            method: 'POST',
            headers: {
              ...headers,
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
            },
            body,
          },
          mcp: view,
        })
          .then((answer) => drainItems(answer.items))
          .catch((error: unknown) => {
            // not answered after all: a replay of the request (a resumed stream) tries again
            answered.delete(once);
            options.log?.(
              `guardrails: could not answer a refused request of server "${server.name}": ${String(error)}`,
            );
          });
      };

      /**
       * A list answer's entries, each by the guardrails with `definitions` that cover it (their detectors):
       * a blocked entry left out, a redacted one rewritten. Undefined: the answer as it came.
       */
      const listed = (method: string, id: JsonRpcId, result: unknown) => {
        if (INSTRUCTED.has(method)) return instructed(method, id, result);
        const { key, kind, named } = LISTED[method]!;
        const entries = (result as Params | undefined)?.[key];
        if (!Array.isArray(entries)) return undefined;
        let kept: unknown[] | undefined;
        const versions = JSON.stringify([
          server.id ?? server.name,
          method,
          definers.map(({ scope }) => [scope.rule.id ?? scope.rule.name, scope.rule.version]),
        ]);
        entries.forEach((entry, i) => {
          const json = JSON.stringify(entry) ?? '';
          const digest = shortHash(`${versions}\u0000${json}`);
          const judgedBefore = definitionsJudged.get(digest);
          let current: unknown =
            judgedBefore === undefined ? undefined : 'unchanged' in judgedBefore ? entry : judgedBefore.entry;
          if (judgedBefore === undefined) {
            const name = (entry as Params | null)?.[named];
            const subject: Subject = { kind, name: typeof name === 'string' ? name : '', method };
            current = entry;
            for (const { scope, guardrail } of definers) {
              if (scope.tools !== undefined && !(kind === 'tool' && scope.tools(subject.name))) continue;
              const judged = detect(guardrail, 'output', subject, current);
              if (judged.blocked !== undefined) {
                current = null;
                if (kind === 'tool' && subject.name !== '')
                  toolsLeftOut.set(`${definersOf()}\u0000${subject.name}`, {
                    refusal: judged.blocked,
                    hash: toCatalogTool(entry)?.hash,
                  });
                break;
              }
              current = judged.value;
            }
            // a tool listed again once its definition changed: no longer left out
            if (current !== null && kind === 'tool' && subject.name !== '')
              toolsLeftOut.delete(`${definersOf()}\u0000${subject.name}`);
            // what was left alone or out is a mark; a redaction is kept only when small
            if (current === entry) definitionsJudged.set(digest, { unchanged: true });
            else if (current === null || json.length <= MAX_KEPT_REDACTION)
              definitionsJudged.set(digest, { entry: current });
          }
          if (current === entry && kept === undefined) return;
          kept ??= entries.slice(0, i);
          if (current !== null) kept.push(current);
        });
        if (kept === undefined) return undefined;
        return [envelope({ jsonrpc: '2.0', id, result: { ...(result as Params), [key]: kept } })];
      };

      /** An `initialize` answer's `instructions` (text for the model), as a listed entry is judged. */
      const instructed = (method: string, id: JsonRpcId, result: unknown) => {
        const instructions = (result as Params | undefined)?.['instructions'];
        if (typeof instructions !== 'string') return undefined;
        const subject: Subject = { kind: 'instructions', name: '', method };
        let current: unknown = instructions;
        for (const { scope, guardrail } of definers) {
          if (scope.tools !== undefined) continue;
          const judged = detect(guardrail, 'output', subject, current);
          if (judged.blocked !== undefined) {
            const { instructions: _left, ...rest } = result as Params;
            return [envelope({ jsonrpc: '2.0', id, result: rest })];
          }
          current = judged.value;
        }
        if (current === instructions) return undefined;
        return [envelope({ jsonrpc: '2.0', id, result: { ...(result as Params), instructions: current } })];
      };

      // what scans a response no request of this POST asked for, and the server's own requests
      const unattributed = serverWide('output');
      const answer = await next(context);
      if (outputs.size === 0 && unattributed.length === 0 && taskCalls.size === 0 && listings.size === 0)
        return answer;
      const asked = new Set<JsonRpcId>();
      for (const m of mcp.messages) if (m.kind === 'request') asked.add((m.message as { id: JsonRpcId }).id);
      // synchronous for every message it leaves alone (a stream's progress notifications): no promise each
      return eachMessage(answer, (item) => {
        const { message } = item;
        if (isRequest(message)) {
          const params = message.params;
          if (unattributed.length === 0 || params === undefined) return undefined;
          const subject: Subject = { kind: 'server-request', name: message.method };
          return judge('output', subject, params, unattributed).then((judged) => {
            if (judged.blocked !== undefined) {
              answerServer(message.id);
              return [];
            }
            if (judged.value === params) return asJudged(item);
            return [envelope({ ...message, params: judged.value as Record<string, unknown> })];
          });
        }
        if (!isResponse(message)) {
          // a notification's text, by the detectors alone: dropped when blocked (nothing answers it), but
          // a cancellation still cancels, without its reason
          // a vendor's notification (a channel's message a client hands its model) is scanned whole
          const text =
            unattributed.length === 0 || message.params === undefined
              ? undefined
              : SERVER_NOTIFICATIONS.has(message.method)
                ? notifiedText(message.method, message.params)
                : { fields: [], values: VENDOR_NOTIFIED.input(message.params) };
          if (text === undefined) return undefined;
          const subject: Subject = { kind: 'notification', name: message.method };
          let current: unknown = text.values;
          for (const guardrail of unattributed) {
            const judged = detect(guardrail, 'output', subject, current);
            if (judged.blocked !== undefined) {
              if (message.method !== 'notifications/cancelled') return [];
              const { reason: _reason, ...kept } = message.params ?? {};
              return [envelope({ ...message, params: kept })];
            }
            current = judged.value;
          }
          if (current === text.values) return asJudged(item);
          if (text.fields.length === 0)
            return [envelope({ ...message, params: VENDOR_NOTIFIED.put(message.params!, current) })];
          const params: Params = { ...message.params };
          text.fields.forEach((field, index) => {
            params[field] = (current as unknown[])[index];
          });
          return [envelope({ ...message, params })];
        }
        if (message.id !== null && listings.has(message.id))
          return listed(listings.get(message.id)!, message.id, message.result) ?? asJudged(item);
        if (message.id !== null && taskCalls.has(message.id)) {
          const taskId = (message.result as { task?: { taskId?: unknown } } | undefined)?.task?.taskId;
          if (typeof taskId === 'string') {
            // an id given again for another tool's task (an upstream numbering tasks anew per session)
            // leaves the result any tool's: never judged by the later tool's guardrails only
            const key = taskKey(taskId);
            const tool = taskCalls.get(message.id)!;
            const known = taskTools.get(key);
            taskTools.set(key, known === undefined || known === tool ? tool : AMBIGUOUS_TASK);
          }
        }
        const output =
          message.id !== null && outputs.has(message.id)
            ? outputs.get(message.id)
            : message.id === null || !asked.has(message.id)
              ? { subject: unattributedSubject, applicable: unattributed }
              : undefined;
        if (output === undefined || output.applicable.length === 0) return undefined;
        // an error answer is output too: its message and data may carry what the result would have; but
        // one the gateway made (a later stage's refusal, a consent link) is its own words, no tool's output
        if (message.error !== undefined && isGatewayMade(message.error)) return undefined;
        // a result that is no object (a string an upstream answers) is scanned all the same
        const payload = message.error !== undefined ? message.error : message.result;
        if (payload === undefined || payload === null) return undefined;
        return judge('output', output.subject, payload, output.applicable).then((judged) => {
          if (judged.blocked !== undefined) return [errorEnvelope(message.id, judged.blocked)];
          if (judged.value === payload) return asJudged(item);
          return [
            envelope(
              message.error !== undefined
                ? { ...message, error: judged.value as typeof message.error }
                : { ...message, result: judged.value as Record<string, unknown> },
            ),
          ];
        });
      });
    },
  };
}
