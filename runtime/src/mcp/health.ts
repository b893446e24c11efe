import { readCatalogHash, saveCatalog } from '../catalog/store.js';
import { catalogHash } from '../catalog/tools.js';
import type { Clock } from '../core/clock.js';
import type { Server } from '../core/config.js';
import { asGatewayError } from '../core/errors.js';
import type { UrlGuard } from '../core/url-guard.js';
import { resourceFromItem, resourcePartition } from '../store/config-items.js';
import type { StateStore } from '../store/port.js';
import { listUpstreamTools } from './list-tools.js';
import { targetOf } from './upstream/target.js';
import type { UpstreamTransport } from './upstream/types.js';

export interface HealthResult {
  server: string;
  healthy: boolean;
  latencyMs: number;
  checkedAt: string;
  /** The stable error code when unhealthy. */
  error?: string;
}

export interface HealthCheckDeps {
  store: StateStore;
  clock: Clock;
  guard: UrlGuard;
  transports: Record<NonNullable<Server['transport']>, UpstreamTransport>;
  /** Probe timeout; shorter than a request's, a probe must not hang the schedule. */
  timeoutMs?: number;
}

export const healthKey = (server: string) => ({ pk: 'health', sk: server });

/**
 * A server is healthy when it answers an MCP `initialize` and (when it offers tools) every `tools/list`
 * page in time; the tools listed refresh its catalog (stored only when changed). The probe session is
 * ended at once.
 */
export async function probe(server: Server, deps: HealthCheckDeps): Promise<HealthResult> {
  const started = deps.clock.now();
  const target = {
    ...targetOf(server),
    timeoutMs: Math.min(server.timeoutMs ?? 60_000, deps.timeoutMs ?? 10_000),
  };
  const transport = deps.transports[server.transport ?? 'streamable-http'];
  let error: string | undefined;
  try {
    await deps.guard.check(server.url);
    const { tools } = await listUpstreamTools(target, transport);
    const serverId = server.id ?? server.name;
    if (tools !== undefined && (await readCatalogHash(deps.store, serverId)) !== catalogHash(tools))
      await saveCatalog(deps.store, deps.clock, serverId, tools);
  } catch (thrown) {
    error = asGatewayError(thrown).code;
  }
  const result: HealthResult = {
    server: server.name,
    healthy: error === undefined,
    latencyMs: deps.clock.now() - started,
    checkedAt: new Date(deps.clock.now()).toISOString(),
  };
  if (error !== undefined) result.error = error;
  return result;
}

/** Probes every enabled server (a few at a time) and records each result in the store. */
export async function checkAllServers(deps: HealthCheckDeps, concurrency = 8): Promise<HealthResult[]> {
  const servers: Server[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query(resourcePartition('server'), {
      limit: 100,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of page.items) servers.push(resourceFromItem(item) as unknown as Server);
    cursor = page.cursor;
  } while (cursor !== undefined);

  const queue = servers.filter((s) => s.enabled !== false);
  const results: HealthResult[] = [];
  const worker = async () => {
    for (let server = queue.shift(); server !== undefined; server = queue.shift()) {
      const result = await probe(server, deps);
      await deps.store.put({ ...healthKey(server.name), ...result });
      results.push(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return results.sort((a, b) => a.server.localeCompare(b.server));
}
