import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adminKeyItemKey, publishedKey } from '../auth/admin-key.js';
import { hashSecret } from '../auth/secrets.js';
import type { HttpRequest } from '../core/http.js';
import { MemoryStore } from '../store/memory.js';
import { adminKeyFor } from './admin-key.js';

const request = (key: string): HttpRequest => ({
  method: 'GET',
  path: '/v1/servers',
  query: {},
  headers: { authorization: `Bearer ${key}` },
  body: undefined,
});

const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

describe('adminKeyFor', () => {
  it('reads a deployment’s key from the secret it names, again once a minute (rotation), and publishes its hash', async () => {
    const asked: string[] = [];
    let value = 'mcpgw_admin_from-the-secret\n'; // written from a file, with its newline
    // Secrets Manager's GetSecretValue, on loopback
    const secrets = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        asked.push(`${req.headers['x-amz-target']} ${JSON.parse(body).SecretId}`);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ SecretString: value }));
      });
    });
    await new Promise<void>((resolve) => secrets.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secrets.address() as AddressInfo).port}`,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    try {
      const store = new MemoryStore();
      const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin';
      let now = 0;
      const admin = await adminKeyFor({ adminKeySecretArn: arn }, store, {
        generate: false,
        ttlMs: 60_000,
        now: () => now,
      });
      expect(admin.source).toBe('secret');
      expect(() => admin.verifyAdmin(request('mcpgw_admin_from-the-secret'))).not.toThrow();
      expect(() => admin.verifyAdmin(request('mcpgw_admin_other'))).toThrow();
      expect(asked).toEqual([`secretsmanager.GetSecretValue ${arn}`]);
      // the hash (never the key) for the data plane, which knows the key by it
      const stored = async () => (await store.get(adminKeyItemKey.pk, adminKeyItemKey.sk))?.['hash'];
      expect(await stored()).toBe(hashSecret('mcpgw_admin_from-the-secret'));
      // a check at once waits on the first read: the key is known from the first request on
      const dataPlane = publishedKey(store);
      expect(await dataPlane.holds('mcpgw_admin_from-the-secret')).toBe(true);
      expect(dataPlane.holds('mcpgw_admin_other')).toBe(false);
      // rotated: the old key serves until the minute is over, then the new one takes its place
      value = 'mcpgw_admin_rotated';
      now = 59_000;
      expect(() => admin.verifyAdmin(request('mcpgw_admin_from-the-secret'))).not.toThrow();
      expect(asked).toHaveLength(1);
      now = 61_000;
      // the first check past the minute waits on the secret read: the old key is refused at once
      await expect((async () => admin.verifyAdmin(request('mcpgw_admin_from-the-secret')))()).rejects.toThrow(
        'The admin key is not valid.',
      );
      expect(asked).toHaveLength(2);
      expect(() => admin.verifyAdmin(request('mcpgw_admin_rotated'))).not.toThrow();
      expect(() => admin.verifyAdmin(request('mcpgw_admin_from-the-secret'))).toThrow();
      expect(await stored()).toBe(hashSecret('mcpgw_admin_rotated'));
    } finally {
      secrets.close();
    }
  });

  it('mints no key where none may be generated (a deployment’s table): it says what to set', async () => {
    const store = new MemoryStore();
    await expect(
      adminKeyFor({}, store, { generate: false, noKey: 'set MCP_GATEWAY_ADMIN_KEY_SECRET_ARN' }),
    ).rejects.toThrow('set MCP_GATEWAY_ADMIN_KEY_SECRET_ARN');
    expect(await store.get(adminKeyItemKey.pk, adminKeyItemKey.sk)).toBeUndefined();
    // a key stored before (or set) is used as ever
    const generated = await adminKeyFor({}, store);
    expect(generated.source).toBe('generated');
    expect((await adminKeyFor({}, store, { generate: false })).source).toBe('store');
    expect((await adminKeyFor({ adminKey: 'k' }, store, { generate: false })).source).toBe('env');
  });
});
