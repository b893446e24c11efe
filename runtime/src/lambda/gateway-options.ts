/**
 * The data plane's wiring from runtime settings, shared by the Lambda entry point and the local runner.
 * Kept out of `environment.ts` so the management and health bundles do not pull in the outbound HTTP stack.
 */

import { createConfigReader } from '../config/reader.js';
import { createGuardedHttpClient, pinnedLookup } from '../core/guarded-http.js';
import { onFirstUse } from '../core/lazy.js';
import { createUrlGuard, rulesForPort } from '../core/url-guard.js';
import type { GatewayOptions } from '../mcp/gateway.js';
import type { StateStore } from '../store/port.js';
import { outboundRules, sealerFor } from './environment.js';
import { publicOutboundFor } from './outbound.js';
import type { RuntimeSettings } from './settings.js';

/** Lambda-hosted servers' invoker: its code loads with the first such server's call. */
const functions = onFirstUse(async () => (await import('./invoker.js')).awsFunctionInvoker());

/** `servesOthers`: a local runner other machines reach (see `publicOutboundFor`). */
export function gatewayOptionsFor(
  settings: RuntimeSettings,
  store: StateStore,
  servesOthers = false,
): GatewayOptions {
  const outbound = outboundRules(settings);
  const sealer = sealerFor(settings);
  return {
    store,
    config: createConfigReader({ store, ttlMs: settings.configTtlMs, sealer }),
    // check() refuses early with a clear error; the guarded HTTP client enforces the same rules on the
    // address each connection is actually made to (DNS rebinding), with one keep-alive pool per process
    guard: createUrlGuard(outbound),
    http: createGuardedHttpClient(outbound),
    publicOutbound: publicOutboundFor(settings, servesOthers),
    functions: { invoke: async (...call) => (await functions()).invoke(...call) },
    maxBodyBytes: settings.maxBodyBytes,
    maxMessageBytes: settings.maxMessageBytes,
    allowedOrigins: settings.allowedOrigins,
    allowLoopbackOrigins: settings.local,
    auditRetentionDays: settings.auditRetentionDays,
    pinCacheMs: settings.configTtlMs,
    telemetryIntervalMs: settings.telemetryIntervalMs,
    // per collector port: a reserved one (the local store's) is reached without loopback
    telemetryLookup: (port) => pinnedLookup(rulesForPort(outbound, port)),
    analyticsRetentionDays: settings.analyticsRetentionDays,
    analyticsFlushMs: settings.analyticsFlushMs,
    ...(settings.publicUrl !== undefined ? { publicUrl: settings.publicUrl } : {}),
    ...(sealer !== undefined ? { sealer } : {}),
    // the vault's revocations show within the config TTL
    vaultCacheMs: settings.configTtlMs,
  };
}
