import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type Clock, epochSeconds, systemClock } from '../core/clock.js';
import { GatewayError } from '../core/errors.js';
import { type AttributeMap, fromAttributeMap, toAttributeMap } from './attributes.js';
import { isAwsEndpoint } from './aws-endpoint.js';
import { cursorKeyNames, decodeCursor, encodeCursor } from './cursor.js';
import {
  attributesSetAlong,
  type BoundedIncrement,
  ConditionFailedError,
  checkBounded,
  checkKey,
  type Page,
  type PutCondition,
  type QueryOptions,
  roomFor,
  type StateStore,
  type StoredItem,
  storableKey,
} from './port.js';

/** Names used in every expression; aliased so no attribute ever collides with a DynamoDB reserved word. */
const names = { '#pk': 'pk', '#version': 'version', '#expiresAt': 'expiresAt' };
const isLive = '(attribute_not_exists(#expiresAt) OR #expiresAt > :now)';
const isAbsent = '(attribute_not_exists(#pk) OR #expiresAt <= :now)';

/** Bounded so a pathological race (an item expiring between our two steps, repeatedly) cannot spin forever. */
const maxIncrementRounds = 8;

/** An update's attribute names and values, each under a placeholder (no reserved word can collide). */
class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  name(name: string): string {
    const placeholder = `#n${Object.keys(this.names).length}`;
    this.names[placeholder] = name;
    return placeholder;
  }
  value(value: unknown): string {
    const placeholder = `:v${Object.keys(this.values).length}`;
    this.values[placeholder] = value;
    return placeholder;
  }
}

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
]);
const unavailableErrorNames = new Set([
  'TimeoutError',
  'RequestTimeout',
  'AbortError',
  'CredentialsProviderError',
]);

/**
 * Maps SDK errors onto domain errors: a failed condition is ConditionFailedError; anything that means the
 * store cannot be reached or refuses service (network, timeouts, throttling, 5xx, a missing table, bad
 * credentials) is `store_unavailable`; requests DynamoDB calls invalid are bugs (`internal`), except an
 * oversized or too deeply nested item, which the caller can act on. Only short messages are kept; the SDK error is the cause.
 */
export function translateStoreError(error: unknown): Error {
  if (error instanceof ConditionFailedError || error instanceof GatewayError) return error;
  if (!(error instanceof Error))
    return new GatewayError('internal', 'The state store failed.', { cause: error });
  if (error.name === 'ConditionalCheckFailedException') return new ConditionFailedError();
  const { code, $metadata } = error as Error & { code?: unknown; $metadata?: { httpStatusCode?: number } };
  if (error.name === 'ValidationException') {
    if (/item size/i.test(error.message)) {
      return new GatewayError('payload_too_large', 'The item is too large to store.', { cause: error });
    }
    // DynamoDB keeps documents at most 32 levels deep
    if (/nesting levels/i.test(error.message)) {
      return new GatewayError('validation_failed', 'The value nests too deeply to store.', { cause: error });
    }
    return new GatewayError('internal', 'The state store rejected the request.', { cause: error });
  }
  const isServiceError = typeof $metadata?.httpStatusCode === 'number';
  const isNetworkError = typeof code === 'string' && networkErrorCodes.has(code);
  if (isServiceError || isNetworkError || unavailableErrorNames.has(error.name)) {
    return new GatewayError('store_unavailable', 'The state store is unavailable.', { cause: error });
  }
  return new GatewayError('internal', 'The state store failed.', { cause: error });
}

export interface DynamoStoreOptions {
  /** Owned by the store from now on: `close()` destroys it. */
  client: DynamoDBClient;
  tableName: string;
  clock?: Clock;
}

/**
 * The attribute a conditional put writes its own id in (see `landedBefore`): never part of an item read.
 * Two writers may write the same item (a replay of a one-time token, two instances' claims in one second):
 * only the id tells a put's own write from another's.
 */
const PUT_ID = '__putId';
/** An update's condition that its own earlier attempt has not landed (`#op`: {@link PUT_ID}). */
const notThisWrite = '(attribute_not_exists(#op) OR #op <> :op)';

/** An item DynamoDB answered, as JSON (items, keys and expression values are marshalled by attributes.ts). */
function readItem(map: AttributeMap | undefined): Record<string, unknown> | undefined {
  if (map === undefined) return undefined;
  const item = fromAttributeMap(map);
  delete item[PUT_ID];
  return item;
}

/** The StateStore on DynamoDB (or dynalite), using only operations both support. */
export class DynamoStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: DynamoStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  private now(): number {
    return epochSeconds(this.clock);
  }

  private live(item: Record<string, unknown> | undefined, now = this.now()): StoredItem | undefined {
    if (item === undefined) return undefined;
    if (typeof item['expiresAt'] === 'number' && item['expiresAt'] <= now) return undefined;
    return item as StoredItem;
  }

  /** Runs a request, (un)marshalling included, and translates whatever it throws. */
  private async send<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw translateStoreError(error);
    }
  }

  async get(pk: string, sk: string, options: { consistent?: boolean } = {}): Promise<StoredItem | undefined> {
    if (!storableKey(pk, sk)) return undefined;
    const item = await this.send(async () => {
      const output = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: toAttributeMap({ pk, sk }),
          ConsistentRead: options.consistent !== false,
        }),
      );
      return readItem(output.Item);
    });
    return this.live(item);
  }

  async put(item: StoredItem, condition?: PutCondition): Promise<void> {
    checkKey(item.pk, item.sk);
    await this.send(async () => {
      const putId = condition === undefined ? undefined : randomUUID();
      const input: PutItemCommandInput = {
        TableName: this.tableName,
        Item: toAttributeMap(putId === undefined ? item : { ...item, [PUT_ID]: putId }),
      };
      if (condition?.kind === 'absent') {
        input.ConditionExpression = isAbsent;
        input.ExpressionAttributeNames = { '#pk': names['#pk'], '#expiresAt': names['#expiresAt'] };
        input.ExpressionAttributeValues = toAttributeMap({ ':now': this.now() });
      } else if (condition?.kind === 'version') {
        input.ConditionExpression = `#version = :version AND ${isLive}`;
        input.ExpressionAttributeNames = {
          '#version': names['#version'],
          '#expiresAt': names['#expiresAt'],
        };
        input.ExpressionAttributeValues = toAttributeMap({
          ':version': condition.version,
          ':now': this.now(),
        });
      }
      try {
        await this.client.send(new PutItemCommand(input));
      } catch (error) {
        if (putId !== undefined && (await this.landedBefore(error, item.pk, item.sk, putId)) !== undefined)
          return;
        throw error;
      }
    });
  }

  /**
   * The item, when a conditional write that failed its condition on an attempt the SDK made again (the
   * first one's answer lost: a timeout, a reset connection) had landed on that first attempt: the item
   * holds this write's id. Else a create that happened would answer "exists", an update "changed
   * concurrently", an increment would count twice or call itself refused, and callers would undo what
   * they did around it.
   */
  private async landedBefore(
    error: unknown,
    pk: string,
    sk: string,
    writeId: string,
  ): Promise<Record<string, unknown> | undefined> {
    const failed = error as { name?: string; $metadata?: { attempts?: number } };
    if (failed.name !== 'ConditionalCheckFailedException' || (failed.$metadata?.attempts ?? 1) < 2)
      return undefined;
    const output = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: toAttributeMap({ pk, sk }),
          ConsistentRead: true,
        }),
      ),
    );
    if (output.Item === undefined || fromAttributeMap(output.Item)[PUT_ID] !== writeId) return undefined;
    return readItem(output.Item);
  }

  async delete(pk: string, sk: string, condition?: { version: number }): Promise<boolean> {
    if (!storableKey(pk, sk)) {
      if (condition !== undefined) throw new ConditionFailedError();
      return false;
    }
    if (condition !== undefined) return this.deleteIf(pk, sk, condition.version);
    const now = this.now();
    const old = await this.send(async () => {
      const output = await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: toAttributeMap({ pk, sk }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return readItem(output.Attributes);
    });
    return this.live(old, now) !== undefined;
  }

  /**
   * A conditional delete in two writes: the item is first marked gone (expired, with this delete's id)
   * under the condition, then removed. A DeleteItem the SDK sent again cannot tell its own first attempt
   * that landed from another's delete that landed meanwhile (a throttled first attempt); the mark's id
   * can, so a single-use item is taken once, and a delete whose answer was lost is still done.
   */
  private async deleteIf(pk: string, sk: string, version: number): Promise<true> {
    const key = toAttributeMap({ pk, sk });
    const opId = randomUUID();
    const now = this.now();
    await this.send(async () => {
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: key,
            // an hour past, as another instance's clock behind this one's still reads it: gone
            UpdateExpression: 'SET #op = :op, #expiresAt = :gone',
            ConditionExpression: `#version = :version AND ${isLive}`,
            ExpressionAttributeNames: {
              '#version': names['#version'],
              '#expiresAt': names['#expiresAt'],
              '#op': PUT_ID,
            },
            ExpressionAttributeValues: toAttributeMap({
              ':version': version,
              ':now': now,
              ':op': opId,
              ':gone': now - 3600,
            }),
          }),
        );
      } catch (error) {
        if ((await this.landedBefore(error, pk, sk, opId)) === undefined) throw error;
      }
    });
    // removed now rather than by the table's TTL; a mark a failure here leaves behind reads as absent, and
    // an item put in its place meanwhile stays
    await this.client
      .send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: '#op = :op',
          ExpressionAttributeNames: { '#op': PUT_ID },
          ExpressionAttributeValues: toAttributeMap({ ':op': opId }),
        }),
      )
      .catch(() => undefined);
    return true;
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Page> {
    const { index, skPrefix, skBefore, limit } = options;
    if (skPrefix !== undefined && skBefore !== undefined)
      throw new Error('skPrefix and skBefore exclude each other.');
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new GatewayError('validation_failed', 'The page size must be a positive integer.');
    }
    const [hashKey, rangeKey] = index === undefined ? ['pk', 'sk'] : ['gsi1pk', 'gsi1sk'];
    const now = this.now();
    const base: QueryCommandInput = {
      TableName: this.tableName,
      KeyConditionExpression:
        skPrefix !== undefined
          ? '#h = :h AND begins_with(#r, :prefix)'
          : skBefore !== undefined
            ? '#h = :h AND #r < :before'
            : '#h = :h',
      FilterExpression: isLive,
      ExpressionAttributeNames: {
        '#h': hashKey,
        '#expiresAt': names['#expiresAt'],
        ...(skPrefix === undefined && skBefore === undefined ? {} : { '#r': rangeKey }),
      },
      ExpressionAttributeValues: toAttributeMap({
        ':h': pk,
        ':now': now,
        ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }),
        ...(skPrefix !== undefined || skBefore === undefined ? {} : { ':before': skBefore }),
      }),
      // Index reads cannot be strongly consistent; table reads are, so a write is visible to the next list.
      ...(index === undefined ? { ConsistentRead: true } : { IndexName: index }),
    };
    let startKey: AttributeMap | undefined =
      options.cursor === undefined
        ? undefined
        : toAttributeMap(decodeCursor(options.cursor, pk, index, skPrefix, skBefore));
    const items: StoredItem[] = [];
    for (let round = 0; ; round++) {
      // DynamoDB applies Limit before the expiry filter, so keep reading until the page is full, and read
      // one item past it to know whether another page exists (no cursor pointing at an empty page). A
      // round after the first met expired items (DynamoDB deletes them late, in days): it reads at least
      // 100, four times more each round, so a backlog of them costs a few round trips, not one per 100
      const { Items, LastEvaluatedKey } = await this.send(async () => {
        const output = await this.client.send(
          new QueryCommand({
            ...base,
            ...(limit === undefined
              ? {}
              : {
                  Limit: Math.max(
                    limit - items.length + 1,
                    round > 0 ? 100 * 4 ** Math.min(round - 1, 8) : 0,
                  ),
                }),
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        return {
          Items: (output.Items ?? []).map((map) => readItem(map)!),
          LastEvaluatedKey: output.LastEvaluatedKey,
        };
      });
      for (const item of Items) {
        const live = this.live(item, now);
        if (live === undefined) continue;
        if (limit !== undefined && items.length === limit)
          return { items, cursor: this.cursorOf(items, index) };
        items.push(live);
      }
      if (LastEvaluatedKey === undefined) return { items };
      startKey = LastEvaluatedKey;
    }
  }

  private cursorOf(items: StoredItem[], index: QueryOptions['index']): string {
    const last = items[items.length - 1] as StoredItem;
    const key: Record<string, string> = {};
    for (const name of cursorKeyNames(index)) key[name] = String(last[name]);
    return encodeCursor(key);
  }

  async increment(
    pk: string,
    sk: string,
    deltas: Record<string, number>,
    options: { expiresAt?: number; set?: Record<string, unknown> } = {},
  ): Promise<Record<string, number>> {
    checkKey(pk, sk);
    const entries = Object.entries(deltas);
    if (entries.some(([, delta]) => !Number.isFinite(delta))) {
      throw new GatewayError('internal', 'Increments must be finite numbers.');
    }
    if (entries.length === 0) return {};
    const expression = new Expression();
    const additions = entries.map(([name, delta]) => `${expression.name(name)} ${expression.value(delta)}`);
    const along = attributesSetAlong(options.set, deltas);
    const sets = along.map(([name, value]) => `${expression.name(name)} = ${expression.value(value)}`);
    const updated = await this.inPlaceOrAfresh(
      pk,
      sk,
      // a missing item is not added to in place: it starts afresh, with its expiry
      'attribute_exists(#pk) AND',
      `ADD ${additions.join(', ')}${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''}`,
      expression,
      {
        ...Object.fromEntries(along),
        pk,
        sk,
        ...deltas,
        ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
      },
      'The counter is too contended to update.',
    );
    if (updated === undefined) return { ...deltas };
    const result: Record<string, number> = {};
    for (const [name] of entries) result[name] = Number(updated[name]);
    return result;
  }

  async incrementWithin(
    pk: string,
    sk: string,
    attribute: string,
    delta: number,
    limit: number,
    options: { expiresAt?: number } = {},
  ): Promise<BoundedIncrement> {
    checkKey(pk, sk);
    checkBounded(delta, limit);
    const attributeNames = {
      '#a': attribute,
      '#pk': names['#pk'],
      '#expiresAt': names['#expiresAt'],
      '#op': PUT_ID,
    };
    // the addition's own id, written with it: an attempt the SDK makes again after a lost answer finds it
    const opId = randomUUID();
    for (let round = 0; round < maxIncrementRounds; round++) {
      const now = this.now();
      // 1. A live item with room: add atomically, the condition checked by the store.
      try {
        const { Attributes } = await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: toAttributeMap({ pk, sk }),
            UpdateExpression: 'ADD #a :d SET #op = :op',
            // an absent attribute starts from zero: the delta alone must fit
            ConditionExpression: `attribute_exists(#pk) AND ${isLive} AND ${notThisWrite} AND ((attribute_not_exists(#a) AND :zero <= :room) OR #a <= :room)`,
            ExpressionAttributeNames: attributeNames,
            ExpressionAttributeValues: toAttributeMap({
              ':d': delta,
              ':room': roomFor(delta, limit),
              ':zero': 0,
              ':now': now,
              ':op': opId,
            }),
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return { applied: true, total: Number(readItem(Attributes)?.[attribute]) };
      } catch (error) {
        const landed = await this.landedBefore(error, pk, sk, opId);
        if (landed !== undefined) return { applied: true, total: Number(landed[attribute]) };
        const translated = translateStoreError(error);
        if (!(translated instanceof ConditionFailedError)) throw translated;
      }
      // 2. Why not: a live item without room is the answer; a missing or expired one starts from zero.
      const current = await this.get(pk, sk);
      if (current !== undefined) {
        const value = current[attribute];
        const total = typeof value === 'number' ? value : 0;
        // the same arithmetic as the condition: fractions must not make the two disagree
        if (total > roomFor(delta, limit)) return { applied: false, total };
        continue; // it changed between the two requests: go round
      }
      if (roomFor(delta, limit) < 0) return { applied: false, total: 0 };
      const putId = randomUUID();
      const fresh = {
        pk,
        sk,
        [attribute]: delta,
        ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
      };
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: toAttributeMap({ ...fresh, [PUT_ID]: putId }),
            ConditionExpression: isAbsent,
            ExpressionAttributeNames: { '#pk': names['#pk'], '#expiresAt': names['#expiresAt'] },
            ExpressionAttributeValues: toAttributeMap({ ':now': now }),
          }),
        );
        return { applied: true, total: delta };
      } catch (error) {
        // created by an attempt whose answer was lost: adding again would count it twice
        if ((await this.landedBefore(error, pk, sk, putId)) !== undefined)
          return { applied: true, total: delta };
        const translated = translateStoreError(error);
        if (!(translated instanceof ConditionFailedError)) throw translated;
      }
    }
    throw new GatewayError('store_unavailable', 'The counter is too contended to update.');
  }

  async update(pk: string, sk: string, set: Record<string, unknown>): Promise<void> {
    checkKey(pk, sk);
    const entries = Object.entries(set).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    const expression = new Expression();
    const assignments = entries.map(
      ([name, value]) => `${expression.name(name)} = ${expression.value(value)}`,
    );
    // a missing item is created by the update itself
    await this.inPlaceOrAfresh(
      pk,
      sk,
      'attribute_not_exists(#pk) OR',
      `SET ${assignments.join(', ')}`,
      expression,
      { pk, sk, ...Object.fromEntries(entries) },
      'The item is too contended to update.',
    );
  }

  /**
   * Applies `update` to a live item (`missing` says how a missing one is taken: the condition's start);
   * an expired item the table has not removed yet starts afresh as `fresh`, as a missing one would,
   * unless another writer started it meanwhile (then the next round updates theirs). Answers the updated
   * attributes, or undefined when the item was started afresh.
   */
  private async inPlaceOrAfresh(
    pk: string,
    sk: string,
    missing: 'attribute_exists(#pk) AND' | 'attribute_not_exists(#pk) OR',
    update: string,
    expression: Expression,
    fresh: StoredItem,
    contended: string,
  ): Promise<Record<string, unknown> | undefined> {
    // the update's own id, written with it: an attempt the SDK makes again after a lost answer finds it
    // (an addition made twice would count twice)
    const opId = randomUUID();
    const withId = update.startsWith('SET ')
      ? `${update}, #op = :op`
      : update.includes(' SET ')
        ? update.replace(' SET ', ' SET #op = :op, ')
        : `${update} SET #op = :op`;
    for (let round = 0; round < maxIncrementRounds; round++) {
      const now = this.now();
      try {
        const { Attributes } = await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: toAttributeMap({ pk, sk }),
            UpdateExpression: withId,
            ConditionExpression: `${missing} (${isLive} AND ${notThisWrite})`,
            ExpressionAttributeNames: {
              ...expression.names,
              '#pk': names['#pk'],
              '#expiresAt': names['#expiresAt'],
              '#op': PUT_ID,
            },
            ExpressionAttributeValues: toAttributeMap({ ...expression.values, ':now': now, ':op': opId }),
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return readItem(Attributes) ?? {};
      } catch (error) {
        const landed = await this.landedBefore(error, pk, sk, opId);
        if (landed !== undefined) return landed;
        const translated = translateStoreError(error);
        if (!(translated instanceof ConditionFailedError)) throw translated;
      }
      // two instances may create the same counter alike: the id tells this one's own write from another's
      const putId = randomUUID();
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: toAttributeMap({ ...fresh, [PUT_ID]: putId }),
            ConditionExpression: isAbsent,
            ExpressionAttributeNames: { '#pk': names['#pk'], '#expiresAt': names['#expiresAt'] },
            ExpressionAttributeValues: toAttributeMap({ ':now': now }),
          }),
        );
        return undefined;
      } catch (error) {
        // created by an attempt whose answer was lost: adding again would count it twice
        if ((await this.landedBefore(error, pk, sk, putId)) !== undefined) return undefined;
        const translated = translateStoreError(error);
        if (!(translated instanceof ConditionFailedError)) throw translated;
      }
    }
    throw new GatewayError('store_unavailable', contended);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

export interface CreateDynamoStoreOptions {
  tableName: string;
  /** A DynamoDB-compatible endpoint (dynalite, DynamoDB Local, LocalStack, a VPC endpoint's URL). */
  endpoint?: string;
  /** Credentials for `endpoint` (the embedded store's own); else as {@link endpointSettings} says. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  /** Where the AWS settings an endpoint's client falls back on are read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Total attempts per request including retries (default 3). */
  maxAttempts?: number;
  /** Socket connect timeout (default 1 s locally, 3 s on AWS). */
  connectionTimeoutMs?: number;
  /** Time for one attempt's answer to begin (default 5 s on AWS, 10 s at another endpoint). */
  requestTimeoutMs?: number;
}

/** What clients of a local endpoint sign with unless told otherwise (DynamoDB Local, a joinable store). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Settings that give the SDK's credential chain something to find (besides files and instance roles). */
const CREDENTIAL_SETTINGS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/**
 * The region and credentials of a client of an explicit endpoint. The region is the environment's
 * (DynamoDB Local and LocalStack keep tables per region; us-east-1 when none is set). Credentials are
 * the SDK's own chain when the environment names any (DynamoDB Local keeps tables per access key) or the
 * endpoint is https or AWS's own (an instance role or a profile file serves it over plain http too); an
 * emulator on plain http without them gets dummy ones.
 */
export function endpointSettings(
  endpoint: string,
  env: NodeJS.ProcessEnv,
): { region: string; credentials?: typeof LOCAL_CREDENTIALS } {
  const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
  const named = CREDENTIAL_SETTINGS.some((name) => (env[name] ?? '') !== '');
  const secure = URL.canParse(endpoint) && new URL(endpoint).protocol === 'https:';
  return named || secure || isAwsEndpoint(endpoint) ? { region } : { region, credentials: LOCAL_CREDENTIALS };
}

/** Builds the SDK client and the store. Local endpoints get dummy credentials so nothing probes for real ones. */
export function createDynamoStore(options: CreateDynamoStoreOptions): DynamoStore {
  return new DynamoStore({
    client: createDynamoClient(options),
    tableName: options.tableName,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
}

export function createDynamoClient(
  options: Omit<CreateDynamoStoreOptions, 'tableName' | 'clock'>,
): DynamoDBClient {
  const local = options.endpoint !== undefined;
  // a store of another gateway process is dynalite on a machine perhaps under load: given longer
  const requestTimeoutMs = options.requestTimeoutMs ?? (local ? 10_000 : 5_000);
  const config: DynamoDBClientConfig = {
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? (local ? 1_000 : 3_000),
      requestTimeout: requestTimeoutMs,
      // without it the timeout only logs a warning: a store that takes connections and never answers
      // (a process stopped, a hung proxy) would hold every request, and a start, without end
      throwOnRequestTimeout: true,
      // and one that stops in the middle of an answer (the request timeout ends with its headers)
      socketTimeout: requestTimeoutMs,
    },
  };
  if (options.endpoint !== undefined) {
    const fallback = endpointSettings(options.endpoint, options.env ?? process.env);
    config.endpoint = options.endpoint;
    config.region = options.region ?? fallback.region;
    const credentials = options.credentials ?? fallback.credentials;
    if (credentials !== undefined) config.credentials = credentials;
  } else if (options.region !== undefined) {
    config.region = options.region;
  }
  return new DynamoDBClient(config);
}
