/** Helpers shared by the data-plane tests (not part of the runtime's API). */
import type { ConfigReader, WorkspaceRules } from '../core/config.js';

/** A workspace's rules that hold nothing (allow by default) except what `known` gives. */
export const fakeRules =
  (known: Partial<Omit<WorkspaceRules, 'workspace'>> = {}) =>
  async (workspace: string): Promise<WorkspaceRules> => ({
    workspace,
    defaultAccess: 'allow',
    policies: [],
    teams: [],
    rateLimits: [],
    budgets: [],
    guardrails: [],
    ...known,
  });

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
    workspaceRules: fakeRules(),
    ...known,
  };
}
