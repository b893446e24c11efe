/**
 * A Pulumi dynamic provider for one resource of the model: create, read (drift and import), update with
 * `If-Match`, delete, diff (in place vs. replacement from `immutable`) and check (required inputs), calling
 * the management API over HTTP.
 *
 * Pulumi serializes a dynamic provider's closure into the stack, so `modelProvider` keeps everything it
 * needs inside itself: the resource's model (plain JSON) and helpers defined in the closure, using only
 * Node globals (`fetch`).
 */
import type * as pulumi from '@pulumi/pulumi';
import type { AttributeModel, ResourceModel, ValueType } from './model.js';

/** Where the management API is and the admin key to call it with. */
export interface Connection {
  /**
   * The gateway's base URL (its management API is `<endpoint>/v1`), e.g.
   * `https://abc.execute-api.eu-west-1.amazonaws.com/prod` or `http://127.0.0.1:8787`.
   */
  endpoint: string;
  apiKey: string;
}

/** A connection as a Pulumi input: the endpoint and key may come from other resources. */
export interface ConnectionArgs {
  endpoint: pulumi.Input<string>;
  apiKey: pulumi.Input<string>;
}

/** Pulumi inputs/outputs carry camelCase attribute names plus `connection`. */
export type Props = Record<string, unknown> & { connection?: Connection };

export class ManagementApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'ManagementApiError';
  }
}

export function modelProvider(model: ResourceModel): pulumi.dynamic.ResourceProvider {
  // Updates send every input, i.e. they replace the object.
  const update = model.operations.update;
  if (update !== undefined && update.method !== 'put') {
    throw new Error(
      `${model.terraformType}: the update operation ${update.operationId} is ${update.method.toUpperCase()}; updates use PUT (a full replacement).`,
    );
  }
  // Captured as a string: Pulumi's closure serializer trips over plain objects with a `default` property.
  const modelJson = JSON.stringify(model);
  return {
    check: (olds: Props, news: Props) => operations(modelJson).check(olds, news),
    diff: (id: string, olds: Props, news: Props) => operations(modelJson).diff(id, olds, news),
    create: (props: Props) => operations(modelJson).create(props),
    read: (id: string, props?: Props) => operations(modelJson).read(id, props),
    update: (id: string, olds: Props, news: Props) => operations(modelJson).update(id, olds, news),
    delete: (id: string, props: Props) => operations(modelJson).delete(id, props),
  };
}

function operations(modelJson: string) {
  const resource = JSON.parse(modelJson) as ResourceModel;
  /** Tries again after the first attempt of a request (see `call`). */
  const RETRIES = 5;
  /** The longest wait between two tries, a server's Retry-After included. */
  const MAX_WAIT_MS = 30_000;
  /** How long a throttled or unavailable answer asks to wait (Retry-After: seconds or a date), if it says. */
  const retryAfterMs = (response: Response): number | undefined => {
    const value = response.headers.get('retry-after')?.trim() ?? '';
    const ms = /^\d{1,10}$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
    return Number.isNaN(ms) ? undefined : Math.min(MAX_WAIT_MS, Math.max(0, ms));
  };
  /** What Pulumi hands a dynamic provider for a value not known yet (`unknownValue` of its runtime). */
  const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
  const camel = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const attributes = resource.attributes.map((attribute) => ({ ...attribute, key: camel(attribute.name) }));
  const inputs = attributes.filter((a) => a.required || a.optional);
  const idApiName = attributes.find((a) => a.name === resource.idAttribute)?.apiName ?? resource.idAttribute;

  const connectionOf = (props: Props | undefined): Connection => {
    const endpoint = props?.connection?.endpoint ?? process.env.MCPGATEWAY_ENDPOINT;
    const apiKey = props?.connection?.apiKey ?? process.env.MCPGATEWAY_API_KEY;
    if (!endpoint || !apiKey) {
      throw new Error(
        `${resource.terraformType}: no connection; set the resource's connection or MCPGATEWAY_ENDPOINT and MCPGATEWAY_API_KEY.`,
      );
    }
    return { endpoint: endpoint.replace(/\/+$/, ''), apiKey };
  };

  const call = async (
    connection: Connection,
    method: string,
    path: string,
    options: { body?: unknown; ifMatch?: string; query?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown }> => {
    const url = new URL(`${connection.endpoint}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = {
      authorization: `Bearer ${connection.apiKey}`,
      accept: 'application/json',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
    // tried again on 429, 502-504 and network failures (a stage's cold start, a throttle); a create or a
    // conditional update only when it surely was not processed (429, no connection made): a second create
    // would make a second object, a second update fail on its own first. A delete done already answers
    // 404, which is what a delete wants
    const onceOnly = method === 'post' || (options.ifMatch !== undefined && method !== 'delete');
    let response: Response;
    let text = '';
    let waitMs = 0;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      const last = attempt === RETRIES;
      // doubling from 250 ms, jittered so that resources throttled together do not come back together
      waitMs = Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      let answered: Response;
      try {
        answered = await fetch(url, {
          method: method.toUpperCase(),
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        const code = (error as { cause?: { code?: unknown } }).cause?.code;
        const sent = !(typeof code === 'string' && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code));
        if (last || (onceOnly && sent)) throw error;
        continue;
      }
      try {
        text = await answered.text();
      } catch (error) {
        // the answer broke off: the request was processed, or may have been
        if (last || onceOnly) throw error;
        continue;
      }
      response = answered;
      const retryable = [429, 502, 503, 504].includes(response.status);
      if (!retryable || last || (onceOnly && response.status !== 429)) break;
      waitMs = retryAfterMs(response) ?? waitMs;
    }
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    if (!response.ok) {
      const problem = body as {
        title?: string;
        detail?: string;
        errors?: { pointer?: string; detail?: string }[];
      };
      const details = (problem?.errors ?? []).map((e) => `${e.pointer ?? ''} ${e.detail ?? ''}`.trim());
      // a version the state holds no more: someone changed the object since Pulumi last read it
      const hint =
        response.status === 412
          ? ' It was changed outside Pulumi since the stack last read it: run `pulumi refresh`, then `pulumi up`.'
          : '';
      throw new ManagementApiError(
        response.status,
        body,
        `${method.toUpperCase()} ${path} failed with ${response.status}: ${problem?.detail ?? problem?.title ?? text}${
          details.length > 0 ? ` (${details.join('; ')})` : ''
        }${hint}`,
      );
    }
    return { status: response.status, body };
  };

  /**
   * Whether the object is gone: the gateway's own 404 for it (`not_found`). Any other 404 — a route the
   * API does not have, a proxy's page in front of the wrong URL — says nothing of the object: taking it
   * for gone would drop it from the stack (and a destroy would delete nothing).
   */
  const gone = (error: unknown): boolean =>
    error instanceof ManagementApiError &&
    error.status === 404 &&
    (error.problem as { code?: unknown } | undefined)?.code === 'not_found';

  const pathOf = (template: string, id?: string): string =>
    id === undefined ? template : template.replace('{id}', encodeURIComponent(id));

  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

  /** A `json` attribute's value: a program may give it as JSON text or as the object itself. */
  const jsonValue = (value: unknown, what: string): unknown => {
    if (typeof value !== 'string' || value === UNKNOWN) return value;
    try {
      return JSON.parse(value);
    } catch {
      throw new Error(`${resource.terraformType}: ${what} is not valid JSON.`);
    }
  };

  /** JSON text with object members in key order: two values that mean the same read the same. */
  const canonical = (value: unknown): string =>
    JSON.stringify(value ?? null, (_key, inner: unknown) =>
      isRecord(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
        : inner,
    );

  /**
   * A program's value → the API's: nested attributes by their API names, config-side ones (a secret's
   * `_version`) left out, JSON text parsed.
   */
  const toApiValue = (type: ValueType, value: unknown, what: string): unknown => {
    if (value === undefined || value === null) return value;
    switch (type.kind) {
      case 'json':
        return jsonValue(value, what);
      case 'list':
      case 'set':
        return Array.isArray(value) ? value.map((item) => toApiValue(type.element, item, what)) : value;
      case 'map':
        return isRecord(value)
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toApiValue(type.element, v, what)]))
          : value;
      case 'object': {
        if (!isRecord(value)) return value;
        const body: Record<string, unknown> = {};
        for (const inner of type.attributes) {
          const item = value[camel(inner.name)];
          if (inner.apiName !== null && item !== undefined && item !== null)
            body[inner.apiName] = toApiValue(inner.type, item, `${what}.${camel(inner.name)}`);
        }
        return body;
      }
      default:
        return value;
    }
  };

  /**
   * The API's value → the program's: nested attributes by their program names, what the API never
   * answers (nested write-only values, config-side ones) from the program's own value, and JSON as the
   * program gave it while it means the same.
   */
  const fromApiValue = (type: ValueType, value: unknown, given: unknown): unknown => {
    switch (type.kind) {
      case 'json':
        if (
          typeof given === 'string' &&
          value !== undefined &&
          canonical(jsonValue(given, '')) === canonical(value)
        )
          return given;
        return typeof given === 'string' && value !== undefined ? JSON.stringify(value) : value;
      case 'list':
      case 'set':
        return Array.isArray(value)
          ? value.map((item, index) =>
              fromApiValue(type.element, item, Array.isArray(given) ? given[index] : undefined),
            )
          : value;
      case 'map':
        return isRecord(value)
          ? Object.fromEntries(
              Object.entries(value).map(([k, v]) => [
                k,
                fromApiValue(type.element, v, isRecord(given) ? given[k] : undefined),
              ]),
            )
          : value;
      case 'object': {
        if (!isRecord(value)) return value;
        const result: Record<string, unknown> = {};
        for (const inner of type.attributes) {
          const key = camel(inner.name);
          const mine = isRecord(given) ? given[key] : undefined;
          const item =
            inner.apiName === null || inner.writeOnly
              ? mine
              : fromApiValue(inner.type, value[inner.apiName], mine);
          if (item !== undefined) result[key] = item;
        }
        return result;
      }
      default:
        return value;
    }
  };

  /**
   * What breaks the spec's constraints in a program's value (as the Terraform provider checks them at
   * plan): found at preview, not as a 400 half-way through `pulumi up`. Unknown values pass.
   */
  function problemsOf(
    rules: AttributeModel['validation'],
    type: ValueType,
    value: unknown,
    what: string,
  ): string[] {
    if (value === undefined || value === null || value === UNKNOWN) return [];
    const r = rules ?? {};
    const found: string[] = [];
    switch (type.kind) {
      case 'string': {
        if (typeof value !== 'string') break;
        const length = [...value].length;
        if (r.enum !== undefined && !r.enum.includes(value))
          found.push(`${what} must be one of ${r.enum.map((e) => JSON.stringify(e)).join(', ')}`);
        if (r.minLength !== undefined && length < r.minLength)
          found.push(`${what} must be at least ${r.minLength} characters long`);
        if (r.maxLength !== undefined && length > r.maxLength)
          found.push(`${what} must be at most ${r.maxLength} characters long`);
        let pattern: RegExp | undefined;
        try {
          pattern = r.pattern === undefined ? undefined : new RegExp(r.pattern, 'u');
        } catch {
          // a pattern JavaScript cannot read is the gateway's to check
        }
        if (pattern !== undefined && !pattern.test(value)) found.push(`${what} must match ${r.pattern}`);
        break;
      }
      case 'number':
        if (typeof value !== 'number') break;
        if (type.integer && !Number.isInteger(value)) found.push(`${what} must be a whole number`);
        if (r.minimum !== undefined && value < r.minimum) found.push(`${what} must be at least ${r.minimum}`);
        if (r.maximum !== undefined && value > r.maximum) found.push(`${what} must be at most ${r.maximum}`);
        if (r.exclusiveMinimum !== undefined && value <= r.exclusiveMinimum)
          found.push(`${what} must be greater than ${r.exclusiveMinimum}`);
        if (r.exclusiveMaximum !== undefined && value >= r.exclusiveMaximum)
          found.push(`${what} must be less than ${r.exclusiveMaximum}`);
        break;
      case 'json':
        try {
          jsonValue(value, what);
        } catch {
          found.push(`${what} is not valid JSON`);
        }
        break;
      case 'list':
      case 'set':
      case 'map': {
        const entries = Array.isArray(value)
          ? value.map((item, index) => [`${what}[${index}]`, item] as const)
          : isRecord(value)
            ? Object.entries(value).map(([key, item]) => [`${what}[${JSON.stringify(key)}]`, item] as const)
            : [];
        if (r.minItems !== undefined && entries.length < r.minItems)
          found.push(`${what} must have at least ${r.minItems} entries`);
        if (r.maxItems !== undefined && entries.length > r.maxItems)
          found.push(`${what} must have at most ${r.maxItems} entries`);
        if (
          r.uniqueItems === true &&
          Array.isArray(value) &&
          // (entries unknown at preview are none alike)
          new Set(value.filter((item) => item !== UNKNOWN).map((item) => JSON.stringify(item))).size <
            value.filter((item) => item !== UNKNOWN).length
        )
          found.push(`${what} must not repeat an entry`);
        for (const [at, item] of entries)
          found.push(
            ...(type.element.kind === 'object'
              ? objectProblems(type.element.attributes, item, at)
              : problemsOf(r.element, type.element, item, at)),
          );
        break;
      }
      case 'object':
        found.push(...objectProblems(type.attributes, value, what));
        break;
      default:
        break;
    }
    return found;
  }
  // declared, not assigned: the closure Pulumi serializes reads them before their line (mutual recursion)
  function objectProblems(nested: readonly AttributeModel[], value: unknown, what: string): string[] {
    return isRecord(value)
      ? nested.flatMap((a) =>
          problemsOf(a.validation, a.type, value[camel(a.name)], `${what}.${camel(a.name)}`),
        )
      : [];
  }

  const toApi = (props: Props): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    for (const attribute of inputs) {
      if (attribute.apiName === null) continue;
      const value = props[attribute.key];
      if (value !== undefined && value !== null)
        body[attribute.apiName] = toApiValue(attribute.type, value, attribute.key);
    }
    return body;
  };

  /** Outputs: what the API answered, plus inputs the API never returns (write-only, config-side only). */
  const outputs = (props: Props, body: unknown, previous?: Props): Props => {
    const source = (body ?? {}) as Record<string, unknown>;
    const result: Props = { connection: props.connection };
    for (const attribute of attributes) {
      let value: unknown;
      const given = props[attribute.key];
      if (attribute.apiName === null || attribute.writeOnly) value = given;
      else if (attribute.createOnly)
        value = fromApiValue(attribute.type, source[attribute.apiName], given) ?? previous?.[attribute.key];
      else value = fromApiValue(attribute.type, source[attribute.apiName], given);
      if (value !== undefined) result[attribute.key] = value;
    }
    return result;
  };

  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

  /**
   * Whether leaving an attribute the API defaults unset keeps the value the object has: it does when that
   * value is the default (or the API's default is not known). One the program set away from the default
   * and then removed goes back to the default: a change (the update sends no value, the API fills it in).
   */
  const keepsDefault = (attribute: AttributeModel, old: unknown): boolean =>
    attribute.default === undefined || old === undefined || canonical(old) === canonical(attribute.default);

  /**
   * An update's body without the identifying secrets it keeps (an api key's): the gateway holds only their
   * hash, which a rotation through the API moves on; sent again, the old one would be refused as a change.
   * One the state does not know (an imported object) is sent, for the gateway to check.
   */
  const withoutKeptSecrets = (body: Record<string, unknown>, olds: Props, news: Props) => {
    for (const a of inputs)
      if (
        a.writeOnly &&
        a.immutable &&
        a.apiName !== null &&
        olds[a.key] !== undefined &&
        same(olds[a.key], news[a.key])
      )
        delete body[a.apiName];
    return body;
  };

  /**
   * Whether a new input keeps an old value: inside objects (and each item of a list) too, an attribute
   * the API defaults (optional + computed) counts as unchanged when the new input leaves it unset; maps
   * and JSON compare by content, whatever the order of their members.
   */
  const unchanged = (type: ValueType, old: unknown, next: unknown): boolean => {
    // a value not known yet (a preview of another resource's output) may be anything
    if (next === UNKNOWN) return false;
    if (type.kind === 'json')
      return canonical(jsonValue(old, type.kind)) === canonical(jsonValue(next, type.kind));
    if (type.kind === 'list' && Array.isArray(old) && Array.isArray(next))
      return (
        old.length === next.length && old.every((item, index) => unchanged(type.element, item, next[index]))
      );
    // a set is the same in any order
    if (type.kind === 'set' && Array.isArray(old) && Array.isArray(next)) {
      const rest = [...next];
      return (
        old.length === next.length &&
        old.every((item) => {
          const at = rest.findIndex((candidate) => unchanged(type.element, item, candidate));
          return at >= 0 && rest.splice(at, 1).length === 1;
        })
      );
    }
    if (type.kind === 'map' && isRecord(old) && isRecord(next)) {
      const keys = Object.keys(next);
      return (
        Object.keys(old).length === keys.length &&
        keys.every((k) => k in old && unchanged(type.element, old[k], next[k]))
      );
    }
    if (type.kind !== 'object' || !isRecord(old) || !isRecord(next)) return same(old, next);
    return type.attributes.every((inner) => {
      const key = camel(inner.name);
      return next[key] === undefined && inner.computed
        ? keepsDefault(inner, old[key])
        : unchanged(inner.type, old[key], next[key]);
    });
  };

  /** The inputs a program changed; attributes the API defaults (optional + computed) left at it are not. */
  const changedInputs = (olds: Props, news: Props) =>
    inputs.filter((a) =>
      news[a.key] === undefined && a.computed
        ? !keepsDefault(a, olds[a.key])
        : !unchanged(a.type, olds[a.key], news[a.key]),
    );

  const idOf = (body: unknown): string => String((body as Record<string, unknown>)[idApiName]);

  /**
   * Whether a replacement can exist beside the object it replaces (Pulumi's default order: create, move
   * what refers to it, then delete): only under a new name, names being unique in the gateway, and with
   * no identifying secret kept (an api key's is unique too). Otherwise the old object must go first.
   */
  const createsFirst = (olds: Props, changed: readonly (typeof inputs)[number][], replaces: string[]) =>
    replaces.includes('name') &&
    inputs.every((a) => !(a.writeOnly && a.immutable) || olds[a.key] === undefined || changed.includes(a));

  /**
   * After a 412: the object's current version (as If-Match) when what changed since `olds` is only what the
   * gateway itself keeps up to date (volatile attributes: a registry's last sync), so the write goes on;
   * undefined when someone changed its configuration (the 412 stands).
   */
  const onlyVolatileChanged = async (
    connection: Connection,
    id: string,
    olds: Props,
    error: unknown,
  ): Promise<string | undefined> => {
    if (!(error instanceof ManagementApiError) || error.status !== 412) return undefined;
    const { body } = await call(connection, 'get', pathOf(resource.operations.read.path, id));
    const current = outputs(olds, body, olds);
    const version = (body as Record<string, unknown> | undefined)?.['version'];
    const kept = inputs.every(
      (a) =>
        a.apiName === null || a.writeOnly || a.volatile || unchanged(a.type, olds[a.key], current[a.key]),
    );
    return kept && typeof version === 'number' ? `"${version}"` : undefined;
  };

  /** A conditional write, sent again against the current version when only volatile attributes moved. */
  const conditional = async <T>(
    connection: Connection,
    id: string,
    olds: Props,
    send: (ifMatch: string | undefined) => Promise<T>,
  ): Promise<T> => {
    const ifMatch = typeof olds.version === 'number' ? `"${olds.version}"` : undefined;
    try {
      return await send(ifMatch);
    } catch (error) {
      const current = await onlyVolatileChanged(connection, id, olds, error);
      if (current === undefined) throw error;
      return send(current);
    }
  };

  /** `name=<value>` import ids resolve through the list operation's filter. */
  const resolveId = async (connection: Connection, id: string): Promise<string> => {
    const match = /^([a-z_][a-z0-9_]*)=(.*)$/s.exec(id);
    const lookup = match ? resource.lookup.find((l) => l.attribute === match[1]) : undefined;
    if (!match || !lookup || !resource.operations.list) return id;
    const wanted = match[2] ?? '';
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page += 1) {
      const query: Record<string, string> = {};
      if (lookup.queryParameter) query[lookup.queryParameter] = wanted;
      if (cursor) query.cursor = cursor;
      const { body } = await call(connection, 'get', resource.operations.list.path, { query });
      const { items, nextCursor } = (body ?? {}) as {
        items?: Record<string, unknown>[];
        nextCursor?: string | null;
      };
      const found = (items ?? []).find((item) => String(item[lookup.apiName]) === wanted);
      if (found) return idOf(found);
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    throw new Error(
      `${resource.terraformType}: no object with ${lookup.attribute} = ${JSON.stringify(wanted)}.`,
    );
  };

  return {
    async check(_olds: Props, news: Props) {
      const failures = [
        ...inputs
          .filter((a) => a.required && (news[a.key] === undefined || news[a.key] === null))
          .map((a) => ({ property: a.key, reason: `${a.key} is required for ${resource.terraformType}.` })),
        ...inputs.flatMap((a) =>
          problemsOf(a.validation, a.type, news[a.key], a.key).map((problem) => ({
            property: a.key,
            reason: `${problem} (${resource.terraformType}).`,
          })),
        ),
      ];
      return { inputs: news, failures };
    },

    async diff(_id: string, olds: Props, news: Props) {
      const relevant = changedInputs(olds, news);
      // A write-only value (or its _version) the state does not know — an imported object — is no
      // replacement: the update sends it and the gateway checks it against what it keeps (a hash).
      const unknownWriteOnly = (a: (typeof inputs)[number]) =>
        (a.writeOnly || a.triggersWriteOnly !== undefined) && olds[a.key] === undefined;
      // a move across the groups of `replaceAcross` (an OAuth client's credential kind) is a new object
      const across = (a: (typeof inputs)[number]) => {
        const group = (value: unknown) =>
          a.replaceAcross?.findIndex((g) => g.includes((value ?? a.default) as never));
        return a.replaceAcross !== undefined && group(olds[a.key]) !== group(news[a.key]);
      };
      const replaces = relevant
        .filter((a) => (a.immutable && !unknownWriteOnly(a)) || across(a))
        .map((a) => a.key);
      return {
        // a new connection (a rotated key, a moved endpoint) is a change too: reads and deletes use the
        // one in the state
        changes: relevant.length > 0 || !same(olds.connection, news.connection),
        replaces,
        deleteBeforeReplace: replaces.length > 0 && !createsFirst(olds, relevant, replaces),
        stables: attributes.filter((a) => !a.volatile && !a.required && !a.optional).map((a) => a.key),
      };
    },

    async create(props: Props) {
      const connection = connectionOf(props);
      const { body } = await call(
        connection,
        resource.operations.create.method,
        resource.operations.create.path,
        {
          body: toApi(props),
        },
      );
      return { id: idOf(body), outs: outputs(props, body) };
    },

    async read(id: string, props?: Props) {
      const connection = connectionOf(props);
      const resolved = await resolveId(connection, id);
      try {
        const { body } = await call(connection, 'get', pathOf(resource.operations.read.path, resolved));
        const base: Props = { ...(props ?? {}), connection: props?.connection ?? connection };
        return { id: resolved, props: outputs(base, body, props) };
      } catch (error) {
        // Deleted outside Pulumi: an empty result tells the engine it is gone. A path the API has no route
        // for (an endpoint ending in /v1 already) says nothing of the object.
        if (gone(error)) return {};
        throw error;
      }
    },

    async update(id: string, olds: Props, news: Props) {
      const update = resource.operations.update;
      if (!update) throw new Error(`${resource.terraformType} cannot be updated in place.`);
      // only the connection changed: the state takes it, the gateway has nothing to do
      if (changedInputs(olds, news).length === 0) return { outs: { ...olds, connection: news.connection } };
      const connection = connectionOf(news);
      const response = await conditional(connection, id, olds, (ifMatch) =>
        call(connection, update.method, pathOf(update.path, id), {
          body: withoutKeptSecrets(toApi(news), olds, news),
          ...(ifMatch !== undefined ? { ifMatch } : {}),
        }),
      );
      return { outs: outputs(news, response.body, olds) };
    },

    async delete(id: string, props: Props) {
      const connection = connectionOf(props);
      try {
        await conditional(connection, id, props, (ifMatch) =>
          call(connection, 'delete', pathOf(resource.operations.delete.path, id), {
            ...(ifMatch !== undefined ? { ifMatch } : {}),
          }),
        );
      } catch (error) {
        if (gone(error)) return;
        throw error;
      }
    },
  };
}
