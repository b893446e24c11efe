// DO NOT EDIT. CDKTF bindings generated from the resource model (provider/src/generated/resource-model.ts) by
// constructs/src/codegen/main.ts; run `npm run generate:constructs`.
import {
  type IResolvable,
  TerraformDataSource,
  type TerraformMetaArguments,
  TerraformProvider,
  TerraformResource,
} from 'cdktf';
import type { Construct } from 'constructs';
import { dataSourceAttributes, terraformAttributes } from '../../config/cdktf-runtime.js';

/** The provider's registry address. */
export const providerSource = "mcp-gateway/mcpgateway";

export interface McpgatewayProviderConfig {
  /**
   * Base URL of the gateway's management API. Defaults to `MCPGATEWAY_ENDPOINT`, else `http://127.0.0.1:8787`.
   */
  readonly endpoint?: string;
  /**
   * Admin key for the management API. Defaults to `MCPGATEWAY_API_KEY`.
   */
  readonly apiKey?: string;
  /** Alias, for several configurations of the provider in one stack. */
  readonly alias?: string;
}

/** The mcpgateway Terraform provider: manages the gateway's configuration through its management API. */
export class McpgatewayProvider extends TerraformProvider {
  static readonly tfResourceType = "mcpgateway";
  readonly #config: McpgatewayProviderConfig;

  constructor(scope: Construct, id: string, config: McpgatewayProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "mcpgateway",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      terraformProviderSource: "mcp-gateway/mcpgateway",
    });
    this.#config = config;
    this.alias = config.alias;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const attributes: { [name: string]: unknown } = {
      endpoint: this.#config.endpoint,
      api_key: this.#config.apiKey,
      alias: this.alias,
    };
    return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
  }
}

/**
 * A credential MCP clients present as `Authorization: Bearer <key>`. Only its hash is stored.
 *
 * Terraform resource `mcpgateway_api_key`; import with the id or `name=<name>`.
 */
export interface McpgatewayApiKeyConfig extends TerraformMetaArguments {
  /**
   * What the key is for (for example the device); unique among keys.
   */
  readonly name: string;
  /**
   * The user the key authenticates as. Changing it replaces the object.
   */
  readonly user: string;
  /**
   * The workspace (by name) the key belongs to. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  /**
   * Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * After this instant the key no longer authenticates.
   */
  readonly expiresAt?: string;
}

/**
 * A credential MCP clients present as `Authorization: Bearer <key>`. Only its hash is stored.
 */
export class McpgatewayApiKey extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_api_key";
  readonly #config: McpgatewayApiKeyConfig;

  constructor(scope: Construct, id: string, config: McpgatewayApiKeyConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_api_key",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.#config = config;
  }

  /**
   * Identifier assigned by the gateway.
   */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /**
   * Increases on every change; the `ETag`.
   */
  get version(): number {
    return this.getNumberAttribute("version");
  }

  get createdAt(): string {
    return this.getStringAttribute("created_at");
  }

  get updatedAt(): string {
    return this.getStringAttribute("updated_at");
  }

  /**
   * What the key is for (for example the device); unique among keys.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The user the key authenticates as. Changing it replaces the object.
   */
  get user(): string {
    return this.getStringAttribute("user");
  }

  /**
   * The workspace (by name) the key belongs to. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  /**
   * Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * After this instant the key no longer authenticates.
   */
  get expiresAt(): string {
    return this.getStringAttribute("expires_at");
  }

  /**
   * The first characters of the key, to recognise it.
   */
  get prefix(): string {
    return this.getStringAttribute("prefix");
  }

  /**
   * The secret, in the create response only. Returned only when the object is created.
   */
  get key(): string {
    return this.getStringAttribute("key");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("api_key", this.#config);
  }
}

/**
 * An upstream MCP server, reachable through the gateway at `/mcp/{name}`.
 *
 * Terraform resource `mcpgateway_server`; import with the id or `name=<name>`.
 */
export interface McpgatewayServerConfig extends TerraformMetaArguments {
  /**
   * Unique name; clients connect to `/mcp/{name}`. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * The workspace (by name) the server belongs to. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  /**
   * The upstream endpoint (`http` or `https`).
   */
  readonly url: string;
  /**
   * `streamable-http`, or `sse` for the legacy 2024-11-05 HTTP+SSE transport. Default: `"streamable-http"`.
   */
  readonly transport?: string;
  readonly description?: string;
  /**
   * A disabled server answers 503 to MCP clients. Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  readonly timeoutMs?: number;
  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Write-only: sent to the API, never read back.
   */
  readonly headers?: { [key: string]: string } | IResolvable;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  readonly headersVersion?: string;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * An upstream MCP server, reachable through the gateway at `/mcp/{name}`.
 */
export class McpgatewayServer extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_server";
  readonly #config: McpgatewayServerConfig;

  constructor(scope: Construct, id: string, config: McpgatewayServerConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_server",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.#config = config;
  }

  /**
   * Identifier assigned by the gateway.
   */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /**
   * Increases on every change; the `ETag`.
   */
  get version(): number {
    return this.getNumberAttribute("version");
  }

  get createdAt(): string {
    return this.getStringAttribute("created_at");
  }

  get updatedAt(): string {
    return this.getStringAttribute("updated_at");
  }

  /**
   * Unique name; clients connect to `/mcp/{name}`. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) the server belongs to. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  /**
   * The upstream endpoint (`http` or `https`).
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * `streamable-http`, or `sse` for the legacy 2024-11-05 HTTP+SSE transport. Default: `"streamable-http"`.
   */
  get transport(): string {
    return this.getStringAttribute("transport");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled server answers 503 to MCP clients. Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  get timeoutMs(): number {
    return this.getNumberAttribute("timeout_ms");
  }

  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Write-only: sent to the API, never read back.
   */
  get headers(): { [key: string]: string } {
    return this.getStringMapAttribute("headers");
  }

  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  get headersVersion(): string {
    return this.getStringAttribute("headers_version");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("server", this.#config);
  }
}

/**
 * An isolation boundary for servers, keys and policies. A `default` workspace always exists.
 *
 * Terraform resource `mcpgateway_workspace`; import with the id or `name=<name>`.
 */
export interface McpgatewayWorkspaceConfig extends TerraformMetaArguments {
  /**
   * Unique name; servers and keys refer to the workspace by it. Changing it replaces the object.
   */
  readonly name: string;
  readonly description?: string;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * An isolation boundary for servers, keys and policies. A `default` workspace always exists.
 */
export class McpgatewayWorkspace extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_workspace";
  readonly #config: McpgatewayWorkspaceConfig;

  constructor(scope: Construct, id: string, config: McpgatewayWorkspaceConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_workspace",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.#config = config;
  }

  /**
   * Identifier assigned by the gateway.
   */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /**
   * Increases on every change; the `ETag`.
   */
  get version(): number {
    return this.getNumberAttribute("version");
  }

  get createdAt(): string {
    return this.getStringAttribute("created_at");
  }

  get updatedAt(): string {
    return this.getStringAttribute("updated_at");
  }

  /**
   * Unique name; servers and keys refer to the workspace by it. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("workspace", this.#config);
  }
}

/**
 * Looks up one api key by id or name.
 */
export interface DataMcpgatewayApiKeyConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * What the key is for (for example the device); unique among keys.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_api_key`: A credential MCP clients present as `Authorization: Bearer <key>`. Only its hash is stored.
 */
export class DataMcpgatewayApiKey extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_api_key";
  readonly #config: DataMcpgatewayApiKeyConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayApiKeyConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_api_key",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.#config = config;
  }

  /**
   * Identifier assigned by the gateway.
   */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /**
   * Increases on every change; the `ETag`.
   */
  get version(): number {
    return this.getNumberAttribute("version");
  }

  get createdAt(): string {
    return this.getStringAttribute("created_at");
  }

  get updatedAt(): string {
    return this.getStringAttribute("updated_at");
  }

  /**
   * What the key is for (for example the device); unique among keys.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The user the key authenticates as.
   */
  get user(): string {
    return this.getStringAttribute("user");
  }

  /**
   * The workspace (by name) the key belongs to.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * After this instant the key no longer authenticates.
   */
  get expiresAt(): string {
    return this.getStringAttribute("expires_at");
  }

  /**
   * The first characters of the key, to recognise it.
   */
  get prefix(): string {
    return this.getStringAttribute("prefix");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("api_key", this.#config);
  }
}

/**
 * Looks up one server by id or name.
 */
export interface DataMcpgatewayServerConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Unique name; clients connect to `/mcp/{name}`.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_server`: An upstream MCP server, reachable through the gateway at `/mcp/{name}`.
 */
export class DataMcpgatewayServer extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_server";
  readonly #config: DataMcpgatewayServerConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayServerConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_server",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.#config = config;
  }

  /**
   * Identifier assigned by the gateway.
   */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /**
   * Increases on every change; the `ETag`.
   */
  get version(): number {
    return this.getNumberAttribute("version");
  }

  get createdAt(): string {
    return this.getStringAttribute("created_at");
  }

  get updatedAt(): string {
    return this.getStringAttribute("updated_at");
  }

  /**
   * Unique name; clients connect to `/mcp/{name}`.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) the server belongs to.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  /**
   * The upstream endpoint (`http` or `https`).
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * `streamable-http`, or `sse` for the legacy 2024-11-05 HTTP+SSE transport.
   */
  get transport(): string {
    return this.getStringAttribute("transport");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled server answers 503 to MCP clients.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Time allowed for one upstream request, including a streamed response.
   */
  get timeoutMs(): number {
    return this.getNumberAttribute("timeout_ms");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("server", this.#config);
  }
}

/**
 * Looks up one workspace by id or name.
 */
export interface DataMcpgatewayWorkspaceConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Unique name; servers and keys refer to the workspace by it.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_workspace`: An isolation boundary for servers, keys and policies. A `default` workspace always exists.
 */
export class DataMcpgatewayWorkspace extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_workspace";
  readonly #config: DataMcpgatewayWorkspaceConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayWorkspaceConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_workspace",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.#config = config;
  }

  /**
   * Identifier assigned by the gateway.
   */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /**
   * Increases on every change; the `ETag`.
   */
  get version(): number {
    return this.getNumberAttribute("version");
  }

  get createdAt(): string {
    return this.getStringAttribute("created_at");
  }

  get updatedAt(): string {
    return this.getStringAttribute("updated_at");
  }

  /**
   * Unique name; servers and keys refer to the workspace by it.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("workspace", this.#config);
  }
}
