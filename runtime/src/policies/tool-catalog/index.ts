import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CatalogCache } from '../../catalog/cache.js';
import { type CatalogTool, MAX_CATALOG_TOOLS, toCatalogTool } from '../../catalog/tools.js';
import { type Server, servesEachCaller } from '../../core/config.js';
import { lruCache } from '../../core/lru.js';
import { eachMessage } from '../../mcp/answer.js';
import type { Authenticated, McpStage, Parsed, Resolved } from '../../mcp/context.js';
import { isNotification, isResponse, type JsonRpcId } from '../../mcp/jsonrpc.js';

export interface ToolCatalogConfig {
  catalogs: CatalogCache;
  /** Lists a server's tools from the upstream (after it announced a change). */
  listTools: (server: Server) => Promise<CatalogTool[]>;
  log?: (line: string) => void;
  /** Told of a catalog listed anew after the server's change notice (its tools' pins are judged then). */
  refreshed?: (server: Server, tools: readonly CatalogTool[]) => Promise<void>;
}

/** Pages of a paginated `tools/list` seen so far, keyed by the cursor that continues them. */
const PAGE_TTL_MS = 10 * 60_000;

/** How often a virtual server's catalog is made again from its members' as its lists pass. */
const VIRTUAL_REMAKE_MS = 10_000;

/** Text of decoded pages kept to tell an unchanged page (compared whole, cheaper than hashing it). */
const MAX_KEPT_TEXT = 32 * 1024 * 1024;
/**
 * Pages from this length on are known by their text; shorter ones by a hash (cheap at that size), as a
 * short text may be a slice that keeps a larger string (the SSE read it came in) alive.
 */
const KEPT_TEXT_FROM = 64 * 1024;

/**
 * The text of a response's result, cut from the upstream's own text when it is laid out the way SDKs
 * write responses (`{"jsonrpc":"2.0","id":…,"result":…}`, or the result first and `"jsonrpc"` and `"id"`
 * last): it tells whether a large tool list changed without serialising it again. Undefined for any other
 * layout.
 */
export function resultText(text: string | undefined, id: JsonRpcId): string | undefined {
  if (text === undefined) return undefined;
  const idText = JSON.stringify(id);
  const head = `{"jsonrpc":"2.0","id":${idText},"result":`;
  if (text.startsWith(head) && text.endsWith('}')) return text.slice(head.length, -1);
  const tail = `,"jsonrpc":"2.0","id":${idText}}`;
  const first = '{"result":';
  if (text.startsWith(first) && text.endsWith(tail)) return text.slice(first.length, -tail.length);
  return undefined;
}

/**
 * Learns each server's tools from the `tools/list` answers passing through (all pages, before any other
 * stage filters them: place it after the filtering stages) and refreshes the catalog when the upstream
 * sends `notifications/tools/list_changed`, on any stream.
 */
export function toolCatalog(config: ToolCatalogConfig): McpStage<Resolved & Parsed> {
  /** When each virtual server's catalog was last made here from its members'. */
  const virtualMade = lruCache<string, number>(1000);
  // bounded by the tools they hold as well: a list of many pages keeps a copy of its tools per page
  const pages = new LRUCache<string, CatalogTool[]>({
    ttl: PAGE_TTL_MS,
    maxSize: 4 * MAX_CATALOG_TOOLS,
    sizeCalculation: (tools) => Math.max(1, tools.length),
  });
  // a page seen before (same position, same tools) reuses its decoded tools: hashing every definition
  // again on each tools/list is the costly part of learning. A page is known by the upstream's text of it
  // (compared whole), else by a hash of it serialised again.
  const decoded = new LRUCache<string, { fingerprint: string; tools: CatalogTool[] }>({
    max: 1000,
    maxSize: MAX_KEPT_TEXT,
    sizeCalculation: (page) => Math.max(1, page.fingerprint.length),
  });
  const hashOf = (text: string | undefined) =>
    text === undefined ? undefined : `#${createHash('sha1').update(text).digest('base64')}`;
  const decode = (position: string, listed: unknown[], source: string | undefined): CatalogTool[] => {
    const fingerprint =
      source !== undefined && source.length >= KEPT_TEXT_FROM ? source : hashOf(source ?? serialised(listed));
    const known = fingerprint === undefined ? undefined : decoded.get(position);
    if (known !== undefined && known.fingerprint === fingerprint) return known.tools;
    const tools: CatalogTool[] = [];
    for (const value of listed) {
      const tool = toCatalogTool(value);
      if (tool !== undefined) tools.push(tool);
    }
    if (fingerprint !== undefined) decoded.set(position, { fingerprint, tools });
    return tools;
  };
  return {
    name: 'tool-catalog',
    async run(context, next) {
      const { mcp } = context;
      const lists = new Map<JsonRpcId, string | undefined>();
      mcp.messages.forEach((m, index) => {
        if (m.method !== 'tools/list' || m.kind !== 'request' || mcp.refused.has(index)) return;
        const cursor = 'params' in m.message ? m.message.params?.cursor : undefined;
        lists.set((m.message as { id: JsonRpcId }).id, typeof cursor === 'string' ? cursor : undefined);
      });
      const answer = await next(context);
      if (lists.size === 0 && answer.format !== 'sse') return answer;
      // a fallback's answer lists the fallback's tools: they are its catalog's, never the named server's
      const server = mcp.servedBy ?? context.server;
      const serverId = server.id ?? server.name;
      // a server that lists per caller: a list's pages are the caller's own, and a list joins the catalog
      const perCaller = servesEachCaller(server);
      const principal = (context as Partial<Authenticated>).principal;
      const pagesOf = perCaller
        ? `${serverId}\u0000${principal?.workspace ?? ''}\u0000${principal?.user ?? ''}\u0000${principal?.credentialId ?? ''}`
        : serverId;
      return eachMessage(answer, ({ message, text }) => {
        if (isNotification(message) && message.method === 'notifications/tools/list_changed') {
          config.catalogs
            .refresh(serverId, () => config.listTools(server), perCaller)
            .then((catalog) =>
              catalog === undefined ? undefined : config.refreshed?.(server, catalog.tools),
            )
            .catch((error: unknown) => {
              config.log?.(`mcp-gateway: could not refresh the tools of "${server.name}": ${String(error)}`);
            });
        } else if (isResponse(message) && message.id !== null && lists.has(message.id)) {
          // a virtual server's list is the caller's (members it may not use left out, members down
          // missing): its catalog is made of its members' catalogs instead (`listTools`), which the
          // members' own lists just brought up to date; remade now and then, so that what its pins are
          // compared with (and an admin approves) follows the members
          if (server.transport === 'virtual') {
            const now = Date.now();
            if ((virtualMade.get(serverId) ?? 0) + VIRTUAL_REMAKE_MS > now) return undefined;
            virtualMade.set(serverId, now);
            config.catalogs
              .refresh(serverId, () => config.listTools(server), perCaller)
              .catch((error: unknown) => {
                config.log?.(`mcp-gateway: could not make the tools of "${server.name}": ${String(error)}`);
              });
            return undefined;
          }
          const cursor = lists.get(message.id);
          const result = message.result as { tools?: unknown; nextCursor?: unknown } | undefined;
          if (!Array.isArray(result?.tools)) return undefined;
          // a continuation whose first pages went by unseen (another instance) cannot complete a catalog
          const before = cursor === undefined ? [] : pages.get(`${pagesOf}\u0000${cursor}`);
          const position = `${serverId}\u0000${cursor ?? ''}`;
          const page = decode(position, result.tools, resultText(text, message.id));
          const more = typeof result.nextCursor === 'string' && result.nextCursor !== '';
          // a page that completes no list still shows the newest definitions of the tools on it
          if (before === undefined || more) config.catalogs.learnPage(serverId, page);
          if (before === undefined) return undefined;
          // one page is the list itself: unchanged, it is the same list again (its hash is remembered)
          const tools = before.length === 0 ? page : [...before, ...page];
          // a list past any real server's (an upstream paging on without end) is not cataloged
          if (tools.length > MAX_CATALOG_TOOLS) return undefined;
          if (more) pages.set(`${pagesOf}\u0000${result.nextCursor}`, tools);
          else config.catalogs.learn(serverId, tools, perCaller);
        }
        return undefined;
      });
    },
  };
}

/** A list as JSON text, or undefined when it nests past what JSON.stringify recurses (then not kept). */
function serialised(listed: unknown[]): string | undefined {
  try {
    return JSON.stringify(listed);
  } catch {
    return undefined;
  }
}
