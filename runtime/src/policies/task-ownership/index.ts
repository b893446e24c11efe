/**
 * Tasks (MCP 2025-11-25) belong to whom created them. A call run as a task (`tools/call` with
 * `params.task`) records its task as the caller's, and `tasks/get`, `tasks/result` and `tasks/cancel` of a
 * task that is not the caller's (or that the gateway never saw created) are answered "task not found"
 * and never reach the upstream; `tasks/list` shows the caller's own tasks only. An upstream that sees every
 * caller as the gateway (its own credential, one bridge) cannot tell them apart itself.
 */
import type { Clock } from '../../core/clock.js';
import type { Principal } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { isObject } from '../../core/json-object.js';
import { lruCache } from '../../core/lru.js';
import { eachMessage, envelope } from '../../mcp/answer.js';
import type { Authenticated, McpStage, Parsed, Resolved } from '../../mcp/context.js';
import { isResponse, type JsonRpcId } from '../../mcp/jsonrpc.js';
import { ConditionFailedError, type StateStore } from '../../store/port.js';

export interface TaskOwnershipConfig {
  store: StateStore;
  clock: Clock;
  log: (line: string) => void;
}

/** Owners known here, at most, and how long (a record that expired, or was written anew, is read again). */
const KNOWN_OWNERS = 10_000;
const KNOWN_MS = 60_000;
/** The task methods MCP defines that name one task: without a `taskId`, they name none of the caller's. */
const ONE_TASK = new Set(['tasks/get', 'tasks/result', 'tasks/cancel']);
/** How long a task's owner is kept when the task says no `ttl`; at most this long past the one it says. */
const KEPT_MS = 24 * 3600_000;
const MAX_KEPT_MS = 30 * 24 * 3600_000;

const partition = (server: string) => `task#${server}`;
const notFound = () => new GatewayError('task_not_found', 'Task not found.');

const params = (message: unknown): Record<string, unknown> | undefined => {
  const value = (message as { params?: unknown }).params;
  return isObject(value) ? value : undefined;
};

/**
 * Who a task is: the workspace, how the person is known (api keys; an identity provider's people, whose
 * ids are that provider's; an authentication webhook's, whose ids are that webhook's) and their id. Any
 * api key of a user is that user.
 */
const ownerOf = ({ workspace, method, provider, webhook, user }: Principal) =>
  [
    workspace,
    method === 'api-key' ? method : `${method}:${(method === 'webhook' ? webhook : provider) ?? ''}`,
    user,
  ].join('\u0000');

export function taskOwnership(config: TaskOwnershipConfig): McpStage<Authenticated & Resolved & Parsed> {
  const { store, clock } = config;
  // a task's owner, known here for a while: a task polled is found without a store read each time
  const known = lruCache<string, string>(KNOWN_OWNERS, { ttl: KNOWN_MS });
  return {
    name: 'task-ownership',
    async run(context, next) {
      const { mcp, principal, server } = context;
      const pk = partition(server.id ?? server.name);
      const owner = ownerOf(principal);
      const taskOwner = async (taskId: string) => {
        const key = `${pk}\u0000${taskId}`;
        const cached = known.get(key);
        if (cached !== undefined) return cached;
        const found = (await store.get(pk, taskId))?.['owner'];
        if (typeof found === 'string') known.set(key, found);
        return found;
      };
      const unrecorded = (taskId: string, error: unknown) =>
        config.log(`mcp-gateway: task ${taskId} of "${server.name}" not recorded: ${String(error)}`);
      const creating = new Set<JsonRpcId>();
      const listing = new Set<JsonRpcId>();
      for (const [index, m] of mcp.messages.entries()) {
        if (m.kind !== 'request' || mcp.refused.has(index)) continue;
        const id = (m.message as { id: JsonRpcId }).id;
        const given = params(m.message);
        if (m.method === 'tools/call' && given?.['task'] !== undefined) creating.add(id);
        else if (!m.method!.startsWith('tasks/')) continue;
        // a task method naming a task (one the protocol defines, a vendor's, a later revision's) is for
        // the caller's own; one naming none answers about the caller's own tasks only (a listing)
        else if (given?.['taskId'] !== undefined || ONE_TASK.has(m.method!)) {
          const taskId = given?.['taskId'];
          if (typeof taskId !== 'string' || (await taskOwner(taskId)) !== owner)
            mcp.refused.set(index, notFound());
        } else listing.add(id);
      }
      // a GET stream carries responses only as replays of earlier streams (a resumption): any may be a
      // task created or a listing, answered on a stream the client lost
      const replays = mcp.operation === 'listen';
      if (creating.size === 0 && listing.size === 0 && !replays) return next(context);
      const answer = await next(context);
      return eachMessage(answer, async ({ message }) => {
        if (!isResponse(message) || message.id === null || !isObject(message.result)) return undefined;
        const task = message.result['task'];
        if (creating.has(message.id) || (replays && isObject(task))) {
          const taskId = isObject(task) ? task['taskId'] : undefined;
          if (typeof taskId !== 'string') return undefined;
          const ttl = isObject(task) && typeof task['ttl'] === 'number' ? task['ttl'] : KEPT_MS;
          const until = clock.now() + Math.min(Math.max(ttl, 0) + KEPT_MS, MAX_KEPT_MS);
          const record = { pk, sk: taskId, owner, expiresAt: Math.ceil(until / 1000) };
          // recorded before the client learns the task's id: its first tasks/get finds it (here, also
          // when the store could not take it). A replay records a task the first answer did not reach
          // (kept as it was when it did: a replay is no claim on a task recorded as another's)
          if (replays) {
            const taken = await store.put(record, { kind: 'absent' }).then(
              () => true,
              (error: unknown) => {
                if (!(error instanceof ConditionFailedError)) unrecorded(taskId, error);
                return false;
              },
            );
            if (taken) known.set(`${pk}\u0000${taskId}`, owner);
            return undefined;
          }
          known.set(`${pk}\u0000${taskId}`, owner);
          await store.put(record).catch((error: unknown) => unrecorded(taskId, error));
          return undefined;
        }
        if (!listing.has(message.id) && !replays) return undefined;
        const tasks = message.result['tasks'];
        if (!Array.isArray(tasks)) return undefined;
        const owners = await Promise.all(
          tasks.map((t) =>
            isObject(t) && typeof t['taskId'] === 'string'
              ? taskOwner(t['taskId']).catch(() => undefined)
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
