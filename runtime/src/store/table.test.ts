import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoClient } from './dynamodb.js';
import { embeddedDataPath, startEmbeddedDynamo } from './embedded.js';
import { ensureTable, requireTable } from './table.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function embeddedClient() {
  const embedded = await startEmbeddedDynamo({ memory: true });
  cleanups.push(() => embedded.close());
  const client = createDynamoClient({ endpoint: embedded.endpoint, credentials: embedded.credentials });
  cleanups.push(() => client.destroy());
  return client;
}

describe('tables of service mode', () => {
  it('ensureTable says whether it created the table', async () => {
    const client = await embeddedClient();
    expect(await ensureTable(client, 'shared')).toBe(true);
    expect(await ensureTable(client, 'shared')).toBe(false);
  });

  it('a table it creates gets TTL on expiresAt, as the deployed one has; an endpoint without TTL is no failure', async () => {
    const client = await embeddedClient();
    const sent: string[] = [];
    const send = client.send.bind(client);
    client.send = ((command: { constructor: { name: string }; input: unknown }) => {
      sent.push(`${command.constructor.name} ${JSON.stringify(command.input)}`);
      return send(command as never);
    }) as typeof client.send;
    expect(await ensureTable(client, 'expiring')).toBe(true);
    expect(sent.filter((line) => line.startsWith('UpdateTimeToLive'))).toEqual([
      'UpdateTimeToLiveCommand {"TableName":"expiring","TimeToLiveSpecification":{"AttributeName":"expiresAt","Enabled":true}}',
    ]);
    sent.length = 0;
    expect(await ensureTable(client, 'expiring')).toBe(false);
    expect(sent.filter((line) => line.startsWith('UpdateTimeToLive'))).toEqual([]);
  });

  it('requireTable accepts an existing table and explains a missing one', async () => {
    const client = await embeddedClient();
    await ensureTable(client, 'deployed');
    await expect(requireTable(client, 'deployed')).resolves.toBeUndefined();
    await expect(requireTable(client, 'missing')).rejects.toThrow(
      'The DynamoDB table missing does not exist; deploy it first (see constructs/).',
    );
  });
});

describe('the embedded store on a fixed port', () => {
  it('listens where it is told, and says so when that port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const { port } = blocker.address() as { port: number };
    await expect(startEmbeddedDynamo({ memory: true, port })).rejects.toThrow(
      `The store port ${port} is already in use on 127.0.0.1.`,
    );
    await new Promise((resolve) => blocker.close(resolve));
    const embedded = await startEmbeddedDynamo({ memory: true, port });
    cleanups.push(() => embedded.close());
    expect(embedded.endpoint).toBe(`http://127.0.0.1:${port}`);
    // other gateway processes join it with the dummy credentials of any local endpoint
    const joined = createDynamoClient({ endpoint: embedded.endpoint });
    cleanups.push(() => joined.destroy());
    expect(await ensureTable(joined, 'shared')).toBe(true);
  });
});

describe('opening the embedded store’s data folder', () => {
  it('tells one another gateway holds from one that is damaged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mcp-gateway-store-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startEmbeddedDynamo({ dataDir });
    const client = createDynamoClient({ endpoint: first.endpoint, credentials: first.credentials });
    await ensureTable(client, 'shared'); // dynalite opens the folder on its first request
    client.destroy();
    await expect(startEmbeddedDynamo({ dataDir })).rejects.toThrow(
      /cannot be opened; is another gateway using it\?$/,
    );
    await first.close();
    writeFileSync(join(embeddedDataPath(dataDir), 'CURRENT'), 'garbage\n');
    await expect(startEmbeddedDynamo({ dataDir })).rejects.toThrow(
      /cannot be opened, damaged or unreadable: .*garbage/,
    );
  });
});

describe('closing the embedded store', () => {
  it('ends even while another process keeps a connection to it busy', async () => {
    const embedded = await startEmbeddedDynamo({ memory: true });
    const client = createDynamoClient({ endpoint: embedded.endpoint, credentials: embedded.credentials });
    cleanups.push(() => client.destroy());
    await ensureTable(client, 'shared');
    // a joined process busy with it: one request after another on a kept-alive connection, never idle
    let busy = true;
    const polling = (async () => {
      while (busy) {
        await requireTable(client, 'shared').catch(() => undefined);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = await Promise.race([
      embedded.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open after 10 s'), 10_000)),
    ]);
    busy = false;
    await polling;
    expect(closed).toBe('closed');
  }, 15_000);
});
