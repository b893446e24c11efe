import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { Clock } from '../core/clock.js';
import { createDynamoClient, DynamoStore, LOCAL_CREDENTIALS } from './dynamodb.js';
import { ensureTable } from './table.js';
import { defaultTableName, tableDefinition } from './table-definition.js';

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}

// dynalite is CommonJS without type declarations.
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: DynaliteOptions) => Server;

/**
 * dynalite opens LevelDB lazily and, when that fails (another process holds the folder's lock), throws from
 * inside its request handler, which takes the whole process down on the first request. Opening the folder
 * once up front with dynalite's own LevelDB binding turns that into an ordinary, explained startup error.
 */
async function assertDataFolderUsable(path: string): Promise<void> {
  const { Level } = createRequire(require.resolve('dynalite'))('level') as {
    Level: new (location: string) => LevelDatabase;
  };
  const database = new Level(path);
  try {
    await database.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    throw new Error(
      cause?.code === 'LEVEL_LOCKED'
        ? `The data folder ${path} cannot be opened; is another gateway using it?`
        : `The data folder ${path} cannot be opened, damaged or unreadable: ${String(cause?.message ?? (error as Error).message)}`,
      { cause: error },
    );
  }
  await database.close();
}

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/i;

/** The access key id a SigV4 `Authorization` header names (`Credential=<id>/<date>/…`). */
const CREDENTIAL = /\bCredential=([^/,\s]+)\//;

function namesKey(authorization: string | undefined, key: Buffer): boolean {
  const named = CREDENTIAL.exec(authorization ?? '')?.[1];
  if (named === undefined) return false;
  const given = Buffer.from(named);
  return given.length === key.length && timingSafeEqual(given, key);
}

/**
 * dynalite as it comes is no place for a gateway's secrets: it answers every origin's CORS preflight
 * (any web page the user opens could read and write the store on its loopback port), it takes any
 * credentials (any local user's process could), and it throws from a request's `error` event (a client
 * dropping a connection mid-request ends the whole process). In front of its handler: browsers (any
 * `Origin`, preflights) and DNS-rebound names (a Host other than loopback) are refused; so is a request
 * signed with another access key than `key`, when given; and a request's errors end that request only.
 */
function guarded(server: Server, key: string | undefined): Server {
  const handlers = server.listeners('request') as RequestListener[];
  const keyBytes = key === undefined ? undefined : Buffer.from(key);
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (
      request.headers.origin !== undefined ||
      request.method === 'OPTIONS' ||
      !LOOPBACK_HOST.test(request.headers.host ?? '')
    ) {
      response.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
      response.end('The embedded store serves gateway processes on this machine only.\n');
      return;
    }
    if (keyBytes !== undefined && !namesKey(request.headers.authorization, keyBytes)) {
      response.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
      response.end('The embedded store serves the gateway process that started it only.\n');
      return;
    }
    for (const handler of handlers) handler(request, response);
    request.removeAllListeners('error');
    request.on('error', () => response.destroy());
  });
  return server;
}

/** What a DynamoDB client signs its requests to the embedded store with. */
export interface StoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface EmbeddedDynamo {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** What clients sign with: a random key of this process's own unless the store is joinable. */
  credentials: StoreCredentials;
  /** Stops the server and closes the LevelDB files (releasing their lock for a restart). */
  close(): Promise<void>;
}

export interface EmbeddedDynamoOptions {
  /** Folder for the data; LevelDB files go to its `dynamodb/` subfolder. Without it the data is in memory. */
  dataDir?: string;
  /** Keep the data in memory even when `dataDir` is given. */
  memory?: boolean;
  /**
   * Loopback port to listen on, so that other processes can join the store (any local process may then);
   * when 0 or unset, any free one, and only clients with this process's own random key are served.
   */
  port?: number;
}

/** The LevelDB folder inside a data folder. */
export const embeddedDataPath = (dataDir: string): string => join(dataDir, 'dynamodb');

/** Starts dynalite on a loopback port, file-backed under `dataDir` or in memory. */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const dynaliteOptions: DynaliteOptions = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
  if (options.dataDir !== undefined && options.memory !== true) {
    dynaliteOptions.path = embeddedDataPath(options.dataDir);
    await mkdir(dynaliteOptions.path, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing folder's mode alone: the store holds the servers' credentials (the data
    // folder itself is the user's choice, maybe shared; only the store's own folder is closed)
    await chmod(dynaliteOptions.path, 0o700);
    await assertDataFolderUsable(dynaliteOptions.path);
  }
  const port = options.port ?? 0;
  // a private store's random port is easy to find: the key in every request's signature, never leaving
  // this process, is what keeps other local users out
  const credentials =
    port === 0
      ? { accessKeyId: randomBytes(16).toString('hex'), secretAccessKey: randomBytes(16).toString('hex') }
      : LOCAL_CREDENTIALS; // what the processes that join it sign with
  const server = guarded(dynalite(dynaliteOptions), port === 0 ? credentials.accessKeyId : undefined);
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`The store port ${port} is already in use on 127.0.0.1.`, { cause: error })
          : error,
      );
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${boundPort}`,
    credentials,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets of clients would otherwise hold the close open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/** How often the embedded store deletes expired items, and how many at most per pass. */
const SWEEP_MS = 10 * 60_000;
const SWEEP_LIMIT = 5000;

/**
 * What DynamoDB's TTL does on AWS: deletes the items whose `expiresAt` has passed (sessions, audit events
 * and analytics past their retention, quotas). Reads already skip them; without this, the data folder of a
 * long-running local gateway would grow forever. Each delete is conditional: an item given a new expiry
 * meanwhile stays. Answers how many were deleted.
 */
export async function sweepExpired(
  client: DynamoDBClient,
  tableName: string,
  now = Math.floor(Date.now() / 1000),
  limit = SWEEP_LIMIT,
  signal?: AbortSignal,
): Promise<number> {
  const { ttlAttribute, partitionKey, sortKey } = tableDefinition;
  let deleted = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    if (signal?.aborted) return deleted;
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#ttl <= :now',
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#ttl': ttlAttribute, '#pk': partitionKey, '#sk': sortKey },
        ExpressionAttributeValues: { ':now': { N: String(now) } },
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const key of page.Items ?? []) {
      if (deleted >= limit || signal?.aborted) return deleted;
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: key,
            ConditionExpression: '#ttl <= :now',
            ExpressionAttributeNames: { '#ttl': ttlAttribute },
            ExpressionAttributeValues: { ':now': { N: String(now) } },
          }),
        );
        deleted++;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return deleted;
}

/**
 * Sweeps pass after pass while each one deletes as many as it may: items expiring faster than one pass
 * a sweep interval deletes (busy rate-limit windows, analytics) would otherwise pile up for good.
 * Bounded, and a pause between passes leaves the store to the gateway.
 */
export async function sweepAll(
  client: DynamoDBClient,
  tableName: string,
  signal?: AbortSignal,
  limit = SWEEP_LIMIT,
  pauseMs = 1000,
): Promise<number> {
  let total = 0;
  for (let pass = 0; pass < 100 && signal?.aborted !== true; pass++) {
    const deleted = await sweepExpired(client, tableName, undefined, limit, signal);
    total += deleted;
    if (deleted < limit) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return total;
}

export interface LocalStore {
  store: DynamoStore;
  endpoint: string;
  credentials: StoreCredentials;
  close(): Promise<void>;
}

/** The embedded dynalite with the table in place and a DynamoStore on it: the local mode's store. */
export async function openLocalStore(
  options: EmbeddedDynamoOptions & { tableName?: string; clock?: Clock } = {},
): Promise<LocalStore> {
  const embedded = await startEmbeddedDynamo(options);
  const tableName = options.tableName ?? defaultTableName;
  const client = createDynamoClient({
    endpoint: embedded.endpoint,
    credentials: embedded.credentials,
    // the store runs in this process: slow only when the process is (a loaded machine), never stopped
    // alone, so a request is given long before it counts as lost
    requestTimeoutMs: 30_000,
  });
  try {
    await ensureTable(client, tableName);
  } catch (error) {
    client.destroy();
    await embedded.close();
    throw error;
  }
  const store = new DynamoStore({
    client,
    tableName,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  // one sweep at a time; closing stops one under way between deletes
  let sweeping: Promise<unknown> | undefined;
  const closing = new AbortController();
  const sweeper = setInterval(() => {
    sweeping ??= sweepAll(client, tableName, closing.signal)
      .catch(() => undefined) // tried again next time
      .finally(() => {
        sweeping = undefined;
      });
  }, SWEEP_MS);
  sweeper.unref();
  return {
    store,
    endpoint: embedded.endpoint,
    credentials: embedded.credentials,
    async close() {
      clearInterval(sweeper);
      closing.abort();
      await sweeping;
      await store.close();
      await embedded.close();
    },
  };
}
