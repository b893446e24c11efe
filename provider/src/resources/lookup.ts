/** Finding objects by lookup attributes: the list operation's query filters, then an exact match. */
import type { ApiClient } from '../client/api-client.js';
import type { ResourceModel } from '../model/types.js';
import { DiagnosticsError, fail } from '../protocol/diagnostics.js';
import { apiDiagnostics } from './api-diagnostics.js';

const MAX_PAGES = 1000;

/** Every object whose lookup attributes equal `criteria` (Terraform attribute name → value). */
export async function findAll(
  api: ApiClient,
  resource: ResourceModel,
  criteria: Record<string, string>,
): Promise<Record<string, unknown>[]> {
  const list = resource.operations.list;
  if (!list) fail(`${resource.terraformType} cannot be looked up`, 'The API has no list operation for it.');
  const query: Record<string, string | undefined> = {};
  const filters: [string, string][] = [];
  for (const [attribute, value] of Object.entries(criteria)) {
    const lookup = resource.lookup.find((l) => l.attribute === attribute);
    if (!lookup) fail(`${attribute} is not a lookup attribute of ${resource.terraformType}`);
    if (lookup.queryParameter) query[lookup.queryParameter] = value;
    filters.push([lookup.apiName, value]);
  }
  const matches: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let body: unknown;
    try {
      ({ body } = await api.request(list, { query: { ...query, cursor } }));
    } catch (error) {
      throw new DiagnosticsError(apiDiagnostics(error, `list ${resource.plural}`, resource.attributes));
    }
    const { items, nextCursor } = (body ?? {}) as { items?: unknown[]; nextCursor?: string | null };
    for (const item of items ?? []) {
      if (typeof item !== 'object' || item === null) continue;
      const record = item as Record<string, unknown>;
      if (filters.every(([apiName, value]) => String(record[apiName]) === value)) matches.push(record);
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return matches;
}

export async function findOne(
  api: ApiClient,
  resource: ResourceModel,
  criteria: Record<string, string>,
): Promise<Record<string, unknown>> {
  const matches = await findAll(api, resource, criteria);
  const described = Object.entries(criteria)
    .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
    .join(', ');
  if (matches.length === 0) fail(`No ${resource.terraformType} found`, `Nothing matches ${described}.`);
  if (matches.length > 1) {
    fail(
      `Several ${resource.terraformType} objects match`,
      `${matches.length} objects match ${described}; narrow the lookup.`,
    );
  }
  return matches[0]!;
}
