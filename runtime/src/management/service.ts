/**
 * CRUD for every resource of the spec, driven by its `x-mcpgateway-resource` annotation and property
 * annotations (readOnly, writeOnly, immutable). What differs between resources lives in small hooks.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { openResource, SealedFieldUnopened, sealFields, withFields } from '../config/sealed-fields.js';
import { type Clock, systemClock } from '../core/clock.js';
import { type FieldError, GatewayError } from '../core/errors.js';
import { isObject } from '../core/json-object.js';
import {
  claimPartition,
  hasSealedFields,
  newId,
  readResource,
  readResourceByUnique,
  resourceFromItem,
  resourcePartition,
  type StoredResource,
} from '../store/config-items.js';
import { cursorAfter, decodeCursor } from '../store/cursor.js';
import { ConditionFailedError, queryAll, type StateStore, type StoredItem } from '../store/port.js';
import type { ResealReport, Sealer } from '../vault/sealer.js';
import type { UpstreamRevocations } from '../vault/upstream-oauth.js';
import type { ResourceModel } from './model.js';
import { type ClaimRequest, claim, claimVersion, releaseClaim } from './storage.js';
import { type SpecValidator, specValidator } from './validation.js';

export type Json = Record<string, unknown>;

export interface HookContext {
  store: StateStore;
  clock: Clock;
  service: ResourceService;
  model: ResourceModel;
  /** {@link ResourceServiceOptions.forgetServerTokens}. */
  forgetServerTokens?: ForgetServerTokens;
}

/**
 * Forgets the token vault's tokens of a deleted server (its stored item), having asked the authorization
 * server that issued them to revoke them: what became of them there.
 */
export type ForgetServerTokens = (serverId: string, item: StoredItem) => Promise<UpstreamRevocations>;

export interface CreatePreparation {
  /** Extra attributes of the stored item (beside `data`), e.g. a secret's hash. */
  stored?: Record<string, unknown>;
  /** Extra fields of the create response only, e.g. a generated secret. */
  response?: Record<string, unknown>;
  /** Undoes side effects when the create fails afterwards. */
  undo?: () => Promise<void>;
}

/** Resource-specific rules. Every hook is optional. */
export interface ResourceHooks {
  /** Prefix of generated ids; defaults to the resource type. */
  idPrefix?: string;
  /** Checks beyond the schema, on the complete new state; answers field errors (empty when fine). */
  validate?(ctx: HookContext, value: Json, current: StoredResource | undefined): Promise<FieldError[]>;
  /**
   * Runs after validation and before the first write of a create; may set read-only fields on `value`
   * and take out fields kept elsewhere (an api key's secret, stored only as a hash).
   */
  prepareCreate?(ctx: HookContext, value: Json, id: string): Promise<CreatePreparation | undefined>;
  /**
   * Runs once per replace (on the new state) and patch (on the immutable fields the patch carries; fields
   * kept elsewhere are immutable), before the immutable check, with the stored item: takes out of `value`
   * the fields `prepareCreate` keeps elsewhere, answering field errors when they do not match what is kept.
   */
  prepareUpdate?(ctx: HookContext, value: Json, item: StoredItem): Promise<FieldError[]>;
  /**
   * Applies a patch to the stored state where RFC 7396 alone would be wrong (a value replaced whole, one
   * field that replaces another); `merged` is the RFC 7396 result, changed in place.
   */
  afterMerge?(merged: Json, patch: Json): void;
  /** Sets read-only fields that follow from a change (`next` is the state about to be written). */
  deriveUpdate?(next: Json, current: StoredResource, now: string): void;
  /** Adds read-only fields kept apart from the resource item (e.g. an api key's last use) to answers. */
  decorate?(ctx: HookContext, bodies: Json[]): Promise<void>;
  /**
   * The resources `value` names that must exist while it does (a policy's teams, a server's webhooks):
   * a write naming one and that one's delete at once never both succeed (see `holdReferences`).
   */
  references?(value: Json): Reference[];
  /** Throws (e.g. 409) to refuse a delete. */
  beforeDelete?(ctx: HookContext, current: StoredResource): Promise<void>;
  /** Cleans up after the resource item is gone; may answer what the deletion's audit event tells. */
  afterDelete?(ctx: HookContext, item: StoredItem): Promise<Record<string, unknown> | undefined>;
}

/** A resource named by another, by its type and name. */
export interface Reference {
  type: string;
  name: string;
  /** Whether the resource found by the name is the one meant (of the namer's workspace, say). */
  is?(found: Json): boolean;
}

/**
 * Marks of writes and deletes under way (see `holdReferences`): a write naming a resource marks it in
 * `naming`, a delete marks its resource in `deleting`, each before it looks for the other's marks. Marks
 * lapse by themselves should their process stop.
 */
const MARKS = { naming: 'refs#naming', deleting: 'refs#deleting' } as const;
const MARK_SECONDS = 300;
const markPrefix = ({ type, name }: Pick<Reference, 'type' | 'name'>) => `${type}#${name}#`;

export interface Written {
  /** The representation to answer: write-only fields removed. */
  body: Json;
  version: number;
  /** The resource as stored, write-only fields removed (without what only the answer carries). */
  record: Json;
  /** The same view of what it replaced (updates). */
  previous?: Json;
  /** An update that changed nothing: nothing was written. */
  unchanged?: boolean;
  /** The write-only values an update changed (JSON pointers): what its record cannot show. */
  writeOnlyChanged?: string[];
}

export interface ListOptions {
  limit: number;
  cursor?: string;
  filters: Record<string, string>;
}

export interface ListResult {
  items: Json[];
  nextCursor?: string;
}

/** Store round trips one filtered list page may spend before answering a short page with a cursor. */
const maxFilteredQueries = 10;
/**
 * A list page ends early, with a cursor, once its items make this many bytes of JSON: a page of large
 * resources (servers with an inline OpenAPI document) stays within what every host answers (Lambda: 6 MB).
 */
export const MAX_PAGE_BYTES = 1_000_000;

/** A resource type in words (`api_key` → `api key`), and with its article (`An api key`). */
const kindOf = (type: string) => type.replaceAll('_', ' ');
const aKindOf = (type: string) => `${/^[aeiou]/.test(type) ? 'An' : 'A'} ${kindOf(type)}`;

const validationFailed = (errors: FieldError[]) =>
  new GatewayError('validation_failed', 'The request body is not valid.', { errors });

/** Removes `path` from `target`, copying the objects along it (stored resources are shared). */
function withoutPath(target: Json, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in target)) return;
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const child = target[head];
  if (!isObject(child)) return;
  const copy = { ...child };
  target[head] = copy;
  withoutPath(copy, rest);
}

/** The value at `path`: undefined when absent, null when a patch removes it (or a block holding it). */
function valueAt(path: readonly string[], from: unknown): unknown {
  let value = from;
  for (const step of path) {
    if (value === null) return null;
    if (!isObject(value) || !(step in value)) return undefined;
    value = value[step];
  }
  return value;
}

const writeOnlyPaths = (model: ResourceModel): (readonly string[])[] => [
  ...[...model.writeOnly].map((name) => [name]),
  ...model.nestedWriteOnly,
];

/** RFC 7396 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Json = isObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else
      Object.defineProperty(result, name, {
        value: mergePatch(result[name], value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return result;
}

/**
 * Parses `If-Match`: undefined when absent, `'*'` for any, otherwise the versions listed. Our ETags are
 * strong (`"<version>"`); weak tags never match (RFC 9110 strong comparison). An empty value lists no tag,
 * so nothing matches it: a client whose ETag variable came out empty gets a 412, not a blind overwrite.
 */
export function parseIfMatch(value: string | undefined): '*' | number[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '*') return '*';
  const versions: number[] = [];
  for (const tag of value.split(',')) {
    // compared as strings are (RFC 9110): "01" is no tag of version 1
    const match = /^\s*"(0|[1-9]\d{0,14})"\s*$/.exec(tag);
    if (match?.[1] !== undefined) versions.push(Number(match[1]));
  }
  return versions;
}

export const etag = (version: number): string => `"${version}"`;

export interface ResourceServiceOptions {
  store: StateStore;
  clock?: Clock;
  hooks?: Record<string, ResourceHooks>;
  validator?: SpecValidator;
  /** Seals write-only fields at rest (see config/sealed-fields.ts); they stay in the clear without one. */
  sealer?: Sealer | undefined;
  /** Without it a deleted server's vault tokens are forgotten, not revoked. */
  forgetServerTokens?: ForgetServerTokens | undefined;
}

/**
 * A write that lost to another's: 412 when the client made it conditional on a version (`If-Match`), as
 * HTTP ties 412 to a request's own preconditions; a 409 conflict otherwise.
 */
export function changedConcurrently(ifMatch: string | undefined): GatewayError {
  // `If-Match: *` asks only that the resource exist, which it still does
  return ifMatch === undefined || ifMatch.trim() === '*'
    ? new GatewayError('conflict', 'The resource was changed concurrently; read it again and retry.')
    : new GatewayError('precondition_failed', 'The resource was changed concurrently; read it again.');
}

const missing = (model: ResourceModel, id: string) =>
  new GatewayError('not_found', `No ${model.annotation.type} has the id ${id}.`);

export class ResourceService {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly validator: SpecValidator;
  private readonly hooks: Record<string, ResourceHooks>;
  private readonly sealer: Sealer | undefined;
  private readonly forgetServerTokens: ForgetServerTokens | undefined;
  private readonly byType = new Map<string, ResourceModel>();

  constructor(options: ResourceServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.validator = options.validator ?? specValidator();
    this.hooks = options.hooks ?? {};
    this.sealer = options.sealer;
    this.forgetServerTokens = options.forgetServerTokens;
    for (const model of this.validator.models) this.byType.set(model.annotation.type, model);
  }

  get models(): readonly ResourceModel[] {
    return this.validator.models;
  }

  model(type: string): ResourceModel {
    const model = this.byType.get(type);
    if (model === undefined) throw new Error(`unknown resource type ${type}`);
    return model;
  }

  context(model: ResourceModel): HookContext {
    return {
      store: this.store,
      clock: this.clock,
      service: this,
      model,
      ...(this.forgetServerTokens !== undefined ? { forgetServerTokens: this.forgetServerTokens } : {}),
    };
  }

  /**
   * Before a write naming `references`: marks each as being named, then makes sure none is being deleted
   * and each is still there (of its workspace); answers how to take the marks away once the write is done.
   * A delete marks its resource as going, then refuses while a write names it (see `delete`). Of a write
   * and a delete at once, the one that looks second sees the other's mark, or, once the write is done,
   * the delete's scan finds the resource it wrote: they never both succeed, and nothing is undone.
   */
  private async holdReferences(references: Reference[]): Promise<() => Promise<void>> {
    const marks = references.map((reference) => ({
      pk: MARKS.naming,
      sk: `${markPrefix(reference)}${randomUUID()}`,
    }));
    const release = async () => {
      await Promise.all(marks.map((m) => this.store.delete(m.pk, m.sk).catch(() => undefined)));
    };
    const expiresAt = Math.ceil(this.clock.now() / 1000) + MARK_SECONDS;
    try {
      for (const mark of marks) await this.store.put({ ...mark, expiresAt });
      for (const reference of references) {
        const kind = kindOf(reference.type);
        if (await this.marked(MARKS.deleting, reference))
          throw new GatewayError(
            'conflict',
            `The ${kind} ${JSON.stringify(reference.name)} this names is being deleted; try again.`,
          );
        const found = await this.findByUnique(reference.type, 'name', reference.name);
        if (found === undefined || reference.is?.(found) === false)
          throw new GatewayError(
            'conflict',
            `The ${kind} ${JSON.stringify(reference.name)} this names is gone; read it again.`,
          );
      }
    } catch (error) {
      await release();
      throw error;
    }
    return release;
  }

  /** Whether a write or delete under way marked `reference` in `partition`. */
  private async marked(partition: string, reference: Pick<Reference, 'type' | 'name'>): Promise<boolean> {
    return (
      (await this.store.query(partition, { skPrefix: markPrefix(reference), limit: 1 })).items.length > 0
    );
  }

  private referencesOf(model: ResourceModel, value: Json): Reference[] {
    return this.hooksOf(model).references?.(value) ?? [];
  }

  private hooksOf(model: ResourceModel): ResourceHooks {
    return this.hooks[model.annotation.type] ?? {};
  }

  /** The client's view: write-only fields removed, nested ones included. */
  present(model: ResourceModel, resource: StoredResource): Json {
    const body: Json = {};
    for (const [name, value] of Object.entries(resource)) if (!model.writeOnly.has(name)) body[name] = value;
    for (const path of model.nestedWriteOnly) withoutPath(body, path);
    return body;
  }

  /**
   * The stored resource holding a unique value, e.g. a server by name. Write-only fields sealed at rest
   * are left out unless `secrets` asks for them: only what uses them opens them (an opening may cost a
   * KMS call, and a resource this gateway cannot open must not stop others naming it).
   */
  async findByUnique(
    type: string,
    attribute: string,
    value: string,
    secrets = false,
  ): Promise<StoredResource | undefined> {
    const item = await readResourceByUnique(this.store, type, attribute, value);
    if (item === undefined) return undefined;
    return secrets ? this.open(item) : resourceFromItem(item);
  }

  /** The stored resource of this id with its sealed write-only fields opened, for what uses them. */
  async getOpened(type: string, id: string): Promise<StoredResource> {
    return (await this.load(this.model(type), id)).current;
  }

  async get(type: string, id: string): Promise<Written> {
    const model = this.model(type);
    // write-only fields are never shown, so nothing sealed needs opening
    const { current } = await this.load(model, id, false);
    const body = this.present(model, current);
    const record = { ...body };
    await this.hooksOf(model).decorate?.(this.context(model), [body]);
    return { body, record, version: current.version };
  }

  /** The stored item and the resource it holds (sealed fields opened); 404 when there is none. */
  private async load(
    model: ResourceModel,
    id: string,
    opened = true,
  ): Promise<{ item: StoredItem; current: StoredResource }> {
    const item = await readResource(this.store, model.annotation.type, id);
    if (item === undefined) throw missing(model, id);
    return { item, current: opened ? await this.open(item) : resourceFromItem(item) };
  }

  /**
   * The error of a write that lost to another: deleted meanwhile is 404 as it would have been a moment
   * later (a client deleting it treats that as done, a conflict as a failure), changed is a conflict.
   */
  private async lostTo(model: ResourceModel, item: StoredItem, ifMatch: string | undefined) {
    const now = await this.store.get(item.pk, item.sk, { consistent: true }).catch(() => item);
    return now === undefined ? missing(model, item.sk) : changedConcurrently(ifMatch);
  }

  /** A stored resource with its sealed fields opened; one this gateway cannot open is a clear 500. */
  private async open(item: StoredItem): Promise<StoredResource> {
    try {
      return await openResource(item, this.sealer);
    } catch (error) {
      if (!(error instanceof SealedFieldUnopened)) throw error;
      throw new GatewayError(
        'internal',
        `${error.message.replace(/; it is not served\.$/, '.')} Configure the sealing key it was written with (MCP_GATEWAY_VAULT_KEY, or the KMS key on AWS), or give the field again with PUT.`,
      );
    }
  }

  /**
   * Seals anew, under the current key, the write-only fields of every resource sealed with a previous
   * key (a rotation) or stored in the clear before a key was configured. A resource keeps its version
   * (nothing a client reads changed); one written meanwhile was sealed by that write.
   */
  async reseal(report: ResealReport, stopAt = Number.POSITIVE_INFINITY): Promise<void> {
    const sealer = this.sealer;
    if (sealer === undefined) throw new GatewayError('conflict', 'No sealing key is configured.');
    for (const model of this.models) {
      const paths = writeOnlyPaths(model);
      if (paths.length === 0) continue;
      const type = model.annotation.type;
      for (const item of await queryAll(this.store, resourcePartition(type))) {
        if (this.clock.now() >= stopAt) {
          report.complete = false;
          return;
        }
        const sealed = Object.values(hasSealedFields(item) ? (item['sealed'] as object) : {});
        const clear = paths.some((path) => valueAt(path, item['data']) != null);
        if (
          !clear &&
          !sealed.some((value) => typeof value !== 'string' || sealer.outdated?.(value) === true)
        ) {
          if (sealed.length > 0) report.current++;
          continue;
        }
        let resource: StoredResource;
        try {
          resource = await openResource(item, sealer);
        } catch (error) {
          if (!(error instanceof SealedFieldUnopened)) throw error;
          report.unopenable.push(`${type} ${item.sk}`);
          continue;
        }
        const { id, version: _version, ...data } = resource;
        const next = withFields(item, await this.fields(model, id, data));
        try {
          await this.store.put(next, { kind: 'version', version: item.version ?? 0 });
          report.sealed++;
        } catch (error) {
          if (!(error instanceof ConditionFailedError)) throw error;
          report.current++;
        }
      }
    }
  }

  /** The item attributes holding a resource's fields, write-only ones sealed when there is a sealer. */
  private async fields(model: ResourceModel, id: string, data: Json) {
    return sealFields(this.sealer, model.annotation.type, id, data, writeOnlyPaths(model));
  }

  checkIfMatch(ifMatch: string | undefined, version: number): void {
    const expected = parseIfMatch(ifMatch);
    if (expected === undefined || expected === '*') return;
    if (!expected.includes(version)) {
      throw new GatewayError(
        'precondition_failed',
        ifMatch?.trim() === ''
          ? `If-Match names no ETag (the resource's is ${etag(version)}).`
          : `The resource has changed: its ETag is now ${etag(version)}.`,
      );
    }
  }

  private async runValidateHook(model: ResourceModel, value: Json, current: StoredResource | undefined) {
    const errors = (await this.hooksOf(model).validate?.(this.context(model), value, current)) ?? [];
    if (errors.length > 0) throw validationFailed(errors);
  }

  private uniqueValues(model: ResourceModel, value: Json): Map<string, string> {
    const values = new Map<string, string>();
    for (const attribute of model.annotation.lookup) {
      const current = value[attribute];
      if (typeof current === 'string') values.set(attribute, current);
    }
    return values;
  }

  private claimOf(model: ResourceModel, attribute: string, value: string, id: string): ClaimRequest {
    const type = model.annotation.type;
    return {
      pk: claimPartition(type, attribute),
      sk: value,
      id,
      holderType: type,
      holds: (holder) => resourceFromItem(holder)[attribute] === value,
      conflict: () =>
        new GatewayError(
          'already_exists',
          `${aKindOf(type)} with ${attribute} ${JSON.stringify(value)} already exists.`,
        ),
    };
  }

  /** Claims a unique value for `id`; 409 when a live resource holds it. */
  private async claim(model: ResourceModel, attribute: string, value: string, id: string): Promise<void> {
    await claim(this.store, this.clock, this.claimOf(model, attribute, value, id));
  }

  /** Releases a claim if `id` still holds it and its item does not. */
  private async release(
    model: ResourceModel,
    attribute: string,
    value: string,
    id: string,
    version?: number,
  ): Promise<void> {
    await releaseClaim(this.store, this.claimOf(model, attribute, value, id), version);
  }

  private async claimAll(model: ResourceModel, values: Map<string, string>, id: string): Promise<void> {
    const claimed: [string, string][] = [];
    try {
      for (const [attribute, value] of values) {
        await this.claim(model, attribute, value, id);
        claimed.push([attribute, value]);
      }
    } catch (error) {
      for (const [attribute, value] of claimed) await this.release(model, attribute, value, id);
      throw error;
    }
  }

  /** Creates a resource; `own` sets read-only fields the gateway itself decides (an import's origin). */
  async create(type: string, body: unknown, own: Json = {}): Promise<Written & { id: string }> {
    const model = this.model(type);
    const result = this.validator.validateBody(model, 'create', body);
    if (!result.ok) throw validationFailed(result.errors);
    const value = result.value;
    await this.runValidateHook(model, value, undefined);
    const hooks = this.hooksOf(model);
    const id = newId(hooks.idPrefix ?? type, this.clock);
    return this.insert(model, id, { ...value, ...own }, hooks);
  }

  /** Writes a new resource under a chosen id (creates, and bootstrap items such as the default workspace). */
  async insert(
    model: ResourceModel,
    id: string,
    value: Json,
    hooks: ResourceHooks = this.hooksOf(model),
  ): Promise<Written & { id: string }> {
    const now = new Date(this.clock.now()).toISOString();
    const unique = this.uniqueValues(model, value);
    await this.claimAll(model, unique, id);
    let releaseReferences: (() => Promise<void>) | undefined;
    let preparation: CreatePreparation | undefined;
    try {
      preparation = await hooks.prepareCreate?.(this.context(model), value, id);
      const data: Json = { createdAt: now, updatedAt: now, ...value };
      const item = withFields(
        { pk: resourcePartition(model.annotation.type), sk: id, version: 1, ...preparation?.stored },
        await this.fields(model, id, data),
      );
      releaseReferences = await this.holdReferences(this.referencesOf(model, value));
      await this.store.put(item, { kind: 'absent' });
      const record = this.present(model, resourceFromItem(item));
      return { id, version: 1, record, body: { ...record, ...preparation?.response } };
    } catch (error) {
      await preparation?.undo?.().catch(() => undefined);
      for (const [attribute, value] of unique) await this.release(model, attribute, value, id);
      if (error instanceof ConditionFailedError) {
        throw new GatewayError(
          'already_exists',
          `${aKindOf(model.annotation.type)} with the id ${id} already exists.`,
        );
      }
      throw error;
    } finally {
      await releaseReferences?.();
    }
  }

  async replace(type: string, id: string, body: unknown, ifMatch?: string): Promise<Written> {
    const model = this.model(type);
    // a replacement gives every write-only field it keeps: the stored ones need no opening
    const { item, current } = await this.load(model, id, false);
    this.checkIfMatch(ifMatch, current.version);
    // An omitted immutable field keeps its value, so a default cannot masquerade as a change.
    const filled = isObject(body) ? { ...body } : body;
    if (isObject(filled)) {
      for (const name of model.immutable) {
        if (!(name in filled) && current[name] !== undefined) filled[name] = current[name];
      }
    }
    const result = this.validator.validateBody(model, 'replace', filled);
    if (!result.ok) throw validationFailed(result.errors);
    await this.checkUnchanged(model, item, current, result.value);
    return this.update(model, item, current, result.value, {}, ifMatch);
  }

  /** Changes some fields (a merge patch); `own` sets read-only fields the gateway itself decides. */
  async patch(type: string, id: string, body: unknown, ifMatch?: string, own: Json = {}): Promise<Written> {
    const model = this.model(type);
    const { item, current } = await this.load(model, id);
    this.checkIfMatch(ifMatch, current.version);
    const result = this.validator.validateBody(model, 'patch', body);
    if (!result.ok) throw validationFailed(result.errors);
    // Immutable fields the patch schema leaves out: accepted only when they keep their value.
    await this.checkUnchanged(model, item, current, result.immutable);
    const moved = this.checkSecretsFollow(model, current, result.value);
    const writable: Json = {};
    for (const [name, value] of Object.entries(current))
      if (!model.readOnly.has(name)) writable[name] = value;
    // to a new destination, the write-only values the patch gives replace the stored ones whole: a
    // header map merged would carry the stored headers the patch does not name along with it
    if (moved)
      for (const path of writeOnlyPaths(model))
        if (valueAt(path, result.value) != null) withoutPath(writable, path);
    // header names are one whatever their case: a patch's `authorization` replaces (or with null removes)
    // a stored `Authorization`, whose spelling the caller cannot read back
    for (const [name, given] of Object.entries(result.value))
      if (name === 'headers' && isObject(given) && isObject(writable[name])) {
        const stored = { ...(writable[name] as Json) };
        for (const key of Object.keys(given))
          for (const old of Object.keys(stored))
            if (old !== key && old.toLowerCase() === key.toLowerCase()) delete stored[old];
        writable[name] = stored;
      }
    const merged = mergePatch(writable, result.value) as Json;
    this.hooksOf(model).afterMerge?.(merged, result.value);
    const check = this.validator.validateBody(model, 'replace', merged);
    if (!check.ok) throw validationFailed(check.errors);
    return this.update(model, item, current, check.value, own, ifMatch);
  }

  /**
   * A patch that changes where the resource sends its write-only values (a server's `url`, a webhook's)
   * must give them again: stored secrets never follow to a destination their owner did not send them to.
   */
  private checkSecretsFollow(model: ResourceModel, current: StoredResource, patch: Json): boolean {
    // compared as the patch leaves them: a partial patch of an object holding a destination (a server's
    // `credentials`) moves nothing unless that destination changes
    const next = mergePatch(current, patch);
    const moved = model.destinations
      .filter((path) => !isDeepStrictEqual(valueAt(path, next), valueAt(path, current)))
      .map((path) => path.join('.'));
    if (moved.length === 0) return false;
    // a secret the patch gives, or removes (null), is no stored one following
    const missing = writeOnlyPaths(model).filter(
      (path) => valueAt(path, current) != null && valueAt(path, patch) === undefined,
    );
    if (missing.length === 0) return true;
    throw validationFailed(
      missing.map((path) => ({
        pointer: `/${path.map((step) => step.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
        detail: `must be given again with a change of ${moved.join(', ')}: stored secrets do not follow to a new destination`,
      })),
    );
  }

  private immutableChanges(model: ResourceModel, current: StoredResource, next: Json): FieldError[] {
    const errors: FieldError[] = [];
    for (const name of model.immutable) {
      if (!(name in next)) continue;
      if (!isDeepStrictEqual(next[name], current[name])) {
        errors.push({
          pointer: `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`,
          detail: 'is immutable: changing it requires replacing the resource',
        });
      }
    }
    return errors;
  }

  /**
   * Refuses changes to immutable fields and to fields kept elsewhere (the `prepareUpdate` hook, which
   * also takes those out of `value`), reporting all of them at once.
   */
  private async checkUnchanged(
    model: ResourceModel,
    item: StoredItem,
    current: StoredResource,
    value: Json,
  ): Promise<void> {
    const errors = [
      ...((await this.hooksOf(model).prepareUpdate?.(this.context(model), value, item)) ?? []),
      ...this.immutableChanges(model, current, value),
    ];
    if (errors.length > 0) throw validationFailed(errors);
  }

  /** Writes a validated new state whose immutable and kept fields `checkUnchanged` has accepted. */
  private async update(
    model: ResourceModel,
    item: StoredItem,
    current: StoredResource,
    value: Json,
    own: Json,
    ifMatch: string | undefined,
  ): Promise<Written> {
    await this.runValidateHook(model, value, current);

    const data: Json = { ...value };
    // Read-only fields are the gateway's: keep them (e.g. createdAt, an api key's prefix).
    for (const name of model.readOnly) {
      if (name === model.annotation.id || name === 'version') continue;
      if (current[name] !== undefined) data[name] = current[name];
    }
    Object.assign(data, own);
    const kept = ({ id: _, version: __, ...rest }: Json) => rest;
    const sameShown = isDeepStrictEqual(
      kept(this.present(model, data as StoredResource)),
      kept(this.present(model, current)),
    );
    // what else changes is written whatever the sealed values hold: their opening (a KMS call) only
    // completes the audit event then, and a failure of it fails nothing
    const secrets = sameShown
      ? await this.writeOnlyChanges(model, item, current, data)
      : await this.writeOnlyChanges(model, item, current, data).catch(() => undefined);
    // nothing changes (a reconciler applying what is there): no write, no new version (no other client's
    // If-Match goes stale), nothing to audit
    if (sameShown && secrets?.length === 0) {
      const record = this.present(model, current);
      const body = { ...record };
      await this.hooksOf(model)
        .decorate?.(this.context(model), [body])
        .catch(() => undefined);
      return { body, record, previous: record, version: current.version, unchanged: true };
    }
    const now = new Date(this.clock.now()).toISOString();
    data['updatedAt'] = now;
    this.hooksOf(model).deriveUpdate?.(data, current, now);

    const before = this.uniqueValues(model, current);
    const after = this.uniqueValues(model, value);
    const claimedNow = new Map([...after].filter(([attribute, v]) => before.get(attribute) !== v));
    await this.claimAll(model, claimedNow, current.id);
    // the claims let go of, as they stand before the write: a concurrent write claiming a value back
    // after it takes the claim anew, and the release then leaves it to that write
    const dropped: [string, string, number | undefined][] = [];
    for (const [attribute, v] of before)
      if (after.get(attribute) !== v)
        dropped.push([
          attribute,
          v,
          await claimVersion(this.store, this.claimOf(model, attribute, v, current.id)),
        ]);

    const version = current.version + 1;
    const next = withFields({ ...item, version }, await this.fields(model, current.id, data));
    // the resources it names now that it did not before must not be going meanwhile
    const named = new Set(this.referencesOf(model, current).map((r) => `${r.type}#${r.name}`));
    const added = this.referencesOf(model, data).filter((r) => !named.has(`${r.type}#${r.name}`));
    let releaseReferences: (() => Promise<void>) | undefined;
    try {
      releaseReferences = await this.holdReferences(added);
      await this.store.put(next, { kind: 'version', version: current.version });
    } catch (error) {
      for (const [attribute, v] of claimedNow) await this.release(model, attribute, v, current.id);
      if (error instanceof ConditionFailedError) throw await this.lostTo(model, item, ifMatch);
      throw error;
    } finally {
      await releaseReferences?.();
    }
    for (const [attribute, v, claimed] of dropped)
      if (claimed !== undefined) await this.release(model, attribute, v, current.id, claimed);
    const record = this.present(model, resourceFromItem(next));
    // answered as a read would answer it (an api key's last use); the audit keeps the record alone. The
    // change is made: a failure to read what decorates it must not answer it as failed
    const body = { ...record };
    await this.hooksOf(model)
      .decorate?.(this.context(model), [body])
      .catch(() => undefined);
    return {
      body,
      record,
      previous: this.present(model, current),
      version,
      ...(secrets !== undefined && secrets.length > 0 ? { writeOnlyChanged: secrets } : {}),
    };
  }

  /**
   * The write-only values (as JSON pointers) `data`, the new state of `current` (read from `item`, perhaps
   * unopened), changes: compared opened, one that can never be opened taken as changed (a PUT giving it
   * again mends it). They are all an audit event can tell of a secret rotated.
   */
  private async writeOnlyChanges(
    model: ResourceModel,
    item: StoredItem,
    current: StoredResource,
    data: Json,
  ) {
    // sealed values are kept apart from the resource (`current` may be read without them)
    let stored: StoredResource | undefined = current;
    if (hasSealedFields(item)) {
      try {
        stored = await openResource(item, this.sealer);
      } catch (error) {
        // sealed under a key this gateway no longer has; a failure of the moment (KMS) fails the write
        if (!(error instanceof SealedFieldUnopened)) throw error;
        stored = undefined;
      }
    }
    return writeOnlyPaths(model)
      .filter((path) =>
        stored === undefined
          ? valueAt(path, data) !== undefined || valueAt(path, current) !== undefined
          : !isDeepStrictEqual(valueAt(path, data), valueAt(path, stored)),
      )
      .map((path) => `/${path.map((step) => step.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`);
  }

  /**
   * Deletes a resource; answers what it was (write-only fields removed), and what its clean-up tells
   * (`detail`, for the audit event).
   */
  async delete(
    type: string,
    id: string,
    ifMatch?: string,
  ): Promise<{ body: Json; detail?: Record<string, unknown> }> {
    const model = this.model(type);
    const { item, current } = await this.load(model, id, false);
    this.checkIfMatch(ifMatch, current.version);
    const hooks = this.hooksOf(model);
    // marked as going before any write naming it, or resource naming it, is looked for (see
    // `holdReferences`)
    const name = current['name'];
    const named = typeof name === 'string' ? { type: model.annotation.type, name } : undefined;
    const mark =
      hooks.beforeDelete !== undefined && named !== undefined
        ? {
            pk: MARKS.deleting,
            sk: `${markPrefix(named)}${randomUUID()}`,
          }
        : undefined;
    if (mark !== undefined)
      await this.store.put({ ...mark, expiresAt: Math.ceil(this.clock.now() / 1000) + MARK_SECONDS });
    try {
      if (mark !== undefined && named !== undefined && (await this.marked(MARKS.naming, named)))
        throw new GatewayError('conflict', 'A write naming this resource is under way; try again.');
      await hooks.beforeDelete?.(this.context(model), current);
      await this.store.delete(item.pk, item.sk, { version: current.version });
    } catch (error) {
      if (error instanceof ConditionFailedError) throw await this.lostTo(model, item, ifMatch);
      throw error;
    } finally {
      if (mark !== undefined) await this.store.delete(mark.pk, mark.sk).catch(() => undefined);
    }
    for (const [attribute, value] of this.uniqueValues(model, current)) {
      await this.release(model, attribute, value, id);
    }
    const detail = await hooks.afterDelete?.(this.context(model), item);
    return { body: this.present(model, current), ...(detail !== undefined ? { detail } : {}) };
  }

  async list(type: string, options: ListOptions): Promise<ListResult> {
    const model = this.model(type);
    const filters = Object.entries(options.filters);
    const matches = (resource: StoredResource) => filters.every(([name, value]) => resource[name] === value);

    // A filter on a unique attribute is a point read.
    const unique = filters.find(([name]) => model.annotation.lookup.includes(name));
    if (unique !== undefined) {
      // one page at most: a cursor is of no use, but one not of this listing is still the client's error
      if (options.cursor !== undefined) decodeCursor(options.cursor, resourcePartition(type), undefined);
      const found = await this.findByUnique(type, unique[0], unique[1]);
      const items = found !== undefined && matches(found) ? [this.present(model, found)] : [];
      await this.hooksOf(model).decorate?.(this.context(model), items);
      return { items };
    }

    const items: Json[] = [];
    let cursor = options.cursor;
    let bytes = 0;
    rounds: for (let round = 0; round < maxFilteredQueries; round++) {
      const page = await this.store.query(resourcePartition(type), {
        limit: options.limit - items.length,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const [index, stored] of page.items.entries()) {
        const resource = resourceFromItem(stored);
        if (!matches(resource)) continue;
        const presented = this.present(model, resource);
        items.push(presented);
        bytes += Buffer.byteLength(JSON.stringify(presented));
        if (bytes >= MAX_PAGE_BYTES && (index < page.items.length - 1 || page.cursor !== undefined)) {
          cursor = cursorAfter(stored);
          break rounds;
        }
      }
      cursor = page.cursor;
      if (cursor === undefined || items.length >= options.limit) break;
    }
    await this.hooksOf(model).decorate?.(this.context(model), items);
    return cursor === undefined ? { items } : { items, nextCursor: cursor };
  }

  /**
   * Whether any resource of a type has `attribute === value` (e.g. servers of a workspace), or holds the
   * value in a list `attribute` (e.g. a server's fallbacks), or in the `key` of an object of that list (e.g.
   * the `server` of a virtual server's members).
   */
  async anyWith(type: string, attribute: string, value: string, key?: string): Promise<boolean> {
    return this.anyWhere(type, (resource) => {
      const held = resource[attribute];
      if (held === value) return true;
      if (!Array.isArray(held)) return false;
      return key === undefined
        ? held.includes(value)
        : held.some(
            (h) => typeof h === 'object' && h !== null && (h as Record<string, unknown>)[key] === value,
          );
    });
  }

  /** Whether any resource of a type passes `test`. */
  async anyWhere(type: string, test: (resource: StoredResource) => boolean): Promise<boolean> {
    return (await this.firstWhere(type, test)) !== undefined;
  }

  /** The first resource of a type that passes `test` (a conflict names it), if any. */
  async firstWhere(
    type: string,
    test: (resource: StoredResource) => boolean,
  ): Promise<StoredResource | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.store.query(resourcePartition(type), {
        limit: 100,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const item of page.items) {
        const resource = resourceFromItem(item);
        if (test(resource)) return resource;
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    return undefined;
  }
}
