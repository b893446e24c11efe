// DO NOT EDIT. Pulumi resources generated from the resource model (provider/src/generated/resource-model.ts) by
// constructs/src/codegen/main.ts; run `npm run generate:constructs`.
import * as pulumi from '@pulumi/pulumi';
import { findModelResource } from '../../config/model.js';
import { type Connection, type ConnectionArgs, modelProvider } from '../../config/pulumi-provider.js';

export type { Connection, ConnectionArgs };

/** A write-only input (or one holding one) as a Pulumi secret (absent stays absent). */
function secretInput<T>(value: pulumi.Input<T> | undefined): pulumi.Output<pulumi.Unwrap<T>> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

export interface AccessPolicyArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  effect: pulumi.Input<string>;
  /**
   * Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason. Default: `1000`.
   */
  priority?: pulumi.Input<number>;
  /**
   * Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean "nobody").
   */
  subjects?: pulumi.Input<{ users?: pulumi.Input<pulumi.Input<string>[]>; teams?: pulumi.Input<pulumi.Input<string>[]>; claims?: pulumi.Input<pulumi.Input<{ claim: pulumi.Input<string>; op: pulumi.Input<string>; values?: pulumi.Input<pulumi.Input<string>[]> }>[]> }>;
  /**
   * Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused).
   */
  servers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tool names (`*` wildcard) the rule is about.
   */
  tools?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Prompt names (`*` wildcard) the rule is about.
   */
  prompts?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches.
   */
  resources?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * MCP methods (`*` wildcard, `resources/*`) the rule is about.
   */
  methods?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith("/tmp/")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings.
   */
  condition?: pulumi.Input<string>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * A rule that allows or denies principals (`subjects`) the use of servers of its workspace, and within them of tools, prompts, resources or methods. A matching `deny` always wins. A rule without `tools`, `prompts`, `resources` and `methods` is about whole servers: once an `allow` rule names a server, only principals some allow rule admits may use it; servers no allow rule names follow the workspace's `defaultAccess`. A rule with `tools` (or `prompts`, `resources`, `methods`) is about those only: once an allow rule names a tool, only principals it admits may call it (and see it in `tools/list`); on a server no whole-server allow names, a principal allowed any part of it may connect to it, and under a `deny` default uses only the parts allowed. `condition`, in CEL, must also hold; it sees `principal` (`user`, `teams`, `claims`, `workspace`, `method`, `email`), `mcp` (`server`, `method`, `tool.name`, `tool.arguments`, `prompt.name`, `prompt.arguments`, `resource.uri` as patterns read it — `..` resolved, escapes decoded, scheme and host in lower case — and `resource.rawUri` as sent) and `request` (`headers`, lower-case names, without `authorization`, `cookie`, `mcp-method` and `mcp-name` — a message's method and target are `mcp`'s, read from the message itself; `time`, an RFC 3339 text). A condition that fails to evaluate (a missing argument, say) never makes an allow rule apply and always makes a deny rule apply. A condition is type-checked when written: a field these do not have (`principal.emial`) or a comparison that cannot hold (`principal.teams == "sre"`) is refused; `claims`, `arguments` and `headers` take any key.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/access-policies`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_access_policy`), or deleted and declared here.
 */
export class AccessPolicy extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly effect: pulumi.Output<string>;
  /**
   * Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason. Default: `1000`.
   */
  declare readonly priority: pulumi.Output<number>;
  /**
   * Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean "nobody").
   */
  declare readonly subjects: pulumi.Output<{ users?: string[]; teams?: string[]; claims?: { claim: string; op: string; values?: string[] }[] } | undefined>;
  /**
   * Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused).
   */
  declare readonly servers: pulumi.Output<string[] | undefined>;
  /**
   * Tool names (`*` wildcard) the rule is about.
   */
  declare readonly tools: pulumi.Output<string[] | undefined>;
  /**
   * Prompt names (`*` wildcard) the rule is about.
   */
  declare readonly prompts: pulumi.Output<string[] | undefined>;
  /**
   * Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches.
   */
  declare readonly resources: pulumi.Output<string[] | undefined>;
  /**
   * MCP methods (`*` wildcard, `resources/*`) the rule is about.
   */
  declare readonly methods: pulumi.Output<string[] | undefined>;
  /**
   * A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith("/tmp/")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings.
   */
  declare readonly condition: pulumi.Output<string | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: AccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("access_policy")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, enabled: undefined, priority: undefined, subjects: undefined, servers: undefined, tools: undefined, prompts: undefined, resources: undefined, methods: undefined, condition: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "AccessPolicy",
    );
  }
}

export interface ApiKeyArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * What the key is for (for example the device); unique among keys. A new name holds no control characters.
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
  /**
   * The key's secret, supplied by the caller (from a secrets manager, or an ephemeral value in Terraform) instead of generated by the gateway. Stored only as a SHA-256 hash and never returned (the create response then has no `key`); no other key may use the same secret. Not in a JWT's shape (`eyJ…` with two dots): a bearer token of that shape is read as an identity provider's. Changing it replaces the object. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  secret: pulumi.Input<string>;
  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  secretVersion?: pulumi.Input<string>;
  /**
   * Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset.
   */
  servers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A credential MCP clients present as `Authorization: Bearer <secret>`. Only its hash is stored.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/api-keys`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_api_key`), or deleted and declared here.
 */
export class ApiKey extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * What the key is for (for example the device); unique among keys. A new name holds no control characters.
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
   * The key's secret, supplied by the caller (from a secrets manager, or an ephemeral value in Terraform) instead of generated by the gateway. Stored only as a SHA-256 hash and never returned (the create response then has no `key`); no other key may use the same secret. Not in a JWT's shape (`eyJ…` with two dots): a bearer token of that shape is read as an identity provider's. Changing it replaces the object. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  declare readonly secret: pulumi.Output<string>;
  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  declare readonly secretVersion: pulumi.Output<string | undefined>;
  /**
   * The first characters of the secret, to recognise the key: 12 of a generated one, at most 4 of a supplied one.
   */
  declare readonly prefix: pulumi.Output<string>;
  /**
   * Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset.
   */
  declare readonly servers: pulumi.Output<string[] | undefined>;
  /**
   * When the key last authenticated a request, to within a minute: each gateway instance records a key's use at most once a minute.
   */
  declare readonly lastUsedAt: pulumi.Output<string>;
  /**
   * After a rotation, the previous secret keeps working until this instant.
   */
  declare readonly previousSecretExpiresAt: pulumi.Output<string>;

  constructor(name: string, args: ApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("api_key")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, enabled: undefined, expiresAt: undefined, secretVersion: undefined, prefix: undefined, servers: undefined, lastUsedAt: undefined, previousSecretExpiresAt: undefined, ...args, connection: pulumi.secret(args.connection), secret: secretInput(args.secret) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "secret"] },
      'mcpgateway',
      "ApiKey",
    );
  }
}

export interface BudgetArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  servers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  tools?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  per?: pulumi.Input<pulumi.Input<string>[]>;
  amount: pulumi.Input<number>;
  period: pulumi.Input<string>;
  /**
   * Default: `[0.8]`.
   */
  alertAt?: pulumi.Input<pulumi.Input<number>[]>;
  /**
   * Default: `"block"`.
   */
  action?: pulumi.Input<string>;
  /**
   * A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction.
   */
  webhook?: pulumi.Input<string>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * At most `amount` units of cost per `period` (UTC day or month) for each key `per` makes. A tool call costs its server's `pricing` (1 unit by default). With `action: block` a call that would pass the amount is refused (JSON-RPC error, never forwarded); with `alert` it goes on. Crossing a fraction of `alertAt` sends an alert to `webhook` (HMAC-signed; tried again twice when a delivery fails, with the same `id`) once per key and period. Spend is exact: what a call cost is counted once it was allowed; instances reserve room in small leases so the amount is never exceeded. Current spend at `GET /v1/budgets/{id}/usage`. A process killed outright (no shutdown) loses the spend of its last second, not yet written, and the room its lease still held (a fiftieth of the amount at most) until the period ends: such room is refused though `remaining` counts it.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/budgets`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_budget`), or deleted and declared here.
 */
export class Budget extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  declare readonly servers: pulumi.Output<string[] | undefined>;
  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  declare readonly tools: pulumi.Output<string[] | undefined>;
  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  declare readonly per: pulumi.Output<string[]>;
  declare readonly amount: pulumi.Output<number>;
  declare readonly period: pulumi.Output<string>;
  /**
   * Default: `[0.8]`.
   */
  declare readonly alertAt: pulumi.Output<number[]>;
  /**
   * Default: `"block"`.
   */
  declare readonly action: pulumi.Output<string>;
  /**
   * A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction.
   */
  declare readonly webhook: pulumi.Output<string | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: BudgetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("budget")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, enabled: undefined, servers: undefined, tools: undefined, per: undefined, alertAt: undefined, action: undefined, webhook: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "Budget",
    );
  }
}

export interface GuardrailArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  servers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too.
   */
  tools?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Default: `"both"`.
   */
  direction?: pulumi.Input<string>;
  detectors?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused.
   */
  patterns?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Words whose occurrences (case-insensitive, whole words) are findings.
   */
  keywords?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * A payload larger than this (as JSON) is a finding that redaction cannot remove.
   */
  maxBytes?: pulumi.Input<number>;
  /**
   * Default: `"block"`.
   */
  action?: pulumi.Input<string>;
  /**
   * A webhook (by name, of the workspace) asked to scan the payload too.
   */
  webhook?: pulumi.Input<string>;
  /**
   * Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only. Default: `false`.
   */
  definitions?: pulumi.Input<boolean>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * Scans what flows between clients and the servers it names: tool-call arguments (`input`) and results (`output`), prompt arguments and messages, resource URIs and contents (text blobs as their text), completion arguments, the servers' requests to clients (sampling, elicitation) and the clients' answers. `tools` narrows it to those tools' calls, and to what may be any tool's (the servers' requests, the clients' answers). Text is also read with compatibility forms folded and invisible characters removed. Built-in `detectors` find personal data and secrets (payment cards with their Luhn digit, IBANs with their checksum, ...); `patterns` (RE2 regular expressions) and `keywords` are the workspace's own; `maxBytes` bounds a payload. `block` answers a JSON-RPC error naming the guardrail (never what it found; a blocked input never reaches the server), `redact` replaces each finding with `[REDACTED:<detector>]` (the payload stays valid JSON and MCP content; a redacted `structuredContent` may no longer match the tool's `outputSchema` where a field's format is checked, so block where clients validate it), `log` lets it pass. A card number a client sends as a JSON number is found by `payment-card` (and cannot be redacted: a redacting guardrail blocks it); numbers are otherwise not read. Not scanned: list answers and `initialize` unless `definitions` says so. A client's notifications go through the input guardrails: a blocked one is not sent (the refusal is the HTTP answer), and a cancellation still cancels, without its reason. A blocked request of a server never reaches the client; the server is answered that a guardrail refused, without which or why. The text of the servers' notifications (log messages' data, progress and task status messages, cancellation reasons) is scanned by the detectors (not the `webhook`): a blocked notification is dropped, a redacted one rewritten. Every finding is an audit event (counts per detector, never the data). A `webhook` (by name, of the workspace) is also asked with the payload and may answer `{"action": "allow" | "block" | "redact", "reason"?, "payload"?}` (its `reason` goes to the audit event as `detail.scannerReason`, never to the client: it may quote what it found); a `log` guardrail only records what its scanner would have done, and lets the payload pass; its `failMode` decides when it cannot be asked (`open` lets the payload pass, recorded as `guardrail.logged`). A guardrail must scan for something: at least one of `detectors`, `patterns`, `keywords`, `maxBytes` or `webhook`.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/guardrails`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_guardrail`), or deleted and declared here.
 */
export class Guardrail extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  declare readonly servers: pulumi.Output<string[] | undefined>;
  /**
   * Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too.
   */
  declare readonly tools: pulumi.Output<string[] | undefined>;
  /**
   * Default: `"both"`.
   */
  declare readonly direction: pulumi.Output<string>;
  declare readonly detectors: pulumi.Output<string[] | undefined>;
  /**
   * Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused.
   */
  declare readonly patterns: pulumi.Output<string[] | undefined>;
  /**
   * Words whose occurrences (case-insensitive, whole words) are findings.
   */
  declare readonly keywords: pulumi.Output<string[] | undefined>;
  /**
   * A payload larger than this (as JSON) is a finding that redaction cannot remove.
   */
  declare readonly maxBytes: pulumi.Output<number | undefined>;
  /**
   * Default: `"block"`.
   */
  declare readonly action: pulumi.Output<string>;
  /**
   * A webhook (by name, of the workspace) asked to scan the payload too.
   */
  declare readonly webhook: pulumi.Output<string | undefined>;
  /**
   * Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only. Default: `false`.
   */
  declare readonly definitions: pulumi.Output<boolean>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: GuardrailArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("guardrail")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, enabled: undefined, servers: undefined, tools: undefined, direction: undefined, detectors: undefined, patterns: undefined, keywords: undefined, maxBytes: undefined, action: undefined, webhook: undefined, definitions: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "Guardrail",
    );
  }
}

export interface IdentityProviderArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Unique name. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * The workspace (by name) whose servers accept the provider's tokens. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * A disabled provider's tokens are refused. Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset.
   */
  issuer: pulumi.Input<string>;
  /**
   * The provider's JSON Web Key Set; read from the discovery document when unset.
   */
  jwksUri?: pulumi.Input<string>;
  /**
   * `aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id).
   */
  audiences?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA.
   */
  algorithms?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tolerance for `exp`, `nbf` and `iat` against the gateway's clock. Default: `60`.
   */
  clockSkewSeconds?: pulumi.Input<number>;
  /**
   * Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim).
   */
  requiredClaims?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Which token claims make the principal.
   */
  claims?: pulumi.Input<{ user?: pulumi.Input<string>; email?: pulumi.Input<string>; teams?: pulumi.Input<string>; workspace?: pulumi.Input<string> }>;
  /**
   * Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink.
   */
  roles?: pulumi.Input<{ claim?: pulumi.Input<string>; admin?: pulumi.Input<pulumi.Input<string>[]>; workspaceAdmin?: pulumi.Input<pulumi.Input<string>[]>; viewer?: pulumi.Input<pulumi.Input<string>[]>; audiences?: pulumi.Input<pulumi.Input<string>[]> }>;
  /**
   * Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require.
   */
  login?: pulumi.Input<{ clientId: pulumi.Input<string>; clientSecret?: pulumi.Input<string>; clientSecretVersion?: pulumi.Input<string>; tokenEndpointAuthMethod?: pulumi.Input<string>; scopes?: pulumi.Input<pulumi.Input<string>[]>; vaultLinkSignIn?: pulumi.Input<boolean>; grantLifetimeSeconds?: pulumi.Input<number> }>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * An OpenID Connect or OAuth 2.0 provider whose JWT access tokens MCP clients may present as `Authorization: Bearer`. Tokens are verified against the provider's JWKS (from `jwksUri`, else from the issuer's discovery document); a token must be issued by `issuer`, carry an `aud` naming the server's resource URI (`<gateway>/mcp/{server}`) or one of `audiences`, and be unexpired.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/identity-providers`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_identity_provider`), or deleted and declared here.
 */
export class IdentityProvider extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Unique name. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * The workspace (by name) whose servers accept the provider's tokens. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * A disabled provider's tokens are refused. Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset.
   */
  declare readonly issuer: pulumi.Output<string>;
  /**
   * The provider's JSON Web Key Set; read from the discovery document when unset.
   */
  declare readonly jwksUri: pulumi.Output<string | undefined>;
  /**
   * `aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id).
   */
  declare readonly audiences: pulumi.Output<string[] | undefined>;
  /**
   * The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA.
   */
  declare readonly algorithms: pulumi.Output<string[] | undefined>;
  /**
   * Tolerance for `exp`, `nbf` and `iat` against the gateway's clock. Default: `60`.
   */
  declare readonly clockSkewSeconds: pulumi.Output<number>;
  /**
   * Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim).
   */
  declare readonly requiredClaims: pulumi.Output<string[] | undefined>;
  /**
   * Which token claims make the principal.
   */
  declare readonly claims: pulumi.Output<{ user?: string; email?: string; teams?: string; workspace?: string } | undefined>;
  /**
   * Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink.
   */
  declare readonly roles: pulumi.Output<{ claim?: string; admin?: string[]; workspaceAdmin?: string[]; viewer?: string[]; audiences?: string[] } | undefined>;
  /**
   * Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require.
   */
  declare readonly login: pulumi.Output<{ clientId: string; clientSecret?: string; clientSecretVersion?: string; tokenEndpointAuthMethod?: string; scopes?: string[]; vaultLinkSignIn?: boolean; grantLifetimeSeconds?: number } | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: IdentityProviderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("identity_provider")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, enabled: undefined, jwksUri: undefined, audiences: undefined, algorithms: undefined, clockSkewSeconds: undefined, requiredClaims: undefined, claims: undefined, roles: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection), login: secretInput(args.login) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "login"] },
      'mcpgateway',
      "IdentityProvider",
    );
  }
}

export interface OauthClientArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Unique name. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * The workspace (by name) whose servers the client's tokens reach. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * A disabled client obtains no tokens; tokens already issued run out within their lifetime. Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * The user id the client's tokens carry (`sub`); the client's name when unset.
   */
  subject?: pulumi.Input<string>;
  /**
   * How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE. Default: `"client_secret_basic"`.
   */
  tokenEndpointAuthMethod?: pulumi.Input<string>;
  /**
   * Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set.
   */
  redirectUris?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The client secret (for the `client_secret_*` methods), supplied by you; stored only as a SHA-256 hash and never returned. Changing it replaces the object. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  secret?: pulumi.Input<string>;
  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  secretVersion?: pulumi.Input<string>;
  /**
   * Where the client publishes the keys of its `private_key_jwt` assertions.
   */
  jwksUri?: pulumi.Input<string>;
  /**
   * Lifetime of the access tokens the client obtains. Default: `900`.
   */
  accessTokenTtlSeconds?: pulumi.Input<number>;
  /**
   * The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none.
   */
  scopes?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * A client of the gateway's own authorization server (`/oauth/token`, metadata at `/.well-known/oauth-authorization-server`). Its `id` is its `client_id`. A confidential client obtains access tokens for the gateway's servers with the client-credentials grant, authenticating with its secret (`client_secret_basic`, `client_secret_post`) or a JWT signed with a key its `jwksUri` publishes (`private_key_jwt`). Required by method: `secret` (at creation) for the `client_secret_*` methods, `jwksUri` for `private_key_jwt`, at least one of `redirectUris` for a public client (`none`, which has no secret). A client never moves between a method with a secret and one without (that is a new client). Names beginning `md-` or `dcr-` are the gateway's own (the clients it records from metadata documents and dynamic registration).
 *
 * A Pulumi dynamic resource calling the management API (`/v1/oauth-clients`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_oauth_client`), or deleted and declared here.
 */
export class OauthClient extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Unique name. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * The workspace (by name) whose servers the client's tokens reach. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * A disabled client obtains no tokens; tokens already issued run out within their lifetime. Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * The user id the client's tokens carry (`sub`); the client's name when unset.
   */
  declare readonly subject: pulumi.Output<string | undefined>;
  /**
   * How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE. Default: `"client_secret_basic"`.
   */
  declare readonly tokenEndpointAuthMethod: pulumi.Output<string>;
  /**
   * Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set.
   */
  declare readonly redirectUris: pulumi.Output<string[] | undefined>;
  /**
   * For a client known by its Client ID Metadata Document: the document's URL, which is the `client_id` it presents. Such clients appear here when first seen.
   */
  declare readonly metadataDocument: pulumi.Output<string>;
  /**
   * How the client came to be known. A `dynamic-registration` client lapses by itself a day after it registered when nobody signed in with it, else 92 days after the last sign-in with it. A client that registered itself serves every workspace: only an admin changes or deletes it (403 `forbidden` for workspace admins).
   */
  declare readonly registeredBy: pulumi.Output<string>;
  /**
   * The client secret (for the `client_secret_*` methods), supplied by you; stored only as a SHA-256 hash and never returned. Changing it replaces the object. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  declare readonly secret: pulumi.Output<string | undefined>;
  /**
   * Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes). Changing it replaces the object.
   */
  declare readonly secretVersion: pulumi.Output<string | undefined>;
  /**
   * Where the client publishes the keys of its `private_key_jwt` assertions.
   */
  declare readonly jwksUri: pulumi.Output<string | undefined>;
  /**
   * Lifetime of the access tokens the client obtains. Default: `900`.
   */
  declare readonly accessTokenTtlSeconds: pulumi.Output<number>;
  /**
   * The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none.
   */
  declare readonly scopes: pulumi.Output<string[] | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: OauthClientArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("oauth_client")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, enabled: undefined, subject: undefined, tokenEndpointAuthMethod: undefined, redirectUris: undefined, metadataDocument: undefined, registeredBy: undefined, secretVersion: undefined, jwksUri: undefined, accessTokenTtlSeconds: undefined, scopes: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection), secret: secretInput(args.secret) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "secret"] },
      'mcpgateway',
      "OauthClient",
    );
  }
}

export interface RateLimitArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  servers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  tools?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  per?: pulumi.Input<pulumi.Input<string>[]>;
  limit: pulumi.Input<number>;
  window: pulumi.Input<string>;
  /**
   * Default: `"sliding-window"`.
   */
  algorithm?: pulumi.Input<string>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * At most `limit` requests per `window` for each key `per` makes (user, team, workspace, server, tool), across every gateway instance sharing the store. Each JSON-RPC request counts (a batch's each); a POST of notifications only counts once, as the tool `~notifications`, and opening the server's stream (GET) once, as `~stream`. Never counted: ending a session, the client's answers to the server's requests, `notifications/initialized` and `notifications/cancelled`. `sliding-window` weighs the previous window's count by its overlap; `token-bucket` refills `limit` tokens per window, bursting up to `limit`. Instances take quota from the store in leases (from `limit`/100, doubling up to `limit`/20 while a key is hot), so a hot key costs far less than a store write per request; the weighted count never exceeds the limit (an estimate: requests bunched around a window's boundary can reach twice the limit within one window's length; instances' clocks must agree), and an instance's unused leases (at most a lease and a fifth) may leave that many requests unserved in a window. Exceeding answers HTTP 429 with `Retry-After`, `RateLimit-Policy` and `RateLimit` headers and a JSON-RPC error whose data carries `retryAfterSeconds`.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/rate-limits`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_rate_limit`), or deleted and declared here.
 */
export class RateLimit extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * Server names (`*` wildcard) it applies to; none means every server of the workspace.
   */
  declare readonly servers: pulumi.Output<string[] | undefined>;
  /**
   * Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).
   */
  declare readonly tools: pulumi.Output<string[] | undefined>;
  /**
   * What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`). Default: `["user"]`.
   */
  declare readonly per: pulumi.Output<string[]>;
  declare readonly limit: pulumi.Output<number>;
  declare readonly window: pulumi.Output<string>;
  /**
   * Default: `"sliding-window"`.
   */
  declare readonly algorithm: pulumi.Output<string>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: RateLimitArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("rate_limit")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, enabled: undefined, servers: undefined, tools: undefined, per: undefined, algorithm: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "RateLimit",
    );
  }
}

export interface RegistryArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * The workspace its servers are imported into. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * The registry's base URL; the listing is read at `<url>/v0.1/servers`.
   */
  url: pulumi.Input<string>;
  /**
   * Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset.
   */
  include?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`).
   */
  namespaces?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes.
   */
  schedule?: pulumi.Input<string>;
  /**
   * Headers sent with every request to the registry (for example a mirror's token). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
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
 * An MCP registry speaking the official MCP Registry API (`GET <url>/v0.1/servers`, cursor pagination, `server.json` entries) — the public registry or an internal mirror. Its entries with remotes become servers of its workspace on `POST /v1/registries/{id}/sync` and on its `schedule`. A sync reads at most 20,000 entries and imports at most 1,000 servers (`include` and `namespaces` narrow a larger registry); a server moves with its entry only when it holds no credentials, identity forwarding or headers an admin set.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/registries`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_registry`), or deleted and declared here.
 */
export class Registry extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * The workspace its servers are imported into. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * The registry's base URL; the listing is read at `<url>/v0.1/servers`.
   */
  declare readonly url: pulumi.Output<string>;
  /**
   * Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset.
   */
  declare readonly include: pulumi.Output<string[] | undefined>;
  /**
   * Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`).
   */
  declare readonly namespaces: pulumi.Output<string[] | undefined>;
  /**
   * How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes.
   */
  declare readonly schedule: pulumi.Output<string | undefined>;
  /**
   * Headers sent with every request to the registry (for example a mirror's token). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  declare readonly headers: pulumi.Output<{ [key: string]: string } | undefined>;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  declare readonly headersVersion: pulumi.Output<string | undefined>;
  /**
   * The last sync's time and counts; a scheduled sync records it (and raises the registry's `version`).
   */
  declare readonly lastSync: pulumi.Output<{ at?: string; created?: number; updated?: number; disabled?: number; skipped?: number; error?: string }>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("registry")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, enabled: undefined, include: undefined, namespaces: undefined, schedule: undefined, headersVersion: undefined, lastSync: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection), headers: secretInput(args.headers) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "headers"] },
      'mcpgateway',
      "Registry",
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
   * The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`.
   */
  url?: pulumi.Input<string>;
  /**
   * `streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`). Default: `"streamable-http"`.
   */
  transport?: pulumi.Input<string>;
  /**
   * The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed).
   */
  openapi?: pulumi.Input<{ url?: pulumi.Input<string>; document?: pulumi.Input<string | { [key: string]: unknown }>; baseUrl?: pulumi.Input<string>; operations?: pulumi.Input<pulumi.Input<string>[]> }>;
  /**
   * The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`).
   */
  function?: pulumi.Input<string>;
  /**
   * The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked.
   */
  members?: pulumi.Input<pulumi.Input<{ server: pulumi.Input<string>; prefix?: pulumi.Input<string>; rename?: pulumi.Input<{ [key: string]: pulumi.Input<string> }> }>[]>;
  description?: pulumi.Input<string>;
  /**
   * A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled. Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  timeoutMs?: pulumi.Input<number>;
  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Names are RFC 9110 tokens, unique regardless of case; headers the gateway sets itself or that control the connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-*`, `Content-Type`, `Accept`, `Last-Event-ID` and the MCP protocol headers `Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) are refused. Values are Latin-1 text without control characters (tab allowed). Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  headers?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  headersVersion?: pulumi.Input<string>;
  /**
   * Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused.
   */
  tools?: pulumi.Input<{ allow?: pulumi.Input<pulumi.Input<string>[]>; deny?: pulumi.Input<pulumi.Input<string>[]>; readOnly?: pulumi.Input<boolean> }>;
  /**
   * The authentication webhook for this server (by name, of its workspace); else the workspace's.
   */
  authnWebhook?: pulumi.Input<string>;
  /**
   * The authorization webhook for this server (by name, of its workspace); else the workspace's.
   */
  authzWebhook?: pulumi.Input<string>;
  /**
   * Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated).
   */
  identity?: pulumi.Input<{ forwardJwt?: pulumi.Input<string>; headers?: pulumi.Input<{ [key: string]: pulumi.Input<string> }> }>;
  /**
   * Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded.
   */
  credentials?: pulumi.Input<{ kind: pulumi.Input<string>; tokenUrl?: pulumi.Input<string>; authorizationServer?: pulumi.Input<string>; clientId?: pulumi.Input<string>; clientSecret?: pulumi.Input<string>; clientSecretVersion?: pulumi.Input<string>; authMethod?: pulumi.Input<string>; scopes?: pulumi.Input<pulumi.Input<string>[]>; stepUpScopes?: pulumi.Input<pulumi.Input<string>[]>; audience?: pulumi.Input<string>; resource?: pulumi.Input<string>; subjectToken?: pulumi.Input<string>; header?: pulumi.Input<string> }>;
  /**
   * Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`.
   */
  toolTimeoutsMs?: pulumi.Input<{ [key: string]: pulumi.Input<number> }>;
  /**
   * What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it.
   */
  pricing?: pulumi.Input<{ perCall?: pulumi.Input<number>; tools?: pulumi.Input<{ [key: string]: pulumi.Input<number> }> }>;
  /**
   * Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target.
   */
  targets?: pulumi.Input<pulumi.Input<{ url: pulumi.Input<string>; weight?: pulumi.Input<number>; priority?: pulumi.Input<number> }>[]>;
  /**
   * Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there.
   */
  fallbacks?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there.
   */
  circuitBreaker?: pulumi.Input<{ consecutiveFailures?: pulumi.Input<number>; failureRate?: pulumi.Input<number>; minimumCalls?: pulumi.Input<number>; windowSeconds?: pulumi.Input<number>; cooldownSeconds?: pulumi.Input<number> }>;
  /**
   * Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage.
   */
  retry?: pulumi.Input<{ attempts?: pulumi.Input<number>; backoffMs?: pulumi.Input<number>; maxBackoffMs?: pulumi.Input<number>; statuses?: pulumi.Input<pulumi.Input<number>[]>; idempotentTools?: pulumi.Input<pulumi.Input<string>[]>; budget?: pulumi.Input<number> }>;
  /**
   * Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker.
   */
  healthCheck?: pulumi.Input<{ intervalSeconds?: pulumi.Input<number>; unhealthyAfter?: pulumi.Input<number> }>;
  /**
   * OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped.
   */
  scopes?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  authentication?: pulumi.Input<{ methods?: pulumi.Input<pulumi.Input<string>[]>; identityProviders?: pulumi.Input<pulumi.Input<string>[]> }>;
  /**
   * What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`).
   */
  logging?: pulumi.Input<{ payloads?: pulumi.Input<string>; headers?: pulumi.Input<pulumi.Input<string>[]> }>;
  /**
   * Guards against a server silently changing a tool (a "rug pull"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events. Default: `"off"`.
   */
  toolPinning?: pulumi.Input<string>;
  /**
   * The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control. Default: `false`.
   */
  trustAnnotations?: pulumi.Input<boolean>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * An upstream MCP server, reachable through the gateway at `/mcp/{name}`.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/servers`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_server`), or deleted and declared here.
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
   * The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`.
   */
  declare readonly url: pulumi.Output<string | undefined>;
  /**
   * `streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`). Default: `"streamable-http"`.
   */
  declare readonly transport: pulumi.Output<string>;
  /**
   * The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed).
   */
  declare readonly openapi: pulumi.Output<{ url?: string; document?: string | { [key: string]: unknown }; baseUrl?: string; operations?: string[] } | undefined>;
  /**
   * The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`).
   */
  declare readonly function: pulumi.Output<string | undefined>;
  /**
   * The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked.
   */
  declare readonly members: pulumi.Output<{ server: string; prefix?: string; rename?: { [key: string]: string } }[] | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled. Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * When the server was last disabled; sessions opened before this time are ended.
   */
  declare readonly disabledAt: pulumi.Output<string>;
  /**
   * When the server was last enabled again after being disabled; sessions opened before this time (some instance may have opened one while it still thought the server enabled) are ended too.
   */
  declare readonly enabledAt: pulumi.Output<string>;
  /**
   * Time allowed for one upstream request, including a streamed response. Default: `60000`.
   */
  declare readonly timeoutMs: pulumi.Output<number>;
  /**
   * Extra headers sent upstream (for example the upstream's own credentials). Never returned. Names are RFC 9110 tokens, unique regardless of case; headers the gateway sets itself or that control the connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-*`, `Content-Type`, `Accept`, `Last-Event-ID` and the MCP protocol headers `Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) are refused. Values are Latin-1 text without control characters (tab allowed). Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  declare readonly headers: pulumi.Output<{ [key: string]: string } | undefined>;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  declare readonly headersVersion: pulumi.Output<string | undefined>;
  /**
   * Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused.
   */
  declare readonly tools: pulumi.Output<{ allow?: string[]; deny?: string[]; readOnly?: boolean } | undefined>;
  /**
   * The authentication webhook for this server (by name, of its workspace); else the workspace's.
   */
  declare readonly authnWebhook: pulumi.Output<string | undefined>;
  /**
   * The authorization webhook for this server (by name, of its workspace); else the workspace's.
   */
  declare readonly authzWebhook: pulumi.Output<string | undefined>;
  /**
   * Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated).
   */
  declare readonly identity: pulumi.Output<{ forwardJwt?: string; headers?: { [key: string]: string } } | undefined>;
  /**
   * Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded.
   */
  declare readonly credentials: pulumi.Output<{ kind: string; tokenUrl?: string; authorizationServer?: string; clientId?: string; clientSecret?: string; clientSecretVersion?: string; authMethod?: string; scopes?: string[]; stepUpScopes?: string[]; audience?: string; resource?: string; subjectToken?: string; header?: string } | undefined>;
  /**
   * Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`.
   */
  declare readonly toolTimeoutsMs: pulumi.Output<{ [key: string]: number } | undefined>;
  /**
   * What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it.
   */
  declare readonly pricing: pulumi.Output<{ perCall?: number; tools?: { [key: string]: number } } | undefined>;
  /**
   * Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target.
   */
  declare readonly targets: pulumi.Output<{ url: string; weight?: number; priority?: number }[] | undefined>;
  /**
   * Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there.
   */
  declare readonly fallbacks: pulumi.Output<string[] | undefined>;
  /**
   * Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there.
   */
  declare readonly circuitBreaker: pulumi.Output<{ consecutiveFailures?: number; failureRate?: number; minimumCalls?: number; windowSeconds?: number; cooldownSeconds?: number } | undefined>;
  /**
   * Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage.
   */
  declare readonly retry: pulumi.Output<{ attempts?: number; backoffMs?: number; maxBackoffMs?: number; statuses?: number[]; idempotentTools?: string[]; budget?: number } | undefined>;
  /**
   * Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker.
   */
  declare readonly healthCheck: pulumi.Output<{ intervalSeconds?: number; unhealthyAfter?: number } | undefined>;
  /**
   * OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped.
   */
  declare readonly scopes: pulumi.Output<string[] | undefined>;
  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  declare readonly authentication: pulumi.Output<{ methods?: string[]; identityProviders?: string[] } | undefined>;
  /**
   * What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`).
   */
  declare readonly logging: pulumi.Output<{ payloads?: string; headers?: string[] } | undefined>;
  /**
   * Where an imported server came from (a registry sync or a server.json import); a scheduled sync rewrites it (and the server's `version`).
   */
  declare readonly origin: pulumi.Output<{ registry?: string; registryId?: string; name?: string; version?: string; url?: string; transport?: string; headers?: { [key: string]: string }; description?: string; importedAt?: string; status?: string; enabledBeforeRemoval?: boolean }>;
  /**
   * Guards against a server silently changing a tool (a "rug pull"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events. Default: `"off"`.
   */
  declare readonly toolPinning: pulumi.Output<string>;
  /**
   * The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control. Default: `false`.
   */
  declare readonly trustAnnotations: pulumi.Output<boolean>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: ServerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("server")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, url: undefined, transport: undefined, openapi: undefined, function: undefined, members: undefined, description: undefined, enabled: undefined, disabledAt: undefined, enabledAt: undefined, timeoutMs: undefined, headersVersion: undefined, tools: undefined, authnWebhook: undefined, authzWebhook: undefined, identity: undefined, toolTimeoutsMs: undefined, pricing: undefined, targets: undefined, fallbacks: undefined, circuitBreaker: undefined, retry: undefined, healthCheck: undefined, scopes: undefined, authentication: undefined, logging: undefined, origin: undefined, toolPinning: undefined, trustAnnotations: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection), headers: secretInput(args.headers), credentials: secretInput(args.credentials) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "headers", "credentials"] },
      'mcpgateway',
      "Server",
    );
  }
}

export interface TeamArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Unique name; access policies refer to the team by it. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Users who belong to the team.
   */
  members?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`.
   */
  claim?: pulumi.Input<string>;
  /**
   * The values of `claim` that mean membership; required (at least one) with `claim`.
   */
  values?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * A team of a workspace, named by access policies (`subjects.teams`). Its members are the users it lists and, with `claim`, every principal whose token claim holds one of `values` (an IdP's `groups`, for instance). The teams a token names through its provider's `teams` mapping count as well.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/teams`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_team`), or deleted and declared here.
 */
export class Team extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Unique name; access policies refer to the team by it. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Users who belong to the team.
   */
  declare readonly members: pulumi.Output<string[] | undefined>;
  /**
   * A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`.
   */
  declare readonly claim: pulumi.Output<string | undefined>;
  /**
   * The values of `claim` that mean membership; required (at least one) with `claim`.
   */
  declare readonly values: pulumi.Output<string[] | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: TeamArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("team")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, members: undefined, claim: undefined, values: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "Team",
    );
  }
}

export interface TelemetrySinkArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * Default: `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard.
   */
  endpoint: pulumi.Input<string>;
  /**
   * Default: `"http/protobuf"`.
   */
  protocol?: pulumi.Input<string>;
  /**
   * Headers sent with every export (for example the collector's API key). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  headers?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  headersVersion?: pulumi.Input<string>;
  /**
   * The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose). Default: `1`.
   */
  sampling?: pulumi.Input<number>;
  /**
   * Default: `["traces","metrics"]`.
   */
  signals?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * An OpenTelemetry collector the gateway exports to over OTLP/HTTP: a span per MCP request following the OpenTelemetry MCP semantic conventions (`{mcp.method.name} {target}`), with a child span per policy stage, per guardrail verdict and for the upstream call; and the `mcp.server.operation.duration` and `mcp.client.operation.duration` histograms (seconds) with a request counter. A request's span names its caller (`user.id`: the user of the key or token, which may be an email address) and workspace; payloads and headers only as each server's `logging` allows. Only administrators read and change sinks. Export happens in the background (on Lambda at the end of an invocation, once per export interval), never on each request's path; each process exports as an instance of its own (`service.instance.id`).
 *
 * A Pulumi dynamic resource calling the management API (`/v1/telemetry-sinks`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_telemetry_sink`), or deleted and declared here.
 */
export class TelemetrySink extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Lower-case letters, digits and dashes; used in URLs. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * Default: `true`.
   */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard.
   */
  declare readonly endpoint: pulumi.Output<string>;
  /**
   * Default: `"http/protobuf"`.
   */
  declare readonly protocol: pulumi.Output<string>;
  /**
   * Headers sent with every export (for example the collector's API key). Never returned. The names a server's `headers` may not use are refused here too. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  declare readonly headers: pulumi.Output<{ [key: string]: string } | undefined>;
  /**
   * Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).
   */
  declare readonly headersVersion: pulumi.Output<string | undefined>;
  /**
   * The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose). Default: `1`.
   */
  declare readonly sampling: pulumi.Output<number>;
  /**
   * Default: `["traces","metrics"]`.
   */
  declare readonly signals: pulumi.Output<string[]>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: TelemetrySinkArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("telemetry_sink")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, description: undefined, enabled: undefined, protocol: undefined, headersVersion: undefined, sampling: undefined, signals: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection), headers: secretInput(args.headers) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "headers"] },
      'mcpgateway',
      "TelemetrySink",
    );
  }
}

export interface WebhookArgs {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
  /**
   * Unique name; workspaces and servers refer to the webhook by it. Changing it replaces the object.
   */
  name: pulumi.Input<string>;
  /**
   * The workspace (by name) whose workspace and servers may use the webhook. Changing it replaces the object. Default: `"default"`.
   */
  workspace?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard.
   */
  url: pulumi.Input<string>;
  /**
   * The HMAC key calls are signed with: `X-MCP-Gateway-Signature: v1=<hex HMAC-SHA256 of "<X-MCP-Gateway-Timestamp>.<body>">`. Receivers compare in constant time and refuse a timestamp more than five minutes from their clock (a replayed call). A new secret reaches every gateway instance within its configuration cache time: a receiver accepts both the old and the new one for a minute while it is rotated. Never returned. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  secret: pulumi.Input<string>;
  /**
   * Change this value to send a new `secret` (write-only, so Terraform cannot see its changes).
   */
  secretVersion?: pulumi.Input<string>;
  /**
   * Time the webhook has to answer. Default: `3000`.
   */
  timeoutMs?: pulumi.Input<number>;
  /**
   * What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `"allow": false` (a scanner's `"action": "block"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes. Default: `"closed"`.
   */
  failMode?: pulumi.Input<string>;
  /**
   * How long an answer is reused for the same credential and headers. Default: `60`.
   */
  cacheSeconds?: pulumi.Input<number>;
  /**
   * Request headers passed to the webhook besides the credential (for example a session cookie).
   */
  headers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest. Default: `false`.
   */
  sendArguments?: pulumi.Input<boolean>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * An HTTP endpoint of yours the gateway asks to decide. Every call is a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (headers `X-MCP-Gateway-Timestamp`, Unix seconds, and `X-MCP-Gateway-Signature: v1=<hex>`); answers are bounded by `timeoutMs`. Used as the authentication webhook (`authnWebhook`) and the authorization webhook (`authzWebhook`) of a workspace or server. An authorization webhook is asked about each call the access policies allow (with `argumentsDigest`, and `argumentsInexact: true` when the arguments hold an integer past 2^53, which JSON parsers may round: such an answer is not cached; a resource as `resource`, its URI read as the policies read it, `resourceReadings` where servers may read it two ways, and `rawUri`) and about each item of a list answer they let through (`"list": true`, the method that would use the item, a template as `resourceTemplate`), and answers `{"allow": boolean, "reason"?: string}`.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/webhooks`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_webhook`), or deleted and declared here.
 */
export class Webhook extends pulumi.dynamic.Resource {
  /**
   * Increases on every change; the `ETag`.
   */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Unique name; workspaces and servers refer to the webhook by it. Changing it replaces the object.
   */
  declare readonly name: pulumi.Output<string>;
  /**
   * The workspace (by name) whose workspace and servers may use the webhook. Changing it replaces the object. Default: `"default"`.
   */
  declare readonly workspace: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard.
   */
  declare readonly url: pulumi.Output<string>;
  /**
   * The HMAC key calls are signed with: `X-MCP-Gateway-Signature: v1=<hex HMAC-SHA256 of "<X-MCP-Gateway-Timestamp>.<body>">`. Receivers compare in constant time and refuse a timestamp more than five minutes from their clock (a replayed call). A new secret reaches every gateway instance within its configuration cache time: a receiver accepts both the old and the new one for a minute while it is rotated. Never returned. Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.
   */
  declare readonly secret: pulumi.Output<string>;
  /**
   * Change this value to send a new `secret` (write-only, so Terraform cannot see its changes).
   */
  declare readonly secretVersion: pulumi.Output<string | undefined>;
  /**
   * Time the webhook has to answer. Default: `3000`.
   */
  declare readonly timeoutMs: pulumi.Output<number>;
  /**
   * What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `"allow": false` (a scanner's `"action": "block"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes. Default: `"closed"`.
   */
  declare readonly failMode: pulumi.Output<string>;
  /**
   * How long an answer is reused for the same credential and headers. Default: `60`.
   */
  declare readonly cacheSeconds: pulumi.Output<number>;
  /**
   * Request headers passed to the webhook besides the credential (for example a session cookie).
   */
  declare readonly headers: pulumi.Output<string[] | undefined>;
  /**
   * As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest. Default: `false`.
   */
  declare readonly sendArguments: pulumi.Output<boolean>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("webhook")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, workspace: undefined, description: undefined, secretVersion: undefined, timeoutMs: undefined, failMode: undefined, cacheSeconds: undefined, headers: undefined, sendArguments: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection), secret: secretInput(args.secret) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "secret"] },
      'mcpgateway',
      "Webhook",
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
   * A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises.
   */
  authnWebhook?: pulumi.Input<string>;
  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  authentication?: pulumi.Input<{ methods?: pulumi.Input<pulumi.Input<string>[]>; identityProviders?: pulumi.Input<pulumi.Input<string>[]> }>;
  /**
   * What principals of the workspace may do on servers no allow policy names. Default: `"allow"`.
   */
  defaultAccess?: pulumi.Input<string>;
  /**
   * A webhook (by name, of this workspace) asked to authorize each request the access policies allow.
   */
  authzWebhook?: pulumi.Input<string>;
  /**
   * Free-form key/value labels.
   */
  labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * An isolation boundary for servers, keys and policies. A `default` workspace always exists.
 *
 * A Pulumi dynamic resource calling the management API (`/v1/workspaces`): `pulumi refresh` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with `terraform import` (Terraform resource `mcpgateway_workspace`), or deleted and declared here.
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
   * A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises.
   */
  declare readonly authnWebhook: pulumi.Output<string | undefined>;
  /**
   * Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.
   */
  declare readonly authentication: pulumi.Output<{ methods?: string[]; identityProviders?: string[] } | undefined>;
  /**
   * What principals of the workspace may do on servers no allow policy names. Default: `"allow"`.
   */
  declare readonly defaultAccess: pulumi.Output<string>;
  /**
   * A webhook (by name, of this workspace) asked to authorize each request the access policies allow.
   */
  declare readonly authzWebhook: pulumi.Output<string | undefined>;
  /**
   * Free-form key/value labels.
   */
  declare readonly labels: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: WorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource("workspace")),
      name,
      { version: undefined, createdAt: undefined, updatedAt: undefined, description: undefined, authnWebhook: undefined, authentication: undefined, defaultAccess: undefined, authzWebhook: undefined, labels: undefined, ...args, connection: pulumi.secret(args.connection) },
      opts,
      'mcpgateway',
      "Workspace",
    );
  }
}
