/**
 * The management API as one platform-neutral handler: routing of `/v1/openapi.json` and of every
 * annotated resource (`/v1/<plural>`, `/v1/<plural>/{id}`), admin authentication, body parsing and the
 * mapping of every error to RFC 9457 problem+json.
 */

import { randomUUID } from 'node:crypto';
import { countedApart, MAX_RANGE_MS, queryUsage } from '../analytics/usage.js';
import { AUDIT_TYPES, AuditDeferred, type AuditSink, type NewAuditEvent, queryAudit } from '../audit/log.js';
import type { AdminKey } from '../auth/admin-key.js';
import { seenUserOf, seenUsersPartition } from '../auth/seen-users.js';
import { signOut } from '../auth/sign-outs.js';
import { importServerJson, syncedEvent, syncRegistry } from '../catalog/registry.js';
import { MAX_TOOL_NAME_BYTES } from '../catalog/tools.js';
import { CorruptConfigError } from '../config/decode.js';
import { readServer, serverFromItem } from '../config/reader.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Budget, Server } from '../core/config.js';
import { asGatewayError, GatewayError, problemAnswer } from '../core/errors.js';
import { bodySize, type HttpRequest, type HttpResponse, json, refuseContentCoding } from '../core/http.js';
import type { HttpClient } from '../core/http-client.js';
import { inspectJsonText } from '../core/json-depth.js';
import { parseDateTime } from '../core/time.js';
import type { UrlGuard } from '../core/url-guard.js';
import { openapiDocument } from '../generated/openapi-document.js';
import { readHealth } from '../mcp/health-record.js';
import { circuitStates } from '../mcp/upstream/router.js';
import { AuthzWebhooks } from '../policies/access/webhook.js';
import { budgetUsage } from '../policies/budget/usage.js';
import { type StateStore, storableNumber, unstorableNumberAt } from '../store/port.js';
import type { Sealer } from '../vault/sealer.js';
import { listVaultEntries, TokenVault } from '../vault/upstream-oauth.js';
import {
  adminFieldChanged,
  allows,
  type Caller,
  callerOf,
  type ManagementTokens,
  notAllowed,
  selfRegistered,
  visibleTo,
} from './access.js';
import { explainAccess } from './access-explain.js';
import type { ResourceModel } from './model.js';
import {
  createResourceService,
  defaultWorkspaceName,
  ensureDefaultWorkspace,
  rotateApiKey,
  workspaceExists,
} from './resources.js';
import { RESEAL_BUDGET_MS, resealAll } from './sealing.js';
import { approveServerTool, serverTools } from './servers.js';
import { etag } from './service.js';
import { pointerFor } from './validation.js';

export interface ManagementApiOptions {
  store: StateStore;
  clock?: Clock;
  /** Seals write-only configuration at rest (config/sealed-fields.ts); the data plane opens it with the same key. */
  sealer?: Sealer | undefined;
  /** Checks the admin credential; see `bootstrapAdminKey`. */
  adminKey: AdminKey;
  /** Identity-provider tokens with roles, accepted besides the admin key; admin key only when unset. */
  tokens?: ManagementTokens;
  /**
   * Outbound HTTP for what the API asks elsewhere (the explainer's authorization webhooks, revocations at
   * upstreams' authorization servers); none when unset.
   */
  outbound?: { http: HttpClient; guard: UrlGuard };
  /**
   * What reaches addresses an upstream's metadata names elsewhere (its authorization server's endpoints),
   * as the data plane's `publicOutbound`: no private addresses. Default: `outbound`.
   */
  publicOutbound?: { http: HttpClient; guard: UrlGuard };
  /** A prefix before `/v1` (e.g. an API Gateway stage path); none by default. */
  basePath?: string;
  /** Told about every error answered with a 5xx status (for logging); never affects the response. */
  onError?: (error: unknown, request: HttpRequest) => void;
  /** Where changes are recorded (`/v1/audit-events` reads the store); none when unset. */
  audit?: AuditSink;
  /** How long audit events are kept (the default range of `/v1/audit-events`). Default 90. */
  auditRetentionDays?: number;
  /** The largest request body taken (bytes), as the data plane's; unbounded when unset (a server before it bounds it). */
  maxBodyBytes?: number;
}

export type ManagementApi = (request: HttpRequest) => Promise<HttpResponse>;

/** The outbound HTTP of a management API that makes no outbound calls: every address refused. */
const offline: { http: HttpClient; guard: UrlGuard } = (() => {
  const refused = () =>
    Promise.reject(new GatewayError('forbidden', 'This management API makes no outbound calls.'));
  return { http: { request: refused, close: async () => {} }, guard: { check: refused } };
})();

/** What a revocation leaves of a request's time (a Lambda invocation's) to audit it and answer. */
const REVOCATION_MARGIN_MS = 3000;

/** The last millisecond of the year 9999. */
const MAX_AUDIT_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const specPath = '/v1/openapi.json';
const jsonTypes = new Set(['application/json']);
const patchTypes = new Set(['application/merge-patch+json', 'application/json']);
const noStore = { 'cache-control': 'no-store' };
/** Longer ids cannot exist (the spec's `Id` parameter) and would exceed the store's key size. */
const maxIdLength = 128;
/** A user id's bound: a principal's id (an api key's user, a token's subject) is up to 256 characters. */
const MAX_USER_LENGTH = 256;

function limitBounds(): { fallback: number; max: number } {
  const components = openapiDocument['components'] as { parameters?: Record<string, { schema?: unknown }> };
  const schema = (components.parameters?.['Limit']?.schema ?? {}) as { default?: unknown; maximum?: unknown };
  return {
    fallback: typeof schema.default === 'number' ? schema.default : 50,
    max: typeof schema.maximum === 'number' ? schema.maximum : 100,
  };
}

/** 405 with the methods allowed (HEAD wherever GET is: it is GET without the body). */
const methodNotAllowed = (allowed: string[]) => {
  const methods = allowed.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]));
  return new GatewayError('method_not_allowed', `Use one of: ${methods.join(', ')}.`, {
    headers: { allow: methods.join(', ') },
  });
};

function parseBody(request: HttpRequest, accepted: Set<string>): unknown {
  const contentType = request.headers['content-type'];
  if (contentType !== undefined) {
    const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
    if (!accepted.has(media) || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      const list = [...accepted].join(', ');
      throw new GatewayError('unsupported_media_type', `The body must be one of: ${list} (UTF-8).`, {
        headers: accepted.has('application/merge-patch+json') ? { 'accept-patch': list } : { accept: list },
      });
    }
  }
  refuseContentCoding(request);
  if (request.body === undefined || request.body.trim() === '') {
    throw new GatewayError('invalid_json', 'A JSON body is required.');
  }
  // RFC 8259 §8.1: JSON is UTF-8; other bytes would be kept as U+FFFD, the text they meant lost
  if (request.malformedText === true)
    throw new GatewayError('invalid_json', 'The request body is not UTF-8 text (JSON is UTF-8).');
  // Checked on the text, before anything recursive (validation, cloning, merging) sees the value.
  const inspected = inspectJsonText(request.body, MAX_BODY_DEPTH);
  if (inspected.tooDeep) {
    const detail = `nests arrays and objects more than ${MAX_BODY_DEPTH} levels deep`;
    throw new GatewayError('validation_failed', `The request body ${detail}.`, {
      errors: [{ pointer: '', detail }],
    });
  }
  let forbidden = false;
  let unstorable = false;
  let illFormed = false;
  let value: unknown;
  try {
    // `__proto__` is no name of anything here, and some stores take it for an object's prototype
    value = JSON.parse(request.body, (key, member: unknown) => {
      if (key === '__proto__') forbidden = true;
      else if (typeof member === 'number' && !storableNumber(member)) unstorable = true;
      else if (LONE_SURROGATE.test(key) || (typeof member === 'string' && LONE_SURROGATE.test(member)))
        illFormed = true;
      return member;
    });
  } catch {
    throw new GatewayError('invalid_json', 'The body is not valid JSON.');
  }
  if (forbidden)
    throw new GatewayError('validation_failed', 'The request body is not valid.', {
      errors: [{ pointer: '', detail: 'uses "__proto__" as a property name, which is not allowed' }],
    });
  // JSON.parse keeps the last of two members of one name; whatever reads the body before the gateway (a
  // firewall, a log) may have taken the first
  if (inspected.duplicate !== undefined)
    throw new GatewayError('validation_failed', 'The request body is not valid.', {
      errors: [{ pointer: '', detail: `names the member "${inspected.duplicate}" twice in one object` }],
    });
  // "\ud800" escapes a half of a character: no UTF-8 text holds it (DynamoDB refuses it, other readers
  // replace it), so what was stored would not be what was read back
  if (illFormed)
    throw new GatewayError('validation_failed', 'The request body is not valid.', {
      errors: [
        {
          pointer: pointerFor(illFormedAt(value) ?? []),
          detail: 'holds half of a character (a lone surrogate)',
        },
      ],
    });
  if (unstorable)
    throw new GatewayError('validation_failed', 'The request body is not valid.', {
      errors: [
        {
          pointer: pointerFor(unstorableNumberAt(value) ?? []),
          detail:
            'is a number the gateway cannot store (its magnitude must be 0, or from 1e-130 to below 1e126)',
        },
      ],
    });
  return value;
}

/** A UTF-16 surrogate that is half of no pair (with the `u` flag a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/** Where a value holds a string (or a member name) with a lone surrogate: its path, or undefined. */
function illFormedAt(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, member] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return [...path, key];
    const found = illFormedAt(member, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * How deeply a management body may nest: DynamoDB stores documents at most 32 levels deep, and a body is
 * kept a level or two further in (the resource item's `data`, an audit event's `before` and `after`).
 */
const MAX_BODY_DEPTH = 24;

/** A client's `X-Request-Id` when it is a plain token, else a new one; answered and audited. */
function requestIdOf(request: HttpRequest): string {
  const sent = request.headers['x-request-id'];
  return sent !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(sent) ? sent : randomUUID();
}

/** The id a path segment names, or undefined when it cannot name one (malformed, empty or too long). */
function itemId(segment: string, maxLength = maxIdLength): string | undefined {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return id !== '' && id.length <= maxLength ? id : undefined;
}

export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  const clock = options.clock ?? systemClock;
  /** The token vault, for revocations (a user's, a deleted server's users'; it asks the upstream's authorization server to revoke too). */
  const vault = new TokenVault({
    store: options.store,
    clock,
    ...(options.outbound ?? offline),
    publicOutbound: options.publicOutbound ?? options.outbound ?? offline,
    sealer: options.sealer,
    serverById: (id) => readServer(options.store, id, options.sealer),
  });
  const service = createResourceService({
    store: options.store,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.sealer !== undefined ? { sealer: options.sealer } : {}),
    // a server whose configuration can never be opened (its sealed values under another key): its tokens
    // are forgotten, not revoked (as they are, said `unrevoked`, when the sealing key's service fails)
    forgetServerTokens: async (id, item) =>
      vault.forgetServer(
        id,
        await serverFromItem(item, options.sealer).catch((error: unknown) => {
          if (error instanceof CorruptConfigError) return undefined;
          throw error;
        }),
      ),
  });
  const webhooks =
    options.outbound === undefined ? undefined : new AuthzWebhooks({ ...options.outbound, clock });
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const byPath = new Map<string, ResourceModel>(
    service.models.map((model) => [model.annotation.path, model]),
  );
  const serversPath = service.model('server').annotation.path;
  const apiKeysPath = service.model('api_key').annotation.path;
  const { fallback: defaultLimit, max: maxLimit } = limitBounds();
  /** A page's `limit` query parameter, checked against the OpenAPI `Limit` parameter's bounds. */
  const limitOf = (request: HttpRequest): number => {
    const raw = request.query['limit'];
    if (raw === undefined) return defaultLimit;
    const limit = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(limit >= 1 && limit <= maxLimit))
      throw new GatewayError('validation_failed', `limit must be an integer from 1 to ${maxLimit}.`);
    return limit;
  };
  const specBody = JSON.stringify(openapiDocument);

  let ready: Promise<void> | undefined;
  const bootstrap = (): Promise<void> => {
    ready ??= ensureDefaultWorkspace(service).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  async function route(request: HttpRequest, path: string, requestId: string): Promise<HttpResponse> {
    if (path === specPath) {
      if (request.method !== 'GET') throw methodNotAllowed(['GET']);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: specBody };
    }
    const caller = await callerOf(request, options.adminKey, options.tokens, clock);
    /**
     * Records a change the caller made (awaited: the answer follows the record). The change is live by
     * then: a record the store refuses is written in the background, the answer still says what happened,
     * and `onError` is told the whole event, so that it can be rebuilt should the process end first.
     */
    const audit = async (event: Omit<NewAuditEvent, 'actor' | 'requestId'>) => {
      const recorded = await options.audit?.record({
        ...event,
        actor: { kind: 'admin', id: caller.user, method: caller.role },
        requestId,
      });
      if (recorded?.deferred !== undefined) options.onError?.(new AuditDeferred(recorded.deferred), request);
    };
    if (path === '/v1/analytics/usage') {
      if (request.method !== 'GET') throw methodNotAllowed(['GET']);
      return json(200, await usageReport(request, caller), noStore);
    }
    if (path === '/v1/audit-events') {
      if (request.method !== 'GET') throw methodNotAllowed(['GET']);
      return json(200, await listAuditEvents(request, caller), noStore);
    }

    if (path === `${serversPath}/import`) {
      if (request.method !== 'POST') throw methodNotAllowed(['POST']);
      const asked = request.query['workspace'];
      const workspace = caller.role === 'admin' ? (asked ?? 'default') : caller.workspace;
      // a workspace-admin names another workspace: refused, never quietly imported into their own
      if (caller.role !== 'admin' && asked !== undefined && asked !== caller.workspace)
        throw new GatewayError('not_found', `No workspace ${JSON.stringify(asked)} you may see.`);
      checkWorkspaceName(workspace);
      if (!allows(caller, 'create', 'server', workspace)) throw notAllowed(caller, 'import servers');
      await bootstrap();
      const imported = await importServerJson(service, parseBody(request, jsonTypes), workspace);
      if (imported.action !== 'unchanged')
        await audit(
          changed(
            imported.action === 'created' ? 'resource.created' : 'resource.updated',
            service.model('server'),
            imported.id,
            imported.before,
            imported.server,
          ),
        );
      return json(
        200,
        {
          action: imported.action,
          server: imported.server,
          ...(imported.reason !== undefined ? { reason: imported.reason } : {}),
        },
        noStore,
      );
    }
    // `<registries>/{id}/sync`: imports the registry's servers now
    const sync = /^\/v1\/registries\/([^/]*)\/sync$/.exec(path);
    const registryId = sync === null ? undefined : itemId(sync[1] ?? '');
    if (registryId !== undefined) {
      if (request.method !== 'POST') throw methodNotAllowed(['POST']);
      const { workspace } = await visible(caller, service.model('registry'), registryId);
      if (!allows(caller, 'create', 'server', workspace)) throw notAllowed(caller, 'sync this registry');
      if (options.outbound === undefined)
        throw new GatewayError('upstream_unavailable', 'This management API makes no outbound calls.');
      const report = await syncRegistry(
        service,
        options.outbound,
        registryId,
        {
          server: (type, server) =>
            audit(changed(type, service.model('server'), server.id, server.before, server.after)),
          synced: (registry, lastSync) => audit(syncedEvent(registry, lastSync)),
        },
        request.deadline,
      );
      return json(200, report, noStore);
    }
    const slash = path.lastIndexOf('/');
    const collection = byPath.get(path);
    if (collection !== undefined) {
      await bootstrap();
      return handleCollection(request, collection, caller, audit);
    }
    const parent = byPath.get(path.slice(0, slash));
    const id = itemId(path.slice(slash + 1));
    if (parent !== undefined && id !== undefined) {
      await bootstrap();
      return handleItem(request, parent, id, caller, audit);
    }
    // a collection's item with an id that cannot be one: no such object (the client's base URL is right)
    if (parent !== undefined)
      throw new GatewayError(
        'not_found',
        `No ${parent.annotation.type} has this id: ids are 1 to ${maxIdLength} characters, percent-encoded in a path.`,
      );
    if (path === '/v1/access/evaluate') {
      if (request.method !== 'POST') throw methodNotAllowed(['POST']);
      const answer = await explainAccess(
        service,
        caller,
        parseBody(request, jsonTypes),
        clock.now(),
        webhooks,
      );
      return json(200, answer, noStore);
    }
    if (path === '/v1/users') {
      if (request.method !== 'GET') throw methodNotAllowed(['GET']);
      return json(200, await listSeenUsers(request, caller), noStore);
    }
    if (path === '/v1/sealing/reseal') {
      if (request.method !== 'POST') throw methodNotAllowed(['POST']);
      if (caller.role !== 'admin') throw notAllowed(caller, "seal the gateway's secrets anew");
      const { sealer } = options;
      if (sealer === undefined)
        throw new GatewayError(
          'conflict',
          'No sealing key is configured (MCP_GATEWAY_VAULT_KEY, or the KMS key on AWS): nothing can be sealed.',
        );
      // within the time the function serving it has left, with a moment to record and answer
      const left = request.deadline === undefined ? RESEAL_BUDGET_MS : request.deadline - clock.now() - 3000;
      const report = await resealAll(service, sealer, Math.min(RESEAL_BUDGET_MS, left));
      const { sealed, current, unopenable, complete } = report;
      await audit({
        type: 'sealing.resealed',
        detail: { sealed, current, unopenable: unopenable.length, complete },
      });
      return json(200, report, noStore);
    }
    if (path === '/v1/users/sign-out') {
      if (request.method !== 'POST') throw methodNotAllowed(['POST']);
      const checked = service.validator.validateSchema('SignOutRequest', parseBody(request, jsonTypes));
      if (!checked.ok)
        throw new GatewayError('validation_failed', 'The request body is not valid.', {
          errors: checked.errors,
        });
      const { user, workspace: asked } = checked.value as { user: string; workspace?: string };
      const workspace = asked ?? (caller.role === 'admin' ? 'default' : caller.workspace);
      if (!allows(caller, 'update', 'user', workspace)) throw notAllowed(caller, 'sign users out');
      // a sign-out that names a workspace by mistake must not read as done
      if (!(await workspaceExists(service, workspace)))
        throw new GatewayError('validation_failed', 'The request body is not valid.', {
          errors: [{ pointer: '/workspace', detail: `no workspace is named ${JSON.stringify(workspace)}` }],
        });
      const at = await signOut(options.store, workspace, user, clock.now(), caller.role === 'admin');
      await audit({ type: 'user.signed_out', workspace, detail: { user } });
      const signedOutAt = new Date(at * 1000).toISOString();
      return json(200, { user, workspace, signedOutAt }, noStore);
    }
    // `<budgets>/{id}/usage`: the spend per key in the current period
    const usage = /^\/v1\/budgets\/([^/]*)\/usage$/.exec(path);
    const budgetId = usage === null ? undefined : itemId(usage[1] ?? '');
    if (budgetId !== undefined) {
      if (request.method !== 'GET') throw methodNotAllowed(['GET']);
      const { found } = await visible(caller, service.model('budget'), budgetId);
      const page = { limit: limitOf(request), cursor: request.query['cursor'] };
      let usage: Awaited<ReturnType<typeof budgetUsage>>;
      try {
        usage = await budgetUsage(options.store, found.body as unknown as Budget, clock.now(), page);
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        throw new GatewayError('validation_failed', 'The cursor is not valid.');
      }
      return json(200, usage, noStore);
    }
    // `<servers>/{id}/health`: the last probe of the server and its targets
    const health = /^(.*)\/([^/]*)\/health$/.exec(path);
    const healthOf = health?.[1] === serversPath ? itemId(health[2] ?? '') : undefined;
    if (healthOf !== undefined) {
      if (request.method !== 'GET') throw methodNotAllowed(['GET']);
      const { found } = await visible(caller, service.model('server'), healthOf);
      const server = found.body as unknown as Server;
      const last = await readHealth(options.store, server.name);
      const { pk: _pk, sk: _sk, ...recorded } = (last ?? {}) as Record<string, unknown>;
      // the probes' verdict per target beside what live traffic says (its circuit)
      const circuits = await circuitStates(options.store, server, clock.now());
      const probed = last?.targets ?? [];
      const targets = circuits.map((c) => ({
        ...(probed.find((t) => t.url === c.url) ?? { url: c.url }),
        ...c,
      }));
      const answer = last === undefined ? { server: server.name, healthy: false } : recorded;
      return json(200, { ...answer, targets }, noStore);
    }
    // `<servers>/{id}/tokens[/{user}]`: the users connected to a user-oauth upstream, and revocation
    const tokens = /^(.*)\/([^/]*)\/tokens(?:\/([^/]+))?$/.exec(path);
    const tokensOf = tokens?.[1] === serversPath ? itemId(tokens[2] ?? '') : undefined;
    if (tokensOf !== undefined) {
      const { found, workspace } = await visible(caller, service.model('server'), tokensOf);
      if (tokens?.[3] === undefined) {
        if (request.method !== 'GET') throw methodNotAllowed(['GET']);
        const page = { limit: limitOf(request), cursor: request.query['cursor'] };
        return json(200, await listVaultEntries(options.store, tokensOf, page), noStore);
      }
      if (request.method !== 'DELETE') throw methodNotAllowed(['DELETE']);
      if (!allows(caller, 'update', 'server', workspace)) throw notAllowed(caller, "revoke a user's token");
      const user = itemId(tokens[3], MAX_USER_LENGTH);
      // the server as configured, to reach its authorization server: one this gateway can never read (its
      // sealed values under another key) keeps no tokens from being forgotten; a store or KMS failing for
      // the moment fails the request, nothing forgotten, so that a retry still revokes them upstream
      const server =
        user === undefined
          ? undefined
          : await readServer(options.store, tokensOf, options.sealer).catch((error: unknown) => {
              if (error instanceof CorruptConfigError) return undefined;
              throw error;
            });
      const upstream =
        user === undefined
          ? undefined
          : await vault.revoke(
              tokensOf,
              server,
              workspace ?? 'default',
              user,
              // time left to record the revocation once the authorization server was asked
              request.deadline === undefined ? undefined : request.deadline - REVOCATION_MARGIN_MS,
            );
      if (upstream === undefined)
        throw new GatewayError('not_found', 'That user has no token at this server.');
      const name = (found.body as { name?: unknown }).name;
      // named as the server's other events are: the audit log's `server` filter finds it
      await audit({
        type: 'token.revoked',
        workspace: workspace ?? 'default',
        resource: { type: 'server', id: tokensOf, ...(typeof name === 'string' ? { name } : {}) },
        ...(typeof name === 'string' ? { server: name } : {}),
        // whether the grant ended at the upstream's authorization server too (RFC 7009)
        detail: { user, upstream },
      });
      return { status: 204, headers: noStore, body: undefined };
    }
    // `<servers>/{id}/tools/{name}/approve`: releases a quarantined tool
    const approval = /^(.*)\/([^/]*)\/tools\/([^/]+)\/approve$/.exec(path);
    const approvedServer = approval?.[1] === serversPath ? itemId(approval[2] ?? '') : undefined;
    const approvedTool = approval?.[3] === undefined ? undefined : itemId(approval[3], MAX_TOOL_NAME_BYTES);
    if (approvedServer !== undefined && approvedTool !== undefined) {
      if (request.method !== 'POST') throw methodNotAllowed(['POST']);
      const { found, workspace } = await visible(caller, service.model('server'), approvedServer);
      if (!allows(caller, 'update', 'server', workspace)) throw notAllowed(caller, 'approve a tool');
      const body =
        request.body === undefined || request.body.trim() === '' ? {} : parseBody(request, jsonTypes);
      const { tool, previous } = await approveServerTool(
        service,
        approvedServer,
        approvedTool,
        body,
        caller.user,
      );
      const name = (found.body as { name?: unknown }).name;
      await audit({
        type: 'tool.approved',
        ...(workspace !== undefined ? { workspace } : {}),
        resource: { type: 'server', id: approvedServer, ...(typeof name === 'string' ? { name } : {}) },
        ...(typeof name === 'string' ? { server: name } : {}),
        tool: approvedTool,
        detail: { hash: tool.hash, ...(previous !== undefined ? { previousHash: previous } : {}) },
      });
      return json(200, tool, noStore);
    }
    // `<servers>/{id}/tools`, the one view below an item.
    const below = /^(.*)\/([^/]*)\/tools$/.exec(path);
    const serverId = below?.[1] === serversPath ? itemId(below[2] ?? '') : undefined;
    if (serverId !== undefined) {
      if (request.method !== 'GET') throw methodNotAllowed(['GET']);
      await visible(caller, service.model('server'), serverId);
      return json(200, await serverTools(service, serverId), noStore);
    }
    // `<api-keys>/{id}/rotate`, the one action on an item.
    const rotation = /^(.*)\/([^/]*)\/rotate$/.exec(path);
    const keyId = rotation?.[1] === apiKeysPath ? itemId(rotation[2] ?? '') : undefined;
    if (keyId !== undefined) {
      if (request.method !== 'POST') throw methodNotAllowed(['POST']);
      const { workspace } = await visible(caller, service.model('api_key'), keyId);
      if (!allows(caller, 'update', 'api_key', workspace)) throw notAllowed(caller, 'rotate this api key');
      const body =
        request.body === undefined || request.body.trim() === '' ? {} : parseBody(request, jsonTypes);
      const rotated = await rotateApiKey(service, keyId, body, request.headers['if-match']);
      await audit({
        type: 'api_key.rotated',
        ...(workspace !== undefined ? { workspace } : {}),
        resource: { type: 'api_key', id: keyId },
      });
      return json(200, rotated.body, { ...noStore, etag: etag(rotated.version) });
    }
    throw new GatewayError('route_not_found', `No route for ${path}.`);
  }

  /**
   * When a non-admin caller's workspace began (ms): what a deleted workspace of the same name recorded
   * before (its users, usage, audit log) is not the new one's to see. Undefined for an admin; infinity for
   * a workspace that does not exist (deleted, and a token still names it): nothing of it is to be seen.
   */
  async function workspaceSince(caller: Caller): Promise<number | undefined> {
    if (caller.role === 'admin') return undefined;
    const found = await service.findByUnique('workspace', 'name', caller.workspace);
    if (found === undefined)
      return caller.workspace === defaultWorkspaceName ? undefined : Number.POSITIVE_INFINITY;
    const at = Date.parse(String(found['createdAt'] ?? ''));
    return Number.isNaN(at) ? undefined : at;
  }

  /** `GET /v1/users`: one workspace's (a non-admin's own), or every workspace's for an admin. */
  async function listSeenUsers(request: HttpRequest, caller: Caller) {
    const asked = request.query['workspace'];
    if (asked !== undefined) checkWorkspaceName(asked);
    const workspace = caller.role === 'admin' ? asked : caller.workspace;
    if (caller.role !== 'admin' && asked !== undefined && asked !== caller.workspace) return { items: [] };
    const limit = limitOf(request);
    let page: Awaited<ReturnType<typeof options.store.query>>;
    try {
      page = await options.store.query(seenUsersPartition, {
        limit,
        ...(workspace !== undefined ? { skPrefix: `${workspace}#` } : {}),
        ...(request.query['cursor'] !== undefined ? { cursor: request.query['cursor'] } : {}),
      });
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new GatewayError('validation_failed', 'The cursor is not valid.');
    }
    const since = await workspaceSince(caller);
    return {
      items: page.items
        .map(seenUserOf)
        .filter((user) => since === undefined || Date.parse(user.lastSeenAt) >= since),
      ...(page.cursor !== undefined ? { nextCursor: page.cursor } : {}),
    };
  }

  /** `GET /v1/analytics/usage`: one workspace's rollups (a non-admin's own). */
  async function usageReport(request: HttpRequest, caller: Caller) {
    const q = request.query;
    for (const [name, value] of Object.entries(q))
      if (value.length > 256) throw new GatewayError('validation_failed', `${name} is too long.`);
    // as analytics count them: a server by its name, a tool by a name that fits the store's key (a
    // longer one is counted as ~other), so that the store's keys hold what is asked
    if (q['server'] !== undefined && !/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/.test(q['server']))
      throw new GatewayError('validation_failed', 'server must be a server name.');
    if (q['tool'] !== undefined && !countedApart(q['tool']))
      throw new GatewayError('validation_failed', 'tool is longer than any tool analytics count apart.');
    const asked = q['workspace'];
    if (asked !== undefined) checkWorkspaceName(asked);
    const workspace = caller.role === 'admin' ? (asked ?? 'default') : caller.workspace;
    if (caller.role !== 'admin' && asked !== undefined && asked !== caller.workspace)
      throw new GatewayError('not_found', `No workspace ${JSON.stringify(asked)} you may see.`);
    const bucket = q['bucket'] ?? 'hour';
    if (bucket !== 'hour' && bucket !== 'day')
      throw new GatewayError('validation_failed', 'bucket must be hour or day.');
    const to = q['to'] !== undefined ? parseDateTime(q['to']) : clock.now();
    const from =
      q['from'] !== undefined
        ? parseDateTime(q['from'])
        : to - (bucket === 'hour' ? 86_400_000 : 30 * 86_400_000);
    if (Number.isNaN(to) || Number.isNaN(from))
      throw new GatewayError(
        'validation_failed',
        'from and to must be RFC 3339 date-times (with Z or an offset).',
      );
    if (from > to) throw new GatewayError('validation_failed', 'from must not be after to.');
    if (to - from > MAX_RANGE_MS[bucket])
      throw new GatewayError(
        'validation_failed',
        `A query of ${bucket} buckets covers at most ${MAX_RANGE_MS[bucket] / 86_400_000} days.`,
      );
    // buckets are read whole: none that began before the workspace did (a namesake's traffic is in it)
    const since = await workspaceSince(caller);
    const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
    const start = since === undefined ? from : Math.max(from, Math.ceil(since / size) * size);
    if (start > to) return { buckets: [] };
    return queryUsage(options.store, {
      workspace,
      from: start,
      to,
      bucket,
      ...(q['server'] !== undefined ? { server: q['server'] } : {}),
      ...(q['tool'] !== undefined ? { tool: q['tool'] } : {}),
      ...(q['user'] !== undefined ? { user: q['user'] } : {}),
    });
  }

  /** The longest value of each audit filter (the OpenAPI document's `maxLength`s). */
  const AUDIT_FILTER_LENGTHS: Record<string, number> = {
    actor: 256,
    resourceType: 64,
    resourceId: 128,
    server: 256,
    tool: 256,
  };

  /** `GET /v1/audit-events`: newest first; a non-admin sees its own workspace's only. */
  async function listAuditEvents(request: HttpRequest, caller: Caller) {
    const q = request.query;
    const limit = limitOf(request);
    const type = q['type'];
    if (type !== undefined && !(AUDIT_TYPES as readonly string[]).includes(type))
      throw new GatewayError('validation_failed', `type must be one of: ${AUDIT_TYPES.join(', ')}.`);
    for (const name of ['from', 'to']) {
      const ms = q[name] !== undefined ? parseDateTime(q[name]) : 0;
      // years 1970 to 9999: the log's monthly partitions have names in that range
      if (!(ms >= 0 && ms <= MAX_AUDIT_TIME))
        throw new GatewayError(
          'validation_failed',
          `${name} must be an RFC 3339 date-time (with Z or an offset) from 1970 to 9999.`,
        );
    }
    if (q['from'] !== undefined && q['to'] !== undefined && parseDateTime(q['from']) > parseDateTime(q['to']))
      throw new GatewayError('validation_failed', 'from must not be after to.');
    // the spec's bounds of the filters; any other parameter is bounded too
    for (const [name, value] of Object.entries(q)) {
      const most = AUDIT_FILTER_LENGTHS[name] ?? 1024;
      if (value.length > most)
        throw new GatewayError('validation_failed', `${name} is too long (at most ${most} characters).`);
    }
    const asked = q['workspace'];
    if (asked !== undefined) checkWorkspaceName(asked);
    if (caller.role !== 'admin' && asked !== undefined && asked !== caller.workspace) return { items: [] };
    const workspace = caller.role === 'admin' ? asked : caller.workspace;
    const pick = (name: string) => (q[name] !== undefined ? { [name]: q[name] } : {});
    const since = await workspaceSince(caller);
    if (since === Number.POSITIVE_INFINITY) return { items: [] };
    const asFrom = q['from'] === undefined ? undefined : parseDateTime(q['from']);
    const from =
      since !== undefined && (asFrom === undefined || asFrom < since)
        ? { from: new Date(since).toISOString() }
        : pick('from');
    const page = await queryAudit(
      options.store,
      {
        limit,
        ...(workspace !== undefined ? { workspace } : {}),
        ...pick('type'),
        ...pick('actor'),
        ...pick('resourceType'),
        ...pick('resourceId'),
        ...pick('server'),
        ...pick('tool'),
        ...from,
        ...pick('to'),
        ...pick('cursor'),
      },
      clock.now(),
      options.auditRetentionDays,
    );
    // changes of identity providers are the admins' to see, as the providers themselves are
    if (caller.role === 'admin') return page;
    return {
      ...page,
      items: page.items.filter((event) => allows(caller, 'read', event.resource?.type ?? '', workspace)),
    };
  }

  /** The workspace a resource belongs to: its own name for a workspace, else its `workspace`. */
  const workspaceOf = (model: ResourceModel, resource: Record<string, unknown>): string | undefined => {
    const value = model.annotation.type === 'workspace' ? resource['name'] : resource['workspace'];
    if (value === undefined && model.properties.includes('workspace')) return 'default';
    return typeof value === 'string' ? value : undefined;
  };

  /** Refuses a non-admin's write of a field only admins may set (see `adminFieldChanged`). */
  function refuseAdminFields(
    caller: Caller,
    type: string,
    body: unknown,
    current: Record<string, unknown> | undefined,
    patch = false,
  ) {
    const field = adminFieldChanged(caller, type, body, current, patch);
    if (field !== undefined)
      throw notAllowed(caller, `set a ${type.replace('_', ' ')}'s ${field}; an admin does`);
  }

  /** Whether the caller may read resources of this kind in its own workspace (a workspace's, or none). */
  function readableKind(caller: Caller, model: ResourceModel): boolean {
    const type = model.annotation.type;
    const scoped = type === 'workspace' || model.properties.includes('workspace');
    return caller.role === 'admin' || (scoped && allows(caller, 'read', type, caller.workspace));
  }

  /** Reads an item the caller may see; one of another workspace is answered as missing (404). */
  async function visible(caller: Caller, model: ResourceModel, id: string) {
    const found = await service.get(model.annotation.type, id);
    const workspace = workspaceOf(model, found.body as Record<string, unknown>);
    if (!allows(caller, 'read', model.annotation.type, workspace))
      throw new GatewayError('not_found', `No ${model.annotation.type} has the id ${id}.`);
    return { found, workspace };
  }

  type Audit = (event: Omit<NewAuditEvent, 'actor' | 'requestId'>) => Promise<void>;

  /** The audit record of a change to one resource. */
  const changed = (
    type: 'resource.created' | 'resource.updated' | 'resource.deleted',
    model: ResourceModel,
    id: string,
    before: Record<string, unknown> | undefined,
    after: Record<string, unknown> | undefined,
  ): Omit<NewAuditEvent, 'actor' | 'requestId'> => {
    const state = after ?? before ?? {};
    const workspace = workspaceOf(model, state);
    const name = state['name'];
    return {
      type,
      ...(workspace !== undefined ? { workspace } : {}),
      resource: { type: model.annotation.type, id, ...(typeof name === 'string' ? { name } : {}) },
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    };
  };

  async function handleCollection(
    request: HttpRequest,
    model: ResourceModel,
    caller: Caller,
    audit: Audit,
  ): Promise<HttpResponse> {
    const type = model.annotation.type;
    if (caller.role !== 'admin' && request.method === 'GET' && !readableKind(caller, model))
      throw notAllowed(caller, `list ${model.annotation.plural}`);
    switch (request.method) {
      case 'GET': {
        const limit = limitOf(request);
        // Filters and cursors become store keys: bounded by their schemas before any store call.
        const checkQuery = (name: string): string | undefined => {
          const value = request.query[name];
          const problem =
            value === undefined ? undefined : service.validator.checkQueryParameter(model, name, value);
          if (problem !== undefined) {
            throw new GatewayError('validation_failed', `The query parameter ${name} ${problem}.`);
          }
          return value;
        };
        const filters: Record<string, string> = {};
        for (const name of model.listFilters) {
          const value = checkQuery(name);
          if (value !== undefined) filters[name] = value;
        }
        const cursor = checkQuery('cursor');
        for (const [name, value] of Object.entries(
          visibleTo(caller, type, model.properties.includes('workspace')),
        )) {
          // asked for another workspace than its own: nothing the caller may see matches
          if (filters[name] !== undefined && filters[name] !== value)
            return json(200, { items: [] }, noStore);
          filters[name] = value;
        }
        const page = await service.list(type, { limit, filters, ...(cursor ? { cursor } : {}) });
        return json(200, page, noStore);
      }
      case 'POST': {
        const body = parseBody(request, jsonTypes);
        const into =
          typeof body === 'object' && body !== null && !Array.isArray(body)
            ? workspaceOf(model, body as Record<string, unknown>)
            : undefined;
        if (into === undefined && caller.role !== 'admin') {
          // a body naming no workspace it could be in is told as invalid (400), not as one the caller
          // may not write in
          const checked = service.validator.validateBody(model, 'create', body);
          if (!checked.ok)
            throw new GatewayError('validation_failed', 'The request body is not valid.', {
              errors: checked.errors,
            });
        }
        if (!allows(caller, 'create', type, into))
          throw notAllowed(
            caller,
            into === undefined
              ? `create ${model.annotation.plural} (they belong to no workspace: an admin's)`
              : `create ${model.annotation.plural} in workspace ${JSON.stringify(into)}`,
          );
        refuseAdminFields(caller, type, body, undefined);
        const created = await service.create(type, body);
        await audit(changed('resource.created', model, created.id, undefined, created.record));
        return json(201, created.body, {
          ...noStore,
          etag: etag(created.version),
          // behind API Gateway, the URL the client called (its stage or base path), which the path lacks
          location: `${request.baseUrl?.replace(/\/+$/, '') ?? basePath}${model.annotation.path}/${encodeURIComponent(created.id)}`,
        });
      }
      default:
        throw methodNotAllowed(['GET', 'POST']);
    }
  }

  async function handleItem(
    request: HttpRequest,
    model: ResourceModel,
    id: string,
    caller: Caller,
    audit: Audit,
  ): Promise<HttpResponse> {
    const type = model.annotation.type;
    const ifMatch = request.headers['if-match'];
    // a resource without a patch schema is replaced whole (PUT) only
    const methods =
      model.patchSchemaName === undefined ? ['GET', 'PUT', 'DELETE'] : ['GET', 'PUT', 'PATCH', 'DELETE'];
    if (!methods.includes(request.method)) throw methodNotAllowed(methods);
    let current: { body: Record<string, unknown>; version: number } | undefined;
    if (caller.role !== 'admin') {
      // a kind of resource the role may not see at all (identity providers, telemetry sinks) answers as
      // its list does (403), not as one of another workspace (404: a client would take it for deleted)
      if (!readableKind(caller, model)) throw notAllowed(caller, `read ${model.annotation.plural}`);
      const operations: Record<string, 'read' | 'update' | 'delete'> = {
        GET: 'read',
        PUT: 'update',
        PATCH: 'update',
        DELETE: 'delete',
      };
      const operation = operations[request.method];
      if (operation !== undefined) {
        const { workspace, found } = await visible(caller, model, id);
        if (!allows(caller, operation, type, workspace))
          throw notAllowed(caller, `${operation} this ${type.replace('_', ' ')}`);
        current = { body: found.body as Record<string, unknown>, version: found.version };
        if (operation !== 'read' && selfRegistered(type, current.body))
          throw notAllowed(caller, `${operation} a client that registered itself: it serves every workspace`);
      }
    }
    switch (request.method) {
      case 'GET': {
        const found = await service.get(type, id);
        return json(200, found.body, { ...noStore, etag: etag(found.version) });
      }
      case 'PUT':
      case 'PATCH': {
        const body = parseBody(request, request.method === 'PUT' ? jsonTypes : patchTypes);
        refuseAdminFields(caller, type, body, current?.body, request.method === 'PATCH');
        const written =
          request.method === 'PUT'
            ? await service.replace(type, id, body, ifMatch)
            : await service.patch(type, id, body, ifMatch);
        if (written.unchanged !== true)
          await audit({
            ...changed('resource.updated', model, id, written.previous, written.record),
            // a secret rotated shows in no record: the event says which were given anew
            ...(written.writeOnlyChanged !== undefined
              ? { detail: { writeOnlyChanged: written.writeOnlyChanged } }
              : {}),
          });
        return json(200, written.body, { ...noStore, etag: etag(written.version) });
      }
      case 'DELETE': {
        const { body: deleted, detail } = await service.delete(type, id, ifMatch);
        await audit({
          ...changed('resource.deleted', model, id, deleted, undefined),
          // a server's: what became of its users' upstream grants (RFC 7009)
          ...(detail !== undefined ? { detail } : {}),
        });
        return { status: 204, headers: { ...noStore } };
      }
      default:
        throw methodNotAllowed(methods);
    }
  }

  return async (request) => {
    const requestId = requestIdOf(request);
    // HEAD is answered as GET (RFC 9110 §9.3.2): status and headers, the ETag among them; the HTTP
    // server leaves the body out
    const asked = request.method === 'HEAD' ? { ...request, method: 'GET' } : request;
    const answer = await handle(asked, request.path, requestId);
    answer.headers = { ...answer.headers, 'x-request-id': requestId };
    return answer;
  };

  async function handle(request: HttpRequest, requested: string, requestId: string): Promise<HttpResponse> {
    let path = requested;
    try {
      if (basePath !== '') {
        if (path !== basePath && !path.startsWith(`${basePath}/`)) {
          throw new GatewayError('route_not_found', `No route for ${path}.`);
        }
        path = path.slice(basePath.length) || '/';
      }
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      const limit = options.maxBodyBytes;
      if (limit !== undefined && bodySize(request) > limit)
        throw new GatewayError('payload_too_large', `The request body exceeds ${limit} bytes.`);
      return await route(request, path, requestId);
    } catch (thrown) {
      const error = asGatewayError(thrown);
      if (error.status >= 500) options.onError?.(thrown, request);
      return problemAnswer(error, request.path);
    }
  }
}

/** A `workspace` query parameter: a workspace's name (at most 64 characters), as the store's keys hold it. */
function checkWorkspaceName(value: string): void {
  if (!/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/.test(value))
    throw new GatewayError('validation_failed', 'workspace must be a workspace name.');
}
