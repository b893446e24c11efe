/** Name patterns of the configuration: tool, server, user and URI patterns where `*` is the only wildcard. */

/** A compiled matcher for `*` patterns; every other character matches itself. */
export function patternMatcher(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const wild: RegExp[] = [];
  for (const pattern of patterns) {
    if (!pattern.includes('*')) exact.add(pattern);
    else
      wild.push(
        new RegExp(
          `^${pattern
            .split('*')
            .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
            .join('.*')}$`,
          's',
        ),
      );
  }
  return (name) => exact.has(name) || wild.some((re) => re.test(name));
}
