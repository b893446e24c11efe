import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { describeStoreContract, manualClock } from './contract.js';
import {
  createDynamoClient,
  createDynamoStore,
  DynamoStore,
  endpointSettings,
  LOCAL_CREDENTIALS,
  translateStoreError,
} from './dynamodb.js';
import { openLocalStore, startEmbeddedDynamo, sweepAll, sweepExpired } from './embedded.js';
import { ConditionFailedError } from './port.js';
import { createTableInput, ensureTable } from './table.js';
import { defaultTableName, tableDefinition } from './table-definition.js';

describeStoreContract('DynamoStore on dynalite', async () => {
  const clock = manualClock();
  const local = await openLocalStore({ memory: true, clock });
  return { store: local.store, clock, cleanup: () => local.close() };
});

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client of a loopback endpoint whose connections `serve` handles (a faulty store), closed after the test. */
async function faultyEndpointClient(
  serve: (socket: Socket) => void,
  limits: { requestTimeoutMs: number; maxAttempts: number },
) {
  const endpoint = createServer(serve);
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => endpoint.close(resolve)));
  const { port } = endpoint.address() as AddressInfo;
  const client = createDynamoClient({
    endpoint: `http://127.0.0.1:${port}`,
    credentials: LOCAL_CREDENTIALS,
    ...limits,
  });
  cleanups.push(async () => client.destroy());
  return client;
}

/**
 * A store on an embedded one whose client sends each request through `handle` (the request's
 * `X-Amz-Target`, and the send itself): lost answers and refused attempts, as the SDK meets them.
 */
async function interceptedStore(handle: (target: string, send: () => Promise<unknown>) => Promise<unknown>) {
  const local = await openLocalStore({ memory: true });
  cleanups.push(() => local.close());
  const plain = createDynamoClient({ endpoint: local.endpoint, credentials: local.credentials });
  cleanups.push(async () => plain.destroy());
  const inner = plain.config.requestHandler as {
    handle(request: { headers: Record<string, string> }, options?: unknown): Promise<unknown>;
  };
  const client = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: local.credentials,
    maxAttempts: 3,
    requestHandler: {
      handle: (request: { headers: Record<string, string> }, options?: unknown) =>
        handle(request.headers['x-amz-target'] ?? '', () => inner.handle(request, options)),
    } as never,
  });
  cleanups.push(async () => client.destroy());
  return { local, plain, store: new DynamoStore({ client, tableName: defaultTableName }) };
}

describe('DynamoStore', () => {
  it('keeps file-backed data across a restart of the embedded store', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mcp-gateway-store-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const first = await openLocalStore({ dataDir });
    await first.store.put({ pk: 'server#1', sk: 'config', name: 'everything', version: 1 });
    await first.store.increment('counter', 'total', { n: 3 });
    await first.close();

    const second = await openLocalStore({ dataDir });
    cleanups.push(() => second.close());
    expect(await second.store.get('server#1', 'config')).toEqual({
      pk: 'server#1',
      sk: 'config',
      name: 'everything',
      version: 1,
    });
    expect(await second.store.increment('counter', 'total', { n: 1 })).toEqual({ n: 4 });
  });

  it('refuses a data folder another embedded store holds, instead of crashing later', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mcp-gateway-store-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const holder = await startEmbeddedDynamo({ dataDir });
    cleanups.push(() => holder.close());
    await expect(openLocalStore({ dataDir })).rejects.toThrow(/cannot be opened/);
  });

  it('takes a conditional put or delete the SDK sent again for done when its first attempt had landed', async () => {
    // a handler that loses the answer of the first attempt of each put: the item is written, the SDK
    // sees a reset connection and tries again
    let lose = true;
    let loseUpdates = false;
    const { local, plain, store } = await interceptedStore(async (target, send) => {
      const answer = await send();
      if (
        lose &&
        (target.endsWith('.PutItem') ||
          target.endsWith('.DeleteItem') ||
          (loseUpdates && target.endsWith('.UpdateItem')))
      ) {
        lose = false;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      return answer;
    });
    await store.put({ pk: 'cfg#server', sk: 'srv_1', version: 1, data: { name: 'a' } }, { kind: 'absent' });
    // what a put writes to know its own write again is no part of the item read
    expect(await store.get('cfg#server', 'srv_1')).toEqual({
      pk: 'cfg#server',
      sk: 'srv_1',
      version: 1,
      data: { name: 'a' },
    });
    expect((await store.query('cfg#server')).items).toEqual([await store.get('cfg#server', 'srv_1')]);
    // the same item written before by another (a replayed one-time token's): a failed condition still
    const once = { pk: 'jti#client', sk: 'digest', expiresAt: Math.floor(Date.now() / 1000) + 60 };
    await local.store.put(once, { kind: 'absent' });
    lose = true;
    await expect(store.put(once, { kind: 'absent' })).rejects.toBeInstanceOf(ConditionFailedError);
    lose = true;
    await store.put(
      { pk: 'cfg#server', sk: 'srv_1', version: 2, data: { name: 'b' } },
      { kind: 'version', version: 1 },
    );
    expect(await store.get('cfg#server', 'srv_1')).toMatchObject({ version: 2, data: { name: 'b' } });
    // another writer's item is still a failed condition
    lose = true;
    await expect(
      store.put(
        { pk: 'cfg#server', sk: 'srv_1', version: 3, data: { name: 'c' } },
        { kind: 'version', version: 1 },
      ),
    ).rejects.toBeInstanceOf(ConditionFailedError);
    // a conditional delete whose first attempt landed: deleted, not "changed concurrently"
    loseUpdates = true;
    lose = true;
    expect(await store.delete('cfg#server', 'srv_1', { version: 2 })).toBe(true);
    loseUpdates = false;
    expect(await store.get('cfg#server', 'srv_1')).toBeUndefined();
    // removed, not left behind as an expired mark
    const left = await plain.send(new ScanCommand({ TableName: defaultTableName }));
    expect(left.Items?.filter((item) => item['pk']?.S === 'cfg#server')).toEqual([]);
    // a counter created by an attempt whose answer was lost counts once
    lose = true;
    expect(await store.increment('usage#w', 'k', { calls: 1 })).toEqual({ calls: 1 });
    expect(await store.get('usage#w', 'k')).toMatchObject({ calls: 1 });
    // so does a bounded one (an alert's once-only flag: its own write is no "no room")
    lose = true;
    expect(await store.incrementWithin('alert#w', 'k', 'sent', 1, 1)).toEqual({ applied: true, total: 1 });
    expect(await store.get('alert#w', 'k')).toMatchObject({ sent: 1 });
    // an addition to an item that exists, its answer lost: counted once, and not taken for refused
    loseUpdates = true;
    lose = true;
    expect(await store.increment('usage#w', 'k', { calls: 2 })).toEqual({ calls: 3 });
    expect(await store.get('usage#w', 'k')).toEqual({ pk: 'usage#w', sk: 'k', calls: 3 });
    await local.store.put({ pk: 'budget#w', sk: 'k', spent: 5 });
    lose = true;
    expect(await store.incrementWithin('budget#w', 'k', 'alerted80', 1, 1)).toEqual({
      applied: true,
      total: 1,
    });
    lose = true;
    expect(await store.incrementWithin('budget#w', 'k', 'reserved', 4, 10)).toEqual({
      applied: true,
      total: 4,
    });
    expect(await store.get('budget#w', 'k')).toEqual({
      pk: 'budget#w',
      sk: 'k',
      spent: 5,
      alerted80: 1,
      reserved: 4,
    });
    // an update whose answer was lost is no failure either
    lose = true;
    await store.update('budget#w', 'k', { period: '2026-12' });
    expect(await store.get('budget#w', 'k')).toMatchObject({ period: '2026-12', reserved: 4 });
  });

  it('takes an item once when the SDK sends a conditional delete again after another deleted it meanwhile', async () => {
    // the first write attempt never reaches the store (refused); another instance takes the item meanwhile
    let meanwhile: (() => Promise<unknown>) | undefined;
    const { local, store } = await interceptedStore(async (target, send) => {
      if (meanwhile !== undefined && /\.(UpdateItem|DeleteItem)$/.test(target)) {
        await meanwhile();
        meanwhile = undefined;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      }
      return send();
    });
    const flow = { pk: 'oauth-flow#s', sk: 'flow', version: 1, value: { verifier: 'v' } };
    await local.store.put(flow, { kind: 'absent' });
    meanwhile = () => local.store.delete(flow.pk, flow.sk, { version: 1 });
    await expect(store.delete(flow.pk, flow.sk, { version: 1 })).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await store.get(flow.pk, flow.sk)).toBeUndefined();
  });

  it('reads past items DynamoDB has not deleted yet in growing rounds, not one round trip each', async () => {
    const local = await openLocalStore({ memory: true });
    cleanups.push(() => local.close());
    const now = Math.floor(Date.now() / 1000);
    for (const sk of ['a0', 'a1']) await local.store.put({ pk: 'p', sk });
    for (let i = 0; i < 2000; i++)
      await local.store.put({ pk: 'p', sk: `b${String(i).padStart(4, '0')}`, expiresAt: now - 1 });
    await local.store.put({ pk: 'p', sk: 'c0' });
    const client = createDynamoClient({ endpoint: local.endpoint, credentials: local.credentials });
    cleanups.push(async () => client.destroy());
    let sent = 0;
    const send = client.send.bind(client);
    client.send = ((command: never) => {
      sent++;
      return send(command);
    }) as typeof client.send;
    const store = new DynamoStore({ client, tableName: defaultTableName });
    const first = await store.query('p', { limit: 2 });
    expect(first.items.map((item) => item.sk)).toEqual(['a0', 'a1']);
    expect(sent).toBeLessThanOrEqual(5);
    const rest = await store.query('p', { limit: 2, cursor: first.cursor! });
    expect(rest.items.map((item) => item.sk)).toEqual(['c0']);
  });

  it('deletes expired items as DynamoDB’s TTL would, and only those', async () => {
    const local = await openLocalStore({ memory: true });
    cleanups.push(() => local.close());
    const now = Math.floor(Date.now() / 1000);
    await local.store.put({ pk: 'session#1', sk: 'session', expiresAt: now - 10 });
    await local.store.put({ pk: 'session#2', sk: 'session', expiresAt: now + 3600 });
    await local.store.put({ pk: 'server#1', sk: 'config' });
    for (let i = 0; i < 30; i++) await local.store.put({ pk: `audit#${i}`, sk: 'event', expiresAt: now - 1 });
    const client = createDynamoClient({ endpoint: local.endpoint, credentials: local.credentials });
    cleanups.push(async () => client.destroy());
    expect(await sweepExpired(client, defaultTableName, now, 20)).toBe(20); // bounded per pass
    expect(await sweepExpired(client, defaultTableName, now)).toBe(11);
    const left = await client.send(new ScanCommand({ TableName: defaultTableName }));
    expect(left.Items?.map((item) => item['pk']?.S).sort()).toEqual(['server#1', 'session#2']);
    // more than a pass may delete: passes go on until one is not full
    for (let i = 0; i < 45; i++) await local.store.put({ pk: `rate#${i}`, sk: 'window', expiresAt: now - 1 });
    expect(await sweepAll(client, defaultTableName, undefined, 20, 0)).toBe(45);
  });

  it('keeps its store folder to its owner, even one that existed; the data folder is left as it was', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mcp-gateway-store-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    await mkdir(join(dataDir, 'dynamodb'), { mode: 0o755 });
    await chmod(join(dataDir, 'dynamodb'), 0o755);
    await chmod(dataDir, 0o755);
    const local = await openLocalStore({ dataDir });
    cleanups.push(() => local.close());
    expect((await stat(join(dataDir, 'dynamodb'))).mode & 0o777).toBe(0o700);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o755);
  });

  it('serves its own gateway process only: no web page, no rebound name, no other local client', async () => {
    const local = await openLocalStore({ memory: true });
    cleanups.push(() => local.close());
    await local.store.put({ pk: 'secret', sk: 'x', token: 'hunter2' });
    const signedBy = (key: string) =>
      `AWS4-HMAC-SHA256 Credential=${key}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
    const scan = (headers: Record<string, string>, method = 'POST') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(local.endpoint);
        const request = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            method,
            headers: {
              'content-type': 'application/x-amz-json-1.0',
              'x-amz-target': 'DynamoDB_20120810.Scan',
              authorization: signedBy(local.credentials.accessKeyId),
              'x-amz-date': '20260101T000000Z',
              ...headers,
            },
          },
          (response) => {
            let body = '';
            response.on('data', (chunk) => (body += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ TableName: defaultTableName }));
      });
    const page = await scan({ origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('hunter2');
    const preflight = await scan({ 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(preflight.status).toBe(403);
    const rebound = await scan({ host: 'evil.example' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('hunter2');
    // another local process: dynalite itself takes any key, the store does not
    for (const key of [
      'local',
      'a',
      local.credentials.accessKeyId.slice(1),
      `${local.credentials.accessKeyId}0`,
    ]) {
      const other = await scan({ authorization: signedBy(key) });
      expect(other.status, key).toBe(403);
      expect(other.body).not.toContain('hunter2');
    }
    const unsigned = await scan({ authorization: '' });
    expect(unsigned.status).toBe(403);
    expect(local.credentials.accessKeyId).toMatch(/^[0-9a-f]{32}$/);
    // the gateway process's own request still works
    expect((await scan({})).body).toContain('hunter2');
  });

  it('outlives a client that drops its connection in the middle of a request', async () => {
    const local = await openLocalStore({ memory: true });
    cleanups.push(() => local.close());
    const url = new URL(local.endpoint);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n' +
        `Authorization: AWS4-HMAC-SHA256 Credential=${local.credentials.accessKeyId}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n` +
        'X-Amz-Target: DynamoDB_20120810.GetItem\r\nContent-Length: 1000\r\n\r\n{"TableName"',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await local.store.put({ pk: 'still', sk: 'here' });
    expect(await local.store.get('still', 'here')).toEqual({ pk: 'still', sk: 'here' });
  });

  it('fails fast with store_unavailable when the endpoint is down', async () => {
    const embedded = await startEmbeddedDynamo({ memory: true });
    await embedded.close();
    const store = createDynamoStore({ tableName: 'missing', endpoint: embedded.endpoint });
    cleanups.push(() => store.close());
    const started = Date.now();
    const error = await store.get('a', 'b').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('store_unavailable');
    expect((error as GatewayError).message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('reports a missing table as store_unavailable', async () => {
    const embedded = await startEmbeddedDynamo({ memory: true });
    cleanups.push(() => embedded.close());
    const store = createDynamoStore({
      tableName: 'no-such-table',
      endpoint: embedded.endpoint,
      credentials: embedded.credentials,
    });
    cleanups.push(() => store.close());
    const error = await store.put({ pk: 'a', sk: 'b' }).catch((e: unknown) => e);
    expect((error as GatewayError).code).toBe('store_unavailable');
  });

  it('reports an item over the size limit as payload_too_large', async () => {
    const local = await openLocalStore({ memory: true });
    cleanups.push(() => local.close());
    const error = await local.store
      .put({ pk: 'a', sk: 'b', blob: 'x'.repeat(500_000) })
      .catch((e: unknown) => e);
    expect((error as GatewayError).code).toBe('payload_too_large');
  });

  it('refuses a value that is not JSON as an internal error, and writes nothing', async () => {
    const local = await openLocalStore({ memory: true });
    cleanups.push(() => local.close());
    for (const value of [Number.NaN, 1e300, 1e-200, new Date(0), new URL('https://example.com')]) {
      const error = await local.store.put({ pk: 'a', sk: 'b', value }).catch((e: unknown) => e);
      expect(error, String(value)).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('internal');
    }
    expect(await local.store.get('a', 'b')).toBeUndefined();
    const counter = await local.store.increment('a', 'c', { n: 1e300 }).catch((e: unknown) => e);
    expect((counter as GatewayError).code).toBe('internal');
  });

  it('holds every number JSON.parse reads from a document, an int64 bound too, and reads it back the same', async () => {
    const local = await openLocalStore({ memory: true });
    cleanups.push(() => local.close());
    const schema = JSON.parse(
      '{"type":"integer","maximum":9223372036854775807,"minimum":-1e21,"multipleOf":1e-100}',
    );
    await local.store.put({ pk: 'a', sk: 'schema', schema });
    expect((await local.store.get('a', 'schema'))?.['schema']).toEqual(schema);
  });

  it('gives up on a store that takes connections and never answers: a store error, no hang', async () => {
    const client = await faultyEndpointClient((socket) => socket.on('data', () => undefined), {
      requestTimeoutMs: 200,
      maxAttempts: 2,
    });
    const started = Date.now();
    const store = new DynamoStore({ client, tableName: 'gateway' });
    const failed = await store.get('a', 'b').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GatewayError);
    expect((failed as GatewayError).code).toBe('store_unavailable');
    await expect(ensureTable(client, 'gateway')).rejects.toThrow(/requestTimeout/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on a store that stops in the middle of an answer', async () => {
    const client = await faultyEndpointClient(
      (socket) =>
        socket.once('data', () =>
          socket.write(
            'HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 100\r\n\r\n{"Item":',
          ),
        ),
      { requestTimeoutMs: 300, maxAttempts: 1 },
    );
    const started = Date.now();
    const failed = await new DynamoStore({ client, tableName: 'gateway' })
      .get('a', 'b')
      .catch((e: unknown) => e);
    expect((failed as GatewayError).code).toBe('store_unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('creates the table once with its index, and ensureTable is idempotent', async () => {
    const embedded = await startEmbeddedDynamo({ memory: true });
    cleanups.push(() => embedded.close());
    const client = createDynamoClient({ endpoint: embedded.endpoint, credentials: embedded.credentials });
    cleanups.push(async () => client.destroy());
    await Promise.all([ensureTable(client, 'gateway'), ensureTable(client, 'gateway')]);
    await ensureTable(client, 'gateway');
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'gateway' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual(createTableInput('gateway').KeySchema);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection?.ProjectionType])).toEqual([
      [tableDefinition.globalSecondaryIndexes[0].name, 'ALL'],
    ]);
  });
});

describe('endpointSettings', () => {
  it("takes an explicit endpoint's region and credentials from the environment, dummy ones only for an emulator without any", async () => {
    expect(endpointSettings('http://127.0.0.1:8000', {})).toEqual({
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    expect(endpointSettings('http://dynamodb:8000', { AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual({
      region: 'eu-west-1',
      credentials: LOCAL_CREDENTIALS,
    });
    // DynamoDB Local and LocalStack keep tables per access key and region: the user's own are used
    expect(
      endpointSettings('http://localhost:4566', { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test' }),
    ).toEqual({ region: 'eu-west-1' });
    expect(endpointSettings('http://localhost:4566', { AWS_PROFILE: 'dev' })).toEqual({
      region: 'us-east-1',
    });
    // AWS's own (a VPC endpoint): the SDK's credential chain (an instance or task role)
    expect(
      endpointSettings('https://vpce-0abc.dynamodb.eu-west-1.vpce.amazonaws.com', {
        AWS_REGION: 'eu-west-1',
      }),
    ).toEqual({ region: 'eu-west-1' });
    // over plain http too (DynamoDB answers it): an instance role or a profile file signs, not dummy keys
    expect(endpointSettings('http://dynamodb.us-east-1.amazonaws.com', {})).toEqual({ region: 'us-east-1' });
    // and a client made for one signs as the environment says
    const client = createDynamoClient({
      endpoint: 'http://localhost:4566',
      env: { AWS_REGION: 'eu-central-1' },
    });
    expect(await client.config.region()).toBe('eu-central-1');
    expect((await client.config.credentials()).accessKeyId).toBe('local');
    client.destroy();
  });
});

describe('translateStoreError', () => {
  const named = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`raw ${name} text`), { name, ...extra });

  it('maps vendor errors onto domain errors without their text', () => {
    expect(translateStoreError(named('ConditionalCheckFailedException'))).toBeInstanceOf(
      ConditionFailedError,
    );
    const cases: Array<[Error, string]> = [
      [
        named('ProvisionedThroughputExceededException', { $metadata: { httpStatusCode: 400 } }),
        'store_unavailable',
      ],
      [named('ThrottlingException', { $metadata: { httpStatusCode: 400 } }), 'store_unavailable'],
      [named('InternalServerError', { $metadata: { httpStatusCode: 500 } }), 'store_unavailable'],
      [named('Error', { code: 'ECONNRESET' }), 'store_unavailable'],
      [named('TimeoutError'), 'store_unavailable'],
      [named('CredentialsProviderError'), 'store_unavailable'],
      [named('ValidationException', { $metadata: { httpStatusCode: 400 } }), 'internal'],
      [
        Object.assign(named('ValidationException', { $metadata: { httpStatusCode: 400 } }), {
          message: 'Nesting Levels have exceeded supported limits',
        }),
        'validation_failed',
      ],
      [named('TypeError'), 'internal'],
    ];
    for (const [error, code] of cases) {
      const translated = translateStoreError(error) as GatewayError;
      expect(translated.code, error.name).toBe(code);
      expect(translated.message).not.toContain('raw');
      expect(translated.cause).toBe(error);
    }
  });
});
