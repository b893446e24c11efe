import { mergeIntoCatalog, readCatalogHash, saveCatalog } from '../catalog/store.js';
import { catalogHash } from '../catalog/tools.js';
import { CorruptConfigError, decodeServer } from '../config/decode.js';
import { opened } from '../config/reader.js';
import type { Clock } from '../core/clock.js';
import { type Server, servesEachCaller } from '../core/config.js';
import { asGatewayError, messageOf } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import type { UrlGuard } from '../core/url-guard.js';
import { UpstreamCredentials } from '../policies/upstream-credentials/index.js';
import { resourceFromItem, resourcePartition } from '../store/config-items.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';
import type { Sealer } from '../vault/sealer.js';
import {
  type HealthResult,
  healthKey,
  type MemberHealth,
  readHealth,
  type TargetHealth,
} from './health-record.js';
import { listUpstreamTools } from './list-tools.js';
import { UpstreamRefusedCredentials } from './upstream/errors.js';
import { targetsOf } from './upstream/router.js';
import { isHttpEndpoint, targetOf } from './upstream/target.js';
import { transportFor, type UpstreamKind, type UpstreamTransport } from './upstream/types.js';

export interface HealthCheckDeps {
  store: StateStore;
  clock: Clock;
  guard: UrlGuard;
  transports: Record<UpstreamKind, UpstreamTransport>;
  /** Probe timeout; shorter than a request's, a probe must not hang the schedule. */
  timeoutMs?: number;
  /** The gateway's own credential for a server (`client-credentials`), sent with its probes. */
  ownCredentials?: Pick<UpstreamCredentials, 'headersFor' | 'refused'>;
  /**
   * How often this checker runs (a schedule's rate), when it probes every server at each run. Unknown (a
   * cron schedule): {@link UNKNOWN_CADENCE_SECONDS}.
   */
  runsEverySeconds?: number;
  /** Opens the servers' sealed headers and secrets (config/sealed-fields.ts). */
  sealer?: Sealer | undefined;
  /** Where servers left unprobed are reported. Default: stderr. */
  log?: (line: string) => void;
  /**
   * When the run must be over (epoch ms; a scheduled function's timeout): no probe begins that could not
   * end by then, and the servers checked longest ago go first, so that the ones left are probed next run.
   */
  deadline?: number;
}

/** The cadence a checker of unknown schedule is taken to run at (its verdicts then hold 15 minutes). */
export const UNKNOWN_CADENCE_SECONDS = 300;
/** How late the local timer may probe a server that is due: its tick, and a run of slow probes before. */
const LOCAL_SLACK_SECONDS = 30;

/** {@link HealthCheckDeps.ownCredentials}: the gateway's upstream credentials, for probes. */
export function ownCredentials(http: HttpClient, guard: UrlGuard, clock: Clock): UpstreamCredentials {
  return new UpstreamCredentials({
    http,
    guard,
    clock,
    // a probe has no caller: it never exchanges a caller's token, so it signs nothing
    keys: { signing: () => Promise.reject(new Error('A health probe signs no assertion.')) },
  });
}

/**
 * Claims the next probe of a server for this process, for most of its interval: a conditional put of an
 * item that expires then (an expired claim counts as absent). False when another process holds it; a
 * store that fails leaves the probe to this process (a probe too many, not one too few).
 */
async function claimProbe(store: StateStore, server: string, now: number, intervalSeconds: number) {
  try {
    await store.put(
      { pk: 'health-claim', sk: server, expiresAt: Math.floor((now + intervalSeconds * 1000 - 1000) / 1000) },
      { kind: 'absent' },
    );
    return true;
  } catch (error) {
    return !(error instanceof ConditionFailedError);
  }
}

/**
 * A target is healthy when it answers an MCP `initialize` and (when it offers tools) every `tools/list`
 * page in time; the tools listed refresh the server's catalog (stored only when changed). The probe
 * session is ended at once. Failures in a row are counted from the previous result.
 */
export async function probe(server: Server, deps: HealthCheckDeps): Promise<HealthResult> {
  const started = deps.clock.now();
  const previous = await readHealth(deps.store, server.name).catch(() => undefined);
  if (server.transport === 'virtual') return virtualHealth(server, deps, started);
  const transport = transportFor(deps.transports, server);
  const serverId = server.id ?? server.name;
  let catalogSaved = false;
  // the gateway's own credential, as its calls carry it; without it a protected upstream refuses every probe
  const own =
    server.credentials?.kind === 'client-credentials' && deps.ownCredentials !== undefined
      ? deps.ownCredentials.headersFor(server)
      : Promise.resolve({});
  own.catch(() => undefined);
  const targets = await Promise.all(
    targetsOf(server).map(async ({ url }): Promise<TargetHealth> => {
      const at = deps.clock.now();
      let error: string | undefined;
      try {
        const target = {
          ...targetOf(server, undefined, await own),
          url,
          timeoutMs: Math.min(server.timeoutMs ?? 60_000, deps.timeoutMs ?? 10_000),
        };
        if (isHttpEndpoint(url)) await deps.guard.check(url);
        const { tools } = await listUpstreamTools(target, transport);
        if (tools !== undefined && !catalogSaved) {
          catalogSaved = true;
          // the store failing says nothing of the target: its catalog is saved by the next probe
          try {
            // a server that lists per caller: what the probe is shown joins what callers were
            if (servesEachCaller(server)) await mergeIntoCatalog(deps.store, deps.clock, serverId, tools);
            else if ((await readCatalogHash(deps.store, serverId)) !== catalogHash(tools))
              await saveCatalog(deps.store, deps.clock, serverId, tools);
          } catch {
            catalogSaved = false;
          }
        }
      } catch (thrown) {
        // a server that wants each caller's own identity refuses a probe that has none: it is there
        if (!(thrown instanceof UpstreamRefusedCredentials && servesEachCaller(server)))
          error = asGatewayError(thrown).code;
        // a token revoked upstream is not sent again: the next probe gets a new one
        if (thrown instanceof UpstreamRefusedCredentials && thrown.revoked)
          for (const value of Object.values(await own.catch((): Record<string, string> => ({}))))
            deps.ownCredentials?.refused(value.replace(/^Bearer /, ''));
      }
      const before = previous?.targets?.find((t) => t.url === url)?.failures ?? 0;
      const failures = error === undefined ? 0 : before + 1;
      return {
        url,
        healthy: error === undefined,
        failures,
        inRotation: failures < (server.healthCheck?.unhealthyAfter ?? 2) || server.healthCheck === undefined,
        latencyMs: deps.clock.now() - at,
        ...(error !== undefined ? { error } : {}),
      };
    }),
  );
  const healthy = targets.some((t) => t.healthy);
  const result: HealthResult = {
    server: server.name,
    healthy,
    latencyMs: deps.clock.now() - started,
    checkedAt: new Date(deps.clock.now()).toISOString(),
    targets,
  };
  const firstError = targets.find((t) => t.error !== undefined)?.error;
  if (!healthy && firstError !== undefined) result.error = firstError;
  return result;
}

/**
 * A virtual server is as healthy as its members' own checks say: it serves while one of them does, and
 * names each one that does not (a member never checked counts as healthy until it is).
 */
async function virtualHealth(server: Server, deps: HealthCheckDeps, started: number): Promise<HealthResult> {
  const members = await Promise.all(
    (server.members ?? []).map(async ({ server: name }): Promise<MemberHealth> => {
      const last = await readHealth(deps.store, name, false).catch(() => undefined);
      if (last === undefined) return { server: name, healthy: true };
      return {
        server: name,
        healthy: last.healthy,
        checkedAt: last.checkedAt,
        ...(last.error !== undefined ? { error: last.error } : {}),
      };
    }),
  );
  const healthy = members.some((m) => m.healthy);
  return {
    server: server.name,
    healthy,
    latencyMs: deps.clock.now() - started,
    checkedAt: new Date(deps.clock.now()).toISOString(),
    targets: [],
    members,
    ...(healthy ? {} : { error: 'upstream_unavailable' }),
  };
}

/**
 * Probes every enabled server (a few at a time) and records each result in the store; `onlyDue` probes
 * only the servers with a `healthCheck` whose interval has passed (the local timer).
 */
export async function checkAllServers(
  deps: HealthCheckDeps,
  concurrency = 8,
  onlyDue = false,
): Promise<HealthResult[]> {
  // as stored (sealed fields not opened): only the servers probed now are opened, by the workers
  const servers: { server: Server; item: StoredItem }[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query(resourcePartition('server'), {
      limit: 100,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of page.items) {
      // one item that is no server (stored by hand, or by a newer version) is left out, as the data plane
      // leaves it out: it stops no other server's probe
      try {
        servers.push({ server: decodeServer(resourceFromItem(item)), item });
      } catch (error) {
        if (!(error instanceof CorruptConfigError)) throw error;
        (deps.log ?? console.error)(`mcp-gateway health: ${error.message}; not probed`);
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined);

  const now = deps.clock.now();
  const queue: StoredItem[] = [];
  for (const { server, item } of servers.filter((s) => s.server.enabled !== false)) {
    // a server with its own interval is probed when due (the schedule itself runs more often)
    if (onlyDue) {
      if (server.healthCheck === undefined) continue;
      const interval = server.healthCheck.intervalSeconds ?? 30;
      const last = await readHealth(deps.store, server.name, false).catch(() => undefined);
      if (last !== undefined && now - Date.parse(last.checkedAt) < interval * 1000 - 1000) continue;
    }
    queue.push(item);
  }
  const { deadline } = deps;
  if (deadline !== undefined) {
    const names = new Map(servers.map(({ server, item }) => [item, server.name]));
    await oldestFirst(deps.store, queue, (item) => names.get(item) ?? '');
  }
  let left = 0;
  let begun = 0;
  const results: HealthResult[] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      let server: Server;
      try {
        server = decodeServer(await opened(item, deps.sealer));
      } catch (error) {
        // probed without its headers it would only look unhealthy: left out (as the gateway leaves out one
        // it cannot open), and a sealing key out of reach for a moment stops no other worker's probes
        (deps.log ?? console.error)(
          `mcp-gateway health: server ${item.sk} is not probed: ${messageOf(error)}`,
        );
        continue;
      }
      // a probe takes at most twice its timeout (as probe() bounds it: the session, then its end) and a
      // moment: one that could not end by the deadline is not begun, nor any after it; the first of a run
      // is, within what time is left
      const timeoutMs = Math.min(server.timeoutMs ?? 60_000, deps.timeoutMs ?? 10_000);
      const remaining = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
      if (2 * timeoutMs + 1000 > remaining && (begun > 0 || remaining < 3000)) {
        left += 1 + queue.length;
        queue.length = 0;
        break;
      }
      begun++;
      const shortened =
        2 * timeoutMs + 1000 > remaining ? { ...deps, timeoutMs: Math.floor((remaining - 1000) / 2) } : deps;
      // processes sharing a table take turns: the first to claim a server's interval probes it, the others
      // leave it (each probing it would multiply its probes, and race each other's counts); claimed once
      // opened, so one this process cannot open is left to a process that can
      const interval = server.healthCheck?.intervalSeconds ?? 30;
      if (onlyDue && !(await claimProbe(deps.store, server.name, deps.clock.now(), interval))) continue;
      const probed = await probe(server, shortened);
      // the next verdict is due after the longer of the interval and the checker's cadence (the local
      // timer probes each server when due, give or take a tick and a slow run; a schedule probes all at
      // each of its runs)
      const cadence = onlyDue
        ? interval + LOCAL_SLACK_SECONDS
        : (deps.runsEverySeconds ?? UNKNOWN_CADENCE_SECONDS);
      const holds = Date.parse(probed.checkedAt) + 3 * Math.max(interval, cadence) * 1000;
      const result = { ...probed, holdsUntil: new Date(holds).toISOString() };
      // one write the store refused (throttled) ends no other server's probe, nor the run
      await deps.store.put({ ...healthKey(server.name), ...result }).catch((error: unknown) => {
        (deps.log ?? console.error)(
          `mcp-gateway health: the verdict on ${server.name} was not recorded: ${messageOf(error)}`,
        );
      });
      results.push(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  if (left > 0)
    (deps.log ?? console.error)(
      `mcp-gateway health: ${left} servers not probed within this run's time; they go first next run`,
    );
  return results.sort((a, b) => a.server.localeCompare(b.server));
}

/** Orders servers by when they were last checked, never checked first (one read of all verdicts). */
async function oldestFirst(
  store: StateStore,
  queue: StoredItem[],
  nameOf: (item: StoredItem) => string,
): Promise<void> {
  const checkedAt = new Map<string, number>();
  let cursor: string | undefined;
  try {
    do {
      const page = await store.query(healthKey('').pk, {
        limit: 100,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const item of page.items) checkedAt.set(item.sk, Date.parse(String(item['checkedAt'] ?? '')) || 0);
      cursor = page.cursor;
    } while (cursor !== undefined);
  } catch {
    return; // unread: in the store's order, as before
  }
  queue.sort((a, b) => (checkedAt.get(nameOf(a)) ?? 0) - (checkedAt.get(nameOf(b)) ?? 0));
}
