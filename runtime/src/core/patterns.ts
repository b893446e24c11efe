/** Name patterns of the configuration: tool, server, user and URI patterns where `*` is the only wildcard. */

/**
 * Whether `name` matches `parts` (a pattern split at its `*`s): the first part starts it, the last ends it,
 * and the others follow in order, each at its first place after the one before. Taking the first place is
 * never wrong for `*` runs, so this reads the name once per part: linear, where a backtracking regular
 * expression takes polynomial time on a long name that almost matches (a URI as long as a body allows).
 */
function matchesParts(name: string, parts: readonly string[]): boolean {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last))
    return false;
  let at = first.length;
  const end = name.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const found = name.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** A compiled matcher for `*` patterns; every other character matches itself. */
export function patternMatcher(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const wild: string[][] = [];
  for (const pattern of patterns) {
    if (!pattern.includes('*')) exact.add(pattern);
    else wild.push(pattern.split('*'));
  }
  return (name) => exact.has(name) || wild.some((parts) => matchesParts(name, parts));
}

/** A table's patterns, most specific first, each with its matcher (tables are read per call). */
const ranked = new WeakMap<object, Array<{ pattern: string; matches: (name: string) => boolean }>>();

/**
 * The entry of `table` (pattern → value) whose pattern matches `name` most closely: the name itself, else
 * the pattern with the most characters besides `*` (of two alike, the first in name order). So one tool
 * can be set apart from its family: with `github_*` and `github_delete`, the second holds for that tool.
 */
export function closestMatch<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  if (Object.hasOwn(table, name)) return table[name];
  let order = ranked.get(table);
  if (order === undefined) {
    const literal = (pattern: string) => pattern.replaceAll('*', '').length;
    order = Object.keys(table)
      .filter((pattern) => pattern.includes('*'))
      .sort((a, b) => literal(b) - literal(a) || (a < b ? -1 : a > b ? 1 : 0))
      .map((pattern) => ({ pattern, matches: patternMatcher([pattern]) }));
    ranked.set(table, order);
  }
  const found = order.find(({ matches }) => matches(name));
  return found === undefined ? undefined : table[found.pattern];
}
