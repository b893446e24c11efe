import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { GatewayError } from './errors.js';
import { lruCache } from './lru.js';

export interface UrlGuardOptions {
  /** Allow 127.0.0.0/8 and ::1 (local mode and tests). */
  allowLoopback: boolean;
  /** Allow RFC 1918 / unique-local addresses (upstreams inside the VPC). */
  allowPrivate: boolean;
  /**
   * Ports of the gateway's own services (its store, on this machine or in its network): only public
   * addresses are reached on them, even where loopback and private ones are otherwise (a URL an admin of
   * one workspace names must not reach every workspace's data).
   */
  reservedPorts?: readonly number[];
  /** Resolves a host name to every address it has (the system resolver unless set; tests inject one). */
  lookup?: (host: string) => Promise<{ address: string }[]>;
  cacheMs?: number;
}

export interface UrlGuard {
  /** Throws `forbidden` unless the URL is http(s) and every address its host resolves to is allowed. */
  check(url: string): Promise<void>;
}

export type AddressKind = 'public' | 'loopback' | 'private' | 'reserved';

/** Whether a host name (a URL's, or a listening address) names this machine itself. */
export const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The system resolver: every address of a host, in the resolver's order. Rejects when it does not resolve. */
export const systemLookup = (host: string): Promise<{ address: string }[]> =>
  dnsLookup(host, { all: true, verbatim: true });

// ---------------------------------------------------------------------------------------------- IPv4

function v4ToNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Non-public IPv4 ranges, the first that holds an address deciding; anything outside them is public. */
const v4Ranges: { net: number; bits: number; kind: AddressKind }[] = (
  [
    // a cloud's metadata service inside a private range (Alibaba Cloud's): never private upstreams
    ['100.100.100.200', 32, 'reserved'],
    ['0.0.0.0', 8, 'reserved'], // "this network"
    ['10.0.0.0', 8, 'private'],
    ['100.64.0.0', 10, 'private'], // carrier-grade NAT
    ['127.0.0.0', 8, 'loopback'],
    ['169.254.0.0', 16, 'reserved'], // link-local: cloud metadata lives at 169.254.169.254
    ['172.16.0.0', 12, 'private'],
    ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
    ['192.0.2.0', 24, 'reserved'], // TEST-NET-1
    ['192.168.0.0', 16, 'private'],
    ['198.18.0.0', 15, 'reserved'], // benchmarking
    ['198.51.100.0', 24, 'reserved'], // TEST-NET-2
    ['203.0.113.0', 24, 'reserved'], // TEST-NET-3
    ['224.0.0.0', 4, 'reserved'], // multicast
    ['240.0.0.0', 4, 'reserved'], // future use, and the broadcast address
  ] as const
).map(([net, bits, kind]) => ({ net: v4ToNumber(net), bits, kind }));

function classifyV4Number(value: number): AddressKind {
  for (const range of v4Ranges) {
    const size = 2 ** (32 - range.bits);
    if (Math.floor(value / size) === Math.floor(range.net / size)) return range.kind;
  }
  return 'public';
}

// ---------------------------------------------------------------------------------------------- IPv6

/** The 16 bytes of an IPv6 address (a zone id is ignored), or undefined when it is not one. */
export function parseIPv6(address: string): Uint8Array | undefined {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  return isIP(text) === 6 ? ipv6Bytes(text) : undefined;
}

/** The 16 bytes of a valid IPv6 address in lower case without a zone id. */
function ipv6Bytes(address: string): Uint8Array {
  let text = address;
  // a dotted IPv4 tail (::ffff:1.2.3.4) becomes its two 16-bit groups
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const value = v4ToNumber(tail);
    const high = Math.floor(value / 65536).toString(16);
    const low = (value % 65536).toString(16);
    text = `${text.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const [head = '', rest] = text.split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const groups =
    rest === undefined
      ? split(head)
      : [
          ...split(head),
          ...new Array<string>(8 - split(head).length - split(rest).length).fill('0'),
          ...split(rest),
        ];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const word = Number.parseInt(group, 16);
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

function hasPrefix(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const mask = bits - i >= 8 ? 0xff : (0xff << (8 - (bits - i))) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * The tables' own prefixes skip `isIP`: its first IPv6 check compiles a large regular expression, which
 * would cost every cold start milliseconds (the tests classify addresses in every range).
 */
const v6Prefix = ipv6Bytes;

/**
 * IPv6 ranges that carry an IPv4 address: the IPv4 address decides. `offset` is where its 4 bytes sit.
 * Traffic to these reaches the embedded IPv4 host through the kernel (mapped), a NAT64 gateway or a 6to4
 * relay, so they must not become a way around the IPv4 rules.
 */
const v6Embeddings: { prefix: Uint8Array; bits: number; offset: number }[] = (
  [
    ['::ffff:0:0', 96, 12], // IPv4-mapped
    ['::ffff:0:0:0', 96, 12], // IPv4-translated (SIIT)
    ['64:ff9b::', 96, 12], // NAT64 well-known prefix
    ['2002::', 16, 2], // 6to4
    ['::', 96, 12], // IPv4-compatible (deprecated); :: and ::1 are matched before
  ] as const
).map(([prefix, bits, offset]) => ({ prefix: v6Prefix(prefix), bits, offset }));

const v6Ranges: { prefix: Uint8Array; bits: number; kind: AddressKind }[] = (
  [
    ['::', 128, 'reserved'], // unspecified
    ['::1', 128, 'loopback'],
    ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64: the embedded address is not at a fixed place
    ['100::', 64, 'reserved'], // discard-only
    ['2001:db8::', 32, 'reserved'], // documentation
    ['fd00:ec2::', 32, 'reserved'], // AWS instance services (metadata at fd00:ec2::254)
    ['fc00::', 7, 'private'], // unique local
    ['fe80::', 10, 'reserved'], // link-local
    ['fec0::', 10, 'reserved'], // site-local (deprecated)
    ['ff00::', 8, 'reserved'], // multicast
  ] as const
).map(([prefix, bits, kind]) => ({ prefix: v6Prefix(prefix), bits, kind }));

function classifyV6(bytes: Uint8Array): AddressKind {
  for (const range of v6Ranges.slice(0, 2)) {
    if (hasPrefix(bytes, range.prefix, range.bits)) return range.kind;
  }
  for (const embedding of v6Embeddings) {
    if (hasPrefix(bytes, embedding.prefix, embedding.bits)) {
      const at = embedding.offset;
      const octets = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]].map((b) => b ?? 0);
      return classifyV4Number(octets.reduce((n, b) => n * 256 + b, 0));
    }
  }
  for (const range of v6Ranges) {
    if (hasPrefix(bytes, range.prefix, range.bits)) return range.kind;
  }
  return 'public';
}

/** What an IP address reaches; anything that is not an IP address is `reserved` (never allowed). */
export function classifyAddress(address: string): AddressKind {
  if (isIP(address) === 4) return classifyV4Number(v4ToNumber(address));
  const bytes = parseIPv6(address);
  return bytes === undefined ? 'reserved' : classifyV6(bytes);
}

/** The port a URL connects to (its scheme's default when it names none). */
export const portOf = (url: { port: string; protocol: string }) =>
  url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;

/** The guard's options for a connection to `port`: public addresses only when the port is a reserved one. */
export function rulesForPort<T extends UrlGuardOptions>(options: T, port: number): T {
  return (options.allowLoopback || options.allowPrivate) && options.reservedPorts?.includes(port) === true
    ? { ...options, allowLoopback: false, allowPrivate: false }
    : options;
}

/** Whether the guard's options let an outbound connection reach this IP address. */
export function isAddressAllowed(
  address: string,
  options: Pick<UrlGuardOptions, 'allowLoopback' | 'allowPrivate'>,
): boolean {
  const kind = classifyAddress(address);
  return (
    kind === 'public' ||
    (kind === 'loopback' && options.allowLoopback) ||
    (kind === 'private' && options.allowPrivate)
  );
}

/**
 * The error for an outbound address the guard refuses. Its detail (problem details for operators) names
 * the address and the host it came from; its message, which an MCP caller may get, does not: the network
 * behind the gateway is not a caller's business.
 */
export function forbiddenAddress(host: string, address: string): GatewayError {
  const of = host === address ? '' : ` of ${host}`;
  return new GatewayError(
    'forbidden',
    "The destination's address is not allowed by the gateway's outbound policy.",
    {
      detail: `Outbound address ${address}${of} is not allowed.`,
    },
  );
}

/**
 * SSRF guard for outbound URLs the configuration names (upstreams; later webhooks and JWKS).
 *
 * `check()` gives an early, clear error (bad scheme, blocked host) before any request is made. It is not
 * what keeps a request off a blocked address: DNS may answer differently when the request connects (DNS
 * rebinding). The guarded HTTP client (`guarded-http.ts`) classifies the address it actually connects to with
 * the same rules. That is why `check()` may cache its verdicts per host (default 30 s, saving a lookup per
 * request): a stale "allowed" verdict cannot let a connection through to an address that is now blocked.
 * Verdicts are kept by URL as well, so a request to a URL checked moments ago parses nothing.
 */
const MAX_URL_VERDICTS = 1024;
/**
 * How long a host that did not resolve is taken not to: briefly, since a failed lookup is often
 * passing (a resolver timeout, SERVFAIL), and a webhook's fail mode would otherwise hold for the whole
 * cache time (fail-open allowing every call without asking it).
 */
const UNRESOLVED_MS = 1000;
/** Hosts kept: many distinct hosts (client metadata URLs anyone may name) must not grow memory. */
const MAX_HOST_VERDICTS = 4096;

export function createUrlGuard(options: UrlGuardOptions): UrlGuard {
  const lookup = options.lookup ?? systemLookup;
  const cacheMs = options.cacheMs ?? 30_000;
  const verdicts = lruCache<string, { at: number; error?: GatewayError }>(MAX_HOST_VERDICTS);
  /** Verdicts by whole URL. */
  const byUrl = lruCache<string, { at: number; error?: GatewayError }>(MAX_URL_VERDICTS);

  return {
    async check(url) {
      const known = byUrl.get(url);
      if (known !== undefined && Date.now() - known.at < cacheMs) {
        if (known.error !== undefined) throw known.error;
        return;
      }
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new GatewayError('forbidden', 'The upstream URL is not valid.');
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new GatewayError('forbidden', `Scheme ${parsed.protocol} is not allowed for upstreams.`);
      }
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      const rules = rulesForPort(options, portOf(parsed));
      if (rules !== options) {
        // a reserved port: decided apart from the host's verdict (which holds for its other ports)
        const addresses =
          isIP(host) !== 0 ? [host] : (await lookup(host).catch(() => [])).map((a) => a.address);
        const blocked = addresses.find((address) => !isAddressAllowed(address, rules));
        if (blocked !== undefined) throw forbiddenAddress(`${host}:${portOf(parsed)}`, blocked);
      }
      const cached = verdicts.get(host);
      if (cached !== undefined && Date.now() - cached.at < cacheMs) {
        byUrl.set(url, cached);
        if (cached.error !== undefined) throw cached.error;
        return;
      }
      const addresses =
        isIP(host) !== 0 ? [host] : (await lookup(host).catch(() => [])).map((a) => a.address);
      const blocked = addresses.find((address) => !isAddressAllowed(address, options));
      const error =
        addresses.length === 0
          ? new GatewayError('upstream_unavailable', `Host ${host} does not resolve.`)
          : blocked !== undefined
            ? forbiddenAddress(host, blocked)
            : undefined;
      // an unresolved verdict counts as made `UNRESOLVED_MS` before the cache time runs out
      const at = addresses.length === 0 ? Date.now() - Math.max(0, cacheMs - UNRESOLVED_MS) : Date.now();
      verdicts.set(host, error === undefined ? { at } : { at, error });
      if (error !== undefined) throw error;
    },
  };
}
