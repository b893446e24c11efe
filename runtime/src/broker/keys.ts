/**
 * The signing keys of the gateway's authorization server, kept in the store so every instance signs and
 * verifies with the same ones: an ES256 key pair, replaced after `rotateAfterMs` by a new one while the
 * previous one stays published (tokens it signed remain verifiable until they expire). Cached in process
 * for `recheckMs`; an unknown `kid` re-reads the store, at most once a second.
 */
import type { importJWK, JWK } from 'jose';
import type { Clock } from '../core/clock.js';
import { jose } from '../core/jose.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';

const ITEM = { pk: 'broker', sk: 'signing-keys' } as const;
export const BROKER_ALGORITHM = 'ES256';
/** Least time between two store reads caused by tokens naming a key this instance does not know. */
const UNKNOWN_KID_RECHECK_MS = 1000;

interface StoredKey {
  kid: string;
  createdAt: number;
  privateJwk: JWK;
  publicJwk: JWK;
}

interface KeySet {
  keys: StoredKey[];
  version: number;
  readAt: number;
}

export interface BrokerKeysOptions {
  /** A key signs new tokens this long; then a new one takes over. Default 30 days. */
  rotateAfterMs?: number;
  /** How long a read set is trusted before it is read again. Default 5 minutes. */
  recheckMs?: number;
}

export class BrokerKeys {
  private cached: KeySet | undefined;
  private pending: Promise<KeySet> | undefined;
  private readonly rotateAfterMs: number;
  private readonly recheckMs: number;

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    options: BrokerKeysOptions = {},
  ) {
    this.rotateAfterMs = options.rotateAfterMs ?? 30 * 24 * 3600_000;
    this.recheckMs = options.recheckMs ?? 5 * 60_000;
  }

  /** The key new tokens are signed with (created or rotated on first need). */
  async signing(): Promise<{ kid: string; key: Awaited<ReturnType<typeof importJWK>> }> {
    let set = await this.current();
    const newest = set.keys[0];
    if (newest === undefined || this.clock.now() - newest.createdAt >= this.rotateAfterMs)
      set = await this.rotate(set);
    const key = set.keys[0]!;
    const { importJWK } = await jose();
    return { kid: key.kid, key: await importJWK(key.privateJwk, BROKER_ALGORITHM) };
  }

  /** The public keys, for `/.well-known/jwks.json` and verification. */
  async publicJwks(fresh = false): Promise<{ keys: JWK[] }> {
    const set = fresh ? await this.reload() : await this.current();
    return { keys: set.keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: BROKER_ALGORITHM, use: 'sig' })) };
  }

  /** Whether a re-read may help find an unknown `kid`: at most one re-read per second. */
  mayRecheck(): boolean {
    return this.cached === undefined || this.clock.now() - this.cached.readAt >= UNKNOWN_KID_RECHECK_MS;
  }

  private async current(): Promise<KeySet> {
    if (this.cached !== undefined && this.clock.now() - this.cached.readAt < this.recheckMs)
      return this.cached;
    return this.reload();
  }

  private reload(): Promise<KeySet> {
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async read(): Promise<KeySet> {
    const item = await this.store.get(ITEM.pk, ITEM.sk);
    const keys = Array.isArray(item?.['keys']) ? (item['keys'] as StoredKey[]) : [];
    this.cached = { keys, version: item?.version ?? 0, readAt: this.clock.now() };
    return this.cached;
  }

  /** Adds a new key in front, keeping the previous one; another instance may win the race (then adopt its). */
  private async rotate(set: KeySet): Promise<KeySet> {
    const { exportJWK, generateKeyPair } = await jose();
    const { privateKey, publicKey } = await generateKeyPair(BROKER_ALGORITHM, { extractable: true });
    const now = this.clock.now();
    const key: StoredKey = {
      kid: `gw-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      createdAt: now,
      privateJwk: await exportJWK(privateKey),
      publicJwk: await exportJWK(publicKey),
    };
    const keys = [key, ...set.keys].slice(0, 2);
    try {
      await this.store.put(
        { ...ITEM, version: set.version + 1, keys },
        set.version === 0 ? { kind: 'absent' } : { kind: 'version', version: set.version },
      );
      this.cached = { keys, version: set.version + 1, readAt: now };
      return this.cached;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      return this.reload();
    }
  }
}
