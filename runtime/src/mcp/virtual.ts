/**
 * Virtual servers: one MCP server made of the tools, prompts and resources of other servers of its
 * workspace (its `members`).
 *
 * - The gateway answers `initialize` itself. A member's session is opened the first time the client needs
 *   that member (through the member's own pipeline, so its access policies, limits, guardrails, credentials
 *   and catalog all apply), and kept in the store beside the client's session, so any instance serves it.
 * - Member calls run as the virtual server's authenticated caller: a member the caller may not use answers
 *   as an unknown server would, before anything is sent upstream, and is left out without a word.
 * - Tool and prompt names get each member's `prefix` (or an explicit `rename`); calls are routed back by
 *   them. Lists are merged from every page of every member, then paginated anew. A member that fails hides
 *   only its own entries and is named in the list's `_meta` (`mcp-gateway/unavailable`).
 * - Server→client messages of the members (progress, `list_changed`, requests such as sampling) reach the
 *   client; requests get ids naming their member, so the client's answer is routed back to it.
 */

import { randomBytes } from 'node:crypto';
import { bearerToken } from '../auth/secrets.js';
import type { Clock } from '../core/clock.js';
import type { Principal, Server } from '../core/config.js';
import { asGatewayError, type ErrorCode, errorCodes, GatewayError, gatewayCodeOf } from '../core/errors.js';
import { isObject } from '../core/json-object.js';
import { lruCache } from '../core/lru.js';
import type { Terminal } from '../core/pipeline.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';
import {
  type AnswerItem,
  drainItems,
  type Envelope,
  emptyAnswer,
  envelope,
  errorEnvelope,
  type McpAnswer,
  messagesAnswer,
  withLeading,
} from './answer.js';
import type { Member } from './context.js';
import {
  BRIDGE_VERSION,
  encodeHeaderValue,
  refuseUnknownSessionVersion,
  SESSION_VERSIONS,
  withCacheHints,
} from './era.js';
import {
  isRequest,
  isResponse,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type JsonRpcResponse,
  reencodable,
} from './jsonrpc.js';
import {
  endSessionOf,
  nothingForwarded,
  type ProxyContext,
  refusedAnswers,
  sessionFor,
  stillServes,
} from './proxy.js';
import {
  checkKeptInitialize,
  newSessionId,
  type SessionRecord,
  type SessionStore,
  sessionHolder,
} from './sessions.js';
import { describe, forwardedMessages, type McpView, soleInitialize } from './view.js';
import { exposedName, routeName, type VirtualMember } from './virtual-names.js';

/** One request to a member server through the gateway's own pipeline, on behalf of the caller. */
export interface MemberRequest {
  server: string;
  principal: Principal;
  /** The client's message (as the virtual server got it) this request carries, if it carries one. */
  on?: Member['on'];
  method: 'POST' | 'GET' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** The virtual server's request's deadline (see `HttpRequest.deadline`). */
  deadline?: number;
  /** The caller's bearer token (see `Member.bearer`), never sent on as a header. */
  bearer?: string;
  /** Where the client reached the gateway (see `HttpRequest.baseUrl`): the member's OAuth URLs and tokens name it. */
  baseUrl?: string;
  /**
   * The virtual server's request's trace: the member's upstream exchange is a CLIENT span of it, and its
   * upstream is told the gateway's trace context, not the client's.
   */
  trace?: ProxyContext['trace'];
}

export interface VirtualDeps {
  sessions: SessionStore;
  /** The configuration's server of a name (cached): a GET stream ends once its server no longer serves. */
  serverByName?: (name: string) => Promise<Server | undefined>;
  store: StateStore;
  clock: Clock;
  member(request: MemberRequest): Promise<McpAnswer>;
  /**
   * How often a merged GET stream looks whether its session and server are still there, and joins the
   * members' streams it lacks (ms). Default 2 s.
   */
  pollMs?: number;
  /** Whether the caller's credential still holds: a merged GET stream ends once it does not. */
  credentialHolds?: (context: ProxyContext) => Promise<boolean>;
}

/** The longest a merged GET stream waits before it asks a member whose stream it could not open again. */
const MAX_JOIN_BACKOFF_MS = 5 * 60_000;

/** The revision a virtual server answers a client asking for one it does not know (a virtual server speaks
 * every session-era revision; its members are initialized with the client's). */
const LATEST = BRIDGE_VERSION;
/** Entries per page of a merged list. */
export const PAGE_SIZE = 100;
/** Pages read of one member's list, at most. */
const MAX_MEMBER_PAGES = 50;
const UNAVAILABLE = 'mcp-gateway/unavailable';
const MEMBER_ID = /^mcp-gateway-member:([a-z0-9-]+):(.*)$/s;
/** Messages of members' streams a virtual GET stream holds for a client that has not read them yet. */
const MAX_LISTEN_QUEUE = 256;
const NEVER = new AbortController().signal;
/** What a member answers a caller who may not use it: the virtual server says nothing of that member. */
const HIDDEN = new Set(['not_found', 'forbidden', 'unauthorized']);
/** A member's refusals of a call before it ran (its own limits, budgets, access rules, provisioning). */
const NEVER_RAN = new Set<ErrorCode>([
  'rate_limited',
  'budget_exhausted',
  'access_denied',
  'tool_not_provisioned',
  'consent_required',
]);
/** A member's refusals the caller must hear when no member serves a resource it looks for. */
const PROBE_STOPS = new Set<ErrorCode>(['rate_limited', 'guardrail_blocked', 'consent_required']);

/** Whether a client's body survives re-encoding (see `reencodable`), judged once per request. */
const reencodableJudged = new WeakMap<McpView, unknown>();
function reencodableOnce(view: McpView): void {
  let refusal = reencodableJudged.get(view);
  if (refusal === undefined) {
    try {
      reencodable(view.source);
      refusal = null;
    } catch (error) {
      refusal = error;
    }
    reencodableJudged.set(view, refusal);
  }
  if (refusal !== null) throw refusal;
}
/** The same refusals as a member's pipeline answers them (a JSON-RPC error rather than a throw). */
const REFUSAL_CODES = new Set([...PROBE_STOPS].map((code) => errorCodes[code].jsonRpc as number));
const MEMBER_TTL_SECONDS = 24 * 3600;
/**
 * Client headers a member request in a session does not carry: credentials (see `request`), framing, and
 * the client's own session's (`mcp-*`, `last-event-id`). It carries all others, as a request in the
 * stateless revision does: a member's policies judge the client's request as it would reach them itself.
 */
/** The W3C trace context a traced virtual request does not pass on as the caller sent it. */
const TRACE_HEADERS = new Set(['traceparent', 'tracestate', 'baggage']);

const NOT_FORWARDED = new Set([
  'authorization',
  'cookie',
  'content-length',
  'content-type',
  'accept',
  'last-event-id',
  'transfer-encoding',
  'connection',
]);

/** A member's session for one client session: its id, and the revision it negotiated. */
interface MemberSession {
  id: string;
  version?: string;
}

const LISTS = {
  'tools/list': 'tools',
  'prompts/list': 'prompts',
  'resources/list': 'resources',
  'resources/templates/list': 'resourceTemplates',
} as const;
type ListMethod = keyof typeof LISTS;

type Entry = Record<string, unknown>;
export interface MemberList {
  /** The member's entries, or why it could not list them (undefined: it may not be used, said nothing). */
  entries?: Entry[];
  error?: string;
}

/** A merged list: its entries, in the members' order, and the member each came from. */
export interface MergedList {
  entries: Entry[];
  owners: string[];
  unavailable: { server: string; error: string }[];
}

/**
 * The members' lists as one: tools and prompts renamed (an entry whose name would route elsewhere — a
 * collision — is left out), resources and templates as they are (the first member listing a URI keeps it).
 */
export function mergeLists(
  members: readonly VirtualMember[],
  lists: readonly MemberList[],
  method: ListMethod,
): MergedList {
  const entries: Entry[] = [];
  const owners: string[] = [];
  const unavailable: { server: string; error: string }[] = [];
  const seen = new Set<string>();
  lists.forEach((list, index) => {
    const member = members[index]!;
    if (list.error !== undefined) unavailable.push({ server: member.server, error: list.error });
    for (const entry of list.entries ?? []) {
      if (method === 'tools/list' || method === 'prompts/list') {
        if (typeof entry['name'] !== 'string') continue;
        const name = exposedName(member, entry['name']);
        const route = routeName(members, name);
        if (route?.index !== index || route.name !== entry['name'] || seen.has(name)) continue;
        // a virtual server runs no tasks (its tasks/* would reach no member): a tool that runs only as
        // one cannot be called through it, and one that may is called without
        const execution = entry['execution'];
        if (isObject(execution) && execution['taskSupport'] === 'required') continue;
        seen.add(name);
        const offered: Entry = { ...entry, name };
        if (isObject(execution) && execution['taskSupport'] !== undefined) {
          const { taskSupport: _, ...rest } = execution;
          offered['execution'] = rest;
        }
        entries.push(offered);
        owners.push(member.server);
      } else {
        const key = String(entry['uri'] ?? entry['uriTemplate'] ?? '');
        if (key === '' || seen.has(key)) continue;
        seen.add(key);
        entries.push(entry);
        owners.push(member.server);
      }
    }
  });
  return { entries, owners, unavailable };
}

/**
 * One page of a merged list. `cursor` is the gateway's own: the offset of the page, and how many entries
 * of which member came before it. The list is merged anew for every page, and a member that answered the
 * first page may fail the next (or one come back): the page goes on after that member's entries seen,
 * wherever they are now, rather than at an offset that would skip or repeat entries. It names no entry:
 * a page may end on one the caller's rules leave out of what it is shown.
 */
export function pageOf(
  list: Pick<MergedList, 'entries' | 'owners'>,
  members: readonly string[],
  cursor: unknown,
): { page: Entry[]; nextCursor?: string } {
  const { entries, owners } = list;
  let offset = 0;
  if (cursor !== undefined) {
    const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString() : '';
    const match = /^v3:(\d+):(\d+):(.+)$/s.exec(text) ?? /^v[12]:(\d+)(?::.*)?$/s.exec(text);
    if (match === null) throw new GatewayError('invalid_request', 'The cursor is not one this server gave.');
    offset = Number(match[1]);
    const rank = match[3] === undefined ? -1 : members.indexOf(match[3]);
    if (rank >= 0) {
      // past the member's first `seen` entries, or at the first entry of a member after it
      const seen = Number(match[2]);
      let counted = 0;
      offset = entries.length;
      for (const [index, owner] of owners.entries()) {
        if (owner === match[3] ? counted++ === seen : members.indexOf(owner) > rank) {
          offset = index;
          break;
        }
      }
    }
  }
  const page = entries.slice(offset, offset + PAGE_SIZE);
  const next = offset + PAGE_SIZE;
  if (next >= entries.length) return { page };
  const owner = owners[next - 1]!;
  const seen = next - owners.indexOf(owner);
  return { page, nextCursor: Buffer.from(`v3:${next}:${seen}:${owner}`).toString('base64url') };
}

/** A member's server→client request gets an id naming the member; the client's answer finds its way back. */
const memberId = (server: string, id: JsonRpcId) => `mcp-gateway-member:${server}:${JSON.stringify(id)}`;

function fromMemberId(id: JsonRpcId): { server: string; id: JsonRpcId } | undefined {
  const match = typeof id === 'string' ? MEMBER_ID.exec(id) : null;
  if (match === null) return undefined;
  try {
    return { server: match[1]!, id: JSON.parse(match[2]!) as JsonRpcId };
  } catch {
    return undefined;
  }
}

const isMemberCancel = (
  message: JsonRpcMessage,
): message is JsonRpcMessage & { params: { requestId: JsonRpcId } } =>
  'method' in message &&
  !('id' in message) &&
  message.method === 'notifications/cancelled' &&
  (typeof message.params?.['requestId'] === 'string' || typeof message.params?.['requestId'] === 'number');

/**
 * A member's refusal of a tool it does not provision, as the client's own unknown tool (the virtual
 * server's names): it names neither the member nor the tool's name there.
 */
async function* unprovisioned(items: AsyncIterable<AnswerItem>, what: string): AsyncGenerator<AnswerItem> {
  for await (const item of items) {
    const message = item.kind === 'message' ? item.message : undefined;
    if (message !== undefined && isResponse(message) && message.error !== undefined)
      if (gatewayCodeOf(message.error) === 'tool_not_provisioned') {
        yield envelope({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32602, message: `Unknown ${what}` },
        });
        continue;
      }
    yield item;
  }
}

/** A member's answer as the client sees it: its requests (and their cancellations) renumbered, its stream positions dropped. */
export async function* fromMember(
  server: string,
  items: AsyncIterable<AnswerItem>,
): AsyncGenerator<AnswerItem> {
  for await (const item of items) {
    if (item.kind === 'raw') {
      // the merged stream cannot be resumed at a member's position
      if (item.eventId === undefined) yield item;
      continue;
    }
    const message = item.message;
    if (isRequest(message)) yield envelope({ ...message, id: memberId(server, message.id) });
    else if (isMemberCancel(message))
      // the member cancels a request of its own: the client knows it by the id it was given
      yield envelope({
        ...message,
        params: { ...message.params, requestId: memberId(server, message.params.requestId) },
      });
    else yield item.eventId === undefined ? item : { ...item, eventId: undefined };
  }
}

/** Reads an answer to the response with `id`. */
async function responseOf(answer: McpAnswer, id: JsonRpcId): Promise<JsonRpcResponse | undefined> {
  for await (const item of answer.items)
    if (item.kind === 'message' && isResponse(item.message) && item.message.id === id) return item.message;
  return undefined;
}

interface Call {
  deps: VirtualDeps;
  context: ProxyContext;
  members: VirtualMember[];
  /** The client's session (session era). */
  session?: SessionRecord;
  signal: AbortSignal;
}

const memberKey = (member: string) => `member#${member}`;
/** The log level the client asked for, kept with its session: members opened later are told it too. */
const LOGGING_KEY = 'logging-level';
/** A caller's lists leave out members it may not use: whose member a URI is, is the caller's own. */
const ownerKey = ({ context: { server, principal } }: Call, uri: string) =>
  JSON.stringify([server.id ?? server.name, server.version, principal.workspace, principal.user, uri]);
const sessionPartition = (id: string) => `mcp-session#${id}`;

export function createVirtualServer(deps: VirtualDeps): Terminal<ProxyContext, McpAnswer> {
  /** Member sessions known in this process (key: client session | member), and the ones being opened. */
  const opened = lruCache<string, MemberSession>(50_000, { ttl: 10 * 60_000 });
  const opening = new Map<string, Promise<MemberSession>>();
  /**
   * Which member serves a resource URI, as the caller's last merged list (or read) said, in any of its
   * sessions (key: virtual server, caller, uri): a stateless client's reads, and a new session's, go to
   * the member that listed the URI instead of to each member in turn.
   */
  const resourceOwner = lruCache<string, string>(50_000, { ttl: 10 * 60_000 });
  /** The server→client streams listening in this process, by client session: told when a member opens. */
  const listeners = new Map<string, Set<() => void>>();

  /** A member request's headers: the client's (see NOT_FORWARDED), and the member's session. */
  const headersFor = (call: Call, member?: MemberSession): Record<string, string> => {
    const { headers } = call.context.request;
    const out: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    // a traced request's members continue the gateway's trace (their exchanges carrying the client's
    // message are its CLIENT spans), never the caller's own span
    const traced = call.context.trace !== undefined;
    for (const [name, value] of Object.entries(headers))
      if (
        value !== undefined &&
        !NOT_FORWARDED.has(name) &&
        !name.startsWith('mcp-') &&
        !(traced && TRACE_HEADERS.has(name))
      )
        out[name] = value;
    if (member !== undefined) {
      out['mcp-session-id'] = member.id;
      // the member speaks the revision it negotiated, which may be older than the client's
      if (member.version !== undefined) out['mcp-protocol-version'] = member.version;
    }
    return out;
  };

  const request = (
    call: Call,
    server: string,
    method: MemberRequest['method'],
    headers: Record<string, string>,
    body?: string,
    signal: AbortSignal = call.signal,
    on?: JsonRpcMessage,
  ) => {
    // A credential limited to some servers (an api key's `servers`) that reaches the virtual server reaches
    // its members through it; whether the caller may use each member, the member's own rules decide
    // (authentication it accepts, access policies).
    const { servers: _servers, ...principal } = call.context.principal;
    const bearer = bearerToken(call.context.request.headers.authorization);
    if (on !== undefined) call.context.trace?.memberCalled();
    return deps.member({
      server,
      principal,
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal,
      ...(call.context.request.deadline !== undefined ? { deadline: call.context.request.deadline } : {}),
      ...(call.context.request.baseUrl !== undefined ? { baseUrl: call.context.request.baseUrl } : {}),
      ...(bearer !== undefined ? { bearer } : {}),
      ...(on !== undefined ? { on: { server: call.context.server.name, message: describe(on) } } : {}),
      // traced: a member exchange carrying the client's message (not a member session's own handshake)
      ...(call.context.trace !== undefined && on !== undefined ? { trace: call.context.trace } : {}),
    });
  };

  /**
   * Forgets a member session its upstream forgot, so that the next use opens one anew: only that one (a
   * concurrent request may have opened the next already, which must stay).
   */
  const forgetMemberSession = async (sessionId: string, server: string, failed: MemberSession) => {
    const key = `${sessionId}|${server}`;
    if (opened.get(key)?.id === failed.id) opened.delete(key);
    const stored = await deps.store
      .get(sessionPartition(sessionId), memberKey(server))
      .catch(() => undefined);
    if (stored?.['session'] === failed.id)
      await deps.store.delete(sessionPartition(sessionId), memberKey(server)).catch(() => {});
  };

  /** The member's session for the client's, opened (initialize, initialized) when first needed. */
  const memberSession = async (call: Call, member: VirtualMember): Promise<MemberSession> => {
    const session = call.session!;
    const key = `${session.id}|${member.server}`;
    const known = opened.get(key);
    if (known !== undefined) return known;
    const pending = opening.get(key);
    if (pending !== undefined) return pending;
    const open = (async () => {
      const now = Math.floor(deps.clock.now() / 1000);
      const stored = await deps.store.get(sessionPartition(session.id), memberKey(member.server));
      if (typeof stored?.['session'] === 'string') {
        const known: MemberSession = {
          id: stored['session'],
          ...(typeof stored['protocolVersion'] === 'string' ? { version: stored['protocolVersion'] } : {}),
        };
        // it lives as long as the client's session is used
        const expiresAt = typeof stored['expiresAt'] === 'number' ? stored['expiresAt'] : 0;
        // only the session read here: another instance may have replaced it (a member session its
        // upstream forgot, opened anew) or the client ended it meanwhile, which a plain write would undo
        // (one written before member items had versions gets its first one, as it was refreshed then)
        const version = stored['version'];
        if (expiresAt - now < MEMBER_TTL_SECONDS / 2)
          await deps.store
            .put(
              {
                ...stored,
                version: typeof version === 'number' ? version + 1 : 1,
                expiresAt: now + MEMBER_TTL_SECONDS,
              },
              ...(typeof version === 'number' ? [{ kind: 'version', version } as const] : []),
            )
            .catch(() => undefined);
        return known;
      }
      const init = JSON.parse(session.initialize ?? '{}') as Partial<JsonRpcRequest>;
      const id = 'mcp-gateway-initialize';
      const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: init.params ?? {} });
      // opened for every request that waits on it: no single client request's cancellation ends it
      const answer = await request(call, member.server, 'POST', headersFor(call), body, NEVER);
      const response = await responseOf(answer, id);
      const sid = answer.headers['mcp-session-id'];
      if (response?.error !== undefined || sid === undefined)
        throw new GatewayError(
          'upstream_error',
          `Member "${member.server}" did not initialize${response?.error !== undefined ? `: ${response.error.message}` : ''}.`,
        );
      const version = (response?.result as { protocolVersion?: unknown } | undefined)?.protocolVersion;
      const fresh: MemberSession = { id: sid, ...(typeof version === 'string' ? { version } : {}) };
      // from here on the member holds a session: any failure below ends it there (none is left behind)
      const ended = () =>
        request(call, member.server, 'DELETE', headersFor(call, fresh), undefined, NEVER)
          .then((answer) => drainItems(answer.items))
          .catch(() => undefined);
      try {
        const initialized = await request(
          call,
          member.server,
          'POST',
          headersFor(call, fresh),
          JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
          NEVER,
        );
        for await (const _ of initialized.items);
        // a log level the client set before this member opened (members open when first needed)
        const capabilities = (response?.result as { capabilities?: { logging?: unknown } } | undefined)
          ?.capabilities;
        const level = (await deps.store.get(sessionPartition(session.id), LOGGING_KEY))?.['level'];
        if (typeof level === 'string' && capabilities?.logging !== undefined)
          // best effort: a member that cannot take it now still serves the client's request
          await (async () => {
            const set = await request(
              call,
              member.server,
              'POST',
              headersFor(call, fresh),
              JSON.stringify({
                jsonrpc: '2.0',
                id: 'mcp-gateway-logging',
                method: 'logging/setLevel',
                params: { level },
              }),
              NEVER,
            );
            for await (const _ of set.items);
          })().catch(() => undefined);
        // another instance may have opened the member for this client session meanwhile (requests of one
        // session land on several): the first one kept wins, and the one opened here is ended at the member
        // twice at most: the one kept may be forgotten between the refused put and the read
        for (let attempt = 0; ; attempt++) {
          try {
            await deps.store.put(
              {
                pk: sessionPartition(session.id),
                sk: memberKey(member.server),
                session: sid,
                ...(fresh.version !== undefined ? { protocolVersion: fresh.version } : {}),
                version: 1,
                expiresAt: now + MEMBER_TTL_SECONDS,
              },
              { kind: 'absent' },
            );
            return fresh;
          } catch (error) {
            if (!(error instanceof ConditionFailedError) || attempt > 0) throw error;
          }
          const kept = await deps.store.get(sessionPartition(session.id), memberKey(member.server), {
            consistent: true,
          });
          if (typeof kept?.['session'] === 'string') {
            await ended();
            return {
              id: kept['session'],
              ...(typeof kept['protocolVersion'] === 'string' ? { version: kept['protocolVersion'] } : {}),
            };
          }
        }
      } catch (error) {
        await ended();
        throw error;
      }
    })();
    opening.set(key, open);
    try {
      const member = await open;
      opened.set(key, member);
      for (const wake of listeners.get(session.id) ?? []) wake();
      return member;
    } finally {
      opening.delete(key);
    }
  };

  /** The members whose session is open (for what goes to every opened member: cancellations, levels). */
  const openedMembers = async (call: Call): Promise<number[]> => {
    const session = call.session;
    if (session === undefined) return [];
    const found = await Promise.all(
      call.members.map(async (member, index) => {
        if (opened.has(`${session.id}|${member.server}`)) return index;
        const item = await deps.store
          .get(sessionPartition(session.id), memberKey(member.server))
          .catch(() => undefined);
        return typeof item?.['session'] === 'string' ? index : -1;
      }),
    );
    return found.filter((i) => i >= 0);
  };

  /**
   * Sends one message to a member (opening its session first); a session it forgot is opened again. `on`:
   * the client's message it carries (limits and budgets count it at the member), absent when the virtual
   * server asks on its own account.
   */
  const send = async (
    call: Call,
    index: number,
    message: JsonRpcMessage,
    on?: JsonRpcMessage,
  ): Promise<McpAnswer> => {
    const member = call.members[index]!;
    // the client's message goes on re-encoded (its tool's name the member's own)
    if (on !== undefined) reencodableOnce(call.context.mcp);
    const body = JSON.stringify(message);
    if (call.session === undefined) {
      const headers = { ...call.context.request.headers };
      for (const name of ['authorization', 'cookie', 'content-length', 'mcp-name', 'mcp-session-id'])
        delete headers[name];
      const target = 'params' in message ? (message.params?.['name'] ?? message.params?.['uri']) : undefined;
      if (typeof target === 'string' && 'method' in message && message.method !== 'completion/complete')
        headers['mcp-name'] = encodeHeaderValue(target);
      return request(call, member.server, 'POST', headers, body, undefined, on);
    }
    for (let attempt = 0; ; attempt++) {
      const session = await memberSession(call, member);
      try {
        return await request(call, member.server, 'POST', headersFor(call, session), body, undefined, on);
      } catch (error) {
        if (attempt > 0 || asGatewayError(error).code !== 'session_not_found') throw error;
        await forgetMemberSession(call.session.id, member.server, session);
      }
    }
  };

  // the ids of the virtual server's own list requests: never a client's id, and unlike another
  // instance's on the same member session
  const listPrefix = `mcp-gateway-list-${randomBytes(6).toString('base64url')}`;
  let listRequests = 0;
  /** Every page of one member's list; a member that may not be used lists nothing and says nothing. */
  const listOf = async (
    call: Call,
    index: number,
    method: ListMethod,
    base: JsonRpcRequest,
  ): Promise<MemberList> => {
    const entries: Entry[] = [];
    let cursor: unknown;
    try {
      for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
        // an id of its own: lists asked side by side on one member session must not share one
        const id = `${listPrefix}-${++listRequests}-${page}`;
        const params: Record<string, unknown> = { ...(base.params ?? {}) };
        delete params['cursor'];
        if (cursor !== undefined) params['cursor'] = cursor;
        const response = await responseOf(
          await send(call, index, { jsonrpc: '2.0', id, method, params }),
          id,
        );
        if (response === undefined) return { entries, error: 'upstream_error' };
        if (response.error !== undefined) {
          // a member without that capability lists nothing
          if (response.error.code === -32601) return { entries };
          // the member's own policies refusing the caller in band (a rule on methods, a webhook's no):
          // not disclosed either, as when refused outright; another refusal of ours is named as it is
          const own = gatewayCodeOf(response.error);
          if (own !== undefined && (HIDDEN.has(own) || own === 'access_denied')) return {};
          return { entries: [], error: own ?? 'upstream_error' };
        }
        const result = response.result as Record<string, unknown>;
        const listed = result?.[LISTS[method]];
        // an entry that is no object is no tool, prompt or resource: left out, as a malformed one is
        if (Array.isArray(listed)) for (const entry of listed) if (isObject(entry)) entries.push(entry);
        cursor = result?.['nextCursor'];
        if (typeof cursor !== 'string' || cursor === '') return { entries };
      }
      // more pages than a merged list reads: what it read is listed, and the member named as cut short
      return { entries, error: 'truncated' };
    } catch (error) {
      const code = asGatewayError(error).code;
      // not disclosed to the caller: as if the member were not there
      if (HIDDEN.has(code)) return {};
      return { error: code };
    }
  };

  const list = async (call: Call, message: JsonRpcRequest, method: ListMethod): Promise<McpAnswer> => {
    // a cursor this server never gave is the caller's mistake, told before any member is asked (in a
    // batch, the other messages go on)
    try {
      pageOf({ entries: [], owners: [] }, [], message.params?.['cursor']);
    } catch (thrown) {
      const error = asGatewayError(thrown);
      return messagesAnswer([
        { jsonrpc: '2.0', id: message.id, error: { code: -32602, message: error.message } },
      ]);
    }
    const lists = await Promise.all(call.members.map((_, index) => listOf(call, index, method, message)));
    const merged = mergeLists(call.members, lists, method);
    const { unavailable } = merged;
    if (method === 'resources/list' || method === 'resources/templates/list') {
      // a URI two members list is the first one's, as in the merged list (its reads go there); a
      // template's URI is what completions of it name
      const owned = new Set<string>();
      lists.forEach((l, index) => {
        for (const e of l.entries ?? []) {
          const key = e['uri'] ?? e['uriTemplate'];
          if (typeof key === 'string' && !owned.has(key)) {
            owned.add(key);
            resourceOwner.set(ownerKey(call, key), call.members[index]!.server);
          }
        }
      });
    }
    const { page, nextCursor } = pageOf(
      merged,
      call.members.map((m) => m.server),
      message.params?.['cursor'],
    );
    const answered = {
      [LISTS[method]]: page,
      ...(nextCursor !== undefined ? { nextCursor } : {}),
      ...(unavailable.length > 0 ? { _meta: { [UNAVAILABLE]: unavailable } } : {}),
    };
    // a stateless (2026-07-28) list says it is complete and how long it may be kept, as its members' do
    const result =
      call.context.mcp.era === 'stateless'
        ? withCacheHints(method, { resultType: 'complete', ...answered })
        : answered;
    return messagesAnswer([{ jsonrpc: '2.0', id: message.id, result }]);
  };

  /**
   * Forwards the client's message to one member (`renamed` for it) and its answer back. A member the caller
   * may not use answers as if what was asked for did not exist (`unknownAs`: what the caller asked for, by
   * its name here). A message sent to every opened member (`broadcast`) is counted at the virtual server
   * alone, like the lists it merges.
   */
  const routed = async (
    call: Call,
    index: number,
    message: JsonRpcMessage,
    {
      renamed = message,
      unknownAs,
      broadcast = false,
    }: { renamed?: JsonRpcMessage; unknownAs?: string; broadcast?: boolean } = {},
  ): Promise<McpAnswer> => {
    try {
      const answer = await send(call, index, renamed, broadcast ? undefined : message);
      const items = fromMember(call.members[index]!.server, answer.items);
      return { ...answer, items: unknownAs === undefined ? items : unprovisioned(items, unknownAs) };
    } catch (thrown) {
      if (!isRequest(message)) return emptyAnswer(202);
      const error = asGatewayError(thrown);
      if (unknownAs !== undefined && HIDDEN.has(error.code)) return unknown(message, unknownAs);
      // a member's refusal of a call it never ran is the virtual server's: what its own rate limits and
      // budgets took for the call goes back (they give back what a refused message took), and one request
      // over a member's rate limit is answered 429 with its wait, as at the member itself
      if (!broadcast && NEVER_RAN.has(error.code)) {
        const at = call.context.mcp.messages.findIndex((m) => m.message === message);
        if (at >= 0) call.context.mcp.refused.set(at, error);
        if (error.code === 'rate_limited' && !call.context.mcp.batch) throw error;
      }
      return withLeading(emptyAnswer(202), [errorEnvelope(message.id, error)]);
    }
  };

  const unknown = (message: JsonRpcRequest, what: string) =>
    messagesAnswer([{ jsonrpc: '2.0', id: message.id, error: { code: -32602, message: `Unknown ${what}` } }]);

  /** A resource request: to the member that listed the URI, else to each member until one serves it. */
  const resource = async (call: Call, message: JsonRpcRequest, uri: string): Promise<McpAnswer> => {
    // refused once, as what it is, rather than by every member in turn (then a resource nobody has)
    reencodableOnce(call.context.mcp);
    const owner = resourceOwner.get(ownerKey(call, uri));
    const ownerIndex = call.members.findIndex((m) => m.server === owner);
    if (ownerIndex >= 0)
      try {
        const answer = await send(call, ownerIndex, message, message);
        return { ...answer, items: fromMember(call.members[ownerIndex]!.server, answer.items) };
      } catch (thrown) {
        const error = asGatewayError(thrown);
        if (!HIDDEN.has(error.code)) return withLeading(emptyAnswer(202), [errorEnvelope(message.id, error)]);
        // the member that listed it for this user is not this caller's (another way of signing in, access
        // changed since): the members this caller may use are asked, and the hidden one is never named
        resourceOwner.delete(ownerKey(call, uri));
      }
    // a member's refusal (the caller over its limit there, a guardrail, a consent to give): the answer
    // when no member serves the URI, rather than a resource nobody has
    let refusal: JsonRpcResponse | undefined;
    /**
     * The members asked in turn: the first that answers `asked` without an error serves the URI. Only a
     * read says so: a member may take a subscription, or complete nothing, for a URI it does not serve.
     * So a subscription goes to the member a read finds, and a completion is remembered by no one.
     */
    const reads = message.method === 'resources/read';
    const subscribes = !reads && message.method !== 'completion/complete';
    const asked: JsonRpcRequest = subscribes
      ? {
          jsonrpc: '2.0',
          id: `${listPrefix}-read-${++listRequests}`,
          method: 'resources/read',
          params: { uri },
        }
      : message;
    for (const index of call.members.keys()) {
      if (index === ownerIndex) continue; // refused it just now
      let answer: McpAnswer;
      try {
        // a read that finds a subscription's member is the virtual server's own (as its lists are): the
        // subscription then counts once, where it goes
        answer = await send(call, index, asked, subscribes ? undefined : message);
      } catch (thrown) {
        const error = asGatewayError(thrown);
        if (PROBE_STOPS.has(error.code))
          refusal ??= errorEnvelope(message.id, error).message as JsonRpcResponse;
        continue;
      }
      const response = await responseOf(answer, asked.id);
      if (response !== undefined && response.error === undefined) {
        if (!reads && !subscribes) return messagesAnswer([response]);
        resourceOwner.set(ownerKey(call, uri), call.members[index]!.server);
        if (reads) return messagesAnswer([response]);
        return routed(call, index, message, {});
      }
      if (response?.error !== undefined && REFUSAL_CODES.has(response.error.code))
        refusal ??= { ...response, id: message.id };
    }
    return messagesAnswer([
      refusal ?? {
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32002, message: `Resource not found: ${uri}` },
      },
    ]);
  };

  /** One message of the client's. */
  const handle = async (call: Call, message: JsonRpcMessage): Promise<McpAnswer> => {
    if (isResponse(message)) {
      // the client's answer to a member's request
      const to = message.id === null ? undefined : fromMemberId(message.id);
      const index = to === undefined ? -1 : call.members.findIndex((m) => m.server === to.server);
      if (to === undefined || index < 0) return emptyAnswer(202);
      return routed(call, index, message, { renamed: { ...message, id: to.id } as JsonRpcMessage });
    }
    if (!isRequest(message)) {
      if (
        message.method === 'notifications/cancelled' ||
        message.method === 'notifications/roots/list_changed'
      )
        await Promise.all(
          (await openedMembers(call)).map((index) => routed(call, index, message, { broadcast: true })),
        );
      return emptyAnswer(202);
    }
    const params = message.params ?? {};
    switch (message.method) {
      case 'ping':
        return messagesAnswer([{ jsonrpc: '2.0', id: message.id, result: {} }]);
      case 'tools/list':
      case 'prompts/list':
      case 'resources/list':
      case 'resources/templates/list':
        return list(call, message, message.method);
      case 'tools/call':
      case 'prompts/get': {
        // no member task is reachable through this server: its tasks/get, result and cancel would not be
        if (message.method === 'tools/call' && params['task'] !== undefined)
          return messagesAnswer([
            {
              jsonrpc: '2.0',
              id: message.id,
              error: {
                code: -32602,
                message:
                  'A virtual server runs no tasks: call the tool without "task", or through its own server.',
              },
            },
          ]);
        const route =
          typeof params['name'] === 'string' ? routeName(call.members, params['name']) : undefined;
        const what = `${message.method === 'tools/call' ? 'tool' : 'prompt'}: ${String(params['name'])}`;
        if (route === undefined) return unknown(message, what);
        const renamed = { ...message, params: { ...params, name: route.name } };
        return routed(call, route.index, message, { renamed, unknownAs: what });
      }
      case 'resources/read':
      case 'resources/subscribe':
      case 'resources/unsubscribe':
        return typeof params['uri'] === 'string'
          ? resource(call, message, params['uri'])
          : unknown(message, 'resource');
      case 'completion/complete': {
        const ref = params['ref'] as { type?: unknown; name?: unknown; uri?: unknown } | undefined;
        if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') {
          const route = routeName(call.members, ref.name);
          if (route === undefined) return unknown(message, `prompt: ${ref.name}`);
          return routed(call, route.index, message, {
            renamed: { ...message, params: { ...params, ref: { ...ref, name: route.name } } },
            unknownAs: `prompt: ${ref.name}`,
          });
        }
        if (ref?.type === 'ref/resource' && typeof ref.uri === 'string')
          return resource(call, message, ref.uri);
        return unknown(message, 'reference');
      }
      case 'logging/setLevel':
        if (call.session !== undefined && typeof params['level'] === 'string')
          await deps.store.put({
            pk: sessionPartition(call.session.id),
            sk: LOGGING_KEY,
            level: params['level'],
            expiresAt: Math.floor(deps.clock.now() / 1000) + MEMBER_TTL_SECONDS,
          });
        await Promise.all(
          (await openedMembers(call)).map(async (index) => {
            const answer = await routed(call, index, message, { broadcast: true });
            for await (const _ of answer.items);
          }),
        );
        return messagesAnswer([{ jsonrpc: '2.0', id: message.id, result: {} }]);
      default:
        return messagesAnswer([
          {
            jsonrpc: '2.0',
            id: message.id,
            error: { code: -32601, message: `Method not found: ${message.method}` },
          },
        ]);
    }
  };

  const initialize = async (call: Call, message: JsonRpcRequest): Promise<McpAnswer> => {
    const { server, principal } = call.context;
    const asked = message.params?.['protocolVersion'];
    const protocolVersion = typeof asked === 'string' && SESSION_VERSIONS.includes(asked) ? asked : LATEST;
    const id = newSessionId();
    // the members are initialized with the client's own request, when first needed
    const kept = JSON.stringify(message);
    checkKeptInitialize(kept);
    await deps.sessions.create({
      id,
      serverId: server.id ?? server.name,
      workspace: principal.workspace,
      user: principal.user,
      holder: sessionHolder(principal),
      initialize: kept,
    });
    const result = {
      protocolVersion,
      capabilities: capabilities(),
      serverInfo: { name: server.name, version: String(server.version ?? 1) },
      ...(server.description !== undefined ? { instructions: server.description } : {}),
    };
    return {
      ...messagesAnswer([{ jsonrpc: '2.0', id: message.id, result }]),
      headers: { 'mcp-session-id': id },
    };
  };

  /**
   * The merged server→client streams of the opened members. A member opened later joins at once (in this
   * process) or at the next poll (another instance's); a member whose stream fails or ends is joined again
   * at a later poll; the whole stream ends when the client goes, or its session does.
   */
  async function* listenAll(call: Call): AsyncGenerator<AnswerItem> {
    const queue: AnswerItem[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    // a client that reads slowly slows its members' streams down instead of filling memory
    let room: { promise: Promise<void>; open: () => void } | undefined;
    const roomInQueue = (): Promise<void> | undefined => {
      if (queue.length < MAX_LISTEN_QUEUE || closed) return undefined;
      if (room === undefined) {
        let open!: () => void;
        const promise = new Promise<void>((resolve) => {
          open = resolve;
        });
        room = { promise, open };
      }
      return room.promise;
    };
    const makeRoom = () => {
      const waiting = room;
      room = undefined;
      waiting?.open();
    };
    const listening = new Set<string>();
    const streams = new Set<AsyncIterator<AnswerItem>>();
    // the members' streams end with the merged one, whoever ends it (the client, or the gateway: its
    // server switched off, its session or credential ended, its deadline)
    const ended = new AbortController();
    const signal = AbortSignal.any([call.signal, ended.signal]);
    const session = call.session!.id;
    const pollMs = deps.pollMs ?? 2000;
    /**
     * Members whose stream could not be opened, and when to ask again: a member that has no GET stream
     * (405 is allowed) or is down is asked less and less often, not at every poll of every client.
     */
    const backoff = new Map<string, { at: number; waitMs: number }>();
    const failedToJoin = (server: string) => {
      const waitMs = Math.min((backoff.get(server)?.waitMs ?? pollMs) * 2, MAX_JOIN_BACKOFF_MS);
      backoff.set(server, { at: deps.clock.now() + waitMs, waitMs });
    };
    /** The member's GET stream; a member session its upstream forgot is opened anew (as `send` does). */
    const listenTo = async (member: VirtualMember): Promise<McpAnswer | undefined> => {
      for (let attempt = 0; ; attempt++) {
        const memberOpened = await memberSession(call, member).catch(() => undefined);
        if (memberOpened === undefined) return undefined;
        try {
          return await request(
            call,
            member.server,
            'GET',
            { ...headersFor(call, memberOpened), accept: 'text/event-stream' },
            undefined,
            signal,
          );
        } catch (error) {
          if (attempt > 0 || asGatewayError(error).code !== 'session_not_found') return undefined;
          await forgetMemberSession(session, member.server, memberOpened);
        }
      }
    };
    const follow = (server: string, stream: AsyncIterator<AnswerItem>) =>
      void (async () => {
        try {
          for (let next = await stream.next(); next.done !== true; next = await stream.next()) {
            queue.push(next.value);
            wake?.();
            const full = roomInQueue();
            if (full !== undefined) await full;
          }
        } catch {
          // that member's stream failed; the others go on
        } finally {
          streams.delete(stream);
          listening.delete(server);
        }
      })();
    // the members' streams open side by side: one slow to answer holds up none of the others
    const join = async () => {
      const joining = (await openedMembers(call)).map(async (index) => {
        const member = call.members[index]!;
        if (closed || listening.has(member.server)) return;
        if (deps.clock.now() < (backoff.get(member.server)?.at ?? 0)) return;
        listening.add(member.server);
        const answer = await listenTo(member);
        if (answer === undefined || answer.format !== 'sse' || closed) {
          listening.delete(member.server);
          if (answer !== undefined) void answer.items[Symbol.asyncIterator]().return?.();
          if (!closed) failedToJoin(member.server);
          return;
        }
        backoff.delete(member.server);
        const stream = fromMember(member.server, answer.items)[Symbol.asyncIterator]();
        streams.add(stream);
        follow(member.server, stream);
      });
      await Promise.all(joining);
    };
    const joinNow = () =>
      void join().then(
        () => wake?.(),
        () => undefined,
      );
    const local = listeners.get(session) ?? new Set();
    local.add(joinNow);
    listeners.set(session, local);
    const { server } = call.context;
    const poll = setInterval(() => {
      // a session that ended (DELETE, expiry) ends its stream; so does its server deleted, replaced by
      // another of its name or switched off (which ends the session too, as the proxy's streams do)
      void (async () => {
        const [alive, now] = await Promise.all([
          deps.sessions.get(session),
          deps.serverByName?.(server.name) ?? server,
        ]);
        const serving = alive !== undefined && stillServes(now, server, alive);
        // the caller judged by the virtual server as it is now
        const held =
          (await deps.credentialHolds?.(
            serving && now !== undefined ? { ...call.context, server: now } : call.context,
          )) ?? true;
        if (held && serving) return joinNow();
        // a credential that no longer holds ends the stream, not the session (its next request says why)
        if (held && alive !== undefined) await deps.sessions.delete(session);
        closed = true;
        wake?.();
      })().catch(() => undefined); // the store or configuration could not be read: looked at again next time
    }, pollMs);
    poll.unref();
    // at the request's deadline (a Lambda invocation's) the merged stream ends cleanly, as a server's does
    // (its members' streams end then too): the client opens it again
    const deadline = call.context.request.deadline;
    const due =
      deadline === undefined
        ? undefined
        : setTimeout(
            () => {
              closed = true;
              wake?.();
            },
            Math.max(0, deadline - Date.now()),
          );
    due?.unref?.();
    const stop = () => wake?.();
    call.signal.addEventListener('abort', stop, { once: true });
    try {
      // what a member sends is relayed as it comes, while another member's stream is still opening
      joinNow();
      while (!call.signal.aborted && !closed) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
        while (queue.length > 0) {
          yield queue.shift()!;
          if (queue.length < MAX_LISTEN_QUEUE / 2) makeRoom();
        }
      }
    } finally {
      closed = true;
      makeRoom();
      call.signal.removeEventListener('abort', stop);
      clearInterval(poll);
      clearTimeout(due);
      local.delete(joinNow);
      if (local.size === 0) listeners.delete(session);
      // a member's stream waiting for its next event ends by the abort, not by a `return` queued behind it
      ended.abort();
      for (const stream of streams) void stream.return?.().catch(() => undefined);
    }
  }

  return async (context) => {
    const { server, mcp } = context;
    if (context.member !== undefined)
      throw new GatewayError(
        'upstream_error',
        `Virtual server "${server.name}" cannot be a member of another.`,
      );
    if (server.enabled === false) {
      if (mcp.sessionId !== undefined) await endSessionOf(deps, context, mcp.sessionId);
      throw new GatewayError('server_disabled', `MCP server "${server.name}" is disabled.`);
    }
    const call: Call = {
      deps,
      context,
      members: server.members ?? [],
      signal: context.request.signal ?? NEVER,
    };
    if (mcp.era === 'stateless') {
      const message = mcp.messages[0]!.message;
      if (mcp.refused.size > 0) return withLeading(emptyAnswer(202), refusedAnswers(mcp));
      if (isRequest(message) && message.method === 'server/discover')
        return messagesAnswer([
          {
            jsonrpc: '2.0',
            id: message.id,
            result: withCacheHints('server/discover', {
              resultType: 'complete',
              supportedVersions: ['2026-07-28'],
              capabilities: capabilities(true),
              serverInfo: { name: server.name, version: String(server.version ?? 1) },
            }),
          },
        ]);
      return handle(call, message);
    }
    if (mcp.operation === 'listen') {
      call.session = await sessionFor(deps, context, 'GET opens the stream of a session');
      return { status: 200, headers: {}, format: 'sse', items: listenAll(call) };
    }
    if (mcp.operation === 'terminate') {
      call.session = await sessionFor(deps, context);
      const session = call.session;
      // ended here first: a request under way meanwhile opens no member session that would outlive it
      await deps.sessions.delete(session.id);
      await Promise.all(
        (await openedMembers(call)).map(async (index) => {
          const member = call.members[index]!;
          const sid = await memberSession(call, member).catch(() => undefined);
          if (sid !== undefined)
            await request(call, member.server, 'DELETE', headersFor(call, sid)).catch(() => undefined);
          opened.delete(`${session.id}|${member.server}`);
          await deps.store.delete(sessionPartition(session.id), memberKey(member.server)).catch(() => {});
        }),
      );
      return emptyAnswer(204);
    }
    const forwarded = forwardedMessages(mcp);
    const leading = refusedAnswers(mcp);
    const first = forwarded[0];
    if (
      soleInitialize(mcp) !== undefined &&
      first !== undefined &&
      isRequest(first) &&
      first.method === 'initialize'
    )
      return initialize(call, first);
    if (forwarded.length === 0) return nothingForwarded(mcp, leading);
    call.session = await sessionFor(deps, context);
    // the virtual server is the session's server: no member sees the client's version to refuse it
    refuseUnknownSessionVersion(mcp.protocolVersion);
    if (!mcp.batch) return withLeading(await handle(call, first!), leading);
    // a batch: every message answered, in one JSON array
    const answers = await Promise.all(forwarded.map((m) => handle(call, m)));
    // a member's stream may carry its requests to the client (sampling, elicitation: the member waits on
    // the answers) and notifications: the answers stream side by side, as each member's would alone
    if (answers.some((answer) => answer.format === 'sse'))
      return withLeading(
        {
          status: 200,
          headers: {},
          format: 'sse',
          items: interleaved(answers.map((answer) => answer.items)),
        },
        leading,
      );
    const items: Envelope[] = [...leading];
    for (const answer of answers)
      for await (const item of answer.items)
        if (item.kind === 'message' && isResponse(item.message)) items.push(item);
    return items.length === 0 ? emptyAnswer(202) : withLeading(emptyAnswer(202), items);
  };
}

/**
 * The items of several answers as they come, each answer's in its own order: a batch's answers read side
 * by side, so that one waiting on the client (a member's sampling request) holds up none of the others.
 * A reader that stops early ends the sources still open.
 */
export async function* interleaved(
  sources: readonly AsyncIterable<AnswerItem>[],
): AsyncGenerator<AnswerItem> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  // what the sources gave, in the order it came; one waiter woken (no race of every pending read again
  // for each item: a source quiet for minutes would collect a handler per item of the others)
  const ready: { index: number; next?: IteratorResult<AnswerItem>; failed?: { error: unknown } }[] = [];
  let wake: (() => void) | undefined;
  const reading = new Set<number>();
  const pull = (index: number) => {
    reading.add(index);
    iterators[index]!.next()
      .then(
        (next) => ready.push({ index, next }),
        (error: unknown) => ready.push({ index, failed: { error } }),
      )
      .finally(() => wake?.());
  };
  for (let index = 0; index < iterators.length; index++) pull(index);
  let open = iterators.length;
  try {
    while (open > 0) {
      if (ready.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const { index, next, failed } = ready.shift()!;
      reading.delete(index);
      if (failed !== undefined) throw failed.error;
      if (next!.done === true) {
        open--;
        continue;
      }
      pull(index);
      yield next!.value;
    }
  } finally {
    for (const index of reading) void iterators[index]!.return?.()?.catch(() => undefined);
  }
}

/**
 * What a virtual server offers: in a session, change notifications on its stream, resource subscriptions
 * and log levels; in the stateless revision none of them (it serves no `subscriptions/listen`, and the
 * revision has no `resources/subscribe` or `logging/setLevel`).
 */
const capabilities = (stateless = false) =>
  stateless
    ? { tools: {}, prompts: {}, resources: {}, completions: {} }
    : {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        logging: {},
        completions: {},
      };
