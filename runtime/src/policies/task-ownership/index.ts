/**
 * Tasks (MCP 2025-11-25) belong to whom created them. A call run as a task (`tools/call` with
 * `params.task`) records its task as the caller's, and `tasks/get`, `tasks/result` and `tasks/cancel` of a
 * task that is not the caller's (or that the gateway never saw created) are answered "task not found"
 * and never reach the upstream; `tasks/list` shows the caller's own tasks only. An upstream that sees every
 * caller as the gateway (its own credential, one bridge) cannot tell them apart itself.
 */
import type { Clock } from '../../core/clock.js';
import { GatewayError } from '../../core/errors.js';
import { isObject } from '../../core/json-object.js';
import { eachMessage, envelope } from '../../mcp/answer.js';
import type { Authenticated, McpStage, Parsed, Resolved } from '../../mcp/context.js';
import { isResponse, type JsonRpcId } from '../../mcp/jsonrpc.js';
import type { StateStore } from '../../store/port.js';

export interface TaskOwnershipConfig {
  store: StateStore;
  clock: Clock;
  log: (line: string) => void;
}

/** The task methods that name one task. */
const ONE_TASK = new Set(['tasks/get', 'tasks/result', 'tasks/cancel']);
/** How long a task's owner is kept when the task says no `ttl`; at most this long past the one it says. */
const KEPT_MS = 24 * 3600_000;
const MAX_KEPT_MS = 30 * 24 * 3600_000;

const partition = (server: string) => `task#${server}`;
const notFound = () => new GatewayError('validation_failed', 'Task not found.');

const params = (message: unknown): Record<string, unknown> | undefined => {
  const value = (message as { params?: unknown }).params;
  return isObject(value) ? value : undefined;
};

export function taskOwnership(config: TaskOwnershipConfig): McpStage<Authenticated & Resolved & Parsed> {
  const { store, clock } = config;
  return {
    name: 'task-ownership',
    async run(context, next) {
      const { mcp, principal, server } = context;
      const pk = partition(server.id ?? server.name);
      const owner = `${principal.workspace}\u0000${principal.user}`;
      const ownerOf = async (taskId: string) => (await store.get(pk, taskId))?.['owner'];
      const creating = new Set<JsonRpcId>();
      const listing = new Set<JsonRpcId>();
      for (const [index, m] of mcp.messages.entries()) {
        if (m.kind !== 'request' || mcp.refused.has(index)) continue;
        const id = (m.message as { id: JsonRpcId }).id;
        const given = params(m.message);
        if (m.method === 'tools/call' && given?.['task'] !== undefined) creating.add(id);
        else if (m.method === 'tasks/list') listing.add(id);
        else if (ONE_TASK.has(m.method!)) {
          const taskId = given?.['taskId'];
          if (typeof taskId !== 'string' || (await ownerOf(taskId)) !== owner)
            mcp.refused.set(index, notFound());
        }
      }
      if (creating.size === 0 && listing.size === 0) return next(context);
      const answer = await next(context);
      return eachMessage(answer, async ({ message }) => {
        if (!isResponse(message) || message.id === null || !isObject(message.result)) return undefined;
        if (creating.has(message.id)) {
          const task = message.result['task'];
          const taskId = isObject(task) ? task['taskId'] : undefined;
          if (typeof taskId !== 'string') return undefined;
          const ttl = isObject(task) && typeof task['ttl'] === 'number' ? task['ttl'] : KEPT_MS;
          const until = clock.now() + Math.min(Math.max(ttl, 0) + KEPT_MS, MAX_KEPT_MS);
          // recorded before the client learns the task's id: its first tasks/get finds it
          await store
            .put({ pk, sk: taskId, owner, expiresAt: Math.ceil(until / 1000) })
            .catch((error: unknown) =>
              config.log(`mcp-gateway: task ${taskId} of "${server.name}" not recorded: ${String(error)}`),
            );
          return undefined;
        }
        if (!listing.has(message.id)) return undefined;
        const tasks = message.result['tasks'];
        if (!Array.isArray(tasks)) return undefined;
        const owners = await Promise.all(
          tasks.map((t) =>
            isObject(t) && typeof t['taskId'] === 'string'
              ? ownerOf(t['taskId']).catch(() => undefined)
              : undefined,
          ),
        );
        const own = tasks.filter((_, i) => owners[i] === owner);
        if (own.length === tasks.length) return undefined;
        return [envelope({ ...message, result: { ...message.result, tasks: own } })];
      });
    },
  };
}
