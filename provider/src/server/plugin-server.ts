/**
 * Serves the provider the way go-plugin hosts expect: gRPC on a unix socket with AutoMTLS, the
 * tfplugin6.Provider service, GRPCController (Shutdown), GRPCStdio and the health service, then prints
 * the handshake line. Nothing but that line ever goes to stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { generateServerCertificate, handshakeLine } from '../protocol/handshake.js';
import { loadProtocol } from '../protocol/proto.js';
import type { TerraformProvider } from './provider.js';

export interface PluginServerOptions {
  provider: TerraformProvider;
  env: NodeJS.ProcessEnv;
  /** Where the handshake line goes (stdout). */
  writeHandshake: (line: string) => void;
  log: (message: string) => void;
  onShutdown: () => void;
}

export interface RunningPlugin {
  address: string;
  stop: () => Promise<void>;
}

type UnaryHandler = (
  call: grpc.ServerUnaryCall<unknown, unknown>,
  callback: grpc.sendUnaryData<unknown>,
) => void;

export async function servePlugin(options: PluginServerOptions): Promise<RunningPlugin> {
  const { provider, env, log } = options;
  const services = loadProtocol();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 * 1024 * 1024 });
  const streams = new Set<grpc.ServerWritableStream<unknown, unknown>>();

  const unary =
    (name: string, handler: (request: never) => unknown): UnaryHandler =>
    (call, callback) => {
      const started = Date.now();
      Promise.resolve()
        .then(() => handler(call.request as never))
        .then(
          (response) => {
            log(`${name} ${Date.now() - started}ms`);
            callback(null, response);
          },
          (error: unknown) => {
            log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            callback({
              code: grpc.status.INTERNAL,
              details: error instanceof Error ? error.message : String(error),
            });
          },
        );
    };

  server.addService(services.provider.service, {
    GetMetadata: unary('GetMetadata', () => provider.getMetadata()),
    GetProviderSchema: unary('GetProviderSchema', () => provider.getProviderSchema()),
    ValidateProviderConfig: unary('ValidateProviderConfig', (r) => provider.validateProviderConfig(r)),
    ValidateResourceConfig: unary('ValidateResourceConfig', (r) => provider.validateResourceConfig(r)),
    ValidateDataResourceConfig: unary('ValidateDataResourceConfig', (r) =>
      provider.validateDataResourceConfig(r),
    ),
    UpgradeResourceState: unary('UpgradeResourceState', (r) => provider.upgradeResourceState(r)),
    ConfigureProvider: unary('ConfigureProvider', (r) => provider.configureProvider(r)),
    ReadResource: unary('ReadResource', (r) => provider.readResource(r)),
    PlanResourceChange: unary('PlanResourceChange', (r) => provider.planResourceChange(r)),
    ApplyResourceChange: unary('ApplyResourceChange', (r) => provider.applyResourceChange(r)),
    ImportResourceState: unary('ImportResourceState', (r) => provider.importResourceState(r)),
    ReadDataSource: unary('ReadDataSource', (r) => provider.readDataSource(r)),
    StopProvider: unary('StopProvider', () => provider.stopProvider()),
  });

  let shuttingDown = false;
  const shutdown = () => {
    if (shuttingDown) return;
    shuttingDown = true;
    setImmediate(options.onShutdown);
  };
  server.addService(services.controller.service, {
    Shutdown: ((_call, callback) => {
      log('Shutdown requested');
      callback(null, {});
      shutdown();
    }) satisfies UnaryHandler,
  });
  server.addService(services.stdio.service, {
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
      call.on('close', () => streams.delete(call));
    },
  });
  server.addService(services.health.service, {
    Check: ((call, callback) => {
      const service = (call.request as { service?: string }).service ?? '';
      if (service === '' || service === 'plugin') callback(null, { status: 'SERVING' });
      else callback(null, { status: 'SERVICE_UNKNOWN' });
    }) satisfies UnaryHandler,
    Watch: (call: grpc.ServerWritableStream<{ service?: string }, unknown>) => {
      const service = call.request.service ?? '';
      call.write({ status: service === '' || service === 'plugin' ? 'SERVING' : 'SERVICE_UNKNOWN' });
      streams.add(call as grpc.ServerWritableStream<unknown, unknown>);
      call.on('cancelled', () => streams.delete(call as grpc.ServerWritableStream<unknown, unknown>));
    },
  });

  const clientCert = env['PLUGIN_CLIENT_CERT'];
  let credentials: grpc.ServerCredentials;
  let handshakeCert = '';
  if (clientCert && clientCert.trim() !== '') {
    const certificate = await generateServerCertificate();
    handshakeCert = certificate.handshakeCert;
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ cert_chain: Buffer.from(certificate.certPem), private_key: Buffer.from(certificate.keyPem) }],
      true,
    );
  } else {
    log('PLUGIN_CLIENT_CERT not set: serving without TLS');
    credentials = grpc.ServerCredentials.createInsecure();
  }

  const directory = mkdtempSync(join(env['TMPDIR'] ?? tmpdir(), 'tfprov-mcpgw-'));
  const socket = join(directory, 'plugin.sock');
  await new Promise<void>((resolve, reject) => {
    server.bindAsync(`unix://${socket}`, credentials, (error) => (error ? reject(error) : resolve()));
  });
  options.writeHandshake(handshakeLine('unix', socket, handshakeCert));
  log(`serving on ${socket}`);

  return {
    address: socket,
    stop: async () => {
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
