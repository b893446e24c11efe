/** RFC 3339 date-times: a date, a time and an offset (`Z` or `±hh:mm`), as OpenAPI's `date-time` says. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * The time an RFC 3339 date-time names (ms since the epoch), or NaN for anything else. `Date.parse`
 * alone takes `1` and `12/01/2026`, and a time without an offset as local time (a query window would move
 * by the host's time zone), and rolls impossible fields over (February 30th is March 2nd). A leap second
 * (`:60`) is read as the last millisecond before the next minute.
 */
export function parseDateTime(text: string): number {
  const m = DATE_TIME.exec(text);
  if (m === null) return Number.NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60)
    return Number.NaN;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return Number.NaN;
  if (second === 60) return Date.parse(text.replace(/:60(?:\.\d+)?(?=[Zz+-])/, ':59.999'));
  return Date.parse(text);
}

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
