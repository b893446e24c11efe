/**
 * Drives the built provider the way Terraform does: builds it, launches the executable with the magic
 * cookie and a fresh client certificate, reads the handshake line and talks gRPC over mutual TLS.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as selfsigned from 'selfsigned';
import { encodeMsgpack } from '../../provider/src/codec/msgpack.js';
import type { CtyType, Value } from '../../provider/src/codec/value.js';
import {
  type HandshakeInfo,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  parseHandshakeLine,
  pemFromHandshakeCert,
} from '../../provider/src/protocol/handshake.js';
import { loadProtocol } from '../../provider/src/protocol/proto.js';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** Builds the provider into a fresh folder; returns that folder (the dev_overrides directory). */
export function buildProvider(): string {
  const out = mkdtempSync(join(tmpdir(), 'mcpgw-provider-build-'));
  execFileSync(process.execPath, [join(repoRoot, 'provider/scripts/build.mjs'), '--out', out], {
    stdio: 'pipe',
  });
  return out;
}

export interface ClientCertificate {
  certPem: string;
  keyPem: string;
}

export async function clientCertificate(): Promise<ClientCertificate> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', clientAuth: true, serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}

export type Unary = (request: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface LaunchedProvider {
  child: ChildProcess;
  handshake: HandshakeInfo;
  stderr: () => string;
  /** Everything the provider wrote to stdout (must stay the handshake line alone). */
  stdout: () => string;
  exited: Promise<number | null>;
  provider: Record<string, Unary>;
  health: Record<string, Unary>;
  controller: Record<string, Unary>;
  stdio: grpc.Client;
  channelCredentials: grpc.ChannelCredentials;
  close: () => void;
}

const services = loadProtocol();

export async function launchProvider(
  executable: string,
  options: { env?: Record<string, string>; client?: ClientCertificate } = {},
): Promise<LaunchedProvider> {
  const client = options.client ?? (await clientCertificate());
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '6,5',
    PLUGIN_CLIENT_CERT: client.certPem,
    ...options.env,
  };
  const child = spawn(executable, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no handshake within 15s; stderr: ${stderr}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`provider exited (${code}) before the handshake; stderr: ${stderr}`));
    });
  });
  const handshake = parseHandshakeLine(line);
  const channelCredentials = grpc.credentials.createSsl(
    Buffer.from(pemFromHandshakeCert(handshake.cert)),
    Buffer.from(client.keyPem),
    Buffer.from(client.certPem),
  );
  const target = `unix://${handshake.address}`;
  const channelOptions = {
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.default_authority': 'localhost',
  };
  const providerClient = new services.provider(target, channelCredentials, channelOptions);
  const healthClient = new services.health(target, channelCredentials, channelOptions);
  const controllerClient = new services.controller(target, channelCredentials, channelOptions);
  const stdio = new services.stdio(target, channelCredentials, channelOptions);
  return {
    child,
    handshake,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    provider: promisify(providerClient),
    health: promisify(healthClient),
    controller: promisify(controllerClient),
    stdio,
    channelCredentials,
    close: () => {
      providerClient.close();
      healthClient.close();
      controllerClient.close();
      stdio.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function promisify(client: grpc.Client): Record<string, Unary> {
  return new Proxy({} as Record<string, Unary>, {
    get: (_target, method: string) => (request: Record<string, unknown>) =>
      new Promise((resolve, reject) => {
        const fn = (client as unknown as Record<string, (...args: unknown[]) => void>)[method];
        if (!fn) return reject(new Error(`no method ${method}`));
        fn.call(
          client,
          request,
          { deadline: Date.now() + 20_000 },
          (error: Error | null, response: Record<string, unknown>) =>
            error ? reject(error) : resolve(response),
        );
      }),
  });
}

export function dynamic(value: Value, type: CtyType): { msgpack: Buffer } {
  return { msgpack: Buffer.from(encodeMsgpack(value, type)) };
}
