import type { Budget } from '../../core/config.js';
import type { StateStore } from '../../store/port.js';
import { budgetPartition, periodOf } from './meter.js';

/**
 * `GET /v1/budgets/{id}/usage`: what each key spent in the current period (batched writes: ≤ 1 s late), a
 * page of up to `limit` keys at a time (a per-user budget has a key per user).
 */
export async function budgetUsage(
  store: StateStore,
  budget: Budget,
  now: number,
  page: { limit: number; cursor?: string | undefined } = { limit: 100 },
) {
  const period = periodOf(budget.period, now);
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
