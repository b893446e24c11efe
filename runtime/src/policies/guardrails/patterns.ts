/**
 * A guardrail's own patterns are checked when they are written (the management API): they must be
 * regular expressions, and none that can take exponential time on a crafted payload (ReDoS).
 */
import safeRegex from 'safe-regex2';

/** Why a custom pattern cannot be used, if it cannot: not a regular expression, or catastrophic. */
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
