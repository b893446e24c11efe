/** Loads the .proto definitions (from provider/proto in the source tree, or beside the bundle). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_FILES = ['tfplugin6.proto', 'plugin.proto', 'health.proto'];

export function protoDirectory(): string {
  const candidates = [
    process.env['MCPGATEWAY_PROVIDER_PROTO_DIR'],
    fileURLToPath(new URL('./proto/', import.meta.url)),
    fileURLToPath(new URL('../../proto/', import.meta.url)),
  ];
  for (const candidate of candidates) {
    if (candidate && existsSync(`${candidate}/tfplugin6.proto`)) return candidate;
  }
  throw new Error(
    `cannot find the provider's .proto files (looked in ${candidates.filter(Boolean).join(', ')})`,
  );
}

export interface ProtoServices {
  provider: grpc.ServiceClientConstructor;
  controller: grpc.ServiceClientConstructor;
  stdio: grpc.ServiceClientConstructor;
  health: grpc.ServiceClientConstructor;
}

export function loadProtocol(): ProtoServices {
  const definition = protoLoader.loadSync(PROTO_FILES, {
    includeDirs: [protoDirectory()],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: false,
  });
  const root = grpc.loadPackageDefinition(definition) as unknown as {
    tfplugin6: { Provider: grpc.ServiceClientConstructor };
    plugin: { GRPCController: grpc.ServiceClientConstructor; GRPCStdio: grpc.ServiceClientConstructor };
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  return {
    provider: root.tfplugin6.Provider,
    controller: root.plugin.GRPCController,
    stdio: root.plugin.GRPCStdio,
    health: root.grpc.health.v1.Health,
  };
}
