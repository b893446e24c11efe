/** Helpers shared by the data-plane tests (not part of the runtime's API). */
import type { ConfigReader, WorkspaceRules } from '../core/config.js';
import { describe as describeMessage, type McpView } from './view.js';

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
    providerIssuers: async () =>
      new Set((await (known.identityProviders?.() ?? Promise.resolve([]))).map((p) => p.issuer)),
    telemetrySinks: async () => [],
    workspaceByName: async () => undefined,
    webhookByName: async () => undefined,
    oauthClientById: async () => undefined,
    workspaceRules: fakeRules(),
    signedOutAt: async () => undefined,
    ...known,
  };
}

/** A session-era POST's view of `messages` (each completed with `jsonrpc: '2.0'`), nothing refused yet. */
export const viewOf = (messages: object[]): McpView => ({
  era: 'session',
  operation: 'post',
  batch: false,
  messages: messages.map((m) => describeMessage({ jsonrpc: '2.0', ...m } as never)),
  protocolVersion: undefined,
  sessionId: undefined,
  body: undefined,
  refused: new Map(),
});
