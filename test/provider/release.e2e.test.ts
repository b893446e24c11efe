/**
 * The provider as users install it: `npm run release` builds zips per platform, `SHA256SUMS` and a provider
 * mirror; the real terraform installs the provider from that mirror served over HTTPS (the network mirror
 * protocol) and from the same folder as a filesystem mirror, checks the archive's hash against the lock
 * file, and applies a configuration with it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateServerCertificate } from '../../provider/src/protocol/handshake.js';
import { PROVIDER_VERSION } from '../../provider/src/version.js';
import { admin } from '../support/gateway-api.js';
import { GatewayProcess, repoRoot, run, stopAll } from '../support/processes.js';
import { readZip } from '../support/zip.js';
import {
  mirrorConfig,
  PROVIDER_ADDRESS,
  removeWorkspaces,
  terraformForTests,
  terraformWorkspace,
} from './terraform-cli.js';

const terraform = terraformForTests('the provider release tests');
const ADMIN_KEY = 'release-admin-key-0123456789abcdefghij';
const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'];
const zipName = (platform: string) => `terraform-provider-mcpgateway_${PROVIDER_VERSION}_${platform}.zip`;

let out: string;
let gateway: GatewayProcess;
let mirrorServer: Server;
let mirrorUrl: string;
let certFile: string;
const served: string[] = [];
/** When set, the mirror serves archives with one byte changed. */
let tampered = false;
/** The h1 hash the lock file recorded for the installed package. */
let installedHash: string | undefined;

const networkMirrorConfig = () => `provider_installation {
  network_mirror {
    url     = "${mirrorUrl}"
    include = ["${PROVIDER_ADDRESS}"]
  }
  direct {
    exclude = ["${PROVIDER_ADDRESS}"]
  }
}
`;

async function release(into: string): Promise<string> {
  // the npm packages are packed (and proven) by test/packaging: one packing at a time
  const result = await run(
    process.execPath,
    [join(repoRoot, 'provider/scripts/release.mjs'), '--out', into, '--skip-npm'],
    {
      timeoutMs: 120_000,
    },
  );
  if (result.code !== 0) throw new Error(`release failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

const configFor = (endpoint: string) => `
terraform {
  required_providers {
    mcpgateway = {
      source  = "mcp-gateway/mcpgateway"
      version = "${PROVIDER_VERSION}"
    }
  }
}
provider "mcpgateway" {
  endpoint = "${endpoint}"
}
resource "mcpgateway_server" "released" {
  name = "released"
  url  = "http://127.0.0.1:3001/mcp"
}
`;

describe.skipIf(!terraform.available)('the released provider (real terraform)', () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'mcpgw-release-test-'));
    const log = await release(out);
    expect(log).toContain(`release: version ${PROVIDER_VERSION}`);
    gateway = await GatewayProcess.start({ adminKey: ADMIN_KEY, memory: true });
    // the mirror folder served over HTTPS, as a network mirror must be
    const certificate = await generateServerCertificate();
    certFile = join(out, 'mirror-ca.pem');
    writeFileSync(certFile, certificate.certPem);
    const root = join(out, 'mirror');
    mirrorServer = createServer(
      { cert: certificate.certPem, key: certificate.keyPem },
      (request, response) => {
        const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'https://mirror').pathname));
        served.push(path);
        try {
          const body = readFileSync(join(root, path));
          if (tampered && path.endsWith('.zip'))
            body.writeUInt8(body.readUInt8(body.length - 30) ^ 0xff, body.length - 30);
          response.writeHead(200, {
            'content-type': path.endsWith('.json') ? 'application/json' : 'application/zip',
          });
          response.end(body);
        } catch {
          response.writeHead(404).end();
        }
      },
    );
    await new Promise<void>((resolve) => mirrorServer.listen(0, '127.0.0.1', resolve));
    mirrorUrl = `https://127.0.0.1:${(mirrorServer.address() as AddressInfo).port}/`;
  }, 180_000);

  afterAll(async () => {
    await new Promise((resolve) => mirrorServer?.close(resolve));
    await gateway?.close();
    await stopAll();
    removeWorkspaces();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('builds a zip per platform with SHA256SUMS, the same bytes on every run', async () => {
    const sums = readFileSync(
      join(out, `terraform-provider-mcpgateway_${PROVIDER_VERSION}_SHA256SUMS`),
      'utf8',
    );
    for (const platform of PLATFORMS) {
      const archive = readFileSync(join(out, zipName(platform)));
      expect(sums).toContain(`${createHash('sha256').update(archive).digest('hex')}  ${zipName(platform)}`);
      const entries = readZip(archive);
      const launcher = entries.get(`terraform-provider-mcpgateway_v${PROVIDER_VERSION}`);
      expect(launcher?.mode).toBe(0o755);
      expect([...entries.keys()]).toEqual(
        expect.arrayContaining(['provider.cjs', 'CHANGELOG.md', 'docs/index.md', 'docs/resources/server.md']),
      );
      // a portable launcher and provider: no path of the machine that built them
      for (const file of [launcher!, entries.get('provider.cjs')!])
        expect(file.data.includes(Buffer.from(repoRoot))).toBe(false);
    }
    expect(
      JSON.parse(
        readFileSync(join(out, `terraform-provider-mcpgateway_${PROVIDER_VERSION}_manifest.json`), 'utf8'),
      ),
    ).toEqual({
      version: 1,
      metadata: { protocol_versions: ['6.0'] },
    });
    const again = mkdtempSync(join(tmpdir(), 'mcpgw-release-again-'));
    try {
      await release(again);
      expect(
        readFileSync(join(again, `terraform-provider-mcpgateway_${PROVIDER_VERSION}_SHA256SUMS`), 'utf8'),
      ).toBe(sums);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('installs from the network mirror over HTTPS, checks the archive against its hash, and applies', async () => {
    // an archive that is not the one the mirror's hashes name is refused
    tampered = true;
    const refused = terraformWorkspace(networkMirrorConfig(), { SSL_CERT_FILE: certFile });
    refused.write('main.tf', configFor(gateway.url));
    const failed = await refused.tf('init', '-no-color');
    tampered = false;
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/checksum|does not match/i);

    const ws = terraformWorkspace(networkMirrorConfig(), {
      SSL_CERT_FILE: certFile,
      MCPGATEWAY_API_KEY: ADMIN_KEY,
      MCPGATEWAY_ENDPOINT: '',
    });
    ws.write('main.tf', configFor(gateway.url));
    const init = await ws.ok('init', '-no-color');
    expect(init).toContain(`Installing mcp-gateway/mcpgateway v${PROVIDER_VERSION}`);
    expect(served).toEqual(
      expect.arrayContaining([
        '/registry.terraform.io/mcp-gateway/mcpgateway/index.json',
        `/registry.terraform.io/mcp-gateway/mcpgateway/${PROVIDER_VERSION}.json`,
        `/registry.terraform.io/mcp-gateway/mcpgateway/${zipName('linux_amd64')}`,
      ]),
    );
    installedHash = /"(h1:[A-Za-z0-9+/=]+)"/.exec(
      readFileSync(join(ws.dir, '.terraform.lock.hcl'), 'utf8'),
    )?.[1];
    expect(installedHash).toBeDefined();
    await ws.ok('apply', '-auto-approve', '-no-color');
    const api = admin(() => gateway.url, ADMIN_KEY);
    expect(
      ((await api.request('GET', '/v1/servers?name=released')).body as { items: unknown[] }).items,
    ).toHaveLength(1);
    await ws.ok('destroy', '-auto-approve', '-no-color');
  });

  it('installs from the same folder as a filesystem mirror (packed layout)', async () => {
    const ws = terraformWorkspace(mirrorConfig(join(out, 'mirror')), {
      MCPGATEWAY_API_KEY: ADMIN_KEY,
      MCPGATEWAY_ENDPOINT: '',
    });
    ws.write('main.tf', configFor(gateway.url));
    const init = await ws.ok('init', '-no-color');
    expect(init).toContain(`Installing mcp-gateway/mcpgateway v${PROVIDER_VERSION}`);
    // the same package as the network mirror's
    expect(readFileSync(join(ws.dir, '.terraform.lock.hcl'), 'utf8')).toContain(`"${installedHash}"`);
    // the provider starts from the unpacked archive: a plan against the gateway works
    expect((await ws.tf('plan', '-no-color')).code).toBe(0);
  });
});
