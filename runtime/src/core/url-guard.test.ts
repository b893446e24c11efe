import { describe, expect, it } from 'vitest';
import { GatewayError } from './errors.js';
import { classifyAddress, createUrlGuard } from './url-guard.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'reserved'],
    ['0.0.0.0', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'reserved'],
    ['fd00::1', 'private'],
    ['fe80::1', 'reserved'],
    ['2001:4860:4860::8888', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('createUrlGuard', () => {
  const lookup = async (host: string) => {
    const table: Record<string, string[]> = {
      'metadata.evil': ['169.254.169.254'],
      'ok.example': ['93.184.216.34'],
      'lo.example': ['127.0.0.1'],
    };
    return (table[host] ?? []).map((address) => ({ address }));
  };
  const rejects = async (promise: Promise<void>, code: string) => {
    await expect(promise).rejects.toBeInstanceOf(GatewayError);
    await expect(promise).rejects.toMatchObject({ code });
  };

  it('blocks loopback, private and metadata addresses by default, also through DNS', async () => {
    const guard = createUrlGuard({ allowLoopback: false, allowPrivate: false, lookup });
    await expect(guard.check('https://ok.example/mcp')).resolves.toBeUndefined();
    await rejects(guard.check('http://127.0.0.1:3000/mcp'), 'forbidden');
    await rejects(guard.check('http://[::1]:3000/mcp'), 'forbidden');
    await rejects(guard.check('http://metadata.evil/'), 'forbidden');
    await rejects(guard.check('http://lo.example/'), 'forbidden');
    await rejects(guard.check('http://10.0.0.5/'), 'forbidden');
    await rejects(guard.check('file:///etc/passwd'), 'forbidden');
    await rejects(guard.check('http://nowhere.example/'), 'upstream_unavailable');
  });

  it('allows loopback only when told to (local mode), and private ranges separately', async () => {
    const local = createUrlGuard({ allowLoopback: true, allowPrivate: false, lookup });
    await expect(local.check('http://127.0.0.1:3000/mcp')).resolves.toBeUndefined();
    await expect(local.check('http://lo.example/')).resolves.toBeUndefined();
    await rejects(local.check('http://10.0.0.5/'), 'forbidden');
    await rejects(local.check('http://metadata.evil/'), 'forbidden');
    const vpc = createUrlGuard({ allowLoopback: false, allowPrivate: true, lookup });
    await expect(vpc.check('http://10.0.0.5/')).resolves.toBeUndefined();
    await rejects(vpc.check('http://metadata.evil/'), 'forbidden');
  });
});
