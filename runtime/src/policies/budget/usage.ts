import type { Budget } from '../../core/config.js';
import type { StateStore } from '../../store/port.js';
import { budgetPartition, periodOf } from './meter.js';

/** `GET /v1/budgets/{id}/usage`: what each key spent in the current period (batched writes: ≤ 1 s late). */
export async function budgetUsage(store: StateStore, budget: Budget, now: number) {
  const period = periodOf(budget.period, now);
  const items: { key: Record<string, string>; spent: number; remaining: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(budgetPartition(budget), {
      skPrefix: `${period}#`,
      limit: 100,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of page.items) {
      // a key that only leased room has spent nothing yet
      if (typeof item['spent'] !== 'number') continue;
      const spent = item['spent'];
      items.push({
        key: keyObject(typeof item['key'] === 'string' ? item['key'] : ''),
        spent,
        remaining: Math.max(0, budget.amount - spent),
      });
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { budget: budget.name, period, items };
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
