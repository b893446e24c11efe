import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError, toJsonRpcError, toProblem } from './errors.js';
import { classifyAddress, createUrlGuard, parseIPv6 } from './url-guard.js';

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
    ['100.100.100.200', 'reserved'],
    ['100.100.100.201', 'private'],
    ['169.254.169.254', 'reserved'],
    ['0.0.0.0', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'reserved'],
    ['fd00::1', 'private'],
    ['fe80::1', 'reserved'],
    ['2001:4860:4860::8888', 'public'],
    // IPv4 special-purpose ranges
    ['100.128.0.1', 'public'],
    ['192.0.0.8', 'reserved'],
    ['192.0.1.1', 'public'],
    ['192.0.2.10', 'reserved'],
    ['198.17.255.255', 'public'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.20.0.0', 'public'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['239.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['223.255.255.255', 'public'],
    // IPv4 inside IPv6, as written and as the URL parser rewrites it
    ['::ffff:a9fe:a9fe', 'reserved'],
    ['::FFFF:A9FE:A9FE', 'reserved'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:808:808', 'public'],
    ['::ffff:0:a9fe:a9fe', 'reserved'],
    ['64:ff9b::a9fe:a9fe', 'reserved'],
    ['64:ff9b::169.254.169.254', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::808:808', 'public'],
    ['::a9fe:a9fe', 'reserved'],
    ['::127.0.0.1', 'loopback'],
    ['::808:808', 'public'],
    ['2002:a9fe:a9fe::', 'reserved'],
    ['2002:7f00:1:1234::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:808:808::1', 'public'],
    // IPv6 special-purpose ranges
    ['::', 'reserved'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['64:ff9b:1::a9fe:a9fe', 'reserved'],
    ['100::1', 'reserved'],
    ['100:0:0:1::1', 'public'],
    ['2001:db8::1', 'reserved'],
    ['fd00:ec2::254', 'reserved'],
    ['fc00::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['febf::1', 'reserved'],
    ['fec0::1', 'reserved'],
    ['feff::1', 'reserved'],
    ['fe80::1%eth0', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2606:4700::1111', 'public'],
    // not an address at all: never allowed
    ['metadata.internal', 'reserved'],
    ['', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('parseIPv6', () => {
  it.each([
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['2001:db8::8:800:200c:417a', '20010db80000000000080800200c417a'],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['fe80::1%lo0', 'fe800000000000000000000000000001'],
  ])('%s', (address, hex) => {
    expect(Buffer.from(parseIPv6(address) ?? []).toString('hex')).toBe(hex);
  });

  it('answers undefined for anything else', () => {
    for (const text of ['1.2.3.4', '1:2:3:4:5:6:7:8:9', 'example.com', ':::']) {
      expect(parseIPv6(text)).toBeUndefined();
    }
  });
});

describe('IPv4 embedded in IPv6', () => {
  const hex = (octets: number[]) =>
    `${((octets[0] ?? 0) * 256 + (octets[1] ?? 0)).toString(16)}:${((octets[2] ?? 0) * 256 + (octets[3] ?? 0)).toString(16)}`;
  /** Every IPv6 form that carries an IPv4 address, for an address's four octets. */
  const wrappings: Record<string, (octets: number[], rest: string) => string> = {
    'mapped, dotted': (o) => `::ffff:${o.join('.')}`,
    mapped: (o) => `::ffff:${hex(o)}`,
    translated: (o) => `::ffff:0:${hex(o)}`,
    nat64: (o) => `64:ff9b::${hex(o)}`,
    'nat64, dotted': (o) => `64:ff9b::${o.join('.')}`,
    compatible: (o) => `::${hex(o)}`,
    '6to4': (o, rest) => `2002:${hex(o)}:${rest}`,
  };
  /** IPv4 addresses, biased towards the edges of the special-purpose ranges. */
  const ipv4 = fc.oneof(
    fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc
      .tuple(
        fc.constantFrom(
          [0, 0],
          [10, 0],
          [100, 64],
          [100, 127],
          [127, 0],
          [169, 254],
          [172, 15],
          [172, 16],
          [172, 31],
          [172, 32],
          [192, 0],
          [192, 168],
          [198, 18],
          [198, 19],
          [198, 51],
          [203, 0],
          [223, 255],
          [224, 0],
          [240, 0],
          [255, 255],
        ),
        fc.constantFrom(0, 1, 2, 100, 113, 169, 255),
        fc.nat(255),
      )
      .map(([[a, b], c, d]) => [a, b, c, d]),
  );
  const rest = fc
    .array(fc.nat(0xffff), { minLength: 5, maxLength: 5 })
    .map((words) => words.map((w) => w.toString(16)).join(':'));

  it.each(Object.entries(wrappings))('%s: classifies exactly like the IPv4 address', (_, wrap) => {
    fc.assert(
      fc.property(ipv4, rest, (octets, tail) => {
        const v4 = octets.join('.');
        // ::1 is the IPv6 loopback, not the IPv4-compatible form of 0.0.0.1 (both are refused by default)
        fc.pre(!(wrap === wrappings.compatible && v4 === '0.0.0.1'));
        const v6 = wrap(octets, tail);
        const expected = classifyAddress(v4);
        expect(classifyAddress(v6), v6).toBe(expected);
        // and as the URL parser writes it (dotted tails become hex)
        const host = new URL(`http://[${v6}]/`).hostname.slice(1, -1);
        expect(classifyAddress(host), host).toBe(expected);
      }),
      { numRuns: 500 },
    );
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

  it.each([
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::ffff:127.0.0.1]:3000/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[fd00:ec2::254]/',
    'http://0x7f.1/',
    'http://2130706433/',
  ])('blocks %s', async (url) => {
    const guard = createUrlGuard({ allowLoopback: false, allowPrivate: true, lookup });
    await rejects(guard.check(url), 'forbidden');
  });

  it('names the blocked address to operators only, never in the message an MCP caller gets', async () => {
    const guard = createUrlGuard({ allowLoopback: false, allowPrivate: false, lookup });
    const refused = async (url: string) => (await guard.check(url).catch((e: unknown) => e)) as GatewayError;
    const metadata = await refused('http://metadata.evil/');
    expect(toProblem(metadata).detail).toBe(
      'Outbound address 169.254.169.254 of metadata.evil is not allowed.',
    );
    expect(toJsonRpcError(metadata).message).toBe(
      "The destination's address is not allowed by the gateway's outbound policy.",
    );
    expect(JSON.stringify(toJsonRpcError(metadata))).not.toMatch(/169\.254|metadata\.evil/);
    expect(toProblem(await refused('http://[::ffff:169.254.169.254]/')).detail).toBe(
      'Outbound address ::ffff:a9fe:a9fe is not allowed.',
    );
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

  it('keeps a verdict for its time, by host and by URL, then asks DNS again', async () => {
    let address = '93.184.216.34';
    let lookups = 0;
    const changing = async () => {
      lookups++;
      return [{ address }];
    };
    const guard = createUrlGuard({
      allowLoopback: false,
      allowPrivate: false,
      lookup: changing,
      cacheMs: 40,
    });
    await guard.check('http://rebind.example/mcp');
    address = '127.0.0.1'; // the name now points at loopback
    for (const url of [
      'http://rebind.example/mcp',
      'http://rebind.example/mcp',
      'http://rebind.example/other',
    ])
      await expect(guard.check(url)).resolves.toBeUndefined();
    expect(lookups).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rejects(guard.check('http://rebind.example/mcp'), 'forbidden');
    await rejects(guard.check('http://rebind.example/mcp'), 'forbidden'); // the refusal is kept as well
    expect(lookups).toBe(2);
  });

  it('takes a host that did not resolve for unresolved only briefly (a failed lookup often passes)', async () => {
    let failing = true;
    let lookups = 0;
    let now = 1_000_000;
    const realNow = Date.now;
    Date.now = () => now;
    try {
      const guard = createUrlGuard({
        allowLoopback: false,
        allowPrivate: false,
        lookup: async () => {
          lookups++;
          if (failing) throw Object.assign(new Error('queryA ETIMEOUT'), { code: 'ETIMEOUT' });
          return [{ address: '93.184.216.34' }];
        },
      });
      await rejects(guard.check('https://hooks.example/authz'), 'upstream_unavailable');
      now += 500;
      await rejects(guard.check('https://hooks.example/authz'), 'upstream_unavailable');
      expect(lookups).toBe(1);
      failing = false;
      now += 600; // past a second, far within the 30 s a resolved verdict is kept
      await expect(guard.check('https://hooks.example/authz')).resolves.toBeUndefined();
      expect(lookups).toBe(2);
    } finally {
      Date.now = realNow;
    }
  });
});
