import { tableDefinition } from '../../../runtime/src/store/table-definition.js';

/**
 * The single table's key schema, taken from the runtime's own definition so the deployed table and the
 * one the runtime creates locally cannot drift.
 */
export const table = tableDefinition;

/** Every key attribute (all strings), for the table's attribute definitions. */
export const keyAttributes: readonly string[] = [
  table.partitionKey,
  table.sortKey,
  ...table.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
];
