/**
 * What the server resource needs beyond its schema: refusing configuration that validates yet could
 * never work upstream (a URL no client can reach, headers fetch refuses or that break the exchange,
 * read-only provisioning on annotations nobody trusts), and the tool catalog as the API answers it.
 */
import { approvePin, MALFORMED_HASH, quarantined, readPins } from '../catalog/pins.js';
import { readCatalog } from '../catalog/store.js';
import type { CatalogTool } from '../catalog/tools.js';
import type { Server } from '../core/config.js';
import { type FieldError, GatewayError } from '../core/errors.js';
import { gatewayOwnedHeader } from '../core/http.js';
import { isObject } from '../core/json-object.js';
import type { components } from '../generated/api-types.js';
import { serverToolPolicy } from '../policies/tool-provisioning/rules.js';
import { ConditionFailedError } from '../store/port.js';
import type { Json, ResourceService } from './service.js';
import { escapePointerToken } from './validation.js';

type ServerToolList = components['schemas']['ServerToolList'];

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a header value cannot be sent, or undefined. Names are RFC 9110 tokens already (the schema). */
function headerValueProblem(value: string): string | undefined {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    // A field value is bytes: fetch refuses anything beyond Latin-1.
    if (code > 0xff) return `contains ${hex(code)}, which is not Latin-1: header values are bytes`;
    // CR and LF would split the header, NUL ends it; no control character but tab belongs in a value.
    if ((code < 0x20 && code !== 0x09) || (code >= 0x7f && code <= 0x9f)) {
      return `contains the control character ${hex(code)}; only tab is allowed`;
    }
  }
  return undefined;
}

const reservedProblem = (lower: string) =>
  gatewayOwnedHeader(lower) ? 'is set by the gateway or its HTTP client and cannot be configured' : undefined;

export function headerErrors(headers: unknown, base = '/headers'): FieldError[] {
  if (!isObject(headers)) return [];
  const errors: FieldError[] = [];
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const pointer = `${base}/${escapePointerToken(name)}`;
    const lower = name.toLowerCase();
    const reserved = reservedProblem(lower);
    if (reserved !== undefined) errors.push({ pointer, detail: reserved });
    const other = seen.get(lower);
    if (other !== undefined) {
      // Sent together they would be merged into one header with both values.
      errors.push({ pointer, detail: `is the same header as ${JSON.stringify(other)}: names ignore case` });
    }
    seen.set(lower, name);
    const problem = typeof value === 'string' ? headerValueProblem(value) : undefined;
    if (problem !== undefined) errors.push({ pointer, detail: problem });
  }
  return errors;
}

/** The authority (`user@host:port`) of an absolute URL as written, before any normalisation. */
const authorityOf = (raw: string): string => /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#\\]*)/.exec(raw)?.[1] ?? '';

/** Field errors of an outbound URL that passed the schema's `http(s)://` pattern (at `pointer`). */
export function urlErrors(raw: unknown, pointer = '/url'): FieldError[] {
  if (typeof raw !== 'string') return [];
  const refuse = (detail: string): FieldError[] => [{ pointer, detail }];
  const authority = authorityOf(raw);
  // Checked on the text: the URL parser drops an empty user info and reads `http:///x` as host `x`.
  if (authority.includes('@')) {
    return refuse('must not contain user info (user:password@); credentials never go in a URL');
  }
  const hostAndPort = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
  if (authority === '' || hostAndPort?.[1] === '') return refuse('has no host');
  const port = hostAndPort?.[2];
  if (port !== undefined && port !== '' && !(Number(port) >= 1 && Number(port) <= 65535)) {
    return refuse(`has port ${port}; a port is 1 to 65535`);
  }
  if (!URL.canParse(raw)) return refuse('is not a valid URL');
  if (raw.includes('#')) return refuse('must not have a fragment (#...): it is never sent');
  return [];
}

function toolsErrors(value: Json): FieldError[] {
  const tools = value['tools'];
  if (!isObject(tools) || tools['readOnly'] !== true || value['trustAnnotations'] === true) return [];
  return [
    {
      pointer: '/tools/readOnly',
      detail:
        'relies on readOnlyHint annotations, which are hints from the upstream: it needs trustAnnotations: true on the server',
    },
  ];
}

/** Identity headers: not reserved, and none set twice (by `headers`, `forwardJwt` or each other). */
function identityErrors(value: Json): FieldError[] {
  const identity = value['identity'];
  if (!isObject(identity)) return [];
  const errors = headerErrors(identity['headers'], '/identity/headers');
  const taken = new Set(
    Object.keys(isObject(value['headers']) ? value['headers'] : {}).map((n) => n.toLowerCase()),
  );
  const forwardJwt = identity['forwardJwt'];
  if (typeof forwardJwt === 'string') {
    const lower = forwardJwt.toLowerCase();
    const problem =
      reservedProblem(lower) ?? (taken.has(lower) ? "is already one of the server's headers" : undefined);
    if (problem !== undefined) errors.push({ pointer: '/identity/forwardJwt', detail: problem });
    taken.add(lower);
  }
  for (const name of Object.keys(isObject(identity['headers']) ? identity['headers'] : {})) {
    if (taken.has(name.toLowerCase()))
      errors.push({
        pointer: `/identity/headers/${escapePointerToken(name)}`,
        detail: "is already sent as the server's header or the forwarded JWT",
      });
  }
  return errors;
}

/** Upstream credentials: a usable token URL, a client for client credentials, a header of its own. */
function credentialsErrors(value: Json): FieldError[] {
  const credentials = value['credentials'];
  if (!isObject(credentials)) return [];
  const errors = [
    ...urlErrors(credentials['tokenUrl'], '/credentials/tokenUrl'),
    ...urlErrors(credentials['authorizationServer'], '/credentials/authorizationServer'),
  ];
  if (credentials['kind'] !== 'user-oauth' && credentials['tokenUrl'] === undefined)
    errors.push({
      pointer: '/credentials/tokenUrl',
      detail: `is required for ${String(credentials['kind'])}`,
    });
  if (credentials['kind'] === 'client-credentials' && credentials['clientId'] === undefined)
    errors.push({ pointer: '/credentials/clientId', detail: 'is required for client-credentials' });
  if (credentials['clientSecret'] !== undefined && credentials['clientId'] === undefined)
    errors.push({ pointer: '/credentials/clientId', detail: 'is required with a client secret' });
  // a secret goes only to the authorization server it was issued by, never to one the upstream names
  if (
    credentials['kind'] === 'user-oauth' &&
    credentials['clientSecret'] !== undefined &&
    credentials['authorizationServer'] === undefined
  )
    errors.push({
      pointer: '/credentials/authorizationServer',
      detail:
        'is required with a client secret (the secret is sent to no authorization server the upstream names)',
    });
  const header = typeof credentials['header'] === 'string' ? credentials['header'] : 'Authorization';
  const lower = header.toLowerCase();
  const identity = isObject(value['identity']) ? value['identity'] : {};
  const taken = [
    ...Object.keys(isObject(value['headers']) ? value['headers'] : {}),
    ...Object.keys(isObject(identity['headers']) ? identity['headers'] : {}),
    ...(typeof identity['forwardJwt'] === 'string' ? [identity['forwardJwt']] : []),
  ].map((name) => name.toLowerCase());
  const problem = lower === 'authorization' ? undefined : reservedProblem(lower);
  if (problem !== undefined) errors.push({ pointer: '/credentials/header', detail: problem });
  else if (taken.includes(lower))
    errors.push({
      pointer: '/credentials/header',
      detail: `is already sent (the server's headers or identity): choose another header`,
    });
  return errors;
}

/** Field errors of a complete server (after defaults and merging) that passed the schema. */
/** An `openapi` server needs its document; its addresses pass the same checks as the server's. */
function openApiErrors(value: Json): FieldError[] {
  const openapi = value['openapi'];
  if (value['transport'] !== 'openapi')
    return openapi === undefined ? [] : [{ pointer: '/openapi', detail: 'is only for transport openapi' }];
  if (!isObject(openapi) || (openapi['url'] === undefined && openapi['document'] === undefined))
    return [{ pointer: '/openapi', detail: 'is required with transport openapi: give its url or document' }];
  // the document would win, and the url be kept for nothing
  if (openapi['url'] !== undefined && openapi['document'] !== undefined)
    return [{ pointer: '/openapi', detail: 'gives its url or its document, not both' }];
  const errors = [
    ...(openapi['url'] !== undefined ? urlErrors(openapi['url'], '/openapi/url') : []),
    ...(openapi['baseUrl'] !== undefined ? urlErrors(openapi['baseUrl'], '/openapi/baseUrl') : []),
  ];
  const document = openapi['document'];
  if (document !== undefined && !isObject((document as Json)['paths']))
    errors.push({ pointer: '/openapi/document', detail: 'is no OpenAPI document: it has no paths' });
  return errors;
}

/**
 * A patch of an `openapi` server's source: a document given is the new document whole (not merged into
 * the stored one: paths it no longer has would stay tools, and its own nulls would go), and a url given
 * in place of a document (or a document in place of a url) replaces it.
 */
export function openApiPatched(merged: Json, patch: Json): void {
  const given = isObject(patch['openapi']) ? patch['openapi'] : {};
  const source = merged['openapi'];
  if (!isObject(source)) return;
  if (given['document'] != null) {
    source['document'] = given['document'];
    if (given['url'] === undefined) delete source['url'];
  } else if (given['url'] != null && given['document'] === undefined) delete source['document'];
  // one stored with both before they were exclusive served its document: a patch that gives not both
  // keeps it so (and stays possible: disabling such a server must not wait on choosing its source)
  else if (source['url'] !== undefined && source['document'] !== undefined) delete source['url'];
}

/** What each transport needs and what it has no use for. */
function transportErrors(value: Json): FieldError[] {
  const transport = value['transport'] ?? 'streamable-http';
  const errors: FieldError[] = [];
  const unused = (fields: readonly string[], detail: string) => {
    for (const field of fields) if (value[field] !== undefined) errors.push({ pointer: `/${field}`, detail });
  };
  if (transport !== 'lambda') unused(['function'], 'is only for transport lambda');
  if (transport !== 'virtual') unused(['members'], 'is only for transport virtual');
  if (transport === 'lambda') {
    if (value['function'] === undefined)
      errors.push({
        pointer: '/function',
        detail: 'is required with transport lambda: the function name or ARN',
      });
    unused(['url', 'targets'], 'is not used by transport lambda: the function is invoked');
    const credentials = value['credentials'];
    if (isObject(credentials) && credentials['kind'] === 'user-oauth')
      errors.push({
        pointer: '/credentials/kind',
        detail: 'user-oauth needs an upstream URL; a lambda server has none',
      });
  } else if (transport === 'virtual') {
    if (value['members'] === undefined)
      errors.push({ pointer: '/members', detail: 'is required with transport virtual' });
    unused(
      [
        'url',
        'targets',
        'headers',
        'credentials',
        'identity',
        'fallbacks',
        'openapi',
        'pricing',
        'toolTimeoutsMs',
        'retry',
        'circuitBreaker',
      ],
      'is not used by a virtual server: its members call their own upstreams (set it on them)',
    );
  } else {
    const baseUrl = isObject(value['openapi']) ? value['openapi']['baseUrl'] : undefined;
    // the base URL is where every call goes: targets would be balanced, broken and failed over in name only
    if (transport === 'openapi' && baseUrl !== undefined && value['targets'] !== undefined)
      errors.push({
        pointer: '/targets',
        detail:
          'is not used with openapi.baseUrl, where every call goes: give the targets their base URLs and leave openapi.baseUrl out',
      });
  }
  if (transport !== 'lambda' && transport !== 'virtual' && value['url'] === undefined) {
    const baseUrl = isObject(value['openapi']) ? value['openapi']['baseUrl'] : undefined;
    if (value['targets'] === undefined && (transport !== 'openapi' || baseUrl === undefined))
      errors.push({
        pointer: '/url',
        detail: `is required with transport ${String(transport)}${transport === 'openapi' ? ' (or openapi.baseUrl, or targets)' : ' (or targets)'}`,
      });
  }
  return errors;
}

/** A virtual server's members: each once, prefixes that tell them apart, renamed names given once. */
function memberErrors(value: Json): FieldError[] {
  const members = value['members'];
  if (!Array.isArray(members)) return [];
  const errors: FieldError[] = [];
  const servers = new Set<string>();
  const prefixes = new Set<string>();
  const renamed = new Set<string>();
  for (const [index, member] of members.entries()) {
    if (!isObject(member)) continue;
    const server = String(member['server']);
    if (servers.has(server))
      errors.push({ pointer: `/members/${index}/server`, detail: 'is already a member' });
    servers.add(server);
    const prefix = typeof member['prefix'] === 'string' ? member['prefix'] : '';
    // one prefix that starts another would take that member's names (`a_` and `a_b_`)
    const overlapping = [...prefixes].find(
      (other) => other !== '' && prefix !== '' && (other.startsWith(prefix) || prefix.startsWith(other)),
    );
    if (prefixes.has(prefix) || overlapping !== undefined)
      errors.push({
        pointer: `/members/${index}/prefix`,
        detail:
          prefix === ''
            ? 'only one member may go without a prefix'
            : `overlaps the prefix ${JSON.stringify(overlapping ?? prefix)} of another member: names would collide`,
      });
    prefixes.add(prefix);
    for (const name of Object.values(isObject(member['rename']) ? member['rename'] : {})) {
      if (renamed.has(String(name)))
        errors.push({ pointer: `/members/${index}/rename`, detail: `names ${String(name)} twice` });
      renamed.add(String(name));
    }
  }
  return errors;
}

export function serverErrors(value: Json): FieldError[] {
  return [
    ...transportErrors(value),
    ...memberErrors(value),
    ...openApiErrors(value),
    ...urlErrors(value['url']),
    ...headerErrors(value['headers']),
    ...toolsErrors(value),
    ...identityErrors(value),
    ...credentialsErrors(value),
    ...(Array.isArray(value['targets'])
      ? value['targets'].flatMap((t, i) => urlErrors(isObject(t) ? t['url'] : undefined, `/targets/${i}/url`))
      : []),
  ];
}

/** A catalog tool as the API shows it: icons and execution where MCP's shapes, no prior hash. */
function asListed({ icons, execution, priorHash: _prior, ...tool }: CatalogTool) {
  return {
    ...tool,
    ...(Array.isArray(icons) && icons.every(isObject) ? { icons } : {}),
    ...(isObject(execution) ? { execution } : {}),
  };
}

/**
 * The tool catalog learned for a server, each tool saying whether the server's current rules offer it;
 * `{ items: [] }` until one is learned. 404 for an unknown server.
 */
export async function serverTools(service: ResourceService, id: string): Promise<ServerToolList> {
  const { body } = await service.get('server', id);
  const [catalog, pins] = await Promise.all([readCatalog(service.store, id), readPins(service.store, id)]);
  if (catalog === undefined) return { items: [] };
  // A stored server passed the Server schema when it was written.
  const server = body as Pick<Server, 'tools' | 'trustAnnotations' | 'toolPinning'>;
  const policy = serverToolPolicy(server);
  const pinning = (server.toolPinning ?? 'off') !== 'off';
  return {
    items: catalog.tools.map((tool) => {
      const pin = pins.get(tool.name);
      return {
        ...asListed(tool),
        provisioned: policy.offers(tool.name, tool.annotations),
        ...(pinning && pin !== undefined
          ? {
              pin: {
                hash: pin.hash,
                pinnedAt: pin.pinnedAt,
                ...(pin.approvedBy !== undefined ? { approvedBy: pin.approvedBy } : {}),
              },
              // as the data plane decides
              quarantined: quarantined(pin, tool, catalog.updatedAt),
            }
          : {}),
      };
    }),
    hash: catalog.hash,
    updatedAt: catalog.updatedAt,
  };
}

/**
 * Approves the definition the catalog holds for a tool (`hash`, when given, must be it): pins it, which
 * releases the tool from quarantine. 404 for a tool the catalog does not know.
 */
export async function approveServerTool(
  service: ResourceService,
  id: string,
  name: string,
  body: unknown,
  approvedBy: string,
): Promise<{ tool: ServerToolList['items'][number]; previous?: string }> {
  const options = (body ?? {}) as Record<string, unknown>;
  const asked = options['hash'];
  const abridged = options['abridged'];
  if (
    typeof options !== 'object' ||
    Array.isArray(options) ||
    Object.keys(options).some((k) => k !== 'hash' && k !== 'abridged') ||
    (asked !== undefined && (typeof asked !== 'string' || !/^[0-9a-f]{64}$/.test(asked))) ||
    (abridged !== undefined && typeof abridged !== 'boolean')
  )
    throw new GatewayError(
      'validation_failed',
      'The body may only hold hash, a SHA-256 in hex, and abridged, a boolean.',
    );
  await service.get('server', id);
  const catalog = await readCatalog(service.store, id);
  const tool = catalog?.tools.find((t) => t.name === name);
  if (tool === undefined)
    throw new GatewayError('not_found', `The server has no tool named ${JSON.stringify(name)}.`);
  if (asked !== undefined && asked !== tool.hash)
    throw new GatewayError(
      'conflict',
      `The tool's current definition has the hash ${tool.hash}; approve what you have seen.`,
    );
  // what the admin read of it is not all its hash covers: approved only when they say they know
  if (tool.abridged === true && abridged !== true)
    throw new GatewayError(
      'conflict',
      "The tool's definition was kept without its schemas (too large, too deep, or numbers the store cannot hold): read them at the server, then approve with abridged: true.",
    );
  const pinned = (await readPins(service.store, id)).get(name);
  // a drift recorded since the catalog was written (as the data plane judges it: an older one the catalog
  // outdates is no bar) that it does not hold: approving the catalog's definition would release nothing
  const drift =
    pinned?.pendingHash !== undefined && (pinned.pendingAt ?? '') >= (catalog?.updatedAt ?? '')
      ? pinned.pendingHash
      : undefined;
  // as the data plane judges it: a tool last listed malformed stays quarantined whatever the catalog's time
  if (pinned?.pendingHash?.startsWith(MALFORMED_HASH) === true)
    throw new GatewayError(
      'conflict',
      'The tool was last listed malformed (or twice, with different definitions): no definition of it can be approved until the server lists it well.',
    );
  if (drift !== undefined && drift !== tool.hash)
    throw new GatewayError(
      'conflict',
      `The tool's newest definition (hash ${drift}) is not in the catalog yet; read the tools again and approve it then.`,
    );
  const previous = pinned?.hash;
  let pin: Awaited<ReturnType<typeof approvePin>>;
  try {
    pin = await approvePin(service.store, service.clock, id, name, tool.hash, approvedBy);
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw new GatewayError('conflict', 'The pin changed meanwhile; read the tools again.');
    throw error;
  }
  const listed = await serverTools(service, id);
  const made = { hash: pin.hash, pinnedAt: pin.pinnedAt, approvedBy };
  const shown = listed.items.find((t) => t.name === name) ?? {
    ...asListed(tool),
    provisioned: true,
    pin: made,
    quarantined: false,
  };
  // the pin made is the answer, also where pinning is off now (it holds once pinning is turned on)
  return { tool: { ...shown, pin: shown.pin ?? made }, ...(previous !== undefined ? { previous } : {}) };
}
