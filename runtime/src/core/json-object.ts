/** Whether a parsed JSON value is an object (not null, not an array): a record of its members. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
