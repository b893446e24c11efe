import type { components } from '../generated/api-types.js';

export type Server = components['schemas']['Server'];
export type Workspace = components['schemas']['Workspace'];
export type ApiKey = components['schemas']['ApiKey'];

/** Who is calling, once authenticated. */
export interface Principal {
  /** The user id (an API key's `user`, a token's subject). */
  user: string;
  workspace: string;
  /** How the caller authenticated, e.g. `api-key`. */
  method: string;
  /** The credential's id (never the secret), for audit. */
  credentialId: string;
}

/**
 * What the data plane reads of the configuration. Implementations cache (short TTL) so a request on the
 * MCP hot path does not cost a store round trip for configuration.
 */
export interface ConfigReader {
  /** The server registered under this name, with its write-only fields (upstream headers). */
  serverByName(name: string): Promise<Server | undefined>;
  /** The principal for a presented API key, or undefined when the key is unknown, disabled or expired. */
  authenticateApiKey(key: string): Promise<Principal | undefined>;
}
