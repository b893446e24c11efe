/**
 * Tool parameters mirrored into HTTP headers (2026-07-28 Streamable HTTP, `x-mcp-header`): a tool's
 * `inputSchema` may name properties whose values a request carries again as `Mcp-Param-{Name}` headers, so
 * that intermediaries route on them without reading the body. The gateway reads the body: a stateless
 * client's headers must say what its arguments say, and the headers an upstream of that revision expects
 * are made from the arguments the gateway forwards (after its policies, which may have rewritten them).
 */
import { GatewayError } from '../core/errors.js';
import { isObject } from '../core/json-object.js';
import { decodeHeaderValue, encodeHeaderValue } from './era.js';

/** Each mirrored parameter: its header's name part, the property path in the arguments, and its type. */
interface HeaderParam {
  name: string;
  path: readonly string[];
  type: 'string' | 'integer' | 'boolean';
}

/** RFC 9110 `token`: what a header's name part may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRIMITIVE = new Set(['string', 'integer', 'boolean']);

const annotated = new WeakMap<object, readonly HeaderParam[] | null>();

/** How many `x-mcp-header` members a schema holds anywhere. */
function annotations(value: unknown, depth = 0): number {
  if (depth > 64 || typeof value !== 'object' || value === null) return 0;
  let count = 0;
  for (const [key, member] of Object.entries(value)) {
    if (key === 'x-mcp-header') count++;
    count += annotations(member, depth + 1);
  }
  return count;
}

/**
 * The parameters a tool's `inputSchema` mirrors into headers; `null` when an annotation breaks the
 * revision's rules (empty, no token, not unique, on a value that is no string, integer or boolean, or not
 * reached through `properties` alone): such a tool is no valid tool over Streamable HTTP.
 */
export function headerParams(schema: unknown): readonly HeaderParam[] | null {
  if (!isObject(schema)) return [];
  const known = annotated.get(schema);
  if (known !== undefined) return known;
  const found: HeaderParam[] = [];
  let valid = true;
  const walk = (node: Record<string, unknown>, path: string[]) => {
    const properties = node['properties'];
    if (!isObject(properties) || path.length > 32) return;
    for (const [key, property] of Object.entries(properties)) {
      if (!isObject(property)) continue;
      const name = property['x-mcp-header'];
      if (name !== undefined) {
        const type = property['type'];
        if (typeof name !== 'string' || !TOKEN.test(name) || typeof type !== 'string' || !PRIMITIVE.has(type))
          valid = false;
        else found.push({ name, path: [...path, key], type: type as HeaderParam['type'] });
      }
      walk(property, [...path, key]);
    }
  };
  walk(schema, []);
  const names = new Set(found.map((param) => param.name.toLowerCase()));
  if (!valid || names.size !== found.length || annotations(schema) !== found.length) valid = false;
  const result = valid ? found : null;
  annotated.set(schema, result);
  return result;
}

/** The value at a property path of the arguments, if there is one. */
function valueAt(args: unknown, path: readonly string[]): unknown {
  let value = args;
  for (const key of path) {
    if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/** An argument's value as its header carries it; undefined for no value (null, absent) or another type. */
function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** The `Mcp-Param-*` headers of a call of a tool with this schema (lower-case names). */
export function paramHeaders(schema: unknown, args: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const param of headerParams(schema) ?? []) {
    const text = headerText(valueAt(args, param.path));
    if (text !== undefined) headers[`mcp-param-${param.name.toLowerCase()}`] = encodeHeaderValue(text);
  }
  return headers;
}

/**
 * An integer as a header says it, compared by its number (`42.0` is 42): in decimal digits alone, so that
 * whatever reads the header's text (a balancer's rule, `parseInt`) reads the number the upstream gets, not
 * `0x2A`, `4.2e1` or `+42`.
 */
const DECIMAL_INTEGER = /^-?\d+(?:\.0+)?$/;

/**
 * Checks a stateless client's `Mcp-Param-*` headers against its call's arguments: each mirrored value the
 * body holds must come in its header, and say the same (integers compared as numbers). -32020 otherwise.
 */
export function checkParamHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  schema: unknown,
  args: unknown,
): void {
  const params = headerParams(schema);
  if (params === null) return; // a tool the revision calls invalid: its upstream answers for it
  for (const param of params) {
    const header = `Mcp-Param-${param.name}`;
    const given = headers[`mcp-param-${param.name.toLowerCase()}`];
    const value = valueAt(args, param.path);
    if (value === undefined || value === null) continue;
    const said = given === undefined ? undefined : decodeHeaderValue(given);
    const expected = headerText(value);
    const same =
      said !== undefined &&
      (said === expected ||
        (typeof value === 'number' && DECIMAL_INTEGER.test(said.trim()) && Number(said) === value));
    if (!same)
      throw new GatewayError(
        'header_mismatch',
        given === undefined
          ? `The ${header} header is missing: the tool's argument "${param.path.join('.')}" is mirrored there.`
          : `The ${header} header does not match the argument "${param.path.join('.')}".`,
      );
  }
}
