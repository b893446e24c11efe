/**
 * Lambda entry point of the scheduled health checker: probes every enabled upstream server and records
 * the result in the store. Composition root for that schedule.
 */
import middy from '@middy/core';
import { AuditLog } from '../audit/log.js';
import { syncDueRegistries } from '../catalog/registry.js';
import { systemClock } from '../core/clock.js';
import { createGuardedHttpClient } from '../core/guarded-http.js';
import type { HttpClient } from '../core/http-client.js';
import { createUrlGuard } from '../core/url-guard.js';
import { createResourceService } from '../management/resources.js';
import { checkAllServers, ownCredentials } from '../mcp/health.js';
import type { HealthResult } from '../mcp/health-record.js';
import { upstreamTransports } from '../mcp/upstream/transports.js';
import type { Sealer } from '../vault/sealer.js';
import { outboundRules, sealerFor, storeFor } from './environment.js';
import { awsFunctionInvoker } from './invoker.js';
import { readSettings } from './settings.js';

/**
 * One guarded HTTP client (one keep-alive connection pool) per process, reused by warm invocations; its options
 * come from the environment, which does not change within a process.
 */
let outbound: HttpClient | undefined;
/** The gateway's own upstream credentials (their tokens cached), reused the same way. */
let credentials: ReturnType<typeof ownCredentials> | undefined;
/** Kept across runs: a KMS sealer's unwrapped data keys are its cache. */
let sealer: Sealer | undefined;
/** The Lambda client for `lambda` servers, reused the same way. */
const functions = awsFunctionInvoker();

export const handler = middy<unknown, { checked: number; unhealthy: HealthResult[] }>({
  timeoutEarlyInMillis: 0,
}).handler(async (_event, context) => {
  // a sync stops in time to record how far it got, before the function's own timeout ends it unsaid
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  const settings = readSettings();
  const store = storeFor(settings);
  const options = outboundRules(settings);
  // check() refuses early with a clear error; the guarded HTTP client enforces the same rules on the address
  // each connection is actually made to (DNS rebinding)
  outbound ??= createGuardedHttpClient(options);
  const transports = upstreamTransports({
    http: outbound,
    guard: createUrlGuard(options),
    functions,
  });
  credentials ??= ownCredentials(outbound, createUrlGuard(options), systemClock);
  const audit = new AuditLog(store, systemClock, settings.auditRetentionDays);
  sealer ??= sealerFor(settings);
  try {
    // registries with a `schedule` are synced when due, on the same schedule, beside the probes: many
    // slow servers must not leave the sync no time before the function's own timeout. Both end before
    // the store closes (a failed probe run must not cut a sync short).
    const [probed] = await Promise.allSettled([
      checkAllServers({
        store,
        clock: systemClock,
        guard: createUrlGuard(options),
        transports,
        ownCredentials: credentials,
        sealer,
        ...(settings.healthEverySeconds !== undefined
          ? { runsEverySeconds: settings.healthEverySeconds }
          : {}),
        // what is not probed by then goes first next run (a timed-out run would probe the same ones)
        deadline: deadline - 2000,
      }),
      syncDueRegistries(
        createResourceService({ store, sealer }),
        { http: outbound, guard: createUrlGuard(options) },
        audit,
        (line) => console.error(line),
        deadline,
      )
        .catch((error: unknown) => console.error(`mcp-gateway: registry sync failed: ${String(error)}`))
        // records the store refused meanwhile are tried once more before it closes
        .then(() => audit.flush()),
    ]);
    if (probed.status === 'rejected') throw probed.reason;
    const results = probed.value;
    const unhealthy = results.filter((r) => !r.healthy);
    for (const r of unhealthy) console.error(`mcp-gateway health: ${r.server} is unhealthy (${r.error})`);
    return { checked: results.length, unhealthy };
  } finally {
    transports.closeAll();
    await store.close();
  }
});
