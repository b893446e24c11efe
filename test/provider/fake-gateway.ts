/**
 * An in-memory stand-in for the management API, generic over the resource model and following the API
 * conventions (201 + ETag on create, If-Match → 412, 404, problem+json with pointers, write-only fields
 * never returned, create-only secrets returned once). Used by the protocol harness; the end-to-end tests
 * run against the real gateway.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderModel, ResourceModel } from '../../provider/src/model/types.js';

type Json = Record<string, unknown>;

export interface FakeGateway {
  url: string;
  adminKey: string;
  objects: (plural: string) => Json[];
  /** Changes an object behind Terraform's back (bumps its version). */
  mutate: (plural: string, id: string, changes: Json) => void;
  remove: (plural: string, id: string) => void;
  requests: { method: string; path: string; ifMatch?: string | undefined; userAgent?: string | undefined }[];
  close: () => Promise<void>;
}

export async function startFakeGateway(
  model: ProviderModel,
  adminKey = 'test-admin-key',
): Promise<FakeGateway> {
  const stores = new Map<string, Map<string, Json>>();
  for (const resource of model.resources) stores.set(resource.plural, new Map());
  const requests: FakeGateway['requests'] = [];
  let sequence = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => problem(res, 500, 'internal', String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ifMatch = req.headers['if-match'] as string | undefined;
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      ifMatch,
      userAgent: req.headers['user-agent'],
    });
    if (req.headers.authorization !== `Bearer ${adminKey}`)
      return problem(res, 401, 'unauthorized', 'Invalid admin key.');
    const [, v1, plural, id] = url.pathname.split('/');
    const resource = model.resources.find((r) => r.plural === plural);
    if (v1 !== 'v1' || !resource) return problem(res, 404, 'not_found', `No route ${url.pathname}.`);
    const store = stores.get(resource.plural)!;
    const body = await readBody(req);
    if (id === undefined) {
      if (req.method === 'GET') {
        const filters = [...url.searchParams.entries()].filter(
          ([key]) => key !== 'cursor' && key !== 'limit',
        );
        const all = [...store.values()]
          .filter((o) => filters.every(([k, v]) => String(o[k]) === v))
          .map((o) => visible(resource, o));
        const offset = Number(url.searchParams.get('cursor') ?? '0');
        const limit = Number(url.searchParams.get('limit') ?? '2');
        const page = all.slice(offset, offset + limit);
        return json(res, 200, {
          items: page,
          ...(offset + limit < all.length ? { nextCursor: String(offset + limit) } : {}),
        });
      }
      if (req.method === 'POST') {
        const errors = validate(resource, body, true);
        if (errors.length > 0)
          return problem(res, 400, 'validation_failed', 'The request body is invalid.', errors);
        for (const other of store.values()) {
          if (resource.lookup.some((l) => l.apiName === 'name') && other['name'] === body['name']) {
            return problem(
              res,
              409,
              'already_exists',
              `A ${resource.type} named ${String(body['name'])} exists.`,
            );
          }
        }
        // as the gateway answers a create naming a resource being deleted at that moment
        if (body['name'] === 'races-a-delete')
          return problem(res, 409, 'conflict', 'The webhook "audit" this names is gone; read it again.');
        const now = new Date().toISOString();
        const object: Json = {
          ...defaults(resource),
          ...body,
          id: `${resource.type}_${++sequence}`,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        if (resource.type === 'api_key') {
          object['key'] = `mcpk_${randomBytes(12).toString('hex')}`;
          object['prefix'] = String(object['key']).slice(0, 9);
        }
        store.set(String(object['id']), object);
        return json(
          res,
          201,
          { ...visible(resource, object), ...(object['key'] ? { key: object['key'] } : {}) },
          object,
        );
      }
      return problem(res, 405, 'method_not_allowed', 'Method not allowed.');
    }
    const object = store.get(id);
    if (!object) return problem(res, 404, 'not_found', `No ${resource.type} ${id}.`);
    if (req.method === 'GET') return json(res, 200, visible(resource, object), object);
    if (ifMatch !== undefined && ifMatch !== `"${object['version']}"`) {
      return problem(
        res,
        412,
        'precondition_failed',
        `The ${resource.type} changed (now version ${object['version']}).`,
      );
    }
    if (req.method === 'DELETE') {
      store.delete(id);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'PUT' || req.method === 'PATCH') {
      const merged =
        req.method === 'PUT' ? { ...defaults(resource), ...body } : { ...strip(object), ...body };
      const errors = validate(resource, merged, false);
      for (const attribute of resource.attributes) {
        if (
          attribute.immutable &&
          attribute.apiName &&
          merged[attribute.apiName] !== undefined &&
          merged[attribute.apiName] !== object[attribute.apiName]
        ) {
          errors.push({ pointer: `/${attribute.apiName}`, detail: 'is immutable' });
        }
      }
      if (errors.length > 0)
        return problem(res, 400, 'validation_failed', 'The request body is invalid.', errors);
      const next: Json = {
        ...merged,
        id,
        version: Number(object['version']) + 1,
        createdAt: object['createdAt'],
        updatedAt: new Date().toISOString(),
        ...(object['key'] ? { key: object['key'], prefix: object['prefix'] } : {}),
      };
      for (const [key, value] of Object.entries(next)) if (value === null) delete next[key];
      store.set(id, next);
      return json(res, 200, visible(resource, next), next);
    }
    return problem(res, 405, 'method_not_allowed', 'Method not allowed.');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    adminKey,
    objects: (plural) => [...(stores.get(plural)?.values() ?? [])],
    mutate: (plural, id, changes) => {
      const store = stores.get(plural)!;
      const object = store.get(id)!;
      store.set(id, { ...object, ...changes, version: Number(object['version']) + 1 });
    },
    remove: (plural, id) => {
      stores.get(plural)?.delete(id);
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function defaults(resource: ResourceModel): Json {
  const result: Json = {};
  for (const attribute of resource.attributes) {
    if (attribute.apiName && attribute.default !== undefined) result[attribute.apiName] = attribute.default;
  }
  return result;
}

function strip(object: Json): Json {
  const { id: _id, version: _version, createdAt: _c, updatedAt: _u, key: _k, prefix: _p, ...rest } = object;
  return rest;
}

/** What the API returns: no write-only fields, no create-only secrets. */
function visible(resource: ResourceModel, object: Json): Json {
  const result: Json = {};
  for (const attribute of resource.attributes) {
    if (!attribute.apiName || attribute.writeOnly || attribute.createOnly) continue;
    if (object[attribute.apiName] !== undefined) result[attribute.apiName] = object[attribute.apiName];
  }
  return result;
}

function validate(
  resource: ResourceModel,
  body: Json,
  creating: boolean,
): { pointer: string; detail: string }[] {
  const errors: { pointer: string; detail: string }[] = [];
  for (const attribute of resource.attributes) {
    if (!attribute.apiName) continue;
    const value = body[attribute.apiName];
    if (attribute.required && (value === undefined || value === null))
      errors.push({ pointer: `/${attribute.apiName}`, detail: 'is required' });
    if (creating && !attribute.optional && !attribute.required && value !== undefined) {
      errors.push({ pointer: `/${attribute.apiName}`, detail: 'is read-only' });
    }
    const pattern = attribute.validation?.pattern;
    if (typeof value === 'string' && pattern && !new RegExp(pattern, 'u').test(value)) {
      errors.push({ pointer: `/${attribute.apiName}`, detail: `must match ${pattern}` });
    }
  }
  return errors;
}

function json(res: ServerResponse, status: number, body: unknown, object?: Json): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (object) headers['etag'] = `"${object['version']}"`;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

function problem(
  res: ServerResponse,
  status: number,
  code: string,
  detail: string,
  errors?: { pointer: string; detail: string }[],
): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' }).end(
    JSON.stringify({
      type: 'about:blank',
      title: code.replaceAll('_', ' '),
      status,
      code,
      detail,
      ...(errors ? { errors } : {}),
    }),
  );
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
}
