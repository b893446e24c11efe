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
import {
  dataSourceAttributes,
  hclAttributes,
  terraformAttributes,
  viewAttributes,
} from '../../config/cdktf-runtime.js';

/** The provider's registry address. */
export const providerSource = "mcp-gateway/mcpgateway";

export interface McpgatewayProviderConfig {
  /**
   * Base URL of the gateway (its management API is `<endpoint>/v1`, e.g. a deployment's `stage_url` output). Defaults to `MCPGATEWAY_ENDPOINT`, else `http://127.0.0.1:8787`.
   */
  readonly endpoint?: string;
  /**
   * Admin key, or an identity provider's access token, for the management API. Defaults to `MCPGATEWAY_API_KEY`.
   */
  readonly apiKey?: string;
  /** Alias, for several configurations of the provider in one stack. */
  readonly alias?: string;
}

/** The mcpgateway Terraform provider: manages the gateway's configuration through its management API. */
export class McpgatewayProvider extends TerraformProvider {
  static readonly tfResourceType = "mcpgateway";
  readonly #config: McpgatewayProviderConfig;
  // the base class's alias accessor keeps nothing: the alias is kept here, for `fqn` and the block's meta
  #alias: string | undefined;

  override get alias(): string | undefined {
    return this.#alias;
  }

  override set alias(value: string | undefined) {
    this.#alias = value;
  }

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

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * A rule that allows or denies principals (`subjects`) the use of servers of its workspace, and within them of tools, prompts, resources or methods. A matching `deny` always wins. A rule without `tools`, `prompts`, `resources` and `methods` is about whole servers: once an `allow` rule names a server, only principals some allow rule admits may use it; servers no allow rule names follow the workspace's `defaultAccess`. A rule with `tools` (or `prompts`, `resources`, `methods`) is about those only: once an allow rule names a tool, only principals it admits may call it (and see it in `tools/list`); on a server no whole-server allow names, a principal allowed any part of it may connect to it, and under a `deny` default uses only the parts allowed. `condition`, in CEL, must also hold; it sees `principal` (`user`, `teams`, `claims`, `workspace`, `method`, `email`), `mcp` (`server`, `method`, `tool.name`, `tool.arguments`, `prompt.name`, `prompt.arguments`, `resource.uri` as patterns read it — `..` resolved, escapes decoded, scheme and host in lower case — and `resource.rawUri` as sent) and `request` (`headers`, lower-case names, without `authorization`, `cookie`, `mcp-method` and `mcp-name` — a message's method and target are `mcp`'s, read from the message itself; `time`, an RFC 3339 text). A condition that fails to evaluate (a missing argument, say) never makes an allow rule apply and always makes a deny rule apply. A condition is type-checked when written: a field these do not have (`principal.emial`) or a comparison that cannot hold (`principal.teams == "sre"`) is refused; `claims`, `arguments` and `headers` take any key.
 *
 * Terraform resource `mcpgateway_access_policy`; import with the id or `name=<name>`.
 */
export interface McpgatewayAccessPolicyConfig extends TerraformMetaArguments {
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  readonly effect: string;
  /**
   * Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason. Default: `1000`.
   */
  readonly priority?: number;
  /**
   * Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean "nobody").
   */
  readonly subjects?: { readonly users?: (string)[] | IResolvable; readonly teams?: (string)[] | IResolvable; readonly claims?: ({ readonly claim: string; readonly op: string; readonly values?: (string)[] | IResolvable } | IResolvable)[] | IResolvable } | IResolvable;
  /**
   * Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused).
   */
  readonly servers?: (string)[] | IResolvable;
  /**
   * Tool names (`*` wildcard) the rule is about.
   */
  readonly tools?: (string)[] | IResolvable;
  /**
   * Prompt names (`*` wildcard) the rule is about.
   */
  readonly prompts?: (string)[] | IResolvable;
  /**
   * Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches.
   */
  readonly resources?: (string)[] | IResolvable;
  /**
   * MCP methods (`*` wildcard, `resources/*`) the rule is about.
   */
  readonly methods?: (string)[] | IResolvable;
  /**
   * A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith("/tmp/")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings.
   */
  readonly condition?: string;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * A rule that allows or denies principals (`subjects`) the use of servers of its workspace, and within them of tools, prompts, resources or methods. A matching `deny` always wins. A rule without `tools`, `prompts`, `resources` and `methods` is about whole servers: once an `allow` rule names a server, only principals some allow rule admits may use it; servers no allow rule names follow the workspace's `defaultAccess`. A rule with `tools` (or `prompts`, `resources`, `methods`) is about those only: once an allow rule names a tool, only principals it admits may call it (and see it in `tools/list`); on a server no whole-server allow names, a principal allowed any part of it may connect to it, and under a `deny` default uses only the parts allowed. `condition`, in CEL, must also hold; it sees `principal` (`user`, `teams`, `claims`, `workspace`, `method`, `email`), `mcp` (`server`, `method`, `tool.name`, `tool.arguments`, `prompt.name`, `prompt.arguments`, `resource.uri` as patterns read it — `..` resolved, escapes decoded, scheme and host in lower case — and `resource.rawUri` as sent) and `request` (`headers`, lower-case names, without `authorization`, `cookie`, `mcp-method` and `mcp-name` — a message's method and target are `mcp`'s, read from the message itself; `time`, an RFC 3339 text). A condition that fails to evaluate (a missing argument, say) never makes an allow rule apply and always makes a deny rule apply. A condition is type-checked when written: a field these do not have (`principal.emial`) or a comparison that cannot hold (`principal.teams == "sre"`) is refused; `claims`, `arguments` and `headers` take any key.
 */
export class McpgatewayAccessPolicy extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_access_policy";
  readonly #config: McpgatewayAccessPolicyConfig;

  constructor(scope: Construct, id: string, config: McpgatewayAccessPolicyConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_access_policy",
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
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  get effect(): string {
    return this.getStringAttribute("effect");
  }

  /**
   * Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason. Default: `1000`.
   */
  get priority(): number {
    return this.getNumberAttribute("priority");
  }

  /**
   * Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean "nobody").
   */
  get subjects(): IResolvable {
    return this.interpolationForAttribute("subjects");
  }

  /**
   * Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused).
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) the rule is about.
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  /**
   * Prompt names (`*` wildcard) the rule is about.
   */
  get prompts(): string[] {
    return this.getListAttribute("prompts");
  }

  /**
   * Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches.
   */
  get resources(): string[] {
    return this.getListAttribute("resources");
  }

  /**
   * MCP methods (`*` wildcard, `resources/*`) the rule is about.
   */
  get methods(): string[] {
    return this.getListAttribute("methods");
  }

  /**
   * A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith("/tmp/")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings.
   */
  get condition(): string {
    return this.getStringAttribute("condition");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("access_policy", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * A credential MCP clients present as `Authorization: Bearer <secret>`. Only its hash is stored.
 *
 * Terraform resource `mcpgateway_api_key`; import with the id or `name=<name>`.
 */
export interface McpgatewayApiKeyConfig extends TerraformMetaArguments {
  /**
   * What the key is for (for example the device); unique among keys. A new name holds no control characters.
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
  /**
   * The key's secret, supplied by the caller (from a secrets manager, or an ephemeral value in Terraform) instead of generated by the gateway. Stored only as a SHA-256 hash and never returned (the create response then has no `key`); no other key may use the same secret. Not in a JWT's shape (`eyJ…` with two dots): a bearer token of that shape is read as an identity provider's. Changing it replaces the object. Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  readonly secret: string;
  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  readonly secretVersion?: string;
  /**
   * Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset.
   */
  readonly servers?: (string)[] | IResolvable;
}

/**
 * A credential MCP clients present as `Authorization: Bearer <secret>`. Only its hash is stored.
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
   * What the key is for (for example the device); unique among keys. A new name holds no control characters.
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
   * The key's secret, supplied by the caller (from a secrets manager, or an ephemeral value in Terraform) instead of generated by the gateway. Stored only as a SHA-256 hash and never returned (the create response then has no `key`); no other key may use the same secret. Not in a JWT's shape (`eyJ…` with two dots): a bearer token of that shape is read as an identity provider's. Changing it replaces the object. Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  get secret(): string {
    return this.getStringAttribute("secret");
  }

  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  get secretVersion(): string {
    return this.getStringAttribute("secret_version");
  }

  /**
   * The first characters of the secret, to recognise the key: 12 of a generated one, at most 4 of a supplied one.
   */
  get prefix(): string {
    return this.getStringAttribute("prefix");
  }

  /**
   * Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * When the key last authenticated a request, to within a minute: each gateway instance records a key's use at most once a minute.
   */
  get lastUsedAt(): string {
    return this.getStringAttribute("last_used_at");
  }

  /**
   * After a rotation, the previous secret keeps working until this instant.
   */
  get previousSecretExpiresAt(): string {
    return this.getStringAttribute("previous_secret_expires_at");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("api_key", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * At most `amount` units of cost per `period` (UTC day or month) for each key `per` makes. A tool call costs its server's `pricing` (1 unit by default). With `action: block` a call that would pass the amount is refused (JSON-RPC error, never forwarded); with `alert` it goes on. Crossing a fraction of `alertAt` sends an alert to `webhook` (HMAC-signed; tried again twice when a delivery fails, with the same `id`) once per key and period. Spend is exact: what a call cost is counted once it was allowed; instances reserve room in small leases so the amount is never exceeded. Current spend at `GET /v1/budgets/{id}/usage`. A process killed outright (no shutdown) loses the spend of its last second, not yet written, and the room its lease still held (a fiftieth of the amount at most) until the period ends: such room is refused though `remaining` counts it.
 *
 * Terraform resource `mcpgateway_budget`; import with the id or `name=<name>`.
 */
export interface McpgatewayBudgetConfig extends TerraformMetaArguments {
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  readonly servers?: (string)[] | IResolvable;
  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  readonly tools?: (string)[] | IResolvable;
  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  readonly per?: (string)[] | IResolvable;
  readonly amount: number;
  readonly period: string;
  /**
   * Default: `[0.8]`.
   */
  readonly alertAt?: (number)[] | IResolvable;
  /**
   * Default: `"block"`.
   */
  readonly action?: string;
  /**
   * A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction.
   */
  readonly webhook?: string;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * At most `amount` units of cost per `period` (UTC day or month) for each key `per` makes. A tool call costs its server's `pricing` (1 unit by default). With `action: block` a call that would pass the amount is refused (JSON-RPC error, never forwarded); with `alert` it goes on. Crossing a fraction of `alertAt` sends an alert to `webhook` (HMAC-signed; tried again twice when a delivery fails, with the same `id`) once per key and period. Spend is exact: what a call cost is counted once it was allowed; instances reserve room in small leases so the amount is never exceeded. Current spend at `GET /v1/budgets/{id}/usage`. A process killed outright (no shutdown) loses the spend of its last second, not yet written, and the room its lease still held (a fiftieth of the amount at most) until the period ends: such room is refused though `remaining` counts it.
 */
export class McpgatewayBudget extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_budget";
  readonly #config: McpgatewayBudgetConfig;

  constructor(scope: Construct, id: string, config: McpgatewayBudgetConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_budget",
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
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  get per(): string[] {
    return this.getListAttribute("per");
  }

  get amount(): number {
    return this.getNumberAttribute("amount");
  }

  get period(): string {
    return this.getStringAttribute("period");
  }

  /**
   * Default: `[0.8]`.
   */
  get alertAt(): number[] {
    return this.getNumberListAttribute("alert_at");
  }

  /**
   * Default: `"block"`.
   */
  get action(): string {
    return this.getStringAttribute("action");
  }

  /**
   * A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction.
   */
  get webhook(): string {
    return this.getStringAttribute("webhook");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("budget", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Scans what flows between clients and the servers it names: tool-call arguments (`input`) and results (`output`), prompt arguments and messages, resource URIs and contents (text blobs as their text), completion arguments, the servers' requests to clients (sampling, elicitation) and the clients' answers. `tools` narrows it to those tools' calls, and to what may be any tool's (the servers' requests, the clients' answers). Text is also read with compatibility forms folded and invisible characters removed. Built-in `detectors` find personal data and secrets (payment cards with their Luhn digit, IBANs with their checksum, ...); `patterns` (RE2 regular expressions) and `keywords` are the workspace's own; `maxBytes` bounds a payload. `block` answers a JSON-RPC error naming the guardrail (never what it found; a blocked input never reaches the server), `redact` replaces each finding with `[REDACTED:<detector>]` (the payload stays valid JSON and MCP content; a redacted `structuredContent` may no longer match the tool's `outputSchema` where a field's format is checked, so block where clients validate it), `log` lets it pass. A card number a client sends as a JSON number is found by `payment-card` (and cannot be redacted: a redacting guardrail blocks it); numbers are otherwise not read. Not scanned: list answers and `initialize` unless `definitions` says so. A client's notifications go through the input guardrails: a blocked one is not sent (the refusal is the HTTP answer), and a cancellation still cancels, without its reason. A blocked request of a server never reaches the client; the server is answered that a guardrail refused, without which or why. The text of the servers' notifications (log messages' data, progress and task status messages, cancellation reasons) is scanned by the detectors (not the `webhook`): a blocked notification is dropped, a redacted one rewritten. Every finding is an audit event (counts per detector, never the data). A `webhook` (by name, of the workspace) is also asked with the payload and may answer `{"action": "allow" | "block" | "redact", "reason"?, "payload"?}` (its `reason` goes to the audit event as `detail.scannerReason`, never to the client: it may quote what it found); a `log` guardrail only records what its scanner would have done, and lets the payload pass; its `failMode` decides when it cannot be asked (`open` lets the payload pass, recorded as `guardrail.logged`). A guardrail must scan for something: at least one of `detectors`, `patterns`, `keywords`, `maxBytes` or `webhook`.
 *
 * Terraform resource `mcpgateway_guardrail`; import with the id or `name=<name>`.
 */
export interface McpgatewayGuardrailConfig extends TerraformMetaArguments {
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  readonly servers?: (string)[] | IResolvable;
  /**
   * Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too.
   */
  readonly tools?: (string)[] | IResolvable;
  /**
   * Default: `"both"`.
   */
  readonly direction?: string;
  readonly detectors?: (string)[] | IResolvable;
  /**
   * Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused.
   */
  readonly patterns?: (string)[] | IResolvable;
  /**
   * Words whose occurrences (case-insensitive, whole words) are findings.
   */
  readonly keywords?: (string)[] | IResolvable;
  /**
   * A payload larger than this (as JSON) is a finding that redaction cannot remove.
   */
  readonly maxBytes?: number;
  /**
   * Default: `"block"`.
   */
  readonly action?: string;
  /**
   * A webhook (by name, of the workspace) asked to scan the payload too.
   */
  readonly webhook?: string;
  /**
   * Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only. Default: `false`.
   */
  readonly definitions?: boolean | IResolvable;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * Scans what flows between clients and the servers it names: tool-call arguments (`input`) and results (`output`), prompt arguments and messages, resource URIs and contents (text blobs as their text), completion arguments, the servers' requests to clients (sampling, elicitation) and the clients' answers. `tools` narrows it to those tools' calls, and to what may be any tool's (the servers' requests, the clients' answers). Text is also read with compatibility forms folded and invisible characters removed. Built-in `detectors` find personal data and secrets (payment cards with their Luhn digit, IBANs with their checksum, ...); `patterns` (RE2 regular expressions) and `keywords` are the workspace's own; `maxBytes` bounds a payload. `block` answers a JSON-RPC error naming the guardrail (never what it found; a blocked input never reaches the server), `redact` replaces each finding with `[REDACTED:<detector>]` (the payload stays valid JSON and MCP content; a redacted `structuredContent` may no longer match the tool's `outputSchema` where a field's format is checked, so block where clients validate it), `log` lets it pass. A card number a client sends as a JSON number is found by `payment-card` (and cannot be redacted: a redacting guardrail blocks it); numbers are otherwise not read. Not scanned: list answers and `initialize` unless `definitions` says so. A client's notifications go through the input guardrails: a blocked one is not sent (the refusal is the HTTP answer), and a cancellation still cancels, without its reason. A blocked request of a server never reaches the client; the server is answered that a guardrail refused, without which or why. The text of the servers' notifications (log messages' data, progress and task status messages, cancellation reasons) is scanned by the detectors (not the `webhook`): a blocked notification is dropped, a redacted one rewritten. Every finding is an audit event (counts per detector, never the data). A `webhook` (by name, of the workspace) is also asked with the payload and may answer `{"action": "allow" | "block" | "redact", "reason"?, "payload"?}` (its `reason` goes to the audit event as `detail.scannerReason`, never to the client: it may quote what it found); a `log` guardrail only records what its scanner would have done, and lets the payload pass; its `failMode` decides when it cannot be asked (`open` lets the payload pass, recorded as `guardrail.logged`). A guardrail must scan for something: at least one of `detectors`, `patterns`, `keywords`, `maxBytes` or `webhook`.
 */
export class McpgatewayGuardrail extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_guardrail";
  readonly #config: McpgatewayGuardrailConfig;

  constructor(scope: Construct, id: string, config: McpgatewayGuardrailConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_guardrail",
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
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too.
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  /**
   * Default: `"both"`.
   */
  get direction(): string {
    return this.getStringAttribute("direction");
  }

  get detectors(): string[] {
    return this.getListAttribute("detectors");
  }

  /**
   * Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused.
   */
  get patterns(): string[] {
    return this.getListAttribute("patterns");
  }

  /**
   * Words whose occurrences (case-insensitive, whole words) are findings.
   */
  get keywords(): string[] {
    return this.getListAttribute("keywords");
  }

  /**
   * A payload larger than this (as JSON) is a finding that redaction cannot remove.
   */
  get maxBytes(): number {
    return this.getNumberAttribute("max_bytes");
  }

  /**
   * Default: `"block"`.
   */
  get action(): string {
    return this.getStringAttribute("action");
  }

  /**
   * A webhook (by name, of the workspace) asked to scan the payload too.
   */
  get webhook(): string {
    return this.getStringAttribute("webhook");
  }

  /**
   * Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only. Default: `false`.
   */
  get definitions(): IResolvable {
    return this.getBooleanAttribute("definitions");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("guardrail", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * An OpenID Connect or OAuth 2.0 provider whose JWT access tokens MCP clients may present as `Authorization: Bearer`. Tokens are verified against the provider's JWKS (from `jwksUri`, else from the issuer's discovery document); a token must be issued by `issuer`, carry an `aud` naming the server's resource URI (`<gateway>/mcp/{server}`) or one of `audiences`, and be unexpired.
 *
 * Terraform resource `mcpgateway_identity_provider`; import with the id or `name=<name>`.
 */
export interface McpgatewayIdentityProviderConfig extends TerraformMetaArguments {
  /**
   * Unique name. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * The workspace (by name) whose servers accept the provider's tokens. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * A disabled provider's tokens are refused. Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset.
   */
  readonly issuer: string;
  /**
   * The provider's JSON Web Key Set; read from the discovery document when unset.
   */
  readonly jwksUri?: string;
  /**
   * `aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id).
   */
  readonly audiences?: (string)[] | IResolvable;
  /**
   * The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA.
   */
  readonly algorithms?: (string)[] | IResolvable;
  /**
   * Tolerance for `exp`, `nbf` and `iat` against the gateway's clock. Default: `60`.
   */
  readonly clockSkewSeconds?: number;
  /**
   * Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim).
   */
  readonly requiredClaims?: (string)[] | IResolvable;
  /**
   * Which token claims make the principal.
   */
  readonly claims?: { readonly user?: string; readonly email?: string; readonly teams?: string; readonly workspace?: string } | IResolvable;
  /**
   * Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink.
   */
  readonly roles?: { readonly claim?: string; readonly admin?: (string)[] | IResolvable; readonly workspaceAdmin?: (string)[] | IResolvable; readonly viewer?: (string)[] | IResolvable; readonly audiences?: (string)[] | IResolvable } | IResolvable;
  /**
   * Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require.
   */
  readonly login?: { readonly clientId: string; readonly clientSecret?: string; readonly clientSecretVersion?: string; readonly tokenEndpointAuthMethod?: string; readonly scopes?: (string)[] | IResolvable; readonly vaultLinkSignIn?: boolean | IResolvable; readonly grantLifetimeSeconds?: number } | IResolvable;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * An OpenID Connect or OAuth 2.0 provider whose JWT access tokens MCP clients may present as `Authorization: Bearer`. Tokens are verified against the provider's JWKS (from `jwksUri`, else from the issuer's discovery document); a token must be issued by `issuer`, carry an `aud` naming the server's resource URI (`<gateway>/mcp/{server}`) or one of `audiences`, and be unexpired.
 */
export class McpgatewayIdentityProvider extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_identity_provider";
  readonly #config: McpgatewayIdentityProviderConfig;

  constructor(scope: Construct, id: string, config: McpgatewayIdentityProviderConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_identity_provider",
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
   * Unique name. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) whose servers accept the provider's tokens. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled provider's tokens are refused. Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset.
   */
  get issuer(): string {
    return this.getStringAttribute("issuer");
  }

  /**
   * The provider's JSON Web Key Set; read from the discovery document when unset.
   */
  get jwksUri(): string {
    return this.getStringAttribute("jwks_uri");
  }

  /**
   * `aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id).
   */
  get audiences(): string[] {
    return this.getListAttribute("audiences");
  }

  /**
   * The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA.
   */
  get algorithms(): string[] {
    return this.getListAttribute("algorithms");
  }

  /**
   * Tolerance for `exp`, `nbf` and `iat` against the gateway's clock. Default: `60`.
   */
  get clockSkewSeconds(): number {
    return this.getNumberAttribute("clock_skew_seconds");
  }

  /**
   * Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim).
   */
  get requiredClaims(): string[] {
    return this.getListAttribute("required_claims");
  }

  /**
   * Which token claims make the principal.
   */
  get claims(): IResolvable {
    return this.interpolationForAttribute("claims");
  }

  /**
   * Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink.
   */
  get roles(): IResolvable {
    return this.interpolationForAttribute("roles");
  }

  /**
   * Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require.
   */
  get login(): IResolvable {
    return this.interpolationForAttribute("login");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("identity_provider", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * A client of the gateway's own authorization server (`/oauth/token`, metadata at `/.well-known/oauth-authorization-server`). Its `id` is its `client_id`. A confidential client obtains access tokens for the gateway's servers with the client-credentials grant, authenticating with its secret (`client_secret_basic`, `client_secret_post`) or a JWT signed with a key its `jwksUri` publishes (`private_key_jwt`). Required by method: `secret` (at creation) for the `client_secret_*` methods, `jwksUri` for `private_key_jwt`, at least one of `redirectUris` for a public client (`none`, which has no secret). A client never moves between a method with a secret and one without (that is a new client). Names beginning `md-` or `dcr-` are the gateway's own (the clients it records from metadata documents and dynamic registration).
 *
 * Terraform resource `mcpgateway_oauth_client`; import with the id or `name=<name>`.
 */
export interface McpgatewayOauthClientConfig extends TerraformMetaArguments {
  /**
   * Unique name. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * The workspace (by name) whose servers the client's tokens reach. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * A disabled client obtains no tokens; tokens already issued run out within their lifetime. Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * The user id the client's tokens carry (`sub`); the client's name when unset.
   */
  readonly subject?: string;
  /**
   * How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE. Default: `"client_secret_basic"`.
   */
  readonly tokenEndpointAuthMethod?: string;
  /**
   * Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set.
   */
  readonly redirectUris?: (string)[] | IResolvable;
  /**
   * The client secret (for the `client_secret_*` methods), supplied by you; stored only as a SHA-256 hash and never returned. Changing it replaces the object. Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  readonly secret?: string;
  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  readonly secretVersion?: string;
  /**
   * Where the client publishes the keys of its `private_key_jwt` assertions.
   */
  readonly jwksUri?: string;
  /**
   * Lifetime of the access tokens the client obtains. Default: `900`.
   */
  readonly accessTokenTtlSeconds?: number;
  /**
   * The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none.
   */
  readonly scopes?: (string)[] | IResolvable;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * A client of the gateway's own authorization server (`/oauth/token`, metadata at `/.well-known/oauth-authorization-server`). Its `id` is its `client_id`. A confidential client obtains access tokens for the gateway's servers with the client-credentials grant, authenticating with its secret (`client_secret_basic`, `client_secret_post`) or a JWT signed with a key its `jwksUri` publishes (`private_key_jwt`). Required by method: `secret` (at creation) for the `client_secret_*` methods, `jwksUri` for `private_key_jwt`, at least one of `redirectUris` for a public client (`none`, which has no secret). A client never moves between a method with a secret and one without (that is a new client). Names beginning `md-` or `dcr-` are the gateway's own (the clients it records from metadata documents and dynamic registration).
 */
export class McpgatewayOauthClient extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_oauth_client";
  readonly #config: McpgatewayOauthClientConfig;

  constructor(scope: Construct, id: string, config: McpgatewayOauthClientConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_oauth_client",
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
   * Unique name. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) whose servers the client's tokens reach. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled client obtains no tokens; tokens already issued run out within their lifetime. Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The user id the client's tokens carry (`sub`); the client's name when unset.
   */
  get subject(): string {
    return this.getStringAttribute("subject");
  }

  /**
   * How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE. Default: `"client_secret_basic"`.
   */
  get tokenEndpointAuthMethod(): string {
    return this.getStringAttribute("token_endpoint_auth_method");
  }

  /**
   * Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set.
   */
  get redirectUris(): string[] {
    return this.getListAttribute("redirect_uris");
  }

  /**
   * For a client known by its Client ID Metadata Document: the document's URL, which is the `client_id` it presents. Such clients appear here when first seen.
   */
  get metadataDocument(): string {
    return this.getStringAttribute("metadata_document");
  }

  /**
   * How the client came to be known. A `dynamic-registration` client lapses by itself a day after it registered when nobody signed in with it, else 92 days after the last sign-in with it. A client that registered itself serves every workspace: only an admin changes or deletes it (403 `forbidden` for workspace admins).
   */
  get registeredBy(): string {
    return this.getStringAttribute("registered_by");
  }

  /**
   * The client secret (for the `client_secret_*` methods), supplied by you; stored only as a SHA-256 hash and never returned. Changing it replaces the object. Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  get secret(): string {
    return this.getStringAttribute("secret");
  }

  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  get secretVersion(): string {
    return this.getStringAttribute("secret_version");
  }

  /**
   * Where the client publishes the keys of its `private_key_jwt` assertions.
   */
  get jwksUri(): string {
    return this.getStringAttribute("jwks_uri");
  }

  /**
   * Lifetime of the access tokens the client obtains. Default: `900`.
   */
  get accessTokenTtlSeconds(): number {
    return this.getNumberAttribute("access_token_ttl_seconds");
  }

  /**
   * The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none.
   */
  get scopes(): string[] {
    return this.getListAttribute("scopes");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("oauth_client", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * At most `limit` requests per `window` for each key `per` makes (user, team, workspace, server, tool), across every gateway instance sharing the store. Each JSON-RPC request counts (a batch's each); a POST of notifications only counts once, as the tool `~notifications`, and opening the server's stream (GET) once, as `~stream`. Never counted: ending a session, the client's answers to the server's requests, `notifications/initialized` and `notifications/cancelled`. `sliding-window` weighs the previous window's count by its overlap; `token-bucket` refills `limit` tokens per window, bursting up to `limit`. Instances take quota from the store in leases (from `limit`/100, doubling up to `limit`/20 while a key is hot), so a hot key costs far less than a store write per request; the weighted count never exceeds the limit (an estimate: requests bunched around a window's boundary can reach twice the limit within one window's length; instances' clocks must agree), and an instance's unused leases (at most a lease and a fifth) may leave that many requests unserved in a window. Exceeding answers HTTP 429 with `Retry-After`, `RateLimit-Policy` and `RateLimit` headers and a JSON-RPC error whose data carries `retryAfterSeconds`.
 *
 * Terraform resource `mcpgateway_rate_limit`; import with the id or `name=<name>`.
 */
export interface McpgatewayRateLimitConfig extends TerraformMetaArguments {
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  readonly servers?: (string)[] | IResolvable;
  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  readonly tools?: (string)[] | IResolvable;
  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  readonly per?: (string)[] | IResolvable;
  readonly limit: number;
  readonly window: string;
  /**
   * Default: `"sliding-window"`.
   */
  readonly algorithm?: string;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * At most `limit` requests per `window` for each key `per` makes (user, team, workspace, server, tool), across every gateway instance sharing the store. Each JSON-RPC request counts (a batch's each); a POST of notifications only counts once, as the tool `~notifications`, and opening the server's stream (GET) once, as `~stream`. Never counted: ending a session, the client's answers to the server's requests, `notifications/initialized` and `notifications/cancelled`. `sliding-window` weighs the previous window's count by its overlap; `token-bucket` refills `limit` tokens per window, bursting up to `limit`. Instances take quota from the store in leases (from `limit`/100, doubling up to `limit`/20 while a key is hot), so a hot key costs far less than a store write per request; the weighted count never exceeds the limit (an estimate: requests bunched around a window's boundary can reach twice the limit within one window's length; instances' clocks must agree), and an instance's unused leases (at most a lease and a fifth) may leave that many requests unserved in a window. Exceeding answers HTTP 429 with `Retry-After`, `RateLimit-Policy` and `RateLimit` headers and a JSON-RPC error whose data carries `retryAfterSeconds`.
 */
export class McpgatewayRateLimit extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_rate_limit";
  readonly #config: McpgatewayRateLimitConfig;

  constructor(scope: Construct, id: string, config: McpgatewayRateLimitConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_rate_limit",
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
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  get per(): string[] {
    return this.getListAttribute("per");
  }

  get limit(): number {
    return this.getNumberAttribute("limit");
  }

  get window(): string {
    return this.getStringAttribute("window");
  }

  /**
   * Default: `"sliding-window"`.
   */
  get algorithm(): string {
    return this.getStringAttribute("algorithm");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("rate_limit", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * An MCP registry speaking the official MCP Registry API (`GET <url>/v0.1/servers`, cursor pagination, `server.json` entries) — the public registry or an internal mirror. Its entries with remotes become servers of its workspace on `POST /v1/registries/{id}/sync` and on its `schedule`. A sync reads at most 20,000 entries and imports at most 1,000 servers (`include` and `namespaces` narrow a larger registry); a server moves with its entry only when it holds no credentials, identity forwarding or headers an admin set.
 *
 * Terraform resource `mcpgateway_registry`; import with the id or `name=<name>`.
 */
export interface McpgatewayRegistryConfig extends TerraformMetaArguments {
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * The workspace its servers are imported into. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * The registry's base URL; the listing is read at `<url>/v0.1/servers`.
   */
  readonly url: string;
  /**
   * Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset.
   */
  readonly include?: (string)[] | IResolvable;
  /**
   * Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`).
   */
  readonly namespaces?: (string)[] | IResolvable;
  /**
   * How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes.
   */
  readonly schedule?: string;
  /**
   * Headers sent with every request to the registry (for example a mirror's token). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back or stored in the Terraform state.
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
 * An MCP registry speaking the official MCP Registry API (`GET <url>/v0.1/servers`, cursor pagination, `server.json` entries) — the public registry or an internal mirror. Its entries with remotes become servers of its workspace on `POST /v1/registries/{id}/sync` and on its `schedule`. A sync reads at most 20,000 entries and imports at most 1,000 servers (`include` and `namespaces` narrow a larger registry); a server moves with its entry only when it holds no credentials, identity forwarding or headers an admin set.
 */
export class McpgatewayRegistry extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_registry";
  readonly #config: McpgatewayRegistryConfig;

  constructor(scope: Construct, id: string, config: McpgatewayRegistryConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_registry",
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
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace its servers are imported into. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The registry's base URL; the listing is read at `<url>/v0.1/servers`.
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset.
   */
  get include(): string[] {
    return this.getListAttribute("include");
  }

  /**
   * Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`).
   */
  get namespaces(): string[] {
    return this.getListAttribute("namespaces");
  }

  /**
   * How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes.
   */
  get schedule(): string {
    return this.getStringAttribute("schedule");
  }

  /**
   * Headers sent with every request to the registry (for example a mirror's token). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back or stored in the Terraform state.
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
   * The last sync's time and counts; a scheduled sync records it (and raises the registry's `version`).
   */
  get lastSync(): IResolvable {
    return this.interpolationForAttribute("last_sync");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("registry", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
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
   * The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`.
   */
  readonly url?: string;
  /**
   * `streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`). Default: `"streamable-http"`.
   */
  readonly transport?: string;
  /**
   * The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed).
   */
  readonly openapi?: { readonly url?: string; readonly document?: string; readonly baseUrl?: string; readonly operations?: (string)[] | IResolvable } | IResolvable;
  /**
   * The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`).
   */
  readonly function?: string;
  /**
   * The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked.
   */
  readonly members?: ({ readonly server: string; readonly prefix?: string; readonly rename?: { [key: string]: string } | IResolvable } | IResolvable)[] | IResolvable;
  readonly description?: string;
  /**
   * A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled. Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  readonly timeoutMs?: number;
  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Names are RFC 9110 tokens, unique regardless of case; headers the gateway sets itself or that control the connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-*`, `Content-Type`, `Accept`, `Last-Event-ID` and the MCP protocol headers `Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) are refused. Values are Latin-1 text without control characters (tab allowed). Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  readonly headers?: { [key: string]: string } | IResolvable;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  readonly headersVersion?: string;
  /**
   * Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused.
   */
  readonly tools?: { readonly allow?: (string)[] | IResolvable; readonly deny?: (string)[] | IResolvable; readonly readOnly?: boolean | IResolvable } | IResolvable;
  /**
   * The authentication webhook for this server (by name, of its workspace); else the workspace's.
   */
  readonly authnWebhook?: string;
  /**
   * The authorization webhook for this server (by name, of its workspace); else the workspace's.
   */
  readonly authzWebhook?: string;
  /**
   * Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated).
   */
  readonly identity?: { readonly forwardJwt?: string; readonly headers?: { [key: string]: string } | IResolvable } | IResolvable;
  /**
   * Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded.
   */
  readonly credentials?: { readonly kind: string; readonly tokenUrl?: string; readonly authorizationServer?: string; readonly clientId?: string; readonly clientSecret?: string; readonly clientSecretVersion?: string; readonly authMethod?: string; readonly scopes?: (string)[] | IResolvable; readonly stepUpScopes?: (string)[] | IResolvable; readonly audience?: string; readonly resource?: string; readonly subjectToken?: string; readonly header?: string } | IResolvable;
  /**
   * Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`.
   */
  readonly toolTimeoutsMs?: { [key: string]: number } | IResolvable;
  /**
   * What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it.
   */
  readonly pricing?: { readonly perCall?: number; readonly tools?: { [key: string]: number } | IResolvable } | IResolvable;
  /**
   * Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target.
   */
  readonly targets?: ({ readonly url: string; readonly weight?: number; readonly priority?: number } | IResolvable)[] | IResolvable;
  /**
   * Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there.
   */
  readonly fallbacks?: (string)[] | IResolvable;
  /**
   * Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there.
   */
  readonly circuitBreaker?: { readonly consecutiveFailures?: number; readonly failureRate?: number; readonly minimumCalls?: number; readonly windowSeconds?: number; readonly cooldownSeconds?: number } | IResolvable;
  /**
   * Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage.
   */
  readonly retry?: { readonly attempts?: number; readonly backoffMs?: number; readonly maxBackoffMs?: number; readonly statuses?: (number)[] | IResolvable; readonly idempotentTools?: (string)[] | IResolvable; readonly budget?: number } | IResolvable;
  /**
   * Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker.
   */
  readonly healthCheck?: { readonly intervalSeconds?: number; readonly unhealthyAfter?: number } | IResolvable;
  /**
   * OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped.
   */
  readonly scopes?: (string)[] | IResolvable;
  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  readonly authentication?: { readonly methods?: (string)[] | IResolvable; readonly identityProviders?: (string)[] | IResolvable } | IResolvable;
  /**
   * What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`).
   */
  readonly logging?: { readonly payloads?: string; readonly headers?: (string)[] | IResolvable } | IResolvable;
  /**
   * Guards against a server silently changing a tool (a "rug pull"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events. Default: `"off"`.
   */
  readonly toolPinning?: string;
  /**
   * The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control. Default: `false`.
   */
  readonly trustAnnotations?: boolean | IResolvable;
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
   * The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`.
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * `streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`). Default: `"streamable-http"`.
   */
  get transport(): string {
    return this.getStringAttribute("transport");
  }

  /**
   * The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed).
   */
  get openapi(): IResolvable {
    return this.interpolationForAttribute("openapi");
  }

  /**
   * The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`).
   */
  get function(): string {
    return this.getStringAttribute("function");
  }

  /**
   * The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked.
   */
  get members(): IResolvable {
    return this.interpolationForAttribute("members");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled. Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * When the server was last disabled; sessions opened before this time are ended.
   */
  get disabledAt(): string {
    return this.getStringAttribute("disabled_at");
  }

  /**
   * When the server was last enabled again after being disabled; sessions opened before this time (some instance may have opened one while it still thought the server enabled) are ended too.
   */
  get enabledAt(): string {
    return this.getStringAttribute("enabled_at");
  }

  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  get timeoutMs(): number {
    return this.getNumberAttribute("timeout_ms");
  }

  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Names are RFC 9110 tokens, unique regardless of case; headers the gateway sets itself or that control the connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-*`, `Content-Type`, `Accept`, `Last-Event-ID` and the MCP protocol headers `Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) are refused. Values are Latin-1 text without control characters (tab allowed). Write-only: sent to the API, never read back or stored in the Terraform state.
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
   * Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused.
   */
  get tools(): IResolvable {
    return this.interpolationForAttribute("tools");
  }

  /**
   * The authentication webhook for this server (by name, of its workspace); else the workspace's.
   */
  get authnWebhook(): string {
    return this.getStringAttribute("authn_webhook");
  }

  /**
   * The authorization webhook for this server (by name, of its workspace); else the workspace's.
   */
  get authzWebhook(): string {
    return this.getStringAttribute("authz_webhook");
  }

  /**
   * Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated).
   */
  get identity(): IResolvable {
    return this.interpolationForAttribute("identity");
  }

  /**
   * Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded.
   */
  get credentials(): IResolvable {
    return this.interpolationForAttribute("credentials");
  }

  /**
   * Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`.
   */
  get toolTimeoutsMs(): { [key: string]: number } {
    return this.getNumberMapAttribute("tool_timeouts_ms");
  }

  /**
   * What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it.
   */
  get pricing(): IResolvable {
    return this.interpolationForAttribute("pricing");
  }

  /**
   * Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target.
   */
  get targets(): IResolvable {
    return this.interpolationForAttribute("targets");
  }

  /**
   * Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there.
   */
  get fallbacks(): string[] {
    return this.getListAttribute("fallbacks");
  }

  /**
   * Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there.
   */
  get circuitBreaker(): IResolvable {
    return this.interpolationForAttribute("circuit_breaker");
  }

  /**
   * Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage.
   */
  get retry(): IResolvable {
    return this.interpolationForAttribute("retry");
  }

  /**
   * Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker.
   */
  get healthCheck(): IResolvable {
    return this.interpolationForAttribute("health_check");
  }

  /**
   * OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped.
   */
  get scopes(): string[] {
    return this.getListAttribute("scopes");
  }

  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  get authentication(): IResolvable {
    return this.interpolationForAttribute("authentication");
  }

  /**
   * What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`).
   */
  get logging(): IResolvable {
    return this.interpolationForAttribute("logging");
  }

  /**
   * Where an imported server came from (a registry sync or a server.json import); a scheduled sync rewrites it (and the server's `version`).
   */
  get origin(): IResolvable {
    return this.interpolationForAttribute("origin");
  }

  /**
   * Guards against a server silently changing a tool (a "rug pull"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events. Default: `"off"`.
   */
  get toolPinning(): string {
    return this.getStringAttribute("tool_pinning");
  }

  /**
   * The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control. Default: `false`.
   */
  get trustAnnotations(): IResolvable {
    return this.getBooleanAttribute("trust_annotations");
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

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * A team of a workspace, named by access policies (`subjects.teams`). Its members are the users it lists and, with `claim`, every principal whose token claim holds one of `values` (an IdP's `groups`, for instance). The teams a token names through its provider's `teams` mapping count as well.
 *
 * Terraform resource `mcpgateway_team`; import with the id or `name=<name>`.
 */
export interface McpgatewayTeamConfig extends TerraformMetaArguments {
  /**
   * Unique name; access policies refer to the team by it. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * Users who belong to the team.
   */
  readonly members?: (string)[] | IResolvable;
  /**
   * A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`.
   */
  readonly claim?: string;
  /**
   * The values of `claim` that mean membership; required (at least one) with `claim`.
   */
  readonly values?: (string)[] | IResolvable;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * A team of a workspace, named by access policies (`subjects.teams`). Its members are the users it lists and, with `claim`, every principal whose token claim holds one of `values` (an IdP's `groups`, for instance). The teams a token names through its provider's `teams` mapping count as well.
 */
export class McpgatewayTeam extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_team";
  readonly #config: McpgatewayTeamConfig;

  constructor(scope: Construct, id: string, config: McpgatewayTeamConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_team",
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
   * Unique name; access policies refer to the team by it. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Users who belong to the team.
   */
  get members(): string[] {
    return this.getListAttribute("members");
  }

  /**
   * A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`.
   */
  get claim(): string {
    return this.getStringAttribute("claim");
  }

  /**
   * The values of `claim` that mean membership; required (at least one) with `claim`.
   */
  get values(): string[] {
    return this.getListAttribute("values");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("team", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * An OpenTelemetry collector the gateway exports to over OTLP/HTTP: a span per MCP request following the OpenTelemetry MCP semantic conventions (`{mcp.method.name} {target}`), with a child span per policy stage, per guardrail verdict and for the upstream call; and the `mcp.server.operation.duration` and `mcp.client.operation.duration` histograms (seconds) with a request counter. A request's span names its caller (`user.id`: the user of the key or token, which may be an email address) and workspace; payloads and headers only as each server's `logging` allows. Only administrators read and change sinks. Export happens in the background (on Lambda at the end of an invocation, once per export interval), never on each request's path; each process exports as an instance of its own (`service.instance.id`).
 *
 * Terraform resource `mcpgateway_telemetry_sink`; import with the id or `name=<name>`.
 */
export interface McpgatewayTelemetrySinkConfig extends TerraformMetaArguments {
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  readonly name: string;
  readonly description?: string;
  /**
   * Default: `true`.
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard.
   */
  readonly endpoint: string;
  /**
   * Default: `"http/protobuf"`.
   */
  readonly protocol?: string;
  /**
   * Headers sent with every export (for example the collector's API key). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  readonly headers?: { [key: string]: string } | IResolvable;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  readonly headersVersion?: string;
  /**
   * The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose). Default: `1`.
   */
  readonly sampling?: number;
  /**
   * Default: `["traces","metrics"]`.
   */
  readonly signals?: (string)[] | IResolvable;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * An OpenTelemetry collector the gateway exports to over OTLP/HTTP: a span per MCP request following the OpenTelemetry MCP semantic conventions (`{mcp.method.name} {target}`), with a child span per policy stage, per guardrail verdict and for the upstream call; and the `mcp.server.operation.duration` and `mcp.client.operation.duration` histograms (seconds) with a request counter. A request's span names its caller (`user.id`: the user of the key or token, which may be an email address) and workspace; payloads and headers only as each server's `logging` allows. Only administrators read and change sinks. Export happens in the background (on Lambda at the end of an invocation, once per export interval), never on each request's path; each process exports as an instance of its own (`service.instance.id`).
 */
export class McpgatewayTelemetrySink extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_telemetry_sink";
  readonly #config: McpgatewayTelemetrySinkConfig;

  constructor(scope: Construct, id: string, config: McpgatewayTelemetrySinkConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_telemetry_sink",
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
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Default: `true`.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard.
   */
  get endpoint(): string {
    return this.getStringAttribute("endpoint");
  }

  /**
   * Default: `"http/protobuf"`.
   */
  get protocol(): string {
    return this.getStringAttribute("protocol");
  }

  /**
   * Headers sent with every export (for example the collector's API key). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back or stored in the Terraform state.
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
   * The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose). Default: `1`.
   */
  get sampling(): number {
    return this.getNumberAttribute("sampling");
  }

  /**
   * Default: `["traces","metrics"]`.
   */
  get signals(): string[] {
    return this.getListAttribute("signals");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("telemetry_sink", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * An HTTP endpoint of yours the gateway asks to decide. Every call is a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (headers `X-MCP-Gateway-Timestamp`, Unix seconds, and `X-MCP-Gateway-Signature: v1=<hex>`); answers are bounded by `timeoutMs`. Used as the authentication webhook (`authnWebhook`) and the authorization webhook (`authzWebhook`) of a workspace or server. An authorization webhook is asked about each call the access policies allow (with `argumentsDigest`, and `argumentsInexact: true` when the arguments hold an integer past 2^53, which JSON parsers may round: such an answer is not cached; a resource as `resource`, its URI read as the policies read it, `resourceReadings` where servers may read it two ways, and `rawUri`) and about each item of a list answer they let through (`"list": true`, the method that would use the item, a template as `resourceTemplate`), and answers `{"allow": boolean, "reason"?: string}`.
 *
 * Terraform resource `mcpgateway_webhook`; import with the id or `name=<name>`.
 */
export interface McpgatewayWebhookConfig extends TerraformMetaArguments {
  /**
   * Unique name; workspaces and servers refer to the webhook by it. Changing it replaces the object.
   */
  readonly name: string;
  /**
   * The workspace (by name) whose workspace and servers may use the webhook. Changing it replaces the object. Default: `"default"`.
   */
  readonly workspace?: string;
  readonly description?: string;
  /**
   * The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard.
   */
  readonly url: string;
  /**
   * The HMAC key calls are signed with: `X-MCP-Gateway-Signature: v1=<hex HMAC-SHA256 of "<X-MCP-Gateway-Timestamp>.<body>">`. Receivers compare in constant time and refuse a timestamp more than five minutes from their clock (a replayed call). A new secret reaches every gateway instance within its configuration cache time: a receiver accepts both the old and the new one for a minute while it is rotated. Never returned. Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  readonly secret: string;
  /**
   * Change this value to send a new `secret` (write-only, so Terraform cannot see its changes).
   */
  readonly secretVersion?: string;
  /**
   * Time the webhook has to answer. Default: `3000`.
   */
  readonly timeoutMs?: number;
  /**
   * What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `"allow": false` (a scanner's `"action": "block"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes. Default: `"closed"`.
   */
  readonly failMode?: string;
  /**
   * How long an answer is reused for the same credential and headers. Default: `60`.
   */
  readonly cacheSeconds?: number;
  /**
   * Request headers passed to the webhook besides the credential (for example a session cookie).
   */
  readonly headers?: (string)[] | IResolvable;
  /**
   * As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest. Default: `false`.
   */
  readonly sendArguments?: boolean | IResolvable;
  /**
   * Free-form key/value labels.
   */
  readonly labels?: { [key: string]: string } | IResolvable;
}

/**
 * An HTTP endpoint of yours the gateway asks to decide. Every call is a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (headers `X-MCP-Gateway-Timestamp`, Unix seconds, and `X-MCP-Gateway-Signature: v1=<hex>`); answers are bounded by `timeoutMs`. Used as the authentication webhook (`authnWebhook`) and the authorization webhook (`authzWebhook`) of a workspace or server. An authorization webhook is asked about each call the access policies allow (with `argumentsDigest`, and `argumentsInexact: true` when the arguments hold an integer past 2^53, which JSON parsers may round: such an answer is not cached; a resource as `resource`, its URI read as the policies read it, `resourceReadings` where servers may read it two ways, and `rawUri`) and about each item of a list answer they let through (`"list": true`, the method that would use the item, a template as `resourceTemplate`), and answers `{"allow": boolean, "reason"?: string}`.
 */
export class McpgatewayWebhook extends TerraformResource {
  static readonly tfResourceType = "mcpgateway_webhook";
  readonly #config: McpgatewayWebhookConfig;

  constructor(scope: Construct, id: string, config: McpgatewayWebhookConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_webhook",
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
   * Unique name; workspaces and servers refer to the webhook by it. Changing it replaces the object.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) whose workspace and servers may use the webhook. Changing it replaces the object. Default: `"default"`.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard.
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * The HMAC key calls are signed with: `X-MCP-Gateway-Signature: v1=<hex HMAC-SHA256 of "<X-MCP-Gateway-Timestamp>.<body>">`. Receivers compare in constant time and refuse a timestamp more than five minutes from their clock (a replayed call). A new secret reaches every gateway instance within its configuration cache time: a receiver accepts both the old and the new one for a minute while it is rotated. Never returned. Write-only: sent to the API, never read back or stored in the Terraform state.
   */
  get secret(): string {
    return this.getStringAttribute("secret");
  }

  /**
   * Change this value to send a new `secret` (write-only, so Terraform cannot see its changes).
   */
  get secretVersion(): string {
    return this.getStringAttribute("secret_version");
  }

  /**
   * Time the webhook has to answer. Default: `3000`.
   */
  get timeoutMs(): number {
    return this.getNumberAttribute("timeout_ms");
  }

  /**
   * What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `"allow": false` (a scanner's `"action": "block"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes. Default: `"closed"`.
   */
  get failMode(): string {
    return this.getStringAttribute("fail_mode");
  }

  /**
   * How long an answer is reused for the same credential and headers. Default: `60`.
   */
  get cacheSeconds(): number {
    return this.getNumberAttribute("cache_seconds");
  }

  /**
   * Request headers passed to the webhook besides the credential (for example a session cookie).
   */
  get headers(): string[] {
    return this.getListAttribute("headers");
  }

  /**
   * As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest. Default: `false`.
   */
  get sendArguments(): IResolvable {
    return this.getBooleanAttribute("send_arguments");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes("webhook", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
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
   * A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises.
   */
  readonly authnWebhook?: string;
  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  readonly authentication?: { readonly methods?: (string)[] | IResolvable; readonly identityProviders?: (string)[] | IResolvable } | IResolvable;
  /**
   * What principals of the workspace may do on servers no allow policy names. Default: `"allow"`.
   */
  readonly defaultAccess?: string;
  /**
   * A webhook (by name, of this workspace) asked to authorize each request the access policies allow.
   */
  readonly authzWebhook?: string;
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
   * A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises.
   */
  get authnWebhook(): string {
    return this.getStringAttribute("authn_webhook");
  }

  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  get authentication(): IResolvable {
    return this.interpolationForAttribute("authentication");
  }

  /**
   * What principals of the workspace may do on servers no allow policy names. Default: `"allow"`.
   */
  get defaultAccess(): string {
    return this.getStringAttribute("default_access");
  }

  /**
   * A webhook (by name, of this workspace) asked to authorize each request the access policies allow.
   */
  get authzWebhook(): string {
    return this.getStringAttribute("authz_webhook");
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

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one access policy by id or name.
 */
export interface DataMcpgatewayAccessPolicyConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_access_policy`: A rule that allows or denies principals (`subjects`) the use of servers of its workspace, and within them of tools, prompts, resources or methods. A matching `deny` always wins. A rule without `tools`, `prompts`, `resources` and `methods` is about whole servers: once an `allow` rule names a server, only principals some allow rule admits may use it; servers no allow rule names follow the workspace's `defaultAccess`. A rule with `tools` (or `prompts`, `resources`, `methods`) is about those only: once an allow rule names a tool, only principals it admits may call it (and see it in `tools/list`); on a server no whole-server allow names, a principal allowed any part of it may connect to it, and under a `deny` default uses only the parts allowed. `condition`, in CEL, must also hold; it sees `principal` (`user`, `teams`, `claims`, `workspace`, `method`, `email`), `mcp` (`server`, `method`, `tool.name`, `tool.arguments`, `prompt.name`, `prompt.arguments`, `resource.uri` as patterns read it — `..` resolved, escapes decoded, scheme and host in lower case — and `resource.rawUri` as sent) and `request` (`headers`, lower-case names, without `authorization`, `cookie`, `mcp-method` and `mcp-name` — a message's method and target are `mcp`'s, read from the message itself; `time`, an RFC 3339 text). A condition that fails to evaluate (a missing argument, say) never makes an allow rule apply and always makes a deny rule apply. A condition is type-checked when written: a field these do not have (`principal.emial`) or a comparison that cannot hold (`principal.teams == "sre"`) is refused; `claims`, `arguments` and `headers` take any key.
 */
export class DataMcpgatewayAccessPolicy extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_access_policy";
  readonly #config: DataMcpgatewayAccessPolicyConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayAccessPolicyConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_access_policy",
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
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  get effect(): string {
    return this.getStringAttribute("effect");
  }

  /**
   * Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason.
   */
  get priority(): number {
    return this.getNumberAttribute("priority");
  }

  /**
   * Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean "nobody").
   */
  get subjects(): IResolvable {
    return this.interpolationForAttribute("subjects");
  }

  /**
   * Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused).
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) the rule is about.
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  /**
   * Prompt names (`*` wildcard) the rule is about.
   */
  get prompts(): string[] {
    return this.getListAttribute("prompts");
  }

  /**
   * Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches.
   */
  get resources(): string[] {
    return this.getListAttribute("resources");
  }

  /**
   * MCP methods (`*` wildcard, `resources/*`) the rule is about.
   */
  get methods(): string[] {
    return this.getListAttribute("methods");
  }

  /**
   * A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith("/tmp/")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings.
   */
  get condition(): string {
    return this.getStringAttribute("condition");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("access_policy", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
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
   * What the key is for (for example the device); unique among keys. A new name holds no control characters.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_api_key`: A credential MCP clients present as `Authorization: Bearer <secret>`. Only its hash is stored.
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
   * What the key is for (for example the device); unique among keys. A new name holds no control characters.
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
   * The first characters of the secret, to recognise the key: 12 of a generated one, at most 4 of a supplied one.
   */
  get prefix(): string {
    return this.getStringAttribute("prefix");
  }

  /**
   * Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * When the key last authenticated a request, to within a minute: each gateway instance records a key's use at most once a minute.
   */
  get lastUsedAt(): string {
    return this.getStringAttribute("last_used_at");
  }

  /**
   * After a rotation, the previous secret keeps working until this instant.
   */
  get previousSecretExpiresAt(): string {
    return this.getStringAttribute("previous_secret_expires_at");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("api_key", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one budget by id or name.
 */
export interface DataMcpgatewayBudgetConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_budget`: At most `amount` units of cost per `period` (UTC day or month) for each key `per` makes. A tool call costs its server's `pricing` (1 unit by default). With `action: block` a call that would pass the amount is refused (JSON-RPC error, never forwarded); with `alert` it goes on. Crossing a fraction of `alertAt` sends an alert to `webhook` (HMAC-signed; tried again twice when a delivery fails, with the same `id`) once per key and period. Spend is exact: what a call cost is counted once it was allowed; instances reserve room in small leases so the amount is never exceeded. Current spend at `GET /v1/budgets/{id}/usage`. A process killed outright (no shutdown) loses the spend of its last second, not yet written, and the room its lease still held (a fiftieth of the amount at most) until the period ends: such room is refused though `remaining` counts it.
 */
export class DataMcpgatewayBudget extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_budget";
  readonly #config: DataMcpgatewayBudgetConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayBudgetConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_budget",
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
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`).
   */
  get per(): string[] {
    return this.getListAttribute("per");
  }

  get amount(): number {
    return this.getNumberAttribute("amount");
  }

  get period(): string {
    return this.getStringAttribute("period");
  }

  get alertAt(): number[] {
    return this.getNumberListAttribute("alert_at");
  }

  get action(): string {
    return this.getStringAttribute("action");
  }

  /**
   * A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction.
   */
  get webhook(): string {
    return this.getStringAttribute("webhook");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("budget", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one guardrail by id or name.
 */
export interface DataMcpgatewayGuardrailConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_guardrail`: Scans what flows between clients and the servers it names: tool-call arguments (`input`) and results (`output`), prompt arguments and messages, resource URIs and contents (text blobs as their text), completion arguments, the servers' requests to clients (sampling, elicitation) and the clients' answers. `tools` narrows it to those tools' calls, and to what may be any tool's (the servers' requests, the clients' answers). Text is also read with compatibility forms folded and invisible characters removed. Built-in `detectors` find personal data and secrets (payment cards with their Luhn digit, IBANs with their checksum, ...); `patterns` (RE2 regular expressions) and `keywords` are the workspace's own; `maxBytes` bounds a payload. `block` answers a JSON-RPC error naming the guardrail (never what it found; a blocked input never reaches the server), `redact` replaces each finding with `[REDACTED:<detector>]` (the payload stays valid JSON and MCP content; a redacted `structuredContent` may no longer match the tool's `outputSchema` where a field's format is checked, so block where clients validate it), `log` lets it pass. A card number a client sends as a JSON number is found by `payment-card` (and cannot be redacted: a redacting guardrail blocks it); numbers are otherwise not read. Not scanned: list answers and `initialize` unless `definitions` says so. A client's notifications go through the input guardrails: a blocked one is not sent (the refusal is the HTTP answer), and a cancellation still cancels, without its reason. A blocked request of a server never reaches the client; the server is answered that a guardrail refused, without which or why. The text of the servers' notifications (log messages' data, progress and task status messages, cancellation reasons) is scanned by the detectors (not the `webhook`): a blocked notification is dropped, a redacted one rewritten. Every finding is an audit event (counts per detector, never the data). A `webhook` (by name, of the workspace) is also asked with the payload and may answer `{"action": "allow" | "block" | "redact", "reason"?, "payload"?}` (its `reason` goes to the audit event as `detail.scannerReason`, never to the client: it may quote what it found); a `log` guardrail only records what its scanner would have done, and lets the payload pass; its `failMode` decides when it cannot be asked (`open` lets the payload pass, recorded as `guardrail.logged`). A guardrail must scan for something: at least one of `detectors`, `patterns`, `keywords`, `maxBytes` or `webhook`.
 */
export class DataMcpgatewayGuardrail extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_guardrail";
  readonly #config: DataMcpgatewayGuardrailConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayGuardrailConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_guardrail",
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
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too.
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  get direction(): string {
    return this.getStringAttribute("direction");
  }

  get detectors(): string[] {
    return this.getListAttribute("detectors");
  }

  /**
   * Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused.
   */
  get patterns(): string[] {
    return this.getListAttribute("patterns");
  }

  /**
   * Words whose occurrences (case-insensitive, whole words) are findings.
   */
  get keywords(): string[] {
    return this.getListAttribute("keywords");
  }

  /**
   * A payload larger than this (as JSON) is a finding that redaction cannot remove.
   */
  get maxBytes(): number {
    return this.getNumberAttribute("max_bytes");
  }

  get action(): string {
    return this.getStringAttribute("action");
  }

  /**
   * A webhook (by name, of the workspace) asked to scan the payload too.
   */
  get webhook(): string {
    return this.getStringAttribute("webhook");
  }

  /**
   * Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only.
   */
  get definitions(): IResolvable {
    return this.getBooleanAttribute("definitions");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("guardrail", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one identity provider by id or name.
 */
export interface DataMcpgatewayIdentityProviderConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Unique name.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_identity_provider`: An OpenID Connect or OAuth 2.0 provider whose JWT access tokens MCP clients may present as `Authorization: Bearer`. Tokens are verified against the provider's JWKS (from `jwksUri`, else from the issuer's discovery document); a token must be issued by `issuer`, carry an `aud` naming the server's resource URI (`<gateway>/mcp/{server}`) or one of `audiences`, and be unexpired.
 */
export class DataMcpgatewayIdentityProvider extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_identity_provider";
  readonly #config: DataMcpgatewayIdentityProviderConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayIdentityProviderConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_identity_provider",
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
   * Unique name.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) whose servers accept the provider's tokens.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled provider's tokens are refused.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset.
   */
  get issuer(): string {
    return this.getStringAttribute("issuer");
  }

  /**
   * The provider's JSON Web Key Set; read from the discovery document when unset.
   */
  get jwksUri(): string {
    return this.getStringAttribute("jwks_uri");
  }

  /**
   * `aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id).
   */
  get audiences(): string[] {
    return this.getListAttribute("audiences");
  }

  /**
   * The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA.
   */
  get algorithms(): string[] {
    return this.getListAttribute("algorithms");
  }

  /**
   * Tolerance for `exp`, `nbf` and `iat` against the gateway's clock.
   */
  get clockSkewSeconds(): number {
    return this.getNumberAttribute("clock_skew_seconds");
  }

  /**
   * Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim).
   */
  get requiredClaims(): string[] {
    return this.getListAttribute("required_claims");
  }

  /**
   * Which token claims make the principal.
   */
  get claims(): IResolvable {
    return this.interpolationForAttribute("claims");
  }

  /**
   * Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink.
   */
  get roles(): IResolvable {
    return this.interpolationForAttribute("roles");
  }

  /**
   * Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require.
   */
  get login(): IResolvable {
    return this.interpolationForAttribute("login");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("identity_provider", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one oauth client by id or name.
 */
export interface DataMcpgatewayOauthClientConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Unique name.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_oauth_client`: A client of the gateway's own authorization server (`/oauth/token`, metadata at `/.well-known/oauth-authorization-server`). Its `id` is its `client_id`. A confidential client obtains access tokens for the gateway's servers with the client-credentials grant, authenticating with its secret (`client_secret_basic`, `client_secret_post`) or a JWT signed with a key its `jwksUri` publishes (`private_key_jwt`). Required by method: `secret` (at creation) for the `client_secret_*` methods, `jwksUri` for `private_key_jwt`, at least one of `redirectUris` for a public client (`none`, which has no secret). A client never moves between a method with a secret and one without (that is a new client). Names beginning `md-` or `dcr-` are the gateway's own (the clients it records from metadata documents and dynamic registration).
 */
export class DataMcpgatewayOauthClient extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_oauth_client";
  readonly #config: DataMcpgatewayOauthClientConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayOauthClientConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_oauth_client",
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
   * Unique name.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) whose servers the client's tokens reach.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled client obtains no tokens; tokens already issued run out within their lifetime.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The user id the client's tokens carry (`sub`); the client's name when unset.
   */
  get subject(): string {
    return this.getStringAttribute("subject");
  }

  /**
   * How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE.
   */
  get tokenEndpointAuthMethod(): string {
    return this.getStringAttribute("token_endpoint_auth_method");
  }

  /**
   * Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set.
   */
  get redirectUris(): string[] {
    return this.getListAttribute("redirect_uris");
  }

  /**
   * For a client known by its Client ID Metadata Document: the document's URL, which is the `client_id` it presents. Such clients appear here when first seen.
   */
  get metadataDocument(): string {
    return this.getStringAttribute("metadata_document");
  }

  /**
   * How the client came to be known. A `dynamic-registration` client lapses by itself a day after it registered when nobody signed in with it, else 92 days after the last sign-in with it. A client that registered itself serves every workspace: only an admin changes or deletes it (403 `forbidden` for workspace admins).
   */
  get registeredBy(): string {
    return this.getStringAttribute("registered_by");
  }

  /**
   * Where the client publishes the keys of its `private_key_jwt` assertions.
   */
  get jwksUri(): string {
    return this.getStringAttribute("jwks_uri");
  }

  /**
   * Lifetime of the access tokens the client obtains.
   */
  get accessTokenTtlSeconds(): number {
    return this.getNumberAttribute("access_token_ttl_seconds");
  }

  /**
   * The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none.
   */
  get scopes(): string[] {
    return this.getListAttribute("scopes");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("oauth_client", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one rate limit by id or name.
 */
export interface DataMcpgatewayRateLimitConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_rate_limit`: At most `limit` requests per `window` for each key `per` makes (user, team, workspace, server, tool), across every gateway instance sharing the store. Each JSON-RPC request counts (a batch's each); a POST of notifications only counts once, as the tool `~notifications`, and opening the server's stream (GET) once, as `~stream`. Never counted: ending a session, the client's answers to the server's requests, `notifications/initialized` and `notifications/cancelled`. `sliding-window` weighs the previous window's count by its overlap; `token-bucket` refills `limit` tokens per window, bursting up to `limit`. Instances take quota from the store in leases (from `limit`/100, doubling up to `limit`/20 while a key is hot), so a hot key costs far less than a store write per request; the weighted count never exceeds the limit (an estimate: requests bunched around a window's boundary can reach twice the limit within one window's length; instances' clocks must agree), and an instance's unused leases (at most a lease and a fifth) may leave that many requests unserved in a window. Exceeding answers HTTP 429 with `Retry-After`, `RateLimit-Policy` and `RateLimit` headers and a JSON-RPC error whose data carries `retryAfterSeconds`.
 */
export class DataMcpgatewayRateLimit extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_rate_limit";
  readonly #config: DataMcpgatewayRateLimitConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayRateLimitConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_rate_limit",
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
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  get servers(): string[] {
    return this.getListAttribute("servers");
  }

  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  get tools(): string[] {
    return this.getListAttribute("tools");
  }

  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`).
   */
  get per(): string[] {
    return this.getListAttribute("per");
  }

  get limit(): number {
    return this.getNumberAttribute("limit");
  }

  get window(): string {
    return this.getStringAttribute("window");
  }

  get algorithm(): string {
    return this.getStringAttribute("algorithm");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("rate_limit", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one registry by id or name.
 */
export interface DataMcpgatewayRegistryConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_registry`: An MCP registry speaking the official MCP Registry API (`GET <url>/v0.1/servers`, cursor pagination, `server.json` entries) — the public registry or an internal mirror. Its entries with remotes become servers of its workspace on `POST /v1/registries/{id}/sync` and on its `schedule`. A sync reads at most 20,000 entries and imports at most 1,000 servers (`include` and `namespaces` narrow a larger registry); a server moves with its entry only when it holds no credentials, identity forwarding or headers an admin set.
 */
export class DataMcpgatewayRegistry extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_registry";
  readonly #config: DataMcpgatewayRegistryConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayRegistryConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_registry",
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
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace its servers are imported into.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The registry's base URL; the listing is read at `<url>/v0.1/servers`.
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset.
   */
  get include(): string[] {
    return this.getListAttribute("include");
  }

  /**
   * Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`).
   */
  get namespaces(): string[] {
    return this.getListAttribute("namespaces");
  }

  /**
   * How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes.
   */
  get schedule(): string {
    return this.getStringAttribute("schedule");
  }

  /**
   * The last sync's time and counts; a scheduled sync records it (and raises the registry's `version`).
   */
  get lastSync(): IResolvable {
    return this.interpolationForAttribute("last_sync");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("registry", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
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
   * The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`.
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * `streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`).
   */
  get transport(): string {
    return this.getStringAttribute("transport");
  }

  /**
   * The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed).
   */
  get openapi(): IResolvable {
    return this.interpolationForAttribute("openapi");
  }

  /**
   * The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`).
   */
  get function(): string {
    return this.getStringAttribute("function");
  }

  /**
   * The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked.
   */
  get members(): IResolvable {
    return this.interpolationForAttribute("members");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled.
   */
  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * When the server was last disabled; sessions opened before this time are ended.
   */
  get disabledAt(): string {
    return this.getStringAttribute("disabled_at");
  }

  /**
   * When the server was last enabled again after being disabled; sessions opened before this time (some instance may have opened one while it still thought the server enabled) are ended too.
   */
  get enabledAt(): string {
    return this.getStringAttribute("enabled_at");
  }

  /**
   * Time allowed for one upstream request, including a streamed response.
   */
  get timeoutMs(): number {
    return this.getNumberAttribute("timeout_ms");
  }

  /**
   * Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused.
   */
  get tools(): IResolvable {
    return this.interpolationForAttribute("tools");
  }

  /**
   * The authentication webhook for this server (by name, of its workspace); else the workspace's.
   */
  get authnWebhook(): string {
    return this.getStringAttribute("authn_webhook");
  }

  /**
   * The authorization webhook for this server (by name, of its workspace); else the workspace's.
   */
  get authzWebhook(): string {
    return this.getStringAttribute("authz_webhook");
  }

  /**
   * Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated).
   */
  get identity(): IResolvable {
    return this.interpolationForAttribute("identity");
  }

  /**
   * Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded.
   */
  get credentials(): IResolvable {
    return this.interpolationForAttribute("credentials");
  }

  /**
   * Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`.
   */
  get toolTimeoutsMs(): { [key: string]: number } {
    return this.getNumberMapAttribute("tool_timeouts_ms");
  }

  /**
   * What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it.
   */
  get pricing(): IResolvable {
    return this.interpolationForAttribute("pricing");
  }

  /**
   * Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target.
   */
  get targets(): IResolvable {
    return this.interpolationForAttribute("targets");
  }

  /**
   * Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there.
   */
  get fallbacks(): string[] {
    return this.getListAttribute("fallbacks");
  }

  /**
   * Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there.
   */
  get circuitBreaker(): IResolvable {
    return this.interpolationForAttribute("circuit_breaker");
  }

  /**
   * Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage.
   */
  get retry(): IResolvable {
    return this.interpolationForAttribute("retry");
  }

  /**
   * Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker.
   */
  get healthCheck(): IResolvable {
    return this.interpolationForAttribute("health_check");
  }

  /**
   * OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped.
   */
  get scopes(): string[] {
    return this.getListAttribute("scopes");
  }

  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  get authentication(): IResolvable {
    return this.interpolationForAttribute("authentication");
  }

  /**
   * What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`).
   */
  get logging(): IResolvable {
    return this.interpolationForAttribute("logging");
  }

  /**
   * Where an imported server came from (a registry sync or a server.json import); a scheduled sync rewrites it (and the server's `version`).
   */
  get origin(): IResolvable {
    return this.interpolationForAttribute("origin");
  }

  /**
   * Guards against a server silently changing a tool (a "rug pull"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events.
   */
  get toolPinning(): string {
    return this.getStringAttribute("tool_pinning");
  }

  /**
   * The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control.
   */
  get trustAnnotations(): IResolvable {
    return this.getBooleanAttribute("trust_annotations");
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

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one team by id or name.
 */
export interface DataMcpgatewayTeamConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Unique name; access policies refer to the team by it.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_team`: A team of a workspace, named by access policies (`subjects.teams`). Its members are the users it lists and, with `claim`, every principal whose token claim holds one of `values` (an IdP's `groups`, for instance). The teams a token names through its provider's `teams` mapping count as well.
 */
export class DataMcpgatewayTeam extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_team";
  readonly #config: DataMcpgatewayTeamConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayTeamConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_team",
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
   * Unique name; access policies refer to the team by it.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Users who belong to the team.
   */
  get members(): string[] {
    return this.getListAttribute("members");
  }

  /**
   * A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`.
   */
  get claim(): string {
    return this.getStringAttribute("claim");
  }

  /**
   * The values of `claim` that mean membership; required (at least one) with `claim`.
   */
  get values(): string[] {
    return this.getListAttribute("values");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("team", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one telemetry sink by id or name.
 */
export interface DataMcpgatewayTelemetrySinkConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Lower-case letters, digits and dashes; used in URLs.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_telemetry_sink`: An OpenTelemetry collector the gateway exports to over OTLP/HTTP: a span per MCP request following the OpenTelemetry MCP semantic conventions (`{mcp.method.name} {target}`), with a child span per policy stage, per guardrail verdict and for the upstream call; and the `mcp.server.operation.duration` and `mcp.client.operation.duration` histograms (seconds) with a request counter. A request's span names its caller (`user.id`: the user of the key or token, which may be an email address) and workspace; payloads and headers only as each server's `logging` allows. Only administrators read and change sinks. Export happens in the background (on Lambda at the end of an invocation, once per export interval), never on each request's path; each process exports as an instance of its own (`service.instance.id`).
 */
export class DataMcpgatewayTelemetrySink extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_telemetry_sink";
  readonly #config: DataMcpgatewayTelemetrySinkConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayTelemetrySinkConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_telemetry_sink",
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
   * Lower-case letters, digits and dashes; used in URLs.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  get enabled(): IResolvable {
    return this.getBooleanAttribute("enabled");
  }

  /**
   * The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard.
   */
  get endpoint(): string {
    return this.getStringAttribute("endpoint");
  }

  get protocol(): string {
    return this.getStringAttribute("protocol");
  }

  /**
   * The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose).
   */
  get sampling(): number {
    return this.getNumberAttribute("sampling");
  }

  get signals(): string[] {
    return this.getListAttribute("signals");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("telemetry_sink", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

/**
 * Looks up one webhook by id or name.
 */
export interface DataMcpgatewayWebhookConfig extends TerraformMetaArguments {
  /**
   * Identifier assigned by the gateway.
   */
  readonly id?: string;
  /**
   * Unique name; workspaces and servers refer to the webhook by it.
   */
  readonly name?: string;
}

/**
 * Data source `mcpgateway_webhook`: An HTTP endpoint of yours the gateway asks to decide. Every call is a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (headers `X-MCP-Gateway-Timestamp`, Unix seconds, and `X-MCP-Gateway-Signature: v1=<hex>`); answers are bounded by `timeoutMs`. Used as the authentication webhook (`authnWebhook`) and the authorization webhook (`authzWebhook`) of a workspace or server. An authorization webhook is asked about each call the access policies allow (with `argumentsDigest`, and `argumentsInexact: true` when the arguments hold an integer past 2^53, which JSON parsers may round: such an answer is not cached; a resource as `resource`, its URI read as the policies read it, `resourceReadings` where servers may read it two ways, and `rawUri`) and about each item of a list answer they let through (`"list": true`, the method that would use the item, a template as `resourceTemplate`), and answers `{"allow": boolean, "reason"?: string}`.
 */
export class DataMcpgatewayWebhook extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_webhook";
  readonly #config: DataMcpgatewayWebhookConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayWebhookConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_webhook",
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
   * Unique name; workspaces and servers refer to the webhook by it.
   */
  get name(): string {
    return this.getStringAttribute("name");
  }

  /**
   * The workspace (by name) whose workspace and servers may use the webhook.
   */
  get workspace(): string {
    return this.getStringAttribute("workspace");
  }

  get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard.
   */
  get url(): string {
    return this.getStringAttribute("url");
  }

  /**
   * Time the webhook has to answer.
   */
  get timeoutMs(): number {
    return this.getNumberAttribute("timeout_ms");
  }

  /**
   * What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `"allow": false` (a scanner's `"action": "block"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes.
   */
  get failMode(): string {
    return this.getStringAttribute("fail_mode");
  }

  /**
   * How long an answer is reused for the same credential and headers.
   */
  get cacheSeconds(): number {
    return this.getNumberAttribute("cache_seconds");
  }

  /**
   * Request headers passed to the webhook besides the credential (for example a session cookie).
   */
  get headers(): string[] {
    return this.getListAttribute("headers");
  }

  /**
   * As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest.
   */
  get sendArguments(): IResolvable {
    return this.getBooleanAttribute("send_arguments");
  }

  /**
   * Free-form key/value labels.
   */
  get labels(): { [key: string]: string } {
    return this.getStringMapAttribute("labels");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataSourceAttributes("webhook", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
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
   * A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises.
   */
  get authnWebhook(): string {
    return this.getStringAttribute("authn_webhook");
  }

  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  get authentication(): IResolvable {
    return this.interpolationForAttribute("authentication");
  }

  /**
   * What principals of the workspace may do on servers no allow policy names.
   */
  get defaultAccess(): string {
    return this.getStringAttribute("default_access");
  }

  /**
   * A webhook (by name, of this workspace) asked to authorize each request the access policies allow.
   */
  get authzWebhook(): string {
    return this.getStringAttribute("authz_webhook");
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

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

export interface DataMcpgatewayServerToolsConfig extends TerraformMetaArguments {
  /**
   * The server's id.
   */
  readonly serverId: string;
}

/**
 * Data source `mcpgateway_server_tools`: The server's tool catalog. The tools the gateway learned from the server's `tools/list` answers, in name order, each saying whether the server's `tools` rules offer it to clients and, with `toolPinning`, its pinned definition and whether it is quarantined. Empty, without `hash`, until a catalog was learned.
 */
export class DataMcpgatewayServerTools extends TerraformDataSource {
  static readonly tfResourceType = "mcpgateway_server_tools";
  readonly #config: DataMcpgatewayServerToolsConfig;

  constructor(scope: Construct, id: string, config: DataMcpgatewayServerToolsConfig) {
    super(scope, id, {
      terraformResourceType: "mcpgateway_server_tools",
      terraformGeneratorMetadata: { providerName: "mcpgateway", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.#config = config;
  }

  get items(): IResolvable {
    return this.interpolationForAttribute("items");
  }

  /**
   * SHA-256 (hex) over the tools' hashes; absent until a catalog was learned.
   */
  get hash(): string {
    return this.getStringAttribute("hash");
  }

  /**
   * When the catalog last changed or was confirmed.
   */
  get updatedAt(): string {
    return this.getStringAttribute("updated_at");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return viewAttributes("server_tools", this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}
