/**
 * API-to-MCP: an MCP server the gateway hosts itself for a REST API described by an OpenAPI 3.0/3.1
 * document. Each selected operation is a tool — named by its `operationId`, its parameters (path, query,
 * header, cookie) and JSON request body the input schema, its JSON success response the output schema,
 * `GET`/`HEAD` read-only, `PUT` idempotent, `DELETE` destructive. A call is one HTTP request to the API,
 * made with the server's own headers (its credentials, the caller's forwarded identity), bounded by the
 * server's timeout and message size; the answer becomes structured content (a 4xx/5xx is a tool error).
 *
 * It is a transport like the others, so every policy of the pipeline applies to it unchanged: the proxy
 * sends it JSON-RPC messages and reads back a JSON body.
 */

import { randomUUID } from 'node:crypto';
import { GatewayError, toJsonRpcError } from '../../core/errors.js';
import { gatewayOwnedHeader } from '../../core/http.js';
import type { HttpClient } from '../../core/http-client.js';
import { lruCache } from '../../core/lru.js';
import { patternMatcher } from '../../core/patterns.js';
import type { UrlGuard } from '../../core/url-guard.js';
import { randomToken } from '../../policies/guardrails/detectors.js';
import { credentialName } from '../../telemetry/headers.js';
import { SESSION_VERSIONS } from '../era.js';
import { errorResponse, isRequest, type JsonRpcMessage } from '../jsonrpc.js';
import { deadline, mayHaveRun, UpstreamRefusedCredentials, upstreamFailure } from './errors.js';
import {
  defaultStyle,
  headerValue,
  PARAMETER_STYLES,
  type ParameterStyle,
  pathValue,
  queryPairs,
} from './openapi-style.js';
import {
  RunningRequests,
  type UpstreamPost,
  type UpstreamReply,
  type UpstreamSession,
  type UpstreamTarget,
  type UpstreamTransport,
} from './types.js';

type Json = Record<string, unknown>;

export interface OpenApiSource {
  url?: string;
  document?: Json;
  baseUrl?: string;
  operations?: string[];
}

interface ParameterSpec {
  /** The argument's name in the tool's input (the parameter's, or `<in>_<name>` when names collide). */
  argument: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** How an array or object value is written (OpenAPI `style`, `explode`). */
  style: ParameterStyle;
  explode: boolean;
  /** A parameter given as `content` (a media type) rather than a schema: its value as JSON text. */
  json: boolean;
  /**
   * The shapes its schema declares a value may have, when it declares a type: an object or array given
   * for a parameter of another type would be written as parameters of its own (`form` writes each member
   * of an object as a query parameter), reaching the API with what no policy saw as an argument.
   */
  shapes?: { object: boolean; array: boolean; properties?: string[] };
}

/** What a parameter's (inlined) schema says of object and array values, when it declares a type. */
function shapesOf(schema: unknown): ParameterSpec['shapes'] {
  if (!isObject(schema)) return undefined;
  const type = schema['type'];
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (types === undefined) return undefined;
  const object = types.includes('object');
  const extra = schema['additionalProperties'];
  // an object whose members are listed, and none besides: only those may be written
  const properties =
    object && isObject(schema['properties']) && (extra === false || extra === undefined)
      ? Object.keys(schema['properties'])
      : undefined;
  return { object, array: types.includes('array'), ...(properties !== undefined ? { properties } : {}) };
}

/** Why a value does not have a shape its parameter's schema allows, or undefined. */
function shapeProblem(p: ParameterSpec, value: unknown): string | undefined {
  const shapes = p.shapes;
  if (shapes === undefined) return undefined;
  if (Array.isArray(value)) return shapes.array ? undefined : 'may not be a list';
  if (!isObject(value)) return undefined;
  if (!shapes.object) return 'may not be an object';
  const unknown =
    shapes.properties === undefined ? [] : Object.keys(value).filter((k) => !shapes.properties!.includes(k));
  return unknown.length > 0 ? `has members its schema does not list: ${unknown.join(', ')}` : undefined;
}

interface Operation {
  tool: Json;
  method: string;
  path: string;
  parameters: ParameterSpec[];
  /** The request body's JSON media type (its content type), when the operation takes one. */
  body: string | undefined;
}

interface Api {
  operations: Map<string, Operation>;
  title: string;
  version: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Whether every string in a value is well-formed UTF-16 (no lone surrogate half), so it encodes. */
function textOnly(value: unknown): boolean {
  // in a `u` pattern a pair is one code point: \p{Cs} matches only a half on its own
  if (typeof value === 'string') return !/\p{Cs}/u.test(value);
  if (Array.isArray(value)) return value.every(textOnly);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([k, v]) => textOnly(k) && textOnly(v));
  return true;
}

/** What an HTTP header value may hold: Latin-1 text without control characters (tab allowed). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** How deep `$ref`s are inlined into a tool's schema; deeper (or cyclic) ones become `{}` (anything). */
const MAX_REF_DEPTH = 8;
/** How deep one schema's objects and arrays may nest once inlined; deeper ones become `{}` (anything). */
const MAX_NESTING = 128;
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** A JSON media type: `application/json`, `application/merge-patch+json`, with or without parameters. */
const isJsonType = (type: string) => /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(type);
/** How many schema nodes one path may expand to: references that fan out are cut off there. */
const MAX_NODES = 20_000;
/**
 * How many a whole document may expand to: a small document whose paths all refer to one large path item
 * would otherwise cost each path's budget again (seconds of CPU and hundreds of MB). Past it, schemas are
 * left open (`{}`).
 */
const MAX_DOCUMENT_NODES = 500_000;
/** What an operation is granted once the document's nodes are spent: its own shape, schemas cut short. */
const MIN_OPERATION_NODES = 200;
/** How many operations a server may make tools of (its `operations` select among more). */
const MAX_OPERATIONS = 1_000;
const PROTOCOL_VERSION = '2025-11-25';

/** What a local `$ref` (and the `$ref`s it leads to, a few) points at; anything else as it is. */
function followRef(document: Json, value: unknown): unknown {
  let current = value;
  for (
    let hops = 0;
    hops < MAX_REF_DEPTH && isObject(current) && typeof current['$ref'] === 'string';
    hops++
  ) {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) return undefined;
    let target: unknown = document;
    for (const part of ref.slice(2).split('/'))
      target = isObject(target) ? target[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    current = target;
  }
  return current;
}

/** Follows local `$ref`s into a self-contained JSON Schema (cycles and depth cut off). */
function inline(
  document: Json,
  schema: unknown,
  depth = 0,
  seen: ReadonlySet<string> = new Set(),
  budget = { nodes: MAX_NODES },
  level = 0,
): unknown {
  if (--budget.nodes < 0) return {};
  // nesting bounded too: a YAML alias of itself is an object that contains itself, no `$ref` to cut
  if (level > MAX_NESTING) return {};
  if (Array.isArray(schema)) return schema.map((s) => inline(document, s, depth, seen, budget, level + 1));
  if (!isObject(schema)) return schema;
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/') || seen.has(ref) || depth >= MAX_REF_DEPTH) return {};
    let target: unknown = document;
    for (const part of ref.slice(2).split('/'))
      target = isObject(target) ? target[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    const { $ref: _ref, nullable, ...siblings } = schema;
    // (a target that is no object: a dangling reference, a boolean schema of 3.1, stands for no constraint)
    const inlined = inline(document, target, depth + 1, new Set([...seen, ref]), budget, level + 1);
    const resolved: Json = isObject(inlined) ? inlined : {};
    // siblings of a `$ref` (OpenAPI 3.1) apply beside it, made self-contained like the rest (a `$ref`
    // among them is resolved too): merged, unless a constraint of theirs meets one of the target's (a
    // schema's `properties` beside a referenced object's), which must both hold
    const rest = inline(document, siblings, depth, seen, budget, level + 1) as Json;
    const meets = Object.keys(rest).some((key) => !ANNOTATIONS.has(key) && key in resolved);
    const joined = meets
      ? {
          ...(typeof resolved['type'] === 'string' ? { type: resolved['type'] } : {}),
          allOf: [resolved, rest],
        }
      : { ...resolved, ...rest };
    return nullable === true ? orNull(joined) : joined;
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    // OpenAPI 3.0's nullable becomes JSON Schema's type union
    if (key === 'nullable' || key === 'xml' || key === 'example' || key === 'externalDocs') continue;
    // a map of names to schemas: its keys are names (a property may be called `example`), not keywords
    out[key] =
      SCHEMA_MAPS.has(key) && isObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([name, s]) => [
              name,
              inline(document, s, depth, seen, budget, level + 1),
            ]),
          )
        : inline(document, value, depth, seen, budget, level + 1);
  }
  // OpenAPI 3.0's boolean exclusive bounds become JSON Schema's numbers (a boolean there is no schema)
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
  if (schema['nullable'] === true) return orNull(out);
  return out;
}

/** Keywords that describe a schema without constraining it. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'summary',
  'deprecated',
  'readOnly',
  'writeOnly',
  'default',
  'examples',
  'example',
  'externalDocs',
  'xml',
]);

/** OpenAPI 3.0's `nullable: true` in JSON Schema: `null` allowed beside what the schema allows. */
function orNull(schema: Json): Json {
  const type = schema['type'];
  // a composition (or a constant) would still refuse null beside a widened type: null stands beside it
  const composed = ['allOf', 'anyOf', 'oneOf', 'not', 'const'].some((key) => key in schema);
  if (!composed && (typeof type === 'string' || Array.isArray(type))) {
    const types = typeof type === 'string' ? [type] : type;
    const widened: Json = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
    if (Array.isArray(schema['enum']) && !schema['enum'].includes(null))
      widened['enum'] = [...schema['enum'], null];
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/**
 * Whether `url`, as the HTTP client resolves it, stays below the base URL's path: a path key of the
 * document (`/%2e%2e/admin`) may not climb out of the prefix the operator gave.
 */
function belowBase(url: string, base: string): boolean {
  try {
    const prefix = new URL(base).pathname.replace(/\/+$/, '');
    const resolved = new URL(url).pathname;
    return prefix === '' || resolved === prefix || resolved.startsWith(`${prefix}/`);
  } catch {
    return false;
  }
}

/** The names (decoded) of a query's parameters. */
function queryNames(query: string): Set<string> {
  return new Set([...new URLSearchParams(query).keys()]);
}

/** A tool name MCP accepts (letters, digits, `_`, `-`, `.`; 1–128). */
const toolName = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 128);

/** Header and cookie parameters a server sets itself (its `headers`, the caller's identity): no arguments. */
export interface Supplied {
  /** Lower-case header names. */
  headers: ReadonlySet<string>;
  cookies: ReadonlySet<string>;
}

const NOTHING_SUPPLIED: Supplied = { headers: new Set(), cookies: new Set() };

/** What a server's own headers (and the identity it forwards) give every call of its API. */
export function suppliedBy(
  headers: Readonly<Record<string, string>> = {},
  identity: readonly string[] = [],
): Supplied {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const cookies = (lower['cookie'] ?? '')
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter((name) => name !== '');
  return {
    headers: new Set([...Object.keys(lower), ...identity.map((name) => name.toLowerCase())]),
    cookies: new Set(cookies),
  };
}

/** The tools of an OpenAPI document (the selected operations). */
export function operationsOf(
  document: Json,
  include?: readonly string[],
  server = 'API',
  supplied: Supplied = NOTHING_SUPPLIED,
): Api {
  const wanted = include !== undefined && include.length > 0 ? patternMatcher(include) : undefined;
  const operations = new Map<string, Operation>();
  const info = isObject(document['info']) ? document['info'] : {};
  const paths = isObject(document['paths']) ? document['paths'] : {};
  let left = MAX_DOCUMENT_NODES;
  // operationIds that are tool names as they are keep them: another operation's cleaned or generated
  // name never takes one (rules written against an operationId name that operation)
  const exact = new Set<string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = path.startsWith('/') ? followRef(document, rawItem) : undefined;
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const id = (item[method] as Json | undefined)?.['operationId'];
      if (typeof id === 'string' && id !== '' && toolName(id) === id) exact.add(id);
    }
  }
  for (const [path, rawItem] of Object.entries(paths)) {
    if (!path.startsWith('/')) continue; // OpenAPI: a path begins with a slash, relative to the servers
    const rawPath = followRef(document, rawItem);
    if (!isObject(rawPath)) continue;
    for (const method of METHODS) {
      const rawOperation = rawPath[method];
      if (!isObject(rawOperation)) continue;
      const id =
        typeof rawOperation['operationId'] === 'string' && rawOperation['operationId'] !== ''
          ? rawOperation['operationId']
          : `${method}${path}`;
      const cleaned = toolName(id);
      if (wanted !== undefined && !wanted(id) && !wanted(cleaned)) continue;
      if (operations.size >= MAX_OPERATIONS)
        throw new GatewayError(
          'upstream_error',
          `The OpenAPI document of server "${server}" has more than ${MAX_OPERATIONS} operations: select some with \`operations\`.`,
        );
      // only what the selected operation refers to is expanded, each within what the document has left
      // (and a little past it, for its own parameters and body: its schemas are cut short then)
      const budget = { nodes: Math.max(Math.min(MAX_NODES, left), MIN_OPERATION_NODES) };
      const granted = budget.nodes;
      const item = inline(
        document,
        { parameters: rawPath['parameters'], [method]: rawOperation },
        0,
        new Set(),
        budget,
      ) as Json;
      left = Math.max(0, left - (granted - Math.max(budget.nodes, 0)));
      const operation = item[method] as Json;
      // two operations whose ids clean up alike (`/v1/user_list`, `/v1/user/list`) stay two tools
      const own = cleaned === id && exact.has(id) ? id : undefined;
      const taken = (candidate: string) =>
        operations.has(candidate) || (candidate !== own && exact.has(candidate));
      let name = cleaned;
      for (let n = 2; taken(name); n++) name = `${cleaned.slice(0, 120)}_${n}`;
      const declared = [
        ...(Array.isArray(item['parameters']) ? item['parameters'] : []),
        ...(Array.isArray(operation['parameters']) ? operation['parameters'] : []),
      ].filter(isObject);
      // operation-level parameters override path-level ones of the same name and location
      const byKey = new Map<string, Json>();
      for (const p of declared) byKey.set(`${String(p['in'])}:${String(p['name'])}`, p);
      const parameters: ParameterSpec[] = [];
      const properties: Json = {};
      const required: string[] = [];
      const requestBody = isObject(operation['requestBody']) ? operation['requestBody'] : undefined;
      const content = isObject(requestBody?.['content']) ? (requestBody['content'] as Json) : {};
      const bodyType =
        'application/json' in content ? 'application/json' : Object.keys(content).find(isJsonType);
      // a body it must have in a form no tool argument can give (a form, a file upload): no tool
      if (bodyType === undefined && requestBody?.['required'] === true && Object.keys(content).length > 0)
        continue;
      const bodySchema = bodyType === undefined ? undefined : (content[bodyType] as Json | undefined);
      const names = [...byKey.values()].map((p) => String(p['name']));
      // the request body is the `body` argument: a parameter of that name takes its location's prefix
      if (bodyType !== undefined) names.push('body');
      for (const p of byKey.values()) {
        const where = p['in'];
        if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') continue;
        const pname = String(p['name']);
        // OpenAPI ignores `authorization`, `accept` and `content-type` header parameters; the gateway sets
        // them (and the credentials) itself, and no argument may set what frames or routes the request (a
        // `Host` would reach another virtual host behind the API's address)
        const lower = pname.toLowerCase();
        if (where === 'header' && (lower === 'authorization' || gatewayOwnedHeader(lower))) continue;
        // nor what the server's own headers give every call (an API key, a session cookie): the model is
        // never asked for it, and whatever it would give is not sent
        if (where === 'header' && supplied.headers.has(lower)) continue;
        if (where === 'cookie' && supplied.cookies.has(pname)) continue;
        const argument = names.filter((n) => n === pname).length > 1 ? `${where}_${pname}` : pname;
        const isRequired = where === 'path' || p['required'] === true;
        const style = PARAMETER_STYLES.find((known) => known === p['style']) ?? defaultStyle(where);
        const explode = typeof p['explode'] === 'boolean' ? p['explode'] : style === 'form';
        // (JSON media types only: another one's value is sent as its text)
        const json =
          p['schema'] === undefined &&
          isObject(p['content']) &&
          Object.keys(p['content'] as Json).some(isJsonType);
        // a parameter given as `content` has its media type's schema
        const media = isObject(p['content']) ? Object.values(p['content'] as Json).find(isObject) : undefined;
        const schema = isObject(p['schema']) ? p['schema'] : (media as Json | undefined)?.['schema'];
        const shapes = json ? undefined : shapesOf(schema);
        parameters.push({
          argument,
          name: pname,
          in: where,
          required: isRequired,
          style,
          explode,
          json,
          ...(shapes !== undefined ? { shapes } : {}),
        });
        properties[argument] = {
          ...(isObject(schema) ? (schema as Json) : { type: 'string' }),
          ...(typeof p['description'] === 'string' ? { description: p['description'] } : {}),
        };
        if (isRequired) required.push(argument);
      }
      // every `{name}` of the path is a required argument, declared or not (a document may leave one out,
      // or its declaration be cut past the bound): a call never reaches the literal `{name}`
      for (const [, templated] of path.matchAll(/\{([^}]+)\}/g)) {
        if (templated === undefined || parameters.some((p) => p.in === 'path' && p.name === templated))
          continue;
        const argument = templated in properties || templated === 'body' ? `path_${templated}` : templated;
        parameters.push({
          argument,
          name: templated,
          in: 'path',
          required: true,
          style: 'simple',
          explode: false,
          json: false,
        });
        properties[argument] = { type: 'string' };
        required.push(argument);
      }
      if (bodyType !== undefined) {
        properties['body'] = isObject(bodySchema?.['schema']) ? bodySchema['schema'] : {};
        if (requestBody?.['required'] === true) required.push('body');
      }
      const responses = isObject(operation['responses']) ? operation['responses'] : {};
      // an output schema only when every success is a JSON object: a call answered 202 or 204 without
      // one would break the schema's promise
      const successes = Object.entries(responses)
        .filter(([code]) => /^2(\d\d|XX)$/.test(code))
        .map(([, response]) => {
          const content = isObject(response) ? (response['content'] as Json | undefined) : undefined;
          return ((isObject(content) ? content['application/json'] : undefined) as Json | undefined)?.[
            'schema'
          ];
        });
      // answers of several shapes (200 a report, 202 a job): any of them
      const shapes = [...new Map(successes.map((s) => [JSON.stringify(s), s])).values()];
      const responseSchema =
        successes.length === 0 || !successes.every((s) => isObject(s) && s['type'] === 'object')
          ? undefined
          : shapes.length === 1
            ? shapes[0]
            : { type: 'object', anyOf: shapes };
      const summary = [operation['summary'], operation['description']]
        .filter((t) => typeof t === 'string')
        .join('\n\n');
      const tool: Json = {
        name,
        ...(summary !== '' ? { description: summary } : {}),
        inputSchema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) },
        // MCP output schemas describe an object; other answers go out as text only
        ...(isObject(responseSchema) && responseSchema['type'] === 'object'
          ? { outputSchema: responseSchema }
          : {}),
        annotations: {
          title: typeof operation['summary'] === 'string' ? operation['summary'] : name,
          readOnlyHint: method === 'get' || method === 'head',
          destructiveHint: method === 'delete',
          idempotentHint: method === 'get' || method === 'head' || method === 'put' || method === 'delete',
          openWorldHint: true,
        },
      };
      operations.set(name, { tool, method, path, parameters, body: bodyType });
    }
  }
  return {
    operations,
    title: typeof info['title'] === 'string' ? info['title'] : 'API',
    version: typeof info['version'] === 'string' ? info['version'] : '0',
  };
}

export interface OpenApiTransportDeps {
  http: HttpClient;
  guard: UrlGuard;
}

export class OpenApiTransport implements UpstreamTransport {
  /** Parsed documents per server configuration (a changed server is another key). */
  private readonly apis = lruCache<string, Promise<Api>>(500, { ttl: 5 * 60_000 });
  /** Calls under way here, to cancel. */
  private readonly running = new RunningRequests();

  constructor(private readonly deps: OpenApiTransportDeps) {}

  private api(target: UpstreamTarget): Promise<Api> {
    const source = target.openapi;
    if (source === undefined)
      return Promise.reject(
        new GatewayError('upstream_error', `Server "${target.name}" has no openapi block.`),
      );
    const supplied = suppliedBy(target.headers, target.identityHeaders);
    const key = `${target.configKey ?? target.name}|${JSON.stringify([
      source.operations ?? [],
      [...supplied.headers],
      [...supplied.cookies],
    ])}`;
    let api = this.apis.get(key);
    if (api === undefined) {
      const loaded = this.load(target.name, source);
      // a document that could not be read is read again next time; one that reads alike is kept
      loaded.catch(() => this.apis.delete(key));
      const made = loaded.then((document) =>
        operationsOf(document, source.operations, target.name, supplied),
      );
      // nor is one no tools could be made of kept: its fix is read at once
      made.catch(() => {
        if (this.apis.get(key) === made) this.apis.delete(key);
      });
      api = made;
      this.apis.set(key, api);
    }
    return api;
  }

  private async load(name: string, source: OpenApiSource): Promise<Json> {
    if (source.document !== undefined) return source.document;
    if (source.url === undefined)
      throw new GatewayError(
        'upstream_error',
        `Server "${name}" names no OpenAPI document (url or document).`,
      );
    await this.deps.guard.check(source.url);
    const signal = AbortSignal.timeout(15_000);
    const chunks: Uint8Array[] = [];
    let response: Awaited<ReturnType<HttpClient['request']>>;
    // a document that cannot be read is the server being unreachable (its circuit, failover), never a 500
    try {
      response = await this.deps.http.request({
        method: 'GET',
        url: source.url,
        headers: { accept: 'application/json, application/yaml, text/yaml' },
        signal,
      });
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > 8 * 1024 * 1024)
          throw new GatewayError('upstream_error', `The OpenAPI document of "${name}" is over 8 MiB.`);
        chunks.push(chunk);
      }
    } catch (error) {
      throw upstreamFailure(name, error, signal.aborted);
    }
    if (response.status !== 200)
      throw new GatewayError(
        'upstream_error',
        `The OpenAPI document of "${name}" answered HTTP ${response.status}.`,
      );
    const text = Buffer.concat(chunks).toString('utf8');
    let document: unknown;
    try {
      // the YAML parser is loaded for the first YAML document (a Lambda bundle loads it only then)
      // (a byte order mark, as some editors save a document, is no part of it)
      const unmarked = text.startsWith('\uFEFF') ? text.slice(1) : text;
      document = unmarked.trimStart().startsWith('{')
        ? JSON.parse(unmarked)
        : (await import('yaml')).parse(unmarked, { maxAliasCount: 100 });
    } catch {
      throw new GatewayError('upstream_error', `The OpenAPI document of "${name}" is neither JSON nor YAML.`);
    }
    if (!isObject(document) || !isObject(document['paths']))
      throw new GatewayError(
        'upstream_error',
        `The document of "${name}" is no OpenAPI document (it has no paths).`,
      );
    return document;
  }

  async post(target: UpstreamTarget, call: UpstreamPost): Promise<UpstreamReply> {
    // a client's cancellation ends its call's HTTP request (on this instance): the API may yet stop
    this.running.cancel(call.session, call.messages);
    const api = await this.api(target);
    const answers: JsonRpcMessage[] = [];
    let sessionId: string | undefined;
    // a batch's calls run one after another within one timeout, each answered on its own: one that
    // fails takes nothing from those that ran (an operation that changed something is not run twice)
    const batch = call.body.trimStart().startsWith('[');
    const givesUpAt = Date.now() + target.timeoutMs;
    /** A batch's failed calls: all of them failing is the API failing (its circuit's concern). */
    const failures: GatewayError[] = [];
    /** Whether the API failed a call (a 5xx: a tool error to the model, a failure to the target's circuit). */
    let apiFailed = false;
    const answered = (status: number) => {
      if (status >= 500) apiFailed = true;
    };
    for (const message of call.messages) {
      if (!isRequest(message)) continue;
      const answer = (result: unknown) =>
        answers.push({ jsonrpc: '2.0', id: message.id, result } as JsonRpcMessage);
      const fail = (code: number, text: string) =>
        answers.push({ jsonrpc: '2.0', id: message.id, error: { code, message: text } } as JsonRpcMessage);
      switch (message.method) {
        case 'initialize':
          sessionId = `openapi-${randomUUID()}`;
          answer({
            // the version asked when it is one this server speaks; else its own (the client decides)
            protocolVersion:
              typeof message.params?.['protocolVersion'] === 'string' &&
              SESSION_VERSIONS.includes(message.params['protocolVersion'])
                ? message.params['protocolVersion']
                : PROTOCOL_VERSION,
            capabilities: { tools: { listChanged: false } },
            serverInfo: { name: api.title, version: api.version },
          });
          break;
        case 'ping':
          answer({});
          break;
        case 'tools/list':
          answer({ tools: [...api.operations.values()].map((o) => o.tool) });
          break;
        case 'tools/call': {
          const name = message.params?.['name'];
          const operation = typeof name === 'string' ? api.operations.get(name) : undefined;
          if (operation === undefined) {
            fail(-32602, `Unknown tool: ${String(name)}`);
            break;
          }
          const args = isObject(message.params?.['arguments']) ? (message.params['arguments'] as Json) : {};
          const left = { ...target, timeoutMs: givesUpAt - Date.now() };
          const { signal, done } = this.running.start(call.session, message.id, call.signal);
          try {
            if (!batch) {
              answer(await this.call(left, operation, args, signal, answered));
              break;
            }
            try {
              // past the batch's timeout, a call is not sent at all (it might run, answered or not)
              if (left.timeoutMs <= 0) throw upstreamFailure(target.name, undefined, true);
              answer(await this.call(left, operation, args, signal, answered));
            } catch (error) {
              const failure =
                error instanceof GatewayError ? error : upstreamFailure(target.name, error, false);
              failures.push(failure);
              answers.push(errorResponse(message.id, toJsonRpcError(failure)));
            }
          } finally {
            done();
          }
          break;
        }
        default:
          fail(-32601, `Method not found: ${message.method}`);
      }
    }
    // every call failed: the failure thrown says whether any may have run (a budget, a retry go by it)
    if (failures.length > 0 && failures.length === answers.length)
      throw failures.find(mayHaveRun) ?? failures[0]!;
    if (answers.length === 0) return { status: 202 };
    const body = JSON.stringify(batch ? answers : answers[0]);
    return {
      status: 200,
      contentType: 'application/json',
      ...(sessionId !== undefined ? { sessionId } : {}),
      ...(apiFailed ? { serverFailed: true } : {}),
      body: (async function* () {
        yield Buffer.from(body);
      })(),
    };
  }

  /** One tool call: the operation's HTTP request, its answer as a tool result. */
  private async call(
    target: UpstreamTarget,
    operation: Operation,
    args: Json,
    signal: AbortSignal,
    /** Told the API's HTTP status once it answered. */
    answered?: (status: number) => void,
  ): Promise<Json> {
    // a base URL's own query (an API key some APIs take there) goes before the operation's parameters
    const [baseAddress = '', baseQuery] = (target.openapi?.baseUrl ?? target.url)
      .split('#')[0]!
      .split(/\?(.*)/s);
    const fixed = queryNames(baseQuery ?? '');
    const fixedPairs = new Set((baseQuery ?? '').split('&'));
    // a path parameter is always required, and an empty one would reach another endpoint (`/notes/`); a
    // required query parameter the base URL fixes (an `api-version`) is given by it
    const missing = operation.parameters
      .filter((p) =>
        p.in === 'path'
          ? args[p.argument] === undefined || args[p.argument] === null || args[p.argument] === ''
          : p.required &&
            !(p.in === 'query' && fixed.has(p.name)) &&
            (args[p.argument] === undefined || args[p.argument] === null),
      )
      .map((p) => p.argument);
    if (
      operation.body &&
      (operation.tool['inputSchema'] as { required?: string[] }).required?.includes('body') &&
      args['body'] === undefined
    )
      missing.push('body');
    if (missing.length > 0)
      return {
        isError: true,
        content: [{ type: 'text', text: `Missing arguments: ${missing.join(', ')}.` }],
      };
    const base = baseAddress.replace(/\/+$/, '');
    const query: string[] = baseQuery !== undefined && baseQuery !== '' ? [baseQuery] : [];
    let path = operation.path;
    // names in lower case, so that a parameter cannot add a second spelling of the server's own header
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(target.headers)) headers[name.toLowerCase()] = value;
    headers['accept'] = 'application/json';
    const cookies: string[] = [];
    for (const p of operation.parameters) {
      const given = args[p.argument];
      if (given === undefined || given === null) continue;
      const misshapen = shapeProblem(p, given);
      if (misshapen !== undefined)
        return { isError: true, content: [{ type: 'text', text: `Argument ${p.argument} ${misshapen}.` }] };
      const value = p.json ? JSON.stringify(given) : given;
      // a lone surrogate half encodes to nothing (encodeURIComponent throws): the caller's mistake
      if (!textOnly(value))
        return {
          isError: true,
          content: [{ type: 'text', text: `Argument ${p.argument} is not valid Unicode text.` }],
        };
      if (p.in === 'path') {
        const written = pathValue(p.name, value, p.style, p.explode);
        // nothing (an empty list) would reach another endpoint (`/notes/`); `.` and `..` would leave
        // the operation's path once the URL is resolved
        if (written === '' || written === '.' || written === '..')
          return {
            isError: true,
            content: [{ type: 'text', text: `Argument ${p.argument} may not be empty, . or ..` }],
          };
        path = path.replaceAll(`{${p.name}}`, written);
      } else if (p.in === 'query') {
        const pairs = queryPairs(p.name, value, p.style, p.explode);
        // the base URL's own parameters (a tenant, an API key) are the operator's, never the caller's
        const taken = [...queryNames(pairs.join('&'))].find((name) => fixed.has(name));
        // the value the URL gives already (the document's required `api-version`, as the URL sets it)
        if (taken !== undefined && pairs.every((pair) => fixedPairs.has(pair))) continue;
        if (taken !== undefined)
          return {
            isError: true,
            content: [
              {
                type: 'text',
                text: `Argument ${p.argument} would set the query parameter ${JSON.stringify(taken)}, which the server's URL fixes.`,
              },
            ],
          };
        query.push(...pairs);
      }
      // a header the server sets itself (its credentials, the caller's identity) is never the caller's to set
      else if (p.in === 'header') {
        const written = headerValue(value, p.explode);
        // a value no header can carry is the caller's mistake, not an unreachable upstream
        if (!HEADER_VALUE.test(written))
          return {
            isError: true,
            content: [
              {
                type: 'text',
                text: `Argument ${p.argument} is no header value (Latin-1 text without control characters).`,
              },
            ],
          };
        const lower = p.name.toLowerCase();
        // nor one that forwards the caller's identity, even when this caller has no value for it
        if (!(lower in headers) && !target.identityHeaders?.includes(lower)) headers[lower] = written;
      } else cookies.push(...queryPairs(p.name, value, 'form', p.explode));
    }
    // the server's own cookie header (its credentials) is not the caller's to replace either
    if (cookies.length > 0 && !('cookie' in headers)) headers['cookie'] = cookies.join('; ');
    // nor may placeholders side by side (`/{name}.{ext}`) make one
    if (path.split('/').some((segment) => segment === '.' || segment === '..'))
      return {
        isError: true,
        content: [{ type: 'text', text: 'The arguments make a path segment of . or ..' }],
      };
    const url = `${base}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
    // the operation's path stays on the base URL's origin (a spec's path key could read `@other.host/…`)
    if (!sameOrigin(url, base))
      return {
        isError: true,
        content: [{ type: 'text', text: `The operation's URL leaves ${new URL(base).origin}.` }],
      };
    if (!belowBase(url, base))
      return {
        isError: true,
        content: [{ type: 'text', text: `The operation's URL leaves the path of ${base}.` }],
      };
    await this.deps.guard.check(url);
    if (operation.body !== undefined && args['body'] !== undefined) headers['content-type'] = operation.body;
    const limit = deadline(signal, target.timeoutMs, target.name);
    let status: number;
    let text: string;
    let contentType: string;
    try {
      const response = await this.deps.http.request({
        method: operation.method.toUpperCase() as 'GET',
        url,
        headers,
        ...(operation.body !== undefined && args['body'] !== undefined
          ? { body: JSON.stringify(args['body']) }
          : {}),
        signal: limit.signal,
      });
      status = response.status;
      answered?.(status);
      contentType = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > target.maxMessageBytes)
          throw new GatewayError(
            'upstream_error',
            `The answer of "${target.name}" exceeds the message limit of ${target.maxMessageBytes} bytes.`,
          );
        chunks.push(chunk);
      }
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw upstreamFailure(target.name, error, limit.timedOut());
    } finally {
      limit.end();
    }
    let parsed: unknown;
    if (contentType.includes('json') && text !== '')
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    // whatever the status: an API that repeats the request (a "whoami", an echo) hands on no credential
    ({ text, parsed } = withoutCredentials(
      text,
      parsed,
      credentialsOf(target.headers, baseQuery, target.identityHeaders),
    ));
    // the token the gateway obtained for the server is no good there (revoked, expired early): the
    // credentials stage renews it (or asks the user's consent anew) for the next call
    if (status === 401 && target.obtainsCredentials === true)
      throw new UpstreamRefusedCredentials(target.name, 401);
    // a redirect is not followed (its target is no address the server was given): not the answer either
    const isError = status >= 300;
    const shown = text === '' ? `HTTP ${status}` : text;
    const structured = isObject(parsed) && !isError;
    // a tool with an output schema promises structured content: an answer without a JSON object (a 204,
    // a page) is a tool error, not a result the client's SDK would refuse
    if (!isError && !structured && operation.tool['outputSchema'] !== undefined)
      return {
        content: [
          {
            type: 'text',
            text: `HTTP ${status}: the API answered no JSON object, as the tool's output schema says it would: ${shown.slice(0, 4096)}`,
          },
        ],
        isError: true,
      };
    // the text copy of a structured answer goes as a JSON string beside it: a large answer would pass the
    // message limit twice over, so its text then only points at the structured content
    const bytes = structured ? Buffer.byteLength(text) : 0;
    // the copy is a JSON string: its quotes and backslashes escaped, it may be twice the answer
    const copy =
      structured && bytes + Buffer.byteLength(JSON.stringify(text)) + 1024 > target.maxMessageBytes
        ? `HTTP ${status}: the answer (${bytes} bytes of JSON) is in the structured content.`
        : structured
          ? shown
          : fitted(shown, status, Buffer.byteLength(text), target.maxMessageBytes);
    return {
      content: [
        {
          type: 'text',
          text: isError ? `HTTP ${status}: ${shown.slice(0, 4096)}` : copy,
        },
      ],
      ...(structured ? { structuredContent: parsed } : {}),
      ...(isError ? { isError: true } : {}),
    };
  }

  async listen(): Promise<UpstreamReply> {
    return { status: 405 };
  }

  async terminate(_target: UpstreamTarget, _session: UpstreamSession): Promise<void> {}
}

/**
 * Whether a value an admin configured looks like a key of some kind whatever its name says
 * (`X-Functions-Key`, `?code=`, `?appid=`): random-looking, as the guardrails judge a token (long, letters
 * and digits mixed, a random string's entropy). A version, a date, a media type or a UUID is none.
 */
const tokenLike = (value: string) => randomToken(value);

/**
 * The server's own credentials, as an answer may repeat them: an API that repeats the request (the header
 * it refused, the URL with the base URL's `api_key`, a "whoami") would hand them to every caller and their
 * model. The values of headers and query parameters whose names say they are credentials, or that look
 * like keys (the server's headers are write-only, whatever their names), also JSON-escaped and as sent
 * (percent-encoded), the longest first; other values (an `Accept`, a `version`) stay readable, and so do
 * the caller's own identity headers.
 */
function credentialsOf(
  headers: Readonly<Record<string, string>>,
  baseQuery?: string,
  identityHeaders: readonly string[] = [],
): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    const own = !identityHeaders.includes(name.toLowerCase());
    if (!credentialName(name) && !(own && tokenLike(value))) continue;
    secrets.add(value);
    // a scheme's credential alone too (`Bearer <token>`: the token)
    const credential = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (credential !== undefined) secrets.add(credential);
  }
  for (const pair of (baseQuery ?? '').split('&')) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).replace(/\+/g, ' ');
    const sent = pair.slice(at + 1);
    if (at < 0 || !(credentialName(safeDecode(name)) || tokenLike(safeDecode(sent)))) continue;
    secrets.add(sent);
    secrets.add(new URLSearchParams(pair).values().next().value ?? sent);
  }
  for (const secret of [...secrets]) secrets.add(JSON.stringify(secret).slice(1, -1));
  // the longest first: a token inside its header's value goes with the value
  return [...secrets].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function redact(text: string, secrets: readonly string[]): string {
  let shown = text;
  for (const secret of secrets) shown = shown.replaceAll(secret, '[REDACTED]');
  return shown;
}

/**
 * An answer without the server's own credentials: a JSON one in its string values and member names
 * (never its numbers or syntax, whatever the API escaped: it stays valid JSON and its shape), anything
 * else in its text. `parsed` is changed in place (it is the answer's own); answers the text to show.
 */
function withoutCredentials(
  text: string,
  parsed: unknown,
  secrets: readonly string[],
): { text: string; parsed: unknown } {
  if (secrets.length === 0) return { text, parsed };
  if (parsed === undefined) return { text: redact(text, secrets), parsed };
  if (typeof parsed === 'string') {
    const cleaned = redact(parsed, secrets);
    return cleaned === parsed ? { text, parsed } : { text: JSON.stringify(cleaned), parsed: cleaned };
  }
  let changed = false;
  // without recursion: an answer may nest as deep as JSON.parse takes
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    if (node === null || typeof node !== 'object') continue;
    // names too: an API keying a map by token (a key listing, an introspection) shows it as one
    if (!Array.isArray(node) && renameRedacted(node, secrets)) changed = true;
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        const cleaned = redact(value, secrets);
        if (cleaned !== value) {
          (node as Record<string, unknown>)[key] = cleaned;
          changed = true;
        }
      } else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  // the text as the API sent it, when nothing parsed was changed, may still hold a secret where parsing
  // lost it (a name given twice, a number): cleaned as text too
  if (!changed) return { text: redact(text, secrets), parsed };
  try {
    return { text: JSON.stringify(parsed), parsed };
  } catch {
    // nested past what JSON.stringify takes: its text cleaned as text
    return { text: redact(text, secrets), parsed };
  }
}

/**
 * Renames the members of `node` whose names hold a secret, in place and in their order (a name twice
 * once redacted keeps the later value); answers whether any was.
 */
function renameRedacted(node: Record<string, unknown>, secrets: readonly string[]): boolean {
  const names = Object.keys(node);
  const shown = names.map((name) => redact(name, secrets));
  if (shown.every((name, i) => name === names[i])) return false;
  const values = names.map((name) => node[name]);
  for (const name of names) delete node[name];
  // defined, not assigned: a member named `__proto__` stays a member
  shown.forEach((name, i) => {
    Object.defineProperty(node, name, {
      value: values[i],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return true;
}

/**
 * An answer's text as the result's text, cut where its escaped form (quotes and backslashes, `\u` escapes)
 * fits the message limit with room to spare: an answer within the limit as it came could pass it once
 * escaped, and the whole call would fail as too large.
 */
function fitted(shown: string, status: number, bytes: number, limit: number): string {
  const room = limit - 1024;
  const size = (text: string) => Buffer.byteLength(JSON.stringify(text));
  if (size(shown) <= room) return shown;
  const note = `… (HTTP ${status}: the answer of ${bytes} bytes is cut to fit the message limit of ${limit} bytes)`;
  let end = Math.floor((shown.length * room) / size(shown));
  while (end > 0 && size(shown.slice(0, end)) + size(note) > room) end = Math.floor(end * 0.9);
  return `${shown.slice(0, end)}${note}`;
}
