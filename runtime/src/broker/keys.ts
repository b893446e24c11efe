/**
 * The signing keys of the gateway's authorization server, kept in the store so every instance signs and
 * verifies with the same ones: one key pair per algorithm (ES256 signs access tokens, RS256 ID tokens,
 * the algorithm OpenID Connect clients expect by default), each replaced after `rotateAfterMs` by a new
 * one while the previous ones stay published (tokens they signed remain verifiable until they expire). Cached in process
 * for `recheckMs`; an unknown `kid` re-reads the store, at most once a second. With a sealer (the token
 * vault's key, or KMS on AWS) the private keys are kept sealed: reading the table is not enough to sign
 * tokens. Keys stored in the clear before a sealer was configured are sealed on first use.
 */
import type { importJWK, JWK } from 'jose';
import type { Clock } from '../core/clock.js';
import { jose } from '../core/jose.js';
import { ConditionFailedError, type StateStore } from '../store/port.js';
import { NotSealedByThisKey, type ResealReport, type Sealer } from '../vault/sealer.js';

const ITEM = { pk: 'broker', sk: 'signing-keys' } as const;
/** What access tokens are signed with. */
export const BROKER_ALGORITHM = 'ES256';
/** What ID tokens are signed with: RS256 is OpenID Connect's default (`id_token_signed_response_alg`). */
export const ID_TOKEN_ALGORITHM = 'RS256';
export type BrokerAlgorithm = typeof BROKER_ALGORITHM | typeof ID_TOKEN_ALGORITHM;
/** Retired keys kept published, per algorithm. */
const RETIRED_KEPT = 3;
/** Least time between two store reads caused by tokens naming a key this instance does not know. */
const UNKNOWN_KID_RECHECK_MS = 1000;

interface StoredKey {
  kid: string;
  createdAt: number;
  /** Unset: {@link BROKER_ALGORITHM} (keys stored before there were two). */
  alg?: BrokerAlgorithm;
  /** In the clear: when no sealer is configured. */
  privateJwk?: JWK;
  /** The private JWK's JSON, sealed for this key's id. */
  sealedPrivateJwk?: string;
  publicJwk: JWK;
}

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

const sealContext = (kid: string) => `broker-signing-key#${kid}`;

/** The stored signing key cannot be opened by this instance (no sealer, or another sealing key). */
class KeyUnavailable extends Error {
  constructor() {
    super("The gateway signing key cannot be opened with this instance's sealing key.");
  }
}

/** A key that signs no more: only its public half stays, to verify the tokens it signed. */
const retired = ({ privateJwk: _clear, sealedPrivateJwk: _sealed, ...rest }: StoredKey): StoredKey => rest;

const algOf = (key: StoredKey): BrokerAlgorithm => key.alg ?? BROKER_ALGORITHM;

/** The key that signs for `alg`: the newest of that algorithm (new keys go in front). */
const activeOf = (keys: readonly StoredKey[], alg: BrokerAlgorithm) => keys.find((k) => algOf(k) === alg);

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
  /** Seals the private keys in the store. */
  sealer?: Sealer | undefined;
}

export class BrokerKeys {
  private cached: KeySet | undefined;
  private pending: Promise<KeySet> | undefined;
  private readonly rotateAfterMs: number;
  private readonly recheckMs: number;
  private readonly sealer: Sealer | undefined;
  /** Imported private keys by `kid` (a sealed one is opened once per instance). */
  private readonly imported = new Map<string, Promise<SigningKey>>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    options: BrokerKeysOptions = {},
  ) {
    this.rotateAfterMs = options.rotateAfterMs ?? 30 * 24 * 3600_000;
    this.recheckMs = options.recheckMs ?? 5 * 60_000;
    this.sealer = options.sealer;
  }

  /** The key new tokens of `alg` are signed with (created or rotated on first need). */
  async signing(alg: BrokerAlgorithm = BROKER_ALGORITHM): Promise<{ kid: string; key: SigningKey }> {
    let set = await this.current();
    const newest = activeOf(set.keys, alg);
    if (newest === undefined || this.stale(newest)) set = await this.replaced(set, alg, newest?.kid);
    else if (this.sealer !== undefined && newest.privateJwk !== undefined)
      set = await this.sealStored(set, this.sealer);
    const key = activeOf(set.keys, alg)!;
    try {
      return { kid: key.kid, key: await this.privateKeyOf(key) };
    } catch (error) {
      // the signing key cannot be opened here (sealed with a key this instance does not have, the
      // sealer failing): a new one takes over, so tokens are signed again; the old one's tokens still
      // verify against its published public half
      if (!(error instanceof KeyUnavailable)) throw error;
      set = await this.replaced(set, alg, key.kid);
      const fresh = activeOf(set.keys, alg)!;
      return { kid: fresh.kid, key: await this.privateKeyOf(fresh) };
    }
  }

  private stale(key: StoredKey): boolean {
    return this.clock.now() - key.createdAt >= this.rotateAfterMs;
  }

  /**
   * `set` with a fresh key of `alg` in place of `replacing`. Another instance's write may win the race:
   * its set is adopted when it holds such a key, and rotated again when it does not (it rotated the
   * other algorithm's key).
   */
  private async replaced(set: KeySet, alg: BrokerAlgorithm, replacing: string | undefined): Promise<KeySet> {
    let current = set;
    for (let attempt = 0; attempt < 3; attempt++) {
      current = await this.rotate(current, alg);
      const key = activeOf(current.keys, alg);
      if (key !== undefined && key.kid !== replacing && !this.stale(key)) return current;
    }
    throw new Error('The gateway signing keys could not be written: other instances changed them meanwhile.');
  }

  /** The private key of `key`, imported once per instance (a failed opening is tried again). */
  private privateKeyOf(key: StoredKey): Promise<SigningKey> {
    let imported = this.imported.get(key.kid);
    if (imported === undefined) {
      imported = this.importPrivate(key);
      imported.catch(() => this.imported.delete(key.kid));
      if (this.imported.size >= 8) this.imported.clear();
      this.imported.set(key.kid, imported);
    }
    return imported;
  }

  private async importPrivate(key: StoredKey): Promise<SigningKey> {
    const { importJWK } = await jose();
    if (key.privateJwk !== undefined) return importJWK(key.privateJwk, algOf(key));
    if (key.sealedPrivateJwk === undefined) throw new KeyUnavailable();
    // an instance without the sealing key must not replace a sealed key with one kept in the clear
    if (this.sealer === undefined)
      throw new Error(
        'The gateway signing key is sealed: configure the sealing key (MCP_GATEWAY_VAULT_KEY, or KMS on AWS).',
      );
    let opened: string;
    try {
      opened = await this.sealer.open(key.sealedPrivateJwk, sealContext(key.kid));
    } catch (error) {
      // only a key this sealer can never open is replaced; KMS throttled or unreachable fails this call
      if (error instanceof NotSealedByThisKey) throw new KeyUnavailable();
      throw error;
    }
    return importJWK(JSON.parse(opened) as JWK, algOf(key));
  }

  /** The signing keys sealed in place (kept in the clear before a sealer was configured). */
  private async sealStored(set: KeySet, sealer: Sealer): Promise<KeySet> {
    const keys = await Promise.all(
      set.keys.map((k) => (k === activeOf(set.keys, algOf(k)) ? this.sealed(k, sealer) : retired(k))),
    );
    return this.write(set, keys);
  }

  private async sealed(key: StoredKey, sealer: Sealer): Promise<StoredKey> {
    if (key.privateJwk === undefined) return key;
    const { privateJwk, ...rest } = key;
    return { ...rest, sealedPrivateJwk: await sealer.seal(JSON.stringify(privateJwk), sealContext(key.kid)) };
  }

  /** The public keys, for `/.well-known/jwks.json` and verification. */
  async publicJwks(fresh = false): Promise<{ keys: JWK[] }> {
    const set = fresh ? await this.reload() : await this.current();
    return { keys: set.keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: algOf(k), use: 'sig' })) };
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

  /**
   * Adds a new key of `alg` in front, keeping the public halves of its last {@link RETIRED_KEPT} of that
   * algorithm (tokens they signed verify until they expire, even after rotations in quick succession) and
   * the other algorithm's keys as they are; another instance may win the race (then its keys are adopted).
   */
  private async rotate(set: KeySet, alg: BrokerAlgorithm): Promise<KeySet> {
    const { exportJWK, generateKeyPair } = await jose();
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const now = this.clock.now();
    const created: StoredKey = {
      kid: `gw-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      createdAt: now,
      ...(alg !== BROKER_ALGORITHM ? { alg } : {}),
      privateJwk: await exportJWK(privateKey),
      publicJwk: await exportJWK(publicKey),
    };
    const signing = this.sealer === undefined ? created : await this.sealed(created, this.sealer);
    const own = set.keys.filter((k) => algOf(k) === alg).slice(0, RETIRED_KEPT);
    const others = set.keys.filter((k) => algOf(k) !== alg);
    return this.write(set, [signing, ...own.map(retired), ...others]);
  }

  /** `keys` in place of `set`'s, unless another instance changed them first (then theirs are adopted). */
  private async write(set: KeySet, keys: StoredKey[]): Promise<KeySet> {
    try {
      await this.store.put(
        { ...ITEM, version: set.version + 1, keys },
        set.version === 0 ? { kind: 'absent' } : { kind: 'version', version: set.version },
      );
      this.cached = { keys, version: set.version + 1, readAt: this.clock.now() };
      return this.cached;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      return this.reload();
    }
  }
}

/**
 * The signing keys' private halves sealed with a previous sealing key (a rotation), or kept in the clear
 * before there was one, sealed anew under the current key (`POST /v1/sealing/reseal`). The keys
 * themselves stay: tokens they signed still verify, and instances holding them opened go on signing.
 */
export async function resealSigningKeys(
  store: StateStore,
  sealer: Sealer,
  report: ResealReport,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await store.get(ITEM.pk, ITEM.sk, { consistent: true });
    if (item === undefined) return;
    const stored = Array.isArray(item['keys']) ? (item['keys'] as StoredKey[]) : [];
    let sealed = 0;
    const unopenable: string[] = [];
    const keys = await Promise.all(
      stored.map(async (key): Promise<StoredKey> => {
        let opened: string;
        if (key.privateJwk !== undefined) {
          const { privateJwk, ...rest } = key;
          opened = JSON.stringify(privateJwk);
          key = rest;
        } else if (key.sealedPrivateJwk !== undefined && sealer.outdated?.(key.sealedPrivateJwk) === true) {
          try {
            opened = await sealer.open(key.sealedPrivateJwk, sealContext(key.kid));
          } catch (error) {
            if (!(error instanceof NotSealedByThisKey)) throw error;
            unopenable.push(`signing key ${key.kid}`);
            return key;
          }
        } else return key;
        sealed++;
        return { ...key, sealedPrivateJwk: await sealer.seal(opened, sealContext(key.kid)) };
      }),
    );
    const version = item.version ?? 0;
    try {
      if (sealed > 0) await store.put({ ...item, version: version + 1, keys }, { kind: 'version', version });
    } catch (error) {
      // another instance rotated them meanwhile: read them again
      if (!(error instanceof ConditionFailedError)) throw error;
      continue;
    }
    report.sealed += sealed;
    report.current +=
      keys.filter((k) => k.sealedPrivateJwk !== undefined).length - sealed - unopenable.length;
    report.unopenable.push(...unopenable);
    return;
  }
  throw new Error('The gateway signing keys could not be written: other instances changed them meanwhile.');
}
