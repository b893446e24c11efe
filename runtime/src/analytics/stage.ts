import { type McpAnswer, watchItems } from '../mcp/answer.js';
import type { Authenticated, McpStage, Parsed, RequestContext, Resolved } from '../mcp/context.js';
import { isResponse, type JsonRpcId } from '../mcp/jsonrpc.js';
import type { UsageRecorder } from './usage.js';

/**
 * Counts every MCP request of an authenticated principal for the analytics: its latency until its
 * response went out (a batch's requests each their own; one without a response until the answer ended),
 * and whether it failed (a JSON-RPC error, a tool result with `isError`, a
 * request the gateway refused, or one the answer broke off before). Placed right after parsing, so
 * refusals by later stages count too.
 * A virtual server's own requests to its members (opening their sessions, reading their lists) are not the
 * user's and are not counted; a client's call it routes counts at the virtual server and at the member
 * (marked routed there, so that totals over servers count it once).
 */
/**
 * A tool's target: its name, unless it starts with `~`, which names a method (`~tools/list`) or the
 * overflow bucket (`~other`): such a tool (no name MCP recommends) counts in the overflow, posing as none.
 */
const toolTarget = (name: string) => (name.startsWith('~') ? '~other' : name);

export function usage(recorder: UsageRecorder): McpStage<RequestContext & Authenticated & Resolved & Parsed> {
  return {
    name: 'usage',
    async run(context, next) {
      const { principal, server, mcp } = context;
      if (context.member !== undefined && context.member.on === undefined) return next(context);
      const requests = mcp.messages.filter((m) => m.kind === 'request');
      if (requests.length === 0) return next(context);
      const started = performance.now();
      /** When each request's response went out. */
      const answered = new Map<JsonRpcId, number>();
      const failed = new Set<JsonRpcId>();
      /** `broke`: the answer failed, and the requests it had not answered yet are answered with errors. */
      const record = (broke: boolean) => {
        const ended = performance.now();
        for (const m of requests) {
          const id = (m.message as { id: JsonRpcId }).id;
          const ms = (answered.get(id) ?? ended) - started;
          recorder.record({
            workspace: principal.workspace,
            server: server.name,
            target: m.method === 'tools/call' ? toolTarget(m.target?.name ?? '') : `~${m.method}`,
            user: principal.user,
            ms,
            error: failed.has(id) || (broke && !answered.has(id)),
            ...(context.member !== undefined ? { routed: true } : {}),
          });
        }
      };
      let answer: McpAnswer;
      try {
        answer = await next(context);
      } catch (error) {
        // a client that went away before the answer began broke it off itself, as below
        record(context.request.signal?.aborted !== true);
        throw error;
      }
      if (answer.format === 'empty') {
        record(false);
        return answer;
      }
      return {
        ...answer,
        items: watchItems(
          answer.items,
          (item) => {
            if (item.kind !== 'message' || !isResponse(item.message) || item.message.id === null) return;
            answered.set(item.message.id, performance.now());
            const result = item.message.result as { isError?: unknown } | undefined;
            if (item.message.error !== undefined || result?.isError === true) failed.add(item.message.id);
          },
          // a client that went away broke it off itself: no failure of the server's
          (end) => record(end.failed && context.request.signal?.aborted !== true),
        ),
      };
    },
  };
}
