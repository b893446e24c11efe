/** Outbound HTTP to addresses an outsider chose, wired from runtime settings (data plane and management API). */

import { createGuardedHttpClient } from '../core/guarded-http.js';
import { createUrlGuard, isLoopbackHost } from '../core/url-guard.js';
import { outboundRules } from './environment.js';
import type { RuntimeSettings } from './settings.js';

/**
 * What reaches addresses an unauthenticated caller or an upstream's metadata names (a client metadata
 * document, an authorization server's endpoints elsewhere): never private addresses, and this machine
 * only for a gateway that serves it alone. `servesOthers`: a local runner other machines reach (bound to
 * their network, or behind a proxy); with the public URL it decides whether the gateway serves this
 * machine only — a gateway others reach is a service, and its loopback ports (the embedded store) are no
 * one's to probe.
 */
export function publicOutboundFor(settings: RuntimeSettings, servesOthers: boolean) {
  const outbound = outboundRules(settings);
  const servesThisMachineOnly =
    !servesOthers &&
    (settings.publicUrl === undefined || isLoopbackHost(new URL(settings.publicUrl).hostname));
  const rules = {
    ...outbound,
    allowLoopback: outbound.allowLoopback && servesThisMachineOnly,
    allowPrivate: false,
  };
  return { http: createGuardedHttpClient(rules), guard: createUrlGuard(rules) };
}
