/**
 * Checks on raw JSON text that parsing hides. How deeply it nests arrays and objects, checked before it
 * is parsed: recursive code further on (schema validation, cloning, merge patches) would otherwise
 * overflow the stack on a small body nested thousands of levels deep. And a member named twice in one
 * object, which `JSON.parse` resolves silently to the last one while other decoders take the first.
 */

/** Nesting the gateway accepts in a request body; real configuration and MCP messages stay far below. */
export const maxJsonDepth = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const COLON = 0x3a;
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/**
 * What parsing hides about JSON text, in one linear pass (run it before `JSON.parse`; on text that is no
 * JSON its answer means nothing, and parsing fails anyway): whether it nests deeper than `maxDepth`, holds
 * more than `maxMembers` object members, and the first member name that appears twice in one object,
 * compared as decoded (`"na\\u006de"` is `"name"`).
 */
export function inspectJsonText(
  text: string,
  maxDepth: number = maxJsonDepth,
  /** Object members the whole text may hold: each costs every later pass over it (see `tooMany`). */
  maxMembers: number = Number.POSITIVE_INFINITY,
): { tooDeep: boolean; tooMany?: true; duplicate?: string } {
  // the names seen in each open object; undefined for an open array
  const open: (Set<string> | undefined)[] = [];
  let duplicate: string | undefined;
  let members = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const start = index;
      let escaped = false;
      for (index++; index < text.length; index++) {
        const inside = text.charCodeAt(index);
        if (inside === BACKSLASH) {
          escaped = true;
          index++;
        } else if (inside === QUOTE) break;
      }
      if (duplicate !== undefined) continue;
      const names = open.at(-1);
      if (names === undefined) continue;
      let next = index + 1;
      while (next < text.length && isSpace(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) !== COLON) continue;
      const raw = text.slice(start + 1, index);
      let name = raw;
      if (escaped)
        try {
          name = JSON.parse(`"${raw}"`) as string;
        } catch {
          continue; // no JSON: parsing says so
        }
      if (++members > maxMembers) return { tooDeep: false, tooMany: true };
      if (names.has(name)) duplicate = name;
      else names.add(name);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (open.length >= maxDepth) return { tooDeep: true };
      open.push(code === OPEN_BRACE ? new Set() : undefined);
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) open.pop();
  }
  return duplicate === undefined ? { tooDeep: false } : { tooDeep: false, duplicate };
}

/** Whether a parsed value nests deeper than `maxDepth` (as `inspectJsonText` counts), without recursion. */
export function valueDepthExceeds(value: unknown, maxDepth: number = maxJsonDepth): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
