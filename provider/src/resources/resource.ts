/**
 * One managed resource type, driven entirely by its model: plan, apply (create, update by PUT, delete, with
 * If-Match), read (404 = gone), import (by id or `<lookup>=<value>`) and state upgrade.
 */
import { type ApiClient, ApiError } from '../client/api-client.js';
import { decodeJson } from '../codec/msgpack.js';
import { type CtyType, isObjectValue, type ObjectValue } from '../codec/value.js';
import type { AttributeModel, JsonValue, ResourceModel } from '../model/types.js';
import { DiagnosticsError, errorDiagnostic, fail } from '../protocol/diagnostics.js';
import type { Diagnostic } from '../protocol/messages.js';
import { objectType } from '../schema/terraform.js';
import { apiDiagnostics, isGone } from './api-diagnostics.js';
import { findOne } from './lookup.js';
import {
  droppedWriteOnly,
  fromApiObject,
  isConfigurable,
  movesWriteOnly,
  resendsWriteOnly,
  toApiObject,
  toMergePatch,
  typedEqual,
} from './mapper.js';
import {
  applyResult,
  decodePrivate,
  encodePrivate,
  ifMatchOf,
  type PlanResult,
  planResource,
  readResult,
} from './plan.js';
import { validateObject } from './validate.js';

export interface StateWithPrivate {
  state: ObjectValue | null;
  private: Buffer;
}

export class ManagedResource {
  readonly model: ResourceModel;
  readonly type: CtyType;

  constructor(model: ResourceModel) {
    // Updates send what changed as a merge patch where the API takes one; otherwise, and when a write-only
    // value is to be sent again, the planned object whole, replacing it (write-only inputs included).
    const update = model.operations.update;
    if (update !== undefined && update.method !== 'put') {
      throw new Error(
        `${model.terraformType}: the update operation ${update.operationId} is ${update.method.toUpperCase()}; the provider replaces with PUT.`,
      );
    }
    this.model = model;
    this.type = objectType(model.attributes);
  }

  get attributes(): readonly AttributeModel[] {
    return this.model.attributes;
  }

  validate(config: ObjectValue): Diagnostic[] {
    return validateObject(this.attributes, config);
  }

  plan(
    prior: ObjectValue | null,
    proposed: ObjectValue | null,
    config: ObjectValue | null,
    priorPrivate?: Buffer,
  ): PlanResult {
    return planResource(this.model, prior, proposed, config, {
      imported: decodePrivate(priorPrivate).imported === true,
    });
  }

  async apply(
    api: ApiClient,
    prior: ObjectValue | null,
    planned: ObjectValue | null,
    config: ObjectValue | null,
    plannedPrivate: Buffer | undefined,
  ): Promise<StateWithPrivate> {
    const privateState = decodePrivate(plannedPrivate);
    if (planned === null) {
      if (prior !== null) await this.#delete(api, prior, ifMatchOf(privateState, prior));
      return { state: null, private: Buffer.alloc(0) };
    }
    const body = this.#body(planned, config);
    if (prior === null) {
      const response = await this.#call(
        'create',
        () => api.request(this.model.operations.create, { body }),
        (error) => this.#conflictHint(error, planned),
      );
      const fromApi = fromApiObject(this.attributes, response.body);
      return {
        state: applyResult(this.attributes, planned, fromApi, null),
        private: encodePrivate({ etag: response.etag }),
      };
    }
    // a changed `<name>_version` sends the write-only values again: a replacement (a merge patch would add
    // a map's new entries to the ones the gateway holds), as does a new destination of one the
    // configuration gives (never a stored one's), and a JSON document with `null` members (a merge
    // patch's `null` removes). Any other change is a merge patch, where the API takes one: the write-only
    // values stay as the gateway holds them
    const { patch, update: replace } = this.model.operations;
    const merge =
      patch !== undefined &&
      !resendsWriteOnly(this.attributes, planned, prior) &&
      !movesWriteOnly(this.attributes, planned, prior, config ?? {})
        ? toMergePatch(this.attributes, planned, prior)
        : undefined;
    const update = merge !== undefined ? patch : replace;
    if (!update)
      fail(`${this.model.terraformType} cannot be updated in place`, 'The API has no update operation.');
    if (merge === undefined) {
      const dropped = droppedWriteOnly(this.attributes, planned, prior, config ?? {});
      if (dropped.length > 0)
        fail(
          `${this.model.terraformType} would lose ${dropped.join(', ')}`,
          `A replacement (a changed \`_version\`, a new object holding a write-only value, a JSON document with null members) sends every write-only value of the configuration again, and the gateway keeps none it is not sent. Give ${dropped.join(', ')} in the configuration with this change (its version unchanged), or set it to a new value and change its \`_version\`.`,
        );
    }
    const id = this.#id(prior);
    const changes = merge ?? body;
    const response = await this.#call(
      'update',
      async () => {
        const send = (ifMatch: string | undefined) =>
          api.request(update, { pathParameters: { id }, body: changes, ifMatch });
        try {
          return await send(ifMatchOf(privateState, prior));
        } catch (error) {
          const current = await this.#onlyVolatileChanged(api, id, prior, error);
          if (current === undefined) throw error;
          return send(current);
        }
      },
      (error) =>
        this.#importedSecretHint(error, privateState.imported === true) || this.#secretsFollowHint(error),
    );
    const fromApi = fromApiObject(this.attributes, response.body);
    return {
      state: applyResult(this.attributes, planned, fromApi, prior),
      private: encodePrivate({ etag: response.etag }),
    };
  }

  async read(
    api: ApiClient,
    current: ObjectValue | null,
    currentPrivate: Buffer | undefined,
  ): Promise<StateWithPrivate> {
    if (current === null) return { state: null, private: currentPrivate ?? Buffer.alloc(0) };
    const id = this.#id(current);
    try {
      const response = await api.request(this.model.operations.read, { pathParameters: { id } });
      const returned = new Set(Object.keys((response.body ?? {}) as object));
      const fromApi = fromApiObject(this.attributes, response.body);
      return {
        state: readResult(this.attributes, fromApi, current, returned),
        private: encodePrivate({ ...decodePrivate(currentPrivate), etag: response.etag }),
      };
    } catch (error) {
      if (isGone(error)) return { state: null, private: Buffer.alloc(0) };
      throw new DiagnosticsError(
        apiDiagnostics(error, `read ${this.model.terraformType} ${id}`, this.attributes),
      );
    }
  }

  /** Private state of an imported object: marks it until its first apply (see planResource). */
  static readonly importedPrivate: Buffer = encodePrivate({ imported: true });

  /** `terraform import` id: the object id, or `<lookup attribute>=<value>` (e.g. `name=everything`). */
  async import(api: ApiClient, importId: string): Promise<ObjectValue> {
    const match = /^([a-z_][a-z0-9_]*)=(.*)$/s.exec(importId);
    const lookup = match ? this.model.lookup.find((l) => l.attribute === match[1]) : undefined;
    let id = importId;
    if (match && lookup) {
      const found = await findOne(api, this.model, { [lookup.attribute]: match[2] ?? '' });
      id = String((found as Record<string, unknown>)[this.#idApiName()]);
    } else if (importId.trim() === '') {
      fail(
        'Invalid import id',
        `Use the ${this.model.idAttribute} of the object${this.#alternativesHint()}.`,
      );
    }
    const state: ObjectValue = {};
    for (const attribute of this.attributes) state[attribute.name] = null;
    state[this.model.idAttribute] = id;
    return state;
  }

  /** Stored JSON state → the current schema (unknown attributes dropped, missing ones null). */
  upgrade(rawJson: Buffer | undefined, version: number): ObjectValue {
    if (version > this.model.schemaVersion) {
      fail(
        'State written by a newer provider',
        `The state of this ${this.model.terraformType} has schema version ${version}; this provider knows up to ${this.model.schemaVersion}. Upgrade the provider.`,
      );
    }
    if (!rawJson || rawJson.length === 0) fail('Cannot upgrade state', 'Only JSON state is supported.');
    const state = decodeJson(rawJson, this.type);
    if (!isObjectValue(state)) fail('Cannot upgrade state', 'The stored state is not an object.');
    return state;
  }

  /**
   * After a 412: the object's current ETag when what changed since Terraform read it is only what the
   * gateway itself keeps up to date (volatile attributes: a registry's last sync), so the write goes on;
   * undefined when someone changed its configuration (the 412 stands).
   */
  async #onlyVolatileChanged(
    api: ApiClient,
    id: string,
    prior: ObjectValue,
    error: unknown,
  ): Promise<string | undefined> {
    if (!(error instanceof ApiError) || error.status !== 412) return undefined;
    const response = await api.request(this.model.operations.read, { pathParameters: { id } });
    // as a refresh would read it: what only the configuration knows (a nested secret's version, a
    // document as written) taken from the prior state, so that only the API's changes count
    const returned = new Set(Object.keys((response.body ?? {}) as object));
    const current = readResult(
      this.attributes,
      fromApiObject(this.attributes, response.body),
      prior,
      returned,
    );
    const same = this.attributes.every(
      (a) =>
        !isConfigurable(a) ||
        a.apiName === null ||
        a.writeOnly ||
        a.volatile ||
        typedEqual(a.type, prior[a.name], current[a.name]),
    );
    return same ? response.etag : undefined;
  }

  async #delete(api: ApiClient, prior: ObjectValue, ifMatch: string | undefined): Promise<void> {
    const id = this.#id(prior);
    try {
      try {
        await api.request(this.model.operations.delete, { pathParameters: { id }, ifMatch });
      } catch (error) {
        const current = await this.#onlyVolatileChanged(api, id, prior, error);
        if (current === undefined) throw error;
        await api.request(this.model.operations.delete, { pathParameters: { id }, ifMatch: current });
      }
    } catch (error) {
      if (isGone(error)) return;
      throw new DiagnosticsError(
        apiDiagnostics(error, `delete ${this.model.terraformType} ${id}`, this.attributes),
      );
    }
  }

  #body(planned: ObjectValue, config: ObjectValue | null): Record<string, JsonValue> {
    return toApiObject(this.attributes, planned, config);
  }

  async #call<T>(action: string, run: () => Promise<T>, hint?: (error: unknown) => string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const diagnostics = apiDiagnostics(error, `${action} ${this.model.terraformType}`, this.attributes);
      const extra = hint?.(error);
      if (extra)
        for (const diagnostic of diagnostics) diagnostic.detail = `${diagnostic.detail ?? ''}\n\n${extra}`;
      throw new DiagnosticsError(diagnostics);
    }
  }

  /**
   * On an imported object's first apply, a secret the API refuses as immutable is a new one: the state
   * could not tell it from the one kept (an import brings no secret), so it was sent to be checked in
   * place. A new secret needs a new object.
   */
  #importedSecretHint(error: unknown, imported: boolean): string {
    if (!imported || !(error instanceof ApiError) || error.status !== 400) return '';
    const immutable = (error.problem?.errors ?? []).filter((e) => /immutable/.test(e.detail ?? ''));
    const secrets = this.attributes.filter((a) => a.writeOnly && a.immutable && a.apiName !== null);
    if (!immutable.some((e) => secrets.some((a) => e.pointer === `/${a.apiName}`))) return '';
    return 'This object was imported, so its secret was sent to be checked, and it is not the one the gateway keeps. To replace the object with one holding the new secret, run terraform apply -replace=<address>.';
  }

  /** A new destination (a server's `url`) is not given the stored write-only values: they are sent again. */
  #secretsFollowHint(error: unknown): string {
    if (!(error instanceof ApiError) || error.status !== 400) return '';
    const pointers = (error.problem?.errors ?? [])
      .filter((e) => /do not follow to a new destination/.test(e.detail ?? ''))
      .map((e) => e.pointer ?? '');
    // write-only attributes at any depth (a server's `credentials.client_secret`), by their API pointer
    const writeOnly = (attributes: readonly AttributeModel[], api: string, path: string): string[] =>
      attributes.flatMap((a) => {
        if (a.apiName === null) return [];
        const pointer = `${api}/${a.apiName}`;
        const name = path === '' ? a.name : `${path}.${a.name}`;
        if (a.writeOnly) return pointers.some((p) => p.startsWith(pointer)) ? [`${name}_version`] : [];
        return a.type.kind === 'object' ? writeOnly(a.type.attributes, pointer, name) : [];
      });
    const versions = writeOnly(this.attributes, '', '');
    if (pointers.length === 0) return '';
    return `Write-only values are sent only when their version changes: change ${versions.length > 0 ? versions.join(', ') : 'the `_version` of each value named above'} as well, so that the new destination is given them.`;
  }

  /** On a create conflict, how to adopt the existing object instead. */
  #conflictHint(error: unknown, planned: ObjectValue): string {
    // only a name another object holds: a concurrent change or a reference being deleted is no object
    if (!(error instanceof ApiError) || error.status !== 409 || error.problem?.code !== 'already_exists')
      return '';
    const lookup = this.model.lookup.find((l) => typeof planned[l.attribute] === 'string');
    if (!lookup) return '';
    const id = `${lookup.attribute}=${String(planned[lookup.attribute])}`;
    return `To manage the existing object with Terraform, import it: terraform import <address> ${id} (or an import block with id = "${id}").`;
  }

  #id(state: ObjectValue): string {
    const id = state[this.model.idAttribute];
    if (typeof id !== 'string' || id === '') {
      throw new DiagnosticsError([
        errorDiagnostic(`${this.model.terraformType} has no ${this.model.idAttribute} in state`, '', [
          this.model.idAttribute,
        ]),
      ]);
    }
    return id;
  }

  #idApiName(): string {
    return this.attributes.find((a) => a.name === this.model.idAttribute)?.apiName ?? this.model.idAttribute;
  }

  #alternativesHint(): string {
    const alternatives = this.model.importId.alternatives;
    return alternatives.length === 0 ? '' : `, or ${alternatives.map((a) => `"${a}"`).join(' / ')}`;
  }
}
