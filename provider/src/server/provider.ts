/**
 * The tfplugin6.Provider service over the resource model, transport-free: each method takes the decoded
 * protobuf request and answers the response object. Failures end up as diagnostics, never as gRPC errors.
 */
import { ApiClient } from '../client/api-client.js';
import { decodeJson, decodeMsgpack, encodeMsgpack } from '../codec/msgpack.js';
import { type CtyType, isObjectValue, type ObjectValue, type Value } from '../codec/value.js';
import type { ProviderModel } from '../model/types.js';
import { DiagnosticsError, errorDiagnostic, hasErrors } from '../protocol/diagnostics.js';
import type {
  ApplyResourceChangeRequest,
  ConfigureProviderRequest,
  Diagnostic,
  DynamicValue,
  ImportResourceStateRequest,
  PlanResourceChangeRequest,
  ReadDataSourceRequest,
  ReadResourceRequest,
  Schema,
  UpgradeResourceStateRequest,
  ValidateConfigRequest,
} from '../protocol/messages.js';
import { DataSource } from '../resources/data-source.js';
import { ManagedResource } from '../resources/resource.js';
import { configuredWriteOnly } from '../resources/validate.js';
import { ViewDataSource } from '../resources/view.js';
import { objectType, schemaOf } from '../schema/terraform.js';
import {
  providerConfigAttributes,
  resolveProviderConfig,
  validateProviderConfig,
} from './provider-config.js';

export interface ProviderOptions {
  model: ProviderModel;
  version: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  log?: (message: string) => void;
}

type Response = Record<string, unknown>;

export class TerraformProvider {
  readonly resources = new Map<string, ManagedResource>();
  readonly dataSources = new Map<string, DataSource | ViewDataSource>();
  readonly #options: ProviderOptions;
  readonly #configType: CtyType = objectType(providerConfigAttributes);
  #api: ApiClient | undefined;
  /** Aborted by StopProvider (Terraform interrupted): requests under way end at once, none begins. */
  readonly #stopping = new AbortController();

  constructor(options: ProviderOptions) {
    this.#options = options;
    for (const resource of options.model.resources) {
      this.resources.set(resource.terraformType, new ManagedResource(resource));
      if (resource.operations.read) this.dataSources.set(resource.terraformType, new DataSource(resource));
    }
    for (const view of options.model.views ?? [])
      this.dataSources.set(view.terraformType, new ViewDataSource(view));
  }

  get configured(): boolean {
    return this.#api !== undefined;
  }

  getMetadata(): Response {
    return {
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: true },
      diagnostics: [],
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.dataSources.keys()].map((type_name) => ({ type_name })),
    };
  }

  getProviderSchema(): Response {
    const resourceSchemas: Record<string, Schema> = {};
    for (const [name, resource] of this.resources) {
      resourceSchemas[name] = schemaOf(
        resource.attributes,
        resource.model.description,
        resource.model.schemaVersion,
      );
    }
    const dataSourceSchemas: Record<string, Schema> = {};
    for (const [name, dataSource] of this.dataSources) {
      dataSourceSchemas[name] = schemaOf(dataSource.attributes, dataSource.description);
    }
    return {
      provider: schemaOf(
        providerConfigAttributes,
        `Configures the MCP gateway through its management API (provider version ${this.#options.version}).`,
      ),
      resource_schemas: resourceSchemas,
      data_source_schemas: dataSourceSchemas,
      diagnostics: [],
      // The schema never changes at run time, so Terraform may reuse it across provider instances.
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: true },
    };
  }

  validateProviderConfig(request: ValidateConfigRequest): Response {
    return this.#guard(() => {
      const config = this.#object(request.config, this.#configType) ?? {};
      return { diagnostics: validateProviderConfig(config) };
    });
  }

  configureProvider(request: ConfigureProviderRequest): Response {
    return this.#guard(() => {
      const config = this.#object(request.config, this.#configType) ?? {};
      const { settings, diagnostics } = resolveProviderConfig(config, this.#options.env ?? process.env);
      if (settings && !hasErrors(diagnostics)) {
        this.#api = new ApiClient({
          ...settings,
          userAgent: `terraform-provider-mcpgateway/${this.#options.version} terraform/${request.terraform_version || 'unknown'}`,
          ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
          signal: this.#stopping.signal,
        });
        this.#options.log?.(`configured for ${settings.endpoint}`);
      }
      return { diagnostics };
    });
  }

  validateResourceConfig(request: ValidateConfigRequest): Response {
    return this.#guard(() => {
      const resource = this.#resource(request.type_name);
      const config = this.#object(request.config, resource.type) ?? {};
      // an older Terraform would keep a write-only value in its plan and state, then fail on a plan
      // without it ("planned value does not match config"): told plainly instead
      const unsupported =
        request.client_capabilities?.write_only_attributes_allowed === true
          ? []
          : configuredWriteOnly(resource.attributes, config).map((path) =>
              errorDiagnostic(
                'Write-only attribute needs Terraform 1.11 or later',
                `"${path.join('.')}" is write-only: this provider keeps it out of plans and state, which Terraform supports from 1.11 on. Upgrade Terraform (or use an OpenTofu release with write-only attributes).`,
                path,
              ),
            );
      return { diagnostics: [...unsupported, ...resource.validate(config)] };
    });
  }

  validateDataResourceConfig(request: ValidateConfigRequest): Response {
    return this.#guard(() => {
      const dataSource = this.#dataSource(request.type_name);
      const config = this.#object(request.config, dataSource.type) ?? {};
      return { diagnostics: dataSource.validate(config) };
    });
  }

  upgradeResourceState(request: UpgradeResourceStateRequest): Response {
    return this.#guard(() => {
      const resource = this.#resource(request.type_name);
      const state = resource.upgrade(request.raw_state?.json, Number(request.version ?? 0));
      return { upgraded_state: this.#encode(state, resource.type), diagnostics: [] };
    });
  }

  async readResource(request: ReadResourceRequest): Promise<Response> {
    return this.#guardAsync(async () => {
      const resource = this.#resource(request.type_name);
      const current = this.#object(request.current_state, resource.type);
      const result = await resource.read(this.#client(), current, request.private);
      return {
        new_state: this.#encode(result.state, resource.type),
        private: result.private,
        diagnostics: [],
      };
    });
  }

  planResourceChange(request: PlanResourceChangeRequest): Response {
    return this.#guard(() => {
      const resource = this.#resource(request.type_name);
      const prior = this.#object(request.prior_state, resource.type);
      const proposed = this.#object(request.proposed_new_state, resource.type);
      const config = this.#object(request.config, resource.type);
      const { planned, requiresReplace } = resource.plan(prior, proposed, config, request.prior_private);
      return {
        planned_state: this.#encode(planned, resource.type),
        requires_replace: requiresReplace.map((path) => ({
          steps: path.map((attribute_name) => ({ attribute_name })),
        })),
        planned_private: request.prior_private ?? Buffer.alloc(0),
        diagnostics: [],
      };
    });
  }

  async applyResourceChange(request: ApplyResourceChangeRequest): Promise<Response> {
    return this.#guardAsync(async () => {
      const resource = this.#resource(request.type_name);
      const prior = this.#object(request.prior_state, resource.type);
      const planned = this.#object(request.planned_state, resource.type);
      const config = this.#object(request.config, resource.type);
      const result = await resource.apply(this.#client(), prior, planned, config, request.planned_private);
      return {
        new_state: this.#encode(result.state, resource.type),
        private: result.private,
        diagnostics: [],
      };
    });
  }

  async importResourceState(request: ImportResourceStateRequest): Promise<Response> {
    return this.#guardAsync(async () => {
      const resource = this.#resource(request.type_name);
      const state = await resource.import(this.#client(), request.id);
      return {
        imported_resources: [
          {
            type_name: request.type_name,
            state: this.#encode(state, resource.type),
            private: ManagedResource.importedPrivate,
          },
        ],
        diagnostics: [],
      };
    });
  }

  async readDataSource(request: ReadDataSourceRequest): Promise<Response> {
    return this.#guardAsync(async () => {
      const dataSource = this.#dataSource(request.type_name);
      const config = this.#object(request.config, dataSource.type) ?? {};
      const state = await dataSource.read(this.#client(), config);
      return { state: this.#encode(state, dataSource.type), diagnostics: [] };
    });
  }

  stopProvider(): Response {
    this.#stopping.abort(new Error('Terraform stopped the provider'));
    return { Error: '' };
  }

  #client(): ApiClient {
    if (!this.#api) {
      throw new DiagnosticsError([
        errorDiagnostic(
          'Provider not configured',
          'ConfigureProvider did not succeed; see the earlier diagnostics.',
        ),
      ]);
    }
    return this.#api;
  }

  #resource(typeName: string | undefined): ManagedResource {
    const resource = this.resources.get(typeName ?? '');
    if (!resource) throw new DiagnosticsError([errorDiagnostic(`Unknown resource type ${typeName}`)]);
    return resource;
  }

  #dataSource(typeName: string | undefined): DataSource | ViewDataSource {
    const dataSource = this.dataSources.get(typeName ?? '');
    if (!dataSource) throw new DiagnosticsError([errorDiagnostic(`Unknown data source ${typeName}`)]);
    return dataSource;
  }

  #object(dynamic: DynamicValue | undefined, type: CtyType): ObjectValue | null {
    const value: Value = decodeDynamic(dynamic, type);
    if (value === null) return null;
    if (!isObjectValue(value)) throw new DiagnosticsError([errorDiagnostic('Expected an object value')]);
    return value;
  }

  #encode(value: Value, type: CtyType): DynamicValue {
    return { msgpack: Buffer.from(encodeMsgpack(value, type)) };
  }

  #guard(run: () => Response): Response {
    try {
      return run();
    } catch (error) {
      return { diagnostics: this.#diagnostics(error) };
    }
  }

  async #guardAsync(run: () => Promise<Response>): Promise<Response> {
    try {
      return await run();
    } catch (error) {
      return { diagnostics: this.#diagnostics(error) };
    }
  }

  #diagnostics(error: unknown): Diagnostic[] {
    if (error instanceof DiagnosticsError) return error.diagnostics;
    const message = error instanceof Error ? error.message : String(error);
    this.#options.log?.(`internal error: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return [errorDiagnostic('Internal provider error', message)];
  }
}

export function decodeDynamic(dynamic: DynamicValue | undefined, type: CtyType): Value {
  if (!dynamic) return null;
  if (dynamic.msgpack && dynamic.msgpack.length > 0) return decodeMsgpack(dynamic.msgpack, type);
  if (dynamic.json && dynamic.json.length > 0) return decodeJson(dynamic.json, type);
  return null;
}
