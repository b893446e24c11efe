/**
 * The health checker's verdicts as the store keeps them: read by routing on the hot path and by the
 * management API, written by the checker (`health.ts`, which the data plane does not load).
 */
import type { StateStore } from '../store/port.js';

export interface TargetHealth {
  url: string;
  healthy: boolean;
  /** Failed probes in a row. */
  failures: number;
  /** Whether routing still sends it traffic (see `healthCheck.unhealthyAfter`). */
  inRotation: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthResult {
  server: string;
  /** Whether any target answered. */
  healthy: boolean;
  latencyMs: number;
  checkedAt: string;
  /**
   * Until when the verdict holds (three times the longer of the server's interval and the checker's own
   * cadence): a checker that stopped takes no target out for good.
   */
  holdsUntil?: string;
  /** The stable error code when unhealthy (of the first target). */
  error?: string;
  targets: TargetHealth[];
  /** A virtual server's members, as their own last checks found them. */
  members?: MemberHealth[];
}

export interface MemberHealth {
  server: string;
  healthy: boolean;
  checkedAt?: string;
  error?: string;
}

export const healthKey = (server: string) => ({ pk: 'health', sk: server });

/** The last recorded health of a server, if it was checked. */
export async function readHealth(
  store: StateStore,
  server: string,
  consistent = true,
): Promise<HealthResult | undefined> {
  const item = await store.get(healthKey(server).pk, healthKey(server).sk, { consistent });
  return item === undefined ? undefined : (item as unknown as HealthResult);
}
