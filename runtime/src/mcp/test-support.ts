/** Helpers shared by the data-plane tests (not part of the runtime's API). */
import type { ConfigReader, Server, WorkspaceRules } from '../core/config.js';
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

/** Server `up`, a streamable HTTP upstream on a loopback port nothing listens on, with `over` on top. */
export const testServer = (over: Partial<Server> = {}): Server => ({
  name: 'up',
  url: 'http://127.0.0.1:9/mcp',
  workspace: 'default',
  transport: 'streamable-http',
  enabled: true,
  trustAnnotations: false,
  toolPinning: 'off',
  timeoutMs: 2000,
  ...over,
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
  source: undefined,
  refused: new Map(),
});
