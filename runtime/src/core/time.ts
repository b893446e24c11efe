/** RFC 3339 date-times: a date, a time and an offset (`Z` or `±hh:mm`), as OpenAPI's `date-time` says. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The time an RFC 3339 date-time names (ms since the epoch), or NaN for anything else. `Date.parse`
 * alone takes `1` and `12/01/2026`, and a time without an offset as local time: a query window would move
 * by the host's time zone.
 */
export const parseDateTime = (text: string): number => (DATE_TIME.test(text) ? Date.parse(text) : Number.NaN);

/**
 * Waits for `work` at most `ms`: true when it settled (fulfilled or rejected) in time. Never rejects, and
 * its timer keeps no process alive; what is not done in time goes on unobserved.
 */
export async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
    timer.unref?.();
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
