/**
 * The local runner's store: the embedded dynalite (local mode), or an existing table shared with other
 * gateway processes (service mode).
 */
import { mkdir } from 'node:fs/promises';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { createDynamoClient, DynamoStore } from '../store/dynamodb.js';
import { openLocalStore } from '../store/embedded.js';
import { ensureTable, requireTable } from '../store/table.js';
import { defaultTableName } from '../store/table-definition.js';
import { onAws, type StoreChoice } from './options.js';

export interface OpenedStore {
  store: DynamoStore;
  /** Lines for the startup banner: where the data is, and how others join it. */
  describe: string[];
  /** Where the store listens, when it is an endpoint of its own (not AWS's DynamoDB). */
  endpoint?: string;
  close(): Promise<void>;
}

export async function openStore(choice: StoreChoice): Promise<OpenedStore> {
  if (choice.kind === 'embedded') {
    if (choice.dataDir !== undefined) await mkdir(choice.dataDir, { recursive: true, mode: 0o700 });
    const local = await openLocalStore({
      ...(choice.dataDir !== undefined ? { dataDir: choice.dataDir } : { memory: true }),
      port: choice.port,
    });
    const describe = [`  Data:            ${choice.dataDir ?? 'in memory'}`];
    if (choice.port !== 0) {
      describe.push(
        `  Store:           ${local.endpoint}   (other gateways join with --dynamodb-endpoint ${local.endpoint} --table ${defaultTableName})`,
      );
    }
    return { store: local.store, describe, endpoint: local.endpoint, close: () => local.close() };
  }

  const { tableName, endpoint } = choice;
  const client = createDynamoClient(endpoint !== undefined ? { endpoint } : {});
  let describe: string[];
  try {
    if (!onAws(choice)) {
      const created = await ensureTable(client, tableName);
      describe = [
        `  Store:           table ${tableName} at ${endpoint}${created ? ' (it did not exist: created it)' : ''}`,
      ];
    } else {
      // a table on AWS belongs to its deployment: it is used as it is, never created from here
      await requireTable(client, tableName);
      describe = [
        `  Store:           DynamoDB table ${tableName}${endpoint !== undefined ? ` at ${endpoint}` : ''}`,
      ];
    }
  } catch (error) {
    client.destroy();
    throw unanswered(error, endpoint);
  }
  const store = new DynamoStore({ client, tableName });
  return { store, describe, ...(endpoint !== undefined ? { endpoint } : {}), close: () => store.close() };
}

/**
 * A start's failure at a store endpoint in words of what to check: one that takes connections and never
 * answers, or answers in another protocol (an MCP server's port given as the store's), instead of the
 * SDK's. DynamoDB's own errors (credentials, access) say what they are already.
 */
function unanswered(error: unknown, endpoint: string | undefined): unknown {
  if (endpoint === undefined || !(error instanceof Error)) return error;
  // an HTTP answer with no DynamoDB error in it (a web server's 404): the SDK names it UnknownError
  const foreign = error instanceof DynamoDBServiceException && error.message === 'UnknownError';
  if (error instanceof DynamoDBServiceException && !foreign) return error;
  if (error.name === 'TimeoutError' && error.message.includes('requestTimeout'))
    return new Error(`The store at ${endpoint} took connections but did not answer in time: is it stopped?`, {
      cause: error,
    });
  if (foreign || error instanceof SyntaxError || error.message.includes('Deserialization error'))
    return new Error(
      `The endpoint ${endpoint} does not answer as DynamoDB does: give a DynamoDB endpoint (another gateway's --store-port, DynamoDB Local).`,
      { cause: error },
    );
  return error;
}
