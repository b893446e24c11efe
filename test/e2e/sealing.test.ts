/**
 * Secrets sealed at rest, end to end: a real gateway process on one data folder, restarted across a
 * rotation of its sealing key, keeps sending a server's write-only upstream header (seen by a recording
 * proxy in front of `server-everything`), and after `POST /v1/sealing/reseal` runs on the new key alone.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/gateway-api.js';
import { connect } from '../support/mcp-client.js';
import { GatewayProcess, gatewayCli, run, startEverything } from '../support/processes.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

const adminKey = randomBytes(24).toString('hex');
const UPSTREAM_KEY = `upstream-${randomBytes(12).toString('hex')}`;
const [oldKey, newKey] = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
let everything: Awaited<ReturnType<typeof startEverything>>;
let recorder: RecordingProxy;
let gateway: GatewayProcess;

/** Every file of the data folder as one text, to look for the secret in. */
async function dataFolder(): Promise<string> {
  const dir = gateway.dataDir!;
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), 'latin1')),
  );
  return texts.join('\n');
}

/** The upstream header the last `tools/call` reaching the upstream carried. */
async function headerSentOnCall(apiKey: string): Promise<string | undefined> {
  const { client } = await connect(`${gateway.url}/mcp/everything`, apiKey);
  try {
    await client.callTool({ name: 'echo', arguments: { message: 'sealed' } });
  } finally {
    await client.close();
  }
  return recorder.messages.filter((m) => m.method === 'tools/call').at(-1)?.headers?.['x-upstream-key'];
}

beforeAll(async () => {
  everything = await startEverything('streamableHttp');
  recorder = await startRecordingProxy(everything.url);
  gateway = await GatewayProcess.start({ adminKey, env: { MCP_GATEWAY_VAULT_KEY: oldKey } });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await recorder?.close();
  await everything?.stop();
});

describe('sealed configuration across a key rotation', () => {
  it('keeps the upstream header working through a rotation and a reseal, never stored in the clear', async () => {
    const api = admin(() => gateway.url, adminKey);
    await api.registerServer('everything', recorder.url, 'streamable-http', {
      headers: { 'X-Upstream-Key': UPSTREAM_KEY },
    });
    const apiKey = await api.createApiKey('sealing', 'ada');
    expect(await headerSentOnCall(apiKey)).toBe(UPSTREAM_KEY);

    // the new key seals, the old one still opens
    await gateway.restart({ MCP_GATEWAY_VAULT_KEY: newKey, MCP_GATEWAY_VAULT_PREVIOUS_KEYS: oldKey });
    expect(await headerSentOnCall(apiKey)).toBe(UPSTREAM_KEY);
    const resealed = await api.request('POST', '/v1/sealing/reseal');
    expect(resealed.status, resealed.text).toBe(200);
    expect(resealed.body).toMatchObject({ sealed: 1, unopenable: [] });

    // the old key can go
    await gateway.restart({ MCP_GATEWAY_VAULT_KEY: newKey });
    expect(await headerSentOnCall(apiKey)).toBe(UPSTREAM_KEY);
    await gateway.stop();
    expect(await dataFolder()).not.toContain(UPSTREAM_KEY);

    // with another key it does not start: it would open none of the secrets, and seal what others cannot
    const calls = recorder.messages.length;
    const wrong = await run(process.execPath, [gatewayCli, '--port', '0', '--data-dir', gateway.dataDir!], {
      env: { MCP_GATEWAY_ADMIN_KEY: adminKey, MCP_GATEWAY_VAULT_KEY: oldKey },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'MCP_GATEWAY_VAULT_KEY opens none of the secrets the store holds: they were sealed with another key.',
    );
    expect(wrong.stdout).not.toContain('listening');
    expect(recorder.messages.length).toBe(calls);
    // without any key it does not start: it would write new secrets in the clear beside the sealed ones
    const keyless = await run(process.execPath, [gatewayCli, '--port', '0', '--data-dir', gateway.dataDir!], {
      env: { MCP_GATEWAY_ADMIN_KEY: adminKey },
    });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain('The store holds secrets sealed with a key: set MCP_GATEWAY_VAULT_KEY');
    expect(keyless.stdout).not.toContain('listening');
  });
});
