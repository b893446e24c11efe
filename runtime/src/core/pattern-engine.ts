/**
 * Regular expressions of the configuration (a guardrail's own patterns, a claim condition's `matches`) run
 * on RE2 (`re2js`): time linear in the text whatever the pattern, where a backtracking engine takes
 * polynomial time on a crafted text for patterns as plain as `\w+@corp\.com` (a megabyte of letters held
 * the event loop for hours). Loaded on first use: a deployment whose configuration has none never loads it.
 */
type Engine = typeof import('re2js');

let engine: Engine | undefined;

export async function loadPatternEngine(): Promise<Engine> {
  engine ??= await import('re2js');
  return engine;
}

/** The engine, once `loadPatternEngine` loaded it. */
function patternEngine(): Engine {
  if (engine === undefined) throw new Error('the pattern engine is used before it was loaded');
  return engine;
}

/** Why RE2 does not run `pattern`, if it does not (`loadPatternEngine` first). */
export function re2Problem(pattern: string): string | undefined {
  try {
    patternEngine().RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return `is not a pattern RE2 runs (patterns run in linear time: no lookarounds or backreferences): ${(error as Error).message}`;
  }
}

/**
 * Whether a whole text matches `pattern`. A pattern stored before patterns had to be RE2's runs as it was
 * written, on the backtracking engine that checked it then.
 */
export function compileWholeMatch(pattern: string): (text: string) => boolean {
  const { RE2JS } = patternEngine();
  try {
    const re2 = RE2JS.compile(`(?:${pattern})`);
    return (text) => re2.matches(text);
  } catch {
    const legacy = new RegExp(`^(?:${pattern})$`, 'u');
    return (text) => legacy.test(text);
  }
}

/** Where a pattern matches in a text: [start, end) pairs in UTF-16 units, empty matches left out. */
export type PatternMatcher = (text: string) => Array<[number, number]>;

/**
 * `pattern` as a matcher. A pattern stored before patterns had to be RE2's (one with a lookaround or a
 * backreference) still runs as it was written, on the backtracking engine that checked it then.
 */
export function compilePattern(pattern: string): PatternMatcher | undefined {
  const { RE2JS } = patternEngine();
  let re2: InstanceType<typeof RE2JS> | undefined;
  try {
    re2 = RE2JS.compile(pattern);
  } catch {
    re2 = undefined;
  }
  if (re2 !== undefined) {
    const compiled = re2;
    return (text) => {
      const spans: Array<[number, number]> = [];
      const matcher = compiled.matcher(text);
      while (matcher.find())
        if (matcher.end() > matcher.start()) spans.push([matcher.start(), matcher.end()]);
      return spans;
    };
  }
  let legacy: RegExp;
  try {
    legacy = new RegExp(pattern, 'gu');
  } catch {
    return undefined;
  }
  return (text) => {
    legacy.lastIndex = 0;
    const spans: Array<[number, number]> = [];
    for (const match of text.matchAll(legacy))
      if (match[0].length > 0) spans.push([match.index, match.index + match[0].length]);
    return spans;
  };
}
