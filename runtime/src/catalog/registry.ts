/**
 * Servers from MCP registries: the official MCP Registry API's listing (`GET <url>/v0.1/servers`, cursor
 * pagination, `server.json` entries) read through the outbound address guard, and a sync that turns its
 * entries with remotes into servers of the registry's workspace. Imported servers record their origin;
 * a server whose entry left the registry is disabled, never deleted, and enabled again if it returns (unless
 * an admin had disabled it before). An address an admin gave the server stays; secrets an admin gave it do
 * not follow the entry to another address (the server stays where it is until an admin moves it). `importServerJson` does the same for one document (the CLI's import).
 */

import type { AuditSink, NewAuditEvent } from '../audit/log.js';
import { sha256 } from '../core/digest.js';
import { GatewayError } from '../core/errors.js';
import { getJson, JsonFetchError } from '../core/fetch-json.js';
import type { HttpClient } from '../core/http-client.js';
import { patternMatcher } from '../core/patterns.js';
import type { UrlGuard } from '../core/url-guard.js';
import { etag, type Json, type ResourceService } from '../management/service.js';
import { ConditionFailedError } from '../store/port.js';
import { dismissedEntries } from './dismissed.js';

export interface RegistryRemote {
  type: 'streamable-http' | 'sse';
  url: string;
  headers: { name: string; value?: string; isRequired: boolean; isSecret: boolean }[];
}

export interface RegistryEntry {
  name: string;
  version: string;
  description?: string;
  remotes: RegistryRemote[];
  hasPackages: boolean;
  /** The official registry's status of the entry (`active`, `deprecated`, `deleted`). */
  status?: string;
}

export interface SyncEntry {
  name: string;
  server?: string;
  version?: string;
  reason?: string;
}

export interface SyncReport {
  registry: string;
  syncedAt: string;
  /** Why the sync stopped before every entry (its time ran out): the servers it did not reach are as they were. */
  incomplete?: string;
  created: SyncEntry[];
  updated: SyncEntry[];
  disabled: SyncEntry[];
  skipped: SyncEntry[];
}

export interface RegistryDeps {
  http: HttpClient;
  guard: UrlGuard;
}

/** What a sync tells the audit log. */
export interface SyncAudit {
  /** A server the sync created or updated. */
  server(
    type: 'resource.created' | 'resource.updated',
    server: { id: string; before?: Json; after: Json },
  ): Promise<void>;
  /** The sync itself, as recorded on the registry (`lastSync`: its counts, or why it failed). */
  synced(registry: { id: string; name: string; workspace: string }, lastSync: Json): Promise<void>;
}

const MAX_PAGES = 200;
/** Entries a page may hold (100 are asked for), and a whole listing. */
const MAX_PAGE_ENTRIES = 500;
const MAX_ENTRIES = 20_000;
/** Characters the entries of a whole listing may keep (their remotes and headers are the registry's). */
const MAX_LISTING_CHARS = 32 * 1024 * 1024;
/** Remotes of an entry, and headers of a remote, looked at: more is no server anyone registers. */
const MAX_REMOTES = 16;
const MAX_HEADERS = 32;
/** Servers one registry may make in a workspace: past it, `include` or `namespaces` must narrow it. */
const MAX_IMPORTED = 1_000;
/** The longest a listing may take to read, all its pages. */
const LISTING_BUDGET_MS = 120_000;
/** Time kept before a sync's deadline to record how far it got. */
const SYNC_RECORD_MS = 2_000;
/**
 * The longest entry name (`server.json` allows 200 characters): it keys what the gateway keeps of the
 * entry (a dismissal when its server is deleted), which a longer one could not be stored as.
 */
const MAX_ENTRY_NAME = 200;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One `server.json` document (or a listing's `server`), checked; undefined when it is not one. */
export function parseServerJson(value: unknown, meta?: unknown): RegistryEntry | undefined {
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') return undefined;
  if (value.name.length > MAX_ENTRY_NAME) return undefined;
  const remotes: RegistryRemote[] = [];
  for (const remote of Array.isArray(value.remotes) ? value.remotes.slice(0, MAX_REMOTES) : []) {
    if (!isObject(remote) || typeof remote.url !== 'string') continue;
    if (remote.type !== 'streamable-http' && remote.type !== 'sse') continue;
    const headers = (Array.isArray(remote.headers) ? remote.headers.slice(0, MAX_HEADERS) : [])
      .filter(isObject)
      .flatMap((h) =>
        typeof h.name === 'string'
          ? [
              {
                name: h.name,
                ...(typeof h.value === 'string' ? { value: h.value } : {}),
                isRequired: h.isRequired === true,
                isSecret: h.isSecret === true,
              },
            ]
          : [],
      );
    remotes.push({ type: remote.type, url: remote.url, headers });
  }
  const official = isObject(meta) ? meta['io.modelcontextprotocol.registry/official'] : undefined;
  return {
    name: value.name,
    version: typeof value.version === 'string' ? value.version : '0.0.0',
    ...(typeof value.description === 'string' ? { description: value.description.slice(0, 1024) } : {}),
    remotes,
    hasPackages: Array.isArray(value.packages) && value.packages.length > 0,
    ...(isObject(official) && typeof official.status === 'string' ? { status: official.status } : {}),
  };
}

/** The gateway server name of an entry: `io.github.acme/weather` → `io-github-acme-weather` (≤ 64). */
export function serverNameOf(entryName: string): string {
  const base = entryName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base.length <= 64 && base !== '') return base;
  // too long (or no letter or digit at all): a stable hash keeps distinct entries distinct
  let hash = 0;
  for (const char of entryName) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  const stem = base === '' ? 'server' : base.slice(0, 55).replace(/-+$/, '');
  return `${stem}-${hash.toString(36).padStart(7, '0').slice(0, 8)}`;
}

/** The server an entry becomes, or why it cannot be one. */
export function serverBodyOf(
  entry: RegistryEntry,
  workspace: string,
  labels: Record<string, string>,
): { body: Json; needs: string[] } | { reason: string } {
  const remote = entry.remotes.find((r) => r.type === 'streamable-http') ?? entry.remotes[0];
  if (remote === undefined)
    return {
      reason: entry.hasPackages
        ? 'only local packages (run on the user’s machine): nothing to reach over the network'
        : 'no remotes',
    };
  const headers: Record<string, string> = {};
  const needs: string[] = [];
  for (const header of remote.headers) {
    if (header.value !== undefined && !header.isSecret && !header.value.includes('{'))
      headers[header.name] = header.value;
    else if (header.isRequired) needs.push(header.name);
  }
  return {
    body: {
      name: serverNameOf(entry.name),
      workspace,
      url: remote.url,
      transport: remote.type,
      ...(entry.description !== undefined ? { description: entry.description } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      // a server that needs credentials the registry cannot give waits, disabled, for an admin to add them
      enabled: needs.length === 0,
      labels,
    },
    needs,
  };
}

/** Every entry of the registry's listing (all pages, latest versions). */
export async function fetchRegistry(
  deps: RegistryDeps,
  url: string,
  headers: Record<string, string> = {},
  givesUpAt = Date.now() + LISTING_BUDGET_MS,
): Promise<RegistryEntry[]> {
  const entries: RegistryEntry[] = [];
  let cursor: string | undefined;
  const cursors = new Set<string>();
  /** Characters of the entries kept so far. */
  let kept = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const left = givesUpAt - Date.now();
    if (left <= 0)
      throw new GatewayError(
        'upstream_timeout',
        'The registry listing took longer to read than the sync had.',
      );
    const listing = new URL(`${url.replace(/\/+$/, '')}/v0.1/servers`);
    listing.searchParams.set('limit', '100');
    listing.searchParams.set('version', 'latest');
    if (cursor !== undefined) listing.searchParams.set('cursor', cursor);
    let answer: { status: number; document: unknown };
    try {
      answer = await getJson(deps, listing.toString(), {
        headers,
        maxBytes: 8 * 1024 * 1024,
        timeoutMs: Math.min(15_000, left),
      });
    } catch (error) {
      const why = error instanceof JsonFetchError ? error.message : String(error);
      throw new GatewayError('upstream_error', `The registry could not be read: ${why}.`);
    }
    if (answer.status !== 200)
      throw new GatewayError('upstream_error', `The registry answered HTTP ${answer.status}.`);
    const document = answer.document;
    if (!isObject(document) || !Array.isArray(document.servers))
      throw new GatewayError('upstream_error', 'The registry answered no server listing.');
    // a page of far more than asked for, or a listing past any real registry's: read no further
    if (document.servers.length > MAX_PAGE_ENTRIES || entries.length + document.servers.length > MAX_ENTRIES)
      throw new GatewayError(
        'upstream_error',
        `The registry answered more than ${document.servers.length > MAX_PAGE_ENTRIES ? `${MAX_PAGE_ENTRIES} servers on a page` : `${MAX_ENTRIES} servers`}.`,
      );
    for (const item of document.servers) {
      const entry = isObject(item) ? parseServerJson(item.server, item._meta) : undefined;
      if (entry === undefined) continue;
      entries.push(entry);
      kept += JSON.stringify(entry).length;
      if (kept > MAX_LISTING_CHARS)
        throw new GatewayError(
          'upstream_error',
          `The registry listing holds more than ${MAX_LISTING_CHARS / 1024 / 1024} MiB of servers.`,
        );
    }
    const metadata = isObject(document.metadata) ? document.metadata : {};
    cursor =
      typeof metadata.nextCursor === 'string' && metadata.nextCursor !== '' ? metadata.nextCursor : undefined;
    if (cursor === undefined) return entries;
    if (cursors.has(cursor))
      throw new GatewayError('upstream_error', 'The registry listing names a page it gave before (a loop).');
    cursors.add(cursor);
  }
  throw new GatewayError('upstream_error', `The registry listing has more than ${MAX_PAGES} pages.`);
}

interface Origin {
  registry?: string;
  /** The id of that registry: a registry made later under a deleted one's name adopts none of its servers. */
  registryId?: string;
  name: string;
  version: string;
  /** The address and transport the entry gave when last applied (an admin may have changed the server's). */
  url?: string;
  transport?: string;
  /**
   * The fixed headers the entry gave (not secrets): they follow the entry, unlike ones an admin set. Their
   * values as digests (`sha256:…`): a server's headers are write-only, and an entry may give a key it
   * should have said is a secret (one recorded before held them as given, compared all the same).
   */
  headers?: Record<string, string>;
  /**
   * The description the entry gave when last applied ('' for none): it follows the entry while the
   * server has it as given (or none); one an admin wrote stays.
   */
  description?: string;
  importedAt: string;
  status: 'active' | 'removed';
  /** Whether the server was enabled when its entry left the registry: what its return restores. */
  enabledBeforeRemoval?: boolean;
}

/** The origin a server made of `entry` records: the entry as applied now (`registry`: a sync's). */
const originOf = (
  entry: RegistryEntry,
  body: Json,
  now: string,
  registry?: { name: string; id: string },
): Origin => ({
  ...(registry !== undefined ? { registry: registry.name, registryId: registry.id } : {}),
  name: entry.name,
  version: entry.version,
  url: String(body['url']),
  transport: String(body['transport']),
  ...(body['headers'] !== undefined ? { headers: recorded(body['headers'] as Record<string, string>) } : {}),
  // ('' when the entry gives none: an origin without the field was recorded before descriptions were)
  description: typeof body['description'] === 'string' ? body['description'] : '',
  importedAt: now,
  status: 'active',
});

const DIGEST = 'sha256:';
const digestOf = (value: string) => (value.startsWith(DIGEST) ? value : `${DIGEST}${sha256(value, 'hex')}`);

/** Header values as an origin records them: digests, never the values (see `Origin.headers`). */
function recorded(headers: Record<string, string>): Record<string, string>;
function recorded(headers: Record<string, string> | undefined): Record<string, string> | undefined;
function recorded(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  return headers === undefined
    ? undefined
    : Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, digestOf(value)]));
}

/** Whether two header maps hold the same fields and values (names compared as HTTP does). */
function sameHeaders(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  // (compared as an origin records them: one side may be digests)
  const canonical = (headers: Record<string, string> | undefined) =>
    JSON.stringify(
      Object.entries(headers ?? {})
        .map(([name, value]) => [name.toLowerCase(), digestOf(value)])
        .sort(([x], [y]) => (x! < y! ? -1 : x! > y! ? 1 : 0)),
    );
  return canonical(a) === canonical(b);
}

/**
 * The merge patch that turns the headers `from` into `to`: names `to` no longer has removed (a merge patch
 * of an object keeps the names it does not mention).
 */
function headersPatch(
  stored: Record<string, string> | undefined,
  from: Record<string, string> | undefined,
  to: Record<string, string> | undefined,
): { patch: Json; kept: string[] } {
  const lower = (name: string) => name.toLowerCase();
  const entry = new Set(Object.keys(from ?? {}).map(lower));
  const held = Object.keys(stored ?? {});
  const patch: Json = {};
  /** Names `to` gives that the server holds from an admin, not from the entry: the admin's stay. */
  const kept: string[] = [];
  for (const [name, value] of Object.entries(to ?? {})) {
    if (!entry.has(lower(name)) && held.some((h) => lower(h) === lower(name))) kept.push(name);
    else patch[name] = value;
  }
  // the entry's names it holds in a spelling `to` does not set (dropped, or respelled): removed, as a
  // merge patch goes by exact spelling
  for (const name of held) if (entry.has(lower(name)) && !Object.hasOwn(patch, name)) patch[name] = null;
  return { patch, kept };
}

/** Whether `headers` still hold each of `given` with its value (names compared as HTTP does). */
function holdsAll(
  headers: Record<string, string> | undefined,
  given: Record<string, string> | undefined,
): boolean {
  const held = new Map(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), digestOf(value)]),
  );
  return Object.entries(given ?? {}).every(
    ([name, value]) => held.get(name.toLowerCase()) === digestOf(value),
  );
}

/**
 * What applying `entry` (shaped) to an imported server (as stored now) changes, or undefined
 * when the entry is as last applied. An address the admin gave the server stays (the registry's new one is
 * reported). A server holding secrets the entry moves elsewhere is not moved (`skip`): an admin gives them
 * again with the new address, or not. The headers the entry gave follow its changes while the server still
 * has them as given (`origin.headers`: what was applied); ones an admin changed stay.
 */
function reconcile(
  server: Json,
  shaped: { body: Json; needs: string[] },
  version: string,
):
  | { patch: Json; reasons: string[]; headers: Record<string, string> | undefined }
  | { skip: string }
  | undefined {
  const previous = server['origin'] as Origin;
  const url = String(shaped.body['url']);
  const transport = String(shaped.body['transport']);
  // an origin recorded before the entry's own address was kept: the server's then
  const lastUrl = previous.url ?? String(server['url']);
  const lastTransport = previous.transport ?? String(server['transport']);
  const moved = lastUrl !== url || lastTransport !== transport;
  const removed = previous.status === 'removed';
  if (!moved && !removed && previous.version === version) return undefined;
  const patch: Json = {};
  const reasons: string[] = [];
  const description = shaped.body['description'];
  if (description !== undefined && description !== server['description']) {
    // the entry's description follows it unless an admin wrote another (the server's is neither none nor
    // the one the entry gave last; an origin recorded before descriptions were follows, as it did)
    if (
      server['description'] === undefined ||
      previous.description === undefined ||
      server['description'] === previous.description
    )
      patch['description'] = description;
    else reasons.push('keeps the description an admin gave it');
  }
  // what the server sends: its headers, its credentials' header, the identity it forwards
  const credentials = server['credentials'] as { header?: string } | undefined;
  const identity = server['identity'] as
    | { forwardJwt?: string; headers?: Record<string, string> }
    | undefined;
  const headers = [
    ...Object.keys((server['headers'] as Record<string, string> | undefined) ?? {}),
    ...(credentials !== undefined ? [credentials.header ?? 'authorization'] : []),
    ...(identity?.forwardJwt !== undefined ? [identity.forwardJwt] : []),
    ...Object.keys(identity?.headers ?? {}),
  ].map((h) => h.toLowerCase());
  const needs = shaped.needs.filter((h) => !headers.includes(h.toLowerCase()));
  if (needs.length > 0) reasons.push(`needs header ${needs.join(', ')}: set it, then enable the server`);
  const followed = server['url'] === url && server['transport'] === transport;
  const given = shaped.body['headers'] as Record<string, string> | undefined;
  /** The entry's headers the server has as they were given (none an admin set or changed). */
  const stored = server['headers'] as Record<string, string> | undefined;
  const asGiven = stored === undefined || sameHeaders(stored, previous.headers);
  /** The entry's headers applied now, less any an admin gave of the same names. */
  let applied = given;
  const follow = () => {
    const { patch: headers, kept } = headersPatch(stored, previous.headers, given);
    if (Object.keys(headers).length > 0) patch['headers'] = headers;
    if (kept.length > 0) {
      reasons.push(`keeps the value an admin gave ${kept.join(', ')} (the entry gives one now)`);
      applied = Object.fromEntries(Object.entries(given ?? {}).filter(([name]) => !kept.includes(name)));
    }
  };
  if (!moved && !sameHeaders(given, previous.headers)) {
    // at the same address the entry's headers follow it while the server holds them as given, whatever
    // an admin added beside them (a secret the entry asked for)
    if (holdsAll(stored, previous.headers)) follow();
    else {
      applied = previous.headers;
      reasons.push(`keeps the headers an admin gave it (the entry's changed)`);
    }
  }
  if (moved && !followed) {
    if (server['url'] !== lastUrl) {
      reasons.push(`keeps the address an admin gave it (the entry's is now ${url})`);
    } else if (
      server['credentials'] !== undefined ||
      // what the gateway sends of its users (signed assertions for the server's audience, their
      // address and teams) goes to the address an admin chose, not one the entry names later
      server['identity'] !== undefined ||
      // headers the entry itself gave follow it; any an admin set or changed do not
      !asGiven
    ) {
      return {
        skip: `the entry moved to ${url}: the server's headers, credentials and identity forwarding do not follow it there; give them again with the new url to move it`,
      };
    } else {
      patch['url'] = url;
      patch['transport'] = transport;
      // the new address gets the entry's headers as it gives them now, and none it gave the old one
      if (given !== undefined) follow();
      else if (stored !== undefined) patch['headers'] = null;
    }
  }
  if (removed) {
    const enabled = (previous.enabledBeforeRemoval ?? true) && needs.length === 0;
    if (enabled !== (server['enabled'] !== false)) patch['enabled'] = enabled;
  } else if (needs.length > 0 && server['enabled'] !== false) {
    // a header the entry now requires and the server lacks: off until an admin sets it, as on creation
    // (served without it, the upstream would only refuse, or serve as nobody)
    patch['enabled'] = false;
  }
  // what the origin records as applied: the last ones when the server was left as it was (an admin's
  // address, secrets that do not follow)
  if (moved && !('url' in patch)) applied = previous.headers;
  return { patch, reasons, headers: applied };
}

/**
 * Applies an entry to the server imported from it (`existing`, as listed): decided on the server as it is
 * now (an admin may have changed it since it was listed), and written only if it is still so (a 412
 * otherwise). Undefined when nothing changes, or the server is gone or no longer imported.
 */
async function applyEntry(
  service: ResourceService,
  existing: Json,
  shaped: { body: Json; needs: string[] },
  version: string,
  origin: Origin,
) {
  const stored = await service.findByUnique('server', 'name', String(existing['name']), true);
  if (stored === undefined || stored.id !== existing['id'] || stored['origin'] === undefined)
    return undefined;
  const previous = stored['origin'] as Origin;
  const change = reconcile(stored, shaped, version);
  if (change === undefined || 'skip' in change) return change;
  const { headers: _, ...rest } = origin;
  const written = await service.patch('server', stored.id, change.patch, etag(stored.version), {
    origin: {
      ...rest,
      ...(change.headers !== undefined ? { headers: recorded(change.headers) } : {}),
      importedAt: previous.importedAt,
    },
  });
  return { written, reasons: change.reasons, before: written.previous ?? existing };
}

/** The servers of a workspace, with their ids. */
async function serversOf(service: ResourceService, workspace: string): Promise<Json[]> {
  const servers: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.list('server', {
      limit: 100,
      filters: { workspace },
      ...(cursor !== undefined ? { cursor } : {}),
    });
    servers.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return servers;
}

const errorText = (error: unknown) =>
  error instanceof GatewayError
    ? [error.message, ...(error.errors ?? []).map((e) => `${e.pointer} ${e.detail}`)].join(' ')
    : String(error);

/** Syncs one registry now: creates, updates and disables its servers, and records the sync on it. */
export async function syncRegistry(
  service: ResourceService,
  deps: RegistryDeps,
  registryId: string,
  audit?: SyncAudit,
  /** When the caller must have its answer (a Lambda function's end): the sync stops in time to say so. */
  deadline?: number,
): Promise<SyncReport> {
  // what is left before the deadline, less the time to record the outcome
  const stopAt = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - SYNC_RECORD_MS;
  // where it is read and what is sent there come from one read (its headers opened): a registry moved to
  // another url meanwhile (its new headers given for the new url) never has them sent to the old one
  const registry = await service.getOpened('registry', registryId);
  const name = String(registry['name']);
  const workspace = String(registry['workspace'] ?? 'default');
  const now = new Date(service.clock.now()).toISOString();
  const report: SyncReport = {
    registry: name,
    syncedAt: now,
    created: [],
    updated: [],
    disabled: [],
    skipped: [],
  };
  const record = async (error?: string) => {
    const lastSync = {
      at: now,
      created: report.created.length,
      updated: report.updated.length,
      disabled: report.disabled.length,
      skipped: report.skipped.length,
      ...(error !== undefined ? { error } : {}),
    };
    await service.patch('registry', registryId, {}, undefined, { lastSync });
    await audit?.synced({ id: registryId, name, workspace }, lastSync);
  };
  let entries: RegistryEntry[];
  try {
    entries = await fetchRegistry(
      deps,
      String(registry['url']),
      (registry['headers'] as Record<string, string> | undefined) ?? {},
      Math.min(Date.now() + LISTING_BUDGET_MS, stopAt),
    );
  } catch (error) {
    await record(errorText(error)).catch(() => undefined);
    throw error;
  }
  try {
    const include =
      Array.isArray(registry['include']) && registry['include'].length > 0
        ? patternMatcher(registry['include'] as string[])
        : undefined;
    const namespaces = Array.isArray(registry['namespaces'])
      ? (registry['namespaces'] as string[])
      : undefined;
    const wanted = entries.filter(
      (e) =>
        e.status !== 'deleted' &&
        (include === undefined || include(e.name)) &&
        (namespaces === undefined ||
          namespaces.length === 0 ||
          namespaces.includes(e.name.split('/')[0] ?? '')),
    );
    const names = new Set(wanted.map((e) => e.name));
    if (names.size > MAX_IMPORTED)
      throw new GatewayError(
        'upstream_error',
        `The registry has ${names.size} servers to import, more than ${MAX_IMPORTED}: narrow them with \`include\` or \`namespaces\`.`,
      );
    const servers = await serversOf(service, workspace);
    const imported = new Map<string, Json>();
    for (const server of servers) {
      const origin = server['origin'] as Origin | undefined;
      // (an origin from before ids were recorded goes by the name alone)
      if (origin?.registry === name && (origin.registryId ?? registryId) === registryId)
        imported.set(origin.name, server);
    }
    /** Server names in use: the entry of this registry each was made of, or null (any other server). */
    const taken = new Map<string, string | null>();
    for (const server of servers) {
      const origin = server['origin'] as Origin | undefined;
      const ours = origin?.registry === name && (origin.registryId ?? registryId) === registryId;
      taken.set(String(server['name']), ours ? origin.name : null);
    }
    const dismissed = await dismissedEntries(service.store, registryId);
    /** Entries looked at (the first of a name counts); `seen`: those a server can be made of. */
    const visited = new Set<string>();
    const seen = new Set<string>();
    /** Why an entry a server was imported from can no longer be one (it lost its remotes). */
    const unusable = new Map<string, string>();
    for (const entry of wanted) {
      if (Date.now() > stopAt) {
        report.incomplete = `ran out of time after ${visited.size} of ${names.size} entries; the next sync goes on`;
        break;
      }
      if (visited.has(entry.name)) continue;
      visited.add(entry.name);
      const shaped = serverBodyOf(entry, workspace, { registry: name });
      if ('reason' in shaped) {
        if (imported.has(entry.name)) unusable.set(entry.name, shaped.reason);
        else report.skipped.push({ name: entry.name, version: entry.version, reason: shaped.reason });
        continue;
      }
      seen.add(entry.name);
      const existing = imported.get(entry.name);
      const origin = originOf(entry, shaped.body, now, { name, id: registryId });
      try {
        if (existing === undefined) {
          if (dismissed.has(entry.name)) {
            report.skipped.push({
              name: entry.name,
              version: entry.version,
              reason: 'an admin deleted the server made of it; import the entry by hand to have it again',
            });
            continue;
          }
          const holder = taken.get(String(shaped.body['name']));
          if (holder !== undefined) {
            report.skipped.push({
              name: entry.name,
              version: entry.version,
              reason:
                holder === null
                  ? `the name ${String(shaped.body['name'])} is taken by a server not imported from this registry`
                  : `entry ${holder} of this registry makes a server of the same name, ${String(shaped.body['name'])}`,
            });
            continue;
          }
          const created = await service.create('server', shaped.body, { origin });
          taken.set(String(shaped.body['name']), entry.name);
          report.created.push({
            name: entry.name,
            server: String(shaped.body['name']),
            version: entry.version,
            ...(shaped.needs.length > 0
              ? { reason: `needs header ${shaped.needs.join(', ')}: set it, then enable the server` }
              : {}),
          });
          await audit?.server('resource.created', { id: created.id, after: created.record });
          continue;
        }
        const change = await applyEntry(service, existing, shaped, entry.version, origin);
        if (change === undefined) continue;
        if ('skip' in change) {
          report.skipped.push({
            name: entry.name,
            server: String(existing['name']),
            version: entry.version,
            reason: change.skip,
          });
          continue;
        }
        report.updated.push({
          name: entry.name,
          server: String(existing['name']),
          version: entry.version,
          ...(change.reasons.length > 0 ? { reason: change.reasons.join('; ') } : {}),
        });
        await audit?.server('resource.updated', {
          id: String(existing['id']),
          before: change.before,
          after: change.written.record,
        });
      } catch (error) {
        report.skipped.push({ name: entry.name, version: entry.version, reason: errorText(error) });
      }
    }
    // gone from the registry (or no longer reachable over the network): disabled, never deleted; not
    // after a sync cut short, whose unvisited entries are not gone
    for (const [entryName, listed] of report.incomplete === undefined ? imported : []) {
      if (seen.has(entryName) || (listed['origin'] as Origin).status === 'removed') continue;
      try {
        // read again, written only if unchanged since: an admin who disabled the server during a long
        // sync must not have it enabled again when the entry comes back
        const server = await service.findByUnique('server', 'name', String(listed['name']));
        if (server === undefined || server.id !== listed['id'] || server['origin'] === undefined) continue;
        const origin = server['origin'] as Origin;
        if (origin.status === 'removed') continue;
        const written = await service.patch('server', server.id, { enabled: false }, etag(server.version), {
          origin: { ...origin, status: 'removed', enabledBeforeRemoval: server['enabled'] !== false },
        });
        report.disabled.push({
          name: entryName,
          server: String(server['name']),
          version: origin.version,
          reason: unusable.get(entryName) ?? 'no longer in the registry',
        });
        await audit?.server('resource.updated', {
          id: server.id,
          before: written.previous ?? listed,
          after: written.record,
        });
      } catch (error) {
        // e.g. an admin changed the server meanwhile: the next sync disables it
        report.skipped.push({ name: entryName, server: String(listed['name']), reason: errorText(error) });
      }
    }
  } catch (error) {
    // recorded all the same, so a scheduled registry is not synced again on every tick
    await record(errorText(error)).catch(() => undefined);
    throw error;
  }
  await record(report.incomplete);
  return report;
}

/** Milliseconds of a `schedule` (`15m`, `1h`, `1d`). */
export function scheduleMs(schedule: string): number | undefined {
  const match = /^([1-9][0-9]{0,3})([mhd])$/.exec(schedule);
  if (match === null) return undefined;
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
}

/**
 * The audit records of a scheduled sync: made by the gateway itself, on the registry's word (an
 * API-started sync records the admin who started it instead).
 */
const scheduledAudit = (audit: AuditSink, registry: string): SyncAudit => {
  const actor = { kind: 'gateway', id: 'mcp-gateway' } as const;
  const reason = `scheduled sync of registry ${registry}`;
  return {
    server: async (type, server) => {
      const state = server.after;
      await audit.record({
        type,
        ...(typeof state['workspace'] === 'string' ? { workspace: state['workspace'] } : {}),
        actor,
        resource: {
          type: 'server',
          id: server.id,
          ...(typeof state['name'] === 'string' ? { name: state['name'] } : {}),
        },
        ...(server.before !== undefined ? { before: server.before } : {}),
        after: state,
        reason,
      });
    },
    synced: async (synced, lastSync) => {
      await audit.record({ ...syncedEvent(synced, lastSync), actor, reason });
    },
  };
};

/** The audit record of a sync (its actor added by whoever started it). */
export const syncedEvent = (
  registry: { id: string; name: string; workspace: string },
  lastSync: Json,
): Omit<NewAuditEvent, 'actor'> => ({
  type: 'registry.synced',
  workspace: registry.workspace,
  resource: { type: 'registry', id: registry.id, name: registry.name },
  detail: lastSync,
});

/**
 * The longest a claim holds: a sync records when it ran (failed or not), which makes it due again a
 * period later; a process that died before that leaves its claim, which lapses then.
 */
const SYNC_CLAIM_MS = 10 * 60_000;

/** Whether this process takes a due registry's sync: the first of the processes to claim it does. */
async function claimSync(service: ResourceService, id: string, everyMs: number): Promise<boolean> {
  const until = service.clock.now() + Math.min(everyMs, SYNC_CLAIM_MS) - 1000;
  try {
    await service.store.put(
      { pk: 'registry-claim', sk: id, expiresAt: Math.floor(until / 1000) },
      { kind: 'absent' },
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}

/**
 * Syncs every enabled registry whose schedule is due (the local timer and the scheduled function); each
 * server it creates or changes is recorded in `audit` (a record the store refuses is written later).
 */
export async function syncDueRegistries(
  service: ResourceService,
  deps: RegistryDeps,
  audit: AuditSink,
  log: (line: string) => void,
  deadline?: number,
): Promise<SyncReport[]> {
  const reports: SyncReport[] = [];
  let cursor: string | undefined;
  const due: { registry: Json; every: number }[] = [];
  do {
    const page = await service.list('registry', {
      limit: 100,
      filters: {},
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const registry of page.items) {
      if (registry['enabled'] === false || typeof registry['schedule'] !== 'string') continue;
      const every = scheduleMs(registry['schedule']);
      const last = Date.parse(String((registry['lastSync'] as { at?: string } | undefined)?.at ?? ''));
      if (every !== undefined && (Number.isNaN(last) || service.clock.now() - last >= every))
        due.push({ registry, every });
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  for (const { registry, every } of due) {
    if (deadline !== undefined && Date.now() > deadline - SYNC_RECORD_MS) break;
    try {
      // the processes sharing a table all find it due: one of them syncs it
      if (!(await claimSync(service, String(registry['id']), every))) continue;
      const name = String(registry['name']);
      reports.push(
        await syncRegistry(service, deps, String(registry['id']), scheduledAudit(audit, name), deadline),
      );
    } catch (error) {
      log(`mcp-gateway: registry "${String(registry['name'])}" could not be synced: ${errorText(error)}`);
    }
  }
  return reports;
}

/** What importing a server.json document did. */
export interface ServerJsonImport {
  action: 'created' | 'updated' | 'unchanged';
  server: Json;
  id: string;
  before?: Json;
  /** What an admin should know of an update (a kept address, a server disabled for review). */
  reason?: string;
}

/** Imports one server.json document into a workspace (created, or updated when imported before). */
export async function importServerJson(
  service: ResourceService,
  document: unknown,
  workspace: string,
): Promise<ServerJsonImport> {
  const entry = parseServerJson(document);
  if (entry === undefined)
    throw new GatewayError(
      'validation_failed',
      'The body is not a server.json document (it needs a name of at most 200 characters).',
    );
  const shaped = serverBodyOf(entry, workspace, { imported: 'server-json' });
  if ('reason' in shaped)
    throw new GatewayError('validation_failed', `${entry.name} cannot be imported: ${shaped.reason}.`);
  try {
    return await importEntry(service, entry, shaped, workspace);
  } catch (error) {
    throw inDocument(error, document, shaped.body);
  }
}

/**
 * A refusal of the server made of a server.json document, its field pointers moved into the document: the
 * server's `url`, `transport` and `headers` come from the remote chosen (`/remotes/{i}/…`), its workspace
 * from the request's query (no pointer into the body names it: the document as a whole is named).
 */
function inDocument(error: unknown, document: unknown, body: Json): unknown {
  if (!(error instanceof GatewayError) || error.errors === undefined) return error;
  const remotes = isObject(document) && Array.isArray(document.remotes) ? document.remotes : [];
  const at = remotes.findIndex(
    (r: unknown) => isObject(r) && r.url === body['url'] && r.type === body['transport'],
  );
  const remote = at >= 0 ? `/remotes/${at}` : '';
  const headers =
    at >= 0 && isObject(remotes[at]) && Array.isArray(remotes[at].headers) ? remotes[at].headers : [];
  const pointer = (path: string): string => {
    if (path === '/url') return `${remote}/url`;
    if (path === '/transport') return `${remote}/type`;
    if (path === '/workspace') return '';
    const header = /^\/headers\/(.*)$/.exec(path);
    if (header !== null) {
      const name = header[1]!.replaceAll('~1', '/').replaceAll('~0', '~');
      const index = headers.findIndex((h: unknown) => isObject(h) && h.name === name);
      return index >= 0 ? `${remote}/headers/${index}` : `${remote}/headers`;
    }
    return path;
  };
  return new GatewayError(error.code, error.message, {
    errors: error.errors.map((e) => ({
      pointer: pointer(e.pointer),
      detail: e.pointer === '/workspace' ? `the workspace query parameter: ${e.detail}` : e.detail,
    })),
    ...(error.headers !== undefined ? { headers: error.headers } : {}),
    cause: error,
  });
}

async function importEntry(
  service: ResourceService,
  entry: RegistryEntry,
  shaped: { body: Json; needs: string[] },
  workspace: string,
): Promise<ServerJsonImport> {
  const now = new Date(service.clock.now()).toISOString();
  const origin = originOf(entry, shaped.body, now);
  const existing = (await serversOf(service, workspace)).find(
    (s) =>
      (s['origin'] as Origin | undefined)?.name === entry.name &&
      (s['origin'] as Origin).registry === undefined,
  );
  if (existing === undefined) {
    const created = await service.create('server', shaped.body, { origin });
    return { action: 'created', server: created.body, id: created.id };
  }
  const change = await applyEntry(service, existing, shaped, entry.version, origin);
  if (change === undefined) return { action: 'unchanged', server: existing, id: String(existing['id']) };
  if ('skip' in change) throw new GatewayError('validation_failed', `${entry.name}: ${change.skip}.`);
  return {
    action: 'updated',
    server: change.written.body,
    id: String(existing['id']),
    before: existing,
    ...(change.reasons.length > 0 ? { reason: change.reasons.join('; ') } : {}),
  };
}
