import { GatewayError } from '../core/errors.js';

/** The key attributes that position a page: the table's `pk`/`sk`, plus the index keys for index queries. */
export type CursorKey = Record<string, string>;

/** Sort keys compare as DynamoDB compares them: by their UTF-8 bytes. */
export const compareKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

const tableKeys = ['pk', 'sk'] as const;
const indexKeys = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

export const cursorKeyNames = (index: 'gsi1' | undefined): readonly string[] =>
  index === undefined ? tableKeys : indexKeys;

/** An opaque, URL-safe cursor: base64url JSON of the key of the last item returned. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The cursor of a table query's page that ends with `item`: the next page starts after it. */
export const cursorAfter = (item: { pk: string; sk: string }): string =>
  encodeCursor({ pk: item.pk, sk: item.sk });

/**
 * Decodes a cursor and checks it belongs to this query (same partition, same index), so a cursor from
 * another listing is a client error rather than a silently wrong page.
 */
export function decodeCursor(
  cursor: string,
  partition: string,
  index: 'gsi1' | undefined,
  skPrefix?: string,
  skBefore?: string,
): CursorKey {
  const invalid = () => new GatewayError('validation_failed', 'The pagination cursor is not valid.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const record = parsed as Record<string, unknown>;
  const names = cursorKeyNames(index);
  if (Object.keys(record).length !== names.length) throw invalid();
  const key: CursorKey = {};
  for (const name of names) {
    const value = record[name];
    // DynamoDB refuses empty or oversized key values: a forged cursor must not reach it
    if (typeof value !== 'string' || value === '' || Buffer.byteLength(value) > 1024) throw invalid();
    key[name] = value;
  }
  if (key[index === undefined ? 'pk' : 'gsi1pk'] !== partition) throw invalid();
  // a cursor of a listing with another prefix (another filter) starts outside this one's range
  if (skPrefix !== undefined && !key[index === undefined ? 'sk' : 'gsi1sk']!.startsWith(skPrefix))
    throw invalid();
  if (skBefore !== undefined && compareKeys(key[index === undefined ? 'sk' : 'gsi1sk']!, skBefore) >= 0)
    throw invalid();
  return key;
}
