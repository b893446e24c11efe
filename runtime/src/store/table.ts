import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition } from './table-definition.js';

/** The CreateTable request for the definition (all key attributes are strings). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
  const keyAttributes = [
    partitionKey,
    sortKey,
    ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: tableDefinition.billingMode,
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}

const errorName = (error: unknown): string | undefined => (error instanceof Error ? error.name : undefined);

/**
 * Creates the table when it is missing and waits until it (and its indexes) are ACTIVE; answers whether
 * this call created it. Meant for local mode, service mode on a DynamoDB-compatible endpoint and tests; on
 * AWS the constructs create the table. A table created here gets TTL on `expiresAt` as the constructs'
 * does: without it nothing would ever delete an expired session, window or token (reads skip them, but
 * they pile up). An endpoint without TTL (dynalite) is left to the embedded store's sweeper.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: { timeoutMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let created = false;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      created = true;
    } catch (createError) {
      // Another process created it first; either way we wait for it to become usable.
      if (errorName(createError) !== 'ResourceInUseException') throw createError;
    }
  }
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) {
      if (created)
        await client
          .send(
            new UpdateTimeToLiveCommand({
              TableName: tableName,
              TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
            }),
          )
          .catch(() => undefined);
      return created;
    }
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE in time.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fails with a clear message unless the table exists: for tables someone else owns (never created here). */
export async function requireTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
    throw new Error(`The DynamoDB table ${tableName} does not exist; deploy it first (see constructs/).`, {
      cause: error,
    });
  }
}
