import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { GatewayError } from './errors.js';

export interface UrlGuardOptions {
  /** Allow 127.0.0.0/8 and ::1 (local mode and tests). */
  allowLoopback: boolean;
  /** Allow RFC 1918 / unique-local addresses (upstreams inside the VPC). */
  allowPrivate: boolean;
  lookup?: (host: string) => Promise<{ address: string }[]>;
  cacheMs?: number;
}

export interface UrlGuard {
  /** Throws `forbidden` unless the URL is http(s) and every address its host resolves to is allowed. */
  check(url: string): Promise<void>;
}

type Kind = 'public' | 'loopback' | 'private' | 'reserved';

function classifyV4(address: string): Kind {
  const [a = 0, b = 0] = address.split('.').map(Number);
  if (a === 127) return 'loopback';
  if (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  ) {
    return 'private';
  }
  // this-network, link-local (cloud metadata lives at 169.254.169.254), multicast and reserved
  if (a === 0 || (a === 169 && b === 254) || a >= 224) return 'reserved';
  return 'public';
}

export function classifyAddress(address: string): Kind {
  if (isIP(address) === 4) return classifyV4(address);
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return classifyV4(mapped[1]);
  if (lower === '::1') return 'loopback';
  if (
    lower === '::' ||
    lower.startsWith('fe8') ||
    lower.startsWith('fe9') ||
    lower.startsWith('fea') ||
    lower.startsWith('feb') ||
    lower.startsWith('ff')
  ) {
    return 'reserved';
  }
  if (lower.startsWith('fc') || lower.startsWith('fd')) return 'private';
  return 'public';
}

/** SSRF guard for outbound URLs the configuration names (upstreams; later webhooks and JWKS). */
export function createUrlGuard(options: UrlGuardOptions): UrlGuard {
  const lookup = options.lookup ?? ((host: string) => dnsLookup(host, { all: true, verbatim: true }));
  const cacheMs = options.cacheMs ?? 30_000;
  const verdicts = new Map<string, { at: number; error?: GatewayError }>();
  const allowed = (kind: Kind) =>
    kind === 'public' ||
    (kind === 'loopback' && options.allowLoopback) ||
    (kind === 'private' && options.allowPrivate);

  return {
    async check(url) {
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
      const cached = verdicts.get(host);
      if (cached !== undefined && Date.now() - cached.at < cacheMs) {
        if (cached.error !== undefined) throw cached.error;
        return;
      }
      const addresses =
        isIP(host) !== 0 ? [host] : (await lookup(host).catch(() => [])).map((a) => a.address);
      const blocked = addresses.find((address) => !allowed(classifyAddress(address)));
      const error =
        addresses.length === 0
          ? new GatewayError('upstream_unavailable', `Host ${host} does not resolve.`)
          : blocked !== undefined
            ? new GatewayError('forbidden', `Outbound address ${blocked} of ${host} is not allowed.`)
            : undefined;
      verdicts.set(host, error === undefined ? { at: Date.now() } : { at: Date.now(), error });
      if (error !== undefined) throw error;
    },
  };
}
