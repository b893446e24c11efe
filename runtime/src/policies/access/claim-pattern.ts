/**
 * The problem with a claim condition's regular expression: it must be one on its own too, so that the
 * anchoring group cannot be closed from inside it (`a)|(.*` would match every value). Apart from the
 * rules engine, which the data plane loads with the first rules it judges: configuration is checked
 * with it when read.
 */
export function claimPatternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    new RegExp(`^(?:${pattern})$`, 'u');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
