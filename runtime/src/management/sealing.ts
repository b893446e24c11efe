/**
 * `POST /v1/sealing/reseal`: every secret the gateway keeps sealed anew under the current sealing key —
 * resources' write-only fields (config/sealed-fields.ts), the token vault's tokens and registered
 * clients' secrets, and the signing keys of the gateway's authorization server — after a rotation of the
 * key, or once a key is first configured.
 */
import { resealSigningKeys } from '../broker/keys.js';
import { CorruptConfigError, decodeServer } from '../config/decode.js';
import type { Server } from '../core/config.js';
import { resourceFromItem, resourcePartition } from '../store/config-items.js';
import { queryAll } from '../store/port.js';
import type { ResealReport, Sealer } from '../vault/sealer.js';
import { resealVault } from '../vault/upstream-oauth.js';
import type { ResourceService } from './service.js';

/**
 * What one call does at most: well within API Gateway's 29 s (and less when the function has less time
 * left). A reseal is idempotent: what is sealed under the current key is read again by the next call, and
 * skipped without a write.
 */
export const RESEAL_BUDGET_MS = 20_000;

export async function resealAll(
  service: ResourceService,
  sealer: Sealer,
  budgetMs = RESEAL_BUDGET_MS,
): Promise<ResealReport> {
  const report: ResealReport = { sealed: 0, current: 0, unopenable: [], pending: [], complete: true };
  const stopAt = service.clock.now() + budgetMs;
  await service.reseal(report, stopAt);
  if (!report.complete) return report;
  // the vault's tokens open for their server's upstream URLs: a server that does not decode has none in use
  const servers: (Server & { id: string })[] = [];
  for (const item of await queryAll(service.store, resourcePartition('server'))) {
    try {
      servers.push({ ...decodeServer(resourceFromItem(item)), id: item.sk });
    } catch (error) {
      if (!(error instanceof CorruptConfigError)) throw error;
      // its tokens open for URLs that cannot be read now: named, to mend the server and run it again
      report.unopenable.push(`vault tokens of server ${item.sk} (its configuration does not decode)`);
    }
  }
  await resealVault(service.store, sealer, servers, report, service.clock, stopAt);
  if (report.complete) await resealSigningKeys(service.store, sealer, report);
  return report;
}
