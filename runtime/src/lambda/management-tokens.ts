/**
 * The management API's acceptance of identity-provider tokens, wired from runtime settings (shared by the
 * Lambda entry point and the local runner): providers read through a cached config reader, their keys
 * through the guarded HTTP client.
 */

import { JwksCache } from '../auth/jwks.js';
import { TokenVerifier } from '../auth/jwt.js';
import { signedOutAt as readSignedOutAt } from '../auth/sign-outs.js';
import { createConfigReader } from '../config/reader.js';
import { systemClock } from '../core/clock.js';
import { createGuardedHttpClient } from '../core/guarded-http.js';
import { createUrlGuard } from '../core/url-guard.js';
import type { ManagementTokens } from '../management/access.js';
import type { StateStore } from '../store/port.js';
import { outboundRules, sealerFor } from './environment.js';
import type { RuntimeSettings } from './settings.js';

/** Outbound HTTP of the management API (JWKS of identity providers, authorization webhooks), guarded. */
export function managementOutboundFor(settings: RuntimeSettings) {
  const outbound = outboundRules(settings);
  return { http: createGuardedHttpClient(outbound), guard: createUrlGuard(outbound) };
}

export function managementTokensFor(settings: RuntimeSettings, store: StateStore): ManagementTokens {
  const config = createConfigReader({ store, ttlMs: settings.configTtlMs, sealer: sealerFor(settings) });
  const keys = new JwksCache({ ...managementOutboundFor(settings), clock: systemClock });
  return {
    verifier: new TokenVerifier({ keys, clock: systemClock }),
    providers: () => config.identityProviders(),
    // an admin's management requests are few: the admins' sign-outs are read as they come
    signedOutAt: (workspace, user, byAdmin) =>
      byAdmin ? readSignedOutAt(store, workspace, user, true) : config.signedOutAt(workspace, user),
    ...(settings.publicUrl !== undefined ? { publicUrl: settings.publicUrl } : {}),
  };
}
