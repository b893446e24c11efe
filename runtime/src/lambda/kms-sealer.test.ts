import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { readSettings } from './settings.js';

/** A KMS of one key: data keys wrapped by prefixing a tag; Decrypt counted and slow, as a cold start's. */
const kms = vi.hoisted(() => ({ decrypts: 0 }));
vi.mock('@aws-sdk/client-kms', () => {
  class GenerateDataKeyCommand {
    constructor(readonly input: unknown) {}
  }
  class DecryptCommand {
    constructor(readonly input: { CiphertextBlob: Uint8Array }) {}
  }
  class KMSClient {
    // (by name: the module may be loaded once per way it is imported)
    async send(command: { constructor: { name: string }; input?: { CiphertextBlob?: Uint8Array } }) {
      if (command.constructor.name === 'GenerateDataKeyCommand') {
        const key = randomBytes(32);
        return { Plaintext: key, CiphertextBlob: Buffer.concat([Buffer.from('wrapped:'), key]) };
      }
      if (command.constructor.name === 'DecryptCommand') {
        kms.decrypts++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { Plaintext: Buffer.from(command.input!.CiphertextBlob!).subarray('wrapped:'.length) };
      }
      throw new Error(`unexpected command ${command.constructor.name}`);
    }
  }
  return { KMSClient, GenerateDataKeyCommand, DecryptCommand };
});

const { kmsSealer } = await import('./kms-sealer.js');
const { sealerFor } = await import('./environment.js');

describe('the KMS sealer', () => {
  it('asks KMS once for a data key that many values opened at once share (a cold start)', async () => {
    const writer = kmsSealer('alias/vault');
    const sealed = await Promise.all(
      Array.from({ length: 8 }, (_, i) => writer.seal(`secret-${i}`, `ctx-${i}`)),
    );
    const cold = kmsSealer('alias/vault');
    const opened = await Promise.all(sealed.map((value, i) => cold.open(value, `ctx-${i}`)));
    expect(opened).toEqual(Array.from({ length: 8 }, (_, i) => `secret-${i}`));
    expect(kms.decrypts).toBe(1);
  });

  it('says a value a local key sealed is outdated (a reseal takes it on, or reports it unopenable)', async () => {
    const sealer = sealerFor(
      readSettings({ MCP_GATEWAY_TABLE: 't', MCP_GATEWAY_VAULT_KMS_KEY: 'alias/vault' }),
    )!;
    const local = sealerFor(
      readSettings({ MCP_GATEWAY_TABLE: 't', MCP_GATEWAY_VAULT_KEY: randomBytes(32).toString('hex') }),
    )!;
    expect(sealer.outdated?.(await local.seal('secret', 'ctx'))).toBe(true);
    expect(sealer.outdated?.(await sealer.seal('secret', 'ctx'))).toBe(false);
  });
});
