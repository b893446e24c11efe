import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resourcePartition } from '../store/config-items.js';
import { MemoryStore } from '../store/memory.js';
import type { StoredItem } from '../store/port.js';
import { keySealer, type Sealer } from '../vault/sealer.js';
import { CorruptConfigError } from './decode.js';
import {
  openResource,
  SealedFieldUnopened,
  sealFields,
  sealingKeyProblem,
  withFields,
} from './sealed-fields.js';

const paths = [['headers'], ['credentials', 'clientSecret']];
const data = {
  name: 'crm',
  url: 'https://crm.example.com/mcp',
  headers: { Authorization: 'Bearer upstream-secret', 'X-Tenant': 't1' },
  credentials: { type: 'client-credentials', clientId: 'gw', clientSecret: 'client-secret-value' },
};

async function stored(sealer: Sealer | undefined, id = 'srv_1'): Promise<StoredItem> {
  const base = { pk: resourcePartition('server'), sk: id, version: 3 };
  return withFields(base, await sealFields(sealer, 'server', id, data, paths));
}

describe('sealed write-only fields', () => {
  it('keeps only sealed values of the write-only fields in the item, and opens them whole', async () => {
    const sealer = keySealer(randomBytes(32));
    const item = await stored(sealer);
    const text = JSON.stringify(item);
    for (const secret of ['upstream-secret', 'client-secret-value', 'X-Tenant'])
      expect(text).not.toContain(secret);
    expect(item['data']).toEqual({
      name: 'crm',
      url: 'https://crm.example.com/mcp',
      credentials: { type: 'client-credentials', clientId: 'gw' },
    });
    expect(Object.keys(item['sealed'] as object)).toEqual(['headers', 'credentials/clientSecret']);
    expect(await openResource(item, sealer)).toEqual({ id: 'srv_1', version: 3, ...data });
    // the item's own data is left as stored
    expect((item['data'] as { credentials: object }).credentials).toEqual({
      type: 'client-credentials',
      clientId: 'gw',
    });
  });

  it('stores fields as they are without a sealer, or with nothing to seal', async () => {
    const plain = await stored(undefined);
    expect(plain['data']).toEqual(data);
    expect(plain['sealed']).toBeUndefined();
    const sealer = keySealer(randomBytes(32));
    const bare = await sealFields(sealer, 'server', 'srv_1', { name: 'x', headers: null }, paths);
    expect(bare).toEqual({ data: { name: 'x', headers: null } });
    // a write without sealed fields drops the ones the item held before
    const before = await stored(sealer);
    expect(withFields(before, bare)['sealed']).toBeUndefined();
  });

  it('refuses a sealed value copied to another resource, or opened without the key it was sealed with', async () => {
    const sealer = keySealer(randomBytes(32));
    const item = await stored(sealer);
    const copied = { ...(await stored(sealer, 'srv_2')), sealed: item['sealed'] };
    await expect(openResource(copied, sealer)).rejects.toThrow(SealedFieldUnopened);
    // nor with the other resource's id written into its data: the item's own key is what it is bound to
    const claimed = {
      ...copied,
      data: { ...((copied as Record<string, unknown>)['data'] as object), id: 'srv_1' },
    };
    await expect(openResource(claimed, sealer)).rejects.toThrow(SealedFieldUnopened);
    await expect(openResource(item, keySealer(randomBytes(32)))).rejects.toThrow(
      /sealed "headers" this gateway cannot open \(it was sealed with another key\)/,
    );
    const noKey = openResource(item, undefined);
    await expect(noKey).rejects.toThrow(CorruptConfigError);
    await expect(noKey).rejects.toThrow(
      'The stored server srv_1 has a sealed "headers" this gateway cannot open (no sealing key is configured); it is not served.',
    );
  });

  it('passes a failure of the moment (KMS unreachable) on as it is', async () => {
    const sealer = keySealer(randomBytes(32));
    const item = await stored(sealer);
    const down: Sealer = { seal: sealer.seal, open: () => Promise.reject(new Error('KMS is unreachable')) };
    await expect(openResource(item, down)).rejects.toThrow('KMS is unreachable');
    // what opens but holds no JSON is a value this gateway cannot use, told without quoting it
    const odd: Sealer = { seal: sealer.seal, open: () => Promise.resolve('Bearer secret-not-json') };
    const refused = openResource(item, odd);
    await expect(refused).rejects.toThrow(SealedFieldUnopened);
    await expect(refused).rejects.not.toThrow('secret-not-json');
  });
});

describe('sealingKeyProblem', () => {
  const sealedWebhook = async (store: MemoryStore, key: Buffer, id: string) => {
    const { data, sealed } = await sealFields(keySealer(key), 'webhook', id, { secret: 's' }, [['secret']]);
    await store.put({ pk: resourcePartition('webhook'), sk: id, version: 1, data, sealed: sealed! });
  };

  it('finds no key missing where nothing is sealed, and a key missing where something is', async () => {
    const store = new MemoryStore();
    expect(await sealingKeyProblem(store, ['server', 'webhook'], undefined)).toBeUndefined();
    await store.put({ pk: resourcePartition('server'), sk: 'srv_1', version: 1, data: { name: 'a' } });
    expect(await sealingKeyProblem(store, ['server', 'webhook'], undefined)).toBeUndefined();
    await sealedWebhook(store, randomBytes(32), 'whk_1');
    expect(await sealingKeyProblem(store, ['server', 'webhook'], undefined)).toBe('missing');
    expect(await sealingKeyProblem(store, ['server'], undefined)).toBeUndefined();
  });

  it('finds a key wrong when it opens none of the sealed resources, right when it opens one', async () => {
    const store = new MemoryStore();
    const [old, current, other] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    await sealedWebhook(store, old, 'whk_1');
    await sealedWebhook(store, current, 'whk_2');
    expect(await sealingKeyProblem(store, ['webhook'], keySealer(other))).toBe('wrong');
    // many left sealed with a key since lost, read first, do not make the current one wrong
    for (let i = 0; i < 30; i++) await sealedWebhook(store, old, `whk_0${String(i).padStart(2, '0')}`);
    expect(await sealingKeyProblem(store, ['webhook'], keySealer(current))).toBeUndefined();
    expect(await sealingKeyProblem(store, ['webhook'], keySealer(other, [old]))).toBeUndefined();
  });
});
