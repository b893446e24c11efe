import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adminKeyItemKey } from '../auth/admin-key.js';
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
  it('reads a deployment’s key from the secret it names, and stores nothing', async () => {
    const asked: string[] = [];
    // Secrets Manager's GetSecretValue, on loopback
    const secrets = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        asked.push(`${req.headers['x-amz-target']} ${JSON.parse(body).SecretId}`);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ SecretString: 'mcpgw_admin_from-the-secret' }));
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
      const admin = await adminKeyFor({ adminKeySecretArn: arn }, store, { generate: false });
      expect(admin.source).toBe('secret');
      expect(() => admin.verifyAdmin(request('mcpgw_admin_from-the-secret'))).not.toThrow();
      expect(() => admin.verifyAdmin(request('mcpgw_admin_other'))).toThrow();
      expect(asked).toEqual([`secretsmanager.GetSecretValue ${arn}`]);
      expect(await store.get(adminKeyItemKey.pk, adminKeyItemKey.sk)).toBeUndefined();
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
