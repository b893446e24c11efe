/**
 * The resource model: what `openapi/generators/resource-model.mjs` derives from the OpenAPI spec and
 * commits as `provider/src/generated/resource-model.{json,ts}`. It is the contract between the API and every
 * config-as-code front end (this Terraform provider, CDKTF bindings, Pulumi dynamic resources): plain
 * JSON, no Terraform-specific encoding beyond attribute names.
 */

export type JsonValue = null | string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

export type ValueType =
  | { kind: 'string' }
  | { kind: 'number'; integer: boolean }
  | { kind: 'bool' }
  /** Free-form JSON, carried in Terraform as a JSON-encoded string. */
  | { kind: 'json' }
  | { kind: 'list'; element: ValueType }
  | { kind: 'set'; element: ValueType }
  | { kind: 'map'; element: ValueType }
  | { kind: 'object'; attributes: AttributeModel[] };

export interface Validation {
  enum?: JsonValue[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
  minItems?: number;
  maxItems?: number;
  /** A list's entries are all different (a set's are anyway). */
  uniqueItems?: boolean;
  /** What each item of a list or set, or value of a map, must be (scalars; objects have attributes). */
  element?: Validation;
  /** What each key of a map must be (`propertyNames`). */
  keys?: Validation;
}

export interface AttributeModel {
  /** snake_case name used by Terraform (and CDKTF/Pulumi inputs). */
  name: string;
  /** The property in the API's JSON; null for attributes that exist only on the config-as-code side. */
  apiName: string | null;
  description: string;
  type: ValueType;
  /** Must be set in configuration. */
  required: boolean;
  /** May be set in configuration. */
  optional: boolean;
  /** The API decides the value (readOnly), or supplies a default when it is not set. */
  computed: boolean;
  /** Never shown in plans and logs. */
  sensitive: boolean;
  /** An input never returned by the API and never stored in state (Terraform write-only). */
  writeOnly: boolean;
  /** Changing it replaces the object. */
  immutable: boolean;
  /** A computed value that changes on every update (version, updatedAt). */
  volatile: boolean;
  /** Returned only when the object is created (readOnly and sensitive, e.g. a generated secret). */
  createOnly: boolean;
  /** For `<attr>_version` companions: the write-only attribute whose new value this triggers sending. */
  triggersWriteOnly?: string;
  default?: JsonValue;
  validation?: Validation;
  /** Groups of values: a change within one is made in place, one across them replaces the object. */
  replaceAcross?: JsonValue[][];
  /** An empty list means none where an unset one means every one: the two are never the same value. */
  emptyDiffers?: boolean;
  /**
   * A write-only value's: the attributes holding where the resource sends it (`url`, ...). A change of
   * one must send the value again: the API never takes a stored value to a new destination.
   */
  destinations?: string[];
}

export interface OperationModel {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Path template, e.g. `/v1/servers/{id}`. */
  path: string;
}

export interface LookupModel {
  /** The Terraform attribute. */
  attribute: string;
  apiName: string;
  /** The list operation's query parameter filtering by it, when there is one. */
  queryParameter: string | null;
}

export interface ResourceModel {
  /** Resource type without prefix, e.g. `server`. */
  type: string;
  /** e.g. `mcpgateway_server`. */
  terraformType: string;
  /** The OpenAPI schema name, e.g. `Server`. */
  schema: string;
  plural: string;
  path: string;
  description: string;
  /** Bumped when a stored state needs an upgrade. */
  schemaVersion: number;
  idAttribute: string;
  operations: {
    create: OperationModel;
    read: OperationModel;
    update?: OperationModel;
    /** A JSON merge patch of the same object (RFC 7396): what updates use when there is one. */
    patch?: OperationModel;
    delete: OperationModel;
    list?: OperationModel;
  };
  lookup: LookupModel[];
  /** How an existing object is named in `terraform import` / `import {}`. */
  importId: { attribute: string; alternatives: string[] };
  attributes: AttributeModel[];
}

/** An input of a view: an attribute that fills a path parameter of its operation. */
export interface ViewInputModel extends AttributeModel {
  pathParameter: string;
}

/** A read-only view of the API (no resource behind it): a data source only, e.g. a server's tool pins. */
export interface ViewModel {
  type: string;
  terraformType: string;
  description: string;
  operation: OperationModel;
  inputs: ViewInputModel[];
  /** What the view answers, all computed. */
  attributes: AttributeModel[];
}

export interface ProviderModel {
  name: string;
  typePrefix: string;
  apiVersion: string;
  resources: ResourceModel[];
  views: ViewModel[];
}
