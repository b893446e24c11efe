/**
 * Tool pinning (a server's `toolPinning`) against "rug pulls": every tool definition a `tools/list` answer
 * carries is checked against its pin (pinned when first seen). A drifted definition is recorded once (an
 * audit event `tool.quarantined`) and, with `quarantine`, left out of the answer; a call to a tool whose
 * known definition (the catalog) drifted is refused without reaching the server. An admin's approval
 * releases the tool on every instance within the pin cache's lifetime.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AuditSink } from '../../audit/log.js';
import type { CatalogCache } from '../../catalog/cache.js';
import {
  checkPin,
  MALFORMED_HASH,
  type PinCache,
  pinOutdated,
  refusedUnderQuarantine,
  stricterPinning,
  type ToolPin,
} from '../../catalog/pins.js';
import {
  type CatalogTool,
  MAX_CATALOG_TOOLS,
  MAX_TOOL_NAME_BYTES,
  toCatalogTool,
} from '../../catalog/tools.js';
import type { Server } from '../../core/config.js';
import { GatewayError } from '../../core/errors.js';
import { asJudged, type Envelope, eachMessage, envelope, errorEnvelope } from '../../mcp/answer.js';
import type { Authenticated, McpStage, Parsed, RequestContext, Resolved } from '../../mcp/context.js';
import { isResponse, type JsonRpcId, type JsonRpcMessage, type JsonRpcResponse } from '../../mcp/jsonrpc.js';
import { resultText } from '../tool-catalog/index.js';

export interface ToolPinningConfig {
  pins: PinCache;
  catalogs: CatalogCache;
  audit?: Pick<AuditSink, 'enqueue'>;
  log?: (line: string) => void;
  /**
   * Takes work begun off the answer's path (a pin's store writes, a drift's audit event), for the
   * gateway to finish before it flushes its records (Lambda freezes an instance once its answer is out).
   */
  background?: (work: Promise<unknown>) => void;
}

/**
 * The drifts in a catalog listed anew without a client's list (after the server's change notice): each
 * recorded once, with its audit event, as a client's list records it; calls of a drifted tool are refused
 * from then on either way, now with the event that says why.
 */
export async function recordCatalogDrifts(
  config: Pick<ToolPinningConfig, 'pins' | 'audit'>,
  server: Server,
  tools: readonly CatalogTool[],
): Promise<void> {
  const mode = server.toolPinning ?? 'off';
  if (mode === 'off') return;
  const serverId = server.id ?? server.name;
  const pins = await config.pins.get(serverId);
  for (const tool of tools) {
    const pin = pins.get(tool.name);
    if (pin === undefined || checkPin(pin, tool.hash, tool.priorHash) !== 'drifted') continue;
    if (!(await config.pins.observe(serverId, tool.name, tool.hash))) continue;
    config.audit?.enqueue(
      driftEvent(server, tool.name, pin.hash, tool.hash, mode, server.workspace ?? 'default'),
    );
  }
}

/** The audit event of a drift recorded. */
function driftEvent(
  server: Server,
  tool: string,
  pinnedHash: string | undefined,
  newHash: string,
  mode: string,
  workspace: string,
) {
  return {
    type: 'tool.quarantined' as const,
    workspace,
    actor: { kind: 'gateway' as const, id: 'mcp-gateway' },
    resource: { type: 'server', id: server.id ?? server.name, name: server.name },
    server: server.name,
    tool,
    reason: `The definition of tool "${tool}" changed from its pin${mode === 'quarantine' ? '; quarantined until approved' : ''}.`,
    detail: { pinnedHash, newHash, mode },
  };
}

export const quarantinedError = (server: string, tool: string) =>
  new GatewayError(
    'tool_quarantined',
    `Tool "${tool}" of server "${server}" changed since its definition was approved; it is quarantined until an admin approves the new one.`,
  );

/** A definition no catalog tool can be made of, told apart by its text (a drift is recorded per text). */
function malformedHash(value: unknown): string {
  try {
    return `${MALFORMED_HASH}${createHash('sha256').update(JSON.stringify(value)).digest('base64url')}`;
  } catch {
    return `${MALFORMED_HASH}unserialisable`; // nested past what JSON.stringify recurses
  }
}

/**
 * A name listed more than once with different definitions stands for no one definition (a client may
 * take either; a check of one would vouch for the other): each of its entries gets the malformed hash of
 * all its definitions. Copies of one definition are one tool. One pass over the list.
 */
function withTwinsMalformed(
  listed: unknown[],
  hashes: [string, string, string | undefined][],
): [string, string, string | undefined][] {
  const positions = new Map<string, number[]>();
  let twins = false;
  hashes.forEach(([name], i) => {
    const at = positions.get(name);
    if (at === undefined) positions.set(name, [i]);
    else {
      at.push(i);
      twins = true;
    }
  });
  if (!twins) return hashes;
  const out = hashes.slice();
  for (const [name, at] of positions) {
    if (name === '' || at.length === 1 || at.every((i) => hashes[i]![1] === hashes[at[0]!]![1])) continue;
    const malformed = malformedHash(at.map((i) => listed[i]));
    for (const i of at) out[i] = [name, malformed, undefined];
  }
  return out;
}

/** The most tools one list answer pins for the first time. */
export const NEW_PINS_PER_LIST = 1_000;

type Pins = Map<string, ToolPin>;

export function toolPinning(
  config: ToolPinningConfig,
): McpStage<RequestContext & Authenticated & Resolved & Parsed> {
  // the hash of each tool of a list page seen before, by the page's text without its id (each list is
  // asked with another): a repeated tools/list costs one digest of its text, not a hash per tool; bounded
  // by the tools held, as a page may hold thousands
  /** Per list: each tool's name, hash, and hash before its icons and execution counted. */
  const hashed = new LRUCache<string, [string, string, string | undefined][]>({
    max: 1000,
    maxSize: 4 * MAX_CATALOG_TOOLS,
    sizeCalculation: (tools) => Math.max(1, tools.length),
  });
  /** Servers found holding all the pins they may (told once per process). */
  const full = new Set<string>();
  return {
    name: 'tool-pinning',
    async run(context, next) {
      const { server, mcp, principal } = context;
      const mode = server.toolPinning ?? 'off';
      // (a fallback's list is judged by the fallback's own pinning)
      if (mode === 'off' && (server.fallbacks?.length ?? 0) === 0) return next(context);
      const serverId = server.id ?? server.name;
      const lists = new Set<JsonRpcId>();
      const calls = mcp.messages
        .map((m, index) => ({ m, index }))
        .filter(({ m, index }) => m.kind === 'request' && !mcp.refused.has(index));
      if (calls.some(({ m }) => m.method === 'tools/call') && mode === 'quarantine') {
        const [pins, catalog] = await Promise.all([config.pins.get(serverId), config.catalogs.get(serverId)]);
        for (const { m, index } of calls) {
          if (m.method !== 'tools/call' || m.target === undefined) continue;
          // (a name no pin can be kept for names no target: the view refused its call)
          const name = m.target.name;
          const known = catalog?.tools.find((t) => t.name === name);
          if (refusedUnderQuarantine(pins, name, known, catalog?.updatedAt))
            mcp.refused.set(index, quarantinedError(server.name, name));
        }
      }
      for (const { m } of calls)
        if (m.method === 'tools/list') lists.add((m.message as { id: JsonRpcId }).id);
      // a GET stream carries responses only as replays of earlier streams (a resumption): any may be a list
      const replays = mcp.operation === 'listen';
      if (lists.size === 0 && !replays) return next(context);
      // read before the upstream is asked: a failed read then leaves no answer open
      const named = mode === 'off' ? undefined : await config.pins.get(serverId);
      const answer = await next(context);
      // a fallback's answer lists the fallback's tools: judged by its pins, never recorded as the named
      // server's drift, and in the stricter of the two modes (the named server's quarantine holds)
      const by = mcp.servedBy ?? server;
      const byMode = stricterPinning(mode, by.toolPinning);
      if (byMode === 'off') return answer;
      const byId = by.id ?? by.name;
      if (named !== undefined && by === server) return eachMessage(answer, (item) => judge(item, named));
      let theirs: Promise<Pins> | undefined;
      const theirPins = () => {
        theirs ??= config.pins.get(byId);
        return theirs;
      };
      return eachMessage(answer, (item) => {
        const { message } = item;
        if (!isList(message)) return undefined;
        return theirPins().then(
          (pins) => judge(item, pins),
          // the fallback's pins cannot be read: under quarantine its list is not offered unjudged
          () =>
            byMode === 'quarantine'
              ? [
                  errorEnvelope(
                    message.id,
                    new GatewayError(
                      'store_unavailable',
                      `The tool pins of fallback server "${by.name}" could not be read; list the tools again.`,
                    ),
                  ),
                ]
              : undefined,
        );
      });
      function isList(message: JsonRpcMessage): message is JsonRpcResponse & { id: JsonRpcId } {
        return isResponse(message) && message.id !== null && (replays || lists.has(message.id));
      }
      function judge(item: Envelope, pins: Pins) {
        const { message, text } = item;
        if (!isList(message)) return undefined;
        const result = message.result as { tools?: unknown } | undefined;
        if (!Array.isArray(result?.tools)) return undefined;
        const listed = result.tools as unknown[];
        const page = text === undefined ? undefined : (resultText(text, message.id) ?? text);
        const key = page === undefined ? undefined : createHash('sha1').update(page).digest('base64');
        let hashes = key === undefined ? undefined : hashed.get(`${byId}\u0000${key}`);
        if (hashes === undefined) {
          hashes = listed.map((value) => {
            const tool = toCatalogTool(value);
            const name = (value as { name?: unknown } | null)?.name;
            return [
              tool?.name ?? (typeof name === 'string' ? name : ''),
              tool?.hash ?? malformedHash(value),
              tool?.priorHash,
            ];
          });
          hashes = withTwinsMalformed(listed, hashes);
          if (key !== undefined) hashed.set(`${byId}\u0000${key}`, hashes);
        }
        const drifted = new Set<string>();
        const judged = new Set<string>();
        let firstSeen = 0;
        for (const [name, hash, priorHash] of hashes) {
          if (judged.has(name)) continue;
          judged.add(name);
          if (name === '') continue;
          // a named tool that cannot be hashed (malformed, or listed twice) is no definition to offer:
          // quarantine keeps it out, and its malformed hash is pinned (first seen) or recorded as a drift,
          // so that calls of it are refused too
          if (hash.startsWith(MALFORMED_HASH)) drifted.add(name);
          if (Buffer.byteLength(name) > MAX_TOOL_NAME_BYTES) continue; // no pin can be kept for it
          const check = checkPin(pins.get(name), hash, priorHash);
          const offPath = (work: Promise<unknown>) => config.background?.(work);
          if (check === 'pinned' && pinOutdated(pins.get(name)))
            // pinned before icons and execution counted: from now on they do
            offPath(
              config.pins
                .upgrade(byId, name, pins.get(name)!.hash, hash)
                .catch((error: unknown) =>
                  config.log?.(
                    `mcp-gateway: could not update the pin of ${by.name}/${name}: ${String(error)}`,
                  ),
                ),
            );
          if (check === 'pinned') {
            if (pins.get(name)?.pendingHash !== undefined)
              offPath(
                config.pins
                  .revert(byId, name, hash)
                  .catch((error: unknown) =>
                    config.log?.(
                      `mcp-gateway: could not clear the drift of ${by.name}/${name}: ${String(error)}`,
                    ),
                  ),
              );
            continue;
          }
          if (check === 'drifted') drifted.add(name);
          // a list of more new names than one answer pins (an upstream naming tools per session, a huge
          // page) writes a bounded number of pins; under quarantine the others wait, unoffered, for a
          // later list to pin them. A server holds at most as many pins as a catalog holds tools: past
          // that, new names are pinned no more (and under quarantine never offered)
          else if (++firstSeen > NEW_PINS_PER_LIST || pins.size + firstSeen > MAX_CATALOG_TOOLS) {
            drifted.add(name);
            if (pins.size + firstSeen > MAX_CATALOG_TOOLS && !full.has(byId)) {
              full.add(byId);
              config.log?.(
                `mcp-gateway: "${by.name}" holds ${MAX_CATALOG_TOOLS} tool pins: new tools are pinned no more${byMode === 'quarantine' ? ' (nor offered, nor callable)' : ''}`,
              );
            }
            continue;
          }
          // pin a first-seen tool, record a drift once (across instances), off the answer's path
          offPath(
            config.pins
              .observe(byId, name, hash)
              .then((recorded) => {
                if (!recorded) return;
                config.audit?.enqueue(
                  driftEvent(
                    by,
                    name,
                    pins.get(name)?.hash,
                    hash,
                    byMode,
                    by.workspace ?? principal.workspace,
                  ),
                );
              })
              .catch((error: unknown) =>
                config.log?.(`mcp-gateway: could not record the pin of ${by.name}/${name}: ${String(error)}`),
              ),
          );
        }
        // the definitions pinned are the ones the client reads: a text naming a member twice (one
        // description hashed, another shown) goes on as it was judged
        if (byMode !== 'quarantine' || (drifted.size === 0 && !judged.has(''))) return asJudged(item);
        // a tool without a name cannot be pinned nor called: never offered under quarantine
        const kept = listed.filter((_, i) => hashes![i]![0] !== '' && !drifted.has(hashes![i]![0]));
        return [envelope({ ...message, result: { ...result, tools: kept } })];
      }
    },
  };
}
