/**
 * The tfplugin6 messages as @grpc/proto-loader hands them over (`keepCase`, enums as names, int64 as
 * numbers, bytes as Buffers). Only the fields this provider reads or writes are typed.
 */

export interface DynamicValue {
  msgpack?: Buffer | Uint8Array;
  json?: Buffer | Uint8Array;
}

export type AttributePathStep =
  | { attribute_name: string }
  | { element_key_string: string }
  | { element_key_int: number };

export interface AttributePath {
  steps: AttributePathStep[];
}

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

export type StringKind = 'PLAIN' | 'MARKDOWN';

export interface SchemaAttribute {
  name: string;
  type?: Buffer;
  nested_type?: SchemaObject;
  description: string;
  description_kind: StringKind;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  write_only: boolean;
  deprecated?: boolean;
}

export interface SchemaObject {
  attributes: SchemaAttribute[];
  nesting: 'SINGLE' | 'LIST' | 'SET' | 'MAP';
}

export interface SchemaBlock {
  version: number;
  attributes: SchemaAttribute[];
  block_types: never[];
  description: string;
  description_kind: StringKind;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

export interface ClientCapabilities {
  deferral_allowed?: boolean;
  write_only_attributes_allowed?: boolean;
}

export interface RawState {
  json?: Buffer;
  flatmap?: Record<string, string>;
}

export interface ValidateConfigRequest {
  type_name?: string;
  config?: DynamicValue;
  /** Sent by Terraform 1.11 and later (resources only). */
  client_capabilities?: ClientCapabilities;
}

export interface ConfigureProviderRequest {
  terraform_version: string;
  config?: DynamicValue;
}

export interface UpgradeResourceStateRequest {
  type_name: string;
  version: number;
  raw_state?: RawState;
}

export interface ReadResourceRequest {
  type_name: string;
  current_state?: DynamicValue;
  private?: Buffer;
}

export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state?: DynamicValue;
  proposed_new_state?: DynamicValue;
  config?: DynamicValue;
  prior_private?: Buffer;
}

export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state?: DynamicValue;
  planned_state?: DynamicValue;
  config?: DynamicValue;
  planned_private?: Buffer;
}

export interface ImportResourceStateRequest {
  type_name: string;
  id: string;
}

export interface ReadDataSourceRequest {
  type_name: string;
  config?: DynamicValue;
}
