// DO NOT EDIT. Pulumi resources generated from the resource model (provider/src/generated/resource-model.ts) by
// constructs/src/codegen/main.ts; run `npm run generate:constructs`.
import * as pulumi from '@pulumi/pulumi';
import { findModelResource } from '../../config/model.js';
import { type Connection, type ConnectionArgs, modelProvider } from '../../config/pulumi-provider.js';

export type { Connection, ConnectionArgs };

export interface ApiKeyArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * What the key is for (for example the device); unique among keys.
   */
  name: pulumi.Input<string>;
  /**
   * The user the key authenticates as. Changing it replaces the object.
   */
  user: pulumi.Input<string>;
  /**
   * The workspace (by name) the key belongs to. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  /**
   * Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * After this instant the key no longer authenticates.
   */
  expiresAt?: pulumi.Input<string>;
}

/**
 * A credential MCP clients present as `Authorization: Bearer <key>`. Only its hash is stored.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/api-keys`); import with the id or `name=<name>`.
 */
export class ApiKey extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * What the key is for (for example the device); unique among keys.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * The user the key authenticates as. Changing it replaces the object.
   */
  declare readonly user: pulumi.Output<string>;
  /**
   * The workspace (by name) the key belongs to. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  /**
   * Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * After this instant the key no longer authenticates.
   */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  /**
   * The first characters of the key, to recognise it.
   */
  declare readonly prefix: pulumi.Output<string>;
  /**
   * The secret, in the create response only. Returned only when the object is created.
   */
  declare readonly key: pulumi.Output<string>;

  constructor(name: string, args: ApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("api_key")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, enabled: undefined, expiresAt: undefined, prefix: undefined, key: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "ApiKey",
    );
  }
}

export interface ServerArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Unique name; clients connect to `/mcp/{name}`. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * The workspace (by name) the server belongs to. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  /**
   * The upstream endpoint (`http` or `https`).
   */
  url: pulumi.Input<string>;
  /**
   * `streamable-http`, or `sse` for the legacy 2024-11-05 HTTP+SSE transport. Default: `"streamable-http"`.
   */
  transport?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * A disabled server answers 503 to MCP clients. Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  timeoutMs?: pulumi.Input<number>;
  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Write-only: sent to the API, never read back.
   */
  headers?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  headersVersion?: pulumi.Input<string>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * An upstream MCP server, reachable through the gateway at `/mcp/{name}`.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/servers`); import with the id or `name=<name>`.
 */
export class Server extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Unique name; clients connect to `/mcp/{name}`. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * The workspace (by name) the server belongs to. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  /**
   * The upstream endpoint (`http` or `https`).
   */
  declare readonly url: pulumi.Output<string>;
  /**
   * `streamable-http`, or `sse` for the legacy 2024-11-05 HTTP+SSE transport. Default: `"streamable-http"`.
   */
  declare readonly transport: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * A disabled server answers 503 to MCP clients. Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  declare readonly timeoutMs: pulumi.Output<number>;
  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Write-only: sent to the API, never read back.
   */
  declare readonly headers: pulumi.Output<{ [key: string]: string } | undefined>;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  declare readonly headersVersion: pulumi.Output<string | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: ServerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("server")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, transport: undefined, description: undefined, enabled: undefined, timeoutMs: undefined, headers: undefined, headersVersion: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "Server",
    );
  }
}

export interface WorkspaceArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Unique name; servers and keys refer to the workspace by it. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * An isolation boundary for servers, keys and policies. A `default` workspace always exists.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/workspaces`); import with the id or `name=<name>`.
 */
export class Workspace extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Unique name; servers and keys refer to the workspace by it. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: WorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("workspace")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, description: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "Workspace",
    );
  }
}
