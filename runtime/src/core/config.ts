import type { components } from '../generated/api-types.js';

export type Server = components['schemas']['Server'];

/**
 * Whether a server is called with each caller's own identity (a forwarded identity, a token exchanged or
 * connected per user): a probe without one may be refused, and what it lists may differ per caller.
 */
export const servesEachCaller = (server: Server): boolean =>
  server.identity !== undefined ||
  (server.credentials !== undefined && server.credentials.kind !== 'client-credentials');
export type Workspace = components['schemas']['Workspace'];
export type ApiKey = components['schemas']['ApiKey'];
/**
 * An identity provider as the data plane reads it. `loginUnavailable` says why its sign-in cannot be
 * used (a client secret this gateway cannot open); its tokens verify all the same (they need no secret).
 */
export type IdentityProvider = components['schemas']['IdentityProvider'] & { loginUnavailable?: string };
export type Webhook = components['schemas']['Webhook'];
export type OAuthClient = components['schemas']['OAuthClient'];
export type AccessPolicy = components['schemas']['AccessPolicy'];
export type Team = components['schemas']['Team'];
export type RateLimit = components['schemas']['RateLimit'];
export type Budget = components['schemas']['Budget'];
export type Guardrail = components['schemas']['Guardrail'];
export type TelemetrySink = components['schemas']['TelemetrySink'];

/**
 * A workspace's rules as the data plane reads them: its default access, enabled access policies, teams,
 * enabled rate limits, budgets and guardrails.
 */
export interface WorkspaceRules {
  workspace: string;
  defaultAccess: 'allow' | 'deny';
  /** The workspace's authorization webhook (by name), asked for servers that name none of their own. */
  authzWebhook?: string;
  policies: readonly AccessPolicy[];
  teams: readonly Team[];
  rateLimits: readonly RateLimit[];
  budgets: readonly Budget[];
  guardrails: readonly Guardrail[];
  /** A stored policy, team, rate limit, budget or guardrail of the workspace could not be read: everything is refused until it is fixed. */
  unreadable?: true;
}

/** An OAuth client as the data plane reads it: with the hash of its secret, when it has one. */
export type StoredOAuthClient = OAuthClient & { id: string; secretHash?: string };

/** Who is calling, once authenticated. */
export interface Principal {
  /** The user id (an API key's `user`, a token's subject). */
  user: string;
  workspace: string;
  /** How the caller authenticated: `api-key` or `jwt`. */
  method: string;
  /** The credential's id (never the secret), for audit: an api key's id, `<provider id>:<jti>` for a token. */
  credentialId: string;
  email?: string;
  /** The teams a token names (its `teams` claim mapping); none for api keys. */
  teams?: string[];
  /** The verified claims of a token, for policies that decide on claims. */
  claims?: Readonly<Record<string, unknown>>;
  /** The identity provider (by name) that issued a token. */
  provider?: string;
  /** The authentication webhook (by id) that vouched for a `webhook` caller. */
  webhook?: string;
  /** The only servers (by name) the credential may reach; any of its workspace when undefined. */
  servers?: readonly string[];
}

/**
 * What the data plane reads of the configuration. Implementations cache (short TTL) so a request on the
 * MCP hot path does not cost a store round trip for configuration.
 */
export interface ConfigReader {
  /** The server registered under this name, with its write-only fields (upstream headers). */
  serverByName(name: string): Promise<Server | undefined>;
  /**
   * The principal for a presented API key; undefined when no key of this gateway is that, `unusable`
   * when one is but it is disabled, expired or unreadable.
   */
  authenticateApiKey(key: string): Promise<Principal | 'unusable' | undefined>;
  /** Every enabled identity provider (few; read and cached as one list). */
  identityProviders(): Promise<readonly IdentityProvider[]>;
  /** The issuer of every identity provider, disabled ones too: their tokens are never anyone else's. */
  providerIssuers(): Promise<ReadonlySet<string>>;
  /** The enabled telemetry sinks, with their write-only headers (cached like the rest). */
  telemetrySinks(): Promise<readonly TelemetrySink[]>;
  /** The workspace of this name (its authentication webhook, for instance). */
  workspaceByName(name: string): Promise<Workspace | undefined>;
  /** The webhook of this name, with its write-only secret. */
  webhookByName(name: string): Promise<Webhook | undefined>;
  /** The OAuth client with this id (its `client_id`), enabled or not. */
  oauthClientById(id: string): Promise<StoredOAuthClient | undefined>;
  /** Tells the reader of a client this process just wrote (a miss it cached would hide it). */
  oauthClientWritten?(client: StoredOAuthClient): void;
  /** The rules of a workspace (the same object until they change). */
  workspaceRules(workspace: string): Promise<WorkspaceRules>;
  /** When a user of a workspace was signed out everywhere (epoch seconds), if ever: see `auth/sign-outs.ts`. */
  signedOutAt(workspace: string, user: string): Promise<number | undefined>;
}
