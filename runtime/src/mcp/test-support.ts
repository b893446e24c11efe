/** Helpers shared by the data-plane tests (not part of the runtime's API). */
import type { ConfigReader } from '../core/config.js';

/** A configuration that knows nothing (no servers, keys, providers, rules) except what `known` gives. */
export function fakeConfig(known: Partial<ConfigReader>): ConfigReader {
  return {
    serverByName: async () => undefined,
    authenticateApiKey: async () => undefined,
    identityProviders: async () => [],
    telemetrySinks: async () => [],
    workspaceByName: async () => undefined,
    webhookByName: async () => undefined,
    oauthClientById: async () => undefined,
    workspaceRules: async (workspace) => ({
      workspace,
      defaultAccess: 'allow',
      policies: [],
      teams: [],
      rateLimits: [],
      budgets: [],
      guardrails: [],
    }),
    ...known,
  };
}
