import type { Budget } from '../../core/config.js';
import { decodeCursor } from '../../store/cursor.js';
import type { StateStore } from '../../store/port.js';
import { budgetPartition, periodOf } from './meter.js';

/**
 * `GET /v1/budgets/{id}/usage`: what each key spent in the current period (batched writes: ≤ 1 s late), a
 * page of up to `limit` keys at a time (a per-user budget has a key per user); a listing's next pages stay
 * in the period its first one was of.
 */
export async function budgetUsage(
  store: StateStore,
  budget: Budget,
  now: number,
  page: { limit: number; cursor?: string | undefined } = { limit: 100 },
) {
  let period = periodOf(budget.period, now);
  if (page.cursor !== undefined) {
    // a listing begun in a period that has ended since goes on in that period: its cursor says which
    const begun = decodeCursor(page.cursor, budgetPartition(budget), undefined)['sk']?.split('#')[0];
    if (begun !== undefined && /^\d{4}-\d{2}(?:-\d{2})?$/.test(begun)) period = begun;
  }
  const items: { key: Record<string, string>; spent: number; remaining: number }[] = [];
  const found = await store.query(budgetPartition(budget), {
    skPrefix: `${period}#`,
    limit: page.limit,
    ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
  });
  for (const item of found.items) {
    // a key that only leased room has spent nothing yet
    if (typeof item['spent'] !== 'number') continue;
    const spent = item['spent'];
    items.push({
      key: keyObject(typeof item['key'] === 'string' ? item['key'] : ''),
      spent,
      remaining: Math.max(0, budget.amount - spent),
    });
  }
  return {
    budget: budget.name,
    period,
    items,
    ...(found.cursor !== undefined ? { nextCursor: found.cursor } : {}),
  };
}

/** `user=ada;team=sre;` → `{user: 'ada', team: 'sre'}`. */
function keyObject(key: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of key.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) result[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1));
  }
  return result;
}
