/**
 * Guardrails (`/v1/guardrails`) on tool calls: the arguments of each call on the way in and its result on
 * the way out (JSON and SSE answers alike, through the answer's message stream) are scanned by every
 * guardrail of the workspace whose servers, tools and direction cover them, in name order. A blocked call
 * is answered by the gateway and never forwarded; a blocked result is replaced by an error for its
 * request; redaction rewrites the payload in place. Every finding is an audit event, with counts per
 * detector and never the data itself.
 *
 * A response the stage cannot tie to a request of the same POST (replayed on a resumed GET stream, or
 * answering an id nobody asked with) may be any tool's result: every output guardrail of the server scans
 * it, whatever tools it names. The client's own answers to the server's requests (what a user typed into
 * an elicitation, a sampled message) go upstream like arguments: every input guardrail of the server
 * scans them; a blocked answer reaches the server as an error instead.
 */
import type { AuditSink } from '../../audit/log.js';
import type { ConfigReader, Guardrail, WorkspaceRules } from '../../core/config.js';
import { GatewayError, toJsonRpcError } from '../../core/errors.js';
import { eachMessage, envelope, errorEnvelope } from '../../mcp/answer.js';
import type {
  AccessChecked,
  Authenticated,
  McpStage,
  Parsed,
  RequestContext,
  Resolved,
} from '../../mcp/context.js';
import { isResponse, type JsonRpcId, type JsonRpcResponse } from '../../mcp/jsonrpc.js';
import { rewrite } from '../../mcp/view.js';
import { tracedHeaders } from '../../telemetry/request-trace.js';
import type { WebhookDeps } from '../../webhooks/call.js';
import { covers, type Scoped, scopesPerVersion } from '../scope.js';
import { CompiledGuardrail } from './scan.js';
import { askScanner } from './webhook.js';

export interface GuardrailsConfig {
  config: Pick<ConfigReader, 'webhookByName'>;
  /** Outbound calls to scanner webhooks; guardrails with a webhook block (fail closed) without. */
  webhooks?: WebhookDeps;
  audit?: Pick<AuditSink, 'enqueue'>;
}

export interface GuardrailVerdict {
  guardrail: Guardrail;
  direction: 'input' | 'output';
  action: 'block' | 'redact' | 'log';
  /** Findings per detector; `webhook` for the scanner's own verdict. */
  counts: Record<string, number>;
  tool: string;
}

type Direction = GuardrailVerdict['direction'];

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
  return (rules: WorkspaceRules) => {
    let found = compiled.get(rules);
    if (found === undefined) {
      found = scopes(rules)
        .map((scope) => ({ scope, guardrail: new CompiledGuardrail(scope.rule) }))
        .sort((a, b) => a.scope.rule.name.localeCompare(b.scope.rule.name));
      compiled.set(rules, found);
    }
    return found;
  };
})();

const applies = (rule: Guardrail, direction: Direction) =>
  (rule.direction ?? 'both') === 'both' || rule.direction === direction;

export function guardrails(
  options: GuardrailsConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed & AccessChecked> {
  return {
    name: 'guardrails',
    async run(context, next) {
      const { principal, server, mcp, rules } = context;
      if (rules.guardrails.length === 0) return next(context);
      const all = compiledOf(rules);
      const traced = tracedHeaders(server, context.request.headers);

      const judge = async (
        direction: Direction,
        tool: string,
        value: unknown,
        applicable: readonly CompiledGuardrail[],
      ): Promise<Judged> => {
        let current = value;
        for (const guardrail of applicable) {
          const rule = guardrail.rule;
          const action = rule.action ?? 'block';
          const record = (type: 'blocked' | 'redacted' | 'logged', counts: Record<string, number>) => {
            context.trace?.guardrail({
              guardrail: rule,
              direction,
              action: type === 'blocked' ? 'block' : type === 'redacted' ? 'redact' : 'log',
              counts,
              tool,
            });
            options.audit?.enqueue({
              type: `guardrail.${type}`,
              workspace: principal.workspace,
              actor: { kind: 'user', id: principal.user, method: principal.method },
              server: server.name,
              tool,
              reason: `Guardrail "${rule.name}" found ${describeCounts(counts)} in the ${direction}.`,
              detail: {
                guardrail: rule.name,
                direction,
                findings: counts,
                ...(traced !== undefined ? { headers: traced } : {}),
              },
            });
          };
          const what =
            direction === 'input'
              ? tool === ''
                ? 'an answer of the client'
                : `the arguments of tool "${tool}"`
              : tool === ''
                ? 'a result of this server'
                : `the result of tool "${tool}"`;
          const block = (counts: Record<string, number>, why: string) => {
            record('blocked', counts);
            return {
              value: current,
              blocked: new GatewayError(
                'guardrail_blocked',
                `Guardrail "${rule.name}" blocked ${what}: ${why}.`,
                {
                  data: { guardrail: rule.name, direction },
                },
              ),
            };
          };
          const scanned = guardrail.scan(current, action === 'redact', direction === 'output');
          if (Object.keys(scanned.counts).length > 0) {
            const found = `${direction === 'input' ? 'they hold' : 'it holds'} ${describeCounts(scanned.counts)}`;
            if (action === 'block' || (action === 'redact' && scanned.unredactable))
              return block(scanned.counts, found);
            if (action === 'redact') {
              current = scanned.redacted ?? current;
              record('redacted', scanned.counts);
            } else record('logged', scanned.counts);
          }
          if (rule.webhook === undefined) continue;
          const webhook = await options.config.webhookByName(rule.webhook);
          if (webhook === undefined || webhook.workspace !== rule.workspace || options.webhooks === undefined)
            return block({ webhook: 1 }, `its scanner webhook "${rule.webhook}" cannot be asked`);
          const verdict = await askScanner(options.webhooks, webhook, {
            guardrail: rule,
            direction,
            workspace: principal.workspace,
            user: principal.user,
            server: server.name,
            tool,
            payload: current,
          });
          if (verdict.action === 'block') return block({ webhook: 1 }, verdict.reason);
          if (verdict.action === 'redact') {
            const payload = verdict.payload;
            if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
              return block({ webhook: 1 }, 'its scanner webhook answered a payload that is not an object');
            current = payload;
            record('redacted', { webhook: 1 });
          }
        }
        return { value: current };
      };

      /** What scans what no tool call names: by the server alone, whatever tools a guardrail names. */
      const serverWide = (direction: Direction) =>
        all
          .filter(({ scope }) => applies(scope.rule, direction) && (scope.servers?.(server.name) ?? true))
          .map((c) => c.guardrail);
      const outputs = new Map<JsonRpcId, { tool: string; applicable: CompiledGuardrail[] }>();
      for (let index = 0; index < mcp.messages.length; index++) {
        const m = mcp.messages[index]!;
        if (m.kind === 'response' && !mcp.refused.has(index)) {
          const response = m.message as JsonRpcResponse;
          const answers = response.result === undefined ? [] : serverWide('input');
          if (answers.length === 0) continue;
          const judged = await judge('input', '', response.result, answers);
          if (judged.blocked !== undefined)
            rewrite(mcp, index, { jsonrpc: '2.0', id: response.id, error: toJsonRpcError(judged.blocked) });
          else if (judged.value !== response.result)
            rewrite(mcp, index, { ...response, result: judged.value as Record<string, unknown> });
          continue;
        }
        if (m.kind !== 'request' || m.method !== 'tools/call' || mcp.refused.has(index)) continue;
        const tool = m.target?.name ?? '';
        const covering = all.filter(({ scope }) => covers(scope, server.name, m));
        const inputs = covering.filter(({ scope }) => applies(scope.rule, 'input')).map((c) => c.guardrail);
        const outs = covering.filter(({ scope }) => applies(scope.rule, 'output')).map((c) => c.guardrail);
        if (outs.length > 0) outputs.set((m.message as { id: JsonRpcId }).id, { tool, applicable: outs });
        if (inputs.length === 0) continue;
        const message = m.message as { params?: { arguments?: unknown } };
        const args = message.params?.arguments ?? {};
        const judged = await judge('input', tool, args, inputs);
        if (judged.blocked !== undefined) {
          mcp.refused.set(index, judged.blocked);
          outputs.delete((m.message as { id: JsonRpcId }).id);
        } else if (judged.value !== args)
          rewrite(mcp, index, {
            ...m.message,
            params: { ...message.params, arguments: judged.value },
          } as typeof m.message);
      }

      // what scans a response no request of this POST asked for
      const unattributed = serverWide('output');
      const answer = await next(context);
      if (outputs.size === 0 && unattributed.length === 0) return answer;
      const asked = new Set<JsonRpcId>();
      for (const m of mcp.messages) if (m.kind === 'request') asked.add((m.message as { id: JsonRpcId }).id);
      // synchronous for every message it leaves alone (a stream's progress notifications): no promise each
      return eachMessage(answer, ({ message }) => {
        if (!isResponse(message)) return undefined;
        const output =
          message.id !== null && outputs.has(message.id)
            ? outputs.get(message.id)
            : message.id === null || !asked.has(message.id)
              ? { tool: '', applicable: unattributed }
              : undefined;
        if (output === undefined || output.applicable.length === 0) return undefined;
        // an error answer is output too: its message and data may carry what the result would have
        const payload = message.error !== undefined ? message.error : message.result;
        if (typeof payload !== 'object' || payload === null) return undefined;
        return judge('output', output.tool, payload, output.applicable).then((judged) => {
          if (judged.blocked !== undefined) return [errorEnvelope(message.id, judged.blocked)];
          if (judged.value === payload) return undefined;
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
