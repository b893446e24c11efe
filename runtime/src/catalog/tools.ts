/**
 * The tool catalog: what the gateway knows of each server's tools, learned from the `tools/list` answers
 * passing through (every page) and from the health checker. Tool provisioning reads it now; pinning and
 * virtual servers build on it.
 */
import { sha256 } from '../core/digest.js';
import { valueDepthExceeds } from '../core/json-depth.js';
import { foldCase } from '../core/text.js';

/** The annotations MCP defines; upstream hints, trusted only where an admin says so. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface CatalogTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: ToolAnnotations;
  /** The icons a client may show for it (MCP 2025-11-25), as the upstream sent them. */
  icons?: unknown;
  /** How it may be run (`taskSupport`: whether a call may or must be a task), as the upstream sent it. */
  execution?: unknown;
  /**
   * SHA-256 (hex) of the tool's definition in canonical JSON: changes when anything a client is shown or
   * relies on changes (its `_meta`, free-form and often volatile, excepted).
   */
  hash: string;
  /**
   * For a tool with icons or execution: its hash without them, as pins made before they counted hold it
   * (such a pin still holds, and is brought up to date).
   */
  priorHash?: string;
  /**
   * Kept without some of its definition (its schemas: too large, too deep, or numbers the store cannot
   * hold): what an admin reads of it is not the whole of what `hash` covers.
   */
  abridged?: true;
}

export interface ToolCatalog {
  /** The server's id (a re-created server with the same name starts a new catalog). */
  serverId: string;
  tools: CatalogTool[];
  /** SHA-256 over the tools' hashes in name order. */
  hash: string;
  /** When the catalog last changed or was confirmed (ISO 8601). */
  updatedAt: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted at every level, so equal definitions hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The most tools one server's list may hold to be cataloged: far past any real server, and a bound on
 * what an upstream paging on without end can make the gateway keep.
 */
export const MAX_CATALOG_TOOLS = 10_000;

/** The longest tool name the gateway catalogs, pins or approves (UTF-8 bytes; store sort keys end at 1024). */
export const MAX_TOOL_NAME_BYTES = 512;

const ANNOTATION_FLAGS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** The members of a tool its hash covers, and of its annotations, with their case-folded spellings. */
const HASHED_MEMBERS: ReadonlySet<string> = new Set([
  'name',
  'title',
  'description',
  'inputSchema',
  'outputSchema',
  'annotations',
  'icons',
  'execution',
]);
const FOLDED_MEMBERS: ReadonlySet<string> = new Set([...HASHED_MEMBERS].map(foldCase));
const ANNOTATION_MEMBERS: ReadonlySet<string> = new Set(['title', ...ANNOTATION_FLAGS]);
const FOLDED_ANNOTATIONS: ReadonlySet<string> = new Set([...ANNOTATION_MEMBERS].map(foldCase));

/** A tool of a `tools/list` result, checked and reduced to what the catalog keeps; undefined if malformed. */
export function toCatalogTool(value: unknown): CatalogTool | undefined {
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') return undefined;
  // past any real name (MCP: 1–128 characters), and past what a pin or a catalog item can be keyed by
  if (Buffer.byteLength(value.name) > MAX_TOOL_NAME_BYTES) return undefined;
  // a schema nested past any real one cannot be hashed (nor judged): the tool is malformed
  if (
    valueDepthExceeds(value.inputSchema) ||
    valueDepthExceeds(value.outputSchema) ||
    valueDepthExceeds(value.icons) ||
    valueDepthExceeds(value.execution)
  )
    return undefined;
  // a member a case-insensitive client reads as one the hash covers (`Description`) would show text
  // no pin vouches for: the tool is malformed
  const misspelt = (
    object: Record<string, unknown>,
    exact: ReadonlySet<string>,
    folded: ReadonlySet<string>,
  ) => Object.keys(object).some((key) => !exact.has(key) && folded.has(foldCase(key)));
  if (
    misspelt(value, HASHED_MEMBERS, FOLDED_MEMBERS) ||
    (isObject(value.annotations) && misspelt(value.annotations, ANNOTATION_MEMBERS, FOLDED_ANNOTATIONS))
  )
    return undefined;
  const tool: Omit<CatalogTool, 'hash'> = { name: value.name };
  if (typeof value.title === 'string') tool.title = value.title;
  if (typeof value.description === 'string') tool.description = value.description;
  if (isObject(value.inputSchema)) tool.inputSchema = value.inputSchema;
  if (isObject(value.outputSchema)) tool.outputSchema = value.outputSchema;
  if (isObject(value.annotations)) {
    const source = value.annotations;
    const annotations: ToolAnnotations = {};
    if (typeof source.title === 'string') annotations.title = source.title;
    for (const flag of ANNOTATION_FLAGS)
      if (typeof source[flag] === 'boolean') annotations[flag] = source[flag];
    tool.annotations = annotations;
  }
  const prior = sha256(canonicalJson(tool), 'hex');
  // kept (and hashed) whatever their shape: a client may still show what it can make of them
  if (value.icons !== undefined) tool.icons = value.icons;
  if (value.execution !== undefined) tool.execution = value.execution;
  if (tool.icons === undefined && tool.execution === undefined) return { ...tool, hash: prior };
  return { ...tool, hash: sha256(canonicalJson(tool), 'hex'), priorHash: prior };
}

/** Each list's hash once computed (lists are not changed once made; an unchanged page is the same list). */
const catalogHashes = new WeakMap<readonly CatalogTool[], string>();

/** The catalog hash over a set of tools (order-independent). */
export function catalogHash(tools: readonly CatalogTool[]): string {
  let hash = catalogHashes.get(tools);
  if (hash === undefined) {
    hash = sha256(
      tools
        .map((t) => `${t.name}\u0000${t.hash}`)
        .sort()
        .join('\n'),
      'hex',
    );
    catalogHashes.set(tools, hash);
  }
  return hash;
}

/** The newer of two copies of one server's catalog (by when each was last changed); either may be unknown. */
export function newerCatalog(
  a: ToolCatalog | undefined,
  b: ToolCatalog | undefined,
): ToolCatalog | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.updatedAt > a.updatedAt ? b : a;
}
