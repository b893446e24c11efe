/**
 * The single table, described as data so the deployment constructs (CDKTF, Pulumi) and `ensureTable`
 * build the very same table. No AWS SDK here: the constructs load this without it.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** DynamoDB deletes items late after this epoch-seconds attribute passes; reads filter them out earlier. */
  ttlAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' }],
} as const;

export const defaultTableName = 'mcp-gateway';
