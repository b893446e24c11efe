/**
 * go-plugin's launch contract: the magic cookie, the negotiated protocol version, AutoMTLS certificates
 * and the one handshake line on stdout.
 */
import { X509Certificate } from 'node:crypto';
import * as selfsigned from 'selfsigned';

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 6;

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/** Whether the host offers protocol 6 (an absent list means the host did not say: assume yes). */
export function offersProtocol6(env: NodeJS.ProcessEnv): boolean {
  const offered = env['PLUGIN_PROTOCOL_VERSIONS'];
  if (!offered) return true;
  return offered
    .split(',')
    .map((v) => v.trim())
    .includes(String(APP_PROTOCOL_VERSION));
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
  /** Leaf DER, base64 without padding, as the handshake line carries it. */
  handshakeCert: string;
}

/** A self-signed server certificate for `localhost`, valid for a day. */
export async function generateServerCertificate(): Promise<ServerCertificate> {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 24 * 3600_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private, handshakeCert: derBase64NoPadding(pems.cert) };
}

export function derBase64NoPadding(certPem: string): string {
  return new X509Certificate(certPem).raw.toString('base64').replace(/=+$/, '');
}

/** The inverse, for clients: handshake certificate field → PEM. */
export function pemFromHandshakeCert(encoded: string): string {
  const der = Buffer.from(encoded, 'base64');
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

export function handshakeLine(network: 'unix' | 'tcp', address: string, cert: string): string {
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${network}|${address}|grpc|${cert}\n`;
}

export interface HandshakeInfo {
  core: number;
  app: number;
  network: string;
  address: string;
  protocol: string;
  cert: string;
}

export function parseHandshakeLine(line: string): HandshakeInfo {
  const parts = line.trim().split('|');
  if (parts.length < 5) throw new Error(`not a plugin handshake line: ${JSON.stringify(line)}`);
  const [core, app, network, address, protocol, cert] = parts;
  return {
    core: Number(core),
    app: Number(app),
    network: network ?? '',
    address: address ?? '',
    protocol: protocol ?? '',
    cert: cert ?? '',
  };
}
