/**
 * Patterns are checked when they are written (the management API). A guardrail's own patterns run on RE2
 * (see `pattern-engine.ts`), so they must be RE2's: no lookarounds or backreferences. A claim condition's
 * patterns run as JavaScript regular expressions on claim values, so none may take exponential time (ReDoS).
 */
import safeRegex from 'safe-regex2';
import { patternEngine } from './pattern-engine.js';

/** Why a guardrail's own pattern cannot be used, if it cannot: RE2 does not take it (`loadPatternEngine` first). */
export function guardrailPatternProblem(pattern: string): string | undefined {
  try {
    patternEngine().RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return `is not a pattern RE2 runs (patterns run in linear time: no lookarounds or backreferences): ${(error as Error).message}`;
  }
}

/** Why a claim condition's pattern cannot be used, if it cannot: not a regular expression, or catastrophic. */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`;
  }
  // nested quantifiers can take exponential time on a crafted payload
  if (!safeRegex(pattern)) return 'may take exponential time (nested quantifiers); simplify it';
  return undefined;
}
